"""Shared fixtures: where the shared corpus and the seed are, relative to the repo (CI clones beside shared/)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
CORPUS = SHARED / "corpus" / "texts"
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"the shared seed is missing: expected {SEED}")
    return SEED


@pytest.fixture(scope="session")
def seed(seed_path: Path):  # type: ignore[no-untyped-def]
    from lod.read import parse_file

    return parse_file(seed_path)
