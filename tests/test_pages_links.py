"""Pages that link somewhere real, name their parts in the document's words, embed their metadata,
offer every format (Akoma Ntoso XML by content negotiation too), say who cites a work, and find the
words of the text: against a real ``lod serve`` of the serve fixtures' dataset (the French seed,
S/RES/2331 (2016), A/RES/74/176 in English and French).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
import rdflib

from serve_fixtures import BASE, DRAFT, SC, WORK, Server, dataset_dir, serve, server  # noqa: F401  (fixtures)
from test_server_pages import Page, get_page

SCHEMA = "https://schema.org/"
ELI = "http://data.europa.eu/eli/ontology#"
AKN_NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def local(server: Server, iri: str) -> str:
    return server.url + iri[len(BASE):]


def html(server: Server, iri: str, **headers: str) -> httpx.Response:
    r = httpx.get(local(server, iri), headers={"Accept": "text/html", **headers}, follow_redirects=True)
    assert r.status_code == 200, (iri, r.status_code)
    return r


# --- 1, 2: citation links ------------------------------------------------------------------------


def test_citations_link_somewhere_real_or_are_text(server: Server) -> None:
    page = Page(html(server, DRAFT + "/fra@").text)
    cites = [(h, a) for h, a in page.links if a.get("class") == "cite"]
    assert len(cites) > 30
    assert all(h not in ("", "#") and " " not in h and h.startswith((server.url, "https://")) for h, _ in cites), cites
    hrefs = [h for h, _ in cites]
    # a UNTS reference → the volume on treaties.un.org; a sales number → the UN Digital Library
    assert "https://treaties.un.org/doc/Publication/UNTS/Volume%202225/v2225.pdf" in hrefs
    assert "https://digitallibrary.un.org/search?p=F.09.V.11" in hrefs
    # a document the dataset does not publish → undocs.org, percent-encoded
    assert "https://undocs.org/S/RES/2388(2017)" in hrefs  # the link the RDF gives as rdfs:seeAlso
    # published here → our page: S/RES/2331 (2016) (cited by year only) and A/RES/74/176
    assert local(server, SC) in hrefs and local(server, WORK) in hrefs
    assert all(httpx.get(h, headers={"Accept": "text/html"}, follow_redirects=True).status_code == 200
               for h in hrefs if h.startswith(server.url))
    # a treaty article has nowhere to go: plain text, not a link to nowhere
    text = html(server, DRAFT + "/fra@").text
    assert re.search(r'<span class="cite"[^>]*>article 32 de la Convention', text)
    assert 'href="#"' not in text


def test_links_out_are_percent_encoded(server: Server) -> None:
    page = Page(html(server, SC + "/eng@").text)
    outside = [h for h, _ in page.links if h.startswith("https://undocs.org/")]
    assert "https://undocs.org/S/RES/1267(1999)" in outside
    uri_chars = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")  # RFC 3986: parentheses are legal, spaces not
    assert outside and all(uri_chars.fullmatch(h) for h in outside)


# --- 3, 4: paragraph pages ----------------------------------------------------------------------


@pytest.mark.parametrize(("iri", "heading"), [
    (DRAFT + "/fra@/!main~para_13", "Paragraphe 13"),
    (DRAFT + "/fra@/!main~preamble__p_1", "Alinéa 1 du préambule"),
    (DRAFT + "/fra@/!main~note_1", "Note 1"),
    (DRAFT + "/fra@/!main~para_13__list_1__point_f", "Paragraphe 13 f)"),
    (WORK + "/eng@/!main~para_2__list_1__point_a", "Paragraph 2 (a)"),
    (WORK + "/eng@/!main~preamble__p_2", "Preambular paragraph 2"),
    (WORK + "/fra@/!main~para_1", "Paragraphe 1"),
    (WORK + "/eng@/!main~note_1", "Footnote 1"),
])
def test_paragraph_pages_are_named_in_the_documents_words(server: Server, iri: str, heading: str) -> None:
    r = html(server, iri)
    h1 = re.search(r"<h1>(.*?)</h1>", r.text)
    assert h1 is not None and h1.group(1) == heading
    assert f"· {heading}</title>" in r.text


def test_footnote_markers_on_a_paragraph_page_land_on_the_note(server: Server) -> None:
    iri = WORK + "/eng@/!main~preamble__p_2"  # "…to end trafficking in persons, 1"
    page = get_page(server, iri)
    refs = [h for h, a in page.links if a.get("class") == "noteref"]
    assert refs == ["#note_1"]
    assert page.ids.get("note_1") == "li" and "See resolution 55/25" in page.text_of("note_1")
    # the seed: every marker on every paragraph page is on that page
    draft = get_page(server, DRAFT + "/fra@")
    for href, a in draft.links:
        if a.get("class") == "self" and "/!main~" in href and "~note_" not in href:
            p = Page(httpx.get(href, headers={"Accept": "text/html"}).text)
            for ref, ra in p.links:
                if ra.get("class") == "noteref":
                    assert ref.startswith("#") and ref[1:] in p.ids, (href, ref)


def test_the_work_is_named_not_a_link_back_to_the_same_page(server: Server) -> None:
    r = html(server, WORK + "/eng@")
    page = Page(r.text)
    assert WORK in page.text_of("meta")
    in_meta = re.search(r'<dl class="meta".*?</dl>', r.text, re.S)
    assert in_meta is not None
    links = re.findall(r'href="([^"]+)"', in_meta.group(0))
    assert links == [local(server, WORK) + ".ttl"]  # the work's data, not a 303 back here
    data = httpx.get(links[0])
    assert data.status_code == 200 and data.headers["content-type"].startswith("text/turtle")


# --- 5, 8: metadata and formats -----------------------------------------------------------------


def _json_ld(text: str) -> dict[str, object]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])  # type: ignore[no-any-return]


def test_document_page_embeds_schema_legislation_with_eli_terms(server: Server) -> None:
    text = html(server, WORK + "/fra@").text
    data = _json_ld(text)
    g = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")  # the context is inline: no network
    E, W = rdflib.URIRef(WORK + "/fra@"), rdflib.URIRef(WORK)
    S, L = rdflib.Namespace(SCHEMA), rdflib.Namespace(ELI)
    assert (E, rdflib.RDF.type, S.Legislation) in g and (E, rdflib.RDF.type, L.LegalExpression) in g
    assert (E, S.legislationIdentifier, rdflib.Literal("A/RES/74/176")) in g
    assert (E, S.inLanguage, rdflib.Literal("fr")) in g and (E, S.legislationDate, rdflib.Literal("2019-12-18")) in g
    assert (E, L.realizes, W) in g and (E, S.exampleOfWork, W) in g
    assert (E, L.language, rdflib.URIRef("http://publications.europa.eu/resource/authority/language/FRA")) in g
    assert (W, L.date_document, rdflib.Literal("2019-12-18", datatype=rdflib.XSD.date)) in g
    body = g.value(E, S.legislationPassedBy)
    assert body is not None and str(body).endswith("/un-ga") and (W, L.passed_by, body) in g
    assert {str(o) for o in g.objects(W, S.workExample)} == {WORK + "/eng@", WORK + "/fra@"}
    assert (E, S.sameAs, rdflib.URIRef("https://undocs.org/A/RES/74/176")) in g
    assert len(set(g.objects(E, S.hasPart))) >= 4
    formats = {str(g.value(m, S.encodingFormat)): str(g.value(m, S.contentUrl)) for m in g.objects(E, S.encoding)}
    assert set(formats) == {"text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml",
                            "application/n-quads", "application/akn+xml"}


def test_paragraph_page_embeds_its_metadata_as_part_of_the_expression(server: Server) -> None:
    data = _json_ld(html(server, DRAFT + "/fra@/!main~para_13").text)
    assert data["@id"] == DRAFT + "/fra@/!main~para_13" and data["name"] == "Paragraphe 13"
    assert data["isPartOf"]["@id"] == DRAFT + "/fra@"  # type: ignore[index]
    assert data["isPartOf"]["legislationIdentifier"] == "CTOC/COP/2020/L.6/Rev.1"  # type: ignore[index]


def test_every_format_is_a_visible_download_that_answers(server: Server) -> None:
    text = html(server, SC + "/eng@").text
    formats = re.search(r'<p class="formats" id="formats">(.*?)</p>', text, re.S)
    assert formats is not None
    links = re.findall(r'<a href="([^"]+)" type="([^"]+)" download>([^<]+)</a>', formats.group(1))
    assert [label for _, _, label in links] == ["Turtle", "JSON-LD", "N-Triples", "RDF/XML", "N-Quads", "Akoma Ntoso XML"]
    for url, media_type, label in links:
        r = httpx.get(url)
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media_type, (label, r.status_code)
        assert len(r.content) > 1000
    assert 'type="application/akn+xml"' in text  # also a <link rel="alternate"> in the head


# --- 8: Akoma Ntoso XML by content negotiation ---------------------------------------------------


def _is_akn(r: httpx.Response, symbol: str) -> None:
    assert r.status_code == 200 and r.headers["content-type"] == "application/akn+xml"
    root = ElementTree.fromstring(r.content)
    assert root.tag == AKN_NS + "akomaNtoso"
    assert symbol in r.text


def test_akoma_ntoso_is_negotiated_at_the_expression(server: Server) -> None:
    url = local(server, WORK + "/eng@")
    r = httpx.get(url, headers={"Accept": "application/akn+xml"})
    _is_akn(r, "74/176")
    assert r.headers["content-location"] == url + ".akn.xml" and "Accept" in r.headers["vary"]
    _is_akn(httpx.get(url, params={"format": "akn"}), "74/176")
    _is_akn(httpx.get(url + ".akn.xml"), "74/176")
    # browsers still get the page, and every representation names the AKN alternate
    page = httpx.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert f'<{url}.akn.xml>; rel="alternate"; type="application/akn+xml"' in page.headers["link"]
    # a work is no document: no AKN there
    assert httpx.get(local(server, WORK), headers={"Accept": "application/akn+xml"}).status_code == 406


@pytest.fixture(scope="module")
def without_akn(dataset_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The same dataset with one expression's AKN file gone (a dataset built before AKN, or a lost file)."""
    copy = tmp_path_factory.mktemp("noakn") / "dataset"
    shutil.copytree(dataset_dir, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    entry = next(g for g in manifest["graphs"] if g.get("iri") == WORK + "/eng@")
    (copy / entry["akn"]).unlink()
    yield from serve(copy)


def test_akoma_ntoso_absent_is_406(without_akn: Server) -> None:
    url = without_akn.url + (WORK + "/eng@")[len(BASE):]
    r = httpx.get(url, headers={"Accept": "application/akn+xml"})
    assert r.status_code == 406 and "application/akn+xml" not in r.json()["offered"]
    assert httpx.get(url, params={"format": "akn"}).status_code == 406
    assert httpx.get(url + ".akn.xml").status_code == 406
    page = httpx.get(url, headers={"Accept": "text/html"})
    assert "Akoma Ntoso" not in page.text and "akn+xml" not in page.headers["link"]
    # the other language version still has its file
    _is_akn(httpx.get(without_akn.url + (WORK + "/fra@")[len(BASE):], headers={"Accept": "application/akn+xml"}), "74/176")


# --- 6: search ------------------------------------------------------------------------------------


def _search(server: Server, q: str) -> list[dict[str, str]]:
    r = httpx.get(server.url + "search", params={"q": q, "format": "json"})
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


def test_search_finds_the_words_of_the_text_in_every_language(server: Server) -> None:
    found = _search(server, "Prie")  # French: "Prie l'Office des Nations Unies contre la drogue et le crime…"
    assert sorted((d["symbol"], d["language"]) for d in found) == [("A/RES/74/176", "fr"), ("CTOC/COP/2020/L.6/Rev.1", "fr")]
    seed = next(d for d in found if d["symbol"] == "CTOC/COP/2020/L.6/Rev.1")
    assert seed["part"].startswith(DRAFT + "/fra@/!main~para_") and "Prie" in seed["excerpt"]
    assert [d["symbol"] for d in _search(server, "Yazidis")] == ["S/RES/2331 (2016)"]  # English, only in 2331's text
    # accents and case do not matter; every word must be there; a word matches the longer words it begins
    assert [d["symbol"] for d in _search(server, "MICROCREDIT")] == ["CTOC/COP/2020/L.6/Rev.1"]  # "microcrédit"
    assert _search(server, "Yazidis Prie") == []
    assert "S/RES/2331 (2016)" in [d["symbol"] for d in _search(server, "Yazid")]
    # the page shows where the words are, linked to that paragraph
    page = Page(httpx.get(server.url + "search", params={"q": "Yazidis"}, headers={"Accept": "text/html"}).text)
    where = [h for h, _ in page.links if "/!main~" in h]
    assert where == [local(server, SC + "/eng@/!main~para_11")]
    assert httpx.get(where[0], headers={"Accept": "text/html"}).status_code == 200


# --- 7: cited by, and a citation's IRI ----------------------------------------------------------


def test_a_works_page_lists_what_cites_it_with_the_paragraphs(server: Server) -> None:
    """S/RES/2331 (2016) is cited by A/RES/74/176 (dated: "of 20 December 2016") and by the seed (by year
    only, ``…/un-sc/2016/2331``: joined by the links graph's owl:sameAs, or else by the date's prefix)."""
    r = html(server, SC + "/eng@")
    section = re.search(r'<section class="cited-by" id="cited-by">(.*?)</section>', r.text, re.S)
    assert section is not None
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', section.group(1))
    assert (local(server, WORK + "/eng@"), "A/RES/74/176") in links
    assert (local(server, WORK + "/eng@/!main~preamble__p_1"), "Preambular paragraph 1") in links
    assert (local(server, DRAFT + "/fra@"), "CTOC/COP/2020/L.6/Rev.1") in links
    assert (local(server, DRAFT + "/fra@/!main~preamble__p_2"), "Alinéa 2 du préambule") in links
    for url, _ in links:
        assert httpx.get(url, headers={"Accept": "text/html"}).status_code == 200
    # the French page of A/RES/74/176 says who cites it in French: the seed, paragraph by paragraph
    fr = html(server, WORK + "/fra@").text
    assert '<h2>Cité par</h2>' in fr and "CTOC/COP/2020/L.6/Rev.1" in fr
    # nothing cites the seed
    assert 'id="cited-by"' not in html(server, DRAFT + "/fra@").text


def _cited_by_section(server: Server) -> str:
    section = re.search(r'<section class="cited-by" id="cited-by">(.*?)</section>', html(server, SC + "/eng@").text, re.S)
    assert section is not None
    return section.group(1)


def test_a_page_lists_its_first_citers_and_links_the_query_for_all(server: Server, dataset_dir: Path) -> None:
    """``--page-citers N``: a much-cited work's page lists N citing passages (A/RES/70/1 has thousands,
    and listing them all made its page take seconds and megabytes); a link runs the who-cites query for all."""
    everything = _cited_by_section(server)
    assert 'class="more"' not in everything  # the default (200) lists all of S/RES/2331's few citers
    passages = set(re.findall(r'href="[^"]*(/!main~[^"]+)"', everything))
    assert len(passages) >= 2
    one = Server(dataset_dir, "--page-citers", "1")
    try:
        first = _cited_by_section(one)
        assert len(re.findall(r"<li>", first)) == 1 and len(re.findall(r'href="[^"]*/!main~', first)) == 1
        more = re.search(r'<p class="more"><a href="([^"]+)">', first)
        assert more is not None
        url = more.group(1).replace("&amp;", "&")
        assert url.startswith(one.url + "sparql?query=")
        assert httpx.get(url, headers={"Accept": "text/html"}).status_code == 200
        r = httpx.get(url, headers={"Accept": "application/sparql-results+json"})
        citing = {b["citing"]["value"] for b in r.json()["results"]["bindings"]}
        # every passage the full page lists is in the query's answer
        assert {p for p in passages if not any(c.endswith(p) for c in citing)} == set()
    finally:
        one.stop()


def test_the_seed_joins_s_res_2331_through_the_links_graph(server: Server) -> None:
    """The pattern pages use is the documented one: ``?x eli:cites <published work>``, over the links graph."""
    query = f"SELECT ?x WHERE {{ GRAPH <{BASE}id/links> {{ ?x <{ELI}cites> <{SC}> }} }}"
    r = httpx.get(server.url + "sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    citing = {b["x"]["value"] for b in r.json()["results"]["bindings"]}
    assert DRAFT in citing and DRAFT + "/!main~preamble__p_2" in citing


def test_a_citation_iri_dereferences_to_what_it_is(server: Server) -> None:
    unit = WORK + "/eng@/!main~preamble__p_1"
    cit = unit + "#cit_1"
    # RDF: the document of a hash IRI is the IRI before the '#'; it describes the citation
    r = httpx.get(local(server, unit), headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    C = rdflib.URIRef(cit)
    lod = rdflib.Namespace("https://w3id.org/un-lod/ontology#")
    assert (rdflib.URIRef(unit), lod.hasCitation, C) in g
    assert str(g.value(C, lod.citedText)) == "2331 (2016) of 20 December 2016"
    assert str(g.value(C, lod.targetSymbol)) == "S/RES/2331 (2016)"
    assert g.value(C, lod.citationTarget) is not None
    # HTML: the paragraph's page holds an element with that id: its text, its target, in the paragraph
    page = get_page(server, unit)
    assert page.ids.get("cit_1") == "li"
    assert "2331 (2016) of 20 December 2016" in page.text_of("cit_1") and "S/RES/2331 (2016)" in page.text_of("cit_1")
    assert local(server, SC) in [h for h, _ in page.links]
    # a client that escapes the '#' is sent to the document, fragment restored
    escaped = httpx.get(local(server, unit) + "%23cit_1", headers={"Accept": "text/turtle"})
    assert escaped.status_code == 303 and escaped.headers["location"] == local(server, unit) + "#cit_1"


def test_the_word_index_is_bounded() -> None:
    """Past its limits the index stops growing and says how many documents it holds whole."""
    from lod.serve.catalogue import Catalogue, Document, TextIndex

    docs = [Document(f"http://x/e{n}", f"http://x/w{n}", "en", f"A/RES/{n}", "", f"2020-01-{n + 10}", "", "") for n in range(5)]
    texts = {d.expression: [f"common word{n} other{n}", f"more{n}"] for n, d in enumerate(docs)}
    full = Catalogue(docs, "http://x/", texts.__getitem__)
    assert full.text_index.complete and full.text_index.covered == 5
    assert [d.symbol for d in full.search("common")] == ["A/RES/4", "A/RES/3", "A/RES/2", "A/RES/1", "A/RES/0"]
    index = TextIndex(max_postings=9)
    for n, d in enumerate(docs):
        for text in texts[d.expression]:
            index.add(n, text)
        if not index.complete:
            break
        index.covered = n + 1
    assert not index.complete and index.covered == 2 and index.postings == 9
    assert index.find("common")[:2] == [0, 1] and index.find("more1") == [1] and index.find("word3") == []
    narrow = TextIndex(max_words=3)
    narrow.add(0, "one two three four five")
    assert len(narrow.find("one")) + len(narrow.find("four")) + len(narrow.find("five")) <= 3 and not narrow.complete


def test_a_paragraph_page_offers_the_documents_formats(server: Server) -> None:
    text = html(server, WORK + "/eng@/!main~para_2").text
    formats = re.search(r'<p class="formats" id="formats">Download the document: (.*?)</p>', text, re.S)
    assert formats is not None
    urls = re.findall(r'<a href="([^"]+)"', formats.group(1))
    assert local(server, WORK + "/eng@.akn.xml") in urls and len(urls) == 6


def test_a_section_without_text_of_its_own_has_a_page_of_its_parts(tmp_path_factory: pytest.TempPathFactory) -> None:
    """S/RES/687 (1991) is divided into sections A–I: ``…/eng@/!main~sec_F`` is named "Section F" and shows its
    paragraphs, and its link back lands on an element of the document page."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "texts"
    source = next(iter(sorted(shared.glob("en__S_RES_687_1991*"))), None)
    if source is None:
        pytest.skip("S/RES/687 (1991) is not in ../shared/corpus/texts")
    from serve_fixtures import build_test_dataset

    out = build_test_dataset(tmp_path_factory.mktemp("sections") / "dataset", sources=[source])
    for srv in serve(out):
        expression = next(g["iri"] for g in json.loads((out / "manifest.json").read_text())["graphs"] if "/un-sc/" in g["iri"])
        page = get_page(srv, expression + "/!main~sec_F")
        assert re.search(r"<h1>Section F</h1>", httpx.get(local(srv, expression + "/!main~sec_F"), headers={"Accept": "text/html"}).text)
        assert "sec_F__para_24" in page.ids
        back = next(h for h, a in page.links if h.startswith(local(srv, expression) + "#"))
        assert back.split("#")[1] in get_page(srv, expression).ids
