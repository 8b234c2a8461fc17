"""One PDF, any extractor: the same paragraphs (see tests/extracted.py).

Expected is what reading the document gives (corpus_expected.json): the number of preambular
paragraphs, operative paragraphs and their points. Every one of these PDFs is a whole
document, so a refused reading fails too: it loses the document.
Known gaps are strict xfails with their reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extracted import EXPECTED, parse_extracted, reference_name, with_known_gaps
from lod.model import Point

KNOWN_GAPS: dict[tuple[str, str], str] = {
}


def count_points(points: tuple[Point, ...]) -> int:
    return sum(1 + count_points(p.points) for p in points)


@pytest.mark.parametrize(("stem", "kind"), with_known_gaps(KNOWN_GAPS))
def test_same_paragraphs_whatever_the_extractor(stem: str, kind: str, tmp_path: Path) -> None:
    parsed = parse_extracted(stem, kind, tmp_path)
    # every one of these PDFs is a whole, born-digital document: refusing a reading loses it
    assert parsed.documents, f"refused: {[str(r.reason) for r in parsed.refused]}"
    want = EXPECTED[reference_name(stem)]
    assert len(parsed.documents) == 1
    doc = parsed.documents[0]
    got = {"preamble": len(doc.preamble), "operative": len(doc.operative),
           "points": sum(count_points(p.points) for p in doc.operative)}
    assert got == {k: want[k] for k in ("preamble", "operative", "points")}
