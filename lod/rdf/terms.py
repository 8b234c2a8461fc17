"""``Terms``: the N-Triples IRIs of a closed rdflib namespace, each looked up once.

A Python class on purpose, in a module that is never compiled (``lod.native``): it sets its
attributes as they are first read, which a mypyc native class cannot do.

>>> from rdflib.namespace import RDF
>>> Terms(RDF).type
'<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
"""

from __future__ import annotations

from typing import Any

from lod.rdf.nt import iri

__all__ = ["Terms"]


class Terms:
    """``Terms(LOD).Resolution`` is ``'<https://w3id.org/un-lod/ontology#Resolution>'`` (a typo raises
    at once: the namespaces are closed rdflib ``DefinedNamespace``s)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = iri(str(getattr(self._namespace, name)))
        setattr(self, name, term)
        return term
