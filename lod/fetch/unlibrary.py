"""Read UN Digital Library catalogue records (MARCXML) into typed metadata.

The UN Digital Library (digitallibrary.un.org, an Invenio/TIND system) returns
MARC 21 XML (``http://www.loc.gov/MARC21/slim``) for ``/search?...&of=xm`` and
``/record/{id}/export/xm``. The fields used here follow the Dag Hammarskjöld
Library's UNBIS reference manual:

=====  ============================================================
001    record id (``/record/{id}``)
191    ``$a`` document symbol (bibliographic records)
791    ``$a`` resolution symbol (voting records, collection "Voting Data")
245    ``$a`` title, ``$b`` remainder of title (English)
269    ``$a`` date of publication, ``YYYY-MM-DD``
992    ``$a`` date of adoption, ``YYYYMMDD`` (or ``YYYY-MM-DD``); several
       dates separated by commas for decisions taken in several meetings
996    ``$a`` voting note (``Adopted 122-55-1, 77th plenary meeting``,
       ``Adopted without vote, 83rd plenary meeting``); in voting records
       ``$b`` yes, ``$c`` no, ``$d`` abstentions, ``$e`` non-voting, ``$f`` total
650    ``$a`` subject (UNBIS Thesaurus term)
991    ``$d``/``$e`` agenda item and title
993    ``$a`` related documents (drafts, reports, meeting records)
856    ``$u`` file URL (``.../files/A_RES_78_228-EN.pdf``), ``$y`` language
=====  ============================================================

>>> xml = b'''<collection xmlns="http://www.loc.gov/MARC21/slim"><record>
... <controlfield tag="001">4032971</controlfield>
... <datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/RES/78/228</subfield></datafield>
... <datafield tag="245" ind1="1" ind2="0"><subfield code="a">Improving the coordination of efforts
...  against trafficking in persons :</subfield><subfield code="b">resolution /</subfield></datafield>
... <datafield tag="992" ind1=" " ind2=" "><subfield code="a">2023-12-19</subfield></datafield>
... </record></collection>'''
>>> rec = catalogue_record(parse_marcxml(xml), "A/RES/78/228")
>>> rec.title, rec.adoption_date.isoformat(), rec.record_id
('Improving the coordination of efforts against trafficking in persons', '2023-12-19', '4032971')
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

from lod.errors import SourceError

__all__ = ["CatalogueRecord", "MarcRecord", "VoteSummary", "catalogue_record", "parse_marcxml"]

MARC_NS = "http://www.loc.gov/MARC21/slim"
_LANG_SUFFIX = {"EN": "en", "FR": "fr", "ES": "es", "RU": "ru", "AR": "ar", "ZH": "zh", "DE": "de"}
_LANG_NAME = {"english": "en", "french": "fr", "spanish": "es", "russian": "ru", "arabic": "ar", "chinese": "zh"}


@dataclass(frozen=True)
class MarcRecord:
    """A MARC record as data: control fields and data fields ``(tag, [(code, value)])``."""

    controls: tuple[tuple[str, str], ...]
    fields: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    def control(self, tag: str) -> str | None:
        """The value of control field ``tag`` (``001``), or None."""
        return next((v for t, v in self.controls if t == tag), None)

    def values(self, tag: str, code: str) -> list[str]:
        """Every ``$code`` value of every ``tag`` field, stripped, in record order."""
        return [v.strip() for t, subs in self.fields if t == tag for c, v in subs if c == code and v.strip()]

    def first(self, tag: str, code: str) -> str | None:
        """The first ``$code`` of ``tag``, or None."""
        vals = self.values(tag, code)
        return vals[0] if vals else None


@dataclass(frozen=True)
class VoteSummary:
    """How a text was adopted: the catalogue's note and, from voting records, the counts."""

    note: str | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    non_voting: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class CatalogueRecord:
    """What the catalogue says about one document symbol."""

    symbol: str
    record_id: str | None
    title: str | None
    titles: tuple[tuple[str, str], ...] = ()
    adoption_date: date | None = None
    publication_date: date | None = None
    subjects: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    vote: VoteSummary | None = None
    files: tuple[tuple[str, str], ...] = field(default=())  # (language, url)


def parse_marcxml(data: bytes | str) -> list[MarcRecord]:
    """Parse a MARCXML ``collection`` (or a single ``record``) into ``MarcRecord`` values.

    Raises:
        SourceError: the bytes are not well-formed XML (a truncated or HTML answer).
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        head = (data[:60] if isinstance(data, str) else data[:60].decode("utf-8", "replace")).strip()
        raise SourceError(f"catalogue answer is not MARCXML: {exc}", excerpt=head) from None
    records = [root] if _local(root.tag) == "record" else [el for el in root.iter() if _local(el.tag) == "record"]
    out = []
    for rec in records:
        controls = tuple((c.get("tag", ""), (c.text or "").strip()) for c in rec if _local(c.tag) == "controlfield")
        fields = tuple(
            (
                d.get("tag", ""),
                tuple((s.get("code", ""), " ".join((s.text or "").split())) for s in d if _local(s.tag) == "subfield"),
            )
            for d in rec
            if _local(d.tag) == "datafield"
        )
        out.append(MarcRecord(controls, fields))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _norm_symbol(s: str) -> str:
    return re.sub(r"\s+", "", s).upper()


def catalogue_record(records: list[MarcRecord], symbol: str) -> CatalogueRecord | None:
    """Pick the bibliographic record of ``symbol`` (191 $a) and its voting record (791 $a).

    Search answers hold near misses (``A/RES/78/2`` for ``A/RES/78/228``…): only
    exact symbol matches count. Returns None when no bibliographic record matches.
    """
    want = _norm_symbol(symbol)
    bib = next((r for r in records if any(_norm_symbol(s) == want for s in r.values("191", "a"))), None)
    if bib is None:
        return None
    voting = next((r for r in records if any(_norm_symbol(s) == want for s in r.values("791", "a"))), None)
    title = _title(bib)
    files = []
    for t, subs in bib.fields:
        if t != "856":
            continue
        url = next((v for c, v in subs if c == "u"), None)
        lang = next((_LANG_NAME.get(v.lower()) for c, v in subs if c == "y"), None)
        if url and url.lower().endswith(".pdf"):
            m = re.search(r"-([A-Z]{2})\.pdf$", url, re.IGNORECASE)
            lang = lang or (_LANG_SUFFIX.get(m.group(1).upper()) if m else None)
            files.append((lang or "", url))
    return CatalogueRecord(
        symbol=bib.first("191", "a") or symbol,
        record_id=bib.control("001"),
        title=title,
        titles=(("en", title),) if title else (),
        adoption_date=_first_date(bib.values("992", "a")) or (_first_date(voting.values("269", "a")) if voting else None),
        publication_date=_first_date(bib.values("269", "a")),
        subjects=tuple(dict.fromkeys(bib.values("650", "a"))),
        agenda=tuple(dict.fromkeys(bib.values("991", "d") + bib.values("991", "e"))),
        related=tuple(dict.fromkeys(bib.values("993", "a"))),
        vote=_vote(bib, voting),
        files=tuple(files),
    )


def _title(rec: MarcRecord) -> str | None:
    a = rec.first("245", "a")
    if not a:
        return None
    # ISBD punctuation closes each subfield (" :", " /"): drop it
    return re.sub(r"\s*[:/;=.,]\s*$", "", a).strip() or None


def _first_date(values: list[str]) -> date | None:
    for value in values:
        for part in value.split(","):
            d = _parse_date(part.strip())
            if d:
                return d
    return None


def _parse_date(s: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", s)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _count(rec: MarcRecord | None, code: str) -> int | None:
    v = rec.first("996", code) if rec else None
    return int(v) if v and v.isdigit() else None


def _vote(bib: MarcRecord, voting: MarcRecord | None) -> VoteSummary | None:
    note = bib.first("996", "a") or (voting.first("996", "a") if voting else None)
    yes, no, abstain = _count(voting, "b"), _count(voting, "c"), _count(voting, "d")
    if note and yes is None:
        m = re.search(r"\b(\d+)-(\d+)-(\d+)\b", note)
        if m:
            yes, no, abstain = (int(g) for g in m.groups())
    if note is None and yes is None:
        return None
    return VoteSummary(note, yes, no, abstain, _count(voting, "e"), _count(voting, "f"))
