"""Step 1, read: a source (text or PDF) → ``Resolution``s of the document model.

Takes a file (``source``: bytes, encoding, PDF through ``read.pdf``) or a text; gives one
``lod.model.Resolution`` per document it holds (``compilation``: texts holding several, fragments
refused with their reason), each with its metadata (``header``), preamble, operative paragraphs,
points, sections, annexes and footnotes (``normalise`` → ``runon`` → ``header`` → ``segment`` → ``repair``
→ ``numbering`` → ``sequence`` → ``structure``) and the warnings of its self-checks. ``check`` is ``lod check`` (a health table over
a folder); ``jsonout`` the ``lod parse --json`` contract.

``parse_resolution(text)`` runs the stages in order; ``parse_file(path)`` reads the file first
(``read_source``) and records where the text came from; ``parse_file_documents(path)`` is what the
build uses.

Imports the core and ``lod.fetch.sidecar`` (catalogue metadata) only: never enrich, rdf,
validate, publish, sparql, serve or push.
"""

from __future__ import annotations

from pathlib import Path

from lod.errors import ParseError, SourceError
from lod.model import Resolution
from lod.read.compilation import ParsedFile, RefusedPart, parse_documents
from lod.read.source import Source, decode_bytes, read_source
from lod.read.structure import parse_resolution, parse_source

__all__ = ["ParsedFile", "RefusedPart", "Source", "decode_bytes", "parse_file", "parse_file_documents", "parse_resolution",
           "parse_source", "read_source"]


def parse_file(path: str | Path, *, language: str | None = None) -> Resolution:
    """Read and parse one file (text, PDF or Akoma Ntoso XML) as one document, whatever it holds.

    ``parse_file_documents`` is what publishing uses: it splits texts that hold several
    resolutions and refuses fragments.

    Raises:
        SourceError: the file cannot be read as text.
        ParseError: the text is not a resolution we can structure.
    """
    if _is_akn(path):
        return _read_akn_file(path)
    try:
        return parse_source(read_source(path), language=language)
    except ParseError as e:
        # report the path as the user gave it, not only the file name recorded as provenance
        raise ParseError(e.reason, source=path, line=e.line, excerpt=e.excerpt) from None


def parse_file_documents(path: str | Path, *, language: str | None = None) -> ParsedFile:
    """Read one file and return every whole resolution it holds, and the parts refused with their reason.

    A page of a printed volume may hold the end of one resolution, a whole second one and the
    start of a third; a web page may hold a fragment. Only whole resolutions are ``documents``
    (``lod.read.compilation``).

    Raises:
        SourceError: the file cannot be read as text.
        ParseError: the text holds no document we can structure.
    """
    if _is_akn(path):
        return ParsedFile(documents=(_read_akn_file(path),))
    try:
        return parse_documents(read_source(path), language=language)
    except ParseError as e:
        raise ParseError(e.reason, source=path, line=e.line, excerpt=e.excerpt) from None


def _is_akn(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".xml"


def _read_akn_file(path: str | Path) -> Resolution:
    """An Akoma Ntoso 3.0 file (``lod.read.akn``), read no further than its size limit."""
    from lod.read.akn import MAX_BYTES, read_akn

    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", source=path) from None
    return read_akn(data, str(path))
