"""Operative numbers form a sequence: a paragraph the sequence misses is looked for inside the one before it.

Why: an extractor that joins lines, or a column width that wraps them elsewhere, can run a
paragraph's number into the text before it (``… biennium 1998-1999;8 5. Affirms that …``, or a
section heading ``… for Africa’s Development 47. Recalls that …``). The numbering stage
(``lod.read.numbering``) does not take such a number, so paragraph 5 becomes text of paragraph 4,
and paragraph 4 is published holding both, silently. Whatever the cause, the symptom is the same
and the sequence shows it: after paragraph N the next number is not N+1 (or N is the last).

``complete_sequence(numbered, language, warnings)``, run between the numbering and the structure
stage, then looks for N+1 in paragraph N's lines, inline and where a paragraph starts: ``N+1.``
after a paragraph end (``;`` ``.`` ``:``, a footnote marker possibly after it) or after a heading,
followed by a phrase that opens an operative paragraph in the document's language, or by a word
the document opens another numbered paragraph with (an amendment's "In operative paragraph …").
Paragraph 1 is looked for in the last recital's lines, after its comma, when the sequence starts at 2. It splits the line there and gives the new line the number, as the
numbering stage gives its own; the structure stage then reads the paragraph like any other
(points, footnote markers, citations). It repeats (N+1 may hold N+2 …). A paragraph of a correct
sequence is never split; nor is a number inside a quotation (an amended text quoted whole). Each
split is reported as a ``paragraph-split`` warning.

Lettered points get the same check within each operative paragraph: ``(a)``, ``(c)`` opening lines
and ``… in this regard; (b) To make …`` inside ``(a)``: ``(b)`` is split out (``point-split``).

>>> from lod.read.languages import LANGUAGES
>>> from lod.read.normalise import normalise
>>> from lod.read.numbering import number_paragraphs
>>> text = ("Recalling its resolution 70/1,\\n1. Notes the report;\\n2. Welcomes the plan;8 3. Affirms its support;\\n"
...         "4. Requests a report;\\n5. Decides to remain seized of the matter.\\n")
>>> numbered = number_paragraphs(normalise(text)[0], LANGUAGES["en"])
>>> sorted(numbered.starts.values()), [w.code for w in numbered.warnings]
(['1', '2', '4', '5'], ['numbering-gap'])
>>> complete_sequence(numbered, LANGUAGES["en"], [])
>>> [ln.text for ln in numbered.lines if id(ln) in numbered.starts][1:3], [w.code for w in numbered.warnings]
(['2. Welcomes the plan;8', '3. Affirms its support;'], ['paragraph-split'])
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lod.model import ParseWarning
from lod.read.languages import Language
from lod.read.normalise import NOTE_SENTINEL, SENTINEL_CLOSE, SENTINEL_OPEN, Line
from lod.read.numbering import Numbered, op_phrase
from lod.read.patterns import HARD_FURNITURE, POINT_LETTERS, SYMBOL_LINE

__all__ = ["complete_sequence"]

#: What may close the paragraph before a run-in number: its punctuation, closing quotes or
#: brackets, then a footnote marker (in sentinels, or a bare number the extraction left).
_CLOSED = rf"[;:.。；：][”’\"»)'*]*(?:\s*{SENTINEL_OPEN}[^{SENTINEL_CLOSE}]*{SENTINEL_CLOSE}|\s*(?P<bare>\d{{1,3}}))?"
#: The same before paragraph 1: a preambular paragraph ends with a comma.
_CLOSED_PREAMBLE = "[,;:.，；：。]" + _CLOSED[_CLOSED.index("]") + 1:]
#: A heading run into the paragraph under it: a few capitalised words over a few lines ("Section 11" /
#: "United Nations support for …"), none ending with punctuation.
_HEADING_WORDS = 20
_HEADING_LINES = 3
#: How far back paragraph 1 is looked for: the preamble's last lines.
_PREAMBLE_LINES = 12
#: The number that opens a paragraph's first line ("12. ").
_NUMBER = re.compile(r"\d{1,3}\.\s*")
#: A paragraph's first word, capitalised.
_WORD = re.compile(r"[A-ZÀ-Ý][^\W\d_]*")
#: An annex heading: the resolution's paragraphs end there (an annex numbers its own paragraphs).
_ANNEX = re.compile(r"^(?:Annex|ANNEX|Annexe|ANNEXE|Appendix|Appendice)\b")
#: Digits as OCR prints them in a paragraph number (``lod.read.numbering.OCR_DIGITS``, the unambiguous ones).
_OCR_FORMS = {"1": "[1lI]", "0": "[0O]"}
#: How many paragraphs one text may gain (a runaway guard: a real text gains one or two).
_MAX_SPLITS = 50


@dataclass(frozen=True)
class _Found:
    """Paragraph ``num`` found inside another's lines: line ``index`` keeps its text up to column
    ``col``; the new paragraph's text starts at column ``text`` (after its number), or on the next
    non-blank line when ``alone`` (the number stands alone at the end of the line)."""

    index: int
    col: int
    text: int
    num: int
    why: str
    alone: bool = False
    bare: int = -1  # column of a footnote marker left as a bare number before it ("…;8 5. Affirms")
    marker: bool = False  # its number had been read as a footnote marker ("…;<27>. Further")


def complete_sequence(numbered: Numbered, language: Language, warnings: list[ParseWarning]) -> None:
    """Split out of each paragraph N the paragraph N+1 it holds inline, when the sequence misses N+1
    (and paragraph 1 out of the preamble's last lines, when the sequence starts at 2).

    Lettered points get the same check within each operative paragraph (``_complete_points``).

    Rewrites ``numbered`` in place: ``lines`` (a split line becomes two), ``starts`` (the new
    paragraph's first line gets its number) and ``warnings`` (a ``paragraph-split`` for each split;
    the ``numbering-gap`` or ``number-in-text`` the split answers is withdrawn). The segment
    stage's ``warnings`` are the footnote markers it did not find: a bare number left between the
    paragraph's end and the number split out is one (``…;8 5.``), put back in place; a paragraph
    number it took for a marker gives the marker back to the next bare one after it.
    """
    opens = _openings(numbered, language)
    found = _find_first(numbered, opens)
    if found is not None:
        _split(numbered, found, warnings)
    splits = 0
    k = 0
    while splits < _MAX_SPLITS:
        k = _next_short(numbered, k)
        if k < 0:
            break
        lines = numbered.lines
        n = int(numbered.starts[id(lines[k])]) + 1
        end = next((i for i in range(k + 1, len(lines)) if id(lines[i]) in numbered.starts), len(lines))
        m0 = _NUMBER.match(lines[k].stripped)
        found = _find(lines, k, end, n, m0.end() if m0 else 0, _CLOSED, opens)
        if found is None:
            k += 1
            continue
        _split(numbered, found, warnings)
        splits += 1
        k = found.index
    _complete_points(numbered)


def _find_first(numbered: Numbered, opens: _Opens) -> _Found | None:
    """Paragraph 1 run into the preamble's last lines ("… developing countries, 1. Takes note …"),
    when the first number of the sequence is 2."""
    lines = numbered.lines
    first = next((i for i, ln in enumerate(lines) if id(ln) in numbered.starts), None)
    if first is None or numbered.starts[id(lines[first])] != "2":
        return None
    nonblank = [i for i in range(first) if lines[i].stripped][-_PREAMBLE_LINES:]
    if not nonblank:
        return None
    return _find(lines, nonblank[0], first, 1, 0, _CLOSED_PREAMBLE, opens, last=True)


@dataclass(frozen=True)
class _Opens:
    """What may open an operative paragraph: a phrase of the language's lists (``Decides``, ``Also
    welcomes``), or a word the document itself opens another numbered paragraph with (``In`` for an
    amendment's items: "1. In operative paragraph 64, …" / "… pornography”. 2. In operative …")."""

    language: Language
    words: frozenset[str]

    def __call__(self, text: str) -> bool:
        if op_phrase(self.language, text):
            return True
        m = _WORD.match(text)
        return m is not None and m.group(0) in self.words


def _openings(numbered: Numbered, language: Language) -> _Opens:
    """The document's ``_Opens``: its numbered paragraphs' first words."""
    words = {m.group(0) for ln in numbered.lines if id(ln) in numbered.starts
             and (m := _WORD.match(_NUMBER.sub("", ln.stripped, count=1)))}
    return _Opens(language, frozenset(words))


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


def _find(lines: list[Line], lo: int, hi: int, n: int, skip: int, closed: str, opens: _Opens,
          last: bool = False) -> _Found | None:
    """Where paragraph ``n`` starts in ``lines[lo:hi]`` (the first ``skip`` characters of line ``lo``
    are not searched: paragraph N's own number), the first place or, with ``last``, the last."""
    printed = _as_printed(n)
    forms = (
        # "… of such acts; 12. Reminds", "… 1998-1999;8 5. Affirms": after the end of paragraph N
        (re.compile(rf"{closed}\s+(?P<num>{printed})\.(?:\s+|$)"), "after the end of the paragraph before it"),
        # "… at the Tribunal;27. Further": the number read as a footnote marker
        (re.compile(rf"{closed[:closed.index(']') + 1]}[”’\"»)'*]*\s*(?={SENTINEL_OPEN}{n}{SENTINEL_CLOSE})."
                    rf"(?P<num>{n}){SENTINEL_CLOSE}\.(?:\s+|$)"), "read as a footnote marker"),
        # "12. Reminds" at the start of a line after one that closes paragraph N
        (re.compile(rf"^(?P<num>{printed})\.(?:\s+|$)"), "at the start of a line"),
        # "Internal oversight 63. Takes note": a heading (or the enacting formula) run into the paragraph under it
        (re.compile(rf"(?<=[^\W_]|\))\s+(?P<num>{printed})\.\s+"), "after a heading"),
    )
    seen: list[str] = []  # the lines searched so far: is a number inside a quotation? what heads a line?
    best: _Found | None = None
    for i in range(lo, hi):
        s = lines[i].stripped
        if not s:
            continue
        if _ANNEX.match(s):
            break
        for pattern, why in forms:
            for m in pattern.finditer(s, skip if i == lo else 0):
                col = m.start("num") - (why == "read as a footnote marker")  # the marker's sentinel goes too
                if why == "at the start of a line" and not (seen and _closes(seen[-1])):
                    continue
                if why == "after a heading" and not _heading_before(s[:m.start()], seen, opens.language):
                    continue
                rest = s[m.end():]
                alone = not rest
                if alone:  # "9." alone on its line, or ending it: its text is on the next line
                    rest = next((ln.stripped for ln in lines[i + 1:hi] if ln.stripped), "")
                if rest and opens(rest) and not _quoted(" ".join(seen + [s[:col]])):
                    bare = m.start("bare") if "bare" in pattern.groupindex and m.group("bare") else -1
                    best = _Found(i, col, m.end(), n, why, alone, bare, why == "read as a footnote marker")
                    if not last:
                        return best
        seen.append(s)
    return best


def _as_printed(n: int) -> str:
    """``n`` as a regex, as the text may print it: OCR reads 1 as ``l`` or ``I`` and 0 as ``O`` ("l0.").

    >>> _as_printed(10), _as_printed(25)
    ('[1lI][0O]', '25')
    """
    return "".join(_OCR_FORMS.get(d, d) for d in str(n))


def _quoted(text: str) -> bool:
    """Does ``text`` end inside a quotation (an amended paragraph quoted whole numbers its own paragraphs)?"""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _closes(s: str) -> bool:
    """Does the line ``s`` end a paragraph (closing punctuation, a footnote marker after it)?"""
    t = NOTE_SENTINEL.sub("", s).rstrip(" ”’\"»)'*")
    t = re.sub(r"(?<=[;:.])\s*\d{1,3}$", "", t)
    return t[-1:] in ";:.。；："


def _heading_before(prefix: str, above: list[str], language: Language) -> bool:
    """Is ``prefix`` (a line's text before a run-in number), with the lines ``above`` it back to the
    end of the paragraph before, a heading: a few words, capitalised, none closing a line; or the
    enacting formula ("The Security Council 1. Calls upon …")?"""
    prefix = prefix.strip()
    if not prefix or prefix[-1] in ",;:.":
        return False
    if language.formula_re.match(prefix):
        return True
    if not above:
        return False  # nothing above to tell a heading from a sentence's start
    heading = [prefix]
    for line in reversed(above):
        if _closes(line):
            break
        if line[-1] == "," or len(heading) > _HEADING_LINES:
            return False
        heading.insert(0, line)
    else:
        return False  # no paragraph end above: the number is inside a sentence
    text = " ".join(heading)
    return text[0].isupper() and len(text.split()) <= _HEADING_WORDS


def _split(numbered: Numbered, found: _Found, warnings: list[ParseWarning]) -> None:
    """Open paragraph ``found.num`` at ``found``: split the line, register the start, warn."""
    lines = numbered.lines
    line = lines[found.index]
    s = line.stripped
    num = str(found.num)
    head = s[:found.col].rstrip()
    if HARD_FURNITURE.match(head) or SYMBOL_LINE.match(head):
        head = ""  # the page's running symbol or counter joined to the paragraph: furniture, as the segment stage drops it
    if found.bare >= 0:
        head = _mark(head, found.bare, s[found.bare:found.col].strip(), warnings)
    if found.alone:
        j = next(i for i in range(found.index + 1, len(lines)) if lines[i].stripped)
        nxt = lines[j]
        new = Line(f"{num}. {nxt.stripped}", nxt.no, nxt.indent)
        lines[j] = new
        pieces = [Line(head, line.no, line.indent)] if head else [Line("", line.no, 0)]
    else:
        new = Line(f"{num}. {s[found.text:]}", line.no, 0 if head else line.indent)
        pieces = [Line(head, line.no, line.indent), new] if head else [new]
    if head and id(line) in numbered.starts:
        numbered.starts[id(pieces[0])] = numbered.starts.pop(id(line))
    lines[found.index:found.index + 1] = pieces
    numbered.starts[id(new)] = num
    _withdraw(numbered, new, found.num, line.no)
    if found.marker:
        _give_marker_back(numbered, new, num, warnings)
    before = f"paragraph {found.num - 1}" if found.num > 1 else "the preamble"
    numbered.warnings.append(ParseWarning(
        "paragraph-split", f"operative paragraph {num} was run into {before} ({found.why}): "
        f"split out at {new.stripped[:50]!r}", line.no))


def _mark(head: str, col: int, marker: str, warnings: list[ParseWarning]) -> str:
    """``head`` with the bare number at ``col`` made a footnote marker, when it is the marker the
    segment stage did not find (its warning withdrawn); else unchanged."""
    said = f"marker of footnote {marker} not found in the text"
    missing = next((w for w in warnings if w.code == "footnote-marker" and w.message == said), None)
    if missing is None:
        return head
    warnings.remove(missing)
    return f"{head[:col].rstrip()}{SENTINEL_OPEN}{marker}{SENTINEL_CLOSE}"


def _give_marker_back(numbered: Numbered, new: Line, marker: str, warnings: list[ParseWarning]) -> None:
    """The segment stage took paragraph number ``marker`` for the marker of the note of that number:
    the marker is the next bare ``marker`` after punctuation ("…thereto; 27", "… Rights, 38 the …"),
    made one; none: the marker is reported missing, as the segment stage reports it."""
    lines = numbered.lines
    k = next(i for i, ln in enumerate(lines) if ln is new)
    bare = re.compile(rf"(?:(?<=\D[;:.,”’\"»)])|(?<=\d[;:,]))\s*{marker}(?=\s|$)")  # not "9.2 per cent"
    for i in range(k, len(lines)):
        s = lines[i].stripped
        m = bare.search(s, len(marker) + 1 if i == k else 0) if marker in s else None
        if m is None:
            continue
        line = lines[i]
        fixed = Line(f"{s[:m.start()]}{SENTINEL_OPEN}{marker}{SENTINEL_CLOSE}{s[m.end():]}", line.no, line.indent)
        if id(line) in numbered.starts:
            numbered.starts[id(fixed)] = numbered.starts.pop(id(line))
        lines[i] = fixed
        return
    warnings.append(ParseWarning("footnote-marker", f"marker of footnote {marker} not found in the text", new.no))


def _withdraw(numbered: Numbered, new: Line, num: int, printed_at: int) -> None:
    """Withdraw the numbering stage's warnings that paragraph ``num`` (opening at ``new``, its number
    printed on line ``printed_at``) answers: the ``numbering-gap`` of the paragraph after it when the
    gap is now closed, and the ``number-in-text`` of its own number when the chain had left it in the text."""
    lines, starts = numbered.lines, numbered.starts
    k = next(i for i, ln in enumerate(lines) if ln is new)
    after = next((lines[i] for i in range(k + 1, len(lines)) if id(lines[i]) in starts), None)
    closed = after is not None and starts[id(after)] == str(num + 1)
    gap = f"operative paragraph {num + 1} "  # a gap is reported at the paragraph after it
    left = f"a paragraph number {num}. "
    numbered.warnings[:] = [
        w for w in numbered.warnings
        if not ((closed and w.code == "numbering-gap" and w.message.startswith(gap))
                or (w.code == "number-in-text" and w.line == printed_at and w.message.startswith(left)))]


#: A point label opening a line, as the document writes it: "(b) " or "b) ".
_POINT_START = re.compile(r"^(\(?)([a-z]{1,2})\)(?:\s|$)")
_LETTERS = POINT_LETTERS
_ROMAN_LIKE = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


def _complete_points(numbered: Numbered) -> None:
    """Lettered points form a sequence too: in each operative paragraph, a point the list misses
    ((a), (c): no (b); or after its last point) run into the point before it after ``;`` (the
    first after the introduction's ``:``), as in "… in this regard; (b) To make …", is split out
    onto its own line, with a ``point-split`` warning.

    The structure stage then opens it like any point (a list confirmed by two labels opening lines).
    Roman sub-points are left alone (``(i)`` after ``(h)`` is a letter only in that place).
    """
    lines = numbered.lines
    bounds = [i for i, ln in enumerate(lines) if id(ln) in numbered.starts] + [len(lines)]
    for lo, hi in reversed(list(itertools.pairwise(bounds))):
        stop = next((i for i in range(lo + 1, hi) if _ANNEX.match(lines[i].stripped)), hi)
        _points_of(numbered, lo, stop)


def _points_of(numbered: Numbered, lo: int, hi: int) -> None:
    """``_complete_points`` for the paragraph in ``lines[lo:hi]`` (line ``lo`` opens it)."""
    lines = numbered.lines
    labels = [(i, m.group(1), m.group(2)) for i in range(lo + 1, hi) if (m := _POINT_START.match(lines[i].stripped))]
    if not labels:
        return
    opener = labels[0][1]  # "(" when the document writes "(b)", "" for "b)"
    last = lo  # the line of the chain's last point (the paragraph's first line before any)
    count = 0  # points in the chain
    added = 0  # lines added by splits above the next label
    for i, _, label in labels:
        i += added
        want = _LETTERS[count] if count < len(_LETTERS) else ""
        if label == want:
            last, count = i, count + 1
            continue
        if count + 1 < len(_LETTERS) and label == _LETTERS[count + 1]:
            k = _split_point(numbered, last, i, want, opener, first=not count)
            if k >= 0:
                added += 1
                last, count = i + 1, count + 2
                continue
        if label in _ROMAN_LIKE or label in _LETTERS[:count]:
            continue  # a sub-point of the point before, or a citation wrapped to a line start ("(a) (i) above")
        return  # not a list this rule can read: left to the structure stage
    end = hi + added
    while 1 <= count < len(_LETTERS):  # after the last point
        k = _split_point(numbered, last, end, _LETTERS[count], opener, first=False)
        if k < 0:
            return
        last, count, end = k, count + 1, end + 1


def _split_point(numbered: Numbered, lo: int, hi: int, label: str, opener: str, *, first: bool) -> int:
    """Split point ``label`` out of ``lines[lo:hi]`` where it is run in after ``;`` (or ``:`` for the
    ``first`` point, after the list's introduction); the index of its new line, or -1."""
    lines = numbered.lines
    run_in = re.compile(rf"(?<=[{':;' if first else ';'}])(?:\s+(?:and|or|et|ou|y|o),?)?\s+"
                        rf"({re.escape(opener)}{label}\))\s+(?=[^\W\d_])")
    seen: list[str] = []
    for i in range(lo, hi):
        s = lines[i].stripped
        for m in run_in.finditer(s):
            if _quoted(" ".join(seen + [s[:m.start(1)]])):
                continue
            line = lines[i]
            head = Line(s[:m.start(1)].rstrip(), line.no, line.indent)
            new = Line(s[m.start(1):], line.no, 0)
            if id(line) in numbered.starts:
                numbered.starts[id(head)] = numbered.starts.pop(id(line))
            lines[i:i + 1] = [head, new]
            numbered.warnings.append(ParseWarning(
                "point-split", f"point {opener}{label}) was run into the text before it: split out at "
                f"{new.stripped[:50]!r}", line.no))
            return i + 1
        seen.append(s)
    return -1


_NUMBER_OPENS = re.compile(r"^(\d{1,3})\s*[.)]?\s*(?:[-–]\s+)?(.*)$")


def sequence_after_end(numbered: Numbered, rest: list[Line], language: Language, *, window: int = 200) -> ParseWarning | None:
    """A ``paragraphs-after-end`` warning when the sequence goes on after the line taken for the resolution's
    end: paragraph N is the last read, and ``N+1.`` opening with an operative phrase is the first numbered
    paragraph in the next ``window`` lines of ``rest``. The end was read too early (a closing line's
    look-alike inside the text), so paragraphs after it are missing from what is published; the warning
    says so instead of silence."""
    last = next((numbered.starts[id(ln)] for ln in reversed(numbered.lines) if id(ln) in numbered.starts), None)
    if last is None or not last.isdigit():
        return None
    wanted = int(last) + 1
    texts = [ln for ln in rest[:window] if ln.stripped]
    for k, line in enumerate(texts):
        m = _NUMBER_OPENS.match(line.stripped)
        if m is None:
            continue
        opening = m.group(2) or (texts[k + 1].stripped if k + 1 < len(texts) else "")
        if not op_phrase(language, opening):
            continue
        if int(m.group(1)) != wanted:
            return None  # the first numbered paragraph after the end is another document's (a volume's other column)
        return ParseWarning("paragraphs-after-end", f"the text goes on after the line read as the resolution's end with "
                            f"paragraph {wanted} ({opening[:40]!r}): the paragraphs after it are not published", line.no)
    return None
