"""Honest text repair: undo what the extraction did to words, only where the document itself proves it.

PDF text extraction splits and joins words: justified lines get spaces inside words (``fig ht``,
``Tr afficking``, ``Al -Qaida``, ``child protection ,``), a line-end hyphen is lost
(``SecretaryGeneral``), and the words a justified line could not hold are printed after the
page's footer (``impartiality`` / ``and``). A repair is made only when the document holds the
repaired form elsewhere (its own dictionary), or, for the overflow words, when exactly one line
of the page is short and continues in lower case; each repair is counted and reported in a
``text-repaired`` warning, so nothing changes silently. The source file keeps the original.

>>> words = Words("the fight against terrorism and the Secretary-General and the fight; to fig ht a nd the SecretaryGeneral ,")
>>> repair_text("to fig ht a nd the SecretaryGeneral ,", words)
('to fight and the Secretary-General,', ['fig ht → fight', 'a nd → and', 'SecretaryGeneral → Secretary-General', ' , → ,'])
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from lod.parse.normalise import SENTINEL_CLOSE, SENTINEL_OPEN, Line

__all__ = ["Words", "place_overflow", "repair_text", "restore_exploded"]

_WORD = re.compile(r"[^\W\d_]+")
_STRIP = ",.;:()[]{}«»“”‘’\"'!?/*%…" + SENTINEL_OPEN + SENTINEL_CLOSE + "0123456789"
#: A space before the hyphen of a compound ("Al -Qaida", "COVID -19", "eighty -second").
_SPACED_HYPHEN = re.compile(r"(?<=\w) -(?=\w)")
#: A camel-case join where a line-end hyphen was lost ("SecretaryGeneral", "nonLebanese").
_CAMEL = re.compile(r"\b([A-Za-z][a-z]+)([A-Z][a-z]+)\b")
#: A space before a comma or full stop after a word ("child protection ,").
_SPACE_BEFORE = re.compile(r"(?<=[^\W\d_]) +(?=[,.](?:\s|$))")


class Words:
    """The document's own words with their counts (the evidence for a repair)."""

    def __init__(self, text: str, *, low: str | None = None) -> None:
        low = text.lower() if low is None else low
        # the words in order: cut at white space and stripped of punctuation (C-speed; a word
        # pattern scanning the text costs twice as much), numbers and symbols left out
        tokens = [w for w in (t.strip(_STRIP) for t in low.split()) if w.isalpha()]
        self.tokens = tokens
        self.counts: Counter[str] = Counter(tokens)
        self.text = low
        #: camel-case joins of the document whose hyphenated form it also holds ("SecretaryGeneral"),
        #: found from the rare lower-upper turns inside a word (a plain two-class scan, then the word)
        joins = set()
        pieces = low.split("-")  # the document's hyphenated compounds, found without a regex scan
        for left, right in zip(pieces, pieces[1:]):
            a = left.rsplit(None, 1)[-1] if left else ""
            b = right.split(None, 1)[0] if right else ""
            if a.isalpha() and b.isalpha():
                k = low.find(a + b)  # written without its hyphen somewhere?
                if k >= 0 and text[k + len(a)].isupper():
                    joins.add(text[k:k + len(a) + len(b)])
        self.camel_joins = frozenset(joins)
        self._split: re.Pattern[str] | None | bool = False  # not computed yet
        self.split_pairs: frozenset[tuple[str, str]] = frozenset()

    @property
    def split_regex(self) -> re.Pattern[str] | None:
        """One pattern for the document's split words ("fig ht"), or None when it has none.

        A split leaves a fragment found nowhere else, so only the words seen at most once are looked
        at: both halves stand nowhere else ("fig ht", "emp hasis"), or one is a fragment of one or two
        letters ("a nd", "th e", "capabilitie s"), and the join is a word of the document ("as set"
        out stays: "set" has three letters and "as" is common).
        """
        if self._split is not False:
            return self._split  # type: ignore[return-value]
        counts = self.counts
        tokens = self.tokens  # letters only
        pairs: set[tuple[str, str]] = set()
        last = len(tokens) - 1
        where = {t: k for k, t in enumerate(tokens)}  # a word seen once: its only position
        for k in sorted(where[w] for w, c in counts.items() if c <= 1):
            tok = tokens[k]
            if k and (tokens[k - 1] + tok) in counts:
                a, b = tokens[k - 1], tok
                if counts[a] <= 1 or len(b) <= 2:
                    pairs.add((a, b))
            if k < last and (tok + tokens[k + 1]) in counts:
                a, b = tok, tokens[k + 1]
                if counts[b] <= 1 or len(a) <= 2:
                    pairs.add((a, b))
        self.split_pairs = frozenset(pairs)
        if not pairs:
            self._split = None
        else:  # any first half, any second half: ``_join_split_words`` keeps the document's pairs only
            firsts = "|".join(sorted({re.escape(a) for a, _ in pairs}, key=len, reverse=True))
            seconds = "|".join(sorted({re.escape(b) for _, b in pairs}, key=len, reverse=True))
            self._split = re.compile(rf"(?<![\w/-])({firsts}) ({seconds})(?![\w/-])", re.IGNORECASE)
        return self._split  # type: ignore[return-value]

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def has_phrase(self, phrase: str) -> bool:
        """Does ``phrase`` (with its hyphens) stand in the document?"""
        return phrase.lower() in self.text


def repair_text(text: str, words: Words) -> tuple[str, list[str]]:
    """``text`` with split and joined words repaired where the document proves it, and what was repaired."""
    done: list[str] = []

    if " " in text:
        text = _join_split_words(text, words, done)

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

    if words.camel_joins and any(j in text for j in words.camel_joins):
        text = _CAMEL.sub(camel, text)
    if " ," in text or " ." in text:
        fixed = _SPACE_BEFORE.sub("", text)
        if fixed != text:
            done.append(" , → ,")
            text = fixed
    return text, done


_STEM_END = ",.;:)”’\"'(“"


def _join_split_words(text: str, words: Words, done: list[str]) -> str:
    """Join "fig ht" into "fight" where the document proves it (see ``repair_text``): the pairs are
    found once per document (``Words.split_pairs``), then replaced where they stand in ``text``."""
    rx = words.split_regex
    if rx is None:
        return text

    pairs = words.split_pairs

    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if (a.lower(), b.lower()) not in pairs or not b[0].islower():
            return m.group(0)  # the pattern crosses the document's pairs: only they are joined
        done.append(f"{a} {b} → {a}{b}")
        return a + b

    return rx.sub(join, text)


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
    starts = [k for k, ln in enumerate(lines) if ln.text[:1].islower() and len(ln.text) < 30 and k and lines[k - 1].blank]
    if not starts:
        return out, repairs
    i = 0
    for i in starts:
        if not out[i].stripped:
            continue  # already moved
        run = _overflow_run(out, i)
        if not run:
            continue
        target = _short_line(out, run[0])
        if target is None:
            continue
        words = " ".join(out[k].stripped for k in run)
        old = out[target]
        out[target] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
        for k in run:
            out[k] = Line("", out[k].no, 0)
        repairs.append((old.no, f"{words!r} printed after the page footer → end of line {old.no}"))
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


_LABEL_ALONE = re.compile(r"^\(?[a-z]{1,2}\)$|^\d{1,3}\.$")


def restore_exploded(lines: list[Line]) -> tuple[list[Line], list[tuple[int, str]]]:
    """Put back the middle of a justified line that the extraction exploded one word per line.

    ``(c) Information`` / ``responsibilities;`` / ``on`` / ``the`` / ``relevance`` … (each word between
    blank lines): the line's first words, its last word (which closes), then its middle words. A run
    of at least three one-word lines between blank lines goes back between the line that opens it and
    the closing line right below that one, above the run (a point label printed alone between them is
    passed over); anything else — a line exploded in its own order — is left as it is. Returns the lines and the repairs made (line number, what).
    """
    out = list(lines)
    repairs: list[tuple[int, str]] = []
    k = 0
    n = len(out)
    while k < n:
        run = []
        j = k
        while j < n and out[j].stripped and " " not in out[j].stripped and (j == 0 or out[j - 1].blank) \
                and (j + 1 >= n or out[j + 1].blank) and out[j].stripped[-1:] not in ";:." and not _LABEL_ALONE.match(out[j].stripped):
            run.append(j)
            j += 2
        if len(run) < 3:
            k += 1
            continue
        # back from the run: blanks, at most one label alone, the closing line, the opening line
        z = run[0] - 1
        while z >= 0 and out[z].blank:
            z -= 1
        label = z >= 0 and _LABEL_ALONE.match(out[z].stripped) is not None
        if label:
            z -= 1
            while z >= 0 and out[z].blank:
                z -= 1
        a = z - 1  # the opening line stands right above the closing one: they were one line
        nxt = next((ln.stripped for ln in out[run[-1] + 1:] if ln.stripped), "")
        # the run ends the item: a label stood between, or what follows opens the next item
        ends_item = label or not nxt or nxt[0] in "(" or nxt[0].isupper() or nxt[0].isdigit()
        if ends_item and z > 0 and a >= 0 and out[z].stripped[-1:] in ";:." and out[a].stripped[-1:] not in ";:.," and out[a].stripped:
            words = " ".join(out[r].stripped for r in run)
            old = out[a]
            out[a] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
            for r in run:
                out[r] = Line("", out[r].no, 0)
            repairs.append((old.no, f"{words!r}, a justified line's middle printed one word per line, back into line {old.no}"))
        k = run[-1] + 1
    return out, repairs
