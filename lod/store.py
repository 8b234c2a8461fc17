"""The embedded store behind ``lod serve``: open a built dataset and answer queries.

A built dataset directory (docs/layout.md) is read through its
``manifest.json``. The pyoxigraph store lives in ``DIR/store/``; when it is
missing it is loaded once from ``DIR/dumps/lod.nq.gz`` (written aside, then
renamed, so a failed load leaves nothing half-written).

Queries go through a :class:`QueryBackend`, a one-method protocol, so that
another engine (an external SPARQL endpoint, an rdflib graph in the bench)
can sit behind the same server. :class:`ProcessPoolBackend` is the default:
pyoxigraph has no query timeout, so each query runs in a worker process that
opened the store read-only, and a worker that overruns its time limit is
killed and replaced while the other workers keep answering.

>>> info = read_manifest(Path("no/such/dir"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
lod.errors.PublishError: no/such/dir/manifest.json: not a built dataset (expected manifest.json from `lod build --out DIR`)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing as mp
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

from lod.errors import PublishError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.query import QueryAnswer, QueryRequest, execute

__all__ = [
    "DatasetInfo",
    "GraphEntry",
    "LocalBackend",
    "ProcessPoolBackend",
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
    files: tuple[str, ...] = ()  # the graph's own files: N-Quads, Turtle, JSON-LD (as the build wrote them)


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
            files=tuple(str(g.get(k) or "") for k in ("file", "ttl", "jsonld")),
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
        store = Store(str(aside))
        with gzip.open(dump, "rb") as fh:
            store.bulk_load(fh, format=RdfFormat.N_QUADS)
        fill_default_graph(store, info.root)
        store.flush()
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


def fill_default_graph(store: Store, root: Path | None = None) -> None:
    """Make the default graph the union of the named graphs, as a *set* of triples.

    Each expression graph repeats its work's triples (docs/layout.md), and
    pyoxigraph's ``use_default_graph_as_union`` returns such a triple once per
    graph, so ``COUNT`` over the default graph would count a resolution once per
    language. A real default graph holding the de-duplicated union fixes that
    (SPARQL 1.1 §13.1: the default graph is an RDF graph, i.e. a set).

    Fastest first: bulk-load ``root/dumps/lod.ttl.gz`` (the union, per the
    layout) into the default graph; else re-read ``lod.nq.gz`` without graph
    names; else copy the store's own quads.
    """
    union = root / "dumps" / "lod.ttl.gz" if root else None
    quads = root / "dumps" / "lod.nq.gz" if root else None
    if union is not None and union.exists():
        with gzip.open(union, "rb") as fh:
            store.bulk_load(fh, format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    elif quads is not None and quads.exists():
        with gzip.open(quads, "rb") as fh:
            store.bulk_extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in parse(fh, format=RdfFormat.N_QUADS))
    else:
        store.bulk_extend([Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in store.quads_for_pattern(None, None, None)
                           if not isinstance(q.graph_name, DefaultGraph)])


def has_default_graph(path: Path) -> bool:
    """True when the store at ``path`` has triples in its default graph."""
    store = Store.read_only(str(path))
    return next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None


class QueryBackend(Protocol):
    """Anything that answers a checked :class:`QueryRequest` (see ``lod.query``)."""

    def query(self, request: QueryRequest) -> QueryAnswer:
        """Answer ``request`` within ``request.timeout`` seconds or raise ``QueryTimeout``."""
        ...

    def close(self) -> None:
        """Release processes and files."""
        ...


class LocalBackend:
    """Runs queries in the calling thread on one store: fast, but with no time limit.

    For tests and trusted use only; :class:`ProcessPoolBackend` is what serves the public.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def query(self, request: QueryRequest) -> QueryAnswer:
        return execute(self.store, request)

    def close(self) -> None:
        pass


def _worker_main(conn: Connection, store_path: str) -> None:
    """Worker process: open the store read-only and answer requests until the pipe closes."""
    try:
        store = Store.read_only(store_path)
    except OSError as exc:
        conn.send(("fatal", f"cannot open the store {store_path}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            answer = execute(store, request)
            conn.send(("ok", answer.body, answer.fmt, answer.count, answer.truncated, time.perf_counter() - started))
        except QuerySyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500, the worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx: Any, store_path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ProcessPoolBackend:
    """A pool of worker processes, each with the store opened read-only.

    A query that exceeds its timeout gets its worker killed (the only way to
    stop a pyoxigraph query) and a fresh worker takes its place. When every
    worker is busy a request waits up to ``queue_wait`` seconds, then gets
    ``QueryRefused`` (HTTP 503).
    """

    def __init__(self, store_path: Path, *, workers: int = 2, queue_wait: float = 5.0) -> None:
        self._ctx = mp.get_context("spawn")  # never fork a process holding threads and an open store
        self._path = str(store_path)
        self._queue_wait = queue_wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self.failure: str | None = None
        for _ in range(max(1, workers)):
            self._add(wait=True)
        if self.failure:
            self.close()
            raise PublishError(self.failure)

    def _add(self, *, wait: bool = False) -> None:
        w = _Worker(self._ctx, self._path)
        with self._lock:
            self._all.append(w)
        if wait:
            self._enlist(w)
        else:  # a replacement joins the pool once it has opened the store
            threading.Thread(target=self._enlist, args=(w,), daemon=True).start()

    def _enlist(self, w: _Worker) -> None:
        try:
            ready = w.conn.poll(60) and w.conn.recv()
        except (EOFError, OSError):
            ready = None
        if ready and ready[0] == "ready":
            self._idle.put(w)
        else:
            self.failure = str(ready[1]) if ready else "query worker did not start"
            w.kill()

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        if not self._closed:
            self._add()

    def query(self, request: QueryRequest) -> QueryAnswer:
        """Run ``request`` in a worker; blocking (call it from a thread).

        Raises:
            QueryTimeout: the query ran past ``request.timeout`` and was stopped.
            QueryRefused: every worker stayed busy for ``queue_wait`` seconds (status 503).
            QuerySyntaxError: the query does not parse.
            QueryError: the worker failed or died.
        """
        try:
            w = self._idle.get(timeout=self._queue_wait)
        except queue.Empty:
            raise QueryRefused("all query workers are busy; retry shortly", status=503) from None
        try:
            w.conn.send(request)
            if not w.conn.poll(request.timeout):
                self._replace(w)
                raise QueryTimeout(f"query stopped after {request.timeout:g} s (the time limit)")
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise QueryError("query worker died; the query was not answered") from None
        except QueryTimeout:
            raise
        except BaseException:
            self._replace(w)
            raise
        self._idle.put(w)
        if reply[0] == "ok":
            _, body, fmt, count, truncated, elapsed = reply
            return QueryAnswer(body, fmt, count, truncated, elapsed)
        if reply[0] == "syntax":
            raise QuerySyntaxError(reply[1])
        raise QueryError(reply[1])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.kill()
