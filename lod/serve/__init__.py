"""``lod serve``: dereferenceable IRIs, HTML pages and a read-only SPARQL endpoint.

Takes a build directory (``lod.publish``) and, optionally, a remote store that ``lod push``
filled; gives HTTP: Linked Data with content negotiation (``negotiation``, ``resources``,
``views``), HTML pages (``pages``, ``static/``), ``/sparql`` (``sparql``, answered by
``lod.sparql``). :func:`serve` runs the app (``app``) with uvicorn, each connection held to
the limits of ``connections`` (request head size, read deadlines, a cap on connections).

The web layer only: imports the core, ``lod.enrich.gazetteer`` (actor labels) and
``lod.sparql``; never ``lod.push``, the build or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["serve"]


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, public_root: str | None = None,
          timeout: float = 10.0, max_rows: int = 10_000, max_query_bytes: int = 100_000, workers: int = 2, page_citers: int = 200,
          store: str | None = None, store_auth: tuple[str, str] | None = None, store_auth_type: str = "basic",
          access_log: bool = False, announce: Callable[[str], None] | None = None, allowed_hosts: tuple[str, ...] = (),
          max_connections: int = 1_000, read_timeout: float = 10.0) -> None:
    """Serve the built dataset at ``root`` until interrupted.

    With ``store`` (a SPARQL endpoint URL, e.g. a Virtuoso ``/sparql`` that
    ``lod push`` filled), ``/sparql`` is answered by that store through
    :class:`lod.sparql.remote_store.RemoteBackend`, with the same checks and limits,
    and the pages read that store too (the dataset directory still gives the
    manifest, the files to download and the ontology).

    Once it listens, ``announce`` gets one line saying where (the port really bound, also with
    ``port=0``) and how to stop it. ``access_log`` writes one line per request on stdout (client,
    request line, status), uvicorn's access log.

    Raises:
        PublishError: ``root`` is not a built dataset or its store cannot be loaded.
    """
    import logging

    import uvicorn

    from lod.serve.app import ServerConfig, create_app
    from lod.serve.connections import ConnectionLimits, guarded_protocol
    from lod.serve.sparql import Limits
    from lod.serve.urls import HostPolicy

    limits = Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, workers=workers, page_citers=page_citers)
    backend = None
    if store is not None:
        from lod.sparql.remote_store import RemoteBackend

        backend = RemoteBackend(store, auth=store_auth, auth_type=store_auth_type, timeout=timeout)
    hosts = HostPolicy.make(listen=host, public_root=public_root, extra=allowed_hosts)
    app = create_app(ServerConfig(root=root, public_root=public_root, limits=limits, backend=backend, hosts=hosts))
    # uvicorn parses HTTP with httptools (a dependency): 0.13 ms of server CPU per request against
    # 0.30 ms with its pure-Python h11 (bench/results-serve.md); our subclass bounds each connection
    protocol = guarded_protocol(ConnectionLimits.for_queries(max_query_bytes, read_timeout=read_timeout, max_connections=max_connections))
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=access_log, proxy_headers=False,
                            http=protocol, ws="none", server_header=False)
    if access_log:
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)  # requests, while uvicorn's own chatter stays off
    if announce is not None:
        warning = base_warning(app.state.lod.info.base, public_root)
        if warning:
            announce(warning)
    _announcing_server(config, root=root, announce=announce).run()


def base_warning(built_for: str, public_root: str | None) -> str | None:
    """What to tell whoever starts a server whose public URL differs from the base the dataset was built for.

    The dataset's IRIs, its dumps and its JSON-LD ``@context`` name the build's base; pages and
    redirects follow the URL the server is reached at, but what people cite and download still says
    the build's base.

    >>> base_warning("https://data.example.org/", "https://data.example.org/")
    >>> print(base_warning("http://localhost:8000/", "https://lod.un.example/"))
    lod serve: this dataset was built for http://localhost:8000/ but is served as https://lod.un.example/: its IRIs, dumps and JSON-LD context still name http://localhost:8000/ (rebuild with --base https://lod.un.example/ to publish it there)
    """
    if public_root is None:
        return None
    served = public_root if public_root.endswith("/") else public_root + "/"
    if served == built_for:
        return None
    return (f"lod serve: this dataset was built for {built_for} but is served as {served}: its IRIs, dumps and JSON-LD "
            f"context still name {built_for} (rebuild with --base {served} to publish it there)")


def _announcing_server(config: Any, *, root: Path, announce: Callable[[str], None] | None) -> Any:
    """uvicorn's server, saying once where it listens when its sockets are bound."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if not self.started or announce is None:
                return
            bound = [s.getsockname() for server in self.servers for s in server.sockets]
            if bound:
                shown = ", ".join(f"http://{'[' + a[0] + ']' if ':' in a[0] else a[0]}:{a[1]}/" for a in bound)
                announce(f"lod serve: {root} on {shown} (Ctrl-C stops it)")

    return Server(config)
