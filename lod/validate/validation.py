"""SHACL validation of one expression graph against ``shapes/lod.ttl``.

``validate(graph)`` returns a ``ValidationReport`` (non-conformance is data);
``assert_valid(graph)`` raises ``ValidationFailed`` carrying that report
(the cobalt ``validate`` / ``assert_validates`` pair). pyshacl runs with core
constraints only: no inference, no SHACL-AF, no sh:sparql. The parsed shapes
are kept per process, so validating one document costs milliseconds.

Example:
    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as Literal_

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.rdfutil import load_from_source
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from lod.rdf import nt
from lod.validate.shacl import CompiledShapes, Finding

from lod.errors import ValidationFailed
from lod.datafiles import shapes_file

__all__ = [
    "Engine",
    "ValidationReport",
    "ValidationResult",
    "assert_valid",
    "compiled_shapes",
    "shapes_graph",
    "validate",
    "validate_triples",
]

#: ``compiled``: lod.validate.shacl (fast, core components only); ``pyshacl``: the reference engine.
Engine = Literal_["compiled", "pyshacl"]


@dataclass(frozen=True)
class ValidationResult:
    """One violation: the node, the path, the constraint component, the offending value and a message."""

    focus: str
    path: str | None
    component: str
    message: str
    value: str | None = None
    shape: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{where}: {self.component.rsplit('#', 1)[-1]}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: ``conforms`` plus every result and the report graph."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    source: Graph | Callable[[], Graph] = field(repr=False, compare=False)

    @property
    def graph(self) -> Graph:
        """The SHACL report graph (built on first use when the engine gave findings, not a graph)."""
        if callable(self.source) and not isinstance(self.source, Graph):
            object.__setattr__(self, "source", self.source())
        return self.source  # type: ignore[return-value]

    def text(self, limit: int = 10) -> str:
        """The first ``limit`` results, one per line."""
        lines = [str(r) for r in self.results[:limit]]
        if len(self.results) > limit:
            lines.append(f"… and {len(self.results) - limit} more")
        return "\n".join(lines)


@lru_cache(maxsize=4)
def shapes_graph(path: Path | None = None) -> Graph:
    """The shapes as an rdflib ``Graph`` (parsed once per process)."""
    return Graph().parse(path or shapes_file(), format="turtle")


@lru_cache(maxsize=4)
def _shapes(path: Path | None = None) -> ShapesGraph:
    sg = ShapesGraph(load_from_source(str(path or shapes_file()), rdf_format="turtle", multigraph=True))
    _ = sg.shapes  # harvest once
    return sg


@lru_cache(maxsize=4)
def compiled_shapes(path: Path | None = None) -> CompiledShapes:
    """The shapes compiled for ``lod.validate.shacl`` (once per process)."""
    return CompiledShapes(shapes_graph(path))


def validate_triples(triples: nt.Grouped | Iterable[tuple[Any, Any, Any]], *,
                     shapes: Path | None = None) -> ValidationReport:
    """Validate triples (or a ``lod.rdf.nt.Grouped`` index of them) with the compiled engine (no rdflib store)."""
    return _from_findings(compiled_shapes(shapes).validate(triples))


def _from_findings(findings: list[Finding]) -> ValidationReport:
    results = tuple(ValidationResult(
        focus=nt.lexical(f.focus), path=None if f.path is None else str(f.path), component=str(SH[f.component]),
        message=f.message, value=None if f.value is None else (f.value if nt.is_literal(f.value)
                                                               else nt.lexical(f.value)),
        shape=str(f.shape)) for f in findings)
    return ValidationReport(not findings, results, lambda: _report_graph(findings))


def _report_graph(findings: list[Finding]) -> Graph:
    report = Graph()
    report.bind("sh", SH)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not findings)))
    for f in findings:
        r = BNode()
        report.add((node, SH.result, r))
        report.add((r, RDF.type, SH.ValidationResult))
        report.add((r, SH.focusNode, nt.to_rdflib(f.focus)))
        report.add((r, SH.resultSeverity, SH.Violation))
        report.add((r, SH.sourceConstraintComponent, SH[f.component]))
        report.add((r, SH.resultMessage, Literal(f.message)))
        if f.path is not None:
            report.add((r, SH.resultPath, f.path))
        if f.value is not None:
            report.add((r, SH.value, nt.to_rdflib(f.value)))
    return report


def validate(graph: Graph, *, shapes: Path | None = None, engine: Engine = "pyshacl") -> ValidationReport:
    """Validate ``graph`` against the shapes (default ``shapes/lod.ttl``) with pyshacl or the compiled engine."""
    if engine == "compiled":
        return validate_triples(graph, shapes=shapes)
    with warnings.catch_warnings():  # rdflib 7 deprecation noise from inside pyshacl
        warnings.simplefilter("ignore", DeprecationWarning)
        shapes_ = _shapes(shapes)
        validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=shapes_.graph,
                              options={"inference": "none", "inplace": True})
        validator.shacl_graph = shapes_  # reuse the harvested shapes: parse them once per process
        conforms, report, _text = validator.run()
    return ValidationReport(bool(conforms), _results(report), report)


def _results(report: Graph) -> tuple[ValidationResult, ...]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        def one(p: URIRef) -> str | None:
            v = report.value(r, p)
            return None if v is None else str(v)

        value = report.value(r, SH.value)
        out.append(ValidationResult(
            focus=one(SH.focusNode) or "",
            path=one(SH.resultPath),
            component=one(SH.sourceConstraintComponent) or "",
            message=one(SH.resultMessage) or "",
            value=None if value is None else (value.n3() if isinstance(value, Literal) else str(value)),
            shape=one(SH.sourceShape),
        ))
    return tuple(sorted(out, key=lambda x: (x.focus, x.path or "", x.component)))


def assert_valid(graph: Graph, *, shapes: Path | None = None) -> ValidationReport:
    """Validate and return the report, or raise ``ValidationFailed`` (with the report) if it does not conform."""
    report = validate(graph, shapes=shapes)
    if not report.conforms:
        raise ValidationFailed(
            f"graph does not conform to the SHACL shapes: {len(report.results)} violation(s):\n{report.text()}",
            report=report,
        )
    return report
