"""Texts that hold several resolutions, or part of one: split them, publish only what is whole.

The printed volumes (Resolutions and Decisions of the Security Council, the General Assembly's
Official Records) run resolutions one after another: a page holds the end of one, a whole second
one and the start of a third, with "Decision" narratives between, often in two columns that the
OCR interleaves. Published as one document, such a page puts one resolution's paragraphs under
another's symbol.

``parse_documents(source)`` therefore

1. finds each resolution's heading ("Resolution 661 (1990)", "83 (1950). Resolution of 27 June
   1950", "44/10. The situation in Central America …"; twin English/French headings count once);
2. when the text holds more than one, or resolution text before its only heading, parses each
   part on its own (its symbol and date from the heading) and the text before the first heading
   as the end of a resolution begun on an earlier page;
3. publishes a part only when it is whole: a formula or a first recital, operative paragraphs
   numbered 1, 2, 3 … without a gap, the adoption line after them, no second formula, no numbered
   paragraphs of another resolution mixed in, one language; every other part is refused with its
   reason. A text that holds one resolution is refused too when it is a fragment (it starts
   after paragraph 1, or ends mid-sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from lod.errors import ParseError
from lod.model import Resolution
from lod.read.header import parse_date
from lod.read.languages import LANGUAGES, Language, detect_language
from lod.read.normalise import Line, normalise
from lod.read.patterns import OPERATIVE_NUMBER
from lod.read.source import Source
from lod.read.structure import _formula_shaped, leading_language, parse_lines

__all__ = ["ParsedFile", "RefusedPart", "parse_documents"]


@dataclass(frozen=True)
class RefusedPart:
    """A part of a text that holds (part of) a resolution we do not publish, and why.

    ``symbol`` is what the part names itself, when it does; ``line`` is 1-based in the source.
    """

    symbol: str | None
    line: int | None
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    """Everything one file holds: the complete documents, in order, and the parts left out.

    Most files hold one document. A page of a printed volume may hold the end of one resolution,
    a whole second one and the start of a third: the whole ones are ``documents``, the others
    ``refused`` with their reason.
    """

    documents: tuple[Resolution, ...]
    refused: tuple[RefusedPart, ...] = ()


@dataclass(frozen=True)
class _Start:
    index: int
    symbol: str | None
    adopted: date | None
    title: str | None = None


_SC_HEADING = re.compile(r"^(?:RESOLUTION|Resolution|Résolution|RÉSOLUTION)\s+(\d{1,4})\s*\(\s*(\d{4})\s*\)\s*$")
_VOLUME_HEADING = re.compile(
    r"^(\d{1,4})?\s*\(\s*(\d{4}|[IVXL]+)\s*\)\s*\.?\s+(?:Resolution|Résolution|RESOLUTION|Resoluci[óo]n)\s+(?:of|du|de)\s+(.{6,40})$")
_GA_HEADING = re.compile(r"^(\d{2,3})/(\d{1,3})\s*\.(?:\s+(\S.*))?$")
_DATE_LINE = re.compile(r"^(?:of|du|de)\s+(\d{1,2}\s+(?:de\s+)?\S+\s+(?:de\s+)?\d{4})\s*$")
_ADOPTION = re.compile(
    r"^(?:Adopted|Adoptée?|Adoptee|(?-i:Aprobada))\b|^\d+(?:st|nd|rd|th)\s+plenary meeting$|^\d+e\s+séance plénière$", re.IGNORECASE)
_FRENCH = frozenset({"le", "la", "les", "des", "du", "et", "de", "à", "a", "que", "qui", "dans", "pour", "sur", "au", "aux", "une", "est"})
_ENGLISH = frozenset({"the", "of", "and", "to", "in", "that", "for", "on", "by", "with", "its", "is", "a", "an", "be"})


def parse_documents(src: Source, *, language: str | None = None) -> ParsedFile:
    """Every whole resolution ``src`` holds, and the parts refused with their reason.

    Raises:
        ParseError: the text holds nothing we can structure as a resolution.
    """
    if not src.text.strip():
        raise ParseError("empty text: expected the text of a resolution", source=src.info.name, line=1)
    lines, meta = normalise(src.text)
    code = language or leading_language(lines, detect_language(src.text))
    lang = LANGUAGES.get(code)
    bilingual = lang is not None and _other_language_blocks(lines, lang)
    if bilingual and lang is not None:
        lines = _keep_language(lines, lang)
    starts = _starts(lines, lang) if lang is not None else []
    if lang is None or not _is_compilation(lines, starts, lang):
        res = parse_lines(lines, meta, code, src.info, src.warnings)[0]  # the lines read once, not again
        reason = fragment_reason(res)
        if reason:
            return ParsedFile((), (RefusedPart(res.symbol, _first_line(lines), reason),))
        return ParsedFile((res,))
    documents: list[Resolution] = []
    refused: list[RefusedPart] = []
    first = starts[0].index
    lead = lines[:first]
    if _holds_resolution_text(lead, lang):
        refused.append(RefusedPart(None, _first_line(lead), "the end of a resolution whose beginning is on an "
                                   "earlier page (this text starts inside it)"))
    bounds = [s.index for s in starts] + [len(lines)]
    for start, end in zip(starts, bounds[1:]):
        part = lines[start.index:end]
        found, tail, reason = _parse_part(part, meta, code, src, start, lang)
        if found is not None and reason is None:
            documents.append(found)
        else:
            refused.append(RefusedPart(start.symbol, part[0].no, reason or "no resolution text"))
        stray = _stray_paragraphs(tail)
        if stray is not None:
            refused.append(RefusedPart(None, stray.no, "numbered paragraphs after the adoption line, under no "
                                       "heading: another resolution's text from the other column"))
    seen: set[str | None] = set()
    unique = []
    for res in documents:  # the same heading twice (twin columns): keep the first
        if res.symbol not in seen:
            seen.add(res.symbol)
            unique.append(res)
    return ParsedFile(tuple(unique), tuple(refused))


def fragment_reason(res: Resolution) -> str | None:
    """Why a text that holds one resolution is only part of it, or None when it looks whole."""
    codes = {w.code for w in res.warnings}
    if not res.operative and res.doc_type != "amendment":
        return "no operative paragraph: the text stops before the operative part (a fragment)"
    first = res.operative[0].num if res.operative else ""
    if first not in ("", "1") and first.isdigit() and "numbered-preamble" not in codes:
        return f"the operative part starts at paragraph {first}: the text begins inside the resolution (a fragment)"
    if "truncated" in codes:
        return "the last paragraph ends mid-sentence: the text is cut before the end of the resolution (a fragment)"
    lang = LANGUAGES.get(res.language)
    if (lang is not None and res.formula is None and res.symbol is None and res.preamble
            and lang.preamble_phrase(res.preamble[0].text)):
        return "no enacting formula and no symbol before a recital: the text begins inside the preamble (a fragment)"
    if res.formula is None and res.symbol is None and not res.preamble and "text-after-end" in codes:
        return ("no enacting formula, no recital and no symbol, and the page's text around the paragraphs: an "
                "operative part quoted alone (a fragment), not a whole resolution")
    if res.formula is None and res.operative and not any(p.num for p in res.operative):
        return ("unnumbered operative paragraphs and no enacting formula above them: nothing tells where the "
                "resolution's text begins (a fragment, or a formula not read)")
    # (a list is lost after ':', or after ',' where a comma does not end a paragraph as Chinese ends its clauses)
    ends = (":", "：") if lang is not None and lang.line_per_paragraph else (":", "：", ",", "，", "،")
    for para, nxt in zip(res.operative, res.operative[1:]):
        if (not para.num and not para.points and para.text.rstrip(" ”’\"»)").endswith(ends)
                and not (lang is not None and lang.clause_re.match(nxt.text))):
            return ("an unnumbered operative paragraph announces a list that is not in the text "
                    f"({para.text[-40:]!r}): part of the resolution is lost")
    return None


def _first_line(lines: list[Line]) -> int:
    return next((ln.no for ln in lines if ln.stripped), lines[0].no if lines else 1)


def _starts(lines: list[Line], lang: Language) -> list[_Start]:
    """The resolution headings of the text, twin (English/French) headings merged."""
    found: list[_Start] = []
    formula_seen: list[int] | None = None  # the formulas' positions, found on the first GA heading
    for i, line in enumerate(lines):
        s = line.stripped
        if not s or not (s[0].isdigit() or s[0] in "R(r"):
            continue
        if formula_seen is None and s[0].isdigit() and "/" in s[:8]:
            formula_seen = _formula_positions(lines, lang)
        start = _heading(lines, i, s, lang, formula_seen or [])
        if start is None:
            continue
        if found and _twin(found[-1], start, lines):
            if found[-1].symbol is None and start.symbol is not None:
                found[-1] = replace(found[-1], symbol=start.symbol)
            if found[-1].adopted is None and start.adopted is not None:
                found[-1] = replace(found[-1], adopted=start.adopted)
            continue
        found.append(start)
    return found


def _formula_positions(lines: list[Line], lang: Language) -> list[int]:
    return [i for i, ln in enumerate(lines) if ln.stripped and len(ln.stripped) < 120 and _formula_shaped(ln.stripped)
            and lang.formula_re.match(ln.stripped)]


def _heading(lines: list[Line], i: int, s: str, lang: Language, formulas: list[int]) -> _Start | None:
    if "(" not in s and "/" not in s:
        return None  # every heading shape holds a bracket ("(1990)") or a slash ("44/10.")
    m = _SC_HEADING.match(s) if s[0] in "Rr" else None
    if m:
        return _Start(i, f"S/RES/{m.group(1)} ({m.group(2)})", _date_near(lines, i, lang))
    m = _VOLUME_HEADING.match(s) if "(" in s else None
    if m:
        number, session = m.group(1), m.group(2)
        body = "S" if session.isdigit() else "A"
        symbol = f"{body}/RES/{number} ({session})" if number else None
        return _Start(i, symbol, parse_date(m.group(3), lang) or _date_near(lines, i, lang))
    m = _GA_HEADING.match(s) if "/" in s[:8] else None
    if m and any(i < f <= i + 14 for f in formulas):
        formula = min(f for f in formulas if f > i)
        return _Start(i, f"A/RES/{m.group(1)}/{m.group(2)}", None, _heading_title(m.group(3), lines[i + 1:formula]))
    return None


def _heading_title(first: str | None, following: list[Line]) -> str | None:
    """The title after "44/10.", over the lines down to the formula; a word cut at a line end
    ("humani-" / "tarian") is joined."""
    parts = [first] if first else []
    for line in following:
        if line.stripped:
            parts.append(line.stripped)
    title = ""
    for part in parts:
        if title.endswith("-") and part[:1].islower() and title[-2:-1].isalpha():
            title = title[:-1] + part
        else:
            title = f"{title} {part}".strip()
    return title or None


def _date_near(lines: list[Line], i: int, lang: Language) -> date | None:
    """The date a volume prints under a heading ("of 6 August 1990"), within the next few lines."""
    for line in lines[i + 1:i + 8]:
        m = _DATE_LINE.match(line.stripped)
        if m:
            return parse_date(m.group(1), lang)
    return None


def _twin(a: _Start, b: _Start, lines: list[Line]) -> bool:
    """Two headings of one resolution side by side (the English and French columns of a volume)."""
    close = sum(1 for ln in lines[a.index + 1:b.index] if ln.stripped) <= 3
    same = a.symbol == b.symbol or a.symbol is None or b.symbol is None
    return close and same


def _is_compilation(lines: list[Line], starts: list[_Start], lang: Language) -> bool:
    if len(starts) >= 2:
        return True
    return len(starts) == 1 and _holds_resolution_text(lines[:starts[0].index], lang)


def _holds_resolution_text(lines: list[Line], lang: Language) -> bool:
    """Do these lines hold paragraphs of a resolution (numbered paragraphs, recitals, a formula, an adoption line)?"""
    nonblank = [line.stripped for line in lines if line.stripped]
    for k, s in enumerate(nonblank):
        m = OPERATIVE_NUMBER.match(s)
        if m and s[m.end():][:1].isupper():
            return True
        if _ADOPTION.match(s) or (lang.formula_re.match(s) and len(s) < 120 and _formula_opens(s, nonblank[k + 1:k + 2], lang)):
            return True
        if len(s) > 300 and re.search(r"[;:,]\s+\d{1,2}\.\s+[A-ZÀ-Ý]", s):
            return True  # paragraphs run together on one long line (web pages of the volumes)
    return False


def _formula_opens(s: str, after: list[str], lang: Language) -> bool:
    """Is the formula-shaped line ``s`` a formula: with its comma, or followed by a paragraph? A masthead's
    body name is not ("Генеральная Ассамблея" / "Distr.: General": Russian, Arabic and Chinese formulas have no article)."""
    nxt = after[0] if after else ""
    return s[-1] in ",，،" or bool(nxt) and bool(lang.preamble_phrase(nxt) or OPERATIVE_NUMBER.match(nxt))


def _parse_part(part: list[Line], meta: dict[str, str], code: str, src: Source, start: _Start,
                lang: Language) -> tuple[Resolution | None, list[Line], str | None]:
    """Parse one resolution's part of a compilation text; say why it is not whole, if it is not."""
    try:
        res, tail = parse_lines(part, meta, code, src.info, src.warnings)
    except ParseError as exc:
        return None, [], f"not a resolution text: {exc.reason}"
    if start.symbol is None:
        return None, tail, "the heading's resolution number is not legible"
    res = replace(res, symbol=start.symbol, symbols=(start.symbol,),
                  adoption_date=start.adopted or res.adoption_date,
                  title=start.title if start.title is not None else res.title)
    reason = _whole(res, part, tail, lang)
    return res, tail, reason


def _whole(res: Resolution, part: list[Line], tail: list[Line], lang: Language) -> str | None:
    """None when the part is a whole resolution, else why not."""
    reason = fragment_reason(res)
    if reason:
        return reason
    codes = {w.code for w in res.warnings}
    if "number-in-text" in codes:
        return "paragraph numbers outside the sequence stand in the text: another resolution's paragraphs are mixed in"
    if "numbering-gap" in codes or "numbering-repeat" in codes:
        return "the operative numbering has a gap or a repeat: another resolution's text is mixed in, or a part is missing"
    formulas = [ln for ln in part if ln.stripped and lang.formula_re.match(ln.stripped) and len(ln.stripped) < 120]
    if len(formulas) > 1:
        return "two enacting formulas: the text of two resolutions is interleaved (two columns read across)"
    if not any(_ADOPTION.match(ln.stripped) for ln in tail[:6] if ln.stripped):
        return "no adoption line after the last paragraph: the resolution continues on another page"
    if _unresolved_markers(res):
        return ("footnote markers stand in the text whose notes are printed elsewhere on the page: they cannot be "
                "told from the other resolutions' notes")
    if _mixed_languages(part, lang):
        return "the columns of two languages are interleaved line by line: the paragraphs cannot be separated reliably"
    return None


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def _votes(lines: list[Line], lang: Language) -> tuple[int, int, int]:
    """The words of ``lines``, and how many are function words of ``lang`` and of the page's other
    language (English or French); ``lang`` must be one of the two."""
    own, other = (_ENGLISH, _FRENCH) if lang.code == "en" else (_FRENCH, _ENGLISH)
    words = [w.lower() for line in lines for w in _LATIN_WORD.findall(line.stripped)]
    return len(words), sum(w in own for w in words), sum(w in other for w in words)


def _block_language(block: list[Line], lang: Language) -> str | None:
    """"own", "other" (the page's other language, English or French) or None (too few words to tell)."""
    if lang.code not in ("en", "fr"):
        return None
    _, a, b = _votes(block, lang)
    if a + b < 3:
        return None
    return "other" if b > 2 * a else "own" if a > 2 * b else None


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """Runs of non-blank lines, as (start, end) indices."""
    out = []
    start = None
    for i, line in enumerate(lines + [Line("", 0, 0)]):
        if line.blank:
            if start is not None:
                out.append((start, i))
                start = None
        elif start is None:
            start = i
    return out


#: How a formula names an organ in each language of the bilingual volumes (a cheap test before the patterns).
_BODY_NAMES = {"en": ("Council", "Assembly"), "fr": ("Conseil", "Assemblée")}


def _other_language_blocks(lines: list[Line], lang: Language) -> bool:
    """Does the page print the same texts in a second language, block by block (the volumes of
    1946-1960 set English and French side by side)? Both languages' formulas must stand in it."""
    if lang.code not in ("en", "fr"):
        return False
    other = LANGUAGES["fr" if lang.code == "en" else "en"]
    text = "\n".join([ln.text for ln in lines])
    if not any(name in text for name in _BODY_NAMES[other.code]):
        return False  # the other language's organs are not even named: one language
    formula_other = any(other.formula_re.match(ln.stripped) for ln in lines
                        if ln.stripped and len(ln.stripped) < 120 and _formula_shaped(ln.stripped))
    return formula_other and any(_block_language(lines[a:b], lang) == "other" for a, b in _blocks(lines))


def _keep_language(lines: list[Line], lang: Language) -> list[Line]:
    """The page with the other language's blocks blanked (line numbers kept)."""
    out = list(lines)
    for a, b in _blocks(lines):
        if _block_language(lines[a:b], lang) == "other":
            for k in range(a, b):
                out[k] = Line("", lines[k].no, 0)
    return out


def _mixed_languages(part: list[Line], lang: Language) -> bool:
    """Do many lines of an English text read as French (or the reverse): bilingual columns merged?"""
    if lang.code not in ("en", "fr"):
        return False
    counted = foreign = 0
    for line in part:
        n, a, b = _votes([line], lang)
        if n < 5:
            continue
        counted += 1
        if b > a and b >= 2:
            foreign += 1
    return counted >= 10 and foreign >= 0.15 * counted


#: A footnote number left in a volume page's text: after a word's closing punctuation (";23", "Council,2 6").
_MARKER_LEFT = re.compile(r"(?<=[^\d,.][,;:.])\s?\d{1,2}(?:\s\d)?(?=\s+[A-Za-z]|\s*$)")


def _unresolved_markers(res: Resolution) -> bool:
    """Is a footnote number left in a paragraph's or point's text (its note printed elsewhere)?"""
    texts = [p.text for p in res.preamble] + [p.text for p in res.operative]
    texts += [pt.text for p in res.operative for pt in p.points]
    return any(_MARKER_LEFT.search(t) for t in texts)


def _stray_paragraphs(tail: list[Line]) -> Line | None:
    """A numbered paragraph after the adoption line: text of a resolution printed in the other column."""
    for line in tail:
        m = OPERATIVE_NUMBER.match(line.stripped)
        if m and line.stripped[m.end():][:1].isupper():
            return line
    return None
