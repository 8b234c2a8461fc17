"""Operative numbering, whatever the layout: find every number token, choose the chain, move numbers back.

Extractions put an operative paragraph's number in many places: alone on a line before the
text (``1.`` / ``Reaffirms …``), inline (``10. Decides …``), on the line *after* the paragraph's
first line (``Decides that all States …`` / ``1.`` / ``direct or indirect …``), cut off from its
text by page furniture, run into the previous paragraph by OCR (``… the conference; 9. Encourages``)
or misread (``l.`` for ``1.``). Line-by-line rules get some of these right and glue the rest.

``number_paragraphs(lines, language)`` therefore looks at the operative part as a whole:

1. every token that may be an operative number is a *candidate*, scored on its own evidence
   (its layout, the opening phrase that follows, the punctuation that closes what comes before,
   an OCR misreading);
2. the numbers of a resolution form a sequence (1, 2, 3 …, restarting at a section heading or
   continuing across it): dynamic programming over the candidates chooses the chain of
   consecutive numbers with the best total score (gaps and repeats are allowed at a cost, and
   reported);
3. each chosen number is moved back to the start of its paragraph's first line, in the one
   canonical form ``N. text``; the structure stage opens operative paragraphs at those lines only.

Lettered points get the same treatment for their one troublesome layout: a label alone on its
line, then (after blank lines) its text.

>>> from lod.read.languages import LANGUAGES
>>> from lod.read.normalise import normalise
>>> lines, _ = normalise("Recalling its resolution,\\nDecides that all States shall\\n1.\\nprohibit imports;\\n2.\\nRequests a report.\\n")
>>> result = number_paragraphs(lines, LANGUAGES["en"])
>>> [ln.text for ln in result.lines], [result.starts[id(ln)] for ln in result.lines if id(ln) in result.starts]
(['Recalling its resolution,', '1. Decides that all States shall', 'prohibit imports;', '2. Requests a report.', ''], ['1', '2'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lod.model import ParseWarning
from lod.read.languages import Language
from lod.read.normalise import NOTE_SENTINEL, SENTINEL_CLOSE, SENTINEL_OPEN, Line
from lod.read.patterns import zh_number

__all__ = ["Numbered", "confirmed_points", "number_paragraphs", "OCR_DIGITS", "plain_numbering"]

#: Characters OCR prints for digits in a paragraph number ("l." and "I." for "1.", "ti." for "11.").
OCR_DIGITS = {"l": "1", "I": "1", "i": "1", "t": "1", "O": "0", "o": "0", "S": "5", "s": "5"}

_ALONE = re.compile(r"^(\d{1,3}|[lIit]{1,2}|[lI1]\d|\d[lIO])\.$")
_INLINE = re.compile(r"^(\d{1,3}|[lI]|[lI1][lI1\d]|\d[lIO])\.\s+(?=\S)")
#: A number glued to the end of a paragraph's first line ("… of the Secretary9.").
_GLUED = re.compile(r"(?<=[a-z]{2})(\d{1,2})\.$")
#: A number run into the previous paragraph: after its closing punctuation, before a capital.
_MIDLINE = re.compile(r"(?<=[;:.,])\s+(\d{1,3})\.\s+(?=[A-ZÀ-Ý])")
_POINT_ALONE = re.compile(r"^\(?([a-z]{1,2}|[ivx]{1,5})\)$")
_SECTION = re.compile(
    r"^(?:(?:PART|Part|Partie|PARTIE|SECTION|Section)\s+)?([IVXL]{1,6}|[A-Z]|\d{1,3}[A-Z]?)(?:\.|$)(?:\s+\S.{0,200})?$")
_CLOSING = ",;:.!?"
_TRAILING_NOTE = re.compile(r"[\s" + SENTINEL_OPEN + SENTINEL_CLOSE + r"\d*]+$")
#: Words after which a number at the start of the next line continues a reference ("paragraph / 3 …").
_CITING = frozenset({
    "paragraph", "paragraphs", "para", "paras", "resolution", "resolutions", "article", "articles", "no", "nos",
    "chapter", "section", "annex", "item", "items", "rule", "rules", "vol", "page", "pages", "point", "points",
    "paragraphe", "paragraphes", "résolution", "résolutions", "alinéa", "alinéas", "annexe", "chapitre",
    "and", "to", "of", "in", "under", "see", "et", "à", "de", "du", "des", "au", "aux", "the", "le", "la", "les",
})

# Scores (see ``_score``): what one candidate's own evidence is worth.
_ORDINARY = 3.0
_PHRASE = 2.0
_CLOSED_BEFORE = 1.0
_CITES_BEFORE = -6.0
_LOWER_AFTER = -2.5
_OCR = -1.5
_MIDLINE_BASE = -0.5
_GAP = -7.0
_REPEAT = -8.0
_LATE_START = -3.0
_SAME_LAYOUT = 1.0


@dataclass(frozen=True)
class _Cand:
    """A token that may be an operative number: at line ``index`` (column ``col`` for a run-in one)."""

    index: int
    col: int
    num: int
    kind: str  # "alone" | "inline" | "midline" | "glued"
    score: float
    after_first_line: bool = False  # an "alone" number printed after its paragraph's first line
    ocr: bool = False


@dataclass
class Numbered:
    """The body with each chosen operative number moved to the start of its paragraph.

    ``starts`` maps ``id(line)`` of each paragraph's first line to its number (as printed,
    OCR misreadings corrected); ``warnings`` say where the sequence has a gap or a repeat.
    """

    lines: list[Line]
    starts: dict[int, str] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)


def _digits(token: str) -> int | None:
    """The number a token stands for, OCR misreadings corrected; None if it is not one."""
    if token.isdigit():
        return int(token)
    fixed = "".join(OCR_DIGITS.get(c, c) for c in token)
    return int(fixed) if fixed.isdigit() else None


def _bare(text: str) -> str:
    """A line's text without footnote sentinels, trailing note numbers and closing quotes."""
    if SENTINEL_OPEN in text:
        text = NOTE_SENTINEL.sub("", text)
    return text.rstrip(" ”’\"»)")


def _closes(text: str) -> bool:
    """Does this line end a paragraph (closing punctuation, a dropped note number after it)?"""
    t = _bare(text)
    if t[-1:].isdigit():
        t = re.sub(r"(?<=[,;:.])\s*\d{1,3}$", "", t)
    return bool(t) and t[-1] in _CLOSING


def _last_word(text: str) -> str:
    words = _bare(text).split()
    return words[-1].lower().strip(".,;:()") if words else ""


def number_paragraphs(lines: list[Line], language: Language, *, sections: bool = True) -> Numbered:
    """Choose the operative numbering of ``lines`` (body lines, furniture and notes removed) and
    rewrite the lines so that each numbered paragraph opens with ``N.`` on its first line."""
    lines = list(lines)
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    if _drop_page_numbers(lines, nonblank):
        nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    prev_of = dict(zip(nonblank[1:], nonblank))  # a non-blank line -> the non-blank line before it
    next_of = dict(zip(nonblank, nonblank[1:]))
    _unscramble(lines, nonblank, prev_of, next_of)
    cands = _candidates(lines, nonblank, prev_of, next_of, language)
    if not cands:
        return Numbered(lines)
    heads = _section_lines(lines, nonblank, language) if sections else []
    cands = _drop_section_misreads(cands, heads)
    chain, gaps, repeats = _choose(cands, heads)
    out = Numbered(lines)
    if not chain:
        return out
    nos = [ln.no for ln in lines]  # line numbers by candidate index: _rewrite splits and drops lines
    _rewrite(out, chain, prev_of, next_of)
    for c in _leftovers(cands, chain):
        out.warnings.append(ParseWarning(
            "number-in-text", f"a paragraph number {c.num}. outside the sequence stays in the text "
            "(another text's paragraph, or a misread number)", nos[c.index]))
    for c in gaps:
        out.warnings.append(ParseWarning("numbering-gap", f"operative paragraph {c.num} follows a gap in the numbering", nos[c.index]))
    for c in repeats:
        out.warnings.append(ParseWarning("numbering-repeat", f"operative paragraph number {c.num} is printed twice", nos[c.index]))
    return out


#: An operative number in another style than "N. ": glued to its word ("1.Decides", a web page built from a word
#: processor's list) or followed by a dash ("1 – Réaffirme", a news page).
_OTHER_STYLE = re.compile(r"^(\d{1,3})(?:\.(?=[A-ZÀ-ÝА-ЯЁ])|\s*[–—-]\s+(?=[^\W\d_]))")
_PLAIN = re.compile(r"^(\d{1,3})\.(?:\s|$)")
#: A number run into the text after a paragraph's end, with its space or glued to its word ("…; 2.Urges").
_RUN_IN = re.compile(r"(?<=[;:,.])\s+(\d{1,3})\.(\s+)?(?=[A-ZÀ-ÝА-ЯЁ])")
_GLUED_ANYWHERE = re.compile(r"(?:^|[;:,.]\s)\d{1,3}\.[A-ZÀ-ÝА-ЯЁ]")
#: What both need somewhere in a text: a digit before a full stop and a capital, or before a dash (one quick scan;
#: ``_glued_at`` then reads the number around each).
_DIGIT_THEN = re.compile(r"\d(?:\.[A-ZÀ-ÝА-ЯЁ]|\s*[–—-]\s)")


def _glued_at(text: str, last: int) -> bool:
    """Is the number whose last digit is at ``last`` in ``text`` (lines joined by line ends) one of another style:
    a line's "1.Decides" or "1 – Décide", or "…; 2.Urges" run into a line?"""
    start = last
    while start > 0 and last - start < 2 and text[start - 1].isdigit():
        start -= 1
    if start > 0 and text[start - 1].isdigit():
        return False  # four digits or more: a year, not a paragraph number
    line_start = text.rfind("\n", 0, start) + 1
    s = text[line_start:text.find("\n", start) if "\n" in text[start:] else len(text)]
    at = start - line_start
    if at == 0 and _OTHER_STYLE.match(s):
        return True
    return _GLUED_ANYWHERE.match(s[max(0, at - 2):]) is not None and (at == 0 or s[at - 2:at - 1] in ";:,." and s[at - 1] == " ")
#: A point label in another script or glued to its text: Arabic "(أ )", "(ب)", a Cyrillic look-alike "а)" (for
#: the Latin "a)"), "(a)要求" (Chinese puts no space after it).
_OTHER_LABEL = re.compile(r"^\(\s?(هـ|[\u0621-\u064a])\s?\)(?=\s|$)|^(\(?)([асеорху]{1,2})\)(?=\s|$)"
                          r"|^(\(?(?:[a-z]{1,2}|[ivxl]{1,6})\))(?=[\u3400-\u9fff])")
#: The Arabic point letters in their order (أ, ب, ج, د, هـ …), read as a, b, c, d, e …
_ABJAD = dict(zip(["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر"],
                  "abcdefghijklmnopqrst"))
#: Cyrillic letters that look like Latin ones, typed for them in a label.
_LOOK_ALIKE = str.maketrans("асеорху", "aceopxy")


#: A paragraph number in Chinese numerals opening a line ("一. ", "二、"), the number as group 1.
_HAN_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[.．、]\s*")


def _arabic_numbers(lines: list[Line]) -> list[Line]:
    """Paragraph numbers in Chinese numerals ("一. 凡秘书长…", "二、…": the old Chinese volumes) as "1. ", when
    they run 1, 2, 3 … in order; the same lines otherwise.

    >>> [ln.text for ln in _arabic_numbers([Line("一. 决定甲;", 1, 0), Line("二. 决定乙。", 2, 0)])]
    ['1. 决定甲;', '2. 决定乙。']
    >>> [ln.text for ln in _arabic_numbers([Line("三. 孤立的", 1, 0)])]
    ['三. 孤立的']
    """
    found = [(i, m) for i, line in enumerate(lines) if line.stripped[:1] in "一二三四五六七八九十"
             for m in [_HAN_NUMBER.match(line.stripped)] if m]
    if len(found) < 2 or zh_number(found[0][1].group(1)) != 1:
        return lines
    run: list[tuple[int, re.Match[str]]] = []
    for i, m in found:
        if zh_number(m.group(1)) == len(run) + 1:
            run.append((i, m))
    if len(run) < 2:
        return lines
    out = list(lines)
    for n, (i, m) in enumerate(run, 1):
        line = lines[i]
        out[i] = Line(f"{n}. {line.stripped[m.end():]}", line.no, line.indent)
    return out


def plain_numbering(lines: list[Line]) -> list[Line]:
    """Operative numbers and point labels printed in another style rewritten as every stage reads them.

    A number "1.Decides" or "1 – Réaffirme" becomes "1. Decides" where the numbers form a sequence: the
    number before it (in any style, opening a line or run into one after a paragraph's end: "…; 2.Urges")
    is N-1, or the one after it is N+1. A decimal ("1.5") is never followed by a letter; a lone "2.GA" or
    "3 - Title" with no neighbour in sequence stays as printed.
    A label "(أ )" becomes "(a)", a Cyrillic "а)" becomes "a)", and "(a)要求" becomes "(a) 要求"; numbers in
    Chinese numerals that run from 一 ("一. ", "二、") become "1. ", "2. ".

    >>> [ln.text for ln in plain_numbering([Line("1.Takes note;", 1, 0), Line("2 – Urges all.", 2, 0), Line("5.GA", 3, 0)])]
    ['1. Takes note;', '2. Urges all.', '5.GA']
    >>> plain_numbering([Line("The Parties, 1.Takes note; 2.Urges all; 3. Requests a report.", 1, 0)])[0].text
    'The Parties, 1. Takes note; 2. Urges all; 3. Requests a report.'
    >>> [ln.text for ln in plain_numbering([Line("(ب) أن يجدد", 1, 0), Line("а) взять", 2, 0), Line("(c)请秘书长", 3, 0)])]
    ['(b) أن يجدد', 'a) взять', '(c) 请秘书长']
    """
    out = _arabic_numbers(lines)
    for i, line in enumerate(lines):
        s = line.stripped
        first = s[:1]
        if first == "(" or "а" <= first <= "я":
            m = _OTHER_LABEL.match(s)
            if m is not None:
                if m.group(1):
                    label = f"({_ABJAD[m.group(1)]})" if m.group(1) in _ABJAD else None
                elif m.group(3):
                    label = f"{m.group(2)}{m.group(3).translate(_LOOK_ALIKE)})"
                else:
                    label = m.group(4)
                if label is not None:
                    out = list(out) if out is lines else out
                    out[i] = Line(f"{label} {s[m.end():].lstrip()}".rstrip(), line.no, line.indent)
    # one scan of the whole text, not a search per line: most texts hold no number in another style
    text = "\n".join(line.stripped for line in lines)
    glued = any(_glued_at(text, m.start()) for m in _DIGIT_THEN.finditer(text))
    if not glued:
        return out
    # every number token in reading order: (line index, start, end of what the rewrite replaces, number, rewrite?)
    found: list[tuple[int, int, int, int, bool]] = []
    for i, line in enumerate(out):
        s = line.stripped
        if s[:1].isdigit():
            m = _PLAIN.match(s)
            if m:
                found.append((i, 0, 0, int(m.group(1)), False))
            else:
                m = _OTHER_STYLE.match(s)
                if m:
                    found.append((i, 0, m.end(), int(m.group(1)), True))
        if ". " in s or _GLUED_ANYWHERE.search(s):
            for m in _RUN_IN.finditer(s):
                found.append((i, m.start(1), m.end(), int(m.group(1)), not m.group(2)))
    edits: dict[int, list[tuple[int, int, int]]] = {}
    for k, (i, start, end, num, rewrite) in enumerate(found):
        if not rewrite:
            continue
        before = found[k - 1][3] if k else None
        after = found[k + 1][3] if k + 1 < len(found) else None
        if before == num - 1 or after == num + 1:
            edits.setdefault(i, []).append((start, end, num))
    for i, spans in edits.items():
        line = out[i]
        s = line.stripped
        for start, end, num in sorted(spans, reverse=True):
            s = f"{s[:start]}{num}. {s[end:].lstrip()}"
        out = list(out) if out is lines else out
        out[i] = Line(s, line.no, line.indent)
    return out


def _drop_page_numbers(lines: list[Line], nonblank: list[int]) -> bool:
    """A bare number right after a paragraph number alone on its line ("29." / "6" / "Decides …") is the
    page number the extraction put between them: blanked."""
    dropped = False
    for a, b in zip(nonblank, nonblank[1:]):
        if lines[b].stripped.isdigit() and len(lines[b].stripped) <= 3 and _ALONE.match(lines[a].stripped):
            lines[b] = Line("", lines[b].no, 0)
            dropped = True
    return dropped


def _unscramble(lines: list[Line], nonblank: list[int], prev_of: dict[int, int], next_of: dict[int, int]) -> None:
    """Put back a two-line paragraph that the extraction printed last line first.

    ``7.`` / ``tasks:`` / (blank) / ``Further decides that … the following``: the number (or point
    label), then a short lower-case fragment that closes, a blank line, then a capitalised line that
    does not close — the first line. The two text lines are swapped in place.
    """
    for i in nonblank:
        s = lines[i].stripped
        if len(s) > 6 or not (_ALONE.match(s) or _POINT_ALONE.match(s)):
            continue
        j = next_of.get(i)
        k = next_of.get(j) if j is not None else None
        if j is None or k is None or k == j + 1:
            continue  # the fragment and the first line must be separated by a blank line
        frag, first = lines[j].stripped, lines[k].stripped
        if (frag[:1].islower() and len(frag.split()) <= 4 and _closes(frag) and first[:1].isupper()
                and not _closes(first) and len(first) > 30):
            lines[j], lines[k] = Line(lines[k].text, lines[j].no, lines[k].indent), Line(lines[j].text, lines[k].no, lines[j].indent)


def _candidates(lines: list[Line], nonblank: list[int], prev_of: dict[int, int], next_of: dict[int, int],
                language: Language) -> list[_Cand]:
    out: list[_Cand] = []
    for i in nonblank:
        s = lines[i].stripped
        first = s[0]
        if first.isdigit() or first in "lIit":
            m = _ALONE.match(s)
            if m:
                num = _digits(m.group(1))
                if num is not None and num > 0:
                    out.extend(_alone(lines, i, num, not m.group(1).isdigit(), prev_of, next_of, language))
                continue
            m = _INLINE.match(s)
            if m:
                num = _digits(m.group(1))
                if num is not None and num > 0:
                    out.append(_inline(lines, i, 0, num, not m.group(1).isdigit(), s[m.end():], prev_of, language))
        if s[-1] == "." and len(s) > 20 and s[-2].isdigit():
            g = _GLUED.search(s)
            if g is not None and int(g.group(1)) > 0:
                # "… guidance of the Secretary9.": the number printed after the first line, glued to it
                score = _ORDINARY - 1.0 + (_PHRASE if op_phrase(language, s) else 0.0)
                p = prev_of.get(i)
                if p is None or _closes(lines[p].stripped) or _ALONE.match(lines[p].stripped):
                    score += _CLOSED_BEFORE
                else:
                    score -= 4.0
                out.append(_Cand(i, g.start(1), int(g.group(1)), "glued", score))
        if len(s) > 12 and ". " in s and any(d in s for d in "0123456789"):
            for mm in _MIDLINE.finditer(s):
                num = int(mm.group(1))
                if num == 0:
                    continue
                rest = s[mm.end():]
                score = _MIDLINE_BASE + (_PHRASE if op_phrase(language, rest) else 0.0)
                if _last_word(s[:mm.start()]) in _CITING:
                    score += _CITES_BEFORE
                out.append(_Cand(i, mm.start(1), num, "midline", score))
    return out


def _opens(text: str, language: Language) -> float:
    """What the text after a number says: an operative phrase, a capital, or a continuation."""
    if op_phrase(language, text):
        return _PHRASE
    if text[:1].isupper() or text[:1] in "“\"«(":
        return 0.0
    return _LOWER_AFTER


def _inline(lines: list[Line], i: int, col: int, num: int, ocr: bool, rest: str, prev_of: dict[int, int],
            language: Language) -> _Cand:
    score = _ORDINARY + _opens(rest, language) + (_OCR if ocr else 0.0)
    p = prev_of.get(i)
    if p is not None:
        before = lines[p].stripped
        if _closes(before):
            score += _CLOSED_BEFORE
        elif _last_word(before) in _CITING:
            score += _CITES_BEFORE
    return _Cand(i, col, num, "inline", score, ocr=ocr)


def _alone(lines: list[Line], i: int, num: int, ocr: bool, prev_of: dict[int, int], next_of: dict[int, int],
           language: Language) -> list[_Cand]:
    """A number alone on its line: its paragraph starts on the next line, or started on the line before.

    Both readings are candidates, each scored on its own evidence; the chain chooses (and prefers
    one layout throughout). Before: what precedes closes and what follows opens a paragraph. After
    (the number printed after the paragraph's first line): the line before opens a paragraph after
    a line that closes.
    """
    p, n = prev_of.get(i), next_of.get(i)
    before = lines[p].stripped if p is not None else ""
    after = lines[n].stripped if n is not None else ""
    base = _ORDINARY + (_OCR if ocr else 0.0)
    out = []
    if after:
        fit = _opens(after, language) + (_CLOSED_BEFORE if (not before or _closes(before)) else -1.0)
        out.append(_Cand(i, 0, num, "alone", base + fit, ocr=ocr))
    if before and not _ALONE.match(before) and before[:1].isupper():
        pp = prev_of.get(p) if p is not None else None
        heading = pp is not None and _SECTION.match(lines[pp].stripped) is not None and len(lines[pp].stripped) <= 6
        if not heading and (pp is None or _closes(lines[pp].stripped) or _ALONE.match(lines[pp].stripped)):
            fit = (_PHRASE if op_phrase(language, before) else 0.0) + _CLOSED_BEFORE
            if _closes(before):
                fit -= 1.0  # a one-line paragraph: possible, but then nothing told the number was late
            if after[:1].islower():
                fit += 0.5  # the text goes on in lower case: the first line above was cut mid-sentence
            out.append(_Cand(i, 0, num, "alone", base + fit, after_first_line=True, ocr=ocr))
    if not out:
        out.append(_Cand(i, 0, num, "alone", base - 1.0, ocr=ocr))
    return out


def op_phrase(language: Language, text: str) -> bool:
    """Does ``text`` open with an operative phrase, also behind a capitalised adverb ("Also welcomes")?"""
    if language.operative_phrase_known(text):
        return True
    first, _, rest = text.partition(" ")
    if rest and first.lower() in language.adverbs:
        return language.operative_phrase_known(rest[:1].upper() + rest[1:])
    return False


def _drop_section_misreads(cands: list[_Cand], heads: list[int]) -> list[_Cand]:
    """"I." is a misread "1." or a section heading: a heading when a real "1." follows within a few lines."""
    head_set = set(heads)
    ones = sorted(c.index for c in cands if c.num == 1 and not c.ocr)
    out = []
    for c in cands:
        if c.ocr and c.index in head_set and any(c.index < k <= c.index + 8 for k in ones):
            continue
        out.append(c)
    return out


def _section_lines(lines: list[Line], nonblank: list[int], language: Language) -> list[int]:
    """Indices of lines that may head a section ("A", "B.", "II. Title", "Part I"): where numbering may restart."""
    out = []
    for i in nonblank:
        s = lines[i].stripped
        if len(s) <= 160 and s[0].isupper() and _SECTION.match(s) and not language.preamble_phrase(s):
            out.append(i)
    return out


def _mode(c: _Cand) -> str:
    return "after" if c.after_first_line else c.kind


def _choose(cands: list[_Cand], heads: list[int]) -> tuple[list[_Cand], list[_Cand], list[_Cand]]:
    """The chain of candidates with consecutive numbers and the best total score.

    A chain starts at 1 (or later, at a cost: a text that begins mid-resolution), goes up by one,
    may restart at 1 after a section heading, and may skip a number or repeat one at a cost. Two
    neighbours in the same layout score a little more: a document keeps its layout.
    """
    cands = sorted(cands, key=lambda c: (c.index, c.col))
    back: list[int] = []
    # best chain ending at each (number, layout) so far -> (score, candidate position)
    by_num: dict[tuple[int, str], tuple[float, int]] = {}
    overall: tuple[float, int] = (0.0, -1)
    at_head: tuple[float, int] = (0.0, -1)  # ``overall`` as it stood at the last section heading passed
    heads_sorted = sorted(heads)
    modes = ("inline", "alone", "after", "midline", "glued")
    h = 0
    for j, c in enumerate(cands):
        while h < len(heads_sorted) and heads_sorted[h] <= c.index:
            at_head = overall
            h += 1
        mode = _mode(c)
        top = (c.score + (0.0 if c.num == 1 else _LATE_START + 0.2 * (1 - c.num)), -1)
        if c.num == 1 and at_head[1] >= 0 and at_head[0] + c.score > top[0]:
            top = (at_head[0] + c.score, at_head[1])
        for step, cost in ((1, 0.0), (2, _GAP), (3, 2 * _GAP), (0, _REPEAT)):
            for m in modes:
                prev = by_num.get((c.num - step, m))
                if prev is None or (prev[1] >= 0 and cands[prev[1]].index == c.index and cands[prev[1]].col == c.col):
                    continue
                score = prev[0] + c.score + cost + (_SAME_LAYOUT if m == mode else 0.0)
                if score > top[0]:
                    top = (score, prev[1])
        back.append(top[1])
        key = (c.num, mode)
        if top[0] > by_num.get(key, (-1e9, -1))[0]:
            by_num[key] = (top[0], j)
        if top[0] > overall[0]:
            overall = (top[0], j)
    if overall[1] < 0:
        return [], [], []
    chain: list[int] = []
    j = overall[1]
    while j >= 0:
        chain.append(j)
        j = back[j]
    chain.reverse()
    chosen = [cands[j] for j in chain]
    gaps = [b for a, b in zip(chosen, chosen[1:]) if b.num > a.num + 1]
    repeats = [b for a, b in zip(chosen, chosen[1:]) if b.num == a.num]
    return chosen, gaps, repeats


def _leftovers(cands: list[_Cand], chain: list[_Cand]) -> list[_Cand]:
    """Strong candidates the chain did not take, inside the operative part: numbers left in the text."""
    if not chain:
        return []
    taken = {(c.index, c.col) for c in chain}
    first = chain[0].index
    seen: set[tuple[int, int]] = set()
    out = []
    for c in cands:
        key = (c.index, c.col)
        if key in taken or key in seen or not (first < c.index) or c.kind == "midline":
            continue
        seen.add(key)
        if c.score >= _ORDINARY + _PHRASE:
            out.append(c)
    return out


def _rewrite(out: Numbered, chain: list[_Cand], prev_of: dict[int, int], next_of: dict[int, int]) -> None:
    """Move each chosen number to its paragraph's first line, as ``N. text``."""
    lines = out.lines
    drop: set[int] = set()
    # Run-in numbers split their line first (right to left, so columns stay valid).
    split_at: dict[int, list[_Cand]] = {}
    for c in chain:
        if c.kind == "midline":
            split_at.setdefault(c.index, []).append(c)
    replaced: dict[int, list[Line]] = {}
    shift: dict[int, int] = {}  # a line whose start was rewritten ("19. " put before it): its run-in columns move
    for c in chain:
        num, index, text = str(c.num), c.index, lines[c.index].stripped
        if c.kind == "inline":
            text = _INLINE.sub("", text, count=1)
        elif c.kind == "glued":
            text = text[:c.col]
        elif c.kind == "alone":
            drop.add(c.index)
            target = prev_of.get(c.index) if c.after_first_line else next_of.get(c.index)
            if target is None:
                continue
            index, text = target, lines[target].stripped
        else:
            continue  # run-in: split below
        line = lines[index]
        new = Line(f"{num}. {text}", line.no, line.indent)
        if c.kind != "glued":  # the number replaced or went before the line's start; a glued one is cut off its end
            shift[index] = len(new.stripped) - len(line.stripped)
        lines[index] = new
        out.starts[id(new)] = num
    for index, cs in split_at.items():
        line = lines[index]
        text = line.stripped
        cols = sorted(c.col + shift.get(index, 0) for c in cs)
        pieces: list[Line] = []
        head = text[:cols[0]].rstrip()
        if head:
            pieces.append(Line(head, line.no, line.indent))
            if id(line) in out.starts:  # the line also opened with a chosen number: it stays on the first piece
                out.starts[id(pieces[0])] = out.starts.pop(id(line))
        for a, b in zip(cols, cols[1:] + [len(text)]):
            piece = text[a:b].rstrip()
            new = Line(piece, line.no, 0)
            pieces.append(new)
            out.starts[id(new)] = piece.split(".", 1)[0]
        replaced[index] = pieces
    if drop or replaced:
        new_lines: list[Line] = []
        for i, line in enumerate(lines):
            if i in drop:
                continue
            if i in replaced:
                new_lines.extend(replaced[i])
            else:
                new_lines.append(line)
        out.lines[:] = new_lines


_POINT_START = re.compile(r"^\(([a-z]{1,2})\)(?:\s|$)")
_LETTER_SEQ = [chr(c) for c in range(ord("a"), ord("z") + 1)]


def confirmed_points(lines: list[Line], starts: dict[int, str]) -> set[int]:
    """``id``s of lines whose point label "(a)", "(b)" … is confirmed by its list: within one operative
    paragraph, at least two labels in sequence open lines. Such a list stands even when its
    introduction does not end with a colon ("… hereinafter “the Committee”;" / "(a) Freeze …")."""
    out: set[int] = set()
    region: list[tuple[int, str]] = []

    def close() -> None:
        chain: list[int] = []
        want = 0
        for ident, label in region:
            if want < len(_LETTER_SEQ) and label == _LETTER_SEQ[want]:
                chain.append(ident)
                want += 1
        if len(chain) >= 2:
            out.update(chain)

    before = ""  # the last non-blank line: "… paragraph 8" / "(d) above …" is a citation wrapped, not a point
    for line in lines:
        if id(line) in starts:
            close()
            region = []
            continue
        m = _POINT_START.match(line.stripped) if line.text[:1] == "(" or line.stripped[:1] == "(" else None
        if m and not _cites_at_end(before):
            region.append((id(line), m.group(1)))
        if line.stripped:
            before = line.stripped
    close()
    return out


def _cites_at_end(text: str) -> bool:
    """Does ``text`` end citing a paragraph ("… referred to in paragraph 8"): a point label on the next
    line ("(d) above") continues the citation."""
    words = _bare(text).split()
    return len(words) >= 2 and words[-1].isdigit() and words[-2].lower() in _CITING
