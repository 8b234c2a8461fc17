"""Build hook: ship the ontology, shapes and JSON Schema inside the package, and compile on request.

Everything else about the package is in ``pyproject.toml``.

* Data: ``ontology/``, ``shapes/`` and ``schemas/`` stay where they are in the repository (the only
  copy in the sources); a wheel gets them as ``lod/data/{ontology,shapes,schemas}/`` (``lod.datafiles``
  looks there first, then beside the package in a checkout).
* Compiling: ``LOD_COMPILE=1 pip install .`` compiles the hot modules listed in ``lod/native.py``
  with mypyc (≈70–160 s on two cores, ≈10–20 % more documents/s; docs/build.md). The default
  install is pure Python. A machine without a C compiler gets pure Python with a warning (the
  extensions are optional, and ``lod.native`` then runs every module from source).
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: (repository folder, file pattern) → copied to ``lod/data/<folder>/`` in a built package.
DATA = (("ontology", "lod.ttl"), ("ontology", "index.html"), ("shapes", "lod.ttl"), ("schemas", "*.json"))


class BuildPyWithData(build_py):
    """``build_py``, then the repository's ontology, shapes and schemas into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        for folder, pattern in DATA:
            files = sorted(Path(folder).glob(pattern))
            if not files:
                raise SystemExit(f"setup.py: expected {folder}/{pattern} in the source tree, found nothing")
            target = Path(self.build_lib, "lod", "data", folder)
            target.mkdir(parents=True, exist_ok=True)
            for f in files:
                shutil.copy2(f, target / f.name)


def _compiled_modules() -> list[str]:
    """``lod.native.COMPILED``, read without importing lod (its dependencies are not installed yet)."""
    tree = ast.parse(Path("lod/native.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "COMPILED":
            return list(ast.literal_eval(node.value))
    raise SystemExit("setup.py: lod/native.py defines no COMPILED tuple")


def _ext_modules() -> list:
    if os.environ.get("LOD_COMPILE") != "1" or os.environ.get("LOD_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # --no-build-isolation on a machine without mypy
        print("setup.py: LOD_COMPILE=1 but mypyc is not installed: lod is installed as pure Python "
              "(pip install mypy==2.4.1, or build with isolation)", file=sys.stderr)
        return []

    paths = [m.replace(".", "/") + ".py" for m in _compiled_modules()]
    print(f"setup.py: compiling {len(paths)} modules with mypyc (≈70–160 s on two cores)", file=sys.stderr)
    # rdflib, pyoxigraph and isal are not installed in pip's isolated build environment: their
    # types are Any to the compiler, which costs nothing on our hot paths (they are rarely called there).
    exts = mypycify(["--ignore-missing-imports", "--follow-imports=silent", *paths], opt_level="3", group_name="lod")
    for ext in exts:
        ext.optional = True  # no compiler: a warning, and lod runs as pure Python
    return exts


setup(ext_modules=_ext_modules(), cmdclass={"build_py": BuildPyWithData})
