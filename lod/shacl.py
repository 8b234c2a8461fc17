"""A small compiled SHACL-core engine for the constraint components ``shapes/lod.ttl`` uses.

Why: pyshacl spends ≈80 ms on one resolution's ≈800 triples (it walks the
rdflib store for every constraint of every focus node); this engine indexes
the triples once and checks the same shapes in ≈2 ms, which is what makes
per-document validation affordable in ``lod build``. pyshacl stays the
reference: the tests run both engines on every conforming and non-conforming
example and require the same (focus node, path, constraint component) results,
and the whole built dataset is re-validated with pyshacl in the tests.

Supported (anything else in a shapes graph raises ``LodError`` when compiling,
so nothing is silently skipped): targets ``sh:targetClass``; paths: predicate,
sequence, ``sh:alternativePath``, ``sh:oneOrMorePath``; components
``class datatype nodeKind minCount maxCount minInclusive minLength pattern
languageIn uniqueLang in or qualifiedValueShape/qualifiedMinCount`` and
``sh:property``; ``sh:message``. No inference, no ``sh:sparql`` (by design).

Example:
    >>> from rdflib import Graph
    >>> CompiledShapes(Graph()).validate([])
    []
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from lod import nt
from lod.errors import LodError

__all__ = ["CompiledShapes", "Finding"]

_TYPE = nt.iri(str(RDF.type))
_SUBCLASS = nt.iri(str(RDFS.subClassOf))
_XSD = nt.XSD
#: Lexical forms of the XSD datatypes our graphs use (a literal of another form is ill-typed).
_LEXICAL = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "nonNegativeInteger": re.compile(r"\+?\d+|-0+"),
    _XSD + "boolean": re.compile(r"true|false|1|0"),
    _XSD + "date": re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"),
    _XSD + "dateTime": re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"),
    _XSD + "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"),
}

# Shape predicates that are not constraints (metadata or handled structurally).
_IGNORED = {RDF.type, SH.targetClass, SH.path, SH.message, SH.property, SH.name, SH.description,
            SH.qualifiedMinCount, RDFS.label, RDFS.comment, SH.severity, SH.deactivated}


@dataclass(frozen=True)
class Finding:
    """One violation, shaped like a pyshacl ``sh:ValidationResult``."""

    focus: Any
    path: Any
    component: str  # local name, e.g. "MinCountConstraintComponent"
    message: str
    value: Any
    shape: Any


class _Data:
    """The triples of one graph (N-Triples text, ``lod.nt``), indexed by subject and predicate."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        self.sp: dict[Any, dict[Any, list[Any]]] = {}
        for s, p, o in dict.fromkeys(triples):
            preds = self.sp.get(s)
            if preds is None:
                preds = self.sp[s] = {}
            objs = preds.get(p)
            if objs is None:
                preds[p] = [o]
            else:
                objs.append(o)
        self.types: dict[Any, set[Any]] = {}
        self.instances: dict[Any, list[Any]] = defaultdict(list)
        self.sub: dict[Any, set[Any]] = defaultdict(set)
        self._subclasses: dict[Any, set[Any]] = {}
        for s, preds in self.sp.items():
            types = preds.get(_TYPE)
            if types:
                self.types[s] = set(types)
                for o in types:
                    self.instances[o].append(s)
            for o in preds.get(_SUBCLASS, ()):
                self.sub[o].add(s)

    def objects(self, s: Any, p: Any) -> list[Any]:
        d = self.sp.get(s)
        return d.get(p, []) if d else []

    def subclasses(self, c: Any) -> set[Any]:
        """``c`` and its subclasses declared in the data (``rdfs:subClassOf``), memoised per graph."""
        known = self._subclasses.get(c)
        if known is not None:
            return known
        out, todo = {c}, [c]
        while todo:
            for s in self.sub.get(todo.pop(), ()):
                if s not in out:
                    out.add(s)
                    todo.append(s)
        self._subclasses[c] = out
        return out

    def is_instance(self, node: Any, cls: Any) -> bool:
        types = self.types.get(node)
        if not types:
            return False
        return cls in types or (bool(self.sub) and bool(types & self.subclasses(cls)))


Path = Callable[[_Data, Any], list[Any]]
Check = Callable[[_Data, Any, list[Any]], list[tuple[str, Any]]]  # → [(component, value)]


class CompiledShapes:
    """Shapes compiled once; ``validate(triples)`` returns the findings (empty list: conforms)."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._targets: list[tuple[Any, list[Any], list[Check], list[tuple[Any, Path, list[Check], str | None]]]] = []
        for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            classes = [nt.from_rdflib(c) for c in shapes.objects(shape, SH.targetClass)]
            if not classes:
                continue
            self._targets.append((shape, classes, self._node_checks(shape), self._property_shapes(shape)))

    # ---------------------------------------------------------------- compile

    def _list(self, node: Any) -> list[Any]:
        return list(Collection(self.g, node))

    def _path(self, node: Any) -> tuple[Path, Any]:
        if isinstance(node, URIRef):
            return (lambda d, f, p=nt.from_rdflib(node): d.objects(f, p)), node
        alt = self.g.value(node, SH.alternativePath)
        if alt is not None:
            paths = [self._path(p)[0] for p in self._list(alt)]
            return (lambda d, f: list(dict.fromkeys(v for p in paths for v in p(d, f)))), node
        more = self.g.value(node, SH.oneOrMorePath)
        if more is not None:
            step = self._path(more)[0]

            def closure(d: _Data, f: Any) -> list[Any]:
                out: dict[Any, None] = {}
                todo = list(step(d, f))
                while todo:
                    v = todo.pop()
                    if v not in out:
                        out[v] = None
                        todo.extend(step(d, v))
                return list(out)
            return closure, node
        if (node, RDF.first, None) in self.g:
            steps = [self._path(p)[0] for p in self._list(node)]

            def sequence(d: _Data, f: Any) -> list[Any]:
                nodes = [f]
                for st in steps:
                    nodes = list(dict.fromkeys(v for n in nodes for v in st(d, n)))
                return nodes
            return sequence, node
        raise LodError(f"unsupported SHACL path {node!r}: expected an IRI, a sequence, sh:alternativePath "
                       f"or sh:oneOrMorePath")

    def _property_shapes(self, shape: Any) -> list[tuple[Any, Path, list[Check], str | None]]:
        out = []
        for ps in self.g.objects(shape, SH.property):
            path, _ = self._path(self.g.value(ps, SH.path))
            msg = self.g.value(ps, SH.message)
            out.append((ps, path, self._value_checks(ps, property_shape=True), str(msg) if msg else None))
        return out

    def _node_checks(self, shape: Any) -> list[Check]:
        """Constraints on the focus node itself (its value node is itself)."""
        return self._value_checks(shape, property_shape=False)

    def _value_checks(self, shape: Any, *, property_shape: bool) -> list[Check]:
        checks: list[Check] = []
        g = self.g
        for p, o in g.predicate_objects(shape):
            if p in _IGNORED or (not property_shape and p == SH.property):
                continue
            checks.append(self._component(shape, p, o, property_shape))
        return checks

    def _component(self, shape: Any, p: Any, o: Any, property_shape: bool) -> Check:  # noqa: C901 - a dispatch table
        each: Callable[[_Data, Any], bool]
        if p == SH.minCount:
            n = int(o)
            return lambda d, f, vs: [] if len(vs) >= n else [("MinCountConstraintComponent", None)]
        if p == SH.maxCount:
            n = int(o)
            return lambda d, f, vs: [] if len(vs) <= n else [("MaxCountConstraintComponent", None)]
        if p == SH.uniqueLang:
            if not bool(o.toPython()):
                return lambda d, f, vs: []

            def unique(d: _Data, f: Any, vs: list[Any]) -> list[tuple[str, Any]]:
                langs = [lang.lower() for lang in map(nt.language, vs) if lang]
                dup = {lang for lang in langs if langs.count(lang) > 1}
                return [("UniqueLangConstraintComponent", None)] if dup else []
            return unique
        if p == SH.qualifiedValueShape:
            n = int(self.g.value(shape, SH.qualifiedMinCount) or 0)
            conforms = self._conforms_fn(o)
            return lambda d, f, vs: ([] if sum(1 for v in vs if conforms(d, v)) >= n
                                     else [("QualifiedMinCountConstraintComponent", None)])
        if p == SH["class"]:
            each = lambda d, v, c=nt.from_rdflib(o): d.is_instance(v, c)  # noqa: E731
            name = "ClassConstraintComponent"
        elif p == SH.datatype:
            each = lambda d, v, dt=str(o): _has_datatype(v, dt)  # noqa: E731
            name = "DatatypeConstraintComponent"
        elif p == SH.nodeKind:
            each = _node_kind(o)
            name = "NodeKindConstraintComponent"
        elif p == SH.pattern:
            rx = re.compile(str(o))
            each = lambda d, v: not nt.is_bnode(v) and rx.search(nt.lexical(v)) is not None  # noqa: E731
            name = "PatternConstraintComponent"
        elif p == SH.minLength:
            n = int(o)
            each = lambda d, v: not nt.is_bnode(v) and len(nt.lexical(v)) >= n  # noqa: E731
            name = "MinLengthConstraintComponent"
        elif p == SH.minInclusive:
            bound = o.toPython()
            each = lambda d, v: _compare(v, bound)  # noqa: E731
            name = "MinInclusiveConstraintComponent"
        elif p == SH.languageIn:
            ranges = [str(x).lower() for x in self._list(o)]
            each = lambda d, v: _language_in(nt.language(v), ranges)  # noqa: E731
            name = "LanguageInConstraintComponent"
        elif p == SH["in"]:
            allowed = {nt.from_rdflib(a) for a in self._list(o)}
            each = lambda d, v: v in allowed  # noqa: E731
            name = "InConstraintComponent"
        elif p == SH["or"]:
            options = [self._conforms_fn(s) for s in self._list(o)]
            each = lambda d, v: any(c(d, v) for c in options)  # noqa: E731
            name = "OrConstraintComponent"
        else:
            raise LodError(f"unsupported SHACL constraint {p} on shape {shape}: this engine supports "
                           f"core components only; validate with pyshacl instead")

        def check(d: _Data, f: Any, vs: list[Any], each: Callable[[_Data, Any], bool] = each,
                  name: str = name) -> list[tuple[str, Any]]:
            return [(name, v) for v in vs if not each(d, v)]
        return check

    def _conforms_fn(self, shape: Any) -> Callable[[_Data, Any], bool]:
        """Does a node conform to ``shape`` (a node shape, or a property shape if it has sh:path)?"""
        path_node = self.g.value(shape, SH.path)
        checks = self._value_checks(shape, property_shape=path_node is not None)
        props = [] if path_node is not None else self._property_shapes(shape)
        path = self._path(path_node)[0] if path_node is not None else None

        def conforms(d: _Data, node: Any) -> bool:
            values = path(d, node) if path else [node]
            if any(c(d, node, values) for c in checks):
                return False
            return not any(c(d, node, pth(d, node)) for _, pth, cs, _m in props for c in cs)
        return conforms

    # ---------------------------------------------------------------- validate

    def validate(self, triples: Iterable[tuple[Any, Any, Any]]) -> list[Finding]:
        """Every violation in ``triples`` (N-Triples text or rdflib terms), sorted by focus node, path and
        component; focus nodes and values are N-Triples text."""
        triples = list(triples)
        if triples and type(triples[0][0]) is not str:
            triples = nt.ensure(triples)
        d = _Data(triples)
        out: list[Finding] = []
        for shape, classes, node_checks, props in self._targets:
            focus_nodes = dict.fromkeys(f for c in classes for sc in d.subclasses(c) for f in d.instances.get(sc, ()))
            for f in focus_nodes:
                for check in node_checks:
                    for comp, v in check(d, f, [f]):
                        out.append(Finding(f, None, comp, _default_message(comp), f, shape))
                for ps, path, checks, msg in props:
                    values = path(d, f)
                    for check in checks:
                        for comp, v in check(d, f, values):
                            out.append(Finding(f, self.g.value(ps, SH.path), comp, msg or _default_message(comp),
                                               v, ps))
        return sorted(out, key=lambda x: (str(x.focus), str(x.path), x.component, str(x.value)))


def _has_datatype(v: str, dt: str) -> bool:
    """SHACL sh:datatype: the literal has datatype ``dt`` and, for the XSD types we know, a valid lexical form."""
    if v[0] != '"':
        return False
    lex, _lang, actual = nt.parts(v)
    if actual != dt:
        return False
    rx = _LEXICAL.get(dt)
    return rx is None or rx.fullmatch(lex) is not None


def _language_in(lang: str | None, ranges: list[str]) -> bool:
    if not lang:
        return False
    lang = lang.lower()
    return any(lang == r or lang.startswith(r + "-") for r in ranges)


#: sh:nodeKind → the first characters of the N-Triples forms it admits (``<`` IRI, ``_`` blank node, ``"`` literal).
_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
          SH.IRIOrLiteral: '<"'}


def _node_kind(kind: Any) -> Callable[[_Data, Any], bool]:
    allowed = _KINDS[kind]
    return lambda d, v: v[0] in allowed


def _compare(v: str, bound: Any) -> bool:
    if not nt.is_literal(v):
        return False
    try:
        return bool(nt.value(v) >= bound)
    except TypeError:
        return False


def _default_message(component: str) -> str:
    return f"value does not satisfy {component.replace('ConstraintComponent', '')}"


def findings_as(results: Sequence[Finding]) -> list[tuple[str, str | None, str]]:
    """(focus, path, component) triples of findings, for comparison with pyshacl."""
    return sorted({(nt.lexical(f.focus), None if f.path is None or not isinstance(f.path, URIRef) else str(f.path),
                    f.component) for f in results})
