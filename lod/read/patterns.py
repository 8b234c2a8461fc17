"""Regular expressions for the page furniture and numbering of UN documents.

>>> bool(JOB_NUMBER.match("V.20-05923 2/8")), bool(JOB_NUMBER.match("23-25978 (E)"))
(True, True)
>>> [bool(HARD_FURNITURE.match(s)) for s in ("2/8", "*2005923*", "100124", "Page 3 of 8", "V.20-05923", "12 May")]
[True, True, True, True, True, False]
>>> SYMBOL_LINE.match("CTOC/COP/2020/L.6/Rev.1").group(0)
'CTOC/COP/2020/L.6/Rev.1'
"""

from __future__ import annotations

import re

__all__ = [
    "BARCODE",
    "COUNTER_PATTERN",
    "FOOTER_MARK",
    "FOOTNOTE_SEPARATOR",
    "HARD_FURNITURE",
    "JOB_NUMBER",
    "JOB_PATTERN",
    "LONE_NUMBER",
    "OPERATIVE_NUMBER",
    "PAGE_COUNTER",
    "POINT_LABEL",
    "POINT_LETTERS",
    "POINT_ROMANS",
    "PRINT_CODE",
    "SECTION_HEADING",
    "SITE_TAGLINE",
    "SYMBOL",
    "SYMBOL_LINE",
    "ZH_DIGITS",
    "zh_number",
]

#: A job number ("V.20-05923", "23-25978 (E)", "GE.19-12345") and a page counter ("2/8"), as regex text.
JOB_PATTERN = r"(?:[A-Z]{1,3}\.)?\d{2}[- ]\d{5}\*?(?:\s*\([A-Z]\))?"
COUNTER_PATTERN = r"\d{1,3}\s*/\s*\d{1,3}"
#: Job numbers, alone or with a page counter on either side: "V.20-05923 2/8", "2/13 23-25978".
JOB_NUMBER = re.compile(rf"^(?:{COUNTER_PATTERN}\s+)?{JOB_PATTERN}(?:\s+{COUNTER_PATTERN})?$")
PAGE_COUNTER = re.compile(rf"^{COUNTER_PATTERN}$|^(?:Page|page)\s+\d{{1,3}}(?:\s+(?:of|sur|de)\s+\d{{1,3}})?$|^-\s*\d{{1,3}}\s*-$")
BARCODE = re.compile(r"^\*\d{6,}\*(?:\d{1,4}\*)*$")
#: The printing date code under the job number on page 1 ("100124").
PRINT_CODE = re.compile(r"^\d{6}$")
#: Other footer marks: the second half of a split job number ("49362 (E)"), a word processor's note
#: anchors left by the conversion ("0F", "12H"), the "continued" mark ("/...", "I •••"), the
#: recycling notice and its glyph.
FOOTER_MARK = re.compile(r"^\d{4,5}\s*\([A-Z]\)$|^\d{1,3}[FH]$|^[/Il|]\s*[•.·…]{2,}$|^Please\s+rec\s*y?\s*cle\b.{0,3}$|^[♲♻]$")
#: Any of the four above (one match instead of four on every short line).
HARD_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in (JOB_NUMBER, PAGE_COUNTER, BARCODE, PRINT_CODE, FOOTER_MARK)))
LONE_NUMBER = re.compile(r"^\d{1,3}$")
FOOTNOTE_SEPARATOR = re.compile(r"^\s*_{5,}\s*$")

_SYM_PART = r"(?:[A-Z]{1,8}(?:\.\d{1,3})?|\d{1,4}|[A-Z]{1,3}-\d{1,3}|Rev\.\d{1,2}|Add\.\d{1,3}|Corr\.\d{1,2}|Amend\.\d{1,2}|L\.\d{1,4}|CRP\.\d{1,3}|Sub\.\d)"
#: A UN document symbol: "A/RES/78/228", "S/RES/2331 (2016)", "CTOC/COP/2020/L.6/Rev.1", "E/CN.15/2019/L.3".
SYMBOL = re.compile(rf"\b(?:A|S|E|CTOC|UNEP|TD|ST|CCPR|CERD|CEDAW|CRC|FCCC|ICCD|CBD|HRC|GC|DP|ICEF|UNW|CND|CCPCJ)(?:/{_SYM_PART})+(?:\s{{0,3}}\((?:\d{{4}}|[IVXL]+)\))?")
SYMBOL_LINE = re.compile(rf"^{SYMBOL.pattern}$")
#: An operative paragraph number at the start of a line: "13." (text may follow or sit on the next line).
OPERATIVE_NUMBER = re.compile(r"^(\d{1,3})\.(?:\s+|$)")
#: A point label: "a)", "(a)", "(iv)", "aa)".
POINT_LABEL = re.compile(r"^\(?([a-z]{1,2}|[ivxl]{1,6})\)(?:\s+|$)|^\((1)\)\s+")
#: A section heading line: "I", "II.", "A", "B. Title", "I. Strengthening ...".
SECTION_HEADING = re.compile(r"^(?:(?:Section|Part|Partie)\s+)?([IVXL]{1,6}|[A-Z])\.?(?:\s+(\S.{0,200}))?$")
#: The line a web page prints under its heading ("Wikisource, the free library", "维基文库,自由的图书馆"):
#: a site's words, never a document's title.
#: Also a page's status ("Cette page n’a pas encore été corrigée", "This page needs to be proofread", "This decision
#: has been retired.") and its navigation words standing alone on a line ("Share", "Full text", "Skip to main content").
SITE_TAGLINE = re.compile(
    r"Wiki(?:source|pedia|media)|维基|維基|Викитек|Википеди|\bfree (?:library|encyclopedia)\b|bibliothèque libre|"
    r"encyclopédie libre|自由的(?:图书馆|圖書館|百科全书|百科全書)|"
    r"\bCette page (?:n[’']a pas encore été corrigée|a été (?:corrigée|validée))|\bLe texte de cette page a été (?:corrigé|validé)|"
    r"\bThis page (?:needs to be proofread|has been (?:proofread|validated))|\bThis (?:decision|resolution|document|page) has been (?:retired|superseded|archived)|"
    r"^(?:Share(?: (?:meeting|this(?: page)?|on \w+))?|Full text|Skip to (?:main )?content|Jump to (?:navigation|search|content)(?: Jump to search)?|"
    r"From Wikisource|Ir al contenido|Aller au contenu|Перейти к содержанию|跳转到主要内容|跳轉到主要內容|Status|Active|Abstract|Print|Download)$|"
    r":\s*(?:Table of Contents|Contents|Table des matières|Sommaire|Índice|Содержание)$",
    re.IGNORECASE)

#: The labels of a list of points in order: letters ("a" … "z", then "aa" … "zz") and roman numerals ("i" … "xxv").
POINT_LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [c + c for c in "abcdefghijklmnopqrstuvwxyz"]
POINT_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
                "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv"]

ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
ZH_DIGITS["零"] = 0
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_number(w: str) -> int:
    """A number in Chinese numerals: read digit by digit when it has no unit ("一九七五" → 1975, "一八二一"), by its
    units otherwise ("三十九" → 39, "十七" → 17, "一百零五" → 105).

    >>> [zh_number(n) for n in ("一", "十", "十二", "二十", "三十四", "一九七五", "一百零五")]
    [1, 10, 12, 20, 34, 1975, 105]
    """
    if not any(c in "十百千" for c in w):
        return int("".join(str(ZH_DIGITS[c]) for c in w))
    total, digit = 0, None
    for c in w:
        if c in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:
            digit = ZH_DIGITS[c]
    return total + (digit or 0)
