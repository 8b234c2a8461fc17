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
from dataclasses import dataclass, field, replace
from datetime import date

from lod.actors import MentionTracker, find_mentions, load_gazetteer
from lod.errors import IdentifierError
from lod.model import Citation, Resolution
from lod.symbols import (
    BODY_SERIES,
    SC_NUMBER,
    SLASH_NUMBER,
    body_of_symbol,
    default_body_for_number,
    normalise_number,
    parse_symbol,
    resolution_symbol,
)

__all__ = ["CitationContext", "cite_resolution", "find_citations", "issuing_body_of"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A year may carry a glued footnote digit in raw text ("20173"): the span stops at the year.
_DATE = rf"(?P<day>1er|\d{{1,2}})\s+(?P<month>(?i:{_MONTH_RE}))\s+(?P<year>(?:19|20)\d\d)(?=\d{{0,2}}(?!\d))"
_SYMBOL = (
    r"(?<![\w/.-])(?:A|S|E|ST|CTOC|CAC|UNEP|TD|DP|ICCD|FCCC|CCPR|CRC|CEDAW|CERD|CAT|UNW|UNODC|HRC|IDB|GC)"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s?\((?:19|20)\d\d\))?(?<![.-])"
)
_BODY_CODES = tuple(BODY_SERIES)


def _body_regex(lang: str) -> tuple[str, dict[str, str]]:
    g = load_gazetteer()
    names: dict[str, str] = {}
    for code in _BODY_CODES:
        e = g.get(code)
        if e is None:
            continue
        for lg, label in e.labels:
            if lg in (lang, "en"):
                names[label.replace("\u2019", "'")] = code
        for acr in e.acronyms:
            names[acr] = code
    names.update({"Assembly": "un-ga", "Assemblée": "un-ga",
                  "Conference of the Parties": _GENERIC_COP, "Conférence des Parties": _GENERIC_COP})
    parts = sorted(names, key=len, reverse=True)
    alts = []
    for n in parts:
        words = [re.escape(w) for w in n.split()]
        alts.append(r"\s+".join(words))
    return "|".join(alts), {" ".join(n.split()).lower(): c for n, c in names.items()}


_TOKEN_CACHE: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def _token_re(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    if lang not in _TOKEN_CACHE:
        body_alt, body_map = _body_regex(lang)
        pattern = "|".join(
            [
                rf"(?P<sym>{_SYMBOL})",
                r"(?P<fsym>(?<![\w/.-])[A-Z]{2,}(?:/[A-Za-z0-9.\-]+)+)",
                rf"(?P<date>{_DATE})",
                r"(?P<sc>(?<![\w/.])\d{1,4}\s*\(\s*(?:19|20)\d\d\s*\))",
                r"(?P<rom>(?<![\w/.])\d{1,4}(?:\s*[A-H])?\s*\(\s*(?:ES-|S-)?[IVXL]+\s*\))",
                r"(?P<slash>(?<![\w/.])(?:ES-|S-)?\d{1,4}\s*/\s*\d{1,3}(?:\s[A-C](?![\w/]))?(?![\d/]))",
                r"(?P<int>(?<![\w/.,])\d{1,4}(?![\w/.]|,\d|\s*\())",
                r"(?P<prst>\b(?:[Pp]residential\s+[Ss]tatements?|[Ss]tatements?\s+by\s+(?:its|the)\s+President|"
                r"[Dd]éclarations?\s+(?:de\s+la|du)\s+[Pp]résiden(?:ce|t))\b)",
                r"(?P<trig>\b(?:[Rr][ée]solutions?|[Dd][ée]cisions?)\b)",
                rf"(?P<body>(?<!\w)(?:{body_alt})(?!\w))",
                r"(?P<poss>\b(?:its|their|sa|ses|son|leur|leurs)\b)",
                r"(?P<conn>,|\b[ldLD]['’]|\b(?:and|et|as\s+well\s+as|ainsi\s+que|of|du|de|des|la|le|les|en\s+date\s+du|"
                r"dated|adopted\s+on|adoptées?\s+le|adoptés?\s+le|on|the|in|by|par|dans|à)(?!\w))",
                r"(?P<filler>\b(?:relevant|pertinentes?|previous|prior|earlier|subsequent|successive|related|all|other|"
                r"antérieures?|précédentes?|ultérieures?|successives|toutes|autres|provisions|numbers?|Nos?\.|nos?)(?!\w))",
                r"(?P<end>[;:()\[\]]|\.(?=\s|$))",
                r"(?P<word>[^\W\d_][\w'’-]*|\d+)",
            ]
        )
        _TOKEN_CACHE[lang] = (re.compile(pattern), body_map)
    return _TOKEN_CACHE[lang]


def _parse_date(m: re.Match[str]) -> date | None:
    day = 1 if m.group("day") == "1er" else int(m.group("day"))
    try:
        return date(int(m.group("year")), _MONTHS[m.group("month").lower()], day)
    except ValueError:
        return None


@dataclass
class CitationContext:
    """State carried across the elements of one document, in reading order."""

    issuing_body: str | None = None
    treaties: MentionTracker = field(default_factory=MentionTracker)
    last: Citation | None = None  # the previous reference, for "Ibid."


@dataclass
class _Pending:
    start: int
    end: int
    number: str
    kind: str
    body: str | None
    explicit: bool
    date: date | None = None
    date_end: int | None = None
    attributes: tuple[tuple[str, str], ...] = ()


def _resolve_body(p: _Pending, issuing: str | None) -> str:
    n = normalise_number(p.number)
    if p.body is None:
        return default_body_for_number(n, issuing)
    if p.body == "un-ga" and (SC_NUMBER.match(n) or _is_year_slash(n)):
        return default_body_for_number(n, issuing)
    return p.body


def _is_year_slash(n: str) -> bool:
    m = SLASH_NUMBER.match(n)
    return bool(m and m.group(1).isdigit() and int(m.group(1)) >= 1946)


_PARA_BEFORE = re.compile(
    r"(?:paragraphs?|paragraphes?|para\.)\s+(\d+)(?:\s*\(?[a-z]\))?\s+(?:of|de)\s+(?:its\s+|sa\s+|the\s+|la\s+|l['’])?$",
    re.IGNORECASE,
)


def _number_citations(text: str, lang: str, in_eid: str, issuing: str | None) -> list[Citation]:
    token_re, body_map = _token_re(lang)
    tokens = [(m.lastgroup or "", m) for m in token_re.finditer(text)]
    has_trigger = any(k in ("trig", "prst") for k, _ in tokens)
    out: list[_Pending] = []
    chain = False
    chain_kind = "resolution"
    body: str | None = None
    explicit = False
    seen_number = False
    others = 0
    group: list[_Pending] = []  # numbers since the last trigger
    undated: list[_Pending] = []  # run waiting for a date
    last_body_pos = -100
    resume: tuple[str, str | None, bool] | None = None  # (kind, body, explicit) of the last chain
    last_explicit: tuple[str, int] | None = None  # body and end of the last number cited with an explicit body
    for i, (kind, m) in enumerate(tokens):
        if kind in ("sym", "fsym"):
            chain = False
            continue
        if kind in ("trig", "prst"):
            chain, seen_number, others, group, undated = True, False, 0, [], []
            chain_kind = "presidential-statement" if kind == "prst" else (
                "decision" if m.group().lower().startswith(("d", "dé")) and "cision" in m.group().lower() else "resolution"
            )
            body, explicit = _body_before(tokens, i, body_map, issuing)
            if body == _FOREIGN:
                # "document CBD/COP/15/17, decision 15/4": another organization's series.
                chain = False
                continue
            if kind == "prst":
                body, explicit = "un-sc", True
            if body is None:
                body = _body_from_context(text, m.start(), last_explicit)
                explicit = body is not None
            resume = (chain_kind, body, explicit)
            continue
        if kind == "body":
            code = body_map.get(" ".join(m.group().split()).lower())
            if code == _GENERIC_COP:
                code = _cop_of(text)
            last_body_pos = m.end()
            if code and _ADOPTED_BY.search(text, max(0, m.start() - 40), m.start()):
                # "resolutions 10/1 …, entitled “…”, and 10/3, …, adopted by the Conference of the Parties"
                for p in out:
                    if not p.explicit and m.start() - p.end < 900 and ";" not in text[p.end:m.start()]:
                        p.body, p.explicit = code, True
            if chain and code:
                if seen_number:
                    for p in group:
                        if not p.explicit:
                            p.body, p.explicit = code, True
                body, explicit = code, True
                others = 0
                resume = (chain_kind, body, explicit)
            continue
        if kind == "int":
            sc_body = body if body is not None else issuing
            # Bare SC numbers ("resolutions 1960 and 2106"): from 100 up, since "resolution 1"
            # in a footnote is a conference's resolution, not S/RES/1 (1946).
            if (chain and chain_kind == "resolution" and sc_body == "un-sc" and 100 <= int(m.group()) <= 3999
                    and _int_ok(tokens, i)):
                p = _Pending(m.start(), m.end(), m.group(), "resolution", "un-sc", True)
                seen_number, others = True, 0
                out.append(p)
                group.append(p)
                undated.append(p)
                continue
            kind = "word"
        if kind in ("sc", "rom", "slash"):
            num = m.group()
            if not chain and resume is not None and _resumes(tokens, i):
                # ", and 65/281 of 17 June 2011" after a relative clause: the list goes on.
                chain, seen_number, group, undated = True, True, [], []
                chain_kind, body, explicit = resume
            if not chain:
                # Standalone "2242 (2015)" after a relative clause: unmistakable SC shape only.
                if kind == "sc" and has_trigger and not _preceded_by_locator(text, m.start()):
                    p = _Pending(m.start(), m.end(), num, "resolution", "un-sc", True)
                    out.append(p)
                    undated = [p]
                continue
            if chain_kind == "presidential-statement":
                p = _Pending(m.start(), m.end(), num, chain_kind, "un-sc", True)
            else:
                p = _Pending(m.start(), m.end(), num, chain_kind, body, explicit)
            if not seen_number:
                pm = _PARA_BEFORE.search(text, max(0, m.start() - 80), _trigger_start(tokens, i))
                if pm:
                    p.attributes = (("paragraph", pm.group(1)),)
            seen_number, others = True, 0
            out.append(p)
            group.append(p)
            undated.append(p)
            if p.explicit and p.body:
                last_explicit = (p.body, p.end)
            continue
        if kind == "date":
            if chain and seen_number and undated:
                d = _parse_date(m)
                for p in undated:
                    p.date = d
                undated[-1].date_end = m.end("year")
                undated = []
                continue
            if chain and not seen_number:
                continue
            chain = False
            continue
        if kind == "conn":
            continue
        if kind == "filler" and chain and not seen_number:
            continue
        if kind == "poss" and chain and not seen_number:
            continue
        if kind in ("word", "filler", "poss") and chain and not seen_number and others < 3:
            others += 1
            continue
        chain = False
    del last_body_pos
    cites: list[Citation] = []
    for p in out:
        end = p.date_end if p.date_end is not None else p.end
        try:
            if p.kind == "presidential-statement":
                sym = "S/PRST/" + normalise_number(p.number)
            else:
                sym = resolution_symbol(p.number, _resolve_body(p, issuing), kind=p.kind)
        except IdentifierError:
            continue
        cites.append(Citation(text[p.start:end], p.kind, in_eid, p.start, end, sym, p.date, None, p.attributes))
    return cites


def _int_ok(tokens: list[tuple[str, re.Match[str]]], i: int) -> bool:
    """A bare number is an SC resolution only right after the trigger or a list separator."""
    if i == 0:
        return False
    kind, m = tokens[i - 1]
    if kind in ("trig", "filler", "body"):
        return True
    return (
        kind == "conn" and m.group().lower() in (",", "and", "et") and i >= 2
        and tokens[i - 2][0] in ("sc", "rom", "slash", "int")
    )


def _resumes(tokens: list[tuple[str, re.Match[str]]], i: int) -> bool:
    """Number ``i`` follows ", and"/"et" and is followed by its date: a list resumed."""
    if i == 0 or tokens[i - 1][0] != "conn" or tokens[i - 1][1].group().lower() not in (",", "and", "et"):
        return False
    j = i + 1
    while j < len(tokens) and (
        (tokens[j][0] == "conn" and tokens[j][1].group().lower() in (",", "of", "du", "en date du", "dated"))
        or (tokens[j][0] == "word" and tokens[j][1].group().lower() in ("also", "both", "également"))
    ):
        j += 1
    return j < len(tokens) and j > i + 1 and tokens[j][0] == "date"


def _trigger_start(tokens: list[tuple[str, re.Match[str]]], i: int) -> int:
    for j in range(i, -1, -1):
        if tokens[j][0] in ("trig", "prst"):
            return tokens[j][1].start()
    return tokens[i][1].start()


def _preceded_by_locator(text: str, pos: int) -> bool:
    before = text[max(0, pos - 25):pos].lower()
    return bool(re.search(
        r"(paragraphs?|paragraphes?|page|pages|p\.|pp\.|para\.|paras\.|meeting|séance|annex|annexe|chapter|chapitre|"
        r"No\.|no|nos?\.|n°|recommendation|recommandation|vol\.|volume|session|item|point)\s*$",
        before, re.IGNORECASE))


def _body_before(
    tokens: list[tuple[str, re.Match[str]]], i: int, body_map: dict[str, str], issuing: str | None
) -> tuple[str | None, bool]:
    """The body named just before trigger ``i`` ("Security Council resolution", "its resolution")."""
    skippable = {"conn", "filler"}
    if i >= 1 and tokens[i - 1][0] == "conn" and tokens[i - 1][1].group() == ",":
        k0, m0 = tokens[i - 2] if i >= 2 else ("", None)
        if k0 == "fsym" or (k0 == "sym" and m0 is not None and body_of_symbol(m0.group()) is None):
            return _FOREIGN, True
    j = i - 1
    steps = 0
    while j >= 0 and steps < 4:
        kind, m = tokens[j]
        if kind == "body":
            return body_map.get(" ".join(m.group().split()).lower()), True
        if kind == "poss":
            # "the General Assembly, in its resolution": the possessive points at that body
            k, steps2 = j - 1, 0
            while k >= 0 and steps2 < 3:
                kk, mm = tokens[k]
                if kk == "body":
                    return body_map.get(" ".join(mm.group().split()).lower()), True
                if kk not in skippable:
                    break
                k, steps2 = k - 1, steps2 + 1
            return issuing, issuing is not None
        if kind not in skippable:
            break
        j, steps = j - 1, steps + 1
    return None, False


_SYMBOL_RE = re.compile(_SYMBOL)
_FOREIGN = "foreign"
_GENERIC_COP = "cop-generic"
_ADOPTED_BY = re.compile(r"\b(?:adopted|approved|adoptée?s?|approuvée?s?)\s+(?:by|par)\s+(?:the\s+|la\s+|le\s+|l['’])?$", re.I)
_SYMBOL_BEFORE = re.compile(_SYMBOL + r"\s*,\s*(?:(?:sect|chap|para|part|annex)\w*\.?\s*[\w.]+\s*,\s*)*$")
_ENTITLED = re.compile(r"\b(?:entitled|intitulée?s?)\b", re.I)


def _cop_of(text: str) -> str | None:
    """Which Conference of the Parties a bare "Conference of the Parties" is, from the text."""
    if re.search(r"Transnational\s+Organized\s+Crime|criminalité\s+transnationale\s+organisée", text):
        return "un-ctoc-cop"
    if re.search(r"Convention\s+against\s+Corruption|Convention\s+des\s+Nations\s+Unies\s+contre\s+la\s+corruption", text):
        return "un-cac-cosp"
    return None


def _body_from_context(text: str, trig_start: int, last_explicit: tuple[str, int] | None) -> str | None:
    """A body for a trigger that names none, from what stands just before it.

    * a document symbol of a known series: "CTOC/COP/2020/10, sect. I.A, resolution 10/1";
    * the previous citation's explicit body across a title: "Human Rights Council
      resolution 44/4 of 16 July 2020, entitled “…”, resolution 53/9 …".
    """
    m = _SYMBOL_BEFORE.search(text, max(0, trig_start - 120), trig_start)
    if m:
        code = body_of_symbol(normalise_symbol_safe(m.group().split(",")[0]))
        if code and code not in ("un-ga", "un-sc"):
            return code
    if last_explicit is not None:
        body, end = last_explicit
        gap = text[end:trig_start]
        if len(gap) < 600 and ";" not in gap and _ENTITLED.search(gap) and body not in ("un-ga",):
            return body
    return None


def normalise_symbol_safe(raw: str) -> str:
    """``parse_symbol(raw).symbol``, or ``raw`` stripped when it is not a symbol."""
    try:
        return parse_symbol(raw).symbol
    except IdentifierError:
        return raw.strip()


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
_ART_FR = re.compile(
    r"(?:(?:le\s+|du\s+|au\s+)?(?P<para>paragraphe\s+(?P<pnum>\d+|[a-z]\)))\s+de\s+l['’]\s*)?"
    r"(?:l['’]\s*)?(?P<art>[Aa]rticle\s+(?P<anum>\d+))"
    rf"(?:\s+(?:de\s+la|du|de\s+l['’]|des)\s+{_TREATY_WORD})?"
)
_ART_EN = re.compile(
    r"(?:(?P<para>paragraph\s+(?P<pnum>\d+|\([a-z]\)))\s+of\s+)?(?P<art>[Aa]rticle\s+(?P<anum>\d+))"
    r"(?:\s*,\s*paragraph\s+(?P<pnum2>\d+)\s*,)?"
    rf"(?:\s+of\s+the\s+(?:UN\s+|United\s+Nations\s+)?{_TREATY_WORD})?"
)
_KEYWORD_CLASS = {
    "convention": "Convention", "protocole": "Proto", "protocol": "Proto", "charte": "Charte",
    "charter": "Charter", "pacte": "Pacte", "covenant": "Covenant", "statut": "Statut", "statute": "Statute",
}


def _treaty_codes(keyword: str) -> list[str]:
    needle = _KEYWORD_CLASS.get(keyword.lower(), keyword)
    g = load_gazetteer()
    head = re.compile(r"^(?:United Nations |UN )?" + needle)
    return [e.code for e in g.entries if e.kind == "Treaty" and any(head.match(lab) for _, lab in e.labels)]


def _article_citations(text: str, lang: str, in_eid: str, ctx: CitationContext) -> list[Citation]:
    rx = _ART_FR if lang == "fr" else _ART_EN
    mentions = find_mentions(text, language=lang, tracker=MentionTracker(), kinds="treaties")
    out = []
    for m in rx.finditer(text):
        start, end = m.start(), m.end()
        attrs: list[tuple[str, str]] = [("article", m.group("anum"))]
        pnum = m.group("pnum") or (m.groupdict().get("pnum2"))
        if pnum:
            attrs.append(("paragraph", pnum.strip("()").rstrip(")")))
        if m.group("para") is None and text[start:start + 2].lower() == "l'":
            pass
        treaty = None
        if m.group("tw"):
            full = next((x for x in mentions if x.start == m.start("tw") or (x.start <= m.start("tw") < x.end)), None)
            if full is not None:
                treaty, end = full.code, max(end, full.end)
            else:
                treaty = ctx.treaties.resolve(_treaty_codes(m.group("tw")))
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
                treaty = ctx.treaties.resolve(_treaty_codes(last_word.group()))
        if treaty:
            attrs.append(("treaty", treaty))
        # The span starts at "paragraphe"/"article", without a leading article word.
        span_start = m.start("para") if m.group("para") else m.start("art")
        out.append(Citation(text[span_start:end], "treaty-article", in_eid, span_start, end, None, None, None, tuple(attrs)))
    # Full treaty mentions update the tracker after the articles of this text are resolved
    # against the state *before* it plus the mentions inside it (handled above).
    for x in mentions:
        ctx.treaties.seen(x.code)
    return out


_UNTS = re.compile(
    r"(?P<series>(?:(?:Nations\s+Unies|United\s+Nations)\s*,\s*)?(?:Recueil\s+des\s+Traités|Treaty\s+Series)|Ibid\.?)"
    r"\s*,\s*vol\.\s*(?P<vol>\d+)(?:\s*,\s*(?:n[o°º]|No)\.?\s*(?P<num>\d+))?"
)
_SALES = re.compile(
    r"(?:Sales\s+No\.|num[ée]ro\s+de\s+vente)\s*:?\s*(?P<no>[A-Z]\.\d{2}\.[IVX]+(?:\.[A-Z0-9]+)*\.\d+)"
)
_AGENDA = re.compile(
    r"2030\s+Agenda\s+for\s+Sustainable\s+Development|Programme\s+de\s+développement\s+durable\s+à\s+l['’]horizon\s+2030"
)
_SDG = re.compile(
    r"(?:Sustainable\s+Development\s+)?\b(?:(?P<g>Goals?|[Oo]bjectifs?\s+de\s+développement\s+durable(?:\s+n[o°])?)\s+(?P<goal>\d{1,2})\b(?!\.\d)"
    r"|(?:[Tt]argets?|[Cc]ibles?)\s+(?P<target>\d{1,2}\.[0-9a-c]{1,2})\b)"
)


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
    for c in _number_citations(text, lang, in_eid, issuing_body):
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
    elif re.match(r"^\s*Ibid\.?\s*(?:,\s*(?P<loc>.*))?$", text, re.DOTALL) and ctx.last is not None:
        m2 = re.match(r"^\s*Ibid\.?", text)
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


def issuing_body_of(res: Resolution) -> str | None:
    """Actor code of the body issuing ``res``: from its symbol, else its ``body`` field.

    >>> from lod.model import SourceInfo
    >>> issuing_body_of(Resolution("CTOC/COP/2020/L.6/Rev.1", "fr", "draft-resolution", None, None, (), (), (),
    ...     SourceInfo(None, "", 0)))
    'un-ctoc-cop'
    """
    for sym in (res.symbol, *res.symbols):
        if sym:
            code = body_of_symbol(sym)
            if code:
                return code
    if res.body:
        if res.body in BODY_SERIES:
            return res.body
        mentions = find_mentions(res.body, language=res.language)
        if mentions:
            return mentions[0].code
    if res.formula:
        mentions = find_mentions(res.formula, language=res.language)
        if mentions:
            return mentions[0].code
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

    With ``base`` and a ``lod.identifiers.work_iri_for_symbol``, targets get
    their IRI; otherwise ``target_iri`` stays None and the RDF/JSON layers
    compute it from ``target_symbol``.
    """
    issuing = issuing_body_of(res)
    ctx = CitationContext(issuing_body=issuing)
    lang = res.language
    # Treaty names in the title and formula count as prior mentions ("le Protocole").
    for t in (res.title, res.formula):
        if t:
            for x in find_mentions(t, language=lang, tracker=MentionTracker(), kinds="treaties"):
                ctx.treaties.seen(x.code)
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
    try:
        from lod.identifiers import work_iri_for_symbol  # type: ignore[attr-defined]
    except ImportError:
        return c
    try:
        iri = work_iri_for_symbol(c.target_symbol, base, date=c.target_date)
    except Exception:  # noqa: BLE001 - a target we cannot name keeps its symbol only
        return c
    return replace(c, target_iri=str(iri))
