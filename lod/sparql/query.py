"""Read-only SPARQL: check a query before it runs, then run it with a row and byte cap.

Two checks, because the decision must come from a real parse but a full parse costs
milliseconds to seconds (pyparsing) and must not run on the server's event loop:

* :func:`precheck` (cheap, linear, run by the server before dispatch): size (413), bracket
  nesting outside strings, IRIs and comments (:data:`MAX_DEPTH`, 400), and the query form read
  from the tokens (which decides the result formats on offer). It also refuses early what its
  tokens show as an update or ``SERVICE``, but it is *not* the security decision: a lexer can
  be made to misread the text (``FILTER(1<2)SERVICE#>`` reads as one IRI to a naive one).
* :func:`check_query` (run where the query is evaluated, i.e. inside the sandboxed query
  worker, and on every other execution path through :func:`execute`) parses the query with
  rdflib's SPARQL 1.1 grammar and decides from its parse tree: a ``ServiceGraphPattern``
  anywhere is refused; text that is not a query but parses as an update is refused as an
  update; text neither parses as is a syntax error; a parse tree deeper than
  :data:`MAX_PARSE_DEPTH` is refused. pyoxigraph (0.5) exposes neither its parser nor its
  algebra, so the engine's own parse cannot be inspected; rdflib's grammar is the reference,
  and the two must agree: a query rdflib does not read as a query is never given to the engine
  (so SPARQL 1.2 syntax that only pyoxigraph knows is refused), and if the form rdflib parses
  differs from the form :func:`precheck` read, the query is refused as ambiguous. Where the two
  grammars could still disagree on a SERVICE, the second level holds: query workers run under
  a seccomp filter that denies every non-Unix socket (``lod.sparql.querypool``), so the engine
  cannot open a connection whatever it parsed.

:func:`execute` runs a checked query on a pyoxigraph store and serialises at most
``max_rows`` rows (or triples) and about ``max_answer_bytes`` bytes, flagging truncation.

>>> check_query("PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o }")
'select'
>>> check_query("ASK { SERVICE <http://evil/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
lod.errors.QueryRefused: SERVICE (federated query) is not allowed: this endpoint never fetches other endpoints
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from pyoxigraph import DefaultGraph, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store, serialize

from lod.errors import QueryRefused, QuerySyntaxError
from lod.sparql.formats import Format
from lod.sparql.results import write_boolean, write_rows

__all__ = ["MAX_DEPTH", "QueryAnswer", "QueryRequest", "allow_deep_parse", "check_query", "execute", "parsed_form", "precheck"]

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
_PARSED_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
_NO_SERVICE = "SERVICE (federated query) is not allowed: this endpoint never fetches other endpoints"
_STACK_LOCK = threading.Lock()

MAX_DEPTH = 64
"""Brackets (``(``, ``{``, ``[``) a query may nest, counted outside strings, IRIs and comments.

pyoxigraph's evaluator recurses once per level and a deep enough query overflows the worker's
stack (5,000 parentheses kill the process); real queries nest fewer than 15."""
MAX_PARSE_DEPTH = 6 * MAX_DEPTH + 40
"""Levels of rdflib's parse tree a query may have (≈ 5 per nested parenthesis): the backstop
when the bracket count was misread."""
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


def precheck(sparql: str, *, max_bytes: int = 100_000, max_depth: int = MAX_DEPTH) -> str:
    """Cheap checks before dispatch: size, nesting, form by tokens (see the module docstring).

    Linear in the query's length, safe to run on the event loop. Not a security decision:
    :func:`check_query` is.

    Raises:
        QueryRefused: too large (status 413); an update keyword or ``SERVICE`` among the tokens.
        QuerySyntaxError: nested deeper than ``max_depth``; no query form keyword found.
    """
    size = len(sparql.encode("utf-8"))
    if size > max_bytes:
        raise QueryRefused(f"query is {size} bytes; the limit is {max_bytes} bytes", status=413)
    text = _unescape(sparql) if "\\u" in sparql or "\\U" in sparql else sparql
    depth = deepest = 0
    form: str | None = None
    for m in _TOKEN.finditer(text):
        word = m.group(1)
        if not word:
            c = m.group(0)
            if c in "({[":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > max_depth:
                        raise QuerySyntaxError(f"query nested {deepest} brackets deep; the limit is {max_depth}")
            elif c in ")}]":
                depth -= 1
            continue
        word = word.upper()
        if word == "SERVICE":
            raise QueryRefused(_NO_SERVICE)
        if form is None:
            if word in _UPDATES:
                raise QueryRefused(f"{word} is a SPARQL update operation; this endpoint is read-only")
            if word in _FORMS:
                form = _FORMS[word]
    if form is None:
        raise QuerySyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE found: expected a SPARQL 1.1 query")
    return form


def check_query(sparql: str, *, max_bytes: int = 100_000, max_depth: int = MAX_DEPTH) -> str:
    """Refuse what is not a read-only query, deciding from a real parse; return its form.

    :func:`precheck`, then rdflib's SPARQL 1.1 parse (:func:`parsed_form`), which must find
    the same form.

    Raises:
        QueryRefused: too large (status 413), an update or ``LOAD``, ``SERVICE``, or the two
            readings disagree on the form.
        QuerySyntaxError: not a SPARQL 1.1 query, or nested too deep.
    """
    form = precheck(sparql, max_bytes=max_bytes, max_depth=max_depth)
    parsed = parsed_form(sparql)
    if parsed != form:
        raise QueryRefused(f"ambiguous query: read as {form.upper()} by its tokens but as {parsed.upper()} by the grammar")
    return form


_PARSE_STACK = 64 * 1024 * 1024  # bytes of stack for the parsing thread (a 95 KB flat query needs < 16 MB)
_PARSE_RECURSION = 200_000
_DEEP_PARSE = False  # set in query workers: long flat queries (≈2,500 triple patterns) need deep recursion


def allow_deep_parse() -> None:
    """Let :func:`parsed_form` raise the interpreter's recursion limit (process-wide) for its
    big-stack thread; for query worker processes only. Elsewhere (the server process with
    ``--store``, tests) the limit stays, and a query too long for it is a 400."""
    global _DEEP_PARSE
    _DEEP_PARSE = True



def parsed_form(sparql: str) -> str:
    """The form of ``sparql`` as rdflib's SPARQL 1.1 grammar parses it; refuse SERVICE, updates, depth.

    The parse runs in a thread with a large stack (and, in query workers, a raised recursion
    limit), so that a deep or long query ends in :class:`QuerySyntaxError`, never in a crash.
    Verdicts, refusals included, are cached by text (a repeated query, or a repeated attack, is
    parsed once per process).

    Raises:
        QueryRefused: the parse tree has a ``SERVICE`` pattern; the text is an update.
        QuerySyntaxError: neither a query nor an update; parse tree deeper than :data:`MAX_PARSE_DEPTH`.
    """
    kind, text, status = _verdict(sparql)
    if kind == "refused":
        raise QueryRefused(text, status=status)
    if kind == "syntax":
        raise QuerySyntaxError(text)
    return text


@lru_cache(maxsize=512)
def _verdict(sparql: str) -> tuple[str, str, int]:
    """``("form", form, 0)``, ``("refused", message, status)`` or ``("syntax", message, 0)``."""
    try:
        return "form", _parse_form(sparql), 0
    except QueryRefused as exc:
        return "refused", str(exc), exc.status
    except QuerySyntaxError as exc:
        return "syntax", str(exc), 0


def _parse_form(sparql: str) -> str:
    result: list[object] = []

    def parse() -> None:
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

        try:
            result.append(parseQuery(sparql))
        except RecursionError:
            result.append(QuerySyntaxError("SPARQL syntax error: the query is nested or chained too deeply to parse"))
        except ParseBaseException as exc:
            try:
                parseUpdate(sparql)
            except Exception:  # noqa: BLE001 - not an update either: report the query's error
                result.append(QuerySyntaxError(f"SPARQL syntax error: {exc}"))
            else:
                result.append(QueryRefused("the text is a SPARQL update; this endpoint is read-only"))
        except Exception as exc:  # noqa: BLE001 - rdflib's parse actions raise plain exceptions
            result.append(QuerySyntaxError(f"SPARQL syntax error: {type(exc).__name__}: {exc}"))

    if _DEEP_PARSE and sys.getrecursionlimit() < _PARSE_RECURSION:
        sys.setrecursionlimit(_PARSE_RECURSION)  # process-wide: only in a query worker, where only this thread goes deep
    with _STACK_LOCK:
        previous = threading.stack_size(_PARSE_STACK)
        try:
            worker = threading.Thread(target=parse, name="sparql-parse", daemon=True)
            worker.start()
        finally:
            threading.stack_size(previous)
    worker.join()
    if not result:
        raise QuerySyntaxError("SPARQL syntax error: the parser failed")
    found = result[0]
    if isinstance(found, Exception):
        raise found
    return _form_of(found)


def _form_of(tree: object) -> str:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    form: str | None = None
    stack: list[tuple[object, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_PARSE_DEPTH:
            raise QuerySyntaxError(f"query nested too deeply: its parse tree is over {MAX_PARSE_DEPTH} levels deep")
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused(_NO_SERVICE)
            if form is None and node.name in _PARSED_FORMS:
                form = _PARSED_FORMS[node.name]
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend((v, depth + 1) for v in node)
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
    max_answer_bytes: int = 16_000_000  # about this many bytes of terms at most, then truncated
    client: str = ""  # who asked (the remote address): the pool's per-client share


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
    """Check ``req`` by its parse, run it on ``store``, serialise at most ``req.max_rows`` rows or
    triples and about ``req.max_answer_bytes`` bytes (``truncated`` says when either cut).

    Raises:
        QueryRefused: the parse finds ``SERVICE``, an update, or another form than ``req.form``.
        QuerySyntaxError: the query does not parse (message from the parser, with position).
    """
    parsed = parsed_form(req.sparql)
    if parsed != req.form:
        raise QueryRefused(f"ambiguous query: read as {req.form.upper()} by its tokens but as {parsed.upper()} by the grammar")
    fmt = Format.from_name(req.fmt)
    result = _run(store, req)
    if isinstance(result, QueryBoolean):
        return QueryAnswer(write_boolean(fmt.name, bool(result)), fmt.name, 1)
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        width = len(variables)
        rows, truncated = _capped(((sol[i] for i in range(width)) for sol in result), req)
        body = write_rows(fmt.name, variables, rows, truncated=truncated)
        while len(body) > req.max_answer_bytes and rows:  # escaping made it larger than its terms
            rows, truncated = rows[: len(rows) // 2], True
            body = write_rows(fmt.name, variables, rows, truncated=True)
        return QueryAnswer(body, fmt.name, len(rows), truncated)
    if fmt.rdf is None:
        raise QuerySyntaxError(f"{req.form.upper()} returns triples; {fmt.name} is a results format")
    triples, truncated = _capped((t for t in result), req)

    def write(ts: list) -> bytes:  # type: ignore[type-arg]
        return serialize(_as_quads(ts) if fmt.quads else ts, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None) or b""

    body = write(triples)
    while len(body) > req.max_answer_bytes and triples:
        triples, truncated = triples[: len(triples) // 2], True
        body = write(triples)
    return QueryAnswer(body, fmt.name, len(triples), truncated)


def _capped(items: Iterator, req: QueryRequest) -> tuple[list, bool]:  # type: ignore[type-arg]
    """At most ``req.max_rows`` items whose terms add up to at most ``req.max_answer_bytes``."""
    out: list = []  # type: ignore[type-arg]
    budget = req.max_answer_bytes
    for item in items:
        terms = tuple(item)
        budget -= sum(_term_size(t) for t in terms) + 8 * len(terms)
        if len(out) >= req.max_rows or budget < 0:
            return out, True
        out.append(terms if not hasattr(item, "subject") else item)
    return out, False


def _term_size(term: object) -> int:
    if term is None:
        return 0
    value = getattr(term, "value", None)
    return len(value) if isinstance(value, str) else len(str(term))


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
