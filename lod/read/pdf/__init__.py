"""Read the text of official UN PDFs, using the page layout to clean it.

``extract_text(path)`` returns text that ``lod.read`` reads like a clean
pdftotext output:

* page 1's masthead first, column by column (``United Nations`` /
  ``General Assembly``, then symbol, distribution, date), blocks separated by
  blank lines;
* then the body in reading order, one visual line per line, paragraphs
  separated by one blank line; running headers, footers, job numbers, page
  counters and barcodes are gone; a paragraph that runs over a page break
  stays whole;
* footnote markers glued to the word before them (``Development,1 and``);
* finally the footnotes, after a line of 18 underscores, one per line:
  ``1  Resolution 70/1.`` (marker, two spaces, text).

``extract(path)`` returns the same text with page count, footnote count and
warnings (``ocr-text-layer`` for scans with an OCR layer).

Scans without a text layer raise ``SourceError`` saying so.

>>> extract_text("missing.pdf")
Traceback (most recent call last):
...
lod.errors.SourceError: missing.pdf: file not found
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lod.errors import SourceError
from lod.model import ParseWarning
from lod.read.pdf.glyphs import read_pages
from lod.read.pdf.layout import Layout, lay_out

__all__ = ["FOOTNOTE_RULE", "PdfText", "extract", "extract_text", "render"]

#: The line that opens the footnote block, as pdftotext writes the UN's rule.
FOOTNOTE_RULE = "_" * 18


@dataclass(frozen=True)
class PdfText:
    """The cleaned text of a PDF and what was learnt reading it."""

    text: str
    pages: int
    footnotes: int
    warnings: tuple[ParseWarning, ...] = ()
    ocr: bool = False


def extract_text(path: str | Path) -> str:
    """Return the cleaned text of the PDF at ``path`` (see the module docstring).

    Raises:
        SourceError: missing, unreadable or encrypted file, or a scan without text.
    """
    return extract(path).text


def extract(path: str | Path, *, footnotes: str = "page") -> PdfText:
    """Read ``path`` and return its cleaned text with counts and warnings.

    ``footnotes``: ``"page"`` (each page's notes where the page ends) or
    ``"end"`` (all notes after the body); see ``render``.

    Raises:
        SourceError: missing, unreadable or encrypted file, or a scan without text.
    """
    p = Path(path)
    pages = list(read_pages(p))
    if not pages:
        raise SourceError("PDF has no pages: expected at least one page of text", source=p)
    chars = sum(1 for page in pages for g in page.glyphs if g.text.strip())
    scanned = sum(1 for page in pages if page.image_area > 0.5)
    if chars < 20 * len(pages) and chars < 200:
        unmapped = sum(page.unmapped for page in pages)
        if unmapped > chars:
            raise SourceError(
                f"PDF text cannot be read: expected fonts that map glyphs to Unicode, found {unmapped} "
                "glyph(s) without a mapping; OCR the rendered pages instead",
                source=p,
            )
        if scanned:
            raise SourceError(
                f"scanned PDF without a text layer: expected text, found only images on {scanned} "
                f"of {len(pages)} page(s); run OCR first (for example `ocrmypdf in.pdf out.pdf`)",
                source=p,
            )
        raise SourceError(
            f"PDF has no text layer: expected text, found {chars} character(s) on {len(pages)} page(s)",
            source=p,
        )
    warnings: list[ParseWarning] = []
    invisible = sum(1 for page in pages for g in page.glyphs if g.render == 3 and g.text.strip())
    ocr = bool(scanned) and invisible > chars / 2
    if ocr:
        warnings.append(
            ParseWarning(
                "ocr-text-layer",
                f"scanned PDF: its text is an invisible OCR layer over page images ({scanned} of {len(pages)} "
                "page(s)); expect OCR errors and an approximate layout",
            )
        )
    layout = lay_out(pages, typed=ocr)
    return PdfText(render(layout, footnotes=footnotes), len(pages), len(layout.footnotes), tuple(warnings), ocr)


def render(layout: Layout, *, footnotes: str = "page") -> str:
    """Write a ``Layout`` as text: masthead blocks, body paragraphs, footnote blocks.

    ``footnotes="page"`` writes each page's footnotes where the page ends, as the
    printed page has them (even inside a paragraph that runs on), which lets the
    parser tell footnote markers from other numbers by where the notes stand;
    ``footnotes="end"`` writes one block after the body.

    >>> print(render(Layout((("United Nations",),), (("The General Assembly,",),), (("1", "Resolution 70/1."),))))
    United Nations
    <BLANKLINE>
    The General Assembly,
    <BLANKLINE>
    __________________
    1  Resolution 70/1.
    <BLANKLINE>
    """
    if footnotes not in ("page", "end"):
        raise ValueError(f"footnotes: expected 'page' or 'end', found {footnotes!r}")
    notes = [f"{m}  {t}" if m else t for m, t in layout.footnotes]
    note_pages = list(layout.note_pages) or [0] * len(notes)
    blocks = ["\n".join(b) for b in layout.masthead]
    pending = 0  # index of the first footnote not yet written

    def block_until(page: int) -> str | None:
        nonlocal pending
        start = pending
        while pending < len(notes) and note_pages[pending] < page:
            pending += 1
        if pending == start:
            return None
        block = FOOTNOTE_RULE + "\n" + "\n".join(notes[start:pending])
        if footnotes == "page" and layout.pages:
            block += f"\n\n{note_pages[pending - 1]}/{layout.pages}"  # the page's counter: the page ends here
        return block

    for i, para in enumerate(layout.paragraphs):
        pages = layout.paragraph_pages[i] if i < len(layout.paragraph_pages) else (0,) * len(para)
        current: list[str] = []
        for line, page in zip(para, pages):
            if footnotes == "page" and (note := block_until(page)) is not None:
                if current:
                    blocks.append("\n".join(current))
                    current = []
                blocks.append(note)
            current.append(line)
        blocks.append("\n".join(current))
    if (note := block_until(1 << 30)) is not None:
        blocks.append(note)
    return "\n\n".join(blocks) + "\n"
