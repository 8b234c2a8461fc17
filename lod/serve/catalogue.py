"""The list of documents a server holds, read once from the store at start-up.

Drives the home page figures, search by symbol or title, browsing by body
and year, the ``/id?symbol=`` resolver and the work → expression choice.
It relies on the layout contract (one named graph per expression, graph name
= expression IRI, ``manifest.json`` giving symbol and language) and reads
titles, dates and bodies from the triples by property *local name*, so it
does not depend on one vocabulary; the AKN4UN IRI shape
(``…/{actor}/{YYYY-MM-DD}/{number}/{lang}@``) is the fallback.

>>> split_expression("https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@")
('https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176', 'en')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from lod import identifiers as ids
from lod.sparql.store import DatasetInfo

__all__ = ["Catalogue", "Document", "local_name", "split_expression"]

ISO3 = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "ara": "ar", "zho": "zh", "deu": "de", "por": "pt"}
_EXPR = re.compile(r"^(?P<work>.+)/(?P<lang>[a-z]{3})@[^/]*$")
_WORK = re.compile(r"/akn/[^/]+/[^/]+/[^/]+/(?P<actor>[^/]+)/(?P<date>\d{4}(?:-\d{2}-\d{2})?)/(?P<number>[^/]+)$")

ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "legislationName", "name", "prefLabel", "label"),
    "symbol": ("identifier", "symbol", "legislationIdentifier", "docNumber"),
    "date": ("date_document", "dateAdopted", "adoptionDate", "legislationDate", "date", "issued"),
    "body": ("passed_by", "legislationPassedBy", "responsibility_of", "body", "author", "adoptedBy"),
    "label": ("prefLabel", "label", "name", "title"),
}


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("http://data.europa.eu/eli/ontology#date_document")
    'date_document'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :]


def split_expression(iri: str) -> tuple[str, str] | None:
    """``(work IRI, ISO 639-1 language)`` for an AKN expression IRI, else ``None``."""
    m = _EXPR.match(iri)
    if not m:
        return None
    return m.group("work"), ISO3.get(m.group("lang"), m.group("lang"))


def normalise(text: str) -> str:
    """Case-, accent- and space-insensitive form used to match titles and symbols."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Document:
    """One expression (a document in one language) as listed on the home and search pages."""

    expression: str
    work: str
    language: str
    symbol: str
    title: str
    date: str
    body: str
    body_label: str

    @property
    def year(self) -> str:
        return self.date[:4]


def _first(values: dict[str, list[object]], role: str) -> object | None:
    for name in ROLES[role]:
        if values.get(name):
            return values[name][0]
    return None


class Catalogue:
    """Documents by expression, work, symbol and title."""

    def __init__(self, documents: list[Document], base: str = "") -> None:
        self.base = base
        self.documents = sorted(documents, key=lambda d: (d.date, d.symbol, d.language), reverse=True)
        self.by_expression = {d.expression: d for d in self.documents}
        self.by_work: dict[str, list[Document]] = {}
        for d in self.documents:
            self.by_work.setdefault(d.work, []).append(d)
        self._undated: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (actor, number) → [(date, work)]
        for work in self.by_work:
            split = ids.split_work_iri(work, base) if base else None
            if split:
                self._undated.setdefault((split[0], split[2]), []).append((split[1], work))
        self._symbols = {normalise(d.symbol): d.work for d in self.documents if d.symbol}
        self._titles = {normalise(d.title): d.work for d in self.documents if d.title}

    def moved(self, iri: str) -> str | None:
        """Where an IRI the dataset does not describe now lives, if it names a published work (or a part or
        expression of one) with a less precise date: ``…/un-ctoc-cop/2020/CTOC-…`` minted before the
        catalogue gave the adoption date, or a citation's year-only ``…/un-sc/2016/2331``. Cool URIs don't
        change: the server answers 301 to the dated IRI (docs/identifiers.md)."""
        split = ids.split_work_iri(iri, self.base) if self.base else None
        if not split:
            return None
        actor, date, number, rest = split
        works = [w for d, w in self._undated.get((actor, number), ()) if d != date and d.startswith(date)]
        if not works and len(date) == 4 and date.isdigit():
            # a year read from a job number in the wrong century (…/2071/… for a 1971 text, before the fix)
            works = [w for d, w in self._undated.get((actor, number), ()) if d[:4] == str(int(date) - 100)]
        return works[0] + rest if len(works) == 1 else None

    @classmethod
    def load(cls, store: Store, info: DatasetInfo) -> Catalogue:
        """Read every expression graph listed in the manifest (or found in the store)."""
        entries = {g.iri: g for g in info.graphs if g.kind == "document"}
        others = {g.iri for g in info.graphs if g.kind != "document"}  # e.g. the actors graph: not a document
        names = list(entries) or [g.value for g in store.named_graphs() if isinstance(g, NamedNode) and g.value not in others]
        docs = []
        for iri in names:
            split = split_expression(iri)
            work_iri, lang = split if split else (iri, "")
            graph = NamedNode(iri)
            props: dict[str, list[object]] = {}
            for subject in {iri, work_iri}:
                for q in store.quads_for_pattern(NamedNode(subject), None, None, graph):
                    props.setdefault(local_name(q.predicate.value), []).append(q.object)
                    if local_name(q.predicate.value) in ("realizes", "exampleOfWork") and isinstance(q.object, NamedNode):
                        work_iri = q.object.value
            entry = entries.get(iri)
            m = _WORK.search(work_iri)
            symbol = _first(props, "symbol")
            title = _first(props, "title")
            date = _first(props, "date")
            body = _first(props, "body")
            body_iri = body.value if isinstance(body, NamedNode) else ""
            body_label = ""
            if body_iri:
                labels = [q.object for q in store.quads_for_pattern(NamedNode(body_iri), None, None, graph)
                          if local_name(q.predicate.value) in ROLES["label"] and isinstance(q.object, Literal)]
                same = [x for x in labels if x.language == lang] or [x for x in labels if x.language == "en"] or labels
                body_label = same[0].value if same else ""
            actor = m.group("actor") if m else ""
            docs.append(
                Document(
                    expression=iri,
                    work=work_iri,
                    language=(entry.language if entry and entry.language else lang) or "",
                    symbol=(entry.symbol if entry and entry.symbol else (symbol.value if isinstance(symbol, Literal) else "")) or "",
                    title=title.value if isinstance(title, Literal) else "",
                    date=date.value if isinstance(date, Literal) else (m.group("date") if m else ""),
                    body=body_iri or actor,
                    body_label=body_label or actor,
                )
            )
        return cls(docs, info.base)

    def resolve_symbol(self, symbol: str) -> str | None:
        """The work IRI for a document symbol (``A/RES/74/176``), case- and space-insensitive."""
        return self._symbols.get(normalise(symbol))

    def resolve_title(self, title: str) -> str | None:
        """The work IRI for an exact title in any language (accents, case and spaces ignored)."""
        return self._titles.get(normalise(title))

    def search(self, text: str, *, limit: int = 100) -> list[Document]:
        """Documents whose symbol or title contains ``text`` (normalised)."""
        needle = normalise(text)
        if not needle:
            return []
        return [d for d in self.documents if needle in normalise(d.symbol) or needle in normalise(d.title)][:limit]

    def browse(self, *, body: str | None = None, year: str | None = None) -> list[Document]:
        """Documents of one body and/or year."""
        return [d for d in self.documents if (not body or d.body == body) and (not year or d.year == year)]

    def bodies(self) -> list[tuple[str, str, int]]:
        """``(body, label, number of works)``, most first."""
        labels = {d.body: d.body_label for d in self.documents}
        counts = Counter(d.body for d in {d.work: d for d in self.documents}.values())
        return [(b, labels[b], n) for b, n in counts.most_common()]

    def years(self) -> list[tuple[str, int]]:
        """``(year, number of works)``, newest first."""
        counts = Counter(d.year for d in {d.work: d for d in self.documents}.values() if d.year)
        return sorted(counts.items(), reverse=True)

    def languages(self) -> list[tuple[str, int]]:
        return Counter(d.language for d in self.documents).most_common()
