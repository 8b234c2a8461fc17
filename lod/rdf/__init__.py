"""Step 3, map to RDF: the document model as triples, and the RDF writers.

Takes an enriched ``lod.model.Resolution``; gives its named graph as N-Triples
text (``graph.resolution_triples``), then Turtle, JSON-LD and N-Quads
(``serialize``). The RDF between steps is N-Triples text, not an rdflib graph.

* ``graph``: the mapping (model → triples), the only place that decides what is said;
* ``nt``: N-Triples terms and lines; ``terms``: the term cache for one base;
* ``serialize``: Turtle, JSON-LD and the ``@context``;
* ``vocabgen`` (writes ``lod/vocab.py`` from the ontology) and ``ontodoc`` (the
  ontology's HTML page): developer tools.

Imports the core and ``lod.enrich`` (the gazetteer's triples) only: never
validate, publish, sparql, serve or push.
"""
