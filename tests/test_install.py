"""``lod`` installs like any Python tool: a wheel built from a clean copy of the sources, installed into
a fresh virtual environment outside the checkout, builds and parses with nothing from the checkout;
``lod build`` shows progress on a terminal only; ``lod serve`` says where it listens and logs requests
when asked."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import site
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What a source distribution of lod holds (MANIFEST.in, pyproject.toml): nothing else may be needed.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "build_backend", "lod", "ontology", "shapes",
           "schemas")


def _clean_copy(dest: Path) -> Path:
    """The package's sources only, as a fresh clone has them (no build products, no binaries)."""
    dest.mkdir(parents=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def _setuptools_builds_wheels() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return tuple(int(x) for x in setuptools.__version__.split(".")[:2]) >= (70, 1)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the checkout with lod installed from a freshly built wheel; the dependencies come
    from this environment's site-packages (named in a .pth file), so the test needs no network."""
    work = tmp_path_factory.mktemp("wheel")
    src = _clean_copy(work / "src")
    dist = work / "dist"
    env = {k: v for k, v in os.environ.items() if k not in ("LOD_COMPILE", "PYTHONPATH")}
    # offline with the test extra's setuptools (≥ 70.1 builds wheels itself); else pip's isolated build
    isolation = ["--no-build-isolation"] if _setuptools_builds_wheels() else []
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w",
                           str(dist), str(src)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (wheel,) = dist.glob("lod-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in ("lod/data/ontology/lod.ttl", "lod/data/ontology/index.html", "lod/data/shapes/lod.ttl",
                     "lod/data/schemas/parse.schema.json", "lod/data/gazetteer.ttl", "lod/serve/static/query.js",
                     "lod/read/structure.py", "lod/py.typed"):
        assert packaged in names, f"{packaged} is not in the wheel"
    assert not [n for n in names if n.endswith((".so", ".pyd"))], "the default wheel is pure Python"

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           "-q", str(wheel)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    # the dependencies (rdflib, pyoxigraph…) from this environment; lines of a .pth file are added
    # after the venv's own site-packages, and .pth files inside them are not run (no editable lod)
    (purelib / "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return venv


def _run_outside(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LOD_PURE_PYTHON")}
    return subprocess.run([str(venv / "bin" / "lod"), *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


def test_the_wheel_installs_into_a_fresh_venv_and_builds_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import lod; print(lod.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed), f"lod imported from {where}, not from the venv"

    seed = tmp_path / "seed.txt"
    shutil.copy2(ROOT / "examples" / next(p.name for p in (ROOT / "examples").glob("*.txt")), seed)
    parsed = _run_outside(installed, "parse", str(seed), cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    assert "CTOC/COP/2020/L.6/Rev.1 [fr]" in parsed.stdout

    built = _run_outside(installed, "build", str(seed), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "1 published" in built.stdout or "published (0 from cache)" in built.stdout, built.stdout
    site_dir = tmp_path / "site"
    # the ontology and shapes come from inside the installed package, byte for byte the repository's
    assert (site_dir / "ontology" / "lod.ttl").read_bytes() == (ROOT / "ontology" / "lod.ttl").read_bytes()
    assert (site_dir / "shapes" / "lod.ttl").read_bytes() == (ROOT / "shapes" / "lod.ttl").read_bytes()
    assert any((site_dir / "graphs").glob("*.nq.gz"))
    assert "\r" not in built.stderr and "ETA" not in built.stderr  # no progress line in a pipe


def _read_pty(fd: int, proc: subprocess.Popen[bytes], limit: float) -> bytes:
    out = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    return out


def test_build_shows_progress_on_a_terminal_and_nothing_in_a_pipe(tmp_path: Path) -> None:
    sources = [str(ROOT / "examples"), str(ROOT.parent / "shared" / "corpus" / "texts")]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "lod", "build", *sources, "--out", str(tmp_path / "tty"),
                             "--no-store", "-j", "1"], stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT, env=env)
    os.close(slave)
    shown = _read_pty(master, proc, 300).decode("utf-8", "replace")
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, shown[-2000:]
    lines = re.findall(r"\r\s*(\d+)/(\d+) sources · ([\d,]+)/s · ETA (\d+:\d\d|\?)", shown)
    assert lines, shown[:2000]
    totals = {int(t) for _, t, _, _ in lines}
    assert len(totals) == 1 and totals.pop() >= 40
    assert int(lines[-1][0]) == int(lines[-1][1])  # it ends at total/total

    piped = subprocess.run([sys.executable, "-m", "lod", "build", *sources, "--out", str(tmp_path / "pipe"),
                            "--no-store", "-j", "1"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "ETA" not in piped.stderr and "\r" not in piped.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_says_where_it_listens_warns_of_another_base_and_logs_requests_when_asked(tmp_path: Path) -> None:
    import httpx

    site_dir = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "lod", "build", str(ROOT / "examples"), "--out", str(site_dir)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(site_dir), "--port", str(port), "--access-log",
                             "--base", f"http://127.0.0.1:{port}/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        assert proc.stderr is not None and proc.stdout is not None
        warning = proc.stderr.readline().decode()  # built for the default base, served on another
        assert warning.startswith("lod serve: this dataset was built for http://localhost:8000/ but is served as "
                                  f"http://127.0.0.1:{port}/"), warning
        line = proc.stderr.readline().decode()
        assert line.strip() == f"lod serve: {site_dir} on http://127.0.0.1:{port}/ (Ctrl-C stops it)", line
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        log = proc.stdout.readline().decode()
        assert '"GET /healthz HTTP/1.1" 200' in log, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _sh_blocks(markdown: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", markdown, flags=re.S)]


def test_ci_runs_exactly_the_readme_test_command_and_the_quick_start_uses_a_venv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start, tests = _sh_blocks(readme.split("## Quick start", 1)[1].split("\n## ", 1)[0])
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith(("#", " ")) and not line.startswith(("set ", "cd ", "export ", "if ", "fi"))]
    assert ci_lines[-1] == tests, ".ci/run must end with the README's test command"
    # Debian 12's system Python refuses `pip install` outside a virtual environment
    for command in (quick_start, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install"), command
    assert "lod build examples --out site" in quick_start and "lod serve site" in quick_start
