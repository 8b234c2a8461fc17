"""Step 5, publish: a build directory from a folder of sources.

Takes source files (text, PDF) and drives read → enrich → rdf → validate for
each in worker processes (``process``); gives the build directory
(``docs/layout.md``): per-graph files, dumps with VoID/DCAT and checksums
(``dump``, ``dataset``, ``compress``), the manifest, the build report and the
embedded store, written beside the old build and swapped in whole (``build``).

Imports the core, fetch (sidecar metadata), read, enrich, rdf and validate:
never sparql, serve or push.
"""
