"""Process one source: parse → RDF → SHACL → serialisations, or take it from the build cache.

``process_source(job)`` runs in a worker process and never raises ``LodError``:
a document that cannot be published comes back as a ``DocumentResult`` whose
``status`` says why (``parse-error``, ``invalid``, ``error``). Results are
cached as ``{cache}/{key}.entry`` (beside the graph's files ``{key}.nq|.ttl|.jsonld``)
where ``key`` = sha256(source bytes + ``fingerprint``): a source is re-processed only
when its bytes, the base IRI, the code, the ontology or the shapes change.

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
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from lod import identifiers as ids
from lod import nt
from lod.compress import gzip_member
from lod.errors import LodError
from lod.resources import ontology_file, shapes_file

__all__ = ["GRAPH_FILES", "DocumentResult", "Job", "fingerprint", "package_version", "link_or_copy", "process_source",
           "read_entry", "stage_graph", "warm", "write_entry"]


@dataclass(frozen=True)
class DocumentResult:
    """What processing one source gave: a publishable graph, or why it was left out.

    A published graph's three files (``.nq``, ``.ttl``, ``.jsonld``) are already written by the worker
    into the build's staging directory (``files``, with their ``sha256``); ``members`` are the same
    texts as gzip members for the three dumps, ready to be appended (RFC 1952 §2.2: a gzip file is a
    series of members), so the main process only links files and appends bytes.
    """

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
    report: str = ""
    source_sha256: str = ""
    files: tuple[str, ...] = ()  # staged .nq, .ttl, .jsonld of the graph
    sha256: tuple[str, ...] = ()  # of those files
    members: tuple[bytes, ...] = field(default=(), repr=False)  # not in the JSON: stored after it in the entry
    cached: bool = False
    seconds: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        """The result ``to_json`` wrote, decoded (JSON arrays back to tuples)."""
        for name in ("warnings", "files", "sha256"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)

    def to_json(self, **extra: Any) -> str:
        """The result (but its members) as one line of JSON, with ``extra`` members added."""
        # shallow: every field is a str, number or tuple of str/int (asdict's deep copy cost ≈80 µs a document)
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "members"}
        return json.dumps(data | extra, ensure_ascii=False)


#: The staged files of one graph, by extension, in ``DocumentResult.files`` order.
GRAPH_FILES = ("nq", "ttl", "jsonld")


def stage_graph(staging: Path, key: str, base: str, nq: bytes, ttl: bytes, jsonld: str) -> dict[str, Any]:
    """Write one graph's files ``{key}.nq|.ttl|.jsonld`` into ``staging``; compress its dump members.

    The ``.jsonld`` file carries the published ``@context``; its dump member does not (the dump has
    one ``@context`` for all graphs). Returns the ``DocumentResult`` fields that describe them (the
    members travel in memory to the main process, and into the cache entry when there is a cache).
    """
    # written in place: staging lives inside the build's aside directory, which lod.build renames whole
    jsonld_bytes = jsonld.encode("utf-8")  # once: the file is the dump's text with the @context in front
    bodies = (nq, ttl, b'{"@context":' + json.dumps(ids.context_iri(base)).encode() + b"," + jsonld_bytes[1:])
    files = []
    for ext, body in zip(GRAPH_FILES, bodies):
        path = staging / f"{key}.{ext}"
        path.write_bytes(body)
        files.append(str(path))
    members = tuple(gzip_member(m) for m in (nq, b"\n" + ttl, jsonld_bytes))
    return {"files": tuple(files), "sha256": tuple(hashlib.sha256(b).hexdigest() for b in bodies),
            "members": members}


def write_entry(cache: Path, result: DocumentResult) -> None:
    """The cache entry ``{key}.entry``: the result as one JSON line, then its gzip members.

    One file, not a JSON file and a members file: on a disk where creating a file is the expensive
    part of writing a small one (docs/build.md, "Machine notes"), every file a document makes counts.
    """
    head = result.to_json(member_sizes=[len(m) for m in result.members]).encode("utf-8")
    (cache / f"{result.key}.entry").write_bytes(head + b"\n" + b"".join(result.members))


def read_entry(path: Path) -> DocumentResult:
    """The ``DocumentResult`` a cache entry written by ``write_entry`` holds, members included.

    Raises:
        OSError: the entry cannot be read. ValueError, TypeError, KeyError: not an entry of this layout.
    """
    data = path.read_bytes()
    cut = data.index(b"\n")  # JSON escapes newlines inside strings: the first one ends the head
    head = json.loads(data[:cut])
    members, at = [], cut + 1
    for n in head.pop("member_sizes"):
        members.append(data[at:at + n])
        at += n
    if at != len(data):
        raise ValueError(f"{path}: expected an entry of {at} bytes, found {len(data)}")
    return DocumentResult.from_dict(head | {"members": tuple(members)})


def fingerprint(base: str, validate: bool, engine: str) -> str:
    """Hash of everything besides the source that shapes a document's output (code, ontology, shapes, base)."""
    h = hashlib.sha256()
    h.update(f"{package_version()}|{ids.normalize_base(base)}|{validate}|{engine}".encode())
    pkg = Path(__file__).resolve().parent
    for f in sorted(pkg.rglob("*.py")) + [ontology_file(), shapes_file()]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
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
    staging: str | None
    cache: bool = True


def process_source(job: Job) -> DocumentResult:
    """Parse, map, validate and serialise one source (or take it from the cache). Never raises LodError.

    ``job.staging`` is the directory the graph's files are written to (None: nothing is written, the
    result only says what processing gave); with ``job.cache`` it is the build's new cache and the
    result's entry is written there too. ``job.old_cache`` is the previous build's cache.
    """
    started = time.perf_counter()
    try:
        data = Path(job.source).read_bytes()
    except OSError as exc:
        return DocumentResult(job.source, "", "error", f"{job.source}: cannot read: {exc.strerror}")
    key = hashlib.sha256(data + _sidecar_bytes(job.source) + job.fingerprint.encode()).hexdigest()
    if job.old_cache:
        cached = _from_cache(Path(job.old_cache), key, job.staging)
        if cached is not None:
            return replace(cached, source=job.source, cached=True, seconds=time.perf_counter() - started)
    result = _process(job, key, data)
    result = replace(result, seconds=time.perf_counter() - started)
    if job.staging and job.cache:
        write_entry(Path(job.staging), result)
    return result


def _from_cache(old: Path, key: str, staging: str | None) -> DocumentResult | None:
    """The cached result of ``key``, its files linked into ``staging`` (None if not cached or incomplete)."""
    entry = old / f"{key}.entry"
    try:
        result = read_entry(entry)
        names = [entry.name] + ([f"{key}.{ext}" for ext in GRAPH_FILES] if result.files else [])
        into = Path(staging) if staging else old
        for name in names:
            _link_into(old / name, into)
        if not result.files:
            return result
        return replace(result, files=tuple(str(into / f"{key}.{ext}") for ext in GRAPH_FILES))
    except (OSError, ValueError, TypeError, KeyError):  # not cached, or an entry from an older layout: process again
        return None


def warm(engine: str = "compiled") -> None:
    """Import the pipeline and build its per-process tables (compiled shapes, gazetteer) now: called in
    the build's main process before the worker pool forks, so the workers share them instead of each
    paying ≈1 s of imports and set-up."""
    from lod.gazetteer import load_gazetteer
    from lod.graph import resolution_triples  # noqa: F401 - imported for its side effect
    from lod.links import enrich  # noqa: F401
    from lod.parse import parse_file  # noqa: F401
    from lod.validation import compiled_shapes

    load_gazetteer()
    if engine == "compiled":
        compiled_shapes()


def _sidecar_bytes(source: str) -> bytes:
    """The catalogue sidecar written by ``lod fetch`` beside a source, if any (it changes the output)."""
    from lod.fetch.sidecar import sidecar_path

    try:
        return sidecar_path(source).read_bytes()
    except OSError:
        return b""


def _link_into(cached: Path, into: Path) -> None:
    target = into / cached.name
    if target != cached and not target.exists():
        link_or_copy(cached, target)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to ``source`` (no copy: the cache and the dataset share the file), a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
        listed = resolution_triples(resolution, job.base, prov)
        from lod.graph import work_and_expression

        work, expression = work_and_expression(resolution, job.base)
    except LodError as exc:
        return DocumentResult(src, key, "error", f"{src}: {type(exc).__name__}: {exc}", **common)
    triples = nt.Grouped(listed)  # one deduplicated index for the SHACL engine and the three writers
    if job.validate:
        report = validate_triples(triples) if job.engine == "compiled" else validate(graph_of(triples.triples))
        if not report.conforms:
            return DocumentResult(src, key, "invalid",
                                  f"{src}: {len(report.results)} SHACL violation(s): {report.text(3)}",
                                  work=work, expression=expression,
                                  report=report.graph.serialize(format="turtle"), **common)
    try:
        nq, ttl, jsonld = serialize_all(triples, expression)
    except LodError as exc:
        return DocumentResult(src, key, "error", f"{src}: {type(exc).__name__}: {exc}", **common)
    staged = stage_graph(Path(job.staging), key, job.base, nq, ttl, jsonld) if job.staging else {}
    return DocumentResult(src, key, "ok", work=work, expression=expression, triples=nq.count(b"\n"),
                          **common, **staged)
