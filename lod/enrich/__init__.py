"""Step 2, enrich: fill a read document's citations, actions and addressees.

Takes a ``lod.model.Resolution`` from ``lod.read``; gives the same model with
``Citation``s (resolutions, decisions, document symbols, treaty articles, UNTS
volumes, sales numbers, SDG targets) and ``Actor``s (bodies, offices, groups of
States, from the gazetteer in ``lod/data/gazetteer.ttl``) filled in.

* ``links.enrich(resolution, base=...)``: the entry point (citations, then actors);
* ``citations``/``citenumbers``: find citations and their targets;
* ``actors``/``gazetteer``: the actor gazetteer and its mentions in the text;
* ``symbols``: the grammar of UN document symbols.

Imports the core (``lod.model``, ``lod.errors``, ``lod.identifiers``, ``lod.vocab``)
only: never ``lod.read`` or a later step (rdf, validate, publish, sparql, serve, push).
"""
