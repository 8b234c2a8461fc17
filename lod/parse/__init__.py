"""Text → ``Resolution``: read, normalise, segment, structure.

``parse_resolution(text)`` runs the stages in order; ``parse_file(path)`` reads
the file first (``read_source``) and records where the text came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lod.errors import ParseError
from lod.model import Resolution
from lod.parse.source import Source, decode_bytes, read_source
from lod.parse.structure import parse_resolution, parse_source

__all__ = ["ParsedFile", "RefusedPart", "Source", "decode_bytes", "parse_file", "parse_file_documents", "parse_resolution",
           "parse_source", "read_source"]


@dataclass(frozen=True)
class RefusedPart:
    """A part of a text that holds (part of) a resolution we do not publish, and why.

    ``symbol`` is what the part names itself, when it does; ``line`` is 1-based in the source.
    """

    symbol: str | None
    line: int | None
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    """Everything one file holds: the complete documents, in order, and the parts left out.

    Most files hold one document. A page of a printed volume may hold the end of one resolution,
    a whole second one and the start of a third: the whole ones are ``documents``, the others
    ``refused`` with their reason.
    """

    documents: tuple[Resolution, ...]
    refused: tuple[RefusedPart, ...] = ()


def parse_file(path: str | Path, *, language: str | None = None) -> Resolution:
    """Read and parse one file (text or PDF).

    Raises:
        SourceError: the file cannot be read as text.
        ParseError: the text is not a resolution we can structure.
    """
    try:
        return parse_source(read_source(path), language=language)
    except ParseError as e:
        # report the path as the user gave it, not only the file name recorded as provenance
        raise ParseError(e.reason, source=path, line=e.line, excerpt=e.excerpt) from None


def parse_file_documents(path: str | Path, *, language: str | None = None) -> ParsedFile:
    """Read one file and return every complete document it holds, and the parts refused.

    Raises:
        SourceError: the file cannot be read as text.
        ParseError: the text holds no document we can structure.
    """
    return ParsedFile((parse_file(path, language=language),))
