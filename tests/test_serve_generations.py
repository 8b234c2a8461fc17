"""Serving while the dataset is rebuilt: ``lod serve DIR`` serves one complete build at a time. A build
publishes a new generation and moves DIR's link in one rename; the server notices, opens the new generation
whole, and switches every answer at once (manifest, pages, SPARQL on every worker, ETags); a server started
while a build runs serves the last complete one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
SECOND = SHARED / "corpus" / "texts" / "en__S_RES_2331_2016.pdftotext.txt"
COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e a <https://w3id.org/un-lod/ontology#Expression> } }"


def _build(src: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "lod", "build", str(src), "--out", str(out)], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(site: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(site), "--port", str(port), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(log, "wb"))  # noqa: SIM115
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(log.read_text(errors="replace")[-2000:])


def _documents(url: str) -> int:
    r = httpx.get(url + "sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"},
                  timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _manifest(url: str) -> tuple[int, str]:
    r = httpx.get(url + "manifest.json", timeout=30)
    assert r.status_code == 200
    return sum(1 for g in r.json()["graphs"] if g.get("kind", "document") == "document"), r.headers["etag"]


def _seed_site(tmp_path: Path) -> tuple[Path, Path]:
    """A source folder holding the seed, and its build: ``(src, site)``."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(SEED, src / SEED.name)
    site = tmp_path / "site"
    _build(src, site)
    return src, site


def test_a_rebuild_switches_the_server_to_the_new_build_whole(tmp_path: Path) -> None:
    src, site = _seed_site(tmp_path)
    assert site.is_symlink() and (site / "manifest.json").is_file()
    first_generation = os.path.realpath(site)
    proc, url = _serve(site, tmp_path / "serve.log")
    try:
        assert _documents(url) == 1 and _manifest(url)[0] == 1
        old_etag = _manifest(url)[1]
        shutil.copy2(SECOND, src / SECOND.name)
        _build(src, site)  # while the server runs
        assert os.path.realpath(site) != first_generation and Path(first_generation).is_dir()  # the previous one stays
        deadline = time.monotonic() + 60
        while _manifest(url)[0] != 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        documents, etag = _manifest(url)
        assert documents == 2 and etag != old_etag
        # every answer from the new build, whichever worker answers
        assert {_documents(url) for _ in range(8)} == {2}
        page = httpx.get(url + "akn/un/statement/deliberation/un-sc/2016-12-20/2331/eng@", headers={"Accept": "text/html"},
                         timeout=30)
        assert page.status_code == 200
        assert "now serving" in (tmp_path / "serve.log").read_text(errors="replace")
        _build(src, site)  # a third build: the first generation goes, the second stays for servers still on it
        assert not Path(first_generation).exists()
        assert len(list(tmp_path.glob(".site.gen-*"))) == 2
        time.sleep(2.5)
        assert {_documents(url) for _ in range(4)} == {2}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_server_started_during_a_build_serves_the_last_complete_one(tmp_path: Path) -> None:
    src, site = _seed_site(tmp_path)
    for f in sorted((SHARED / "corpus" / "texts").iterdir())[:12]:
        shutil.copy2(f, src / f.name)
    build = subprocess.Popen([sys.executable, "-m", "lod", "build", str(src), "--out", str(site), "-j", "1"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(0.3)
        proc, url = _serve(site, tmp_path / "serve.log")
        try:
            assert _documents(url) >= 1  # the previous complete build, or the new one if it already finished
            assert build.wait(timeout=600) == 0
            expected = json.loads((site / "manifest.json").read_text())["documents"]
            deadline = time.monotonic() + 60
            while _documents(url) != expected and time.monotonic() < deadline:
                time.sleep(0.3)
            assert {_documents(url) for _ in range(6)} == {expected}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
