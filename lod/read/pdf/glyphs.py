"""Read the glyphs, rules and images of each PDF page (pdfminer.six, no layout analysis).

``read_pages(path)`` yields one ``Page`` per PDF page with:

1. ``glyphs``: every drawn character with its left/right x, baseline y, font
   size (in points, after all transformations), font name and text render mode
   (3 = invisible, as OCR text layers are);
2. ``rules``: thin horizontal lines and rectangles (the footnote separator, the
   masthead rules);
3. ``image_area``: how much of the page images cover (0..1), to recognise scans.

Coordinates are PDF points with the origin at the bottom left, as pdfminer gives
them. pdfminer's own layout analysis (``LAParams``) is not used: it splits
justified lines at wide word gaps and orders boxes unpredictably, and the
grouping in ``lod.read.pdf.layout`` needs only the raw glyphs.

>>> from pathlib import Path
>>> pages = list(read_pages(Path("missing.pdf")))
Traceback (most recent call last):
...
lod.errors.SourceError: missing.pdf: file not found
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import apply_matrix_pt, mult_matrix

from lod.errors import SourceError

__all__ = ["Glyph", "Page", "Rule", "read_pages"]


class Glyph(NamedTuple):
    """One drawn character: ``x0``/``x1`` its horizontal extent, ``y`` its baseline.

    A named tuple, not a dataclass: a page holds thousands and a tuple is the
    cheapest immutable record to make.
    """

    text: str
    x0: float
    x1: float
    y: float
    size: float
    font: str
    render: int = 0

    @property
    def bold(self) -> bool:
        """True when the font name says bold (``TimesNewRomanPS-BoldMT``)."""
        return "bold" in self.font.lower()


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line or rectangle from ``x0`` to ``x1`` at height ``y``."""

    x0: float
    x1: float
    y: float
    thickness: float


@dataclass(frozen=True)
class Page:
    """What one page draws: glyphs, horizontal rules and the share covered by images."""

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...] = ()
    image_area: float = 0.0
    unmapped: int = field(default=0)  # glyphs whose font gives no Unicode text


class _Collector(PDFTextDevice):  # type: ignore[misc]
    """A pdfminer device that records glyphs, rules and image areas of one page."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.glyphs: list[Glyph] = []
        self.rules: list[Rule] = []
        self.image_rects: list[tuple[float, float, float, float]] = []
        self.rotated = 0
        self.unmapped = 0
        self._render = 0

    def reset(self) -> None:
        self.unmapped = 0
        self.glyphs = []
        self.rules = []
        self.image_rects = []

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self._render = int(getattr(textstate, "render", 0) or 0)
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(
        self,
        matrix: tuple[float, float, float, float, float, float],
        font: Any,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = float(font.char_width(cid)) * fontsize * scaling
        a, b, c, d, e, f = matrix
        if a <= 0 or d <= 0 or abs(b) > 0.1 * a or abs(c) > 0.1 * d:
            self.rotated += 1  # rotated or mirrored text (margin notes, stamps): not part of the reading order
            return adv
        if text:
            x0 = c * rise + e  # the matrix applied to (0, rise) and (adv, rise), inlined: hot path
            y0 = d * rise + f
            x1 = a * adv + x0
            size = abs(fontsize * math.hypot(c, d))
            self.glyphs.append(Glyph(text, x0, x1, y0, round(size, 2), str(getattr(font, "fontname", "")), self._render))
        return adv

    def handle_undefined_char(self, font: Any, cid: int) -> str:
        self.unmapped += 1
        return ""  # an unmapped glyph has no text to give; dropping it beats "(cid:12)"

    def paint_path(self, graphicstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Sequence[Any]) -> None:
        pts = []
        for seg in path:
            coords = [float(v) for v in seg[1:]]
            for i in range(0, len(coords) - 1, 2):
                pts.append(apply_matrix_pt(self.ctm, (coords[i], coords[i + 1])))
        if len(pts) < 2:
            return
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        linewidth = float(getattr(graphicstate, "linewidth", 0) or 0) if stroke else 0.0
        thickness = max(height, linewidth)
        if width >= 20 and thickness <= 3:
            self.rules.append(Rule(min(xs), max(xs), (max(ys) + min(ys)) / 2, thickness))

    def render_image(self, name: str, stream: Any) -> None:
        corners = [apply_matrix_pt(self.ctm, p) for p in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs = [p[0] for p in corners]
        ys = [p[1] for p in corners]
        self.image_rects.append((min(xs), min(ys), max(xs), max(ys)))

    def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
        pass

    def end_figure(self, name: str) -> None:
        pass


def _covered(rects: list[tuple[float, float, float, float]], width: float, height: float) -> float:
    """Share of the page covered by the largest image (images rarely overlap usefully)."""
    if not rects or width <= 0 or height <= 0:
        return 0.0
    best = 0.0
    for x0, y0, x1, y1 in rects:
        w = max(0.0, min(x1, width) - max(x0, 0.0))
        h = max(0.0, min(y1, height) - max(y0, 0.0))
        best = max(best, w * h / (width * height))
    return best


def read_pages(path: str | Path) -> Iterator[Page]:
    """Yield every page of the PDF at ``path`` with its glyphs, rules and image cover.

    Raises:
        SourceError: the file is missing, not a PDF pdfminer can read, encrypted,
            or forbids text extraction.
    """
    p = Path(path)
    if not p.exists():
        raise SourceError("file not found", source=p)
    # pdfminer logs recoverable oddities of real-world files as warnings; they are not the user's business
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rsrc = PDFResourceManager(caching=True)
    device = _Collector(rsrc)
    interpreter = PDFPageInterpreter(rsrc, device)
    try:
        with p.open("rb") as fh:
            for number, page in enumerate(PDFPage.get_pages(fh, check_extractable=False), start=1):
                device.reset()
                interpreter.process_page(page)
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                ctm_w, ctm_h = abs(x1 - x0), abs(y1 - y0)
                if int(page.rotate or 0) % 180:
                    ctm_w, ctm_h = ctm_h, ctm_w
                # pdfminer's interpreter moves the origin to the media box corner
                yield Page(
                    number,
                    ctm_w,
                    ctm_h,
                    tuple(device.glyphs),
                    tuple(device.rules),
                    _covered(device.image_rects, ctm_w, ctm_h),
                    device.unmapped,
                )
    except SourceError:
        raise
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", source=p) from None
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            reason = "encrypted PDF: expected an unencrypted PDF, found one that needs a password"
        else:
            reason = f"cannot read PDF: expected a well-formed PDF, pdfminer failed with {name}: {exc}"
        raise SourceError(reason, source=p) from None
