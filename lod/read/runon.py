"""Paragraphs run together on one line: each given a line of its own before the parse.

Web pages and data sets often lose a text's line ends (unscr.com prints a Council resolution's
whole body on one line; a JSON field may hold it with spaces for line ends), and OCR of the Official
Records runs paragraphs together. Every later stage reads a paragraph from the start of a line, so
a long line is split first, by rules that hold for any text, not one layout:

* **numbers form a sequence**: among the "N. " in a line, the longest run of consecutive numbers in
  order (1, 2, 3 … or the continuation of the numbers on the lines above) opens operative paragraphs;
  a "1." quoted in a paragraph ("the following agenda: 1. Opening …") is not the next of that run;
* a recital opens with a known capitalised phrase after a comma or semicolon ("…, Recalling");
  the formula ("The Security Council,") stands on its own;
* lettered points ("(a)", "(b)" …, "(i)", "(ii)" …) form a sequence from "(a)" or "(i)", each after
  a colon or semicolon;
* a text with no numbered paragraph (one unnumbered operative paragraph) opens it with a known
  operative phrase after a comma or semicolon ("…, Decides to …").

``split_run_on`` returns the lines (pieces keep their line's number) and the numbers of the lines split,
for the ``run-on-text`` warning: the pieces are a reading of the text, not what it printed.

>>> from lod.read.languages import LANGUAGES
>>> from lod.read.normalise import normalise
>>> body = ("The Security Council, Recalling its resolution 1 (2000) and the statements of its President, "
...         "Noting the report of the Secretary-General, "
...         "1. Decides that the Mission shall: (a) monitor the ceasefire; (b) report; "
...         "2. Requests the Secretary-General to report on the agenda: 1. Opening; 2. Closing; "
...         "3. Decides to remain seized of the matter.")
>>> lines, n = split_run_on(normalise(body)[0], LANGUAGES["en"])
>>> n, [line.text for line in lines]  # doctest: +NORMALIZE_WHITESPACE
([1], ['The Security Council,', 'Recalling its resolution 1 (2000) and the statements of its President,',
     'Noting the report of the Secretary-General,',
     '1. Decides that the Mission shall:', '(a) monitor the ceasefire;', '(b) report;',
     '2. Requests the Secretary-General to report on the agenda: 1. Opening; 2. Closing;',
     '3. Decides to remain seized of the matter.'])
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lod.read.languages import Language
from lod.read.normalise import Line
from lod.read.patterns import OPERATIVE_NUMBER, POINT_LETTERS, POINT_ROMANS

__all__ = ["LONG_LINE", "split_run_on"]

#: A line longer than this may hold several paragraphs (a pdftotext line is under 120 characters).
LONG_LINE = 300

#: "N. " opening a paragraph inside a line: after white space (or at the start), before a word or a quote.
_NUMBER = re.compile(r"(?<!\S)(\d{1,3})\.\s+(?=[^\W\d_]|[\"“«‘'(\[])")
#: A point label ("(c)", "c)") after a colon or semicolon ("; and (c) "), the label as group 1; or a list's first
#: label "(a)" or "(i)" after a word ("Affirms the necessity (a) For guaranteeing …"), as group 2.
_POINT = re.compile(r"(?<=[:;])\s+(?:(?:and|or|et|ou|y|o)\s+)?(?=\(?([a-z]{1,2}|[ivxl]{1,6})\)\s)"
                    r"|(?<=[^\W\d_])\s+(?=\((a|i)\)\s)")
#: A capitalised word after a comma, semicolon or colon (and "and"): where an unnumbered operative paragraph may open.
_AFTER_PUNCT = re.compile(r"(?<=[,;:])\s+(?:(?:and|et|y)\s+)?(?=[A-ZÀ-Ý])")

def split_run_on(lines: list[Line], lang: Language) -> tuple[list[Line], list[int]]:
    """``lines`` with each long line cut where a paragraph, recital or point opens; and the numbers of
    the lines cut into more than one piece."""
    if max((len(line.text) for line in lines), default=0) <= LONG_LINE and not any(map(_formula_run_on(lang), lines)):
        return lines, []
    last = 0  # the last operative number met so far, in sequence
    numbered = any(OPERATIVE_NUMBER.match(line.stripped) for line in lines if len(line.text) <= LONG_LINE)
    out: list[Line] = []
    split: list[int] = []
    formula_run_on = _formula_run_on(lang)
    for line in lines:
        if len(line.text) <= LONG_LINE and not formula_run_on(line):
            m = OPERATIVE_NUMBER.match(line.stripped)
            if m and int(m.group(1)) == last + 1:
                last += 1
            out.append(line)
            continue
        pieces, last = _split_line(line.text.strip(), lang, last, numbered)
        if len(pieces) > 1:
            split.append(line.no)
        lead = line.text[:line.indent]
        out.extend(Line(lead + p if k == 0 else p, line.no, line.indent if k == 0 else 0) for k, p in enumerate(pieces))
        numbered = numbered or last > 0
    return out, split


def _formula_run_on(lang: Language) -> Callable[[Line], bool]:
    """A test of a line: does it hold the formula and the text after it ("The General Assembly, Recalling …,
    Decides …": a short resolution on one line)?"""
    def test(line: Line) -> bool:
        s = line.stripped
        return len(s) > 20 and ", " in s[:80] and bool(lang.formula_re.match(s)) and bool(_AFTER_FORMULA.search(s, 0, 80))
    return test


#: The formula's comma followed by a capitalised word: a paragraph runs on after it.
_AFTER_FORMULA = re.compile(r",\s+[A-ZÀ-Ý]")


def _split_line(text: str, lang: Language, last: int, numbered: bool) -> tuple[list[str], int]:
    """The pieces of one long line, and the last operative number after it."""
    cuts = _number_cuts(text, lang, last)
    if cuts:
        last += len(cuts)
    pieces: list[str] = []
    bounds = [0] + [c for c in cuts if c > 0] + [len(text)]
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        part = text[a:b].strip()
        if not part:
            continue
        operative = k > 0 or (bool(cuts) and cuts[0] == 0)
        if operative:
            pieces.extend(_point_pieces(part))
        else:
            sub = _recital_pieces(part, lang)
            if not cuts and not numbered and last == 0:
                sub = _unnumbered_operative(sub, lang)
            pieces.extend(q for p in sub for q in _point_pieces(p))
    return pieces, last


def _recital_pieces(text: str, lang: Language) -> list[str]:
    """``text`` cut before the formula and before each recital's opening phrase (a known one, or the
    language's participle shape) that follows a comma, semicolon, colon or full stop, and the note number
    printed after it ("…Protocol, 28 Deeply concerned …", "…1957,[1] Noting …")."""
    rx = _RECITAL.get(lang.code)
    if rx is None:
        alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(lang.preamble_phrases, key=len, reverse=True))
        formula = lang.formula_start.lstrip("^")
        rx = _RECITAL[lang.code] = re.compile(
            rf"(?<=[,;.:])((?:\s*{_NOTE_MARK}(?=\s))?)\s+(?=(?:{alts}){lang.phrase_end}|(?:{lang.participle}){lang.phrase_end}|{formula})"
            rf"|(?<=\S)()\s+(?=(?:{formula})\s*,)")
    pieces: list[str] = []
    start = 0
    for m in rx.finditer(text):
        cut = m.start() + len(m.group(1) or m.group(2) or "")
        pieces.append(text[start:cut])
        start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


_RECITAL: dict[str, re.Pattern[str]] = {}
#: A note mark as printed after a paragraph's punctuation: "28", "[1]", "(2)", "129/" (the 1970s style).
_NOTE_MARK = r"(?:\d{1,3}/?|\[\d{1,3}\]|\(\d{1,3}\))"


def _number_cuts(text: str, lang: Language, last: int) -> list[int]:
    """Where the operative paragraphs of the line open: the longest run of consecutive "N. " in order,
    kept when it goes on from ``last`` (a single number only with a known operative phrase), or when it
    holds three numbers or more (a page that begins inside a resolution)."""
    cands = [(m.start(), int(m.group(1)), m.end()) for m in _NUMBER.finditer(text)]
    if not cands:
        return []
    # the best run ending at each candidate: the longest, then the one whose paragraphs more often open with a
    # known operative phrase ("2. Requests" over "2. Closing" of an agenda quoted in paragraph 1)
    known = [lang.operative_phrase_known(text[c[2]:]) for c in cands]
    score: list[tuple[int, int]] = []
    before: list[int] = []
    best_by_num: dict[int, int] = {}  # number → the candidate ending the best run so far
    for i, (_, num, _) in enumerate(cands):
        j = best_by_num.get(num - 1)
        length, hits = score[j] if j is not None else (0, 0)
        score.append((length + 1, hits + known[i]))
        before.append(j if j is not None else -1)
        k = best_by_num.get(num)
        if k is None or score[i] >= score[k]:  # on a tie the later one: nearer the next number
            best_by_num[num] = i
    end = max(range(len(cands)), key=lambda i: (score[i], -cands[i][0]))
    chain = []
    i = end
    while i >= 0:
        chain.append(cands[i])
        i = before[i]
    chain.reverse()
    first = chain[0][1]
    if first == last + 1 and (len(chain) >= 2 or lang.operative_phrase_known(text[chain[0][2]:])):
        return [c[0] for c in chain]
    if len(chain) >= 3:
        return [c[0] for c in chain]
    return []


def _point_pieces(text: str) -> list[str]:
    """``text`` cut before each point of a sequence "(a)", "(b)" … (or "(i)", "(ii)" …) that opens after a
    colon or semicolon (its first label also after a word); the same text when no such sequence starts with
    "(a)" or "(i)". A label out of the sequence ("paragraphs (a) and (b); (d) …") is a reference, not a point."""
    if "(" not in text:
        return [text]
    found = [(m.end(), m.group(1) or m.group(2), m.group(2) is not None) for m in _POINT.finditer(text)]
    cuts: set[int] = set()
    for labels in (POINT_LETTERS, POINT_ROMANS):
        run: list[int] = []
        for end, label, after_word in found:
            if len(run) < len(labels) and label == labels[len(run)] and not (after_word and run):  # after a word: only a list's first
                run.append(end)
        if len(run) >= 2:
            cuts.update(run)
    if not cuts:
        return [text]
    bounds = [0] + sorted(cuts) + [len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _unnumbered_operative(pieces: list[str], lang: Language) -> list[str]:
    """The last piece cut before the first known operative phrase after a comma, colon or semicolon (a resolution
    whose operative paragraphs are unnumbered: "…, Recalling …, Decides to …"), and after it before each known
    phrase or operative verb's shape after a semicolon, colon or full stop ("…; Calls upon …; Trusts that …")."""
    if not pieces:
        return pieces
    text = pieces[-1]
    cuts: list[tuple[int, int]] = []
    for m in _AFTER_PUNCT.finditer(text):
        rest = text[m.end():]
        if not cuts and lang.operative_phrase_known(rest):
            cuts.append((m.start(), m.end()))
        elif cuts and text[m.start() - 1] in ";:." and (lang.operative_phrase_known(rest) or lang.operative_shape_re.match(rest)):
            cuts.append((m.start(), m.end()))
    if not cuts:
        return pieces
    out = pieces[:-1]
    start = 0
    for a, b in cuts:
        out.append(text[start:a].strip())
        start = b
    out.append(text[start:].strip())
    return [p for p in out if p]
