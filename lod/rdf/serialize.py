"""Triples → bytes: N-Quads, Turtle and JSON-LD, each written directly from the N-Triples text.

All three take the triple list ``graph.resolution_triples`` returns (N-Triples
text, ``lod.rdf.nt``; rdflib terms are converted), or the ``lod.rdf.nt.Grouped`` index the
SHACL engine already built, and the graph name; none builds an rdflib store. The JSON-LD writer emits node objects
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
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from lod.rdf import nt
from lod.errors import LodError

__all__ = ["PREFIXES", "context_document", "serialize_all", "to_nquads", "to_oxigraph", "to_turtle"]

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
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

Triple = tuple[Any, Any, Any]


def _nquads(unique: Sequence[nt.Triple], graph: str | None) -> bytes:
    end = f" <{graph}> .\n" if graph else " .\n"
    return "".join([f"{s} {p} {o}{end}" for s, p, o in unique]).encode("utf-8")


def to_oxigraph(triples: Iterable[Triple], graph: str | None = None) -> list[ox.Quad]:
    """Triples (N-Triples text or rdflib terms) → pyoxigraph quads in ``graph`` (default graph if None).

    Raises:
        LodError: a term oxigraph refuses (an IRI with a space, say), with its reason.
    """
    data = _nquads(nt.Grouped.of(triples).triples, graph)
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise LodError(f"expected valid RDF terms, found one oxigraph refuses: {exc}") from None


def to_nquads(triples: Iterable[Triple], graph: str) -> bytes:
    """N-Quads of the (deduplicated) triples in the named graph ``graph``."""
    return _nquads(nt.Grouped.of(triples).triples, graph)


def to_turtle(triples: Iterable[Triple], *, prefixes: bool = True) -> bytes:
    """Turtle of the (deduplicated) triples, with the ``PREFIXES`` declared.

    Raises:
        LodError: an IRI that N-Triples and Turtle cannot hold (``lod.rdf.nt.check_iris``).
    """
    grouped = nt.Grouped.of(triples)
    nt.check_iris(grouped.triples)
    return _turtle(grouped.subjects, prefixes=prefixes)


def serialize_all(triples: nt.Grouped | Sequence[Triple], graph: str) -> tuple[bytes, bytes, str]:
    """N-Quads (in ``graph``), Turtle and JSON-LD text of the same triples, all written from the
    N-Triples text directly (no store, no term objects). Pass a ``lod.rdf.nt.Grouped`` to share the index
    the SHACL engine built.

    Raises:
        LodError: an IRI that N-Triples cannot hold (``lod.rdf.nt.check_iris``).
    """
    grouped = nt.Grouped.of(triples)
    nt.check_iris(grouped.triples)
    return _nquads(grouped.triples, graph), _turtle(grouped.subjects), _jsonld_text(grouped.subjects, graph)


_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_XSD_DT = '"^^<' + nt.XSD


_PREFIX_OF = {ns: prefix for prefix, ns in PREFIXES.items()}


def _ttl_iri(t: str) -> str:
    """``<iri>`` as a prefixed name when one of ``PREFIXES`` covers it with a plain local name.

    Every namespace in ``PREFIXES`` ends with ``/`` or ``#`` and a plain local name holds neither,
    so the only candidate namespace is the IRI up to its last ``/`` or ``#``: one dict lookup, not a
    scan of the prefixes (subjects are unique per document, so memoising them would not pay).
    ``rdf:type`` is ``rdf:type`` here: Turtle's ``a`` stands for it in the predicate position only
    (``_ttl_predicate``).

    >>> _ttl_iri("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"), _ttl_predicate(_RDF_TYPE)
    ('rdf:type', 'a')
    """
    cut = max(t.rfind("/"), t.rfind("#")) + 1
    prefix = _PREFIX_OF.get(t[1:cut])
    if prefix is not None and _PN_LOCAL.fullmatch(t, cut, len(t) - 1):
        return prefix + ":" + t[cut:-1]
    return t


@lru_cache(maxsize=1024)
def _ttl_predicate(p: str) -> str:
    """A predicate in its compact Turtle form: ``a`` for ``rdf:type``, else as ``_ttl_iri``."""
    return "a" if p == _RDF_TYPE else _ttl_iri(p)


@lru_cache(maxsize=16384)
def _ttl_term(t: str) -> str:
    """An object term ending in ``>`` (an IRI or a typed literal) in its compact Turtle form (memoised:
    classes, parents and small typed values such as positions recur across a document)."""
    if t[0] == "<":
        return _ttl_iri(t)
    if t[0] == '"' and _XSD_DT in t:
        i = t.rindex(_XSD_DT)
        local = t[i + len(_XSD_DT):-1]
        if _PN_LOCAL.fullmatch(local):
            return t[:i] + '"^^xsd:' + local
    return t


_TTL_HEAD = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def _turtle(grouped: dict[str, dict[str, list[str]]], *, prefixes: bool = True) -> bytes:
    """Turtle grouped by subject (N-Triples terms are valid Turtle terms; IRIs compacted where safe)."""
    if not prefixes:
        return "".join([s + " " + " ;\n\t".join([p + " " + " , ".join(objs) for p, objs in preds.items()]) + " .\n"
                        for s, preds in grouped.items()]).encode("utf-8")
    out = [_TTL_HEAD]
    iri, term, predicate = _ttl_iri, _ttl_term, _ttl_predicate
    for s, preds in grouped.items():
        pos = [predicate(p) + " " + (" , ".join([o if o[-1] != ">" else term(o) for o in objs]) if len(objs) > 1
                               else objs[0] if objs[0][-1] != ">" else term(objs[0]))  # one object: most predicates
               for p, objs in preds.items()]
        out.append((iri(s) if s[0] == "<" else s) + " " + " ;\n\t".join(pos) + " .\n")
    return "".join(out).encode("utf-8")


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


_json_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C: JSON string, UTF-8 kept


@lru_cache(maxsize=8192)
def _json_node_ref(o: str) -> str:
    """``{"@id":"…"}`` for an IRI or blank node (memoised: parents, classes and targets recur)."""
    return '{"@id":' + _json_str(o[1:-1] if o[0] == "<" else o) + "}"


@lru_cache(maxsize=1024)
def _json_key(p: str) -> str:
    """A predicate as its compact JSON key, ``"eli:title"`` (``rdf:type`` with non-IRI values stays a key)."""
    return _json_str(_compact(p[1:-1]))


@lru_cache(maxsize=1024)
def _json_type(o: str) -> str:
    """A class as its compact ``@type`` entry, ``"lod:Point"``."""
    return _json_str(_compact(o[1:-1]))


@lru_cache(maxsize=256)
def _json_annotation(tail: str) -> str:
    """What follows a literal's closing quote (``@fr``, ``^^<…#integer>``) as the JSON-LD members after
    ``@value``: ``,"@language":"fr"``, ``,"@type":"xsd:integer"``, or nothing for ``xsd:string``."""
    if tail[0] == "@":
        return ',"@language":' + _json_str(tail[1:])
    dt = tail[3:-1]
    return "" if dt == nt.XSD_STRING else ',"@type":' + _json_str(_compact(dt))


def _json_value(o: str) -> str:
    """An object term as a JSON-LD value object (text), e.g. ``{"@value":"…","@language":"fr"}``.

    A literal's quoted N-Triples body with no backslash in it is already its JSON string (N-Triples
    escapes every character JSON must escape, so an unescaped body holds none of them): it is copied,
    not decoded and re-encoded.
    """
    if o[0] != '"':
        return _json_node_ref(o)
    end = o.rfind('"')
    quoted = o[:end + 1]
    if "\\" in quoted:
        quoted = _json_str(nt.lexical(o))
    if end == len(o) - 1:
        return '{"@value":' + quoted + "}"
    return '{"@value":' + quoted + _json_annotation(o[end + 1:]) + "}"


def _jsonld_text(grouped: dict[str, dict[str, list[str]]], graph: str) -> str:
    nodes = []
    key, value = _json_key, _json_value
    for s, preds in grouped.items():
        members = ['{"@id":' + _json_str(s if s[0] == "_" else s[1:-1])]
        for p, objs in preds.items():
            if p == _RDF_TYPE and all(o[0] == "<" for o in objs):
                members.append('"@type":[' + ",".join([_json_type(o) for o in objs]) + "]")
            elif len(objs) == 1:  # most predicates
                members.append(key(p) + ":[" + value(objs[0]) + "]")
            else:
                members.append(key(p) + ":[" + ",".join([value(o) for o in objs]) + "]")
        nodes.append(",".join(members) + "}")
    return '{"@id":' + _json_str(graph) + ',"@graph":[' + ",".join(nodes) + "]}"
