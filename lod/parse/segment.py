"""Stage 3: drop page furniture, lift footnote blocks out, mark footnote references.

``segment(lines, ...)`` guarantees to the structure stage:

1. no running headers (symbol, repeated title), job numbers, page counters,
   barcodes, print codes or page numbers remain in ``body``;
2. footnote blocks (an underscore rule and numbered notes, wherever the page
   broke, even mid-paragraph) are removed from ``body`` and returned as
   ``notes`` with their marker (``1``…, or ``*`` for the unnumbered kind);
3. each footnote marker found in the body ("organisée1", "Convention2,",
   "Development, 1", "20173" = 2017 + note 3) is replaced in place by
   ``SENTINEL_OPEN + marker + SENTINEL_CLOSE``; markers are told apart from
   other digits with the notes' numbering sequence and the place of each note's
   block (a marker stands before its note, after the previous marker).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lod.model import ParseWarning
from lod.parse.languages import Language
from lod.parse.normalise import SENTINEL_CLOSE, SENTINEL_OPEN, Line
from lod.parse.patterns import (
    BARCODE,
    FOOTNOTE_SEPARATOR,
    JOB_NUMBER,
    LONE_NUMBER,
    OPERATIVE_NUMBER,
    PAGE_COUNTER,
    POINT_LABEL,
    PRINT_CODE,
    SYMBOL_LINE,
)

__all__ = ["Note", "Segmented", "segment"]


@dataclass
class Note:
    """A footnote lifted out of the body; ``position`` is the body line index where its block stood."""

    marker: str
    lines: list[str]
    line_no: int
    position: int

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.lines)).strip()


@dataclass
class Segmented:
    body: list[Line]
    notes: list[Note]
    warnings: list[ParseWarning] = field(default_factory=list)


_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})\s+(\S.*)$")
_LONE_MARKER = re.compile(r"^(\d{1,3}|\*{1,3})$")


def _words(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def classify_furniture(lines: list[Line], symbols: tuple[str, ...], title_lines: tuple[str, ...]) -> set[int]:
    """Indices of lines that are page furniture (running headers and footers)."""
    hard: set[int] = set()
    for i, line in enumerate(lines):
        s = line.stripped
        if not s:
            continue
        if (JOB_NUMBER.match(s) or PAGE_COUNTER.match(s) or BARCODE.match(s) or PRINT_CODE.match(s)
                or SYMBOL_LINE.match(s)):
            hard.add(i)
    # Soft furniture: running titles and repeated lines standing next to hard furniture.
    title = _words(" ".join(title_lines))
    counts = Counter(_words(line.text) for line in lines if line.stripped)
    soft_candidates = set()
    for i, line in enumerate(lines):
        s = line.stripped
        if not s or i in hard:
            continue
        w = _words(s)
        if (title and len(w) >= 6 and w in title) or (counts[w] >= 3 and len(w.split()) >= 3):
            soft_candidates.add(i)
        elif LONE_NUMBER.match(s):
            soft_candidates.add(i)  # page numbers; footnote markers are handled before this is used
    furniture = set(hard)
    changed = True
    while changed:
        changed = False
        for i in sorted(soft_candidates - furniture):
            if _neighbour(lines, i, -1) in furniture or _neighbour(lines, i, 1) in furniture:
                if LONE_NUMBER.match(lines[i].stripped) and not _page_number_context(lines, i, furniture):
                    continue
                furniture.add(i)
                changed = True
    return furniture


def _page_number_context(lines: list[Line], i: int, furniture: set[int]) -> bool:
    """A lone number is a page number when it sits between furniture or at the end of the text."""
    before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
    return (before in furniture or before is None) and (after in furniture or after is None)


def _neighbour(lines: list[Line], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].stripped:
            return j
        j += step
    return None


def segment(
    lines: list[Line],
    *,
    language: Language,
    symbols: tuple[str, ...] = (),
    title_lines: tuple[str, ...] = (),
) -> Segmented:
    """Split body lines from furniture and footnotes; mark note references in the body."""
    furniture = classify_furniture(lines, symbols, title_lines)
    body: list[Line] = []
    notes: list[Note] = []
    warnings: list[ParseWarning] = []
    i = 0
    next_number = 1
    while i < len(lines):
        line = lines[i]
        if FOOTNOTE_SEPARATOR.match(line.text):
            i, block = _read_block(lines, i + 1, furniture, language, next_number, position=len(body))
            for note in block:
                if note.marker.isdigit():
                    next_number = max(next_number, int(note.marker) + 1)
            notes.extend(block)
            continue
        if i in furniture:
            i += 1
            continue
        body.append(line)
        i += 1
    _number_star_notes(notes)
    body = _mark_references(body, notes, warnings)
    return Segmented(body, notes, warnings)


def _read_block(
    lines: list[Line], i: int, furniture: set[int], language: Language, next_number: int, *, position: int
) -> tuple[int, list[Note]]:
    """Read one footnote block starting at line ``i``; return the index after it and its notes."""
    entries: list[Note] = []
    leading: list[Line] = []
    current: Note | None = None
    saw_furniture = False
    expected = next_number
    while i < len(lines):
        line = lines[i]
        s = line.stripped
        if not s or FOOTNOTE_SEPARATOR.match(line.text):
            i += 1
            continue
        lone = _LONE_MARKER.match(s)
        if lone and (lone.group(1).startswith("*") or _plausible(int(lone.group(1)), expected)):
            current = Note(lone.group(1), [], line.no, position)
            entries.append(current)
            if current.marker.isdigit():
                expected = int(current.marker) + 1
            i += 1
            continue
        if i in furniture:
            saw_furniture = True
            i += 1
            continue
        start = _NOTE_START.match(s)
        if start and (start.group(1).startswith("*") or _plausible(int(start.group(1)), expected)) and not _body_resumes(line, language):
            current = Note(start.group(1), [start.group(2)], line.no, position)
            entries.append(current)
            if current.marker.isdigit():
                expected = int(current.marker) + 1
            i += 1
            continue
        unmatched = _pending_unmatched(entries, leading)
        if (saw_furniture or _body_resumes(line, language)) and not unmatched:
            break
        if current is None:
            leading.append(line)
        elif unmatched:
            # the first marker still waiting for its text (pdftotext prints it before the page footer)
            next(e for e in entries if not e.lines).lines.append(s)
        else:
            current.lines.append(s)
        i += 1
    return i, _resolve_block(entries, leading, position)


def _plausible(n: int, expected: int) -> bool:
    return expected <= n <= expected + 6 or (n < expected and n >= expected - 12)


def _body_resumes(line: Line, language: Language) -> bool:
    """An indented line that opens a paragraph ends a footnote block (the seed's pages)."""
    s = line.stripped
    if line.indent < 2:
        return False
    return bool(language.preamble_phrase(s) or OPERATIVE_NUMBER.match(s) or POINT_LABEL.match(s))


def _pending_unmatched(entries: list[Note], leading: list[Line]) -> bool:
    """pdftotext prints some markers after the notes' texts: are there more than leading texts to take them?"""
    empty = [e for e in entries if not e.lines]
    return len(empty) > _split_count(leading, len(empty))


def _split_count(leading: list[Line], wanted: int) -> int:
    return min(len(leading), wanted) if leading else 0


def _resolve_block(entries: list[Note], leading: list[Line], position: int) -> list[Note]:
    """Give leading unmarked texts to the markers printed after them (pdftotext), or to ``*``."""
    trailing = [e for e in entries if not e.lines]
    notes = [e for e in entries if e.lines]
    if leading:
        groups = _split_leading([line.stripped for line in leading], len(trailing) or 1)
        if trailing:
            for marker_note, text_lines in zip(trailing, groups):
                marker_note.lines = text_lines
                marker_note.position = position
            notes = [e for e in entries if e.lines]
        else:
            notes.insert(0, Note("*", [t for g in groups for t in g], leading[0].no, position))
    notes.sort(key=lambda n: (0, 0) if n.marker.startswith("*") else (1, int(n.marker)))
    return notes


def _split_leading(texts: list[str], count: int) -> list[list[str]]:
    """Split leading note lines into ``count`` notes: one per line if it fits, else at sentence ends."""
    if count <= 1:
        return [texts]
    if len(texts) == count:
        return [[t] for t in texts]
    groups: list[list[str]] = [[]]
    for t in texts:
        groups[-1].append(t)
        if t.endswith(".") and len(groups) < count:
            groups.append([])
    if not groups[-1]:
        groups.pop()
    return groups


def _number_star_notes(notes: list[Note]) -> None:
    """Several unnumbered notes get ``*``, ``**``, … in order."""
    stars = [n for n in notes if n.marker.startswith("*")]
    for k, note in enumerate(stars):
        note.marker = "*" * (k + 1)


_CONTEXT_WORDS = {
    "resolution", "resolutions", "résolution", "résolutions", "decision", "decisions", "décision", "décisions",
    "paragraph", "paragraphs", "paragraphe", "paragraphes", "para", "paras", "article", "articles", "art",
    "no", "nos", "vol", "chapter", "chap", "chapitre", "item", "items", "point", "section", "sect", "session",
    "page", "pages", "goal", "goals", "target", "targets", "objectif", "cible", "annex", "annexe", "rule",
    "règle", "principle", "principe", "part", "partie", "supplement", "supplément", "number", "numéro",
    "of", "on", "du", "le", "la", "au", "et", "and", "to", "from", "than", "de", "des", "les", "in", "en",
    "at", "by", "with", "over", "under", "about", "between", "entre", "sur", "à", "per", "or", "ou", "its",
    "sa", "son", "ses", "their", "leur", "leurs", "the", "a", "an", "un", "une", "protocol", "protocole",
    "convention", "security", "council", "meeting", "séance", "plus", "moins", "than", "first", "last",
}
_FOLLOW_STOP = re.compile(
    r"^\s*(?:%|per\s?cent|pour\s?cent|years?|ans?|années?|million|billion|milliards?|millions?|days?|jours?|"
    r"months?|mois|members?|membres?|States|États|countries|pays|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)\b|^\s*(?:\d|/|-|\.\d)",
)


def _mark_references(body: list[Line], notes: list[Note], warnings: list[ParseWarning]) -> list[Line]:
    """Replace each numbered note's marker in the body by a sentinel, searching before its block."""
    texts = [line.text for line in body]
    cursor = (0, 0)  # (line index, column) after the previous marker
    for note in notes:
        if not note.marker.isdigit():
            continue
        found = _find_marker(texts, note.marker, cursor, note.position)
        if found is None:
            warnings.append(ParseWarning("footnote-marker", f"marker of footnote {note.marker} not found in the text", note.line_no))
            continue
        li, start, end = found
        sentinel = f"{SENTINEL_OPEN}{note.marker}{SENTINEL_CLOSE}"
        texts[li] = texts[li][:start] + sentinel + texts[li][end:]
        cursor = (li, start + len(sentinel))
    return [Line(t, line.no, line.indent) for t, line in zip(texts, body)]


def _find_marker(texts: list[str], marker: str, cursor: tuple[int, int], limit: int) -> tuple[int, int, int] | None:
    """Find ``marker`` between ``cursor`` and body line ``limit``; glued forms win over detached ones."""
    m = re.escape(marker)
    glued = re.compile(rf"(?<=[^\W\d_]|[)\]”»’\"])({m})(?![\d/]|\.\d)")
    after_punct = re.compile(rf"(?<=[,.;:])({m})(?=[\s,.;:)]|$)")
    year = re.compile(rf"(?<![\d/.,-])(?:1[89]|20)\d\d({m})(?=[\s,.;:)]|$)")
    detached = re.compile(rf"(?<=\S) +({m})(?=[\s,.;:)]|$)")
    lo_line, lo_col = cursor
    hi = min(limit, len(texts))
    for rx in (glued, after_punct, year, detached):
        for li in range(lo_line, hi):
            text = texts[li]
            start_col = lo_col if li == lo_line else 0
            for mt in rx.finditer(text, start_col):
                s, e = mt.span(1)
                if SENTINEL_CLOSE in text[max(0, s - 1):s]:
                    continue
                if rx is detached:
                    if not _detached_ok(text, mt.start(), e, texts, li):
                        continue
                    s = mt.start()  # drop the space before a detached marker
                if rx is glued and _inside_token(text, s, e):
                    continue
                return li, s, e
    return None


def _inside_token(text: str, s: int, e: int) -> bool:
    """Digits glued to letters that belong to a code ("G20", "CO2", "A/RES/2") are not markers."""
    j = s
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    token = text[j:s]
    return bool(re.search(r"[/=]|^[A-Z]{1,3}$|^[A-Z][a-z]?-?$", token))


def _detached_ok(text: str, space: int, end: int, texts: list[str], li: int) -> bool:
    before = text[:space].rstrip()
    prev_word = re.findall(r"[\w’']+\.?$|[^\w\s]$", before)
    if not prev_word:
        return False
    pw = prev_word[-1].lower().rstrip(".")
    if pw.isdigit() or pw in _CONTEXT_WORDS:
        return False
    after = text[end:]
    if not after.strip():
        return True  # a number ending a line after a word or a comma is a marker in UN texts
    return not _FOLLOW_STOP.match(after)
