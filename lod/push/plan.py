"""The graphs of a built dataset, and what a push does with each: the plan ``lod push`` follows.

``read_dataset_graphs`` reads the manifest; ``plan_push`` compares it with the journal
(``lod.push.journal``) and decides per graph (new, changed, unchanged, delete, stale, foreign);
``read_graph_file`` checks one graph file against the manifest before it is sent. Shared by the
Graph Store Protocol push (``lod.push.pusher``) and the bulk loader (``lod.push.virtuoso``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from lod.errors import PublishError
from lod.publish.compress import gunzip
from lod.push.journal import JournalEntry

__all__ = [
    "Action",
    "ActionKind",
    "DatasetGraphs",
    "GraphFileError",
    "GraphResult",
    "GraphSource",
    "in_namespace",
    "plan_push",
    "read_dataset_graphs",
    "read_graph_file",
]

ActionKind = Literal["new", "changed", "unchanged", "delete", "stale", "foreign"]


class GraphFileError(PublishError):
    """One graph file of the dataset disagrees with the manifest; the push goes on without it."""


@dataclass(frozen=True)
class GraphSource:
    """One named graph of the dataset, as the manifest describes it.

    ``sha256`` is that of the graph's N-Quads text (what the journal records: a graph is pushed again when
    it changes, not when its compression does); ``file_sha256`` that of the file, when it is stored
    gzip-compressed (``graphs/<slug>.nq.gz``, docs/layout.md), "" when the file is the text itself.
    """

    iri: str
    path: Path
    triples: int
    sha256: str
    file_sha256: str = ""


@dataclass(frozen=True)
class DatasetGraphs:
    """The graphs of a built dataset and the namespace they must live in."""

    directory: Path
    base: str
    graphs: tuple[GraphSource, ...]


@dataclass(frozen=True)
class Action:
    """What push does (or would do) with one graph.

    ``new``/``changed``: replace it; ``unchanged``: skip; ``delete``: remove
    it (pruning); ``stale``: pushed earlier, gone from the dataset, kept
    because pruning was not asked; ``foreign``: outside the dataset's
    namespace, refused.
    """

    kind: ActionKind
    graph: str
    triples: int = 0
    source: GraphSource | None = None

    @property
    def writes(self) -> bool:
        return self.kind in ("new", "changed", "delete")


@dataclass(frozen=True)
class GraphResult:
    """The outcome of one graph operation."""

    action: Action
    ok: bool
    seconds: float = 0.0
    message: str = ""
    via: str = ""

    def line(self) -> str:
        """One report line, e.g. ``ok     PUT    <…/eng@> 258 triples (new, gsp, 0.02 s)``."""
        verb = {"new": "PUT", "changed": "PUT", "delete": "DELETE"}.get(self.action.kind, self.action.kind)
        if self.via == "bulk" and verb == "PUT":
            verb = "LOAD"
        status = "ok" if self.ok else "FAILED"
        extra = f" {self.action.triples} triples" if self.action.kind in ("new", "changed") else ""
        tail = f": {self.message}" if self.message else ""
        return f"{status:6} {verb:6} <{self.action.graph}>{extra} ({self.action.kind}{', ' + self.via if self.via else ''}, {self.seconds:.2f} s){tail}"


def read_dataset_graphs(directory: Path) -> DatasetGraphs:
    """Read the graph list of a built dataset from its ``manifest.json``.

    Raises:
        PublishError: no manifest, not JSON, or a graph entry lacks a field.
    """
    directory = Path(directory)
    manifest = directory / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PublishError(f"{manifest}: expected a built dataset (lod build --out DIR), found no manifest.json") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PublishError(f"{manifest}: expected JSON, found an unreadable file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("base"), str) or not isinstance(data.get("graphs"), list):
        raise PublishError(f"{manifest}: expected an object with 'base' and 'graphs', found {type(data).__name__}")
    graphs = []
    for i, g in enumerate(data["graphs"]):
        try:
            content = (g.get("content_sha256") or {}).get("nq")
            graphs.append(GraphSource(iri=str(g["iri"]), path=directory / str(g["file"]), triples=int(g["triples"]),
                                      sha256=str(content or g["sha256"]), file_sha256=str(g["sha256"]) if content else ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise PublishError(f"{manifest}: graphs[{i}]: expected iri, file, triples and sha256, found {exc!r}") from None
    return DatasetGraphs(directory=directory, base=data["base"], graphs=tuple(graphs))


def in_namespace(iri: str, base: str) -> bool:
    """True when ``iri`` lies under the dataset base ``base``.

    >>> in_namespace("https://d.org/akn/un/x/eng@", "https://d.org/")
    True
    >>> in_namespace("https://d.org.evil/x", "https://d.org")
    False
    """
    if not base or not iri.startswith(base) or iri == base:
        return False
    return base[-1] in "/#" or iri[len(base)] in "/#"


def plan_push(
    dataset: DatasetGraphs,
    journal: Mapping[str, JournalEntry],
    *,
    prune: bool = False,
    force: bool = False,
) -> tuple[Action, ...]:
    """Compare the dataset with the journal and decide, graph by graph.

    ``force`` ignores the journal (every graph is pushed again).
    """
    actions: list[Action] = []
    present = set()
    for g in dataset.graphs:
        present.add(g.iri)
        if not in_namespace(g.iri, dataset.base):
            actions.append(Action("foreign", g.iri, g.triples, g))
            continue
        seen = None if force else journal.get(g.iri)
        kind: ActionKind = "new" if seen is None else ("unchanged" if seen.sha256 == g.sha256 else "changed")
        actions.append(Action(kind, g.iri, g.triples, g))
    for iri in sorted(set(journal) - present):
        if in_namespace(iri, dataset.base):
            actions.append(Action("delete" if prune else "stale", iri))
    return tuple(actions)


def read_checked(source: GraphSource) -> tuple[bytes, bytes]:
    """``(the file as it is on disk, its N-Quads)`` once their hashes match the manifest (the N-Quads are the
    file itself, or what a ``.nq.gz`` holds: one gzip member, docs/layout.md).

    Raises:
        GraphFileError: unreadable file, sha256 of the file or of its N-Quads differing from the manifest,
        a ``.nq.gz`` that is not gzip.
    """
    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        raise GraphFileError(f"{source.path}: cannot read the graph file ({exc.strerror})") from None
    digest = hashlib.sha256(raw).hexdigest()
    expected = source.file_sha256 or source.sha256
    if digest != expected:
        raise GraphFileError(f"{source.path}: manifest says sha256 {expected[:12]}…, the file has {digest[:12]}…")
    if not source.path.name.endswith(".gz"):
        return raw, raw
    try:
        text = gunzip(raw)
    except Exception as exc:  # noqa: BLE001 - EOFError, BadGzipFile, zlib's or isal's error: a damaged file
        raise GraphFileError(f"{source.path}: expected gzip-compressed N-Quads, {type(exc).__name__}: {exc}") from None
    if source.file_sha256 and hashlib.sha256(text).hexdigest() != source.sha256:
        raise GraphFileError(f"{source.path}: manifest says its N-Quads have sha256 {source.sha256[:12]}…, "
                             f"they have {hashlib.sha256(text).hexdigest()[:12]}…")
    return raw, text


def read_graph_file(source: GraphSource) -> tuple[bytes, list[str]]:
    """Check one graph file against the manifest (decompressing a ``.nq.gz``) and turn it into N-Triples.

    Returns the N-Triples document (for GSP) and its statements (for Update).

    Raises:
        GraphFileError: missing file, hash (of the file or of its N-Quads) or triple count differing from the
        manifest, a quad in another graph, or invalid N-Quads.
    """
    _, raw = read_checked(source)
    try:
        quads = list(ox.parse(raw, ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise GraphFileError(f"{source.path}: expected N-Quads, {exc}") from None
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value != source.iri:
            raise GraphFileError(f"{source.path}: expected every quad in graph <{source.iri}>, found one in {q.graph_name}")
    if len(quads) != source.triples:
        raise GraphFileError(f"{source.path}: manifest says {source.triples} triples, the file has {len(quads)}")
    triples = [q.triple for q in quads]
    document = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return document, [str(t) for t in triples]
