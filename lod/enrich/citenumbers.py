"""Resolution and decision numbers in running text: chains, bodies, dates (used by lod.enrich.citations).

A number is a citation only inside a *chain* opened by a trigger word
("resolution(s)", "résolution(s)", "decision(s)", "Presidential Statement"):
the body is named before the trigger, after it, or after the number; a date
closes the run of undated numbers before it; a list resumes after a relative
clause when the next number carries its date. ``number_citations`` returns
``Citation`` objects with normalised target symbols (``lod.enrich.symbols``).

>>> [(c.text, c.target_symbol) for c in number_citations(
...     "les résolutions du Conseil économique et social 2013/41 du 25 juillet 2013 et 2015/23",
...     language="fr", in_eid="p", issuing_body="un-ctoc-cop")]
[('2013/41 du 25 juillet 2013', 'E/RES/2013/41'), ('2015/23', 'E/RES/2015/23')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from lod.enrich.gazetteer import load_gazetteer
from lod.errors import IdentifierError
from lod.model import Citation
from lod.enrich.symbols import (
    BODY_SERIES,
    SC_NUMBER,
    SLASH_NUMBER,
    body_of_symbol,
    default_body_for_number,
    normalise_number,
    parse_symbol,
    resolution_symbol,
)

__all__ = ["SYMBOL_PATTERN", "number_citations"]

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


def _body_names(lang: str) -> dict[str, str]:
    """The body names of ``lang`` and English, acronyms included, as written -> actor code."""
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
    return names


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _guarded(first: str, *alternatives: str) -> str:
    """``alternatives`` (in order) behind a lookahead for ``first``, a class of every character one of them may
    start with: where none can start, one test rejects them all instead of each trying its own way."""
    return f"(?={first})(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class _Lexicon:
    """The patterns of one language.

    ``tokens`` is the tokenizer (a token's kind is its group name). Outside a chain only a few kinds
    change state; ``interesting`` matches wherever a number or body one may start (their
    alternatives, without the tokenizer's priorities), so that with ``_trigger_starts`` the words
    before the next one can be passed over.
    ``sync`` matches at a word start where no token can straddle the whitespace before it, hence
    where tokenizing may start afresh and find the tokens the full scan would.
    """

    tokens: re.Pattern[str]
    interesting: re.Pattern[str]
    sync: re.Pattern[str]
    body_map: dict[str, str]


_LEXICONS: dict[str, _Lexicon] = {}

# The words that follow whitespace inside a multi-word token of a fixed alternative below ("as well
# as", "en date du", "statements by the President", dates' months…); the body names add their own.
_CONTINUATIONS = (
    "well", "as", "que", "date", "du", "on", "le", "statement", "statements", "by", "its", "the",
    "president", "de", "la", "présidence", "président", *_MONTHS,
)


def _lexicon(lang: str) -> _Lexicon:
    """The patterns of ``lang`` (see ``_Lexicon``), built once.

    The tokenizer's alternatives are tried in the order written; the lookaheads of ``_guarded`` only
    skip alternatives that cannot start at a position (whitespace, lower-case words…), which is where
    a scan of the whole text spent most of its time.
    """
    if lang not in _LEXICONS:
        names = _body_names(lang)
        body_first = _char_class(n.split()[0][0] for n in names)
        body_alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True)]
        number_kinds = {  # tried after "date", before "int"
            "sc": r"(?<![\w/.])\d{1,4}\s*\(\s*(?:19|20)\d\d\s*\)",
            "rom": r"(?<![\w/.])\d{1,4}(?:\s*[A-H])?\s*\(\s*(?:ES-|S-)?[IVXL]+\s*\)",
            "slash": r"(?<![\w/.])(?:ES-|S-)?\d{1,4}\s*/\s*\d{1,3}(?:\s[A-C](?![\w/]))?(?![\d/])",
        }
        trigger_kinds = {
            "prst": r"\b(?:[Pp]residential\s+[Ss]tatements?|[Ss]tatements?\s+by\s+(?:its|the)\s+President|"
                    r"[Dd]éclarations?\s+(?:de\s+la|du)\s+[Pp]résiden(?:ce|t))\b",
            "trig": r"\b(?:[Rr][ée]solutions?|[Dd][ée]cisions?)\b",
        }
        body = r"(?<!\w)(?:" + "|".join(body_alts) + r")(?!\w)"

        def alts(kinds: dict[str, str]) -> list[str]:
            return [f"(?P<{k}>{v})" for k, v in kinds.items()]

        tokens = _guarded(
            rf"(?:[\w,;:()\[\].]|{body_first})",  # what the tokens below start with
            _guarded(
                "[A-Z]",
                rf"(?P<sym>{_SYMBOL})",
                r"(?P<fsym>(?<![\w/.-])[A-Z]{2,}(?:/[A-Za-z0-9.\-]+)+)",
            ),
            _guarded(r"[\dES]", rf"(?P<date>{_DATE})", *alts(number_kinds),
                     r"(?P<int>(?<![\w/.,])\d{1,4}(?![\w/.]|,\d|\s*\())"),
            _guarded("[PpSsDdRr]", *alts(trigger_kinds)),
            _guarded(body_first, f"(?P<body>{body})"),
            _guarded("[itsl]", r"(?P<poss>\b(?:its|their|sa|ses|son|leur|leurs)\b)"),
            r"(?P<conn>,|\b[ldLD]['’]|\b(?:and|et|as\s+well\s+as|ainsi\s+que|of|du|de|des|la|le|les|en\s+date\s+du|"
            r"dated|adopted\s+on|adoptées?\s+le|adoptés?\s+le|on|the|in|by|par|dans|à)(?!\w))",
            r"(?P<filler>\b(?:relevant|pertinentes?|previous|prior|earlier|subsequent|successive|related|all|other|"
            r"antérieures?|précédentes?|ultérieures?|successives|toutes|autres|provisions|numbers?|Nos?\.|nos?)(?!\w))",
            r"(?P<end>[;:()\[\]]|\.(?=\s|$))",
            r"(?P<word>[^\W\d_][\w'’-]*|\d+)",
        )
        # Where a number or body token may start (trigger words are found with _TRIGGER_NEEDLES). The
        # pattern opens with the class of their first characters, consumed, so that the search only
        # stops at those (a lookahead first would be tried at every position); then come what all the
        # alternatives require (no word character before) and the alternatives, from that character.
        interesting = rf"[\dES{body_first[1:-1]}](?<!\w.)(?<=(?=" + "|".join([
            _guarded(r"[\dES]", *number_kinds.values()),
            _guarded(body_first, body),
        ]) + ").)"
        # Whitespace inside a token is followed by "(", "/", ")", a digit, a single letter ("70/1 A",
        # "217 A (III)"), a Roman numeral or "ES-"/"S-" ("( ES-10 )"), or a word: one of
        # _CONTINUATIONS or a body name's next word. Other words start after a token boundary.
        continuations = {*_CONTINUATIONS, *(w for n in names for w in n.split()[1:])}
        sync = (r"(?<=\s)(?=[^\W\d_])(?!\w(?!\w))(?!(?:ES|S)-)(?![IVXL]+(?!\w))(?!(?i:"
                + "|".join(re.escape(w) for w in sorted(continuations, key=len, reverse=True)) + r")(?!\w))")
        _LEXICONS[lang] = _Lexicon(re.compile(tokens), re.compile(interesting), re.compile(sync),
                                   {" ".join(n.split()).lower(): c for n, c in names.items()})
    return _LEXICONS[lang]


def _parse_date(m: re.Match[str]) -> date | None:
    day = 1 if m.group("day") == "1er" else int(m.group("day"))
    try:
        return date(int(m.group("year")), _MONTHS[m.group("month").lower()], day)
    except ValueError:
        return None



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


_DIGIT = re.compile(r"\d")
# Every "trig" and "prst" token contains one of these, this many characters after its start
# ("[Rr][ée]solutions?", "[Pp]residential…", "[Ss]tatements? by…"): a text without any has no
# chain, hence no citation.
_TRIGGER_NEEDLES = {"solution": 2, "cision": 2, "tatement": 1, "éclaration": 1, "residential": 1}


# How many tokens ``_number_citations`` keeps: the current one and the 8 before it, more than the
# helpers read back (``_body_before``: 7, ``_int_ok``: 2), so that their index checks only ever
# stop at the start of the text.
_LOOKBACK = 9

# How many words back from an interesting token ``_restart_before`` looks for a place to restart.
_RESTART_TRIES = 6

# Token kinds that change no state when no chain is open (a chain opens at "trig"/"prst", a list
# resumes at "sc"/"rom"/"slash", and "body" can still give earlier numbers their body).
_INERT_OUTSIDE_CHAIN = frozenset({"sym", "fsym", "date", "int", "conn", "filler", "poss", "word", "end"})


def _number_citations(text: str, lang: str, in_eid: str, issuing: str | None) -> list[Citation]:
    if not ("solution" in text or "cision" in text or "tatement" in text or "éclaration" in text) or not _DIGIT.search(text):
        # A citation needs a trigger word (each contains one of these, see _TRIGGER_NEEDLES) and a
        # number: skip the rest otherwise. Inline "in" tests: most texts stop here.
        return []
    lex = _lexicon(lang)
    token_re, body_map = lex.tokens, lex.body_map
    # Tokens are read one by one, keeping only the last few the helpers look back at: holding every
    # token (and its match object) of a long paragraph cost more than matching them.
    tokens: list[tuple[str, re.Match[str]]] = []
    last_trigger: int | None = None  # start of the last "trig"/"prst" token
    has_trigger: bool | None = None  # whether the text has a trigger token; looked ahead for when needed
    out: list[_Pending] = []
    chain = False
    chain_kind = "resolution"
    body: str | None = None
    explicit = False
    seen_number = False
    others = 0
    group: list[_Pending] = []  # numbers since the last trigger
    undated: list[_Pending] = []  # run waiting for a date
    resume: tuple[str, str | None, bool] | None = None  # (kind, body, explicit) of the last chain
    last_explicit: tuple[str, int] | None = None  # body and end of the last number cited with an explicit body
    pos = 0  # where tokenizing resumes: a token boundary, with ``tokens`` the tokens before it
    triggers = _trigger_starts(text)[::-1]  # the first at or after ``pos`` last
    next_other = -1  # where the next number or body token may start (``lex.interesting``), len(text) if nowhere
    while True:
        # Outside a chain (always so here), the tokens before the next place an interesting one can
        # start change nothing: tokenizing resumes at the last word before it that is a token boundary.
        while triggers and triggers[-1] < pos:
            triggers.pop()
        if next_other < pos:  # else still the first at or after ``pos``: the text is scanned once
            found = lex.interesting.search(text, pos)
            next_other = len(text) if found is None else found.start()
        target = min(next_other, triggers[-1]) if triggers else next_other
        if target == len(text):
            break  # nothing after ``pos`` can change the state
        restart = _restart_before(lex, text, pos, target)
        if restart is not None:
            # The helpers' look-back stops at a "word": the tokens before it are not needed.
            tokens = [("word", restart)]
            pos = restart.end()
        for m in token_re.finditer(text, pos):
            if not chain and m.start() > target:
                pos = m.start()
                break
            kind = m.lastgroup or ""
            if len(tokens) == _LOOKBACK:
                del tokens[0]
            tokens.append((kind, m))
            i = len(tokens) - 1
            if not chain and kind in _INERT_OUTSIDE_CHAIN:
                continue  # what the branches below do with these outside a chain: nothing
            if kind in ("sym", "fsym"):
                chain = False
                continue
            if kind in ("trig", "prst"):
                last_trigger = m.start()
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
                if not chain and resume is not None and _resumes(tokens, _tokens_after(token_re, text, m)):
                    # ", and 65/281 of 17 June 2011" after a relative clause: the list goes on.
                    chain, seen_number, group, undated = True, True, [], []
                    chain_kind, body, explicit = resume
                if not chain:
                    # Standalone "2242 (2015)" after a relative clause: unmistakable SC shape only.
                    if has_trigger is None and kind == "sc":
                        has_trigger = last_trigger is not None or any(
                            k in ("trig", "prst") for k, _ in _tokens_after(token_re, text, m))
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
                    pm = _PARA_BEFORE.search(text, max(0, m.start() - 80), m.start() if last_trigger is None else last_trigger)
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
        else:
            break
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


def _trigger_starts(text: str) -> list[int]:
    """Sorted positions no later than the start of each "trig" or "prst" token of ``text`` (one per
    trigger needle found: most texts have none, the others a handful)."""
    starts: list[int] = []
    for needle, offset in _TRIGGER_NEEDLES.items():
        k = text.find(needle)
        while k >= 0:
            starts.append(max(0, k - offset))
            k = text.find(needle, k + 1)
    starts.sort()
    return starts


def _restart_before(lex: _Lexicon, text: str, pos: int, target: int) -> re.Match[str] | None:
    """The "word" token at the last place before ``target`` (and after ``pos``, a token boundary) where
    ``lex.sync`` says tokenizing may restart, among the few words before it; None if there is none.

    A "word" is where every look-back of the helpers stops (``_body_before``, ``_resumes``), so the
    tokens before it need not be known.
    """
    end = target
    for _ in range(_RESTART_TRIES):
        space = text.rfind(" ", pos, end)
        if space < 0:
            return None
        if lex.sync.match(text, space + 1):
            m = lex.tokens.match(text, space + 1)
            if m is not None and m.lastgroup == "word":
                return m
        end = space
    return None


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


def _resumes(tokens: list[tuple[str, re.Match[str]]], following: Iterable[tuple[str, re.Match[str]]]) -> bool:
    """The number last in ``tokens`` follows ", and"/"et" and, in ``following``, its date: a list resumed."""
    if len(tokens) < 2 or tokens[-2][0] != "conn" or tokens[-2][1].group().lower() not in (",", "and", "et"):
        return False
    skipped = 0
    for kind, m in following:
        if ((kind == "conn" and m.group().lower() in (",", "of", "du", "en date du", "dated"))
                or (kind == "word" and m.group().lower() in ("also", "both", "également"))):
            skipped += 1
            continue
        return skipped > 0 and kind == "date"
    return False


def _tokens_after(token_re: re.Pattern[str], text: str, m: re.Match[str]) -> Iterator[tuple[str, re.Match[str]]]:
    """The tokens after token ``m``, read on demand (the scan resumes where ``m`` ends, as ``finditer`` does)."""
    return ((t.lastgroup or "", t) for t in token_re.finditer(text, m.end()))


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




SYMBOL_PATTERN = _SYMBOL


def number_citations(text: str, *, language: str, in_eid: str, issuing_body: str | None) -> list[Citation]:
    """Resolution, decision and presidential-statement numbers cited in ``text`` (``language`` "fr" or "en")."""
    return _number_citations(text, "fr" if language == "fr" else "en", in_eid, issuing_body)
