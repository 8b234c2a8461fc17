"""A small compiled SHACL-core engine for the constraint components ``shapes/lod.ttl`` uses.

Why: pyshacl spends ≈80 ms on one resolution's ≈800 triples (it walks the
rdflib store for every constraint of every focus node); this engine indexes
the triples once and checks the same shapes in ≈2 ms, which is what makes
per-document validation affordable in ``lod build``. pyshacl stays the
reference: the tests run both engines on every conforming and non-conforming
example and on thousands of mutations of real graphs, and require the same
(focus node, path, constraint component) results, except where pyshacl departs
from XSD, RDF 1.1 or XPath (``docs/validation.md`` lists each case; this engine
follows the standards there).

The standards, as this engine reads them: one RDF term is one value however its
N-Triples text spells it (``"1"^^xsd:string`` is ``"1"``, ``@EN`` is ``@en``,
``\\u0041`` is ``A``: literals are made canonical before counting); ``sh:datatype``
checks XSD 1.1 lexical forms (real calendar dates, ASCII digits, the integer
types' ranges); ``sh:minInclusive`` compares numbers across the numeric XSD
types (``"5"^^xsd:decimal`` ≥ 1), anything incomparable violates it;
``sh:pattern``'s ``$`` is the end of the text, as in XPath.

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
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from lod.rdf import nt
from lod.errors import LodError

__all__ = ["CompiledShapes", "Finding", "canonical"]

_TYPE = nt.iri(str(RDF.type))
_SUBCLASS = nt.iri(str(RDFS.subClassOf))
_XSD = nt.XSD
_XSD_INTEGER = _XSD + "integer"
_XSD_DATE = _XSD + "date"
_XSD_DATE_TIME = _XSD + "dateTime"
_XSD_FRACTIONAL = (_XSD + "decimal", _XSD + "double", _XSD + "float")
# XSD 1.1 Part 2 lexical spaces (§3.3), ASCII digits only (Python's \d would take any Unicode digit).
_YEAR = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DATE = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_ZONE}?")
_DATE_TIME = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                        rf"T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?){_ZONE}?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_G_YEAR = re.compile(rf"{_YEAR}{_ZONE}?")
#: The integer types derived from xsd:integer: their value range (None: unbounded).
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    _XSD + "integer": (None, None), _XSD + "nonNegativeInteger": (0, None), _XSD + "positiveInteger": (1, None),
    _XSD + "nonPositiveInteger": (None, 0), _XSD + "negativeInteger": (None, -1),
    _XSD + "long": (-2**63, 2**63 - 1), _XSD + "int": (-2**31, 2**31 - 1), _XSD + "short": (-2**15, 2**15 - 1),
    _XSD + "byte": (-128, 127), _XSD + "unsignedLong": (0, 2**64 - 1), _XSD + "unsignedInt": (0, 2**32 - 1),
    _XSD + "unsignedShort": (0, 2**16 - 1), _XSD + "unsignedByte": (0, 255),
}


#: The datatypes whose lexical forms ``_well_formed`` checks (of others, sh:datatype compares the IRI only).
_CHECKED_TYPES = frozenset({*_INTEGER_RANGES, *(_XSD + x for x in ("decimal", "double", "float", "date", "dateTime",
                                                                   "boolean", "gYear"))})


def _days_in_month(year: int, month: int) -> int:
    """XSD 1.1's proleptic Gregorian calendar (year 0000 is 1 BCE, a leap year)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid_date(lex: str, rx: re.Pattern[str]) -> bool:
    m = rx.fullmatch(lex)
    return m is not None and int(m.group(3)) <= _days_in_month(int(m.group(1)), int(m.group(2)))


def _integer(lex: str, dt: str) -> int | None:
    """The value of an integer-typed lexical form, None if it is not in the type's lexical or value space."""
    if not (lex.isascii() and lex.isdigit()) and _INTEGER.fullmatch(lex) is None:  # the common case without re
        return None
    n = int(lex)
    if dt == _XSD_INTEGER:
        return n
    low, high = _INTEGER_RANGES[dt]
    return None if (low is not None and n < low) or (high is not None and n > high) else n


def _number(lex: str, dt: str) -> int | Decimal | float | None:
    """The numeric value of a literal of a numeric XSD datatype; None for other types and ill-typed forms."""
    if dt in _INTEGER_RANGES:
        return _integer(lex, dt)
    if dt == _XSD + "decimal":
        return Decimal(lex) if _DECIMAL.fullmatch(lex) else None
    if dt in (_XSD + "double", _XSD + "float"):
        return float(lex) if _FLOAT.fullmatch(lex) else None  # Python's float reads INF, -INF, NaN as XSD does
    return None


def _well_formed(lex: str, dt: str) -> bool:
    """Is ``lex`` in the lexical space of ``dt``? True for datatypes this engine does not know (their IRI is
    all ``sh:datatype`` compares)."""
    if dt == _XSD_INTEGER:  # the common cases first
        return (lex.isascii() and lex.isdigit()) or _INTEGER.fullmatch(lex) is not None
    if dt == _XSD_DATE:
        return _valid_date(lex, _DATE)
    if dt == _XSD_DATE_TIME:
        return _valid_date(lex, _DATE_TIME)
    if dt in _INTEGER_RANGES or dt in _XSD_FRACTIONAL:
        return _number(lex, dt) is not None
    if dt == _XSD + "boolean":
        return lex in ("true", "false", "1", "0")
    if dt == _XSD + "gYear":
        return _G_YEAR.fullmatch(lex) is not None
    return True


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
    """The triples of one graph (N-Triples text, ``lod.rdf.nt``), indexed by subject and predicate."""

    def __init__(self, grouped: nt.Grouped) -> None:
        self.sp: dict[Any, dict[Any, list[Any]]] = grouped.subjects
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
#: A component judging a focus node's whole value set. The values come as a list or a tuple (the
#: generated checker passes ``()`` for none, ``(f,)`` for the focus node itself): ``Sequence``, never
#: ``list``, which mypyc would enforce at run time.
Check = Callable[[_Data, Any, Sequence[Any]], list[tuple[str, Any]]]  # → [(component, value)]
_NONE: list[tuple[str, Any]] = []


@dataclass(frozen=True)
class _ValueTest:
    """A component that judges each value node alone (datatype, class, pattern…).

    ``each(d, v)`` says whether value ``v`` satisfies it; ``inline`` is the same test as a Python
    expression over ``d`` and ``{v}`` in which ``{c}`` stands for ``const``, for the compiled checker
    (``_compile_target``); None: the checker calls ``each``. Tests read a term's text as written, in
    which one RDF term may be spelled in several ways: a value that fails is tried again in its
    ``canonical`` spelling (only then, so the common case costs nothing).
    """

    name: str
    each: Callable[[_Data, Any], bool]
    inline: str | None = None
    const: Any = None


def _passes_canonical(test: _ValueTest, d: _Data, v: Any) -> bool:
    """Does the canonical spelling of ``v`` pass ``test`` (tests read the text as written, for speed)?"""
    c = canonical(v)
    return c != v and test.each(d, c)


@dataclass(frozen=True)
class _Components:
    """The constraint components of one shape, sorted by how they are checked: the cardinalities
    only count values, value tests judge each value alone, and the few components that look at the
    whole value set (``sh:uniqueLang``, ``sh:qualifiedValueShape``) keep a general ``Check``."""

    min_count: int = 0
    max_count: int | None = None
    values: tuple[_ValueTest, ...] = ()
    others: tuple[Check, ...] = ()

    def violations(self, d: _Data, f: Any, vs: Sequence[Any]) -> list[tuple[str, Any]]:
        """(component, value) of every violation by the value nodes ``vs`` of focus node ``f``."""
        n = len(vs)
        out = _NONE
        if n < self.min_count or (self.min_count > 1 and _count(vs) < self.min_count):
            out = [("MinCountConstraintComponent", None)]
        if self.max_count is not None and n > self.max_count and _count(vs) > self.max_count:
            out = [*out, ("MaxCountConstraintComponent", None)]
        for test in self.values:
            bad = [v for v in vs if not test.each(d, v) and not _passes_canonical(test, d, v)]
            if bad:
                out = [*out, *((test.name, v) for v in bad)]
        for check in self.others:
            found = check(d, f, vs)
            if found:
                out = [*out, *found]
        return out


@dataclass(frozen=True)
class _Property:
    """A compiled property shape. ``predicate`` is set when the path is one predicate (almost every
    shape): its values are then read straight from the index."""

    shape: Any
    path_node: Any
    path: Path
    predicate: str | None
    components: _Components
    message: str | None


class CompiledShapes:
    """Shapes compiled once; ``validate(triples)`` returns the findings (empty list: conforms)."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._targets: list[tuple[Any, list[Any], list[_Property], _Checker]] = []
        for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            classes = [nt.from_rdflib(c) for c in shapes.objects(shape, SH.targetClass)]
            if not classes:
                continue
            props = self._property_shapes(shape)
            self._targets.append((shape, classes, props,
                                  _compile_target(self._components(shape, property_shape=False), props)))

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

    def _property_shapes(self, shape: Any) -> list[_Property]:
        out = []
        for ps in self.g.objects(shape, SH.property):
            path_node = self.g.value(ps, SH.path)
            path, _ = self._path(path_node)
            msg = self.g.value(ps, SH.message)
            out.append(_Property(ps, path_node, path,
                                 nt.from_rdflib(path_node) if isinstance(path_node, URIRef) else None,
                                 self._components(ps, property_shape=True), str(msg) if msg else None))
        return out

    def _components(self, shape: Any, *, property_shape: bool) -> _Components:
        """The constraints of ``shape`` (on a node shape: on the focus node itself, its own value node)."""
        min_count, max_count = 0, None
        values: list[_ValueTest] = []
        others: list[Check] = []
        for p, o in self.g.predicate_objects(shape):
            if p in _IGNORED or (not property_shape and p == SH.property):
                continue
            if p == SH.minCount:
                min_count = max(min_count, int(str(o)))
            elif p == SH.maxCount:
                n = int(str(o))
                max_count = n if max_count is None else min(max_count, n)
            elif p in (SH.uniqueLang, SH.qualifiedValueShape):
                others.append(self._set_component(shape, p, o))
            else:
                values.append(self._value_component(shape, p, o))
        return _Components(min_count, max_count, tuple(values), tuple(others))

    def _set_component(self, shape: Any, p: Any, o: Any) -> Check:
        """A component that judges the whole set of value nodes."""
        if p == SH.uniqueLang:
            if not bool(o.toPython()):
                return lambda d, f, vs: []

            def unique(d: _Data, f: Any, vs: Sequence[Any]) -> list[tuple[str, Any]]:
                langs = [lang.lower() for lang in map(nt.language, vs) if lang]
                if len(langs) == len(set(langs)):
                    return []
                langs = [lang for lang in map(nt.language, set(map(canonical, vs))) if lang]  # one term, one value
                return [] if len(langs) == len(set(langs)) else [("UniqueLangConstraintComponent", None)]
            return unique
        n = int(self.g.value(shape, SH.qualifiedMinCount) or 0)
        conforms = self._conforms_fn(o)

        def qualified(d: _Data, f: Any, vs: Sequence[Any]) -> list[tuple[str, Any]]:
            ok = [v for v in vs if conforms(d, v)]
            if len(ok) >= n and (n <= 1 or _count(ok) >= n):
                return []
            return [("QualifiedMinCountConstraintComponent", None)]
        return qualified

    def _value_component(self, shape: Any, p: Any, o: Any) -> _ValueTest:  # noqa: C901 - a dispatch table
        """A component that judges each value node alone."""
        each: Callable[[_Data, Any], bool]
        if p == SH["class"]:
            c = nt.from_rdflib(o)
            return _ValueTest("ClassConstraintComponent", lambda d, v: d.is_instance(v, c), "d.is_instance({v}, {c})", c)
        if p == SH.datatype:
            dt = str(o)
            each = lambda d, v: _has_datatype(v, dt)  # noqa: E731
            if dt == nt.XSD_STRING:  # a plain literal ends with its quote; or one typed xsd:string explicitly
                return _ValueTest("DatatypeConstraintComponent", each,
                                  "({v}[0] == '\"' and ({v}[-1] == '\"' or {v}.endswith({c})))", f'"^^<{dt}>')
            if dt == nt.LANG_STRING:
                return _ValueTest("DatatypeConstraintComponent", each,
                                  "({v}[0] == '\"' and {v}.rpartition('\"')[2][:1] == '@')")
            return _ValueTest("DatatypeConstraintComponent", each, "_has_datatype({v}, {c})", dt)
        if p == SH.nodeKind:
            allowed = _KINDS[o]
            return _ValueTest("NodeKindConstraintComponent", lambda d, v: v[0] in allowed, "{v}[0] in {c}", allowed)
        if p == SH.pattern:
            search = _xpath_regex(str(o)).search
            return _ValueTest("PatternConstraintComponent",
                              lambda d, v: v[0] != "_" and search(nt.lexical(v)) is not None,
                              "({v}[0] != '_' and {c}(_lexical({v})) is not None)", search)
        if p == SH.minLength:
            n = int(o)
            each = lambda d, v: not nt.is_bnode(v) and len(nt.lexical(v)) >= n  # noqa: E731
            name = "MinLengthConstraintComponent"
        elif p == SH.minInclusive:
            return _min_inclusive(shape, o, "MinInclusiveConstraintComponent")
        elif p == SH.languageIn:
            ranges = [str(x).lower() for x in self._list(o)]
            each = lambda d, v: _language_in(nt.language(v), ranges)  # noqa: E731
            name = "LanguageInConstraintComponent"
        elif p == SH["in"]:
            allowed_terms = {nt.from_rdflib(a) for a in self._list(o)}
            each = lambda d, v: v in allowed_terms  # noqa: E731
            name = "InConstraintComponent"
        elif p == SH["or"]:
            options = [self._conforms_fn(s) for s in self._list(o)]
            each = lambda d, v: any(c(d, v) for c in options)  # noqa: E731
            name = "OrConstraintComponent"
        else:
            raise LodError(f"unsupported SHACL constraint {p} on shape {shape}: this engine supports "
                           f"core components only; validate with pyshacl instead")
        return _ValueTest(name, each)

    def _conforms_fn(self, shape: Any) -> Callable[[_Data, Any], bool]:
        """Does a node conform to ``shape`` (a node shape, or a property shape if it has sh:path)?"""
        path_node = self.g.value(shape, SH.path)
        components = self._components(shape, property_shape=path_node is not None)
        props = [] if path_node is not None else self._property_shapes(shape)
        path = self._path(path_node)[0] if path_node is not None else None

        def conforms(d: _Data, node: Any) -> bool:
            if components.violations(d, node, path(d, node) if path else [node]):
                return False
            return not any(pr.components.violations(d, node, pr.path(d, node)) for pr in props)
        return conforms

    # ---------------------------------------------------------------- validate

    def validate(self, triples: nt.Grouped | Iterable[tuple[Any, Any, Any]]) -> list[Finding]:
        """Every violation in ``triples`` (a ``lod.rdf.nt.Grouped``, N-Triples text or rdflib terms), sorted by
        focus node, path and component; focus nodes and values are N-Triples text."""
        d = _Data(nt.Grouped.of(triples))
        sp = d.sp
        empty: dict[Any, list[Any]] = {}
        out: list[Finding] = []
        for shape, classes, props, checker in self._targets:
            focus_nodes = dict.fromkeys(f for c in classes for sc in d.subclasses(c) for f in d.instances.get(sc, ()))
            found: list[tuple[int, str, Any]] = []
            for f in focus_nodes:
                checker(d, f, sp.get(f, empty), found)
                if found:
                    for i, comp, v in found:
                        if i < 0:  # a constraint of the node shape on the focus node itself
                            out.append(Finding(f, None, comp, _default_message(comp), f, shape))
                        else:
                            prop = props[i]
                            out.append(Finding(f, prop.path_node, comp, prop.message or _default_message(comp),
                                               None if v is None else canonical(v), prop.shape))
                    found.clear()
        return sorted(out, key=lambda x: (str(x.focus), str(x.path), x.component, str(x.value)))


#: A compiled node shape: ``checker(d, focus, focus's predicate → objects, found)`` appends
#: ``(property index or -1 for the node shape itself, component, value)`` for every violation.
_Checker = Callable[[_Data, Any, dict[Any, list[Any]], list[tuple[int, str, Any]]], None]


def _compile_target(node: _Components, props: Sequence[_Property]) -> _Checker:
    """One node shape and its property shapes as one generated Python function.

    Why generated code: a document has ≈1,500 (focus node, property shape) pairs and each has two
    or three components; as straight-line code with the tests inlined (``_ValueTest.inline``) they
    cost a few dict lookups and comparisons each, where a closure per component and value cost
    about 1 µs a pair (measured: SHACL was ≈3.5 ms of a document's ≈30). ``_Components.violations``
    stays the readable reference the generated code mirrors; the tests run both against pyshacl.
    """
    env: dict[str, Any] = {"E": (), "_lexical": nt.lexical, "_canonical": canonical, "_count": _count,
                           "_has_datatype": _has_datatype, "_at_least": _at_least}
    lines = ["def checker(d, f, preds, out):"]
    for i, prop, comps in [(-1, None, node), *((i, p, p.components) for i, p in enumerate(props))]:
        tag = f"{'n' if i < 0 else i}"
        if prop is None:
            lines.append("    vs = (f,)")
        elif prop.predicate is not None:
            env[f"P{tag}"] = prop.predicate
            lines.append(f"    vs = preds.get(P{tag}, E)")
        else:
            env[f"PATH{tag}"] = prop.path
            lines.append(f"    vs = PATH{tag}(d, f)")
        least = comps.min_count
        if least == 1:
            lines.append(f"    if len(vs) < 1: out.append(({i}, 'MinCountConstraintComponent', None))")
        elif least > 1:  # two spellings of one term are one value
            lines.append(f"    if len(vs) < {least} or _count(vs) < {least}: "
                         f"out.append(({i}, 'MinCountConstraintComponent', None))")
        top = comps.max_count
        if top is not None:
            lines.append(f"    if len(vs) > {top} and _count(vs) > {top}: "
                         f"out.append(({i}, 'MaxCountConstraintComponent', None))")
        if comps.values:
            lines.append("    for v in vs:")
            for k, test in enumerate(comps.values):
                name = f"T{tag}_{k}"
                if test.inline is not None:
                    env[name] = test.const
                    expr, again = test.inline.format(c=name, v="v"), test.inline.format(c=name, v="w")
                else:
                    env[name] = test.each
                    expr, again = f"{name}(d, v)", f"{name}(d, w)"
                lines.append(f"        if not ({expr}) and ((w := _canonical(v)) == v or not ({again})): "
                             f"out.append(({i}, {test.name!r}, v))")
        for k, check in enumerate(comps.others):
            env[f"O{tag}_{k}"] = check
            lines.append(f"    for comp, val in O{tag}_{k}(d, f, vs): out.append(({i}, comp, val))")
    lines.append("    return None")
    exec("\n".join(lines), env)  # noqa: S102 - our own code, generated from the compiled shapes above
    checker: _Checker = env["checker"]
    return checker


def _has_datatype(v: str, dt: str) -> bool:
    """SHACL sh:datatype ``dt`` on one N-Triples term: a literal of datatype ``dt`` and, for the XSD types this
    engine knows, a lexical form of that type (``_well_formed``: a real calendar date, ASCII digits…).

    The quoted text is tested as written, which is the lexical form unless it holds an escape; none of those
    lexical spaces has a character nt escapes, and a value that fails is tried again ``canonical``.
    """
    end = v.rfind('"')  # -1 for an IRI or a blank node
    if end <= 0 or v[end + 1:end + 4] != "^^<" or v[end + 4:-1] != dt:
        return False
    return dt not in _CHECKED_TYPES or _well_formed(v[1:end], dt)


def _language_in(lang: str | None, ranges: list[str]) -> bool:
    if not lang:
        return False
    lang = lang.lower()
    return any(lang == r or lang.startswith(r + "-") for r in ranges)


#: sh:nodeKind → the first characters of the N-Triples forms it admits (``<`` IRI, ``_`` blank node, ``"`` literal).
_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
          SH.IRIOrLiteral: '<"'}


def _at_least(v: str, number: int | float | Decimal) -> bool:
    """Is ``v`` a literal of a numeric XSD type, well formed, and ≥ ``number``? (The text as written, as in
    ``_has_datatype``.)"""
    end = v.rfind('"')  # -1 for an IRI or a blank node
    if end <= 0 or v[end + 1:end + 4] != "^^<":
        return False
    x = _number(v[1:end], v[end + 4:-1])
    return x is not None and x >= number


def _min_inclusive(shape: Any, o: Any, name: str) -> _ValueTest:
    """sh:minInclusive: the SPARQL ``bound <= v`` is true. Numbers compare across the numeric XSD types
    (``"5"^^xsd:decimal`` ≥ 1); a string bound compares with plain strings; anything else (an IRI, an
    ill-typed literal, a string against a number) is a type error in SPARQL, so a violation."""
    bound = o.toPython() if isinstance(o, Literal) else None
    if (isinstance(bound, (int, float, Decimal)) and not isinstance(bound, bool)
            and _number(str(o), str(o.datatype)) is not None):  # a well-formed number of a numeric XSD type
        number = bound
        return _ValueTest(name, lambda d, v: _at_least(v, number), "_at_least({v}, {c})", number)
    if isinstance(bound, str) and isinstance(o, Literal) and o.language is None and o.datatype in (None, XSD.string):
        text = bound

        def at_least_text(d: _Data, v: Any) -> bool:
            return v[0] == '"' and nt.datatype(v) == nt.XSD_STRING and nt.lexical(v) >= text
        return _ValueTest(name, at_least_text)
    raise LodError(f"unsupported sh:minInclusive {o!r} on shape {shape}: this engine compares numbers (XSD numeric "
                   "types) and plain strings; validate with pyshacl instead")


def _xpath_regex(pattern: str) -> re.Pattern[str]:
    """An ``sh:pattern`` (XPath ``fn:matches`` syntax) as a Python regex: ``$`` outside a character class
    becomes ``\\Z``, since Python's ``$`` also matches before a final newline and XPath's does not."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    return re.compile("".join(out))


def canonical(v: str) -> str:
    """The canonical N-Triples text of term ``v`` (``lod.rdf.nt.literal``'s), so that one RDF term is one
    string (RDF 1.1 Concepts §3.3): ``"1"^^xsd:string`` is ``"1"``, ``"a"@EN`` is ``"a"@en`` (language tags
    compare case-insensitively), ``"\\u0041"`` is ``"A"``. IRIs and blank nodes are returned as they are.

    >>> canonical('"\\u0041"^^<http://www.w3.org/2001/XMLSchema#string>'), canonical('"a"@EN')
    ('"A"', '"a"@en')
    """
    if v[0] != '"':
        return v
    lex, lang, dt = nt.parts(v)
    return nt.literal(lex, lang=lang, datatype=None if lang else dt)


def _count(vs: Sequence[Any]) -> int:
    """How many RDF terms ``vs`` holds (two spellings of one term count once)."""
    return len(set(map(canonical, vs)))


def _default_message(component: str) -> str:
    return f"value does not satisfy {component.replace('ConstraintComponent', '')}"


def findings_as(results: Sequence[Finding]) -> list[tuple[str, str | None, str]]:
    """(focus, path, component) triples of findings, for comparison with pyshacl."""
    return sorted({(nt.lexical(f.focus), None if f.path is None or not isinstance(f.path, URIRef) else str(f.path),
                    f.component) for f in results})
