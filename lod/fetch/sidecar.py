"""Catalogue metadata stored beside fetched documents, and its use in a build.

``lod fetch`` writes, for each symbol, the documents and one sidecar::

    DIR/A_RES_74_176-FR.pdf
    DIR/A_RES_74_176-EN.pdf
    DIR/A_RES_74_176.meta.json

``load_sidecar_metadata(path)`` finds the sidecar of a document (``path`` may
be the document, any ``<stem>-<LANG>.<ext>`` or ``<stem>.<ext>`` beside it,
or the ``.meta.json`` itself) and returns its JSON as a dict, or None.
``apply_sidecar(resolution, meta)`` returns the resolution with what the text
lacks filled from the catalogue: the adoption date, the title in the
resolution's language, the symbol.

A sidecar is read like any input: each value it gives is checked and cleaned before use
(``catalogue_text``): one line of printable text, or it is ignored with a ``catalogue-value``
warning naming the file and the field.

>>> from lod.model import Resolution, SourceInfo
>>> r = Resolution("A/RES/74/176", "fr", "resolution", None, None, (), (), (), SourceInfo(None, "", 0))
>>> apply_sidecar(r, {"symbol": "A/RES/74/176", "adoption_date": "2019-12-18",
...                   "titles": {"fr": "Traite des femmes et des filles"}}).adoption_date
datetime.date(2019, 12, 18)
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from datetime import date
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lod.model import ParseWarning, Resolution

__all__ = ["SIDECAR_SUFFIX", "apply_sidecar", "apply_sidecar_to", "catalogue_text", "load_sidecar_metadata", "sidecar_for",
           "sidecar_path"]

SIDECAR_SUFFIX = ".meta.json"
_LANG_TAIL = re.compile(r"-(AR|ZH|EN|FR|RU|ES|DE)$", re.IGNORECASE)
#: Unicode categories dropped from a catalogue value: controls, format characters (soft hyphen, zero
#: widths, BOM, bidirectional marks), private use (the parser's note sentinels among them), unassigned
#: code points and noncharacters.
_DROPPED = frozenset({"Cc", "Cf", "Co", "Cn"})


def sidecar_path(path: str | Path) -> Path:
    """The sidecar that belongs to ``path``: ``A_RES_74_176-FR.pdf`` → ``A_RES_74_176.meta.json``.

    >>> sidecar_path("out/A_RES_74_176-FR.pdf").as_posix()
    'out/A_RES_74_176.meta.json'
    """
    p = Path(path)
    if p.name.endswith(SIDECAR_SUFFIX):
        return p
    stem = p.name.split(".", 1)[0] if not p.suffix else p.stem
    return p.with_name(_LANG_TAIL.sub("", stem) + SIDECAR_SUFFIX)


def load_sidecar_metadata(path: str | Path) -> dict[str, Any] | None:
    """The sidecar metadata of ``path`` as a dict, or None if there is none or it is unreadable."""
    meta = sidecar_path(path)
    try:
        data = json.loads(meta.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def catalogue_text(value: object) -> tuple[str | None, str]:
    """A catalogue value as one line of text: ``(text, "")``, or ``(None, what was found instead)``.

    NFC; every run of white space (line ends, tabs, no-break spaces, U+2028…) one space, none at
    either end; controls, format characters (soft hyphen, zero widths, BOM), private-use characters
    and noncharacters dropped. Refused: a value that is not a string, holds a lone surrogate (JSON's
    ``"\\ud800"``, which no UTF-8 file can hold), or is empty once cleaned.

    >>> catalogue_text(" Traite\\r\\n des\\u00a0femmes\\x00\\ufeff\\ue000 ")
    ('Traite des femmes', '')
    >>> catalogue_text("   "), catalogue_text(5), catalogue_text("a \\ud800 b")[1]
    ((None, 'only white space'), (None, 'a number (5)'), "a lone surrogate in 'a \\\\ud800 b'")
    """
    if not isinstance(value, str):
        return None, _kind(value)
    if not value.strip():
        return None, "only white space" if value else "an empty string"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None, f"a lone surrogate in {_excerpt(value)}"
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text.isprintable():
        text = " ".join("".join(c for c in text if unicodedata.category(c) not in _DROPPED).split())
    if not text:
        return None, f"no printable character in {_excerpt(value)}"
    return text, ""


def _kind(value: object) -> str:
    """What a JSON value that is not a string is, for a warning."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _excerpt(text: str, limit: int = 60) -> str:
    """``text`` quoted for a warning, what is not ASCII escaped (``\\ud800``), cut at ``limit``."""
    shown = text.encode("ascii", "backslashreplace").decode("ascii")
    return "'" + (shown if len(shown) <= limit else shown[:limit] + "...") + "'"


def apply_sidecar(resolution: Resolution, meta: dict[str, Any] | None, *, sidecar: str = "sidecar") -> Resolution:
    """Fill the adoption date, title and symbol of ``resolution`` from ``meta`` (the JSON of the
    file named ``sidecar``, for warnings).

    What the text says wins, except that a date disagreeing with the catalogue
    is kept and reported as a ``catalogue-date`` warning. A sidecar about
    another symbol is ignored with a ``catalogue-symbol`` warning. A value that is
    not usable (``catalogue_text``; a date that is not ``YYYY-MM-DD``) is ignored
    with a ``catalogue-value`` warning.

    >>> from lod.model import SourceInfo
    >>> r = Resolution("A/RES/74/176", "fr", "resolution", None, None, (), (), (), SourceInfo(None, "", 0))
    >>> [w.message for w in apply_sidecar(r, {"titles": {"fr": 5}}, sidecar="A_RES_74_176.meta.json").warnings]
    ['A_RES_74_176.meta.json: titles.fr: expected a title, found a number (5); ignored']
    """
    if not meta:
        return resolution
    changes: dict[str, Any] = {}
    warnings = list(resolution.warnings)

    def usable(value: object, field: str, expected: str) -> str | None:
        text, found = catalogue_text(value) if value is not None else (None, "")
        if found:
            warnings.append(ParseWarning("catalogue-value", f"{sidecar}: {field}: expected {expected}, found {found}; ignored"))
        return text

    meta_symbol = usable(meta.get("symbol"), "symbol", "a document symbol")
    if resolution.symbol and meta_symbol and _key(resolution.symbol) != _key(meta_symbol):
        warnings.append(ParseWarning("catalogue-symbol", f"sidecar is about {meta_symbol}, not {resolution.symbol}; ignored"))
        return dataclasses.replace(resolution, warnings=tuple(warnings))
    if resolution.symbol is None and meta_symbol:
        changes["symbol"] = meta_symbol
    raw_date = meta.get("adoption_date")
    adopted = _date(raw_date)
    if raw_date is not None and adopted is None:
        found = _excerpt(raw_date) if isinstance(raw_date, str) else _kind(raw_date)
        warnings.append(ParseWarning("catalogue-value", f"{sidecar}: adoption_date: expected a date YYYY-MM-DD, "
                                                        f"found {found}; ignored"))
    if adopted is not None:
        if resolution.adoption_date is None:
            changes["adoption_date"] = adopted
        elif resolution.adoption_date != adopted:
            warnings.append(ParseWarning("catalogue-date", f"text says adopted {resolution.adoption_date}, catalogue says {adopted}; kept the text's"))
    titles = meta.get("titles")
    if titles is not None and not isinstance(titles, dict):
        warnings.append(ParseWarning("catalogue-value", f"{sidecar}: titles: expected an object of titles by language, "
                                                        f"found {_kind(titles)}; ignored"))
    elif titles and not resolution.title:
        title = usable(titles.get(resolution.language), f"titles.{resolution.language}", "a title")
        if title:
            changes["title"] = title  # the text's title was not read: its warning no longer holds
            warnings = [w for w in warnings if w.code != "title-unread"]
    if warnings != list(resolution.warnings):
        changes["warnings"] = tuple(warnings)
    return dataclasses.replace(resolution, **changes) if changes else resolution


def _key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def sidecar_for(meta: dict[str, Any] | None, resolution: Resolution, *, sole: bool) -> dict[str, Any] | None:
    """The catalogue sidecar ``lod fetch`` wrote beside a source, for one of its documents.

    A sidecar describes one document: when the source holds only ``resolution`` (``sole``) it applies
    (``apply_sidecar`` reports a symbol that disagrees); on a page holding several documents, only to
    the one it names.
    """
    if sole or not meta:
        return meta
    symbol = catalogue_text(meta.get("symbol"))[0]
    if symbol and resolution.symbol and _squeeze(symbol) == _squeeze(resolution.symbol):
        return meta
    return None


def apply_sidecar_to(documents: Sequence[Resolution], meta: dict[str, Any] | None, *,
                     sidecar: str = "sidecar") -> list[Resolution]:
    """``documents`` of one source with its sidecar applied where it belongs (``sidecar_for``)."""
    return [apply_sidecar(r, sidecar_for(meta, r, sole=len(documents) == 1), sidecar=sidecar) for r in documents]


def _squeeze(symbol: str) -> str:
    return "".join(symbol.split()).upper()
