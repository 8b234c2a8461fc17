"""What the embedded store gives back is what the dumps say, term for term.

pyoxigraph normalises some literals as it stores them: every XSD integer type (``xsd:nonNegativeInteger``,
``xsd:int``…) comes back as ``xsd:integer``. Whatever ``lod serve`` answers (the Turtle of a resolution,
SPARQL) is read from the store, so a literal typed that way would be published twice with two datatypes,
and the served Turtle would break the shapes the files pass. The build therefore types its literals as the
store keeps them (``dcat:byteSize`` of a source is ``xsd:integer`` with ``sh:minInclusive 0``); this test
holds the rule for every literal of a real build.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.sparql.store import open_store, read_manifest
from serve_fixtures import build_test_dataset

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_dataset(tmp_path_factory.mktemp("fidelity") / "ds")


def test_every_named_graph_quad_comes_back_from_the_store_unchanged(dataset: Path) -> None:
    with gzip.open(dataset / "dumps" / "lod.nq.gz", "rb") as fh:
        dumped = set(ox.parse(fh, format=ox.RdfFormat.N_QUADS))
    store = ox.Store.read_only(str(open_store(read_manifest(dataset))))
    stored = {q for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(dumped) > 1000
    assert not dumped ^ stored, sorted(map(str, dumped ^ stored))[:5]


def test_source_byte_sizes_are_integers_in_sparql_as_in_the_dump(dataset: Path) -> None:
    store = ox.Store.read_only(str(open_store(read_manifest(dataset))))
    rows = list(store.query("SELECT ?size WHERE { GRAPH ?g { ?s <http://www.w3.org/ns/dcat#byteSize> ?size } }"))
    assert len(rows) == len([g for g in read_manifest(dataset).graphs if g.kind == "document"])
    assert {r["size"].datatype.value for r in rows} == {XSD + "integer"}
    assert all(int(r["size"].value) > 0 for r in rows)
