"""Content negotiation: ``Accept`` header (or an explicit override) → :class:`Format`.

The server offers a list of formats for each resource; :func:`negotiate`
picks the best one for the request or raises :class:`NotAcceptable` listing
what is offered. An override (a path suffix such as ``.ttl`` or a
``?format=ttl`` parameter) wins over ``Accept``.

>>> from lod.sparql.formats import HTML, RDF_FORMATS
>>> negotiate("text/turtle;q=0.9, application/ld+json", (HTML, *RDF_FORMATS)).name
'jsonld'
>>> negotiate("*/*", (HTML, *RDF_FORMATS)).name
'html'
>>> negotiate(None, RDF_FORMATS, override="nt").name
'ntriples'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lod.errors import NotAcceptable
from lod.sparql.formats import _ALIASES, Format

__all__ = ["MediaRange", "negotiate", "parse_accept", "pick_language", "quality", "shown"]


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header: ``type/subtype`` with its quality."""

    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 ``type/*``, 1 ``*/*``), 0 if none."""
        t, _, s = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == t and self.subtype == "*":
            return 2
        if self.type == t and self.subtype == s:
            return 3
        return 0


MAX_RANGES = 64  # media ranges read from one Accept header; the rest are ignored (browsers send < 10)
SHOWN = 80  # characters of a client's Accept or ?format= quoted back in an error


def quality(value: str) -> float | None:
    """An RFC 9110 qvalue (``0`` to ``1``, at most three decimals), or None when it is not one.

    >>> [quality(v) for v in ("0.5", "1.000", "0", "2", "nan", "1e999", "0.1234", ".5", "1.001")]
    [0.5, 1.0, 0.0, None, None, None, None, None, None]
    """
    v = value.strip()
    whole, dot, frac = v.partition(".")
    if whole not in ("0", "1") or len(frac) > 3 or (dot and frac and not (frac.isascii() and frac.isdigit())):
        return None
    if whole == "1" and frac.strip("0"):
        return None
    return float(v) if frac else float(whole)


def shown(text: str) -> str:
    """A client-supplied value as quoted in an error message: ``repr``, cut to :data:`SHOWN` characters."""
    return repr(text) if len(text) <= SHOWN else repr(text[:SHOWN]) + f"… ({len(text)} characters)"


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header into media ranges; malformed entries are skipped.

    A range whose ``q`` is not an RFC 9110 qvalue (``2``, ``nan``, ``1e999``, ``abc``) is malformed:
    skipped, as if the client had not sent it. Only the first :data:`MAX_RANGES` ranges are read.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/html;q=0.5, */*;q=0.1")]
    [('text', 'html', 0.5), ('*', '*', 0.1)]
    >>> [(r.subtype, r.q) for r in parse_accept("text/turtle;q=2, text/html;q=nan, application/json;q=0.3")]
    [('json', 0.3)]
    """
    ranges: list[MediaRange] = []
    if not header:
        return ranges
    for order, part in enumerate(header.split(",", MAX_RANGES)[:MAX_RANGES]):
        fields = [f.strip() for f in part.split(";")]
        mt = fields[0].lower()
        if "/" not in mt:
            if mt == "*":  # some clients send a bare "*"
                mt = "*/*"
            else:
                continue
        t, _, s = mt.partition("/")
        if not t or not s:
            continue
        q: float | None = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = quality(value)
        if q is None:
            continue
        ranges.append(MediaRange(t, s, q, order))
    return ranges


def negotiate(accept: str | None, offers: Sequence[Format], *, override: str | None = None) -> Format:
    """Choose the format to send.

    ``offers`` is in the server's order of preference (the first wins ties and
    answers a missing or ``*/*`` ``Accept``). ``override`` is a suffix or
    ``?format=`` value (extension, name or media type) and must be offered.
    Answers are memoised for short headers: clients send the same few ``Accept`` headers.

    Raises:
        NotAcceptable: nothing offered is acceptable; ``offered`` lists the media types.
    """
    if (accept is None or len(accept) <= 256) and (override is None or len(override) <= 64):
        return _negotiate(accept, tuple(offers), override)  # bounded: 512 entries of short keys
    return _choose(accept, tuple(offers), override)


@lru_cache(maxsize=512)  # bounded: Accept is chosen by the client
def _negotiate(accept: str | None, offers: tuple[Format, ...], override: str | None) -> Format:
    return _choose(accept, offers, override)


def _choose(accept: str | None, offers: tuple[Format, ...], override: str | None) -> Format:
    offered = tuple(f.media_type for f in offers)
    if override:
        token = override.strip().lower().lstrip(".")
        for f in offers:
            if token in (f.name, f.extension) or token in _ALIASES.get(f.name, ()) or token in f.media_types:
                return f
        raise NotAcceptable(
            f"format {shown(override)} is not offered here; expected one of "
            + ", ".join(f.extension for f in offers),
            offered=offered,
        )
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best: tuple[float, int, int, int] | None = None
    chosen: Format | None = None
    for pos, f in enumerate(offers):
        for mt in f.media_types:
            # the most specific matching range decides the quality of this media type
            spec, q, order = 0, 0.0, 0
            for r in ranges:
                s = r.matches(mt)
                if s > spec or (s == spec and s and r.q > q):
                    spec, q, order = s, r.q, r.order
            if spec == 0 or q <= 0.0:
                continue
            # higher q, then more specific, then the client's order, then ours
            key = (q, spec, -order, -pos)
            if best is None or key > best:
                best, chosen = key, f
    if chosen is None:
        raise NotAcceptable(
            f"nothing offered matches Accept: {shown(accept or '')}; offered: {', '.join(offered)}",
            offered=offered,
        )
    return chosen


def pick_language(accept_language: str | None, available: Sequence[str]) -> str | None:
    """Pick one of ``available`` (ISO 639-1 codes, preference order) for ``Accept-Language``.

    Falls back to the first available language when nothing matches.

    >>> pick_language("fr-CH, fr;q=0.9, en;q=0.8", ["en", "fr"])
    'fr'
    >>> pick_language(None, ["en", "fr"])
    'en'
    """
    if not available:
        return None
    best_q, best = 0.0, None
    for part in (accept_language or "").split(",", MAX_RANGES)[:MAX_RANGES]:
        fields = [f.strip() for f in part.split(";")]
        tag = fields[0].lower()
        if not tag:
            continue
        q: float | None = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = quality(value)
        if q is None:  # not an RFC 9110 qvalue: the range is skipped, as in Accept
            continue
        primary = tag.split("-", 1)[0]
        candidates = available if primary == "*" else [lang for lang in available if lang == primary]
        if candidates and q > best_q:
            best_q, best = q, candidates[0]
    return best or available[0]
