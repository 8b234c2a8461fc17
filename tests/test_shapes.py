"""Every SHACL shape: a conforming example and a non-conforming one, asserting the violation raised."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from build_fixtures import seed_like
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, SH, SKOS, XSD

from lod.errors import ValidationFailed
from lod.rdf.graph import to_graph
from lod.model import Actor, Annex, FurtherAction, OperativeParagraph, Section
from lod.validate.validation import assert_valid, shapes_graph, validate
from lod.vocab import ELI, LOD

BASE = "http://localhost:8000/"
W = BASE + "akn/un/statement/deliberation/un-ctoc-cop/2020/CTOC-COP-2020-L.6-Rev.1"
E = W + "/fra@"
SHAPES = "https://w3id.org/un-lod/shapes#"
SDO_VERSION = URIRef("https://schema.org/softwareVersion")


def _full_example() -> Graph:
    """The seed-like draft plus a section and an annex, so every shape has focus nodes."""
    r = seed_like()
    unodc = Actor("Office des Nations Unies contre la drogue et le crime", "un-unodc", BASE + "akn/ontology/organization/un/un-unodc")
    ops = r.operative + (OperativeParagraph("sec_A__para_1", "1", "A", "Décide", "Décide que…, et prie l’Office…",
                                            further_actions=(FurtherAction("requests", 16, (unodc,)),)),)
    r = dataclasses.replace(r, operative=ops, sections=(Section("sec_A", "A", "Dispositions finales"),),
                            annexes=(Annex("att_1", "1", "Plan d’action", "Texte du plan."),))
    return to_graph(r, BASE)


def u(s: str) -> URIRef:
    return URIRef(s)


def drop(s: str, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((u(s), p, None))


def add(s: str, p: URIRef, o: URIRef | Literal) -> Callable[[Graph], None]:
    return lambda g: g.add((u(s), p, o))


def replace(s: str, p: URIRef, o: URIRef | Literal) -> Callable[[Graph], None]:
    def f(g: Graph) -> None:
        g.remove((u(s), p, None))
        g.add((u(s), p, o))
    return f


ACTIVITY = E + "#generation"
SOURCE = E + "#source"
SOFTWARE = BASE + "id/software/lod/0.0.0"
PHRASE = BASE + "akn/ontology/concept/un/phrase/fra/rappelant"
BODY = BASE + "akn/ontology/organization/un/un-ctoc-cop"

# shape → (mutation, focus node, result path or None, constraint component)
CASES: dict[str, tuple[Callable[[Graph], None], str, URIRef | None, str]] = {
    "WorkShape": (drop(W, DCTERMS.identifier), W, DCTERMS.identifier, "MinCountConstraintComponent"),
    "ExpressionShape": (replace(E, ELI.language, u("http://publications.europa.eu/resource/authority/language/DEU")),
                        E, ELI.language, "InConstraintComponent"),
    "PartShape": (add(W + "/!main~para_3", ELI.number, Literal("3bis")), W + "/!main~para_3", ELI.number,
                  "MaxCountConstraintComponent"),
    "PreambularParagraphShape": (replace(W + "/!main~preamble__p_4", LOD.eId, Literal("p_4")),
                                 W + "/!main~preamble__p_4", LOD.eId, "PatternConstraintComponent"),
    "OperativeParagraphShape": (replace(W + "/!main~para_2", ELI.number, Literal("two")), W + "/!main~para_2",
                                ELI.number, "PatternConstraintComponent"),
    "PointShape": (replace(W + "/!main~para_13__list_1__point_b", ELI.is_part_of, u(W)),
                   W + "/!main~para_13__list_1__point_b", ELI.is_part_of, "OrConstraintComponent"),
    "SectionShape": (drop(W + "/!main~sec_A", ELI.number), W + "/!main~sec_A", ELI.number,
                     "MinCountConstraintComponent"),
    "AnnexShape": (replace(W + "/!main~att_1", LOD.eId, Literal("annex_1")), W + "/!main~att_1", LOD.eId,
                   "PatternConstraintComponent"),
    "FootnoteShape": (replace(W + "/!main~note_2", LOD.marker, Literal("2)")), W + "/!main~note_2", LOD.marker,
                      "PatternConstraintComponent"),
    "TextUnitShape": (replace(E + "/!main~para_1", LOD.text, Literal("Prie les États", lang="de")),
                      E + "/!main~para_1", LOD.text, "LanguageInConstraintComponent"),
    "NoteReferenceShape": (drop(E + "/!main~preamble__p_1#noteref_1", LOD.refersToNote),
                           E + "/!main~preamble__p_1#noteref_1", LOD.refersToNote, "MinCountConstraintComponent"),
    "CitationShape": (replace(E + "/!main~preamble__p_2#cit_1", LOD.citationKind, Literal("rumour")),
                      E + "/!main~preamble__p_2#cit_1", LOD.citationKind, "InConstraintComponent"),
    "OpeningPhraseShape": (add(PHRASE, SKOS.prefLabel, Literal("Rappelant encore", lang="fr")), PHRASE,
                           SKOS.prefLabel, "UniqueLangConstraintComponent"),
    "BodyShape": (replace(BODY, SKOS.notation, Literal("UN GA")), BODY, SKOS.notation, "PatternConstraintComponent"),
    "ActivityShape": (replace(ACTIVITY, PROV.endedAtTime, Literal("yesterday")), ACTIVITY, PROV.endedAtTime,
                      "DatatypeConstraintComponent"),
    "SourceShape": (replace(SOURCE, LOD.sha256, Literal("not-a-hash")), SOURCE, LOD.sha256,
                    "PatternConstraintComponent"),
    "SoftwareShape": (drop(SOFTWARE, SDO_VERSION), SOFTWARE, SDO_VERSION, "MinCountConstraintComponent"),
    "ActionShape": (drop(E + "/!main~sec_A__para_1#action_1", LOD.addressee), E + "/!main~sec_A__para_1#action_1",
                    LOD.addressee, "MinCountConstraintComponent"),
    "ManifestationShape": (replace(E + "/!main.ttl", ELI.embodies, u(W)), E + "/!main.ttl", ELI.embodies,
                           "ClassConstraintComponent"),
}

# more violations the issue names explicitly
EXTRA: dict[str, tuple[Callable[[Graph], None], str, URIRef | None, str]] = {
    "symbol pattern": (replace(W, DCTERMS.identifier, Literal("ctoc cop 2020")), W, DCTERMS.identifier,
                       "PatternConstraintComponent"),
    "media type as text": (replace(E + "/!main.nq", ELI.format, Literal("application/n-quads")), E + "/!main.nq",
                           ELI.format, "NodeKindConstraintComponent"),
    "date datatype": (add(W, ELI.date_document, Literal("18 December 2019")), W, ELI.date_document,
                      "DatatypeConstraintComponent"),
    "doc type enumeration": (replace(W, ELI.type_document, LOD.Resolution), W, ELI.type_document,
                             "InConstraintComponent"),
    "duplicate number within a parent": (add(W + "/!main~para_13__list_1__point_a", LOD.position, Literal(12)),
                                         W + "/!main~para_13__list_1__point_a", LOD.position,
                                         "MaxCountConstraintComponent"),
    "part unreachable from its work": (replace(W + "/!main~para_4", ELI.is_part_of, u(BASE + "elsewhere")),
                                       W + "/!main~para_4", None, "QualifiedMinCountConstraintComponent"),
    "text without language tag": (replace(E + "/!main~para_1", LOD.text, Literal("Prie")), E + "/!main~para_1",
                                  LOD.text, "DatatypeConstraintComponent"),
    "eId pattern": (replace(W + "/!main~para_6", LOD.eId, Literal("para 6")), W + "/!main~para_6", LOD.eId,
                    "PatternConstraintComponent"),
    "byte size datatype": (replace(SOURCE, DCAT.byteSize, Literal("12")), SOURCE, DCAT.byteSize,
                           "DatatypeConstraintComponent"),
    "negative byte size": (replace(SOURCE, DCAT.byteSize, Literal(-1)), SOURCE, DCAT.byteSize,
                           "MinInclusiveConstraintComponent"),
    "alias IRI": (drop(W, OWL.sameAs), W, OWL.sameAs, "MinCountConstraintComponent"),
}


@pytest.fixture(scope="module")
def example() -> Graph:
    return _full_example()


def test_the_full_example_conforms(example: Graph) -> None:
    report = assert_valid(example)
    assert report.conforms and report.results == ()


def test_every_shape_has_a_case() -> None:
    sg = shapes_graph()
    shapes = {str(s)[len(SHAPES):] for s in sg.subjects(RDF.type, SH.NodeShape)}
    assert shapes == set(CASES)


def test_every_shape_has_focus_nodes_in_the_conforming_example(example: Graph) -> None:
    sg = shapes_graph()
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        classes = list(sg.objects(shape, SH.targetClass))
        assert any(next(example.subjects(RDF.type, c), None) is not None for c in classes), shape


@pytest.mark.parametrize("name", sorted(CASES) + sorted(EXTRA))
def test_non_conforming_example_raises_the_expected_violation(example: Graph, name: str) -> None:
    mutate, focus, path, component = {**CASES, **EXTRA}[name]
    g = Graph()
    for t in example:
        g.add(t)
    mutate(g)
    report = validate(g)
    assert not report.conforms
    compiled = validate(g, engine="compiled")
    assert _keys(compiled) == _keys(report), "the compiled engine must find exactly what pyshacl finds"
    hits = [r for r in report.results if r.focus == focus and r.component == str(SH) + component
            and (path is None or r.path == str(path))]
    assert hits, f"expected {component} on {focus} {path}, got:\n{report.text(20)}"
    if name in CASES:
        assert any(h.shape and (h.shape == SHAPES + name or "#" not in h.shape) for h in hits)


def _keys(report):  # type: ignore[no-untyped-def]
    return {(r.focus, r.path if r.path and r.path.startswith("http") else None, r.component) for r in report.results}


def test_both_engines_accept_the_conforming_example(example: Graph) -> None:
    assert validate(example, engine="compiled").conforms and validate(example).conforms


def test_compiled_engine_refuses_unsupported_constraints() -> None:
    from lod.errors import LodError
    from lod.validate.shacl import CompiledShapes

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:sparql [ sh:select "SELECT $this WHERE { }" ] .""", format="turtle")
    with pytest.raises(LodError, match="unsupported SHACL constraint"):
        CompiledShapes(shapes)


def test_assert_valid_raises_with_the_report(example: Graph) -> None:
    g = Graph()
    for t in example:
        g.add(t)
    g.remove((u(W), DCTERMS.identifier, None))
    with pytest.raises(ValidationFailed) as info:
        assert_valid(g)
    assert info.value.report is not None and not info.value.report.conforms
    assert "MinCountConstraintComponent" in str(info.value)


def test_shapes_use_core_constraints_only() -> None:
    sg = shapes_graph()
    assert not list(sg.subjects(SH.sparql, None)), "sh:sparql would make per-document validation slow"
    assert (None, SH.datatype, XSD.date) in sg


def test_engines_agree_on_corpus_texts() -> None:
    """Real parser output, as parsed and with planted violations."""
    from pathlib import Path

    from lod.read import parse_file

    shared = Path(__file__).resolve().parents[1] / ".." / "shared"
    texts = shared / "corpus" / "texts"
    files = [shared / "seeds" / "000_332bb8f42190d6d7.txt"] + [texts / n for n in (
        "en__A_C.3_80_L.4.pdftotext.txt", "en__A_RES_78_115.pdftotext.txt", "en__A_RES_78_228.pdftotext.txt",
        "en__A_RES_80_1.txt", "en__A_RES_80_6.md", "en__S_RES_2331_2016.pdftotext.txt", "en__S_RES_1445_2002.gold.txt")]
    compared = 0
    for f in files:
        r = parse_file(f)
        if r.symbol is None:
            continue
        g = to_graph(r, BASE)
        assert _keys(validate(g, engine="compiled")) == _keys(validate(g)), f.name
        # and on a broken copy: a second number on every operative paragraph, a language-less text
        broken = Graph()
        for t in g:
            broken.add(t)
        for para in list(g.subjects(RDF.type, LOD.OperativeParagraph)):
            broken.add((para, ELI.number, Literal("999")))
        unit = next(g.subjects(LOD.text, None))
        broken.set((unit, LOD.text, Literal("no language tag")))
        reference = _keys(validate(broken))
        assert reference and _keys(validate(broken, engine="compiled")) == reference, f.name
        compared += 1
    assert compared >= 6
