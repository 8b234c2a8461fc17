"""Read-only SPARQL: check a query before it runs, then run it with a row cap.

:func:`check_query` reads the query text lexically (after the ``\\u`` escape
processing SPARQL requires) and refuses, before any evaluation, anything that
is not a read-only query: updates (``INSERT``, ``LOAD``, ``CLEAR``…) and
federation (``SERVICE``, which would make the server fetch a URL). It also
tells the query form, which decides the result formats on offer.

:func:`execute` runs a checked query on a pyoxigraph store and serialises at
most ``max_rows`` rows (or triples), flagging truncation.

>>> check_query("PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o }")
'select'
>>> check_query("ASK { SERVICE <http://evil/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
lod.errors.QueryRefused: SERVICE (federated query) is not allowed: this endpoint never fetches other endpoints
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from pyoxigraph import DefaultGraph, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store, serialize

from lod.errors import QueryRefused, QuerySyntaxError
from lod.sparql.formats import Format
from lod.sparql.results import write_boolean, write_rows

__all__ = ["QueryAnswer", "QueryRequest", "check_query", "execute"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# One alternative per SPARQL token kind; only bare words (keywords, function names) are
# captured (group 1), so a match without it is a token that cannot be a keyword.
_TOKEN = re.compile(
    r"""
    \s+
  | \#[^\n\r]*
  | <[^<>"{}|^`\\\x00-\x20]*>
  | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
  | [?$][\w\u00B7]+
  | (?:[^\W\d_][\w.\-]*)?:(?:[\w\-.:%\u00B7]|\\.)*
  | ([^\W\d]\w*)
  | .
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def _unescape(text: str) -> str:
    # SPARQL 1.1 §19.2: \u and \U codepoint escapes are replaced before parsing,
    # so "\u0053ERVICE" is the keyword SERVICE and must be seen as such.
    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(repl, text)


def check_query(sparql: str, *, max_bytes: int = 100_000) -> str:
    """Refuse what is not a read-only query; return its form (``select``, ``ask``, ``construct``, ``describe``).

    Raises:
        QueryRefused: too large (status 413), an update or ``LOAD``, or ``SERVICE``.
        QuerySyntaxError: no query form keyword found (empty or not SPARQL).
    """
    size = len(sparql.encode("utf-8"))
    if size > max_bytes:
        raise QueryRefused(f"query is {size} bytes; the limit is {max_bytes} bytes", status=413)
    text = _unescape(sparql) if "\\u" in sparql or "\\U" in sparql else sparql
    # past the form keyword only SERVICE matters, and it cannot be a token if it is not even a substring
    read_all = "service" in text.lower()
    form: str | None = None
    for m in _TOKEN.finditer(text):
        word = m.group(1)
        if not word:
            continue
        word = word.upper()
        if word == "SERVICE":
            raise QueryRefused("SERVICE (federated query) is not allowed: this endpoint never fetches other endpoints")
        if form is None:
            if word in _UPDATES:
                raise QueryRefused(f"{word} is a SPARQL update operation; this endpoint is read-only")
            if word in _FORMS:
                form = _FORMS[word]
                if not read_all:
                    break
    if form is None:
        raise QuerySyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE found: expected a SPARQL 1.1 query")
    return form


@dataclass(frozen=True)
class QueryRequest:
    """A checked query and how to answer it (``fmt`` is a :class:`Format` name)."""

    sparql: str
    form: str
    fmt: str
    max_rows: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: float = 10.0
    union_default: bool = False  # True when the store has no default graph of its own
    base_iri: str | None = None  # resolves relative IRIs in the query (the endpoint URL)


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer: ``body`` in ``fmt``, ``count`` rows/triples, ``truncated`` if capped."""

    body: bytes
    fmt: str
    count: int
    truncated: bool = False
    elapsed: float = field(default=0.0, compare=False)


def _run(store: Store, req: QueryRequest) -> QuerySolutions | QueryBoolean | QueryTriples:
    kwargs: dict[str, object] = {"base_iri": req.base_iri} if req.base_iri else {}
    try:
        if req.default_graphs:
            kwargs["default_graph"] = [NamedNode(g) for g in req.default_graphs]
        elif req.union_default:
            kwargs["use_default_graph_as_union"] = True
        if req.named_graphs:
            kwargs["named_graphs"] = [NamedNode(g) for g in req.named_graphs]
        return store.query(req.sparql, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:  # e.g. an invalid IRI in default-graph-uri
        raise QuerySyntaxError(f"invalid graph IRI in default-graph-uri or named-graph-uri: {exc}") from None


def execute(store: Store, req: QueryRequest) -> QueryAnswer:
    """Run ``req`` on ``store`` and serialise at most ``req.max_rows`` rows or triples.

    Raises:
        QuerySyntaxError: the query does not parse (message from the parser, with position).
    """
    fmt = Format.from_name(req.fmt)
    result = _run(store, req)
    if isinstance(result, QueryBoolean):
        return QueryAnswer(write_boolean(fmt.name, bool(result)), fmt.name, 1)
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(sol[i] for i in range(len(variables))) for sol in islice(result, req.max_rows + 1)]
        truncated = len(rows) > req.max_rows
        rows = rows[: req.max_rows]
        return QueryAnswer(write_rows(fmt.name, variables, rows, truncated=truncated), fmt.name, len(rows), truncated)
    triples = list(islice(result, req.max_rows + 1))
    truncated = len(triples) > req.max_rows
    triples = triples[: req.max_rows]
    if fmt.rdf is None:
        raise QuerySyntaxError(f"{req.form.upper()} returns triples; {fmt.name} is a results format")
    body = serialize(_as_quads(triples) if fmt.quads else triples, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None)
    return QueryAnswer(body or b"", fmt.name, len(triples), truncated)


def _as_quads(triples: list) -> Iterator:  # type: ignore[type-arg]
    from pyoxigraph import Quad

    for t in triples:
        yield Quad(t.subject, t.predicate, t.object, DefaultGraph())


PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
}
