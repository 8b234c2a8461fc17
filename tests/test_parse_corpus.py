"""Every corpus text parses; each complete document has the structure found by reading it.

The expected figures are in tests/data/corpus_expected.json (written by reading the documents,
see docs/corpus-annotations.md). Where the parser is known to fall short, the case is marked
xfail with the reason, strictly: when the parser improves, the test says so.
"""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, DATA
from lod.model import Point, Resolution
from lod.read import parse_file

EXPECTED: dict[str, dict] = json.loads((DATA / "corpus_expected.json").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.exists() else []

# Known gaps, each with its reason (found by comparing with the annotations).
KNOWN_GAPS = {
    "en__A_RES_80_12.txt": "the extraction lost the (a)…(i) labels of points in paragraphs 7 and 8",
    "en__S_RES_82_1950.gold.txt": "OCR printed the point label (b) as (5)",
}


def squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def count_points(points: tuple[Point, ...]) -> int:
    return sum(1 + count_points(p.points) for p in points)


def structure(r: Resolution) -> dict[str, int]:
    return {
        "preamble": len(r.preamble),
        "operative": len(r.operative),
        "points": sum(count_points(p.points) for p in r.operative),
        "footnotes": len(r.footnotes),
        "annexes": len(r.annexes),
    }


@pytest.mark.parametrize("name", FILES)
def test_every_corpus_file_parses(name: str) -> None:
    r = parse_file(CORPUS / name)
    assert r.preamble or r.operative
    for p in r.preamble:
        assert p.text and "\ue000" not in p.text


COMPLETE = [k for k, v in EXPECTED.items() if k != "seed" and v.get("complete") and k in FILES]


@pytest.mark.parametrize(
    "name",
    [pytest.param(k, marks=pytest.mark.xfail(reason=KNOWN_GAPS[k], strict=True)) if k in KNOWN_GAPS else k for k in COMPLETE],
)
def test_complete_document_structure(name: str) -> None:
    want = EXPECTED[name]
    r = parse_file(CORPUS / name)
    expected = {k: want[k] for k in ("preamble", "operative", "points", "footnotes", "annexes")}
    assert structure(r) == expected


# Symbols the text does not print in a form we read yet.
KNOWN_SYMBOL_GAPS = {
    "zh__S_RES_1518_2003.wikisource.txt": "the page names the resolution only as 第1518号决议, without its year",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(k, marks=pytest.mark.xfail(reason=KNOWN_SYMBOL_GAPS[k], strict=True)) if k in KNOWN_SYMBOL_GAPS else k
     for k in COMPLETE if k not in KNOWN_GAPS and EXPECTED[k].get("symbol")],
)
def test_symbol(name: str) -> None:
    r = parse_file(CORPUS / name)
    assert r.symbol == EXPECTED[name]["symbol"]


def test_draft_keeps_sponsors_and_type() -> None:
    r = parse_file(CORPUS / "en__A_C.3_80_L.4.pdftotext.txt")
    assert r.doc_type == "draft-resolution"
    assert r.sponsors and r.sponsors[0] == "Belarus"


def test_amendment_is_edit_instructions() -> None:
    """An amendment is not a resolution: its numbered items are edit instructions, kept as
    `operative` items of a document of type `amendment`, with the amended symbol in `amends`."""
    r = parse_file(CORPUS / "en__A_C.3_80_L.57.pdftotext.txt")
    assert r.doc_type == "amendment"
    assert r.amends == "A/C.3/80/L.3/Rev.1"
    assert [p.num for p in r.operative] == ["1", "2"]
    assert r.operative[0].text.startswith("In operative paragraph 64, after")


def test_annex_paragraphs_are_not_operative() -> None:
    r = parse_file(CORPUS / "en__A_RES_80_5.txt")
    assert len(r.operative) == 1 and r.operative[0].num == "" and r.operative[0].phrase == "Adopts"
    assert len(r.annexes) == 1
    assert r.annexes[0].title.startswith("Doha Political Declaration")
    assert "1. We, Heads of State and Government" in r.annexes[0].text.replace("\n", " ")


def test_sections_restart_numbering() -> None:
    r = parse_file(CORPUS / "en__A_RES_78_69.pdftotext.txt")
    assert [s.num for s in r.sections][:3] == ["I", "II", "III"]
    assert r.sections[11].heading == (
        "Regular Process for Global Reporting and Assessment of the State of the Marine Environment, "
        "including Socioeconomic Aspects"
    )
    assert r.operative[0].eid == "sec_I__para_1"
    assert [p.num for p in r.operative] == [str(n) for n in range(1, 377)]


def test_no_enacting_formula() -> None:
    r = parse_file(CORPUS / "en__A_RES_78_225.pdftotext.txt")
    assert r.formula is None
    assert r.preamble[0].phrase == "Reaffirming"
    assert any(w.code == "no-formula" for w in r.warnings)


def test_same_document_same_structure_across_extractions() -> None:
    for a, b in [("en__A_RES_73_6.pdftotext.txt", "en__A_RES_73_6.pdftotext-layout.txt"),
                 ("en__A_RES_73_7.pdftotext.txt", "en__A_RES_73_7.pdftotext-layout.txt"),
                 ("en__A_RES_80_6.txt", "en__A_RES_80_6.md")]:
        ra, rb = parse_file(CORPUS / a), parse_file(CORPUS / b)
        assert structure(ra) == structure(rb)
        # extractors differ on hyphens ("twentyfirst" / "twenty-first") and spaces, not on words
        assert [squash(p.text) for p in ra.operative] == [squash(p.text) for p in rb.operative]


def test_pdftotext_footnotes_out_of_order() -> None:
    r = parse_file(CORPUS / "en__A_RES_78_228.pdftotext.txt")
    notes = {f.marker: f.text for f in r.footnotes}
    assert notes["2"] == "Target 5.2." and notes["3"] == "Target 8.7." and notes["4"] == "Target 16.2."
    assert notes["22"].startswith("The term “survivor” or “survivors” is not defined")
    assert notes["22"].endswith("trauma that they have endured.")
    assert r.preamble[4].notes[0].marker == "1"
