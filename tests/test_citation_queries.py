"""The SPARQL competency queries of docs/queries/ answer on a built dataset.

Seven documents are built with `lod build` (real parser, citations and actors by
lod.enrich.links, RDF mapping, SHACL, embedded pyoxigraph store) and the query files run
as published on the store the build loads, over the union of graphs. Expected
answers come from reading the texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from seedmodel import SEED, SHARED

from lod.cli import main

QUERIES = Path(__file__).resolve().parents[1] / "docs" / "queries"
TEXTS = SHARED / "corpus" / "texts"
BASE = "http://example.org/"
FILES = [SEED] + [TEXTS / n for n in (
    "en__A_RES_78_225.pdftotext.txt", "en__A_RES_80_10.txt", "en__S_RES_2331_2016.pdftotext.txt",
    "en__A_RES_80_12.txt", "en__A_RES_78_228.pdftotext.txt", "en__A_C.3_80_L.4.pdftotext.txt",
)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("cite") / "site"
    result = CliRunner().invoke(main, ["build", *map(str, FILES), "--out", str(out), "--base", BASE, "-j", "2"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    documents = [g for g in manifest["graphs"] if g.get("kind", "document") == "document"]
    assert len(documents) == len(FILES) and not manifest["failures"]  # all valid, all published
    return ox.Store.read_only(str(out / "store"))

def _union(store: ox.Store) -> bool:
    """Query as lod serve does: the default graph when the build filled it with the union (lod.publish.store), else
    the union of the named graphs (a store made by hand)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None



def _rows(store: ox.Store, name: str) -> list[tuple[str | None, ...]]:
    q = (QUERIES / name).read_text(encoding="utf-8")
    return [tuple(None if v is None else str(v.value) for v in row) for row in store.query(q, use_default_graph_as_union=_union(store))]


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
        # further actions, after the opening one (lod:furtherAction)
        ("CTOC/COP/2020/L.6/Rev.1", "12", "requests"),  # …, et prie l'Office des Nations Unies contre la drogue et le crime
        ("CTOC/COP/2020/L.6/Rev.1", "16", "encourages"),  # …, et encourage l'Office des Nations Unies…
        ("A/RES/78/228", "12", "requests"),  # …, and requests the United Nations Office on Drugs and Crime
        ("A/RES/78/228", "29", "requests"),
        ("A/C.3/80/L.4", "14", "requests"),
        ("A/C.3/80/L.4", "34", "requests"),
    }


def test_citation_graph_between_resolutions_in_the_dataset(store: ox.Store) -> None:
    edges = {(r[1], r[3]) for r in _rows(store, "citation-graph.rq")}
    assert edges == {
        ("CTOC/COP/2020/L.6/Rev.1", "S/RES/2331 (2016)"),  # footnote 3
        ("A/C.3/80/L.4", "A/RES/78/228"),  # "... and 78/228 of 19 December 2023"
    }


def test_footnote_citation_is_cited_by_the_paragraph_carrying_the_marker(store: ox.Store) -> None:
    """Footnote 3 of the seed cites S/RES/2331 (2016); its marker stands in preamble__p_2."""
    q = """
    PREFIX lod: <https://w3id.org/un-lod/ontology#>
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?eid WHERE {
      ?work dcterms:identifier "CTOC/COP/2020/L.6/Rev.1" ; eli:has_part ?part .
      ?part lod:eId ?eid ; eli:cites ?t .
      ?c lod:citationTarget ?t ; lod:targetSymbol "S/RES/2331 (2016)" .
    } ORDER BY ?eid"""
    rows = [str(r[0].value) for r in store.query(q, use_default_graph_as_union=_union(store))]
    assert rows == ["note_3", "preamble__p_2"]


def test_dated_citation_meets_the_published_work(store: ox.Store) -> None:
    """A/RES/78/228 cited with its date by L.4 is the very work the dataset publishes."""
    q = """
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    ASK { ?l4 dcterms:identifier "A/C.3/80/L.4" ; eli:cites ?w . ?w dcterms:identifier "A/RES/78/228" }"""
    assert store.query(q, use_default_graph_as_union=True)


def test_dated_and_undated_names_of_a_cited_work_meet(store: ox.Store) -> None:
    """The seed cites A/RES/74/176 with its date: the dated IRI is owl:sameAs the date-free alias."""
    q = f"""
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    ASK {{ <{BASE}akn/un/statement/deliberation/un-ga/2019-12-18/74-176> owl:sameAs <{BASE}id/symbol/A-RES-74-176> }}"""
    assert store.query(q, use_default_graph_as_union=True)
