"""The compiled SHACL engine (lod.validate.shacl) against pyshacl, on mutations of real graphs.

The differential test takes the graphs ``lod build`` validates for seven small corpus texts (they
hold every target class of shapes/lod.ttl), derives ≈12,000 mutations from the shapes
(``shacl_mutations``), runs a fixed-seed sample of them through both engines and requires the same
verdict: the set of (focus node, path, constraint component). Where the two differ, the
difference must be one of the documented departures of pyshacl from XSD, RDF 1.1 or XPath
(``shacl_mutations.DEPARTURES``, docs/validation.md), and ``test_every_departure_still_departs``
proves each of those is still real. ``bench/shacl_differential.py`` runs every mutation.

The other tests pin the engine's bugs found that way, on small graphs: each failed before the fix.
"""

from __future__ import annotations

import collections
import random
from collections.abc import Sequence

import pytest
from rdflib import Graph

import shacl_mutations as mut
from lod.rdf import nt
from lod.validate.shacl import CompiledShapes
from lod.validate.validation import shapes_graph, validate, validate_triples
from lod.rdf.graph import graph_of

SAMPLE = 480  # mutations per run (≈25 ms of pyshacl each), one of every (shape, kind) and a seeded rest
SEED = 18

LOD = "https://w3id.org/un-lod/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
DATE, DATE_TIME, INTEGER, DECIMAL = (nt.XSD + x for x in ("date", "dateTime", "integer", "decimal"))


def i(local: str, ns: str = LOD) -> str:
    return nt.iri(ns + local)


def lit(lex: str, dt: str) -> str:
    return nt.literal(lex, datatype=dt)


@pytest.fixture(scope="module")
def graphs() -> dict[str, list[mut.Triple]]:
    return mut.real_graphs(mut.SMALL)


@pytest.fixture(scope="module")
def specs() -> list[mut.NodeSpec]:
    return mut.shape_specs(shapes_graph())


def _keys(triples: Sequence[mut.Triple]) -> tuple[set[mut.Key], set[mut.Key]]:
    """(compiled engine's verdict, pyshacl's) on one graph."""
    return mut._keys_compiled(triples), mut._keys_pyshacl(triples)


def _stratified(items: list[mut.Mutation], n: int, seed: int) -> list[mut.Mutation]:
    """One mutation of every (shape, kind), then a seeded sample of the rest up to ``n``."""
    groups: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for k, m in enumerate(items):
        groups[(m.shape, m.kind)].append(k)
    rng = random.Random(seed)
    chosen = {rng.choice(ks) for _, ks in sorted(groups.items())}
    rest = sorted(set(range(len(items))) - chosen)
    chosen |= set(rng.sample(rest, max(0, min(len(rest), n - len(chosen)))))
    return [items[k] for k in sorted(chosen)]


# ------------------------------------------------------------------------------------ the differential test

def test_the_engines_agree_on_mutations_of_real_graphs(graphs: dict[str, list[mut.Triple]],
                                                       specs: list[mut.NodeSpec]) -> None:
    everything = [m for m, _ in mut.all_mutations(graphs, specs)]
    assert len(everything) > 10_000, "the shapes should suggest thousands of mutations of seven graphs"
    chosen = _stratified(everything, SAMPLE, SEED)
    outcomes = [mut.compare(m, graphs[m.graph]) for m in chosen]
    unexplained = [o for o in outcomes if not o.agree and o.why is None]
    assert not unexplained, (f"{len(unexplained)} of {len(outcomes)} mutations got different verdicts:\n"
                             + "\n".join(o.text() for o in unexplained[:10]))
    # the sample is not vacuous: it covers every shape with focus nodes (all but new ones), most mutations break
    # the graph
    assert {m.shape for m in chosen} == {m.shape for m in everything}
    assert len({m.shape for m in chosen}) >= 18
    broken = sum(1 for o in outcomes if o.reference)
    assert broken > len(outcomes) // 2 and broken < len(outcomes)
    assert any(o.why is not None for o in outcomes), "the sample should meet some documented departure"


def test_every_departure_still_departs(graphs: dict[str, list[mut.Triple]]) -> None:
    """Each documented departure, on a real graph: pyshacl still gives another verdict, and the
    compiled engine gives the standard's (a listed date or number is in XSD's lexical space exactly
    when ``VALID_PER_XSD`` says so). If pyshacl is fixed, this fails: drop the departure."""
    triples = graphs["en__A_RES_80_1.txt"]
    g = mut._Graph(triples)
    work = g.instances[i("Resolution")][0]
    activity = g.instances[i("Activity", PROV)][0]
    part = sorted(g.instances[i("OperativeParagraph")])[0]
    body = g.instances[i("Body")][0]
    place = {DATE: (work, i("date_document", ELI)), DATE_TIME: (activity, i("endedAtTime", PROV)),
             INTEGER: (part, i("position")), DECIMAL: (part, i("position"))}
    examples: list[tuple[mut.Departure, str, str, str]] = []
    for d in mut.DEPARTURES:
        for term in sorted(d.terms):
            s, p = place[nt.datatype(term) or ""]
            examples.append((d, s, p, term))
        if d.rewritten_by_rdflib:
            examples.append((d, part, i("number", ELI), lit("1", nt.XSD + "boolean")))
        if d.final_newline:
            examples.append((d, body, i("notation", SKOS), nt.literal("un-ga\n")))
    for d, s, p, term in examples:
        mutated = [t for t in triples if not (t[0] == s and t[1] == p)] + [(s, p, term)]
        compiled, reference = _keys(mutated)
        assert compiled != reference, f"pyshacl no longer departs from the standard on {term} ({d.name}): drop it"
        assert mut.departure(term, compiled, reference) is d, term
        flagged = any(k[0] == nt.lexical(s) and k[2] == "DatatypeConstraintComponent" for k in compiled)
        if d.terms:
            assert flagged == (term not in VALID_PER_XSD), term


#: The listed departures' lexical forms that XSD 1.1 accepts (pyshacl rejects them).
VALID_PER_XSD = {lit("12025-01-01", DATE), lit("-0044-03-15", DATE), lit("0000-01-01", DATE),
                 lit("-0044-03-15T12:00:00Z", DATE_TIME), lit("2025-01-01T24:00:00Z", DATE_TIME)}


# ------------------------------------------------------------------------------------ the bugs it found

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:date ; sh:datatype xsd:date ] ;
    sh:property [ sh:path ex:time ; sh:datatype xsd:dateTime ] ;
    sh:property [ sh:path ex:n ; sh:minInclusive 1 ] ;
    sh:property [ sh:path ex:one ; sh:maxCount 1 ] ;
    sh:property [ sh:path ex:code ; sh:pattern "^[a-z]+$" ] ;
    sh:property [ sh:path ex:label ; sh:uniqueLang true ] .
ex:T a sh:NodeShape ; sh:targetClass ex:D ; sh:property [ sh:path ex:two ; sh:minCount 2 ] .
"""
EX = "http://example.org/"
FOCUS = nt.iri(EX + "f")


@pytest.fixture(scope="module")
def small() -> CompiledShapes:
    return CompiledShapes(Graph().parse(data=SHAPES, format="turtle"))


def _verdict(shapes: CompiledShapes, *values: tuple[str, str]) -> set[tuple[str, str]]:
    classes = ["C", "D"] if any(p == "two" for p, _ in values) else ["C"]  # ex:D: at least two ex:two
    triples = [(FOCUS, mut.TYPE, nt.iri(EX + c)) for c in classes] + [(FOCUS, nt.iri(EX + p), o) for p, o in values]
    return {(str(f.path).rsplit("/", 1)[-1], f.component) for f in shapes.validate(triples)}


def test_a_body_without_a_label_validates() -> None:
    """The crash: ``TypeError: list object expected; got tuple`` under mypyc, where the generated checker
    passed ``()`` (no value) to the sh:uniqueLang check annotated ``list``. Run by the suite's compiled pass."""
    body = nt.iri("http://localhost:8000/akn/ontology/organization/un/un-ga")
    triples = [(body, mut.TYPE, i("Body")), (body, i("notation", SKOS), nt.literal("un-ga"))]
    assert validate_triples(triples).conforms and validate(graph_of(triples)).conforms


@pytest.mark.parametrize("lex, valid", [
    ("2025-02-28", True), ("2024-02-29", True), ("2000-02-29", True), ("1900-02-29", False), ("2023-02-29", False),
    ("2025-02-30", False), ("2025-04-31", False), ("2025-13-01", False), ("2025-00-01", False), ("2025-01-00", False),
    ("２０２５-01-01", False), ("2025-0١-01", False), ("2025-01-01Z", True), ("2025-01-01+14:00", True),
    ("2025-01-01+14:01", False), ("2025-01-01T00:00:00", False), ("-0044-03-15", True), ("12025-01-01", True),
    ("025-01-01", False), ("02025-01-01", False)])
def test_xsd_date_is_a_real_calendar_date_in_ascii_digits(small: CompiledShapes, lex: str, valid: bool) -> None:
    assert _verdict(small, ("date", lit(lex, DATE))) == (set() if valid else {("date", "DatatypeConstraintComponent")})


@pytest.mark.parametrize("lex, valid", [
    ("2025-01-01T10:00:00Z", True), ("2025-01-01T10:00:00.125+05:30", True), ("2025-01-01T25:61:00Z", False),
    ("2025-01-01T23:60:00Z", False), ("2025-01-01T23:59:60Z", False), ("2025-01-01T24:00:00Z", True),
    ("2025-01-01T24:00:01Z", False), ("2025-02-30T10:00:00Z", False), ("2025-01-01T１０:00:00Z", False),
    ("2025-01-01T10:00Z", False), ("2025-01-01", False)])
def test_xsd_date_time_checks_the_clock_and_the_calendar(small: CompiledShapes, lex: str, valid: bool) -> None:
    assert _verdict(small, ("time", lit(lex, DATE_TIME))) == (set() if valid else {("time", "DatatypeConstraintComponent")})


@pytest.mark.parametrize("term, ok", [
    (lit("5", DECIMAL), True), (lit("1.0", DECIMAL), True), (lit("0.5", DECIMAL), False), (lit("1", INTEGER), True),
    (lit("0", INTEGER), False), (lit("1E0", nt.XSD + "double"), True), (lit("NaN", nt.XSD + "double"), False),
    (lit("INF", nt.XSD + "double"), True), (lit("7", nt.XSD + "byte"), True), (lit("300", nt.XSD + "byte"), False),
    (lit("1.5", INTEGER), False), (nt.literal("5"), False), (nt.iri(EX + "5"), False), (lit("2025", nt.XSD + "gYear"), False)])
def test_min_inclusive_compares_numbers_across_numeric_types(small: CompiledShapes, term: str, ok: bool) -> None:
    """``"5"^^xsd:decimal`` ≥ 1 (it was reported); a string, an IRI or an ill-typed number is a SPARQL type error."""
    assert _verdict(small, ("n", term)) == (set() if ok else {("n", "MinInclusiveConstraintComponent")})


@pytest.mark.parametrize("a, b, same", [
    (nt.literal("1"), '"1"^^<http://www.w3.org/2001/XMLSchema#string>', True),
    (nt.literal("a", lang="en"), '"a"@EN', True),
    (nt.literal("A"), '"\\u0041"', True),
    (nt.literal("it's"), '"it\\\'s"', True),
    (nt.literal("a\tb"), '"a\tb"', True),
    (lit("1", INTEGER), lit("01", INTEGER), False),
    (nt.literal("1"), lit("1", INTEGER), False),
])
def test_max_count_counts_rdf_terms_not_spellings(small: CompiledShapes, a: str, b: str, same: bool) -> None:
    """RDF 1.1: one literal, however it is spelled in N-Triples, is one value (``"1"`` was counted twice
    with ``"1"^^xsd:string``); two lexical forms of one number are two terms."""
    assert _verdict(small, ("one", a), ("one", b), ("two", a), ("two", b)) == (
        {("two", "MinCountConstraintComponent")} if same else {("one", "MaxCountConstraintComponent")})


def test_the_canonical_spellings_reach_the_findings(small: CompiledShapes) -> None:
    found = CompiledShapes(Graph().parse(data=SHAPES, format="turtle")).validate(
        [(FOCUS, mut.TYPE, nt.iri(EX + "C")), (FOCUS, nt.iri(EX + "code"), '"A\\u0042"@EN')])
    assert [(f.component, f.value) for f in found] == [("PatternConstraintComponent", '"AB"@en')]


def test_pattern_dollar_is_the_end_of_the_text(small: CompiledShapes) -> None:
    """XPath's ``$``, not Python's (which also matches before a final newline, as pyshacl does)."""
    assert _verdict(small, ("code", nt.literal("abc\n"))) == {("code", "PatternConstraintComponent")}
    assert _verdict(small, ("code", nt.literal("abc"))) == set()


def test_unique_lang_ignores_the_case_of_tags(small: CompiledShapes) -> None:
    assert _verdict(small, ("label", '"a"@en'), ("label", '"b"@EN')) == {("label", "UniqueLangConstraintComponent")}
    assert _verdict(small, ("label", '"a"@en'), ("label", '"b"@en-GB')) == set()
    assert _verdict(small, ("label", '"a"@en'), ("label", '"a"@EN')) == set(), "one term spelled twice"
