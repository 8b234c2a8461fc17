"""The server's catalogue, made by the build: one row per document and the word index of their texts.

``lod serve`` lists documents (home page, search by symbol or title, browse, ``/id?symbol=``) and
finds words in their texts from a :class:`Catalogue <lod.serve.catalogue.Catalogue>`. Reading it
from the store at start-up costs a few milliseconds a graph (its metadata and every ``lod:text``
literal: 141–194 s at 20,000 graphs), so the build makes it instead, once per document, in the
worker that already holds the document's triples (:func:`graph_entry`, sent back in the
``DocumentResult`` and cached with it, like the link triples), and the main process writes it whole
into ``DIR/catalogue.bin`` (:class:`CatalogueWriter`); the server reads that file (:func:`read_catalogue`):
0.15 s for 20,000 documents with the word index at its bounds (bench/results-coldstart.md). The same row logic serves a dataset built without the
file, read from the store graph by graph (:func:`document_row`), so the two give equal rows.

Rows are read by property *local name* (:data:`ROLES`), so they do not depend on one vocabulary; the
AKN4UN IRI shape (``…/{actor}/{YYYY-MM-DD}/{number}/{lang}@``) is the fallback.

>>> split_expression("https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@")
('https://d.org/akn/un/statement/deliberation/un-ga/2019-12-18/74-176', 'en')
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import accumulate
from pathlib import Path
from typing import IO

__all__ = ["CATALOGUE_FILE", "CatalogueFile", "CatalogueWriter", "Document", "ISO3", "PackedPostings", "ROLES",
           "TEXT", "Term", "TextIndex", "document_row", "document_words", "graph_entry", "index_documents",
           "local_name", "normalise", "read_catalogue", "sort_key", "split_expression", "words"]

#: The catalogue file in a built dataset (docs/layout.md): not published, not in SHA256SUMS, never served.
CATALOGUE_FILE = "catalogue.bin"
_MAGIC = b"lod-catalogue 1\n"

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

#: An RDF term as the row logic reads it, whatever it came from (a store's term, an N-Triples string):
#: ``("iri", value, None)``, ``("literal", lexical form, language or None)`` or ``("other", "", None)``.
Term = tuple[str, str, "str | None"]


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
    """Case-, accent- and space-insensitive form used to match titles and symbols.

    >>> normalise("  Résolution  ÉTÉ\\tİ "), normalise("Plain ASCII")
    ('resolution ete i', 'plain ascii')
    """
    return " ".join(_fold(text).split())


def _fold(text: str) -> str:
    """``text`` without case, accents and compatibility forms (what :func:`normalise` does but the spaces)."""
    if not text.isascii():  # ASCII has no compatibility forms and no combining marks: only case
        text = unicodedata.normalize("NFKD", text)
        marks = {ord(c): None for c in set(text) if unicodedata.combining(c)}  # the text's few distinct characters
        if marks:
            text = text.translate(marks)
    return text.casefold()


_WORD = re.compile(r"\w+")
MAX_WORD = 40  # characters: longer "words" (a URL, a run of CJK text) are not indexed


def words(text: str) -> list[str]:
    """The words of ``text`` as the index keeps them: accents and case removed, at most :data:`MAX_WORD` characters.

    >>> words("Prie l’Office des Nations Unies, « contre la drogue » ; 2331 (2016)")
    ['prie', 'l', 'office', 'des', 'nations', 'unies', 'contre', 'la', 'drogue', '2331', '2016']
    """
    return [w for w in _WORD.findall(_fold(text)) if len(w) <= MAX_WORD]


def document_words(texts: Iterable[str]) -> tuple[str, ...]:
    """The distinct words of a document's texts, in the order they first appear.

    >>> document_words(["Prie l'Office", "l'office des Nations"])
    ('prie', 'l', 'office', 'des', 'nations')
    """
    # one pass over all the texts (\\w+ never spans the newline), distinct first, then the length cut on the few left
    return tuple(w for w in dict.fromkeys(_WORD.findall(_fold("\n".join(texts)))) if len(w) <= MAX_WORD)


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


_ROW = tuple(f.name for f in fields(Document))


def _row_tuple(d: Document) -> tuple[str, ...]:
    """The fields of ``d`` in order (``dataclasses.astuple`` without its deep copy)."""
    return tuple(getattr(d, name) for name in _ROW)


def sort_key(d: Document) -> tuple[str, str, str]:
    """The catalogue's order, applied reversed: newest first, then by symbol and language."""
    return d.date, d.symbol, d.language


def _term_key(t: Term) -> tuple[str, str, str]:
    return t[0], t[1], t[2] or ""


def _first(values: dict[str, list[Term]], role: str) -> Term | None:
    for name in ROLES[role]:
        if values.get(name):
            return min(values[name], key=_term_key)  # one value, whatever order the triples came in
    return None


def document_row(iri: str, about: Callable[[str], Iterable[tuple[str, Term]]], *, symbol: str | None = None,
                 language: str | None = None) -> Document:
    """The catalogue row of expression graph ``iri``; ``about(subject)`` gives ``(predicate IRI, object)`` of
    each triple of that graph about ``subject``. ``symbol`` and ``language`` are the manifest's, when it says.

    >>> E = "http://x/akn/un/statement/deliberation/un-sc/2016-12-20/2331/eng@"
    >>> triples = {E: [("http://purl.org/dc/terms/title", ("literal", "Maintenance of peace", "en"))]}
    >>> d = document_row(E, lambda s: triples.get(s, ()), symbol="S/RES/2331 (2016)")
    >>> d.work[-21:], d.language, d.title, d.date, d.body
    ('un-sc/2016-12-20/2331', 'en', 'Maintenance of peace', '2016-12-20', 'un-sc')
    """
    split = split_expression(iri)
    work_iri, lang = split if split else (iri, "")
    props: dict[str, list[Term]] = {}
    for subject in dict.fromkeys((iri, work_iri)):
        for predicate, obj in about(subject):
            name = local_name(predicate)
            props.setdefault(name, []).append(obj)
            if name in ("realizes", "exampleOfWork") and obj[0] == "iri":
                work_iri = obj[1]
    m = _WORK.search(work_iri)
    found = {role: _first(props, role) for role in ("symbol", "title", "date", "body")}
    body = found["body"]
    body_iri = body[1] if body is not None and body[0] == "iri" else ""
    body_label = ""
    if body_iri:
        labels = sorted((o for p, o in about(body_iri) if local_name(p) in ROLES["label"] and o[0] == "literal"), key=_term_key)
        same = [x for x in labels if x[2] == lang] or [x for x in labels if x[2] == "en"] or labels
        body_label = same[0][1] if same else ""
    actor = m.group("actor") if m else ""

    def literal(role: str) -> str:
        term = found[role]
        return term[1] if term is not None and term[0] == "literal" else ""

    return Document(expression=iri, work=work_iri, language=language or lang or "",
                    symbol=symbol or literal("symbol"), title=literal("title"),
                    date=literal("date") if found["date"] is not None and found["date"][0] == "literal" else (m.group("date") if m else ""),
                    body=body_iri or actor, body_label=body_label or actor)


def graph_entry(subjects: dict[str, dict[str, list[str]]], iri: str, *, symbol: str | None,
                language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One document's catalogue data, from its graph grouped subject → predicate → objects as N-Triples
    terms (``lod.rdf.nt.Grouped.subjects``): its row (the fields of :class:`Document`, in order) and the
    distinct words of its texts. Runs in the build's workers."""
    from lod.rdf import nt  # here: lod serve imports this module, and lod.rdf.nt imports rdflib (≈70 ms)

    def term(t: str) -> Term:
        if nt.is_iri(t):
            return ("iri", t[1:-1], None)
        if nt.is_literal(t):
            return ("literal", nt.lexical(t), nt.language(t))
        return ("other", "", None)

    def about(subject: str) -> Iterator[tuple[str, Term]]:
        for p, objects in subjects.get(f"<{subject}>", {}).items():
            for o in objects:
                yield p[1:-1], term(o)

    row = document_row(iri, about, symbol=symbol, language=language)
    text_p = f"<{TEXT}>"
    texts = (nt.lexical(o) for preds in subjects.values() for o in preds.get(text_p, ()) if nt.is_literal(o))
    return _row_tuple(row), document_words(texts)


class TextIndex:
    """Which documents hold a word: an inverted index of the text units' words.

    Words are normalised (:func:`words`); each maps to the sorted numbers of the documents (positions in
    the catalogue's list, newest first) whose text holds it, as a compact ``array``. Memory is bounded: at
    most ``max_postings`` (word, document) pairs and ``max_words`` distinct words (≈4–5 bytes a pair, ≈200
    a word with its key, array and dict entry: measured 40 MB for 200 k words, 53 MB for 2 M pairs over
    241 k words; at both limits ≈80 MB); past either, the index stops growing and says so
    (:attr:`complete` is False; :attr:`covered` documents, the newest, were indexed whole). The build
    fills one (:class:`CatalogueWriter`) and the server reads it back whole (:func:`read_catalogue`).

    >>> ix = TextIndex()
    >>> ix.add(0, "Prie l'Office de continuer"); ix.add(1, "Requests the Office to continue")
    >>> ix.find("prie"), ix.find("OFFICE"), ix.find("contin"), ix.find("office to"), ix.find("nothing")
    ([0], [0, 1], [0, 1], [1], [])
    """

    def __init__(self, *, max_postings: int = 6_000_000, max_words: int = 250_000, max_expansions: int = 64) -> None:
        self._postings: dict[str, array[int]] | PackedPostings = {}  # packed when read from catalogue.bin (read-only)
        self._vocabulary: list[str] | None = None  # sorted, for prefix look-ups; made on first search
        self.postings = 0
        self.complete = True
        self.covered = 0  # documents indexed whole (set by whoever fills it)
        self.max_postings, self.max_words, self.max_expansions = max_postings, max_words, max_expansions

    def add(self, doc: int, text: str) -> None:
        """Index the words of ``text`` as found in document ``doc`` (documents are added in increasing order)."""
        self.add_words(doc, set(words(text)))

    def add_words(self, doc: int, found: Iterable[str]) -> None:
        """Index distinct, normalised words (:func:`words`) as found in document ``doc``."""
        if not isinstance(self._postings, dict):
            raise TypeError("this word index was read from catalogue.bin: it is read-only")
        for w in found:
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
                break
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


class PackedPostings(Mapping[str, "array[int]"]):
    """A read-only word → documents mapping over one array of every posting, as ``catalogue.bin`` stores it: a
    word's documents are sliced out when asked for, so reading the file makes three objects, not one per word
    (250,000 slices cost 0.7 s; this, ≈0.05 s).

    >>> p = PackedPostings(["a", "b"], array("I", [2, 1]), array("I", [0, 3, 1]))
    >>> list(p["a"]), list(p["b"]), p.get("c"), len(p), sorted(p)
    ([0, 3], [1], None, 2, ['a', 'b'])
    """

    def __init__(self, vocabulary: Sequence[str], counts: array[int], postings: array[int]) -> None:
        self._at = dict(zip(vocabulary, range(len(vocabulary))))
        self._starts = array("Q", accumulate(counts, initial=0))
        self._postings = postings

    def __getitem__(self, word: str) -> array[int]:
        n = self._at[word]
        return self._postings[self._starts[n]:self._starts[n + 1]]

    def __len__(self) -> int:
        return len(self._at)

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __contains__(self, word: object) -> bool:
        return word in self._at


def index_documents(index: TextIndex, count: int, words_of: Callable[[int], Iterable[str]]) -> None:
    """Fill ``index`` with documents ``0 … count-1`` (newest first), as far as its bounds allow."""
    for n in range(count):
        index.add_words(n, words_of(n))
        if not index.complete:
            break
        index.covered = n + 1


class CatalogueWriter:
    """Gathers each published document's catalogue data during the build, then writes ``catalogue.bin``.

    Rows stay in memory (eight short strings a document); words go to a spill file beside the output
    (``.catalogue-words``, deleted by :meth:`write`), read back newest document first to fill the bounded
    :class:`TextIndex`, so the build's memory does not grow with the texts.
    """

    def __init__(self, root: Path) -> None:
        self._spill_path = root / ".catalogue-words"
        self._spill: IO[bytes] = open(self._spill_path, "w+b")  # noqa: SIM115 - closed in write()
        self._rows: list[tuple[Document, int, int]] = []  # row, offset and length of its words in the spill
        self.complete = True  # False once a document came without its row: no file is written then

    def add(self, row: Sequence[str], found: Sequence[str]) -> None:
        """One published document: its row (:func:`graph_entry`) and its distinct words."""
        if len(row) != len(_ROW):
            self.complete = False
            return
        data = "\n".join(found).encode("utf-8")
        self._rows.append((Document(*row), self._spill.tell(), len(data)))
        self._spill.write(data)

    def write(self, path: Path, *, built: str, base: str, index: TextIndex | None = None) -> CatalogueFile | None:
        """Sort the rows as the server lists them, index their words newest first, write ``path``; returns what it
        holds. Writes nothing (None) when some document came without its row: the server then reads the store."""
        if not self.complete:
            self._spill.close()
            self._spill_path.unlink(missing_ok=True)
            return None
        index = index or TextIndex()
        rows = sorted(self._rows, key=lambda r: sort_key(r[0]), reverse=True)
        spill = self._spill

        def words_of(n: int) -> list[str]:
            _, at, size = rows[n]
            spill.seek(at)
            data = spill.read(size).decode("utf-8")
            return data.split("\n") if data else []

        try:
            index_documents(index, len(rows), words_of)
        finally:
            spill.close()
            self._spill_path.unlink(missing_ok=True)
        found = CatalogueFile([r[0] for r in rows], index, built=built, base=base)
        found.write(path)
        return found


@dataclass
class CatalogueFile:
    """What ``catalogue.bin`` holds: the documents in catalogue order and their word index.

    The file: a magic line, a JSON header line (``built``, ``base``, counts, the index's bounds and
    state), the rows as one JSON array line, the index's words (sorted) as one JSON array line, then
    the number of documents of each word and every posting, as little-endian unsigned 32-bit integers.
    JSON for the strings and raw arrays for the numbers: read in ≈0.1 s for 20,000 documents, where
    every posting as a JSON number would take seconds (bench/results-coldstart.md).
    """

    documents: list[Document]
    index: TextIndex
    built: str
    base: str

    def write(self, path: Path) -> None:
        ix = self.index
        vocabulary = sorted(ix._postings)
        counts = array("I", (len(ix._postings[w]) for w in vocabulary))
        postings = array("I")
        for w in vocabulary:
            postings.extend(ix._postings[w])
        if sys.byteorder == "big":
            counts.byteswap()
            postings.byteswap()
        header = {"built": self.built, "base": self.base, "documents": len(self.documents), "words": len(vocabulary),
                  "postings": len(postings), "covered": ix.covered, "complete": ix.complete,
                  "max_postings": ix.max_postings, "max_words": ix.max_words}
        with open(path, "wb") as fh:
            fh.write(_MAGIC)
            for value in (header, [_row_tuple(d) for d in self.documents], vocabulary):
                fh.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            fh.write(counts.tobytes())
            fh.write(postings.tobytes())


def read_catalogue(path: Path) -> CatalogueFile:
    """Read ``catalogue.bin`` (:class:`CatalogueFile`).

    Raises:
        OSError: it cannot be read. ValueError: it is not a catalogue file of this layout.
    """
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path}: expected a catalogue file starting with {_MAGIC!r}, found {data[:16]!r}")
    at = len(_MAGIC)
    lines = []
    for _ in range(3):
        end = data.index(b"\n", at)
        lines.append(json.loads(data[at:end]))
        at = end + 1
    header, rows, vocabulary = lines
    n_words, n_postings = int(header["words"]), int(header["postings"])
    counts, postings = array("I"), array("I")
    counts.frombytes(data[at:at + 4 * n_words])
    postings.frombytes(data[at + 4 * n_words:at + 4 * (n_words + n_postings)])
    if len(vocabulary) != n_words or len(counts) != n_words or len(postings) != n_postings or sum(counts) != n_postings \
            or len(rows) != header["documents"]:
        raise ValueError(f"{path}: expected {header['documents']} rows, {n_words} words and {n_postings} postings, "
                         f"found {len(rows)}, {len(vocabulary)} and {len(postings)} (a truncated file?)")
    if sys.byteorder == "big":
        counts.byteswap()
        postings.byteswap()
    index = TextIndex(max_postings=int(header["max_postings"]), max_words=int(header["max_words"]))
    index._postings = PackedPostings(vocabulary, counts, postings)
    index.postings, index.covered, index.complete = n_postings, int(header["covered"]), bool(header["complete"])
    index._vocabulary = vocabulary
    return CatalogueFile([Document(*r) for r in rows], index, built=str(header["built"]), base=str(header["base"]))
