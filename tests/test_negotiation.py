"""Content negotiation: table-driven rows (Accept, override, expected format or 406) and a law."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lod.errors import NotAcceptable
from lod.sparql.formats import FORMATS, HTML, RDF_FORMATS, RESULT_FORMATS, Format
from lod.serve.negotiation import negotiate, parse_accept, pick_language

PAGE = (HTML, *(f for f in RDF_FORMATS if not f.quads))

ROWS = [
    # (Accept, override, offers, expected name or None for 406)
    (None, None, PAGE, "html"),
    ("*/*", None, PAGE, "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, PAGE, "html"),
    ("text/turtle", None, PAGE, "turtle"),
    ("application/ld+json", None, PAGE, "jsonld"),
    ("application/n-triples", None, PAGE, "ntriples"),
    ("application/rdf+xml", None, PAGE, "rdfxml"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", None, PAGE, "jsonld"),
    ("application/rdf+xml;q=0.9, text/turtle", None, PAGE, "turtle"),
    # rdflib's default Accept when fetching a URL
    ("application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1", None, PAGE, "rdfxml"),
    ("text/*", None, PAGE, "html"),
    ("text/*;q=0.5, text/turtle", None, PAGE, "turtle"),
    ("text/turtle;q=0", None, (RDF_FORMATS[0],), None),
    ("image/png", None, PAGE, None),
    ("application/json", None, PAGE, None),
    ("image/png", "ttl", PAGE, "turtle"),
    (None, "jsonld", PAGE, "jsonld"),
    (None, "nt", PAGE, "ntriples"),
    (None, "rdf", PAGE, "rdfxml"),
    (None, "html", PAGE, "html"),
    (None, "text/turtle", PAGE, "turtle"),
    (None, "csv", PAGE, None),
    ("application/sparql-results+json", None, RESULT_FORMATS, "json"),
    ("application/sparql-results+xml", None, RESULT_FORMATS, "xml"),
    ("text/csv", None, RESULT_FORMATS, "csv"),
    ("text/tab-separated-values", None, RESULT_FORMATS, "tsv"),
    ("application/json", None, RESULT_FORMATS, "json"),
    (None, "xml", RESULT_FORMATS, "xml"),
    ("text/turtle", None, RESULT_FORMATS, None),
    ("garbage, ;;; ,", None, PAGE, "html"),
    ("text/turtle;q=abc, application/ld+json", None, PAGE, "jsonld"),
]


@pytest.mark.parametrize(("accept", "override", "offers", "expected"), ROWS)
def test_negotiation_rows(accept: str | None, override: str | None, offers: tuple[Format, ...], expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NotAcceptable) as info:
            negotiate(accept, offers, override=override)
        assert info.value.offered == tuple(f.media_type for f in offers)
    else:
        assert negotiate(accept, offers, override=override).name == expected


def test_parse_accept_reads_quality_and_skips_junk() -> None:
    ranges = parse_accept("text/html;level=1;q=0.7, nonsense, */*;q=0.1, application/json;q=2")
    # q=2 is not an RFC 9110 qvalue (0 to 1, three decimals at most): that range is skipped
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "html", 0.7), ("*", "*", 0.1)]


MEDIA = st.sampled_from([mt for f in FORMATS for mt in f.media_types] + ["*/*", "text/*", "application/*", "image/png", "x/y"])


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.tuples(MEDIA, st.floats(min_value=0, max_value=1)), max_size=6), st.permutations(PAGE))
def test_negotiate_returns_an_offer_or_not_acceptable(ranges: list[tuple[str, float]], offers: list[Format]) -> None:
    """Law: the answer is one of the offers and the client accepts it with q > 0; else NotAcceptable."""
    accept = ", ".join(f"{mt};q={q:.3f}" for mt, q in ranges)
    try:
        chosen = negotiate(accept or None, offers)
    except NotAcceptable:
        assert ranges, "an empty Accept accepts anything"
        return
    assert chosen in offers
    if ranges:
        assert any(mt in ("*/*", f"{m.split('/')[0]}/*", m) and round(q, 3) > 0 for mt, q in ranges for m in chosen.media_types)


@pytest.mark.parametrize(("header", "available", "expected"), [
    ("fr-CH, fr;q=0.9, en;q=0.8", ["en", "fr"], "fr"),
    ("en-GB", ["fr", "en"], "en"),
    ("de", ["en", "fr"], "en"),
    (None, ["fr"], "fr"),
    ("*", ["es", "en"], "es"),
    ("fr;q=0.1, en;q=0.5", ["fr", "en"], "en"),
])
def test_pick_language(header: str | None, available: list[str], expected: str) -> None:
    assert pick_language(header, available) == expected


def test_format_table_lookups() -> None:
    assert Format.from_media_type("text/turtle; charset=utf-8").extension == "ttl"
    assert Format.from_extension(".jsonld").name == "jsonld"
    with pytest.raises(KeyError, match="expected one of"):
        Format.from_extension("docx")
