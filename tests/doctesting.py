"""Run a module's docstring examples from its source, compiled or not.

The modules in ``lod.native.COMPILED`` may be loaded as mypyc extension modules, whose functions
doctest cannot see. Their examples document the source, so they run against a fresh module
executed from the ``.py`` (registered under its own name only while its examples run, then the
loaded module is put back): the docs are checked, and the compiled code is what every other
test exercises.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import sys

from lod.native import COMPILED, source_path


def run_doctests(name: str) -> doctest.TestResults:
    module = importlib.import_module(name)
    if name not in COMPILED or str(getattr(module, "__file__", "")).endswith(".py"):
        return doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    spec = importlib.util.spec_from_file_location(name, source_path(name))
    assert spec is not None and spec.loader is not None
    from_source = importlib.util.module_from_spec(spec)
    sys.modules[name] = from_source  # dataclasses and doctest's finder look the module up by name
    try:
        spec.loader.exec_module(from_source)
        return doctest.testmod(from_source, optionflags=doctest.ELLIPSIS)
    finally:
        sys.modules[name] = module
