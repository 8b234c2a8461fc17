"""The worked examples in the docstrings of the build modules run (docs that run)."""

from __future__ import annotations

import pytest

from doctesting import run_doctests

MODULES = ["lod.build", "lod.check", "lod.dataset", "lod.dump", "lod.graph", "lod.identifiers", "lod.native", "lod.ontodoc", "lod.process",
           "lod.resources", "lod.serialize", "lod.shacl", "lod.terms", "lod.validation", "lod.vocab", "lod.vocabgen"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = run_doctests(name)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no worked example"
