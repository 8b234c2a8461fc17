"""Replay of the query-side W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl).

Each manifest case is re-expressed as one row (request → expected status class and
result) and sent to a real ``lod serve`` over a small dataset holding the three
graphs the cases name (…/data1.rdf, data2.rdf, data3.rdf, each typing itself
foaf:Document). Of the 34 cases, 27 apply and pass; the 7 ``update_*`` cases are
not applicable (the endpoint is read-only by design) and are checked to be
refused with 403 instead of being skipped.

``query_multiple_dataset`` is replayed with two ``named-graph-uri`` parameters:
the manifest percent-encodes the ``&`` between them (``%26named-graph-uri%3D``),
which makes a single, nonsensical graph IRI; the test's intent and its expected
``true`` need two.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from serve_fixtures import Server, serve

K = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOC = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def enc(s: str) -> str:
    return quote(s, safe="")


D0, D1, D2, D3 = (enc(K + f"data{i}.rdf") for i in range(4))
ASK2 = f"ASK {{ <{K}data1.rdf> a ?type . <{K}data2.rdf> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{K}data1.rdf> a ?type }} GRAPH ?g2 {{ <{K}data2.rdf> a ?type }} }}"
ASK_FULL = f"ASK {{\n  <{K}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{K}data1.rdf> a ?type }}\n  GRAPH ?g2 {{ <{K}data2.rdf> a ?type }}\n}}"
ASK_FROM = f"ASK FROM <{K}data3.rdf> {{ GRAPH ?g1 {{ <{K}data1.rdf> a ?type }} GRAPH ?g2 {{ <{K}data2.rdf> a ?type }} }}"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

# (name, method, path, content-type, body (str or bytes), expected status class, expected result)
# expected result: True/False (boolean), "tabular", "RDF" or None
CASES = [
    ("query_post_form", "POST", f"/sparql/?default-graph-uri={D0}", FORM, "query=ASK%20%7B%7D", 2, True),
    ("query_dataset_default_graphs_get", "GET", f"/sparql/?query={enc(ASK2)}&default-graph-uri={D1}&default-graph-uri={D2}", None, None, 2, True),
    ("query_dataset_default_graphs_post", "POST", f"/sparql/?default-graph-uri={D1}&default-graph-uri={D2}", DIRECT, ASK2, 2, True),
    ("query_dataset_named_graphs_post", "POST", f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}", DIRECT, ASK_NAMED, 2, True),
    ("query_dataset_named_graphs_get", "GET", f"/sparql/?query={enc(ASK_NAMED)}&named-graph-uri={D1}&named-graph-uri={D2}", None, None, 2, True),
    ("query_dataset_full", "POST", f"/sparql/?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}", DIRECT, ASK_FULL, 2, True),
    ("query_multiple_dataset", "POST", f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}", DIRECT, ASK_FROM, 2, True),
    ("query_get", "GET", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}", None, None, 2, True),
    ("query_content_type_select", "POST", f"/sparql/?default-graph-uri={D0}", DIRECT, "SELECT (1 AS ?value) {}", 2, "tabular"),
    ("query_content_type_ask", "POST", f"/sparql/?default-graph-uri={D0}", DIRECT, "ASK {}", 2, True),
    ("query_content_type_describe", "POST", f"/sparql/?default-graph-uri={D0}", DIRECT, "DESCRIBE <http://example.org/>", 2, "RDF"),
    ("query_content_type_construct", "POST", f"/sparql/?default-graph-uri={D0}", DIRECT, "CONSTRUCT { <s> <p> 1 } WHERE {}", 2, "RDF"),
    ("query_post_direct", "POST", "/sparql/", DIRECT, "ASK {}", 2, True),
    ("bad_query_method", "PUT", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}", FORM, "", 4, None),
    ("bad_multiple_queries", "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", None, None, 4, None),
    ("bad_query_wrong_media_type", "POST", "/sparql/", "text/plain", "ASK {}", 4, None),
    ("bad_query_missing_form_type", "POST", "/sparql/", None, "query=ASK%20%7B%7D", 4, None),
    ("bad_query_missing_direct_type", "POST", "/sparql/", None, "ASK {}", 4, None),
    ("bad_query_non_utf8", "POST", "/sparql/", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 4, None),
    ("bad_query_syntax", "GET", "/sparql/?query=ASK%20%7B", None, None, 4, None),
    ("bad_update_get", "GET", "/sparql/?update=CLEAR%20ALL", None, None, 4, None),
    ("bad_multiple_updates", "POST", "/sparql/", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 4, None),
    ("bad_update_wrong_media_type", "POST", "/sparql/", "text/plain", "CLEAR NAMED", 4, None),
    ("bad_update_missing_form_type", "POST", "/sparql/", None, "update=CLEAR%20NAMED", 4, None),
    ("bad_update_non_utf8", "POST", "/sparql/", "application/sparql-update; charset=UTF-16", "CLEAR ALL".encode("utf-16"), 4, None),
    ("bad_update_syntax", "POST", "/sparql/", FORM, "update=CLEAR%20XYZ", 4, None),
    ("bad_update_dataset_conflict", "POST", f"/sparql/?using-named-graph-uri={D1}", UPDATE,
     f"PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nCLEAR ALL ;\nINSERT {{ GRAPH <http://example.org/g> {{ ?s a foaf:Document }} }}\n"
     f"USING <{K}data1.rdf> WHERE {{ ?s a foaf:Document }}", 4, None),
]

# Not applicable: they need SPARQL Update, which a public read-only endpoint refuses (403).
UPDATES = [
    ("update_dataset_default_graph", f"/sparql/?using-graph-uri={D1}", UPDATE, "CLEAR ALL ; INSERT DATA { <http://e/s> <http://e/p> 1 }"),
    ("update_dataset_default_graphs", f"/sparql/?using-graph-uri={D1}&using-graph-uri={D2}", UPDATE, "CLEAR ALL"),
    ("update_dataset_named_graphs", f"/sparql/?using-named-graph-uri={D1}", UPDATE, "CLEAR ALL"),
    ("update_dataset_full", f"/sparql/?using-graph-uri={D3}&using-named-graph-uri={D1}", UPDATE, "CLEAR ALL"),
    ("update_post_form", "/sparql/", FORM, "update=CLEAR%20ALL"),
    ("update_post_direct", "/sparql/", UPDATE, "CLEAR ALL"),
    ("update_base_uri", "/sparql/", UPDATE, "CLEAR GRAPH <http://example.org/protocol-base-test/>"),
]


def build_protocol_dataset(out: Path) -> Path:
    """A built dataset (docs/layout.md, the parts ``lod serve`` reads) with the three kasei.us graphs."""
    (out / "dumps").mkdir(parents=True)
    quads = [Quad(NamedNode(f"{K}data{i}.rdf"), NamedNode(RDF_TYPE), NamedNode(FOAF_DOC), NamedNode(f"{K}data{i}.rdf")) for i in (1, 2, 3)]
    (out / "dumps" / "lod.nq.gz").write_bytes(gzip.compress(serialize(quads, format=RdfFormat.N_QUADS)))
    manifest = {"format": 1, "base": K, "built": "2026-11-28T00:00:00Z", "generator": "tests",
                "graphs": [{"iri": q.graph_name.value, "triples": 1} for q in quads], "files": []}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def protocol_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(build_protocol_dataset(tmp_path_factory.mktemp("protocol") / "dataset"))


def send(server: Server, method: str, path: str, ctype: str | None, body: str | bytes | None) -> httpx.Response:
    headers = {"Content-Type": ctype} if ctype else {}
    content = body.encode("utf-8") if isinstance(body, str) else body
    return httpx.request(method, server.url.rstrip("/") + path, headers=headers, content=content, timeout=30)


@pytest.mark.parametrize(("name", "method", "path", "ctype", "body", "status", "expected"), CASES, ids=[c[0] for c in CASES])
def test_protocol_case(protocol_server: Server, name: str, method: str, path: str, ctype: str | None, body: str | bytes | None,
                       status: int, expected: object) -> None:
    r = send(protocol_server, method, path, ctype, body)
    assert r.status_code // 100 == status, (name, r.status_code, r.text[:300])
    if status != 2:
        return
    media_type = r.headers["content-type"].split(";")[0]
    if isinstance(expected, bool):
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml")
        if media_type.endswith("json"):
            assert r.json()["boolean"] is expected
        else:
            tree = ElementTree.fromstring(r.content)
            assert tree.find("{http://www.w3.org/2005/sparql-results#}boolean").text == str(expected).lower()  # type: ignore[union-attr]
    elif expected == "tabular":
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values")
        assert r.json()["results"]["bindings"][0]["value"]["value"] == "1"
    elif expected == "RDF":
        assert media_type in ("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json")
        rdflib.Graph().parse(data=r.content, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                                     "application/n-triples": "nt", "application/ld+json": "json-ld"}[media_type],
                             publicID="http://example.org/")


@pytest.mark.parametrize(("name", "path", "ctype", "body"), UPDATES, ids=[u[0] for u in UPDATES])
def test_update_cases_not_applicable_are_refused(protocol_server: Server, name: str, path: str, ctype: str, body: str) -> None:
    r = send(protocol_server, "POST", path, ctype, body)
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    still = send(protocol_server, "GET", f"/sparql/?query={enc(f'ASK {{ GRAPH <{K}data1.rdf> {{ ?s ?p ?o }} }}')}", None, None)
    assert still.json()["boolean"] is True  # nothing was cleared


def test_case_count_matches_the_manifest() -> None:
    assert len(CASES) + len(UPDATES) == 34
