"""Where the ontology and the SHACL shapes live (repo-root ``ontology/`` and ``shapes/``).

The files are the single source of truth; ``vocab.py`` is generated from the
ontology, ``lod build`` copies both into every dataset it writes.

Example:
    >>> ontology_file().name, shapes_file().name
    ('lod.ttl', 'lod.ttl')
"""

from __future__ import annotations

from pathlib import Path

from lod.errors import LodError

__all__ = ["ontology_file", "ontology_html_file", "shapes_file"]

_ROOT = Path(__file__).resolve().parent.parent


def _find(*parts: str) -> Path:
    for root in (Path(__file__).resolve().parent / "data", _ROOT):
        path = root.joinpath(*parts)
        if path.is_file():
            return path
    raise LodError(f"expected {'/'.join(parts)} beside the lod package (in {_ROOT}), found nothing")


def ontology_file() -> Path:
    """The ontology in Turtle: ``ontology/lod.ttl``."""
    return _find("ontology", "lod.ttl")


def ontology_html_file() -> Path:
    """The human-readable page generated from the ontology: ``ontology/index.html``."""
    return _find("ontology", "index.html")


def shapes_file() -> Path:
    """The SHACL shapes in Turtle: ``shapes/lod.ttl``."""
    return _find("shapes", "lod.ttl")
