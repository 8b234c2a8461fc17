"""``lod build``: sources → parse → RDF → SHACL → a published dataset directory.

Flow (one document at a time, never the whole dataset in one graph)::

    named_sources(paths) -> [(Path, name)]        files under the given paths, sorted, each with the
                                                   name reports give it (``texts/a.txt``: below the
                                                   argument it came from, never an absolute path)
    process_source(job) -> (DocumentResult, ...)   in a worker: parse, map, validate, serialise
                                                   (one result per document the file holds)
    build(paths, out, options) -> BuildSummary     stream results into DIR (see docs/layout.md)

Documents are processed in parallel (``options.jobs`` processes) and their
serialisations streamed into the per-graph files and the gzip dumps. Each
result is cached under ``DIR/.cache/{key}.entry`` where ``key`` hashes the
source bytes, the base IRI and the code/ontology/shapes fingerprint: a
rebuild re-processes only the sources whose key changed. The build is
written aside (``.DIR.building-PID``); when complete it becomes a generation
(``.DIR.gen-TIME-PID``) and ``DIR``, a symbolic link, moves to it in one atomic
rename, so a failed or interrupted build leaves the previous output untouched
and a running server switches from one whole build to the next (docs/serve.md).

Example:
    >>> from pathlib import Path
    >>> [p.suffix for p in collect_sources([Path("does-not-exist.txt")])]
    Traceback (most recent call last):
    ...
    lod.errors.SourceError: does-not-exist.txt: no such file or directory
"""

from __future__ import annotations

import gc
import glob
import multiprocessing
import os
from collections import Counter, deque
from itertools import islice
from multiprocessing.pool import AsyncResult
import shutil
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lod import identifiers as ids
from lod.publish.dataset import DEFAULT_LICENSE, DEFAULT_PUBLISHER
from lod.publish.catalogue import CATALOGUE_FILE, CatalogueWriter
from lod.publish.dump import DatasetWriter
from lod.publish.compress import gunzip
from lod.publish.store import StoreLoader
from lod.errors import PublishError
from lod.read.source import collect_sources, named_sources
from lod.model import ParseWarning  # noqa: F401 - the doctests use it
from lod.publish.report import BuildWarning, warning_summary
from lod.publish.process import DocumentResult, Job, fingerprint, package_version, process_source, warm, warning_dict

__all__ = [
    "BuildOptions",
    "BuildSummary",
    "DocumentResult",
    "build",
    "strict_warning_codes",
]



@dataclass(frozen=True)
class BuildOptions:
    """How to build: base IRI, strictness, validation, parallelism, cache and store."""

    base: str = ids.DEFAULT_BASE
    strict: bool = False
    validate: bool = True
    jobs: int = 2
    cache: bool = True
    store: bool = True
    license: str = DEFAULT_LICENSE
    shacl_engine: str = "compiled"  # or "pyshacl" (the reference engine, ≈10× slower)
    #: leave out documents carrying a warning with one of these codes ("all": any warning)
    strict_warnings: frozenset[str] = frozenset()
    publisher: str = DEFAULT_PUBLISHER  # the dataset description's dcterms:publisher (foaf:name)
    contact: str | None = None  # its contact point's e-mail address


@dataclass(frozen=True)
class BuildSummary:
    """The closing figures of a build, its failures (source, reason) and every warning."""

    out: str
    documents: int
    published: int
    failed: int
    cached: int
    triples: int
    warnings: int
    seconds: float
    failures: tuple[tuple[str, str], ...] = field(default=())
    sources: int = -1  # files read (-1: as many as documents)
    union_checked: bool = True  # False past lod.publish.dump.UNION_CHECK_MAX_QUADS
    warning_list: tuple[BuildWarning, ...] = field(default=())

    def text(self) -> str:
        files = f" from {self.sources} file(s)" if self.sources not in (-1, self.documents) else ""
        return (f"{self.documents} document(s){files}: {self.published} published ({self.cached} from cache), "
                f"{self.failed} left out; {self.triples} triples; {self.warnings} warning(s); "
                f"{self.seconds:.1f} s → {self.out}")

    def warnings_text(self) -> str:
        """The per-code summary, e.g. ``warnings: 12 footnote-marker, 3 numbering-gap in 5 documents``."""
        return warning_summary(self.warning_list)


def strict_warning_codes(result: DocumentResult, strict: frozenset[str]) -> list[str]:
    """The codes of ``result``'s warnings that ``--strict-warnings`` names (every code with ``all``), sorted.

    >>> r = DocumentResult("a.txt", "k", "ok", warnings=(ParseWarning("numbering-gap", "…"), ParseWarning("x", "…")))
    >>> strict_warning_codes(r, frozenset({"numbering-gap", "empty-operative"})), strict_warning_codes(r, frozenset({"all"}))
    (['numbering-gap'], ['numbering-gap', 'x'])
    """
    if not strict:
        return []
    return sorted({w.code for w in result.warnings if "all" in strict or w.code in strict})


def _results(jobs: list[Job], n_jobs: int) -> Iterator[tuple[DocumentResult, ...]]:
    """The results of each source, in source order, at most ``8 × n_jobs`` sources in flight (memory
    stays flat even when the workers outrun the writer, e.g. on a rebuild served from the cache)."""
    if n_jobs <= 1 or len(jobs) <= 1:
        yield from map(process_source, jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        warm(jobs[0].engine)  # forked workers inherit the imported pipeline and its tables
        gc.freeze()  # ... outside the collector's view: its passes no longer walk them
    todo = iter(jobs)
    try:
        with ctx.Pool(processes=n_jobs, initializer=_worker_init) as pool:
            pending: deque[AsyncResult[tuple[DocumentResult, ...]]] = deque(
                pool.apply_async(process_source, (job,)) for job in islice(todo, 8 * n_jobs))
            while pending:
                result = pending.popleft().get()
                job = next(todo, None)
                if job is not None:
                    pending.append(pool.apply_async(process_source, (job,)))
                yield result
    finally:
        gc.unfreeze()  # the calling process collects as before once the workers are gone


#: Collector thresholds in the workers: a document makes ≈10⁵ short-lived objects, nearly all freed by
#: reference counting; CPython's default (700) ran a collection every few paragraphs (≈15 % of the CPU).
WORKER_GC_THRESHOLDS = (10_000, 10, 10)


def _worker_init() -> None:
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    # Ctrl-C reaches the whole process group: the main process stops the pool; a worker interrupted while
    # sending its result left half a message in the pool's pipe, and Pool.terminate then waited forever
    # for the rest (seen: 1 build in 6 interrupted at ≈20 s)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_out(out: Path) -> Path:
    if out.is_symlink() and not out.exists():
        raise PublishError(f"refusing to replace {out}: a link to a generation that no longer exists")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "manifest.json").is_file())):
        raise PublishError(f"refusing to replace {out}: expected a directory written by `lod build` "
                           f"(with manifest.json) or an empty one, found something else")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def build(
    paths: Sequence[Path], out: Path, options: BuildOptions | None = None,
    progress: Callable[[tuple[DocumentResult, ...]], None] | None = None,
) -> BuildSummary:
    """Build the dataset from ``paths`` into ``out`` (replaced atomically at the end).

    ``progress`` is called once per source, with the results of its documents.

    Raises:
        SourceError: a path does not exist.
        PublishError: ``options.strict`` and a document failed, or the output cannot be written.
    """
    options = options or BuildOptions()
    base = ids.normalize_base(options.base)  # both published as they are: checked before anything is written
    ids.check_iri(options.license, "the licence")
    started = time.perf_counter()
    sources = named_sources(paths)  # each file with the name reports give it (no build-machine directories)
    out = Path(out)
    tmp = _prepare_out(out)
    done = False
    try:
        summary = _build_into(tmp, out, sources, options, base, started, progress)
        _swap(tmp, out)
        done = True
        return summary
    finally:
        if not done:
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(tmp: Path, out: Path) -> None:
    """Publish the finished build as a new generation: ``tmp`` becomes ``.DIR.gen-…`` and ``DIR``, a symbolic
    link, is pointed at it in one atomic rename. A running ``lod serve`` keeps serving the generation it
    resolved until it sees the link move, then switches to the new one whole (lod.serve); the previous
    generation is kept for it, older ones are removed. A ``DIR`` written before generations (a real
    directory) becomes the previous generation.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    gen = out.parent / f".{out.name}.gen-{stamp}-{os.getpid()}"
    n = 1
    while gen.exists() or gen.is_symlink():  # two builds in one second from one process
        n += 1
        gen = out.parent / f".{out.name}.gen-{stamp}-{os.getpid()}-{n}"
    tmp.rename(gen)
    previous: Path | None = None
    if out.is_symlink():
        previous = out.parent / os.readlink(out)
    elif out.exists():  # a directory from before generations
        previous = out.parent / f".{out.name}.gen-0-{os.getpid()}"
        out.rename(previous)
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(gen.name)  # relative: the folder can be moved whole
    os.replace(link, out)
    keep = {gen.name} | ({previous.name} if previous is not None else set())
    for old in out.parent.glob(f".{glob.escape(out.name)}.gen-*"):
        if old.name not in keep and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def _add_actors(writer: DatasetWriter, base: str, options: BuildOptions, failures: list[dict[str, Any]]) -> None:
    """Publish the gazetteer's actors (validated like any graph) so that addressee IRIs dereference."""
    from lod.enrich.gazetteer import gazetteer_triples

    triples = gazetteer_triples(base)
    if _conforms(triples, "lod/data/gazetteer.ttl", options, failures):
        writer.add_actors(triples)


def _add_links(writer: DatasetWriter, options: BuildOptions, failures: list[dict[str, Any]]) -> None:
    """Publish the links graph: every citation of a published document joined with it by IRI (lod.publish.links)."""
    triples = writer.links()
    if triples and _conforms(triples, "lod.publish.links", options, failures):
        writer.add_links(triples)


def _conforms(triples: Sequence[Any], source: str, options: BuildOptions, failures: list[dict[str, Any]]) -> bool:
    """A dataset graph of the build conforms to the shapes (or validation is off); else it is a failure of ``source``."""
    from lod.validate.validation import validate_triples

    if not options.validate:
        return True
    report = validate_triples(triples)
    if not report.conforms:
        failures.append({"source": source, "reason": f"{len(report.results)} SHACL violation(s): {report.text(3)}"})
    return report.conforms


def _build_into(
    tmp: Path, out: Path, sources: list[tuple[Path, str]], options: BuildOptions, base: str, started: float,
    progress: Callable[[tuple[DocumentResult, ...]], None] | None,
) -> BuildSummary:
    fp = fingerprint(base, options.validate, options.shacl_engine)
    old_cache = out / ".cache"
    # workers write each graph's files here; main links them into graphs/ (the cache keeps them for the
    # next build) or, without a cache, moves them there (nothing to delete afterwards)
    staging = tmp / (".cache" if options.cache else ".staging")
    staging.mkdir()
    jobs = [Job(str(s), fp, base, options.validate, options.shacl_engine, package_version(),
                str(old_cache) if options.cache and old_cache.is_dir() else None, str(staging), options.cache, name)
            for s, name in sources]
    # the embedded store fills in a thread as graphs are published, overlapping the workers (lod.publish.store)
    loader = StoreLoader(tmp / "store") if options.store else None
    try:
        summary = _publish(tmp, out, jobs, sources, options, base, started, progress, staging, loader)
    except BaseException:
        if loader is not None:
            loader.abort()
        raise
    if loader is not None:
        loader.finish()
        summary = replace(summary, seconds=time.perf_counter() - started)
    return summary


def _publish(
    tmp: Path, out: Path, jobs: list[Job], sources: list[tuple[Path, str]], options: BuildOptions, base: str,
    started: float, progress: Callable[[tuple[DocumentResult, ...]], None] | None, staging: Path,
    loader: StoreLoader | None,
) -> BuildSummary:
    """Gather the workers' results into ``tmp``: graphs, dumps, dataset graphs, manifest, catalogue; each
    published graph handed to ``loader`` too."""
    writer = DatasetWriter(tmp, base, move=not options.cache)
    catalogue = CatalogueWriter(tmp)  # lod serve's list of documents and word index (lod.publish.catalogue)
    failures: list[dict[str, Any]] = []
    warned: list[BuildWarning] = []
    seen: dict[str, str] = {}
    documents = cached = 0
    for results in _results(jobs, options.jobs):
        for r in results:
            documents += 1
            r = _decide(r, seen, options.strict_warnings)
            warned += (BuildWarning(r.source, r.symbol, w, r.status == "ok") for w in r.warnings)
            if r.status != "ok":
                failures.append(_failure(r))
                writer.reject(r)
                if options.strict:
                    raise PublishError(f"--strict: {r.message}")
                continue
            assert r.expression is not None
            seen[r.expression] = r.where
            cached += r.cached
            writer.add(r)
            catalogue.add(r.catalogue, r.words)
            if loader is not None:
                _load_graph(loader, tmp, writer.graphs[-1])
        if progress:
            progress(results)
    if writer.graphs:
        _add_actors(writer, base, options, failures)
        _add_links(writer, options, failures)
        for g in writer.graphs:
            if loader is not None and g.get("kind") is not None:  # the dataset graphs: actors, links
                _load_graph(loader, tmp, g)
    manifest = writer.finish(license=options.license, failures=failures, warnings=warned, publisher=options.publisher,
                             contact=options.contact)
    catalogue.write(tmp / CATALOGUE_FILE, built=manifest["built"], base=base)
    if options.validate and writer.graphs and writer.union is not None and not writer.union.conforms:
        raise PublishError(f"the union of the published graphs breaks the shapes ({len(writer.union.findings)} "
                           f"violation(s) on nodes several graphs describe): {writer.union.report.text(3)}")
    if not options.cache:
        shutil.rmtree(staging)
    published = sum(1 for g in writer.graphs if g.get("kind") is None)
    return BuildSummary(str(out), documents, published, len(failures), cached, writer.triples, len(warned),
                        time.perf_counter() - started, tuple((f["source"], f["reason"]) for f in failures),
                        sources=len(sources), warning_list=tuple(warned), union_checked=writer.union is not None)


def _load_graph(loader: StoreLoader, tmp: Path, entry: dict[str, Any]) -> None:
    """Hand one published graph (its manifest entry) to the store loader: its Turtle, read back from graphs/."""
    loader.add(entry["iri"], gunzip((tmp / entry["ttl"]).read_bytes()))


def _decide(r: DocumentResult, seen: dict[str, str], strict_warnings: frozenset[str]) -> DocumentResult:
    """``r``, or ``r`` turned into a failure when the build's policy leaves it out: a warning that
    ``--strict-warnings`` names, or an expression IRI an earlier document of the build already gave."""
    if r.status != "ok":
        return r
    codes = strict_warning_codes(r, strict_warnings)
    if codes:
        counts = Counter(w.code for w in r.warnings)
        named = ", ".join(f"{code} ×{counts[code]}" if counts[code] > 1 else code for code in codes)
        return replace(r, status="warnings", message=f"{r.where}: {r.symbol or 'document'} carries warning(s) "
                                                     f"{named} (--strict-warnings)")
    if r.expression in seen:
        return replace(r, status="error",
                       message=f"{r.where}: same expression {r.expression} as {seen[r.expression]}; kept the first")
    return r


def _failure(r: DocumentResult) -> dict[str, Any]:
    """The manifest's ``failures`` entry of a document left out."""
    entry: dict[str, Any] = {"source": r.source, "reason": r.message}
    if r.of > 1 or r.status in ("refused", "warnings"):
        entry["symbol"] = r.symbol
    if r.warnings:
        entry["warnings"] = [warning_dict(w) for w in r.warnings]
    return entry
