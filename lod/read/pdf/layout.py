"""Turn the glyphs of PDF pages into lines, drop page furniture, split footnotes.

``lay_out(pages)`` returns a ``Layout``: the body as paragraphs of lines in
reading order, and the footnotes as ``(marker, text)`` pairs. It guarantees:

1. running headers (symbol and short title on top of pages 2..n), footers (job
   number ``23-25978 (E)``, page counter ``2/13``, ``*2325978*`` barcodes) are
   gone, recognised by position (top/bottom band), size and shape;
2. footnotes are the small-font lines under the footnote rule (a line of
   underscores or a drawn line), one entry per footnote, a footnote continued on
   the next page joined to its start;
3. superscript footnote markers in the body are plain digits glued to the word
   before them (``Development,1 and``), as pdftotext and the UN's own text
   exports write them;
4. a paragraph break is a larger vertical gap, a first-line indent, or a change
   of font size; a paragraph continued on the next page stays one paragraph;
5. page 1's masthead (left: ``United Nations`` / ``General Assembly``; right:
   symbol, distribution, date, original language) is written column by column.

>>> from lod.read.pdf.glyphs import Glyph, Page
>>> word = lambda s, x, y, size=10.0: [Glyph(c, x + i * 5, x + i * 5 + 5, y, size, "F") for i, c in enumerate(s)]
>>> page = Page(1, 612, 792, tuple(word("Recalling", 147, 400) + word("2", 192, 403, 6.5) + word("its", 123, 388)))
>>> lay_out([page]).paragraphs
(('Recalling2', 'its'),)
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lod.read.patterns import BARCODE, COUNTER_PATTERN, JOB_PATTERN
from lod.read.pdf.glyphs import Glyph, Page, Rule

__all__ = ["Layout", "Line", "lay_out"]

#: A glyph this much smaller than its line, and raised, is a superscript.
SUPERSCRIPT_RATIO = 0.8
_SEPARATOR = re.compile(r"^_{5,}$")
# the text parser's furniture patterns; a PDF line may also carry the print code after the job number
_JOB = re.compile(rf"^{JOB_PATTERN}(?:\s+\d{{6}})?(?:\s+{COUNTER_PATTERN})?$")
_PAGE_COUNTER = re.compile(rf"^{COUNTER_PATTERN}$")
_BARCODE = BARCODE
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.()\-]+)+$")
_MARKER = re.compile(r"^(\d{1,3}|\*{1,3})$")


@dataclass(frozen=True)
class Line:
    """One visual line: its text, left x, baseline y, main font size, page."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    page: int
    marker: str | None = None  # a footnote line's leading superscript marker
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    """Body paragraphs (tuples of lines), footnotes and counts of what was dropped."""

    masthead: tuple[tuple[str, ...], ...]
    paragraphs: tuple[tuple[str, ...], ...]
    footnotes: tuple[tuple[str, str], ...]
    dropped: tuple[str, ...] = ()
    #: page of each line of each paragraph, and page of each footnote's start
    paragraph_pages: tuple[tuple[int, ...], ...] = ()
    note_pages: tuple[int, ...] = ()
    pages: int = 0


# ---------------------------------------------------------------- lines


def _rows(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into rows by baseline, then fold raised small rows into their host."""
    visible = sorted((g for g in glyphs if g.size > 0.5), key=lambda g: (-g.y, g.x0))
    strips: list[list[Glyph]] = []
    for g in visible:
        if strips:
            last = strips[-1]
            ref = last[0]
            if abs(ref.y - g.y) <= max(1.0, 0.12 * max(ref.size, g.size)):
                last.append(g)
                continue
        strips.append([g])
    # fold superscript strips (small, raised) into the strip just below them
    merged: list[list[Glyph]] = []
    i = 0
    while i < len(strips):
        strip = strips[i]
        size = _main_size(strip)
        host = strips[i + 1] if i + 1 < len(strips) else None
        if host is not None and _text(strip).strip():
            hsize = _main_size(host)
            dy = strip[0].y - host[0].y
            near = min(h.x0 for h in host) - 20 <= min(g.x0 for g in strip) <= max(h.x1 for h in host) + 20
            if size < SUPERSCRIPT_RATIO * hsize and 0 < dy < 0.75 * hsize and near:
                host.extend(strip)
                i += 1
                continue
        merged.append(strip)
        i += 1
    return [sorted(r, key=lambda g: g.x0) for r in merged if _text(r).strip()]


def _text(glyphs: Sequence[Glyph]) -> str:
    return "".join(g.text for g in glyphs)


def _main_size(glyphs: Sequence[Glyph]) -> float:
    counts = Counter(round(g.size, 1) for g in glyphs if g.text.strip())
    if not counts:
        return max((g.size for g in glyphs), default=0.0)
    return counts.most_common(1)[0][0]


def _segments(row: list[Glyph], page: int) -> list[Line]:
    """Split a row at wide gaps (columns) and spell each part, gluing superscripts."""
    size = _main_size(row)
    base = statistics.median(g.y for g in row if round(g.size, 1) == size) if size else row[0].y
    out: list[Line] = []
    parts: list[str] = []
    start: Glyph | None = None
    prev: Glyph | None = None
    pending_space = False
    marker_open = False
    lead_marker: list[str] = []
    leading = True

    def flush(last: Glyph) -> None:
        nonlocal parts, start, lead_marker, leading
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if text and start is not None:
            marker = "".join(lead_marker) or None
            bold = sum(1 for g in row if g.bold) > len(row) / 2
            out.append(Line(text, start.x0, last.x1, base, size, page, marker, bold))
        parts, start, lead_marker, leading = [], None, [], True

    for g in row:
        if not g.text.strip():
            pending_space = True
            continue
        if prev is not None and g.x0 - prev.x1 > max(4 * size, 30):
            flush(prev)
            pending_space = False
        sup = g.size < SUPERSCRIPT_RATIO * size and g.y > base + 0.15 * size
        if start is None:
            start = g
        elif sup and _MARKER.match(g.text) and not marker_open:
            pending_space = False  # glue the marker to the word before it
        elif prev is not None and (pending_space or g.x0 - prev.x1 > 0.18 * size or (marker_open and not sup and g.text.isalnum())):
            parts.append(" ")
        if sup and leading and _MARKER.match(g.text):
            lead_marker.append(g.text)
        else:
            if not sup:
                leading = False
            parts.append(g.text)
        marker_open = sup
        pending_space = False
        prev = g
    if prev is not None:
        flush(prev)
    return out


def _page_lines(page: Page) -> list[list[Line]]:
    """Rows of a page, each a list of its column segments, top to bottom."""
    return [segs for row in _rows(page.glyphs) if (segs := _segments(row, page.number))]


# ---------------------------------------------------------------- furniture


def _is_furniture(line: Line, page: Page, body_size: float, *, top: bool) -> bool:
    text = line.text.strip()
    if _JOB.match(text) or _PAGE_COUNTER.match(text) or _BARCODE.match(text):
        return True
    if top and page.number > 1:
        return line.size < body_size - 0.4 or bool(_SYMBOL.match(text))
    return False


def _masthead_floor(page: Page) -> float | None:
    """The y of page 1's lowest full-width rule in the top half (under the masthead)."""
    if page.number != 1:
        return None
    rows: dict[int, list[Rule]] = {}
    for r in page.rules:
        rows.setdefault(round(r.y), []).append(r)
    best = None
    for y, rules in rows.items():
        span = max(r.x1 for r in rules) - min(r.x0 for r in rules)
        if span > 0.6 * page.width and y > page.height / 2:
            best = y if best is None else min(best, y)
    return float(best) if best is not None else None


def _separator_y(page: Page, rows: list[list[Line]], body_size: float) -> float | None:
    """The footnote rule: a row of underscores, or a short drawn line above small text."""
    for segs in rows:
        if len(segs) == 1 and _SEPARATOR.match(segs[0].text.replace(" ", "")):
            return segs[0].y
    lowest_body = min((s.y for segs in rows for s in segs if abs(s.size - body_size) < 0.6), default=None)
    for rule in sorted(page.rules, key=lambda r: -r.y):
        short = 30 <= rule.x1 - rule.x0 <= 0.5 * page.width
        if short and rule.y < page.height / 2 and (lowest_body is None or rule.y < lowest_body):
            below = [s for segs in rows for s in segs if s.y < rule.y]
            if below and all(s.size < body_size - 0.4 for s in below):
                return rule.y
    return None


# ---------------------------------------------------------------- assembly


def lay_out(pages: Sequence[Page], *, typed: bool = False) -> Layout:
    """Lay out the glyphs of ``pages`` as masthead, body paragraphs and footnotes.

    ``typed=True`` is for typewritten (OCRed) pages, double-spaced: there a line
    that starts at the margin under a full line continues its paragraph.
    """
    all_sizes = Counter(round(g.size, 1) for p in pages for g in p.glyphs if g.text.strip())
    body_size = all_sizes.most_common(1)[0][0] if all_sizes else 10.0
    masthead: list[tuple[str, ...]] = []
    body: list[Line] = []
    notes: list[list[Any]] = []  # [marker, text, page]
    dropped: list[str] = []
    for page in pages:
        rows = _page_lines(page)
        floor = _masthead_floor(page)
        sep = _separator_y(page, rows, body_size)
        note_left = min((s.x0 for segs in rows for s in segs if sep is not None and s.y < sep), default=0.0)
        top_band = page.height * 0.9
        bottom_band = page.height * 0.085
        head: list[Line] = []
        for segs in rows:
            y = segs[0].y
            if all(_is_furniture(s, page, body_size, top=y > top_band) for s in segs) and (y > top_band or y < bottom_band):
                dropped.extend(s.text for s in segs)
                continue
            if sep is not None and len(segs) == 1 and abs(y - sep) < 0.5 and _SEPARATOR.match(segs[0].text.replace(" ", "")):
                continue
            if floor is not None and y > floor:
                head.extend(segs)
                continue
            if sep is not None and y < sep:
                for s in segs:
                    if s.size >= body_size - 0.4 and not s.marker and y < bottom_band:
                        dropped.append(s.text)
                        continue
                    text = s.text
                    marker = s.marker
                    m = re.match(r"^(\d{1,3}|\*)\s+(.*)$", text)
                    if marker is None and m and s.x0 <= note_left + 1.5:
                        marker, text = m.group(1), m.group(2)
                    if marker is not None:
                        notes.append([marker, text, page.number])
                    elif notes:
                        notes[-1][1] = _join(notes[-1][1], text)
                    else:
                        notes.append(["", text, page.number])
                continue
            body.extend(segs)
        if head:
            masthead.extend(_masthead_blocks(head, page))
    paras = _paragraphs(body, body_size, typed=typed)
    return Layout(
        tuple(masthead),
        tuple(tuple(line.text for line in p) for p in paras),
        tuple((n[0], n[1]) for n in notes),
        tuple(dropped),
        tuple(tuple(line.page for line in p) for p in paras),
        tuple(n[2] for n in notes),
        len(pages),
    )


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].isalpha():
        return a + b
    return f"{a} {b}"


def _masthead_blocks(head: list[Line], page: Page) -> list[tuple[str, ...]]:
    """Left column then right column, each top to bottom, one block per column."""
    mid = page.width / 2
    left = [s for s in head if s.x0 < mid]
    right = [s for s in head if s.x0 >= mid]
    blocks = []
    for col in (left, right):
        col.sort(key=lambda s: (-s.y, s.x0))
        if col:
            blocks.append(tuple(s.text for s in col))
    return blocks


def _paragraphs(lines: list[Line], body_size: float, *, typed: bool = False) -> list[list[Line]]:
    """Group body lines into paragraphs by gap, indent and size change."""
    if not lines:
        return []
    margin_counts = Counter(round(s.x0) for s in lines if abs(s.size - body_size) < 0.6)
    margin = float(margin_counts.most_common(1)[0][0]) if margin_counts else min(s.x0 for s in lines)
    pitches = [
        a.y - b.y
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6 and 0 < a.y - b.y < 3 * body_size
    ]
    pitch = min(statistics.median(pitches), 1.5 * body_size) if pitches else 1.2 * body_size
    right = sorted(s.x1 for s in lines)[int(0.9 * (len(lines) - 1))]
    paras: list[list[Line]] = []
    prev: Line | None = None
    for line in lines:
        new = prev is None
        if prev is not None:
            indented = line.x0 > margin + 8 and abs(line.size - body_size) < 0.6
            if line.page != prev.page:
                new = indented
            else:
                gap = prev.y - line.y
                same_row = abs(gap) < 0.5
                own_pitch = pitch if abs(line.size - body_size) < 0.6 else 1.2 * line.size
                new = (
                    same_row
                    or gap > 1.3 * own_pitch
                    or gap < 0
                    or abs(line.size - prev.size) > 1.0
                    or (indented and abs(prev.size - body_size) < 0.6)
                )
                if typed and new and line.x0 <= prev.x0 + 2 and 0 < gap < 2 * own_pitch:
                    new = prev.x1 < right - 0.12 * (right - margin)
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
        prev = line
    return paras
