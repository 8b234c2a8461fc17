"""``lod build``: sources → parse → RDF → SHACL → a published dataset directory.

Flow (one document at a time, never the whole dataset in one graph)::

    collect_sources(paths) -> [Path]              files under the given paths, sorted
    process_source(job) -> DocumentResult          in a worker: parse, map, validate, serialise
    build(paths, out, options) -> BuildSummary     stream results into DIR (see docs/layout.md)

Documents are processed in parallel (``options.jobs`` processes) and their
serialisations streamed into the per-graph files and the gzip dumps. Each
result is cached under ``DIR/.cache/{key}.json`` where ``key`` hashes the
source bytes, the base IRI and the code/ontology/shapes fingerprint: a
rebuild re-processes only the sources whose key changed. The build is
written aside (``.DIR.building-PID``) and renamed into place at the end, so a
failed or interrupted build leaves the previous output untouched.

Example:
    >>> from pathlib import Path
    >>> [p.suffix for p in collect_sources([Path("does-not-exist.txt")])]
    Traceback (most recent call last):
    ...
    lod.errors.SourceError: does-not-exist.txt: no such file or directory
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from lod import identifiers as ids
from lod.dataset import DEFAULT_LICENSE, DumpFile, sha256sums, void_turtle
from lod.errors import LodError, PublishError, SourceError
from lod.resources import ontology_file, ontology_html_file, shapes_file
from lod.serialize import PREFIXES, context_document, dumps_json

__all__ = [
    "BuildOptions",
    "BuildSummary",
    "DocumentResult",
    "build",
    "collect_sources",
    "fingerprint",
    "process_source",
]

SOURCE_SUFFIXES = (".txt", ".md", ".pdf")


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


@dataclass(frozen=True)
class DocumentResult:
    """What processing one source gave: a publishable graph, or why it was left out."""

    source: str
    key: str
    status: str  # "ok" | "parse-error" | "invalid" | "error"
    message: str = ""
    symbol: str | None = None
    language: str | None = None
    work: str | None = None
    expression: str | None = None
    triples: int = 0
    warnings: tuple[str, ...] = ()
    nq: str = ""
    ttl: str = ""
    jsonld: str = ""
    report: str = ""
    source_sha256: str = ""
    cached: bool = False
    seconds: float = 0.0

    @classmethod
    def from_json(cls, text: str) -> DocumentResult:
        data = json.loads(text)
        data["warnings"] = tuple(data.get("warnings", ()))
        return cls(**data)


@dataclass(frozen=True)
class BuildSummary:
    """The closing figures of a build."""

    out: str
    documents: int
    published: int
    failed: int
    cached: int
    triples: int
    warnings: int
    seconds: float
    failures: tuple[tuple[str, str], ...] = field(default=())

    def text(self) -> str:
        return (f"{self.documents} document(s): {self.published} published ({self.cached} from cache), "
                f"{self.failed} left out; {self.triples} triples; {self.warnings} warning(s); "
                f"{self.seconds:.1f} s → {self.out}")


def collect_sources(paths: Sequence[Path]) -> list[Path]:
    """The files to build: each path itself, or the ``.txt``/``.md``/``.pdf`` files under a directory.

    Raises:
        SourceError: a path does not exist.
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            out.append(p)
        else:
            raise SourceError("no such file or directory", source=p)
    return list(dict.fromkeys(out))


def fingerprint(options: BuildOptions) -> str:
    """Hash of everything besides the source that shapes a document's output (code, ontology, shapes, base)."""
    h = hashlib.sha256()
    h.update(f"{_version()}|{ids.normalize_base(options.base)}|{options.validate}|{options.shacl_engine}".encode())
    pkg = Path(__file__).resolve().parent
    for f in sorted(pkg.rglob("*.py")) + [ontology_file(), shapes_file()]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lod")
    except Exception:  # noqa: BLE001 - running from a checkout without metadata
        return "0.1.0"


@dataclass(frozen=True)
class _Job:
    source: str
    fingerprint: str
    base: str
    validate: bool
    engine: str
    version: str
    old_cache: str | None
    new_cache: str | None


def process_source(job: _Job) -> DocumentResult:
    """Parse, map, validate and serialise one source (or take it from the cache). Never raises LodError."""
    started = time.perf_counter()
    try:
        data = Path(job.source).read_bytes()
    except OSError as exc:
        return DocumentResult(job.source, "", "error", f"{job.source}: cannot read: {exc.strerror}")
    key = hashlib.sha256(data + _sidecar_bytes(job.source) + job.fingerprint.encode()).hexdigest()
    if job.old_cache:
        cached = Path(job.old_cache) / f"{key}.json"
        if cached.is_file():
            result = DocumentResult.from_json(cached.read_text(encoding="utf-8"))
            _link_into(cached, job.new_cache)
            return _replace(result, source=job.source, cached=True, seconds=time.perf_counter() - started)
    result = _process(job, key, data)
    result = _replace(result, seconds=time.perf_counter() - started)
    if job.new_cache:
        tmp = Path(job.new_cache) / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
        tmp.replace(Path(job.new_cache) / f"{key}.json")
    return result


def _sidecar_bytes(source: str) -> bytes:
    """The catalogue sidecar written by ``lod fetch`` beside a source, if any (it changes the output)."""
    from lod.fetch.sidecar import sidecar_path

    try:
        return sidecar_path(source).read_bytes()
    except OSError:
        return b""


def _replace(r: DocumentResult, **changes: Any) -> DocumentResult:
    from dataclasses import replace

    return replace(r, **changes)


def _link_into(cached: Path, new_cache: str | None) -> None:
    if not new_cache:
        return
    target = Path(new_cache) / cached.name
    if target.exists():
        return
    try:
        os.link(cached, target)
    except OSError:
        shutil.copy2(cached, target)


def _process(job: _Job, key: str, data: bytes) -> DocumentResult:
    from lod.graph import Provenance, graph_of, resolution_triples
    from lod.links import enrich
    from lod.parse import parse_file
    from lod.serialize import graph_jsonld, to_nquads, to_turtle
    from lod.validation import validate, validate_triples

    src = job.source
    sha = hashlib.sha256(data).hexdigest()
    try:
        resolution = parse_file(src)
        from lod.fetch.sidecar import apply_sidecar, load_sidecar_metadata

        resolution = apply_sidecar(resolution, load_sidecar_metadata(src))  # adoption date, title from `lod fetch`
        resolution = enrich(resolution, base=job.base)  # issue 4: citations, actions, addressees (lod.links)
    except LodError as exc:
        return DocumentResult(src, key, "parse-error", f"{type(exc).__name__}: {exc}", source_sha256=sha)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return DocumentResult(src, key, "error", f"{src}: unexpected {type(exc).__name__}: {exc}", source_sha256=sha)
    warnings = tuple(f"{src}:{w.line or ''}: {w.code}: {w.message}" for w in resolution.warnings)
    common: dict[str, Any] = {"symbol": resolution.symbol, "language": resolution.language,
                              "warnings": warnings, "source_sha256": sha}
    prov = Provenance(built=datetime.now(timezone.utc).replace(microsecond=0), software_version=job.version)
    try:
        triples = resolution_triples(resolution, job.base, prov)
        from lod.graph import work_and_expression

        work, expression = work_and_expression(resolution, job.base)
    except LodError as exc:
        return DocumentResult(src, key, "error", f"{src}: {type(exc).__name__}: {exc}", **common)
    if job.validate:
        report = validate_triples(triples) if job.engine == "compiled" else validate(graph_of(triples))
        if not report.conforms:
            return DocumentResult(src, key, "invalid",
                                  f"{src}: {len(report.results)} SHACL violation(s): {report.text(3)}",
                                  work=work, expression=expression,
                                  report=report.graph.serialize(format="turtle"), **common)
    nq = to_nquads(triples, expression).decode("utf-8")
    return DocumentResult(
        src, key, "ok", work=work, expression=expression, triples=nq.count("\n"),
        nq=nq, ttl=to_turtle(triples).decode("utf-8"),
        jsonld=dumps_json(graph_jsonld(triples, expression)), **common,
    )


class _HashingWriter:
    """A binary file that hashes and counts what is written (optionally gzip-compressed)."""

    def __init__(self, path: Path, *, gz: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._raw: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._out: IO[bytes] = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=5, mtime=0) if gz else self._raw

    def write(self, data: bytes) -> None:
        self._out.write(data)

    def close(self) -> tuple[int, str]:
        if self._out is not self._raw:
            self._out.close()
        self._raw.close()
        return self.path.stat().st_size, _sha256_file(self.path)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _results(jobs: list[_Job], n_jobs: int) -> Iterator[DocumentResult]:
    if n_jobs <= 1 or len(jobs) <= 1:
        yield from map(process_source, jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(processes=n_jobs) as pool:
        yield from pool.imap(process_source, jobs, chunksize=4)


def _prepare_out(out: Path) -> Path:
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
    progress: Callable[[DocumentResult], None] | None = None,
) -> BuildSummary:
    """Build the dataset from ``paths`` into ``out`` (replaced atomically at the end).

    Raises:
        SourceError: a path does not exist.
        PublishError: ``options.strict`` and a document failed, or the output cannot be written.
    """
    options = options or BuildOptions()
    base = ids.normalize_base(options.base)
    started = time.perf_counter()
    sources = collect_sources(paths)
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
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _build_into(
    tmp: Path, out: Path, sources: list[Path], options: BuildOptions, base: str, started: float,
    progress: Callable[[DocumentResult], None] | None,
) -> BuildSummary:
    fp = fingerprint(options)
    old_cache = out / ".cache"
    new_cache = tmp / ".cache"
    new_cache.mkdir()
    jobs = [_Job(str(s), fp, base, options.validate, options.shacl_engine, _version(),
                 str(old_cache) if options.cache and old_cache.is_dir() else None,
                 str(new_cache) if options.cache else None) for s in sources]
    (tmp / "graphs").mkdir()
    nq = _HashingWriter(tmp / "dumps" / "lod.nq.gz", gz=True)
    ttl = _HashingWriter(tmp / "dumps" / "lod.ttl.gz", gz=True)
    jl = _HashingWriter(tmp / "dumps" / "lod.jsonld.gz", gz=True)
    ttl.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
    jl.write(('{"@context":' + json.dumps(ids.context_iri(base)) + ',"@graph":[\n').encode())
    graphs: list[dict[str, Any]] = []
    failures: list[tuple[str, str]] = []
    reports: list[str] = []
    seen: dict[str, str] = {}
    triples = warnings = cached = 0
    example: str | None = None
    for r in _results(jobs, options.jobs):
        warnings += len(r.warnings)
        if r.status == "ok" and r.expression in seen:
            r = _replace(r, status="error", message=f"{r.source}: same expression {r.expression} as {seen[r.expression]}; kept the first")
        if r.status != "ok":
            failures.append((r.source, r.message))
            if r.report:
                reports.append(r.report)
            if progress:
                progress(r)
            if options.strict:
                raise PublishError(f"--strict: {r.message}")
            continue
        assert r.expression is not None and r.work is not None
        seen[r.expression] = r.source
        cached += r.cached
        triples += r.triples
        example = example or r.work
        graphs.append(_write_graph(tmp, base, r, nq, ttl, jl, first=not graphs))
        if progress:
            progress(r)
    jl.write(b"\n]}\n")
    files: list[dict[str, Any]] = []
    dumps: list[DumpFile] = []
    for w, mt, name in ((nq, "application/n-quads", "nquads"), (ttl, "text/turtle", "turtle"),
                        (jl, "application/ld+json", "jsonld")):
        size, sha = w.close()
        rel = w.path.relative_to(tmp).as_posix()
        dumps.append(DumpFile(rel, mt, size, sha, name, gzip=True))
        files.append({"path": rel, "media_type": mt, "encoding": "gzip", "bytes": size, "sha256": sha})
    built = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    statics = _write_statics(tmp, base, dumps, triples, built, len(graphs), options, example, reports)
    files += statics
    manifest = {"format": 1, "base": base, "built": built, "generator": f"lod {_version()}",
                "license": options.license, "context": ids.context_iri(base),
                "triples": triples, "graphs": graphs, "files": files,
                "failures": [{"source": s, "reason": m} for s, m in failures]}
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    sums = [(f["path"], f["sha256"]) for f in files]
    for g in graphs:
        sums += [(g["file"], g["sha256"]), (g["ttl"], g["ttl_sha256"]), (g["jsonld"], g["jsonld_sha256"])]
    sums.append(("manifest.json", _sha256_file(tmp / "manifest.json")))
    (tmp / "SHA256SUMS").write_bytes(sha256sums(sums))
    if options.store:
        _load_store(tmp)
    return BuildSummary(str(out), len(sources), len(graphs), len(failures), cached, triples, warnings,
                        time.perf_counter() - started, tuple(failures))


def _write_graph(tmp: Path, base: str, r: DocumentResult, nq: _HashingWriter, ttl: _HashingWriter,
                 jl: _HashingWriter, *, first: bool) -> dict[str, Any]:
    assert r.expression is not None
    slug = ids.graph_slug(r.expression)
    nq_bytes = r.nq.encode("utf-8")
    ttl_bytes = r.ttl.encode("utf-8")
    jl_bytes = ('{"@context":' + json.dumps(ids.context_iri(base)) + "," + r.jsonld[1:]).encode("utf-8")
    paths = {ext: f"graphs/{slug}.{ext}" for ext in ("nq", "ttl", "jsonld")}
    (tmp / paths["nq"]).write_bytes(nq_bytes)
    (tmp / paths["ttl"]).write_bytes(ttl_bytes)
    (tmp / paths["jsonld"]).write_bytes(jl_bytes)
    nq.write(nq_bytes)
    ttl.write(b"\n" + ttl_bytes)
    jl.write((b"" if first else b",\n") + r.jsonld.encode("utf-8"))
    return {"iri": r.expression, "work": r.work, "file": paths["nq"], "ttl": paths["ttl"], "jsonld": paths["jsonld"],
            "triples": r.triples, "sha256": hashlib.sha256(nq_bytes).hexdigest(),
            "ttl_sha256": hashlib.sha256(ttl_bytes).hexdigest(), "jsonld_sha256": hashlib.sha256(jl_bytes).hexdigest(),
            "source": Path(r.source).name, "source_sha256": r.source_sha256,
            "symbol": r.symbol, "language": r.language, "cached": r.cached}


def _write_statics(tmp: Path, base: str, dumps: list[DumpFile], triples: int, built: str, n_graphs: int,
                   options: BuildOptions, example: str | None, reports: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def put(rel: str, data: bytes, media_type: str) -> None:
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out.append({"path": rel, "media_type": media_type, "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest()})

    put("context/v1.jsonld", json.dumps(context_document(), indent=1).encode(), "application/ld+json")
    put("ontology/lod.ttl", ontology_file().read_bytes(), "text/turtle")
    try:
        put("ontology/index.html", ontology_html_file().read_bytes(), "text/html")
    except LodError:
        pass
    put("shapes/lod.ttl", shapes_file().read_bytes(), "text/turtle")
    put("validation-report.ttl", _report(reports, n_graphs, built), "text/turtle")
    put("void.ttl", void_turtle(base, dumps, triples=triples, modified=built, graphs=n_graphs,
                                license=options.license, example=example, version=_version()), "text/turtle")
    return out


def _report(reports: list[str], n_graphs: int, built: str) -> bytes:
    """Every published graph conformed; the reports of the documents left out follow."""
    head = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            f"<#published> a sh:ValidationReport ; sh:conforms true ;\n"
            f"    dcterms:description \"{n_graphs} published graph(s), each validated against shapes/lod.ttl\" ;\n"
            f"    dcterms:created \"{built}\"^^xsd:dateTime .\n")
    return (head + "".join("\n" + r for r in reports)).encode("utf-8")


def _load_store(tmp: Path) -> None:
    """Bulk-load every graph into the embedded pyoxigraph store ``store/``."""
    import pyoxigraph as ox

    store = ox.Store(str(tmp / "store"))
    try:
        with gzip.open(tmp / "dumps" / "lod.nq.gz", "rb") as f:
            store.bulk_load(f, format=ox.RdfFormat.N_QUADS)
        store.flush()
    finally:
        del store
