"""``lod serve``: dereferenceable IRIs, HTML pages and a read-only SPARQL endpoint.

The web layer only; the store and query machinery live in ``lod.store`` and
``lod.query``. :func:`serve` runs the app with uvicorn.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["serve"]


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, public_root: str | None = None,
          timeout: float = 10.0, max_rows: int = 10_000, max_query_bytes: int = 100_000, workers: int = 2,
          store: str | None = None, store_auth: tuple[str, str] | None = None, store_auth_type: str = "basic") -> None:
    """Serve the built dataset at ``root`` until interrupted.

    With ``store`` (a SPARQL endpoint URL, e.g. a Virtuoso ``/sparql`` that
    ``lod push`` filled), ``/sparql`` is answered by that store through
    :class:`lod.remote_store.RemoteBackend`, with the same checks and limits,
    and the pages read that store too (the dataset directory still gives the
    manifest, the files to download and the ontology).

    Raises:
        PublishError: ``root`` is not a built dataset or its store cannot be loaded.
    """
    import uvicorn

    from lod.server.app import ServerConfig, create_app
    from lod.server.sparql import Limits

    limits = Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, workers=workers)
    backend = None
    if store is not None:
        from lod.remote_store import RemoteBackend

        backend = RemoteBackend(store, auth=store_auth, auth_type=store_auth_type, timeout=timeout)
    app = create_app(ServerConfig(root=root, public_root=public_root, limits=limits, backend=backend))
    # uvicorn parses HTTP with httptools (a dependency) when it is installed: 0.13 ms of server CPU
    # per request against 0.30 ms with its pure-Python h11 (bench/results-serve.md)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
