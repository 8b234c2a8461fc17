"""Texts kept in JSON (a data set's record, a viewer's list of paragraphs) and plain-text italics
(``_Recalling_``, as e-mail copies print them) parse as the text they hold (``lod.read.jsontext``,
``lod.read.normalise``).

Each case wraps a real text of ../shared the way such a source does, and must parse as the text itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CORPUS
from lod.errors import SourceError
from lod.model import Resolution
from lod.read import parse_file_documents
from lod.read.normalise import normalise

GOLD = CORPUS / "en__S_RES_1_1946.gold.txt"
WEB = CORPUS / "en__A_RES_80_10.txt"


def shape(doc: Resolution) -> tuple[object, ...]:
    return (doc.symbol, doc.title, doc.adoption_date, doc.formula, [p.text for p in doc.preamble],
            [(p.num, p.text) for p in doc.operative], [f.text for f in doc.footnotes])


def only(path: Path) -> Resolution:
    parsed = parse_file_documents(path)
    assert len(parsed.documents) == 1, parsed.refused
    return parsed.documents[0]


def test_a_data_set_record_reads_as_its_text_field(tmp_path: Path) -> None:
    text = GOLD.read_text(encoding="utf-8")
    record = {"res_no": 1, "symbol": "S/RES/1(1946)", "date": "1946-01-25", "english_text_best": text,
              "title": "Security Council resolution 1 (1946) [on establishment of the Military Staff Committee]"}
    path = tmp_path / "record.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = only(path)
    assert shape(doc) == shape(only(GOLD))
    assert [w.code for w in doc.warnings if w.code == "json-text"] == ["json-text"]
    assert "english_text_best" in next(w.message for w in doc.warnings if w.code == "json-text")


def test_a_record_cut_inside_its_text_is_a_fragment_not_a_document(tmp_path: Path) -> None:
    line = json.dumps({"symbol": "S/RES/1(1946)", "english_text_best": GOLD.read_text(encoding="utf-8")})
    path = tmp_path / "cut.jsonl"
    path.write_text(line[: line.index("shall constitute")], encoding="utf-8")  # inside paragraph 2
    parsed = parse_file_documents(path)
    assert parsed.documents == () and parsed.refused


def test_a_json_lines_file_of_several_records_says_so(tmp_path: Path) -> None:
    rec = json.dumps({"symbol": "S/RES/1(1946)", "text": GOLD.read_text(encoding="utf-8")})
    path = tmp_path / "two.jsonl"
    path.write_text(rec + "\n" + rec + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="JSON Lines file of 2 records"):
        parse_file_documents(path)


def test_a_viewers_array_of_paragraphs_reads_as_the_paragraphs(tmp_path: Path) -> None:
    doc = only(WEB)
    body = [doc.formula] + [p.text for p in doc.preamble] + [f"{p.num}. {p.text}" for p in doc.operative]
    head = WEB.read_text(encoding="utf-8").split(doc.formula)[0]
    path = tmp_path / "viewer.txt"
    path.write_text(head + "clean_en\nlist\n" + json.dumps(body, ensure_ascii=False) + "\n", encoding="utf-8")
    again = only(path)
    assert ([p.text for p in again.preamble], [(p.num, p.text) for p in again.operative]) == (
        [p.text for p in doc.preamble], [(p.num, p.text) for p in doc.operative])


def test_plain_text_italics_are_dropped(tmp_path: Path) -> None:
    """An e-mail copy: the openings in underscores; a name joined by them stays."""
    text = GOLD.read_text(encoding="utf-8")
    italic = re.sub(r"^(The Security Council|Therefore|By Article 47)", r"_\1_", text, flags=re.MULTILINE)
    assert italic.count("_") >= 4
    path = tmp_path / "email.txt"
    path.write_text(italic, encoding="utf-8")
    assert shape(only(path))[2:] == shape(only(GOLD))[2:]
    lines, _ = normalise("see A_RES_78_69.pdf and _Recalling_ it\n__________\n")
    assert [line.text for line in lines[:2]] == ["see A_RES_78_69.pdf and Recalling it", "__________"]
