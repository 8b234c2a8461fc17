"""The embedded store the build leaves ready for ``lod serve``: every named graph, and the default graph as their union.

``load_store(DIR)`` bulk-loads ``dumps/lod.nq.gz`` into ``DIR/store`` and fills the default graph
from ``dumps/lod.ttl.gz`` (:func:`fill_default_graph`), so that the first ``lod serve`` has nothing
left to do (before, it filled the default graph itself: 262 s before its first answer at 25 M
triples). ``lod.sparql.store.open_store`` still fills the store of a dataset built without it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

__all__ = ["fill_default_graph", "load_store"]


def load_store(root: Path) -> None:
    """Bulk-load every graph of ``root/dumps/lod.nq.gz`` into ``root/store`` and make its default graph their union."""
    store = Store(str(root / "store"))
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
