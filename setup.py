"""Build hook: compile the hot modules listed in ``lod/native.py`` with mypyc.

Everything else about the package is in ``pyproject.toml``. ``LOD_PURE_PYTHON=1 pip install .``
builds without compiling; so does a machine without a C compiler (the extensions are optional and
``lod.native`` then runs every module from source).
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from setuptools import setup


def _compiled_modules() -> list[str]:
    """``lod.native.COMPILED``, read without importing lod (its dependencies are not installed yet)."""
    tree = ast.parse(Path("lod/native.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "COMPILED":
            return list(ast.literal_eval(node.value))
    raise SystemExit("setup.py: lod/native.py defines no COMPILED tuple")


def _ext_modules() -> list:
    if os.environ.get("LOD_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # a build without isolation, on a machine without mypy
        print("setup.py: mypyc is not installed: lod is installed as pure Python (pip install mypy==2.4.1 to compile)",
              file=sys.stderr)
        return []

    paths = [m.replace(".", "/") + ".py" for m in _compiled_modules()]
    # rdflib, pyoxigraph and isal are not installed in pip's isolated build environment: their
    # types are Any to the compiler, which costs nothing on our hot paths (they are rarely called there).
    exts = mypycify(["--ignore-missing-imports", "--follow-imports=silent", *paths], opt_level="3", group_name="lod")
    for ext in exts:
        ext.optional = True  # no compiler: a warning, and lod runs as pure Python
    return exts


setup(ext_modules=_ext_modules())
