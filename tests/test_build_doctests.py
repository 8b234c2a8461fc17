"""The worked examples in the docstrings of the build modules run (docs that run)."""

from __future__ import annotations

import pytest

from doctesting import run_doctests

MODULES = ["lod.publish.build", "lod.read.check", "lod.publish.dataset", "lod.publish.dump", "lod.rdf.graph", "lod.identifiers", "lod.native", "lod.rdf.ontodoc", "lod.publish.process",
           "lod.datafiles", "lod.rdf.serialize", "lod.validate.shacl", "lod.rdf.terms", "lod.validate.validation", "lod.vocab", "lod.rdf.vocabgen"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = run_doctests(name)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no worked example"
