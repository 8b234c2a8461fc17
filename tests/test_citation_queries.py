"""The SPARQL competency queries of docs/queries/ answer on real data.

Each document is parsed (lod.parse), enriched (lod.links: citations, actions,
addressees) and mapped to RDF by the real mapping (lod.graph), loaded into a
pyoxigraph store, and the query files are run as published. Expected answers
come from reading the texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seedmodel import SEED, SHARED

graph = pytest.importorskip("lod.graph", reason="lod.graph (RDF mapping, build branch) is not merged yet")

import pyoxigraph as ox  # noqa: E402

from lod.links import enrich  # noqa: E402
from lod.parse import parse_file  # noqa: E402

QUERIES = Path(__file__).resolve().parents[1] / "docs" / "queries"
TEXTS = SHARED / "corpus" / "texts"
BASE = "http://example.org/"
FILES = [SEED] + [TEXTS / n for n in (
    "en__A_RES_78_225.pdftotext.txt", "en__A_RES_80_10.txt", "en__S_RES_2331_2016.pdftotext.txt",
    "en__A_RES_80_12.txt", "en__A_RES_78_228.pdftotext.txt", "en__A_C.3_80_L.4.pdftotext.txt",
)]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    from lod.serialize import to_nquads

    s = ox.Store()
    for f in FILES:
        res = enrich(parse_file(f), base=BASE)
        _, expression = graph.work_and_expression(res, BASE)
        s.load(to_nquads(graph.resolution_triples(res, BASE), expression), ox.RdfFormat.N_QUADS)
    return s


def _rows(store: ox.Store, name: str) -> list[tuple[str | None, ...]]:
    q = (QUERIES / name).read_text(encoding="utf-8")
    return [tuple(None if v is None else str(v.value) for v in row) for row in store.query(q, use_default_graph_as_union=True)]


def test_which_resolutions_cite_70_1(store: ox.Store) -> None:
    symbols = [r[1] for r in _rows(store, "cites-a-res-70-1.rq")]
    # By reading: the seed (70/1 du 25 septembre 2015), 78/225 (its resolution 70/1), 80/10 (footnote 11),
    # 78/228 and L.4 (footnotes "Resolution 70/1."); 2331 and 80/12 do not cite it.
    assert symbols == ["A/C.3/80/L.4", "A/RES/78/225", "A/RES/78/228", "A/RES/80/10", "CTOC/COP/2020/L.6/Rev.1"]


def test_what_unodc_is_asked_to_do(store: ox.Store) -> None:
    rows = {(r[0], r[2], r[3]) for r in _rows(store, "unodc-asked-to-do.rq")}
    assert rows == {
        ("CTOC/COP/2020/L.6/Rev.1", "3", "calls-upon"),  # Demande à l'Office des Nations Unies contre la drogue et le crime
        ("CTOC/COP/2020/L.6/Rev.1", "6", "calls-upon"),  # Demande à l'Office de poursuivre
        ("A/RES/78/225", "7", "encourages"),
        ("S/RES/2331 (2016)", "17", "encourages"),  # Encourages UNODC and other relevant United Nations entities
        ("A/RES/78/228", "10", "encourages"),
        ("A/RES/78/228", "16", "invites"),
        ("A/RES/78/228", "30", "requests"),
        ("A/C.3/80/L.4", "11", "encourages"),
        ("A/C.3/80/L.4", "18", "invites"),
        ("A/C.3/80/L.4", "35", "requests"),
    }


def test_citation_graph_between_resolutions_in_the_dataset(store: ox.Store) -> None:
    edges = {(r[1], r[3]) for r in _rows(store, "citation-graph.rq")}
    assert edges == {
        ("CTOC/COP/2020/L.6/Rev.1", "S/RES/2331 (2016)"),  # footnote 3
        ("A/C.3/80/L.4", "A/RES/78/228"),  # "... and 78/228 of 19 December 2023"
    }
