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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Store, Triple

from lod.serve.catalogue import local_name

__all__ = ["Cite", "Citer", "DocView", "NoteRef", "Part", "cited_by", "describe", "document_view", "exists", "graph_names",
           "label_of", "part_of_work", "same_as_closure"]

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ELI = "http://data.europa.eu/eli/ontology#"
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
_LOD = "https://w3id.org/un-lod/ontology#"
_NUM = re.compile(r"(\d+)|([A-Za-z]+)")


def exists(store: Store, iri: str) -> bool:
    """True when ``iri`` is the subject of a triple or the name of a graph (False for a malformed IRI)."""
    try:
        node = NamedNode(iri)
    except ValueError:
        return False
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
    # the resource, its blank nodes, and the hash IRIs of the same document (``{iri}#cit_1``,
    # ``{iri}#noteref_1``): a client dereferencing ``…#cit_1`` asks for ``iri`` and looks there
    own = iri + "#"
    todo: list[NamedNode | BlankNode] = [node]
    done: set[object] = set()
    while todo:
        subject = todo.pop()
        if subject in done:
            continue
        done.add(subject)
        for q in store.quads_for_pattern(subject, None, None):
            add(q)
            if isinstance(q.object, BlankNode) or (isinstance(q.object, NamedNode) and q.object.value.startswith(own)):
                todo.append(q.object)
    return out


def label_of(store: Store, iri: str) -> str:
    """A human label for ``iri``: its title, label or name if any, else its local name."""
    for q in store.quads_for_pattern(NamedNode(iri), None, None):
        if local_name(q.predicate.value) in ("prefLabel", "label", "title", "name") and isinstance(q.object, Literal):
            return q.object.value
    return local_name(iri) or iri


def actor_label(iri: str, language: str) -> str:
    """The gazetteer's label for an actor IRI (``…/organization/un/{code}``), in ``language`` if it has one."""
    entry = _actor(iri)
    return entry.label(language) if entry else ""


def actor_link(iri: str) -> str | None:
    """Where to send people for an actor we hold no description of: its Wikidata item, if known."""
    entry = _actor(iri)
    if entry is None or not entry.wikidata:
        return None
    return entry.wikidata if entry.wikidata.startswith("http") else f"http://www.wikidata.org/entity/{entry.wikidata}"


def _actor(iri: str):  # type: ignore[no-untyped-def]
    if "/organization/" not in iri:
        return None
    from lod.enrich.gazetteer import load_gazetteer

    return load_gazetteer().get(local_name(iri))


@dataclass(frozen=True)
class Cite:
    """A citation inside a paragraph: characters ``start:end`` of its text link to ``href``."""

    start: int
    end: int
    text: str
    target: str | None
    symbol: str | None
    kind: str = ""
    iri: str = ""  # the citation's own IRI (``{text unit}#cit_1``)


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
    links: tuple[tuple[str, str, str, bool, str | None], ...] = ()  # (property, IRI, label, held here, outside link)
    children: list[Part] = field(default_factory=list, compare=False)
    refs: list[NoteRef] = field(default_factory=list, compare=False)  # footnote markers in the text


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
    markers: dict[str, str] = field(default_factory=dict)  # note eId -> marker


def _natural(eid: str) -> tuple[object, ...]:
    return tuple(int(n) if n else w for n, w in _NUM.findall(eid))


@dataclass(frozen=True)
class NoteRef:
    """A footnote marker at ``offset`` in a part's text, pointing at the note with ``eid``."""

    offset: int
    marker: str
    eid: str


def _number(kind: str, number: str, eid: str, language: str) -> str:
    """The printed number: ``13.`` for paragraphs, ``(a)`` (``a)`` in French) for points."""
    last = eid.rsplit("__", 1)[-1]
    if not number:
        number = last.split("_", 1)[1] if "_" in last and not last.startswith(("p_", "note_")) else ""
    if not number or eid.startswith(("preamble", "note_")):
        return ""
    if kind in ("Point", "SubParagraph") or last.startswith("point_"):
        return f"{number})" if language == "fr" else f"({number})"
    if kind in ("Section",) or last.startswith("sec_"):
        return number
    return f"{number}."


def document_view(store: Store, expression: str, *, work: str = "", symbol: str = "", date: str = "", body: str = "", language: str = "",
                  quads: Iterable[Quad] | None = None) -> DocView:
    """Arrange the expression graph ``expression`` as a document (see module docstring).

    Reads the shape ``lod build`` writes: a text unit per part in the expression
    (``text``, ``phrase``, ``hasCitation``, ``hasNoteReference``) realising a
    work-level portion (``eId``, ``position``, ``number``, type, ``addressee``),
    and also parts that carry ``eId`` and ``text`` themselves. ``quads``: the graph's quads when the caller
    has them (read from the build's file: faster than the store), else they are read from ``store``.
    """
    graph = NamedNode(expression)
    props: dict[object, dict[str, list[object]]] = {}
    for q in quads if quads is not None else store.quads_for_pattern(None, None, None, graph):
        props.setdefault(q.subject, {}).setdefault(local_name(q.predicate.value), []).append(q.object)

    def lit(node: object, *names: str) -> str:
        p = props.get(node, {})
        for n in names:
            values = [v for v in p.get(n, []) if isinstance(v, Literal)]
            preferred = [v for v in values if v.language == language] or values
            if preferred:
                return preferred[0].value
        return ""

    def label(node: object) -> str:
        return lit(node, "prefLabel", "label", "name", "title") if isinstance(node, NamedNode) else ""

    def iris(node: object, *names: str) -> list[NamedNode]:
        p = props.get(node, {})
        return [v for n in names for v in p.get(n, []) if isinstance(v, NamedNode)]

    parts: dict[str, Part] = {}
    notes_marker: dict[str, str] = {}
    pending_refs: list[tuple[str, int, str, object]] = []
    for node, p in props.items():
        if not isinstance(node, NamedNode) or "text" not in p:
            continue
        portion = next(iter(iris(node, "realizes")), node)
        eid = lit(node, "eId") or lit(portion, "eId")
        if not eid:
            continue
        text = lit(node, "text")
        kinds = [local_name(t.value) for t in iris(portion, "type") + iris(node, "type") if local_name(t.value) != "TextUnit"]
        kind = kinds[0] if kinds else ""
        phrase = lit(node, "phrase") or next((label(v) for v in iris(node, "phrase")), "")
        cites = []
        for c in iris(node, "hasCitation", "citation") + [b for b in p.get("citation", []) if isinstance(b, BlankNode)]:
            ctext = lit(c, "citedText", "text")
            target = next((t.value for t in iris(c, "citationTarget", "target")), None)
            csym = lit(c, "targetSymbol") or None
            ckind = lit(c, "citationKind")
            s_, e_ = lit(c, "offset", "start"), lit(c, "endOffset", "end")
            if s_.isdigit() and e_.isdigit():
                start, end = int(s_), int(e_)
            elif ctext and ctext in text:
                start = text.index(ctext)
                end = start + len(ctext)
            else:
                continue
            if 0 <= start < end <= len(text):
                cites.append(Cite(start, end, text[start:end], target, csym, ckind, c.value if isinstance(c, NamedNode) else ""))
        for ref in iris(node, "hasNoteReference"):
            off = lit(ref, "offset")
            note = next(iter(iris(ref, "refersToNote")), None)
            marker = lit(ref, "marker")
            if off.isdigit() and note is not None:
                pending_refs.append((eid, int(off), marker, note))
        roles = ("addressee", "proponent", "mentions", "actor")
        found = [(name, v.value, label(v) or actor_label(v.value, language) or label_of(store, v.value),
                  exists(store, v.value), actor_link(v.value))
                 for name in roles for v in iris(portion, name) + iris(node, name)]
        folded = text.casefold()

        def in_text(link: tuple[str, str, str, bool, str | None]) -> tuple[int, int, str, str]:
            at = folded.find(link[2].casefold()) if link[2] else -1  # as the text names them, then by label
            return roles.index(link[0]), at if at >= 0 else len(folded), link[2], link[1]

        links = tuple(sorted(found, key=in_text))
        position = lit(portion, "position") or lit(node, "position")
        parts[eid] = Part(
            iri=node.value, eid=eid, kind=kind,
            num=_number(kind, lit(portion, "number", "num") or lit(node, "num"), eid, language),
            phrase=phrase, text=text, marker=lit(portion, "marker") or lit(node, "marker"),
            position=int(position) if position.isdigit() else 0,
            cites=tuple(sorted(cites, key=lambda c: c.start)), links=links,
        )
    note_eids = {}
    for eid_, at, marker, note in pending_refs:
        neid = lit(note, "eId") or (note.value.rsplit("~", 1)[-1] if isinstance(note, NamedNode) else "")
        note_eids[neid] = marker
        parts[eid_].refs.append(NoteRef(at, marker, neid))
    for neid, marker in note_eids.items():
        if neid in parts and not parts[neid].marker:
            notes_marker[neid] = marker
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
    realizes = [v.value for v in iris(enode, "realizes", "exampleOfWork")]
    return DocView(
        expression=expression,
        work=work or (realizes[0] if realizes else ""),
        title=lit(enode, "title", "legislationName", "name"),
        symbol=symbol,
        date=date,
        body=body,
        language=language,
        formula=lit(enode, "formula"),
        preamble=tuple(p for p in top if p.eid.startswith("preamble")),
        operative=tuple(p for p in top if not p.eid.startswith(("preamble", "note_", "att_"))),
        footnotes=tuple(p for p in sorted(top, key=lambda p: (p.eid != "note_star", _natural(p.eid))) if p.eid.startswith("note_")),
        annexes=tuple(p for p in top if p.eid.startswith("att_")),
        parts=parts,
        markers={**{p.eid: p.marker for p in parts.values() if p.marker}, **notes_marker},
    )


def same_as_closure(store: Store, iri: str, *, hops: int = 2, limit: int = 64,
                    graph: DefaultGraph | None = None) -> list[str]:
    """IRIs joined to ``iri`` by ``owl:sameAs`` (either direction), at most ``hops`` away, at most ``limit``.

    A cited ``…/un-sc/2016/2331`` is ``owl:sameAs`` the published ``…/un-sc/2016-12-20/2331`` in the
    links graph; a work is ``owl:sameAs`` its date-free alias ``…/id/symbol/S-RES-2331(2016)``.
    ``graph=DefaultGraph()`` reads the default graph only, when it holds the union of the named graphs
    as a set (docs/layout.md): each citing graph repeats an alias's ``owl:sameAs``, so across all graphs
    a much-cited IRI has one such quad per citing document (4 ms a look-up at 1,000 documents).
    """
    same = NamedNode(_SAME_AS)
    try:
        start = NamedNode(iri)
    except ValueError:
        return []
    seen: dict[str, None] = {iri: None}
    frontier = [start]
    for _ in range(hops):
        following: list[NamedNode] = []
        for node in frontier:
            for q in (*store.quads_for_pattern(node, same, None, graph), *store.quads_for_pattern(None, same, node, graph)):
                for other in (q.subject, q.object):
                    if isinstance(other, NamedNode) and other.value not in seen and len(seen) <= limit:
                        seen[other.value] = None
                        following.append(other)
        frontier = following
    return list(seen)[1:]


def part_of_work(store: Store, iri: str, work_of: Callable[[str], str | None], *, depth: int = 12) -> str | None:
    """The published work ``iri`` is or belongs to: ``work_of`` applied up its ``eli:is_part_of`` /
    ``eli:realizes`` chain (a point → its paragraph → the work; a text unit → its expression → the work)."""
    up = (NamedNode(_ELI + "is_part_of"), NamedNode(_ELI + "realizes"))
    node = iri
    for _ in range(depth):
        work = work_of(node)
        if work is not None:
            return work
        try:
            subject = NamedNode(node)
        except ValueError:
            return None
        parent = next((q.object.value for p in up for q in store.quads_for_pattern(subject, p, None)
                       if isinstance(q.object, NamedNode)), None)
        if parent is None:
            break
        node = parent
    return work_of(iri.split("/!", 1)[0]) if "/!" in iri else None


@dataclass(frozen=True)
class Citer:
    """Something that cites a work: a published work itself (``eid`` empty) or one of its parts."""

    iri: str
    work: str
    eid: str
    kind: str


def cited_by(store: Store, targets: Iterable[str], work_of: Callable[[str], str | None], *, limit: int = 2_000) -> list[Citer]:
    """Who cites any of ``targets`` (a work and the IRIs that name it): subjects of ``?x eli:cites <target>``
    that are published works or parts of one, at most ``limit``."""
    cites = NamedNode(_ELI + "cites")
    eid_p, type_p = NamedNode(_LOD + "eId"), NamedNode(_TYPE)
    found: dict[str, Citer] = {}
    for target in targets:
        try:
            node = NamedNode(target)
        except ValueError:
            continue
        for q in store.quads_for_pattern(None, cites, node):
            x = q.subject
            if len(found) >= limit:
                return list(found.values())  # stop reading: a much-cited work has thousands of citers
            if not isinstance(x, NamedNode) or x.value in found:
                continue
            work = part_of_work(store, x.value, work_of)
            if work is None:
                continue
            eid = next((e.object.value for e in store.quads_for_pattern(x, eid_p, None) if isinstance(e.object, Literal)), "")
            kinds = [local_name(t.object.value) for t in store.quads_for_pattern(x, type_p, None) if isinstance(t.object, NamedNode)]
            kind = next((k for k in kinds if k not in ("Part", "TextUnit")), "")
            found[x.value] = Citer(x.value, work, "" if x.value == work else eid, kind)
    return list(found.values())
