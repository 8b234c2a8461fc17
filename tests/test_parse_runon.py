"""A text whose line ends were lost parses as the text with them (``lod.read.runon``).

Web pages and data sets give resolutions with the body on one line (unscr.com prints a Council
resolution so; a JSON field keeps it with spaces for line ends). Each case is a real text of
../shared (seed, corpus, wide corpus) that holds one resolution: its parse is printed back with the
masthead as the text has it and the body (formula, recitals, section headings, numbered paragraphs,
points) on one line, and that must parse with the same number of recitals, the same operative
numbers and the same points, and say so with a ``run-on-text`` warning. The masthead stays as
printed because the header is not what this is about; the one-line body is the hard part.

Known gaps are strict xfails with the reason found by reading the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, SHARED
from lod.model import Point, Resolution
from lod.read import parse_file_documents
from lod.read.runon import LONG_LINE

TEXTS = sorted((SHARED / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*")) + sorted(
    (SHARED / "corpus" / "wide" / "texts").glob("*"))

KNOWN_GAPS: dict[str, str] = {
    "en__A_RES_80_5.txt": "the formula has no comma ('The General Assembly' / 'Adopts …'): run into its only "
                          "paragraph, nothing marks where it ends",
    "en__A_RES_80_9.txt": "the formula has no comma ('The General Assembly' / 'Adopts …'): run into its only "
                          "paragraph, nothing marks where it ends",
    "zh__S_RES_1518_2003.wikisource.txt": "Chinese prints no comma after the formula (安全理事会) and no space "
                                          "between paragraphs: the one-line body is not one a Chinese page gives",
    "en__A_RES_54_82.pdftotext.txt": "section A's one paragraph is unnumbered: on one line, after the heading "
                                     "'A INFORMATION IN THE SERVICE OF HUMANITY', it is not told from a recital",
    "en__A_RES_63_263.pdftotext.txt": "sections hold their own recitals and unnumbered paragraphs (budget "
                                      "resolution, numbering restarts in each of 13 sections): on one line the "
                                      "headings run into them",
    "en__S_RES_82_1950.gold.txt": "OCR read the point '(b)' as '(5)': the points no longer form a sequence",
    "en__A_RES_48_141.pdftotext.txt": "the extraction printed point (d)'s label inside its text ('Secretariat (d) "
                                      "and other …'): the points after (c) no longer form a sequence on one line",
    "en__S_RES_1483_2003.pdftotext.txt": "paragraph 23's points follow 'there are:' and ', or': '(b)' after a comma "
                                         "is not told from a reference to a point",
    "en__S_RES_2085_2012.pdftotext.txt": "paragraph 10 prints its points (i)-(iv) inside its own text; on one line "
                                         "they read as points (which they are)",
}


def _single(path: Path) -> Resolution | None:
    parsed = parse_file_documents(path)
    if len(parsed.documents) != 1 or parsed.refused:
        return None
    doc = parsed.documents[0]
    return doc if doc.operative and doc.formula else None


def _points(points: tuple[Point, ...]) -> Iterator[str]:
    for p in points:
        label = p.num if p.num.startswith("(") else f"({p.num.strip('.)')})"
        yield f"{label} {p.text}"
        yield from _points(p.points)


def _point_labels(points: tuple[Point, ...]) -> list[str]:
    return [x for p in points for x in [p.num.strip("().")] + _point_labels(p.points)]


def run_on(doc: Resolution, original: str) -> str:
    """``doc`` printed back: the original's lines above the formula, then the body on one line."""
    head = []
    for line in original.splitlines():
        if doc.formula and line.strip().startswith(doc.formula[:25]):
            break
        head.append(line)
    headings = {s.num: s.heading or "" for s in doc.sections if s.level == "section"}
    parts = [doc.formula or ""] + [p.text for p in doc.preamble]
    section = None
    for p in doc.operative:
        if p.section != section and p.section is not None:
            parts.append(f"{p.section} {headings.get(p.section, '')}".strip())
        section = p.section
        parts.append(f"{p.num}. {p.text}" if p.num else p.text)
        parts.extend(_points(p.points))
    return "\n".join(head) + "\n" + " ".join(parts) + "\n"


def shape(doc: Resolution) -> tuple[int, list[str], list[list[str]]]:
    return len(doc.preamble), [p.num for p in doc.operative], [_point_labels(p.points) for p in doc.operative]


def _cases() -> Iterator[object]:
    for path in TEXTS:
        marks = [pytest.mark.xfail(reason=KNOWN_GAPS[path.name], strict=True)] if path.name in KNOWN_GAPS else []
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", _cases())
def test_body_on_one_line_parses_as_the_text(path: Path, tmp_path: Path) -> None:
    doc = _single(path)
    if doc is None:
        pytest.skip("not one whole resolution with a formula and operative paragraphs")
    text = run_on(doc, path.read_text(encoding="utf-8", errors="replace"))
    flat = tmp_path / path.name
    flat.write_text(text, encoding="utf-8")
    again = _single(flat)
    assert again is not None, f"the one-line text is refused: {parse_file_documents(flat).refused}"
    assert shape(again) == shape(doc)
    if max(map(len, text.splitlines())) > LONG_LINE:
        assert any(w.code == "run-on-text" for w in again.warnings)


def test_a_one_line_council_text_reads_as_unscr_prints_it(tmp_path: Path) -> None:
    """The shape of unscr.com's pages: the masthead on lines, the body on one; the agenda quoted in a
    paragraph ("1. Opening …") stays in it, and the points are the paragraph's."""
    body = ("The Security Council, Recalling its resolutions 1996 (2011) and 2046 (2012), and the statements of its "
            "President, Reaffirming its strong commitment to the sovereignty of the Republic of South Sudan, "
            "1. Decides to extend the mandate of the Mission until 30 November 2015; 2. Requests the "
            "Secretary-General to convene a meeting with the following agenda: 1. Opening of the meeting; "
            "2. Adoption of the report; 3. Requests the Mission to: (a) monitor the ceasefire; (b) report to the "
            "Council; and (c) support the parties; 4. Decides to remain seized of the matter.")
    path = tmp_path / "S_RES_2223.txt"
    path.write_text("S/RES/2223 (2015)\nSecurity Council Distr.: General 28 May 2015\nResolution 2223 (2015)\n"
                    "Adopted by the Security Council at its 7451st meeting, on 28 May 2015\n" + body + "\n",
                    encoding="utf-8")
    doc = _single(path)
    assert doc is not None
    assert (doc.symbol, doc.title, str(doc.adoption_date)) == ("S/RES/2223 (2015)", None, "2015-05-28")
    assert [p.phrase for p in doc.preamble] == ["Recalling", "Reaffirming"]
    assert [p.num for p in doc.operative] == ["1", "2", "3", "4"]
    assert "1. Opening of the meeting; 2. Adoption of the report;" in doc.operative[1].text
    assert [q.num.strip("()") for q in doc.operative[2].points] == ["a", "b", "c"]


def test_unnumbered_operative_paragraphs_open_with_an_unlisted_verb(tmp_path: Path) -> None:
    """Old texts number no operative paragraph; one opening with a verb the list lacks ("Trusts") after
    one that ended still opens a paragraph of its own, on lines and on one line."""
    paras = ["Recommends the Security Council to pursue the study of the regulation of armaments;",
             "Trusts that the Commission for Conventional Armaments will devote its first attention to it;",
             "Invites all nations to co-operate to the utmost of their power."]
    head = "Resolution 192 (III)\n\nREDUCTION OF ARMAMENTS\n\nThe General Assembly,\n\nConsidering the report,\n\n"
    one_line = head.replace(",\n\nConsidering", ", Considering").replace("report,\n\n", "report, ")
    for name, text in (("lines", head + "\n\n".join(paras)), ("one-line", one_line + " ".join(paras))):
        path = tmp_path / f"{name}.txt"
        path.write_text(text + "\n\n165th plenary meeting,\n19 November 1948.\n", encoding="utf-8")
        doc = _single(path)
        assert doc is not None, name
        assert [p.text.split()[0] for p in doc.operative] == ["Recommends", "Trusts", "Invites"], name
