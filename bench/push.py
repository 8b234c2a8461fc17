"""Push throughput into Virtuoso: GSP PUT vs SPARQL Update vs the bulk loader, same dataset.

    python bench/push.py [--graphs 200] [--paragraphs 370] [--out bench/results-push.md]
    python bench/push.py --dataset DIR     # also a real `lod build` output (e.g. seed + corpus)

Starts a throw-away Virtuoso on loopback (lod.push.virtuoso_server), writes a
dataset that follows docs/layout.md (tests/dataset_fixture.py: AKN-shaped
graphs, ≈4 triples per paragraph) unless --dataset is given, then for each path
runs a fresh first load (``--force``) into the same store and checks the
per-graph triple counts afterwards. Results go to bench/results-push.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dataset_fixture import write_dataset  # noqa: E402

from lod.push.graphstore import StoreTarget  # noqa: E402
from lod.push.pusher import push_dataset, read_dataset_graphs  # noqa: E402
from lod.sparql.remote_store import RemoteSparqlStore  # noqa: E402
from lod.push.virtuoso import run_isql  # noqa: E402
from lod.push.virtuoso_server import LocalVirtuoso  # noqa: E402


def counts(store: RemoteSparqlStore, base: str) -> dict[str, int]:
    rows = store.query(
        f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }} GROUP BY ?g'
    )
    return {r["g"].value: int(r["n"].value) for r in rows}  # type: ignore[index, union-attr]


def clear(v: LocalVirtuoso, graphs: list[str]) -> None:
    """Remove our graphs (untimed), then checkpoint so the next load starts clean."""
    script = "log_enable(3, 1);\n" + "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in graphs) + "checkpoint;\n"
    run_isql(v.isql_address, ("dba", "dba"), script)


def measure(v: LocalVirtuoso, remote: RemoteSparqlStore, data: Path, work: Path, repeat: int) -> list[tuple[str, float, float]]:
    """Load ``data`` by each path, ``repeat`` times into an emptied store; (name, median s, triples/s)."""
    ds = read_dataset_graphs(data)
    expected = {g.iri: g.triples for g in ds.graphs}
    total = sum(expected.values())
    gsp = StoreTarget(gsp_endpoint=v.gsp_endpoint, auth=("dba", "dba"))
    paths = {
        "GSP PUT, one graph at a time (default)": dict(target=gsp, jobs=1),
        "GSP PUT, 4 graphs at a time (`--jobs 4`)": dict(target=gsp, jobs=4),
        "SPARQL Update (DROP + INSERT DATA, 2,000-triple chunks)": dict(
            target=StoreTarget(update_endpoint=v.update_endpoint, auth=("dba", "dba")), jobs=1
        ),
        "Virtuoso bulk loader (ld_dir + rdf_loader_run via isql)": dict(target=gsp, bulk_isql=v.isql_address),
    }
    rows: list[tuple[str, float, float]] = []
    for name, kw in paths.items():
        times = []
        for i in range(repeat):
            clear(v, list(expected))  # every timed run is a first load into an empty store
            t0 = time.perf_counter()
            report = push_dataset(
                data, kw["target"], journal_path=work / f"j-{data.name}-{len(rows)}-{i}.jsonl", force=True,  # type: ignore[arg-type]
                bulk_isql=kw.get("bulk_isql"), jobs=kw.get("jobs", 1),  # type: ignore[arg-type]
            )
            times.append(time.perf_counter() - t0)
            assert report.ok, (report.aborted, report.failed[:1])
            assert counts(remote, ds.base) == expected, f"{name}: counts differ from the manifest"
        med = statistics.median(times)
        rows.append((name, med, total / med))
        print(f"{data.name}: {name}: {med:.2f} s, {total / med:,.0f} triples/s", flush=True)
    clear(v, list(expected))
    return rows


def table(label: str, data: Path, rows: list[tuple[str, float, float]]) -> list[str]:
    ds = read_dataset_graphs(data)
    total = sum(g.triples for g in ds.graphs)
    base = rows[0][2]
    return [
        f"## {label}: {len(ds.graphs)} named graphs, {total:,} triples",
        "",
        "| path | time | triples/s | vs GSP one at a time |",
        "|---|---|---|---|",
        *[f"| {n} | {t:.2f} s | {r:,.0f} | {r / base:.2f}× |" for n, t, r in rows],
        "",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphs", type=int, default=200)
    ap.add_argument("--paragraphs", type=int, default=370)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dataset", type=Path, help="also a built dataset directory (lod build --out DIR)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-push.md")
    args = ap.parse_args()

    scratch = Path.home() / ".cache" / "lod-bench"  # not /tmp: other jobs clean it while we run
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="push-", dir=scratch))
    try:
        synthetic = work / "synthetic"
        write_dataset(synthetic, base="http://localhost:8000/bench/", graphs=args.graphs, paragraphs=args.paragraphs)
        sets = [(f"Synthetic, docs/layout.md ({args.graphs} graphs × {args.paragraphs} paragraphs)", synthetic)]
        if args.dataset:
            built = work / "built"
            shutil.copytree(args.dataset, built, ignore=shutil.ignore_patterns("store"))
            sets.append((f"`lod build` output ({args.dataset.name})", built))
        v = LocalVirtuoso(work / "db", dirs_allowed=[work], buffers=170000)
        v.start()
        remote = RemoteSparqlStore(v.query_endpoint, timeout=300)
        sections: list[str] = []
        try:
            for label, data in sets:
                sections += table(label, data, measure(v, remote, data, work, args.repeat))
        finally:
            remote.close()
            v.stop()
        lines = [
            "# Push throughput into Virtuoso (bench/push.py)",
            "",
            "Store: Virtuoso Open Source 7 (Debian), fresh database on loopback, 170,000 buffers. "
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average at the end {os.getloadavg()[0]:.1f} (other jobs were sharing the machine). "
            f"Median of {args.repeat} first loads per path (our graphs cleared, untimed, before each run); "
            "after every load the per-graph triple counts in Virtuoso were checked against the manifest.",
            "",
            *sections,
            "Every path includes reading and checking each graph file against the manifest (sha256,",
            "triple count, graph name) and writing the journal. The bulk loader reads the files from",
            "disk itself, so it only works with the store on the same machine and the files under",
            "its `DirsAllowed`; GSP works over any network.",
            "",
        ]
        args.out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
