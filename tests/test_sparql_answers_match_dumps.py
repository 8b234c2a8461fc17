"""Nothing a consumer could get is lost between the dumps and ``/sparql``: every competency query answers the
same through a real ``lod serve`` as over a store loaded, here, from the N-Quads dump alone.

The build loads its store while it runs (``lod.publish.store.StoreLoader``) and fills its default graph with the
union of the graphs; the reference is made another way: every named graph from ``dumps/lod.nq.gz``, and a
default graph holding each of their triples once (a set: SPARQL 1.1 §13.1), in an in-memory pyoxigraph store.
Answers are compared as JSON bindings (the rows of one answer as a multiset: rows an ``ORDER BY`` leaves tied may
come in another order from another store).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from lod.sparql.results import write_rows
from serve_fixtures import REPO, SHARED, Server, build_test_dataset

BASE = "http://localhost:8000/"  # the base docs/queries/*.rq are written for
QUERIES = sorted((REPO / "docs" / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = [SHARED / "seeds" / "000_332bb8f42190d6d7.txt", *sorted((SHARED / "corpus" / "texts").glob("*.txt"))]
    return build_test_dataset(tmp_path_factory.mktemp("answers") / "ds", base=BASE, sources=sources)


@pytest.fixture(scope="module")
def served(built: Path):  # type: ignore[no-untyped-def]
    server = Server(built)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reference(built: Path) -> ox.Store:
    store = ox.Store()
    with gzip.open(built / "dumps" / "lod.nq.gz", "rb") as fh:
        quads = list(ox.parse(fh, format=ox.RdfFormat.N_QUADS))
    store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    return store


def _bindings(body: bytes) -> tuple[list[str], Counter[str]]:
    doc = json.loads(body)
    return doc["head"]["vars"], Counter(json.dumps(b, sort_keys=True) for b in doc["results"]["bindings"])


def test_the_queries_are_the_ones_the_docs_ship() -> None:
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_each_competency_query_answers_as_over_the_dump(path: Path, served: Server, reference: ox.Store) -> None:
    query = path.read_text(encoding="utf-8")
    r = httpx.post(served.url + "sparql", content=query.encode("utf-8"), timeout=60,
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text[:300]
    answer = reference.query(query)
    variables = [v.value for v in answer.variables]
    expected = write_rows("json", variables, [tuple(s[v] for v in variables) for s in answer])
    got_vars, got = _bindings(r.content)
    want_vars, want = _bindings(expected)
    assert got_vars == want_vars
    assert sum(want.values()) > 0, f"{path.name} finds nothing in the seed + corpus build: the comparison would be empty"
    assert got == want, f"{path.name}: {sum((got - want).values())} rows only served, {sum((want - got).values())} only in the dump"
