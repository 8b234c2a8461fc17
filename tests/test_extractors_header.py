"""One PDF, any extractor: the same symbol, title and adoption date (see tests/extracted.py).

What is expected is what reading the document gives (corpus_expected.json: symbol, title); the
adoption date is the one the pdftotext text gives (tests/test_parse_header.py holds it to the text).
A reading that is refused (a warning-bearing refusal with its reason) passes: publishing nothing is
better than publishing a wrong symbol. Known gaps are strict xfails with their reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extracted import EXPECTED, cases, parse_extracted, parse_reference, reference_name, with_known_gaps

KNOWN_GAPS: dict[tuple[str, str], str] = {}


def header(doc) -> dict:
    return {"symbol": str(doc.symbol) if doc.symbol else None, "title": doc.title, "adoption_date": doc.adoption_date}


@pytest.mark.parametrize(("stem", "kind"), with_known_gaps(KNOWN_GAPS))
def test_same_header_whatever_the_extractor(stem: str, kind: str, tmp_path: Path) -> None:
    parsed = parse_extracted(stem, kind, tmp_path)
    if not parsed.documents:
        assert parsed.refused, "neither a document nor a refusal with its reason"
        return
    want = EXPECTED[reference_name(stem)]
    (reference,) = parse_reference(stem).documents
    assert len(parsed.documents) == 1
    got = header(parsed.documents[0])
    assert got == {"symbol": want["symbol"], "title": want.get("title") or None, "adoption_date": header(reference)["adoption_date"]}


@pytest.mark.parametrize(("stem", "kind"), cases())
def test_same_masthead_whatever_the_extractor(stem: str, kind: str, tmp_path: Path) -> None:
    """The rest of the masthead too: job number (with its language letter, "23-26034 (E)", though pypdf
    prints the print code beside it), session, agenda item, sponsors, document type, amended symbol and
    formula, whatever runs of spaces a layout-mode reading puts between the words ("Agenda  item  93")."""
    parsed = parse_extracted(stem, kind, tmp_path)
    if not parsed.documents:
        return  # refused with its reason: the test above holds it
    (reference,) = parse_reference(stem).documents
    fields = ("job_number", "session", "agenda_item", "sponsors", "doc_type", "amends", "formula")
    got = parsed.documents[0]
    assert {f: getattr(got, f) for f in fields} == {f: getattr(reference, f) for f in fields}


@pytest.mark.parametrize(("stem", "kind"), cases())
def test_no_masthead_doubt_on_a_whole_document(stem: str, kind: str, tmp_path: Path) -> None:
    """The masthead's doubts (symbol-uncertain, title-unread, date-uncertain, formula-joined) are for texts
    that lost or garbled it: a whole official document, whatever the extractor, raises none of them."""
    doubts = {"symbol-uncertain", "title-unread", "date-uncertain", "formula-joined"}
    for doc in parse_extracted(stem, kind, tmp_path).documents:
        assert not [w for w in doc.warnings if w.code in doubts]
