"""The build backend: setuptools', asking for mypy only when ``LOD_COMPILE=1`` asks to compile.

A plain ``pip install .`` builds pure Python in seconds and downloads nothing beyond setuptools;
``LOD_COMPILE=1 pip install .`` also gets mypy (its mypyc compiles ``lod.native.COMPILED``, see
``setup.py``). pyproject.toml names this module with ``backend-path``.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 - the PEP 517/660 hooks we do not change

MYPY = "mypy==2.4.1"


def _extra() -> list[str]:
    return [MYPY] if os.environ.get("LOD_COMPILE") == "1" and os.environ.get("LOD_PURE_PYTHON") != "1" else []


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *_extra()]


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_editable(config_settings), *_extra()]
