"""Docs that run: the examples in the serving modules' docstrings are tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["lod.formats", "lod.negotiation", "lod.query", "lod.results", "lod.store", "lod.server.urls", "lod.server.catalogue", "lod.server.sparql"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
