"""HTML pages over HTTP: a resolution page reads like the document; home, search, browse, query page."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx

from serve_fixtures import BASE, DRAFT, SC, WORK, Server, dataset_dir, server  # noqa: F401  (fixtures)


class Page(HTMLParser):
    """Collects ids, links, the title and the text of elements by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}
        self.links: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._stack: list[tuple[str, str | None]] = []
        self._in_title = False
        self.text: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        if "id" in a:
            self.ids[a["id"]] = tag
        self._in_title = tag == "title"
        if tag not in ("br", "img", "input", "meta", "link"):
            self._stack.append((tag, a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for _, i in self._stack:
            if i:
                self.text.setdefault(i, []).append(data)

    def text_of(self, eid: str) -> str:
        return " ".join("".join(self.text.get(eid, [])).split())


def get_page(server: Server, iri: str, **headers: str) -> Page:
    r = httpx.get(server.url + iri[len(BASE):], headers={"Accept": "text/html", **headers}, follow_redirects=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    return Page(r.text)


def test_resolution_page_reads_like_the_document(server: Server) -> None:
    p = get_page(server, WORK + "/eng@")
    assert "A/RES/74/176" in p.title and "Improving the coordination" in p.title
    main = p.text_of("preamble") + " " + p.text_of("main")
    assert main.startswith("The General Assembly,")
    assert p.text_of("preamble__p_1").startswith("Recalling Security Council resolution 2331 (2016)")
    assert p.text_of("para_1").startswith("1. Urges Member States")
    # points nested under their paragraph, with their numbering
    assert p.text_of("para_2__list_1__point_a").startswith("(a) The implementation")
    assert "(b) The funds received" in p.text_of("para_2")
    # footnotes, and the marker in the text links to the note
    assert "See resolution 55/25" in p.text_of("notes")
    assert any(href == "#note_1" for href, _ in p.links)
    # date, body, symbol, link to undocs
    assert "General Assembly" in p.text_of("meta") and "2019-12-18" in p.text_of("meta")
    assert "https://undocs.org/A/RES/74/176" in [h for h, _ in p.links]


def test_every_paragraph_is_addressable_and_dereferenceable(server: Server) -> None:
    p = get_page(server, WORK + "/eng@")
    for eid in ("preamble__p_1", "preamble__p_2", "para_1", "para_2", "para_2__list_1__point_a", "note_1"):
        assert eid in p.ids
        own = [h for h, a in p.links if h.endswith("~" + eid)]
        assert own, eid
        r = httpx.get(own[0], headers={"Accept": "text/html"})
        assert r.status_code == 200 and f'id="{eid}"' in r.text
        ttl = httpx.get(own[0], headers={"Accept": "text/turtle"})
        assert ttl.status_code == 200 and eid in ttl.text


def test_citations_link_to_our_page_or_undocs(server: Server) -> None:
    p = get_page(server, WORK + "/fra@")
    hrefs = [h for h, a in p.links if a.get("class") == "cite"]
    assert server.url + SC[len(BASE):] in hrefs  # S/RES/2331 (2016): we hold it, our page
    assert "https://undocs.org/A/RES/55/25" in hrefs  # not held: undocs.org
    # following our link lands on the cited resolution (303 → its expression)
    r = httpx.get(server.url + SC[len(BASE):], headers={"Accept": "text/html"}, follow_redirects=True)
    assert r.status_code == 200 and "S/RES/2331 (2016)" in r.text
    # the seed cites many documents we do not hold: all go to undocs.org
    seed = get_page(server, DRAFT + "/fra@")
    cites = [h for h, a in seed.links if a.get("class") == "cite"]
    assert len(cites) > 20 and any(h.startswith("https://undocs.org/") for h in cites)


def test_language_switch(server: Server) -> None:
    en = get_page(server, WORK + "/eng@")
    alternates = {a.get("hreflang"): h for h, a in en.links if a.get("rel") == "alternate"}
    assert alternates == {"fr": server.url + WORK[len(BASE):] + "/fra@"}
    fr = get_page(server, WORK + "/fra@")
    assert fr.text_of("preamble__p_1").startswith("Rappelant")


def test_home_page_figures_search_and_browse(server: Server) -> None:
    r = httpx.get(server.url, headers={"Accept": "text/html"})
    p = Page(r.text)
    assert p.text_of("n-works") == "3" and p.text_of("n-expressions") == "4"
    browse_links = [h for h, _ in p.links if "/browse?" in h]
    assert any("year=2019" in h for h in browse_links) and any("body=" in h for h in browse_links)
    for href in browse_links:
        page = httpx.get(href)
        assert page.status_code == 200 and "<table" in page.text
    s = httpx.get(server.url + "search", params={"q": "traite des personnes"})
    assert s.status_code == 200 and "CTOC/COP/2020/L.6/Rev.1" in s.text and "A/RES/74/176" in s.text
    s = httpx.get(server.url + "search", params={"q": "74/176", "format": "json"})
    # the symbol first (both language versions), then the seed, whose text cites 74/176
    assert [d["symbol"] for d in s.json()] == ["A/RES/74/176", "A/RES/74/176", "CTOC/COP/2020/L.6/Rev.1"]
    assert "74/176" in s.json()[2]["excerpt"] and "/!main~" in s.json()[2]["part"]


def test_query_page_is_served_from_the_package(server: Server) -> None:
    r = httpx.get(server.url + "sparql", headers={"Accept": "text/html"})
    assert r.status_code == 200
    # every script and stylesheet the page loads comes from this server, none from a CDN
    import re

    loaded = re.findall(r'<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', r.text)
    urls = [a or b for a, b in loaded]
    assert urls and all(u.startswith((server.url, "/")) for u in urls), urls
    js = httpx.get(server.url + "static/query.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert httpx.get(server.url + "static/style.css").status_code == 200


def test_seed_page_reads_like_the_draft(server: Server) -> None:
    """The seed: 22 preambular and 17 operative paragraphs, 11 points a)–k) under paragraph 13, 5 notes."""
    p = get_page(server, DRAFT + "/fra@")
    assert "CTOC/COP/2020/L.6/Rev.1" in p.title
    assert sum(1 for i in p.ids if i.startswith("preamble__p_")) == 22
    assert sum(1 for i in p.ids if i.startswith("para_") and "__" not in i) == 17
    points = [i for i in p.ids if i.startswith("para_13__list_1__point_")]
    assert len(points) == 11 and p.text_of(points[0]).startswith("a)")
    assert p.text_of("para_13__list_1__point_k").startswith("k)")
    assert {"note_star", "note_1", "note_2", "note_3", "note_4"} <= set(p.ids)
    assert p.text_of("preamble").startswith("La Conférence des Parties")


def test_actors_are_named_and_linked(server: Server) -> None:
    """Addressees show the gazetteer's name; linked to our page when we hold one, else to Wikidata when known."""
    p = get_page(server, WORK + "/eng@")
    actors = {p_text: href for href, a in p.links if a.get("class") == "actor" for p_text in [a.get("rel", "")]}
    assert "addressee" in actors
    r = httpx.get(server.url + WORK[len(BASE):] + "/eng@", headers={"Accept": "text/html"})
    assert ">Secretary-General</a>" in r.text
    # the build publishes the gazetteer ({base}id/actors): the actor's link is our own page, which
    # dereferences and names the actor in both languages and links it to Wikidata
    sg = "akn/ontology/organization/un/un-sg"
    assert f'href="{server.url}{sg}"' in r.text or f'href="/{sg}"' in r.text
    page = httpx.get(server.url + sg, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Secretary-General" in page.text and "wikidata.org/entity/Q81066" in page.text
    ttl = httpx.get(server.url + sg, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "Secrétaire général" in ttl.text
    assert "Member States" in p.text_of("para_1")


def test_language_neutral_part_redirects_to_its_text(server: Server) -> None:
    """{work}/!main~para_1 (no language) → 303 to the paragraph in the reader's language."""
    for lang, expected in [("fr", "/fra@/!main~para_1"), ("en", "/eng@/!main~para_1")]:
        r = httpx.get(server.url + WORK[len(BASE):] + "/!main~para_1", headers={"Accept": "text/html", "Accept-Language": lang})
        assert r.status_code == 303 and r.headers["location"].endswith(WORK[len(BASE):] + expected)
    ttl = httpx.get(server.url + WORK[len(BASE):] + "/!main~para_1", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "is_realized_by" in ttl.text
