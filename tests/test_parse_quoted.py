"""A resolution quoted in another text (a speech, an editorial note) parses as the resolution
(``lod.read.quoted``): its paragraphs open with quotation marks, maybe after a list's bullet, and the
quoting text goes on after the mark closes.

Each case is a real text of ../shared quoted the way such pages quote it (each paragraph opening with a
mark, the last one closing it), between a speaker's words written for the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPUS
from lod.model import Resolution
from lod.read import parse_file_documents

BEFORE = "The President: We now have a draft resolution before us. The text is as follows:\n\n"
AFTER = "\n\nI take it that the Council agrees to adopt the text without a vote. It is so decided.\n"


def shape(doc: Resolution) -> tuple[object, ...]:
    return (len(doc.preamble), [(p.num, p.text, [q.text for q in p.points]) for p in doc.operative])


def only(path: Path) -> Resolution:
    parsed = parse_file_documents(path)
    assert len(parsed.documents) == 1, parsed.refused
    return parsed.documents[0]


def quote(doc: Resolution, mark: str, bullets: bool, close_each: bool) -> str:
    """``doc``'s body as a speech quotes it: every paragraph opens with ``mark``; the last (or every) one closes."""
    opening, closing = mark, {"“": "”", "\"": "\"", "«": "»"}[mark]
    paras = [doc.formula or ""] + [p.text for p in doc.preamble]
    for p in doc.operative:
        paras.append(f"{p.num}. {p.text}" if p.num else p.text)
        paras += [f"({q.num.strip('()')}) {q.text}" for q in p.points]
    out = []
    for k, text in enumerate(paras):
        bullet = "- " if bullets and re.match(r"\d+\.|\(", text) else ""
        end = closing if close_each or k == len(paras) - 1 else ""
        out.append(f"{bullet}{opening}{text}{end}")
    return BEFORE + "\n\n".join(out) + AFTER


@pytest.mark.parametrize("mark,bullets,close_each", [("“", False, False), ("\"", True, False), ("“", True, True)])
@pytest.mark.parametrize("name", ["en__S_RES_242_1967.gold.txt", "en__S_RES_598_1987.gold.txt", "en__A_RES_80_10.txt"])
def test_a_quoted_resolution_parses_as_the_resolution(name: str, mark: str, bullets: bool, close_each: bool,
                                                        tmp_path: Path) -> None:
    doc = only(CORPUS / name)
    path = tmp_path / "speech.txt"
    path.write_text(quote(doc, mark, bullets, close_each), encoding="utf-8")
    again = only(path)
    assert shape(again) == shape(doc)
    assert [w.code for w in again.warnings if w.code == "quoted-text"] == ["quoted-text"]


def test_a_quotation_never_closed_ends_where_the_speakers_words_go_on(tmp_path: Path) -> None:
    """Some pages close no mark at all: after a paragraph's full stop and a blank line, a line without the
    mark is the quoting text."""
    doc = only(CORPUS / "en__S_RES_242_1967.gold.txt")
    text = quote(doc, "“", False, False).replace("”\n\nI take it", "\n\nI take it")
    path = tmp_path / "speech.txt"
    path.write_text(text, encoding="utf-8")
    assert shape(only(path)) == shape(doc)
