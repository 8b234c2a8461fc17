"""What the server holds, built once at start-up: manifest, store, catalogue, files, ontology, backend."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import NamedNode, RdfFormat, Store, parse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from lod.serve.catalogue import Catalogue
from lod.serve.examples import load_examples
from lod.serve.files import Served
from lod.serve.responses import Validators, content_security_policy, inline_style_hashes
from lod.serve.sparql import Limits
from lod.serve.urls import HostPolicy, UrlMap
from lod.sparql.query import QueryAnswer, QueryRequest
from lod.sparql.querypool import ProcessPoolBackend
from lod.sparql.store import AsyncQueryBackend, DatasetInfo, QueryBackend, has_default_graph, open_store, read_manifest

__all__ = ["ServerConfig", "State"]

log = logging.getLogger("lod.serve")


@dataclass(frozen=True)
class ServerConfig:
    """What ``lod serve`` was asked to serve, and how."""

    root: Path
    public_root: str | None = None  # the URL the server is reached at; None: taken from each request
    limits: Limits = field(default_factory=Limits)
    backend: QueryBackend | None = None  # None: a ProcessPoolBackend on the dataset's store
    hosts: HostPolicy = field(default_factory=lambda: HostPolicy.make(listen="127.0.0.1", public_root=None, extra=()))


#: The media types of a graph's files, in the order of ``GraphInfo.files``.
GRAPH_MEDIA_TYPES = ("application/n-quads", "text/turtle", "application/ld+json", "application/akn+xml")


def generation_of(root: Path) -> Path:
    """The build generation ``root`` stands for now: where its link points (``lod build`` moves it), or
    ``root`` itself for a dataset built before generations."""
    return Path(os.path.realpath(root))


class State:
    """Everything the handlers read; built once at start-up."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        # the build generation DIR points at now (DIR is a link moved by each build): this State serves it
        # whole, whatever the link says later (lod.serve.app switches to a new State when it moves)
        self.generation = generation_of(config.root)
        self.info: DatasetInfo = read_manifest(self.generation)
        remote = getattr(config.backend, "store", None)
        if remote is not None and hasattr(remote, "quads_for_pattern"):
            # lod serve --store URL: pages and /sparql both read the external store
            self.store_path = None
            self.store = remote
            self.union_default = True
        else:
            self.store_path = open_store(self.info)
            self.store = Store.read_only(str(self.store_path))
            self.union_default = not has_default_graph(self.store_path)
        self.catalogue = Catalogue.load(self.store, self.info)  # the build's catalogue.bin: O(1) in the graphs
        if self.catalogue.slow_start:  # a dataset built by an older lod: said once, on stderr
            log.warning("lod serve: %s; read the catalogue from the store instead, graph by graph (%d documents, a few "
                        "ms each: start-up grows with the dataset). Build it again with this lod to start in seconds.",
                        self.catalogue.slow_start, len(self.catalogue.documents))
        self.validators = Validators(self.info.fingerprint, self.info.built)
        self.urls = UrlMap(self.info.base, config.public_root or self.info.base)
        self._roots: dict[tuple[object, ...], UrlMap] = {}  # urls_for, per root the server is reached at
        self.files = self._files()
        self.dataset_paths = self._dataset_paths()
        self.ontology = self._ontology()
        self.examples = load_examples()
        origin = urlsplit(config.public_root)._replace(path="", query="", fragment="").geturl() if config.public_root else None
        self.csp = content_security_policy((origin,) if origin else ())  # HTML pages: our scripts and styles only
        page = self.files.get("ontology/index.html")  # the build's page has one inline <style>: allowed by its hash
        self.ontology_csp = content_security_policy((origin,) if origin else (), styles=inline_style_hashes(page[0].read_bytes()) if page else ())
        self.backend: QueryBackend | AsyncQueryBackend
        self.answer: Callable[[QueryRequest], Awaitable[QueryAnswer]]  # what /sparql awaits
        if config.backend is None:
            assert self.store_path is not None
            pool = ProcessPoolBackend(self.store_path, workers=config.limits.workers, queue_wait=config.limits.timeout)
            self.backend, self.answer = pool, pool.query
        else:  # a blocking backend (remote store, the bench's rdflib graph): in a thread
            self.backend, self.answer = config.backend, partial(run_in_threadpool, config.backend.query)

    def _files(self) -> dict[str, Served]:
        """Downloadable files: only those the manifest lists (+ its own index files), resolved once. A graph's
        file stored compressed (``graphs/<slug>.nq.gz``) is served at its own path and, decompressed or with
        ``Content-Encoding: gzip``, at the path without ``.gz`` (lod.serve.files)."""
        root = self.info.root.resolve()
        wanted = [(f.path, f.media_type) for f in self.info.files] + [
            ("SHA256SUMS", "text/plain; charset=utf-8"), ("manifest.json", "application/json"), ("void.ttl", "text/turtle")]
        graph_files = [(rel, mt) for g in self.info.graphs for rel, mt in zip(g.files, GRAPH_MEDIA_TYPES) if rel]
        files: dict[str, Served] = {}
        # graphs/: one directory read instead of resolving every graph's files one by one (4 files a graph: 0.32 ms a
        # graph, 6.5 s of start-up at 20,000 graphs); a plain file listed there is inside the dataset as it is
        folder = root / "graphs"
        plain: set[str] = set()
        if folder.is_dir() and not folder.is_symlink():
            with os.scandir(folder) as entries:
                plain = {e.name for e in entries if e.is_file(follow_symlinks=False)}
        for rel, media_type in wanted + graph_files:
            name = rel[7:] if rel.startswith("graphs/") else ""
            if name in plain:  # "graphs/" + a name the folder holds as a regular file (no "..", no link out)
                files[rel] = Served(folder / name, media_type)
                continue
            path = (root / rel).resolve()
            if path.is_relative_to(root) and path.is_file() and not rel.startswith("store/"):
                files[rel] = Served(path, media_type)
        for rel, media_type in graph_files:  # one file per named graph, in each format the build wrote
            if rel.endswith(".gz") and rel in files:
                files.setdefault(rel[:-3], Served(files[rel].path, media_type, gzipped=True))
        return files

    def _dataset_paths(self) -> frozenset[str]:
        """The paths (``/id/dataset``, ``/id/dataset/nquads``…) of the IRIs ``void.ttl`` describes under the base."""
        entry = self.files.get("void.ttl")
        if entry is None:
            return frozenset()
        base = self.info.base
        with contextlib.suppress(SyntaxError, OSError):
            return frozenset(q.subject.value[len(base) - 1:] for q in parse(path=str(entry[0]), format=RdfFormat.TURTLE)
                             if isinstance(q.subject, NamedNode) and q.subject.value.startswith(base))
        return frozenset()

    def _ontology(self) -> Store:
        store = Store()
        for rel in sorted(self.files):
            if rel.startswith("ontology/") and rel.endswith(".ttl"):
                with contextlib.suppress(SyntaxError, OSError):
                    store.extend(parse(path=str(self.files[rel][0]), format=RdfFormat.TURTLE))
        folder = self.info.root / "ontology"
        if not len(store) and folder.is_dir():
            for path in sorted(folder.glob("*.ttl")):
                with contextlib.suppress(SyntaxError, OSError):
                    store.extend(parse(path=str(path), format=RdfFormat.TURTLE))
        return store

    def urls_for(self, request: Request) -> UrlMap:
        """The URL map for the root this request reached (``--base`` when given, else from the request)."""
        if self.config.public_root:
            return self.urls
        scope = request.scope
        # the inputs of Starlette's base_url, so that building it (two URL parses) happens once per root
        key = (scope.get("scheme"), scope.get("server"), scope.get("app_root_path"), scope.get("root_path"), request.headers.get("host"))
        urls = self._roots.get(key)
        if urls is None:
            urls = self.urls.with_root(str(request.base_url))
            if len(self._roots) < 64:  # bounded: the Host header is the client's
                self._roots[key] = urls
        return urls
