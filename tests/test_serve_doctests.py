"""Docs that run: the examples in the serving modules' docstrings are tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["lod.sparql.formats", "lod.serve.negotiation", "lod.sparql.query", "lod.sparql.results", "lod.sparql.store", "lod.serve.urls", "lod.serve.catalogue", "lod.serve.sparql"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
