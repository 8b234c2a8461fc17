"""The server's catalogue comes from the build's ``catalogue.bin``, equal to what reading every graph gives.

``lod build`` makes each document's catalogue row and word list in its worker and writes them whole
into ``DIR/catalogue.bin`` (lod.publish.catalogue); ``lod serve`` reads that file instead of every
graph of the store, so that nothing at start-up is read per graph. A dataset without the file (built
by an older lod) still serves, read graph by graph, and the server says so once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from lod.publish.catalogue import CATALOGUE_FILE, read_catalogue
from lod.serve.catalogue import Catalogue
from lod.sparql.store import open_store, read_manifest
from tests.serve_fixtures import SHARED, SC, Server, build_test_dataset, free_port


@pytest.fixture(scope="module")
def corpus_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and every corpus text, built."""
    return build_test_dataset(tmp_path_factory.mktemp("catalogue") / "ds",
                              sources=[SHARED / "seeds", SHARED / "corpus" / "texts"])


def _postings(c: Catalogue) -> dict[str, list[int]]:
    return {w: list(ids) for w, ids in c.text_index._postings.items()}


def test_the_file_gives_the_rows_and_word_index_reading_every_graph_gives(corpus_dataset: Path) -> None:
    info = read_manifest(corpus_dataset)
    store = ox.Store.read_only(str(open_store(info)))
    from_file = Catalogue.load(store, info)
    from_graphs = Catalogue.read_store(store, info)
    assert from_file.loaded_from == CATALOGUE_FILE and from_file.slow_start is None
    assert len(from_file.documents) == len([g for g in info.graphs if g.kind == "document"]) > 30
    assert [astuple(d) for d in from_file.documents] == [astuple(d) for d in from_graphs.documents]
    assert _postings(from_file) == _postings(from_graphs)
    ix, ref = from_file.text_index, from_graphs.text_index
    assert (ix.postings, ix.covered, ix.complete) == (ref.postings, ref.covered, ref.complete) == (ix.postings, len(from_file.documents), True)
    assert from_file.search("résolution") == from_graphs.search("résolution") != []


def test_the_word_index_keeps_its_bounds_newest_documents_first(corpus_dataset: Path, tmp_path: Path) -> None:
    """A bounded index built by the build keeps the newest documents whole, as the server's own did."""
    from lod.publish.catalogue import CatalogueWriter, TextIndex, document_words, index_documents

    info = read_manifest(corpus_dataset)
    store = ox.Store.read_only(str(open_store(info)))
    whole = read_catalogue(corpus_dataset / CATALOGUE_FILE)
    writer = CatalogueWriter(tmp_path)
    for n, d in enumerate(reversed(whole.documents)):  # in another order than the catalogue's
        writer.add(astuple(d), [w for w, ids in whole.index._postings.items() if len(whole.documents) - 1 - n in ids])
    bounded = writer.write(tmp_path / CATALOGUE_FILE, built=whole.built, base=whole.base, index=TextIndex(max_postings=5_000))
    assert bounded is not None and not (tmp_path / ".catalogue-words").exists()
    again = read_catalogue(tmp_path / CATALOGUE_FILE)
    assert again.documents == whole.documents
    assert not again.index.complete and 0 < again.index.covered < len(whole.documents) and again.index.postings == 5_000
    covered = set(range(again.index.covered))
    for w, ids in whole.index._postings.items():  # the newest documents are indexed whole
        assert covered & set(ids) <= set(again.index._postings.get(w, ())), w
    reference = Catalogue.read_store(store, info)  # the same bound, read graph by graph
    reference.text_index = TextIndex(max_postings=5_000)
    def texts(n: int) -> tuple[str, ...]:
        return document_words(q.object.value for q in store.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/un-lod/ontology#text"), None, ox.NamedNode(reference.documents[n].expression)))

    index_documents(reference.text_index, len(reference.documents), texts)
    assert reference.text_index.covered == again.index.covered


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_dataset(tmp_path_factory.mktemp("catalogue-serve") / "ds")


def _served(dataset: Path, *extra: str) -> Iterator[Server]:
    server = Server(dataset, *extra)
    try:
        yield server
    finally:
        server.stop()


def test_a_server_answers_from_the_file_without_reading_the_store(small_dataset: Path) -> None:
    """``lod serve --store`` on an endpoint nobody answers: start-up reads no graph (it would fail), and what
    the catalogue answers (home page, ``/id?symbol=``, browse) is served from the build's file."""
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    for server in _served(small_dataset, "--store", dead):
        home = httpx.get(server.url, timeout=10)
        assert home.status_code == 200 and "S/RES/2331 (2016)" in home.text
        found = httpx.get(server.url + "id", params={"symbol": "S/RES/2331 (2016)"}, timeout=10)
        assert found.status_code == 303 and found.headers["location"].endswith(SC.removeprefix("https://data.example.org/"))
        assert httpx.get(server.url + "browse", params={"year": "2016"}, timeout=10).status_code == 200
        assert CATALOGUE_FILE not in server.log.read_text()


def test_a_dataset_without_the_file_serves_the_same_pages_and_says_start_up_is_slow(small_dataset: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(small_dataset.resolve(), old)  # the generation's files: a dataset of an older lod has no catalogue.bin
    (old / CATALOGUE_FILE).unlink()
    pages = {}
    for dataset in (small_dataset, old):
        for server in _served(dataset):
            pages[dataset] = [httpx.get(server.url + path, timeout=10).text.replace(f"127.0.0.1:{server.port}", "HOST")
                              for path in ("", "search?q=drogue", "browse?year=2016", "id?symbol=A/RES/74/176")]
            log = server.log.read_text()
            said = [line for line in log.splitlines() if CATALOGUE_FILE in line]
            if dataset == old:
                assert len(said) == 1 and "is missing" in said[0] and "graph by graph" in said[0], log
            else:
                assert said == [], log
    assert pages[small_dataset] == pages[old]


def test_the_build_leaves_the_store_ready_with_the_default_graph_the_union(corpus_dataset: Path) -> None:
    """The first ``lod serve`` has nothing to load or fill (lod.publish.store): the default graph is the set of
    every graph's triples, as many as the manifest's distinct triples."""
    import json

    from lod.sparql.store import has_default_graph

    store_dir = corpus_dataset / "store"
    assert has_default_graph(store_dir)
    store = ox.Store.read_only(str(store_dir))
    union = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    manifest = json.loads((corpus_dataset / "manifest.json").read_text(encoding="utf-8"))
    assert union == manifest["distinct_triples"] > 10_000


def test_a_rebuild_from_the_cache_writes_the_same_catalogue(small_dataset: Path, tmp_path: Path) -> None:
    """Each document's row and words are cached with its result: a rebuild that processes nothing gives the same file
    (but its build time)."""
    import json

    first = read_catalogue(small_dataset / CATALOGUE_FILE)
    out = tmp_path / "again"
    shutil.copytree(small_dataset.resolve(), out)  # with its .cache
    build_test_dataset(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(g["cached"] for g in manifest["graphs"] if g.get("kind") is None)
    again = read_catalogue(out / CATALOGUE_FILE)
    assert again.built == manifest["built"]
    assert again.documents == first.documents
    assert {w: list(again.index._postings[w]) for w in again.index._postings} == \
           {w: list(first.index._postings[w]) for w in first.index._postings}


def test_a_damaged_or_stale_file_is_not_used(small_dataset: Path, tmp_path: Path) -> None:
    """A truncated catalogue.bin, or one of another build, is read past: the catalogue comes from the store, and
    :attr:`Catalogue.slow_start` says why."""
    copy = tmp_path / "copy"
    shutil.copytree(small_dataset.resolve(), copy)
    info = read_manifest(copy)
    store = ox.Store.read_only(str(open_store(info)))
    whole = (copy / CATALOGUE_FILE).read_bytes()
    reference = Catalogue.load(store, info)
    for damaged, why in ((whole[:-7], "cannot be read"), (whole[:20], "cannot be read"), (b"not a catalogue", "cannot be read"),
                         (whole.replace(info.built.encode(), b"2000-01-01T00:00:00Z", 1), "is not this build's")):
        (copy / CATALOGUE_FILE).write_bytes(damaged)
        c = Catalogue.load(store, info)
        assert c.loaded_from == "store" and c.slow_start is not None and why in c.slow_start, c.slow_start
        assert c.documents == reference.documents
