"""The store the build loads while it runs (lod.publish.store.StoreLoader) is the store load_store makes from the dumps.

Real pyoxigraph stores on disk, real builds: the build hands each published graph's Turtle to a thread
that bulk-loads one TriG stream; the result must hold the same quads, named graphs and default graph
alike, as bulk-loading ``dumps/lod.nq.gz`` and filling the default graph from ``dumps/lod.ttl.gz``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.errors import PublishError
from lod.publish.store import StoreLoader, load_store
from serve_fixtures import build_test_dataset

TTL = (b"@prefix eli: <http://data.europa.eu/eli/ontology#> .\n\n"
       b"<http://x/a> eli:title \"T\"@en ;\n\teli:number \"1\" .\n")


def _quads(path: Path) -> list[str]:
    return sorted(str(q) for q in ox.Store.read_only(str(path)))


def test_the_store_loaded_during_the_build_equals_the_one_loaded_from_its_dumps(tmp_path: Path) -> None:
    out = build_test_dataset(tmp_path / "ds")  # the real `lod build`, two workers
    again = tmp_path / "again"
    again.mkdir()
    shutil.copytree(out / "dumps", again / "dumps")
    load_store(again)  # the dumps bulk-loaded, the default graph filled from the Turtle dump
    loaded, streamed = _quads(again / "store"), _quads(out / "store")
    assert len(streamed) > 1000
    assert loaded == streamed
    default = ox.Store.read_only(str(out / "store")).quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert next(iter(default), None) is not None


def test_one_graph_goes_into_its_named_graph_and_the_default_graph(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path / "store")
    loader.add("http://x/g", TTL)
    loader.finish()
    store = ox.Store.read_only(str(tmp_path / "store"))
    named = {(str(q.subject), str(q.object)) for q in store.quads_for_pattern(None, None, None, ox.NamedNode("http://x/g"))}
    default = {(str(q.subject), str(q.object)) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert named == default == {("<http://x/a>", '"T"@en'), ("<http://x/a>", '"1"')}


def test_nothing_added_still_leaves_an_empty_store(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path / "store")
    loader.finish()
    assert len(ox.Store.read_only(str(tmp_path / "store"))) == 0


def test_turtle_the_loader_refuses_fails_the_build_with_what_pyoxigraph_said(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path / "store")
    with pytest.raises(PublishError, match="loading the store: expected the graphs' Turtle to load"):
        loader.add("http://x/g", b"<http://x/a> <http://x/p> \"unterminated .\n")
        for _ in range(200):  # the loader stops at the bad line: a later add or finish() says why
            loader.add("http://x/g", TTL * 200)
        loader.finish()


def test_abort_stops_the_loader(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path / "store")
    loader.add("http://x/g", TTL)
    loader.abort()
    loader.abort()  # twice: nothing left to stop
