"""Triples → bytes: N-Quads, Turtle (pyoxigraph, fast) and JSON-LD (a small direct writer).

All three take the triple list ``graph.resolution_triples`` returns and the
graph name; none builds an rdflib store. The JSON-LD writer emits node objects
keyed by compact IRIs (``eli:title``) under the published ``@context``
(``context_document()``), values as explicit ``@id`` / ``@value`` objects, so
expanding it gives back exactly the triples.

Example:
    >>> from rdflib import URIRef, Literal
    >>> t = [(URIRef("http://x/a"), URIRef("http://data.europa.eu/eli/ontology#title"), Literal("T", lang="en"))]
    >>> to_nquads(t, "http://x/g")
    b'<http://x/a> <http://data.europa.eu/eli/ontology#title> "T"@en <http://x/g> .\\n'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["PREFIXES", "context_document", "graph_jsonld", "serialize_all", "to_nquads", "to_oxigraph", "to_turtle"]

#: Prefixes used in Turtle, JSON-LD and the rdflib graphs (one table for all).
PREFIXES: dict[str, str] = {
    "lod": "https://w3id.org/un-lod/ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "schema": "https://schema.org/",
}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = str(XSD.string)

Triple = tuple[Any, Any, Any]


def _term(t: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None and str(t.datatype) != _XSD_STRING:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"expected an rdflib term, found {type(t).__name__}")


def to_oxigraph(triples: Iterable[Triple], graph: str | None = None) -> list[ox.Quad]:
    """rdflib triples → pyoxigraph quads in ``graph`` (default graph if None)."""
    g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    cache: dict[Any, Any] = {}

    def conv(t: Any) -> Any:
        v = cache.get(t)
        if v is None:
            v = cache[t] = _term(t)
        return v

    return [ox.Quad(conv(s), conv(p), conv(o), g) for s, p, o in triples]


def _dedupe(triples: Iterable[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))


def to_nquads(triples: Iterable[Triple], graph: str) -> bytes:
    """N-Quads of the (deduplicated) triples in the named graph ``graph``."""
    return ox.serialize(to_oxigraph(_dedupe(triples), graph), format=ox.RdfFormat.N_QUADS) or b""


def to_turtle(triples: Iterable[Triple], *, prefixes: bool = True) -> bytes:
    """Turtle of the (deduplicated) triples, with the ``PREFIXES`` declared."""
    quads = to_oxigraph(_dedupe(triples))
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE,
                        prefixes=PREFIXES if prefixes else None) or b""


def serialize_all(triples: Sequence[Triple], graph: str) -> tuple[bytes, bytes, str]:
    """N-Quads (in ``graph``), Turtle and JSON-LD text of the same triples, converting terms once."""
    unique = _dedupe(triples)
    quads = to_oxigraph(unique, graph)
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    ttl = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return nq, ttl, dumps_json(graph_jsonld(unique, graph))


def context_document() -> dict[str, Any]:
    """The JSON-LD ``@context`` published as ``context/v1.jsonld``: our prefixes, nothing else."""
    return {"@context": {"@version": 1.1, **PREFIXES}}


@lru_cache(maxsize=4096)
def _compact(iri: str) -> str:
    """``eli:cites`` for a predicate or class IRI in our prefixes (memoised: a few dozen IRIs, tens of
    thousands of calls per document)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
    return iri


def _value(o: Any) -> dict[str, Any]:
    if isinstance(o, URIRef):
        return {"@id": str(o)}
    if isinstance(o, BNode):
        return {"@id": f"_:{o}"}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is not None and str(o.datatype) != _XSD_STRING:
        return {"@value": str(o), "@type": _compact(str(o.datatype))}
    return {"@value": str(o)}


def graph_jsonld(triples: Sequence[Triple], graph: str) -> dict[str, Any]:
    """A named graph as a JSON-LD object ``{"@id": graph, "@graph": [node, ...]}`` (no ``@context``)."""
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in _dedupe(triples):
        sid = f"_:{s}" if isinstance(s, BNode) else str(s)
        node = nodes.setdefault(sid, {"@id": sid})
        if str(p) == _RDF_TYPE and isinstance(o, URIRef):
            node.setdefault("@type", []).append(_compact(str(o)))
        else:
            node.setdefault(_compact(str(p)), []).append(_value(o))
    return {"@id": graph, "@graph": list(nodes.values())}


def dumps_json(obj: Any) -> str:
    """Compact, deterministic JSON text (UTF-8 characters kept)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
