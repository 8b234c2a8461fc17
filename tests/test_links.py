"""Citations meet the documents they cite: on a build of the seed and the corpus, "who cites X" and "what does
X cite" answer by IRI, every citation of a published document joins by IRI, whatever order the documents
arrive in and whatever the cache holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.publish.links import symbol_key

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASE = "http://localhost:8000/"
SC_2331 = BASE + "akn/un/statement/deliberation/un-sc/2016-12-20/2331"
SEED_WORK = BASE + "akn/un/statement/deliberation/un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1"
P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lod: <https://w3id.org/un-lod/ontology#>
"""


def _build(out: Path, *sources: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "lod", "build", *map(str, sources), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("links") / "site"
    _build(out, SHARED / "seeds", SHARED / "corpus" / "texts")
    return ox.Store.read_only(str(out / "store"))

def _union(store: ox.Store) -> bool:
    """Query as lod serve does: the default graph when the build filled it with the union (lod.publish.store), else
    the union of the named graphs (a store made by hand)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None



def _query(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    return [tuple(t.value if t is not None else "" for t in row)
            for row in store.query(sparql, use_default_graph_as_union=_union(store))]  # type: ignore[union-attr]


def test_who_cites_s_res_2331_by_iri_finds_the_seed(store: ox.Store) -> None:
    query = (ROOT / "docs" / "queries" / "who-cites.rq").read_text(encoding="utf-8")
    rows = _query(store, query)
    citing = {r[0] for r in rows}
    assert SEED_WORK in citing  # the work, and its parts (the footnote and the recital that cite it)
    assert any(c.startswith(SEED_WORK + "/!main~") for c in citing)
    assert {r[1] for r in rows} == {"CTOC/COP/2020/L.6/Rev.1"}
    # what does the seed cite: the published work, by its own IRI
    assert (SC_2331,) in _query(store, P + f"SELECT ?c WHERE {{ <{SEED_WORK}> eli:cites ?c }}")


def test_every_citation_of_a_published_document_joins_by_iri(store: ox.Store) -> None:
    published = {symbol_key(s): w for w, s in _query(store, P + """SELECT ?w ?s WHERE {
        ?w dcterms:identifier ?s ; eli:is_realized_by ?e }""")}
    citations = _query(store, P + """SELECT ?part ?symbol ?target WHERE {
        ?unit lod:hasCitation ?c . ?c lod:targetSymbol ?symbol ; lod:citationTarget ?target .
        ?part eli:is_realized_by ?unit }""")
    joining = [(part, published[symbol_key(sym)]) for part, sym, _target in citations if symbol_key(sym) in published]
    assert len(joining) >= 4  # S/RES/2331 (2016) from the seed, 242 (1967) from S/RES/338, A/RES/79/154 …
    missing = [(part, work) for part, work in joining
               if not store.query(f"ASK {{ <{part}> <http://data.europa.eu/eli/ontology#cites> <{work}> }}",
                                  use_default_graph_as_union=True)]
    assert missing == []
    targets = {t for _p, s, t in citations if symbol_key(s) in published}
    unjoined = [t for t in targets if t not in published.values() and not store.query(
        f"ASK {{ <{t}> <http://www.w3.org/2002/07/owl#sameAs> ?w . ?w <http://data.europa.eu/eli/ontology#is_realized_by> ?e }}",
        use_default_graph_as_union=True)]
    assert unjoined == []


def test_a_document_published_after_the_one_citing_it_is_still_reached(tmp_path: Path) -> None:
    """Build the citing text alone (cached), then add the cited one: the join appears on the second build."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(SHARED / "seeds" / "000_332bb8f42190d6d7.txt", src / "a_seed.txt")
    out = tmp_path / "site"
    _build(out, src)
    first = ox.Store.read_only(str(out / "store"))
    assert not first.query(f"ASK {{ ?x <http://data.europa.eu/eli/ontology#cites> <{SC_2331}> }}",
                           use_default_graph_as_union=True)
    del first
    cited = next(p for p in (SHARED / "corpus" / "texts").iterdir() if "S_RES_2331" in p.name and p.suffix == ".txt")
    shutil.copy2(cited, src / "z_cited.txt")
    _build(out, src)  # the seed comes from the cache this time
    second = ox.Store.read_only(str(out / "store"))
    assert second.query(f"ASK {{ <{SEED_WORK}> <http://data.europa.eu/eli/ontology#cites> <{SC_2331}> }}",
                        use_default_graph_as_union=True)
