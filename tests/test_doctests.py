"""Docs that run: the examples in every module's docstrings are tests."""

from __future__ import annotations

import pkgutil

import pytest

from doctesting import run_doctests


def _modules() -> list[str]:
    import lod

    return sorted(m.name for m in pkgutil.walk_packages(lod.__path__, "lod.") if not m.name.endswith("__main__"))


MODULES = _modules()
#: Modules whose docstrings must keep worked examples (the parser's stages, the build, the serving core).
WITH_EXAMPLES = {
    "lod.datafiles",
    "lod.eids",
    "lod.identifiers",
    "lod.native",
    "lod.publish.build",
    "lod.publish.dataset",
    "lod.publish.dump",
    "lod.publish.process",
    "lod.rdf.graph",
    "lod.rdf.ontodoc",
    "lod.rdf.serialize",
    "lod.rdf.terms",
    "lod.rdf.vocabgen",
    "lod.read.check",
    "lod.read.header",
    "lod.read.jsonout",
    "lod.read.languages",
    "lod.read.normalise",
    "lod.read.patterns",
    "lod.read.source",
    "lod.read.structure",
    "lod.serve.catalogue",
    "lod.serve.negotiation",
    "lod.serve.sparql",
    "lod.serve.urls",
    "lod.sparql.formats",
    "lod.sparql.query",
    "lod.sparql.results",
    "lod.sparql.store",
    "lod.validate.shacl",
    "lod.validate.validation",
    "lod.vocab",
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every module's examples run (from the source, for the compiled ones: tests/doctesting.py)."""
    result = run_doctests(name)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} has no worked example"


def test_the_examples_are_found() -> None:
    assert WITH_EXAMPLES <= set(MODULES)
    assert sum(run_doctests(name).attempted for name in ("lod.identifiers", "lod.read.normalise")) > 10


def test_public_api_is_sorted_and_importable() -> None:
    import lod

    assert lod.__all__ == sorted(lod.__all__)
    for name in lod.__all__:
        assert hasattr(lod, name), name
