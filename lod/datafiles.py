"""Where the ontology, the SHACL shapes and the JSON Schema live.

In a checkout (and an editable install) they are the repository's ``ontology/``, ``shapes/`` and
``schemas/``, the only copy in the sources; a built package (wheel, ``pip install .``, ``pipx``)
carries them as ``lod/data/ontology/``, ``lod/data/shapes/`` and ``lod/data/schemas/``, copied there
by ``setup.py``. ``lod/vocab.py`` is generated from the ontology; ``lod build`` copies the ontology
and the shapes into every dataset it writes.

Example:
    >>> ontology_file().name, shapes_file().name, parse_schema_file().name
    ('lod.ttl', 'lod.ttl', 'parse.schema.json')
"""

from __future__ import annotations

from pathlib import Path

from lod.errors import LodError

__all__ = ["ontology_file", "ontology_html_file", "parse_schema_file", "shapes_file"]

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _find(*parts: str) -> Path:
    for root in (_PACKAGE_DATA, _CHECKOUT):
        path = root.joinpath(*parts)
        if path.is_file():
            return path
    raise LodError(f"expected {'/'.join(parts)} in the installed package ({_PACKAGE_DATA}) or in the checkout "
                   f"holding it ({_CHECKOUT}), found neither: reinstall lod (pip install .)")


def ontology_file() -> Path:
    """The ontology in Turtle: ``ontology/lod.ttl``."""
    return _find("ontology", "lod.ttl")


def ontology_html_file() -> Path:
    """The human-readable page generated from the ontology: ``ontology/index.html``."""
    return _find("ontology", "index.html")


def shapes_file() -> Path:
    """The SHACL shapes in Turtle: ``shapes/lod.ttl``."""
    return _find("shapes", "lod.ttl")


def parse_schema_file() -> Path:
    """The JSON Schema of ``lod parse --json``: ``schemas/parse.schema.json``."""
    return _find("schemas", "parse.schema.json")
