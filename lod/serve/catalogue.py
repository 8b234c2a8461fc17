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

import bisect
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from lod import identifiers as ids
from lod.sparql.store import DatasetInfo

__all__ = ["Catalogue", "Document", "TextIndex", "local_name", "split_expression", "words"]

ISO3 = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "ara": "ar", "zho": "zh", "deu": "de", "por": "pt"}
TEXT = "https://w3id.org/un-lod/ontology#text"  # lod:text, the text of a part in one language
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


_WORD = re.compile(r"\w+")
MAX_WORD = 40  # characters: longer "words" (a URL, a run of CJK text) are not indexed


def words(text: str) -> list[str]:
    """The words of ``text`` as the index keeps them: accents and case removed, at most :data:`MAX_WORD` characters.

    >>> words("Prie l’Office des Nations Unies, « contre la drogue » ; 2331 (2016)")
    ['prie', 'l', 'office', 'des', 'nations', 'unies', 'contre', 'la', 'drogue', '2331', '2016']
    """
    return [w for w in _WORD.findall(normalise(text)) if len(w) <= MAX_WORD]


class TextIndex:
    """Which documents hold a word: an inverted index of the text units' words, built once at start-up.

    Words are normalised (:func:`words`); each maps to the sorted numbers of the documents (positions in
    :attr:`Catalogue.documents`) whose text holds it, as a compact ``array``. Memory is bounded: at most
    ``max_postings`` (word, document) pairs and ``max_words`` distinct words (≈4–5 bytes a pair, ≈200
    a word with its key, array and dict entry: measured 40 MB for 200 k words, 53 MB for 2 M pairs over
    241 k words; at both limits ≈80 MB); past either, the index stops growing and says so
    (:attr:`complete` is False; :attr:`covered` documents, the newest, were indexed whole).

    >>> ix = TextIndex()
    >>> ix.add(0, "Prie l'Office de continuer"); ix.add(1, "Requests the Office to continue")
    >>> ix.find("prie"), ix.find("OFFICE"), ix.find("contin"), ix.find("office to"), ix.find("nothing")
    ([0], [0, 1], [0, 1], [1], [])
    """

    def __init__(self, *, max_postings: int = 6_000_000, max_words: int = 250_000, max_expansions: int = 64) -> None:
        self._postings: dict[str, array[int]] = {}
        self._vocabulary: list[str] | None = None  # sorted, for prefix look-ups; made on first search
        self.postings = 0
        self.complete = True
        self.covered = 0  # documents indexed whole (set by the catalogue)
        self.max_postings, self.max_words, self.max_expansions = max_postings, max_words, max_expansions

    def add(self, doc: int, text: str) -> None:
        """Index the words of ``text`` as found in document ``doc`` (documents are added in increasing order)."""
        for w in set(words(text)):
            ids = self._postings.get(w)
            if ids is None:
                if len(self._postings) >= self.max_words:
                    self.complete = False
                    continue
                ids = self._postings[w] = array("I")
            if ids and ids[-1] == doc:
                continue
            if self.postings >= self.max_postings:
                self.complete = False
                return
            if ids and ids[-1] > doc:  # out of order: keep the array sorted
                bisect.insort(ids, doc)
            else:
                ids.append(doc)
            self.postings += 1
        self._vocabulary = None

    def _matching(self, word: str) -> set[int]:
        """Documents holding ``word``, or (for 4 characters or more) a word starting with it."""
        found = set(self._postings.get(word, ()))
        if len(word) >= 4:
            if self._vocabulary is None:
                self._vocabulary = sorted(self._postings)
            at = bisect.bisect_left(self._vocabulary, word)
            for other in self._vocabulary[at:at + self.max_expansions]:
                if not other.startswith(word):
                    break
                found.update(self._postings[other])
        return found

    def find(self, text: str) -> list[int]:
        """Documents holding every word of ``text`` (a word also matches the longer words it begins), in order."""
        query = list(dict.fromkeys(words(text)))[:16]
        if not query:
            return []
        docs: set[int] | None = None
        for w in sorted(query, key=lambda w: len(self._postings.get(w, ()))):
            matching = self._matching(w)
            docs = matching if docs is None else docs & matching
            if not docs:
                return []
        return sorted(docs or ())


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

    def __init__(self, documents: list[Document], base: str = "", texts: Callable[[str], Iterable[str]] | None = None) -> None:
        self.base = base
        self.documents = sorted(documents, key=lambda d: (d.date, d.symbol, d.language), reverse=True)
        self.text_index = TextIndex()
        for n, d in enumerate(self.documents if texts is not None else ()):  # newest first: a bounded index keeps them
            for text in texts(d.expression):  # type: ignore[misc]
                self.text_index.add(n, text)
            if not self.text_index.complete:
                break
            self.text_index.covered = n + 1
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
        text_p = NamedNode(TEXT)
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
        def texts(expression: str) -> Iterator[str]:  # the text of every part of one expression
            return (q.object.value for q in store.quads_for_pattern(None, text_p, None, NamedNode(expression))
                    if isinstance(q.object, Literal))

        return cls(docs, info.base, texts)

    def resolve_symbol(self, symbol: str) -> str | None:
        """The work IRI for a document symbol (``A/RES/74/176``), case- and space-insensitive."""
        return self._symbols.get(normalise(symbol))

    def resolve_title(self, title: str) -> str | None:
        """The work IRI for an exact title in any language (accents, case and spaces ignored)."""
        return self._titles.get(normalise(title))

    def search(self, text: str, *, limit: int = 100) -> list[Document]:
        """Documents whose symbol or title contains ``text`` (normalised), then those whose text holds its
        words (:class:`TextIndex`: every word, accents and case ignored, in any language published)."""
        needle = normalise(text)
        if not needle:
            return []
        found = [d for d in self.documents if needle in normalise(d.symbol) or needle in normalise(d.title)][:limit]
        if len(found) < limit:
            seen = {d.expression for d in found}
            found += [d for d in (self.documents[n] for n in self.text_index.find(text)) if d.expression not in seen][:limit - len(found)]
        return found

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
