"""``lod push``: load a built dataset into an external triple store, graph by graph.

Reads the dataset's ``manifest.json`` (docs/layout.md), compares each named
graph's content hash with the push journal (:mod:`lod.push.journal`), and replaces
only the graphs that are new or changed, each whole (GSP ``PUT`` or SPARQL
Update, :mod:`lod.push.graphstore`), so a re-push is idempotent and an interrupted
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

import glob
import os
import shutil
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


from lod.errors import PublishError
from lod.push.graphstore import GraphRejected, GraphStoreClient, StoreTarget
from lod.push.journal import Journal
from lod.push.plan import (
    Action,
    DatasetGraphs,
    GraphFileError,
    GraphResult,
    GraphSource,
    in_namespace,
    plan_push,
    read_dataset_graphs,
    read_graph_file,
)

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
    jobs: int | None = None,
) -> PushReport:
    """Push the dataset in ``directory`` to ``target``; see the module docstring.

    Stops at the first error that every later graph would meet too (store
    unreachable, credentials refused) and returns with ``aborted`` set; a
    graph the store or our own checks refuse is reported and the rest go on.

    ``jobs`` graphs are sent at once (one HTTP session per worker; default 1); the
    journal is written by the calling thread only, after each confirmation.

    With ``bulk_isql`` (``HOST:PORT`` of a Virtuoso SQL port on this
    machine), graphs go through Virtuoso's bulk loader instead
    (:func:`lod.push.virtuoso.bulk_load`), ``jobs`` loaders at once (default: the
    number of cores), from chunk files written in a folder beside ``directory``
    (``.NAME.push-PID``, removed afterwards: it must be under Virtuoso's
    ``DirsAllowed``); the journal is shared with GSP pushes.

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
        from lod.push.virtuoso import bulk_load

        assert target.auth is not None
        where = Path(directory).absolute()
        scratch = where.parent.resolve() / f".{where.name}.push-{os.getpid()}"
        _remove_orphans(scratch)
        try:
            results = bulk_load(plan, isql_address=bulk_isql, auth=target.auth, journal=journal, scratch=scratch,
                                loaders=jobs or os.cpu_count() or 1, on_result=on_result)
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
        workers = max(1, jobs or 1)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lod-push") as pool:
            pending: set[Future[tuple[GraphResult, bool]]] = set()

            def fill() -> None:
                while aborted is None and len(pending) < 2 * workers:
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


def _remove_orphans(scratch: Path) -> None:
    """Remove the chunk folders (``.NAME.push-PID``) of bulk pushes that were killed: their process is gone."""
    stem = scratch.name.rpartition("-")[0]
    for folder in scratch.parent.glob(f"{glob.escape(stem)}-*"):
        pid = folder.name.rpartition("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            pass


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
    jobs: int | None = None,
    echo: Callable[[str], None],
    summary: Callable[[str], None],
    error: Callable[[str], None],
) -> bool:
    """What ``lod push`` does: run :func:`push_dataset` and print its report.

    Returns True when everything succeeded.
    """
    from lod.push.journal import default_journal_path

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
