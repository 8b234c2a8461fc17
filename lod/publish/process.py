"""Process one source: parse → RDF → SHACL → serialisations, or take it from the build cache.

``process_source(job)`` runs in a worker process and never raises ``LodError``. It returns one
``DocumentResult`` per document the source holds (``lod.read.parse_file_documents``: most files
hold one, a page of a printed volume may hold several) and one per part the parser refused; a
document that cannot be published comes back with a ``status`` that says why (``parse-error``,
``invalid``, ``error``, ``refused``). The results of a source are cached together as
``{cache}/{key}.entry``, beside the graphs' gzip files ``{key}.nq.gz|.ttl.gz|.jsonld.gz|.xml.gz`` (the
first document) and ``{key}-{i}.nq.gz|…`` (document ``i`` > 0), where ``key`` = sha256(source bytes +
``fingerprint``): a source is re-processed only when its bytes, the base IRI, the code, the
ontology or the shapes change, and then every document it holds is.

Example:
    >>> [r] = process_source(Job("no-such-file.txt", "0", "http://x/", True, "compiled", "0.1.0", None, None))
    >>> r.status, "cannot read" in r.message
    ('error', True)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lod import identifiers as ids
from lod.rdf import nt
from lod.rdf.serialize import context_document
from lod.publish.compress import gunzip, gzip_member
from lod.errors import LodError
from lod.model import ParseWarning
from lod.read.source import printable
from lod.datafiles import ontology_file, shapes_file

if TYPE_CHECKING:
    from lod.model import Resolution
    from lod.read import RefusedPart

__all__ = ["GRAPH_FILES", "GZ", "DocumentResult", "Job", "document_key", "fingerprint", "link_or_copy",
           "package_version", "process_source", "read_entry", "refused_message", "stage_graph", "warm",
           "warning_dict", "write_entry"]


@dataclass(frozen=True)
class DocumentResult:
    """What processing one source gave: a publishable graph, or why it was left out.

    A published graph's four files (``.nq.gz``, ``.ttl.gz``, ``.jsonld.gz``, Akoma Ntoso ``.xml.gz``) are already
    written by the worker into the build's staging directory (``files``, with their ``sha256`` and the
    ``content_sha256`` of what they hold decompressed). Each is one gzip member (RFC 1952 §2.2) that the
    dumps take as it is, so the main process only links files and appends their bytes, and the cache holds
    no second copy of them.
    """

    source: str
    key: str  # names the graph's files: document_key(source key, index)
    status: str  # "ok" | "parse-error" | "invalid" | "error" | "refused" (a part the parser would not publish)
    message: str = ""
    symbol: str | None = None
    language: str | None = None
    work: str | None = None
    expression: str | None = None
    triples: int = 0
    warnings: tuple[ParseWarning, ...] = ()
    report: str = ""
    source_sha256: str = ""
    files: tuple[str, ...] = ()  # staged .nq.gz, .ttl.gz, .jsonld.gz, .xml.gz of the graph
    sha256: tuple[str, ...] = ()  # of those files
    content_sha256: tuple[str, ...] = ()  # of what they hold decompressed (what {base}graphs/<slug>.nq serves)
    cached: bool = False
    seconds: float = 0.0
    index: int = 0  # which of the source's results this is (documents in order, then refused parts)
    of: int = 1  # how many results the source gave
    links: tuple[tuple[str, str, str], ...] = ()  # the triples lod.publish.links joins (identifiers, citations)
    catalogue: tuple[str, ...] = ()  # the document's row in lod serve's catalogue (lod.publish.catalogue.graph_entry)
    words: tuple[str, ...] = ()  # the distinct words of its texts, for the server's word index

    @property
    def where(self) -> str:
        """The source, and which document of it when it gave several results: what reports name."""
        return self.source if self.of == 1 else _where(self.source, self.symbol, self.index)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        """The result ``to_dict`` gave, decoded from JSON (arrays back to tuples, warnings to ``ParseWarning``)."""
        for name in ("files", "sha256", "content_sha256"):
            data[name] = tuple(data.get(name, ()))
        data["links"] = tuple(tuple(t) for t in data.get("links", ()))
        for name in ("catalogue", "words"):
            data[name] = tuple(data.get(name, ()))
        data["warnings"] = tuple(ParseWarning(w["code"], w["message"], w.get("line")) for w in data.get("warnings", ()))
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values."""
        # shallow: every field is a str, number or tuple of str/int (asdict's deep copy cost ≈80 µs a document)
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["warnings"] = [warning_dict(w) for w in self.warnings]
        return data


def warning_dict(w: ParseWarning) -> dict[str, Any]:
    """A warning as the manifest and the cache entry write it: ``{"line", "code", "message"}``."""
    return {"line": w.line, "code": w.code, "message": w.message}


def document_key(key: str, index: int) -> str:
    """The key naming the files of document ``index`` of the source whose key is ``key``.

    >>> document_key("ab12", 0), document_key("ab12", 2)
    ('ab12', 'ab12-2')
    """
    return key if index == 0 else f"{key}-{index}"


#: The staged files of one graph, by the extension of what they hold, in ``DocumentResult.files`` order; each
#: file is that text gzip-compressed, named ``{key}.{ext}.gz`` (``GZ``).
GRAPH_FILES = ("nq", "ttl", "jsonld", "xml")
GZ = ".gz"
#: The JSON-LD ``@context`` written into every JSON-LD file itself (our prefixes, ≈500 bytes): a downloaded
#: file parses with no network, and does not point at the base the dataset was built for.
_CONTEXT = json.dumps(context_document()["@context"], separators=(",", ":")).encode()


def stage_graph(staging: Path, key: str, base: str, nq: bytes, ttl: bytes, jsonld: str,
                akn: bytes | None = None) -> dict[str, Any]:
    """Write one graph's files ``{key}.nq.gz|.ttl.gz|.jsonld.gz`` and its Akoma Ntoso document ``{key}.xml.gz``
    into ``staging`` (a dataset graph such as the actors' has no AKN document: three files), each its text as
    one gzip member (no timestamp: the same text gives the same bytes).

    Each file is also the member its dump needs (``lod.publish.dump``): the N-Quads dump is the series of
    the ``.nq.gz`` files, the Turtle dump a ``@prefix`` header then the ``.ttl.gz`` files (each graph's
    Turtle starts with its own ``@prefix`` lines, which Turtle allows anywhere; our graphs have no blank
    nodes whose labels could meet), the JSON-LD dump an array of the ``.jsonld.gz`` files (each graph object
    carries the same ``@context`` inline, which JSON-LD allows on any node object). Returns the
    ``DocumentResult`` fields that describe them.
    """
    # written in place: staging lives inside the build's aside directory, which lod.publish.build renames whole
    bodies: tuple[bytes, ...] = (nq, ttl, b'{"@context":' + _CONTEXT + b"," + jsonld.encode("utf-8")[1:])
    if akn is not None:
        bodies += (akn,)
    files, sums = [], []
    for ext, body in zip(GRAPH_FILES, bodies):
        path = f"{staging}/{key}.{ext}{GZ}"
        member = gzip_member(body)
        with open(path, "wb") as f:
            f.write(member)
        files.append(path)
        sums.append(hashlib.sha256(member).hexdigest())
    return {"files": tuple(files), "sha256": tuple(sums),
            "content_sha256": tuple(hashlib.sha256(b).hexdigest() for b in bodies)}


def write_entry(cache: Path, key: str, results: Sequence[DocumentResult]) -> None:
    """The cache entry ``{key}.entry`` of one source: its results as one JSON line, gzip-compressed.

    One file per source, whatever the number of documents it holds: on a disk where creating a file is
    the expensive part of writing a small one (docs/build.md, "Machine notes"), every file a document
    makes counts. The graphs' files beside it are what the dumps and ``graphs/`` take: the entry holds
    no copy of them. Compressed because of the link triples each result carries (≈34 bytes of JSON a
    published triple on the seed and corpus, ≈3 compressed).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_entry(d, "k", [DocumentResult("a.txt", "k", "ok", files=("s/k.nq.gz",), sha256=("ab",)),
    ...                      DocumentResult("a.txt", "k-1", "refused", "a.txt:9: refused", index=1, of=2)])
    >>> [(r.key, r.status, r.sha256) for r in read_entry(d / "k.entry")]
    [('k', 'ok', ('ab',)), ('k-1', 'refused', ())]
    """
    line = json.dumps({"results": [r.to_dict() for r in results]}, ensure_ascii=False).encode("utf-8")
    (cache / f"{key}.entry").write_bytes(gzip_member(line + b"\n"))


def read_entry(path: Path) -> tuple[DocumentResult, ...]:
    """The results a cache entry written by ``write_entry`` holds.

    Raises:
        OSError: the entry cannot be read. ValueError, TypeError, KeyError: not an entry of this layout.
    """
    raw = path.read_bytes()
    try:
        data = gunzip(raw)
    except Exception as exc:  # noqa: BLE001 - truncated (EOFError), not gzip (BadGzipFile), bad deflate (zlib's, isal's)
        raise ValueError(f"{path}: expected a gzip-compressed entry, {type(exc).__name__}: {exc}") from None
    lines = data.count(b"\n")
    if lines != 1 or not data.endswith(b"\n"):  # JSON escapes newlines inside strings
        raise ValueError(f"{path}: expected one JSON line, found {lines} line end(s)")
    results = tuple(DocumentResult.from_dict(item) for item in json.loads(data)["results"])
    if not results:
        raise ValueError(f"{path}: expected an entry with results, found none")
    return results


def fingerprint(base: str, validate: bool, engine: str) -> str:
    """Hash of everything besides the source that shapes a document's output (code, ontology, shapes, base)."""
    h = hashlib.sha256()
    h.update(f"{package_version()}|{ids.normalize_base(base)}|{validate}|{engine}".encode())
    pkg = Path(__file__).resolve().parent.parent  # the whole lod package
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
    #: how results and messages name the source (``lod.read.source.named_sources``: no build-machine
    #: directories, printable); the path itself when empty
    name: str = ""

    @property
    def shown(self) -> str:
        """The source's name in results and messages."""
        return self.name or printable(self.source)


def process_source(job: Job) -> tuple[DocumentResult, ...]:
    """Parse, map, validate and serialise one source (or take it from the cache). Raises nothing but
    ``OSError`` writing the staged files (a full disk stops the build): a bug on one source must not
    stop the batch.

    Returns one result per document of the source, then one per refused part (at least one result).
    Results and their messages name the source ``job.shown``, not its path. ``job.staging`` is the
    directory the graphs' files are written to (None: nothing is written, the results only say what
    processing gave); with ``job.cache`` it is the build's new cache and the source's entry is written
    there too. ``job.old_cache`` is the previous build's cache.
    """
    started = time.perf_counter()
    shown = job.shown
    try:
        data = Path(job.source).read_bytes()
    except OSError as exc:
        return (DocumentResult(shown, "", "error", f"{shown}: cannot read: {exc.strerror}"),)
    key = hashlib.sha256(data + _sidecar_bytes(job.source) + job.fingerprint.encode()).hexdigest()
    if job.old_cache:
        cached = _from_cache(Path(job.old_cache), key, job.staging)
        if cached is not None:
            seconds = time.perf_counter() - started
            # the entry names the source as the build that wrote it did
            return tuple(replace(r, source=shown, message=r.message.replace(r.source, shown) if r.source else r.message,
                                 cached=True, seconds=seconds) for r in cached)
    try:
        found = _process(job, key, data)
    except OSError:  # the machine's trouble (a full disk), not the source's: the build stops as it did
        raise
    except Exception as exc:  # noqa: BLE001 - whatever else, one source is left out, not the batch
        found = [DocumentResult(shown, key, "error", f"{shown}: unexpected {type(exc).__name__}: {exc}",
                                source_sha256=hashlib.sha256(data).hexdigest())]
    seconds = time.perf_counter() - started
    results = tuple(replace(r, message=printable(r.message), seconds=seconds, index=i, of=len(found))
                    for i, r in enumerate(found))
    if job.staging and job.cache:
        write_entry(Path(job.staging), key, results)
    return results


def _from_cache(old: Path, key: str, staging: str | None) -> tuple[DocumentResult, ...] | None:
    """The cached results of ``key``, their files linked into ``staging`` (None if not cached or incomplete)."""
    entry = old / f"{key}.entry"
    try:
        results = read_entry(entry)
        into = Path(staging) if staging else old
        _link_into(entry, into)
        linked = []
        for r in results:
            # the entry names the files where the build that wrote it staged them: only their names count
            names = [Path(f).name for f in r.files]
            if names and names != [f"{r.key}.{ext}{GZ}" for ext in GRAPH_FILES]:  # an older layout: process again
                raise ValueError(f"{entry}: unexpected files {names}")
            for name in names:
                _link_into(old / name, into)
            linked.append(replace(r, files=tuple(str(into / name) for name in names)))
        return tuple(linked)
    except (OSError, ValueError, TypeError, KeyError):  # not cached, or an entry from an older layout: process again
        return None


def warm(engine: str = "compiled") -> None:
    """Import the pipeline and build its per-process tables (compiled shapes, gazetteer) now: called in
    the build's main process before the worker pool forks, so the workers share them instead of each
    paying ≈1 s of imports and set-up."""
    from lod.enrich.gazetteer import load_gazetteer
    from lod.rdf.graph import resolution_triples  # noqa: F401 - imported for its side effect
    from lod.enrich.links import enrich  # noqa: F401
    from lod.read import parse_file_documents  # noqa: F401
    from lod.validate.validation import compiled_shapes

    load_gazetteer()
    if engine == "compiled":
        compiled_shapes()


def _where(source: str, symbol: str | None, index: int) -> str:
    """How messages name one document of a source that gave several results."""
    return f"{source} ({symbol or f'document {index + 1}'})"


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


def refused_message(source: str, part: RefusedPart) -> str:
    """How a report names a part of ``source`` the parser refused: ``file:line: refused part (SYMBOL): reason``.

    >>> from lod.read import RefusedPart
    >>> refused_message("p11.txt", RefusedPart("S/RES/14 (1946)", 3, "starts on an earlier page"))
    'p11.txt:3: refused part (S/RES/14 (1946)): starts on an earlier page'
    """
    where = f"{source}:{part.line}" if part.line else source
    what = f"refused part ({part.symbol})" if part.symbol else "refused part"
    return f"{where}: {what}: {part.reason}"


def _process(job: Job, key: str, data: bytes) -> list[DocumentResult]:
    from lod.fetch.sidecar import load_sidecar_metadata, sidecar_for
    from lod.read import parse_file_documents

    path, src = job.source, job.shown
    sha = hashlib.sha256(data).hexdigest()
    try:
        parsed = parse_file_documents(path)
        meta = load_sidecar_metadata(path)  # adoption date, title from `lod fetch`
    except LodError as exc:
        # the parser names the file by its path: the report names it as the build does
        return [DocumentResult(src, key, "parse-error", f"{type(exc).__name__}: {exc}".replace(path, src),
                               source_sha256=sha)]
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return [DocumentResult(src, key, "error", f"{src}: unexpected {type(exc).__name__}: {exc}", source_sha256=sha)]
    n, several = len(parsed.documents), len(parsed.documents) + len(parsed.refused) > 1
    results = [_process_document(job, document_key(key, i), resolution, sidecar_for(meta, resolution, sole=n == 1), sha,
                                 where=_where(src, resolution.symbol, i) if several else src)
               for i, resolution in enumerate(parsed.documents)]
    results += [DocumentResult(src, document_key(key, n + j), "refused", refused_message(src, part), symbol=part.symbol,
                               source_sha256=sha) for j, part in enumerate(parsed.refused)]
    if not results:  # the parser promises a document or a ParseError; say so rather than publish nothing silently
        results.append(DocumentResult(src, key, "parse-error", f"ParseError: {src}: no document found", source_sha256=sha))
    return results


def _process_document(job: Job, key: str, resolution: Resolution, meta: dict[str, Any] | None, sha: str, *,
                      where: str) -> DocumentResult:
    """One document of the source: its graph staged, or why not. ``where`` names it in messages (the source,
    with the document's symbol when the source holds several)."""
    from lod.fetch.sidecar import apply_sidecar, sidecar_path
    from lod.rdf.graph import Provenance, graph_of, resolution_triples
    from lod.enrich.links import enrich
    from lod.publish.akn import akn_bytes
    from lod.publish.catalogue import graph_entry
    from lod.publish.links import link_triples
    from lod.rdf.serialize import serialize_all
    from lod.validate.validation import validate, validate_triples

    src = job.shown
    try:
        resolution = apply_sidecar(resolution, meta, sidecar=printable(sidecar_path(job.source).name))
        resolution = enrich(resolution, base=job.base)  # citations, actions, addressees (lod.enrich.links)
    except LodError as exc:
        return DocumentResult(src, key, "parse-error", f"{type(exc).__name__}: {exc}", symbol=resolution.symbol,
                              warnings=resolution.warnings, source_sha256=sha)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return DocumentResult(src, key, "error", f"{where}: unexpected {type(exc).__name__}: {exc}",
                              symbol=resolution.symbol, warnings=resolution.warnings, source_sha256=sha)
    common: dict[str, Any] = {"symbol": resolution.symbol, "language": resolution.language,
                              "warnings": resolution.warnings, "source_sha256": sha}
    prov = Provenance(built=datetime.now(timezone.utc).replace(microsecond=0), software_version=job.version)
    try:
        listed = resolution_triples(resolution, job.base, prov)
        from lod.rdf.graph import work_and_expression

        work, expression = work_and_expression(resolution, job.base)
    except LodError as exc:
        return DocumentResult(src, key, "error", f"{where}: {type(exc).__name__}: {exc}", **common)
    triples = nt.Grouped(listed)  # one deduplicated index for the SHACL engine and the three writers
    common["links"] = link_triples(listed)  # picked here, in the worker: the main process only gathers them
    if job.validate:
        report = validate_triples(triples) if job.engine == "compiled" else validate(graph_of(triples.triples))
        if not report.conforms:
            return DocumentResult(src, key, "invalid",
                                  f"{where}: {len(report.results)} SHACL violation(s): {report.text(3)}",
                                  work=work, expression=expression,
                                  report=report.graph.serialize(format="turtle"), **common)
    try:
        nq, ttl, jsonld = serialize_all(triples, expression)
        akn = akn_bytes(resolution, job.base)
    except LodError as exc:
        return DocumentResult(src, key, "error", f"{where}: {type(exc).__name__}: {exc}", **common)
    except Exception as exc:  # noqa: BLE001 - a writer bug leaves this document out, not the batch
        return DocumentResult(src, key, "error", f"{where}: unexpected {type(exc).__name__}: {exc}", **common)
    staged = stage_graph(Path(job.staging), key, job.base, nq, ttl, jsonld, akn) if job.staging else {}
    # the server's catalogue row and word list, made here from the triples at hand (lod.publish.catalogue)
    row, found = graph_entry(triples.subjects, expression, symbol=resolution.symbol, language=resolution.language)
    return DocumentResult(src, key, "ok", work=work, expression=expression, triples=nq.count(b"\n"),
                          catalogue=row, words=found, **common, **staged)
