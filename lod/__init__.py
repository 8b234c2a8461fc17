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

__version__ = "0.1.0"

#: The parser's entry points, imported when first asked for (PEP 562): ``lod serve`` and its query workers import
#: ``lod`` too, and the parser's modules cost them ≈0.25 s of start-up each for functions they never call.
_READ = ("parse_file", "parse_file_documents", "parse_resolution", "read_source")


def __getattr__(name: str) -> object:
    if name in _READ:
        from lod.read import parse_file, parse_file_documents, parse_resolution, read_source

        found = {"parse_file": parse_file, "parse_file_documents": parse_file_documents,
                 "parse_resolution": parse_resolution, "read_source": read_source}
        globals().update(found)
        return found[name]
    raise AttributeError(f"module 'lod' has no attribute {name!r}")

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
