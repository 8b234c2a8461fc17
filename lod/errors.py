"""The one exception hierarchy of ``lod``.

Every error the library raises on purpose is a ``LodError``; the CLI catches
``LodError`` only, prints ``ErrorType: message`` and exits 1.

Our exception hierarchy::

    * LodError
      + SourceError          a file cannot be read as a resolution text
                             (missing, empty, binary, too large, undecodable)
      + ParseError           the text was read but is not a resolution we can
                             structure (no paragraphs, a letter, ...)
      + IdentifierError      (also ValueError) a symbol or IRI is malformed
      + ValidationFailed     a graph does not conform to the SHACL shapes
      + PublishError         writing, pushing or fetching a dataset failed
      + NotAcceptable        (web) no offered media type matches Accept
      + NotFound             (web) no such resource
      + QueryError           a SPARQL query could not be answered
        + QuerySyntaxError   not valid SPARQL (HTTP 400)
        + QueryRefused       update, SERVICE, LOAD or over a size limit (HTTP 403/413)
        + QueryTimeout       stopped at the time limit (HTTP 503)

Messages say what was expected and what was found; parse and source errors
carry the file, the 1-based line and the reason so a batch can report them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "IdentifierError",
    "LodError",
    "NotAcceptable",
    "NotFound",
    "ParseError",
    "PublishError",
    "QueryError",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "SourceError",
    "ValidationFailed",
]


class LodError(Exception):
    """Base class of every error raised on purpose by ``lod``."""


class _LocatedError(LodError):
    """An error tied to a place in an input file."""

    def __init__(
        self,
        reason: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        excerpt: str | None = None,
    ) -> None:
        self.reason = reason
        self.source = str(source) if source is not None else None
        self.line = line
        self.excerpt = excerpt
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source or "<text>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        message = f"{where}: {self.reason}"
        if self.excerpt:
            message += f" (found: {self.excerpt!r})"
        return message


class SourceError(_LocatedError):
    """The input cannot be read as text: missing, empty, binary, too large, undecodable."""


class ParseError(_LocatedError):
    """The text was read but could not be structured as a resolution."""


class IdentifierError(LodError, ValueError):
    """A document symbol, IRI or eId is malformed."""


class ValidationFailed(LodError):
    """A graph does not conform to the SHACL shapes; ``report`` holds the details."""

    def __init__(self, message: str, *, report: Any = None) -> None:
        self.report = report
        super().__init__(message)


class PublishError(LodError):
    """Writing, pushing or fetching a dataset failed."""


class NotAcceptable(LodError):
    """No offered media type matches the request's ``Accept`` header."""

    def __init__(self, message: str, *, offered: tuple[str, ...] = ()) -> None:
        self.offered = offered
        super().__init__(message)


class NotFound(LodError):
    """No resource with that IRI or path."""


class QueryError(LodError):
    """A SPARQL query could not be answered (base of the query errors below)."""


class QuerySyntaxError(QueryError):
    """The query is not valid SPARQL 1.1 (or not a query at all); HTTP 400."""


class QueryRefused(QueryError):
    """The query is valid but not allowed here (update, ``SERVICE``, too large); HTTP 403/413."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        self.status = status
        super().__init__(message)


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped; HTTP 503 with ``Retry-After``."""
