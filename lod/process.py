"""Process one source: parse → RDF → SHACL → serialisations, or take it from the build cache.

``process_source(job)`` runs in a worker process and never raises ``LodError``:
a document that cannot be published comes back as a ``DocumentResult`` whose
``status`` says why (``parse-error``, ``invalid``, ``error``). Results are
cached as ``{cache}/{key}.json`` where ``key`` = sha256(source bytes +
``fingerprint``): a source is re-processed only when its bytes, the base IRI,
the code, the ontology or the shapes change.

Example:
    >>> r = process_source(Job("no-such-file.txt", "0", "http://x/", True, "compiled", "0.1.0", None, None))
    >>> r.status, "cannot read" in r.message
    ('error', True)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lod import identifiers as ids
from lod.errors import LodError
from lod.resources import ontology_file, shapes_file

__all__ = ["DocumentResult", "Job", "fingerprint", "package_version", "process_source"]


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


def fingerprint(base: str, validate: bool, engine: str) -> str:
    """Hash of everything besides the source that shapes a document's output (code, ontology, shapes, base)."""
    h = hashlib.sha256()
    h.update(f"{package_version()}|{ids.normalize_base(base)}|{validate}|{engine}".encode())
    pkg = Path(__file__).resolve().parent
    for f in sorted(pkg.rglob("*.py")) + [ontology_file(), shapes_file()]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def package_version() -> str:
    """The installed version of ``lod`` (0.1.0 when running from a bare checkout)."""
    try:
        from importlib.metadata import version

        return version("lod")
    except Exception:  # noqa: BLE001 - running from a checkout without metadata
        return "0.1.0"


@dataclass(frozen=True)
class Job:
    """One source to process, with everything a worker needs (picklable)."""

    source: str
    fingerprint: str
    base: str
    validate: bool
    engine: str
    version: str
    old_cache: str | None
    new_cache: str | None


def process_source(job: Job) -> DocumentResult:
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
            return replace(result, source=job.source, cached=True, seconds=time.perf_counter() - started)
    result = _process(job, key, data)
    result = replace(result, seconds=time.perf_counter() - started)
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


def _process(job: Job, key: str, data: bytes) -> DocumentResult:
    from lod.graph import Provenance, graph_of, resolution_triples
    from lod.links import enrich
    from lod.parse import parse_file
    from lod.serialize import serialize_all
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
    nq, ttl, jsonld = serialize_all(triples, expression)
    return DocumentResult(src, key, "ok", work=work, expression=expression, triples=nq.count(b"\n"),
                          nq=nq.decode("utf-8"), ttl=ttl.decode("utf-8"), jsonld=jsonld, **common)
