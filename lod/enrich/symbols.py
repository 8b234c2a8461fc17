"""UN document symbols: parse, normalise, and build them from cited numbers.

A resolution is usually cited by its *number* ("74/176", "2331 (2016)",
"2751 (XXVI)", "217 A (III)", "2013/41", "sa résolution 5/2") and the body
that adopted it. This module turns (number, body, kind) into one normalised
symbol, and reads full symbols written in texts ("A/RES/74/176",
"CTOC/COP/2020/L.6/Rev.1", "E/CN.15/2019/L.3").

Symbol forms we produce (the normal forms):

* General Assembly: ``A/RES/74/176``; before the 31st session ``A/RES/2751 (XXVI)``
  and lettered ``A/RES/217 A (III)``; special sessions ``A/RES/S-26/2``,
  emergency special sessions ``A/RES/ES-10/19``; decisions ``A/DEC/74/543``.
* Security Council: ``S/RES/2331 (2016)``; presidential statements ``S/PRST/2015/25``.
* ECOSOC: ``E/RES/2013/41``, ``E/DEC/2019/201``.
* Human Rights Council: ``A/HRC/RES/5/1``, ``A/HRC/DEC/...``.
* Bodies whose resolutions have *no official symbol series* (functional
  commissions, Conferences of the Parties) get a **constructed** symbol made
  of the body's document-series prefix + ``RES``/``DEC`` + number:
  ``E/CN.15/RES/20/3`` (CCPCJ), ``E/CN.7/RES/62/1`` (CND), ``E/CN.6/RES/60/2``
  (CSW), ``CTOC/COP/RES/5/2``, ``CTOC/COP/DEC/4/4`` (UNTOC COP),
  ``CAC/COSP/RES/8/1`` (UNCAC COSP). :func:`is_constructed` tells them apart
  so that no undocs.org link is promised for them.

>>> resolution_symbol("74/176", "un-ga")
'A/RES/74/176'
>>> resolution_symbol("2331  (2016)", "un-sc")
'S/RES/2331 (2016)'
>>> resolution_symbol("5/2", "un-ctoc-cop")
'CTOC/COP/RES/5/2'
>>> resolution_symbol("4/4", "un-ctoc-cop", kind="decision")
'CTOC/COP/DEC/4/4'
>>> normalise_symbol("A/RES/ 74/176")
'A/RES/74/176'
>>> body_of_symbol("CTOC/COP/2020/L.6/Rev.1")
'un-ctoc-cop'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lod.errors import IdentifierError

__all__ = [
    "BODY_SERIES",
    "ParsedSymbol",
    "body_of_symbol",
    "default_body_for_number",
    "is_constructed",
    "normalise_number",
    "normalise_symbol",
    "parse_symbol",
    "resolution_symbol",
    "undocs_url",
]


@dataclass(frozen=True)
class BodySeries:
    """How one body's resolutions and decisions are symbolised."""

    code: str
    resolution: str | None  # template with {n}
    decision: str | None
    constructed: bool = False


#: Actor code -> symbol templates. Actor codes are AKN4UN-style (org-body-subbody).
BODY_SERIES: dict[str, BodySeries] = {
    s.code: s
    for s in (
        BodySeries("un-ga", "A/RES/{n}", "A/DEC/{n}"),
        BodySeries("un-sc", "S/RES/{n}", None),
        BodySeries("un-ecosoc", "E/RES/{n}", "E/DEC/{n}"),
        BodySeries("un-hrc", "A/HRC/RES/{n}", "A/HRC/DEC/{n}"),
        BodySeries("un-chr", "E/CN.4/RES/{n}", "E/CN.4/DEC/{n}", constructed=True),
        BodySeries("un-ccpcj", "E/CN.15/RES/{n}", "E/CN.15/DEC/{n}", constructed=True),
        BodySeries("un-cnd", "E/CN.7/RES/{n}", "E/CN.7/DEC/{n}", constructed=True),
        BodySeries("un-csw", "E/CN.6/RES/{n}", "E/CN.6/DEC/{n}", constructed=True),
        BodySeries("un-ctoc-cop", "CTOC/COP/RES/{n}", "CTOC/COP/DEC/{n}", constructed=True),
        BodySeries("un-cac-cosp", "CAC/COSP/RES/{n}", "CAC/COSP/DEC/{n}", constructed=True),
    )
}

# Longest prefixes first: which body issued a document with this symbol.
_PREFIX_BODY: tuple[tuple[str, str], ...] = (
    ("A/HRC/", "un-hrc"),
    ("E/CN.15/", "un-ccpcj"),
    ("E/CN.7/", "un-cnd"),
    ("E/CN.6/", "un-csw"),
    ("E/CN.4/", "un-chr"),
    ("CTOC/COP/", "un-ctoc-cop"),
    ("CAC/COSP/", "un-cac-cosp"),
    ("A/", "un-ga"),
    ("S/", "un-sc"),
    ("E/", "un-ecosoc"),
)

_ROMAN = r"(?:[IVXL]+)"
# Number shapes, each anchored; used by the citation recognizer too.
SC_NUMBER = re.compile(r"^(\d{1,4})\s*\(\s*((?:19|20)\d\d)\s*\)$")
ROMAN_NUMBER = re.compile(rf"^(\d{{1,4}})(?:\s*([A-H]))?\s*\(\s*((?:ES-|S-)?{_ROMAN})\s*\)$")
SLASH_NUMBER = re.compile(r"^((?:ES-|S-)?\d{1,4})\s*/\s*(\d{1,3})(?:\s*([A-H]))?$")


def normalise_number(number: str) -> str:
    """Canonical spelling of a resolution number as cited.

    >>> normalise_number("2331(2016)")
    '2331 (2016)'
    >>> normalise_number("217A (III)")
    '217 A (III)'
    >>> normalise_number("74 / 176")
    '74/176'

    Raises:
        IdentifierError: the text is not a resolution number.
    """
    s = " ".join(number.replace("\u00ad", "").split())
    if m := SC_NUMBER.match(s):
        return f"{m.group(1)} ({m.group(2)})"
    if m := ROMAN_NUMBER.match(s):
        letter = f" {m.group(2)}" if m.group(2) else ""
        return f"{m.group(1)}{letter} ({m.group(3)})"
    if m := SLASH_NUMBER.match(s):
        letter = f" {m.group(3)}" if m.group(3) else ""
        return f"{m.group(1)}/{m.group(2)}{letter}"
    if re.fullmatch(r"\d{1,4}", s):
        # A Security Council number cited without its year ("resolutions 1960 and 2106").
        return s
    raise IdentifierError(f"expected a resolution number like 74/176, 2331 (2016) or 2751 (XXVI), found {number!r}")


def default_body_for_number(number: str, issuing_body: str | None = None) -> str:
    """The body a number belongs to when the text names none.

    Shapes decide first: ``2331 (2016)`` is the Security Council's, ``2013/41``
    (a year before the slash) ECOSOC's; otherwise a ``session/number`` belongs to
    the issuing body when it numbers that way, else to the General Assembly.

    >>> default_body_for_number("2331 (2016)")
    'un-sc'
    >>> default_body_for_number("2013/41", "un-ga")
    'un-ecosoc'
    >>> default_body_for_number("9/1", "un-ctoc-cop")
    'un-ctoc-cop'
    >>> default_body_for_number("70/1", "un-sc")
    'un-ga'
    """
    n = normalise_number(number)
    if SC_NUMBER.match(n):
        return "un-sc"
    m = SLASH_NUMBER.match(n)
    if m and m.group(1).isdigit() and int(m.group(1)) >= 1946:
        return "un-ecosoc"
    if m and issuing_body in BODY_SERIES and issuing_body not in ("un-sc", "un-ecosoc"):
        return issuing_body
    return "un-ga"


def resolution_symbol(number: str, body: str, *, kind: str = "resolution") -> str:
    """The normalised symbol of resolution (or decision) ``number`` of ``body``.

    >>> resolution_symbol("2751 (XXVI)", "un-ga")
    'A/RES/2751 (XXVI)'
    >>> resolution_symbol("2015/23", "un-ecosoc")
    'E/RES/2015/23'

    Raises:
        IdentifierError: unknown body, or that body has no series of that kind.
    """
    series = BODY_SERIES.get(body)
    if series is None:
        raise IdentifierError(f"expected a body code among {sorted(BODY_SERIES)}, found {body!r}")
    template = series.decision if kind == "decision" else series.resolution
    if template is None:
        raise IdentifierError(f"body {body!r} has no {kind} series")
    return template.format(n=normalise_number(number))


def is_constructed(symbol: str) -> bool:
    """True for symbols this project constructs (no official UN series).

    >>> is_constructed("CTOC/COP/RES/5/2"), is_constructed("A/RES/70/1")
    (True, False)
    """
    for series in BODY_SERIES.values():
        for template in (series.resolution, series.decision):
            if series.constructed and template and symbol.startswith(template.split("{n}")[0]):
                return True
    return False


_SPACES_AROUND_SLASH = re.compile(r"\s*/\s*")
_SUFFIX = re.compile(r"/(rev|add|corr|amend|l)\.(\d+)", re.IGNORECASE)


def normalise_symbol(symbol: str) -> str:
    """Collapse spaces and soft hyphens, fix the case of Rev./Add./Corr./L. parts.

    >>> normalise_symbol("CTOC/COP/2020/L.6/REV.1")
    'CTOC/COP/2020/L.6/Rev.1'
    >>> normalise_symbol("S/RES/2331(2016)")
    'S/RES/2331 (2016)'
    """
    s = " ".join(symbol.replace("\u00ad", "").split())
    s = _SPACES_AROUND_SLASH.sub("/", s)
    s = _SUFFIX.sub(lambda m: f"/{m.group(1).capitalize() if m.group(1).lower() != 'l' else 'L'}.{m.group(2)}", s)
    s = re.sub(r"(\d)\s*\(", r"\1 (", s)
    return s


@dataclass(frozen=True)
class ParsedSymbol:
    """A symbol read from a text: its normal form, issuing body and kind."""

    symbol: str
    body: str | None
    kind: str  # resolution | decision | presidential-statement | draft | document


def parse_symbol(symbol: str) -> ParsedSymbol:
    """Read a full symbol as written.

    >>> parse_symbol("A/RES/74/176")
    ParsedSymbol(symbol='A/RES/74/176', body='un-ga', kind='resolution')
    >>> parse_symbol("A/C.3/80/L.4").kind
    'draft'
    >>> parse_symbol("S/PRST/2015/25").kind
    'presidential-statement'

    Raises:
        IdentifierError: not shaped like a UN document symbol.
    """
    s = normalise_symbol(symbol)
    if "/" not in s or not re.match(r"^[A-Z][A-Za-z0-9.\-]*(/[A-Za-z0-9.\-]+)+( \(\d{4}\))?$", s):
        raise IdentifierError(f"expected a UN document symbol like A/RES/74/176, found {symbol!r}")
    parts = s.split("/")
    body = body_of_symbol(s)
    if "RES" in parts:
        kind = "resolution"
    elif "DEC" in parts:
        kind = "decision"
    elif "PRST" in parts:
        kind = "presidential-statement"
    elif any(p.startswith("L.") for p in parts):
        kind = "draft"
    else:
        kind = "document"
    return ParsedSymbol(s, body, kind)


def body_of_symbol(symbol: str) -> str | None:
    """Actor code of the body whose document series a symbol belongs to, or None.

    >>> body_of_symbol("E/CN.15/2019/L.3")
    'un-ccpcj'
    """
    s = symbol.strip()
    for prefix, code in _PREFIX_BODY:
        if s.startswith(prefix):
            return code
    return None


def undocs_url(symbol: str) -> str | None:
    """``https://undocs.org/{symbol}`` for official symbols, None for constructed ones.

    >>> undocs_url("A/RES/74/176")
    'https://undocs.org/A/RES/74/176'
    >>> undocs_url("S/RES/2331 (2016)")
    'https://undocs.org/S/RES/2331(2016)'
    """
    if is_constructed(symbol):
        return None
    return "https://undocs.org/" + symbol.replace(" ", "")
