"""The /sparql endpoint over HTTP: protocol, formats, limits, safety, real clients."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from serve_fixtures import WORK, Server, dataset_dir, server  # noqa: F401  (fixtures)

SELECT = 'SELECT ?work ?symbol WHERE { ?work <http://purl.org/dc/terms/identifier> ?symbol } ORDER BY ?symbol'
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # ~10^9 rows: minutes


def sparql(server: Server) -> str:
    return server.url + "sparql"


def test_get_post_form_post_direct_agree(server: Server) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    a = httpx.get(sparql(server), params={"query": SELECT}, headers=accept)
    b = httpx.post(sparql(server), data={"query": SELECT}, headers=accept)
    c = httpx.post(sparql(server), content=SELECT.encode(), headers={**accept, "Content-Type": "application/sparql-query"})
    assert a.status_code == b.status_code == c.status_code == 200
    assert a.json() == b.json() == c.json()
    symbols = [row["symbol"]["value"] for row in a.json()["results"]["bindings"]]
    assert symbols == ["A/RES/74/176", "CTOC/COP/2020/L.6/Rev.1", "S/RES/2331 (2016)"]


@pytest.mark.parametrize(("accept", "check"), [
    ("application/sparql-results+json", lambda r: json.loads(r.text)["head"]["vars"] == ["work", "symbol"]),
    ("application/sparql-results+xml", lambda r: ElementTree.fromstring(r.content).tag.endswith("sparql")),
    ("text/csv", lambda r: next(csv.reader(io.StringIO(r.text))) == ["work", "symbol"]),
    ("text/tab-separated-values", lambda r: r.text.splitlines()[0] == "?work\t?symbol" and '"A/RES/74/176"' in r.text),
])
def test_select_result_formats(server: Server, accept: str, check) -> None:  # type: ignore[no-untyped-def]
    r = httpx.get(sparql(server), params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert check(r)


@pytest.mark.parametrize(("accept", "parse_as"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                  ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_construct_and_describe_formats(server: Server, accept: str, parse_as: str) -> None:
    for query in (f"CONSTRUCT {{ <{WORK}> ?p ?o }} WHERE {{ <{WORK}> ?p ?o }}", f"DESCRIBE <{WORK}>"):
        r = httpx.get(sparql(server), params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        g = rdflib.Graph().parse(data=r.content, format=parse_as)
        assert (rdflib.URIRef(WORK), rdflib.URIRef("http://purl.org/dc/terms/identifier"), rdflib.Literal("A/RES/74/176")) in g


def test_ask_json_and_xml(server: Server) -> None:
    r = httpx.get(sparql(server), params={"query": f"ASK {{ <{WORK}> ?p ?o }}"}, headers={"Accept": "application/sparql-results+json"})
    assert r.json() == {"head": {}, "boolean": True}
    r = httpx.get(sparql(server), params={"query": "ASK { <http://nothing/> ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>false</boolean>" in r.content


def test_syntax_error_is_400_with_a_useful_message(server: Server) -> None:
    r = httpx.get(sparql(server), params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "syntax error" in detail.lower() and ("1:" in detail or "line" in detail.lower() or "expected" in detail.lower())


def test_service_description_on_bare_get(server: Server) -> None:
    r = httpx.get(sparql(server), headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(sparql(server)), rdflib.RDF.type, sd.Service) in g
    assert (rdflib.URIRef(sparql(server)), sd.endpoint, rdflib.URIRef(sparql(server))) in g
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert len(list(g.objects(None, sd.resultFormat))) >= 8
    page = httpx.get(sparql(server), headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'id="query"' in page.text and "/static/query.js" in page.text


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "GET", "params": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}},
])
def test_updates_and_load_are_refused(server: Server, request_kwargs: dict) -> None:  # type: ignore[type-arg]
    r = httpx.request(url=sparql(server), **request_kwargs)
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    # and nothing changed
    count = httpx.get(sparql(server), params={"query": "ASK { <http://a> ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert count.json()["boolean"] is False


def test_service_is_refused_before_any_connection(server: Server) -> None:
    """A SERVICE query naming a live local listener is refused, and the listener sees no connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    queries = [f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/sparql> AS ?x) SERVICE SILENT ?x {{ ?s ?p ?o }} }}"]
    try:
        for q in queries:
            r = httpx.get(sparql(server), params={"query": q})
            assert r.status_code == 403 and "SERVICE" in r.json()["detail"]
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def test_row_cap_is_flagged(server: Server) -> None:
    # the server runs with --max-rows 50; the data has ~200 triples
    q = "SELECT * WHERE { ?s ?p ?o }"
    r = httpx.get(sparql(server), params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["lod-truncated"] == "true" and r.headers["lod-row-limit"] == "50"
    doc = r.json()
    assert doc["truncated"] is True and len(doc["results"]["bindings"]) == 50
    r = httpx.get(sparql(server), params={"query": q + " LIMIT 5"}, headers={"Accept": "text/csv"})
    assert "lod-truncated" not in r.headers and r.text.count("\r\n") == 6


def test_query_size_limit(server: Server) -> None:
    q = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    r = httpx.post(sparql(server), content=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_timeout_stops_the_query_while_others_are_answered(server: Server) -> None:
    """--timeout 2: the slow query gets a 503 after ~2 s; meanwhile pages and queries keep coming back."""
    result: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        r = httpx.get(sparql(server), params={"query": SLOW}, timeout=60)
        result["status"], result["elapsed"], result["body"] = r.status_code, time.monotonic() - started, r.json()

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    fast_times = []
    while t.is_alive():
        started = time.monotonic()
        a = httpx.get(sparql(server), params={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}, timeout=10)
        b = httpx.get(server.url + "id", params={"symbol": "A/RES/74/176"}, timeout=10)
        c = httpx.get(server.url, timeout=10)
        fast_times.append(time.monotonic() - started)
        assert a.status_code == 200 and b.status_code == 303 and c.status_code == 200
    t.join()
    assert result["status"] == 503 and result["body"]["timeout"] is True  # type: ignore[index]
    assert 1.5 < result["elapsed"] < 8  # type: ignore[operator]
    assert len(fast_times) >= 3 and max(fast_times) < 1.5
    # the worker that ran it was killed: no child of the server keeps burning CPU
    time.sleep(0.5)
    assert _children_cpu(server.proc.pid, 1.0) < 0.3
    # and the pool recovered
    r = httpx.get(sparql(server), params={"query": SELECT}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200


def _children_cpu(pid: int, seconds: float) -> float:
    """CPU seconds used by the children of ``pid`` during ``seconds`` (Linux /proc)."""
    def sample() -> float:
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / 100
        return total

    before = sample()
    time.sleep(seconds)
    return sample() - before


def test_sparqlwrapper_client(server: Server) -> None:
    client = SPARQLWrapper(sparql(server))
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert rows[0]["symbol"]["value"] == "A/RES/74/176"
    client.setMethod("POST")
    client.setQuery(f"ASK {{ <{WORK}> ?p ?o }}")
    assert client.query().convert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore_client(server: Server) -> None:
    store = SPARQLStore(sparql(server), returnFormat="xml")
    g = rdflib.Graph(store=store)
    rows = list(g.query(SELECT))
    assert [str(r[1]) for r in rows] == ["A/RES/74/176", "CTOC/COP/2020/L.6/Rev.1", "S/RES/2331 (2016)"]
    assert (rdflib.URIRef(WORK), rdflib.URIRef("http://purl.org/dc/terms/identifier"), rdflib.Literal("A/RES/74/176")) in g
    store.close()


def test_eight_concurrent_clients_no_errors(server: Server) -> None:
    """A short version of the bench: 8 clients for 3 s mixing queries and pages; 0 errors."""
    deadline = time.monotonic() + 3
    urls = [(sparql(server), {"query": SELECT}), (server.url + "id", {"symbol": "A/RES/74/176"}), (server.url, {}),
            (server.url + WORK.split("/", 3)[3] + "/eng@", {"format": "ttl"})]

    def client(i: int) -> tuple[int, int]:
        ok = errors = 0
        with httpx.Client(timeout=10) as c:
            while time.monotonic() < deadline:
                url, params = urls[(ok + i) % len(urls)]
                r = c.get(url, params=params, follow_redirects=False)
                ok += r.status_code in (200, 303)
                errors += r.status_code not in (200, 303)
        return ok, errors

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(client, range(8)))
    assert sum(e for _, e in results) == 0
    assert sum(o for o, _ in results) > 100


def test_sparql_get_is_cacheable(server: Server) -> None:
    r = httpx.get(sparql(server), params={"query": SELECT})
    etag = r.headers["etag"]
    again = httpx.get(sparql(server), params={"query": SELECT}, headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_bad_dataset_iri_is_400(server: Server) -> None:
    r = httpx.get(sparql(server), params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "default-graph-uri" in r.json()["detail"]


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b"query=%FF%FE", b"query=" + b"A" * 10])
def test_garbage_bodies_get_4xx(server: Server, body: bytes) -> None:
    r = httpx.post(sparql(server), content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert 400 <= r.status_code < 500
    assert httpx.get(server.url + "healthz").status_code == 200
