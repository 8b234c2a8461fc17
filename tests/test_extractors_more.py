"""Held-out readings: the corpus PDFs as pdfminer gives them with other layout parameters, and as
pdftotext -layout -fixed 3 and pdftotext -enc ASCII7 give them.

The rules for other extractors' texts (lod/read/segment.py, repair.py, structure.py) were written on
tests/data/extracted; these readings (tests/data/extracted_more, regenerate.py there) were made
afterwards and read as unseen texts: pdfminer without its boxes' reading order, with lines merged
more eagerly, with a line's boxes joined across wide gaps, pdftotext -layout -fixed 3 and
pdftotext -enc ASCII7. They found faults (6 pdfminer readings split or lost recitals; every -fixed
reading of an Assembly resolution was refused, its closing meeting line spread over wide gaps; a
running head, a job number's '(E)' printed apart; a title in straight quotes running over a line
end opened a recital at its capitalised words), fixed by general rules and held here. Each must give the document's
paragraphs (corpus_expected.json), its symbol and title, or be refused with a reason; and where its
words differ from the pdftotext reading, say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA
from extracted import EXPECTED, cases, parse_extracted, parse_reference, reference_name
from lod.read import ParsedFile
from test_extractors_body import count_points
from test_extractors_text import REFERENCE_FAULTS, letters, paragraphs

MORE = DATA / "extracted_more"


def more_cases() -> list[tuple[str, str]]:
    return cases(MORE)


def parse_more(stem: str, kind: str, tmp: Path) -> ParsedFile:
    return parse_extracted(stem, kind, tmp, MORE)


@pytest.mark.parametrize(("stem", "kind"), more_cases())
def test_held_out_reading(stem: str, kind: str, tmp_path: Path) -> None:
    parsed = parse_more(stem, kind, tmp_path)
    assert parsed.documents, f"refused: {[str(r.reason) for r in parsed.refused]}"
    (doc,) = parsed.documents
    want = EXPECTED[reference_name(stem)]
    got = {"preamble": len(doc.preamble), "operative": len(doc.operative),
           "points": sum(count_points(p.points) for p in doc.operative),
           "symbol": str(doc.symbol) if doc.symbol else None, "title": doc.title}
    assert got == {k: want.get(k) or None if k == "title" else want[k] for k in got}
    (reference,) = parse_reference(stem).documents
    ref = paragraphs(reference)
    differ = sorted(eid for eid, text in paragraphs(doc).items()
                    if eid in ref and letters(text) != letters(ref[eid]) and (stem, eid) not in REFERENCE_FAULTS)
    if differ:
        assert "text-out-of-order" in {w.code for w in doc.warnings}, f"words differ in {differ} without a warning"
