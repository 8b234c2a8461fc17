"""Step 4, validate: SHACL over each document's graph before it is published.

Takes N-Triples text from ``lod.rdf``; gives a verdict and a SHACL report
(``validation.validate_triples``), raising ``ValidationFailed`` with the
findings. ``shacl`` is the compiled engine for the constraints ``shapes/lod.ttl``
uses; ``pyshacl`` is the reference engine (``--shacl-engine pyshacl``).

Imports the core and ``lod.rdf`` only: never publish, sparql, serve or push.
"""
