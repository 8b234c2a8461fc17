"""Docs that run: the examples in the parser's docstrings are tests."""

from __future__ import annotations

import pytest

from doctesting import run_doctests

MODULES = ["lod.eids", "lod.read.jsonout", "lod.read.header", "lod.read.languages", "lod.read.normalise",
           "lod.read.patterns", "lod.read.segment", "lod.read.source", "lod.read.structure"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = run_doctests(name)
    assert result.failed == 0


def test_public_api_is_sorted_and_importable() -> None:
    import lod

    assert lod.__all__ == sorted(lod.__all__)
    for name in lod.__all__:
        assert hasattr(lod, name), name
