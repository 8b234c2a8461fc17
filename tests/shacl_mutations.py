"""Mutations of real expression graphs, derived from ``shapes/lod.ttl``, for the differential SHACL test.

Used by ``tests/test_shacl_differential.py`` (a bounded sample) and ``bench/shacl_differential.py``
(every mutation of more graphs). A graph is what ``lod build`` validates: a text parsed, enriched
and mapped as ``lod.publish.process`` does (N-Triples strings). Each ``Mutation`` removes and adds a
few triples, chosen by reading the shapes: a required property dropped, a max-1 property given a
second value (or the same RDF term spelled differently), a value of the wrong datatype, kind,
class or language, lexical forms at the edges of the XSD datatypes, values around
``sh:minInclusive``, IRIs that miss a pattern, a broken ``eli:is_part_of`` chain, a focus node
retyped or declared through ``rdfs:subClassOf``…

``compare`` runs both engines on one mutated graph (the compiled engine on the N-Triples text, as
``lod build`` does; pyshacl on the rdflib graph ``lod.rdf.graph.graph_of`` makes of it, as
``--shacl-engine pyshacl`` does) and compares the verdicts: the set of (focus node, path,
constraint component) of the results. Where they differ, ``departure`` says whether the difference
is one listed in ``DEPARTURES``: a place where pyshacl (through rdflib's literal parsing) departs
from XSD or RDF 1.1, and the compiled engine follows the standard.
"""

from __future__ import annotations

import logging
import random
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from lod.rdf import nt

Triple = tuple[str, str, str]
Key = tuple[str, str | None, str]  # (focus node, path IRI or None for a complex path, component local name)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
TEXTS = SHARED / "corpus" / "texts"
BASE = "http://localhost:8000/"

XSD = nt.XSD
TYPE = nt.iri(str(RDF.type))
SUBCLASS = nt.iri(str(RDFS.subClassOf))
EX = "http://example.org/mutation/"

#: Small real documents that together hold every target class of shapes/lod.ttl (the suite's sample).
SMALL = ("en__A_RES_80_1.txt", "en__S_RES_82_1950.gold.txt", "en__A_RES_73_3.pdftotext.txt",
         "en__A_C.3_80_L.57.pdftotext.txt", "en__A_L_632_1971.ocr-pdftotext.txt", "en__S_RES_338_1973.gold.txt",
         "fr__S_RES_42_1948.web-excerpt.txt")


# ---------------------------------------------------------------------------------------------- graphs

def real_graph(path: Path) -> list[Triple]:
    """The triples ``lod build`` validates for the first document of ``path`` (fixed provenance time)."""
    from lod.enrich.links import enrich
    from lod.rdf.graph import Provenance, resolution_triples
    from lod.read import parse_file_documents

    resolution = enrich(parse_file_documents(path).documents[0], base=BASE)
    prov = Provenance(built=datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc), software_version="0.0.0")
    return nt.Grouped(resolution_triples(resolution, BASE, prov)).triples


def real_graphs(names: Iterable[str] = SMALL) -> dict[str, list[Triple]]:
    return {name: real_graph(SEED if name == SEED.name else TEXTS / name) for name in names}


# ---------------------------------------------------------------------------------------------- shapes

@dataclass(frozen=True)
class PropertySpec:
    """One property shape: its path (``kind`` predicate, alternative, sequence or oneOrMore over
    ``steps``) and its constraint parameters (local name → value: N-Triples terms, ints, lists)."""

    kind: str
    steps: tuple[str, ...]
    params: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class NodeSpec:
    name: str
    classes: tuple[str, ...]
    params: dict[str, Any] = field(hash=False)
    props: tuple[PropertySpec, ...]


def _params(g: Graph, node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p, o in g.predicate_objects(node):
        name = str(p).rsplit("#", 1)[-1]
        if p in (SH["in"], SH.languageIn):
            out[name] = [nt.from_rdflib(x) if p == SH["in"] else str(x) for x in Collection(g, o)]
        elif p == SH["or"]:
            out[name] = [nt.from_rdflib(g.value(x, SH["class"])) for x in Collection(g, o)]
        elif p == SH.qualifiedValueShape:
            out[name] = (nt.from_rdflib(g.value(o, SH.path)), int(g.value(o, SH.minCount)))
        elif isinstance(o, Literal) and isinstance(o.toPython(), int) and not isinstance(o.toPython(), bool):
            out[name] = int(o)
        else:
            out[name] = nt.from_rdflib(o) if not isinstance(o, Literal) else o.toPython()
    return out


def shape_specs(g: Graph) -> list[NodeSpec]:
    """The node shapes of ``g`` with their property shapes, as data for the mutation generator."""
    specs = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        props = []
        for ps in g.objects(shape, SH.property):
            path = g.value(ps, SH.path)
            if isinstance(path, URIRef):
                kind, steps = "predicate", (nt.from_rdflib(path),)
            elif g.value(path, SH.alternativePath) is not None:
                kind, steps = "alternative", tuple(nt.from_rdflib(x) for x in Collection(g, g.value(path, SH.alternativePath)))
            elif g.value(path, SH.oneOrMorePath) is not None:
                kind, steps = "oneOrMore", (nt.from_rdflib(g.value(path, SH.oneOrMorePath)),)
            else:
                kind, steps = "sequence", tuple(nt.from_rdflib(x) for x in Collection(g, path))
            props.append(PropertySpec(kind, steps, _params(g, ps)))
        node_params = {k: v for k, v in _params(g, shape).items() if k not in ("property", "targetClass", "type")}
        classes = tuple(sorted(nt.from_rdflib(c) for c in g.objects(shape, SH.targetClass)))
        specs.append(NodeSpec(str(shape).rsplit("#", 1)[-1], classes, node_params,
                              tuple(sorted(props, key=lambda p: (p.kind, p.steps, sorted(p.params))))))
    return specs


# ---------------------------------------------------------------------------------------------- mutations

@dataclass(frozen=True)
class Mutation:
    """``remove`` then ``add`` triples; ``focus`` is the node it targets; ``term`` the new value, if any."""

    graph: str
    shape: str
    kind: str
    focus: str
    remove: tuple[Triple, ...] = ()
    add: tuple[Triple, ...] = ()
    term: str | None = None

    def apply(self, triples: Sequence[Triple]) -> list[Triple]:
        gone = set(self.remove)
        return [t for t in triples if t not in gone] + list(self.add)

    def __str__(self) -> str:
        return f"{self.graph}: {self.shape} {self.kind} on {self.focus}" + (f" → {self.term}" if self.term else "")


def typed(lex: str, dt: str) -> str:
    return nt.literal(lex, datatype=XSD + dt if ":" not in dt else dt)


def _raw(lex: str, dt: str) -> str:
    """A typed literal written without nt.literal's normalisation (``^^xsd:string`` stays explicit)."""
    return nt.literal(lex) + f"^^<{dt}>"


#: Lexical forms per XSD datatype: valid and invalid ones, the edges XSD 1.1 Part 2 draws (§3.3).
LEXICAL: dict[str, tuple[str, ...]] = {
    "date": ("2025-02-28", "2024-02-29", "2023-02-29", "2025-02-30", "2025-04-31", "2025-13-01", "2025-00-10",
             "2025-01-00", "2025-1-01", "25-01-01", "20250101", "2025-01-01Z", "2025-01-01+14:00",
             "2025-01-01+15:00", "2025-01-01-05:00", "2025-01-01T00:00:00", "２０２５-01-01", "2025-0١-01",
             " 2025-01-01", "2025-01-01 ", "12025-01-01", "-0044-03-15", "0000-01-01", "2025-01-01z", ""),
    "dateTime": ("2025-01-01T10:00:00Z", "2025-01-01T10:00:00", "2025-01-01T10:00:00.5+01:00",
                 "2025-01-01T25:61:00Z", "2025-01-01T23:60:00Z", "2025-01-01T23:59:60Z", "2025-01-01T24:00:00Z",
                 "2025-02-30T10:00:00Z", "2025-01-01T10:00Z", "2025-01-01t10:00:00Z", "2025-01-01 10:00:00Z",
                 "2025-01-01", "2025-01-01T10:00:00.Z", "2025-01-01T１０:00:00Z", "2025-01-01T10:00:00+15:00",
                 "2025-01-01T10:00:00+14:00", "2025-01-01T10:00:00,5Z", "-0044-03-15T12:00:00Z", ""),
    "integer": ("0", "1", "-1", "+1", "-0", "01", "1.0", "1e3", " 1", "1 ", "١", "1_0", "９", "", "+", "99999999999999999999"),
    "nonNegativeInteger": ("0", "-0", "+0", "1", "-1", "01", "+5", "٣", "1.5", ""),
    "decimal": ("5", "5.", ".5", "-.5", "+5.0", "1e3", "NaN", "INF", " 5", "5,0", ""),
    "boolean": ("true", "false", "1", "0", "True", "TRUE", "yes", " true", ""),
    "string": ("", "x", " ", "A/RES/1/1"),
}


def _datatype_swaps(lex: str) -> list[str]:
    """The same lexical form under other datatypes (and as plain, language-tagged and xsd:string-typed text)."""
    out = [nt.literal(lex), nt.literal(lex, lang="en"), nt.literal(lex, lang="fr"), _raw(lex, nt.XSD_STRING)]
    out += [typed(lex, dt) for dt in ("integer", "decimal", "date", "dateTime", "anyURI", "boolean", "double",
                                       "nonNegativeInteger", "token")]
    return out


def _range_values(bound: int) -> list[str]:
    """Values around ``sh:minInclusive bound``: other numeric types, strings, ill-typed and special floats."""
    return [typed(str(bound - 1), "integer"), typed(str(bound), "integer"), typed(str(bound + 1), "integer"),
            typed(str(bound), "decimal"), typed("5", "decimal"), typed(f"{bound}.5", "decimal"),
            typed(f"{bound - 1}.5", "decimal"), typed(f"{bound}E0", "double"), typed("NaN", "double"),
            typed("INF", "double"), typed("-INF", "float"), typed(str(bound), "int"), typed(str(bound + 2), "long"),
            typed(str(bound), "nonNegativeInteger"), typed(str(bound - 1), "short"), typed("-0", "integer"),
            nt.literal(str(bound + 1)), typed("five", "integer"), _raw(str(bound + 1), nt.XSD_STRING),
            nt.literal(str(bound + 1), lang="en"), typed(f"{bound + 1}", "gYear"), nt.iri(f"{EX}{bound + 1}")]


def _lexical_variants(lex: str) -> list[str]:
    """Small edits that a pattern should notice (or not)."""
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in lex[:1]) + lex[1:]
    return [lex + " ", " " + lex, lex.upper(), lex.lower(), lex + "\n", lex + "/", lex[:-1], full, lex + "é", ""]


def _variant_iri(v: str) -> list[str]:
    text = v[1:-1]
    return [nt.iri(text + "/x"), nt.iri(text.upper()), nt.iri(text.replace("/", "%2F", 1)), nt.iri(EX + "elsewhere"),
            nt.iri(text.replace("https://", "http://"))]


def _same_term(v: str) -> list[str]:
    """Other spellings of the same RDF term (RDF 1.1 §3.3: one literal): xsd:string written out, an
    upper-case language tag, a character written as a ``\\u`` escape."""
    if not nt.is_literal(v):
        return []
    lex, lang, dt = nt.parts(v)
    out = []
    if dt == nt.XSD_STRING:
        out.append(_raw(lex, nt.XSD_STRING))
    if lang:
        out.append(nt.literal(lex) + "@" + lang.upper())
    if lex:
        code = f"\\u{ord(lex[0]):04X}" if ord(lex[0]) < 0x10000 else f"\\U{ord(lex[0]):08X}"
        out.append('"' + code + nt.literal(lex[1:])[1:] + v[v.rfind('"') + 1:])
    return out


def _distinct(v: str) -> str:
    """A second value of the same kind and datatype, different from ``v``."""
    if nt.is_iri(v):
        return nt.iri(v[1:-1] + "-2")
    if nt.is_bnode(v):
        return v + "x2"
    lex, lang, dt = nt.parts(v)
    if dt.startswith(XSD) and dt[len(XSD):] in ("integer", "nonNegativeInteger"):
        return typed(str(int(lex) + 1) if lex.lstrip("+-").isdigit() else "2", dt[len(XSD):])
    if lang:
        return nt.literal(lex + " bis", lang=lang)
    return nt.literal(lex + "2", datatype=None if dt == nt.XSD_STRING else dt)


class _Graph:
    """Triples indexed for the generator."""

    def __init__(self, triples: Sequence[Triple]) -> None:
        self.triples = list(triples)
        self.sp: dict[str, dict[str, list[str]]] = nt.Grouped(self.triples).subjects
        self.instances: dict[str, list[str]] = {}
        for s, p, o in self.triples:
            if p == TYPE:
                self.instances.setdefault(o, []).append(s)

    def objects(self, s: str, p: str) -> list[str]:
        return self.sp.get(s, {}).get(p, [])

    def types(self, s: str) -> list[str]:
        return self.objects(s, TYPE)

    def rename(self, old: str, new: str) -> tuple[tuple[Triple, ...], tuple[Triple, ...]]:
        """Every triple mentioning ``old`` (as subject or object), and the same with ``new``."""
        hit = tuple(t for t in self.triples if t[0] == old or t[2] == old)
        return hit, tuple((new if s == old else s, p, new if o == old else o) for s, p, o in hit)


def mutations(name: str, triples: Sequence[Triple], specs: Sequence[NodeSpec], *,
              focus_per_shape: int = 2) -> list[Mutation]:
    """Every mutation of one graph that the shapes suggest, for the first ``focus_per_shape`` focus
    nodes of each shape (sorted, so the list is the same on every run)."""
    g = _Graph(triples)
    targets = {c for spec in specs for c in spec.classes}
    out: list[Mutation] = []
    for spec in specs:
        focus_nodes = sorted({f for c in spec.classes for f in g.instances.get(c, ())})[:focus_per_shape]
        for f in focus_nodes:
            out += _node_mutations(name, g, spec, f, targets)
            for prop in spec.props:
                out += _property_mutations(name, g, spec, prop, f)
    return list(dict.fromkeys(out))


def _node_mutations(name: str, g: _Graph, spec: NodeSpec, f: str, targets: set[str]) -> list[Mutation]:
    out = []

    def m(kind: str, remove: Iterable[Triple] = (), add: Iterable[Triple] = (), term: str | None = None) -> None:
        out.append(Mutation(name, spec.name, kind, f, tuple(remove), tuple(add), term))

    for new in [nt.iri(f[1:-1] + "/x"), nt.iri(EX + "node"), "_:mutated", nt.iri(f[1:-1].replace("~", "-"))]:
        m("rename focus node", *g.rename(f, new), term=new)
    mine = [c for c in g.types(f) if c in spec.classes]
    for c in mine:
        m("untyped", [(f, TYPE, c)])
        sub = nt.iri(EX + "Sub" + c.rsplit("#", 1)[-1].rstrip(">"))
        m("typed through a data subclass", [(f, TYPE, c)], [(f, TYPE, sub), (sub, SUBCLASS, c)], sub)
        m("typed through a subclass chain", [(f, TYPE, c)],
          [(f, TYPE, sub + "2"), (sub + "2", SUBCLASS, sub), (sub, SUBCLASS, c)], sub)
        for other in sorted(targets - set(spec.classes))[:3]:
            m("retyped", [(f, TYPE, c)], [(f, TYPE, other)], other)
        m("second type", [], [(f, TYPE, sorted(targets - {c})[0])])
    return out


def _property_mutations(name: str, g: _Graph, spec: NodeSpec, prop: PropertySpec, f: str) -> list[Mutation]:
    out: list[Mutation] = []
    params = prop.params

    def m(kind: str, remove: Iterable[Triple] = (), add: Iterable[Triple] = (), term: str | None = None) -> None:
        out.append(Mutation(name, spec.name, kind, f, tuple(remove), tuple(add), term))

    if prop.kind == "sequence":  # ( eli:is_realized_by lod:text )
        first, second = prop.steps
        mids = g.objects(f, first)
        m("sequence: first step dropped", [(f, first, x) for x in mids])
        m("sequence: second step dropped", [(x, second, y) for x in mids for y in g.objects(x, second)])
        for x in mids[:1]:
            for y in g.objects(x, second)[:1]:
                m("sequence: value made plain", [(x, second, y)], [(x, second, nt.literal(nt.lexical(y)))])
        return out
    if prop.kind == "oneOrMore":  # [ sh:oneOrMorePath eli:is_part_of ] with a qualified shape
        step = prop.steps[0]
        parents = g.objects(f, step)
        for p in parents[:1]:
            m("chain cut", [(f, step, p)], [(f, step, nt.iri(EX + "nowhere"))])
            m("chain loop", [(f, step, p)], [(f, step, f)])
            m("chain into a literal", [(f, step, p)], [(f, step, nt.literal(nt.lexical(p)))])
            grand = g.objects(p, step)
            if grand:
                m("chain cut one step up", [(p, step, x) for x in grand])
            qpath, _ = params["qualifiedValueShape"]
            top = p
            seen = {f}
            while g.objects(top, step) and top not in seen:
                seen.add(top)
                top = g.objects(top, step)[0]
            m("chain end loses its property", [(top, qpath, x) for x in g.objects(top, qpath)])
            m("chain end gets a second value", [], [(top, qpath, nt.iri(EX + "another"))])
        return out
    preds = [p for p in prop.steps if g.objects(f, p)] or list(prop.steps[:1])
    for p in preds:
        values = g.objects(f, p)
        if values:
            m("drop all values", [(f, p, v) for v in values])
        if len(values) > 1:
            m("drop one value", [(f, p, values[-1])])
        for v in values[:1]:
            d = _distinct(v)
            m("second distinct value", [], [(f, p, d)], d)
            for same in _same_term(v):
                m("the same term spelled differently", [], [(f, p, same)], same)
                m("value respelled", [(f, p, v)], [(f, p, same)], same)
            for new in _replacements(g, spec, prop, f, v):
                m("value replaced", [(f, p, v)], [(f, p, new)], new)
            if "class" in params or "or" in params:
                for c in g.types(v):
                    m("value loses its type", [(v, TYPE, c)])
                    sub = nt.iri(EX + "Sub")
                    m("value typed through a data subclass", [(v, TYPE, c)], [(v, TYPE, sub), (sub, SUBCLASS, c)], sub)
        if not values:
            for new in _replacements(g, spec, prop, f, None):
                m("value added", [], [(f, p, new)], new)
        if len(prop.steps) > 1:  # an alternative path: the value under the other predicate too, or instead
            for other in prop.steps:
                if other != p:
                    m("alternative: both predicates", [], [(f, other, v) for v in values])
                    m("alternative: the other predicate", [(f, p, v) for v in values], [(f, other, v) for v in values])
    return out


def _replacements(g: _Graph, spec: NodeSpec, prop: PropertySpec, f: str, v: str | None) -> list[str]:
    """Values to put in place of ``v`` (or to add when the focus node has none), per constraint."""
    params = prop.params
    out: list[str] = []
    if v is not None:
        if nt.is_literal(v):
            lex, lang, dt = nt.parts(v)
            out += _datatype_swaps(lex)
            out += [nt.iri(EX + "x"), "_:value"]
            if "pattern" in params:
                out += [nt.literal(x, lang=lang, datatype=None if dt in (nt.XSD_STRING, nt.LANG_STRING) else dt)
                        for x in _lexical_variants(lex)]
        else:
            text = nt.lexical(v)
            out += [nt.literal(text), typed(text, "anyURI"), "_:value"]
            if "pattern" in params:
                out += _variant_iri(v)
    dt = params.get("datatype")
    if isinstance(dt, str) and dt.startswith("<" + XSD):
        local = dt[len(XSD) + 1:-1]
        out += [typed(x, local) if local != "string" else nt.literal(x) for x in LEXICAL.get(local, ())]
    if dt == "<" + nt.LANG_STRING + ">":
        out += [nt.literal("texte", lang=t) for t in ("en", "EN", "en-GB", "de", "zh-Hans", "x-klingon")]
        out += [nt.literal(""), nt.literal("", lang="en")]
    if "minInclusive" in params:
        out += _range_values(int(params["minInclusive"]))
    if "minLength" in params and v is not None and nt.is_literal(v):
        lex, lang, dtype = nt.parts(v)
        out += [nt.literal("", lang=lang, datatype=None if lang else dtype), nt.literal("x", lang=lang,
                                                                                      datatype=None if lang else dtype)]
    if "languageIn" in params:
        lex = nt.lexical(v) if v is not None and nt.is_literal(v) else "texte"
        out += [nt.literal(lex) + "@" + t for t in ("en", "EN", "En-Gb", "en-GB", "de", "zh-Hans", "ar-EG", "fr-CA",
                                                      "es-419", "i-klingon")]
    if "in" in params:
        allowed = params["in"]
        for a in allowed[:2]:
            if nt.is_iri(a):
                out += [nt.literal(nt.lexical(a)), nt.iri(nt.lexical(a).replace("#", "#X")), nt.iri(nt.lexical(a) + "/")]
            else:
                lex = nt.lexical(a)
                out += [_raw(lex, nt.XSD_STRING), nt.literal(lex, lang="en"), nt.literal(lex.upper()),
                        typed(lex, "token"), nt.iri(EX + lex)]
        out += allowed[-1:]
    if "class" in params or "or" in params:
        wanted = {params["class"]} if "class" in params else set(params["or"])
        others = sorted({c for c in g.instances if c not in wanted})
        for c in others:
            nodes = [n for n in g.instances[c] if n != f]
            if nodes:
                out.append(sorted(nodes)[0])
        for c in sorted(wanted):
            nodes = [n for n in g.instances.get(c, ()) if n != f and n != v]
            if nodes:
                out.append(sorted(nodes)[0])
        out += [nt.iri(EX + "unknown"), f]
    if "nodeKind" in params and v is not None and nt.is_iri(v):
        out += [nt.literal(v[1:-1]), "_:bnode"]
    return list(dict.fromkeys(x for x in out if x != v))


# ---------------------------------------------------------------------------------------------- verdicts

@dataclass(frozen=True)
class Departure:
    """A place where pyshacl departs from XSD 1.1 Part 2, RDF 1.1 or XPath, and the compiled engine
    follows the standard (the right behaviour, documented in docs/validation.md). A mutation whose
    new ``term`` it ``covers`` may get different verdicts, on the ``components`` named only."""

    name: str
    why: str
    components: frozenset[str]
    terms: frozenset[str] = frozenset()  # the lexical forms (as typed literals) it is about, if listed
    rewritten_by_rdflib: bool = False  # covers any typed literal whose lexical form rdflib rewrites
    final_newline: bool = False  # covers any literal or IRI text ending with a newline

    def covers(self, term: str) -> bool:
        if term in self.terms:
            return True
        if self.final_newline and nt.lexical(term).endswith("\n"):
            return True
        if self.rewritten_by_rdflib and nt.is_literal(term):
            lex, lang, dt = nt.parts(term)
            if lang is None and dt != nt.XSD_STRING:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return str(Literal(lex, datatype=URIRef(dt))) != lex
        return False


_DT = frozenset({"DatatypeConstraintComponent"})
_DT_MIN = frozenset({"DatatypeConstraintComponent", "MinInclusiveConstraintComponent"})

DEPARTURES: tuple[Departure, ...] = (
    Departure("date with a time", "rdflib reads an xsd:dateTime lexical form as an xsd:date (XSD: a date has no "
              "time part)", _DT, frozenset({typed("2025-01-01T00:00:00", "date")})),
    Departure("lower-case time zone", "rdflib accepts a lower-case z as the UTC time zone of an xsd:date "
              "(XSD §3.3.9: only Z)", _DT, frozenset({typed("2025-01-01z", "date")})),
    Departure("time zone beyond 14:00", "rdflib accepts a time-zone offset beyond ±14:00 (XSD §3.3.7: "
              "-14:00 to +14:00)", _DT,
              frozenset({typed("2025-01-01+15:00", "date"), typed("2025-01-01T10:00:00+15:00", "dateTime")})),
    Departure("five-digit year", "rdflib rejects a year of five digits (XSD: four digits or more)", _DT,
              frozenset({typed("12025-01-01", "date")})),
    Departure("year before 1", "rdflib (Python's datetime) rejects years before 1 (XSD 1.1 allows negative "
              "years and 0000, which is 1 BCE)", _DT,
              frozenset({typed("-0044-03-15", "date"), typed("-0044-03-15T12:00:00Z", "dateTime"),
                         typed("0000-01-01", "date")})),
    Departure("24:00:00", "rdflib rejects 24:00:00 (XSD 1.1 §3.3.7: allowed, the first instant of the next day)",
              _DT, frozenset({typed("2025-01-01T24:00:00Z", "dateTime")})),
    Departure("ISO 8601 forms XSD lacks", "rdflib (Python's fromisoformat) accepts ISO 8601 forms XSD does not: "
              "no seconds, a lower-case t, a space, a date alone, a comma or an empty fraction", _DT,
              frozenset(typed(x, "dateTime") for x in ("2025-01-01T10:00Z", "2025-01-01t10:00:00Z", "2025-01-01",
                                                        "2025-01-01T10:00:00.Z", "2025-01-01 10:00:00Z",
                                                        "2025-01-01T10:00:00,5Z"))),
    Departure("integers Python reads", "rdflib (Python's int) accepts spaces, underscores and non-ASCII digits "
              "(XSD: ASCII digits; an RDF literal's lexical form is not whitespace-collapsed)", _DT_MIN,
              frozenset(typed(x, "integer") for x in (" 1", "1 ", "١", "1_0", "９"))),
    Departure("decimals Python reads", "rdflib (Python's Decimal) accepts exponents, NaN, INF and spaces as "
              "xsd:decimal (XSD: digits with at most one point)", _DT_MIN,
              frozenset(typed(x, "decimal") for x in ("1e3", "INF", " 5"))),
    Departure("NaN decimal", "pyshacl raises decimal.InvalidOperation comparing \"NaN\"^^xsd:decimal with an "
              "sh:minInclusive bound (rdflib reads the ill-typed NaN as a Decimal); XSD: NaN is no decimal, so a "
              "datatype violation and a failed comparison", _DT_MIN | {"InvalidOperation"},
              frozenset({typed("NaN", "decimal")})),
    Departure("rewritten lexical form", "rdflib rewrites a typed literal's lexical form to the canonical one of its "
              "value (\"1\"^^xsd:boolean reads \"true\", an ill-typed boolean \"false\", \"01\"^^xsd:integer "
              "\"1\"): sh:pattern and sh:minLength then read a text that is not in the data (SHACL: str(v), "
              "the lexical form as written), and two distinct terms can become one for sh:maxCount",
              frozenset({"PatternConstraintComponent", "MinLengthConstraintComponent", "MaxCountConstraintComponent"}),
              rewritten_by_rdflib=True),
    Departure("$ before a final newline", "pyshacl matches sh:pattern with Python's re, whose $ also matches "
              "before a final newline (XPath fn:matches: $ is the end of the text)",
              frozenset({"PatternConstraintComponent"}), final_newline=True),
)


def departure(term: str | None, compiled: set[Key], reference: set[Key]) -> Departure | None:
    """The documented departure that explains why the verdicts differ for a mutation introducing
    ``term``: one that covers the term and names every component on which they differ; else None."""
    if term is None:
        return None
    differ = {k[2] for k in compiled ^ reference}
    return next((d for d in DEPARTURES if d.covers(term) and differ <= d.components), None)


CRASH = "pyshacl raised"  # the focus of the one key pyshacl's verdict has when it raises


def _keys_compiled(triples: Sequence[Triple]) -> set[Key]:
    from lod.validate.validation import validate_triples

    return {(r.focus, r.path if r.path and not r.path.startswith("_:") and "://" in r.path else None,
             r.component.rsplit("#", 1)[-1]) for r in validate_triples(triples).results}


def _keys_pyshacl(triples: Sequence[Triple]) -> set[Key]:
    from lod.rdf.graph import graph_of
    from lod.validate.validation import validate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            report = validate(graph_of(triples))
        except Exception as exc:  # noqa: BLE001 - pyshacl's own crash is a verdict to compare too
            return {(CRASH, None, type(exc).__name__)}
    return {(r.focus, r.path if r.path and "://" in r.path else None, r.component.rsplit("#", 1)[-1])
            for r in report.results}


logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)  # "Failed to convert Literal lexical form": expected here


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    compiled: frozenset[Key]
    reference: frozenset[Key]
    why: Departure | None  # the documented departure, when the verdicts differ

    @property
    def agree(self) -> bool:
        return self.compiled == self.reference

    def text(self) -> str:
        only_c = sorted(self.compiled - self.reference)
        only_p = sorted(self.reference - self.compiled)
        return f"{self.mutation}\n    compiled only: {only_c}\n    pyshacl only: {only_p}"


def compare(mutation: Mutation, triples: Sequence[Triple]) -> Outcome:
    mutated = mutation.apply(triples)
    compiled, reference = _keys_compiled(mutated), _keys_pyshacl(mutated)
    why = None if compiled == reference else departure(mutation.term, compiled, reference)
    return Outcome(mutation, frozenset(compiled), frozenset(reference), why)


def sample(items: Sequence[Mutation], n: int, seed: int) -> list[Mutation]:
    """``n`` of ``items`` chosen with a fixed seed (the same sample on every run), in their order."""
    if n >= len(items):
        return list(items)
    chosen = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in chosen]


def all_mutations(graphs: dict[str, list[Triple]], specs: Sequence[NodeSpec], *,
                  focus_per_shape: int = 2) -> Iterator[tuple[Mutation, list[Triple]]]:
    for name, triples in graphs.items():
        for mutation in mutations(name, triples, specs, focus_per_shape=focus_per_shape):
            yield mutation, triples
