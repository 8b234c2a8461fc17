"""The whole dataset conforms, not only each graph: SHACL over what the graphs say together.

Each document graph is validated alone while it is built; a consumer who loads the N-Quads dump
into one graph sees their union, where two graphs may say different things about one node (an
actor's label in the actors graph and in a document graph: two ``skos:prefLabel``s in one
language). Only nodes that several graphs describe can break a shape in the union that no graph
breaks alone, so ``union_violations`` validates exactly those: every triple, from every graph,
whose subject is the subject of triples in two graphs or more (actors, opening phrases, cited
works), the triples of the nodes they point to (property paths go through them) and the
``rdf:type`` of what those point to (for ``sh:class``), and reports the findings on the shared nodes. The rest of the union is each graph's own and was validated with it.

>>> quads = [("<http://x/b>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"B"@en', "<http://x/g1>"),
...          ("<http://x/b>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/un-lod/ontology#Body>", "<http://x/g1>"),
...          ("<http://x/b>", "<http://www.w3.org/2004/02/skos/core#notation>", '"b"', "<http://x/g1>"),
...          ("<http://x/b>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"The B"@en', "<http://x/g2>")]
>>> [(f.focus, f.path.rsplit("#", 1)[1]) for f in union_violations(quads).findings]
[('http://x/b', 'prefLabel')]
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from lod.validate.validation import ValidationReport, ValidationResult, validate_triples

__all__ = ["UnionReport", "shared_subjects", "union_violations", "union_violations_of_dump"]

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

Quad = tuple[str, str, str, str]  # N-Triples terms: subject, predicate, object, graph


@dataclass(frozen=True)
class UnionReport:
    """What validating the union found: how many nodes several graphs describe, and the report."""

    shared: int
    triples: int
    report: ValidationReport
    duplicates: int = 0  # quads repeating a triple another graph states (the union counts it once)

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    @property
    def findings(self) -> tuple[ValidationResult, ...]:
        return self.report.results


def shared_subjects(quads: Iterable[Quad]) -> set[str]:
    """The subjects described in two graphs or more."""
    first: dict[str, str] = {}
    shared: set[str] = set()
    for s, _p, _o, g in quads:
        seen = first.setdefault(s, g)
        if seen != g:
            shared.add(s)
    return shared


def union_violations(quads: Iterable[Quad]) -> UnionReport:
    """SHACL over the triples of the nodes several graphs describe (see the module's docstring).

    The nodes they point to come along with their triples (a path such as ``eli:is_realized_by/lod:text``
    goes through them), and the types of what those point to (``sh:class`` reads them); findings on
    nodes that are not shared are not the union's (their graph was validated whole), so only findings
    on a shared node are reported.
    """
    quads = list(quads)
    shared = shared_subjects(quads)
    stated = [(s, p, o) for s, p, o, _g in quads if s in shared]
    triples = set(stated)
    duplicates = len(stated) - len(triples)  # only a node two graphs describe can have a triple stated twice
    # a shape's property path may go through the nodes a shared node points at (eli:is_realized_by/lod:text):
    # their triples come along, and the types of what they point at (sh:class)
    near = {o for _s, _p, o in triples if o[0] in "<_"} - shared
    triples |= {(s, p, o) for s, p, o, _g in quads if s in near}
    far = {o for s, _p, o in triples if s in near and o[0] in "<_"} - shared - near
    triples |= {(s, p, o) for s, p, o, _g in quads if p == _TYPE and s in far}
    report = validate_triples(sorted(triples))
    focus = {s[1:-1] for s in shared}
    results = tuple(r for r in report.results if r.focus in focus)
    return UnionReport(len(shared), len(triples), ValidationReport(not results, results, report.source), duplicates)


def _dump_quads(path: Path) -> Iterator[Quad]:
    with gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as fh:
        for q in parse(fh, format=RdfFormat.N_QUADS):
            yield str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)


def union_violations_of_dump(path: Path) -> UnionReport:
    """``union_violations`` of an N-Quads dump (``dumps/lod.nq.gz``), as a consumer would load it."""
    return union_violations(_dump_quads(path))
