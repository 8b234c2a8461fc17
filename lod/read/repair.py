"""Honest text repair: undo what the extraction did to words, only where the document itself proves it.

PDF text extraction splits and joins words: justified lines get spaces inside words (``fig ht``,
``Tr afficking``, ``Al -Qaida``, ``child protection ,``), a line-end hyphen is lost
(``SecretaryGeneral``), and the words a justified line could not hold are printed after the
page's footer (``impartiality`` / ``and``). A repair is made only when the document holds the
repaired form elsewhere (its own dictionary), or, for the overflow words, when exactly one line
of the page is short and continues in lower case; each repair is counted and reported in a
``text-repaired`` warning, so nothing changes silently. The source file keeps the original.

>>> from lod.read.normalise import Line
>>> lines, done = repair_lines([Line("the fight and the Secretary-General", 1, 0), Line("to fig ht a nd the SecretaryGeneral ,", 2, 0)])
>>> lines[1].text, [what for _, what in done]
('to fight and the Secretary-General,', ['a nd → and', 'fig ht → fight', 'SecretaryGeneral → Secretary-General', ' , → ,'])
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from statistics import median

from lod.read.languages import Language
from lod.read.normalise import SENTINEL_CLOSE, SENTINEL_OPEN, Line

__all__ = ["Words", "language_words", "place_displaced", "place_overflow", "repair_lines", "restore_exploded", "restore_letter_spaced", "squeeze_spaces", "stray_pieces"]

_WORD = re.compile(r"[^\W\d_]+")
_STRIP = ",.;:()[]{}«»“”‘’\"'!?/*%…" + SENTINEL_OPEN + SENTINEL_CLOSE + "0123456789"
#: A space before the hyphen of a compound ("Al -Qaida", "COVID -19", "eighty -second").
_SPACED_HYPHEN = re.compile(r"(?<=\w) +- *(?=\w)|(?<=\w)- +(?=\w)")  # also a layout's gaps: "capacity      - building"
#: A camel-case join where a line-end hyphen was lost ("SecretaryGeneral", "nonLebanese").
_CAMEL = re.compile(r"\b([A-Za-z][a-z]+)([A-Z][a-z]+)\b")
#: A space before a comma or full stop after a word ("child protection ,").
_SPACE_BEFORE = re.compile(r"(?<=[^\W\d_]) +(?=[,.](?:\s|$))")


class Words:
    """The document's own words with their counts (the evidence for a repair).

    A word is a white-space token of the lower-case text with the punctuation, digits and note
    sentinels around it stripped; point labels ("(d)") and tokens with anything else inside
    ("secretary-general", "2017/18") are none. ``counts`` counts the words; ``text`` is the
    lower-case text itself.
    """

    def __init__(self, text: str) -> None:
        low = text.lower().replace("'", "’")
        self.text = low
        self._raw = low.split()
        # each distinct token is read once (a text repeats its words: 30,000 tokens, 5,000 distinct)
        clean: dict[str, str] = {}
        counts: dict[str, int] = {}
        for t, c in Counter(self._raw).items():
            w = _token_word(t)
            clean[t] = w
            if w:
                counts[w] = counts.get(w, 0) + c
        self._clean = clean
        self.counts = counts

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def has_phrase(self, phrase: str) -> bool:
        """Does ``phrase`` (with its hyphens) stand in the document?"""
        return phrase.lower().replace("'", "’") in self.text

    def split_pairs(self) -> list[tuple[str, str]]:
        """The words the extraction split ("fig ht"), as (first half, second half), lower case.

        A split leaves a fragment found nowhere else, so only the words seen once are looked at, with
        their neighbours: both halves stand nowhere else ("fig ht", "emp hasis"), or one is a fragment
        of one or two letters ("a nd", "th e", "capabilitie s"), and the join is a word of the
        document ("as set" out stays: "set" has three letters and "as" is common).
        """
        counts, raw, clean = self.counts, self._raw, self._clean
        singles = {t for t, w in clean.items() if w and counts[w] == 1}  # the word is seen once, so is its token
        where: dict[str, int] = {}
        for k, t in enumerate(raw):
            if t in singles:
                where[t] = k
        out: set[tuple[str, str]] = set()
        for t, k in where.items():
            tok = clean[t]
            j = k - 1
            while j >= 0 and not clean[raw[j]]:  # the word before (tokens that are no words skipped)
                j -= 1
            if j >= 0:
                a = clean[raw[j]]
                if (a + tok) in counts and (counts[a] <= 1 or len(tok) <= 2):
                    out.add((a, tok))
            j = k + 1
            while j < len(raw) and not clean[raw[j]]:
                j += 1
            if j < len(raw):
                b = clean[raw[j]]
                if (tok + b) in counts and (counts[b] <= 1 or len(tok) <= 2):
                    out.add((tok, b))
        return sorted(out)

    def camel_joins(self) -> set[tuple[str, str]]:
        """Lower-case words written without the hyphen the document gives them elsewhere
        ("secretarygeneral" beside "secretary-general"), found from its hyphenated compounds, as
        their two halves."""
        out: set[tuple[str, str]] = set()
        pieces = self.text.split("-")
        for left, right in zip(pieces, pieces[1:]):
            a = (left.rsplit(None, 1) or [""])[-1]  # "" when the piece is only white space ("- \n")
            b = (right.split(None, 1) or [""])[0]
            if a.isalpha() and b.isalpha() and (a + b) in self.counts:
                out.add((a, b))
        return out


def _token_word(t: str) -> str:
    """The word a white-space token is, or "" when it is none (a number, a point label "(d)", a
    compound "secretary-general")."""
    if t.isalpha():  # most tokens: nothing to strip
        return t
    if t[:1] == "(" and t[-1:] == ")" and len(t) <= 6:  # a label "(d)", "(iv)" is not a word
        return ""
    w = t.strip(_STRIP)
    if "’" in w:
        w = _word(w)
    return w if w.isalpha() else ""


def _word(token: str) -> str:
    """A white-space token as a word: punctuation stripped, a possessive's stem ("secretarygeneral’s")
    or an elided word's body ("d’ivoire", "l’organisation")."""
    token = token.strip(_STRIP)
    if "’" in token:
        head, _, tail = token.partition("’")
        token = head if tail in ("s", "") else tail
    return token


def repair_lines(lines: list[Line]) -> tuple[list[Line], list[tuple[int, str]]]:
    """The body's lines with words split or joined by the extraction repaired where the document
    itself proves it, and the repairs made (line number, what).

    Done on lines, before paragraphs are built, so footnote markers keep their places. The document
    is read once as one lower-case text; the few places to repair are found in it (``str.find``)
    and only their lines are touched.
    """
    # a layout's runs of spaces as one ("Pun        ish", "a            pproach"): only repaired lines are written back
    texts = [ln.text if "  " not in ln.stripped else " " * ln.indent + " ".join(ln.stripped.split()) for ln in lines]
    whole = "\n".join(texts)
    words = Words(whole)
    low = words.text
    if len(low) != len(whole):
        return lines, []  # lower-casing changed a length ("İ"): positions would not map back; nothing repaired
    starts = [0]
    for t in texts[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    repairs: list[tuple[int, str]] = []
    changed: dict[int, str] = {}

    def line_at(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    for a, b in words.split_pairs():
        needle = f"{a} {b}"
        left = min(words.counts[a], words.counts[b])  # the pair stands at most this often (one half is rare)
        i = low.find(needle)
        while i >= 0 and left:
            end = i + len(needle)
            before = low[i - 1] if i else " "
            after = low[end] if end < len(low) else " "
            if not (before.isalnum() or before in "-/") and not (after.isalnum() or after in "-/"):
                k = line_at(i)
                col = i - starts[k]
                text = changed.get(k, texts[k])
                if text[col:col + len(needle)].lower().replace("'", "’") == needle and text[col + len(a) + 1].islower():
                    repairs.append((lines[k].no, f"{text[col:col + len(a)]} {text[col + len(a) + 1:col + len(needle)]} → "
                                                 f"{text[col:col + len(a)]}{text[col + len(a) + 1:col + len(needle)]}"))
                    changed[k] = text[:col + len(a)] + "\x00" + text[col + len(a) + 1:]  # a mark: offsets stay put
                    left -= 1
            i = low.find(needle, end)
    for k in list(changed):
        changed[k] = changed[k].replace("\x00", "")
    touched: set[int] = set()
    for needle in (" -", "- ", " ,", " ."):
        i = low.find(needle)
        while i >= 0:
            touched.add(line_at(i))
            i = low.find(needle, i + 2)
    joins = words.camel_joins()
    for a, b in joins:
        i = low.find(a + b)
        while i >= 0:
            if whole[i + len(a)].isupper():  # "SecretaryGeneral", not "secretarygeneral"
                touched.add(line_at(i))
            i = low.find(a + b, i + len(a) + len(b))
    for k in sorted(touched):
        text = changed.get(k, texts[k])
        new = text
        if " -" in new or "- " in new:
            new = _SPACED_HYPHEN.sub(lambda m: _hyphen(m, words, repairs, lines[k].no), new)
        if joins:
            new = _CAMEL.sub(lambda m: _camel(m, words, repairs, lines[k].no), new)
        if " ," in new or " ." in new:
            fixed = _SPACE_BEFORE.sub("", new)
            if fixed != new:
                repairs.append((lines[k].no, " , → ,"))
                new = fixed
        changed[k] = new
    out = list(lines)
    for k, text in changed.items():
        if text != texts[k]:
            out[k] = Line(text, lines[k].no, lines[k].indent)
    return out, repairs


def _hyphen(m: re.Match[str], words: Words, repairs: list[tuple[int, str]], no: int) -> str:
    """"Al -Qaida" → "Al-Qaida" when the document writes "Al-Qaida" elsewhere."""
    text = m.string
    start, end = m.start(), m.end()
    left = re.search(r"\w+$", text[max(0, start - 30):start])
    right = re.match(r"\w+", text[end:end + 30])
    if left and right and words.has_phrase(f"{left.group(0)}-{right.group(0)}"):
        repairs.append((no, f"{left.group(0)} -{right.group(0)} → {left.group(0)}-{right.group(0)}"))
        return "-"
    return m.group(0)


def _camel(m: re.Match[str], words: Words, repairs: list[tuple[int, str]], no: int) -> str:
    """"SecretaryGeneral" → "Secretary-General" when the document writes the hyphen elsewhere."""
    hyphenated = f"{m.group(1)}-{m.group(2)}"
    if words.has_phrase(hyphenated):
        repairs.append((no, f"{m.group(0)} → {hyphenated}"))
        return hyphenated
    return m.group(0)


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
        words = _move_run(out, run, target)
        repairs.append((out[target].no, f"{words!r} printed after the page footer → end of line {out[target].no}"))
    return out, repairs


def _move_run(out: list[Line], run: list[int], target: int) -> str:
    """Append the words of the lines ``run`` to line ``target`` and blank them (line numbers kept);
    return the words moved."""
    words = " ".join(out[k].stripped for k in run)
    old = out[target]
    out[target] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
    for k in run:
        out[k] = Line("", out[k].no, 0)
    return words


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
    passed over), when its words read on in lower case as a sentence's do; anything else — a line
    exploded in its own order, a table header or heading of capitalised words — is left as it is. Returns the lines and the repairs made (line number, what).
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
        # the middle of a sentence's line reads on in lower case: a run of capitalised words ("Number",
        # "Name", "Justification", "Identifiers") is a table's header or a heading printed one word a line
        continues = sum(out[i].stripped[:1].islower() for i in run) * 2 >= len(run)
        if ends_item and continues and z > 0 and a >= 0 and out[z].stripped[-1:] in ";:." \
                and out[a].stripped[-1:] not in ";:.," and out[a].stripped:
            words = _move_run(out, run, a)
            repairs.append((out[a].no, f"{words!r}, a justified line's middle printed one word per line, back into line {out[a].no}"))
        k = run[-1] + 1
    return out, repairs


#: A token of letter-spaced text: one to three characters (a letter or two, a ligature "ff", "ti", a
#: letter with its punctuation "s,", "t’s").
_SPACED_TOKEN = re.compile(r"^[^\W\d_]{1,3}[,.;:’')”]?$|^[“(]?[^\W\d_]{1,2}$|^[,.;:’'()“”/-]$|^\d{1,2}[,.;:]?$|^[,.;:”’)]\d{1,3}$")
_LETTERS = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r" +")
#: Punctuation printed against the word before it, and against the word after it.
_CLOSE_PUNCT = ",.;:)”!?"
_OPEN_PUNCT = "(“"
_WORD_SIZE = 30


def language_words(language: Language) -> frozenset[str]:
    """The words of the language's data (opening phrases, adverbs, stop words, months), lower case:
    words ``restore_letter_spaced`` knows even when the document prints them only letter-spaced."""
    texts = (*language.preamble_phrases, *language.operative_phrases, *language.adverbs, *language.stopwords, *language.months)
    return frozenset(w.lower() for t in texts for w in _LETTERS.findall(t) if len(w) > 1)


def restore_letter_spaced(lines: list[Line], known: frozenset[str] = frozenset()) -> tuple[list[Line], list[tuple[int, str]]]:
    """Join text that the extraction letter-spaced (pypdf on some fonts: ``R e c o g n i z i n g  t h e``)
    or cut anywhere inside words (``t he provi si ons p e rt a i ni ng``).

    A run of at least six tokens of one to three characters holding three lone lower-case letters
    that are no word (``t``, ``h``, ``n``) is letter-spaced; a line holding two such letters
    elsewhere had its words cut. The letters are joined and cut into words again by the document's
    own words (its other lines): the cut with the fewest and most frequent words, preferring the
    wider gaps of the extraction. Letters that no word of the document covers stay as the
    extraction printed them (cut anywhere) or joined (letter-spaced), and the repair says so.
    ``known``: words of the language (``language_words``) counted once each. Returns the lines and
    the repairs made (line number, what).
    """
    runs: dict[int, list[tuple[int, int]]] = {}
    split: set[int] = set()  # lines whose words the extraction cut anywhere, not letter by letter
    for k, line in enumerate(lines):
        if line.stripped.count(" ") < 5 or _lone_letters(line.text) < 2:
            continue  # most lines: no lone letter, nothing to look at
        found = [(a, b) for a, b in _spaced_runs(line.text) if _lone_letters(line.text[a:b]) >= 3]
        covered = sum(len(line.text[a:b].replace(" ", "")) for a, b in found)
        if found and covered >= 0.9 * len(line.stripped.replace(" ", "")):
            runs[k] = found
        else:
            runs[k] = [(line.indent, len(line.text))]
            split.add(k)
    if not runs:
        return lines, []
    vocabulary = Counter(w.lower() for k, line in enumerate(lines) if k not in runs
                         for w in _LETTERS.findall(line.text) if len(w) > 1 or w in _ONE_LETTER_WORDS)
    vocabulary.update(known)
    out = list(lines)
    repairs: list[tuple[int, str]] = []
    for k, spans in runs.items():
        text = lines[k].text
        pieces: list[str] = []
        last = 0
        unknown: list[str] = []
        for a, b in spans:
            joined, missing = _rejoin(text[a:b], vocabulary, k in split)
            pieces.append(text[last:a])
            pieces.append(joined)
            unknown += missing
            last = b
        pieces.append(text[last:])
        new = "".join(pieces)
        if new.split() == text.split():
            continue
        out[k] = Line(new, lines[k].no, lines[k].indent)
        note = f" ({', '.join(unknown)}: no word of the document)" if unknown else ""
        repairs.append((lines[k].no, f"letter-spaced line joined: {' '.join(new.split())[:60]!r}{note}"))
    return out, repairs


def _spaced_runs(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` made of six or more short tokens in a row (candidate letter-spaced text)."""
    spans = []
    start = end = -1
    count = 0
    for m in re.finditer(r"\S+", text):
        if _SPACED_TOKEN.match(m.group(0)):
            if count == 0:
                start = m.start()
            end = m.end()
            count += 1
            continue
        if count >= 6:
            spans.append((start, end))
        count = 0
    if count >= 6:
        spans.append((start, end))
    return spans


#: Letters that stand alone as a word in the languages we read ("a", "à", "y", "o", "e", "u"; "I" is upper case).
_ONE_LETTER_WORDS = frozenset("aàyoeuóAÀIYOEUÓ" "авикосуяАВИКОСУЯ")  # Latin, then Cyrillic (Russian "и", "в", "с")


def _lone_letters(text: str) -> int:
    """How many tokens of ``text`` are one lower-case letter that is no word ("t", "h", "s"): letters the
    extraction cut out of words (a part "B" or a label "(b)" is none)."""
    return sum(1 for token in text.split() if len(token) == 1 and token.islower() and token not in _ONE_LETTER_WORDS)


def _rejoin(run: str, vocabulary: Counter[str], split: bool = False) -> tuple[str, list[str]]:
    """The letter-spaced ``run`` as words; and the letter groups no word of the document covers.
    ``split``: the run's words were cut anywhere, not letter by letter (see ``_segment``)."""
    chars: list[str] = []
    gaps: list[int] = []  # gaps[i]: the spaces printed before chars[i] (-1 inside a token)
    for m in re.finditer(r"(\s*)(\S+)", run):
        for n, c in enumerate(m.group(2)):
            chars.append(c)
            gaps.append(len(m.group(1)) if n == 0 else -1)
    # a gap is wide (2) when wider than most gaps of the run (the letters' own spacing, 1 to 3 spaces), else 1
    printed = sorted(g for g in gaps if g > 0)
    usual = printed[len(printed) // 2] if printed else 1
    gaps = [g if g <= 0 else 1 if g <= usual else 2 for g in gaps]
    out: list[str] = []
    missing: list[str] = []
    i = 0
    while i < len(chars):
        if chars[i].isalpha():
            j = i
            while j < len(chars) and chars[j].isalpha():
                j += 1
            words, unknown = _segment("".join(chars[i:j]), gaps[i:j], vocabulary, split)
            missing += unknown
            _emit(out, " ".join(words), gaps[i])
            i = j
        elif chars[i].isdigit():
            j = i
            while j < len(chars) and chars[j].isdigit():
                j += 1
            if gaps[i] < 0 and out:
                out.append("".join(chars[i:j]))  # printed against what precedes it: a note marker (",10")
            else:
                _emit(out, "".join(chars[i:j]), gaps[i])
            i = j
        else:
            c = chars[i]
            if c in _CLOSE_PUNCT or c in "’'-/" or not out:
                out.append(c)
            else:
                out.append(" " + c)
            i += 1
    return "".join(out).strip(), missing


def _emit(out: list[str], word: str, gap: int) -> None:
    """Add a word after what ``out`` holds: glued after an opening quote or bracket, an apostrophe or a
    hyphen, else after a space."""
    prev = out[-1][-1:] if out else ""
    if not out or prev in _OPEN_PUNCT or prev in "’'-/":
        out.append(word)
    else:
        out.append(" " + word)


def _pieces(low: str, start: int, end: int, cuts: list[int]) -> list[str]:
    """``low[start:end]`` cut at ``cuts``."""
    bounds = [start, *cuts, end]
    return [low[a:b] for a, b in zip(bounds, bounds[1:])]


def _segment(letters: str, gaps: list[int], vocabulary: Counter[str], split: bool = False) -> tuple[list[str], list[str]]:
    """Cut ``letters`` into words of ``vocabulary``: fewest and most frequent words first; a cut where
    the extraction printed a wide gap costs less, one inside a printed token more. Letters no word
    covers form one unknown word, at a high cost; when the extraction cut words anywhere (``split``)
    rather than letter by letter, an unknown word does not run over a printed space (two unknown
    words stay two)."""
    low = letters.lower()
    n = len(low)
    best: list[tuple[float, int, bool]] = [(0.0, 0, True)] + [(float("inf"), 0, False)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - _WORD_SIZE), end):
            if best[start][0] == float("inf"):
                continue
            word = low[start:end]
            count = vocabulary.get(word, 0)
            cost = 1.0 + 1.0 / (1 + count) if count else 5.0 + 0.2 * (end - start) + (6.0 if end - start == 1 else 0.0)
            if split:
                inner = [k for k in range(start + 1, end) if gaps[k] >= 1]
                if not count:
                    cost += 6.0 * len(inner)
                elif inner and all(vocabulary.get(p) for p in _pieces(low, start, end, inner)):
                    cost += 2.0 * len(inner)  # printed as words of their own ("in to", "any one"): a real space, likely
            g = gaps[start] if start else 2
            cost += -0.5 if g >= 2 else 0.5 if g == 1 else 5.0
            cost += 6.0 * sum(1 for k in range(start + 1, end) if gaps[k] >= 2)  # a word printed across a wide gap
            total = best[start][0] + cost
            if total < best[end][0]:
                best[end] = (total, start, bool(count))
    words: list[str] = []
    unknown: list[str] = []
    end = n
    while end > 0:
        _, start, known = best[end]
        words.append(letters[start:end])
        if not known:
            unknown.append(letters[start:end])
        end = start
    return words[::-1], unknown[::-1]


def place_displaced(lines: list[Line], language: Language) -> tuple[list[Line], list[tuple[int, str]]]:
    """Put back the pieces of a justified line that an extraction printed after the paragraph (pdfminer
    breaks a line with wide gaps into boxes and may print some boxes later, each between blank lines).

    A run of one to four short lower-case pieces (four words or fewer, no closing punctuation), each
    between blank lines, standing after a paragraph's closing line (``,`` or ``;``) and before a line
    that opens a paragraph, is words of that paragraph: left there, they would hide its end and glue
    the next paragraph to it. They go back after the paragraph's short line that a lower-case line
    continues (where the box was cut out), the one whose neighbours the document's own text best
    joins to them, the first on a tie; with no such line, before the closing line. A guess: each is
    reported (``text-out-of-order``). Returns the lines and what was moved (line number, what).
    """
    out = list(lines)
    moved: list[tuple[int, str]] = []
    n = len(out)
    k = 0
    text: str | None = None
    width = 0.0
    while k < n:
        if not _piece(out, k, language):
            k += 1
            continue
        run = [k]
        j = k + 2
        while j < n and len(run) < 6 and out[j - 1].blank and _piece(out, j, language):
            run.append(j)
            j += 2
        nxt = next((i for i in range(run[-1] + 1, n) if out[i].stripped), None)
        prev = next((i for i in range(k - 1, -1, -1) if out[i].stripped), None)
        if nxt is None or prev is None or _end_mark(out[prev].stripped) not in ",;":
            k = run[-1] + 1
            continue
        phrase = [i for i in run if out[i].stripped[0].isupper()]
        if len(phrase) == 1 and not _opens(out[nxt].stripped, language):
            # the next paragraph's first line broken into boxes, its opening phrase among them: put it first
            p = phrase[0]
            order = [p] + [i for i in run if i != p]
            texts = [out[i] for i in order]
            for i, line in zip(run, texts):
                out[i] = Line(line.text, out[i].no, out[i].indent)
            moved.append((out[run[0]].no, f"{' '.join(t.stripped for t in texts)!r}: the boxes of a paragraph's first line, "
                                          "printed out of order; its opening phrase put first, the other words as printed"))
            k = run[-1] + 1
            continue
        if phrase or not _opens(out[nxt].stripped, language):
            k = run[-1] + 1
            continue
        if text is None:
            text = " ".join(" ".join(ln.stripped.lower() for ln in lines).split())  # runs of spaces as one
            width = float(median(len(ln.stripped) for ln in lines if ln.stripped))
        words = " ".join(out[i].stripped for i in run)
        above = [i for i in range(max(0, prev - 14), prev + 1) if out[i].stripped]
        below = _paragraph_from(out, nxt)
        up, down = _displaced_target(out, above, words, text, width), _displaced_target(out, below, words, text, width)
        for i in run:
            out[i] = Line("", out[i].no, 0)
        if down is not None and (up is None or down[0] > up[0]):  # pdfminer may print them before their paragraph too
            old = out[down[1]]
            out[down[1]] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
            moved.append((old.no, f"{words!r}, printed before its paragraph, put back after line {old.no}"))
        elif up is not None:
            old = out[up[1]]
            out[up[1]] = Line(f"{old.text.rstrip()} {words}", old.no, old.indent)
            moved.append((old.no, f"{words!r}, printed after its paragraph, put back after line {old.no}"))
        else:  # before the closing line: the paragraph keeps its end
            old = out[prev]
            out[prev] = Line(f"{words} {old.text.lstrip()}", old.no, old.indent)
            moved.append((old.no, f"{words!r}, printed after its paragraph, put before its last line {old.no}"))
        k = run[-1] + 1
    return out, moved


def _end_mark(s: str) -> str:
    """The punctuation that ends a line, past a footnote marker ("persons,23", "persons,\ue00023\ue001") and closing quotes."""
    if SENTINEL_OPEN in s:
        s = s[: s.rfind(SENTINEL_OPEN)] if s.endswith(SENTINEL_CLOSE) else s
    return s.rstrip("0123456789 ”’\")")[-1:]


def _paragraph_from(lines: list[Line], start: int) -> list[int]:
    """The non-blank lines of the paragraph opening at ``start``, to the first that closes it (at most 14)."""
    out: list[int] = []
    for i in range(start, min(len(lines), start + 40)):
        if not lines[i].stripped:
            continue
        out.append(i)
        if len(out) >= 14 or (len(out) > 1 and _end_mark(lines[i].stripped) in ",;."):
            break
    return out


def stray_pieces(lines: list[Line], language: Language) -> tuple[int, str] | None:
    """Pieces of lines (``_piece``) still standing inside a paragraph once every repair is made, where a
    full line was expected: the line before them does not close, and they are much shorter than the
    text's lines (a paragraph's last line closes; the seed's blank lines stand between full lines).
    Their words may be out of order (pdfminer): the line of the first and what to say, or None."""
    widths = [len(ln.stripped) for ln in lines if len(ln.stripped) > 40]
    if len(widths) < 10:
        return None
    width = median(widths)
    out = []
    for k, line in enumerate(lines):
        s = line.stripped
        if s and len(s) < 0.5 * width and _piece(lines, k, language) and s[0].islower():
            prev = next((i for i in range(k - 1, -1, -1) if lines[i].stripped), None)
            if prev is not None and lines[prev].stripped[-1:] not in ".;:":
                out.append(k)
    if not out:
        return None
    return lines[out[0]].no, (f"{len(out)} piece(s) of lines printed apart between blank lines, left where they stand, "
                              f"their words perhaps out of order: {'; '.join(repr(lines[i].stripped) for i in out[:3])}")


def _piece(lines: list[Line], k: int, language: Language) -> bool:
    """A displaced box: a short line in lower case (or "(2001)", "1373", or an opening phrase alone:
    "Convinced") without closing punctuation, between blank lines."""
    s = lines[k].stripped
    if not s or len(s) > 60 or len(s.split()) > 8 or not (0 < k < len(lines) - 1 and lines[k - 1].blank and lines[k + 1].blank):
        return False
    if s[0].isupper():
        return language.preamble_phrase(s) == s.rstrip(",")
    return (s[0].islower() or s[0] in "(“" or s[0].isdigit()) and s[-1] not in ",;:." and not _opens(s, language)


def _opens(s: str, language: Language) -> bool:
    """Does the line open a paragraph (an opening phrase, an operative number, a point label)?"""
    return bool(language.preamble_phrase(s) or language.operative_phrase_known(s) or re.match(r"^\d{1,3}\.\s|^\(?[a-z]{1,2}\)\s", s))


def _displaced_target(lines: list[Line], body: list[int], words: str, text: str, width: float) -> tuple[int, int] | None:
    """The short line among ``body`` (a paragraph's lines) that a lower-case line continues and after which
    ``words`` read best (how often the document writes the word pairs of both joins), with that
    count, or None. ``width``: the text's usual line length."""
    if len(body) < 2:
        return None
    first, final = words.split()[0].lower(), words.split()[-1].lower()
    best: tuple[int, int] | None = None
    for a, b in zip(body, body[1:]):
        s, following = lines[a].stripped, lines[b].stripped
        if len(s) >= 0.75 * width or not following[:1].islower():
            continue
        left = s.split()[-1].lower().strip(",;")
        right = following.split()[0].lower()
        score = text.count(f" {left} {first} ") + text.count(f" {final} {right} ")
        if best is None or score > best[0]:
            best = (score, a)
    return best


def squeeze_spaces(lines: list[Line]) -> list[Line]:
    """The lines with each run of spaces inside them as one space, indentation kept: once every repair
    that reads a layout's gaps is made, the later stages read words ("26th   plenary    meeting" of
    ``pdftotext -layout -fixed`` is the closing meeting line)."""
    return [ln if "  " not in ln.stripped else Line(" " * ln.indent + " ".join(ln.stripped.split()), ln.no, ln.indent)
            for ln in lines]

