"""Operative numbers form a sequence, and so do lettered points: one run into the one before it is split out again.

Each case is a real text with its line breaks moved as another extractor or column width prints it
(two lines joined into one, or one line cut in two), the transformation named and checked against
the line it works on. The parse of the moved text must give the operative paragraphs of the
original, number by number, with the same text, footnote markers and points; and say so with a
``paragraph-split`` (``point-split``) warning where a paragraph (a point) had to be split out
(``lod.read.sequence``).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS, DATA, SHARED
from lod.model import Point, Resolution
from lod.read import parse_file_documents

WIDE = SHARED / "corpus" / "wide" / "texts"


@dataclass(frozen=True)
class Moved:
    """``path`` with line ``line`` (1-based) joined to the next non-blank one (``cut`` None), or cut
    in two after the text ``cut``; ``ends``/``starts`` are the texts the line ends and the next starts with."""

    path: Path
    line: int
    ends: str
    starts: str = ""
    cut: str | None = None
    split: tuple[str, ...] = ()  # the paragraphs the sequence rule splits out ("5",), if it is the fix
    points: tuple[str, ...] = ()  # the points it splits out ("(b)",)

    def original(self) -> str:
        """The text as the extractor gave it (the other extractors' readings are gzip-compressed)."""
        if self.path.suffix == ".gz":
            return gzip.decompress(self.path.read_bytes()).decode("utf-8")
        return self.path.read_text(encoding="utf-8")

    def text(self) -> str:
        lines = self.original().split("\n")
        i = self.line - 1
        if self.cut is not None:
            assert self.cut in lines[i], f"line {self.line} of {self.path.name} does not hold {self.cut!r}: {lines[i]!r}"
            k = lines[i].index(self.cut) + len(self.cut)
            lines[i:i + 1] = [lines[i][:k], lines[i][k:].lstrip()]
            return "\n".join(lines)
        j = next(j for j in range(i + 1, len(lines)) if lines[j].strip())
        assert lines[i].rstrip().endswith(self.ends), f"line {self.line} of {self.path.name}: {lines[i]!r}"
        assert lines[j].strip().startswith(self.starts), f"line {j + 1} of {self.path.name}: {lines[j]!r}"
        lines[i:j + 1] = [lines[i].rstrip() + " " + lines[j].strip()]
        return "\n".join(lines)


CASES = {
    # "2/CP.20" ends a line: its "20" read as a note marker made the next line, "adopted by the
    # Conference of the", the closing "Adopted …" line, and paragraphs 9-16 were lost into 8.
    "70-205-cut": Moved(WIDE / "en__A_RES_70_205.pdftotext.txt", 219, "", cut="decision 2/CP.20"),
    # "… biennium 1998-1999;8 5. Affirms …": paragraph 5 after paragraph 4's end and its note marker.
    "52-12-joined": Moved(WIDE / "en__A_RES_52_12.pdftotext.txt", 66, "biennium 1998-1999;8", "5. Affirms", split=("5",)),
    # A section heading run into the paragraph under it: "… for Africa’s Development 47. Recalls …".
    "76-245-heading": Moved(WIDE / "en__A_RES_76_245.pdftotext.txt", 317, "Africa’s Development", "47. Recalls", split=("47",)),
    # The heading's second line: "developing States 46. Takes note …" under "Least developed … small island".
    "76-245-heading-2-lines": Moved(WIDE / "en__A_RES_76_245.pdftotext.txt", 311, "developing States", "46. Takes note",
                                    split=("46",)),
    # "… at the Tribunal; 27. Further recognizes …": the segment stage reads "27" as a note marker.
    "78-69-marker": Moved(CORPUS / "en__A_RES_78_69.pdftotext.txt", 571, "at the Tribunal;", "27. Further recognizes",
                          split=("27",)),
    # The same, the note's own marker standing mid-line further on ("… Political Rights, 38 the …").
    "79-154-marker": Moved(CORPUS / "en__A_RES_79_154.pdftotext.txt", 734, "and Human Rights;", "38. Encourages",
                           split=("38",)),
    # "… operationalization; 35 23. Decides …": the numbering stage failed on it (IndexError); split
    # out, 23 is followed by 24, which the numbering had left in the text after the gap.
    "75-217-joined": Moved(WIDE / "en__A_RES_75_217.pdftotext.txt", 542, "operationalization; 35", "23. Decides",
                           split=("23", "24")),
    # "19." alone, then "Calls upon … acts; 20. Urges …": paragraph 20 was published numbered "ts; 20".
    "78-115-alone-then-run-in": Moved(CORPUS / "en__A_RES_78_115.pdftotext.txt", 345, "terrorist acts;", "20. Urges"),
    # Paragraph 1 run into the last recital: "… developing countries, 1. Takes note …" (refused as
    # a fragment starting at paragraph 2 before).
    "73-8-first": Moved(CORPUS / "en__A_RES_73_8.pdftotext-layout.txt", 67, "countries,", "1.   Takes note", split=("1",)),
    # An amendment as pypdf reads it: its items open "In operative paragraph …", no phrase of the
    # lists, but the way the document opens its other item ("… pornography”. 2. In operative …").
    "l57-amendment-pypdf": Moved(DATA / "extracted" / "en__A_C.3_80_L.57.pypdf.txt.gz", 28, "pornography”.",
                                 "2. In operative paragraph 65", split=("2",)),
    # Points form a sequence too: "… in this regard; (b) To make available …" (points a, c, d before).
    "65-206-point": Moved(WIDE / "en__A_RES_65_206.pdftotext.txt", 76, "in this regard;", "(b) To make available",
                          points=("(b)",)),
    # The label of point (a) alone on its line, (b) run into (a)'s text.
    "57-53-point": Moved(WIDE / "en__A_RES_57_53.pdftotext.txt", 88, "information security;", "(b) Definition",
                         points=("(b)",)),
    # "(a) (i) and (a) (ii) above" opens a line inside point (b) (a citation, not a point); (c) run in after it.
    "1718-point-after-citation": Moved(WIDE / "en__S_RES_1718_2006.pdftotext.txt", 116, "territory of the DPRK;",
                                       "(c) All Member States", points=("(c)",)),
    # The first point run into the introduction: "Decides that: (a) All Member States …", sub-points (i)-(iii) below.
    "1718-first-point": Moved(WIDE / "en__S_RES_1718_2006.pdftotext.txt", 87, "Decides that:", "(a) All Member States",
                              points=("(a)",)),
    # Cut the other way: "… designated pursuant to paragraph 8" / "(d) above …" is a citation wrapped
    # to a line start inside point (c), not a point (d) (lod.read.numbering.confirmed_points).
    "1718-citation-not-a-point": Moved(WIDE / "en__S_RES_1718_2006.pdftotext.txt", 172, "", cut="paragraph 8"),
}


def _document(path: Path) -> Resolution:
    parsed = parse_file_documents(path)
    assert not parsed.refused, parsed.refused
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def _operative(res: Resolution) -> list[tuple[object, ...]]:
    """Each operative paragraph: number, section, text (spaces collapsed), note markers, points."""
    return [(o.num, o.section, " ".join(o.text.split()), tuple((r.marker, r.offset) for r in o.notes),
             _points(o.points)) for o in res.operative]


def _points(points: tuple[Point, ...]) -> tuple[tuple[object, ...], ...]:
    """Each point: label, text (spaces collapsed), note markers, its own points."""
    return tuple((p.num, " ".join(p.text.split()), tuple(r.marker for r in p.notes), _points(p.points)) for p in points)


@pytest.mark.parametrize("key", list(CASES))
def test_moved_lines_give_the_original_paragraphs(key: str, tmp_path: Path) -> None:
    case = CASES[key]
    name = case.path.name.removesuffix(".gz")
    (tmp_path / "original").mkdir()
    original_path = tmp_path / "original" / name
    original_path.write_text(case.original(), encoding="utf-8")
    original = _document(original_path)
    moved_path = tmp_path / name
    moved_path.write_text(case.text(), encoding="utf-8")
    moved = _document(moved_path)
    assert [o.num for o in moved.operative] == [o.num for o in original.operative]
    assert _operative(moved) == _operative(original)
    assert [(s.num, s.heading) for s in moved.sections] == [(s.num, s.heading) for s in original.sections]
    assert len(moved.preamble) == len(original.preamble)
    splits = [w for w in moved.warnings if w.code == "paragraph-split"]
    assert [w.message.split()[2] for w in splits] == list(case.split), splits
    point_splits = [w for w in moved.warnings if w.code == "point-split"]
    assert [w.message.split()[1] for w in point_splits] == list(case.points), point_splits
    if case.split:
        assert not any(w.code in ("numbering-gap", "number-in-text") for w in moved.warnings), moved.warnings
    assert _notes_unfound(moved) == _notes_unfound(original)
    assert not any(w.code in ("paragraph-split", "point-split") for w in original.warnings)


def _notes_unfound(res: Resolution) -> list[str]:
    """The notes whose marker is not in the text (warning messages, without their line)."""
    return [w.message for w in res.warnings if w.code == "footnote-marker"]


def test_original_numbers_are_those_the_text_gives() -> None:
    """The originals themselves, as read: 1-16 for A/RES/70/205, 1-7 for A/RES/52/12."""
    assert [o.num for o in _document(WIDE / "en__A_RES_70_205.pdftotext.txt").operative] == [str(n) for n in range(1, 17)]
    assert [o.num for o in _document(WIDE / "en__A_RES_52_12.pdftotext.txt").operative] == [str(n) for n in range(1, 8)]


def test_a_number_inside_a_quotation_is_not_split_out(tmp_path: Path) -> None:
    """A/RES/52/12 with paragraph 4 quoting "5. Affirms …" (as an amendment quotes the text it puts
    in): the missing 5 is not taken from inside the quotation."""
    case = CASES["52-12-joined"]
    text = case.text().replace("biennium 1998-1999;8 5. Affirms", "biennium 1998-1999, to read “5. Affirms")
    path = tmp_path / case.path.name
    path.write_text(text, encoding="utf-8")
    res = parse_file_documents(path)
    numbers = [o.num for d in res.documents for o in d.operative]
    assert "5" not in numbers
    assert not any(w.code == "paragraph-split" for d in res.documents for w in d.warnings)


def test_an_end_read_too_early_says_the_paragraphs_after_it_are_missing(tmp_path: Path) -> None:
    """Closing lines inside the text (an extraction that put a page's meeting line mid-page, or a look-alike of
    one) end the resolution early: paragraphs 8-15 of A/RES/78/225 were dropped in silence. Now a
    ``paragraphs-after-end`` warning says so; the real texts, whose closing lines end them, carry none."""
    text = (CORPUS / "en__A_RES_78_225.pdftotext.txt").read_text(encoding="utf-8")
    cut = text.index("\n8.")
    path = tmp_path / "early-end.txt"
    path.write_text(text[:cut] + "\n\n50th plenary meeting\n19 December 2023\n" + text[cut:], encoding="utf-8")
    (doc,) = parse_file_documents(path).documents
    assert [p.num for p in doc.operative] == [str(n) for n in range(1, 8)]
    assert [w.message for w in doc.warnings if w.code == "paragraphs-after-end"] == [
        "the text goes on after the line read as the resolution's end with paragraph 8 ('Encourages Member States to "
        "continue rai'): the paragraphs after it are not published"]
    (whole,) = parse_file_documents(CORPUS / "en__A_RES_78_225.pdftotext.txt").documents
    assert len(whole.operative) == 15 and not any(w.code == "paragraphs-after-end" for w in whole.warnings)
