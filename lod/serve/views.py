"""Building the HTML page and the RDF description of one resource (used by the ``resource`` route)."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Store

from lod.sparql.formats import RDF_FORMATS
from lod.serve import pages
from lod.serve.catalogue import local_name, split_expression
from lod.serve.resources import describe, document_view, exists, label_of
from lod.serve.state import State
from lod.serve.urls import UrlMap

__all__ = ["in_ontology", "ontology_triples", "page", "realizations", "same_as"]

DATA_OFFERS = tuple(f for f in RDF_FORMATS if not f.quads)


def realizations(store: Store, iri: str) -> dict[str, str]:
    """Language → IRI of the expression-level parts that realise the work-level part ``iri``."""
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(NamedNode(iri), None, None):
        if local_name(q.predicate.value) == "is_realized_by" and isinstance(q.object, NamedNode):
            split = split_expression(q.object.value.split("/!", 1)[0])
            if split:
                out.setdefault(split[1], q.object.value)
    return out


def same_as(store: Store, iri: str) -> str | None:
    try:
        node = NamedNode(iri)
    except ValueError:
        return None
    for q in store.quads_for_pattern(None, NamedNode("http://www.w3.org/2002/07/owl#sameAs"), node):
        if isinstance(q.subject, NamedNode):
            return q.subject.value
    return None


def in_ontology(st: State, iri: str) -> bool:
    try:
        node = NamedNode(iri)
    except ValueError:
        return False
    return next(iter(st.ontology.quads_for_pattern(node, None, None)), None) is not None or (
        not iri.endswith("#") and next(iter(st.ontology.quads_for_pattern(NamedNode(iri + "#"), None, None)), None) is not None
    ) or any(q.subject.value.startswith(iri + "#") for q in st.ontology.quads_for_pattern(None, None, None)
             if isinstance(q.subject, NamedNode) and iri.endswith("ontology"))


def ontology_triples(st: State, iri: str) -> list:  # type: ignore[type-arg]
    owl_ontology = any(local_name(q.object.value) == "Ontology" for q in st.ontology.quads_for_pattern(NamedNode(iri), None, None)
                       if isinstance(q.object, NamedNode))
    if owl_ontology or iri.endswith("ontology"):
        return [q.triple for q in st.ontology]  # the ontology document: everything
    return [q.triple for q in st.ontology.quads_for_pattern(NamedNode(iri), None, None)]


def page(st: State, urls: UrlMap, iri: str) -> str:
    alt = "".join(f'<link rel="alternate" type="{f.media_type}" href="{urls.local(iri, fmt=f.extension)}">' for f in DATA_OFFERS)

    def href(target: str | None, symbol: str | None) -> str:
        if target and exists(st.store, target):
            return urls.local(target)
        if symbol and "/" in symbol:
            return f"https://undocs.org/{symbol}"
        return target or "#"

    doc = st.catalogue.by_expression.get(iri)
    if doc is not None:
        view = document_view(st.store, iri, work=doc.work, symbol=doc.symbol, date=doc.date, body=doc.body_label, language=doc.language)
        alt += "".join(f'<link rel="alternate" hreflang="{d.language}" href="{urls.local(d.expression)}">' for d in st.catalogue.by_work[doc.work])
        return pages.document_page(urls, view, st.catalogue.by_work[doc.work], href, alternates=alt)
    node = NamedNode(iri)
    graphs = {q.graph_name.value for q in st.store.quads_for_pattern(node, None, None) if isinstance(q.graph_name, NamedNode)}
    for g in graphs:
        gdoc = st.catalogue.by_expression.get(g)
        if gdoc is None:
            continue
        view = document_view(st.store, g, work=gdoc.work, symbol=gdoc.symbol, date=gdoc.date, body=gdoc.body_label, language=gdoc.language)
        part = next((p for p in view.parts.values() if p.iri == iri), None)
        if part is not None:
            return pages.part_page(urls, view, part, href, alternates=alt)
    source = st.store if exists(st.store, iri) else st.ontology
    rows = []
    for t in describe(source, iri) if source is st.store else ontology_triples(st, iri):
        if t.subject != node and source is st.store:
            continue
        o = t.object
        is_iri = isinstance(o, NamedNode)
        ours = is_iri and o.value.startswith(st.info.base)
        # link IRIs we serve, and outside ones; an IRI under our base that we do not hold stays text
        linkable = is_iri and (not ours or exists(st.store, o.value) or same_as(st.store, o.value) is not None)
        rows.append((t.predicate.value, o.value if isinstance(o, (NamedNode, Literal)) else str(o), linkable,
                     label_of(st.store, o.value) if ours else ""))
    return pages.resource_page(urls, iri, rows, title=label_of(source, iri), alternates=alt)
