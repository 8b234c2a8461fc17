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
from bisect import bisect_left
from functools import lru_cache
from operator import attrgetter
from dataclasses import dataclass, field

from lod.model import ParseWarning
from lod.read.languages import Language
from lod.read.normalise import SENTINEL_CLOSE, SENTINEL_OPEN, Line
from lod.read.patterns import FOOTNOTE_SEPARATOR, HARD_FURNITURE, LONE_NUMBER, OPERATIVE_NUMBER, POINT_LABEL, SYMBOL_LINE

__all__ = ["Note", "Segmented", "segment"]


@dataclass
class Note:
    """A footnote lifted out of the body; ``position`` is the body line index where its block stood."""

    marker: str
    lines: list[str]
    line_no: int
    position: int
    unmarked: bool = False  # a volume's note that no marker of this text calls
    called: bool = False  # a volume's note called from the adoption line

    @property
    def text(self) -> str:
        """The lines joined, white space collapsed (split and joined: the same as a ``\\s+`` regex and strip)."""
        return " ".join(" ".join(self.lines).split())


@dataclass
class Segmented:
    body: list[Line]
    notes: list[Note]
    warnings: list[ParseWarning] = field(default_factory=list)


_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})/?\s+(\S.*)$")
_BARE_NOTE = re.compile(r"^(\d{1,3}) ((?:[A-Z“]|\d{4} )\S.*)$")
_MONTH_START = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|"
    r"mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"
)
_END_NOTE = re.compile(r"^(\d{1,3}) ([A-Z]\S*(?: \S+){2,}.*)$")
_LONE_MARKER = re.compile(r"^(\d{1,3}|\*{1,3})/?$")
#: A note number of the 1990s "1/" style alone on its line: it opens a block printed without a rule.
_SLASH_MARKER = re.compile(r"^(\d{1,2})/$")
#: A rule of hyphens or dashes ("-----") ending a text or a page.
_DASH_RULE = re.compile(r"^[-–—=]{3,}$|^/\s*\.{3}$|^[`~^•·#=+|<>\\-]{3,}$")


def _rule_lines(lines: list[Line]) -> set[int]:
    """Indices of the underscore rules above footnote blocks (tested for substring first: most lines
    have none). Found in one pass; the loops over the lines then test set membership."""
    return {i for i, line in enumerate(lines) if "_____" in line.text and FOOTNOTE_SEPARATOR.match(line.text)}


_WORD = re.compile(r"\w+")


def _words(s: str) -> str:
    """The words of ``s``, lower-cased, without punctuation (running titles drop or change it: ’/', a final colon)."""
    return " ".join(_WORD.findall(s.lower()))


_TITLE_NUMBER = re.compile(r"^(?:\d+/\d+|[IVXL]+|\d+\s*\([IVXL]+\))\s*\.\s*")  # "78/228. ", "2751 (XXVI). "


def _title_words(title_lines: tuple[str, ...]) -> str:
    """The words of the document's title (``_words``) without its resolution number: what a running head repeats."""
    return _words(_TITLE_NUMBER.sub("", " ".join(title_lines)))


#: Job numbers, page counters, barcodes, print codes and symbols standing alone: one match per line, not two.
_HARD_FURNITURE_LINE = re.compile(f"(?:{HARD_FURNITURE.pattern})|(?:{SYMBOL_LINE.pattern})")


def classify_furniture(lines: list[Line], symbols: tuple[str, ...], title_lines: tuple[str, ...]) -> set[int]:
    """Indices of lines that are page furniture (running headers and footers)."""
    # page furniture lines are short, once a layout extraction's run of spaces between the page
    # counter and the job number ("2/14        25-16618") counts as one
    title_end = " ".join(title_lines).rstrip()
    title = _title_words(title_lines)
    hard = {i for i, line in enumerate(lines) if 0 < len(line.stripped) and (
        (_short(line.stripped) and (_HARD_FURNITURE_LINE.match(line.stripped) or _DASH_RULE.match(line.stripped)))
        or ("   " in line.stripped and _furniture_cells(line.stripped, title))
        or _running_head(line.stripped, symbols, title))}
    # Soft furniture: running titles and repeated lines standing next to hard furniture.
    near: set[int] = set()
    for h in hard:
        near.update(range(max(0, h - 8), min(len(lines), h + 9)))
    counts = Counter(map(attrgetter("stripped"), lines)) if near else Counter()  # only non-blank lines are looked up
    soft_candidates = set()
    running = ""  # the running title read so far, over consecutive lines: it repeats the title from its start
    last = -2
    for i in sorted(near - hard):
        s = lines[i].stripped
        if not s or len(s) >= 160:
            continue
        w = _words(s)
        if title and len(w) >= 6:
            follows = running and _neighbour(lines, i, -1) == last
            if running == title and i - last <= 6:
                continue  # the whole title was just read in this header: a line repeating it is the text
            so_far = f"{running} {w}" if follows else w
            if so_far == title and s[-1] in ",;:." and not title_end.endswith(s[-1]):
                continue  # ends the title with punctuation the title does not have: the text quoting it ("…girls;")
            if title.startswith(so_far):
                running, last = so_far, i
                soft_candidates.add(i)
                continue
        if counts[s] >= 3 and len(w.split()) >= 3 and s[-1] not in ",;:":
            soft_candidates.add(i)  # a line repeated by every page's header (a paragraph's last line ends with punctuation)
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


_CELL_GAP = re.compile(r" {3,}")
#: The language mark of a job number, printed apart from it ("(E)").
_LANGUAGE_MARK = re.compile(r"^\([A-Z]\)$")


def _furniture_cells(s: str, title: str) -> bool:
    """A layout extraction's header or footer line: cells apart by runs of spaces, one a job number,
    page counter, print code or symbol, every other one of those too or a piece of the running
    title ("A/RES/78/228      Improving the coordination …", "25-18382 (E)     181125")."""
    cells = _CELL_GAP.split(s)
    if not 2 <= len(cells) <= 4:
        return False
    hard = [bool(_HARD_FURNITURE_LINE.match(c)) for c in cells]
    if not any(hard):
        return False
    hard = [h or bool(_LANGUAGE_MARK.match(c)) for h, c in zip(hard, cells)]  # "18-18418       (E)     071118"
    return all(h or _title_piece(c, title) for c, h in zip(cells, hard))


def _running_head(s: str, symbols: tuple[str, ...], title: str) -> bool:
    """The document's own symbol and a run of its title on one line, whatever the gap between them
    ("A/RES/78/115  Measures to eliminate international terrorism", "… terrorism  A/RES/78/115")."""
    for symbol in symbols:
        if s.startswith(symbol):
            rest = s[len(symbol):]
        elif s.endswith(symbol):
            rest = s[: -len(symbol)]
        else:
            continue
        if rest[:1].isspace() or rest[-1:].isspace():
            return _title_piece(rest.strip(), title)
    return False


def _title_piece(cell: str, title: str) -> bool:
    """Is ``cell`` a run of two words or more of the running title? Compared without spaces: a layout
    extraction may print a gap inside a title's word ('the Unit        ed States')."""
    w = _words(cell)
    return bool(title) and len(w.split()) >= 2 and w.replace(" ", "") in title.replace(" ", "")


def _short(s: str) -> bool:
    """At most 60 characters, a run of spaces counted as one."""
    return len(s) <= 60 or (len(s) <= 300 and len(" ".join(s.split())) <= 60)


def _page_number_context(lines: list[Line], i: int, furniture: set[int]) -> bool:
    """A lone number is a page number when it sits between furniture or at the end of the text, or
    closes a page: after a line that ends a sentence, before the next page's running header."""
    before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
    if (before in furniture or before is None) and (after in furniture or after is None):
        return True
    return (after in furniture and before is not None and lines[before].stripped[-1:] in ".;:,"
            and 0 < int(lines[i].stripped) < 400)


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
    rules = _rule_lines(lines)
    bare_notes = not rules
    end_notes: list[Note] = []
    if bare_notes:
        lines, end_notes = _split_end_notes(lines)
    # Only these lines need a look: rules open a footnote block, furniture is dropped and, in a text
    # without rules, a bare "N text" line may be a note. The lines between go to the body as they are.
    star_notes = _star_note_lines(lines, furniture)
    slash_blocks = _slash_block_starts(lines, furniture)
    rules |= slash_blocks | _notes_headings(lines)
    stops = sorted(rules | furniture | star_notes | (_bare_note_lines(lines) if bare_notes else set()))
    while i < len(lines):
        stop = _next_stop(stops, i, len(lines))
        if stop > i:
            body.extend(lines[i:stop])
            i = stop
            continue
        line = lines[i]
        bare = _BARE_NOTE.match(line.stripped) if bare_notes else None
        if bare and int(bare.group(1)) == next_number and (i == 0 or lines[i - 1].blank):
            # semi-cleaned extractions keep notes as bare "N text" lines between blank lines
            note = Note(bare.group(1), [bare.group(2)], line.no, len(body))
            i += 1
            while i < len(lines) and not lines[i].blank:
                note.lines.append(lines[i].stripped)
                i += 1
            notes.append(note)
            next_number += 1
            continue
        if i in star_notes:
            # "* Reissued for technical reasons." printed above the page footer without a rule
            star = _STAR_NOTE.match(line.stripped)
            assert star is not None
            notes.append(Note(star.group(1), [star.group(2)], line.no, len(body)))
            i += 1
            continue
        if i in rules:
            i, block = _read_block(lines, i if i in slash_blocks else i + 1, furniture, rules, language, next_number,
                                   position=len(body), to_end=lines[i].stripped in _NOTES_HEADINGS)
            if notes and block and block[0].marker == "*" and any(n.marker.isdigit() for n in notes):
                # unmarked text opening a later block continues the previous page's last note
                last = max((n for n in notes if n.marker.isdigit()), key=lambda n: int(n.marker))
                last.lines.extend(block.pop(0).lines)
            for note in block:
                if note.marker.isdigit():
                    next_number = max(next_number, int(note.marker) + 1)
            notes.extend(block)
            continue
        if i in furniture:
            # a page break is not a blank line between paragraphs: the blanks around the footer go with it
            while body and body[-1].blank:
                body.pop()
            i += 1
            while i < len(lines) and lines[i].blank:
                i += 1
            continue
        body.append(line)
        i += 1
    while body and (body[-1].blank or LONE_NUMBER.match(body[-1].stripped) or _DASH_RULE.match(body[-1].stripped)):
        body.pop()  # the last page's number, an end rule: nothing of the text follows them
    for note in end_notes:
        note.position = len(body)
    notes = _merge_duplicates(notes + end_notes, warnings)
    for note in notes:
        _drop_running_head(note, symbols, title_lines)
    _number_star_notes(notes)
    body = _mark_references(body, notes, warnings, optional={id(n) for n in end_notes})
    if end_notes:  # a volume's notes under the adoption line that no marker of this text calls are not its notes
        unmarked = {id(n) for n in end_notes if n.unmarked and not n.called}
        notes = [n for n in notes if id(n) not in unmarked]
    return Segmented(body, notes, warnings)


def _drop_running_head(note: Note, symbols: tuple[str, ...], title_lines: tuple[str, ...]) -> None:
    """A note's text without the next page's running head that an extraction ran into it (pypdf:
    "Resolution 70/1. Enhancing the contributions … Sustainable Development A/RES/78/225"): the
    document's symbol at the end of the note, and the run of the title's words right before it."""
    text = note.text
    symbol = next((s for s in symbols if text.endswith(" " + s)), None)
    if symbol is None:
        return
    text = text[: -len(symbol)].rstrip()
    title = _title_words(title_lines).split()
    words = text.split()
    for n in range(min(len(words), len(title)), 2, -1):  # the longest run of three words or more ending the text
        tail = _words(" ".join(words[-n:]))
        if tail and f" {tail} " in f" {' '.join(title)} ":
            text = " ".join(words[:-n])
            break
    note.lines = [text]


def _slash_block_starts(lines: list[Line], furniture: set[int]) -> set[int]:
    """Where blocks of notes printed without a rule begin: "1/" lines (the 1990s style), or bare
    numbers between blank lines each followed by its text, running down to the page footer (or the
    end of the text); the first number must be the next note number."""
    out: set[int] = set()
    expected = 1
    i = 0
    while i < len(lines):
        s = lines[i].stripped
        m = _SLASH_MARKER.match(s) if s.endswith("/") else _BARE_MARKER.match(s) if s[:1].isdigit() else None
        if m and int(m.group(1)) == expected and (m.re is _SLASH_MARKER or _bare_block(lines, i, furniture)):
            j = i
            while j < len(lines) and j not in furniture:
                mm = _SLASH_MARKER.match(lines[j].stripped) or _BARE_MARKER.match(lines[j].stripped)
                if mm:
                    expected = max(expected, int(mm.group(1)) + 1)
                j += 1
            out.add(i)
            i = j
            continue
        i += 1
    return out


_BARE_MARKER = re.compile(r"^(\d{1,2})$")
#: A heading that opens the notes at the end of a text, as a rule opens a block.
_NOTES_HEADINGS = ("Notes", "Note", "NOTES")


def _notes_headings(lines: list[Line]) -> set[int]:
    """A "Notes" heading in the last lines of a text, its first note numbered right below: it opens a
    note block as a rule does (an annexed document's notes, S/RES/1244 (1999))."""
    out = set()
    for i in range(max(0, len(lines) - 80), len(lines)):
        if lines[i].stripped in _NOTES_HEADINGS:
            nxt = _neighbour(lines, i, 1)
            if nxt is not None and (_BARE_MARKER.match(lines[nxt].stripped) or _NOTE_START.match(lines[nxt].stripped)):
                out.add(i)
    return out


def _bare_block(lines: list[Line], i: int, furniture: set[int]) -> bool:
    """Is the bare number at ``i`` the first of a note block: blank before, its text after, and from
    there to the page footer only numbers, note texts and blank lines (no paragraph of the body)?"""
    if i == 0 or not lines[i - 1].blank:
        return False
    nxt = _neighbour(lines, i, 1)
    if nxt is None or nxt in furniture or not (lines[nxt].stripped[:1].isupper() or lines[nxt].stripped[:2].isalnum()):
        return False
    texts = 0
    j = i
    while j < len(lines) and j not in furniture:
        s = lines[j].stripped
        if s and not _BARE_MARKER.match(s):
            if OPERATIVE_NUMBER.match(s) or len(s) > 200:
                return False
            texts += 1
        j += 1
    return 0 < texts <= 40


_STAR_NOTE = re.compile(r"^(\*{1,3})\s+([A-Z]\S*(?:\s+\S+){1,30})$")


def _star_note_lines(lines: list[Line], furniture: set[int]) -> set[int]:
    """Lines "* text" standing right above the page footer: an unnumbered note printed without a rule."""
    out = set()
    for i, line in enumerate(lines):
        if line.text.startswith("*") and _STAR_NOTE.match(line.stripped):
            nxt = _neighbour(lines, i, 1)
            if nxt is not None and nxt in furniture:
                out.add(i)
    return out


def _bare_note_lines(lines: list[Line]) -> set[int]:
    """Indices of the lines shaped like a bare note ("3 See A/78/1."); ``segment`` decides which are."""
    return {i for i, line in enumerate(lines) if _BARE_NOTE.match(line.stripped)}


def _next_stop(stops: list[int], i: int, end: int) -> int:
    """The first of the sorted ``stops`` at or after ``i``, or ``end`` if it comes first."""
    k = bisect_left(stops, i)
    return min(stops[k], end) if k < len(stops) else end


@dataclass
class _BlockText:
    text: str
    line_no: int
    marker: str | None = None  # set when the marker is printed right before or on this line


def _read_block(
    lines: list[Line], i: int, furniture: set[int], rules: set[int], language: Language, next_number: int, *, position: int,
    to_end: bool = False,
) -> tuple[int, list[Note]]:
    """Read one footnote block starting at line ``i``; return the index after it and its notes.

    pdftotext prints a block's markers out of place (some before their texts, some
    after all of them, some after the page footer), but the notes' *texts* come in
    order. So the block is read as markers plus text lines; it ends at the page
    footer (or at an indented line that opens a paragraph) once every marker can
    have a text; then the sorted markers are given to the texts in order. A block
    opened by a "Notes" heading at the end of the text (``to_end``) runs to its end.
    """
    markers: list[str] = []
    texts = _BlockTexts()
    saw_furniture = False
    after_furniture_note = False  # a note's text printed after the page footer runs on to the next footer line
    pending_marker: str | None = None
    expected = next_number
    # The least indentation of the block's text lines so far (the lines that continue a note), else of its
    # "N text" lines: a line of the body is indented more.
    text_indent: int | None = None
    marker_indent: int | None = None
    indent: int | None = None
    while i < len(lines):
        line = lines[i]
        s = line.stripped
        if not s or (i in rules and (FOOTNOTE_SEPARATOR.match(line.text) or s in _NOTES_HEADINGS)):
            i += 1
            continue
        lone = _LONE_MARKER.match(s)
        indent = text_indent if text_indent is not None else marker_indent
        if lone and indent is not None and line.indent > indent + 4:
            lone = None  # right of the notes' texts (their markers stand left of them): a body line's superscript on a line of its own
        if lone and lone.group(1) in markers and lone.group(1).isdigit():
            i += 1  # a number already read in this block: the page number under it
            continue
        if lone and (lone.group(1).startswith("*") or _plausible(int(lone.group(1)), expected, next_number)):
            markers.append(lone.group(1))
            pending_marker = lone.group(1)
            if lone.group(1).isdigit():
                expected = max(expected, int(lone.group(1)) + 1)
            i += 1
            continue
        if i in furniture:
            saw_furniture = not to_end  # a "Notes" section closing the text runs to its end, across pages
            after_furniture_note = False
            pending_marker = None
            i += 1
            continue
        start = _NOTE_START.match(s)
        if start and _MONTH_START.match(start.group(2)):
            start = None  # "26 August–4 September 2002 (…": a date continuing the note above
        if start and (start.group(1).startswith("*") or _plausible(int(start.group(1)), expected, next_number)) and not _body_resumes(line, language, indent):
            markers.append(start.group(1))
            texts.add(_BlockText(start.group(2), line.no, start.group(1)))
            marker_indent = line.indent if marker_indent is None else min(marker_indent, line.indent)
            if start.group(1).isdigit():
                expected = max(expected, int(start.group(1)) + 1)
            pending_marker = None
            i += 1
            continue
        unmatched = len(markers) > texts.groups
        resumes = _body_resumes(line, language, indent) and (not texts.items or texts.items[-1].text.rstrip()[-1:] in ".)]”;:")
        if (saw_furniture or resumes) and not unmatched and not after_furniture_note:
            break
        if saw_furniture and _opens_body(s, language, texts.items[-1].text if texts.items else ""):
            break  # past the page footer, a numbered paragraph or an opening phrase is the body again
        if saw_furniture and unmatched:
            after_furniture_note = True
        texts.add(_BlockText(s, line.no, pending_marker))
        text_indent = line.indent if text_indent is None else min(text_indent, line.indent)
        pending_marker = None
        i += 1
    return i, _assign(markers, texts.items, position)


def _plausible(n: int, expected: int, block_first: int) -> bool:
    """A marker of this block: not below the first number the block can hold, not far above the next one."""
    return block_first <= n <= expected + 6


def _body_resumes(line: Line, language: Language, text_indent: int | None = None) -> bool:
    """An indented line that opens a paragraph ends a footnote block (the seed's pages): indented
    more than the block's text lines so far (``text_indent``), since a layout extraction indents
    every line, the notes too ("Smuggling, Trafficking in Persons …" continues a note there)."""
    s = line.stripped
    if line.indent < 2 or (text_indent is not None and line.indent <= text_indent):
        return False
    return bool(language.preamble_phrase(s) or OPERATIVE_NUMBER.match(s) or POINT_LABEL.match(s))


def _opens_body(s: str, language: Language, last: str) -> bool:
    """Does this line open a paragraph of the body ("12. Recognizes …"), after a note that closed?"""
    if not last.rstrip().endswith((".", ")")):
        return False
    m = OPERATIVE_NUMBER.match(s)
    if m:
        rest = s[m.end():]
        return bool(rest) and (rest[0].isupper() or language.operative_phrase_known(rest))
    return language.operative_phrase_known(s) and len(s.split()) > 3


def _can_start(prev: _BlockText | None, cur: _BlockText) -> bool:
    """Could ``cur`` begin a new note (the previous text closed, this one opens)?"""
    if prev is None or cur.marker is not None:
        return True
    return prev.text.rstrip().endswith((".", ")")) and (cur.text[:1].isupper() or cur.text.startswith(("Ibid", "See", "“")))


class _BlockTexts:
    """A block's text lines (``items``), and ``groups``: how many of them could begin a note.

    ``_read_block`` asks for ``groups`` at every line; counting as lines are added (whether a
    line can begin a note depends only on it and the line before) avoids a rescan of the block
    each time.
    """

    def __init__(self) -> None:
        self.items: list[_BlockText] = []
        self.groups = 0

    def add(self, text: _BlockText) -> None:
        self.groups += _can_start(self.items[-1] if self.items else None, text)
        self.items.append(text)


def _assign(markers: list[str], texts: list[_BlockText], position: int) -> list[Note]:
    """Split the block's text lines into notes and give them the sorted markers."""
    if not texts:
        return []
    starts = [0] + [k for k in range(1, len(texts)) if texts[k].marker is not None]
    numbered = sorted((m for m in markers if m.isdigit()), key=int)
    stars = [m for m in markers if not m.isdigit()]
    wanted = len(numbered) + len(stars)
    first_unmarked = texts[0].marker is None
    # Leading text without any marker and no marker left for it: an unnumbered (*) note.
    if first_unmarked and len(starts) > wanted:
        stars = ["*"] + stars
        wanted += 1
    extra = wanted - len(starts)
    if extra > 0:
        candidates = [k for k in range(1, len(texts)) if k not in starts and _can_start(texts[k - 1], texts[k])]
        starts = sorted(set(starts) | set(candidates[:extra]))
    if first_unmarked and len(starts) > len(numbered) + len(stars):
        stars = ["*"] + stars
    groups = [texts[a:b] for a, b in zip(starts, starts[1:] + [len(texts)])]
    labels = stars + numbered if first_unmarked and stars else numbered + stars
    notes = []
    for label, group in zip(labels, groups):
        notes.append(Note(label, [t.text for t in group], group[0].line_no, position))
    notes.sort(key=lambda n: (0, 0) if n.marker.startswith("*") else (1, int(n.marker)))
    return notes


def _split_end_notes(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    """Volumes of resolutions print a resolution's notes after it, numbered in the volume's
    sequence ("27 One member (China) did not participate in the voting."), with no rule."""
    k = len(lines)
    found: list[Note] = []
    while k > 0:
        j = k - 1
        while j >= 0 and lines[j].blank:
            j -= 1
        if j < 1 or not lines[j - 1].blank:
            break
        m = _END_NOTE.match(lines[j].stripped)
        if not m:
            break
        found.insert(0, Note(m.group(1), [m.group(2)], lines[j].no, 0))
        k = j
    if found:
        _called_from_adoption(lines[:k], found)
        return lines[:k], found
    return _split_volume_notes(lines)


def _called_from_adoption(before: list[Line], found: list[Note]) -> None:
    """Flag the notes called from the adoption line above them ("Adopted at the 2nd meeting. 22")."""
    tail = [ln.stripped for ln in before[-6:] if ln.stripped]
    start = next((k for k in range(len(tail) - 1, -1, -1) if _ADOPTION_START.match(tail[k])), None)
    if start is None:
        return
    adoption = " ".join(tail[start:])
    called = set(re.findall(r"(?<=[.)])\s*(\d{1,3})(?=\s|$)", adoption))
    for note in found:
        note.called = note.marker in called


_ADOPTION_START = re.compile(r"^(?:Adopted|Adoptée?|Adoptee)\b")
_VOLUME_NOTE = re.compile(r"^(\d{1,3})\s+((?:[A-Z“\[(]|[lJ\]]bid)\S*.*)$")


def _split_volume_notes(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    """The notes a volume prints under the adoption line, one after another without blank lines
    ("9 See Official Records …" / "473rd meeting, p. 2 …" / "10 One member …"). They are read in
    ascending order, continuation lines joined; a number lower than the last ends them (the same
    notes in the page's other language). Notes whose markers are not in the text are dropped
    later (``segment``): they belong to the narrative around the resolution."""
    a = next((i for i in range(len(lines) - 1, -1, -1) if _ADOPTION_START.match(lines[i].stripped)), None)
    if a is None:
        return lines, []
    k = a
    while k < len(lines) and not re.search(r"[.)]\W{0,3}[\d ]{0,4}$", lines[k].stripped):
        k += 1
    start = None
    skipped = 0
    for i in range(k + 1, len(lines)):
        s = lines[i].stripped
        if not s:
            continue
        if _VOLUME_NOTE.match(s):
            start = i
            break
        skipped += 1
        if skipped > 3:
            return lines, []
    if start is None:
        return lines, []
    found: list[Note] = []
    last = 0
    end = len(lines)
    for i in range(start, len(lines)):
        s = lines[i].stripped
        if not s:
            continue
        m = _VOLUME_NOTE.match(s)
        if m and int(m.group(1)) >= last:
            if found and found[-1].marker == m.group(1):
                found.pop()  # a number read twice: the first was a misread of another note's
            found.append(Note(m.group(1), [m.group(2)], lines[i].no, 0))
            last = int(m.group(1))
        elif m:
            end = i  # the notes again, in the other language
            break
        elif found:
            found[-1].lines.append(s)
    _called_from_adoption(lines[:start], found)  # a note the adoption line calls is the resolution's
    kept = lines[:start] + lines[end:]
    return kept, found


def _merge_duplicates(notes: list[Note], warnings: list[ParseWarning]) -> list[Note]:
    """A marker read twice is a note split by a page: its second text continues the first."""
    seen: dict[str, Note] = {}
    out: list[Note] = []
    for note in notes:
        first = seen.get(note.marker)
        if first is not None and note.marker.isdigit():
            first.lines.extend(note.lines)
            warnings.append(ParseWarning("footnote-repeated", f"footnote {note.marker} read twice; texts joined", note.line_no))
            continue
        seen[note.marker] = note
        out.append(note)
    return out


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


class _Body:
    """The body's line texts, edited in place as markers are replaced, and a cursor after the last marker.

    A marker is searched in one string, so that each marker shape runs as one regex scan:
    the lines from the cursor's line to the note's block joined by newlines (no shape
    matches a newline, so no match spans two lines). Markers are searched in text order,
    so that stretch only moves forward and is about a page long: joining it costs far less
    than editing one string of the whole body at every marker.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.line = 0  # the cursor: line index and offset in that line
        self.column = 0

    def mark(self, marker: str, limit: int, sentinel: str) -> bool:
        """Replace the first ``marker`` after the cursor and before line ``limit`` by ``sentinel``;
        move the cursor after it. False when there is none."""
        if self.line >= limit:
            return False
        window = "\n".join(self.texts[self.line:limit])
        found = _find_marker(window, marker, self.column, len(window))
        if found is None:
            return False
        start, end = found
        line_start = window.rfind("\n", 0, start) + 1
        self.line += window.count("\n", 0, line_start)
        text = self.texts[self.line]
        self.texts[self.line] = text[:start - line_start] + sentinel + text[end - line_start:]
        self.column = start - line_start + len(sentinel)
        return True


def _mark_references(body: list[Line], notes: list[Note], warnings: list[ParseWarning],
                     optional: set[int] | None = None) -> list[Line]:
    """Replace each numbered note's marker in the body by a sentinel, searching before its block.

    A note in ``optional`` (ids) whose marker is not found is flagged ``unmarked`` instead of warned about."""
    texts = _Body([line.text for line in body])
    for note in notes:
        if not note.marker.isdigit():
            continue
        sentinel = f"{SENTINEL_OPEN}{note.marker}{SENTINEL_CLOSE}"
        if not texts.mark(note.marker, min(note.position, len(body)), sentinel):
            if optional and id(note) in optional:
                note.unmarked = True
                continue
            warnings.append(ParseWarning("footnote-marker", f"marker of footnote {note.marker} not found in the text", note.line_no))
    return [line if t == line.text else Line(t, line.no, line.indent) for t, line in zip(texts.texts, body)]


@lru_cache(maxsize=512)
def _marker_patterns(marker: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The five shapes of a footnote marker in the text, compiled once per marker: "1/" (1990s), glued to a word,
    after punctuation, after a year ("20173"), after a space (the spaces are found by ``_find_marker``).

    Each pattern opens with the marker itself and checks what precedes it by a lookbehind, so that
    the regex engine skips to the marker's digits instead of trying every position; none matches a
    newline.
    """
    m = re.escape(marker)
    return (
        re.compile(rf"({m}/)(?<=[\s,.;:”’\")]{m}/)(?=[\s,.;:)]|$)"),
        re.compile(rf"({m})(?<=(?:[^\W\d_]|[)\]”»’\"]){m})(?![\d/]|\.\d)"),
        re.compile(rf"({m})(?<=(?:\D[,.;:]|\d[,;:]){m})(?=[\s,.;:)]|$)"),  # not "8.7" (a target)
        re.compile(rf"({m})(?<=(?<![\d/.,-])(?:1[89]|20)\d\d{m})(?=[\s,.;:)]|$)"),
        re.compile(rf"({m})(?<= {m})(?=[\s,.;:)]|$)"),
    )


def _find_marker(text: str, marker: str, start: int, end: int) -> tuple[int, int] | None:
    """Find ``marker`` in ``text[start:end]`` (body lines joined by newlines); glued forms win over detached ones.

    Returns the span to replace (a detached marker's spaces included).
    """
    slash, glued, after_punct, year, detached = _marker_patterns(marker)
    for rx in (slash, glued, after_punct, year, detached):
        for mt in rx.finditer(text, start, end):
            s, e = mt.span(1)
            if rx is slash:
                return _spaces_start(text, s), e  # "Government, 1/ the": the 1990s style
            if rx is detached:
                s = _spaces_start(text, s)  # drop the spaces before a detached marker
                if s == 0 or s < start or text[s - 1].isspace() or not _detached_ok(text, s, e):
                    continue
            elif text[s - 1:s] == SENTINEL_CLOSE or (rx is glued and _inside_token(text, s, e)) or (
                    rx is after_punct and _symbol_component(text, s)):
                continue
            return s, e
    return None


def _spaces_start(text: str, i: int) -> int:
    """Where the run of spaces ending at ``i`` starts."""
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i


_CODE_TOKEN = re.compile(r"[/=]|^[A-Z]{1,3}$|^[A-Z][a-z]?-?$")
_LAST_WORD = re.compile(r"[\w’']+\.?$|[^\w\s]$")


def _inside_token(text: str, s: int, e: int) -> bool:
    """Digits glued to letters that belong to a code ("G20", "CO2", "A/RES/2") are not markers."""
    j = s
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return _CODE_TOKEN.search(text[j:s]) is not None


_SYMBOL_COMPONENT = re.compile(r"/[A-Z]{1,6}\.$")
_NUMBERED_COMPONENT = re.compile(r"/[A-Z]{1,6}\.\d+[,;]?$")


def _symbol_component(text: str, s: int) -> bool:
    """Digits after a symbol's lettered component ("2/CP.20", "1/CMP.11", "A/CONF.171") belong to the symbol:
    that component always takes a number. A/RES/70/205 once lost "20" of "decision 2/CP.20" to note 20,
    whose true marker stood two lines on."""
    j = s
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return _SYMBOL_COMPONENT.search(text[j:s]) is not None


def _detached_ok(text: str, space: int, end: int) -> bool:
    """Is the number at ``space:end`` of its line (in ``text``, lines joined by newlines) a marker?"""
    line_end = text.find("\n", end)
    before = text[text.rfind("\n", 0, space) + 1:space].rstrip()
    after = text[end:] if line_end < 0 else text[end:line_end]
    # The last word ends the last white-space-free token: search that alone (the regex, anchored at
    # the end, is tried from every position of what it is given).
    last_token = before.rsplit(None, 1)[-1:]
    prev_word = _LAST_WORD.search(last_token[0]) if last_token else None
    if not prev_word:
        return False
    pw = prev_word.group(0).lower().rstrip(".")
    if pw.isdigit() and _NUMBERED_COMPONENT.search(last_token[0]) and not _FOLLOW_STOP.match(after):
        return True  # "decision 1/CP.13 18 and": a symbol ends with its component's number; a bare one after is a marker
    if pw.isdigit() or pw in _CONTEXT_WORDS:
        return False
    if not after.strip():
        return True  # a number ending a line after a word or a comma is a marker in UN texts
    return not _FOLLOW_STOP.match(after)
