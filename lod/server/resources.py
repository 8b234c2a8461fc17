"""Read resources out of the store: existence, RDF descriptions and document views.

Everything here is read by property *local name* (``eId``, ``text``,
``num``…), so pages follow the data rather than one fixed vocabulary.

* :func:`describe` gives the triples served for an IRI: a whole named graph
  for an expression IRI (the document in one language), otherwise the
  resource's own triples (all graphs, de-duplicated) plus its blank nodes.
* :func:`document_view` turns an expression graph into a :class:`DocView`:
  preamble, operative part (with points nested by eId), footnotes, citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, Triple

from lod.server.catalogue import local_name

__all__ = ["Cite", "DocView", "Part", "describe", "document_view", "exists", "graph_names", "label_of"]

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NUM = re.compile(r"(\d+)|([A-Za-z]+)")


def exists(store: Store, iri: str) -> bool:
    """True when ``iri`` is the subject of a triple or the name of a graph."""
    node = NamedNode(iri)
    return next(iter(store.quads_for_pattern(node, None, None)), None) is not None or store.contains_named_graph(node)


def graph_names(store: Store) -> set[str]:
    return {g.value for g in store.named_graphs() if isinstance(g, NamedNode)}


def describe(store: Store, iri: str, *, whole_graph: bool = False, limit: int = 100_000) -> list[Triple]:
    """The triples served for ``iri`` (see module docstring), de-duplicated, at most ``limit``."""
    node = NamedNode(iri)
    seen: set[Triple] = set()
    out: list[Triple] = []

    def add(q: Quad) -> None:
        t = q.triple
        if t not in seen and len(out) < limit:
            seen.add(t)
            out.append(t)

    if whole_graph:
        for q in store.quads_for_pattern(None, None, None, node):
            add(q)
        return out
    todo: list[NamedNode | BlankNode] = [node]
    done: set[object] = set()
    while todo:
        subject = todo.pop()
        if subject in done:
            continue
        done.add(subject)
        for q in store.quads_for_pattern(subject, None, None):
            add(q)
            if isinstance(q.object, BlankNode):
                todo.append(q.object)
    return out


def label_of(store: Store, iri: str) -> str:
    """A human label for ``iri``: its title, label or name if any, else its local name."""
    for q in store.quads_for_pattern(NamedNode(iri), None, None):
        if local_name(q.predicate.value) in ("prefLabel", "label", "title", "name") and isinstance(q.object, Literal):
            return q.object.value
    return local_name(iri) or iri


@dataclass(frozen=True)
class Cite:
    """A citation inside a paragraph: characters ``start:end`` of its text link to ``href``."""

    start: int
    end: int
    text: str
    target: str | None
    symbol: str | None


@dataclass(frozen=True)
class Part:
    """One addressable part of a document (a paragraph, point, footnote…)."""

    iri: str
    eid: str
    kind: str
    num: str
    phrase: str
    text: str
    marker: str
    position: int
    cites: tuple[Cite, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (property local name, IRI) e.g. addressees
    children: list[Part] = field(default_factory=list, compare=False)


@dataclass(frozen=True)
class DocView:
    """A document (one expression graph) arranged for reading."""

    expression: str
    work: str
    title: str
    symbol: str
    date: str
    body: str
    language: str
    formula: str
    preamble: tuple[Part, ...]
    operative: tuple[Part, ...]
    footnotes: tuple[Part, ...]
    annexes: tuple[Part, ...]
    parts: dict[str, Part]


def _natural(eid: str) -> tuple[object, ...]:
    return tuple(int(n) if n else w for n, w in _NUM.findall(eid))


def _literal(values: list[object], *names: str) -> str:
    return next((v.value for v in values if isinstance(v, Literal)), "") if values else ""


def document_view(store: Store, expression: str, *, work: str = "", symbol: str = "", date: str = "", body: str = "", language: str = "") -> DocView:
    """Arrange the expression graph ``expression`` as a document (see module docstring)."""
    graph = NamedNode(expression)
    props: dict[object, dict[str, list[object]]] = {}
    for q in store.quads_for_pattern(None, None, None, graph):
        props.setdefault(q.subject, {}).setdefault(local_name(q.predicate.value), []).append(q.object)

    def first(node: object, *names: str) -> str:
        p = props.get(node, {})
        for n in names:
            for v in p.get(n, []):
                if isinstance(v, Literal):
                    return v.value
        return ""

    parts: dict[str, Part] = {}
    for node, p in props.items():
        if not isinstance(node, NamedNode) or "eId" not in p:
            continue
        cites = []
        text = first(node, "text", "content", "value")
        links = []
        for name, values in p.items():
            for v in values:
                if name in ("citation", "hasCitation", "citations") and v in props:
                    c = props[v]
                    ctext = first(v, "text", "label")
                    target = next((t.value for n in ("target", "cites", "citedResource", "refersTo") for t in c.get(n, []) if isinstance(t, NamedNode)), None)
                    csym = first(v, "targetSymbol", "symbol", "identifier") or None
                    start_s, end_s = first(v, "start", "startOffset", "begin"), first(v, "end", "endOffset")
                    if start_s.isdigit() and end_s.isdigit():
                        start, end = int(start_s), int(end_s)
                    elif ctext and ctext in text:
                        start = text.index(ctext)
                        end = start + len(ctext)
                    else:
                        continue
                    if 0 <= start < end <= len(text):
                        cites.append(Cite(start, end, text[start:end], target, csym))
                elif isinstance(v, NamedNode) and name in ("addressee", "proponent", "mentions", "sponsor", "actor", "refersTo"):
                    links.append((name, v.value))
        position = first(node, "position", "order", "index")
        eid = first(node, "eId")
        types = [local_name(t.value) for t in p.get(_TYPE[_TYPE.rfind("#") + 1 :], []) if isinstance(t, NamedNode)]
        parts[eid] = Part(
            iri=node.value, eid=eid, kind=types[0] if types else "", num=first(node, "num"), phrase=first(node, "phrase"),
            text=text, marker=first(node, "marker"), position=int(position) if position.isdigit() else 0,
            cites=tuple(sorted(cites, key=lambda c: c.start)), links=tuple(links),
        )
    ordered = sorted(parts.values(), key=lambda x: (x.position, _natural(x.eid)))
    top: list[Part] = []
    for part in ordered:
        parent = None
        eid = part.eid
        while "__" in eid and parent is None:
            eid = eid.rsplit("__", 1)[0]
            parent = parts.get(eid)
        if parent is not None:
            parent.children.append(part)
        else:
            top.append(part)
    enode = NamedNode(expression)
    title = first(enode, "title", "legislationName", "name")
    realizes = [v.value for n in ("realizes", "exampleOfWork") for v in props.get(enode, {}).get(n, []) if isinstance(v, NamedNode)]
    return DocView(
        expression=expression,
        work=work or (realizes[0] if realizes else ""),
        title=title,
        symbol=symbol,
        date=date,
        body=body,
        language=language,
        formula=first(enode, "formula"),
        preamble=tuple(p for p in top if p.eid.startswith("preamble")),
        operative=tuple(p for p in top if not p.eid.startswith(("preamble", "note_", "att_"))),
        footnotes=tuple(p for p in top if p.eid.startswith("note_")),
        annexes=tuple(p for p in top if p.eid.startswith("att_")),
        parts=parts,
    )
