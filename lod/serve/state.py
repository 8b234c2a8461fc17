"""What the server holds, built once at start-up: manifest, store, catalogue, files, ontology, backend."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
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


class Files(Mapping[str, Served]):
    """The downloadable files by path (``State.files``): each graph file's ``Served`` (a ``Path``) is made when asked
    for, not at start-up (80,000 of them at 20,000 graphs: ≈1 s of ``Path`` objects for files few will ask for)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder  # graphs/
        self._served: dict[str, Served] = {}  # made at start-up: the dataset's own files
        self._graphs: dict[str, tuple[str, str, bool]] = {}  # rel → (name in graphs/, media type, gzipped)

    def __setitem__(self, rel: str, served: Served) -> None:
        self._served[rel] = served

    def graph(self, rel: str, name: str, media_type: str) -> None:
        """``rel`` is ``graphs/{name}``, a regular file of the folder."""
        self._graphs[rel] = (name, media_type, False)

    def gzipped(self, rel: str, stored: str, media_type: str) -> None:
        """``rel`` is served from the compressed file at ``stored`` (``graphs/<slug>.nq`` from ``….nq.gz``)."""
        found = self._graphs.get(stored)
        if found is not None:
            self._graphs[rel] = (found[0], media_type, True)
        else:
            self._served[rel] = Served(self._served[stored].path, media_type, gzipped=True)

    def __getitem__(self, rel: str) -> Served:
        found = self._graphs.get(rel)
        if found is None:
            return self._served[rel]
        return Served(self._folder / found[0], found[1], gzipped=found[2])

    def __contains__(self, rel: object) -> bool:
        return rel in self._graphs or rel in self._served

    def __iter__(self) -> Iterator[str]:
        yield from self._served
        yield from self._graphs

    def __len__(self) -> int:
        return len(self._served) + len(self._graphs)


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
        starting: Future[ProcessPoolBackend] | None = None
        if config.backend is None:  # the query workers start (a process each: Python, imports, the store) meanwhile
            assert self.store_path is not None
            starter = ThreadPoolExecutor(1, thread_name_prefix="lod-query-pool-start")
            starting = starter.submit(ProcessPoolBackend, self.store_path, workers=config.limits.workers,
                                      queue_wait=config.limits.timeout)
            starter.shutdown(wait=False)
        try:
            self._read(config)
        except BaseException:
            if starting is not None:
                with contextlib.suppress(Exception):
                    starting.result().close()
            raise
        self.backend: QueryBackend | AsyncQueryBackend
        self.answer: Callable[[QueryRequest], Awaitable[QueryAnswer]]  # what /sparql awaits
        if starting is not None:
            pool = starting.result()  # PublishError when a worker could not open the store
            self.backend, self.answer = pool, pool.query
        else:  # a blocking backend (remote store, the bench's rdflib graph): in a thread
            assert config.backend is not None
            self.backend, self.answer = config.backend, partial(run_in_threadpool, config.backend.query)

    def _read(self, config: ServerConfig) -> None:
        """Everything else the handlers read: catalogue, files, dataset description, ontology, examples, policies."""
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

    def _files(self) -> Files:
        """Downloadable files: only those the manifest lists (+ its own index files), resolved once. A graph's
        file stored compressed (``graphs/<slug>.nq.gz``) is served at its own path and, decompressed or with
        ``Content-Encoding: gzip``, at the path without ``.gz`` (lod.serve.files)."""
        root = self.info.root.resolve()
        wanted = [(f.path, f.media_type) for f in self.info.files] + [
            ("SHA256SUMS", "text/plain; charset=utf-8"), ("manifest.json", "application/json"), ("void.ttl", "text/turtle")]
        graph_files = [(rel, mt) for g in self.info.graphs for rel, mt in zip(g.files, GRAPH_MEDIA_TYPES) if rel]
        files = Files(root / "graphs")
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
                files.graph(rel, name, media_type)
                continue
            path = (root / rel).resolve()
            if path.is_relative_to(root) and path.is_file() and not rel.startswith("store/"):
                files[rel] = Served(path, media_type)
        for rel, media_type in graph_files:  # one file per named graph, in each format the build wrote
            if rel.endswith(".gz") and rel in files and rel[:-3] not in files:
                files.gzipped(rel[:-3], rel, media_type)
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
