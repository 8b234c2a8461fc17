"""Honest text repair: undo what the extraction did to words, only where the document itself proves it.

PDF text extraction splits and joins words: justified lines get spaces inside words (``fig ht``,
``Tr afficking``, ``Al -Qaida``, ``child protection ,``), a line-end hyphen is lost
(``SecretaryGeneral``), and the words a justified line could not hold are printed after the
page's footer (``impartiality`` / ``and``). A repair is made only when the document holds the
repaired form elsewhere (its own dictionary), or, for the overflow words, when exactly one line
of the page is short and continues in lower case; each repair is counted and reported in a
``text-repaired`` warning, so nothing changes silently. The source file keeps the original.

>>> words = Words("the fight against terrorism and the Secretary-General and the fight")
>>> repair_text("to fig ht a nd the SecretaryGeneral ,", words)
('to fight and the Secretary-General,', ['fig ht → fight', 'a nd → and', 'SecretaryGeneral → Secretary-General', ' , → ,'])
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from lod.parse.normalise import Line

__all__ = ["Words", "place_overflow", "repair_text"]

_WORD = re.compile(r"[^\W\d_]+")
#: Two letter runs separated by one space: a word the extraction may have split ("fig ht").
_PAIR = re.compile(r"(?<![\w/-])(?=([^\W\d_]{1,14}) ([^\W\d_]{1,14})(?![\w/-]))")
#: A space before the hyphen of a compound ("Al -Qaida", "COVID -19", "eighty -second").
_SPACED_HYPHEN = re.compile(r"(?<=\w) -(?=\w)")
#: A camel-case join where a line-end hyphen was lost ("SecretaryGeneral", "nonLebanese").
_CAMEL = re.compile(r"\b([A-Za-z][a-z]+)([A-Z][a-z]+)\b")
#: A space before a comma or full stop after a word ("child protection ,").
_SPACE_BEFORE = re.compile(r"(?<=[^\W\d_]) +(?=[,.](?:\s|$))")


class Words:
    """The document's own words with their counts (the evidence for a repair)."""

    def __init__(self, text: str) -> None:
        low = text.lower()
        self.counts: Counter[str] = Counter(_WORD.findall(low))
        self.text = low

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def has_phrase(self, phrase: str) -> bool:
        """Does ``phrase`` (with its hyphens) stand in the document?"""
        return phrase.lower() in self.text


def repair_text(text: str, words: Words) -> tuple[str, list[str]]:
    """``text`` with split and joined words repaired where the document proves it, and what was repaired."""
    done: list[str] = []

    if " " in text:
        pieces: list[str] = []
        pos = 0
        for m in _PAIR.finditer(text):  # a lookahead: overlapping pairs ("to fig", "fig ht") are all seen
            start = m.start()
            a, b = m.group(1), m.group(2)
            if start < pos:
                continue
            joined = a + b
            if len(joined) < 3 or not b[0].islower() or words.count(joined) == 0:
                continue  # the join must be a word of the document
            # both halves stand nowhere else ("fig ht", "emp hasis"), or one is a fragment of one or two
            # letters found nowhere else ("a nd", "th e", "capabilitie s"); "as set" (out) stays
            ca, cb = words.count(a), words.count(b)
            if not ((ca <= 1 and cb <= 1) or (cb <= 1 and len(b) <= 2) or (ca <= 1 and len(a) <= 2)):
                continue
            pieces.append(text[pos:start])
            pieces.append(joined)
            pos = start + len(a) + 1 + len(b)
            done.append(f"{a} {b} → {joined}")
        if pieces:
            text = "".join(pieces) + text[pos:]

    def hyphen(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        left = re.search(r"\w+$", text[max(0, start - 30):start])
        right = re.match(r"\w+", text[end:end + 30])
        if left and right and words.has_phrase(f"{left.group(0)}-{right.group(0)}"):
            done.append(f"{left.group(0)} -{right.group(0)} → {left.group(0)}-{right.group(0)}")
            return "-"
        return m.group(0)

    if " -" in text:
        text = _SPACED_HYPHEN.sub(hyphen, text)

    def camel(m: re.Match[str]) -> str:
        hyphenated = f"{m.group(1)}-{m.group(2)}"
        if words.has_phrase(hyphenated):
            done.append(f"{m.group(0)} → {hyphenated}")
            return hyphenated
        return m.group(0)

    text = _CAMEL.sub(camel, text)
    if " ," in text or " ." in text:
        fixed = _SPACE_BEFORE.sub("", text)
        if fixed != text:
            done.append(" , → ,")
            text = fixed
    return text, done


def place_overflow(lines: list[Line]) -> tuple[list[Line], list[tuple[int, str]]]:
    """Put back the words a justified line could not hold, printed alone after the page's footer.

    A run of at most three one- or two-word lines, each between blank lines, is taken for
    overflow words when exactly one line among the thirty before it is short (under three
    quarters of their median length), does not close a sentence, and is continued in lower case
    by the next line: the words go to that line's end, in order. Returns the lines and the
    repairs made (line number, what).
    """
    out = list(lines)
    repairs: list[tuple[int, str]] = []
    i = 0
    while i < len(out):
        run = _overflow_run(out, i)
        if not run:
            i += 1
            continue
        target = _short_line(out, run[0])
        if target is None:
            i = run[-1] + 1
            continue
        words = " ".join(out[k].stripped for k in run)
        old = out[target]
        out[target] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
        for k in run:
            out[k] = Line("", out[k].no, 0)
        repairs.append((old.no, f"{words!r} printed after the page footer → end of line {old.no}"))
        i = run[-1] + 1
    return out, repairs


def _overflow_run(lines: list[Line], i: int) -> list[int]:
    """Indices of an overflow run starting at ``i`` (blank line before each word line), or []."""
    run: list[int] = []
    k = i
    while k < len(lines) and len(run) < 4:
        s = lines[k].stripped
        if not s:
            k += 1
            continue
        if len(s.split()) <= 2 and s.replace(" ", "").isalpha() and s[:1].islower() and (k == 0 or lines[k - 1].blank) \
                and (k + 1 >= len(lines) or lines[k + 1].blank or lines[k + 1].stripped[:1].isupper()):
            run.append(k)
            k += 1
            continue
        break
    return run if 0 < len(run) <= 3 and k < len(lines) and lines[k].stripped[:1].isupper() else []


def _short_line(lines: list[Line], end: int) -> int | None:
    """The one short line before ``end`` that a lower-case line continues, or None if not exactly one."""
    window = [k for k in range(max(0, end - 30), end) if lines[k].stripped]
    if len(window) < 5:
        return None
    width = median(len(lines[k].stripped) for k in window)
    found = []
    for a, b in zip(window, window[1:]):
        s, nxt = lines[a].stripped, lines[b].stripped
        if len(s) < 0.75 * width and nxt[:1].islower() and s[-1:] not in ".;:":
            found.append(a)
    return found[0] if len(found) == 1 else None
