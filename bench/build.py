"""Benchmark `lod build` against the naive way; writes bench/results-build.md.

Run from the repo root (takes a few minutes on 2 cores)::

    python bench/build.py [--docs 5000] [--naive-docs 300]

What it does:
1. Templates: the seed and every corpus text that `lod build` publishes; each is
   parsed once to learn its symbol. Texts the parser needs > 0.5 s for are left out
   of the mix (listed in the results: a parser issue, not a build one).
2. Replicates the templates round-robin to ``--docs`` files, each under a distinct
   symbol (the last number of the symbol is rewritten everywhere in the text).
3. Runs, each in a fresh process (so peak memory is clean): our build with SHACL
   (compiled engine), without SHACL, with pyshacl per document (on a subset),
   a no-change rebuild and a one-file-changed rebuild (cache), and the same
   build on 1/5 of the documents (to show memory does not grow with the corpus).
4. The naive way in the same run: one rdflib Graph holding every document, one
   pyshacl run over it, one rdflib N-Quads serialisation; measured on
   ``--naive-docs`` documents and extrapolated linearly to ``--docs`` (said so).
5. Compiled against pure Python: the 1/5 build and the stage table again with
   ``LOD_PURE_PYTHON=1`` (``lod.native``: the hot modules run from source instead of
   their mypyc binaries), so the gain of compiling is read in the same run.
6. What two cores give on this machine: the same build on 1/5 of the documents in one
   process (no pool), and a pure-Python loop run alone and then twice at once, so the
   two-worker figures can be read against the machine (a VM's two vCPUs may share one
   physical core).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT))


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its waited children (the pool workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def templates() -> tuple[list[tuple[Path, str]], list[str]]:
    from lod.read.source import collect_sources
    from lod.publish.process import Job, fingerprint, process_source

    fp = fingerprint("http://localhost:8000/", True, "compiled")
    keep, skipped = [], []
    sources = collect_sources([SHARED / "seeds", SHARED / "corpus" / "texts"])
    process_source(Job(str(sources[0]), fp, "http://localhost:8000/", True, "compiled", "0.1.0", None, None))  # warm
    for src in sources:
        dt = float("inf")
        for _ in range(2):  # the second run: the first pays one-time costs (patterns compiled per marker, …)
            t = time.perf_counter()
            results = process_source(Job(str(src), fp, "http://localhost:8000/", True, "compiled", "0.1.0", None, None))
            dt = min(dt, time.perf_counter() - t)
        r = results[0]
        if len(results) != 1 or r.status != "ok" or not r.symbol:  # a template is one document: its symbol is renumbered
            continue
        if dt > 0.5:
            skipped.append(f"{src.name} ({dt:.1f} s)")
            continue
        text = src.read_text(encoding="utf-8", errors="replace")
        if r.symbol not in text:
            continue
        keep.append((src, r.symbol))
    seen, unique = set(), []
    for src, sym in keep:
        if sym not in seen:
            seen.add(sym)
            unique.append((src, sym))
    return unique, skipped


def _renumber(symbol: str, k: int) -> str:
    head, _, tail = symbol.partition(" (")
    m = re.search(r"(?<=L\.)\d+", head) or list(re.finditer(r"\d+", head))[-1]  # drafts: renumber L.n
    new = head[: m.start()] + str(1000 + k) + head[m.end():]  # the parser reads numbers of up to 4 digits
    return new + (" (" + tail if tail else "")


def replicate(tpls: list[tuple[Path, str]], n: int, out: Path) -> None:
    if n > 8999:
        raise SystemExit("at most 8999 documents: symbols get numbers 1000..9999")
    out.mkdir(parents=True, exist_ok=True)
    texts = [(src.read_text(encoding="utf-8", errors="replace"), sym, src.suffix) for src, sym in tpls]
    for k in range(n):
        text, sym, suffix = texts[k % len(texts)]
        pattern = re.compile(r"(?<![\w/])" + re.escape(sym) + r"(?![\w])")
        (out / f"doc{k:05d}{suffix}").write_text(pattern.sub(_renumber(sym, k), text), encoding="utf-8")


def run_config(cfg: dict) -> dict:  # type: ignore[type-arg]
    """One measured build (runs in its own process)."""
    from lod import native
    from lod.publish.build import BuildOptions, build

    src, out = Path(cfg["src"]), Path(cfg["out"])
    if cfg.get("touch"):
        f = sorted(src.iterdir())[0]
        f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    opts = BuildOptions(jobs=cfg["jobs"], validate=cfg["validate"], cache=cfg["cache"], store=cfg["store"],
                        shacl_engine=cfg.get("engine", "compiled"))
    paths = sorted(src.iterdir())[: cfg["limit"]] if cfg.get("limit") else [src]
    load = __import__("os").getloadavg()[0]
    c0 = _cpu()
    t = time.perf_counter()
    s = build(paths, out, opts)
    wall = time.perf_counter() - t
    c1 = _cpu()
    me, kids = _peak_mb()
    return {"wall": wall, "cpu_main": c1[0] - c0[0], "cpu_workers": c1[1] - c0[1], "load": load, "documents": s.documents, "published": s.published, "failed": s.failed,
            "cached": s.cached, "triples": s.triples, "peak_main_mb": me, "peak_worker_mb": kids,
            "failures": list(s.failures[:3]), "native": native.state().mode}


def _spin(n: int) -> float:
    """A pure-Python loop (no memory traffic): CPU seconds it takes this process."""
    t = time.process_time()
    total = 0
    for i in range(n):
        total += i
    return time.process_time() - t


def run_cores(cfg: dict) -> dict:  # type: ignore[type-arg]
    """What two busy cores of this machine give compared with one: the same pure-Python loop run
    alone, then in two processes at once (best of three each). 2.0 means two independent cores; a
    virtual machine whose two vCPUs share one physical core's execution units gives less (and so
    does every two-worker figure)."""
    import multiprocessing

    n = cfg.get("n", 15_000_000)
    ctx = multiprocessing.get_context("fork")
    solo = min(_spin(n) for _ in range(3))
    pair = float("inf")
    for _ in range(3):
        with ctx.Pool(2) as pool:
            pair = min(pair, max(pool.map(_spin, [n, n])))
    return {"solo": solo, "pair": pair, "scaling": 2 * solo / pair}


def run_naive(cfg: dict) -> dict:  # type: ignore[type-arg]
    """The naive way: one rdflib graph of everything, one pyshacl run, one rdflib serialisation."""
    import pyshacl
    from rdflib import Dataset, URIRef

    from lod.errors import LodError
    from lod.publish.build import WORKER_GC_THRESHOLDS
    from lod.fetch.sidecar import apply_sidecar, load_sidecar_metadata
    from lod.rdf.graph import resolution_triples, work_and_expression
    from lod.enrich.links import enrich
    from lod.rdf.nt import to_rdflib
    from lod.read import parse_file
    from lod.datafiles import shapes_file

    files = sorted(Path(cfg["src"]).iterdir())[: cfg["limit"]]
    load = __import__("os").getloadavg()[0]
    c0 = sum(_cpu())
    t0, p0 = time.perf_counter(), time.process_time()
    ds = Dataset()
    for f in files:
        try:  # the same pipeline as lod build: parse, sidecar, enrichment (citations, actors), mapping
            r = enrich(apply_sidecar(parse_file(f), load_sidecar_metadata(f)), base="http://localhost:8000/")
        except LodError:
            continue
        g = ds.graph(URIRef(work_and_expression(r, "http://localhost:8000/")[1]))
        for s_, p_, o_ in resolution_triples(r, "http://localhost:8000/"):  # rdflib terms, as the naive way has them
            g.add((to_rdflib(s_), to_rdflib(p_), to_rdflib(o_)))
    t1, p1 = time.perf_counter(), time.process_time()
    union = ds.graph(URIRef("urn:union"))
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    conforms, _, _ = pyshacl.validate(union, shacl_graph=str(shapes_file()), inference="none")
    t2, p2 = time.perf_counter(), time.process_time()
    ds.remove_graph(union)
    data = ds.serialize(format="nquads", encoding="utf-8")
    Path(cfg["out"]).write_bytes(data)
    t3, p3 = time.perf_counter(), time.process_time()
    me, _ = _peak_mb()
    return {"wall": t3 - t0, "cpu": sum(_cpu()) - c0, "load": load, "parse_map": t1 - t0, "shacl": t2 - t1, "serialize": t3 - t2,
            "cpu_parse_map": p1 - p0, "cpu_shacl": p2 - p1, "cpu_serialize": p3 - p2,
            "documents": len(files), "triples": sum(1 for _ in ds.quads((None, None, None, None))),
            "conforms": bool(conforms), "peak_main_mb": me}


def run_stages(cfg: dict) -> dict:  # type: ignore[type-arg]
    """CPU per document of each stage, in one process, on the first ``limit`` documents."""
    from lod.publish.build import WORKER_GC_THRESHOLDS
    from lod.fetch.sidecar import apply_sidecar, load_sidecar_metadata
    from lod.rdf.graph import resolution_triples, work_and_expression
    from lod.enrich.links import enrich
    from lod.rdf.nt import Grouped
    from lod.read import parse_file
    from lod.publish.akn import akn_bytes
    from lod.publish.catalogue import graph_entry
    from lod.publish.links import link_triples
    from lod.publish.process import DocumentResult, stage_graph, write_entry
    from lod.rdf.serialize import serialize_all
    from lod.validate.validation import validate_triples

    gc.set_threshold(*WORKER_GC_THRESHOLDS)  # as in the build's workers
    base = "http://localhost:8000/"
    files = sorted(Path(cfg["src"]).iterdir())[: cfg["limit"]]
    cpu = dict.fromkeys(("parse", "enrich (citations, actors)", "map to RDF", "index (deduplicate, group by subject)",
                         "SHACL (compiled)", "serialise N-Quads + Turtle + JSON-LD", "Akoma Ntoso XML",
                         "catalogue row and words, link triples",
                         "write the graph's files, gzip members, cache entry"), 0.0)
    staging = Path(tempfile.mkdtemp(prefix="lod-stages-"))
    for f in files:
        t = time.process_time()
        r = parse_file(f)
        t1 = time.process_time()
        r = enrich(apply_sidecar(r, load_sidecar_metadata(f)), base=base)
        t2 = time.process_time()
        triples = resolution_triples(r, base)
        t3 = time.process_time()
        grouped = Grouped(triples)
        t4 = time.process_time()
        validate_triples(grouped)
        t5 = time.process_time()
        expression = work_and_expression(r, base)[1]
        nq, ttl, jsonld = serialize_all(grouped, expression)
        t6 = time.process_time()
        akn = akn_bytes(r, base)
        t7 = time.process_time()
        row, found = graph_entry(grouped.subjects, expression, symbol=r.symbol, language=r.language)
        links = link_triples(triples)
        t8 = time.process_time()
        write_entry(staging, "doc", [DocumentResult(str(f), "doc", "ok", links=links, catalogue=row, words=found,
                                                    **stage_graph(staging, "doc", base, nq, ttl, jsonld, akn))])
        t9 = time.process_time()
        for k, dt in zip(cpu, (t1 - t, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7, t9 - t8)):
            cpu[k] += dt
    shutil.rmtree(staging)
    from lod import native

    return {k: v / len(files) * 1000 for k, v in cpu.items()} | {"documents": len(files), "native": native.state().mode}


def measured(kind: str, cfg: dict, *, pure: bool = False) -> dict:  # type: ignore[type-arg]
    """``kind`` run in a fresh process; ``pure``: with the hot modules from source (``LOD_PURE_PYTHON=1``)."""
    env = {k: v for k, v in os.environ.items() if k != "LOD_PURE_PYTHON"} | ({"LOD_PURE_PYTHON": "1"} if pure else {})
    proc = subprocess.run([sys.executable, __file__, "_" + kind, json.dumps(cfg)], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    if proc.returncode:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--naive-docs", type=int, default=300)
    ap.add_argument("--pyshacl-docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    tpls, skipped = templates()
    work = Path(tempfile.mkdtemp(prefix="lod-bench-"))
    try:
        src = work / "src"
        replicate(tpls, args.docs, src)
        common = {"src": str(src), "jobs": args.jobs, "store": False}
        rows = {}
        rows["lod build, SHACL (compiled engine)"] = measured(
            "run", {**common, "out": str(work / "a"), "validate": True, "cache": True})
        rows["lod build, no SHACL"] = measured("run", {**common, "out": str(work / "b"), "validate": False, "cache": False})
        rows[f"lod build, 1/5 of the documents ({args.docs // 5})"] = measured(
            "run", {**common, "out": str(work / "c"), "validate": True, "cache": False, "limit": args.docs // 5})
        rows[f"lod build, 1/5 of the documents ({args.docs // 5}), pure Python"] = measured(
            "run", {**common, "out": str(work / "c2"), "validate": True, "cache": False, "limit": args.docs // 5},
            pure=True)
        rows[f"lod build, one process, no pool (first {args.docs // 5})"] = measured(
            "run", {**common, "jobs": 1, "out": str(work / "s"), "validate": True, "cache": False,
                    "limit": args.docs // 5})
        rows[f"lod build, SHACL with pyshacl per document ({args.pyshacl_docs} docs)"] = measured(
            "run", {**common, "out": str(work / "p"), "validate": True, "cache": False, "engine": "pyshacl",
                    "limit": args.pyshacl_docs})
        rows["rebuild, nothing changed (cache)"] = measured(
            "run", {**common, "out": str(work / "a"), "validate": True, "cache": True})
        rows["rebuild, one source changed (cache)"] = measured(
            "run", {**common, "out": str(work / "a"), "validate": True, "cache": True, "touch": True})
        rows["rebuild, one source changed, + store load"] = measured(
            "run", {**common, "out": str(work / "a"), "validate": True, "cache": True, "store": True, "touch": True})
        naive = measured("naive", {"src": str(src), "out": str(work / "naive.nq"), "limit": args.naive_docs})
        stages = measured("stages", {"src": str(src), "limit": 1000})
        pure_stages = measured("stages", {"src": str(src), "limit": 1000}, pure=True)
        cores = measured("cores", {})
        write_results(args, tpls, skipped, rows, naive, stages, pure_stages, cores)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_results(args, tpls, skipped, rows, naive, stages, pure_stages, cores) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "# `lod build` benchmark",
        "",
        f"Generated by `python bench/build.py --docs {args.docs} --naive-docs {args.naive_docs}` on "
        f"{platform.node()} ({platform.machine()}, {__import__('os').cpu_count()} cores, Python "
        f"{platform.python_version()}), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"Corpus: {args.docs} documents replicated round-robin from {len(tpls)} templates (the seed and the corpus "
        "texts `lod build` publishes), each under a distinct symbol. Wall time includes reading, parsing, "
        "mapping, SHACL, serialising and writing every output file (graphs/, gzip dumps, manifest, VoID, "
        f"SHA256SUMS); {args.jobs} worker processes. Hot modules: "
        + ("compiled with mypyc (`lod.native`)" if rows["lod build, SHACL (compiled engine)"]["native"] == "compiled"
           else "**pure Python** (not compiled in this install)") + "; the `pure Python` row runs them from source.",
        "",
        "`CPU s` is user + system time of the main process and its workers; `docs/CPU-s × 2` is what two "
        "uncontended cores would give (the machine is shared with other jobs; `load` is the 1-minute load "
        "average when the run started).",
        "",
        "| run | docs | published | triples | wall s | docs/s | triples/s | CPU s (main + workers) | docs/CPU-s × 2 "
        "| peak main MB | peak worker MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        cpu = r["cpu_main"] + r["cpu_workers"]
        lines.append(f"| {name} | {r['documents']} | {r['published']} | {r['triples']} | {r['wall']:.1f} | "
                     f"{r['documents'] / r['wall']:.0f} | {r['triples'] / r['wall']:.0f} | "
                     f"{r['cpu_main']:.1f} + {r['cpu_workers']:.1f} | {2 * r['documents'] / cpu:.0f} | "
                     f"{r['peak_main_mb']:.0f} | {r['peak_worker_mb']:.0f} | {r['load']:.1f} |")
    main_row = rows["lod build, SHACL (compiled engine)"]
    two = rows[f"lod build, 1/5 of the documents ({args.docs // 5})"]
    pure = rows[f"lod build, 1/5 of the documents ({args.docs // 5}), pure Python"]
    stage_names = [k for k in stages if k not in ("documents", "native")]
    one = rows[f"lod build, one process, no pool (first {args.docs // 5})"]
    per_doc = naive["wall"] / naive["documents"]
    extrapolated = per_doc * args.docs
    lines += [
        "",
        "## The naive way (same run)",
        "",
        f"One rdflib `Dataset` holding every document (same parse and enrichment as `lod build`), one pyshacl "
        f"run over the union, one rdflib N-Quads serialisation. Measured on the first {naive['documents']} documents, then extrapolated linearly to "
        f"{args.docs} (pyshacl and rdflib grow at least linearly, so this flatters the naive way).",
        "",
        "| step | wall s | CPU s |",
        "|---|---|---|",
        f"| parse + map into one graph | {naive['parse_map']:.1f} | {naive['cpu_parse_map']:.1f} |",
        f"| one pyshacl run | {naive['shacl']:.1f} | {naive['cpu_shacl']:.1f} |",
        f"| serialise N-Quads | {naive['serialize']:.1f} | {naive['cpu_serialize']:.1f} |",
        f"| total ({naive['documents']} docs, {naive['triples']} triples; load {naive['load']:.1f}) | "
        f"{naive['wall']:.1f} | {naive['cpu']:.1f} |",
        f"| extrapolated to {args.docs} docs | {extrapolated:.0f} | {naive['cpu'] / naive['documents'] * args.docs:.0f} |",
        "",
        f"Naive: {naive['documents'] / naive['wall']:.1f} docs/s, peak memory {naive['peak_main_mb']:.0f} MB for "
        f"{naive['documents']} docs (≈{naive['peak_main_mb'] / naive['documents'] * args.docs / 1024:.1f} GB "
        f"extrapolated to {args.docs}); conforms: {naive['conforms']}.",
        "",
        f"**Ratio: `lod build` is {extrapolated / main_row['wall']:.1f}× faster than the naive way end to end** "
        f"({main_row['documents'] / main_row['wall']:.0f} vs {naive['documents'] / naive['wall']:.1f} docs/s; "
        f"in CPU time per document: {naive['cpu'] / naive['documents'] * 1000:.0f} ms naive vs "
        f"{(main_row['cpu_main'] + main_row['cpu_workers']) / main_row['documents'] * 1000:.0f} ms).",
        "",
        f"SHACL alone, CPU per document: pyshacl over the union {naive['cpu_shacl'] / naive['documents'] * 1000:.0f} ms "
        f"vs the compiled engine per document {stages['SHACL (compiled)']:.1f} ms (measured in the stage table "
        f"below: the difference of the with/without-SHACL builds, "
        f"{(main_row['cpu_workers'] - rows['lod build, no SHACL']['cpu_workers']) / main_row['documents'] * 1000:.1f} ms, "
        f"is within the shared machine's run-to-run noise).",
        "",
        "## Compiled against pure Python (same run)",
        "",
        f"Same {pure['documents']} documents, two workers: {two['documents'] / two['wall']:.0f} docs/s compiled vs "
        f"{pure['documents'] / pure['wall']:.0f} pure Python, {pure['wall'] / two['wall']:.2f}×; CPU per document "
        f"{(two['cpu_main'] + two['cpu_workers']) / two['documents'] * 1000:.1f} vs "
        f"{(pure['cpu_main'] + pure['cpu_workers']) / pure['documents'] * 1000:.1f} ms.",
        "",
        f"## Where the time goes (CPU ms per document, one process with the workers' collector thresholds, first {stages['documents']} documents)",
        "",
        "| stage | compiled ms | pure Python ms |",
        "|---|---|---|",
        *[f"| {k} | {stages[k]:.1f} | {pure_stages[k]:.1f} |" for k in stage_names],
        f"| total of the stages | {sum(stages[k] for k in stage_names):.1f} | {sum(pure_stages[k] for k in stage_names):.1f} |",
        "",
        f"Akoma Ntoso output (docs/akn.md) costs {stages['Akoma Ntoso XML']:.1f} ms of the "
        f"{sum(stages[k] for k in stage_names):.1f} ms a document's stages take compiled "
        f"({100 * stages['Akoma Ntoso XML'] / sum(stages[k] for k in stage_names):.0f} % of the CPU, so about as much "
        f"of the build's throughput), {pure_stages['Akoma Ntoso XML']:.1f} of {sum(pure_stages[k] for k in stage_names):.1f} "
        f"ms in pure Python ({100 * pure_stages['Akoma Ntoso XML'] / sum(pure_stages[k] for k in stage_names):.0f} %); "
        "target: less than 15 %. The AKN writer is not compiled (lod.native.COMPILED).",
        "",
        "The rest of the workers' CPU is reading and hashing the source, compressing each graph's four files "
        "(one gzip member each), the cache entry and sending the result (metadata) to the main process, which "
        "hard-links the staged files into graphs/ and appends the same bytes to the dumps.",
        "",
        "## What two cores give on this machine (same run)",
        "",
        f"A pure-Python loop (no memory traffic) takes {cores['solo']:.2f} s of CPU alone and {cores['pair']:.2f} s "
        f"when two processes run it at once: two busy cores give {cores['scaling']:.2f}× the work of one (2.00 is "
        f"two independent cores). The build: {one['documents'] / one['wall']:.0f} docs/s in one process (no pool) "
        f"and {two['documents'] / two['wall']:.0f} docs/s with two workers on the same {one['documents']} documents, "
        f"{one['wall'] / two['wall']:.2f}× (the main process, which appends to the dumps, shares the two cores "
        "with the workers). Twice the one-process rate, "
        f"{2 * one['documents'] / one['wall']:.0f} docs/s, bounds what two cores can give this code.",
        "",
        "Templates the parser needs more than 0.5 s for were left out of the mix (a parser issue): "
        + (", ".join(skipped) if skipped else "none") + ".",
        "",
    ]
    (ROOT / "bench" / "results-build.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


#: What ``measured(kind, cfg)`` runs in a fresh process: ``python bench/build.py _{kind} CFG-JSON``.
_KINDS = {"_run": run_config, "_stages": run_stages, "_cores": run_cores, "_naive": run_naive}

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in _KINDS:
        print(json.dumps(_KINDS[sys.argv[1]](json.loads(sys.argv[2]))))
    else:
        main()
