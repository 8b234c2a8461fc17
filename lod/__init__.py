"""lod: publish United Nations resolutions as linked open data.

The core (parse → model → RDF → validate → dump) knows nothing of HTTP or the CLI.
"""

from lod.errors import (
    IdentifierError,
    LodError,
    NotAcceptable,
    NotFound,
    ParseError,
    PublishError,
    SourceError,
    ValidationFailed,
)
from lod.parse import parse_file, parse_resolution, read_source

__version__ = "0.1.0"

__all__ = [
    "IdentifierError",
    "LodError",
    "NotAcceptable",
    "NotFound",
    "ParseError",
    "PublishError",
    "SourceError",
    "ValidationFailed",
    "__version__",
    "parse_file",
    "parse_resolution",
    "read_source",
]
