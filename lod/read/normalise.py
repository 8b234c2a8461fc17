"""Stage 1: raw text → numbered lines, front matter split off.

``normalise(text)`` guarantees to the next stage:

1. Unicode NFC; no ``\\r``, no soft hyphens, no zero-width characters, no BOM;
   no-break and other spaces are plain spaces; tabs become spaces; every character ``str.splitlines``
   ends a line at (``\\r``, ``\\f``, VT, U+001C–U+001E, NEL, U+2028, U+2029) ends one, so that no
   character but the space and the line end is white space to ``str.split`` or ``str.strip`` (later
   stages split words and lines with them);
2. nothing a reader would refuse or a later stage would misread: control characters (but the line
   ends) and noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …) are dropped, a lone surrogate becomes
   U+FFFD (rapper refuses ``\\uFFFE`` in a dump; UTF-8 cannot write a surrogate);
3. no trailing white space on any line, leading indentation kept (it is a signal);
4. a YAML front matter block (``---`` … ``---``) is removed and returned as a dict;
5. Markdown emphasis and heading marks are removed, and plain-text italics (``_Recalling_``);
6. every line keeps its 1-based number in the original text (its lines as ``str.splitlines`` counts them).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Line", "NOTE_SENTINEL", "normalise", "SENTINEL_OPEN", "SENTINEL_CLOSE"]

#: Private-use characters that wrap a footnote marker inside body text until the
#: structure stage turns them into ``NoteRef`` offsets. Removed from any input.
SENTINEL_OPEN = "\ue000"
SENTINEL_CLOSE = "\ue001"
#: A footnote marker put in sentinels by ``lod.read.segment``; the marker is group 1.
NOTE_SENTINEL = re.compile(f"{SENTINEL_OPEN}([^{SENTINEL_CLOSE}]*){SENTINEL_CLOSE}")

#: Characters that become a plain space, and characters removed (the sentinels among them).
_SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\t\x1f\u1680"
#: Line ends besides ``\\n``, ``\\r`` and ``\\f`` (the ones ``str.splitlines`` knows): VT (Word's manual line
#: break), the file, group and record separators, NEL, LINE and PARAGRAPH SEPARATOR.
_LINE_ENDS = "\x0b\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + SENTINEL_OPEN + SENTINEL_CLOSE
#: Noncharacters (Unicode §23.7): U+FDD0–U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}"
                                            for plane in range(17))
#: Dropped from a line: C0 and C1 controls that are not spaces or line ends (those are gone by then), DEL,
#: noncharacters. Searched only in a line ``str.isprintable`` flags (one C pass; a character class with
#: astral ranges costs ≈30 ns a character).
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_NONCHARACTERS}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # escapes for re: mypyc compiles no surrogate in a string literal
_MD_NOTE = re.compile(r"^\[\^(\d{1,3})\]:\s*")
_MD = re.compile(r"^#{1,6}\s+|\*\*(?=\S)|(?<=\S)\*\*")
#: Plain-text italics, as e-mail and Usenet copies print them: "_Reaffirming_ its resolutions", "_The Security
#: Council_," (never a rule of underscores, nor a word joined by them: "A_RES_78_69").
_UNDERSCORED = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])")


class Line:
    """One line of input: ``text`` without trailing space, ``indent`` in spaces, ``no`` 1-based.

    Immutable by convention; ``stripped`` and ``blank`` are computed once (a hot path:
    every stage looks at every line several times).
    """

    __slots__ = ("text", "no", "indent", "stripped", "blank")

    def __init__(self, text: str, no: int, indent: int) -> None:
        self.text = text
        self.no = no
        self.indent = indent
        self.stripped = text.strip()
        self.blank = not self.stripped

    def __repr__(self) -> str:
        return f"Line(text={self.text!r}, no={self.no}, indent={self.indent})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and (self.text, self.no, self.indent) == (other.text, other.no, other.indent)

    def __hash__(self) -> int:
        return hash((self.text, self.no, self.indent))


def normalise(text: str) -> tuple[list[Line], dict[str, str]]:
    """Split ``text`` into normalised ``Line``s; return them and the front matter.

    >>> lines, meta = normalise("---\\nsymbol: A/RES/1\\n---\\n  Hello\\u00a0world \\r\\n")
    >>> meta, [(l.text, l.no, l.indent) for l in lines]
    ({'symbol': 'A/RES/1'}, [('  Hello world', 4, 2), ('', 5, 0)])
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _replace_each(text, _LINE_ENDS, "\n")
    text = _delete_each(text, _INVISIBLE)
    text = _replace_each(text, _SPACES, " ")
    raw = text.split("\n")
    if not all(map(str.isprintable, raw)):  # most texts: every line printable, nothing more to do
        raw = [t if t.isprintable() else _printable(t) for t in raw]
    meta: dict[str, str] = {}
    start = 0
    if raw and raw[0].strip() == "---":
        for i in range(1, min(len(raw), 60)):
            if raw[i].strip() == "---":
                for entry in raw[1:i]:
                    key, sep, value = entry.partition(":")
                    if sep:
                        meta[key.strip()] = value.strip().strip('"').strip("'")
                start = i + 1
                break
    texts = list(map(str.rstrip, raw[start:]))
    if "**" in text or "#" in text or "[^" in text or ("_" in text and _italics(text)):
        texts = _unmark(texts)
    return [Line(t, no, len(t) - len(t.lstrip(" "))) for no, t in enumerate(texts, start + 1)], meta


def _italics(text: str) -> bool:
    """Does ``text`` hold plain-text italics ("_Recalling_")? A word must follow an underscore first (a footnote
    rule of underscores alone does not send the whole text through the regex)."""
    return any(piece[:1].isalpha() for piece in text.split("_")[1:]) and _UNDERSCORED.search(text) is not None


def _printable(line: str) -> str:
    """``line`` without controls and noncharacters, a lone surrogate as U+FFFD.

    >>> _printable("a\\x00b\\x7f\\x9fc\\ufffe\\U0010ffffd\\ud800e\\ue123")
    'abcd\ufffde\\ue123'
    """
    line = _UNPRINTABLE.sub("", line)
    return _SURROGATE.sub("\ufffd", line) if _SURROGATE.search(line) else line


def _replace_each(text: str, chars: str, new: str) -> str:
    """``text`` with each of ``chars`` replaced by ``new`` (str.replace per character: faster than a
    regex character class over non-ASCII text)."""
    for c in chars:
        text = text.replace(c, new)
    return text


def _delete_each(text: str, chars: str) -> str:
    """``text`` without any of ``chars``. Tested with ``in`` first: deleting (unlike replacing by one
    character) counts the occurrences before looking for them, a slower scan, and these are rare."""
    for c in chars:
        if c in text:
            text = text.replace(c, "")
    return text


def _unmark(texts: list[str]) -> list[str]:
    """Markdown lines → plain ones: emphasis and heading marks dropped, notes ("[^3]: text") as
    numbered lines after a rule."""
    out = []
    for i, t in enumerate(texts):
        if "**" in t or t.startswith("#"):
            t = _MD.sub("", t)
        if "_" in t:
            t = _UNDERSCORED.sub(r"\1", t)
        if t.startswith("[^"):
            # Markdown footnote definitions ("[^3]: text") after a rule ("---") read as a footnote block.
            t = _MD_NOTE.sub(r"\1  ", t)
        elif t.strip() == "---" and any(_MD_NOTE.match(r) for r in texts[i + 1:i + 4]):
            t = "__________"
        out.append(t)
    return out
