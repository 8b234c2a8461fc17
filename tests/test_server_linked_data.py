"""Linked Data rules, checked over HTTP against a real ``lod serve`` subprocess."""

from __future__ import annotations

import gzip
import http.client
import hashlib
import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import rdflib
from pyld import jsonld

from serve_fixtures import BASE, DRAFT, WORK, Server, dataset_dir, server  # noqa: F401  (fixtures)

EXPR_EN = WORK + "/eng@"
EXPR_FR = WORK + "/fra@"
PARA = EXPR_EN + "/!main~para_2"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt", "application/rdf+xml": "xml"}


def local(server: Server, iri: str) -> str:
    assert iri.startswith(BASE)
    return server.url + iri[len(BASE):]


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_expression_iri_negotiates_each_rdf_format(server: Server, media_type: str) -> None:
    r = httpx.get(local(server, EXPR_EN), headers={"Accept": media_type})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in r.headers["vary"]
    g = rdflib.Graph().parse(data=r.content, format=RDF_TYPES[media_type])
    # canonical IRIs in the data, whatever the server's address
    assert (rdflib.URIRef(EXPR_EN), rdflib.URIRef("http://data.europa.eu/eli/ontology#realizes"), rdflib.URIRef(WORK)) in g
    # the whole expression graph: every paragraph of the document
    assert (rdflib.URIRef(PARA), None, None) in g
    assert r.headers["content-location"].endswith(".ttl" if media_type == "text/turtle" else "")


def test_html_is_the_default_and_links_alternates(server: Server) -> None:
    r = httpx.get(local(server, EXPR_EN), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    links = r.headers["link"]
    for ext, mt in [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")]:
        assert f'{local(server, EXPR_EN)}.{ext}>; rel="alternate"; type="{mt}"' in links
    assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(("suffix", "media_type"), [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
                                                   (".rdf", "application/rdf+xml"), (".html", "text/html")])
def test_suffix_overrides_accept(server: Server, suffix: str, media_type: str) -> None:
    r = httpx.get(local(server, EXPR_EN) + suffix, headers={"Accept": "image/png"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)


def test_format_parameter_overrides_accept(server: Server) -> None:
    r = httpx.get(local(server, PARA), params={"format": "nt"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    assert f"<{PARA}>" in r.text


def test_iri_with_dots_is_not_mistaken_for_a_suffix(server: Server) -> None:
    # CTOC/COP/2020/L.6/Rev.1 → …/CTOC-COP-2020-L.6-Rev.1: ".1" is part of the IRI
    r = httpx.get(local(server, DRAFT + "/fra@"), headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and DRAFT in r.text


def test_406_lists_what_is_offered(server: Server) -> None:
    r = httpx.get(local(server, EXPR_EN), headers={"Accept": "image/png"})
    assert r.status_code == 406
    body = r.json()
    assert body["status"] == 406 and "text/turtle" in body["offered"] and "application/ld+json" in body["offered"]
    r = httpx.get(local(server, EXPR_EN), params={"format": "docx"})
    assert r.status_code == 406


def test_unknown_iri_is_404_with_the_error_shape(server: Server) -> None:
    r = httpx.get(server.url + "akn/un/statement/deliberation/un-ga/2019-12-18/99-999", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert set(r.json()) >= {"status", "error", "detail"} and "99-999" in r.json()["detail"]
    r = httpx.get(server.url + "akn/nothing", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "<h1>Not found</h1>" in r.text


def test_work_redirects_to_expression_by_accept_language(server: Server) -> None:
    for lang, expected in [("fr-FR,fr;q=0.9,en;q=0.5", EXPR_FR), ("en", EXPR_EN), ("de", EXPR_EN), (None, EXPR_EN)]:
        headers = {"Accept": "text/html"} | ({"Accept-Language": lang} if lang else {})
        r = httpx.get(local(server, WORK), headers=headers)
        assert r.status_code == 303, lang
        assert r.headers["location"] == local(server, expected)
        assert r.headers["vary"] == "Accept, Accept-Language"
    # data clients get the work description itself
    r = httpx.get(local(server, WORK), headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(WORK), rdflib.URIRef("http://data.europa.eu/eli/ontology#is_realized_by"), rdflib.URIRef(EXPR_FR)) in g


def test_etag_last_modified_and_304(server: Server) -> None:
    url = local(server, EXPR_EN)
    r = httpx.get(url, headers={"Accept": "text/turtle"})
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert httpx.get(url, headers={"Accept": "text/turtle", "If-None-Match": etag}).status_code == 304
    assert httpx.get(url, headers={"Accept": "text/turtle", "If-Modified-Since": modified}).status_code == 304
    other = httpx.get(url, headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag  # one ETag per representation


def test_cors_preflight_and_simple(server: Server) -> None:
    r = httpx.options(server.url + "sparql", headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*" and "POST" in r.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in r.headers


def test_symbol_and_title_resolver(server: Server) -> None:
    r = httpx.get(server.url + "id", params={"symbol": "A/RES/74/176"})
    assert r.status_code == 303 and r.headers["location"] == local(server, WORK)
    r = httpx.get(server.url + "id", params={"symbol": "a/res/74/176 "})
    assert r.status_code == 303
    title_fr = "Amelioration de la coordination des efforts deployes pour lutter contre la traite des personnes"  # accents dropped
    assert httpx.get(server.url + "id", params={"title": title_fr}).headers["location"] == local(server, WORK)
    r = httpx.get(server.url + "id", params={"title": "Improving the coordination of efforts against trafficking in persons"})
    assert r.status_code == 303
    assert httpx.get(server.url + "id", params={"symbol": "A/RES/1/1"}).status_code == 404


def test_void_and_ontology(server: Server) -> None:
    r = httpx.get(server.url + ".well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in g
    assert httpx.get(server.url + ".well-known/void", headers={"Accept": "text/html"}).status_code == 200
    # the ontology's namespace (https://w3id.org/un-lod/ontology) is a w3id redirect; this server
    # publishes the document it should redirect to, at /ontology, negotiated
    r = httpx.get(server.url + "ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["vary"] == "Accept"
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    onto = rdflib.Namespace("https://w3id.org/un-lod/ontology#")
    assert (rdflib.URIRef("https://w3id.org/un-lod/ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in g
    assert (onto.Resolution, rdflib.RDF.type, rdflib.OWL.Class) in g
    page = httpx.get(server.url + "ontology", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and "Resolution" in page.text


def test_dumps_and_checksums_download(server: Server, dataset_dir: Path) -> None:
    sums = httpx.get(server.url + "SHA256SUMS")
    assert sums.status_code == 200
    listed = dict(line.split("  ")[::-1] for line in sums.text.splitlines())
    assert "dumps/lod.nq.gz" in listed
    for rel, digest in listed.items():
        r = httpx.get(server.url + rel)
        assert r.status_code == 200, rel
        assert hashlib.sha256(r.content).hexdigest() == digest, rel
    dump = httpx.get(server.url + "dumps/lod.nq.gz")
    assert dump.headers["content-type"] == "application/gzip"
    assert gzip.decompress(dump.content).count(b"\n") > 100


@pytest.mark.parametrize("path", [
    "../manifest.json", "dumps/../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "dumps/%2e%2e/manifest.json/../../../etc/hostname",
    "store/CURRENT", "graphs/../store/CURRENT", "static/../../cli.py", "static/%2e%2e%2fcli.py", "..%2f..%2fetc%2fpasswd",
])
def test_no_path_traversal(server: Server, path: str) -> None:
    # http.client sends the path as written (httpx would normalise the dot segments away)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/" + path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status in (404, 400), path
    assert b"root:" not in body and b"import" not in body and b'"graphs"' not in body


def test_rdflib_dereferences_our_iris(server: Server) -> None:
    g = rdflib.Graph()
    g.parse(local(server, WORK))  # rdflib's own Accept header and redirect handling
    assert (rdflib.URIRef(WORK), rdflib.URIRef("http://purl.org/dc/terms/identifier"), rdflib.Literal("A/RES/74/176")) in g
    g2 = rdflib.Graph().parse(local(server, PARA), format="turtle")
    assert (rdflib.URIRef(PARA), None, None) in g2


def test_pyld_dereferences_our_iris(server: Server) -> None:
    doc = jsonld.expand(local(server, EXPR_FR))  # pyld's document loader fetches with Accept: application/ld+json
    ids = {node.get("@id") for node in doc}
    assert EXPR_FR in ids
    compacted = jsonld.compact(doc, {"eli": "http://data.europa.eu/eli/ontology#"})
    assert "eli:realizes" in json.dumps(compacted)


def test_base_mapping_with_public_root(dataset_dir: Path) -> None:
    """``--base`` fixes the public root: pages link there whatever the Host header."""
    from serve_fixtures import serve

    for srv in serve(dataset_dir, "--base", "https://lod.example.net/un/"):
        r = httpx.get(srv.url + "id", params={"symbol": "A/RES/74/176"})
        assert r.headers["location"] == "https://lod.example.net/un/" + WORK[len(BASE):]
        page = httpx.get(srv.url + quote(EXPR_EN[len(BASE):], safe="/@!~"), headers={"Accept": "text/html"})
        assert 'href="https://lod.example.net/un/static/style.css"' in page.text


@pytest.mark.parametrize("path", ["akn/un/a b", "akn/%ZZ", "akn/" + "x" * 5000, "akn/un/%00", "akn/<script>", "akn/un/é/ü"])
def test_malformed_paths_are_404_not_500(server: Server, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/" + path.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("é", "%C3%A9").replace("ü", "%C3%BC"))
    r = conn.getresponse()
    r.read()
    conn.close()
    assert r.status == 404, path
    assert httpx.get(server.url + "healthz").status_code == 200  # still up


def test_head_answers_like_get_without_a_body(server: Server) -> None:
    r = httpx.head(local(server, EXPR_EN), headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.content == b"" and r.headers["content-type"].startswith("text/turtle")
    assert "etag" in r.headers


def test_symbol_iri_same_as_redirects_to_the_work(server: Server) -> None:
    """{base}id/symbol/… IRIs (owl:sameAs of a work in the data) answer 303 to the work."""
    r = httpx.get(server.url + "id/symbol/A-RES-74-176")
    assert r.status_code == 303 and r.headers["location"] == local(server, WORK)


def test_work_iri_with_a_less_precise_date_moved_permanently(server: Server) -> None:
    """A work IRI minted with the year only (before the adoption date was known, or as a citation knows it)
    answers 301 to the dated IRI, parts and expressions included; another year is still unknown."""
    year_only = WORK.replace("/2019-12-18/", "/2019/")
    r = httpx.get(local(server, year_only))
    assert r.status_code == 301 and r.headers["location"] == local(server, WORK)
    r = httpx.get(local(server, year_only + "/eng@/!main~para_2"))
    assert r.status_code == 301 and r.headers["location"] == local(server, PARA)
    assert httpx.get(local(server, WORK.replace("/2019-12-18/", "/2019-12/"))).status_code == 301
    assert httpx.get(local(server, WORK.replace("/2019-12-18/", "/2018/"))).status_code == 404
    # a year read from a job number a century off (A/L.632 of 1971 was once minted …/2071/…)
    r = httpx.get(local(server, WORK.replace("/2019-12-18/", "/2119/")))
    assert r.status_code == 301 and r.headers["location"] == local(server, WORK)
    assert httpx.get(local(server, DRAFT)).status_code == 303  # described IRIs are answered as before


def test_per_graph_files_download(server: Server, dataset_dir: Path) -> None:
    manifest = json.loads((dataset_dir / "manifest.json").read_text())
    for g in manifest["graphs"]:
        for key in ("file", "ttl", "jsonld"):
            if g.get(key):
                r = httpx.get(server.url + g[key])
                assert r.status_code == 200, g[key]
                assert hashlib.sha256(r.content).hexdigest() == g[{"file": "sha256", "ttl": "ttl_sha256", "jsonld": "jsonld_sha256"}[key]]


def test_the_dataset_and_its_distributions_dereference(server: Server) -> None:
    """``/id/dataset`` and each distribution the VoID/DCAT names: 303 to the description, which describes them."""
    base = server.url
    for path in ("id/dataset", "id/dataset/nquads", "id/dataset/turtle", "id/dataset/jsonld"):
        r = httpx.get(base + path, headers={"Accept": "text/turtle"}, timeout=10)
        assert r.status_code == 303 and r.headers["location"].endswith("/.well-known/void"), (path, r.status_code)
        described = httpx.get(r.headers["location"], headers={"Accept": "text/turtle"}, timeout=10)
        assert described.status_code == 200 and path in described.text, path
    assert httpx.get(base + "id/dataset/nope", timeout=10).status_code == 404
