"""The mypyc-compiled modules (lod.native): this install runs them, they publish exactly what the
Python source publishes, and a stale or partial build never runs (the source does, with a warning)."""

from __future__ import annotations

import ast
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lod
from lod import native

ROOT = Path(lod.__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PURE_REQUESTED = os.environ.get("LOD_PURE_PYTHON") == "1"


def _run(code: str, *, env: dict[str, str] | None = None, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "LOD_PURE_PYTHON"} | (env or {})
    if path is not None:
        full["PYTHONPATH"] = str(path)
    return subprocess.run([sys.executable, "-W", "always::RuntimeWarning", "-c", code], capture_output=True,
                          text=True, env=full, cwd=path or ROOT, timeout=120)


@pytest.mark.skipif(os.environ.get("LOD_COMPILE") != "1" or PURE_REQUESTED,
                    reason="the default install is pure Python; LOD_COMPILE=1 (at install and test) checks the compiled one")
def test_a_compiled_install_runs_the_compiled_modules() -> None:
    state = native.state()
    if state.cause == "stale":
        pytest.skip(f"a checkout edited since its install: {state.reason}")
    assert state.mode == "compiled", (
        f"lod's hot modules are not compiled here ({state.reason}); `LOD_COMPILE=1 pip install -e .` compiles them "
        "with mypyc (needs gcc and the Python headers)")
    import lod.rdf.nt
    import lod.read.structure

    assert not lod.rdf.nt.__file__.endswith(".py") and not lod.read.structure.__file__.endswith(".py")


def test_the_default_install_compiles_nothing() -> None:
    """setup.py compiles only when LOD_COMPILE=1 asks, and the build backend asks for mypy only then."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lod_build_backend", ROOT / "build_backend" / "backend.py")
    assert spec is not None and spec.loader is not None
    backend = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backend)
    env = {k: v for k, v in os.environ.items() if k not in ("LOD_COMPILE", "LOD_PURE_PYTHON")}
    old = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        assert not any(r.startswith("mypy") for r in backend.get_requires_for_build_wheel())
        os.environ["LOD_COMPILE"] = "1"
        assert backend.MYPY in backend.get_requires_for_build_editable()
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_depends_lists_every_uncompiled_lod_module_a_compiled_one_imports() -> None:
    imported = set()
    for name in native.COMPILED:
        tree = ast.parse(native.source_path(name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "lod":
                for a in node.names:  # ``from lod.rdf import nt`` imports the module lod.rdf.nt
                    sub = f"{node.module}.{a.name}"
                    imported.add(sub if native.source_path(sub).exists() else node.module)
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("lod.")}
    assert sorted(imported - set(native.COMPILED)) == sorted(native.DEPENDS)


def _normalised(out: Path) -> dict[str, str]:
    """Every published graph file, and the manifest's failures, with the build's timestamps blanked."""
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")
    # graphs/<slug>.nq.gz…: the texts inside (each file is stored compressed)
    files = {p.name.removesuffix(".gz"): stamp.sub("T", gzip.decompress(p.read_bytes()).decode("utf-8"))
             for p in sorted((out / "graphs").iterdir())}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files["failures"] = json.dumps(sorted((Path(f["source"]).name, f["reason"]) for f in manifest["failures"]))
    files["validation-report.ttl"] = stamp.sub("T", (out / "validation-report.ttl").read_text(encoding="utf-8"))
    return files


@pytest.mark.skipif(native.state().mode != "compiled", reason="needs the compiled modules to compare against")
def test_compiled_and_pure_python_publish_the_same_bytes(tmp_path: Path) -> None:
    sources = [ROOT / "examples", SHARED / "corpus" / "texts", SHARED / "seeds"]
    outs = {}
    for mode, env in (("compiled", {}), ("pure", {"LOD_PURE_PYTHON": "1"})):
        out = tmp_path / mode
        code = ("import sys, lod.native, lod.rdf.nt; from lod.cli import main; "
                f"print(lod.native.state().mode, lod.rdf.nt.__file__, file=sys.stderr); "
                f"main({[ 'build', *map(str, sources), '--out', str(out), '--no-store', '--no-cache', '-j', '2']!r})")
        proc = _run(code, env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stderr.startswith(mode), proc.stderr[:300]
        outs[mode] = _normalised(out)
    compiled, pure = outs["compiled"], outs["pure"]
    assert len([n for n in compiled if n.endswith(".nq")]) >= 35  # the seed once, the corpus texts, the actors
    assert compiled.keys() == pure.keys()
    different = [name for name in compiled if compiled[name] != pure[name]]
    assert different == [], f"compiled and pure builds differ in {different[:5]}"


def _copy_install(tmp_path: Path) -> Path:
    """A copy of this install (the package with its extension modules, and mypyc's shared library)."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "lod", root / "lod", ignore=shutil.ignore_patterns("__pycache__"))
    for lib in ROOT.glob(f"{native.GROUP}__mypyc*"):
        shutil.copy2(lib, root / lib.name)
    return root


_PROBE = "import lod.native, lod.rdf.nt, lod.rdf.serialize; print(lod.native.state().mode, lod.rdf.nt.__file__, lod.rdf.serialize.__file__)"


@pytest.mark.skipif(native.state().mode != "compiled", reason="needs a compiled install to copy")
@pytest.mark.parametrize("edited", ["lod.rdf.nt", "lod.errors"])  # a compiled module, a module they import
def test_a_source_edited_after_compiling_makes_every_compiled_module_load_from_source(
        tmp_path: Path, edited: str) -> None:
    site = _copy_install(tmp_path)
    fresh = _run(_PROBE, path=site)
    assert fresh.returncode == 0, fresh.stderr
    mode, nt_file, ser_file = fresh.stdout.split()
    assert mode == "compiled" and nt_file.endswith(".so") and ser_file.endswith(".so")

    edited_file = site.joinpath(*edited.split(".")).with_suffix(".py")
    edited_file.write_text(edited_file.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    later = edited_file.stat().st_mtime + 10
    os.utime(edited_file, (later, later))
    stale = _run(_PROBE + f"; import {edited}; print({edited}.EDITED)", path=site)
    assert stale.returncode == 0, stale.stderr
    mode, nt_file, ser_file, flag = stale.stdout.split()
    # all or nothing: serialize, not edited, also comes from source (it calls nt's functions)
    assert (mode, flag) == ("pure", "True") and nt_file.endswith("nt.py") and ser_file.endswith("serialize.py")
    assert f"{edited.replace('.', '/')}.py changed since the modules were compiled" in stale.stderr
    assert "pip install -e ." in stale.stderr


@pytest.mark.skipif(native.state().mode != "compiled", reason="needs a compiled install to copy")
def test_a_partial_build_runs_from_source_and_pure_python_can_be_forced(tmp_path: Path) -> None:
    site = _copy_install(tmp_path)
    forced = _run(_PROBE, path=site, env={"LOD_PURE_PYTHON": "1"})
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.split()[0] == "pure" and forced.stdout.split()[1].endswith("nt.py")
    assert "RuntimeWarning" not in forced.stderr  # asked for: no warning

    for binary in (site / "lod" / "validate").glob("shacl.*"):
        if binary.suffix != ".py":
            binary.unlink()
    partial = _run(_PROBE, path=site)
    assert partial.returncode == 0, partial.stderr
    assert partial.stdout.split()[0] == "pure" and partial.stdout.split()[2].endswith("serialize.py")
    assert "partial build: no compiled module for lod.validate.shacl" in partial.stderr


@pytest.mark.skipif(native.state().mode != "compiled", reason="needs a compiled install to copy")
def test_a_binary_left_by_an_older_build_is_never_loaded(tmp_path: Path) -> None:
    site = _copy_install(tmp_path)
    old_binary = next(p for p in (site / "lod").glob("eids.*") if p.suffix != ".py")
    shutil.copy2(old_binary, old_binary.with_name(old_binary.name.replace("eids", "retired", 1)))
    (site / "lod" / "retired.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    proc = _run("import lod.native, lod.retired, lod.rdf.nt; print(lod.native.state().mode, lod.retired.WHERE, lod.rdf.nt.__file__)",
                path=site)
    assert proc.returncode == 0, proc.stderr
    mode, where, nt_file = proc.stdout.split()
    assert (mode, where) == ("compiled", "source") and not nt_file.endswith(".py")
    assert "ignores binaries from an older build for lod.retired" in proc.stderr


def test_the_compiled_modules_type_check_as_mypyc_needs(tmp_path: Path) -> None:
    """CI installs pure Python, so nothing else sees an edit that mypyc would refuse (an Optional match
    used as a match once stopped ``LOD_COMPILE=1`` installs): the same check, with setup.py's flags."""
    paths = [m.replace(".", "/") + ".py" for m in native.COMPILED]
    r = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent",
                        "--cache-dir", str(tmp_path / "mypy"), *paths], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_lod_version_says_how_the_hot_modules_run() -> None:
    forced = _run("from lod.cli import main; main(['--version'], prog_name='lod')", env={"LOD_PURE_PYTHON": "1"})
    assert forced.stdout.strip() == f"lod {lod.__version__} (pure Python: LOD_PURE_PYTHON=1)", forced.stderr
    default = _run("from lod.cli import main; main(['--version'], prog_name='lod')")
    expected = "hot modules compiled with mypyc" if native.state().mode == "compiled" else "pure Python: "
    assert default.stdout.startswith(f"lod {lod.__version__} (") and expected in default.stdout, default.stderr
