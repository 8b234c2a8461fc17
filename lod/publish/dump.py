"""Write a dataset directory (docs/layout.md): per-graph files, gzip dumps, statics, manifest, sums.

``DatasetWriter`` streams: ``add(result)`` links one graph's gzip files (written by
the worker into the staging directory) into ``graphs/`` and appends the same bytes
to the three dumps (each file is one gzip member: a dump is a series of members,
RFC 1952 §2.2); ``finish()`` closes the dumps and writes the context,
ontology, shapes, validation report, build report, VoID/DCAT, ``manifest.json``
and ``SHA256SUMS``. Nothing but a small per-graph index stays in memory.

Example:
    >>> import tempfile
    >>> w = DatasetWriter(Path(tempfile.mkdtemp()), "http://x.org/")
    >>> w.finish(license="https://creativecommons.org/licenses/by/4.0/", failures=[])["triples"]
    0
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from lod import identifiers as ids
from lod.publish.compress import gunzip, gzip_member
from lod.publish.dataset import DEFAULT_PUBLISHER, DumpFile, sha256sums, void_turtle
from lod.errors import LodError
from lod.publish.process import GRAPH_FILES, GZ, DocumentResult, link_or_copy, package_version, stage_graph, warning_dict
from lod.datafiles import ontology_file, ontology_html_file, shapes_file
from lod.publish.links import links_triples
from lod.publish.report import BuildWarning, build_report
from lod.rdf.serialize import PREFIXES, context_document
from lod.validate.union import UnionReport, union_violations_of_dump

__all__ = ["UNION_CHECK_MAX_QUADS", "DatasetWriter", "sha256_file"]

#: Up to this many quads the build validates the union and counts distinct triples (lod.validate.union reads
#: the whole dump: ≈700 bytes of memory a quad in the main process). Larger builds skip both for now, say so,
#: and give void:triples as the quad count.
UNION_CHECK_MAX_QUADS = 500_000


class DumpWriter:
    """A gzip dump written as a series of gzip members (RFC 1952 §2.2): members compressed by the
    workers are appended as they are; ``write`` compresses a small text of its own into one."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._raw: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed in close()

    def write(self, data: bytes) -> None:
        self._raw.write(gzip_member(data))

    def append_member(self, member: bytes) -> None:
        self._raw.write(member)

    def append_file(self, path: str) -> None:
        """Append a file holding gzip members (a graph's ``.nq.gz``…) as it is."""
        with open(path, "rb") as f:
            self._raw.write(f.read())

    def close(self) -> tuple[int, str]:
        self._raw.close()
        return self.path.stat().st_size, sha256_file(self.path)


_SEPARATOR = gzip_member(b",\n")  # between two graphs of the JSON-LD dump


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class DatasetWriter:
    """Streams published graphs into a dataset directory ``root`` (usually the build's temp dir)."""

    def __init__(self, root: Path, base: str, *, move: bool = False) -> None:
        """``move``: move each graph's staged files into ``graphs/`` (no cache keeps them) rather than link them."""
        self.root, self.base, self.move = root, base, move
        (root / "graphs").mkdir(parents=True, exist_ok=True)
        self.nq = DumpWriter(root / "dumps" / "lod.nq.gz")
        self.ttl = DumpWriter(root / "dumps" / "lod.ttl.gz")
        self.jl = DumpWriter(root / "dumps" / "lod.jsonld.gz")
        # every published expression's Akoma Ntoso document, one zip member each (docs/akn.md)
        self.akn = zipfile.ZipFile(root / "dumps" / "akn.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.link_facts: list[tuple[str, str, str, str]] = []  # what lod.publish.links joins, from every graph
        self.union: UnionReport | None = None  # set by finish
        self.ttl.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
        # the @context inline: the downloaded dump parses with no network, whatever base serves it
        self.jl.write(('{"@context":' + json.dumps(context_document()["@context"]) + ',"@graph":[\n').encode())
        self.graphs: list[dict[str, Any]] = []
        self.reports: list[str] = []
        self.triples = 0

    def add(self, r: DocumentResult) -> None:
        """Publish one processed document (status ``ok``)."""
        entry = _write_graph(self.root, r, self.nq, self.ttl, self.jl, first=not self.graphs, move=self.move)
        self.graphs.append(entry)
        self.triples += r.triples
        if "akn" in entry:
            info = zipfile.ZipInfo(entry["akn"].rpartition("/")[2], date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            self.akn.writestr(info, gunzip((self.root / entry["akn"]).read_bytes()))
        graph = r.expression or ""
        self.link_facts += ((s, p, o, graph) for s, p, o in r.links)

    def add_actors(self, triples: Sequence[Any]) -> None:
        """Publish the gazetteer's description of the actors as the dataset graph ``{base}id/actors``,
        so that every addressee and body IRI the documents link to dereferences to a description."""
        self._add_dataset_graph("actors", ids.actors_graph_iri(self.base), "lod/data/gazetteer.ttl", triples)

    def links(self) -> list[tuple[str, str, str]]:
        """The links graph's triples: citations joined with the published works, over every graph added
        so far (``lod.publish.links``)."""
        return links_triples(self.link_facts)

    def add_links(self, triples: Sequence[Any]) -> None:
        """Publish the links graph ``{base}id/links`` (rebuilt from all graphs on every build, cached or not)."""
        self._add_dataset_graph("links", ids.links_graph_iri(self.base), "lod.publish.links", triples)

    def _add_dataset_graph(self, kind: str, iri: str, source: str, triples: Sequence[Any]) -> None:
        from lod.rdf.serialize import serialize_all

        nq, ttl, jsonld = serialize_all(triples, iri)
        staging = self.root / f".staging-{kind}"
        staging.mkdir(exist_ok=True)
        r = DocumentResult(source=source, key=kind, status="ok", expression=iri,
                           triples=nq.count(b"\n"), **stage_graph(staging, kind, self.base, nq, ttl, jsonld))
        entry = _write_graph(self.root, r, self.nq, self.ttl, self.jl, first=not self.graphs, move=True)
        shutil.rmtree(staging)
        entry["kind"] = kind
        self.graphs.append(entry)
        self.triples += entry["triples"]

    def reject(self, r: DocumentResult) -> None:
        """Keep the SHACL report of a document left out, for validation-report.ttl."""
        if r.report:
            self.reports.append(r.report)

    def finish(self, *, license: str, failures: Sequence[dict[str, Any]],
               warnings: Sequence[BuildWarning] = (), publisher: str = DEFAULT_PUBLISHER,
               contact: str | None = None) -> dict[str, Any]:
        """Close the dumps and write every other file; returns the manifest.

        ``failures`` are the manifest's entries of the documents left out (``source``, ``reason``, …);
        ``warnings`` every warning of the build, for ``build-report.txt``.
        """
        self.jl.write(b"\n]}\n")
        files: list[dict[str, Any]] = []
        dumps: list[DumpFile] = []
        for w, mt, name in ((self.nq, "application/n-quads", "nquads"), (self.ttl, "text/turtle", "turtle"),
                            (self.jl, "application/ld+json", "jsonld")):
            size, sha = w.close()
            rel = w.path.relative_to(self.root).as_posix()
            dumps.append(DumpFile(rel, mt, size, sha, name, gzip=True))
            files.append({"path": rel, "media_type": mt, "encoding": "gzip", "bytes": size, "sha256": sha})
        self.akn.close()
        akn = self.root / "dumps" / "akn.zip"
        size, sha = akn.stat().st_size, sha256_file(akn)
        dumps.append(DumpFile("dumps/akn.zip", "application/zip", size, sha, "akn"))
        files.append({"path": "dumps/akn.zip", "media_type": "application/zip", "bytes": size, "sha256": sha,
                      "contains": "application/akn+xml"})
        built = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        example = self.graphs[0]["work"] if self.graphs else None
        # the union, as a consumer loading the N-Quads dump sees it: what several graphs say together
        # (validated by the build), and how many distinct triples the dataset holds
        self.union = (union_violations_of_dump(self.root / "dumps" / "lod.nq.gz") if self.triples <= UNION_CHECK_MAX_QUADS
                      else None)
        distinct = self.triples - self.union.duplicates if self.union is not None else self.triples
        documents = sum(1 for g in self.graphs if g.get("kind") is None)
        files += _write_statics(self.root, self.base, dumps, distinct, built, documents, license,
                                example, self.reports, publisher=publisher, contact=contact)
        files.append(_put(self.root, "build-report.txt", build_report(built, self.graphs, failures, warnings),
                          "text/plain; charset=utf-8"))
        manifest = {"format": 1, "base": self.base, "built": built, "generator": f"lod {package_version()}",
                    "license": license, "context": ids.context_iri(self.base),
                    "triples": self.triples, "distinct_triples": distinct if self.union is not None else None,
                    "documents": documents,
                    "graphs": self.graphs, "files": files,
                    "failures": list(failures)}
        # a lone surrogate left in some message is written as its JSON escape, not a crash at the last step
        (self.root / "manifest.json").write_bytes(_manifest_text(manifest).encode("utf-8", "backslashreplace"))
        sums = [(f["path"], f["sha256"]) for f in files]
        for g in self.graphs:  # the files on disk (.nq.gz…): `sha256sum -c SHA256SUMS` checks what is there
            sums += [(g["file"], g["sha256"]), (g["ttl"], g["ttl_sha256"]), (g["jsonld"], g["jsonld_sha256"])]
            if "akn" in g:
                sums.append((g["akn"], g["akn_sha256"]))
        sums.append(("manifest.json", sha256_file(self.root / "manifest.json")))
        (self.root / "SHA256SUMS").write_bytes(sha256sums(sums))
        return manifest


def _manifest_text(manifest: dict[str, Any]) -> str:
    """``manifest.json``: one top-level key per line and one graph, file or failure per line.

    Readable and diffable like an indented dump, but written by the C encoder: ``json.dumps`` with
    ``indent`` falls back to the pure-Python one, which cost ≈0.1 ms per graph in the build's main
    process (the process the two workers wait on).
    """
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in manifest.items():
        if isinstance(value, list) and value:
            lines.append(f" {dumps(key)}: [\n" + ",\n".join("  " + dumps(v) for v in value) + "\n ]")
        else:
            lines.append(f" {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _write_graph(tmp: Path, r: DocumentResult, nq: DumpWriter, ttl: DumpWriter, jl: DumpWriter, *,
                 first: bool, move: bool) -> dict[str, Any]:
    """Link (or ``move``) the graph's staged gzip files into ``graphs/`` and append them to the dumps;
    its manifest entry."""
    assert r.expression is not None and len(r.files) in (3, len(GRAPH_FILES)) and len(r.content_sha256) == len(r.files), r.source
    slug = ids.graph_slug(r.expression)
    exts = GRAPH_FILES[:len(r.files)]  # nq, ttl, jsonld, and the AKN xml of a document
    paths = {ext: f"graphs/{slug}.{ext}{GZ}" for ext in exts}
    root = str(tmp)
    targets = []
    for ext, staged in zip(exts, r.files):
        target = f"{root}/{paths[ext]}"  # strings: no Path objects per file in the main process
        if move:
            os.replace(staged, target)
        else:
            link_or_copy(staged, target)
        targets.append(target)
    nq.append_file(targets[0])
    ttl.append_file(targets[1])
    if not first:
        jl.append_member(_SEPARATOR)
    jl.append_file(targets[2])
    sha = dict(zip(exts, r.sha256))
    entry = {"iri": r.expression, "work": r.work, "file": paths["nq"], "ttl": paths["ttl"], "jsonld": paths["jsonld"],
             "triples": r.triples, "sha256": sha["nq"], "ttl_sha256": sha["ttl"], "jsonld_sha256": sha["jsonld"]}
    if "xml" in paths:
        entry |= {"akn": paths["xml"], "akn_sha256": sha["xml"]}
    entry["content_sha256"] = dict(zip(exts, r.content_sha256))
    return entry | {"source": Path(r.source).name, "source_sha256": r.source_sha256,
                    "symbol": r.symbol, "language": r.language, "cached": r.cached,
                    "warnings": [warning_dict(w) for w in r.warnings]}


def _write_statics(tmp: Path, base: str, dumps: list[DumpFile], triples: int, built: str, n_graphs: int,
                   license: str, example: str | None, reports: list[str], *, publisher: str,
                   contact: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def put(rel: str, data: bytes, media_type: str) -> None:
        out.append(_put(tmp, rel, data, media_type))

    put("context/v1.jsonld", json.dumps(context_document(), indent=1).encode(), "application/ld+json")
    put("ontology/lod.ttl", ontology_file().read_bytes(), "text/turtle")
    try:
        put("ontology/index.html", ontology_html_file().read_bytes(), "text/html")
    except LodError:
        pass
    put("shapes/lod.ttl", shapes_file().read_bytes(), "text/turtle")
    put("validation-report.ttl", _report(ids.file_url(base, "validation-report.ttl"), reports, n_graphs, built),
        "text/turtle")
    put("void.ttl", void_turtle(base, dumps, triples=triples, modified=built, graphs=n_graphs, license=license,
                                example=example, version=package_version(), publisher=publisher, contact=contact),
        "text/turtle")
    return out


def _put(root: Path, rel: str, data: bytes, media_type: str) -> dict[str, Any]:
    """Write ``root/rel``; its ``files`` entry in the manifest."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"path": rel, "media_type": media_type, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _report(iri: str, reports: list[str], n_graphs: int, built: str) -> bytes:
    """Every published graph conformed; the reports of the documents left out follow."""
    head = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            f"<{iri}#published> a sh:ValidationReport ; sh:conforms true ;\n"
            f"    dcterms:description \"{n_graphs} published graph(s), each validated against shapes/lod.ttl\" ;\n"
            f"    dcterms:created \"{built}\"^^xsd:dateTime .\n")
    return (head + "".join("\n" + r for r in reports)).encode("utf-8")

