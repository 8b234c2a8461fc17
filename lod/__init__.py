"""lod: publish United Nations resolutions as linked open data.

The core (parse → model → RDF → validate → dump) knows nothing of HTTP or the CLI.
"""

from lod.native import install_guard as _install_guard

_install_guard()  # before any compiled module loads: a stale or partial build runs from source (lod.native)

from lod.errors import (  # noqa: E402
    IdentifierError,
    LodError,
    NotAcceptable,
    NotFound,
    ParseError,
    PublishError,
    SourceError,
    ValidationFailed,
)
from lod.read import parse_file, parse_file_documents, parse_resolution, read_source  # noqa: E402

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
    "parse_file_documents",
    "parse_resolution",
    "read_source",
]
