"""``lod serve``: dereferenceable IRIs, HTML pages and a read-only SPARQL endpoint.

The web layer only; the store and query machinery live in ``lod.store`` and
``lod.query``. :func:`serve` runs the app with uvicorn.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["serve"]


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, public_root: str | None = None,
          timeout: float = 10.0, max_rows: int = 10_000, max_query_bytes: int = 100_000, workers: int = 2) -> None:
    """Serve the built dataset at ``root`` until interrupted.

    Raises:
        PublishError: ``root`` is not a built dataset or its store cannot be loaded.
    """
    import uvicorn

    from lod.server.app import ServerConfig, create_app
    from lod.server.sparql import Limits

    limits = Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, workers=workers)
    app = create_app(ServerConfig(root=root, public_root=public_root, limits=limits))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
