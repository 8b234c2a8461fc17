"""Operative numbers form a sequence: a paragraph the sequence misses is looked for inside the one before it.

Why: an extractor that joins lines, or a column width that wraps them elsewhere, can run a
paragraph's number into the text before it (``… biennium 1998-1999;8 5. Affirms that …``, or a
section heading ``… for Africa’s Development 47. Recalls that …``). The numbering stage
(``lod.read.numbering``) does not take such a number, so paragraph 5 becomes text of paragraph 4,
and paragraph 4 is published holding both, silently. Whatever the cause, the symptom is the same
and the sequence shows it: after paragraph N the next number is not N+1 (or N is the last).

``complete_sequence(numbered, language)`` then looks for N+1 in paragraph N's lines, inline and
where a paragraph starts: ``N+1.`` after a paragraph end (``;`` ``.`` ``:``, a footnote marker
possibly after it) or after a heading, followed by a phrase that opens an operative paragraph in
the document's language. It splits the line there and gives the new line the number, as the
numbering stage gives its own; the structure stage then reads the paragraph like any other
(points, footnote markers, citations). It repeats (N+1 may hold N+2 …). A paragraph of a correct
sequence is never split; nor is a number inside a quotation (an amended text quoted whole). Each
split is reported as a ``paragraph-split`` warning.

>>> from lod.read.languages import LANGUAGES
>>> from lod.read.normalise import normalise
>>> from lod.read.numbering import number_paragraphs
>>> text = ("Recalling its resolution 70/1,\\n1. Notes the report;\\n2. Welcomes the plan;8 3. Affirms its support;\\n"
...         "4. Requests a report;\\n5. Decides to remain seized of the matter.\\n")
>>> numbered = number_paragraphs(normalise(text)[0], LANGUAGES["en"])
>>> sorted(numbered.starts.values()), [w.code for w in numbered.warnings]
(['1', '2', '4', '5'], ['numbering-gap'])
>>> complete_sequence(numbered, LANGUAGES["en"])
>>> [ln.text for ln in numbered.lines if id(ln) in numbered.starts][1:3], [w.code for w in numbered.warnings]
(['2. Welcomes the plan;8', '3. Affirms its support;'], ['paragraph-split'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lod.model import ParseWarning
from lod.read.languages import Language
from lod.read.normalise import NOTE_SENTINEL, SENTINEL_CLOSE, SENTINEL_OPEN, Line
from lod.read.numbering import Numbered, op_phrase

__all__ = ["complete_sequence"]

#: What may close the paragraph before a run-in number: its punctuation, closing quotes or
#: brackets, then a footnote marker (in sentinels, or a bare number the extraction left).
_CLOSED = rf"[;:.。；：][”’\"»)]*(?:\s*{SENTINEL_OPEN}[^{SENTINEL_CLOSE}]*{SENTINEL_CLOSE}|\s*\d{{1,3}})?"
#: A heading run into the paragraph after it: a capitalised line of a few words with no closing punctuation.
_HEADING_WORDS = 15
#: A line short enough to be a section number line ("Section 11", "B", "II.").
_SHORT_LINE = 30
#: An annex heading: the resolution's paragraphs end there (an annex numbers its own paragraphs).
_ANNEX = re.compile(r"^(?:Annex|ANNEX|Annexe|ANNEXE|Appendix|Appendice)\b")
#: How many paragraphs one text may gain (a runaway guard: a real text gains one or two).
_MAX_SPLITS = 50


@dataclass(frozen=True)
class _Found:
    """Where paragraph ``num`` starts inside another's lines: line ``index``, column ``col``, and
    ``alone`` when its number stands alone on that line (its text is on the next one)."""

    index: int
    col: int
    num: int
    why: str
    alone: bool = False


def complete_sequence(numbered: Numbered, language: Language) -> None:
    """Split out of each paragraph N the paragraph N+1 it holds inline, when the sequence misses N+1.

    Rewrites ``numbered`` in place: ``lines`` (a split line becomes two), ``starts`` (the new
    paragraph's first line gets its number) and ``warnings`` (a ``paragraph-split`` for each split;
    the ``numbering-gap`` the split closes is withdrawn).
    """
    splits = 0
    k = 0
    while splits < _MAX_SPLITS:
        k = _next_short(numbered, k)
        if k < 0:
            return
        found = _find_next(numbered, k, language)
        if found is None:
            k += 1
            continue
        _split(numbered, found)
        splits += 1
        k = found.index if found.col == 0 else found.index + 1


def _starts_from(numbered: Numbered, k: int) -> list[tuple[int, int]]:
    """(line index, number) of each paragraph start at or after line ``k`` with a plain number."""
    starts = numbered.starts
    out = []
    for i in range(k, len(numbered.lines)):
        num = starts.get(id(numbered.lines[i]))
        if num is not None and num.isdigit():
            out.append((i, int(num)))
    return out


def _next_short(numbered: Numbered, k: int) -> int:
    """Index of the first paragraph start at or after line ``k`` that the sequence does not follow
    with its next number (before a restart at a section), or -1."""
    following = _starts_from(numbered, k)
    for pos, (i, n) in enumerate(following):
        later = following[pos + 1:]
        if later and later[0][1] == n + 1:
            continue
        # N+1 printed later in the same run of numbers (a repeat or misorder): not missing.
        run = []
        for _, m in later:
            if m <= n:
                break
            run.append(m)
        if n + 1 not in run:
            return i
    return -1


def _find_next(numbered: Numbered, k: int, language: Language) -> _Found | None:
    """Where paragraph N+1 starts inside paragraph N (which starts at line ``k``), or None."""
    lines = numbered.lines
    n = int(numbered.starts[id(lines[k])]) + 1
    end = next((i for i in range(k + 1, len(lines)) if id(lines[i]) in numbered.starts), len(lines))
    runin = re.compile(rf"{_CLOSED}\s+({n})\.(?:\s+|$)")
    heading = re.compile(rf"(?<=[^\W\d_])\s+({n})\.\s+")
    at_start = re.compile(rf"^({n})\.(?:\s+|$)")
    quotes = 0
    previous: Line | None = None
    for i in range(k, end):
        line = lines[i]
        s = line.stripped
        if not s:
            continue
        if _ANNEX.match(s):
            return None
        first = 0
        if i == k:
            m0 = re.match(r"\d{1,3}\.\s*", s)
            first = m0.end() if m0 else 0
        if i > k and previous is not None:
            m = at_start.match(s)
            if m and _closes(previous.stripped):
                rest = s[m.end():]
                if rest and op_phrase(language, rest) and quotes == 0:
                    return _Found(i, 0, n, "at the start of a line")
                if not rest:
                    nxt = next((ln.stripped for ln in lines[i + 1:end] if ln.stripped), "")
                    if nxt and op_phrase(language, nxt) and quotes == 0:
                        return _Found(i, 0, n, "alone on a line", alone=True)
        for m in runin.finditer(s, first):
            rest = s[m.end():]
            if rest and op_phrase(language, rest) and quotes + _open_quotes(s[:m.start(1)]) == 0:
                return _Found(i, m.start(1), n, "after the end of the paragraph before it")
        if i > k and previous is not None:
            m = heading.search(s)
            if m and _heading_before(s[:m.start()], previous.stripped):
                rest = s[m.end():]
                if rest and op_phrase(language, rest) and quotes == 0:
                    return _Found(i, m.start(1), n, "after a heading")
        quotes += _open_quotes(s)
        previous = line
    return None


def _open_quotes(s: str) -> int:
    """How many quotations ``s`` leaves open (curly quotes; an odd count of straight ones opens one)."""
    return max(0, s.count("“") - s.count("”")) + s.count('"') % 2


def _closes(s: str) -> bool:
    """Does the line ``s`` end a paragraph (closing punctuation, a footnote marker after it)?"""
    t = NOTE_SENTINEL.sub("", s).rstrip(" ”’\"»)")
    t = re.sub(r"(?<=[;:.])\s*\d{1,3}$", "", t)
    return t[-1:] in ";:.。；："


def _heading_before(prefix: str, previous: str) -> bool:
    """Is ``prefix`` (a line's text before a run-in number) a heading: a few capitalised words
    without closing punctuation, under a paragraph end or a short section number line?"""
    prefix = prefix.strip()
    if not prefix or not prefix[0].isupper() or prefix[-1] in ",;:." or len(prefix.split()) > _HEADING_WORDS:
        return False
    return _closes(previous) or (len(previous) <= _SHORT_LINE and previous[-1:] not in ",")


def _split(numbered: Numbered, found: _Found) -> None:
    """Open paragraph ``found.num`` at ``found``: split the line, register the start, warn."""
    lines = numbered.lines
    line = lines[found.index]
    s = line.stripped
    num = str(found.num)
    if found.alone:
        j = next(i for i in range(found.index + 1, len(lines)) if lines[i].stripped)
        nxt = lines[j]
        new = Line(f"{num}. {nxt.stripped}", nxt.no, nxt.indent)
        lines[j] = new
        lines[found.index] = Line("", line.no, 0)
    elif found.col == 0:
        new = line
    else:
        head = Line(s[:found.col].rstrip(), line.no, line.indent)
        new = Line(s[found.col:], line.no, 0)
        if id(line) in numbered.starts:
            numbered.starts[id(head)] = numbered.starts.pop(id(line))
        lines[found.index:found.index + 1] = [head, new]
    numbered.starts[id(new)] = num
    _withdraw(numbered, new, found.num)
    excerpt = s[found.col:found.col + 50] if not found.alone else f"{num}. {new.stripped[len(num) + 2:][:40]}"
    numbered.warnings.append(ParseWarning(
        "paragraph-split", f"operative paragraph {num} was run into paragraph {found.num - 1} "
        f"({found.why}): split out at {excerpt!r}", line.no))


def _withdraw(numbered: Numbered, new: Line, num: int) -> None:
    """Withdraw the numbering stage's warnings that paragraph ``num`` (opening at ``new``) answers:
    the ``numbering-gap`` of the paragraph after it when the gap is now closed, and the
    ``number-in-text`` of its own number when the chain had left it in the text."""
    lines, starts = numbered.lines, numbered.starts
    k = next(i for i, ln in enumerate(lines) if ln is new)
    after = next((lines[i] for i in range(k + 1, len(lines)) if id(lines[i]) in starts), None)
    closed = after is not None and starts[id(after)] == str(num + 1)
    gap = f"operative paragraph {num + 1} "  # a gap is reported at the paragraph after it
    left = f"a paragraph number {num}. "
    numbered.warnings[:] = [
        w for w in numbered.warnings
        if not ((closed and w.code == "numbering-gap" and w.message.startswith(gap))
                or (w.code == "number-in-text" and w.line == new.no and w.message.startswith(left)))]
