"""The read-only query check (before evaluation) and the capped executor, in process."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Store

from lod.errors import QueryRefused, QuerySyntaxError
from lod.sparql.query import QueryRequest, check_query, execute

REFUSED = [
    "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * {\n  SeRvIcE\n<http://x/> {} }",
    "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",  # codepoint escapes are processed before parsing
    "SELECT * { \\U00000053ervice ?x { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o . SERVICE?x{?a ?b ?c} }",
    "SELECT * WHERE { FILTER(?a<?b) SERVICE <http://x/> {} }",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://g>",
    "CREATE GRAPH <http://g>",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "COPY DEFAULT TO <http://g>",
    "# comment\nBASE <http://e/>\nMOVE <a> TO <b>",
]

ALLOWED = [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX service: <http://e/service#> SELECT ?service { ?s service:SERVICE ?service }", "select"),
    ('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', "select"),
    ("SELECT * { ?s ?p '''multi\nSERVICE line''' }", "select"),
    ("SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o } # SERVICE in a comment", "select"),
    ("ASK {}", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ("DESCRIBE <http://e/x>", "describe"),
    ("PREFIX insert: <http://e/> SELECT * { ?s insert:x ?o }", "select"),
    ("SELECT ?delete { ?delete ?p ?o }", "select"),
]


@pytest.mark.parametrize("query", REFUSED)
def test_refused_before_evaluation(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_query(query)


@pytest.mark.parametrize(("query", "form"), ALLOWED)
def test_allowed_queries_and_their_form(query: str, form: str) -> None:
    assert check_query(query) == form


def test_size_limit_is_413() -> None:
    with pytest.raises(QueryRefused) as info:
        check_query("SELECT * { ?s ?p ?o } #" + "x" * 2000, max_bytes=1000)
    assert info.value.status == 413 and "1000" in str(info.value)


def test_not_a_query() -> None:
    with pytest.raises(QuerySyntaxError, match="expected a SPARQL 1.1 query"):
        check_query("hello")


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("SERVICEservice <>{}?\"'#\\u0053\n:x.")), max_size=60))
def test_check_query_never_lets_a_service_keyword_through(noise: str) -> None:
    """Law: if pyoxigraph parses a query containing SERVICE as a keyword, check_query refused it."""
    query = "SELECT * WHERE { " + noise + " }"
    try:
        check_query(query)
    except (QueryRefused, QuerySyntaxError):
        return
    # accepted: then either pyoxigraph rejects it, or it has no SERVICE operation. Evaluate
    # on an empty store with a service URL that cannot be reached: a SERVICE call would error.
    store = Store()
    try:
        list(store.query(query))
    except SyntaxError:
        return
    except OSError as exc:  # an attempted SERVICE call
        raise AssertionError(f"SERVICE slipped through: {query!r}") from exc


@pytest.fixture()
def store() -> Store:
    s = Store()
    g = NamedNode("http://e/g")
    s.extend([Quad(NamedNode(f"http://e/s{i}"), NamedNode("http://e/p"), Literal(f"v{i}", language="en"), g) for i in range(30)])
    return s


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_execute_caps_rows_and_flags_truncation(store: Store, fmt: str) -> None:
    answer = execute(store, QueryRequest("SELECT ?s ?o WHERE { ?s ?p ?o }", "select", fmt, max_rows=10, union_default=True))
    assert answer.count == 10 and answer.truncated
    if fmt == "json":
        doc = json.loads(answer.body)
        assert doc["truncated"] is True and len(doc["results"]["bindings"]) == 10
    if fmt == "xml":
        assert b'<link href="urn:lod:truncated"/>' in answer.body
    if fmt == "csv":
        assert answer.body.count(b"\r\n") == 11
    full = execute(store, QueryRequest("SELECT ?s ?o WHERE { ?s ?p ?o }", "select", fmt, max_rows=100, union_default=True))
    assert full.count == 30 and not full.truncated


def test_execute_construct_and_syntax_error(store: Store) -> None:
    answer = execute(store, QueryRequest("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct", "ntriples", max_rows=5, union_default=True))
    assert answer.truncated and answer.body.count(b"\n") == 5
    with pytest.raises(QuerySyntaxError, match="syntax error"):
        execute(store, QueryRequest("SELECT * WHERE { ?s ", "select", "json"))
