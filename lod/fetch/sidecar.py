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
from datetime import date
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lod.model import ParseWarning, Resolution

__all__ = ["SIDECAR_SUFFIX", "apply_sidecar", "apply_sidecar_to", "load_sidecar_metadata", "sidecar_for", "sidecar_path"]

SIDECAR_SUFFIX = ".meta.json"
_LANG_TAIL = re.compile(r"-(AR|ZH|EN|FR|RU|ES|DE)$", re.IGNORECASE)


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


def apply_sidecar(resolution: Resolution, meta: dict[str, Any] | None) -> Resolution:
    """Fill the adoption date, title and symbol of ``resolution`` from ``meta``.

    What the text says wins, except that a date disagreeing with the catalogue
    is kept and reported as a ``catalogue-date`` warning. A sidecar about
    another symbol is ignored with a ``catalogue-symbol`` warning.
    """
    if not meta:
        return resolution
    changes: dict[str, Any] = {}
    warnings = list(resolution.warnings)
    meta_symbol = meta.get("symbol")
    if resolution.symbol and meta_symbol and _key(resolution.symbol) != _key(meta_symbol):
        warnings.append(ParseWarning("catalogue-symbol", f"sidecar is about {meta_symbol}, not {resolution.symbol}; ignored"))
        return dataclasses.replace(resolution, warnings=tuple(warnings))
    if resolution.symbol is None and meta_symbol:
        changes["symbol"] = meta_symbol
    adopted = _date(meta.get("adoption_date"))
    if adopted is not None:
        if resolution.adoption_date is None:
            changes["adoption_date"] = adopted
        elif resolution.adoption_date != adopted:
            warnings.append(ParseWarning("catalogue-date", f"text says adopted {resolution.adoption_date}, catalogue says {adopted}; kept the text's"))
    titles = meta.get("titles") or {}
    title = titles.get(resolution.language) if isinstance(titles, dict) else None
    if title and not resolution.title:
        changes["title"] = title
    if warnings != list(resolution.warnings):
        changes["warnings"] = tuple(warnings)
    return dataclasses.replace(resolution, **changes) if changes else resolution


def _key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _date(value: object) -> date | None:
    if not isinstance(value, str):
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
    symbol = meta.get("symbol")
    if isinstance(symbol, str) and resolution.symbol and _squeeze(symbol) == _squeeze(resolution.symbol):
        return meta
    return None


def apply_sidecar_to(documents: Sequence[Resolution], meta: dict[str, Any] | None) -> list[Resolution]:
    """``documents`` of one source with its sidecar applied where it belongs (``sidecar_for``)."""
    return [apply_sidecar(r, sidecar_for(meta, r, sole=len(documents) == 1)) for r in documents]


def _squeeze(symbol: str) -> str:
    return "".join(symbol.split()).upper()
