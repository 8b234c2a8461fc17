"""Push throughput into Virtuoso: GSP PUT vs SPARQL Update vs the bulk loader, same dataset.

    python bench/push.py [--graphs 200] [--paragraphs 370] [--out bench/results-push.md]
    python bench/push.py --dataset DIR     # also a real `lod build` output (e.g. seed + corpus)
    python bench/push.py --docs 1800       # also a whole build of ≥ 2 M triples (bench/build.py's templates)

Every timed run is a first load into a fresh Virtuoso database on loopback
(lod.push.virtuoso_server; started untimed before the run), after which the
per-graph triple counts in Virtuoso are checked against the manifest. The small
sets (a synthetic dataset that follows docs/layout.md, and ``--dataset``) go by
every path; the whole build (``--docs``) by the bulk loader with one loader and
with one per core, the bulk loader on the graph files as they are (what
``--bulk`` did before chunks), and GSP once for comparison. Besides wall time,
each row gives the CPU seconds Virtuoso and this process spent, so a run on a
shared machine can be read against an idle one, and the deadlocks Virtuoso's
log reports (the push loads those chunks again). Results go to bench/results-push.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dataset_fixture import write_dataset  # noqa: E402

from lod.push.graphstore import StoreTarget  # noqa: E402
from lod.push.pusher import push_dataset, read_dataset_graphs  # noqa: E402
from lod.push.virtuoso import run_isql  # noqa: E402
from lod.push.virtuoso_server import LocalVirtuoso, find_binary  # noqa: E402
from lod.sparql.remote_store import RemoteSparqlStore  # noqa: E402

CORES = os.cpu_count() or 1


@dataclass(frozen=True)
class Run:
    seconds: float
    virtuoso_cpu: float
    own_cpu: float
    load: float
    deadlocks: int


def counts(store: RemoteSparqlStore, base: str) -> dict[str, int]:
    rows = store.query(
        f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }} GROUP BY ?g'
    )
    return {r["g"].value: int(r["n"].value) for r in rows}  # type: ignore[index, union-attr]


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime  # isql sessions are our children


def loader_on_graph_files(v: LocalVirtuoso, data: Path, loaders: int) -> None:
    """The bulk loader on the dataset's graph files as they are: ld_dir + rdf_loader_run in ``loaders`` sessions."""
    graphs = read_dataset_graphs(data).graphs
    folder = graphs[0].path.parent.resolve()
    mask = "*.nq.gz" if graphs[0].path.name.endswith(".gz") else "*.nq"
    auth = ("dba", "dba")
    run_isql(v.isql_address, auth, f"ld_dir('{folder}', '{mask}', '{graphs[0].iri}');\n")
    isql = find_binary("isql-vt") or "isql-vt"
    procs = [subprocess.Popen([isql, v.isql_address, "dba", "dba", "exec=rdf_loader_run();"], stdout=subprocess.DEVNULL)
             for _ in range(loaders)]
    for p in procs:
        p.wait()
    run_isql(v.isql_address, auth, "checkpoint;\n")


def timed(work: Path, data: Path, name: str, go: Callable[[LocalVirtuoso], None]) -> Run:
    """One first load by ``go`` into a fresh database; checks the counts after."""
    ds = read_dataset_graphs(data)
    expected = {g.iri: g.triples for g in ds.graphs}
    db = work / "db"
    shutil.rmtree(db, ignore_errors=True)
    v = LocalVirtuoso(db, dirs_allowed=[work], buffers=170000)
    v.start()
    try:
        assert v.process is not None
        log = db / "virtuoso.log"
        before = log.read_text(errors="replace").count("40001")
        v0, c0, load = cpu_of(v.process.pid), own_cpu(), os.getloadavg()[0]
        t0 = time.perf_counter()
        go(v)
        seconds = time.perf_counter() - t0
        run = Run(seconds, cpu_of(v.process.pid) - v0, own_cpu() - c0, (load + os.getloadavg()[0]) / 2,
                  log.read_text(errors="replace").count("40001") - before)
        remote = RemoteSparqlStore(v.query_endpoint, timeout=600)
        try:
            assert counts(remote, ds.base) == expected, f"{name}: counts differ from the manifest"
        finally:
            remote.close()
    finally:
        v.stop()
    print(f"{data.name}: {name}: {run.seconds:.1f} s, {sum(expected.values()) / run.seconds:,.0f} triples/s, "
          f"Virtuoso {run.virtuoso_cpu:.1f} CPU-s, ours {run.own_cpu:.1f}, load {run.load:.1f}, deadlocks {run.deadlocks}", flush=True)
    return run


def pusher(work: Path, data: Path, **kw: object) -> Callable[[LocalVirtuoso], None]:
    def go(v: LocalVirtuoso) -> None:
        bulk = kw.get("bulk")
        target = (StoreTarget(update_endpoint=v.update_endpoint, auth=("dba", "dba")) if kw.get("update")
                  else StoreTarget(gsp_endpoint=v.gsp_endpoint, auth=("dba", "dba")))
        journal = work / f"j-{time.monotonic_ns()}.jsonl"
        report = push_dataset(data, target, journal_path=journal, force=True, jobs=kw.get("jobs"),  # type: ignore[arg-type]
                              bulk_isql=v.isql_address if bulk else None)
        assert report.ok, (report.aborted, report.failed[:1])
    return go


def measure(work: Path, data: Path, paths: dict[str, Callable[[LocalVirtuoso], None]], repeat: int) -> list[tuple[str, Run]]:
    rows = []
    for name, go in paths.items():
        runs = [timed(work, data, name, go) for _ in range(repeat)]
        mid = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
        rows.append((name, mid))
    return rows


def table(label: str, data: Path, rows: list[tuple[str, Run]], repeat: int) -> list[str]:
    ds = read_dataset_graphs(data)
    total = sum(g.triples for g in ds.graphs)
    base = next((r for n, r in rows if n.startswith("GSP PUT, one")), rows[0][1])
    out = [
        f"## {label}: {len(ds.graphs):,} named graphs, {total:,} triples ({'median of ' + str(repeat) if repeat > 1 else 'one run'} per path)",
        "",
        "| path | time | triples/s | vs GSP one at a time | Virtuoso CPU | our CPU | triples per CPU-s (both) | load average | deadlocks retried |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, r in rows:
        out.append(f"| {n} | {r.seconds:.1f} s | {total / r.seconds:,.0f} | {base.seconds / r.seconds:.2f}× | {r.virtuoso_cpu:.1f} s | "
                   f"{r.own_cpu:.1f} s | {total / max(0.01, r.virtuoso_cpu + r.own_cpu):,.0f} | {r.load:.1f} | {r.deadlocks} |")
    return [*out, ""]


def read_manifest_documents(data: Path) -> int:
    import json

    return int(json.loads((data / "manifest.json").read_text(encoding="utf-8")).get("documents", 0))


def build_dataset(docs: int, work: Path) -> Path:
    """``docs`` documents from bench/build.py's templates, built with ``lod build --no-store``."""
    sys.path.insert(0, str(ROOT / "bench"))
    import build as b  # noqa: PLC0415 - bench/build.py, only for this option

    tpls, _ = b.templates()
    b.replicate(tpls, docs, work / "src")
    out = work / "built-docs"
    subprocess.run([sys.executable, "-m", "lod", "build", str(work / "src"), "--out", str(out), "--no-store"], check=True, cwd=ROOT)
    shutil.rmtree(work / "src")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphs", type=int, default=200)
    ap.add_argument("--paragraphs", type=int, default=370)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dataset", type=Path, help="also a built dataset directory (lod build --out DIR)")
    ap.add_argument("--docs", type=int, help="also a whole build of this many documents (bench/build.py's templates)")
    ap.add_argument("--whole", type=Path, action="append", default=[],
                    help="a whole build already made (instead of --docs; repeat for several)")
    ap.add_argument("--skip-small", action="store_true", help="only the whole build")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-push.md")
    args = ap.parse_args()

    scratch = Path.home() / ".cache" / "lod-bench"  # not /tmp: other jobs clean it while we run
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="push-", dir=scratch))
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        sections: list[str] = []
        small: list[tuple[str, Path]] = []
        if not args.skip_small:
            synthetic = work / "synthetic"
            write_dataset(synthetic, base="http://localhost:8000/bench/", graphs=args.graphs, paragraphs=args.paragraphs)
            small.append((f"Synthetic, docs/layout.md ({args.graphs} graphs × {args.paragraphs} paragraphs)", synthetic))
        if args.dataset:
            built = work / "built"
            shutil.copytree(args.dataset, built, ignore=shutil.ignore_patterns("store", ".cache"))
            small.append((f"`lod build` output ({args.dataset.name})", built))
        for label, data in small:
            paths = {
                "GSP PUT, one graph at a time (default)": pusher(work, data),
                "GSP PUT, 4 graphs at a time (`--jobs 4`)": pusher(work, data, jobs=4),
                "SPARQL Update (DROP + INSERT DATA, 2,000-triple chunks)": pusher(work, data, update=True),
                "bulk loader, 1 loader (`--bulk --jobs 1`)": pusher(work, data, bulk=True, jobs=1),
                f"bulk loader, {CORES} loaders (`--bulk`, one per core)": pusher(work, data, bulk=True),
            }
            sections += table(label, data, measure(work, data, paths, args.repeat), args.repeat)
        wholes = []
        for i, given in enumerate(args.whole):
            wholes.append(work / f"whole{i}")
            shutil.copytree(given, wholes[-1], ignore=shutil.ignore_patterns("store", ".cache"))
        if args.docs:
            wholes.append(build_dataset(args.docs, work))
        for whole in wholes:
            paths = {
                "bulk loader, 1 loader (`--bulk --jobs 1`)": pusher(work, whole, bulk=True, jobs=1),
                f"bulk loader, {CORES} loaders (`--bulk`, one per core)": pusher(work, whole, bulk=True),
                f"Virtuoso alone on the graph files as they are (ld_dir + rdf_loader_run × {CORES}; no check, no journal)":
                    lambda v, whole=whole: loader_on_graph_files(v, whole, CORES),  # type: ignore[misc]
                "GSP PUT, one graph at a time (default)": pusher(work, whole),
            }
            documents = read_manifest_documents(whole)
            label = f"`lod build` of {documents:,} documents" if documents else "synthetic, docs/layout.md"
            sections += table(f"Whole dataset ({label})", whole, measure(work, whole, paths, 1), 1)
        lines = [
            "# Push throughput into Virtuoso (bench/push.py)",
            "",
            f"Run {started}. Store: Virtuoso Open Source 7 (Debian), a fresh database on loopback for every timed run "
            f"(started untimed), 170,000 buffers. Machine: {platform.machine()}, {CORES} cores, Python "
            f"{platform.python_version()}; the load average of each run is in its row (other jobs shared the machine). "
            "After every load the per-graph triple counts in Virtuoso were checked against the manifest.",
            "",
            *sections,
            "Every `lod push` path includes checking each graph file against the manifest and writing the journal; "
            "the bulk rows also include writing the chunk files, asking the store which graphs it holds and the final "
            "checkpoint. *Virtuoso CPU* is the server's user + system time during the run, *our CPU* that of `lod push` "
            "and its isql sessions; *triples per CPU-s* divides the triples by both, which is what an idle machine "
            "with as many cores as loaders would load per second and core. *Deadlocks retried*: chunks Virtuoso "
            "aborted with 40001 while loaders ran at once (the push clears and loads them again, alone). The bulk "
            "loader reads the files from disk itself, so it only works with the store on the same machine and the "
            "dataset's folder under its `DirsAllowed`; GSP works over any network.",
            "",
        ]
        args.out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
