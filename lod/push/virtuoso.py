"""Virtuoso's bulk loader, scripted: the fast path for a first (or large) load.

GSP sends every triple through HTTP and Virtuoso's Turtle parser one request
at a time; the bulk loader reads files itself, without a transaction log, and
several loaders run at once. It needs what GSP does not: the store on the
*same machine* (it reads our files from disk), the files under its
``DirsAllowed``, and the SQL port (``isql``). What :func:`bulk_load` does:

1. checks each graph file against the manifest and copies it into a few large
   *chunk* files (:mod:`lod.push.chunks`: the loader pays ≈5 ms a file, and one
   file keeps one loader busy) in a scratch folder beside the dataset, and asks
   Virtuoso whether it may read them (one byte: ``file_stat`` ignores ``DirsAllowed``)
   before touching anything;
2. lists the graphs the store holds (``SELECT DISTINCT G FROM DB.DBA.RDF_QUAD``)
   and clears only ours that are there: a first load clears nothing (a
   ``SPARQL CLEAR GRAPH`` costs ≈1 ms of CPU even for an absent graph: 1,600 of them took
   9.7 s on the shared machine);
3. loads the chunks, ``loaders`` isql sessions at once, each chunk one ``ld_file``
   (the bulk loader's own per-file procedure: what ``rdf_loader_run()`` calls),
   then one ``checkpoint``;
4. reads each chunk's outcome from ``DB.DBA.load_list`` as it ends: a chunk a
   deadlock aborted (``40001``) is cleared and loaded again; the graphs of a chunk
   Virtuoso refused are cleared and reported, the others journalled (one flush),
   and the chunks' rows and files removed.

Each graph still replaces the store's graph (cleared first), the journal
records it with its N-Quads' hash, so a later ``lod push --endpoint`` or
``--bulk`` continues incrementally from a bulk load.

Example::

    results = bulk_load(actions, isql_address="127.0.0.1:1111", auth=("dba", "dba"), journal=j,
                        scratch=Path("/data/.out.push-123"), loaders=2)
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from lod.errors import PublishError
from lod.push.chunks import Chunk, chunk_count, write_chunks
from lod.push.journal import Journal
from lod.push.plan import Action, GraphResult
from lod.push.virtuoso_server import find_binary

__all__ = ["DEADLOCK_ROUNDS", "bulk_load", "run_isql"]

#: Loads of a chunk before its deadlocks count as a failure.
DEADLOCK_ROUNDS = 4


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
    scratch: Path,
    loaders: int = 1,
    on_result: Callable[[GraphResult], None] | None = None,
) -> list[GraphResult]:
    """Replace the ``new``/``changed`` graphs and drop the ``delete`` ones via the bulk loader.

    ``scratch`` is a folder to create for the chunk files (removed at the end); it
    must lie under Virtuoso's ``DirsAllowed``. ``loaders`` loaders run at once.

    Raises:
        PublishError: isql failed (connection, login, a statement), or Virtuoso may
        not read ``scratch``.
    """
    results: list[GraphResult] = []
    loads: list[Action] = []
    for a in actions:
        if a.kind not in ("new", "changed"):
            continue
        assert a.source is not None
        try:
            ox.NamedNode(a.graph)  # a valid IRI cannot close the <…> below
        except ValueError as exc:
            results.append(GraphResult(a, False, 0.0, f"not an IRI: {exc}"))
            continue
        loads.append(a)
    deletes = [a for a in actions if a.kind == "delete"]
    if not loads and not deletes:
        return _report(results, on_result)
    t0 = time.perf_counter()
    by_graph = {a.graph: a for a in loads}
    chunks: list[Chunk] = []
    try:
        if loads:
            sources = [a.source for a in loads if a.source is not None]
            count = chunk_count(len(sources), sum(s.triples for s in sources), loaders)
            try:
                chunks, failed = write_chunks(sources, scratch, count=count, jobs=loaders)
            except OSError as exc:
                raise PublishError(f"{scratch}: cannot write the bulk loader's files there ({exc.strerror})") from None
            results += [GraphResult(by_graph[s.iri], False, 0.0, str(exc)) for s, exc in failed]
            if chunks:
                _check_readable(isql_address, auth, chunks[0].path)
        present = _graphs_in_store(isql_address, auth)
        clear = [g for g in [*(g.iri for c in chunks for g in c.graphs), *(a.graph for a in deletes)] if g in present]
        run_isql(isql_address, auth, "log_enable(3, 1);\n" + "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in clear)
                 + ("" if chunks else "checkpoint;\n"))  # not logged: durable at the checkpoint (_load's, with chunks)
        outcome = _load(isql_address, auth, chunks, loaders) if chunks else {}
        if any("FA003" in why for why in outcome.values()):
            raise PublishError(f"Virtuoso may not read {scratch}: add {scratch.parent} to DirsAllowed in its virtuoso.ini")
        bad = {path: why for path, why in outcome.items() if why}
        if bad:  # a chunk the loader stopped in may have left some of its graphs half loaded
            _clear(isql_address, auth, [g.iri for c in chunks if c.path in bad for g in c.graphs])
        per = (time.perf_counter() - t0) / max(1, len(loads) + len(deletes))
        good = [g for c in chunks if c.path not in bad for g in c.graphs]
        journal.record_puts([(g.iri, g.sha256, g.triples) for g in good])
        results += [GraphResult(by_graph[g.iri], True, per, "", via="bulk") for g in good]
        results += [GraphResult(by_graph[g.iri], False, per, f"bulk loader: {bad[c.path][:300]}")
                    for c in chunks if c.path in bad for g in c.graphs]
        for a in deletes:
            journal.record_delete(a.graph)
            results.append(GraphResult(a, True, per, "", via="bulk"))
    finally:
        if chunks:
            try:
                run_isql(isql_address, auth, "".join(f"DELETE FROM DB.DBA.load_list WHERE ll_file = {_sql(str(c.path))};\n" for c in chunks))
            except PublishError:
                pass  # the push's own error says more; a stale row only names a removed file
        shutil.rmtree(scratch, ignore_errors=True)
    return _report(results, on_result)


def _load(address: str, auth: tuple[str, str], chunks: Sequence[Chunk], loaders: int) -> dict[Path, str]:
    """Load ``chunks``, ``loaders`` isql sessions at once, then checkpoint; each chunk's outcome ("" when loaded).

    Each chunk is one ``ld_file`` call (what ``rdf_loader_run()`` does per file) in a
    session of its own, handed out as sessions free up: ``rdf_loader_run()`` takes up
    to 2 MB of files per grab, so one loader would take every chunk of a small push,
    and when a file of its grab fails it may leave the files before it unmarked.
    Our ``load_list`` rows are written "being loaded" (state 1), so no one else's
    loader picks them up; ``ld_file`` writes its error there. A chunk aborted by a
    deadlock (``40001``: concurrent loaders inserting the same new IRIs and literals)
    is half loaded: its graphs are cleared and it is loaded again at once, up to
    :data:`DEADLOCK_ROUNDS` times.
    """
    rows = []
    for c in chunks:
        f = _sql(str(c.path))
        rows += [f"DELETE FROM DB.DBA.load_list WHERE ll_file = {f};",
                 f"INSERT INTO DB.DBA.load_list (ll_file, ll_graph, ll_state, ll_started) VALUES ({f}, {_sql(c.graphs[0].iri)}, 1, curdatetime());"]
    run_isql(address, auth, "log_enable(3, 1);\n" + "\n".join(rows) + "\n")

    def one(c: Chunk) -> str:
        f = _sql(str(c.path))
        why = ""
        for _ in range(DEADLOCK_ROUNDS):
            out = run_isql(address, auth, f"log_enable(2, 1);\nld_file({f}, {_sql(c.graphs[0].iri)});\nlog_enable(3, 1);\n"
                           f"UPDATE DB.DBA.load_list SET ll_state = 2, ll_done = curdatetime() WHERE ll_file = {f} AND ll_error IS NULL;\n"
                           + _outcome_query([c]))
            why = _outcomes(out, [c])[c.path]
            if not why.startswith("40001"):
                return why
            run_isql(address, auth, "log_enable(3, 1);\n" + "".join(f"SPARQL CLEAR GRAPH <{g.iri}>;\n" for g in c.graphs)
                     + f"UPDATE DB.DBA.load_list SET ll_state = 1, ll_error = NULL WHERE ll_file = {f};\n")
        return why

    with ThreadPoolExecutor(max_workers=max(1, min(loaders, len(chunks))), thread_name_prefix="lod-loader") as pool:
        outcome = dict(zip((c.path for c in chunks), pool.map(one, chunks)))
    run_isql(address, auth, "checkpoint;\n")
    return outcome


def _clear(address: str, auth: tuple[str, str], graphs: Sequence[str]) -> None:
    """Empty ``graphs`` (no transaction log: made durable by the checkpoint that follows)."""
    if graphs:
        run_isql(address, auth, "log_enable(3, 1);\n" + "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in graphs) + "checkpoint;\n")


def _rows(output: str, tag: str = "lod|") -> list[str]:
    """The values our queries print after ``tag`` (isql prints nothing else with VERBOSE=OFF, but be strict)."""
    return [line.strip()[len(tag):] for line in output.splitlines() if line.strip().startswith(tag)]


def _check_readable(address: str, auth: tuple[str, str], path: Path) -> None:
    """Fail before touching the store when Virtuoso may not read ``path`` (``DirsAllowed``)."""
    try:  # file_stat does not apply DirsAllowed; reading one byte does
        run_isql(address, auth, f"SELECT length(file_to_string_output({_sql(str(path))}, 0, 1));\n")
    except PublishError as exc:
        if "FA003" in str(exc) or "denied" in str(exc):
            raise PublishError(f"Virtuoso may not read {path.parent}: add {path.parent.parent} to DirsAllowed in its "
                               "virtuoso.ini (the bulk loader reads the files from disk)") from None
        raise


def _graphs_in_store(address: str, auth: tuple[str, str]) -> set[str]:
    """Every graph the store holds a triple in (≈0.1 s at 2.3 M triples: the GS index)."""
    out = run_isql(address, auth, "SELECT concat('lod|', id_to_iri(G)) FROM (SELECT DISTINCT G FROM DB.DBA.RDF_QUAD) x;\n")
    return set(_rows(out))


def _outcome_query(chunks: Sequence[Chunk]) -> str:
    return "".join(
        "SELECT concat('lod|', cast(ll_state AS VARCHAR), '|', ll_file, '|', coalesce(ll_error, '')) "
        f"FROM DB.DBA.load_list WHERE ll_file = {_sql(str(c.path))};\n"
        for c in chunks
    )


def _outcomes(output: str, chunks: Sequence[Chunk]) -> dict[Path, str]:
    """Per chunk: "" when loaded, else why not (its ``ll_error``, or the state it stopped in)."""
    rows = _rows(output)
    result = {}
    for c in chunks:
        key = f"|{c.path}|"
        row = next((r for r in rows if r[r.index("|"):].startswith(key)), None) if rows else None
        if row is None:
            result[c.path] = "not in DB.DBA.load_list after the load"
            continue
        state, error = row[: row.index("|")], row[row.index("|") + len(key):]
        result[c.path] = error.strip() or ("" if state == "2" else f"left in load state {state} (2 is done)")
    return result


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
