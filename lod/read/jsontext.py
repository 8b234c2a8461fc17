"""A resolution's text kept in JSON (a data set's record, a viewer's list of paragraphs) as plain text.

Data sets publish resolutions as JSON Lines records (Hugging Face's UN corpora: ``{"symbol": "S/RES/1(1946)",
…, "english_text_best": "MILITARY STAFF COMMITTEE\\n\\n1 (1946) …"}``), and dataset viewers print a text as
a JSON array of its paragraphs (``[ "Resolución aprobada por …", "La Asamblea General,", … ]``). Read as
text, the first is one line of escapes and the second one line of quoted strings: the parser finds no
formula. ``unwrap_json`` gives the text as the record holds it:

* a file that is one JSON object (or a JSON Lines file of one record): its text field (the string value
  whose key names a text, else the longest string holding line ends), its ``symbol`` as front matter;
  a record cut short (a page that shows only its beginning) is read as far as it goes;
* a line that is a JSON array of strings: one line per string, a blank line between;
* a JSON Lines file of several records: ``SourceError`` (each record is a document of its own: one file each).

>>> text, warnings = unwrap_json('{"symbol": "S/RES/1(1946)", "text": "The Security Council,\\\\n1. Decides"}')
>>> print(text)
---
symbol: S/RES/1 (1946)
---
The Security Council,
1. Decides
>>> warnings[0].code
'json-text'
>>> print(unwrap_json('viewer\\n[ "La Asamblea General,", "Recordando \\\\"x\\\\",", "1. Decide" ]')[0])
viewer
La Asamblea General,
<BLANKLINE>
Recordando "x",
<BLANKLINE>
1. Decide
"""

from __future__ import annotations

import json
import re

from lod.errors import SourceError
from lod.model import ParseWarning

__all__ = ["unwrap_json"]

#: A JSON string literal (its escapes kept), and one followed by a comma or the array's end.
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_PAIR = re.compile(rf'({_STRING})\s*:\s*({_STRING})')
_ARRAY_LINE = re.compile(rf'^\s*\[\s*{_STRING}\s*(?:,\s*{_STRING}\s*)+(?:\]\s*)?,?\s*$|^\s*\[\s*{_STRING}\s*(?:,\s*{_STRING}\s*)+,\s*"')
_ITEM = re.compile(_STRING)
#: A text field whose string the cut left open: key and what there is of the value.
_CUT_TEXT = re.compile(r'("[^"\n]*text[^"\n]*")\s*:\s*"((?:[^"\\\n]|\\.)*)\\?$', re.IGNORECASE)
#: The symbol as a record writes it, year glued to the number: "S/RES/1(1946)".
_GLUED_YEAR = re.compile(r"(?<=\d)\((\d{4})\)$")


def unwrap_json(text: str, *, source: str | None = None) -> tuple[str, tuple[ParseWarning, ...]]:
    """``text`` with a JSON record or array read as the text it holds; unchanged when it holds none.

    Raises:
        SourceError: several JSON records (one document each: a file each).
    """
    head = text.lstrip()
    if head.startswith("{"):
        return _record(head, source)
    if '", "' not in text and '","' not in text:
        return text, ()
    lines = text.split("\n")
    out: list[str] = []
    found = 0
    for line in lines:
        if _ARRAY_LINE.match(line):
            items = [_decode(m.group(0)) for m in _ITEM.finditer(line)]
            out.append("\n\n".join(item.strip() for item in items))
            found += 1
        else:
            out.append(line)
    if not found:
        return text, ()
    return "\n".join(out), (ParseWarning("json-text", f"{found} line(s) held a JSON array of strings (a data set "
                                         "viewer's paragraphs): each string read as a paragraph", 1),)


def _record(head: str, source: str | None) -> tuple[str, tuple[ParseWarning, ...]]:
    """The text of one JSON record (a whole object, a JSON Lines file of one, or one cut short)."""
    records = [line for line in head.split("\n") if line.strip()]
    if len(records) > 1 and all(r.lstrip().startswith("{") for r in records[:3]):
        raise SourceError(f"a JSON Lines file of {len(records)} records: expected one resolution a file "
                          "(split the records into one file each)", source=source, line=2)
    try:
        obj = json.loads(head)
        pairs = [(k, v) for k, v in obj.items() if isinstance(v, str)] if isinstance(obj, dict) else []
        cut = False
    except ValueError:  # a record cut short: its complete "key": "value" pairs, and a text field cut inside
        pairs = [(_decode(k), _decode(v)) for k, v in _PAIR.findall(head)]
        tail = _CUT_TEXT.search(head)
        if tail and not any("text" in k.lower() for k, _ in pairs):
            pairs.append((_decode(tail.group(1)), _decode('"' + tail.group(2).rstrip("\\") + '"')))
        cut = True
    if not pairs:
        return head, ()
    named = [(k, v) for k, v in pairs if "text" in k.lower() and v.strip()]
    key, body = max(named or pairs, key=lambda kv: (kv[1].count("\n") > 2 or bool(named), len(kv[1])))
    if body.count("\n") < 2 and not named:
        return head, ()
    symbol = _GLUED_YEAR.sub(r" (\1)", dict(pairs).get("symbol", "").strip())
    front = f"---\nsymbol: {symbol}\n---\n" if symbol else ""
    what = "a JSON record cut short" if cut else "a JSON record"
    return front + body, (ParseWarning("json-text", f"the file is {what}: its field {key!r} read as the text"
                                       + (", its 'symbol' as the symbol" if symbol else ""), 1),)


def _decode(literal: str) -> str:
    """A JSON string literal's value (a broken escape left as written)."""
    try:
        value = json.loads(literal)
        return value if isinstance(value, str) else literal
    except ValueError:
        return literal.strip('"')
