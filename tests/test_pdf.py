"""PDF input: layout-aware extraction (lod.read.pdf) on the real UN PDFs and on hand-made ones."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from pdfminer.fontmetrics import FONT_METRICS

from lod.errors import SourceError
from lod.read import parse_file, parse_resolution, read_source
from lod.read.pdf import FOOTNOTE_RULE, extract, extract_text
from minipdf import Text, image_pdf, text_pdf, unmapped_font_pdf

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / ".." / "shared" / "corpus"
PDFS = sorted((CORPUS / "pdf").glob("*.pdf"))

# ---------------------------------------------------------------- the corpus table
#: Per PDF: is the structure parsed from the PDF equal to the one parsed from its
#: pdftotext text, or better (and why)? "Right" is the structure found by reading
#: the document: tests/data/corpus_expected.json (symbol, preambular, operative,
#: points, footnotes). "equal" means both parse to the same, right, structure.
STRUCTURE = {
    "en__A_C.3_80_L.4": ("equal", ""),
    "en__A_C.3_80_L.57": ("equal", ""),
    "en__A_L_632_1971": ("equal", ""),
    "en__A_RES_73_3": ("equal", ""),
    "en__A_RES_73_6": ("equal", ""),
    "en__A_RES_73_7": ("equal", ""),
    "en__A_RES_73_8": ("equal", ""),
    "en__A_RES_78_115": ("equal", ""),
    "en__A_RES_78_186": ("equal", ""),
    "en__A_RES_78_225": ("equal", ""),
    "en__A_RES_78_228": ("equal", ""),
    "en__A_RES_78_251": ("equal", ""),
    "en__A_RES_78_69": ("equal", ""),
    "en__A_RES_79_154": ("equal", ""),
}
EXPECTED = json.loads((REPO_ROOT / "tests" / "data" / "corpus_expected.json").read_text("utf-8"))
_WARNINGS: dict[int, tuple[str, ...]] = {}


def _pdftotext_of(pdf: Path) -> Path:
    stem = pdf.stem
    texts = [t for t in (CORPUS / "texts").glob(stem + ".*") if "layout" not in t.name]
    assert len(texts) == 1, f"expected one pdftotext file for {stem}, found {texts}"
    return texts[0]


@lru_cache(maxsize=None)
def _pdf_text(name: str) -> str:
    return extract_text(CORPUS / "pdf" / f"{name}.pdf")


def _structure(parse) -> tuple:  # type: ignore[no-untyped-def]
    r = parse()
    _WARNINGS[id(parse)] = tuple(w.code for w in r.warnings)

    def count(points) -> int:  # type: ignore[no-untyped-def]
        return sum(1 + count(p.points) for p in points)

    return (r.symbol, len(r.preamble), len(r.operative), sum(count(p.points) for p in r.operative), len(r.footnotes))


def test_corpus_table_covers_every_pdf() -> None:
    assert len(PDFS) == 14
    assert sorted(p.stem for p in PDFS) == sorted(STRUCTURE)


@pytest.mark.parametrize("name", sorted(STRUCTURE))
def test_structure_from_pdf_equals_or_beats_pdftotext(name: str) -> None:
    verdict, why = STRUCTURE[name]
    pdf = CORPUS / "pdf" / f"{name}.pdf"
    txt = _pdftotext_of(pdf)
    e = EXPECTED[txt.name]
    right = (e["symbol"], e["preamble"], e["operative"], e["points"], e["footnotes"])
    pdf_parse, txt_parse = (lambda: parse_resolution(_pdf_text(name), source=pdf.name)), (lambda: parse_file(txt))
    from_pdf, from_txt = _structure(pdf_parse), _structure(txt_parse)
    assert from_pdf == right, "the structure parsed from the PDF must be the right one"
    # and never more parser warnings than pdftotext gives (footnote markers are found at their place)
    assert "footnote-marker" not in _WARNINGS[id(pdf_parse)]
    assert len(_WARNINGS[id(pdf_parse)]) <= len(_WARNINGS[id(txt_parse)])
    if verdict == "equal":
        assert from_txt == from_pdf
    else:
        assert from_txt != right, f"pdftotext now parses right too: mark {name} 'equal' ({why})"


# ---------------------------------------------------------------- text quality on the corpus

_FURNITURE = re.compile(r"^(?:\d{2}-\d{5}(?: \(E\))?(?: +\d{6})?|\*\d{7}\*|\d{1,3}/\d{1,3})$")


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_no_running_furniture_and_notes_numbered_in_order(pdf: Path) -> None:
    text = _pdf_text(pdf.stem)
    lines = text.splitlines()
    counters = [ln for ln in lines if re.fullmatch(r"\d{1,3}/\d{1,3}", ln)]
    others = [ln for ln in lines if _FURNITURE.match(ln.strip()) and ln not in counters]
    assert others == [], f"job numbers or barcodes left: {others[:3]}"
    # page counters appear only to close a footnote block, right after it
    for i, ln in enumerate(lines):
        if ln in counters:
            block = lines[:i]
            assert FOOTNOTE_RULE in block[-40:] or any(FOOTNOTE_RULE == b for b in block), ln
    symbol_lines = [ln for ln in lines if re.fullmatch(r"A/(?:RES|C\.3)/\d+/(?:L\.)?\d+", ln)]
    assert len(symbol_lines) <= 1, "the running header symbol must appear once (masthead) at most"
    markers = [m.group(1) for m in re.finditer(r"(?m)^(\d{1,3})  \S", text)]
    assert markers == [str(i) for i in range(1, len(markers) + 1)]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_pdf_text_keeps_the_words_of_pdftotext(pdf: Path) -> None:
    """Bag-of-words recall against pdftotext, furniture aside: nothing of the text is lost."""
    def words(text: str) -> Counter[str]:
        lines = [ln.strip() for ln in text.splitlines()]
        repeated = {ln for ln, n in Counter(lines).items() if n >= 2 and len(ln) > 20}  # running titles
        kept = [ln for ln in lines if not _FURNITURE.match(ln) and ln not in repeated]
        return Counter(w for w in re.findall(r"[A-Za-z]{3,}", " ".join(kept)))

    ours, theirs = words(_pdf_text(pdf.stem)), words(_pdftotext_of(pdf).read_text("utf-8"))
    missing = theirs - ours
    # pdftotext splits words at odd glyph gaps ("prostitutio n"), so a few of its "words" are fragments,
    # and a running title printed once (2-page texts) is dropped by design: 1% + 20 words of slack
    assert sum(missing.values()) <= 0.01 * sum(theirs.values()) + 20, missing.most_common(10)


def test_superscripts_glued_and_broken_words_mended() -> None:
    text = _pdf_text("en__A_RES_78_228")
    assert "Sustainable Development,1 and recalling" in text
    assert "child prostitution\n" in text  # pdftotext: "prostitutio n"
    assert "COVID-19 pandemic has brought" in text  # pdftotext: "COVID -19"


def test_scan_with_ocr_layer_is_read_with_a_warning() -> None:
    result = extract(CORPUS / "pdf" / "en__A_L_632_1971.pdf")
    assert result.ocr and [w.code for w in result.warnings] == ["ocr-text-layer"]
    assert "Recalling the provisions of the Charter of the United Nations," in result.text
    src = read_source(CORPUS / "pdf" / "en__A_L_632_1971.pdf")
    assert src.is_pdf and src.info.encoding == "pdf" and [w.code for w in src.warnings] == ["ocr-text-layer"]


# ---------------------------------------------------------------- hand-made PDFs


def _width(s: str, size: float) -> float:
    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(c, 556) for c in s) * size / 1000


def _page(lines: list[tuple[float, str]], *, header: str | None, footer: list[str], notes: list[tuple[str, str]],
          sup: tuple[int, str, str] | None = None) -> list[Text]:
    """A UN-like page: header at the top, body lines, footnote rule and notes, footer."""
    out = [Text(60, 740, header, 8.5)] if header else []
    y = 700.0
    for i, (x, s) in enumerate(lines):
        if sup and sup[0] == i:
            cut = s.index(sup[1]) + len(sup[1])
            word_end = x + _width(s[:cut], 10) + 0.3
            out.append(Text(x, y, s[:cut], 10))
            out.append(Text(word_end, y + 3.5, sup[2], 6.5))
            out.append(Text(word_end + _width(sup[2], 6.5), y, s[cut:], 10))
        else:
            out.append(Text(x, y, s, 10))
        y -= 12 if x == 123 or i + 1 >= len(lines) or lines[i + 1][0] == 123 else 18
    ny = 100.0
    for marker, note in notes:
        out.append(Text(117, ny + 3, marker, 5.5))
        out.append(Text(123, ny, note, 8.5))
        ny -= 10.5
    if notes:
        out.append(Text(100, 112, "__________________", 8))
    for k, f in enumerate(footer):
        out.append(Text(60 + 300 * k, 36, f, 8.5))
    return out


@pytest.fixture
def un_like_pdf(tmp_path: Path) -> Path:
    page1 = _page(
        [(147, "Recalling its resolution 70/1 on the 2030 Agenda for Sustainable"),
         (123, "Development, and recalling also the targets of the Sustainable Development"),
         (123, "Goals on eliminating all forms of violence against all women and girls in")],
        header=None, footer=["23-25978 (E)    100124", "*2325978*"],
        notes=[("1", "Resolution 70/1.")], sup=(1, "Development,", "1"),
    )
    page2 = _page(
        [(123, "the public and private spheres,"),
         (147, "1. Decides to remain seized of the matter.")],
        header="A/RES/78/228", footer=["2/2", "23-25978"], notes=[],
    )
    path = tmp_path / "un_like.pdf"
    path.write_bytes(text_pdf([page1, page2]))
    return path


def test_furniture_dropped_notes_split_paragraph_kept_whole(un_like_pdf: Path) -> None:
    text = extract_text(un_like_pdf)
    assert "23-25978" not in text and "*2325978*" not in text and "A/RES/78/228" not in text
    assert "Sustainable\nDevelopment,1 and recalling" in text  # superscript glued, lines kept
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    recalling = next(p for p in paragraphs if p.startswith("Recalling"))
    assert recalling.endswith("Goals on eliminating all forms of violence against all women and girls in")
    # page 1's notes, closed by its counter, then the paragraph goes on
    assert f"girls in\n\n{FOOTNOTE_RULE}\n1  Resolution 70/1.\n\n1/2\n\nthe public and private spheres," in text
    assert "1. Decides to remain seized of the matter." in paragraphs


def test_footnotes_at_end_mode_keeps_paragraphs_contiguous(un_like_pdf: Path) -> None:
    text = extract(un_like_pdf, footnotes="end").text
    assert "girls in\nthe public and private spheres," in text
    assert text.rstrip().endswith(f"{FOOTNOTE_RULE}\n1  Resolution 70/1.")


def test_scanned_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(3))
    with pytest.raises(SourceError, match=r"scanned PDF without a text layer.*3 of 3 page\(s\).*OCR"):
        extract_text(path)
    with pytest.raises(SourceError, match="scanned PDF without a text layer"):
        read_source(path)


def test_pdf_with_neither_text_nor_images_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(text_pdf([[]]))
    with pytest.raises(SourceError, match="PDF has no text layer"):
        extract_text(path)


def test_fonts_without_unicode_mapping_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cid.pdf"
    path.write_bytes(unmapped_font_pdf())
    with pytest.raises(SourceError, match=r"fonts that map glyphs to Unicode, found 210 glyph\(s\) without a mapping"):
        extract_text(path)


def test_damaged_pdf_gives_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(SourceError) as info:
        extract_text(path)
    assert "broken.pdf" in str(info.value)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((CORPUS / "pdf" / "en__A_RES_78_186.pdf").read_bytes()[:3000])
    with pytest.raises(SourceError, match="truncated.pdf"):
        extract_text(truncated)


def test_missing_pdf() -> None:
    with pytest.raises(SourceError, match="file not found"):
        extract_text(REPO_ROOT / "no-such.pdf")


def test_vienna_a4_french_page_furniture(tmp_path: Path) -> None:
    """A4 pages as the Vienna documents (the seed's kind): 'V.20-05923' job numbers, header symbol."""
    h = 842.0
    first = "Rappelant les fonctions qui lui sont assignées à l’article 32 de la Convention"
    page1 = [
        Text(70, h - 120, "La Conférence des Parties à la Convention des Nations Unies contre la", 10),
        Text(70, h - 132, "criminalité transnationale organisée,", 10),
        Text(94, h - 150, first.replace("’", "'"), 10),
        Text(70, h - 162, "contre la criminalité transnationale organisée", 10),
        Text(70 + _width("contre la criminalité transnationale organisée", 10) + 0.3, h - 158.5, "1", 6.5),
        Text(70 + _width("contre la criminalité transnationale organisée", 10) + 4, h - 162, ", en vertu duquel", 10),
        Text(60, 100, "__________________", 8),
        Text(70, 88.5, "1", 5.5), Text(76, 85.5, "Nations Unies, Recueil des Traités, vol. 2225, no 39574.", 8.5),
        Text(60, 40, "V.20-05923 (F)", 8.5), Text(450, 40, "*2005923*", 10),
    ]
    page2 = [
        Text(60, h - 50, "CTOC/COP/2020/L.6/Rev.1", 8.5),
        Text(70, h - 100, "elle a été instituée pour améliorer la capacité des États parties,", 10),
        Text(60, 40, "V.20-05923", 8.5), Text(500, 40, "2/8", 8.5),
    ]
    path = tmp_path / "vienna.pdf"
    path.write_bytes(text_pdf([page1, page2], width=595, height=h))
    text = extract_text(path)
    assert "V.20-05923" not in text and "*2005923*" not in text and "CTOC/COP" not in text
    assert "organisée1, en vertu duquel" in text
    assert f"{FOOTNOTE_RULE}\n1  Nations Unies, Recueil des Traités, vol. 2225, no 39574.\n\n1/2" in text
    assert text.rstrip().endswith("elle a été instituée pour améliorer la capacité des États parties,")


def test_lod_parse_command_reads_a_pdf() -> None:
    from click.testing import CliRunner

    from lod.cli import main

    result = CliRunner().invoke(main, ["parse", str(CORPUS / "pdf" / "en__A_RES_78_186.pdf")])
    assert result.exit_code == 0, result.output
    assert "A/RES/78/186 [en] resolution: 3 preambular, 1 operative" in result.output


@pytest.mark.parametrize("module", ["lod.read.pdf", "lod.read.pdf.glyphs", "lod.read.pdf.layout"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0


def test_damaged_pdfs_give_text_or_source_error_only(tmp_path: Path) -> None:
    """Seeded damage (cuts, flipped bytes, zeroed runs) to a real PDF: text or SourceError, nothing else."""
    import random

    base = (CORPUS / "pdf" / "en__A_RES_78_186.pdf").read_bytes()
    rng = random.Random(20261128)
    for i in range(24):
        data = bytearray(base)
        if i % 3 == 0:
            data = data[: rng.randrange(10, len(data))]
        elif i % 3 == 1:
            for _ in range(20):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            start = rng.randrange(len(data))
            data[start:start + 500] = bytes(500)
        path = tmp_path / f"damaged{i}.pdf"
        path.write_bytes(bytes(data))
        try:
            assert isinstance(extract_text(path), str)
        except SourceError as exc:
            assert str(path) in str(exc)
