"""A real built dataset and a real ``lod serve`` subprocess, for the server tests.

The dataset is a ``lod build`` of the seed (CTOC/COP/2020/L.6/Rev.1, French), S/RES/2331 (2016)
from the corpus, and a short A/RES/74/176 in English and French (tests/data/serve/) that cites it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
BASE = "https://data.example.org/"
A = BASE + "akn/un/statement/deliberation/"
WORK = A + "un-ga/2019-12-18/74-176"  # English and French (tests/data/serve/)
DRAFT = A + "un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1"  # the seed, French, no adoption date
SC = A + "un-sc/2016-12-20/2331"  # S/RES/2331 (2016), cited by A/RES/74/176
SOURCES = [
    SHARED / "seeds" / "000_332bb8f42190d6d7.txt",
    SHARED / "corpus" / "texts" / "en__S_RES_2331_2016.pdftotext.txt",
    REPO / "tests" / "data" / "serve" / "en__A_RES_74_176.txt",
    REPO / "tests" / "data" / "serve" / "fr__A_RES_74_176.txt",
]


def build_test_dataset(out: Path, base: str = BASE, sources: list[Path] | None = None) -> Path:
    """``lod build`` (the real command, in a subprocess) of the seed and a few texts into ``out``."""
    srcs = [p for p in (sources or SOURCES) if p.exists()]
    missing = [str(p) for p in (sources or SOURCES) if not p.exists()]
    if missing:
        raise FileNotFoundError(f"test sources missing (is ../shared beside the repo?): {missing}")
    result = subprocess.run([sys.executable, "-m", "lod", "build", *map(str, srcs), "--out", str(out), "--base", base, "--jobs", "2"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not (out / "manifest.json").exists():
        raise RuntimeError(f"lod build failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A real ``python -m lod serve`` subprocess on a free loopback port."""

    def __init__(self, dataset: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = dataset.parent / f"serve-{self.port}.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lod", "serve", str(dataset), "--host", "127.0.0.1", "--port", str(self.port), *extra],
            cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"lod serve exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"lod serve did not answer within 60 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def serve(dataset: Path, *extra: str) -> Iterator[Server]:
    server = Server(dataset, *extra)
    try:
        yield server
    finally:
        server.stop()


# --- pytest fixtures (import them into a test module to use them) ---------------------------
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built dataset (see module docstring) in a session temp dir."""
    return build_test_dataset(tmp_path_factory.mktemp("serve") / "dataset")


@pytest.fixture(scope="module")
def server(dataset_dir: Path) -> Iterator[Server]:
    """``lod serve`` on the dataset, with small limits so the limit tests are quick."""
    yield from serve(dataset_dir, "--timeout", "2", "--max-rows", "50", "--workers", "2")
