"""A web site's notice after the resolution (wikisource's licence, refworld's disclaimer, "Retrieved from")
is left out (``lod.read.sitefooter``), and the old Chinese volumes' numbering in Chinese numerals reads as
paragraph numbers (``lod.read.numbering``).

A site's notice run into the last paragraph made it end mid-sentence: the whole resolution was refused as
cut. Each case is a real text of ../shared with a notice (written for the test) after it: it must parse as
the text alone, with a ``site-footer`` warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from lod.model import Resolution
from lod.read import parse_file_documents

NOTICES = {
    "wikisource-en": "This work is excerpted from an official document of the United Nations. The organisation keeps "
                     "most of its documents in the public domain.\n\n  1. Official records\n  2. Documents with a UN "
                     "symbol\n\nPublic domainPublic domainfalsefalse\n",
    "wikisource-zh": "本作品来自联合国官方文件。\n\n根据ST/AI/189/Add.9/Rev.2第2条,下列文件属于公有领域:\n\n  1. 官方纪录\n",
    "refworld": "This is not a UNHCR publication. UNHCR is not responsible for its content.\n",
    "mediawiki": "Retrieved from \"https://example.org/wiki/Resolution\"\nCategories: Security Council resolutions\n",
}


def shape(doc: Resolution) -> tuple[object, ...]:
    return (doc.symbol, doc.adoption_date, len(doc.preamble), [(p.num, p.text) for p in doc.operative])


def only(path: Path) -> Resolution:
    parsed = parse_file_documents(path)
    assert len(parsed.documents) == 1, parsed.refused
    return parsed.documents[0]


@pytest.mark.parametrize("site", list(NOTICES))
@pytest.mark.parametrize("name", ["en__S_RES_242_1967.gold.txt", "en__A_RES_80_10.txt"])
def test_a_sites_notice_after_the_text_is_left_out(name: str, site: str, tmp_path: Path) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / name
    path.write_text(text + "\n\n" + NOTICES[site], encoding="utf-8")
    doc = only(path)
    assert shape(doc) == shape(only(CORPUS / name))
    footer = [w for w in doc.warnings if w.code == "site-footer"]
    assert len(footer) == 1 and footer[0].line == len(text.split("\n")) + 2


def test_a_notice_in_the_first_lines_is_the_pages_header(tmp_path: Path) -> None:
    """Above the text (a page's banner) the same words are the header's business: nothing is cut."""
    name = "en__S_RES_242_1967.gold.txt"
    path = tmp_path / name
    path.write_text("This work is in the public domain.\n\n" + (CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    doc = only(path)
    assert shape(doc) == shape(only(CORPUS / name))
    assert not [w for w in doc.warnings if w.code == "site-footer"]


def test_old_chinese_volumes_number_paragraphs_in_chinese_numerals(tmp_path: Path) -> None:
    """The 1946-1947 Chinese translations: recitals opened by 鑒於, "爰議決:" (resolves:) before paragraphs
    numbered 一. 二. 三., the closing line in traditional characters, then the site's notice."""
    text = ("安全理事會,\n\n"
            "  鑒於大會已通過關於原子能之決議案,\n\n"
            "  鑒於委員會已提出其第一次報告書,\n\n"
            "  爰議決:\n\n"
            "  一. 請委員會繼續其工作;\n\n"
            "  二. 請秘書長將本決議案送交各會員國;\n\n"
            "  三. 請委員會於下屆會前提出報告。\n\n"
            "第一一七次會議一致通過。\n\n" + NOTICES["wikisource-zh"])
    path = tmp_path / "zh.txt"
    path.write_text("聯合國安理會決議案\n\n" + text, encoding="utf-8")
    doc = only(path)
    assert len(doc.preamble) == 2
    assert [p.num for p in doc.operative] == ["1", "2", "3"]
    assert doc.operative[2].text.startswith("請委員會於下屆會前")


ARTICLE = ("Resolution 999 of the Security Council\n\nFrom an encyclopedia\n\n"
           "The resolution, adopted in 1999, called for a ceasefire. The resolution states in full:\n\n"
           "The Security Council,\n\n"
           "Recalling its earlier resolutions on the question,\n\n"
           "1. Calls upon all parties to the fighting to cease all firing and terminate all military activity at once;\n"
           "2. Requests the Secretary-General to report to the Council on the implementation of this resolution;\n"
           "3. Decides that negotiations shall start between the parties concerned under appropriate auspices.[4]\n\n")


def test_a_quoted_resolution_ends_where_the_articles_prose_goes_on(tmp_path: Path) -> None:
    """An article quotes a resolution, one paragraph a line, and goes on with its own prose after it: the prose
    is text after the end (warned), not more of paragraph 3 (which made the whole read as cut)."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE + "The phrase \"appropriate auspices\" was read to mean the auspices of the two powers "
                    "rather than those of the United Nations.\n", encoding="utf-8")
    doc = only(path)
    assert [p.num for p in doc.operative] == ["1", "2", "3"]
    assert "under appropriate auspices." in doc.operative[2].text
    assert [w.line for w in doc.warnings if w.code == "text-after-end"] == [15]


def test_a_paragraph_wrapped_over_lines_is_not_cut_at_a_blank_line(tmp_path: Path) -> None:
    """In a PDF's layout the last paragraph runs over lines, and a page break may put a blank line and a
    capitalised line inside it: nothing is cut there."""
    text = ARTICLE.replace("under appropriate auspices.[4]\n\n", "under appropriate\nauspices, and\n\n"
                           "United Nations observers shall attend the negotiations from their first meeting to the end.\n")
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    doc = only(path)
    assert doc.operative[2].text.endswith("from their first meeting to the end.")
    assert not [w for w in doc.warnings if w.code == "text-after-end"]


def test_a_pages_record_after_the_text_ends_it(tmp_path: Path) -> None:
    """A documents site prints its record of the text under it ("Document symbol: …", "Publication Date: …"):
    the resolution ends before it (text-after-end), instead of running into its last paragraph."""
    path = tmp_path / "record.txt"
    path.write_text(ARTICLE.replace(".[4]\n\n", ".\n\n\n") + "Document symbol: S/1999/999\nDocument Type: Draft "
                    "resolution\nPublication Date: 22/10/1999\n", encoding="utf-8")
    doc = only(path)
    assert [p.num for p in doc.operative] == ["1", "2", "3"]
    assert doc.operative[2].text.endswith("under appropriate auspices.")
    assert [w.code for w in doc.warnings if w.code == "text-after-end"] == ["text-after-end"]


def test_an_operative_part_quoted_alone_is_a_fragment(tmp_path: Path) -> None:
    """A blog quotes the operative paragraphs of a draft, without its formula, recitals or symbol, between its
    own prose: nothing says the resolution is whole, so it is refused, not published without its preamble."""
    text = ("The draft circulated today would, among other things, do the following.\n\n"
            "1. Demands that all parties cease all armed violence in all its forms immediately;\n"
            "2. Requests the Secretary-General to report to the Council within fifteen days of this text;\n"
            "3. Decides to review the implementation of this resolution within thirty days of its adoption.\n\n"
            "Diplomats expect a vote on the text early next week, after the weekend's consultations among members.\n")
    path = tmp_path / "blog.txt"
    path.write_text(text, encoding="utf-8")
    parsed = parse_file_documents(path)
    assert parsed.documents == ()
    assert "operative part quoted alone" in parsed.refused[0].reason
