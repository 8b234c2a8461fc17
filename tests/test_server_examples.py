"""The query page's examples are the project's competency queries, and they run on the server."""

from __future__ import annotations

from pathlib import Path

import httpx

from lod.serve.examples import load_examples
from serve_fixtures import REPO, Server, dataset_dir, server  # noqa: F401  (fixtures)


def test_packaged_queries_equal_docs_queries() -> None:
    docs = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs" / "queries").glob("*.rq")}
    packaged = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "lod" / "serve" / "static" / "queries").glob("*.rq")}
    assert packaged == docs, "copy docs/queries/*.rq to lod/serve/static/queries/"


def test_every_example_runs_on_the_endpoint(server: Server) -> None:
    examples = load_examples()
    assert len(examples) >= 5
    for title, query in examples:
        accept = "text/turtle" if "CONSTRUCT" in query.upper().split("WHERE")[0] else "application/sparql-results+json"
        r = httpx.get(server.url + "sparql", params={"query": query}, headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200, (title, r.text[:300])


def test_seed_competency_answers(server: Server) -> None:
    """Spot checks on the seed through HTTP: paragraph 13 has 11 points a–k."""
    query = (Path(REPO) / "docs" / "queries" / "points-of-paragraph.rq").read_text(encoding="utf-8")
    r = httpx.get(server.url + "sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    nums = [b["num"]["value"] for b in r.json()["results"]["bindings"]]
    assert nums == list("abcdefghijk")
