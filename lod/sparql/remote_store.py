"""Query an external SPARQL endpoint as if it were the embedded pyoxigraph store.

:class:`RemoteSparqlStore` has the ``query()`` of :class:`pyoxigraph.Store`
(same keyword arguments, same result types: ``QuerySolutions``,
``QueryBoolean``, and :class:`RemoteTriples` — an iterable of
``pyoxigraph.Triple`` — for CONSTRUCT/DESCRIBE), so code written against the
embedded store (``lod serve``'s query execution) runs unchanged against
Virtuoso, Fuseki or GraphDB. It speaks the SPARQL 1.1 Protocol (POST,
form-encoded), asks for SPARQL JSON results or N-Triples depending on the
query form, and enforces a timeout per query.

:class:`RemoteBackend` adapts it to ``lod serve``'s ``QueryBackend`` protocol
(``query(QueryRequest) -> QueryAnswer``): the request is checked and
serialised by the same code as for the embedded store, so limits (row cap,
refused updates/SERVICE) are identical.

Example (against a live endpoint)::

    store = RemoteSparqlStore("http://127.0.0.1:8890/sparql", timeout=10)
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        print(row["g"].value, int(row["n"].value))

Notes on Virtuoso (docs/push.md): without ``default-graph-uri`` its default
graph is the union of all graphs (like ``use_default_graph_as_union=True``);
``DATATYPE()`` of a language-tagged literal is unbound instead of
``rdf:langString``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from lod.errors import PublishError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.sparql.query import QueryAnswer, QueryRequest, execute

__all__ = ["RemoteBackend", "RemoteSparqlStore", "RemoteTriples", "query_form"]

_STRIP = re.compile(r"#[^\n]*|<[^<>\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.DOTALL)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe`` (the first form keyword).

    >>> query_form('PREFIX s: <http://x/SELECT> # ASK\\nCONSTRUCT { ?s ?p "DESCRIBE" } WHERE { ?s ?p ?o }')
    'construct'
    """
    m = _FORM.search(_STRIP.sub(" ", sparql))
    if m is None:
        raise QuerySyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE found: expected a SPARQL 1.1 query")
    return m.group(1).lower()


class RemoteTriples:
    """The triples of a CONSTRUCT/DESCRIBE answer (iterable, like ``QueryTriples``)."""

    def __init__(self, triples: Sequence[ox.Triple]) -> None:
        self._triples = list(triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output: Any = None, format: ox.RdfFormat | None = None) -> bytes | None:
        """Serialise like ``QueryTriples.serialize`` (N-Triples when no format is given)."""
        return ox.serialize(self._triples, output, format or ox.RdfFormat.N_TRIPLES)


class RemoteSparqlStore:
    """A read-only, ``pyoxigraph.Store``-like view of a SPARQL endpoint."""

    def __init__(
        self,
        endpoint: str,
        *,
        auth: tuple[str, str] | None = None,
        auth_type: str = "basic",
        timeout: float = 30.0,
        session: requests.Session | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._shared = session
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self.auth = None if auth is None else (HTTPDigestAuth(*auth) if auth_type == "digest" else HTTPBasicAuth(*auth))

    @property
    def session(self) -> requests.Session:
        """One HTTP session per thread (``lod serve`` queries from a thread pool)."""
        if self._shared is not None:
            return self._shared
        if not hasattr(self._local, "session"):
            session = requests.Session()
            session.headers["User-Agent"] = "lod/0.1 (remote store)"
            self._local.session = session
            self._sessions.append(session)
        return self._local.session  # type: ignore[no-any-return]

    def query(
        self,
        query: str,
        *,
        timeout: float | None = None,
        default_graph: ox.NamedNode | Iterable[ox.NamedNode] | None = None,
        named_graphs: Iterable[ox.NamedNode] | None = None,
        use_default_graph_as_union: bool = False,
        **_: Any,
    ) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run ``query`` on the endpoint; same result types as ``pyoxigraph.Store.query``.

        ``use_default_graph_as_union`` is accepted for compatibility; the
        endpoint's own default dataset applies (Virtuoso: union of all graphs).

        Raises:
            QuerySyntaxError: the endpoint answered 400 (its message is quoted).
            QueryTimeout: no answer within ``timeout`` seconds.
            QueryRefused: the endpoint is unreachable (status 503), failed
                (5xx, status 502) or refused access (401/403, status 502).
            PublishError: the answer could not be read.
        """
        form = query_form(query)
        data: list[tuple[str, str]] = [("query", query)]
        if default_graph is not None:
            graphs = [default_graph] if isinstance(default_graph, ox.NamedNode) else list(default_graph)
            data += [("default-graph-uri", g.value) for g in graphs if isinstance(g, ox.NamedNode)]
        for g in named_graphs or ():
            data.append(("named-graph-uri", g.value))
        accept = "application/n-triples" if form in ("construct", "describe") else "application/sparql-results+json"
        limit = timeout if timeout is not None else self.timeout
        try:
            resp = self.session.post(self.endpoint, data=data, headers={"Accept": accept}, auth=self.auth, timeout=limit)
        except requests.Timeout:
            raise QueryTimeout(f"the external store gave no answer within {limit:g} s") from None
        except requests.RequestException as exc:
            raise QueryRefused(f"the external store is unreachable ({type(exc).__name__})", status=503) from None
        if resp.status_code == 400:
            raise QuerySyntaxError(f"the store refused the query: {_excerpt(resp)}")
        if resp.status_code >= 400:
            raise QueryRefused(f"the external store answered HTTP {resp.status_code}: {_excerpt(resp)}", status=502)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            if form in ("construct", "describe"):
                fmt = ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.N_TRIPLES
                return RemoteTriples([q.triple for q in ox.parse(resp.content, fmt)])
            rfmt = ox.QueryResultsFormat.from_media_type(ctype) or ox.QueryResultsFormat.JSON
            return ox.parse_query_results(resp.content, rfmt)
        except (SyntaxError, ValueError) as exc:
            raise PublishError(f"{self.endpoint}: unreadable {ctype or 'untyped'} answer: {exc}") from None

    # -- the part of pyoxigraph.Store's API that lod serve's pages read ---------------------------

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,  # noqa: A002 - pyoxigraph's name
        graph_name: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads matching a pattern in the named graphs, like ``Store.quads_for_pattern``.

        A blank node cannot be named in a query to another store (its label is local to
        each answer), so a pattern that binds one matches nothing.
        """
        terms = (subject, predicate, object, graph_name)
        if any(isinstance(t, ox.BlankNode) for t in terms) or isinstance(graph_name, ox.DefaultGraph):
            return iter(())
        s, p, o = (str(t) if t is not None else f"?{v}" for t, v in zip(terms[:3], "spo"))
        g = str(graph_name) if graph_name is not None else "?g"
        rows = self.query(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}")
        assert isinstance(rows, ox.QuerySolutions)
        out = []
        for row in rows:
            out.append(ox.Quad(
                subject if subject is not None else row["s"],
                predicate if predicate is not None else row["p"],
                object if object is not None else row["o"],
                graph_name if graph_name is not None else row["g"],
            ))
        return iter(out)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(rows, ox.QuerySolutions)
        return iter([row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)])

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        answer = self.query(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}")
        return bool(answer)

    def close(self) -> None:
        for session in self._sessions:
            session.close()
        if self._shared is not None:
            self._shared.close()


class RemoteBackend:
    """``lod serve``'s ``QueryBackend`` over a remote endpoint (``lod serve --store URL``).

    ``query(request)`` runs ``lod.sparql.query.execute`` — the function the embedded
    backends use — on a :class:`RemoteSparqlStore` bounded by
    ``request.timeout``, so the answer format, row cap and truncation flag are
    the same as for the embedded store.
    """

    def __init__(self, endpoint: str, **kwargs: Any) -> None:
        self.store = RemoteSparqlStore(endpoint, **kwargs)

    def query(self, request: QueryRequest) -> QueryAnswer:
        return execute(_Bounded(self.store, float(request.timeout)), request)  # type: ignore[arg-type]

    def close(self) -> None:
        self.store.close()


class _Bounded:
    """A store view whose ``query`` always carries a time limit."""

    def __init__(self, store: RemoteSparqlStore, timeout: float) -> None:
        self._store, self._timeout = store, timeout

    def query(self, query: str, **kwargs: Any) -> Any:
        return self._store.query(query, timeout=self._timeout, **kwargs)


def _excerpt(resp: requests.Response) -> str:
    return " ".join(resp.text.split())[:300] or resp.reason or "(empty body)"
