"""Every IRI ``lod`` publishes is minted here, and only here.

Scheme (AKN4UN naming on a configurable HTTP base; see ``docs/identifiers.md``)::

    work        {base}akn/un/statement/deliberation/{actor}/{date}/{number}
    expression  {work}/{lang}@                      lang = ISO 639-2 (fra, eng, ...)
    portion     {work}/!main~{eId}                  structure (language-neutral)
    text part   {work}/{lang}@/!main~{eId}          the text of a portion in one language
    alias       {base}id/symbol/{symbol-slug}       date-free, from the symbol alone
    actor       {base}akn/ontology/organization/un/{actor}
    phrase      {base}akn/ontology/concept/un/phrase/{key}

``{date}`` is the adoption (or issue) date ``YYYY-MM-DD`` when the document
gives one, else the year alone (``2020``) when the symbol or job number
carries it; AKN permits year-only dates and cobalt parses them.

Example:
    >>> s = ResolutionSymbol.parse("A/RES/74/176")
    >>> (s.actor, s.number, s.show_as)
    ('un-ga', '74-176', '74/176')
    >>> work_iri(s, "https://lod.example.org/", date="2019-12-18")
    'https://lod.example.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176'
    >>> expression_iri(_, "fr")
    'https://lod.example.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/fra@'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from urllib.parse import quote

from lod.errors import IdentifierError

__all__ = [
    "ACTORS",
    "DEFAULT_BASE",
    "LANGUAGES",
    "ONTOLOGY_NS",
    "ResolutionSymbol",
    "actor_iri",
    "actors_graph_iri",
    "alias_iri",
    "check_iri",
    "job_number_year",
    "citation_iri",
    "context_iri",
    "dataset_iri",
    "date_component",
    "distribution_iri",
    "expression_iri",
    "file_url",
    "graph_slug",
    "language_authority_iri",
    "language_code3",
    "normalize_base",
    "note_reference_iri",
    "phrase_iri",
    "phrase_key",
    "phrase_scheme_iri",
    "portion_iri",
    "provenance_iri",
    "software_iri",
    "source_iri",
    "text_portion_iri",
    "undocs_url",
    "work_iri",
    "work_iri_for_symbol",
]

#: The ontology namespace is FIXED: it names terms, not data, and must not move with a deployment.
ONTOLOGY_NS = "https://w3id.org/un-lod/ontology#"
#: Default base of data IRIs: where ``lod serve`` answers out of the box. Set ``--base`` to publish.
DEFAULT_BASE = "http://localhost:8000/"

#: Actor code → (English label, French label). Codes follow AKN4UN ``org-body-subbody``.
ACTORS: dict[str, tuple[str, str]] = {
    "un-ga": ("General Assembly", "Assemblée générale"),
    "un-ga-c1": ("First Committee of the General Assembly", "Première Commission de l’Assemblée générale"),
    "un-ga-c2": ("Second Committee of the General Assembly", "Deuxième Commission de l’Assemblée générale"),
    "un-ga-c3": ("Third Committee of the General Assembly", "Troisième Commission de l’Assemblée générale"),
    "un-ga-c4": ("Fourth Committee of the General Assembly", "Quatrième Commission de l’Assemblée générale"),
    "un-ga-c5": ("Fifth Committee of the General Assembly", "Cinquième Commission de l’Assemblée générale"),
    "un-ga-c6": ("Sixth Committee of the General Assembly", "Sixième Commission de l’Assemblée générale"),
    "un-sc": ("Security Council", "Conseil de sécurité"),
    "un-ecosoc": ("Economic and Social Council", "Conseil économique et social"),
    "un-hrc": ("Human Rights Council", "Conseil des droits de l’homme"),
    "un-ccpcj": ("Commission on Crime Prevention and Criminal Justice",
                 "Commission pour la prévention du crime et la justice pénale"),
    "un-cnd": ("Commission on Narcotic Drugs", "Commission des stupéfiants"),
    "un-csw": ("Commission on the Status of Women", "Commission de la condition de la femme"),
    "un-ctoc-cop": ("Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
                    "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée"),
    "un-cac-cosp": ("Conference of the States Parties to the United Nations Convention against Corruption",
                    "Conférence des États parties à la Convention des Nations Unies contre la corruption"),
}

#: ISO 639-1 → ISO 639-2 (the six official languages), as AKN wants three letters.
LANGUAGES: dict[str, str] = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}

# Symbol prefix → actor; the first match wins, so longer prefixes come first.
_PREFIX_ACTORS: tuple[tuple[str, str], ...] = (
    ("A/HRC/", "un-hrc"),
    ("E/CN.15/", "un-ccpcj"),
    ("E/CN.7/", "un-cnd"),
    ("E/CN.6/", "un-csw"),
    ("CTOC/COP/", "un-ctoc-cop"),
    ("CAC/COSP/", "un-cac-cosp"),
    ("A/", "un-ga"),
    ("S/", "un-sc"),
    ("E/", "un-ecosoc"),
)
_COMMITTEE = re.compile(r"^A/C\.([1-6])/")
# Adopted texts: pattern → how the AKN number is built from the groups.
_ADOPTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^S/RES/(?P<n>\d+)\s*\((?P<year>\d{4})\)$"), "{n}"),
    (re.compile(r"^A/RES/(?P<s>[A-Z0-9-]+)/(?P<n>\d+[A-Z]?)$"), "{s}-{n}"),
    (re.compile(r"^A/RES/(?P<n>\d+)\s*\((?P<roman>[IVXLC]+)\)$"), "{n}"),
    (re.compile(r"^A/DEC/(?P<s>\d+)/(?P<n>\d+[A-Z]?)$"), "{s}-{n}"),
    (re.compile(r"^E/RES/(?P<year>\d{4})/(?P<n>\d+[A-Z]?)$"), "{year}-{n}"),
    (re.compile(r"^E/DEC/(?P<year>\d{4})/(?P<n>\d+[A-Z]?)$"), "{year}-{n}"),
    (re.compile(r"^A/HRC/RES/(?P<s>[0-9A-Z-]+)/(?P<n>\d+)$"), "{s}-{n}"),
    (re.compile(r"^E/CN\.\d+/RES/(?P<s>\d+)/(?P<n>\d+)$"), "{s}-{n}"),
    (re.compile(r"^CTOC/COP/RES/(?P<s>\d+)/(?P<n>\d+)$"), "{s}-{n}"),
    (re.compile(r"^CAC/COSP/RES/(?P<s>\d+)/(?P<n>\d+)$"), "{s}-{n}"),
)
_YEAR_IN_SYMBOL = re.compile(r"(?:^|/)((?:19|20)\d\d)(?:/|$)|\(((?:19|20)\d\d)\)")
_SYMBOL_OK = re.compile(r"^[A-Z][A-Za-z0-9./() -]*$")
_EID = re.compile(r"^[A-Za-z]+(_[A-Za-z0-9.-]+)?(__[A-Za-z]+(_[A-Za-z0-9.-]+)?)*$")
#: RFC 3987 ``ucschar``: the non-ASCII characters an IRI may hold outside its query.
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
            + "".join(f"{chr(plane * 0x10000)}-{chr(plane * 0x10000 + 0xFFFD)}" for plane in range(1, 14))
            + "\U000e1000-\U000efffd")
_PCT = "%[0-9A-Fa-f]{2}"
_UNRESERVED_SUB = "A-Za-z0-9._~!$&'()*+,;=" + _UCSCHAR + "-"  # iunreserved and sub-delims (RFC 3987 §2.2)
#: An http(s) IRI with no query and no fragment (RFC 3987 §2.2: ``scheme "://" iauthority ipath-abempty``):
#: optional userinfo, a host name or IP literal, optional port, path segments of ipchars and percent escapes.
_BASE = re.compile(f"https?://(?:(?:[{_UNRESERVED_SUB}:]|{_PCT})*@)?"
                   f"(?:\\[[0-9A-Fa-f:.]+\\]|(?:[{_UNRESERVED_SUB}]|{_PCT})+)(?::[0-9]*)?"
                   f"(?:/(?:[{_UNRESERVED_SUB}:@]|{_PCT})*)*")
_IRI_CHAR = re.compile(f"[{_UNRESERVED_SUB}:@/?#\\[\\]%]")
#: An absolute IRI of any scheme, checked by its characters (RFC 3987): a licence, say.
_ABSOLUTE_IRI = re.compile(f"[A-Za-z][A-Za-z0-9+.-]*:(?:[{_UNRESERVED_SUB}:@/?\\[\\]]|{_PCT})+(?:#(?:[{_UNRESERVED_SUB}:@/?]|{_PCT})*)?")
#: Bases already checked (a few per process; every minted IRI starts with one).
_BASES: dict[str, str] = {}


@dataclass(frozen=True)
class ResolutionSymbol:
    """A UN document symbol, read for naming.

    ``actor`` is the AKN4UN actor code, ``number`` the AKN ``FRBRnumber``
    (``/`` → ``-``, spaces → ``_``), ``show_as`` the number as printed,
    ``year`` the year the symbol itself carries (or None), ``adopted`` whether
    the symbol names an adopted text (``A/RES/``…) rather than a draft or report.

    Example:
        >>> ResolutionSymbol.parse("CTOC/COP/2020/L.6/Rev.1").number
        'CTOC-COP-2020-L.6-Rev.1'
        >>> ResolutionSymbol.parse("S/RES/2331 (2016)").year
        2016
    """

    symbol: str
    actor: str
    number: str
    show_as: str
    year: int | None
    adopted: bool

    @classmethod
    def parse(cls, symbol: str) -> ResolutionSymbol:
        """Read a symbol such as ``A/RES/74/176``; raise IdentifierError if it is not one."""
        s = " ".join(str(symbol).split())
        s = re.sub(r"\s*\(", " (", s)
        if not s or not _SYMBOL_OK.match(s) or "/" not in s:
            raise IdentifierError(f"expected a UN document symbol such as 'A/RES/74/176', found {symbol!r}")
        actor = _actor_for(s)
        ym = _YEAR_IN_SYMBOL.search(s)
        year = int(ym.group(1) or ym.group(2)) if ym else None
        for pattern, template in _ADOPTED:
            m = pattern.match(s)
            if m:
                number = template.format(**m.groupdict())
                show = number.replace("-", "/") if template != "{n}" else m.group("n")
                if pattern.pattern.startswith("^S/RES"):
                    show = f"{m.group('n')} ({m.group('year')})"
                return cls(s, actor, number, show, year, True)
        number = s.replace(" (", "(").replace("/", "-").replace(" ", "_")
        return cls(s, actor, number, s, year, False)

    def __str__(self) -> str:
        return self.symbol


def _actor_for(symbol: str) -> str:
    m = _COMMITTEE.match(symbol)
    if m:
        return f"un-ga-c{m.group(1)}"
    for prefix, actor in _PREFIX_ACTORS:
        if symbol.startswith(prefix):
            return actor
    known = ", ".join(p for p, _ in _PREFIX_ACTORS)
    raise IdentifierError(f"no actor code for symbol {symbol!r}: expected a symbol starting with one of {known}")


def normalize_base(base: str) -> str:
    """Check an HTTP(S) base IRI and give it exactly one trailing slash.

    The base must be an absolute ``http``/``https`` IRI valid by RFC 3987, without query or
    fragment, its percent signs starting escapes (``%`` and two hex digits): every IRI ``lod``
    mints starts with it, and Turtle, N-Quads and the store refuse (or misread) anything else.

    >>> normalize_base("https://lod.example.org")
    'https://lod.example.org/'
    >>> normalize_base("http://x.org/a|b")
    Traceback (most recent call last):
    ...
    lod.errors.IdentifierError: expected an http(s) base IRI without query or fragment, found 'http://x.org/a|b': '|' (U+007C) may not appear in an IRI (RFC 3987)
    """
    known = _BASES.get(base)
    if known is not None:
        return known
    b = base.strip()
    if not _BASE.fullmatch(b):
        raise IdentifierError(f"expected an http(s) base IRI without query or fragment, found {base!r}{_why_not(b)}")
    b = b.rstrip("/") + "/"
    if len(_BASES) < 256:
        _BASES[base] = b
    return b


def check_iri(value: str, what: str) -> str:
    """``value`` if it is an absolute IRI (a scheme, then RFC 3987 characters and percent escapes), for
    IRIs a user gives that ``lod`` publishes as they are (``what``: ``--license``).

    >>> check_iri("https://creativecommons.org/licenses/by/4.0/", "--license")
    'https://creativecommons.org/licenses/by/4.0/'
    >>> check_iri("CC BY 4.0", "--license")
    Traceback (most recent call last):
    ...
    lod.errors.IdentifierError: expected an absolute IRI for --license, found 'CC BY 4.0': ' ' (U+0020) may not appear in an IRI (RFC 3987)
    """
    if not _ABSOLUTE_IRI.fullmatch(value):
        why = _why_not_chars(value) or ("" if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) else ": it has no scheme")
        raise IdentifierError(f"expected an absolute IRI for {what}, found {value!r}{why}")
    return value


def _why_not(base: str) -> str:
    """What is wrong with a base ``_BASE`` refuses, when one thing can be named."""
    if not re.match(r"https?://", base):
        return ": it does not start with http:// or https://"
    if re.match(r"https?://(?:[^/]*@)?(?::[0-9]*)?(?:/|$)", base):
        return ": it names no host"
    why = _why_not_chars(base)
    if why:
        return why
    if "?" in base or "#" in base:
        return ": it has a query or a fragment"
    return ""


def _why_not_chars(iri: str) -> str:
    """The first percent sign that starts no escape, or character no IRI may hold, in ``iri`` (or "")."""
    bad = re.search(r"%(?![0-9A-Fa-f]{2})", iri)
    if bad:
        return f": {iri[bad.start():bad.start() + 3]!r} is not a percent escape (% and two hex digits)"
    for c in iri:
        if not _IRI_CHAR.match(c):
            return f": {c!r} (U+{ord(c):04X}) may not appear in an IRI (RFC 3987)"
    return ""


def language_code3(language: str) -> str:
    """ISO 639-1 or 639-2 code → ISO 639-2 (``fr`` → ``fra``)."""
    lang = language.lower()
    if lang in LANGUAGES:
        return LANGUAGES[lang]
    if lang in LANGUAGES.values():
        return lang
    raise IdentifierError(f"expected a UN official language code ({', '.join(LANGUAGES)}), found {language!r}")


def language_authority_iri(language: str) -> str:
    """The EU Publications Office language authority IRI (what ELI uses for ``eli:language``)."""
    return f"http://publications.europa.eu/resource/authority/language/{language_code3(language).upper()}"


def date_component(symbol: ResolutionSymbol, date: Date | str | None, *, job_number: str | None = None) -> str:
    """The ``{date}`` of a work IRI: the full date if known, else a year from the symbol or job number.

    >>> date_component(ResolutionSymbol.parse("CTOC/COP/2020/L.6/Rev.1"), None)
    '2020'
    >>> date_component(ResolutionSymbol.parse("A/C.3/80/L.4"), None, job_number="V.25-01234")
    '2025'
    """
    if date is not None:
        d = date.isoformat() if isinstance(date, Date) else str(date)
        if not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", d):
            raise IdentifierError(f"expected a date YYYY-MM-DD, found {date!r}")
        return d
    if symbol.year is not None:
        return str(symbol.year)
    if job_number:
        m = re.search(r"(\d\d)-\d{4,6}", job_number)
        if m:
            return str(job_number_year(int(m.group(1))))
    raise IdentifierError(
        f"cannot date {symbol.symbol!r}: expected an adoption date, a year in the symbol or a job number, found none"
    )


def job_number_year(yy: int, *, today: Date | None = None) -> int:
    """The year of a job number's two digits ("71-19641" → 1971, "25-16618" → 2025): this century unless
    that would be after next year.

    >>> job_number_year(71, today=Date(2026, 12, 7)), job_number_year(25, today=Date(2026, 12, 7))
    (1971, 2025)
    """
    now = (today or Date.today()).year
    return 2000 + yy if 2000 + yy <= now + 1 else 1900 + yy


def work_iri(
    symbol: ResolutionSymbol | str, base: str, *, date: Date | str | None = None, job_number: str | None = None
) -> str:
    """The work IRI ``{base}akn/un/statement/deliberation/{actor}/{date}/{number}``.

    >>> work_iri("CTOC/COP/2020/L.6/Rev.1", "http://localhost:8000")
    'http://localhost:8000/akn/un/statement/deliberation/un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1'
    """
    sym = symbol if isinstance(symbol, ResolutionSymbol) else ResolutionSymbol.parse(symbol)
    d = date_component(sym, date, job_number=job_number)
    return f"{normalize_base(base)}akn/un/statement/deliberation/{sym.actor}/{d}/{quote(sym.number, safe='.-_()')}"


_WORK_PATH = re.compile(r"akn/un/statement/deliberation/([a-z0-9-]+)/(\d{4}(?:-\d\d(?:-\d\d)?)?)/([^/]+)(.*)\Z",
                        re.DOTALL)


def split_work_iri(iri: str, base: str) -> tuple[str, str, str, str] | None:
    """(actor, date, number, rest) of a work IRI or of an IRI below one (``rest`` = ``/eng@``, ``/!main~…``),
    None for any other IRI. The inverse of ``work_iri`` for the server's redirects.

    >>> split_work_iri("http://x/akn/un/statement/deliberation/un-sc/2016/2331/eng@", "http://x/")
    ('un-sc', '2016', '2331', '/eng@')
    """
    base = normalize_base(base)
    if not iri.startswith(base):
        return None
    m = _WORK_PATH.match(iri, len(base))
    return (m.group(1), m.group(2), m.group(3), m.group(4)) if m else None


def work_iri_for_symbol(symbol: str, base: str, date: Date | None = None) -> str:
    """A canonical IRI for a (cited) document known only by its symbol, and maybe a date.

    With a date (citations often carry one: "74/176 du 18 décembre 2019") this is
    exactly the work IRI the published document gets. Without one, the year in
    the symbol is used (``S/RES/2331 (2016)`` → ``…/un-sc/2016/2331``); when the
    symbol has no year either, the date-free alias (``alias_iri``) is returned.
    Every work we mint is also linked ``owl:sameAs`` its alias, which joins the
    dated and the date-free names of one document.

    >>> work_iri_for_symbol("A/RES/74/176", "http://x.org/")
    'http://x.org/id/symbol/A-RES-74-176'
    >>> work_iri_for_symbol("A/RES/74/176", "http://x.org/", Date(2019, 12, 18))
    'http://x.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176'
    """
    sym = ResolutionSymbol.parse(symbol)
    if date is None and sym.year is None:
        return alias_iri(sym, base)
    return work_iri(sym, base, date=date)


def alias_iri(symbol: ResolutionSymbol | str, base: str) -> str:
    """The date-free alias of a work, from its symbol alone: ``{base}id/symbol/{slug}``.

    >>> alias_iri("S/RES/2331 (2016)", "http://x.org/")
    'http://x.org/id/symbol/S-RES-2331(2016)'
    """
    sym = symbol if isinstance(symbol, ResolutionSymbol) else ResolutionSymbol.parse(symbol)
    slug = sym.symbol.replace(" (", "(").replace("/", "-").replace(" ", "_")
    return f"{normalize_base(base)}id/symbol/{quote(slug, safe='.-_()')}"


def expression_iri(work: str, language: str) -> str:
    """``{work}/{lang}@`` (the original version; no version date)."""
    return f"{work}/{language_code3(language)}@"


def _check_eid(eid: str) -> str:
    if not _EID.match(eid):
        raise IdentifierError(f"expected an AKN eId such as 'para_13__list_1__point_a', found {eid!r}")
    return eid


def portion_iri(work: str, eid: str) -> str:
    """A language-neutral part: ``{work}/!main~{eId}``."""
    return f"{work}/!main~{_check_eid(eid)}"


def text_portion_iri(expression: str, eid: str) -> str:
    """The text of a part in one language: ``{expression}/!main~{eId}``."""
    return f"{expression}/!main~{_check_eid(eid)}"


#: Manifestations ``lod build`` publishes of every expression: file extension → IANA media type.
MANIFESTATION_FORMATS: dict[str, str] = {"nq": "application/n-quads", "ttl": "text/turtle",
                                         "jsonld": "application/ld+json", "xml": "application/akn+xml"}
#: Source files ``lod build`` reads: extension → IANA media type (the source is a manifestation too).
SOURCE_FORMATS: dict[str, str] = {"txt": "text/plain", "md": "text/markdown", "pdf": "application/pdf",
                                  "xml": "application/akn+xml"}


def manifestation_iri(expression: str, extension: str) -> str:
    """The expression in one file format (AKN FRBRManifestation): ``{expression}/!main.{extension}``.

    >>> manifestation_iri("http://x/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@", "ttl")
    'http://x/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@/!main.ttl'
    """
    if not re.fullmatch(r"[a-z0-9]{1,8}", extension):
        raise IdentifierError(f"expected a file extension such as 'ttl', found {extension!r}")
    return f"{expression}/!main.{extension}"


def media_type_iri(media_type: str) -> str:
    """The IANA registry IRI of a media type, the value ELI gives ``eli:format``.

    >>> media_type_iri("text/turtle")
    'http://www.iana.org/assignments/media-types/text/turtle'
    """
    return f"http://www.iana.org/assignments/media-types/{media_type}"


def provenance_iri(expression: str) -> str:
    """The PROV activity that produced an expression graph: ``{expression}#generation``."""
    return f"{expression}#generation"


def source_iri(expression: str) -> str:
    """The source file an expression was parsed from (a PROV entity): ``{expression}#source``."""
    return f"{expression}#source"


def note_reference_iri(text_unit: str, index: int) -> str:
    """The ``index``-th (1-based) footnote marker in a text unit: ``{text_unit}#noteref_{index}``."""
    return f"{text_unit}#noteref_{int(index)}"


def citation_iri(text_unit: str, index: int) -> str:
    """The ``index``-th (1-based) citation found in a text unit: ``{text_unit}#cit_{index}``."""
    return f"{text_unit}#cit_{int(index)}"


def action_iri(text_unit: str, index: int) -> str:
    """The ``index``-th (1-based) further action a paragraph takes (after its opening one): ``{text_unit}#action_{index}``."""
    return f"{text_unit}#action_{int(index)}"


def software_iri(base: str, version: str) -> str:
    """The software agent (this package at a version): ``{base}id/software/lod/{version}``."""
    return f"{normalize_base(base)}id/software/lod/{quote(version, safe='.-_+')}"


def actor_iri(actor: str, base: str) -> str:
    """A body as AKN TLCOrganization: ``{base}akn/ontology/organization/un/{actor}``."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor):
        raise IdentifierError(f"expected an actor code such as 'un-ga', found {actor!r}")
    return f"{normalize_base(base)}akn/ontology/organization/un/{actor}"


def phrase_key(phrase: str) -> str:
    """A stable key for an opening phrase: lower case, ASCII, words joined by ``-``; a phrase in a script
    without Latin letters keeps its own letters (NFC), lower case, words joined by ``-`` (before, such a
    phrase had no key and its document was left out of the build).

    >>> phrase_key("Prenant note avec satisfaction")
    'prenant-note-avec-satisfaction'
    >>> [phrase_key(p) for p in ("вновь подтверждая", "إذ يؤكد", "重申")]
    ['вновь-подтверждая', 'إذ-يؤكد', '重申']
    """
    ascii_ = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if not key:
        key = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", phrase).lower()).strip("-")
    if not key:
        raise IdentifierError(f"expected an opening phrase with letters, found {phrase!r}")
    return key


def phrase_scheme_iri(base: str) -> str:
    """The SKOS concept scheme of opening phrases."""
    return f"{normalize_base(base)}akn/ontology/concept/un/phrase"


def phrase_iri(phrase: str, language: str, base: str) -> str:
    """An opening phrase as a SKOS concept: ``{scheme}/{lang}/{key}`` (one per language)."""
    return f"{phrase_scheme_iri(base)}/{language_code3(language)}/{phrase_key(phrase)}"


def undocs_url(symbol: str, language: str | None = None) -> str:
    """Link out to the official document: ``https://undocs.org/[{lang}/]{symbol}``.

    >>> undocs_url("S/RES/2331 (2016)", "en")
    'https://undocs.org/en/S/RES/2331(2016)'
    """
    s = " ".join(symbol.split()).replace(" (", "(")
    path = quote(s, safe="/.()-")
    return f"https://undocs.org/{language.lower()}/{path}" if language else f"https://undocs.org/{path}"


def graph_slug(expression: str) -> str:
    """A file name for a named graph, from its expression IRI (no base, no separators).

    >>> graph_slug("http://x/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@")
    'un-ga_2019-12-18_74-176_eng'
    """
    if expression.endswith("/id/actors"):
        return "actors"  # the dataset's actors graph (actors_graph_iri)
    if expression.endswith("/id/links"):
        return "links"  # the dataset's links graph (links_graph_iri)
    m = re.search(r"/akn/un/statement/deliberation/(.+)$", expression)
    if not m:
        raise IdentifierError(f"expected an expression IRI under /akn/un/statement/deliberation/, found {expression!r}")
    slug = m.group(1).replace("@", "").replace("/", "_")
    return re.sub(r"[^A-Za-z0-9._()-]", "_", slug)


def file_url(base: str, path: str) -> str:
    """Where a file of the built dataset is served: ``{base}{path}`` (e.g. ``dumps/lod.nq.gz``)."""
    if path.startswith("/") or ".." in path.split("/"):
        raise IdentifierError(f"expected a relative path inside the dataset, found {path!r}")
    return f"{normalize_base(base)}{quote(path, safe='/.-_@()~!')}"


def context_iri(base: str, version: int = 1) -> str:
    """The published, versioned JSON-LD context: ``{base}context/v{version}.jsonld``."""
    return file_url(base, f"context/v{int(version)}.jsonld")


def publisher_iri(base: str) -> str:
    """The dataset's publisher (a ``foaf:Agent`` in the dataset description): ``{base}id/publisher``."""
    return f"{normalize_base(base)}id/publisher"


def contact_iri(base: str) -> str:
    """The dataset's contact point (a ``vcard:Kind``): ``{base}id/contact``."""
    return f"{normalize_base(base)}id/contact"


def links_graph_iri(base: str) -> str:
    """The named graph joining citations with the published documents they cite: ``{base}id/links``
    (``lod.publish.links``, rebuilt from every graph on every build).

    >>> links_graph_iri("https://lod.example.org")
    'https://lod.example.org/id/links'
    """
    return f"{normalize_base(base)}id/links"


def actors_graph_iri(base: str) -> str:
    """The named graph describing the actors (bodies, offices, groups) from the gazetteer: ``{base}id/actors``.

    >>> actors_graph_iri("https://lod.example.org")
    'https://lod.example.org/id/actors'
    """
    return f"{normalize_base(base)}id/actors"


def dataset_iri(base: str) -> str:
    """The dataset described by ``void.ttl``: ``{base}id/dataset``."""
    return f"{normalize_base(base)}id/dataset"


def distribution_iri(base: str, name: str) -> str:
    """One DCAT distribution of the dataset: ``{base}id/dataset/{name}`` (``nquads``, ``turtle``…)."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise IdentifierError(f"expected a distribution name such as 'nquads', found {name!r}")
    return f"{dataset_iri(base)}/{name}"
