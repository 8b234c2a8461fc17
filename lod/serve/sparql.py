"""The SPARQL 1.1 Protocol at ``/sparql``: read the request, check the query, answer it.

* Query by ``GET ?query=``, ``POST`` form (``application/x-www-form-urlencoded``)
  or ``POST`` direct (``application/sparql-query``, UTF-8); exactly one query.
* ``default-graph-uri`` / ``named-graph-uri`` set the dataset (else the
  default graph is the union of all named graphs).
* Updates (``update=``, ``application/sparql-update``, or update text) are
  refused with 403; ``SERVICE`` too, before anything is evaluated.
* A bare ``GET`` returns the service description (RDF) or, for a browser,
  the query page.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from urllib.parse import unquote_plus

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize
from starlette.requests import Request

from lod.errors import QueryRefused, QuerySyntaxError
from lod.sparql.formats import HTML, RDF_FORMATS, RESULT_FORMATS, Format
from lod.serve.negotiation import negotiate
from lod.sparql.query import MAX_DEPTH, PREFIXES, QueryRequest, precheck

__all__ = ["Limits", "ProtocolRequest", "parse_query_string", "read_protocol_request", "service_description"]


@dataclass(frozen=True)
class Limits:
    """Endpoint limits (``lod serve --timeout --max-rows --max-query-bytes --workers --page-citers``)."""

    timeout: float = 10.0
    max_rows: int = 10_000
    max_query_bytes: int = 100_000
    workers: int = 2
    max_answer_bytes: int = 16_000_000  # an answer is cut (and flagged truncated) past about this many bytes
    page_citers: int = 200  # citing passages a document page lists (--page-citers); it links the query for all

    def as_dict(self) -> dict[str, object]:
        return {"timeout (s)": self.timeout, "max rows": self.max_rows, "max query bytes": self.max_query_bytes,
                "max answer bytes": self.max_answer_bytes, "max nesting": MAX_DEPTH}


@dataclass(frozen=True)
class ProtocolRequest:
    """What a protocol request asks: a query (or none), its dataset, the format override."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    override: str | None
    client: str = ""  # the remote address: the pool's share per client


def parse_query_string(text: str) -> dict[str, list[str]]:
    """What ``urllib.parse.parse_qs(text, keep_blank_values=True)`` returns, 8× faster on a SPARQL query.

    A URL-encoded query has an escape every few characters, and urllib decodes them in
    Python (≈22 µs for a 300-character query; this takes ≈3 µs).

    >>> parse_query_string("query=SELECT+%3Fs+%7B%7D&format=json&x")
    {'query': ['SELECT ?s {}'], 'format': ['json'], 'x': ['']}
    """
    params: dict[str, list[str]] = {}
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            params.setdefault(_unquote_plus(name), []).append(_unquote_plus(value))
    return params


def _unquote_plus(text: str) -> str:
    if "%" not in text:
        return text.replace("+", " ")
    if text.isascii():
        # %XX as \xXX (the text's own backslashes doubled), decoded in C, then UTF-8 as urllib does
        escaped = text.replace("\\", "\\\\").replace("+", " ").replace("%", "\\x").encode("ascii")
        try:
            return codecs.escape_decode(escaped)[0].decode("utf-8", "replace")  # type: ignore[attr-defined,no-any-return]
        except ValueError:  # a % not followed by two hex digits: urllib keeps it as it is
            pass
    return unquote_plus(text)


def _one(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name, [])
    if len(found) > 1:
        raise QuerySyntaxError(f"expected exactly one '{name}' parameter, found {len(found)}")
    return found[0] if found else None


async def read_protocol_request(request: Request, limits: Limits) -> ProtocolRequest:
    """Read the query and dataset from a GET or POST (see module docstring).

    Raises:
        QuerySyntaxError: several queries, bad encoding, unsupported media type (400/415 via ``status``).
        QueryRefused: an update (403) or a body over the size limit (413).
    """
    params = parse_query_string(request.scope["query_string"].decode("latin-1"))  # latin-1: as Starlette's URL.query
    if "update" in params:
        raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
    if request.method == "POST":
        ctype = request.headers.get("content-type", "")
        mt, _, rest = ctype.partition(";")
        mt = mt.strip().lower()
        charset = ""
        for param in rest.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip('"').lower()
        limit = 3 * limits.max_query_bytes  # a form-encoded query is at most 3 bytes per byte of query
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            raise QueryRefused(f"request body is {length} bytes; queries are limited to {limits.max_query_bytes} bytes", status=413)
        if mt == "application/sparql-update":
            raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
        if charset and charset not in ("utf-8", "utf8"):
            raise UnsupportedMedia(f"charset {charset!r} is not supported: send the query in UTF-8")
        raw = await read_body(request, limit, limits.max_query_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QuerySyntaxError(f"request body is not UTF-8 ({exc})") from None
        if mt == "application/x-www-form-urlencoded":
            form = parse_query_string(text)
            if "update" in form:
                raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
            if "query" in params:
                raise QuerySyntaxError("the query must be in the form body, not also in the URL")
            query = _one(form, "query")
            if query is None:
                raise QuerySyntaxError("form POST without a 'query' field")
            merged = {**params, **{k: v for k, v in form.items() if k in ("default-graph-uri", "named-graph-uri")}}
            return ProtocolRequest(query, tuple(merged.get("default-graph-uri", [])), tuple(merged.get("named-graph-uri", [])),
                                   _one(form, "format") or _one(params, "format"), _client(request))
        if mt == "application/sparql-query":
            return ProtocolRequest(text, tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                                   _one(params, "format"), _client(request))
        raise UnsupportedMedia(
            f"POST with Content-Type {ctype or '(none)'!r}; expected application/x-www-form-urlencoded or application/sparql-query"
        )
    query = _one(params, "query")
    return ProtocolRequest(query, tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                           _one(params, "format") or _one(params, "output"), _client(request))


def _client(request: Request) -> str:
    client = request.scope.get("client")
    return str(client[0]) if client else ""


async def read_body(request: Request, limit: int, max_query_bytes: int) -> bytes:
    """The request body, read as it streams in and abandoned past ``limit`` bytes (chunked or not).

    Raises:
        QueryRefused: more than ``limit`` bytes (413), before the rest is read.
    """
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryRefused(f"request body is over {limit} bytes; queries are limited to {max_query_bytes} bytes", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


class UnsupportedMedia(QuerySyntaxError):
    """A POST body in a media type or charset the protocol does not allow (HTTP 415)."""


def plan_query(proto: ProtocolRequest, accept: str | None, limits: Limits, *, union_default: bool = False,
               base_iri: str | None = None) -> tuple[QueryRequest, Format]:
    """Check the query and choose its result format.

    Raises:
        QueryRefused, QuerySyntaxError: from :func:`lod.sparql.query.precheck` (the parse-based
            check runs where the query is evaluated: :func:`lod.sparql.query.execute`).
        NotAcceptable: no result format for this query form matches ``Accept``.
    """
    assert proto.query is not None
    form = precheck(proto.query, max_bytes=limits.max_query_bytes)
    offers = (*RESULT_FORMATS, HTML) if form in ("select", "ask") else (*RDF_FORMATS, HTML)
    fmt = negotiate(accept, offers, override=proto.override)
    data_fmt = fmt if fmt is not HTML else offers[0]
    request = QueryRequest(
        sparql=proto.query, form=form, fmt=data_fmt.name, max_rows=limits.max_rows,
        default_graphs=proto.default_graphs, named_graphs=proto.named_graphs, timeout=limits.timeout, union_default=union_default,
        base_iri=base_iri, max_answer_bytes=limits.max_answer_bytes, client=proto.client,
    )
    return request, fmt


SD = "http://www.w3.org/ns/sparql-service-description#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def service_description(endpoint: str, void: str, fmt: Format, limits: Limits) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, in ``fmt``, linked to the VoID description."""
    s = NamedNode(endpoint)
    ds = BlankNode()
    graph = BlankNode()
    t = [
        Triple(s, NamedNode(RDF + "type"), NamedNode(SD + "Service")),
        Triple(s, NamedNode(SD + "endpoint"), s),
        Triple(s, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query")),
        Triple(s, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph")),
        Triple(s, NamedNode(SD + "defaultDataset"), ds),
        Triple(ds, NamedNode(RDF + "type"), NamedNode(SD + "Dataset")),
        Triple(ds, NamedNode(SD + "defaultGraph"), graph),
        Triple(graph, NamedNode(RDF + "type"), NamedNode(SD + "Graph")),
        Triple(ds, NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), NamedNode(void)),
        Triple(s, NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal(f"Read-only. Limits: timeout {limits.timeout:g} s, {limits.max_rows} rows "
                       f"(truncation flagged by the Lod-Truncated header), {limits.max_query_bytes} bytes per query. "
                       "Updates, LOAD and SERVICE are refused.", language="en")),
    ]
    for f in (*RESULT_FORMATS, *RDF_FORMATS):
        iri = {"json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON", "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
               "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
               "turtle": "http://www.w3.org/ns/formats/Turtle", "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
               "ntriples": "http://www.w3.org/ns/formats/N-Triples", "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
               "nquads": "http://www.w3.org/ns/formats/N-Quads", "trig": "http://www.w3.org/ns/formats/TriG"}[f.name]
        t.append(Triple(s, NamedNode(SD + "resultFormat"), NamedNode(iri)))
    triples = t
    assert fmt.rdf is not None
    return serialize(triples, format=fmt.rdf, prefixes={"sd": SD, **PREFIXES} if fmt.name == "turtle" else None) or b""
