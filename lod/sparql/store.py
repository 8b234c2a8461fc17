"""The embedded store behind ``lod serve``: open a built dataset and answer queries.

A built dataset directory (docs/layout.md) is read through its
``manifest.json``. The pyoxigraph store lives in ``DIR/store/``, loaded by the
build with its default graph filled (``lod.publish.store``); when it is missing
it is loaded once from ``DIR/dumps/lod.nq.gz`` (written aside, then renamed, so
a failed load leaves nothing half-written), and a store without its default
graph (built by an older lod) gets it on the first start.

Queries go through a :class:`QueryBackend`, a one-method protocol, so that
another engine (an external SPARQL endpoint, an rdflib graph in the bench)
can sit behind the same server; the server runs it in a thread. The default
is :class:`lod.sparql.querypool.ProcessPoolBackend`, an :class:`AsyncQueryBackend`
(the same method, awaited on the event loop): pyoxigraph has no query
timeout, so each query runs in a worker process that can be killed.

>>> info = read_manifest(Path("no/such/dir"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
lod.errors.PublishError: no/such/dir/manifest.json: not a built dataset (expected manifest.json from `lod build --out DIR`)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pyoxigraph import DefaultGraph, Store

from lod.errors import PublishError
from lod.publish.store import fill_default_graph, load_store
from lod.sparql.query import QueryAnswer, QueryRequest

__all__ = [
    "AsyncQueryBackend",
    "DatasetInfo",
    "GraphEntry",
    "QueryBackend",
    "fill_default_graph",
    "has_default_graph",
    "open_store",
    "read_manifest",
]


@dataclass(frozen=True)
class GraphEntry:
    """One named graph (one expression) listed in the manifest."""

    iri: str
    symbol: str | None = None
    language: str | None = None
    triples: int = 0
    file: str | None = None
    files: tuple[str, ...] = ()  # the graph's own files: N-Quads, Turtle, JSON-LD, Akoma Ntoso XML ("" if none)
    kind: str = "document"  # "document" (one expression), or a dataset graph: "actors", "links"


@dataclass(frozen=True)
class FileEntry:
    """One published file listed in the manifest (path relative to the dataset directory)."""

    path: str
    media_type: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class DatasetInfo:
    """What ``manifest.json`` says about a built dataset."""

    root: Path
    base: str
    built: str
    generator: str
    graphs: tuple[GraphEntry, ...]
    files: tuple[FileEntry, ...]
    fingerprint: str  # sha256 of manifest.json: changes with every build

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def read_manifest(root: Path) -> DatasetInfo:
    """Read ``root/manifest.json``.

    Raises:
        PublishError: the file is missing, not JSON, or lacks ``base``.
    """
    path = root / "manifest.json"
    try:
        raw = path.read_bytes()
    except OSError:
        raise PublishError(f"{path}: not a built dataset (expected manifest.json from `lod build --out DIR`)") from None
    try:
        doc = json.loads(raw)
        base = doc["base"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{path}: expected a JSON object with a 'base' IRI ({exc})") from None
    graphs = tuple(
        GraphEntry(
            iri=g["iri"],
            symbol=g.get("symbol"),
            language=g.get("language"),
            triples=int(g.get("triples") or 0),
            file=g.get("file"),
            files=tuple(str(g.get(k) or "") for k in ("file", "ttl", "jsonld", "akn")),
            kind=str(g.get("kind") or "document"),
        )
        for g in doc.get("graphs", [])
        if isinstance(g, dict) and "iri" in g
    )
    files = tuple(
        FileEntry(f["path"], f.get("media_type", "application/octet-stream"), int(f.get("bytes") or 0), f.get("sha256", ""))
        for f in doc.get("files", [])
        if isinstance(f, dict) and "path" in f
    )
    return DatasetInfo(
        root=root,
        base=base,
        built=str(doc.get("built", "")),
        generator=str(doc.get("generator", "")),
        graphs=graphs,
        files=files,
        fingerprint=hashlib.sha256(raw).hexdigest(),
    )


def open_store(info: DatasetInfo) -> Path:
    """Return the path of the dataset's pyoxigraph store, loading it from the dumps if missing.

    The store is loaded into ``DIR/.store-<pid>`` and renamed to ``DIR/store``;
    if ``DIR`` is not writable, into a temporary directory instead.

    Raises:
        PublishError: neither ``store/`` nor ``dumps/lod.nq.gz`` exists, or loading failed.
    """
    target = info.root / "store"
    if (target / "CURRENT").exists():
        if not has_default_graph(target) and os.access(target, os.W_OK):
            store = Store(str(target))
            fill_default_graph(store, info.root)
            del store
        return target
    dump = info.root / "dumps" / "lod.nq.gz"
    if not dump.exists():
        raise PublishError(f"{info.root}: no store/ and no dumps/lod.nq.gz to load it from")
    writable = os.access(info.root, os.W_OK)
    aside = Path(tempfile.mkdtemp(prefix=".store-", dir=info.root if writable else None))
    try:
        load_store(info.root, aside)
        store = Store(str(aside))
        store.optimize()
        del store
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(aside, ignore_errors=True)
        raise PublishError(f"{dump}: cannot load into the store: {exc}") from None
    if not writable:
        return aside
    try:
        aside.rename(target)
    except OSError:  # another process won the race: use theirs
        shutil.rmtree(aside, ignore_errors=True)
    return target


def has_default_graph(path: Path) -> bool:
    """True when the store at ``path`` has triples in its default graph."""
    store = Store.read_only(str(path))
    return next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None


class QueryBackend(Protocol):
    """Anything that answers a checked :class:`QueryRequest` (see ``lod.sparql.query``)."""

    def query(self, request: QueryRequest) -> QueryAnswer:
        """Answer ``request`` within ``request.timeout`` seconds or raise ``QueryTimeout``."""
        ...

    def close(self) -> None:
        """Release processes and files."""
        ...


class AsyncQueryBackend(Protocol):
    """A backend the server awaits on its event loop instead of running it in a thread."""

    async def query(self, request: QueryRequest) -> QueryAnswer:
        """Answer ``request`` within ``request.timeout`` seconds or raise ``QueryTimeout``."""
        ...

    def close(self) -> None:
        """Release processes and files."""
        ...
