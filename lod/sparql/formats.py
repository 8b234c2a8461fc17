"""The table of formats ``lod`` reads and writes: one row per format.

A :class:`Format` names a serialisation once (name, media types, file
extension, pyoxigraph format) so that content negotiation, dumps and the
SPARQL endpoint agree. Built-in rows live in :data:`FORMATS`; lookups go
through the classmethods.

>>> Format.from_extension("ttl").name
'turtle'
>>> Format.from_media_type("application/ld+json; charset=utf-8").extension
'jsonld'
>>> [f.name for f in RDF_FORMATS]
['turtle', 'jsonld', 'ntriples', 'rdfxml', 'nquads', 'trig']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pyoxigraph import QueryResultsFormat, RdfFormat

__all__ = [
    "FORMATS",
    "HTML",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "Format",
    "Kind",
]


class Kind(str, Enum):
    """What a format can carry."""

    RDF = "rdf"  # triples (a graph)
    RESULTS = "results"  # SPARQL SELECT/ASK results
    PAGE = "page"  # a page for people


@dataclass(frozen=True)
class Format:
    """One serialisation: its name, media types (preferred first) and extension."""

    name: str
    media_types: tuple[str, ...]
    extension: str
    kind: Kind
    rdf: RdfFormat | None = None
    results: QueryResultsFormat | None = None
    quads: bool = False

    @property
    def media_type(self) -> str:
        """The preferred media type, used in ``Content-Type``."""
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """``Content-Type`` header value (with ``charset`` for text formats)."""
        # charset only on text/*: the application/* RDF and results types are UTF-8 by
        # definition, and pyld compares "application/ld+json" literally.
        mt = self.media_type
        return f"{mt}; charset=utf-8" if mt.startswith("text/") else mt

    @classmethod
    def from_media_type(cls, media_type: str) -> Format:
        """The format whose media types include ``media_type`` (parameters ignored).

        Raises:
            KeyError: no format has that media type.
        """
        mt = media_type.split(";", 1)[0].strip().lower()
        for f in FORMATS:
            if mt in f.media_types:
                return f
        raise KeyError(f"no format for media type {media_type!r}; expected one of {_all_media_types()}")

    @classmethod
    def from_name(cls, name: str) -> Format:
        """The format called ``name`` (``turtle``, ``json``…; see :data:`FORMATS`).

        Raises:
            KeyError: no format has that name.
        """
        for f in FORMATS:
            if f.name == name:
                return f
        raise KeyError(f"no format named {name!r}; expected one of {[f.name for f in FORMATS]}")

    @classmethod
    def from_extension(cls, extension: str) -> Format:
        """The format for a file extension or ``?format=`` value (``ttl``, ``jsonld``, ``html``…).

        Raises:
            KeyError: no format has that extension or name.
        """
        ext = extension.lower().lstrip(".")
        for f in FORMATS:
            if ext in (f.extension, f.name) or ext in _ALIASES.get(f.name, ()):
                return f
        raise KeyError(f"no format for extension {extension!r}; expected one of {[f.extension for f in FORMATS]}")


def _all_media_types() -> list[str]:
    return [mt for f in FORMATS for mt in f.media_types]


_ALIASES: dict[str, tuple[str, ...]] = {
    "jsonld": ("json-ld",),
    "ntriples": ("n-triples",),
    "nquads": ("n-quads",),
    "rdfxml": ("rdf", "xml", "owl"),
    "html": ("htm",),
    "json": ("srj",),
    "xml": ("srx",),
}

HTML = Format("html", ("text/html", "application/xhtml+xml"), "html", Kind.PAGE)

RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", ("text/turtle", "application/x-turtle"), "ttl", Kind.RDF, rdf=RdfFormat.TURTLE),
    Format("jsonld", ("application/ld+json",), "jsonld", Kind.RDF, rdf=RdfFormat.JSON_LD),
    Format("ntriples", ("application/n-triples", "text/plain"), "nt", Kind.RDF, rdf=RdfFormat.N_TRIPLES),
    Format("rdfxml", ("application/rdf+xml",), "rdf", Kind.RDF, rdf=RdfFormat.RDF_XML),
    Format("nquads", ("application/n-quads",), "nq", Kind.RDF, rdf=RdfFormat.N_QUADS, quads=True),
    Format("trig", ("application/trig",), "trig", Kind.RDF, rdf=RdfFormat.TRIG, quads=True),
)

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", ("application/sparql-results+json", "application/json"), "srj", Kind.RESULTS, results=QueryResultsFormat.JSON),
    Format("xml", ("application/sparql-results+xml", "application/xml"), "srx", Kind.RESULTS, results=QueryResultsFormat.XML),
    Format("csv", ("text/csv",), "csv", Kind.RESULTS, results=QueryResultsFormat.CSV),
    Format("tsv", ("text/tab-separated-values",), "tsv", Kind.RESULTS, results=QueryResultsFormat.TSV),
)

FORMATS: tuple[Format, ...] = (HTML, *RDF_FORMATS, *RESULT_FORMATS)
