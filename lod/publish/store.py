"""The embedded store the build leaves ready for ``lod serve``: every named graph, and the default graph as their union.

``load_store(DIR)`` bulk-loads ``dumps/lod.nq.gz`` into ``DIR/store`` and fills the default graph
from ``dumps/lod.ttl.gz`` (:func:`fill_default_graph`): ``lod.sparql.store.open_store`` makes the
store of a dataset built without one that way.

``StoreLoader`` makes the same store while the build runs: the build hands it each graph's Turtle as
the graph is published, and a thread bulk-loads them as one TriG stream (each graph's triples into its
named graph and into the default graph). pyoxigraph's loader runs outside the GIL, so the load
overlaps the workers instead of following them (≈16 CPU-s per 1,000 generated documents: before, the
build's last third, on one core).
"""

from __future__ import annotations

import gzip
import os
import threading
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

from lod.errors import PublishError

__all__ = ["StoreLoader", "fill_default_graph", "load_store"]


def load_store(root: Path, into: Path | None = None) -> None:
    """Bulk-load every graph of ``root/dumps/lod.nq.gz`` into ``into`` (default ``root/store``) and make its
    default graph their union: the store of a dataset built without one (``lod.sparql.store.open_store``)."""
    store = Store(str(into or root / "store"))
    try:
        with gzip.open(root / "dumps" / "lod.nq.gz", "rb") as f:
            store.bulk_load(f, format=RdfFormat.N_QUADS)
        fill_default_graph(store, root)
        store.flush()
    finally:
        del store


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


class StoreLoader:
    """Fills ``path`` (a new store) with the graphs handed to :meth:`add`, in a thread, while the caller goes on.

    The thread bulk-loads one TriG stream read from a pipe: for each graph, its Turtle as it is (its
    ``@prefix`` lines and its triples, into the default graph) then its triples again inside
    ``<graph> { … }``. The store ends as ``load_store`` leaves it: every named graph, and the default
    graph holding their union as a set (same quads, checked on the seed+corpus build), without
    re-reading the dumps. A full pipe blocks :meth:`add` until the loader catches up, so memory stays
    what pyoxigraph's loader holds (a batch of quads per thread). Blank node labels are the stream's,
    as they are the dumps' (our graphs have none).

    Use: ``add`` each graph, then ``finish()`` (waits, flushes; raises what the load raised), or
    ``abort()`` when the build fails.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._store: Store | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def _start(self) -> None:
        """Open the store and start the loading thread: at the first graph, so that a build's worker pool,
        forked before its first result comes, inherits neither the thread nor the pipe."""
        self._store = Store(str(self._path))
        read_end, write_end = os.pipe()
        self._in = os.fdopen(read_end, "rb", buffering=1 << 20)
        self._out = os.fdopen(write_end, "wb", buffering=1 << 20)
        self._thread = threading.Thread(target=self._load, name="lod-store-loader", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            assert self._store is not None
            self._store.bulk_load(self._in, format=RdfFormat.TRIG)
        except BaseException as exc:  # noqa: BLE001 - handed to the build's thread by finish()/add()
            self._error = exc
        finally:
            self._in.close()  # a writer still writing gets BrokenPipeError instead of waiting forever

    def add(self, graph: str, turtle: bytes) -> None:
        """Load ``turtle`` (a graph's Turtle as ``lod.rdf.serialize`` writes it: ``@prefix`` lines, then
        its triples) into the named graph ``graph`` and into the default graph.

        Raises:
            PublishError: the loader stopped (what it raised).
        """
        body = 0  # where the triples start: after the @prefix lines (TriG allows them only outside a graph)
        while turtle.startswith(b"@prefix ", body) or turtle.startswith(b"\n", body):
            body = turtle.index(b"\n", body) + 1
        if self._thread is None:
            self._start()
        assert self._thread is not None
        try:
            self._out.write(turtle)
            self._out.write(b"\n<" + graph.encode("utf-8") + b"> {\n")
            self._out.write(memoryview(turtle)[body:])
            self._out.write(b"\n}\n")
        except BrokenPipeError:
            self._thread.join()
            raise self._failure() from None

    def finish(self) -> None:
        """Wait for the loader to read everything, then flush the store (an empty one if nothing was added).

        Raises:
            PublishError: the load failed (what pyoxigraph said).
        """
        if self._thread is None:
            self._start()
        assert self._thread is not None
        try:
            self._out.close()
        except BrokenPipeError:
            pass
        self._thread.join()
        if self._error is not None:
            raise self._failure()
        assert self._store is not None
        self._store.flush()
        self._store = None

    def abort(self) -> None:
        """Stop loading (the build failed; its directory, store included, is removed by the caller).

        Never raises: it runs while another exception (a failure, Ctrl-C) is on its way.
        """
        thread, self._thread = self._thread, None
        if thread is None:
            return
        try:
            # a line no TriG parser takes, in whatever state the stream is: the loader stops at once
            # (0.2 s) instead of writing out the quads it holds (7.5 s for 300 graphs), so Ctrl-C is quick
            self._out.write(b"\n@@ the build stopped @@\n")
        except Exception:  # noqa: BLE001 - BrokenPipeError (the loader had stopped), a write cut by Ctrl-C
            pass
        try:
            self._out.close()  # closes the pipe even when the flush fails: the loader sees its end
        except Exception:  # noqa: BLE001 - as above
            pass
        thread.join(timeout=60)  # a daemon thread: should pyoxigraph not return, the process still exits
        self._store = None

    def _failure(self) -> PublishError:
        return PublishError(f"loading the store: expected the graphs' Turtle to load, found "
                            f"{type(self._error).__name__}: {self._error}")
