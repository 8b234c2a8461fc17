"""Text repair (``lod.read.repair``): a word is mended only where the document itself proves the
mended form, every repair is reported, and nothing else of the text moves."""

from __future__ import annotations

import pytest

from lod.read import parse_resolution
from lod.read.normalise import Line
from lod.read.repair import Words, repair_lines, restore_exploded


def _lines(*texts: str) -> list[Line]:
    return [Line(t, no, 0) for no, t in enumerate(texts, start=1)]


def _repair(*texts: str) -> tuple[list[str], list[tuple[int, str]]]:
    lines, done = repair_lines(_lines(*texts))
    return [ln.text for ln in lines], done


def test_split_word_joined_when_the_document_writes_it_whole() -> None:
    texts, done = _repair("to fight impunity and", "the will to fig ht impunity")
    assert texts == ["to fight impunity and", "the will to fight impunity"]
    assert done == [(2, "fig ht → fight")]


def test_split_word_left_when_the_document_never_writes_it_whole() -> None:
    texts, done = _repair("the will to fig ht impunity", "and nothing else")
    assert texts == ["the will to fig ht impunity", "and nothing else"]
    assert done == []


def test_two_common_words_are_not_joined() -> None:
    # "as set" out: "asset" stands in the text, but "set" is a word of three letters and "as" is common
    texts, done = _repair("as set out in the annex, as set forth", "an asset of the Fund")
    assert texts[0] == "as set out in the annex, as set forth"
    assert done == []


def test_line_end_hyphen_restored_when_the_document_has_it() -> None:
    texts, done = _repair("the Secretary-General is requested", "requests the SecretaryGeneral to report")
    assert texts[1] == "requests the Secretary-General to report"
    assert done == [(2, "SecretaryGeneral → Secretary-General")]


def test_camel_word_without_a_hyphenated_twin_left_alone() -> None:
    texts, done = _repair("welcomes the work of PeaceNexus and", "of the McKinsey report")
    assert texts == ["welcomes the work of PeaceNexus and", "of the McKinsey report"]
    assert done == []


def test_spaced_hyphen_and_space_before_comma() -> None:
    texts, done = _repair("condemns Al-Qaida and", "condemns Al -Qaida , and child protection .")
    assert texts[1] == "condemns Al-Qaida, and child protection."
    assert [what for _, what in done] == ["Al -Qaida → Al-Qaida", " , → ,"]


def test_spaced_hyphen_left_when_not_proven() -> None:
    texts, done = _repair("the period 2020 - 2030 and", "a list - of items")
    assert texts == ["the period 2020 - 2030 and", "a list - of items"]
    assert done == []


@pytest.mark.parametrize("body", ["- - -", "decides - -", "-", " - ", "- \n -", "--"])
def test_lone_hyphens_do_not_break_the_repair(body: str) -> None:
    """A body line of dashes ("- - -"): the pieces between hyphens are white space only."""
    texts, done = _repair("The Security Council,", body, "1. Decides to remain seized of the matter.")
    assert texts[1] == body
    assert done == []
    assert Words(body).camel_joins() == set()


def test_lone_hyphens_inside_a_resolution_parse() -> None:
    text = ("The Security Council,\n\nRecalling its resolutions - - in particular,\n\n"
            "1. Decides to remain seized of the matter.\n")
    res = parse_resolution(text)
    assert [p.num for p in res.operative] == ["1"]
    assert "resolutions - - in particular" in res.preamble[0].text


def test_words_counts_strip_punctuation_labels_and_numbers() -> None:
    w = Words("(a) Decides, decides; (iv) 2017 l’Organisation Secretary-General’s States’ x2")
    assert w.count("decides") == 2
    assert w.count("a") == 0 and w.count("iv") == 0  # point labels are not words
    assert w.count("organisation") == 1  # an elided article is not part of the word
    assert w.count("states") == 1
    assert w.count("secretary") == 0  # a compound is not a word of its own
    assert w.count("x") == 1  # digits around a word are stripped


def test_lower_casing_that_changes_length_repairs_nothing() -> None:
    # "İ" lower-cases to two code points: positions would not map back, so nothing is touched
    texts, done = _repair("İstanbul fight and", "to fig ht there")
    assert texts == ["İstanbul fight and", "to fig ht there"]
    assert done == []


def test_a_table_header_printed_one_word_a_line_is_not_a_justified_lines_middle() -> None:
    """S/RES/1973 (2011), annex: a sentence closed on its next line, then a table's header one word a line
    ("Number", "Name", "Justification", "Identifiers"): it stays where it is; a lower-case run is put back."""
    def lines(*texts: str) -> list[Line]:
        return [Line(t, i, 0) for i, t in enumerate(texts, start=1)]

    header = lines("Directly involved in recruiting", "mercenaries.", "", "Number", "", "Name", "", "Justification", "",
                   "Identifiers", "", "Annex II: Asset Freeze")
    out, repairs = restore_exploded(header)
    assert repairs == [] and [ln.stripped for ln in out] == [ln.stripped for ln in header]
    middle = lines("(c) Information", "responsibilities;", "", "on", "", "the", "", "relevance", "", "(d) Information")
    out, repairs = restore_exploded(middle)
    assert len(repairs) == 1 and out[0].stripped == "(c) Information on the relevance"
