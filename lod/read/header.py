"""Stage 2: split the masthead from the body and read its metadata.

``read_header(lines, language)`` finds the enacting formula ("The General
Assembly,", "La Conférence des Parties …,", possibly over several lines) and
reads what stands before it: symbol, job number, title, date, session, agenda
item, sponsors, document type. Without a formula, the body starts at the first
line that opens a preambular or numbered operative paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lod.model import ParseWarning
from lod.read.languages import LANGUAGES, Language
from lod.read.normalise import Line
from lod.read.patterns import (
    COUNTER_PATTERN,
    HARD_FURNITURE,
    JOB_PATTERN,
    OPERATIVE_NUMBER,
    SITE_TAGLINE,
    SYMBOL,
    SYMBOL_LINE,
    ZH_DIGITS,
    zh_number,
)
from lod.read.repair import Words

__all__ = ["Header", "date_fits_symbol", "read_header", "split_formula_line"]


@dataclass(frozen=True)
class Header:
    """What the masthead says, and where the body starts (index into the lines)."""

    body_start: int
    formula: str | None = None
    title: str | None = None
    title_lines: tuple[str, ...] = ()
    symbol: str | None = None
    symbols: tuple[str, ...] = ()
    job_number: str | None = None
    adoption_date: date | None = None
    session: str | None = None
    agenda_item: str | None = None
    sponsors: tuple[str, ...] = ()
    doc_type_hint: str | None = None
    amends: str | None = None
    header_line_nos: frozenset[int] = field(default_factory=frozenset)
    #: A resolution in parts, each with its formula: the first part's letter and heading ("A", "INFORMATION …")
    first_part: tuple[str, str] | None = None
    #: What the masthead left unsure (several symbols, a title that could not be read)
    warnings: tuple[ParseWarning, ...] = ()


_STOP = re.compile(
    r"^\[|^Resolution adopted|^Résolution adoptée|^Decision adopted|^Décision adoptée|^Distr|^Agenda item|"
    r"^Point \S+ de l|^Item \d|^\d+/\d+\s*\.?$|^Original\s*:|^Adopted by|^Adoptée par|^United Nations$|"
    r"^Nations Unies$|^Resolution \d|^Résolution \d|^General Assembly$|^Assemblée générale$|^Security Council$|"
    r"^Conseil de sécurité$|^Economic and Social Council$|^Conseil économique et social$|^(?:Vienna|Vienne|Geneva|Genève)\b,?\s*(?:\d|$)|"
    r"^Conference of the Parties|^Conférence des Parties|draft resolution\b|projet de résolution\b|draft decision|"
    r"projet de décision|^Limited$|^Distr\.|^(?-i:[A-Z])[\w-]*(?:\s[\w-]+)?\s+session$",
    re.IGNORECASE,
)
_DATE_EN = re.compile(r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s*,?\s+(\d{4})")
_DATE_US = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s+(\d{4})\b")
_DATE_FR = re.compile(r"\b(1er|\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+(\d{4})", re.IGNORECASE)
#: The adoption sentence and its date; between "Adopted" and "on" the meeting and the votes ("…meeting, by 9 votes
#: to none, with 2 abstentions (…), on 27 May 1960"), never a full stop or a semicolon; "on" glued to the day by OCR.
_ADOPTED = re.compile(
    r"(?:adopted by the [A-Z][\w ]+?|adoptée par l[ea’' ]+[\w ]+?|adopted (?:at|by)[^\n]{0,80}?)[\s,]+(?:at its [\w ]+ meeting,?\s+)?on\s+"
    r"(\d{1,2}\s+\w+\s*,?\s+\d{4})|(?:Adopted|Adoptée)[^\n.;]{0,200}?\b(?:on|le)\s*(\d{1,2}\s+\w+\s+\d{4})|"
    r"^of (\d{1,2}\s+\w+\s+\d{4})$|^\d{1,4}\s*\(\s*\d{4}\s*\)\.?\s+Resolution\s+of\s+(\d{1,2}\s+\w+\s+\d{4})$|"
    r"adoptée? par (?:l[’']|le |la )[\w ]+?[\s,]+(?:à sa [\w ]+ séance,?\s+)?le\s+((?:1er|\d{1,2})\s+\w+\s+\d{4})",
    re.IGNORECASE | re.MULTILINE,
)


def _adopted(text: str) -> re.Match[str] | None:
    """``_ADOPTED.search(text)``, skipped when the text has neither "adopt" nor a line opening with "of "
    (every alternative needs one; the pattern, case-insensitive, is tried at every position)."""
    low = text.lower()
    if "adopt" not in low and not low.startswith("of ") and "\nof " not in low and "resolution of" not in low:
        return None
    return _ADOPTED.search(text)


_SESSION = re.compile(r"^([\w-]+(?:\s[\w-]+)?\s+session|[\w-]+\s+session\s+extraordinaire|\w+ième session)$", re.IGNORECASE)
# French first: "Point 108 de l’ordre du jour" names its item before the words (the English form after)
_AGENDA = re.compile(r"^Points?\s+(?P<fr>[\w\s(),]+?)\s+de l[’']ordre du jour|^Agenda items?\s*(?P<en>.*)$", re.IGNORECASE)
_SPONSORS = re.compile(r"^(.{3,}?)\s*:\s*(?:revised\s+)?(draft resolution|draft decision|projet de résolution|projet de décision|amendment|amendement)s?\b", re.IGNORECASE)
_RES_NUMBER_PREFIX = re.compile(r"^(?:(?:E?S-)?\d+/\d+|[IVXL]+|\d+\s*\([IVXL]+\))\s*(?:\.|(?<=\d)\s[-–](?=\s))\s*")  # Arabic: "78/228 - "


def parse_date(text: str, language: Language) -> date | None:
    """Read the first full date written in words ("19 December 2023", "17 octobre 2008"), in the language's
    own pattern first ("14 de junio de 2023", "14 июня 2023 года", "2023 年 6 月 14 日")."""
    if language.date_re is not None:
        for lm in language.date_re.finditer(text):
            month = language.month(lm.group("m"))
            if month:
                try:
                    return date(int(lm.group("y")), month, int(lm.group("d")))
                except ValueError:
                    return None
    for rx in (_DATE_EN, _DATE_FR):
        m = rx.search(text)
        if m:
            day = 1 if m.group(1).lower() == "1er" else int(m.group(1))
            month = language.month(m.group(2)) or _month_any(m.group(2))
            if month:
                try:
                    return date(int(m.group(3)), month, day)
                except ValueError:
                    return None
    m = _DATE_US.search(text)  # "(December 14, 1992)", as American web pages print it
    if m:
        try:
            return date(int(m.group(3)), LANGUAGES["en"].months[m.group(1).lower()], int(m.group(2)))
        except ValueError:
            return None
    return None


_ANY = LANGUAGES["en"]  # parse_date reads English and French month names whatever the language


def _month_any(name: str) -> int | None:
    for lang in LANGUAGES.values():
        m = lang.month(name)
        if m:
            return m
    return None


def _is_hard_furniture(s: str) -> bool:
    return HARD_FURNITURE.match(s) is not None


def find_formula(lines: list[Line], language: Language, limit: int = 400) -> tuple[int, int] | None:
    """Index of the formula's first line and of the line after it, or None.

    The formula may run over several lines, with blank lines between (the seed);
    it ends at the first line ending with a comma.
    """
    rx = language.formula_re
    for i, line in enumerate(lines[:limit]):
        s = line.stripped if "  " not in line.stripped else " ".join(line.stripped.split())  # "The  General  Assembly,"
        s = _formula_opening(s, language) if s else s
        j = after_first = i + 1
        if not rx.match(s):
            # the formula broken after its first word, perhaps behind a web page's bullet ("- Le" / "Conseil de sécurité,")
            if not s or len(s) > 6 or not (s[0].isalpha() or s[0] in "-–•"):
                continue
            k = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].stripped), None)
            if k is None:
                continue
            s = f"{_BULLET.sub('', s)} {lines[k].stripped}"
            if not rx.match(s):
                continue
            j = after_first = k + 1
        if len(s) > 200:
            continue
        # "The General Assembly," alone, or continued until a comma ends a line.
        text = s
        while not text.rstrip().endswith((",", "，", "،")) and j < len(lines) and j - i < 6:
            nxt = lines[j].stripped
            if nxt and (language.preamble_phrase(nxt) or OPERATIVE_NUMBER.match(nxt) or rx.match(_formula_opening(nxt, language))):
                break  # the formula stood alone, without its comma; or the line was a masthead's ("مجلس الأمن الدولي - القرار …")
            if nxt:
                if _is_hard_furniture(nxt) or nxt[0].isupper() and not text.rstrip().endswith(("la", "le", "de", "des", "of", "the", "and", "et", "à")):
                    break
                text += " " + nxt
            j += 1
        if text.rstrip().endswith((",", "，", "،")) and len(text) < 300:
            return i, j
        if len(s.split()) <= 6 and not text.rstrip().endswith(","):
            # "The General Assembly" without its comma, followed by a paragraph
            first = after_first if text == s else i + 1
            nxt = next((ln.stripped for ln in lines[first:first + 3] if ln.stripped), "")
            if language.preamble_phrase(nxt) or language.operative_phrase_known(nxt) or OPERATIVE_NUMBER.match(nxt):
                return i, first
    return None


#: A connective before the formula in the old texts ("Therefore the Security Council,", "因此,安全理事会,"), and the
#: quotation marks a page opens it with ("“Le Conseil de sécurité.").
_CONNECTIVE = re.compile(r"^(?:Therefore|Accordingly|Consequently|En conséquence|Par conséquent|Por consiguiente|Por lo tanto|"
                         r"因此|因而|为此|為此)\s*[,，]?\s*(?=\S)")
_OPEN_QUOTES = "\"“„«‘ "
#: The articles a formula may have lost ("Assemblée générale," for "L’Assemblée générale,").
_ARTICLES = ("The ", "La ", "Le ", "L’", "El ")


def _formula_opening(s: str, language: Language) -> str:
    """The line as the formula pattern can read it: without the quotation marks or the connective that open it
    ("“Le Conseil de sécurité.", "Therefore the Security Council,"), and with its article when a short line of a
    body's name and its comma lost it ("Assemblée générale,")."""
    t = s.lstrip(_OPEN_QUOTES)
    m = _CONNECTIVE.match(t)
    if m:
        t = t[m.end():]
        t = t[:1].upper() + t[1:]
    if t and not language.formula_re.match(t) and t[-1] in ",，،" and len(t.split()) <= 6 and t[:1].isupper():
        t = next((a + t for a in _ARTICLES if language.formula_re.match(a + t)), t)
    return t if t else s


def split_formula_line(lines: list[Line], language: Language, limit: int = 400) -> list[Line]:
    """The lines with the first paragraph given its own line when an extraction ran it into the formula's
    ("The General Assembly, Recalling its resolution 72/3 …" → "The General Assembly," / "Recalling …",
    both keeping the line's number); the same list when no formula line holds more than the formula."""
    rx = language.formula_re
    seen = False
    for i, line in enumerate(lines[:limit]):
        s = line.stripped
        if not s or not rx.match(s):
            continue
        seen = seen or s[-1] in ",，،" or len(s.split()) <= 6  # a formula's line, not "The Commission on … decides"
        k = _joined_paragraph(s, language) if len(s) >= 12 else None
        if k is None:
            continue
        cut = line.text.index(s) + k
        rest = line.text[cut:].lstrip()
        return lines[:i] + [Line(line.text[:cut], line.no, line.indent), Line(rest, line.no, 0)] + lines[i + 1:]
    if seen:
        return lines
    # no line opens with the formula: the line above may have run into it ("… Human Rights Council The General
    # Assembly,", "14 June 2023 The Security Council,")
    tail = _formula_at_end(language)
    for i, line in enumerate(lines[:limit]):
        m = tail.search(line.text) if len(line.text) < 400 else None
        if m:
            return lines[:i] + [Line(line.text[:m.start()], line.no, line.indent), Line(line.text[m.start():].lstrip(), line.no, 0)] + lines[i + 1:]
    return lines


_FORMULA_AT_END: dict[str, re.Pattern[str]] = {}


def _formula_at_end(language: Language) -> re.Pattern[str]:
    """The language's formula ending a line after other words ("… Council The General Assembly,")."""
    rx = _FORMULA_AT_END.get(language.code)
    if rx is None:
        body = language.formula_start.lstrip("^").replace(" ", r"\s+")
        rx = _FORMULA_AT_END[language.code] = re.compile(rf"(?<=\S)\s+(?:{body})\s*[,，،]?\s*$")
    return rx


def _joined_paragraph(formula: str, language: Language) -> int | None:
    """Where the first paragraph starts when an extraction ran it into the formula's line ("The General
    Assembly, Recalling its resolution 72/3 …", "The General Assembly Adopts …", "The General Assembly 1."):
    just after the formula (and its comma); None when the formula stands alone ("The General Assembly, on
    the recommendation of the Main Committee," goes on as one).

    >>> from lod.read.languages import LANGUAGES
    >>> [_joined_paragraph(f, LANGUAGES["en"]) for f in ("The General Assembly,", "The General Assembly, Recalling its resolution",
    ...                                                 "The General Assembly Adopts the following", "The Security Council, at its 4000th meeting,")]
    [None, 21, 20, None]
    """
    m = language.formula_re.match(formula)
    if m is None:
        return None
    comma = min((k for k in (formula.find(c, m.end()) for c in ",，،") if k >= 0), default=-1)
    cut = comma + 1 if comma >= 0 else m.end()  # "The General Assembly Adopts the following …": no comma
    rest = formula[cut:].strip()
    if rest and (language.preamble_phrase(rest) or language.operative_phrase_known(rest) or OPERATIVE_NUMBER.match(rest)
                 or comma >= 0 and _PART_LETTER.match(rest)):
        return cut
    return None


#: A part's or section's number standing alone after the formula ("The General Assembly, I").
_PART_LETTER = re.compile(r"^(?:[IVXL]{1,6}|[A-Z])\.?$")


#: A web page's bullet before a line ("- Le").
_BULLET = re.compile(r"^[-–•]\s*")


def read_header(lines: list[Line], language: Language, meta: dict[str, str]) -> Header:
    """Find the body start and read the masthead above it."""
    found = find_formula(lines, language)
    formula: str | None = None
    warnings0: list[ParseWarning] = []
    if found:
        start, body_start = found
        formula = _BULLET.sub("", " ".join(line.stripped for line in lines[start:body_start] if line.stripped))
        formula = re.sub(r"\s+([,，،])$", r"\1", re.sub(r"\s+", " ", formula))  # "The General Assembly        ,"
        joined = _joined_paragraph(formula, language)
        if joined is not None:
            formula = formula[:joined].rstrip()
            warnings0 = [ParseWarning("formula-joined", "the formula and the first paragraph stand on one line "
                                      f"({formula!r} + {lines[start].stripped[len(formula):][:40].strip()!r}…): that "
                                      "paragraph is not read", lines[start].no)]
    else:
        start = body_start = _first_body_line(lines, language)
    head = lines[:start]
    flat = [_flat(line) for line in head]  # layout's runs of spaces made one: "Agenda  item  93"
    head_text = "\n".join(line.stripped for line in flat)

    symbols, cited, warnings = _symbols(lines, meta, start if found else body_start)
    warnings = warnings0 + warnings
    heading = _resolution_heading(lines[: start + 1] if found else lines[:20], language)
    named = "" if found else "\n".join(line.stripped for line in lines[:60])
    from_heading = heading is not None and not meta.get("symbol") and not any("/RES/" in m for m in symbols[:1])
    if from_heading and heading is not None:
        # no symbol, or the masthead's is a document's ("Nations Unies S/691") under "Résolution 42 (1948)":
        # the resolution's own symbol comes from that heading
        derived = _heading_symbol(heading, formula, named)
        symbols = [derived] + [m for m in symbols if m != derived] if derived else symbols
    if not meta.get("symbol") and not any("/RES/" in m for m in symbols[:1]) and formula and _ASSEMBLY.search(formula):
        # "ES-10/13. Illegal Israeli actions …" under "Resolution adopted by the General Assembly", no symbol printed
        numbered = next((m for line in lines[:start] for m in (_ASSEMBLY_NUMBER.match(line.stripped),) if m), None)
        if numbered and int(numbered.group(1).rsplit("/", 1)[1]) < 400 and not re.search(r"\bD[ée]cision\b", head_text):
            # (the Assembly numbers its decisions from 401 on, "78/540.": those are not resolutions)
            symbols = [f"A/RES/{numbered.group(1)}"] + symbols
    if not symbols and not meta.get("symbol"):
        # a masthead run onto one line ("… Security Council Distr. GENERAL S/RES/667 (1990) 16 September 1990 …"):
        # the resolution's symbol beside the distribution mark
        flat_mark = _SYMBOL_BY_DISTR.search(head_text)
        if flat_mark:
            symbols = [_one_symbol(flat_mark.group(1) or flat_mark.group(2))]
    symbol = symbols[0] if symbols else None
    job = _job_number(lines)

    adoption_nos, adoption_text = _adoption_window(flat, language)
    adopted = bool(symbol and re.search(r"/(?:RES|DEC)/", symbol))  # an adopted text: no sponsors' line, whatever its title says
    block = None if adopted else _sponsor_block(flat)
    not_title = adoption_nos | _masthead_lines(flat, language) | (block[0] if block else frozenset())
    title_head = head
    while title_head and (not title_head[-1].stripped or language.formula_re.match(_formula_opening(title_head[-1].stripped, language))):
        title_head = title_head[:-1]  # a line opening as the formula, not read as one ("L’Assemblée générale … décide de créer …")
    title_lines = _title_lines(title_head, not_title) or _title_after_number(head, not_title) or ([block[3]] if block and block[3] else [])
    part: tuple[str, str] | None = None
    first_part = _part_heading(head, title_lines)
    if first_part is not None:
        # "Questions relating to information" / "A" / "INFORMATION IN THE SERVICE OF HUMANITY": the title
        # is above the part letter, the caps line is part A's heading
        part = (first_part[0], " ".join(title_lines))
        title_lines = first_part[1]
    title = _mend_title(title_lines, lines) or None
    number = _OLD_NUMBER.match(title) if title and not _RES_NUMBER_PREFIX.match(title) else None
    if title and number:
        # the Official Records' "2097. Review and reappraisal …", "67 (1)Regional Conferences …": the number, then the title
        title = title[number.end():].strip() or None
        if title and _GENERIC_TITLE.fullmatch(title):
            title = _agenda_title(head, title_lines)  # "1123. Resolution": the agenda item's words above, if any
        derived = None if meta.get("symbol") or any("/RES/" in m for m in symbols[:1]) else _old_symbol(
            number, formula, head_text)
        if derived:
            symbol, symbols = derived, [derived] + [m for m in symbols if m != derived]
    if title:
        title = _RES_NUMBER_PREFIX.sub("", title).rstrip("* ").strip() or None  # "…persons*": a note's mark, not the title's
    rejected = None
    if title and not plausible_title(title, language):
        rejected, title = title, None
    if not title and not title_lines:
        title = _title_after_heading(title_head, language)
    if not title and meta.get("title"):
        title = meta["title"].rstrip(" :")

    adoption = None
    m = _adopted(head_text) or _adopted(adoption_text) or _adopted("\n".join(line.stripped for line in lines[-40:]))
    if m:
        adoption = parse_date(next(g for g in m.groups() if g), language)
    if adoption is None:
        adoption = _language_adoption(flat, language)
    if adoption is None and heading is not None and (symbol is None or re.search(rf"/{re.escape(heading.number)}\b", symbol)):
        adoption = heading.when  # "Résolution 227 du 28 octobre 1966", "(Нью-Йорк, 15 декабря 1991 г.)" under the heading
    if adoption is None:
        adoption = _catalogue_date(flat, language) or _date_under_symbol(head, language)
    if adoption is not None and symbol and re.fullmatch(r"S/RES/\d{1,4}", symbol):
        symbol = f"{symbol} ({adoption.year})"  # a catalogue's "S/RES/1581" with "Date: 18 janvier 2005"
        symbols = [symbol] + [m for m in symbols if m != symbol and m != symbol.split(" ")[0]]
    if from_heading and heading is not None and not (symbol and "/RES/" in symbol) and adoption is not None:
        derived = _heading_symbol(heading, formula, named, adoption)  # "Resolution 1555" / "Adopted … on 29 July 2004"
        if derived:
            symbol, symbols = derived, [derived] + [m for m in symbols if m != derived]
    if adoption is not None and not date_fits_symbol(symbol, adoption):
        warnings.append(ParseWarning("date-uncertain", f"the date read as the adoption date, {adoption.isoformat()}, "
                                     f"cannot be that of {symbol} (another date of the text): not taken", None))
        adoption = None
    if title and not meta.get("title") and _untitled_body(symbol, formula, adoption, head_text):
        title = None  # a line above the formula of a Security Council resolution: they print no title
    elif title is None and symbol and re.match(r"^[AE]/RES/", symbol):
        where = head[-1].no if head else None
        warnings.append(ParseWarning("title-unread", f"no title read above the formula (found {rejected[:60]!r}, not a title)"
                                     if rejected else "no title read above the formula: the title is left out", where))
    session = agenda = None
    sponsors: tuple[str, ...] = ()
    doc_type_hint = None
    for k, line in enumerate(flat):
        s = line.stripped
        if session is None and (_SESSION.match(s) or language.session_re.match(s)):
            session = s
        am = _AGENDA.match(s) or language.agenda_re.match(s)
        if agenda is None and am:
            agenda = next((g for g in am.groups() if g), "").strip() or None
    if block is not None:
        sponsors = tuple(p.strip() for p in re.split(r",\s*|\s+and\s+|\s+et\s+", block[1]) if p.strip())
        doc_type_hint = _doc_type_word(block[2], language)
    # the masthead's words outside the title ("Amendments to the Statute of …" is a title, not an amendment); an
    # adopted resolution's or decision's symbol settles its type whatever its masthead says
    low = "\n".join(line.stripped for line in flat if line.stripped not in title_lines).lower()
    if doc_type_hint is None and not adopted:
        for word, kind in language.header_words.items():
            if kind != "decision" and re.search(rf"\b{word}\b", low):
                doc_type_hint = kind
                break
    amends = None
    if doc_type_hint == "amendment":
        after = [ln.stripped for ln in head if SYMBOL_LINE.match(ln.stripped) and ln.stripped != symbol]
        amends = after[-1] if after else cited[-1] if cited else None  # on the sponsors' line: "…: amendment to … A/C.3/80/L.3"
    return Header(
        first_part=part,
        amends=amends,
        body_start=body_start,
        formula=formula,
        title=title,
        title_lines=tuple(title_lines),
        symbol=symbol,
        symbols=tuple(symbols),
        job_number=job,
        adoption_date=adoption,
        session=session,
        agenda_item=agenda,
        sponsors=sponsors,
        doc_type_hint=doc_type_hint,
        header_line_nos=frozenset(line.no for line in lines[:body_start]),
        warnings=tuple(warnings),
    )


def _job_number(lines: list[Line]) -> str | None:
    """The job number of the page footers ("23-26034 (E)"), alone on its line or beside the page
    counter, the print date code or the barcode ("23-26034 (E)    050124", "2/7 23-26034"), with its
    language letter when any footer prints it: every extractor's reading gives the same."""
    found: list[str] = []
    for line in lines:
        if "-" not in line.text:  # every job number holds a hyphen ("23-25978"): most lines are passed over
            continue
        m = _JOB_FOOTER.match(line.stripped)
        if m:
            found.append(" ".join(m.group(1).split()))
            if "(" in found[-1]:
                return found[-1]
    return found[0] if found else None


#: A footer line holding a job number, perhaps with a page counter, a print date code or a barcode.
_JOB_FOOTER = re.compile(rf"^(?:(?:{COUNTER_PATTERN}|\*\d+\*)\s+)*({JOB_PATTERN})(?:\s+(?:{COUNTER_PATTERN}|\d{{6}}|\*\d+\*))*$")


def _flat(line: Line) -> Line:
    """The line with its runs of spaces made one (layout-mode extractors space a masthead's words out:
    "Agenda  item  93", "draft  resolution"); the line itself when it has none."""
    if "  " not in line.stripped:
        return line
    return Line(" ".join(line.text.split()), line.no, line.indent)


def _language_adoption(head: list[Line], language: Language) -> date | None:
    """The date of the adoption line as the language prints it ("Aprobada por el Consejo de Seguridad en su
    9347ª sesión, celebrada el" / "14 de junio de 2023", "قرار اتخذته الجمعية العامة في 19 كانون الأول/ديسمبر 2023"),
    over however many lines the extraction broke it into."""
    _, text = _adoption_window(head, language)
    return parse_date(text, language) if text and language.adoption_re.search(text) else None


def _masthead_lines(head: list[Line], language: Language) -> frozenset[int]:
    """The line numbers of the masthead lines that are never a title in the language (its heading, adoption
    line, session and agenda item: languages.masthead) and of its dates alone on a line ("14 июня 2023 года")."""
    rx = language.masthead_re
    return frozenset(line.no for line in head if line.stripped and (rx.match(line.stripped) or language.is_date_line(line.stripped)
                                                                  or _is_heading(line.stripped)))


def date_fits_symbol(symbol: str | None, adoption: date) -> bool:
    """Can a resolution of this symbol have been adopted on this date? A Security Council resolution
    carries its year ("S/RES/2686 (2023)"); an Assembly resolution its session, which opens in
    September of year 1945 + session and closes the next September ("A/RES/78/186": 2023 or 2024;
    "A/RES/2751 (XXVI)": 1971 or 1972). A date outside is another's (a date the text cites), not its
    adoption's. Other symbols tell nothing.

    >>> from datetime import date
    >>> [date_fits_symbol(s, date(2023, 12, 19)) for s in ("A/RES/78/186", "A/RES/76/1", "S/RES/2686 (2023)", "S/RES/1 (1946)", "E/RES/2023/5")]
    [True, False, True, False, True]
    """
    if not symbol:
        return True
    m = _SESSION_OF_SYMBOL.match(symbol)
    if m:
        session = int(m.group(1)) if m.group(1) else _roman(m.group(2))
        return session is None or adoption.year in (1945 + session, 1946 + session)
    m = _YEAR_OF_SYMBOL.match(symbol)
    return m is None or adoption.year == int(m.group(1))


_SESSION_OF_SYMBOL = re.compile(r"^A/RES/(?:(\d{2,3})/\d+|\d+\s*\(([IVXL]+)\))$")
_YEAR_OF_SYMBOL = re.compile(r"^S/RES/\d+\s*\((\d{4})\)$")


def _roman(numeral: str) -> int | None:
    """The value of a Roman numeral of a session ("XXVI" → 26)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for k, ch in enumerate(numeral):
        v = values.get(ch)
        if v is None:
            return None
        total += -v if k + 1 < len(numeral) and values.get(numeral[k + 1], 0) > v else v
    return total


def _sponsor_block(head: list[Line]) -> tuple[frozenset[int], str, str, str] | None:
    """The sponsors' lines of a draft or an amendment ("Belarus, …, Russian Federation and" / "Venezuela
    (Bolivarian Republic of): draft resolution"), however the extraction broke them: their line numbers,
    the list before the colon, the kind of document named after it ("draft resolution", "amendment"), and
    the start of the title when the extraction ran it into their last line ("…: draft resolution Improving
    the coordination …"; else "").

    The kind may stand on the next line ("…: draft" / "resolution"); the list goes up over the lines
    that break inside it: a line ending with a comma, "(", a capitalised word or a little word ("of",
    "and", "the") goes on below; the agenda item's heading (the line after "Agenda item", a line in
    capitals: "OF CHINA IN THE UNITED NATIONS"), the committee or session line does not.
    """
    filled = [k for k, line in enumerate(head) if line.stripped]
    for n, k in enumerate(filled):
        s = head[k].stripped
        if ":" not in s:
            continue
        nxt = head[filled[n + 1]].stripped if n + 1 < len(filled) else ""
        m = _SPONSORS.match(s) or _SPONSORS.match(f"{s} {nxt}")
        if m is None or m.start(2) > len(s) and not s.rstrip().endswith(":"):
            continue
        nos = [head[k].no] + ([head[filled[n + 1]].no] if m.end(2) > len(s) else [])
        rest = m.string[m.end():].strip()
        text = m.group(1)
        for q in range(n - 1, -1, -1):
            above = head[filled[q]].stripped
            if not _LIST_GOES_ON.search(above) or _LIST_STOP.search(above) or above.isupper() or (
                    q > 0 and _AGENDA.match(head[filled[q - 1]].stripped)):
                break
            nos.append(head[filled[q]].no)
            text = f"{above} {text}"
        return frozenset(nos), text, m.group(2), rest if rest[:1].isupper() else ""
    return None


#: The end of a line a list of sponsors goes on from: a comma, an opening bracket, a capitalised word
#: ("Democratic" / "People’s Republic of Korea"), a little word ("Republic of" / "Korea").
_LIST_GOES_ON = re.compile(r"(?:[,(]|\b[A-Z][\w’'-]*|\b(?:of|and|the|et|de|du|des|la|le|l[’']))$")
#: Lines above the list that are never part of it: the agenda item, the committee, the session, the masthead.
_LIST_STOP = re.compile(r"^(?:Agenda items?|Point|Item)\b|\b(?:Committee|Commission|session|Distr\.|Original\s*:)|"
                        r"^(?:United Nations|General Assembly|Security Council|Economic and Social Council)$", re.IGNORECASE)


def _doc_type_word(word: str, language: Language) -> str | None:
    w = word.lower()
    if "amend" in w:
        return "amendment"
    if "decision" in w or "décision" in w:
        return "draft-decision"
    return "draft-resolution"


def _symbols(lines: list[Line], meta: dict[str, str], head_end: int) -> tuple[list[str], list[str], list[ParseWarning]]:
    """The document's own symbols, best first, the symbols its masthead cites (in order), and a warning
    when the masthead does not settle which is its own.

    The document's own symbol stands in its masthead, on a line of its own or beside "United Nations",
    the issuing body, "Distr." or the date (pypdf prints "United Nations  A/RES/78/186" on one line),
    and the running head of every page repeats it. A symbol the document *cites* stands in a sentence
    ("… amendment to revised draft resolution" / "A/C.3/80/L.3/Rev.1"): it is never taken, even on a
    line of its own. Front matter comes first; then the masthead's symbols (the most repeated first);
    then, for texts without a masthead, the symbols standing on lines of their own, the most repeated first.
    """
    counts: Counter[str] = Counter()  # at the edge of a line (the running heads)
    alone: Counter[str] = Counter()  # on a line of its own
    first_seen: dict[str, int] = {}
    masthead: list[str] = []
    cited: dict[str, None] = {}  # ordered
    budget = _MASTHEAD_LINES
    prev = ""
    for i, line in enumerate(lines):
        s = line.stripped
        in_head = i < head_end and budget > 0
        if s and in_head:
            budget -= 1
        if "/" in s:  # every symbol has a slash
            found = _edge_symbol(s, lines, i) if in_head else _edge_symbol(s)
            if found:
                before, sym, after = found
                counts[sym] += 1
                if not before and not after:
                    alone[sym] += 1
                first_seen.setdefault(sym, i)
                if in_head:
                    if _CITES.search(before or prev):
                        cited[sym] = None
                    elif sym not in masthead and (not before and not after or _MASTHEAD_SIDE.match(before or after)
                                                  or "  " in line.text.strip()):
                        masthead.append(sym)
        if s:
            prev = s
    masthead = [m for m in masthead if m not in cited]
    rest = sorted((m for m in alone if m not in masthead and (m not in cited or alone[m] > 1)),
                  key=lambda m: (-alone[m], first_seen[m]))
    ordered = sorted(masthead, key=lambda m: -counts[m]) + rest
    warnings: list[ParseWarning] = []
    if meta.get("symbol"):
        sym = meta["symbol"].strip()
        ordered = [sym] + [m for m in ordered if m != sym]
    elif len(masthead) > 1 and counts[masthead[0]] == counts[masthead[1]]:
        warnings.append(ParseWarning(
            "symbol-uncertain", f"the masthead holds {len(masthead)} symbols ({', '.join(masthead)}) and no running "
            f"head tells which is the document's own: {ordered[0]} taken", lines[first_seen[ordered[0]]].no))
    elif not ordered and cited:
        warnings.append(ParseWarning(
            "symbol-uncertain", f"no symbol of its own in the masthead; {', '.join(cited)} is cited there, not taken",
            lines[first_seen[next(iter(cited))]].no))
    return ordered, list(cited), warnings


#: An adopted text's symbol beside the distribution mark inside a line ("Distr. GENERAL S/RES/667 (1990)",
#: "S/RES/667 (1990) Distr.: General").
_RES_SYMBOL = r"(?:A|S|E)/(?:RES|DEC)/(?:ES-)?\d{1,4}(?:/\d{1,4})?(?:\s?\((?:\d{4}|[IVXL]+)\))?"
_SYMBOL_BY_DISTR = re.compile(rf"Distr\.?\s*:?\s*general\s+({_RES_SYMBOL})|({_RES_SYMBOL})\s+Distr\b", re.IGNORECASE)
#: How many non-blank lines of the head the masthead may take.
_MASTHEAD_LINES = 30
#: What a masthead line holds beside the symbol: the organisation, the body, "Distr.", the date, the
#: language of the original, alone or run together ("United Nations General Assembly Distr.: General
#: 22 December 2023", as an extractor joining the masthead's lines gives it).
_MASTHEAD_ITEM = (r"(?:United Nations|UNITED NATIONS|UNITED|NATIONS|Nations Unies|NATIONS UNIES|Naciones Unidas|General Assembly|"
                  r"GENERAL ASSEMBLY|Security Council|SECURITY COUNCIL|Economic and Social Council|Assemblée générale|"
                  r"Conseil de sécurité|Conseil économique et social|Asamblea General|Consejo de Seguridad|"
                  r"Distr\.(?:\s*:\s*\w+)?|General|GENERAL|Limited|LIMITED|Restricted|(?:Original|ORIGINAL)\s*:\s*\w+|"
                  r"(?:\d{1,2}|1er)\s+\w+\s+\d{4}"
                  + "".join(f"|{re.escape(name)}" for lang in LANGUAGES.values() for name in lang.masthead_names) + ")")
_MASTHEAD_SIDE = re.compile(rf"^{_MASTHEAD_ITEM}(?:\s+{_MASTHEAD_ITEM})*$")
#: The words of a sentence that names a document next ("… amendment to revised draft resolution" / symbol):
#: a symbol after them is cited, not the document's own.
_CITES = re.compile(
    r"(?:^|\s)(?:draft|resolutions?|decisions?|amendments?|documents?|reports?|letters?|notes?|to|of|in|and|see|by|"
    r"contained|entitled|résolutions?|décisions?|amendements?|rapports?|lettres?|à|de|du|des|dans|et|voir|"
    r"resolución|resoluciones|decisión|enmiendas?|informes?|del|y|en)[,:]?$|[,(\[]$", re.IGNORECASE)
#: A symbol ending or opening a line (a note's asterisk after it: "S/RES/1390 (2002)*", reissued); never a
#: symbol cut short of its year ("S/RES/1390  (2002)" is not "S/RES/1390").
_EDGE_END = re.compile(rf"(?:^|(?<=\s))({SYMBOL.pattern})\**$")
_EDGE_START = re.compile(rf"^({SYMBOL.pattern})\**(?=\s|$)(?!\s*\()")


def _edge_symbol(s: str, lines: list[Line] | None = None, i: int = 0) -> tuple[str, str, str] | None:
    """The symbol standing at the end or the start of the stripped line ``s``, as (text before, symbol,
    text after), its spaces normalised; given the ``lines`` and the line's index ``i``, a symbol the
    line break cut ("A/C.3/80/L.3/" / "Rev.1", "S/RES/2686" / "(2023)") is read whole."""
    if lines is not None:
        nxt = next((ln.stripped for ln in lines[i + 1:i + 3] if ln.stripped), "")
        m = _SYMBOL_CUT.search(s)
        if m and nxt and (_SYMBOL_TAIL.match(nxt) if s.endswith("/") else _SYMBOL_NEXT.match(nxt)):
            sep = "" if s.endswith("/") else " " if nxt.startswith("(") else "/"
            whole = _EDGE_END.search(s + sep + nxt)
            if whole is not None and whole.start() == m.start():
                return s[:m.start()].rstrip(), _one_symbol(whole.group(1)), ""
    m = _EDGE_END.search(s)
    if m:
        return s[:m.start()].rstrip(), _one_symbol(m.group(1)), ""
    m = _EDGE_START.match(s)
    if m:
        return "", _one_symbol(m.group(1)), s[m.end():].strip()
    return None


def _one_symbol(sym: str) -> str:
    """A symbol as the UN writes it: one space before its year ("S/RES/2686  (2023)", "S/RES/2326(2016)"
    → "S/RES/2686 (2023)")."""
    return re.sub(r"\s*\(", " (", sym) if "(" in sym else sym


#: A symbol ending a line, perhaps cut after a slash, and what may continue it on the next line: after
#: the slash, more parts ("Rev.1", "L.57"); after a whole part, a year or a revision ("(2023)", "Rev.1").
_SYMBOL_CUT = re.compile(rf"(?:^|(?<=\s))({SYMBOL.pattern})/?$")
_SYMBOL_TAIL = re.compile(r"^[A-Za-z0-9.]{1,8}(?:/[A-Za-z0-9.]{1,8})*(?:\s?\((?:\d{4}|[IVXL]+)\))?$")
_SYMBOL_NEXT = re.compile(r"^(?:\((?:\d{4}|[IVXL]+)\)|(?:Rev|Add|Corr|Amend)\.\d{1,3})$")


_MONTH_WORD = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|(?:jan|feb|fév|fev|mar|apr|avr|may|mai|jun|jui|jul|aug|aoû|aou|sep|oct|nov|dec|déc)\w{0,6}[\]\)}|!1]?)"  # OCR: "Apri]"
#: A date, or what is left of one: "5 July 2000", "on 9 November 1995", "of 3 Apri] 1991", "July 2000".
_DATE_LIKE = re.compile(rf"^(?:(?:on|of|le|du|dated|en date du)\s+)?(?:(?:\d{{1,2}}|1er)\s+)?{_MONTH_WORD}\s*,?\s+[\dIl!]{{4}}\.?$", re.IGNORECASE)
#: Lines of the masthead or of a volume's narrative that are never a title.
_NOT_TITLE_START = re.compile(
    r"^(?:Adopted|Adoptée?|At its|At the|A sa|À sa|Decisions?$|Décisions?$|Resolution|Résolution|RESOLUTION|Distr|"
    r"Original|Agenda|Item|Point|Page)\b", re.IGNORECASE)


def _starts_not_title(s: str) -> bool:
    """Does the line open as a masthead or narrative line ("Adopted …", "At its … meeting")? A line in
    lower case ("at the national and international levels") goes on with the title above it."""
    return not s[:1].islower() and _NOT_TITLE_START.match(s) is not None


#: A meeting of the adoption line ("at its 9347th meeting", "4872e séance"): never in a title.
_MEETING = re.compile(r"\b\d{1,5}(?:st|nd|rd|th|e|ème)\s+(?:plenary\s+)?(?:meeting|séance)\b", re.IGNORECASE)
#: The words of a date in English and French ("on", "le", month names).
_DATE_WORDS = frozenset(
    "on of le du the dated january february march april may june july august september october november december "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre 1er".split())


def plausible_title(title: str, language: Language) -> bool:
    """Is this the document's title, not a date, a masthead line, a paragraph's opening or OCR debris?

    >>> from lod.read.languages import LANGUAGES
    >>> [plausible_title(t, LANGUAGES["en"]) for t in ("5 July 2000", "of 3 Apri] 1991", "Recalling its resolution 1,", "World Bee Day")]
    [False, False, False, True]
    >>> [plausible_title(t, LANGUAGES["en"]) for t in ("on 14 June", "June 2023", "Security Council at its 9347th meeting, on",
    ...                                                "Proposed programme budget for 2024")]
    [False, False, False, True]
    """
    t = title.strip()
    if not t or len(t) > 500:
        return False
    if _DATE_LIKE.match(t) or _NOT_TITLE_START.match(t) or SITE_TAGLINE.search(t) or _MEETING.search(t):
        return False
    if len(_SENTENCE_BREAK.findall(t)) >= 2:
        return False  # a site's run of sentences or menu words ("Украшения. Аксессуары. Дизайн ногтей.")
    if _METADATA.search(t) or _SENTENCE.search(t) or _lone_date(t) is not None:
        return False  # "… Date: 18 janvier 2005 Séance: 5112e", "This decision has been retired.", "(Нью-Йорк, 15 декабря 1991 г.)"
    if all(w.lower() in _DATE_WORDS or w.isdigit() for w in re.findall(r"\w+", t)):
        return False  # what is left of a date: "on 14 June", "June 2023"
    if language.formula_re.match(t) or language.preamble_phrase(t) and t.rstrip().endswith((",", ";")):
        return False
    if language.operative_phrase_known(t) and (t.rstrip().endswith((":", ";", ".")) or len(t.split()) <= 2):
        return False  # "Décide :", "Decides that ..."
    if t.endswith((",", ";", ":")):
        return False  # a paragraph's or a sentence's part ("… the following text:")
    if language.masthead_re.match(t) or language.is_date_line(t):
        return False  # "Resolución 2686 (2023) Aprobada por el Consejo …", "14 июня 2023 года"
    letters = sum(c.isalpha() for c in t)
    if letters < 4 or letters < 0.6 * len(t.replace(" ", "")):
        return False  # OCR debris, numbers and codes
    return True


def _mend_title(title_lines: list[str], lines: list[Line]) -> str:
    """The title lines as one line of single spaces, with the words a layout gap cut mended.

    Layout-mode extractors print runs of spaces inside a line, some between words, some inside one
    ("high                -level", "Unit                  ed States"): a gap is closed only where the
    document itself writes the joined form ("high-level", "United") and one half is found nowhere
    else (lod.read.repair's rule for the body); every other run of white space is one space.

    >>> from lod.read.normalise import Line
    >>> _mend_title(["Political declaration of the high      -level meeting", "on the Unit     ed Nations"],
    ...             [Line("the high-level meeting of the United Nations", 1, 0)])
    'Political declaration of the high-level meeting on the United Nations'
    """
    broken = any(t.endswith("-") for t in title_lines[:-1])
    if not broken and not any("  " in t for t in title_lines):
        return " ".join(title_lines)
    words = Words("\n".join(line.text for line in lines))
    if broken:
        title_lines = _join_hyphenated(title_lines, words)

    def close(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(3)
        if b.startswith("-"):
            return a + b if words.has_phrase(a + b) else m.group(0)
        joined = (a + b).lower()
        if words.count(joined) and min(words.count(a), words.count(b)) <= 1 and b[:1].islower():
            return a + b
        return m.group(0)

    mended = [_GAP.sub(close, t) for t in title_lines]
    return re.sub(r"\s+", " ", " ".join(mended)).strip()


def _join_hyphenated(title_lines: list[str], words: Words) -> list[str]:
    """Title lines with a line-end hyphen joined to the next line: "high-" / "level" → "high-level", or
    "assess-" / "ment" → "assessment" where the document writes the word whole and not hyphenated."""
    out: list[str] = []
    for t in title_lines:
        prev = out[-1] if out else ""
        if prev.endswith("-") and prev[-2:-1].isalpha() and t[:1].isalpha():
            a = re.search(r"[^\W\d_]+-$", prev)
            b = re.match(r"[^\W\d_]+", t)
            whole = a is not None and b is not None and words.count(a.group(0)[:-1] + b.group(0)) > 0 and (
                not words.has_phrase(a.group(0) + b.group(0)))
            out[-1] = (prev[:-1] if whole else prev) + t
        else:
            out.append(t)
    return out


#: Two word pieces with a run of spaces between them, the right one perhaps opening with a hyphen.
_GAP = re.compile(r"([^\W\d_]+)(\s{2,})(-?[^\W\d_]+)")


def _part_heading(head: list[Line], title_lines: list[str]) -> tuple[str, list[str]] | None:
    """When the lines above the formula are "Title" / "A" / "PART HEADING", the part's letter and the title lines."""
    if not title_lines:
        return None
    nonblank = [ln for ln in head if ln.stripped]
    k = len(nonblank) - len(title_lines) - 1
    if k < 1 or nonblank[k].stripped not in ("A", "I"):
        return None
    above = _title_lines(nonblank[:k])
    return (nonblank[k].stripped, above) if above else None


def _title_lines(head: list[Line], adoption: frozenset[int] = frozenset()) -> list[str]:
    """Walk back from the formula over the title block (``adoption``: the line numbers of the adoption
    sentence, which is never part of it, wherever its lines were broken)."""
    out: list[str] = []
    seen_blank_after_text = False
    for line in reversed(head):
        s = line.stripped
        if not s:
            if out:
                seen_blank_after_text = True
            continue
        if _is_hard_furniture(s) or SYMBOL_LINE.match(s) or s.startswith("*"):
            if out:
                break
            continue
        joined = _AFTER_BRACKET.match(s) or _AFTER_SYMBOL.match(s) if s[0] == "[" or "/" in s[:20] else None
        if joined:
            # "[on the report of the Fifth Committee (…)] 63/263. Questions …", "A/C.3/80/L.3/Rev.1 Strengthening …":
            # an extractor ran the line above the title into it; the title is what follows
            out.insert(0, joined.group(1))
            break
        if line.no in adoption or _DATE_LIKE.match(s) or _starts_not_title(s) or SITE_TAGLINE.search(s):
            break  # the adoption line and its date sit between the title (if any) and the formula
        if _METADATA.search(s) or _SENTENCE.search(s) or _lone_date(s) is not None or _CHAPTER.match(s) or _MEETING.search(s):
            break  # a catalogue's field ("Date: … Séance: …"), a sentence ("… has been retired."), a date alone, a chapter
        if out and len(s) == 1 and s in "ABCDEFGH" and not seen_blank_after_text:
            break  # "A" / "Assistance to Palestine refugees": the part's letter above its title
        if _OLD_NUMBER.match(s) and not _RES_NUMBER_PREFIX.match(s):
            out.insert(0, s)  # "2097. Review and reappraisal …": the number opens the title
            break
        if _STOP.search(s) and not _RES_NUMBER_PREFIX.match(s + " "):
            break
        if _RES_NUMBER_PREFIX.match(s + " ") and not re.sub(_RES_NUMBER_PREFIX, "", s + " ").strip():
            break  # a bare "78/228." line sits above the title
        if seen_blank_after_text and out:
            # a blank line separates blocks; keep going only if the title obviously continues
            if not (s.endswith((",", "-")) or s[-1].islower() or _RES_NUMBER_PREFIX.match(s)):
                break
            seen_blank_after_text = False
        out.insert(0, s)
        if _RES_NUMBER_PREFIX.match(s):
            break
    return out


#: The Official Records' resolution number opening its title line: "2097. Review …", "1123. Resolution", "67 (1)Regional …"
#: (OCR "(1)" for "(I)"), "111. Report …"; the session, when printed, as group ``s``.
_OLD_NUMBER = re.compile(r"^(?P<n>(?!1\.)\d{1,4})(?:\s*\((?P<s>[IVXL]+|[1l])\))?(?:\s*\.\s*|(?<=\))\s*)(?=[^\W\d_])")
#: The words a number line prints when the resolution has no title of its own.
_GENERIC_TITLE = re.compile(r"(?:Resolution|Decision|Résolution|Décision|Resolución|Decisión)\.?", re.IGNORECASE)
#: A volume's chapter heading: "XI. RESOLUTIONS ADOPTED WITHOUT REFERENCE TO A COMMITTEE : <agenda item> (item 66)",
#: "33. RESOLUTIONS ADOPTED ON THE REPORTS OF THE SECOND COMMITTEE*": never a title; the agenda item after the colon
#: names a resolution that has no title of its own.
_CHAPTER = re.compile(r"^(?:[IVXL]+|\d{1,3})\.\s+(?:RESOLUTIONS|DECISIONS|RÉSOLUTIONS|DÉCISIONS)\s+[^a-z:]*?(?:\s*:\s*(?P<agenda>.+?))?\s*$")
#: The session a text names ("UN General Assembly (31st sess. : 1976)", "thirty-first session" is not read).
_SESSION_NAMED = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+(?:regular\s+)?sess(?:ion\b|\.)", re.IGNORECASE)


def _agenda_title(head: list[Line], title_lines: list[str]) -> str | None:
    """The agenda item a volume's chapter heading names above a number line without title ("XI. RESOLUTIONS
    ADOPTED WITHOUT REFERENCE TO A COMMITTEE : Question considered by … (item 66)" / "1123. Resolution")."""
    nonblank = [ln.stripped for ln in head if ln.stripped]
    if not title_lines or title_lines[0] not in nonblank:
        return None
    k = nonblank.index(title_lines[0])
    m = _CHAPTER.match(nonblank[k - 1]) if k > 0 else None
    agenda = m.group("agenda") if m else None
    return re.sub(r"\s*\((?:items?|point)\s+[\d, and]+\)$", "", agenda).strip() or None if agenda else None


def _old_symbol(number: re.Match[str], formula: str | None, head_text: str) -> str | None:
    """An Assembly resolution's symbol from the Official Records' number line and the session the text names:
    "67 (1)" → A/RES/67 (I); "111." under "(31st sess. : 1976)" → A/RES/31/111 (the numbering by session began
    with the thirty-first); with no session printed, none (the year alone does not tell the session)."""
    if formula is not None and not _ASSEMBLY.search(formula) or formula is None and not _ASSEMBLY.search(head_text):
        return None
    n, roman = number.group("n"), number.group("s")
    if roman:
        return f"A/RES/{n} ({'I' if roman in ('1', 'l') else roman})"
    sm = _SESSION_NAMED.search(head_text)
    session = int(sm.group(1)) if sm else next(
        (k for line in head_text.splitlines() if _SESSION.match(line) for k in (_ordinal(line.split()[0]),) if k), None)
    if session is None:
        return None
    return f"A/RES/{session}/{n}" if session >= 31 else f"A/RES/{n} ({_to_roman(session)})"


_ORDINAL_UNITS = {w: k for k, w in enumerate("first second third fourth fifth sixth seventh eighth ninth".split(), 1)}
_ORDINAL_TEENS = {w: k for k, w in enumerate("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
                                             "eighteenth nineteenth".split(), 10)}
_TENS = {w: 10 * k for k, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


def _ordinal(word: str) -> int | None:
    """An English ordinal in words, as a masthead's session line prints it ("Twentieth", "Thirty-first")."""
    w = word.lower()
    if w in _ORDINAL_UNITS or w in _ORDINAL_TEENS:
        return _ORDINAL_UNITS.get(w) or _ORDINAL_TEENS[w]
    if w.endswith("ieth") and w[:-4] + "y" in _TENS:
        return _TENS[w[:-4] + "y"]
    tens, _, unit = w.partition("-")
    return _TENS[tens] + _ORDINAL_UNITS[unit] if tens in _TENS and unit in _ORDINAL_UNITS else None


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


#: A catalogue's or a web page's field, "Label: value" ("Date: 18 janvier 2005 Séance: 5112e", "Vote: unanimité",
#: "- Author: UN General Assembly …"), or two such fields on one line: never a title's.
_METADATA = re.compile(
    r"(?:^[-•*]?\s*|\s)(?:Dates?|Séance|Meeting|Votes?|Vote record|Author|Auteur|Autor|Document (?:source|type)|Source|Type|Status|"
    r"Statut|Subject|Sujet|Fecha|Sesión|Votación|Дата|Заседание|Голосование|Language|Langue)\s*:(?:\s|$)"
    r"|^[^\W\d_][\w’' ]{1,25}:\s*\S.*?\s{2,}[^\W\d_][\w’' ]{1,25}:\s*\S", re.IGNORECASE)
#: A sentence ending with its full stop ("This decision has been retired."): a title ends without one.
_SENTENCE = re.compile(r"^\S+(?:\s+\S+){1,}(?:[^\W\d_]{3}|\))\.$")


#: A full stop after a word and a capital after it: a sentence ends inside the line.
_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}\.\s+(?=[A-ZÀ-ÝА-ЯЁ])")


def _lone_date(s: str, language: Language | None = None) -> date | None:
    """The date a line holds alone, perhaps in brackets and after a place or "of" ("(Нью-Йорк, 15 декабря 1991
    г.)", "of 7 July 1950", OCR's "or 29 October 1990", "一九七五年四月十七日"); None for any other line."""
    t = _LONE_DATE.sub("", _zh_numerals(s).strip().strip("()[]").rstrip(". "))
    if not t or not any(c.isdigit() for c in t):
        return None
    langs = [language] if language is not None else list(LANGUAGES.values())
    if _DATE_ALONE.fullmatch(t) or any(lang.is_date_line(t) for lang in langs):
        return parse_date(t, language or _ANY) or next((d for lang in langs for d in (parse_date(t, lang),) if d), None)
    return None


#: A line the extraction ran into the title's first line: the bracketed reference of the committee's
#: report, or a symbol the sponsors' line cites; group 1 is the title's part.
_AFTER_BRACKET = re.compile(r"^\[[^\]]*\]\s+(\S.*)$")
_AFTER_SYMBOL = re.compile(rf"^{SYMBOL.pattern}\s+([A-Z][a-z].*)$")


def _title_after_number(head: list[Line], adoption: frozenset[int]) -> list[str]:
    """The title printed after the resolution's number ("78/186." / "Report of the Human Rights Council")
    when the walk back from the formula found none: some extractors put the number and title block
    above the adoption line instead of below it."""
    k = next((k for k in range(len(head) - 1, -1, -1) if _NUMBER_LINE.match(head[k].stripped)), None)
    if k is None:
        return []
    first = _NUMBER_LINE.sub("", head[k].stripped).strip()
    out = [first] if first else []
    for line in head[k + 1:]:
        s = line.stripped
        if not s:
            if out:
                break
            continue
        if (line.no in adoption or _is_hard_furniture(s) or SYMBOL_LINE.match(s) or _DATE_LIKE.match(s)
                or _starts_not_title(s) or _STOP.search(s) or SITE_TAGLINE.search(s)):
            break
        out.append(s)
    return out


#: The number of a General Assembly resolution opening its title block: "78/186." (the title may follow).
_NUMBER_LINE = re.compile(r"^(?:E?S-)?\d{1,3}/\d{1,4}\s*(?:\.|\s[-–])(?:\s+|$)")  # Arabic: "78/228 - "; "ES-10/13."
#: An Assembly resolution's number opening its title line: "78/186.", "ES-10/13." (a session of two or three digits;
#: the Economic and Social Council's "2023/5." has four).
_ASSEMBLY_NUMBER = re.compile(r"^((?:ES-)?\d{2,3}/\d{1,3})\s*\.(?:\s|$)")
#: The first line of an adoption sentence: "Resolution adopted by …", "Adopted by the Security Council …".
_ADOPTION_START = re.compile(r"^(?:(?:Resolution|Résolution|Decision|Décision)\s+)?(?:adopted|adoptée?)\b", re.IGNORECASE)
#: Where a broken adoption sentence goes on: after a little word, a comma, or before a lower-case word or a number.
_GOES_ON = re.compile(r"(?:\b(?:by|the|at|its|on|of|par|le|la|l[’']|à|sa|du|de)|[,،])$", re.IGNORECASE)


def _adoption_window(head: list[Line], language: Language | None = None) -> tuple[frozenset[int], str]:
    """The line numbers and the text of the adoption sentence, over however many lines the extraction
    broke it into ("Adopted by the" / "Security Council at its 9347th meeting, on 14 June 2023"), in English,
    French or the ``language`` (its ``adoption`` line: "Aprobada por el Consejo de" / "Seguridad en su …")."""
    for k, line in enumerate(head):
        if not (_ADOPTION_START.match(line.stripped) or language is not None and language.adoption_re.search(line.stripped)):
            continue
        nos, text = [line.no], line.stripped
        for nxt in head[k + 1:k + 6]:
            s = nxt.stripped
            if not s:
                continue
            if len(nos) >= 4 or parse_date(text, language or _ANY) is not None or s.startswith("[") or _NUMBER_LINE.match(s):
                break
            if not (_GOES_ON.search(text) or s[0].islower() or s[0].isdigit() or _spans_break(text, s)
                    or language is not None and (text.rsplit(None, 1)[-1].lower() in language.stopwords
                                                 or s.split(None, 1)[0] in language.stopwords)):  # as printed: "The …" may open a title
                break
            nos.append(nxt.no)
            text += " " + s
        return frozenset(nos), text
    return frozenset(), ""


def _spans_break(text: str, nxt: str) -> bool:
    """Does a body's name run from the end of ``text`` into ``nxt`` ("… by the Security" / "Council at its …")?"""
    joined = f"{text} {nxt}"
    return any(m.start() < len(text) < m.end() for m in _BODY_NAME.finditer(joined, max(0, len(text) - 40)))


_BODY_NAME = re.compile(r"General Assembly|Security Council|Economic and Social Council|Human Rights Council|"
                        r"Assemblée générale|Conseil de sécurité|Conseil économique et social|Conseil des droits de l[’']homme|"
                        r"Conference of the Parties|Conférence des Parties")


def _untitled_body(symbol: str | None, formula: str | None, adoption: date | None, above: str = "") -> bool:
    """Is this a Security Council resolution of 1960 or later? They print no title: a line read as one is
    a heading of a compilation, a site's or a masthead's ("Резолюция Совета Безопасности ООН №724 (Нью-Йорк,
    15 декабря 1991 г.)"). With neither symbol nor date, the latest year printed ``above`` the formula stands
    for the text's; with no year at all, only a volume's heading of before 1960 ("46 (1948). Resolution of …",
    which gives its year) could carry a title: the text is taken as untitled."""
    council = bool(symbol and symbol.startswith("S/")) or bool(formula and _COUNCIL.search(formula))
    if not council:
        return False
    year = adoption.year if adoption else None
    ym = re.search(r"\((\d{4})\)", symbol or "")
    if ym:
        year = int(ym.group(1))
    if year is None:
        years = [int(y) for y in re.findall(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)", above)]
        year = max(years) if years else None
    return year is None or year >= 1960


_COUNCIL = re.compile(r"Security Council|Conseil de sécurité|Consejo de Seguridad|Совет\w{0,2} Безопасности|安全理事会|安全理事會|安理会|安理會|مجلس الأمن")


def _first_body_line(lines: list[Line], language: Language) -> int:
    begin = 0
    for k, line in enumerate(lines[:80]):
        s = line.stripped
        if re.match(r"^\d+/\d+\s*\.$", s):
            # the title's first line follows the resolution number: the body starts after it
            nxt = next((j for j in range(k + 1, len(lines)) if lines[j].stripped), k)
            begin = nxt + 1
            break
        if re.match(r"^\d+/\d+\.\s+\S", s):
            begin = k + 1
            break
    volume = next((k for k, line in enumerate(lines[:20]) if _HEADING_NUMBER.match(line.stripped)), None)
    if volume is not None and any(OPERATIVE_NUMBER.match(ln.stripped) or language.preamble_phrase(ln.stripped)
                                  for ln in lines[begin:volume]):
        volume = None  # the heading of the *next* resolution on a compilation page: not ours
    if volume is not None:
        begin = max(begin, volume + 1)
    for i, line in enumerate(lines[begin:], start=begin):
        s = line.stripped
        if (OPERATIVE_NUMBER.match(s) or language.clause_re.match(s)) and i + 1 < len(lines):
            if _number_title_line(lines, i):
                continue  # "111. Report of the Governing Council …" over "1. Takes note …": the resolution's number and title
            return _number_after_first_line(lines, i, begin)
        if language.preamble_phrase(s) and len(s.split()) > 3 and not SYMBOL.match(s) and _closes_soon(lines, i):
            return i
        if volume is not None and s[:1].isupper() and len(s.split()) >= 8 and _closes_soon(lines, i):
            return i  # under a volume heading ("1 (1946) Resolution of …"), a recital with no opening phrase
    return 0


def _number_title_line(lines: list[Line], i: int) -> bool:
    """Is line ``i`` the Official Records' number and title of a resolution printed without its formula ("111.
    Report of the Governing Council …" directly over "1. Takes note …"), not a paragraph? Its number is not 1,
    it ends without a paragraph's punctuation, and paragraph 1 follows it."""
    s = lines[i].stripped
    m = OPERATIVE_NUMBER.match(s)
    if m is None or m.group(1) == "1" or s[-1:] in ",;:" or not _OLD_NUMBER.match(s):
        return False
    nxt = next((ln.stripped for ln in lines[i + 1:i + 3] if ln.stripped), "")
    first = OPERATIVE_NUMBER.match(nxt)
    return first is not None and first.group(1) == "1"


def _number_after_first_line(lines: list[Line], i: int, begin: int) -> int:
    """Where the paragraph numbered at ``i`` starts: at ``i``, or on the line above when the number
    stands alone between an open line and a lower-case continuation (pdfminer prints "1." under its
    paragraph's first line: "In operative paragraph 64, after … insert" / "1." / "“and combating …”.")."""
    below = next((j for j in range(i + 1, len(lines)) if lines[j].stripped), None)
    above = next((j for j in range(i - 1, begin - 1, -1) if lines[j].stripped), None)
    if OPERATIVE_NUMBER.fullmatch(lines[i].stripped) is None or below is None or above is None:
        return i
    first = lines[below].stripped.lstrip("“‘\"'(")
    prev = lines[above].stripped
    if first[:1].islower() and prev[-1:] not in ".,;:" and prev[:1].isupper():
        return above
    return i


def _closes_soon(lines: list[Line], i: int) -> bool:
    """A preambular paragraph ends with a comma or semicolon within a few lines; a title does not."""
    for line in lines[i:i + 8]:
        s = line.stripped
        if line is not lines[i] and OPERATIVE_NUMBER.match(s):
            return False
        if re.search(r"[,;:]\W{0,3}\d{0,3}$", s) or re.search(r"[,;]\s+\d+\.\s", s):
            return True
    return False


_HEADING_NUMBER = re.compile(
    r"^(?:RESOLUTION|Resolution|Résolution|RÉSOLUTION)\s+(\d{1,4})\s*\((\d{4}|[IVXL]+)\)"
    r"|^(\d{1,4})\s*\((\d{4})\)\.?\s+(?:Resolution|Résolution)\b"  # the volumes: "82 (1950). Resolution of 25 June 1950"
)


#: The volumes' heading, whatever the language: "82 (1950). Resolution of 25 June 1950", "46 (1948). Resolución de …".
_VOLUME_HEADING = re.compile(r"^(?P<n>\d{1,4})\s*\(\s*(?P<y>\d{4})\s*\)\.?\s+(?:RESOLUTION|Resolution|R[ée]solution|Resoluci[óo]n)\b")
#: An Assembly resolution's heading with its session's number, perhaps after a site's words ("UN General Assembly
#: Resolutions: Resolution 47/69", "Resolution ES-10/11 (5 August 2002)").
_SESSION_HEADING = re.compile(r"^(?:[^:]{0,40}:\s*)?(?:RESOLUTION|Resolution|R[ée]solution|Resoluci[óo]n|Резолюция|(?:ال)?قرار)\s+(?:№\s*|رقم\s+)?(?P<n>(?:ES-)?\d{1,2}/\d{1,3})(?![\d/])(?P<y>)")
#: A press release's line before the text it quotes: "The full text of resolution 2686 (2023) reads as follows:",
#: "Le texte intégral de la résolution 2686 (2023) se lit comme suit :", "El texto completo de la resolución 2686 (2023) …".
_PRESS_HEADING = re.compile(
    r"^(?:(?:The\s+)?(?:full\s+)?text\s+of\s+(?:the\s+)?resolution|Le\s+texte\s+(?:intégral\s+|complet\s+)?de\s+la\s+résolution|"
    r"El\s+texto\s+(?:íntegro\s+|completo\s+)?de\s+la\s+resolución)\s+(?P<n>\d{1,4})\s*\(\s*(?P<y>\d{4})\s*\)", re.IGNORECASE)
#: Every language's heading ("Resolution 827 (1993)", "Резолюция 1913 (2010),", "第368(1975)号决议", …), with its language
#: (None: the text's), the forms above first.
_HEADINGS: tuple[tuple[re.Pattern[str], Language | None], ...] = (
    (_VOLUME_HEADING, None), (_SESSION_HEADING, None), (_PRESS_HEADING, None)) + tuple(
    (lang.heading_re, lang) for lang in LANGUAGES.values() if lang.heading != r"(?!)")
#: A body's name printed before the heading, with a dash or a colon ("Conseil de sécurité - Résolution 1234",
#: "UNSC Resolution 1234", "مجلس الأمن الدولي - القرار رقم 1234"), or a site's index of them ("UN Security Council
#: Resolutions: Resolution 119").
_BODY_PREFIX = re.compile(
    r"^(?:(?:UN|UNSC|ONU|ООН|United Nations|Nations Unies|Naciones Unidas)\s+(?=\S))?(?:(?:Security Council|Conseil de sécurité|"
    r"Consejo de Seguridad|Совет Безопасности(?: ООН)?|مجلس الأمن(?: الدولي)?|General Assembly|Assemblée générale|Asamblea General)"
    r"(?:\s+(?:Resolutions|Résolutions|Resoluciones))?\s*[-–—:|,]\s*)?")
_ASSEMBLY = re.compile(r"General Assembly|Assemblée générale|Asamblea General|Генеральн\w+ Ассамбле\w+|大会|大會|الجمعية العامة", re.IGNORECASE)


@dataclass(frozen=True)
class _Heading:
    """A resolution's heading above the formula: its number, its year (or session) when printed, the date
    printed on its line or alone on the line beside it, and whether it names the Security Council."""

    number: str
    year: str | None
    when: date | None
    council: bool
    assembly: bool = False


def _resolution_heading(head: list[Line], language: Language) -> _Heading | None:
    """The heading nearest the formula that gives its year (from its brackets or a date on its line or
    beside it), else the nearest without one; None when the masthead holds no heading."""
    found: list[_Heading] = []
    for k, line in enumerate(head):
        s = " ".join(line.stripped.split())
        if not s or len(s) > 300:
            continue
        t = _BODY_PREFIX.sub("", s)  # "Conseil de sécurité - Résolution 1234 - 27 mai 2015"
        m, lang = next(((m, lang) for rx, lang in _HEADINGS for m in (rx.match(t),) if m), (None, None))
        if m is None and s[0] in ZH_DIGITS:
            t = _zh_numerals(s, everywhere=True)
            m, lang = _ZH_VOLUME_HEADING.match(t), LANGUAGES["zh"]
        if m is None:
            continue
        lang = lang or language
        year = m.group("y") or None
        year = "I" if year == "1" else year  # OCR "(1)" for the first session's "(I)"
        rest = t[m.end():]
        when = parse_date(_bracketed_month(rest), lang) if re.search(r"\d{4}", rest) else None
        if when is None:
            when = _date_beside(head, k, lang)
        if when is not None and year and year.isdigit() and when.year != int(year):
            when = None
        if year is None and when is not None and "/" not in m.group("n"):
            year = str(when.year)
        found.append(_Heading(m.group("n"), year, when, bool(_COUNCIL.search(s)), bool(_ASSEMBLY.search(s))))
    return next((h for h in reversed(found) if h.year or "/" in h.number), found[-1] if found else None)


def _title_after_heading(head: list[Line], language: Language) -> str | None:
    """The title printed after a session-numbered heading on its line, just above the formula ("Resolution 20/4
    Promoting further cooperation in countering transnational organized crime")."""
    last = next((ln.stripped for ln in reversed(head) if ln.stripped), "")
    m = _SESSION_HEADING.match(" ".join(last.split()))
    rest = " ".join(last.split())[m.end():].strip(" .:-–") if m else ""
    return rest if rest[:1].isupper() and _lone_date(rest) is None and plausible_title(rest, language) else None


def _is_heading(s: str) -> bool:
    """Is the line a resolution's heading, in any language or layout ``_resolution_heading`` reads?"""
    t = _BODY_PREFIX.sub("", " ".join(s.split()))
    return any(rx.match(t) for rx, _ in _HEADINGS) or bool(
        s[:1] in ZH_DIGITS and _ZH_VOLUME_HEADING.match(_zh_numerals(s, everywhere=True)))


def _catalogue_date(head: list[Line], language: Language) -> date | None:
    """The date of a catalogue's record, when its fields name the meeting or the vote beside it ("Date: 18 janvier
    2005    Séance: 5112e" / "Vote: unanimité"): the adoption date."""
    text = "\n".join(line.stripped for line in head)
    if not re.search(r"(?:^|\s)(?:Séance|Meeting|Vote|Votes|Sesión|Votación|Заседание)\s*:", text, re.IGNORECASE):
        return None
    m = re.search(r"(?:^|\s)(?:Date|Fecha|Дата)\s*:\s*([^\n]{6,40})", text, re.IGNORECASE)
    return parse_date(m.group(1), language) if m else None


def _date_under_symbol(head: list[Line], language: Language) -> date | None:
    """A date alone under an old Assembly resolution's symbol in a masthead without a distribution line ("A/RES/194
    (III)" / "11 December 1948"): the adoption date (under "Distr.: General" the date is the issue's, not taken; a
    web copy of a recent masthead may have lost that line, so recent symbols are left alone)."""
    nonblank = [line.stripped for line in head if line.stripped]
    if any(s.startswith(("Distr", "DISTR")) for s in nonblank):
        return None
    for k, s in enumerate(nonblank[:-1]):
        if SYMBOL_LINE.match(s) and re.match(r"A/RES/\d+\s*\([IVXL]+\)$", s):  # an old symbol: today's mastheads print "Distr."
            return _lone_date(nonblank[k + 1], language)
    return None


def _bracketed_month(text: str) -> str:
    """An Arabic date's second month name in brackets read as after a slash ("تشرين الثاني (نوفمبر)")."""
    return re.sub(r"\s*\(\s*([^\d()\s][^\d()]*?)\s*\)", r"/\1", text) if "(" in text else text


def _date_beside(head: list[Line], k: int, language: Language) -> date | None:
    """A date alone on the line under the heading at ``k`` ("(Нью-Йорк, 15 декабря 1991 г.)", OCR's "or 29
    October 1990"), or above it (Chinese: "一九七五年四月十七日" / "第368(1975)号决议")."""
    below = next((ln.stripped for ln in head[k + 1:k + 3] if ln.stripped), "")
    above = next((ln.stripped for ln in reversed(head[max(0, k - 2):k]) if ln.stripped), "")
    for s in (below, above if "年" in above else ""):  # above: only the Chinese layout
        when = _lone_date(s, language) if s else None
        if when is not None:
            return when
    return None


#: What may stand before a date alone on its line: "of", OCR's "or", "on", a place ("Нью-Йорк, ").
_LONE_DATE = re.compile(r"^(?:(?:of|or|on|le|du|de|del|dated|en date du|от)\s+|[^\W\d_][\w-]*(?:\s[^\W\d_][\w-]*)?,\s*)")
_DATE_ALONE = re.compile(r"(?:\d{1,2}|1er)\s+[^\W\d_]+\s*,?\s+\d{4}|[^\W\d_]+\s+\d{1,2},\s+\d{4}")


def _zh_numerals(text: str, everywhere: bool = False) -> str:
    """A Chinese date in Chinese numerals made digits ("一九七五年四月十七日" → "1975年4月17日"); ``everywhere``: every
    number ("四(一九四六). 一九四六年四月二十九日决议案" → "4(1946). 1946年4月29日决议案")."""
    if not everywhere and "年" not in text or not re.search("[〇零一二三四五六七八九十]", text):
        return text
    if everywhere:
        return re.sub(r"[〇零一二三四五六七八九十百千]+", lambda m: str(zh_number(m.group(0))), text)
    return re.sub(r"([〇零一二三四五六七八九十]{1,4})(?=[年月日])", lambda m: str(zh_number(m.group(1))), text)


#: The old volumes' heading in Chinese: "四(一九四六). 一九四六年四月二十九日决议案" (numbers made digits first).
_ZH_VOLUME_HEADING = re.compile(r"^(?P<n>\d{1,4})\s*[(（]\s*(?P<y>\d{4})\s*[)）]\s*[.．。]?\s*(?=.{0,30}(?:决议案?|決議案?)\d{0,2}$)")


def _heading_symbol(h: _Heading, formula: str | None, text: str = "", adoption: date | None = None) -> str | None:
    """The symbol a heading gives: a Council resolution's with its year ("Resolution 827 (1993)"; a heading
    without one takes the adoption date's year when the formula names the Council), an Assembly resolution's
    with its session ("67 (I)"). Old and hand-cleaned texts carry no symbol line, only such a heading
    (without a formula, the body named in the first paragraphs decides)."""
    body = " ".join((formula or text[:3000]).split())  # "Security  Council" in a layout reading
    if "/" in h.number:  # "Resolution 47/69", "Resolution ES-10/11": the Assembly's numbering by session
        return f"A/RES/{h.number}" if h.assembly or _ASSEMBLY.search(body) else None
    if h.council or _COUNCIL.search(body) or _COUNCIL.search(body.title()):
        year = h.year or (str(adoption.year) if adoption is not None and formula and _COUNCIL.search(body) else None)
        return f"S/RES/{h.number} ({year})" if year and year.isdigit() else None
    if h.year and not h.year.isdigit() and (h.assembly or _ASSEMBLY.search(body)):
        return f"A/RES/{h.number} ({h.year})"  # "67 (I)"; a web page's "Resolution 181 (1947)" names no session
    return None
