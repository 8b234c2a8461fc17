"""Citations: find what a resolution cites, in French and English, and resolve targets.

Recognised (``Citation.kind``):

* ``resolution`` / ``decision``: numbers after a trigger word ("resolution",
  "résolutions", "sa décision"), with the adopting body written before
  ("General Assembly resolution 70/1", "sa résolution 5/2"), after the trigger
  ("les résolutions de l'Assemblée générale 61/144…") or after the number
  ("la résolution 64/293 de l'Assemblée générale"), in lists and series with
  their dates ("27/2, 27/3 et 27/4 du 18 mai 2018": a date closes the run of
  undated numbers before it), SC numbers "2331 (2016)", old GA "2751 (XXVI)",
  lettered "217 A (III)"; full symbols written out ("A/RES/74/176");
* ``presidential-statement`` ("Presidential Statement 2015/25", "S/PRST/…"),
  ``document`` / ``draft`` (other symbols: "A/78/482", "E/CN.15/2019/L.3");
* ``treaty-article`` ("paragraphe 1 de l'article 6 du Protocole",
  "article 34, paragraph 2, of the Convention"), with the treaty resolved to a
  gazetteer code (``treaty`` attribute) from its name or, for "the
  Convention"/"le Protocole", from the most recent full mention;
* ``treaty-series`` (UNTS "Recueil des Traités, vol. 2225, no 39574";
  "Ibid., vol. 2237" takes the series from the previous reference);
* ``sales-number`` ("numéro de vente : F.09.V.11"), ``agenda-2030`` (the
  2030 Agenda, target A/RES/70/1, left out when 70/1 is cited beside it) and
  ``sdg`` ("target 5.2", "Goal 16").

False friends stay out by construction: a number is a citation only inside a
chain opened by a trigger word (or, for the unmistakable "NNNN (YYYY)" shape,
in a text that has a trigger word); meeting numbers, years, paragraph, page and
footnote numbers, "Chapter VII" and committee names never match a pattern.

Footnotes: a citation found in footnote ``note_3`` keeps ``in_eid='note_3'``
and gets one attribute ``('cited_from', eId)`` per paragraph carrying that
note's marker, so the paragraph can ``eli:cites`` the target too.

>>> [(c.text, c.target_symbol) for c in find_citations(
...     "Recalling its resolutions 61/144 of 19 December 2006 and 2331 (2016)",
...     language="en", in_eid="preamble__p_1", issuing_body="un-ga")]
[('61/144 of 19 December 2006', 'A/RES/61/144'), ('2331 (2016)', 'S/RES/2331 (2016)')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from lod.enrich.actors import MentionTracker, find_mentions, issuing_body_of
from lod.enrich.gazetteer import load_gazetteer
from lod.enrich.citenumbers import SYMBOL_PATTERN, number_citations
from lod.errors import IdentifierError
from lod.identifiers import work_iri_for_symbol
from lod.model import Citation, Resolution
from lod.enrich.symbols import parse_symbol

__all__ = ["CitationContext", "cite_resolution", "find_citations"]


@dataclass
class CitationContext:
    """State carried across the elements of one document, in reading order."""

    issuing_body: str | None = None
    treaties: MentionTracker = field(default_factory=MentionTracker)
    last: Citation | None = None  # the previous reference, for "Ibid."
    # (text, language) whose treaty mentions ``treaties`` has yet to record: only an article
    # reads it, so texts are scanned when the next article needs them (often never).
    unscanned: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def treaty_tracker(self) -> MentionTracker:
        """``treaties``, with the treaty mentions of the texts queued in ``unscanned`` recorded in order."""
        for text, lang in self.unscanned:
            for x in find_mentions(text, language=lang, tracker=MentionTracker(), kinds="treaties"):
                self.treaties.seen(x.code)
        self.unscanned.clear()
        return self.treaties


@dataclass(frozen=True)
class _Guarded:
    """A pattern and substrings one of which every match contains: texts holding none are not scanned."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, or nothing at once when no needle is in ``text`` (``in`` is cheap)."""
        for n in self.needles:
            if n in text:
                return self.pattern.finditer(text)
        return iter(())


_SYMBOL_RE = _Guarded(re.compile(SYMBOL_PATTERN), ("/",))


def _symbol_citations(text: str, in_eid: str) -> list[Citation]:
    out = []
    for m in _SYMBOL_RE.finditer(text):
        raw = m.group()
        if not re.search(r"\d", raw) or raw.count("/") < 1:
            continue
        try:
            ps = parse_symbol(raw)
        except IdentifierError:
            continue
        out.append(Citation(raw, ps.kind, in_eid, m.start(), m.end(), ps.symbol, None, None, ()))
    return out


_TREATY_WORD = r"(?P<tw>Convention|Protocole|Protocol|Charte|Charter|Pacte|Covenant|Statut|Statute)"
_ART_FR = _Guarded(re.compile(
    r"(?:(?:le\s+|du\s+|au\s+)?(?P<para>paragraphe\s+(?P<pnum>\d+|[a-z]\)))\s+de\s+l['’]\s*)?"
    r"(?:l['’]\s*)?(?P<art>[Aa]rticle\s+(?P<anum>\d+))"
    rf"(?:\s+(?:de\s+la|du|de\s+l['’]|des)\s+{_TREATY_WORD})?"
), ("rticle",))
_ART_EN = _Guarded(re.compile(
    r"(?:(?P<para>paragraph\s+(?P<pnum>\d+|\([a-z]\)))\s+of\s+)?(?P<art>[Aa]rticle\s+(?P<anum>\d+))"
    r"(?:\s*,\s*paragraph\s+(?P<pnum2>\d+)\s*,)?"
    rf"(?:\s+of\s+the\s+(?:UN\s+|United\s+Nations\s+)?{_TREATY_WORD})?"
), ("rticle",))
_KEYWORD_CLASS = {
    "convention": "Convention", "protocole": "Proto", "protocol": "Proto", "charte": "Charte",
    "charter": "Charter", "pacte": "Pacte", "covenant": "Covenant", "statut": "Statut", "statute": "Statute",
}


@lru_cache(maxsize=64)
def _treaty_codes(keyword: str) -> tuple[str, ...]:
    needle = _KEYWORD_CLASS.get(keyword.lower(), keyword)
    g = load_gazetteer()
    head = re.compile(r"^(?:United Nations |UN )?" + needle)
    return tuple(e.code for e in g.entries if e.kind == "Treaty" and any(head.match(lab) for _, lab in e.labels))


def _article_citations(text: str, lang: str, in_eid: str, ctx: CitationContext) -> list[Citation]:
    articles = list((_ART_FR if lang == "fr" else _ART_EN).finditer(text))
    if not articles:
        ctx.unscanned.append((text, lang))  # its treaties still count for the articles of later texts
        return []
    treaties = ctx.treaty_tracker()
    mentions = find_mentions(text, language=lang, tracker=MentionTracker(), kinds="treaties")
    out = []
    for m in articles:
        start, end = m.start(), m.end()
        attrs: list[tuple[str, str]] = [("article", m.group("anum"))]
        pnum = m.group("pnum") or (m.groupdict().get("pnum2"))
        if pnum:
            attrs.append(("paragraph", pnum.strip("()").rstrip(")")))
        treaty = None
        if m.group("tw"):
            full = next((x for x in mentions if x.start == m.start("tw") or (x.start <= m.start("tw") < x.end)), None)
            if full is not None:
                treaty, end = full.code, max(end, full.end)
            else:
                treaty = treaties.resolve(_treaty_codes(m.group("tw")))
                if treaty is None and m.group("tw").lower() in ("charte", "charter"):
                    treaty = "treaty-un-charter"
        else:
            # No treaty after the article: the last treaty named before it in this text
            # ("de la Convention, notamment du paragraphe 2 de l'article 34").
            prior = [x for x in mentions if x.end <= start]
            words = list(re.finditer(r"\b(Convention|Protocole|Protocol|Charte|Charter)\b", text[:start]))
            last_word = words[-1] if words else None
            if prior and (last_word is None or prior[-1].end >= last_word.start()):
                treaty = prior[-1].code
            elif last_word is not None:
                treaty = treaties.resolve(_treaty_codes(last_word.group()))
        if treaty:
            attrs.append(("treaty", treaty))
        # The span starts at "paragraphe"/"article", without a leading article word.
        span_start = m.start("para") if m.group("para") else m.start("art")
        out.append(Citation(text[span_start:end], "treaty-article", in_eid, span_start, end, None, None, None, tuple(attrs)))
    # Full treaty mentions update the tracker after the articles of this text are resolved
    # against the state *before* it plus the mentions inside it (handled above).
    for x in mentions:
        treaties.seen(x.code)
    return out


_UNTS = _Guarded(re.compile(
    r"(?P<series>(?:(?:Nations\s+Unies|United\s+Nations)\s*,\s*)?(?:Recueil\s+des\s+Traités|Treaty\s+Series)|Ibid\.?)"
    r"\s*,\s*vol\.\s*(?P<vol>\d+)(?:\s*,\s*(?:n[o°º]|No)\.?\s*(?P<num>\d+))?"
), ("vol.",))
_SALES = _Guarded(re.compile(
    r"(?:Sales\s+No\.|num[ée]ro\s+de\s+vente)\s*:?\s*(?P<no>[A-Z]\.\d{2}\.[IVX]+(?:\.[A-Z0-9]+)*\.\d+)"
), ("Sales", "vente"))
_AGENDA = _Guarded(re.compile(
    r"2030\s+Agenda\s+for\s+Sustainable\s+Development|Programme\s+de\s+développement\s+durable\s+à\s+l['’]horizon\s+2030"
), ("2030",))
_SDG = _Guarded(re.compile(
    r"(?:Sustainable\s+Development\s+)?\b(?:(?P<g>Goals?|[Oo]bjectifs?\s+de\s+développement\s+durable(?:\s+n[o°])?)\s+(?P<goal>\d{1,2})\b(?!\.\d)"
    r"|(?:[Tt]argets?|[Cc]ibles?)\s+(?P<target>\d{1,2}\.[0-9a-c]{1,2})\b)"
), ("Goal", "bjectif", "arget", "cible", "Cible"))
_IBID_ONLY = re.compile(r"^\s*Ibid\.?\s*(?:,\s*(?P<loc>.*))?$", re.DOTALL)
_IBID = re.compile(r"^\s*Ibid\.?")


def find_citations(
    text: str,
    *,
    language: str,
    in_eid: str,
    issuing_body: str | None,
    context: CitationContext | None = None,
) -> tuple[Citation, ...]:
    """All citations in one plain text, in text order.

    ``issuing_body`` is an actor code (``un-ga``, ``un-sc``, ``un-ctoc-cop``…)
    used for "its resolution"/"sa résolution" and numbers without a body;
    ``context`` carries treaty mentions and the previous reference ("Ibid.")
    across the elements of one document.

    >>> [(c.kind, c.target_symbol, c.target_date) for c in find_citations(
    ...     "Rappelant également sa décision 4/4 du 17 octobre 2008", language="fr",
    ...     in_eid="preamble__p_2", issuing_body="un-ctoc-cop")]
    [('decision', 'CTOC/COP/DEC/4/4', datetime.date(2008, 10, 17))]
    """
    ctx = context if context is not None else CitationContext(issuing_body=issuing_body)
    lang = "fr" if language == "fr" else "en"
    cites: list[Citation] = []
    symbols = _symbol_citations(text, in_eid)
    taken = [(c.start, c.end) for c in symbols]
    cites.extend(symbols)
    for c in number_citations(text, language=lang, in_eid=in_eid, issuing_body=issuing_body):
        if not any(a <= c.start < b for a, b in taken):
            cites.append(c)
    cites.extend(_article_citations(text, lang, in_eid, ctx))
    for m in _UNTS.finditer(text):
        attrs = [("series", "UNTS"), ("unts_volume", m.group("vol"))]
        number = m.group("num")
        is_ibid = m.group("series").lower().startswith("ibid")
        if is_ibid:
            if ctx.last is None or ctx.last.kind != "treaty-series":
                continue
            attrs.append(("ibid", "true"))
        if number:
            attrs.append(("unts_number", number))
        treaty = _treaty_by_unts(m.group("vol"), number)
        if treaty:
            attrs.append(("treaty", treaty))
        c = Citation(m.group(), "treaty-series", in_eid, m.start(), m.end(), None, None, None, tuple(attrs))
        cites.append(c)
        ctx.last = c
    for m in _SALES.finditer(text):
        cites.append(Citation(m.group(), "sales-number", in_eid, m.start(), m.end(), None, None, None,
                              (("sales_number", m.group("no")),)))
    if not any(c.target_symbol == "A/RES/70/1" for c in cites):
        for m in _AGENDA.finditer(text):
            cites.append(Citation(m.group(), "agenda-2030", in_eid, m.start(), m.end(), "A/RES/70/1", None, None, ()))
    for m in _SDG.finditer(text):
        if m.group("goal") and int(m.group("goal")) > 17:
            continue
        attrs2 = (("sdg_goal", m.group("goal")),) if m.group("goal") else (("sdg_target", m.group("target")),)
        cites.append(Citation(m.group(), "sdg", in_eid, m.start(), m.end(), None, None, None, attrs2))
    cites.sort(key=lambda c: (c.start, c.end))
    if cites:
        refs = [c for c in cites if c.kind != "treaty-series"]
        if refs:
            ctx.last = max(cites, key=lambda c: c.start)
    elif _IBID_ONLY.match(text) and ctx.last is not None:
        m2 = _IBID.match(text)
        assert m2 is not None
        prev = ctx.last
        loc = text[m2.end():].strip(" ,.")
        attrs3 = tuple(a for a in prev.attributes if a[0] not in ("cited_from", "ibid", "locator")) + (("ibid", "true"),)
        if loc:
            attrs3 += (("locator", loc),)
        cites.append(replace(prev, text=m2.group().strip(), in_eid=in_eid, start=m2.start() + (len(m2.group()) - len(m2.group().lstrip())),
                             end=m2.end(), attributes=attrs3))
    return tuple(cites)


def _treaty_by_unts(volume: str, number: str | None) -> str | None:
    for e in load_gazetteer().entries:
        if e.unts and e.unts[0] == volume and (number is None or e.unts[1] == number):
            return e.code
    return None


def _elements(res: Resolution) -> list[tuple[str, str, tuple]]:  # type: ignore[type-arg]
    """(eId, text, notes) of every text-bearing element in reading order, footnotes last."""
    out: list[tuple[str, str, tuple]] = []  # type: ignore[type-arg]
    for p in res.preamble:
        out.append((p.eid, p.text, p.notes))

    def walk(points: tuple) -> None:  # type: ignore[type-arg]
        for pt in points:
            out.append((pt.eid, pt.text, pt.notes))
            walk(pt.points)

    for op in res.operative:
        out.append((op.eid, op.text, op.notes))
        walk(op.points)
        if op.wrap_up:
            out.append((op.eid, op.wrap_up, ()))
    for a in res.annexes:
        out.append((a.eid, a.text, a.notes))
    return out


def cite_resolution(res: Resolution, *, base: str | None = None) -> Resolution:
    """A copy of ``res`` with ``citations`` filled, over preamble, operative
    paragraphs, points, annexes and footnotes (in that order).

    With ``base``, targets get the IRI ``lod.identifiers.work_iri_for_symbol``
    mints; otherwise (or when it cannot name one) ``target_iri`` stays None and
    the RDF/JSON layers compute it from ``target_symbol``.
    """
    issuing = issuing_body_of(res)
    ctx = CitationContext(issuing_body=issuing)
    lang = res.language
    # Treaty names in the title and formula count as prior mentions ("le Protocole").
    ctx.unscanned.extend((t, lang) for t in (res.title, res.formula) if t)
    cites: list[Citation] = []
    carriers: dict[str, list[str]] = {}
    for eid, text, notes in _elements(res):
        cites.extend(find_citations(text, language=lang, in_eid=eid, issuing_body=issuing, context=ctx))
        for n in notes:
            carriers.setdefault(n.marker, [])
            if eid not in carriers[n.marker]:
                carriers[n.marker].append(eid)
    ctx.last = None
    for fn in res.footnotes:
        found = find_citations(fn.text, language=lang, in_eid=fn.eid, issuing_body=issuing, context=ctx)
        for c in found:
            extra = tuple(("cited_from", e) for e in carriers.get(fn.marker, ()))
            cites.append(replace(c, attributes=c.attributes + extra))
    if base is not None:
        cites = [_with_iri(c, base) for c in cites]
    return replace(res, citations=tuple(cites))


def _with_iri(c: Citation, base: str) -> Citation:
    if not c.target_symbol:
        return c
    iri = _target_iri(c.target_symbol, base, c.target_date)
    return c if iri is None else replace(c, target_iri=iri)


@lru_cache(maxsize=4096)
def _target_iri(symbol: str, base: str, when: date | None) -> str | None:
    """``work_iri_for_symbol`` (pure; documents cite the same works over and over), None when it cannot name one."""
    try:
        return str(work_iri_for_symbol(symbol, base, date=when))
    except Exception:  # noqa: BLE001 - a target we cannot name keeps its symbol only
        return None
