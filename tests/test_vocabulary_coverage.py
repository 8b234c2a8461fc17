"""Every class and predicate we publish is defined: in ontology/lod.ttl or a known external vocabulary.

Also: vocab.py and ontology/index.html are not stale, and every term has English and French labels.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from build_fixtures import is_defined, seed_like
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from lod.rdf.graph import to_graph
from lod.identifiers import ONTOLOGY_NS
from lod.model import Annex, OperativeParagraph, Section
from lod.rdf.ontodoc import render_html
from lod.read import parse_file
from lod.datafiles import ontology_file
from lod.vocab import ELI, LOD
from lod.rdf.vocabgen import render_vocab, vocab_path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "seeds" / "000_332bb8f42190d6d7.txt"


def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


_defined = is_defined


def _published_examples() -> list[Graph]:
    r = seed_like()
    r = dataclasses.replace(r, operative=r.operative + (OperativeParagraph("sec_A__para_1", "1", "A", "Décide", "x"),),
                            sections=(Section("sec_A", "A", "Titre"),), annexes=(Annex("att_1", "1", "T", "x"),),
                            sponsors=("France",), session="dixième session", agenda_item="point 2")
    return [to_graph(r, "http://localhost:8000/"), to_graph(parse_file(SEED), "http://localhost:8000/")]


def test_every_class_and_predicate_used_is_defined() -> None:
    onto = _ontology()
    undefined: set[str] = set()
    for g in _published_examples():
        for p in set(g.predicates()):
            if not _defined(p, onto):
                undefined.add(f"predicate {p}")
        for c in set(g.objects(None, RDF.type)):
            if not _defined(c, onto):
                undefined.add(f"class {c}")
    assert not undefined, sorted(undefined)


def test_void_terms_are_defined(tmp_path: Path) -> None:
    from lod.publish.dataset import DumpFile, void_turtle

    onto = _ontology()
    g = Graph().parse(data=void_turtle("http://x.org/", [DumpFile("dumps/lod.nq.gz", "application/n-quads", 1,
                                                                  "0" * 64, "nquads", True)],
                                       triples=1, modified="2026-01-01T00:00:00Z"), format="turtle")
    spdx = "http://spdx.org/rdf/terms#"
    unknown = {str(p) for p in g.predicates() if not str(p).startswith(spdx) and not _defined(p, onto)}
    vcard = "http://www.w3.org/2006/vcard/ns#"  # the contact point (DCAT-AP): vCard, which rdflib 7 does not close
    assert unknown == {"http://www.w3.org/ns/dcat#version", vcard + "fn", vcard + "hasURL"}  # dcat:version: DCAT 3


def test_vocab_module_is_not_stale() -> None:
    assert vocab_path().read_text(encoding="utf-8") == render_vocab(), "run: python -m lod.rdf.vocabgen"


def test_ontology_page_is_not_stale() -> None:
    page = ontology_file().parent / "index.html"
    assert page.read_text(encoding="utf-8") == render_html(), "run: python -m lod.rdf.ontodoc"


def test_every_term_has_english_and_french_labels_and_definitions() -> None:
    onto = _ontology()
    for s in {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS)}:
        labels = {o.language for o in onto.objects(s, RDFS.label)} | {o.language for o in onto.objects(s, SKOS.prefLabel)}
        assert {"en", "fr"} <= labels, s
        if (s, RDF.type, OWL.NamedIndividual) not in onto:
            assert {"en", "fr"} <= {o.language for o in onto.objects(s, SKOS.definition)}, s


def test_ontology_header_has_fixed_namespace_and_version_iri() -> None:
    onto = _ontology()
    o = URIRef(ONTOLOGY_NS.rstrip("#"))
    assert (o, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(o, OWL.versionIRI)).startswith("https://w3id.org/un-lod/ontology/")
    assert ONTOLOGY_NS == "https://w3id.org/un-lod/ontology#"


def test_classes_align_to_eli() -> None:
    onto = _ontology()
    assert (LOD.Work, RDFS.subClassOf, ELI.LegalResource) in onto
    assert (LOD.Expression, RDFS.subClassOf, ELI.LegalExpression) in onto
    assert (LOD.Part, RDFS.subClassOf, ELI.LegalResourceSubdivision) in onto
