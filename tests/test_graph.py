"""Model → RDF: every element mapped, ordered, language-tagged, linked; deterministic."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from build_fixtures import adopted_ga, seed_like
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from lod import identifiers as ids
from lod.errors import IdentifierError
from lod.rdf.graph import Provenance, resolution_triples, to_graph
from lod.model import Annex, OperativeParagraph, Section
from lod.validate.validation import assert_valid
from lod.vocab import ELI, LOD

BASE = "http://localhost:8000/"
SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_332bb8f42190d6d7.txt"
WORK = URIRef(BASE + "akn/un/statement/deliberation/un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1")
EXPR = URIRef(WORK + "/fra@")


@pytest.fixture(scope="module")
def g():  # type: ignore[no-untyped-def]
    return to_graph(seed_like(), BASE, Provenance(datetime(2026, 11, 28, 18, 0, tzinfo=timezone.utc), "0.1.0"))


def test_work_and_expression(g) -> None:  # type: ignore[no-untyped-def]
    assert (WORK, RDF.type, LOD.DraftResolution) in g
    assert g.value(WORK, URIRef("http://purl.org/dc/terms/identifier")) == Literal("CTOC/COP/2020/L.6/Rev.1")
    assert (WORK, ELI.type_document, LOD.resolutionDraft) in g
    assert (WORK, ELI.responsibility_of, URIRef(BASE + "akn/ontology/organization/un/un-ctoc-cop")) in g
    assert (WORK, OWL.sameAs, URIRef(BASE + "id/symbol/CTOC-COP-2020-L.6-Rev.1")) in g
    assert (WORK, RDFS.seeAlso, URIRef("https://undocs.org/CTOC/COP/2020/L.6/Rev.1")) in g
    assert g.value(WORK, ELI.date_document) is None  # no date in the text: none invented
    assert (EXPR, ELI.realizes, WORK) in g and (WORK, ELI.is_realized_by, EXPR) in g
    assert g.value(EXPR, ELI.title).language == "fr"
    assert g.value(EXPR, LOD.jobNumber) == Literal("V.20-05923")
    assert (EXPR, RDFS.seeAlso, URIRef("https://undocs.org/fr/CTOC/COP/2020/L.6/Rev.1")) in g


def test_every_element_is_mapped_with_order_and_eid(g) -> None:  # type: ignore[no-untyped-def]
    counts = {cls: len(set(g.subjects(RDF.type, cls))) for cls in
              (LOD.PreambularParagraph, LOD.OperativeParagraph, LOD.Point, LOD.Footnote, LOD.TextUnit)}
    assert counts == {LOD.PreambularParagraph: 22, LOD.OperativeParagraph: 17, LOD.Point: 11,
                      LOD.Footnote: 5, LOD.TextUnit: 55}
    p13 = URIRef(WORK + "/!main~para_13")
    points = sorted(g.objects(p13, ELI.has_part), key=lambda p: int(g.value(p, LOD.position)))
    assert [str(g.value(p, ELI.number)) for p in points] == list("abcdefghijk")
    assert g.value(points[2], LOD.eId) == Literal("para_13__list_1__point_c")
    assert g.value(p13, ELI.is_part_of) == WORK and g.value(p13, LOD.position) == Literal(13)


def test_texts_are_language_tagged_at_expression_level(g) -> None:  # type: ignore[no-untyped-def]
    t = URIRef(EXPR + "/!main~para_13__list_1__point_c")
    assert g.value(t, LOD.text) == Literal("point c du paragraphe 13 ;", lang="fr")
    assert g.value(t, ELI.realizes) == URIRef(WORK + "/!main~para_13__list_1__point_c")
    assert all(o.language == "fr" for o in g.objects(None, LOD.text))


def test_note_references_link_to_footnotes(g) -> None:  # type: ignore[no-untyped-def]
    t = URIRef(EXPR + "/!main~preamble__p_1")
    refs = sorted(g.objects(t, LOD.hasNoteReference))
    assert [str(g.value(r, LOD.marker)) for r in refs] == ["1", "2"]
    assert g.value(refs[0], LOD.refersToNote) == URIRef(WORK + "/!main~note_1")
    assert g.value(refs[0], LOD.offset) == Literal(20)
    assert (URIRef(WORK + "/!main~para_5"), LOD.hasNote, URIRef(WORK + "/!main~note_4")) in g


def test_phrases_are_skos_concepts(g) -> None:  # type: ignore[no-untyped-def]
    c = g.value(URIRef(EXPR + "/!main~preamble__p_8"), LOD.phrase)
    assert c == URIRef(BASE + "akn/ontology/concept/un/phrase/fra/prenant-note-avec-satisfaction")
    assert (c, RDF.type, LOD.OpeningPhrase) in g
    assert g.value(c, SKOS.prefLabel) == Literal("Prenant note avec satisfaction", lang="fr")


def test_citations_reified_and_linked_with_eli_cites(g) -> None:  # type: ignore[no-untyped-def]
    dated = URIRef(ids.work_iri("A/RES/74/176", BASE, date=date(2019, 12, 18)))
    undated = URIRef(ids.alias_iri("A/RES/64/293", BASE))
    sc = URIRef(BASE + "akn/un/statement/deliberation/un-sc/2016/2331")
    for target in (dated, undated, sc):
        assert (WORK, ELI.cites, target) in g
    assert (URIRef(WORK + "/!main~preamble__p_2"), ELI.cites, dated) in g
    assert (dated, OWL.sameAs, URIRef(ids.alias_iri("A/RES/74/176", BASE))) in g
    cit = URIRef(EXPR + "/!main~preamble__p_2#cit_1")
    assert (URIRef(EXPR + "/!main~preamble__p_2"), LOD.hasCitation, cit) in g
    assert g.value(cit, LOD.citedText) == Literal("74/176 du 18 décembre 2019", lang="fr")
    assert g.value(cit, LOD.citationTarget) == dated


def test_provenance_per_expression(g) -> None:  # type: ignore[no-untyped-def]
    act = g.value(EXPR, PROV.wasGeneratedBy)
    src = g.value(EXPR, PROV.wasDerivedFrom)
    assert g.value(act, PROV.endedAtTime) == Literal(datetime(2026, 11, 28, 18, 0, tzinfo=timezone.utc))
    assert str(g.value(src, LOD.sha256)) == "a" * 64
    assert str(g.value(src, URIRef("http://purl.org/dc/terms/title"))) == "000_332bb8f42190d6d7.txt"
    agent = g.value(act, PROV.wasAssociatedWith)
    assert str(g.value(agent, URIRef("https://schema.org/softwareVersion"))) == "0.1.0"


def test_mapping_is_deterministic() -> None:
    a = resolution_triples(seed_like(), BASE)
    b = resolution_triples(seed_like(), BASE)
    assert a == b
    assert isomorphic(to_graph(seed_like(), BASE), to_graph(seed_like(), BASE))


def test_base_changes_data_iris_but_not_ontology_terms() -> None:
    g2 = to_graph(seed_like(), "https://lod.example.org/")
    assert all(not str(s).startswith(BASE) for s in g2.subjects())
    assert len(set(g2.subjects(RDF.type, LOD.OperativeParagraph))) == 17


def test_adopted_resolution_has_date_and_passed_by() -> None:
    g = to_graph(adopted_ga(), BASE)
    w = URIRef(BASE + "akn/un/statement/deliberation/un-ga/2019-12-18/74-176")
    assert (w, RDF.type, LOD.Resolution) in g
    assert str(g.value(w, ELI.date_document)) == "2019-12-18"
    assert (w, ELI.passed_by, URIRef(BASE + "akn/ontology/organization/un/un-ga")) in g
    assert_valid(g)


def test_sections_and_annexes_are_parts() -> None:
    r = adopted_ga()
    ops = (OperativeParagraph("sec_I__para_1", "1", "I", "Decides", "Decides that…"),
           OperativeParagraph("sec_II__para_1", "1", "II", "Requests", "Requests…"))
    r = dataclasses.replace(r, operative=ops, sections=(Section("sec_I", "I", "General"), Section("sec_II", "II", None)),
                            annexes=(Annex("att_1", "1", "Plan of action", "The plan…"),))
    g = to_graph(r, BASE)
    w = BASE + "akn/un/statement/deliberation/un-ga/2019-12-18/74-176"
    assert (URIRef(w + "/!main~sec_II__para_1"), ELI.is_part_of, URIRef(w + "/!main~sec_II")) in g
    assert g.value(URIRef(w + "/eng@/!main~sec_I"), LOD.heading) == Literal("General", lang="en")
    assert (URIRef(w + "/!main~att_1"), RDF.type, LOD.Annex) in g
    assert_valid(g)


def test_no_symbol_is_a_clear_error() -> None:
    with pytest.raises(IdentifierError, match="expected a document symbol"):
        to_graph(dataclasses.replace(seed_like(), symbol=None), BASE)


def test_the_real_seed_maps_and_conforms() -> None:
    from lod.read import parse_file

    g = to_graph(parse_file(SEED), BASE)
    assert len(set(g.subjects(RDF.type, LOD.Point))) == 11
    assert_valid(g)


@pytest.mark.parametrize("bad", ["<http://x.org/a b>", "<http://x.org/a<b>", "<http://x.org/a>b>", '<http://x.org/a"b>',
                                 "<http://x.org/a{b}>", "<http://x.org/a\\b>"])
def test_serialising_an_iri_n_triples_cannot_hold_names_it(bad: str) -> None:
    from lod.errors import LodError
    from lod.rdf.serialize import serialize_all

    good = ("<http://x.org/s>", "<http://x.org/p>", '"a <b> {c} d"@en')  # brackets and spaces are fine in literals
    serialize_all([good], "http://x.org/g")
    with pytest.raises(LodError, match="expected an IRI without spaces") as e:
        serialize_all([good, (bad, "<http://x.org/p>", "<http://x.org/o>")], "http://x.org/g")
    assert bad in str(e.value)


def test_an_amendment_says_what_it_amends() -> None:
    from lod.read import parse_file_documents

    amendment = parse_file_documents(SEED.parent.parent / "corpus" / "texts" / "en__A_C.3_80_L.57.pdftotext.txt").documents[0]
    assert (amendment.doc_type, amendment.amends) == ("amendment", "A/C.3/80/L.3/Rev.1")
    g = to_graph(amendment, BASE)
    assert set(g.objects(None, ELI.amends)) == {URIRef(ids.work_iri_for_symbol("A/C.3/80/L.3/Rev.1", BASE))}
    assert_valid(g)
