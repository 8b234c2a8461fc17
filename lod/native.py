"""Which modules are compiled to C (mypyc), and the guard that never lets a stale build run.

``LOD_COMPILE=1 pip install .`` (or ``-e .``) compiles the modules in ``COMPILED`` with mypyc
(``setup.py`` reads the list from here; the default install is pure Python): the parser, the citation and actor finders, the RDF mapping, the
SHACL engine and the writers: ≈19 % less CPU in those stages than the same code run by
CPython, 10–20 % more documents/s in whole builds (``docs/build.md``). The ``.py`` files stay the source of truth: the compiled modules are built
from them and behave the same (the tests run both).

Python imports an extension module in preference to the ``.py`` beside it, so an edited source
would silently lose to its stale binary in an editable install. ``install_guard`` (run by
``lod/__init__.py`` before any other ``lod`` module loads) therefore imports *every* compiled
module from its ``.py`` when

* ``LOD_PURE_PYTHON=1`` is set (it also overrides ``LOD_COMPILE=1`` at install), or
* the ``.py`` of a compiled module, or of a module in ``DEPENDS`` (the ones they import, whose
  signatures the binaries were compiled against), is newer than the oldest binary (edited or
  checked out since the build; a warning says to run ``LOD_COMPILE=1 pip install -e .`` again), or
* some binary is missing (a partial build).

All or nothing: compiled modules call each other's C functions directly, so one module from
source beside compiled ones would run two copies of it.

Stdlib only, and never compiled itself.

>>> state().mode in ("compiled", "pure")
True
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = ["COMPILED", "DEPENDS", "GROUP", "NativeState", "install_guard", "source_path", "state"]

#: Modules compiled by mypyc, in pipeline order. Not here: modules whose classes need instance
#: ``__dict__``s (``lod.read.languages``' cached properties, ``lod.rdf.terms``) and everything
#: off the per-document path (server, push, CLI).
COMPILED: tuple[str, ...] = (
    "lod.read.normalise",
    "lod.read.header",
    "lod.read.segment",
    "lod.read.numbering",
    "lod.read.repair",
    "lod.read.structure",
    "lod.read.compilation",
    "lod.model",
    "lod.enrich.symbols",
    "lod.identifiers",
    "lod.eids",
    "lod.enrich.citenumbers",
    "lod.enrich.citations",
    "lod.enrich.actors",
    "lod.rdf.nt",
    "lod.rdf.graph",
    "lod.validate.shacl",
    "lod.validate.validation",
    "lod.rdf.serialize",
)
#: The ``lod`` modules the compiled ones import (not compiled themselves): the binaries call them
#: with the argument and return types they had at compile time. ``tests/test_native.py`` checks
#: the list against the imports.
DEPENDS: tuple[str, ...] = (
    "lod.errors",
    "lod.enrich.gazetteer",
    "lod.read.languages",
    "lod.read.patterns",
    "lod.read.quoted",
    "lod.read.runon",
    "lod.read.sequence",
    "lod.read.source",
    "lod.datafiles",
    "lod.rdf.terms",
    "lod.vocab",
)
#: mypyc's shared library holding the compiled code of all of them (``lod__mypyc.*.so``).
GROUP = "lod"
#: A source this much newer than its binary counts as edited (a wheel unpacks both within a second).
_SLACK_SECONDS = 2.0

_ROOT = Path(__file__).resolve().parent.parent  # the directory holding the lod package


@dataclass(frozen=True)
class NativeState:
    """``mode`` is ``compiled`` or ``pure``. When pure, ``cause`` is ``requested`` (``LOD_PURE_PYTHON=1``),
    ``not compiled`` (no binaries), ``partial`` or ``stale`` (binaries there but not to be run: the
    last two warn), and ``reason`` says it in words."""

    mode: str
    cause: str = ""
    reason: str = ""


def source_path(name: str) -> Path:
    """The ``.py`` file of the ``lod`` module ``name`` (``lod.read.structure``)."""
    return _ROOT.joinpath(*name.split(".")).with_suffix(".py")


def _binary(name: str) -> Path | None:
    """The extension module built for ``name`` beside its source, if any."""
    stem = source_path(name).with_suffix("")
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = stem.with_name(stem.name + suffix)
        if candidate.exists():
            return candidate
    return None


def _decide(names: Sequence[str]) -> NativeState:
    if os.environ.get("LOD_PURE_PYTHON") == "1":
        return NativeState("pure", "requested", "LOD_PURE_PYTHON=1")
    binaries = {name: _binary(name) for name in names}
    if not any(binaries.values()):
        return NativeState("pure", "not compiled",
                           "not compiled (the default install; LOD_COMPILE=1 pip install . compiles the hot modules)")
    missing = [n for n, b in binaries.items() if b is None]
    if not any((_ROOT / f"{GROUP}__mypyc{x}").exists() for x in importlib.machinery.EXTENSION_SUFFIXES):
        missing.append(f"mypyc's shared library {GROUP}__mypyc")
    if missing:
        return NativeState("pure", "partial", f"partial build: no compiled module for {', '.join(missing)}")
    built = min(b.stat().st_mtime for b in binaries.values() if b is not None)
    stale = [n for n in (*names, *DEPENDS) if source_path(n).stat().st_mtime > built + _SLACK_SECONDS]
    if stale:
        return NativeState("pure", "stale", f"{', '.join(str(source_path(n).relative_to(_ROOT)) for n in stale)} "
                                            "changed since the modules were compiled: run `LOD_COMPILE=1 pip install -e .` again "
                                            "to recompile")
    return NativeState("compiled")


class _FromSource(importlib.abc.MetaPathFinder):
    """Loads the ``names`` from their ``.py`` files (ahead of the extension modules beside them)."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names or not source_path(fullname).exists():
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname))


def _orphans() -> list[str]:
    """Modules with a binary beside their source that ``COMPILED`` no longer lists (an older build's)."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-….so" before ".so"
    out = set()
    for ending in {"." + x.rsplit(".", 1)[1] for x in suffixes}:  # ".so" (".pyd" on Windows): not every data file
        for binary in (_ROOT / "lod").rglob("*" + ending):
            suffix = next(x for x in suffixes if binary.name.endswith(x))
            name = ".".join((*binary.relative_to(_ROOT).parts[:-1], binary.name[: -len(suffix)]))
            if name not in COMPILED:
                out.add(name)
    return sorted(out)


_STATE: NativeState | None = None


def install_guard() -> NativeState:
    """Decide once per process whether the compiled modules may run; if not, load them from source.

    Binaries of modules that ``COMPILED`` no longer lists are never loaded (a warning names them).
    """
    global _STATE
    if _STATE is None:
        _STATE = _decide(COMPILED)
        redirect = set(_orphans())
        if redirect:
            warnings.warn(f"lod ignores binaries from an older build for {', '.join(sorted(redirect))} (not compiled "
                          "any more): delete them", RuntimeWarning, stacklevel=2)
        if _STATE.mode == "pure" and _STATE.cause != "not compiled":  # binaries there: keep them from loading
            redirect |= set(COMPILED)
            if _STATE.cause in ("partial", "stale"):
                warnings.warn(f"lod runs as pure Python: {_STATE.reason}", RuntimeWarning, stacklevel=2)
        if redirect:
            sys.meta_path.insert(0, _FromSource(frozenset(redirect)))
    return _STATE


def state() -> NativeState:
    """How this process runs the ``COMPILED`` modules (decided once, by ``install_guard``)."""
    return install_guard()
