"""``lod push``: load a built dataset into an external triple store, graph by graph.

Reads the dataset's ``manifest.json`` (docs/layout.md), compares each named
graph's content hash with the push journal (:mod:`lod.journal`), and replaces
only the graphs that are new or changed, each whole (GSP ``PUT`` or SPARQL
Update, :mod:`lod.graphstore`), so a re-push is idempotent and an interrupted
push resumes where it stopped.

Safety rules:

* only graphs whose IRI lies under the dataset's ``base`` are ever written or
  deleted; anything else in the manifest is refused, anything else in the
  journal is left alone;
* a graph pushed earlier whose source has left the dataset is deleted only
  with ``prune=True``; otherwise it is reported as stale;
* ``dry_run=True`` computes and returns the plan without touching the store.

Example::

    report = push_dataset(Path("out"), StoreTarget(gsp_endpoint=URL, auth=("dba", "dba")),
                          journal_path=Path("push.jsonl"))
    print(report.summary())
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from lod.errors import PublishError
from lod.graphstore import GraphRejected, GraphStoreClient, StoreTarget
from lod.journal import Journal, JournalEntry

__all__ = [
    "Action",
    "DatasetGraphs",
    "GraphFileError",
    "GraphResult",
    "GraphSource",
    "PushReport",
    "in_namespace",
    "plan_push",
    "push_dataset",
    "read_dataset_graphs",
    "read_graph_file",
]

ActionKind = Literal["new", "changed", "unchanged", "delete", "stale", "foreign"]


class GraphFileError(PublishError):
    """One graph file of the dataset disagrees with the manifest; the push goes on without it."""


@dataclass(frozen=True)
class GraphSource:
    """One named graph of the dataset, as the manifest describes it."""

    iri: str
    path: Path
    triples: int
    sha256: str


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


@dataclass(frozen=True)
class PushReport:
    """Everything push did, in order, plus the plan it followed."""

    plan: tuple[Action, ...]
    results: tuple[GraphResult, ...] = ()
    seconds: float = 0.0
    dry_run: bool = False
    journal: Path | None = None
    aborted: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> tuple[GraphResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def ok(self) -> bool:
        return not self.failed and self.aborted is None and not any(a.kind == "foreign" for a in self.plan)

    @property
    def triples_written(self) -> int:
        return sum(r.action.triples for r in self.results if r.ok and r.action.kind in ("new", "changed"))

    def summary(self) -> str:
        """One line: what changed, how fast."""
        kinds = {k: sum(1 for a in self.plan if a.kind == k) for k in ("new", "changed", "unchanged", "delete", "stale", "foreign")}
        if self.dry_run:
            return (
                f"dry run: would put {kinds['new']} new and {kinds['changed']} changed graph(s) "
                f"({sum(a.triples for a in self.plan if a.kind in ('new', 'changed'))} triples), "
                f"delete {kinds['delete']}, keep {kinds['unchanged']} unchanged; {kinds['stale']} stale "
                f"(use --prune to delete); {kinds['foreign']} outside the namespace"
            )
        done = sum(1 for r in self.results if r.ok)
        rate = self.triples_written / self.seconds if self.seconds > 0 else 0.0
        text = (
            f"pushed {done} of {sum(1 for a in self.plan if a.writes)} graph operation(s), "
            f"{self.triples_written} triples in {self.seconds:.1f} s ({rate:,.0f} triples/s); "
            f"{kinds['unchanged']} unchanged, {kinds['stale']} stale, {len(self.failed)} failed"
        )
        return text


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
            graphs.append(GraphSource(iri=str(g["iri"]), path=directory / str(g["file"]), triples=int(g["triples"]), sha256=str(g["sha256"])))
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


def read_graph_file(source: GraphSource) -> tuple[bytes, list[str]]:
    """Check one graph file against the manifest and turn it into N-Triples.

    Returns the N-Triples document (for GSP) and its statements (for Update).

    Raises:
        GraphFileError: missing file, hash or triple count differing from the
        manifest, a quad in another graph, or invalid N-Quads.
    """
    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        raise GraphFileError(f"{source.path}: cannot read the graph file ({exc.strerror})") from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != source.sha256:
        raise GraphFileError(f"{source.path}: manifest says sha256 {source.sha256[:12]}…, the file has {digest[:12]}…")
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


def push_dataset(
    directory: Path,
    target: StoreTarget,
    *,
    journal_path: Path,
    prune: bool = False,
    dry_run: bool = False,
    force: bool = False,
    on_result: Callable[[GraphResult], None] | None = None,
    bulk_isql: str | None = None,
    jobs: int = 1,
) -> PushReport:
    """Push the dataset in ``directory`` to ``target``; see the module docstring.

    Stops at the first error that every later graph would meet too (store
    unreachable, credentials refused) and returns with ``aborted`` set; a
    graph the store or our own checks refuse is reported and the rest go on.

    ``jobs`` graphs are sent at once (one HTTP session per worker); the
    journal is written by the calling thread only, after each confirmation.

    With ``bulk_isql`` (``HOST:PORT`` of a Virtuoso SQL port on this
    machine), graphs go through Virtuoso's bulk loader instead
    (:func:`lod.virtuoso.bulk_load`); the journal is shared with GSP pushes.

    Raises:
        PublishError: the dataset or the journal cannot be read.
    """
    dataset = read_dataset_graphs(directory)
    if bulk_isql is not None and target.auth is None:
        raise PublishError("--bulk needs --auth USER:PASS (the isql login, e.g. dba)")
    journal = Journal.open(journal_path, endpoint=target.name, create=not dry_run, lock=not dry_run)
    plan = plan_push(dataset, journal.entries, prune=prune, force=force)
    if dry_run:
        journal.unlock()
        return PushReport(plan=plan, dry_run=True, journal=journal_path)
    results: list[GraphResult] = []
    aborted: str | None = None
    started = time.perf_counter()
    if bulk_isql is not None:
        from lod.virtuoso import bulk_load

        assert target.auth is not None
        try:
            results = bulk_load(plan, isql_address=bulk_isql, auth=target.auth, journal=journal, on_result=on_result)
            journal.compact()
        except PublishError as exc:
            aborted = str(exc)
        finally:
            journal.unlock()
        return PushReport(plan=plan, results=tuple(results), seconds=time.perf_counter() - started,
                          journal=journal_path, aborted=aborted)
    writes = iter([a for a in plan if a.writes])
    local = threading.local()
    clients: list[GraphStoreClient] = []
    lock = threading.Lock()

    def client() -> GraphStoreClient:  # one session per worker thread
        if not hasattr(local, "client"):
            local.client = GraphStoreClient(target)
            with lock:
                clients.append(local.client)
        return local.client  # type: ignore[no-any-return]

    def work(action: Action) -> tuple[GraphResult, bool]:
        t0 = time.perf_counter()
        try:
            if action.kind == "delete":
                outcome = client().delete_graph(action.graph)
            else:
                assert action.source is not None
                document, statements = read_graph_file(action.source)
                outcome = client().put_graph(action.graph, document, triples=statements)
            return GraphResult(action, True, time.perf_counter() - t0, via=outcome.method), False
        except (GraphRejected, GraphFileError) as exc:  # this graph only: go on
            return GraphResult(action, False, time.perf_counter() - t0, str(exc)), False
        except PublishError as exc:  # the store as a whole: stop
            return GraphResult(action, False, time.perf_counter() - t0, str(exc)), True

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="lod-push") as pool:
            pending: set[Future[tuple[GraphResult, bool]]] = set()

            def fill() -> None:
                while aborted is None and len(pending) < 2 * max(1, jobs):
                    action = next(writes, None)
                    if action is None:
                        return
                    pending.add(pool.submit(work, action))

            fill()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=id):
                    pending.discard(future)
                    result, fatal = future.result()
                    # journal only what the store confirmed, in this one thread
                    if result.ok and result.action.kind == "delete":
                        journal.record_delete(result.action.graph)
                    elif result.ok and result.action.source is not None:
                        journal.record_put(result.action.graph, sha256=result.action.source.sha256, triples=result.action.triples)
                    results.append(result)
                    if on_result:
                        on_result(result)
                    if fatal and aborted is None:
                        aborted = result.message
                fill()
        if aborted is None:
            journal.compact()
    finally:
        journal.unlock()
        for c in clients:
            c.close()
    return PushReport(
        plan=plan,
        results=tuple(results),
        seconds=time.perf_counter() - started,
        journal=journal_path,
        aborted=aborted,
    )


def run_push_cli(
    directory: Path,
    *,
    endpoint: str | None,
    update_endpoint: str | None,
    auth: tuple[str, str] | None,
    auth_type: str,
    journal: Path | None,
    dry_run: bool,
    prune: bool,
    force: bool,
    bulk_isql: str | None,
    timeout: float,
    retries: int,
    jobs: int = 1,
    echo: Callable[[str], None],
    summary: Callable[[str], None],
    error: Callable[[str], None],
) -> bool:
    """What ``lod push`` does: run :func:`push_dataset` and print its report.

    Returns True when everything succeeded.
    """
    from lod.journal import default_journal_path

    target = StoreTarget(
        gsp_endpoint=endpoint, update_endpoint=update_endpoint, auth=auth,
        auth_type=auth_type,  # type: ignore[arg-type]
        timeout=timeout, retries=retries,
    )
    if bulk_isql and not endpoint and not update_endpoint:
        raise PublishError("--bulk needs --endpoint too: it names the store in the journal")
    journal_path = journal or default_journal_path(target.name)
    report = push_dataset(
        directory, target, journal_path=journal_path, prune=prune, dry_run=dry_run, force=force,
        on_result=lambda r: echo(r.line()), bulk_isql=bulk_isql, jobs=jobs,
    )
    for a in report.plan:
        if dry_run and a.kind in ("new", "changed"):
            echo(f"would PUT    <{a.graph}> {a.triples} triples ({a.kind})")
        elif dry_run and a.kind == "delete":
            echo(f"would DELETE <{a.graph}> (source gone, --prune)")
        elif a.kind == "stale":
            echo(f"stale        <{a.graph}> (source gone; kept, use --prune to delete)")
    for a in report.plan:
        if a.kind == "foreign":
            error(f"refused      <{a.graph}>: outside the dataset namespace; never written")
    summary(report.summary())
    summary(f"journal: {report.journal}")
    if report.aborted:
        done = sum(1 for r in report.results if r.ok)
        todo = sum(1 for a in report.plan if a.writes)
        error(f"PublishError: push stopped after {done} of {todo} graph operation(s): {report.aborted}; re-run to resume")
    return report.ok
