"""The 58 texts of the wide corpus: structure and metadata as found by reading them.

``tests/data/wide_expected.json`` was written by two independent readings of every text and a third
pass that re-read each place where they differed (docs/corpus-annotations.md, "Wide corpus"), before
the parser was run on them. For each text it lists every resolution any part of which appears in
it, whether that resolution is complete and reads in order (``contiguous``), and for the complete
ones: title, adoption date, formula, preambular paragraphs, operative numbers per section, points,
footnotes and annexes.

What must hold:

* a complete resolution that reads in order is published, with that structure;
* a complete resolution whose text is interleaved with another's (two-column OCR pages) is
  published with that structure or refused with a reason: never published wrong;
* an incomplete one (the end of a resolution, the start of the next) is refused, never published;
* nothing is published under a symbol the text does not hold.

Known gaps are strict xfails, each with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, SHARED
from lod.model import OperativeParagraph, Point, Resolution
from lod.read import ParsedFile, parse_file_documents

WIDE = SHARED / "corpus" / "wide" / "texts"
EXPECTED: dict[str, dict] = json.loads((DATA / "wide_expected.json").read_text(encoding="utf-8"))

#: Texts the parser does not read right yet, each with its reason (strict: a fix makes the test say so).
KNOWN_GAPS: dict[str, str] = {
    "en__A_RES_44_10.pdftotext.txt#A/RES/44/10": (
        "OCR page of the Official Records: the volume's notes 18-26 stand mid-page without a rule and with "
        "garbled numbers ('!8', '9' for 19, 'sce'), so the markers left in the text cannot be matched to "
        "them; the part is refused (footnote markers whose notes are elsewhere) rather than published with "
        "stray numbers"),
    "en__S_RES_13_1946.pdftotext.txt#S/RES/8 (1946)": (
        "OCR of the 1946 volume: the first recital's closing comma and note number read as '? 7' "
        "('Swcdcn? 7'), so the second recital is taken as its continuation (2 recitals instead of 3) and "
        "note 27 (printed on the page after) is not in the text"),
}


def _cases() -> Iterator[tuple[str, dict]]:
    for name, entry in EXPECTED.items():
        for res in entry["resolutions"]:
            yield name, res


_PARSED: dict[str, ParsedFile] = {}


def parsed(name: str) -> ParsedFile:
    if name not in _PARSED:
        _PARSED[name] = parse_file_documents(WIDE / name)
    return _PARSED[name]


def count_points(points: tuple[Point, ...]) -> int:
    return sum(1 + count_points(p.points) for p in points)


def sections_of(r: Resolution) -> list[tuple[str | None, list[str]]]:
    """The operative paragraphs grouped by section, in order, with sections that hold none; a section
    in a part is labelled as the reading writes it ("Part I / Section 1")."""
    parts = {s.eid: s.num for s in r.sections if s.level == "part"}
    label = {s.num: (f"Part {parts[s.parent]} / Section {s.num}" if s.parent in parts else s.num)
             for s in r.sections if s.level == "section"}
    groups: list[tuple[str | None, list[str]]] = []
    order = [s.num for s in r.sections if s.level == "section"]
    for p in r.operative:
        if not groups or groups[-1][0] != p.section:
            groups.append((p.section, []))
        groups[-1][1].append(p.num)
    if order:  # sections without operative paragraphs stand in the list too
        by = dict(groups)
        lead = [g for g in groups if g[0] is None]
        groups = lead + [(num, by.get(num, [])) for num in order]
    return [(label.get(num, num) if num is not None else None, nums) for num, nums in groups]


def expected_sections(res: dict) -> list[tuple[str | None, list[str]]]:
    return [(s["label"], list(s["numbers"])) for s in res["sections"]]


def points_by_paragraph(r: Resolution, restarts: bool) -> dict[str, int]:
    out: dict[str, int] = {}

    def key(p: OperativeParagraph, ordinal: int) -> str:
        num = p.num or str(ordinal)
        return f"{p.section}.{num}" if restarts and p.section else num

    for k, p in enumerate(r.operative, start=1):
        if p.points:
            out[key(p, k)] = len(p.points)
        for pt in p.points:
            if pt.points:
                out[f"{key(p, k)}.{pt.num}"] = len(pt.points)
    return out


def check_structure(r: Resolution, res: dict) -> None:
    """Every field of the reading that the model holds, compared."""
    assert r.symbol == res["symbol"]
    assert r.title == res["title"]
    want_date = date.fromisoformat(res["adoption_date"]) if res.get("adoption_date") else None
    assert r.adoption_date == want_date
    assert r.formula == res["formula"]
    assert len(r.preamble) == res["preamble"]
    if res.get("first_preamble_phrase") and r.preamble:
        phrase = r.preamble[0].phrase or ""
        want = res["first_preamble_phrase"]
        assert phrase and (want.startswith(phrase) or phrase.startswith(want)), (phrase, want)
    assert sections_of(r) == expected_sections(res)
    assert sum(count_points(p.points) for p in r.operative) == res["points"]
    assert points_by_paragraph(r, res.get("numbering_restarts_per_section", False)) == res["points_by_paragraph"]
    assert len(r.footnotes) == res["footnotes"]
    assert len(r.annexes) == res["annexes"]
    if r.operative and res.get("last_operative_first_words"):
        words = res["last_operative_first_words"].split()
        assert r.operative[-1].text.split()[: len(words)] == words


def _params() -> list[object]:
    out = []
    for name, res in _cases():
        marks = [pytest.mark.xfail(reason=KNOWN_GAPS[f"{name}#{res['symbol']}"], strict=True)] \
            if f"{name}#{res['symbol']}" in KNOWN_GAPS else []
        out.append(pytest.param(name, res, id=f"{name}#{res['symbol']}", marks=marks))
    return out


@pytest.mark.parametrize(("name", "res"), _params())
def test_resolution(name: str, res: dict) -> None:
    pf = parsed(name)
    published = {r.symbol: r for r in pf.documents}
    refused = [p.symbol for p in pf.refused]
    if not res["complete"]:
        assert res["symbol"] not in published, "an incomplete resolution must not be published"
        return
    if res["contiguous"]:
        assert res["symbol"] in published, f"refused: {[p.reason for p in pf.refused]}"
        check_structure(published[res["symbol"]], res)
    elif res["symbol"] in published:
        check_structure(published[res["symbol"]], res)
    else:
        assert res["symbol"] in refused


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nothing_published_that_the_text_does_not_hold(name: str) -> None:
    pf = parsed(name)
    held = {res["symbol"] for res in EXPECTED[name]["resolutions"] if res["complete"]}
    assert {r.symbol for r in pf.documents} <= held
    incomplete = [res for res in EXPECTED[name]["resolutions"] if not res["complete"]]
    assert len(pf.refused) >= len(incomplete)
    for part in pf.refused:
        assert part.reason and part.line


def test_expectations_are_consistent() -> None:
    """The reading itself: counts agree with the lists they summarise."""
    assert len(EXPECTED) == 58
    for name, res in _cases():
        if not res["complete"]:
            continue
        assert res["operative"] == sum(len(s["numbers"]) for s in res["sections"]), name
        assert Path(WIDE / name).exists()


def test_a_decision_symbol_keeps_its_number_and_the_note_its_marker() -> None:
    """A/RES/70/205 cites decisions 1/CP.13, 1/CP.19 and 2/CP.20 beside notes 18, 19 and 20: the number after
    a symbol's lettered component ("CP.") is the symbol's, and the note's marker is the number after it
    ("decision 1/CP.13 18 and", "Impacts; 20"). Paragraph 8 once read "decision 2/CP. adopted … Impacts; 20"."""
    from lod.read import parse_file

    r = parse_file(SHARED / "corpus" / "wide" / "texts" / "en__A_RES_70_205.pdftotext.txt")
    para = {p.num: p for p in r.operative}
    assert "decision 1/CP.13 and" in para["6"].text and "decision 1/CP.19," in para["6"].text
    assert "decision 2/CP.20 adopted" in para["8"].text and para["8"].text.endswith("Impacts;")
    assert [n.marker for n in para["6"].notes] == ["18"] and [n.marker for n in para["7"].notes] == ["19"]
    assert [n.marker for n in para["8"].notes] == ["20"]
    assert not any(w.code == "footnote-marker" for w in r.warnings)
