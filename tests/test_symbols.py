"""UN document symbols: normal forms, bodies, constructed series (lod.enrich.symbols)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lod.errors import IdentifierError
from lod.enrich.symbols import (
    body_of_symbol,
    default_body_for_number,
    is_constructed,
    normalise_number,
    normalise_symbol,
    parse_symbol,
    resolution_symbol,
    undocs_url,
)


@pytest.mark.parametrize(
    ("number", "body", "kind", "expected"),
    [
        ("74/176", "un-ga", "resolution", "A/RES/74/176"),
        ("2331 (2016)", "un-sc", "resolution", "S/RES/2331 (2016)"),
        ("2331(2016)", "un-sc", "resolution", "S/RES/2331 (2016)"),
        ("2751 (XXVI)", "un-ga", "resolution", "A/RES/2751 (XXVI)"),
        ("217 A (III)", "un-ga", "resolution", "A/RES/217 A (III)"),
        ("217A(III)", "un-ga", "resolution", "A/RES/217 A (III)"),
        ("75/290 B", "un-ga", "resolution", "A/RES/75/290 B"),
        ("ES-10/19", "un-ga", "resolution", "A/RES/ES-10/19"),
        ("77/553", "un-ga", "decision", "A/DEC/77/553"),
        ("2013/41", "un-ecosoc", "resolution", "E/RES/2013/41"),
        ("5/1", "un-hrc", "resolution", "A/HRC/RES/5/1"),
        ("20/3", "un-ccpcj", "resolution", "E/CN.15/RES/20/3"),
        ("5/2", "un-ctoc-cop", "resolution", "CTOC/COP/RES/5/2"),
        ("4/4", "un-ctoc-cop", "decision", "CTOC/COP/DEC/4/4"),
        ("1960", "un-sc", "resolution", "S/RES/1960"),
    ],
)
def test_resolution_symbol(number: str, body: str, kind: str, expected: str) -> None:
    assert resolution_symbol(number, body, kind=kind) == expected


def test_errors_say_what_was_expected() -> None:
    with pytest.raises(IdentifierError, match="expected a resolution number"):
        normalise_number("Chapter VII")
    with pytest.raises(IdentifierError, match="expected a body code"):
        resolution_symbol("74/176", "un-nowhere")
    with pytest.raises(IdentifierError, match="no decision series"):
        resolution_symbol("2331 (2016)", "un-sc", kind="decision")
    with pytest.raises(IdentifierError, match="UN document symbol"):
        parse_symbol("hello world")


@pytest.mark.parametrize(
    ("raw", "symbol", "body", "kind"),
    [
        ("A/RES/74/176", "A/RES/74/176", "un-ga", "resolution"),
        ("S/RES/2331(2016)", "S/RES/2331 (2016)", "un-sc", "resolution"),
        ("CTOC/COP/2020/L.6/REV.1", "CTOC/COP/2020/L.6/Rev.1", "un-ctoc-cop", "draft"),
        ("E/CN.15/2019/L.3", "E/CN.15/2019/L.3", "un-ccpcj", "draft"),
        ("A/78/482", "A/78/482", "un-ga", "document"),
        ("S/2000/693", "S/2000/693", "un-sc", "document"),
        ("S/PRST/2015/25", "S/PRST/2015/25", "un-sc", "presidential-statement"),
        ("A/HRC/RES/5/1", "A/HRC/RES/5/1", "un-hrc", "resolution"),
        ("A / RES / 74/176", "A/RES/74/176", "un-ga", "resolution"),
    ],
)
def test_parse_symbol(raw: str, symbol: str, body: str, kind: str) -> None:
    ps = parse_symbol(raw)
    assert (ps.symbol, ps.body, ps.kind) == (symbol, body, kind)
    assert body_of_symbol(ps.symbol) == body


def test_default_body_follows_number_shape_then_issuing_body() -> None:
    assert default_body_for_number("2331 (2016)", "un-ga") == "un-sc"
    assert default_body_for_number("2015/23", "un-ctoc-cop") == "un-ecosoc"
    assert default_body_for_number("5/2", "un-ctoc-cop") == "un-ctoc-cop"
    assert default_body_for_number("74/176", None) == "un-ga"
    assert default_body_for_number("70/1", "un-sc") == "un-ga"
    assert default_body_for_number("2751 (XXVI)", "un-sc") == "un-ga"


def test_constructed_symbols_get_no_undocs_link() -> None:
    assert is_constructed("CTOC/COP/RES/5/2") and is_constructed("E/CN.15/RES/20/3")
    assert not is_constructed("A/RES/70/1") and not is_constructed("CTOC/COP/2020/L.6/Rev.1")
    assert undocs_url("CTOC/COP/RES/5/2") is None
    assert undocs_url("S/RES/2331 (2016)") == "https://undocs.org/S/RES/2331(2016)"


@settings(max_examples=200, derandomize=True)
@given(st.integers(1, 99), st.integers(1, 999))
def test_ga_numbers_round_trip(session: int, n: int) -> None:
    sym = resolution_symbol(f"{session} / {n}", "un-ga")
    assert sym == f"A/RES/{session}/{n}"
    assert normalise_symbol(sym) == sym
    assert parse_symbol(sym).symbol == sym


@settings(max_examples=200, derandomize=True)
@given(st.integers(1, 2999), st.integers(1946, 2099))
def test_sc_numbers_round_trip(n: int, year: int) -> None:
    sym = resolution_symbol(f"{n}({year})", "un-sc")
    assert sym == f"S/RES/{n} ({year})"
    assert parse_symbol(sym).symbol == sym
