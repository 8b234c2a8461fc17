"""SPARQL over a built dataset: the query machinery ``lod serve`` and ``lod push`` share.

Takes a build directory's store (``store``, embedded pyoxigraph) or a remote
SPARQL endpoint (``remote_store``); gives answers to read-only queries with
limits (``query``: the checks, ``querypool``: killable worker processes,
``results``/``formats``: result serialisations and media types).

Imports the core only: nothing of the HTTP layer (``lod.serve``) or of ``lod.push``.
"""
