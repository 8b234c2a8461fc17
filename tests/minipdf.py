"""A minimal PDF writer for tests: text pages (standard Helvetica) and image-only pages.

Enough of PDF 1.4 to make files pdfminer and pypdf read: a catalog, a page tree,
pages with a content stream, the Helvetica standard font or one grey image,
and a correct cross-reference table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Text", "image_pdf", "text_pdf", "unmapped_font_pdf"]


@dataclass(frozen=True)
class Text:
    """A run of text at ``(x, y)`` (baseline, points from the bottom left) in Helvetica ``size``."""

    x: float
    y: float
    text: str
    size: float = 10.0


def _escape(s: str) -> bytes:
    raw = s.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(pages: Sequence[Sequence[Text]], *, rules: Sequence[Sequence[tuple[float, float, float]]] = (),
             width: float = 612, height: float = 792) -> bytes:
    """A PDF whose page ``i`` draws the texts ``pages[i]`` and horizontal lines ``rules[i]`` (x0, x1, y)."""
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, texts in enumerate(pages):
        content = bytearray()
        for t in texts:
            content += f"BT /F1 {t.size} Tf {t.x} {t.y} Td (".encode() + _escape(t.text) + b") Tj ET\n"
        for x0, x1, y in (rules[i] if i < len(rules) else ()):
            content += f"0.5 w {x0} {y} m {x1} {y} l S\n".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(_stream(bytes(content)))
    return _assemble(objects)


def image_pdf(pages: int = 1, *, width: float = 612, height: float = 792) -> bytes:
    """A scan-like PDF: every page is one full-page grey image and no text at all."""
    pixels = bytes((x * 16 + y) % 256 for y in range(16) for x in range(16))
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               _stream(pixels, "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 ")]
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /XObject << /Im1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(_stream(f"q {width} 0 0 {height} 0 0 cm /Im1 Do Q\n".encode()))
    return _assemble(objects)


def unmapped_font_pdf() -> bytes:
    """Text drawn in a CID font with no ToUnicode map: glyphs without any Unicode text."""
    content = b"BT /F1 12 Tf 72 700 Td <0001000200030004000500060007> Tj ET\n" * 30
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Custom /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Custom "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
    ])
