"""The list of documents a server holds, read once at start-up: from the build's ``catalogue.bin``, else from the store.

Drives the home page figures, search by symbol or title, browsing by body
and year, the ``/id?symbol=`` resolver and the work → expression choice.
The build writes every document's row and the word index of their texts into
``DIR/catalogue.bin`` (:mod:`lod.publish.catalogue`), read whole at start-up, embedded
or ``--store`` (0.15 s for 20,000 documents). A dataset without it (built by an
older ``lod``) is read graph by graph as before: it relies on the layout contract
(one named graph per expression, graph name = expression IRI, ``manifest.json``
giving symbol and language) and reads titles, dates and bodies from the triples by
property *local name*, with the same row logic as the build
(:func:`lod.publish.catalogue.document_row`).

>>> split_expression("https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@")
('https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176', 'en')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Store

from lod import identifiers as ids
from lod.publish.catalogue import (CATALOGUE_FILE, ISO3, ROLES, TEXT, Document, Term, TextIndex, document_row, document_words,
                                   index_documents, local_name, normalise, read_catalogue, sort_key, split_expression, words)
from lod.sparql.store import DatasetInfo

__all__ = ["ISO3", "ROLES", "TEXT", "Catalogue", "Document", "TextIndex", "local_name", "normalise", "split_expression", "words"]


def _term(t: object) -> Term:
    """A store's term as the row logic reads it (:data:`lod.publish.catalogue.Term`)."""
    if isinstance(t, NamedNode):
        return ("iri", t.value, None)
    if isinstance(t, Literal):
        return ("literal", t.value, t.language)
    return ("other", "", None)


class Catalogue:
    """Documents by expression, work, symbol and title."""

    def __init__(self, documents: list[Document], base: str = "", texts: Callable[[str], Iterable[str]] | None = None, *,
                 index: TextIndex | None = None) -> None:
        """``index``: the word index of ``documents`` as the build made it (their order already the catalogue's);
        else one is made from ``texts(expression)``, the texts of each document (none without it)."""
        self.base = base
        self.documents = sorted(documents, key=sort_key, reverse=True)
        self.loaded_from = "store"  # or CATALOGUE_FILE (Catalogue.load)
        self.slow_start: str | None = None  # why Catalogue.load read every graph instead of the build's file
        if index is None:
            index = TextIndex()
            if texts is not None:  # newest first: a bounded index keeps them
                index_documents(index, len(self.documents), lambda n: document_words(texts(self.documents[n].expression)))
        self.text_index = index
        self.by_expression = {d.expression: d for d in self.documents}
        self.by_work: dict[str, list[Document]] = {}
        for d in self.documents:
            self.by_work.setdefault(d.work, []).append(d)
        self._undated_table: dict[tuple[str, str], list[tuple[str, str]]] | None = None  # made by moved() when first asked
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
        undated = self._undated()
        works = [w for d, w in undated.get((actor, number), ()) if d != date and d.startswith(date)]
        if not works and len(date) == 4 and date.isdigit():
            # a year read from a job number in the wrong century (…/2071/… for a 1971 text, before the fix)
            works = [w for d, w in undated.get((actor, number), ()) if d[:4] == str(int(date) - 100)]
        return works[0] + rest if len(works) == 1 else None

    def _undated(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(actor, number) → [(date, work)] of every published work: made on the first :meth:`moved`, not at start-up
        (an IRI split per work: ≈0.3 s at 20,000 works)."""
        if self._undated_table is None:
            table: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for work in self.by_work:
                split = ids.split_work_iri(work, self.base)
                if split:
                    table.setdefault((split[0], split[2]), []).append((split[1], work))
            self._undated_table = table
        return self._undated_table

    @classmethod
    def load(cls, store: Store, info: DatasetInfo) -> Catalogue:
        """The build's ``catalogue.bin`` when the dataset has one of this build (read whole: 0.15 s for 20,000
        documents); else every expression graph read from ``store`` (:meth:`read_store`), saying why in
        :attr:`slow_start`."""
        path = info.root / CATALOGUE_FILE
        try:
            found = read_catalogue(path)
        except FileNotFoundError:
            reason = f"{path} is missing (the dataset was built by an older lod)"
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = f"{path} cannot be read ({type(exc).__name__}: {exc})"
        else:
            expected = sum(1 for g in info.graphs if g.kind == "document")
            if found.built == info.built and len(found.documents) == expected:
                catalogue = cls(found.documents, info.base, index=found.index)
                catalogue.loaded_from = CATALOGUE_FILE
                return catalogue
            reason = (f"{path} is not this build's (built {found.built}, {len(found.documents)} documents; "
                      f"manifest.json: built {info.built}, {expected} documents)")
        catalogue = cls.read_store(store, info)
        catalogue.slow_start = reason
        return catalogue

    @classmethod
    def read_store(cls, store: Store, info: DatasetInfo) -> Catalogue:
        """Read every expression graph listed in the manifest (or found in the store): a few milliseconds a graph
        (its metadata, then every ``lod:text`` literal for the word index)."""
        entries = {g.iri: g for g in info.graphs if g.kind == "document"}
        text_p = NamedNode(TEXT)
        others = {g.iri for g in info.graphs if g.kind != "document"}  # e.g. the actors graph: not a document
        names = list(entries) or [g.value for g in store.named_graphs() if isinstance(g, NamedNode) and g.value not in others]
        docs = []
        for iri in names:
            graph = NamedNode(iri)

            def about(subject: str, graph: NamedNode = graph) -> Iterator[tuple[str, Term]]:
                return ((q.predicate.value, _term(q.object)) for q in store.quads_for_pattern(NamedNode(subject), None, None, graph))

            entry = entries.get(iri)
            docs.append(document_row(iri, about, symbol=entry.symbol if entry else None,
                                     language=entry.language if entry else None))

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
