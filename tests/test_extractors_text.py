"""One PDF, any extractor: the same words in each paragraph, or a warning that says they are not.

tests/test_extractors_body.py counts paragraphs; this holds their text. The paragraphs of each
reading (pdftotext -layout, pypdf plain and layout, pdfminer) are compared with those of the plain
pdftotext reading, letters only (spaces, hyphens, punctuation, digits and note markers differ between
extractors without changing the text). A paragraph whose words differ must come with a
``text-out-of-order`` warning (pdfminer prints the boxes of a justified line out of order: that is
said, never published silently). Page furniture (the job number, the running head) is in no text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from extracted import cases, parse_extracted, parse_reference

#: Paragraphs where the plain pdftotext reading itself is wrong, so a right reading differs from it.
REFERENCE_FAULTS: dict[tuple[str, str], str] = {
    ("en__A_RES_78_69", "sec_V__para_61"): "pdftotext prints 'ISBA/28/C/9,' after paragraph 61, whose line it was cut from",
}


def letters(text: str) -> str:
    """The text's letters, lower case, without their accents (an ASCII extraction prints 'Lome', 'Turkiye')."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text.lower()))


def paragraphs(doc) -> dict[str, str]:
    out = {p.eid: p.text for p in doc.preamble}
    for p in doc.operative:
        out[p.eid] = " ".join([p.text] + [q.text for q in p.points])
    return out


@pytest.mark.parametrize(("stem", "kind"), cases())
def test_changed_words_are_said(stem: str, kind: str, tmp_path: Path) -> None:
    parsed = parse_extracted(stem, kind, tmp_path)
    (reference,) = parse_reference(stem).documents
    (doc,) = parsed.documents
    want = paragraphs(reference)
    differ = sorted(eid for eid, text in paragraphs(doc).items()
                    if eid in want and letters(text) != letters(want[eid]) and (stem, eid) not in REFERENCE_FAULTS)
    if differ:
        codes = {w.code for w in doc.warnings}
        assert "text-out-of-order" in codes, f"words differ from the pdftotext reading in {differ} without a warning"


@pytest.mark.parametrize(("stem", "kind"), cases())
def test_no_page_furniture_in_the_text(stem: str, kind: str, tmp_path: Path) -> None:
    (reference,) = parse_reference(stem).documents
    (doc,) = parse_extracted(stem, kind, tmp_path).documents
    job = re.search(r"\d{2}-\d{5}", reference.job_number or "")
    texts = list(paragraphs(doc).values()) + [n.text for n in doc.footnotes]
    if job:
        assert not [t for t in texts if job.group(0) in t], f"the job number {job.group(0)} is in the text"
    symbol = str(reference.symbol)
    cited = sum(symbol in t for t in list(paragraphs(reference).values()) + [n.text for n in reference.footnotes])
    assert sum(symbol in t for t in texts) == cited, f"the running head's symbol {symbol} is in the text"
