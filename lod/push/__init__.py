"""Push a built dataset into an external triple store (Virtuoso, Fuseki, GraphDB…).

Takes a build directory (its ``manifest.json`` and per-graph N-Quads); gives the
store the same named graphs: ``pusher.push_dataset`` plans (``journal``: what was
pushed), sends each graph whole (``graphstore``: Graph Store Protocol or SPARQL
Update) or bulk-loads them (``virtuoso``, from the few large files ``chunks``
gathers, several loaders at once), and ``verify`` compares the store's answers
with the embedded store's. ``graphfiles`` reads the graphs to send;
``virtuoso_server`` finds and starts a Virtuoso.

Imports the core and ``lod.sparql`` only: never ``lod.serve`` or the CLI.
"""
