"""Competency questions (docs/queries/*.rq) with their expected answers on the seed.

The seed is built with `lod build` (real parser, real store) and each query runs
on the embedded pyoxigraph store the build loads, over the union of graphs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from build_fixtures import seed_like
from click.testing import CliRunner

from lod.cli import main
from lod.rdf.graph import resolution_triples
from lod.rdf.serialize import to_oxigraph

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "docs" / "queries"
SEED = ROOT / ".." / "shared" / "seeds" / "000_332bb8f42190d6d7.txt"
BASE = "http://localhost:8000/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("q") / "site"
    result = CliRunner().invoke(main, ["build", str(SEED), "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    return ox.Store.read_only(str(out / "store"))

def _union(store: ox.Store) -> bool:
    """Query as lod serve does: the default graph when the build filled it with the union (lod.publish.store), else
    the union of the named graphs (a store made by hand)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None



def ask(store: ox.Store, name: str) -> list[tuple[str | None, ...]]:
    query = (QUERIES / name).read_text(encoding="utf-8")
    rows = store.query(query, use_default_graph_as_union=_union(store))
    names = [v.value for v in rows.variables]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in rows]


def test_every_query_file_is_tested() -> None:
    tested = {"operative-paragraphs.rq", "points-of-paragraph.rq", "footnotes.rq", "preamble-phrases.rq",
              "paragraph-text.rq", "cited-documents.rq",
              # citations and actors: answered in tests/test_citation_queries.py
              "cites-a-res-70-1.rq", "unodc-asked-to-do.rq", "citation-graph.rq",
              "who-cites.rq"}  # tests/test_links.py
    assert {p.name for p in QUERIES.glob("*.rq")} == tested


def test_operative_paragraphs_in_order_with_their_phrase(store: ox.Store) -> None:
    rows = ask(store, "operative-paragraphs.rq")
    assert [r[0] for r in rows] == [str(n) for n in range(1, 18)]
    assert [r[1] for r in rows] == [
        "Prie instamment", "Encourage", "Demande", "Encourage", "Prie instamment", "Demande", "Encourage",
        "Encourage", "Invite", "Encourage", "Encourage également", "Demande", "Encourage", "Prie", "Prie",
        "Encourage", "Invite"]


def test_points_of_paragraph_13(store: ox.Store) -> None:
    rows = ask(store, "points-of-paragraph.rq")
    assert [r[0] for r in rows] == list("abcdefghijk")
    assert rows[0][1].startswith("Appuyer, protéger et autonomiser les victimes")
    assert rows[10][1].startswith("Élaborer et mettre en œuvre des politiques nationales")


def test_footnotes_and_the_paragraph_carrying_each_marker(store: ox.Store) -> None:
    rows = ask(store, "footnotes.rq")
    assert [(r[0], r[1]) for r in rows] == [
        ("*", None), ("1", "preamble__p_1"), ("2", "preamble__p_1"), ("3", "preamble__p_2"), ("4", "preamble__p_9")]
    assert rows[1][2] == "Nations Unies, Recueil des Traités, vol. 2225, no 39574."


def test_preambular_paragraphs_by_opening_phrase(store: ox.Store) -> None:
    rows = ask(store, "preamble-phrases.rq")
    counts = {phrase: int(n) for phrase, n in rows}
    assert counts == {"Rappelant": 4, "Rappelant également": 3, "Consciente": 3, "Se félicitant": 2,
                      "Soulignant": 2, "Prenant note avec satisfaction": 2, "Considérant": 1, "Prenant note": 1,
                      "Réaffirmant": 1, "Notant": 1, "Exprimant": 1, "Consciente également": 1}
    assert sum(counts.values()) == 22
    assert rows[0] == ("Rappelant", "4")


def test_text_of_a_paragraph_in_a_language(store: ox.Store) -> None:
    rows = ask(store, "paragraph-text.rq")
    assert len(rows) == 1
    assert rows[0][0].startswith("Encourage les États, lorsqu’il y a lieu,")


def test_cited_documents_on_a_graph_with_citations() -> None:
    """The mapping on a hand-built model of the seed, independent of the citation finder."""
    s = ox.Store()
    s.extend(to_oxigraph(resolution_triples(seed_like(), BASE), BASE + "g"))
    rows = ask(s, "cited-documents.rq")
    assert [(r[0], r[2]) for r in rows] == [("S/RES/2331 (2016)", "note_3"), ("A/RES/64/293", "preamble__p_11"),
                                           ("A/RES/74/176", "preamble__p_2")]
    assert rows[1][1] == BASE + "id/symbol/A-RES-64-293"  # undated citation: the date-free alias
    assert rows[2][1] == BASE + "akn/un/statement/deliberation/un-ga/2019-12-18/74-176"


def test_cited_documents_on_the_seed(store: ox.Store) -> None:
    """Through the citation finder in the build: dated citations reach the canonical work IRI."""
    rows = {(r[0], r[2]): r[1] for r in ask(store, "cited-documents.rq")}
    work = BASE + "akn/un/statement/deliberation/"
    assert rows[("A/RES/74/176", "preamble__p_2")] == work + "un-ga/2019-12-18/74-176"  # "74/176 du 18 décembre 2019"
    assert rows[("E/RES/2013/41", "preamble__p_2")] == work + "un-ecosoc/2013-07-25/2013-41"
    assert rows[("S/RES/2331 (2016)", "note_3")] == work + "un-sc/2016/2331"  # year only: from the symbol
    assert len({symbol for symbol, _ in rows}) >= 25
