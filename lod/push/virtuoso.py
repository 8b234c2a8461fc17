"""Virtuoso's bulk loader, scripted: the fast path for a first (or large) load.

GSP sends every triple through HTTP and Virtuoso's Turtle parser one request
at a time; the bulk loader reads the files itself, in parallel, without a
transaction log. It needs what GSP does not: the store on the *same machine*
(it reads our files from disk), the files under its ``DirsAllowed``, and the
SQL port (``isql``). What it runs, in one isql session::

    SPARQL CLEAR GRAPH <G>;                        -- each graph to (re)load: replace, not append
    DELETE FROM DB.DBA.load_list WHERE ll_file = '…';
    ld_dir('/abs/DIR/graphs', '*.nq.gz', 'BASE');  -- every graph: one call (the loader reads .gz itself)
    -- or ld_add('/abs/DIR/graphs/x.nq.gz', 'G');  -- only some graphs changed
    rdf_loader_run();
    checkpoint;
    SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL AND …;

Each graph file is checked against the manifest first (hash, triple count,
graph name), exactly as for GSP, and the journal is updated afterwards, so a
later ``lod push --endpoint`` continues incrementally from a bulk load.

Example::

    results = bulk_load(actions, isql_address="127.0.0.1:1111", auth=("dba", "dba"), journal=j)
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

from lod.errors import PublishError
from lod.push.journal import Journal
from lod.push.plan import Action, GraphFileError, GraphResult, read_graph_file
from lod.push.virtuoso_server import find_binary

__all__ = ["bulk_load", "run_isql"]


def run_isql(address: str, auth: tuple[str, str], script: str, *, timeout: float = 3600.0) -> str:
    """Run an SQL script through ``isql-vt``; returns its output.

    Raises:
        PublishError: isql missing, connection or login refused, or any
        statement failed (the first ``*** Error`` line is quoted).
    """
    binary = find_binary("isql-vt")
    if binary is None:
        raise PublishError("expected isql-vt on PATH (Debian package virtuoso-opensource), found none")
    try:
        proc = subprocess.run(
            [binary, address, auth[0], auth[1], "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT"],
            input=script.encode("utf-8"), capture_output=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        raise PublishError(f"isql {address}: no result within {timeout:g} s") from None
    out = (proc.stdout + proc.stderr).decode("utf-8", errors="replace")
    for line in out.splitlines():
        if "*** Error" in line:
            if "Connect failed" in line or "CL033" in line:
                raise PublishError(f"isql {address}: cannot connect (is Virtuoso running, is this its SQL port?)")
            if "Bad login" in line or "28000" in line:
                raise PublishError(f"isql {address}: the store refused user {auth[0]!r}; check --auth")
            raise PublishError(f"isql {address}: {line.strip()[:300]}")
    if proc.returncode != 0:
        raise PublishError(f"isql {address}: exited with {proc.returncode}: {out.strip()[:300]}")
    return out


def bulk_load(
    actions: Sequence[Action],
    *,
    isql_address: str,
    auth: tuple[str, str],
    journal: Journal,
    on_result: Callable[[GraphResult], None] | None = None,
) -> list[GraphResult]:
    """Replace the ``new``/``changed`` graphs and drop the ``delete`` ones via the bulk loader.

    Raises:
        PublishError: isql failed (connection, login, a statement).
    """
    results: list[GraphResult] = []
    loads: list[Action] = []
    for a in actions:
        if a.kind not in ("new", "changed"):
            continue
        assert a.source is not None
        try:
            ox.NamedNode(a.graph)  # a valid IRI cannot close the <…> below
            read_graph_file(a.source)
        except (GraphFileError, ValueError) as exc:
            results.append(GraphResult(a, False, 0.0, str(exc)))
            continue
        loads.append(a)
    deletes = [a for a in actions if a.kind == "delete"]
    if not loads and not deletes:
        return _report(results, on_result)
    lines = ["log_enable(3, 1);"]
    for a in [*loads, *deletes]:
        lines.append(f"SPARQL CLEAR GRAPH <{a.graph}>;")
    files = [str(a.source.path.resolve()) for a in loads if a.source]
    for f in files:
        lines.append(f"DELETE FROM DB.DBA.load_list WHERE ll_file = {_sql(f)};")
    graph_dirs = {str(Path(f).parent) for f in files}
    pattern = "*.nq.gz" if all(f.endswith(".nq.gz") for f in files) else "*.nq"  # datasets built before compression: .nq
    everything = len(graph_dirs) == 1 and _all_files_in(graph_dirs, files, pattern)
    if everything:
        (folder,) = graph_dirs
        lines.append(f"ld_dir({_sql(folder)}, {_sql(pattern)}, {_sql(loads[0].graph)});")
    else:
        for a, f in zip(loads, files):
            lines.append(f"ld_add({_sql(f)}, {_sql(a.graph)});")
    if files:
        lines.append("rdf_loader_run();")
    lines.append("checkpoint;")
    if files:
        in_list = ", ".join(_sql(f) for f in files)
        lines.append(f"SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL AND ll_file IN ({in_list});")
    t0 = time.perf_counter()
    out = run_isql(isql_address, auth, "\n".join(lines) + "\n")
    per = (time.perf_counter() - t0) / max(1, len(loads) + len(deletes))
    errors = {f: line for f in files for line in out.splitlines() if f in line}
    for a, f in zip(loads, files):
        if f in errors:
            results.append(GraphResult(a, False, per, f"bulk loader: {errors[f].strip()[:300]}"))
        else:
            assert a.source is not None
            journal.record_put(a.graph, sha256=a.source.sha256, triples=a.triples)
            results.append(GraphResult(a, True, per, "", via="bulk"))
    for a in deletes:
        journal.record_delete(a.graph)
        results.append(GraphResult(a, True, per, "", via="bulk"))
    return _report(results, on_result)


def _all_files_in(dirs: set[str], files: list[str], pattern: str) -> bool:
    (folder,) = dirs
    return sorted(str(p.resolve()) for p in Path(folder).glob(pattern)) == sorted(files)


def _report(results: list[GraphResult], on_result: Callable[[GraphResult], None] | None) -> list[GraphResult]:
    if on_result:
        for r in results:
            on_result(r)
    return results


def _sql(text: str) -> str:
    """A Virtuoso SQL string literal.

    >>> _sql("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"
