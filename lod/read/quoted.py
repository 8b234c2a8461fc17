"""A resolution quoted in another text (a speech, an editorial note, a cable): its own lines, unquoted.

A page quoting a resolution opens each of its paragraphs with a quotation mark, as English and French
typography require ("“The Security Council, / “Noting … / “1. Calls upon …"), sometimes after a list's
bullet ("- “2. Calls upon …"), and closes the mark after its last paragraph only; the quoting text goes on
after it. Read as they are, no line opens with a formula, a recital's phrase or a number, and the page's
prose runs into the last paragraph. ``unquote`` finds a formula printed after an opening mark, takes the
mark (and a bullet) off every line of the quotation, and ends the text where the mark closes (or, after a
paragraph's full stop and a blank line, where a line opens without it): the page's text after it is left
out with a ``quoted-text`` warning.

>>> from lod.read.languages import LANGUAGES
>>> from lod.read.normalise import normalise
>>> page = ('He read the draft:\\n“The Security Council,\\n“Noting the report;\\n- “1. Calls upon the parties;\\n'
...         '- “2. Requests a report.”\\nAfter some discussion, the vote was taken.\\n')
>>> lines, warnings = unquote(normalise(page)[0], LANGUAGES["en"])
>>> [line.text for line in lines], warnings[0].line
(['He read the draft:', 'The Security Council,', 'Noting the report;', '1. Calls upon the parties;', '2. Requests a report.'], 6)
"""

from __future__ import annotations

import re

from lod.model import ParseWarning
from lod.read.languages import Language
from lod.read.normalise import Line

__all__ = ["unquote"]

#: A list's bullet and an opening quotation mark at the start of a line: the text after them as group 1.
_OPENING = re.compile(r"^(?:[-–•*]\s+)?[\"“„«]\s*(?=\S)")
#: A closing quotation mark after a paragraph's last punctuation, a note mark, emphasis or the quoting text's
#: reference in brackets after it ("… recommendations.” (U.N. doc. S/3710)").
#: A paragraph's end: a full stop, emphasis or a note mark after it allowed ("… resolution 210 (1965).**").
_ENDED = re.compile(r"[.!?]\s*(?:\*+|\[\d{1,3}\]|\d{1,3})?$")
_CLOSING = re.compile(r"([.,;:!?)](?:\s*\d{1,3})?)\s*[\"”»]\s*(?:\*+|\[\d{1,3}\]|\d{1,3}|\([^()\"“”«»]{1,60}\))?\s*$")


def unquote(lines: list[Line], lang: Language) -> tuple[list[Line], tuple[ParseWarning, ...]]:
    """The lines of a quoted resolution without their quotation marks, up to the mark that closes it; the
    same lines when no formula is printed after an opening mark."""
    start = next((i for i, line in enumerate(lines[:300]) if line.stripped[:1] in "\"“„«-–•*"
                  and (m := _OPENING.match(line.stripped)) and lang.formula_re.match(line.stripped[m.end():])), None)
    if start is None:
        return lines, ()
    out = list(lines[:start])
    marked = 0  # paragraphs after the formula that open with the mark: the page quotes each of them
    for i in range(start, len(lines)):
        line = lines[i]
        s = line.stripped
        m = _OPENING.match(s)
        if m:
            s = s[m.end():]
            marked += i > start
        elif s and marked >= 2 and lines[i - 1].blank and _ENDED.search(_last_text(out)):
            # after a blank line, a line without the mark following a paragraph that ended: the quoting text
            return out, (_left_out(line),)
        closed = _CLOSING.search(s) if s else None
        if closed is not None:
            s = s[:closed.start()] + closed.group(1)  # a page that closes every paragraph's mark as well
        elif s[-1:] in "\"”»" and _reopens(lines, i + 1):
            s = s[:-1].rstrip()  # … even after a paragraph without punctuation ("Affirms further the necessity”")
        if closed is not None and m is not None and not _reopens(lines, i + 1):  # a quoted paragraph closes it
            out.append(Line(s, line.no, line.indent))
            rest = next((ln for ln in lines[i + 1:] if not ln.blank), None)
            return out, (() if rest is None else (_left_out(rest),))
        out.append(line if s == line.stripped else Line(s, line.no, line.indent))
    return out, ()


def _left_out(line: Line) -> ParseWarning:
    """The warning for the quoting text from ``line`` on, left out."""
    return ParseWarning("quoted-text", "the resolution is quoted (its paragraphs open with quotation marks); the "
                        f"quoting text after it is left out: {line.stripped[:60]!r}", line.no)


def _last_text(lines: list[Line]) -> str:
    """The last non-blank line's text (empty when none)."""
    return next((ln.stripped for ln in reversed(lines) if not ln.blank), "")


def _reopens(lines: list[Line], k: int) -> bool:
    """Does the next non-blank line from ``k`` open with a quotation mark (the quotation goes on)?"""
    nxt = next((ln for ln in lines[k:] if not ln.blank), None)
    return nxt is not None and _OPENING.match(nxt.stripped) is not None
