"""Stage 4: body lines → preamble, operative paragraphs, points, sections, annexes.

``parse_resolution(text)`` runs every stage (normalise → header → segment →
structure) and returns a ``Resolution`` with eIds assigned.

Paragraph boundaries come from several signals, because extractions differ:
an operative number that continues the sequence ("13." with its text on the
same or the next line), a point label that continues its list (``a)`` after
``:``, ``(b)`` after ``;``), an opening phrase from the language data after a
line that closed the previous paragraph (``,`` ``;`` ``.`` ``:``), and, where
the extraction keeps them, indentation and blank lines.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter

from lod import eids
from lod.errors import ParseError
from lod.model import (
    Annex,
    Footnote,
    NoteRef,
    OperativeParagraph,
    ParseWarning,
    Point,
    PreambularParagraph,
    Resolution,
    Section,
    SourceInfo,
)
from lod.read.header import Header, parse_date, read_header, split_formula_line
from lod.read.languages import LANGUAGES, Language, detect_language
from lod.read.normalise import NOTE_SENTINEL, SENTINEL_CLOSE, SENTINEL_OPEN, Line, normalise
from lod.read.numbering import Numbered, confirmed_points, number_paragraphs, plain_numbering
from lod.read.quoted import unquote
from lod.read.runon import split_run_on
from lod.read.repair import (language_words, place_displaced, place_overflow, repair_lines, restore_exploded,
                             restore_letter_spaced, squeeze_spaces, stray_pieces)
from lod.read.patterns import (FOOTNOTE_SEPARATOR, HARD_FURNITURE, OPERATIVE_NUMBER, POINT_LABEL, POINT_LETTERS, POINT_ROMANS,
                                SECTION_HEADING)
from lod.read.sequence import complete_sequence, sequence_after_end
from lod.read.segment import Note, segment
from lod.read.source import Source

__all__ = ["leading_language", "parse_lines", "parse_resolution", "parse_source"]

_ROMANS = POINT_ROMANS
_LETTERS = POINT_LETTERS
#: Punctuation that closes a paragraph's line, ASCII and full-width.
_CLOSING = ",;:.，；：。،؛"
_SECTION_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_CLOSERS = ",;:.)”»’\"'"
#: The closing meeting lines of the other languages (lod.read.languages: "50ª sesión plenaria", "第 50 次全体会议"),
#: and what else may close a resolution (Chinese prints the date first: "2023 年 12 月 19 日").
_OTHER_MEETINGS = "".join(f"|{lang.meeting}" for lang in LANGUAGES.values() if lang.meeting)
_CONCLUSION = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)\s+(?:\([\w ]+\)\s+)?plenary meeting|[\w-]+\s+(?:\([\w ]+\)\s+)?plenary meeting|"
    r"(?:\d+e|[\w-]+ième)\s+séance plénière|Adopted\b|Adoptée?\b|Adoptee\b|\d+(?:st|nd|rd|th) meeting)"
    r"|^第[\d〇零一二三四五六七八九十百千]+次[会會][议議]"  # "第三十九次会议", "第一八二一次会议": numerals in words or digit by digit
    + _OTHER_MEETINGS + "".join(f"|{lang.closing}" for lang in LANGUAGES.values() if lang.closing),
    re.IGNORECASE,
)
_ANNEX = re.compile(r"^(?:Annex|Annexe|ANNEX|ANNEXE|Appendix|Appendice)(?:\s+([IVXL]+|\d+|[A-Z]))?\s*(?:[:.–—-]\s*(\S.{0,150}))?$")
#: A footnote number left after the closing punctuation (its note text was dropped by the extractor), also as web
#: pages ("[1]") and the 1970s volumes ("129/") print it.
_TRAILING_MARK = re.compile(r"([,;:.][”’\")]?)\s*(?:[!l|]?\d{1,3}|\[\d{1,3}\]|\d{1,3}/)$")
_SPACES = re.compile(r"[ \t]{2,}")
#: Where a clause may start inside a paragraph: after a comma.
_AFTER_COMMA = re.compile(r"[,，،]\s*")
#: An unlettered list item: a dash or a bullet opening the line.
_LIST_ITEM = re.compile(r"^[-–—•·]\s+\S")
_SPACE_BEFORE_MARK = re.compile(rf" +(?={SENTINEL_OPEN}[^{SENTINEL_CLOSE}]*{SENTINEL_CLOSE}[,.;:)])")
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_WORD_START = re.compile(r"[^\W\d_]+")
_NOT_PARTICIPLE = {"Beijing", "Kunming", "Nanjing", "Chongqing", "Xining", "Viking", "Peking", "Sterling", "Reading"}


@dataclass
class _Para:
    kind: str  # "pre", "op", "point", "annex"
    lines: list[Line] = field(default_factory=list)
    num: str | None = None
    section: str | None = None
    depth: int = 0
    children: list[_Para] = field(default_factory=list)
    parent: _Para | None = None
    heading: str | None = None  # a cross heading printed above an operative paragraph

    def last_text(self) -> str:
        for line in reversed(self.lines):
            s = line.stripped
            if s:
                return NOTE_SENTINEL.sub("", s) if SENTINEL_OPEN in s else s
        return ""


def parse_resolution(text: str, *, source: str | None = None, language: str | None = None) -> Resolution:
    """Parse the text of a resolution, draft resolution, decision or amendment.

    >>> r = parse_resolution("The General Assembly,\\nRecalling its resolution 70/1,\\n1. Decides to act.\\n")
    >>> (r.formula, len(r.preamble), r.operative[0].phrase, r.operative[0].text)
    ('The General Assembly,', 1, 'Decides', 'Decides to act.')

    Raises:
        ParseError: the text holds no resolution structure (no formula, no paragraphs).
    """
    data = text.encode("utf-8", "surrogatepass")
    info = SourceInfo(source, hashlib.sha256(data).hexdigest(), len(data))
    return _parse(text, info, (), language)


def parse_source(src: Source, *, language: str | None = None) -> Resolution:
    """Parse a ``Source`` read by ``read_source``; its warnings are kept."""
    return _parse(src.text, src.info, src.warnings, language)


def _parse(text: str, info: SourceInfo, warnings0: tuple[ParseWarning, ...], language: str | None) -> Resolution:
    if not text.strip():
        raise ParseError("empty text: expected the text of a resolution", source=info.name, line=1)
    lines, meta = normalise(text)
    code = language or leading_language(lines, detect_language(text))
    return parse_lines(lines, meta, code, info, warnings0)[0]


def leading_language(lines: list[Line], guess: str) -> str:
    """The language a bilingual page leads with: that of its first enacting formula, when the page
    holds formulas in two languages (the volumes print English and French side by side); else ``guess``."""
    found: list[str] = []
    for line in lines:
        s = line.stripped
        if not s or len(s) > 120 or not s[0].isupper() or not _formula_shaped(s):
            continue
        for lang in LANGUAGES.values():
            if lang.formula_re.match(s):
                if lang.code not in found:
                    found.append(lang.code)
                break
        if len(found) == 2:
            break
    return found[0] if len(found) == 2 and guess in found else guess


def _formula_shaped(s: str) -> bool:
    """Could ``s`` be an enacting formula line ("The General Assembly," / "Le Conseil de sécurité")? A cheap
    test before the languages' patterns: it ends with a comma or is a few words."""
    return s[-1] in ",，،" or s.count(" ") <= 5


def parse_lines(lines: list[Line], meta: dict[str, str], code: str, info: SourceInfo,
                warnings0: tuple[ParseWarning, ...] = ()) -> tuple[Resolution, list[Line]]:
    """Parse normalised lines (a whole text, or one resolution's part of it) as one document.

    Returns the resolution and the lines after its end (the closing meeting and date lines and
    whatever follows them).
    """
    if code not in LANGUAGES:
        raise ParseError(f"unsupported language {code!r}: expected one of {', '.join(LANGUAGES)}", source=info.name)
    lang = LANGUAGES[code]
    lines = plain_numbering(lines)  # "1.Decides", "1 – Réaffirme" as "1. Decides" (in sequence), "(أ)" as "(a)"
    lines, run_on = split_run_on(lines, lang)
    lines, quoted = unquote(lines, lang)
    lines = split_formula_line(lines, lang)
    if lang.number_re is not None or lang.note_re is not None:
        lines = _own_style(lines, lang)
    header = read_header(lines, lang, meta)
    body_lines = lines[header.body_start:]
    seg = segment(body_lines, language=lang, symbols=header.symbols, title_lines=header.title_lines)
    warnings = list(warnings0) + list(quoted) + list(header.warnings) + seg.warnings
    if run_on:
        warnings.append(ParseWarning("run-on-text", f"{len(run_on)} line(s) held several paragraphs (line ends lost): cut where "
                                     "a numbered paragraph of the sequence, a recital's opening phrase or a point opens",
                                     run_on[0]))
    body, displaced = place_displaced(seg.body, lang)
    warnings += [ParseWarning("text-out-of-order", f"words the extraction printed apart from their line: {what}", no)
                 for no, what in displaced]
    body, overflow = place_overflow(body)
    body, exploded = restore_exploded(body)
    body, spaced = restore_letter_spaced(body, language_words(lang))
    exploded += spaced
    body, repaired = repair_lines(body)
    body = squeeze_spaces(body)
    body = _join_adverbs(body, lang)
    stray = stray_pieces(body, lang)
    if stray is not None:
        warnings.append(ParseWarning("text-out-of-order", f"words the extraction printed apart from their line: {stray[1]}", stray[0]))
    overflow += exploded + repaired
    end = _resolution_end(body, lang)
    if lang.line_per_paragraph and _wraps_lines(body[:end], lang):
        lang = replace(lang, line_per_paragraph=False)  # a PDF's layout: a paragraph runs over several lines
    numbered = number_paragraphs(body[:end], lang)
    prose = _prose_after(numbered, body, end, lang)
    if prose is not None:  # a quoted resolution ends: the page's own prose goes on after it
        end = prose
        numbered = number_paragraphs(body[:end], lang)
    complete_sequence(numbered, lang, warnings)  # a paragraph the numbering missed, run into the one before it
    warnings += numbered.warnings
    builder = _Builder(lang, warnings, numbered.starts, confirmed_points(numbered.lines, numbered.starts))
    builder.formula = header.formula is not None
    if header.first_part is not None:
        builder.open_part(*header.first_part)
    before = _recital_before_formula(lines, header, lang)
    if before:
        builder.feed(before)  # the old texts' first recital, printed above "Therefore the Security Council,"
    rest = body[end:]
    beyond = sequence_after_end(numbered, rest, lang)  # an end read too early: say that paragraphs are left out
    if beyond is not None:
        warnings.append(beyond)
    after = next((ln for ln in rest if ln.stripped), None)
    if after is None or _ANNEX.match(after.stripped) or _CONCLUSION.match(after.stripped):
        tail = builder.feed(numbered.lines + rest)  # the closing lines and annexes are read by the builder
    else:
        warnings.append(ParseWarning("text-after-end", "the text goes on after the resolution's last paragraph "
                                     f"(not part of it): {after.stripped[:60]!r}", after.no))
        annex = next((k for k, ln in enumerate(rest[:40]) if _ANNEX.match(ln.stripped)), None)
        if annex is None:
            tail = builder.feed(numbered.lines) + rest
        else:  # a table header or a stray line before the annex heading
            tail = builder.feed(numbered.lines + rest[annex:])
    adoption = header.adoption_date
    closing = next((ln.stripped for ln in tail if ln.stripped), "")
    if adoption is None and closing and _CONCLUSION.match(closing):
        # the date of the closing lines ("8th plenary meeting" / "8 September 2000"): never one of the text that
        # goes on after the end (a draft quoted twice on a page gives no adoption date)
        adoption = parse_date(" ".join([_MEETING_WORDS.sub("", closing)] + [ln.stripped for ln in tail[:4] if ln.stripped][1:]), lang)
    if adoption is None:
        adoption = _closing_date(body, lang)
    if adoption is not None and adoption > date.today():
        warnings.append(ParseWarning("date-in-future", f"the date read as the adoption date, {adoption.isoformat()}, "
                                     "is after today: left out", None))
        adoption = None
    res = builder.finish(header, seg.notes, info, code, adoption)
    warnings += _second_formulas(numbered.lines, lang, builder.part_formulas, header.formula)
    warnings += _foreign_paragraphs(builder.paras, lang)
    repairs = sorted(overflow)
    if repairs:
        examples = "; ".join(what for _, what in repairs[:4])
        warnings.append(ParseWarning("text-repaired", f"{len(repairs)} word(s) the extraction split, joined or "
                                     f"displaced, repaired from the document's own words: {examples}", repairs[0][0]))
    object.__setattr__(res, "warnings", tuple(warnings))
    _check(res, info, lines, warnings, closed=bool(closing) and _CONCLUSION.match(closing) is not None,
           dangling=_dangling(body[:end]))
    return res, tail


class _Builder:
    """Accumulates paragraphs line by line (a small state machine)."""

    def __init__(self, language: Language, warnings: list[ParseWarning], starts: dict[int, str] | None = None,
                 points: set[int] | None = None) -> None:
        self.lang = language
        self.confirmed: set[int] = points if points is not None else set()  # id(line) of list-confirmed point labels
        self.starts: dict[int, str] = starts if starts is not None else {}  # id(line) -> operative number (lod.read.numbering)
        self.warnings = warnings
        self.paras: list[_Para] = []
        self.current: _Para | None = None
        self.point: _Para | None = None  # current top-level point
        self.subpoint: _Para | None = None
        self.last_num = 0
        self.section: str | None = None
        self.sections: list[tuple[str, str | None]] = []
        self.parts: list[tuple[str, str | None]] = []  # "Part I" of a budget resolution: number, heading
        self.part_formulas: set[int] = set()  # line numbers of the formulas that open parts B, C …
        self.section_part: dict[str, str] = {}  # section number -> the part holding it
        self.section_fresh = False
        self.section_numbered = False  # a numbered paragraph opened in the current section
        self.annexes: list[tuple[str | None, list[Line]]] = []
        self.blank_before = False
        self.tail: list[Line] = []
        self.has_operative = False
        self._heading: str | None = None  # a cross heading waiting for its paragraph
        self._pending_heading: int | None = None  # line number of a section heading's text, when it is the next line
        self._closing: tuple[_Para | None, int, str] = (None, 0, "")  # _closing_text's last answer: element, its line count, text
        self.formula = False  # the header found the enacting formula
        self.lead_in: str | None = None  # "Décide :" alone above "1. Que …": the verb that introduces the numbered clauses

    # -- helpers -----------------------------------------------------------
    def _closing_text(self) -> tuple[_Para | None, str]:
        """The innermost open element and its last line, without a dropped footnote number or closing quotes.

        Asked up to five times per line with nothing changed in between: the answer is kept until
        the open element changes or gains a line (elements only ever gain lines at the end).
        """
        target = self.subpoint or self.point or self.current
        if target is None:
            return None, ""
        kept, count, text = self._closing
        if kept is target and count == len(target.lines):
            return target, text
        text = self._closing_of(target)
        self._closing = (target, len(target.lines), text)
        return target, text

    def _closing_of(self, target: _Para) -> str:
        """What ``_closing_text`` says of ``target``, computed."""
        t = target.last_text()
        if t.rstrip(",:") in self.lang.connectives:
            return ":"  # "Therefore" closes the preamble: what follows opens a paragraph
        if t[-1:].isdigit() or t[-1:] in "]/":
            t = _TRAILING_MARK.sub(r"\1", t)
        return t.rstrip(" ”’\"»)")

    def _ended(self) -> bool:
        """Has the open element's last line closed it, or may a list item follow ("; and")?"""
        target, t = self._closing_text()
        if target is None:
            return True
        if not t:
            return target.kind == "op" and not target.lines  # "1." alone: text comes next
        return t[-1] in _CLOSING or t.endswith((" and", " et", " or", " ou", ";", " and/or")) or self.lang.line_per_paragraph

    def _ended_strong(self) -> bool:
        """Has the open element's last line closed it with punctuation?"""
        target, t = self._closing_text()
        if target is None:
            return True
        return bool(t) and (t[-1] in _CLOSING or self.lang.line_per_paragraph)

    def _open(self, para: _Para) -> None:
        self.paras.append(para)
        if para.kind == "op":
            self.has_operative = True
        self.current = para
        self.point = None
        self.subpoint = None

    def _in_operative(self) -> bool:
        return self.has_operative

    # -- main loop ---------------------------------------------------------
    def feed(self, lines: list[Line]) -> list[Line]:
        """Consume body lines; return the lines after the end of the text (meeting, date)."""
        indented = _indentation_signals(lines, self.lang)
        i = 0
        while i < len(lines):
            line = lines[i]
            s = line.stripped
            if not s:
                self.blank_before = True
                i += 1
                continue
            if self.annexes:
                if _next_annex(self.annexes[-1][0], s):
                    self.annexes.append(_annex_opening(line))  # "Annex 2" after "Annex 1"
                else:
                    self.annexes[-1][1].append(line)
                i += 1
                continue
            if id(line) not in self.starts and self._continues(s):
                # fast path: the line continues the open element (most lines)
                self._append(line)
                self.blank_before = False
                i += 1
                cur = self.current
                if cur is not None and cur.kind == "op" and cur.num == "" and self._inline_annex_opens(lines, i):
                    self.annexes.append((None, []))
                continue
            if self._pending_heading == line.no:
                heading = s
                # a heading may run over two or three lines until the first paragraph
                while i + 1 < len(lines) and heading.count(" ") < 80:
                    nxt = lines[i + 1].stripped
                    if (not nxt or id(lines[i + 1]) in self.starts or OPERATIVE_NUMBER.match(nxt) or POINT_LABEL.match(nxt)
                            or self.lang.preamble_phrase(nxt) or self.lang.operative_phrase_known(nxt)
                            or SECTION_HEADING.match(nxt) or heading.endswith((".", ",", ";", ":"))):
                        break
                    heading += " " + nxt
                    i += 1
                self.sections[-1] = (self.sections[-1][0], heading)
                self._pending_heading = None
                i += 1
                continue
            if _CONCLUSION.match(s) and self._in_operative() and (self._ended_strong() or _MEETING_LINE.match(s)):
                # "28th plenary meeting / 4 November 2025" closes the resolution (or its part A: then
                # "B", the part's heading and its formula follow); an annex may follow.
                k = self._next_part(lines, i) if self.sections else None
                if k is not None:
                    i = k
                    continue
                j = next((k for k in range(i + 1, len(lines)) if _ANNEX.match(lines[k].stripped)), None)
                if j is None:
                    k = self._unheaded_annex(lines, i)
                    if k is None:
                        return self.tail + lines[i:]
                    self.tail += lines[i:k]
                    self.annexes.append((None, []))  # the annex the text refers to, its heading lost
                    i = k
                    continue
                self.tail += lines[i:j]
                self.annexes.append(_annex_opening(lines[j]))
                i = j + 1
                continue
            am = _ANNEX.match(s)
            if am and self._in_operative() and self._ended_strong():
                self.annexes.append(_annex_opening(line))
                i += 1
                continue
            k = self._try_budget_heading(lines, i, s) if s[0] in "PS" else None
            if k is not None:
                i = k
                continue
            if len(s) <= 90 and self._cross_heading(lines, i, s):
                i += 1
                continue
            if self._try_number(line, s) or self._try_point(line, s) or self._try_section(lines, i, s):
                self.blank_before = False
                i += 1
                continue
            if self._lead_in(lines, i, s):
                i += 1
                continue
            if self.last_num == 0 and self.lang.clause_re.match(s) and self._ended_strong():
                # an old-style unnumbered clause ("Que la Commission …")
                self._open(_Para("op", [line], num="", section=self.section))
                self.blank_before = False
                i += 1
                continue
            unnumbered_so_far = not self._in_operative() or self.current is None or (
                self.current.kind == "op" and self.current.num == "") or (
                self.section is not None and self.current.section == self.section and self.current.kind == "pre")
            if ((self.last_num == 0 or not self.section_numbered) and unnumbered_so_far
                    and (self.lang.operative_phrase_known(s) or self._next_unnumbered(s))
                    and self._ended_strong() and not self.lang.preamble_phrase(s)):
                # unnumbered operative paragraphs ("The General Assembly / Adopts the declaration …",
                # 1950 Security Council texts)
                self._open(_Para("op", [line], num="", section=self.section))
                self.section_fresh = False
                self.blank_before = False
                i += 1
                if self._inline_annex_opens(lines, i):
                    self.annexes.append((None, []))
                continue
            if s.rstrip(",:") in self.lang.connectives and self.current is not None:
                self._append(line)  # "Therefore" joins the preamble to what follows: no paragraph of its own
                self.blank_before = False
                i += 1
                continue
            if self._starts_paragraph(line, s, indented):
                if self._in_operative() and not self.section_fresh:
                    # preamble-like text after the operative part began: a wrap-up of the paragraph
                    self._append(line)
                else:
                    self._open(_Para("pre", [line], section=self.section))
            else:
                self._append(line)
            self.blank_before = False
            i += 1
            if self._inline_annex_opens(lines, i):
                self.annexes.append((None, []))
        return self.tail

    def _lead_in(self, lines: list[Line], i: int, s: str) -> bool:
        """Is ``s`` only a verb and a colon ("Décide :", "Resolves:") above paragraph 1, the verb that introduces the
        numbered clauses (``That …``, ``Que …``) rather than a paragraph of its own? Then it is kept with the formula."""
        if (not self.formula or self.lead_in is not None or self.has_operative or not s.endswith(":") or len(s.split()) > 3
                or not self.lang.operative_phrase_known(s) or not self._ended_strong()):
            return False
        nxt = next((ln for ln in lines[i + 1:i + 4] if ln.stripped), None)
        if nxt is None or self.starts.get(id(nxt)) != "1":
            return False
        self.lead_in = s
        return True

    def _next_unnumbered(self, s: str) -> bool:
        """Does ``s`` open the next of a run of unnumbered operative paragraphs with a verb not in the list
        ("Recommends …; / Trusts that …")? Only after one that opened with a known phrase."""
        cur = self.current
        return cur is not None and cur.kind == "op" and cur.num == "" and bool(self.lang.operative_shape_re.match(s))

    def _continues(self, s: str) -> bool:
        """Does the line ``s`` only continue the open element, whatever the tests of ``feed`` below?

        Yes when it opens in lower case (the rule for most lines), and when the element's last line
        has not closed it and ``s`` is no point label: every test below but ``_try_point`` needs a
        closed element to take a line, and a line none takes is appended, as here.
        """
        if self.current is None or self._pending_heading is not None:
            return False
        if s[0].islower() and ")" not in s[:5]:
            # Russian opens its paragraphs in lower case: a known opening phrase after a closed line starts one
            return not (self.lang.lower_case_starts and self._ended_strong() and self.lang.preamble_phrase(s))
        return not self._ended() and not POINT_LABEL.match(s) and not _MEETING_LINE.match(s)

    def _inline_annex_opens(self, lines: list[Line], i: int) -> bool:
        """An unnumbered operative paragraph that adopts a text ("Adopts the following declaration:", "Proclame :")
        and ends with ':' introduces that text (an annex), unless a list of points, a numbered paragraph, a dash
        item or another operative paragraph follows. Any other verb ending with ':' ("Affirms … the following
        principles:", "Decides:") announces its own points, printed or lost."""
        cur = self.current
        if not (cur and cur.kind == "op" and cur.num == "" and not cur.children and cur.lines
                and cur.last_text().rstrip().endswith(":") and not self.annexes):
            return False
        if not self.lang.adopts_text(cur.lines[0].stripped):
            return False
        nxt = next((ln.stripped for ln in lines[i:i + 4] if ln.stripped), "")
        return not (POINT_LABEL.match(nxt) or OPERATIVE_NUMBER.match(nxt) or _LIST_ITEM.match(nxt)
                    or self.lang.operative_phrase_known(nxt))

    def _append(self, line: Line) -> None:
        target = self.subpoint or self.point or self.current
        if target is None:
            self._open(_Para("pre", [line], section=self.section))
        else:
            target.lines.append(line)

    def _sections(self) -> tuple[Section, ...]:
        """The sections in order, each part just before its first section (parts without sections last)."""
        out: list[Section] = []
        placed: set[str] = set()
        for num, heading in self.sections:
            part = self.section_part.get(num)
            if part is not None and part not in placed:
                placed.add(part)
                out.append(Section(eids.part_eid(part), part, dict(self.parts).get(part), level="part"))
            out.append(Section(eids.section_eid(num), num, heading, parent=eids.part_eid(part) if part else None))
        for part, heading in self.parts:
            if part not in placed:
                out.append(Section(eids.part_eid(part), part, heading, level="part"))
        return tuple(out)

    def open_part(self, num: str, heading: str) -> None:
        """Start in part ``num`` of a resolution in parts (its heading stood above the formula)."""
        self._open_section(num, heading)

    def _open_section(self, num: str, heading: str | None) -> None:
        """Start section (or part) ``num``: its numbering may restart, no paragraph or point is open."""
        self.section = num
        self.section_fresh = True
        self.section_numbered = False
        self.sections.append((num, heading))
        self.current = self.point = self.subpoint = None

    def _next_part(self, lines: list[Line], i: int) -> int | None:
        """After part A's closing meeting and date lines: "B", its heading and its own formula. Open the
        part and return the index after its formula, or None when no part follows."""
        nxt = [k for k in range(i + 1, min(len(lines), i + 14)) if lines[k].stripped]
        expected = _next(self.sections[-1][0], _SECTION_LETTERS)
        for n, k in enumerate(nxt[:3]):
            if lines[k].stripped != expected:
                continue
            heading: list[str] = []
            for m in nxt[n + 1:]:
                s = lines[m].stripped
                if self.lang.formula_re.match(s):
                    self.part_formulas.add(lines[m].no)
                    self._open_section(expected, " ".join(heading) or None)
                    self.tail += [ln for ln in lines[i:k] if ln.stripped]
                    return m + 1
                heading.append(s)
                if len(heading) > 3:
                    break
        return None

    def _unheaded_annex(self, lines: list[Line], i: int) -> int | None:
        """Where an annex starts that the extraction printed without its "Annex" heading: after the
        closing meeting line and its date, when the resolution refers to "the annex to the present
        resolution" and text follows. None otherwise."""
        words = self.lang.annex_reference
        if not words or not any(words in " ".join(line.stripped for line in p.lines) for p in self.paras if p.kind == "op"):
            return None
        k = i + 1
        while k < len(lines) and (not lines[k].stripped or (k <= i + 3 and parse_date(lines[k].stripped, self.lang))):
            k += 1
        rest = [ln for ln in lines[k:] if ln.stripped]
        return k if len(rest) >= 3 else None

    def _try_budget_heading(self, lines: list[Line], i: int, s: str) -> int | None:
        """"Part I" / its heading, "Section 1" / its heading (budget resolutions): open the part or the
        section and return the index after its heading, or None when ``s`` is neither."""
        m = _PART_LINE.match(s)
        if m is not None:
            order = _ROMANS.index(m.group(1).lower()) if m.group(1).lower() in _ROMANS else -1
            last = _ROMANS.index(self.parts[-1][0].lower()) if self.parts else -1
            if order <= last or not self._ended_strong():
                return None  # parts go up (a budget prints only the parts it changes: IX, XI, XIII)
            heading, k = self._heading_lines(lines, i)
            self.parts.append((m.group(1), heading))
            self.section = None
            self.current = self.point = self.subpoint = None
            return k
        m = _SECTION_LINE.match(s)
        if m is None or not self._ended_strong():
            return None
        num = m.group(1)
        last_num = next((n for n, _ in reversed(self.sections) if n in self.section_part or not self.parts), None)
        if last_num is not None and _section_order(num) <= _section_order(last_num):
            return None
        heading, k = self._heading_lines(lines, i)
        self._open_section(num, heading)
        if self.parts:
            self.section_part[num] = self.parts[-1][0]
        return k

    def _heading_lines(self, lines: list[Line], i: int) -> tuple[str | None, int]:
        """The heading under a Part or Section line (up to four lines, until a paragraph, another heading
        or a recital), and the index after it."""
        out: list[str] = []
        k = i + 1
        while k < len(lines) and len(out) < 4:
            nxt = lines[k]
            t = nxt.stripped
            if not t:
                k += 1
                continue
            recital = bool(self.lang.preamble_phrase(t)) and (len(t) > 60 or t.endswith(","))
            if (id(nxt) in self.starts or _PART_LINE.match(t) or _SECTION_LINE.match(t) or OPERATIVE_NUMBER.match(t)
                    or recital or self.lang.operative_phrase_known(t)):
                break
            out.append(t)
            k += 1
        return (" ".join(out) or None), k

    def _cross_heading(self, lines: list[Line], i: int, s: str) -> bool:
        """A short unnumbered heading between operative paragraphs ("Protection of civilians"): it is
        kept for the numbered paragraph that follows it, not read as text."""
        if len(s) > 90 or len(s.split()) > 10 or not s[0].isupper() or (SECTION_HEADING.match(s) and len(s) <= 6):
            return False
        if (self.lang.preamble_phrase(s) and not self.has_operative) or s.rstrip(",:") in self.lang.connectives:
            return False
        if s[-1] in _CLOSING or s[-1] in ")”" or self.lang.operative_phrase_known(s) or not self._ended_strong():
            return False
        nxt = next((ln for ln in lines[i + 1:i + 4] if ln.stripped), None)
        if nxt is None or id(nxt) not in self.starts:
            return False
        self._heading = s if self._heading is None else f"{self._heading} {s}"
        return True

    def _try_number(self, line: Line, s: str) -> bool:
        """Open an operative paragraph where the numbering stage put a chosen number (``N. text``)."""
        num = self.starts.get(id(line))
        if num is None:
            return False
        m = OPERATIVE_NUMBER.match(s)
        rest = s[m.end():] if m else s
        para = _Para("op", [Line(rest, line.no, 0)] if rest else [], num=num, section=self.section, heading=self._heading)
        self._heading = None
        self.section_numbered = True
        self._open(para)
        self.last_num = int(num) if num.isdigit() else self.last_num + 1
        self.section_fresh = False
        return True

    def _try_point(self, line: Line, s: str) -> bool:
        m = POINT_LABEL.match(s)
        if not m or self.current is None:
            return False
        label = m.group(1) or m.group(2)
        rest = s[m.end():]
        if label == "1":  # OCR reads "(i)" as "(1)" (S/RES/242 (1967)); only ever taken where (i) is due
            label = "i"
        # A sub-point (i), (ii)… under the current point?
        if self.point is not None:
            sub_expected = _next(self.subpoint.num if self.subpoint else None, _ROMANS)
            opens_sub = self.subpoint is not None or self.point.last_text().rstrip().endswith(":")
            if label == sub_expected and opens_sub and self._ended():
                sub = _Para("point", [Line(rest, line.no, 0)] if rest else [], num=label, depth=2, parent=self.point)
                self.point.children.append(sub)
                self.subpoint = sub
                return True
        # Top-level points are lettered (a), (b)… or, in older texts, roman (i), (ii)…
        roman_list = self.point is not None and self.point.num in _ROMANS and (self.point.num != "i" or label == "ii")
        expected = _next(self.point.num if self.point else None, _ROMANS if roman_list else _LETTERS)
        if label != expected and not (self.point is None and label == "i"):
            return False
        if id(line) in self.confirmed and (self.point is not None or label == "a"):
            return self._open_point(line, label, rest)  # its list confirms it, whatever ends the line before
        if self.point is None:
            intro = self.current.last_text().rstrip(" ”’\"")
            # a list opens after a colon, or after an introduction printed without one and a blank line
            if not (intro.endswith(":") or (self.blank_before and intro[-1:].isalpha())):
                return False
            if not intro.endswith(":"):
                return self._open_point(line, label, rest)
        if not self._ended():
            return False
        return self._open_point(line, label, rest)

    def _open_point(self, line: Line, label: str, rest: str) -> bool:
        assert self.current is not None
        pt = _Para("point", [Line(rest, line.no, 0)] if rest else [], num=label, depth=1, parent=self.current)
        self.current.children.append(pt)
        self.point = pt
        self.subpoint = None
        return True

    def _try_section(self, lines: list[Line], i: int, s: str) -> bool:
        m = SECTION_HEADING.match(s)
        if not m or len(s) > 160 or not self._ended():
            return False
        num, heading = m.group(1), m.group(2)
        if heading and (heading.rstrip().endswith((",", ";")) or not heading[0].isupper() or len(heading.split()) < 2):
            return False
        if heading is None:
            # The heading text, if any, is the next line when that line opens no paragraph.
            nxt = next((ln for ln in lines[i + 1:i + 4] if ln.stripped), None)
            if nxt is None:
                return False
            ns = nxt.stripped
            if not (OPERATIVE_NUMBER.match(ns) or self.lang.preamble_phrase(ns) or ns[0].isupper()):
                return False
        if not self.sections:
            expected: tuple[str, ...] = ("A", "I")  # the first section names the series: letters or romans
        elif self.sections[0][0] == "A":
            expected = (_next(self.section, _SECTION_LETTERS),)
        else:
            expected = (_next(self.section.lower() if self.section else None, _ROMANS).upper(),)
        if num not in expected:
            return False
        self._open_section(num, heading)
        if heading is None:
            following = [ln for ln in lines[i + 1:i + 6] if ln.stripped]
            if following and self._is_heading_line(following[0].stripped, following[1].stripped if len(following) > 1 else ""):
                self._pending_heading = following[0].no
        return True

    def _is_heading_line(self, s: str, after: str) -> bool:
        """Is ``s`` (the line under a section number) a heading rather than a paragraph's first line?"""
        if (OPERATIVE_NUMBER.match(s) or POINT_LABEL.match(s) or len(s) > 150 or s.rstrip().endswith((",", ";", ":"))
                or self.lang.operative_phrase_known(s)):
            return False
        if not self.lang.preamble_phrase(s):
            return True
        return bool(OPERATIVE_NUMBER.match(after) or self.lang.preamble_phrase(after))

    def _starts_paragraph(self, line: Line, s: str, indented: bool) -> bool:
        if self.current is None:
            return True
        if not self._ended_strong():
            return False
        target = self.subpoint or self.point or self.current
        tail = " ".join(_tail(target.lines, 600).split())[-240:]  # layout's runs of spaces counted as one
        if tail.rfind("“") > max(tail.rfind("”"), tail.rfind('"')):
            return False  # inside a quoted title that runs over the line end
        if '"' in tail and "“" not in tail and sum(ln.text.count('"') for ln in target.lines) % 2:
            return False  # the same with straight quotes (an ASCII or Latin-1 extraction): one left open
        first = s.split(" ", 1)[0]
        if first in _NOT_PARTICIPLE:
            return False
        if self.lang.line_per_paragraph and not self._in_operative():
            return True
        if self.lang.preamble_phrase(s):
            return True
        if indented and line.indent >= 2 and s[0].isupper():
            return True
        if indented and line.indent < 2:
            return False  # the extraction indents first lines: one at the margin continues, blank line or not
        return bool(self.blank_before and s[0].isupper() and not self._in_operative())

    # -- result ------------------------------------------------------------
    def _numbered_preamble(self) -> None:
        """A leading run of numbered paragraphs from 1 that each open with a recital's phrase, end with ';' or ','
        and hold no operative verb ("1. Having examined …; / 2. Recalling …; / 3. Decides …", as UNESCO numbers
        its recitals) is the preamble: the first paragraph that opens with an operative phrase ends it. Its
        paragraphs become recitals (the operative numbering goes on counting them), said in a warning."""
        ops = [p for p in self.paras if p.kind == "op"]
        run: list[_Para] = []
        for para in ops:
            text = " ".join(ln.stripped for ln in para.lines)
            if (para.num != str(len(run) + 1) or para.section is not None or para.children or not text
                    or self.lang.operative_phrase_known(text) or not self.lang.preamble_phrase(text)
                    or text.rstrip(" ”’\"»)")[-1:] not in ";,；，؛،" or self._holds_operative_verb(text)):
                break
            run.append(para)
        rest = ops[len(run):]
        if not run or not rest or not self.lang.operative_phrase_known(" ".join(ln.stripped for ln in rest[0].lines)):
            return
        if any(p.kind == "pre" for p in self.paras[self.paras.index(run[0]):]):
            return  # recitals after the run: it is no preamble of its own
        for para in run:
            para.kind = "pre"
        self.warnings.append(ParseWarning(
            "numbered-preamble", f"paragraphs 1 to {len(run)} open with a recital's phrase and end with "
            f"{run[-1].last_text()[-1:]!r}: read as the preamble; the operative part starts at paragraph {rest[0].num}",
            run[0].lines[0].no if run[0].lines else None))

    def _holds_operative_verb(self, text: str) -> bool:
        """Does the paragraph go on to an operative verb after a comma ("Acting under Chapter VII, decides …")?"""
        for m in _AFTER_COMMA.finditer(text):
            rest = text[m.end():]
            if rest and self.lang.operative_phrase_known(rest[:1].upper() + rest[1:]):
                return True
        return False

    def finish(self, header: Header, notes: list[Note], info: SourceInfo, code: str, adoption: date | None) -> Resolution:
        self._numbered_preamble()
        preamble: list[PreambularParagraph] = []
        operative: list[OperativeParagraph] = []
        cache: dict[str, _TextWords] = {}

        def hyphen_words() -> _TextWords:
            if "w" not in cache:
                cache["w"] = _hyphen_dictionary(self.paras)
            return cache["w"]

        for para in self.paras:
            if para.kind == "pre":
                text, refs = _clean(para.lines, hyphen_words)
                if not text:
                    continue
                if para.children:  # lettered items inside a preambular paragraph stay in its text
                    extra = [_flatten_point(c, hyphen_words) for c in para.children]
                    text = " ".join([text] + extra)
                preamble.append(PreambularParagraph(eids.preamble_eid(len(preamble) + 1), self.lang.preamble_phrase(text), text, refs))
            elif para.kind == "op":
                text, refs = _clean(para.lines, hyphen_words)
                eid = eids.para_eid(para.num or str(len(operative) + 1), section=para.section)
                points = tuple(_point(c, eid, hyphen_words) for c in para.children)
                operative.append(OperativeParagraph(eid, para.num or "", para.section, self.lang.operative_phrase(text), text, refs,
                                                    points, heading=para.heading))
        footnotes = tuple(Footnote(eids.note_eid(n.marker), n.marker, note_text) for n in notes if (note_text := n.text))
        sections = self._sections()
        annexes = []
        for k, (num, alines) in enumerate(self.annexes, start=1):
            non_blank = [ln for ln in alines if ln.stripped]
            title = non_blank[0].stripped if non_blank else None
            text, refs = _clean(non_blank[1:], hyphen_words, keep_lines=True)
            annexes.append(Annex(eids.annex_eid(k), num, NOTE_SENTINEL.sub("", title) if title else None, text, refs))
        symbol = header.symbol
        doc_type = _doc_type(symbol, header, self.lang)
        return Resolution(
            symbol=symbol,
            language=code,
            doc_type=doc_type,  # type: ignore[arg-type]
            title=header.title,
            formula=f"{header.formula} {self.lead_in}" if self.lead_in and header.formula else header.formula,
            preamble=tuple(preamble),
            operative=tuple(operative),
            footnotes=footnotes,
            source=info,
            symbols=header.symbols,
            job_number=header.job_number,
            body=_body(symbol, header.formula),
            adoption_date=adoption,
            session=header.session,
            agenda_item=header.agenda_item,
            sponsors=header.sponsors,
            amends=header.amends,
            sections=sections,
            annexes=tuple(annexes),
            warnings=tuple(self.warnings),
        )


_STRIPPED = attrgetter("stripped")
def _own_style(lines: list[Line], lang: Language) -> list[Line]:
    """Operative numbers and note markers printed in the language's own style as every stage reads them:
    Arabic "1 - يهيب" as "1. يهيب", a marker "بالأشخاص(1)،" as "بالأشخاص1،", and "(1)" opening a line under a
    page's note separator (until the page's footer) as "1"."""
    number, note = lang.number_re, lang.note_re
    out = []
    in_notes = False
    for line in lines:
        s = line.stripped
        if FOOTNOTE_SEPARATOR.match(s) or HARD_FURNITURE.match(s):
            in_notes = bool(FOOTNOTE_SEPARATOR.match(s))
        m = number.match(s) if number is not None and s[:1].isdigit() else None
        if m:
            s = f"{m.group(1)}. {s[m.end():]}".rstrip()
        elif note is not None and "(" in s:
            s = note.sub(r"\1", s)
            if in_notes:
                s = _NOTE_LINE.sub(r"\1", s)
        out.append(line if s == line.stripped else Line(s, line.no, line.indent))
    return out


#: A note's number in brackets opening its line ("(1) انظر القرار 55/25.").
_NOTE_LINE = re.compile(r"^\((\d{1,3})\)(?=\s|$)")


def _recital_before_formula(lines: list[Line], header: Header, lang: Language) -> list[Line]:
    """The paragraph printed above a formula that opens with a connective ("… endangers international peace and
    security;" / "Therefore the Security Council,", the 1946 texts' "Whereas" recital): the lines of the block
    right above the formula (after a blank line, a heading or a sentence's end), when it closes with ';' or ','
    and reads as a sentence. None is taken for any other formula."""
    formula = header.formula
    if not formula or not any(formula.startswith(c) for c in lang.connectives):
        return []
    k = next((i for i in range(min(header.body_start, len(lines)) - 1, -1, -1)
              if lines[i].stripped and formula.startswith(lines[i].stripped[:12])), None)
    if k is None:
        return []
    block: list[Line] = []
    for i in range(k - 1, max(-1, k - 30), -1):
        s = lines[i].stripped
        if not s and not block:
            continue  # the blank lines between the block and the formula
        if not s or (block and (s[-1] in ".。" or _VOLUME_NUMBER.match(s))):
            break
        block.insert(0, lines[i])
    if not block or _VOLUME_NUMBER.match(block[0].stripped):
        return []
    text = " ".join(ln.stripped for ln in block)
    cjk = _CJK_START.match(text) is not None
    if len(text) < (25 if cjk else 60) or text[-1] not in ";,；，،؛" or not (cjk or text[0].isupper()):
        return []
    return block


#: A resolution's number heading a volume's page ("4 (1946). Resolution of 29 April 1946", "四(一九四六).").
_VOLUME_NUMBER = re.compile(r"^(?:\d{1,4}|[一二三四五六七八九十百千〇]+)\s*[(（]")
_CJK_START = re.compile(r"^[\u3400-\u9fff]")


def _join_adverbs(lines: list[Line], lang: Language) -> list[Line]:
    """A line holding only an adverb ("Also", "Further", italics printed on their own lines by a web page) joined to
    the next non-blank line when together they open a recital ("Also" / "recalling Articles 2 …")."""
    out = lines
    for i, line in enumerate(lines):
        s = line.stripped
        if not s or len(s) > 12 or not s[0].isupper() or s.lower() not in lang.adverbs:
            continue
        j = next((k for k in range(i + 1, min(len(lines), i + 4)) if lines[k].stripped), None)
        if j is None:
            continue
        joined = f"{s} {lines[j].stripped}"
        if lang.preamble_phrase(joined) and not lang.preamble_phrase(lines[j].stripped):
            out = list(out) if out is lines else out
            out[i] = Line(joined, line.no, line.indent)
            for k in range(i + 1, j + 1):
                out[k] = Line("", lines[k].no, 0)
    return out


def _wraps_lines(lines: list[Line], lang: Language) -> bool:
    """Does the text run its paragraphs over several lines (a PDF), not one paragraph a line (a web page)? Yes
    when a line stops without closing punctuation and the next opens no paragraph: "… 人类福利性质之" / "国际问题,"."""
    prev = ""
    for line in lines:
        s = line.stripped
        if not s:
            continue
        if prev and prev[-1] not in _CLOSING and not (OPERATIVE_NUMBER.match(s) or POINT_LABEL.match(s) or SECTION_HEADING.match(s)
                                                       or lang.preamble_phrase(s) or lang.operative_phrase_known(s)):
            return True
        prev = NOTE_SENTINEL.sub("", s).rstrip(" ”’\"»)0123456789") if SENTINEL_OPEN in s else _MARK_AFTER_END.sub("", s)
    return False


#: A note number left after a paragraph's closing punctuation ("…通过。 1"): the line is closed, not wrapped.
_MARK_AFTER_END = re.compile(r"(?<=[。.;；:：,，])\s\d{1,3}$")


def _second_formulas(lines: list[Line], lang: Language, parts: set[int], formula: str | None) -> list[ParseWarning]:
    """A second enacting formula in the body (not one opening part B of the same resolution): the text
    of another resolution may be mixed in."""
    out = []
    for line in lines:
        s = line.stripped
        if s and len(s) < 120 and (s[-1] == "," or s == formula) and line.no not in parts and lang.formula_re.match(s):
            out.append(ParseWarning("second-formula", f"a second enacting formula in the text ({s!r}): another "
                                    "resolution's text may be mixed in", line.no))
    return out


_OWN_WORDS = {"en": frozenset({"the", "of", "and", "to", "in", "that", "for", "on", "by", "with", "its"}),
              "fr": frozenset({"le", "la", "les", "des", "du", "et", "de", "à", "que", "qui", "dans", "pour", "sur", "aux"})}


def _foreign_paragraphs(paras: list[_Para], lang: Language) -> list[ParseWarning]:
    """Paragraphs that read as the other language of an English or French text (a bilingual page)."""
    if lang.code not in _OWN_WORDS:
        return []
    own = _OWN_WORDS[lang.code]
    other = _OWN_WORDS["fr" if lang.code == "en" else "en"]
    probe = " " + " ".join(" ".join(ln.text for ln in p.lines) for p in paras[:60]).lower() + " "
    if sum(probe.count(f" {w} ") for w in other) < 4:
        return []  # too few of the other language's words for any paragraph to be one
    out = []
    for para in paras:
        words = [w.lower() for line in para.lines for w in _WORD_START.findall(line.stripped)]
        a = sum(w in own for w in words)
        b = sum(w in other for w in words)
        if b >= 4 and b > 2 * a:
            out.append(ParseWarning("unexpected-language", f"a paragraph reads as another language than "
                                    f"{lang.code!r} (a bilingual page, or a wrong --lang)", para.lines[0].no if para.lines else None))
    return out


def _closing_date(lines: list[Line], lang: Language) -> date | None:
    """The date under the last closing meeting line ("8th plenary meeting" / "8 September 2000"), where
    an adopted declaration printed after the operative paragraph put it at the end of the text."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 60), -1):
        s = lines[i].stripped
        if _MEETING_LINE.match(s):  # the date under it, or on it ("101st plenary meeting16 December 1976")
            return parse_date(" ".join([_MEETING_WORDS.sub("", s)] + [ln.stripped for ln in lines[i + 1:i + 3]]), lang)
    return None


def _other_formula(s: str, lang: Language) -> bool:
    """Is ``s`` the enacting formula in another language ("Le Conseil de sécurité," in an English text)?"""
    return any(other.code != lang.code and other.formula_re.match(s) and not lang.formula_re.match(s)
               for other in LANGUAGES.values())


#: "Part I" and "Section 29A" of a budget resolution, alone on their lines.
_PART_LINE = re.compile(r"^(?:Part|PART|Partie|PARTIE)\s+([IVXL]{1,6})\.?$")
_SECTION_LINE = re.compile(r"^(?:Section|SECTION)\s+(\d{1,3}[A-Z]?)\.?$")


def _section_order(num: str) -> tuple[int, str]:
    """"29A" -> (29, "A"): the order of a budget section's number."""
    digits = "".join(c for c in num if c.isdigit())
    return (int(digits) if digits else 0, num[len(digits):])


#: The closing meeting line of an Assembly resolution, unmistakable even when the paragraph above lost its full stop.
#: A date may follow on the same line ("642nd plenary meeting, 16 December 1976", "meeting16 December 1976",
#: "Trente-deuxième séance plénière, le 13 février 1946.").
_MEETING_LINE = re.compile(r"^(?:(?:\d+|[A-Z][\w-]*)(?:st|nd|rd|th)\s+(?:\([\w ]+\)\s+)?plenary meeting|(?:\d+e|[\w-]+ième)\s+"
                           r"séance plénière)(?:[,.]?\s*(?:le\s+)?(?:1er|\d{1,2})\s+[^\W\d_]+\s+\d{4})?[,.]?$" + _OTHER_MEETINGS)
#: The words of a meeting line before the date it may hold.
_MEETING_WORDS = re.compile(r"^.*?(?:meeting|plénière)[,.]?")

#: The narrative a volume prints between resolutions ("At its 2074th meeting, on 19 March 1978, the Council …").
_NARRATIVE = re.compile(r"^(?:At its|A sa|À sa|Asa)\s+\S+\s+(?:meeting|séance)\b")


def _next_annex(current: str | None, s: str) -> bool:
    """Is ``s`` the heading of the annex after the one numbered ``current`` ("Annex II" after "Annex I")?"""
    m = _ANNEX.match(s)
    if m is None or current is None or m.group(1) is None:
        return False
    nxt = m.group(1)
    if current.isdigit():
        return nxt == str(int(current) + 1)
    return nxt in (_next(current, _SECTION_LETTERS), _next(current.lower(), _ROMANS).upper())


def _annex_opening(line: Line) -> tuple[str | None, list[Line]]:
    """An annex heading's number, and its title when the heading line carries it ("Annex I: Travel Ban")."""
    m = _ANNEX.match(line.stripped)
    if m is None:
        return None, []
    return m.group(1), ([Line(m.group(2), line.no, 0)] if m.group(2) else [])


def _resolution_end(lines: list[Line], lang: Language) -> int:
    """Index of the first line after the resolution's own paragraphs: an annex heading, the closing
    meeting line (unless another part of the resolution, "B" and its formula, follows it), or the
    line after "Decides to remain seized of the matter." when the text goes on with something else."""
    closed = False
    previous = ""
    for i, line in enumerate(lines):
        s = line.stripped
        if not s:
            continue
        if s[-1] in ".。" and lang.seized_re.search(previous + " " + s):
            return i + 1
        first = s[0]
        if closed and first.isupper():
            if len(s) < 80 and _formula_shaped(s) and _other_formula(s, lang):
                return i  # the same resolution in the volume's other language follows
            if first in "AÀ" and _NARRATIVE.match(s):
                return i  # "At its 2074th meeting, on …, the Council decided …": a volume's narrative, not this text
            if first == "A" and _ANNEX.match(s):
                return i
        previous = s
        meeting = first.isdigit() and _MEETING_LINE.match(s) is not None
        if meeting or (closed and (first.isdigit() or first in "AS第" or "plenary" in s) and _CONCLUSION.match(s)
                       and (len(s) <= 40 or s.startswith(("Adopted", "Adoptée")))):
            after = [ln.stripped for ln in lines[i + 1:i + 12] if ln.stripped]
            if any(SECTION_HEADING.match(a) and len(a) <= 3 for a in after[:3]):
                continue  # part A closes; part B follows
            return i
        closed = s.rstrip(" ”’\"»)0123456789" + SENTINEL_CLOSE)[-1:] in ".;:。；：" or SENTINEL_CLOSE in s[-4:]
    return len(lines)


#: A page's record field after a text: a short label, a colon, a value ("Document symbol: A/69/L.87/REV.1").
_FIELD = re.compile(r"^[A-Z][^\W\d_]*(?: [^\W\d_]+){0,3}\s*:\s+\S")


def _prose_after(numbered: Numbered, body: list[Line], end: int, lang: Language) -> int | None:
    """Where the page's own prose starts after a resolution it quotes, as an index into ``body``; None when
    nothing marks one.

    A web page prints each paragraph on a line of its own with blank lines between; an article or an opinion
    quoting a resolution goes on after its last paragraph with its own text ("The 'appropriate auspices' was
    interpreted …"), which the parser took for more of that paragraph (and then refused the whole as cut). The
    resolution has ended when its last numbered paragraph is one line closed by a full stop and, after a blank
    line, a capitalised line follows that opens nothing of a resolution (no number, point, heading, annex,
    closing line or formula), or two lines of the page's record ("Document symbol: …", "Publication Date: …")."""
    lines = numbered.lines
    last = max((i for i, ln in enumerate(lines) if id(ln) in numbered.starts), default=None)
    if last is None:
        return None
    k = last + 1
    closing = _TRAILING_MARK.sub(r"\1", lines[last].stripped)  # "… in the Middle East.[4]"
    if k >= len(lines) or not lines[k].blank or not closing.endswith((".", "。", ".”", ".\"")):
        return None  # the paragraph runs over several lines (a PDF's layout), or goes on
    while k < len(lines) and lines[k].blank:
        k += 1
    if k >= len(lines):
        return None
    s = lines[k].stripped
    nxt = next((ln.stripped for ln in lines[k + 1:] if not ln.blank), "")
    if _FIELD.match(s) and _FIELD.match(nxt):  # the page's record: "Document symbol: …" / "Publication Date: …"
        no = lines[k].no
        return next((i for i, ln in enumerate(body[:end]) if ln.no == no), None)
    if (not s[0].isupper() and s[0] not in "\"“«") or OPERATIVE_NUMBER.match(s) or POINT_LABEL.match(s) \
            or SECTION_HEADING.match(s) or _ANNEX.match(s) or _CONCLUSION.match(s) or lang.formula_re.match(s) \
            or lang.operative_phrase_known(s) or len(s) < 60:
        return None
    no = lines[k].no
    cut = next((i for i, ln in enumerate(body[:end]) if ln.no == no), None)
    return cut if cut is not None and cut < end else None


def _tail(lines: list[Line], n: int) -> str:
    """The last ``n`` characters of the lines' texts joined by spaces (joining only the last lines)."""
    k = len(lines)
    size = -1
    while k > 0 and size < n:
        k -= 1
        size += len(lines[k].text) + 1
    return " ".join([ln.text for ln in lines[k:]])[-n:]


def _indentation_signals(lines: list[Line], lang: Language | None = None) -> bool:
    """Does this extraction indent first lines of paragraphs (as the seed does)? Yes when a few lines
    are indented, or, in a text of many short paragraphs, when the lines that open a recital with a
    known phrase are (pdfminer's "  Recalling …" over lines at the margin, numbered paragraphs at it too)."""
    indents = [ln.indent for ln in lines if ln.stripped]
    if len(indents) < 10:
        return False
    indented = len(indents) - indents.count(0) - indents.count(1)  # list.count is a C loop
    share = indented / len(indents)
    if 0.03 < share < 0.6:
        return True
    if lang is None or not 0 < share <= 0.03:
        return False
    openers = []
    prev = ""
    for ln in lines:
        s = ln.stripped
        if not s:
            continue
        if prev[-1:] in ",;:" and s[:1].isupper() and lang.preamble_phrase(s):
            openers.append(ln.indent >= 2)
        prev = s
    return len(openers) >= 5 and sum(openers) >= 0.8 * len(openers)


def _next(current: str | None, sequence: list[str]) -> str:
    if current is None:
        return sequence[0]
    try:
        return sequence[sequence.index(current) + 1]
    except (ValueError, IndexError):
        return ""


def _point(para: _Para, parent_eid: str, hyphen_words: Callable[[], _TextWords]) -> Point:
    text, refs = _clean(para.lines, hyphen_words)
    eid = eids.point_eid(parent_eid, para.num or "")
    return Point(eid, para.num or "", text, refs, tuple(_point(c, eid, hyphen_words) for c in para.children))


def _flatten_point(para: _Para, hyphen_words: Callable[[], _TextWords]) -> str:
    text, _ = _clean(para.lines, hyphen_words)
    label = f"({para.num})"
    inner = " ".join(_flatten_point(c, hyphen_words) for c in para.children)
    return " ".join(x for x in (label, text, inner) if x)


def _hyphen_dictionary(paras: list[_Para]) -> _TextWords:
    """Words written without a hyphen somewhere in the document (to undo line-end hyphenation)."""
    chunks: list[str] = []
    stack = list(paras)
    while stack:
        p = stack.pop()
        stack.extend(p.children)
        chunks.extend(line.text for line in p.lines)
    return _TextWords("\n".join(chunks).lower())


class _TextWords:
    """``word in words``: does the word stand whole somewhere in the text? (checked on demand)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __contains__(self, word: object) -> bool:
        """The occurrences are found with ``str.find`` and their ends checked as ``(?<!\\w)`` and
        ``(?!\\w)`` would: a regex opening with a lookbehind is tried at every position of the text."""
        if not isinstance(word, str):
            return False
        text, size = self.text, len(word)
        i = text.find(word)
        while i >= 0:
            if not (i and _is_word_char(text[i - 1])) and not (i + size < len(text) and _is_word_char(text[i + size])):
                return True
            i = text.find(word, i + 1)
        return False


def _is_word_char(c: str) -> bool:
    """What ``\\w`` matches in a ``str`` regex."""
    return c.isalnum() or c == "_"


def _join_lines(lines: list[Line], hyphen_words: Callable[[], _TextWords], keep_lines: bool = False) -> str:
    """Join the lines' texts with spaces, undoing line-end hyphenation; ``keep_lines`` keeps the line
    breaks that end a sentence (annexes)."""
    if not keep_lines:
        joined = "\n".join(filter(None, map(_STRIPPED, lines)))
        if "-\n" not in joined:
            if not joined.isascii():
                joined = _CJK_BREAK.sub(r"\1", joined)  # Chinese writes no space: a line break in it is none
            return joined.replace("\n", " ")  # no line ends with a hyphen: nothing to undo
    out = ""
    for line in lines:
        s = line.stripped
        if not s:
            if keep_lines and out and not out.endswith("\n"):
                out += "\n"
            continue
        if not out or out.endswith("\n"):
            out += s
            continue
        m = _HYPHEN_END.search(out[-80:]) if out.endswith("-") else None
        if m and s[:1].islower():
            nxt = _WORD_START.match(s)
            joined = (m.group(1) + (nxt.group(0) if nxt else "")).lower()
            if joined in hyphen_words():
                out = out[:-1] + s  # line-end hyphenation: the word exists unhyphenated elsewhere
            else:
                out += s  # a real hyphen: "auto-" + "évaluation"
        elif m and s[:1].isupper():
            out += s  # a compound broken at its hyphen: "Secretary-" + "General", "UN-" + "Oceans"
        elif keep_lines and (s[:1].isupper() or OPERATIVE_NUMBER.match(s)) and out.rstrip()[-1:] in ".:;":
            out += "\n" + s
        else:
            out += ("" if _CJK_BREAK.match(out[-1] + "\n" + s[0]) else " ") + s
    return out


#: A line break between two Chinese characters (or after punctuation, before one).
_CJK_BREAK = re.compile(r"([,;:\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\n(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _clean(lines: list[Line], hyphen_words: Callable[[], _TextWords], keep_lines: bool = False) -> tuple[str, tuple[NoteRef, ...]]:
    """Join lines, collapse spaces, and turn marker sentinels into ``NoteRef``s at their offsets."""
    text = _join_lines(lines, hyphen_words, keep_lines)
    text = _collapse_spaces(text)
    if SENTINEL_OPEN not in text:
        return text.strip(), ()
    if " " + SENTINEL_OPEN in text:  # the regex tries every space of the text: test for its one match first
        text = _SPACE_BEFORE_MARK.sub("", text)
    marks: list[tuple[str, int]] = []  # (marker, offset in the text without sentinels)
    out: list[str] = []
    pos = 0
    length = 0
    for m in NOTE_SENTINEL.finditer(text):
        chunk = text[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        marks.append((m.group(1), length))
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    stripped = clean.strip()
    lead = len(clean) - len(clean.lstrip())
    return stripped, tuple(NoteRef(marker, max(0, min(len(stripped), offset - lead))) for marker, offset in marks)


def _collapse_spaces(text: str) -> str:
    """Runs of spaces or tabs as one space.

    Without tabs (normalise leaves none), runs are halved with ``str.replace`` until none is left:
    much cheaper than the regex, which stops at every space of the text.
    """
    if "\t" in text:
        return _SPACES.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _doc_type(symbol: str | None, header: Header, lang: Language) -> str:
    if header.doc_type_hint == "amendment":
        return "amendment"
    sym = symbol or ""
    if "/DEC/" in sym:
        return "decision"
    if re.search(r"/L\.\d", sym) or header.doc_type_hint in ("draft-resolution", "draft-decision"):
        return header.doc_type_hint if header.doc_type_hint in ("draft-resolution", "draft-decision") else "draft-resolution"
    return "resolution"


_BODIES = (
    ("A/", "General Assembly"), ("S/", "Security Council"), ("E/CN.15/", "Commission on Crime Prevention and Criminal Justice"),
    ("E/CN.7/", "Commission on Narcotic Drugs"), ("E/", "Economic and Social Council"), ("A/HRC/", "Human Rights Council"),
    ("CTOC/COP/", "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"),
)


def _body(symbol: str | None, formula: str | None) -> str | None:
    if symbol:
        for prefix, name in sorted(_BODIES, key=lambda b: -len(b[0])):
            if symbol.startswith(prefix):
                return name
    if formula:
        return re.sub(r"^(?:The|La|Le|L[’'])\s*|,$", "", formula).strip() or None
    return None


def _last_text(para: OperativeParagraph | Point) -> str:
    """The text that ends an operative paragraph: its last point's (or sub-point's), else its own."""
    while para.points:
        para = para.points[-1]
    return para.text.rstrip(" ”’\"»)")


def _dangling(lines: list[Line]) -> str | None:
    """A paragraph number or point label that ends the text with nothing after it ("4."), or None."""
    last = next((ln.stripped for ln in reversed(lines) if ln.stripped), "")
    return last if _BARE_LABEL.match(last) else None


#: A paragraph number or point label alone.
_BARE_LABEL = re.compile(r"^(?:\d{1,3}\.|\(?(?:[a-z]{1,2}|[ivxl]{1,6})\))$")


def _check(res: Resolution, info: SourceInfo, lines: list[Line], warnings: list[ParseWarning], closed: bool = False,
           dangling: str | None = None) -> None:
    """Refuse what is not a resolution; warn about what looks truncated (``closed``: the adoption or
    meeting line that ends a resolution follows its last paragraph, so it is not; ``dangling``: the
    text ends on a paragraph number or point label alone, so it is)."""
    if not res.preamble and not res.operative:
        first = next((ln for ln in lines if ln.stripped), None)
        raise ParseError(
            "not a resolution: expected an enacting formula (\"The General Assembly,\") followed by preambular "
            "or numbered operative paragraphs, found none",
            source=info.name,
            line=first.no if first else 1,
            excerpt=first.stripped[:60] if first else None,
        )
    if res.formula is None and not res.operative:
        first = next((ln for ln in lines if ln.stripped), None)
        raise ParseError(
            "not a resolution: no enacting formula and no numbered operative paragraph",
            source=info.name,
            line=first.no if first else 1,
            excerpt=first.stripped[:60] if first else None,
        )
    extra: list[ParseWarning] = []
    if res.formula is None:
        extra.append(ParseWarning("no-formula", "no enacting formula found; the body starts at the first paragraph"))
    if not res.operative and res.doc_type != "amendment":
        extra.append(ParseWarning("no-operative", "no operative paragraph: the text may be truncated", lines[-1].no if lines else None))
    elif res.operative and not res.annexes and not closed:
        # a resolution's operative part ends with a full stop (a quote, a bracket or a note mark may follow it);
        # ";", ":" or "," and an empty last point or paragraph ("4." and nothing after) mean the text is cut
        tail = _last_text(res.operative[-1])
        if dangling and dangling == f"{res.operative[-1].num}.":
            dangling = None  # the number printed under its paragraph's one line (the Council's 2000s layout)
        if tail[-1:].isdigit() or tail[-1:] in "]/":
            tail = _TRAILING_MARK.sub(r"\1", tail).rstrip(" ”’\"»)")
        if dangling or not tail or tail[-1] not in ".!?。؟":
            extra.append(ParseWarning("truncated", f"the last paragraph ends mid-sentence: {tail[-40:]!r}"
                                      + (f" (then {dangling!r} with no text)" if dangling else ""), lines[-1].no if lines else None))
    if extra:
        object.__setattr__(res, "warnings", res.warnings + tuple(extra))
