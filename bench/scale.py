"""How `lod build` and `lod serve` scale with the number of documents, Virtuoso side by side (issue 21).

Run from the repo root::

    python bench/scale.py [--sizes 1000,5000,20000] [--seconds 10] [--max-minutes 600] [--force]

For each size N (documents), stage by stage, each stage's result saved as JSON in
``--work`` (default bench/.scale/, git-ignored) and skipped on a rerun unless ``--force``:

1. ``texts``: N source texts, bench/build.py's way (templates(): the seed and the corpus
   texts `lod build` publishes; each copy renumbered to a symbol of its own), plus the
   templates themselves unchanged, so that the competency queries of docs/queries/, which
   name real symbols, answer something.
2. ``build``: ``lod build`` in a fresh process (``python bench/scale.py _build``, which runs
   the CLI in-process, so its own rusage is the main process's and its children's the
   workers'): wall time, documents/s, CPU s/document, peak RSS, triples; the machine's
   1-minute load before and after, and the CPU share other processes took during the step
   (/proc/stat's busy time minus our own rusage).
3. ``disk``: bytes on disk (allocated blocks) by part: store/, graphs/, dumps/, .cache/, the
   rest; DIR is followed (a link to a generation), a hard-linked file counts once (in the
   first part met in that order: graphs/ holds links to .cache/'s files).
4. ``cold``: ``lod serve`` start → first 200 of a document page, a first and a second start.
5. ``latency``: ``lod serve`` (2 SPARQL workers, 30 s time limit) under ``wrk`` with 8
   keep-alive connections: a resolution page (HTML) and its Turtle over random documents,
   a look-up by symbol, who cites X (docs/queries/who-cites.rq's pattern on the most-cited
   IRI), CONSTRUCT of one resolution, COUNT of all paragraphs, a full-text CONTAINS, and every
   docs/queries/*.rq (base IRI replaced by the dataset's): p50, p99, requests/s, errors, and
   the rows of one answer.
6. ``virtuoso``: a private Virtuoso (lod.push.virtuoso_server, as the tests start it) bulk-loads
   the same dumps/lod.nq.gz (time, triples/s, triples counted), then the same SPARQL requests
   with the same generator; the results give the ratio embedded/Virtuoso per query.

Bounded: ``--max-minutes`` for the whole run (a stage that would start later is left for a
rerun), ``--stage-timeout`` per build/bulk load, ``--seconds`` per latency row. The results
(bench/results-scale.md) hold every size whose stages are saved, the machine (cores,
memory, load) and an extrapolation of disk and build time to 250 M triples, labelled as such.
Needs ``wrk`` (Debian package wrk) and, for the Virtuoso stage, ``virtuoso-t`` and ``isql-vt``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lod: <https://w3id.org/un-lod/ontology#>
"""
DEFAULT_BASE = "http://localhost:8000/"
#: The bench's own SPARQL queries ({symbol}: varied per request over the published documents; {iri}: the most-cited IRI).
BENCH_QUERIES = {
    "look-up by symbol": P + 'SELECT ?work ?expr ?title WHERE { ?work dcterms:identifier "{symbol}" ; '
                             "eli:is_realized_by ?expr . ?expr eli:title ?title }",
    "who cites X (who-cites.rq pattern)": None,  # docs/queries/who-cites.rq with its IRI replaced
    "CONSTRUCT one resolution": P + 'CONSTRUCT { ?s ?p ?o } WHERE { ?work dcterms:identifier "{symbol}" ; '
                                    "eli:is_realized_by ?expr . GRAPH ?expr { ?s ?p ?o } }",
    "COUNT of all paragraphs": P + "SELECT (COUNT(?p) AS ?n) WHERE { { ?p a lod:OperativeParagraph } UNION "
                                   "{ ?p a lod:PreambularParagraph } }",
    "full-text CONTAINS": P + 'SELECT (COUNT(?unit) AS ?n) WHERE { ?unit lod:text ?t FILTER(CONTAINS(?t, "Trust Fund")) }',
}
WHO_CITES_IRI = "http://localhost:8000/akn/un/statement/deliberation/un-sc/2016-12-20/2331"
SERVE_TIMEOUT = 30.0  # lod serve --timeout for the latency stage: a slow query gets a figure instead of a 503
ROWS_CAP = 10_000  # lod serve's default --max-rows


# ---------------------------------------------------------------- helpers
def log(*parts: object) -> None:
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def cpu_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already in user
    return (total - idle) / tick, total / tick


def machine() -> dict[str, object]:
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), 0)
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine())
    return {"node": platform.node(), "cpu": model, "cores": os.cpu_count(), "memory_gb": round(mem / 1024 ** 2, 1),
            "python": platform.python_version(), "loadavg": os.getloadavg()}


def dataset_root(ds: Path) -> Path:
    """DIR is a symbolic link to the current generation: the generation itself."""
    return ds.resolve()


def manifest(ds: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((dataset_root(ds) / "manifest.json").read_text(encoding="utf-8"))


def documents(ds: Path) -> list[dict]:  # type: ignore[type-arg]
    return [g for g in manifest(ds)["graphs"] if g.get("kind", "document") == "document"]


# ---------------------------------------------------------------- stage 1: texts
def generate(tpls: list[tuple[Path, str]], n: int, out: Path) -> dict[str, object]:
    """``n`` texts: the templates unchanged, then copies round-robin, each under a symbol of its own.

    bench/build.py's replicate() numbers copy k 1000 + k (the parser reads numbers of up to four
    digits), which stops at 8,999 documents; here copy k takes number 1000 + k mod 9000 and, when
    that symbol is taken (two templates of one session, or a later round), the next template whose
    renumbered symbol is free.
    """
    from build import _renumber  # bench/build.py

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    texts = [(src.read_text(encoding="utf-8", errors="replace"), sym, src.suffix) for src, sym in tpls]
    used = {sym for _, sym, _ in texts}
    patterns = [re.compile(r"(?<![\w/])" + re.escape(sym) + r"(?![\w])") for _, sym, _ in texts]
    written = 0
    for i, (text, _sym, suffix) in enumerate(texts[:n]):
        (out / f"orig{i:03d}{suffix}").write_text(text, encoding="utf-8")
        written += 1
    for k in range(n - written):
        for j in range(len(texts)):
            t = (k + j) % len(texts)
            text, sym, suffix = texts[t]
            new = _renumber(sym, k % 9000)
            if new not in used:
                break
        else:
            raise SystemExit(f"no free symbol for copy {k}: {n} documents is too many for {len(texts)} templates")
        used.add(new)
        (out / f"doc{k:05d}{suffix}").write_text(patterns[t].sub(new, text), encoding="utf-8")
        written += 1
    size = sum(f.stat().st_size for f in out.iterdir())
    return {"files": written, "templates": len(texts), "bytes": size}


def stage_texts(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    cache = work / "templates.json"
    if cache.exists():
        saved = json.loads(cache.read_text())
        tpls, skipped = [(Path(p), s) for p, s in saved["templates"]], saved["skipped"]
    else:
        from build import templates  # bench/build.py: parses every text once (two runs each)

        log("templates: parsing the seed and the corpus once")
        tpls, skipped = templates()
        cache.write_text(json.dumps({"templates": [(str(p), s) for p, s in tpls], "skipped": skipped}))
    return generate(tpls, size, work / str(size) / "src") | {"skipped_templates": skipped}


# ---------------------------------------------------------------- stage 2: build
def run_build(cfg: dict) -> dict:  # type: ignore[type-arg]
    """``lod build`` in this (fresh) process: the CLI, as a user runs it; rusage of main and workers."""
    from lod import native
    from lod.cli import main

    t0 = time.perf_counter()
    try:
        main(["build", cfg["src"], "--out", cfg["out"], "-j", str(cfg["jobs"])], standalone_mode=False)
    except SystemExit as exc:  # click's exit on a failed build
        if exc.code:
            raise
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu_main": me.ru_utime + me.ru_stime, "cpu_workers": kids.ru_utime + kids.ru_stime,
            "peak_main_mb": me.ru_maxrss / 1024, "peak_worker_mb": kids.ru_maxrss / 1024, "native": native.state().mode}


def stage_build(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    d = work / str(size)
    out = d / "ds"
    for old in [out, *d.glob(".ds.*")]:  # a fresh build: no cache, no previous generation
        if old.is_symlink() or old.is_file():
            old.unlink()
        elif old.exists():
            shutil.rmtree(old)
    cfg = {"src": str(d / "src"), "out": str(out), "jobs": args.jobs}
    load0, (busy0, total0) = os.getloadavg()[0], cpu_busy()
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, __file__, "_build", json.dumps(cfg)], capture_output=True, text=True,
                          cwd=ROOT, timeout=args.stage_timeout)
    wall = time.monotonic() - t0
    busy1, total1 = cpu_busy()
    if proc.returncode:
        raise RuntimeError(f"lod build failed:\n{proc.stderr[-3000:]}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    m = manifest(out)
    ours = r["cpu_main"] + r["cpu_workers"]
    cores = os.cpu_count() or 1
    others = max(0.0, (busy1 - busy0) - ours)
    return r | {"documents": m["documents"], "sources": size, "failures": len(m.get("failures", [])),
                "triples": m["triples"], "distinct_triples": m.get("distinct_triples"),
                "graphs": len(m["graphs"]), "process_wall": wall, "load_before": load0, "load_after": os.getloadavg()[0],
                "others_cpu_share": others / ((total1 - total0) or 1),  # of the machine's cores, during the build
                "others_cpu_s": others, "summary": proc.stderr.strip().splitlines()[-1:]}


# ---------------------------------------------------------------- stage 3: disk
PARTS = ("graphs", "store", "dumps", ".cache")


def disk_usage(root: Path) -> dict[str, dict[str, int]]:
    """Allocated and apparent bytes by part of a built dataset; each inode once."""
    seen: set[tuple[int, int]] = set()
    usage = {p: {"bytes": 0, "apparent": 0, "files": 0} for p in (*PARTS, "rest")}
    tops = [root / p for p in PARTS] + [root]
    for top in tops:
        part = top.name if top != root else "rest"
        for dirpath, dirnames, filenames in os.walk(top):
            if top == root and Path(dirpath) == root:
                dirnames[:] = [x for x in dirnames if x not in PARTS]
            for name in filenames:
                st = os.lstat(os.path.join(dirpath, name))
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    continue
                seen.add(key)
                usage[part]["bytes"] += st.st_blocks * 512
                usage[part]["apparent"] += st.st_size
                usage[part]["files"] += 1
    return usage


def stage_disk(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    ds = work / str(size) / "ds"
    m = manifest(ds)
    return {"parts": disk_usage(dataset_root(ds)), "triples": m["triples"]}


# ---------------------------------------------------------------- servers
def free_port() -> int:
    from lod.push.virtuoso_server import free_port as fp

    return fp()


class Server:
    """``lod serve DIR`` in a process of its own (its SPARQL workers are its children)."""

    def __init__(self, ds: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(ds), "--port", str(self.port), *extra],
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def first_200(self, path: str, timeout: float, accept: str = "text/html") -> float:
        """Seconds from the process start to the first 200 of ``path``."""
        import httpx

        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"lod serve exited with {self.proc.returncode}: "
                                   f"{self.proc.stderr.read().decode(errors='replace')[-2000:] if self.proc.stderr else ''}")
            try:
                if httpx.get(self.url + path, headers={"Accept": accept}, timeout=timeout).status_code == 200:
                    return time.monotonic() - self.started
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"lod serve gave no 200 for {path} within {timeout:g} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(30)


def page_path(iri: str, base: str) -> str:
    return "/" + iri[len(base):] if iri.startswith(base) else "/" + iri.split("/", 3)[3]


def stage_cold(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    ds = work / str(size) / "ds"
    m = manifest(ds)
    docs = documents(ds)
    path = page_path(random.Random(size).choice(docs)["iri"], m["base"])
    starts = []
    for _ in range(2):
        s = Server(ds)
        try:
            starts.append(s.first_200(path, args.stage_timeout))
        finally:
            s.stop()
    return {"first": starts[0], "second": starts[1], "page": path, "load": os.getloadavg()[0]}


# ---------------------------------------------------------------- stage 5/6: latency
def most_cited(ds: Path) -> tuple[str, int]:
    """The IRI the most parts and works cite (eli:cites), read from the store (before any server runs)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(dataset_root(ds) / "store"))
    q = P + "SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s eli:cites ?o } GROUP BY ?o ORDER BY DESC(?n) LIMIT 1"
    row = next(iter(store.query(q, use_default_graph_as_union=True)))  # type: ignore[call-overload]
    return row[0].value, int(row[1].value)


def sparql_requests(ds: Path, iri: str, n: int = 200) -> dict[str, list[tuple[str, str]]]:
    """Each SPARQL row of the bench: a list of (query, Accept) varied over the documents; who cites ``iri``."""
    m = manifest(ds)
    base = m["base"]
    rng = random.Random(21)
    docs = documents(ds)
    symbols = sorted({g["symbol"] for g in docs if g.get("symbol")})
    picked = rng.sample(symbols, min(n, len(symbols)))
    who = (ROOT / "docs" / "queries" / "who-cites.rq").read_text(encoding="utf-8").replace(WHO_CITES_IRI, iri)
    rows: dict[str, list[tuple[str, str]]] = {}
    for name, template in BENCH_QUERIES.items():
        if template is None:
            # LIMIT: the embedded server cuts at its 10,000-row cap, Virtuoso would send every row
            rows[name] = [(who.replace(DEFAULT_BASE, base).rstrip() + f"\nLIMIT {ROWS_CAP}\n", "application/sparql-results+json")]
            continue
        accept = "text/turtle" if "CONSTRUCT {" in template else "application/sparql-results+json"
        qs = [template.replace("{symbol}", s.replace("\\", "\\\\").replace('"', '\\"')) for s in picked] \
            if "{symbol}" in template else [template]
        rows[name] = [(q, accept) for q in qs]
    for path in sorted((ROOT / "docs" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8").replace(DEFAULT_BASE, base)
        accept = "text/turtle" if re.search(r"^\s*CONSTRUCT", text, re.M) else "application/sparql-results+json"
        rows[f"docs/queries/{path.name}"] = [(text, accept)]
    return rows


def answer_rows(body: bytes, accept: str) -> int:
    """Rows of a SPARQL JSON answer, or triples of a Turtle one."""
    if accept.endswith("json"):
        return len(json.loads(body)["results"]["bindings"])
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE))


def probe(url: str, query: str, accept: str, timeout: float) -> dict[str, object]:
    """One request alone: status, seconds, rows (also warms the server for this row)."""
    import httpx

    t0 = time.perf_counter()
    try:
        r = httpx.get(url + "?" + urlencode({"query": query}), headers={"Accept": accept}, timeout=timeout)
    except httpx.TimeoutException:
        return {"status": "timeout", "seconds": time.perf_counter() - t0, "rows": None}
    dt = time.perf_counter() - t0
    rows = answer_rows(r.content, accept) if r.status_code == 200 else None
    return {"status": r.status_code, "seconds": dt, "rows": rows, "truncated": bool(r.headers.get("lod-truncated"))}


def timed_row(url: str, requests: list[tuple[str, str, dict[str, str]]], seconds: float, single: float,
              cap: float) -> dict[str, object]:
    """wrk, 8 connections; a row whose single request is slow runs long enough to finish some (at most ``cap`` s)."""
    from serve import wrk  # bench/serve.py: wrk with a Lua script cycling through the requests

    duration = float(math.ceil(min(cap, max(seconds, 4 * single))))  # wrk takes whole seconds
    load0 = os.getloadavg()[0]
    try:
        n, rps, p50, p99, errors = wrk(url, requests, duration, 8)
    except subprocess.CalledProcessError as exc:
        return {"error": f"wrk exited with {exc.returncode}: {(exc.stderr or '')[-300:]}", "seconds": duration}
    return {"requests": n, "rps": rps, "p50": p50, "p99": p99, "errors": errors, "seconds": duration,
            "load_before": load0, "load_after": os.getloadavg()[0]}


def run_rows(url: str, pid: int, sparql_path: str, rows: dict[str, list[tuple[str, str]]], args: argparse.Namespace,
             pages: dict[str, list[tuple[str, str, dict[str, str]]]] | None = None,
             deadline: float = float("inf")) -> dict[str, dict[str, object]]:
    """Each row in turn on the server ``pid`` (at ``url``), once it is idle: requests a slow row left queued
    when wrk stopped would otherwise be answered during the next row."""
    from serve import Measured  # bench/serve.py: settle() waits until the server's (and its workers') CPU time stops

    server = Measured(url, pid)
    results: dict[str, dict[str, object]] = {}
    for name, reqs in (pages or {}).items():
        import httpx

        server.settle(args.row_cap)
        t0 = time.perf_counter()
        status = httpx.get(url + reqs[0][1], headers=reqs[0][2], timeout=args.row_cap).status_code
        single = time.perf_counter() - t0
        results[name] = timed_row(url, reqs, args.seconds, single, args.row_cap) | {"probe": {"status": status, "seconds": single}}
        log(f"  {name}: {results[name]}")
    for name, queries in rows.items():
        if time.monotonic() > deadline:
            log(f"  {name}: skipped (--max-minutes)")
            results.setdefault("_skipped", {})[name] = True
            continue
        server.settle(args.row_cap)
        first = probe(url + sparql_path, *queries[0], timeout=args.row_cap)
        wrk_reqs = [("GET", sparql_path + "?" + urlencode({"query": q}), {"Accept": a}) for q, a in queries]
        if first["status"] == "timeout":
            results[name] = {"probe": first}
        else:
            results[name] = timed_row(url, wrk_reqs, args.seconds, float(first["seconds"]), args.row_cap) | {"probe": first}  # type: ignore[arg-type]
        log(f"  {name}: {results[name]}")
    return results


def stage_latency(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    ds = work / str(size) / "ds"
    m = manifest(ds)
    rng = random.Random(7)
    docs = rng.sample(documents(ds), min(200, len(documents(ds))))
    paths = [page_path(g["iri"], m["base"]) for g in docs]
    pages = {"resolution page (HTML)": [("GET", p, {"Accept": "text/html"}) for p in paths],
             "resolution Turtle": [("GET", p, {"Accept": "text/turtle"}) for p in paths]}
    iri, citing = most_cited(ds)
    rows = sparql_requests(ds, iri)
    s = Server(ds, "--workers", "2", "--timeout", str(SERVE_TIMEOUT))
    try:
        s.first_200(paths[0], args.stage_timeout)
        results = run_rows(s.url, s.proc.pid, "/sparql", rows, args, pages, deadline=args.deadline)
    finally:
        s.stop()
    return {"rows": results, "most_cited": iri, "most_cited_by": citing, "load": os.getloadavg()[0]}


def stage_virtuoso(size: int, work: Path, args: argparse.Namespace) -> dict[str, object]:
    from lod.push.virtuoso import run_isql
    from lod.push.virtuoso_server import LocalVirtuoso

    ds = work / str(size) / "ds"
    m = manifest(ds)
    dumps = dataset_root(ds) / "dumps"
    db = work / str(size) / "virtuoso"
    if db.exists():
        shutil.rmtree(db)
    v = LocalVirtuoso(db, dirs_allowed=[dumps], buffers=args.virtuoso_buffers)
    v.start(timeout=120)
    try:
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        run_isql(v.isql_address, ("dba", "dba"), "log_enable(3, 1);\n"
                 f"ld_dir('{dumps}', 'lod.nq.gz', '{m['base']}id/default');\nrdf_loader_run();\ncheckpoint;\n",
                 timeout=args.stage_timeout)
        load_s = time.perf_counter() - t0
        out = run_isql(v.isql_address, ("dba", "dba"), "SELECT ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;\n"
                       f"SPARQL SELECT COUNT(*) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{m['base']}\")) }};\n")
        counted = max((int(x) for x in re.findall(r"^\s*(\d+)\s*$", out, re.M)), default=0)
        log(f"  virtuoso bulk load: {load_s:.1f} s, {counted} quads (manifest {m['triples']})")
        deadline = min(args.deadline, time.monotonic() + args.row_cap * 40)
        latency = work / str(size) / "latency.json"  # the same X as the embedded run, without a second scan
        iri = json.loads(latency.read_text())["most_cited"] if latency.exists() else most_cited(ds)[0]
        assert v.process is not None
        results = run_rows(v.base_url, v.process.pid, "/sparql", sparql_requests(ds, iri), args, deadline=deadline)
        return {"load_seconds": load_s, "quads_loaded": counted, "triples": m["triples"], "rows": results,
                "load_before": load0, "load": os.getloadavg()[0], "buffers": args.virtuoso_buffers}
    finally:
        v.stop()
        shutil.rmtree(db, ignore_errors=True)


STAGES: dict[str, Callable[[int, Path, argparse.Namespace], dict[str, object]]] = {
    "texts": stage_texts, "build": stage_build, "disk": stage_disk, "cold": stage_cold,
    "latency": stage_latency, "virtuoso": stage_virtuoso,
}


# ---------------------------------------------------------------- the report
def _mb(b: float) -> str:
    return f"{b / 1e6:,.1f}" if b < 1e10 else f"{b / 1e9:,.2f} G"


def _ms(x: object) -> str:
    return "–" if x is None else f"{float(x):,.1f}"  # type: ignore[arg-type]


def report(args: argparse.Namespace, results: dict[int, dict[str, dict]], mach: dict) -> str:  # type: ignore[type-arg]
    sizes = sorted(results)
    lines = [
        "# Scale benchmark: `lod build` and `lod serve` from 1 k documents up, Virtuoso side by side",
        "",
        f"Generated by `python bench/scale.py {' '.join(sys.argv[1:])}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}). Machine: {mach['cpu']}, {mach['cores']} cores, "
        f"{mach['memory_gb']} GB memory, Python {mach['python']}; 1-minute load average "
        f"{mach['loadavg'][0]:.1f} when this report was written (other jobs share this machine: each step below gives "
        "the load it ran under, the build also the CPU share other processes took).",
        "",
        "Documents: the templates of bench/build.py (the seed and the corpus texts `lod build` publishes) unchanged, "
        "then copies round-robin, each under a symbol of its own; `lod build -j "
        f"{args.jobs}` in a fresh process, no cache; `hot modules` says whether lod's compiled modules ran "
        "(`pure`: from source, `LOD_PURE_PYTHON=1` or not compiled). Stage results are kept in "
        f"`{args.work.relative_to(ROOT) if args.work.is_relative_to(ROOT) else args.work}/` "
        "(rerun to fill in what a bounded run left out).",
        "",
    ]
    if sizes and max(sizes) < 5000:
        lines += ["**A small sample run** (sizes up to " + f"{max(sizes):,}" + " documents): it shows the bench works "
                  "end to end; the issue's figures are for 20,000 documents.", ""]
    # build
    lines += ["## Build", "",
              "| documents | published | triples | wall s | docs/s | CPU ms/doc (main + workers) | peak RSS main MB | "
              "peak RSS worker MB | load before → after | CPU share of others | hot modules |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        b = results[n].get("build")
        if not b:
            continue
        cpu = (b["cpu_main"] + b["cpu_workers"]) / b["sources"] * 1000
        lines.append(f"| {b['sources']:,} | {b['documents']:,} | {b['triples']:,} | {b['wall']:.1f} | {b['sources'] / b['wall']:.1f} "
                     f"| {cpu:.1f} ({b['cpu_main'] / b['sources'] * 1000:.1f} + {b['cpu_workers'] / b['sources'] * 1000:.1f}) "
                     f"| {b['peak_main_mb']:.0f} | {b['peak_worker_mb']:.0f} | {b['load_before']:.1f} → {b['load_after']:.1f} "
                     f"| {100 * b['others_cpu_share']:.0f} % | {b['native']} |")
    lines += ["", "`docs/s` counts source files (one document each, some left out by the build: `published`). "
              "`CPU share of others`: the machine's busy CPU time during the build minus the build's own (main + workers), "
              "over all cores' time.", ""]
    # disk
    lines += ["## Bytes on disk", "", "Allocated bytes (MB) and bytes per triple (manifest `triples`, the quads); a hard-linked "
              "file counts once, in the first part met in the order graphs/, store/, dumps/, .cache/ (graphs/ links to "
              ".cache/'s files).", "",
              "| documents | triples | " + " | ".join(f"{p}/ MB (B/triple)" for p in PARTS) + " | rest MB (B/triple) | **all in MB (B/triple)** |",
              "|---|---|" + "---|" * (len(PARTS) + 2)]
    for n in sizes:
        d = results[n].get("disk")
        if not d:
            continue
        t = d["triples"]
        cells = [f"{_mb(d['parts'][p]['bytes'])} ({d['parts'][p]['bytes'] / t:.0f})" for p in (*PARTS, "rest")]
        total = sum(v["bytes"] for v in d["parts"].values())
        lines.append(f"| {n:,} | {t:,} | " + " | ".join(cells) + f" | **{_mb(total)} ({total / t:.0f})** |")
    # cold start
    lines += ["", "## Cold start of `lod serve`", "", "Process start → first 200 of a document page (HTML).", "",
              "| documents | first start s | second start s | load |", "|---|---|---|---|"]
    for n in sizes:
        c = results[n].get("cold")
        if c:
            lines.append(f"| {n:,} | {c['first']:.2f} | {c['second']:.2f} | {c['load']:.1f} |")
    # latency
    for n in sizes:
        lat, vir = results[n].get("latency"), results[n].get("virtuoso")
        if not lat:
            continue
        b = results[n].get("build", {})
        lines += ["", f"## Latency at {n:,} documents ({b.get('triples', 0):,} triples), 8 connections", "",
                  f"`wrk`, 8 keep-alive connections, {args.seconds:g} s a row (longer for a slow query: 4 × its single "
                  f"time, at most {args.row_cap:g} s). `lod serve` with 2 SPARQL workers and a {SERVE_TIMEOUT:g} s time "
                  "limit; Virtuoso 7 (Debian) with the same dump bulk-loaded, its `/sparql` endpoint. Varied requests: "
                  "200 random documents (pages) or symbols (look-up, CONSTRUCT); who cites X: "
                  f"`{lat['most_cited']}`, cited by {lat['most_cited_by']:,} parts and works (the query ends in LIMIT {ROWS_CAP:,}, so that "
                  "both servers send as many rows). `rows`: of one answer "
                  f"(embedded / Virtuoso; the embedded server cuts at {ROWS_CAP:,}). `ratio`: embedded p50 / Virtuoso p50. "
                  "Virtuoso's default graph is the bag of the named graphs: a triple several graphs state (a phrase "
                  "concept's label, an actor) matches once per graph there, so a query without DISTINCT can give more "
                  "rows than on `lod serve`, whose default graph is their set union (operative-paragraphs.rq).", ""]
        if vir:
            lines += [f"Virtuoso bulk load of dumps/lod.nq.gz: {vir['load_seconds']:.1f} s, "
                      f"{vir['triples'] / vir['load_seconds']:,.0f} triples/s (one loader thread; {vir['quads_loaded']:,} quads "
                      f"counted after, {vir['triples']:,} in the manifest; {vir['buffers']:,} buffers; load "
                      f"{vir['load_before']:.1f} before).", ""]
        lines += ["| request | req/s | p50 ms | p99 ms | errors | rows | Virtuoso req/s | p50 ms | p99 ms | errors | rows | ratio p50 | load |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, r in lat["rows"].items():
            if name == "_skipped":
                continue
            v = (vir or {}).get("rows", {}).get(name) if vir else None
            lines.append(f"| {name} | " + _cells(r) + " | " + (_cells(v) if v else "– | – | – | – | –")
                         + f" | {_ratio(r, v)} | {r.get('load_after', lat['load']):.1f} |")
        left = sorted({*lat["rows"].get("_skipped", {}), *((vir or {}).get("rows", {}).get("_skipped", {}))})
        if left:
            lines += ["", "Left out by `--max-minutes` (rerun to measure): " + ", ".join(left) + "."]
    # extrapolation
    lines += _extrapolation(results)
    return "\n".join(lines) + "\n"


def _cells(r: dict) -> str:  # type: ignore[type-arg]
    probe_ = r.get("probe", {})
    rows = probe_.get("rows")
    rows_s = "–" if rows is None else f"{rows:,}" + (" (cut)" if probe_.get("truncated") else "")
    if "error" in r:
        return f"– | – | – | {r['error'][:60]} | {rows_s}"
    if "requests" not in r:
        return f"– | > {probe_.get('seconds', 0):.0f} s (no answer) | – | – | {rows_s}"
    return f"{r['rps']:,.1f} | {_ms(r['p50'])} | {_ms(r['p99'])} | {r['errors']} | {rows_s}"


def _ratio(r: dict, v: dict | None) -> str:  # type: ignore[type-arg]
    if not v or "requests" not in v or "requests" not in r or not v["p50"]:
        return "–"
    return f"{r['p50'] / v['p50']:.1f}×"


def _extrapolation(results: dict[int, dict[str, dict]]) -> list[str]:  # type: ignore[type-arg]
    done = [n for n in sorted(results) if results[n].get("disk") and results[n].get("build")]
    if not done:
        return []
    n = done[-1]
    d, b = results[n]["disk"], results[n]["build"]
    target = 250_000_000
    per_triple = sum(v["bytes"] for v in d["parts"].values()) / d["triples"]
    scale = target / d["triples"]
    lines = ["", "## Extrapolation to 250 M triples (an extrapolation, not a measurement)", "",
             f"Linear from the largest size measured ({n:,} documents, {d['triples']:,} triples): × {scale:,.0f}.", "",
             "| part | measured MB | B/triple | at 250 M triples |", "|---|---|---|---|"]
    for p in (*PARTS, "rest"):
        by = d["parts"][p]["bytes"]
        lines.append(f"| {p} | {_mb(by)} | {by / d['triples']:.0f} | {by * scale / 1e9:,.0f} GB |")
    lines.append(f"| **all in** | {_mb(per_triple * d['triples'])} | {per_triple:.0f} | **{per_triple * target / 1e9:,.0f} GB** |")
    lines += ["", f"Build: {b['wall']:.0f} s for {d['triples']:,} triples → {b['wall'] * scale / 3600:,.1f} h at 250 M triples "
              f"on this machine at this rate ({d['triples'] / b['wall']:,.0f} triples/s, load {b['load_before']:.1f}).", ""]
    if len(done) > 1:
        m0 = done[0]
        b0 = results[m0]["build"]
        lines += [f"Build rate from {m0:,} to {n:,} documents: {b0['sources'] / b0['wall']:.1f} → {b['sources'] / b['wall']:.1f} docs/s; "
                  f"CPU per document {(b0['cpu_main'] + b0['cpu_workers']) / b0['sources'] * 1000:.1f} → "
                  f"{(b['cpu_main'] + b['cpu_workers']) / b['sources'] * 1000:.1f} ms (a rate that falls with size would make "
                  "the linear figure optimistic).", ""]
    return lines


# ---------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000", help="documents per size, comma-separated")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / ".scale", help="stage results and datasets")
    ap.add_argument("--force", action="store_true", help="rerun the --stages whose result is saved")
    ap.add_argument("--stages", default=",".join(STAGES), help="stages to run (the others' saved results are reported)")
    ap.add_argument("--max-minutes", type=float, default=600,
                    help="start no stage, and no latency row, after this many minutes")
    ap.add_argument("--stage-timeout", type=float, default=7200, help="seconds for one build, bulk load or server start")
    ap.add_argument("--seconds", type=float, default=10, help="wrk duration of a latency row")
    ap.add_argument("--row-cap", type=float, default=120, help="longest latency row (a slow query), seconds")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--virtuoso-buffers", type=int, default=340_000, help="NumberOfBuffers (8 kB each)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-scale.md")
    ap.add_argument("--keep", action="store_true", help="keep each size's texts and dataset (default: remove after)")
    args = ap.parse_args()
    args.sizes = [int(x) for x in args.sizes.split(",")]
    args.work = args.work.resolve()
    wanted = args.stages.split(",")
    if shutil.which("wrk") is None:
        raise SystemExit("bench/scale.py needs wrk (Debian: apt-get install wrk)")
    args.work.mkdir(parents=True, exist_ok=True)
    mach = machine()
    deadline = args.deadline = time.monotonic() + args.max_minutes * 60  # also ends a latency stage's rows
    results: dict[int, dict[str, dict]] = {}  # type: ignore[type-arg]
    for size in args.sizes:
        d = args.work / str(size)
        d.mkdir(exist_ok=True)
        results[size] = {}
        for name, fn in STAGES.items():
            saved = d / f"{name}.json"
            if saved.exists() and (not args.force or name not in wanted):
                results[size][name] = json.loads(saved.read_text())
                if not results[size][name].get("rows", {}).get("_skipped") or name not in wanted:
                    continue
                log(f"{size} {name}: rows left out by --max-minutes last time, running the stage again")
            if name not in wanted:
                continue
            if time.monotonic() > deadline:
                log(f"{size} {name}: not started (--max-minutes {args.max_minutes:g}); rerun to continue")
                continue
            needs = {"build": "src", "disk": "ds", "cold": "ds", "latency": "ds", "virtuoso": "ds"}.get(name)
            if needs and not (d / needs).exists():
                if name == "build" or not (d / "src").exists():
                    log(f"{size} {name}: regenerating the texts first")
                    stage_texts(size, args.work, args)
                if name != "build":
                    log(f"{size} {name}: rebuilding the dataset first (not measured)")
                    stage_build(size, args.work, args)
            log(f"{size} {name} …")
            t0 = time.monotonic()
            try:
                r = fn(size, args.work, args)
            except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
                log(f"{size} {name} failed: {exc}")
                results[size][name + "_error"] = {"error": str(exc)[:2000]}
                continue
            r["stage_seconds"] = time.monotonic() - t0
            saved.write_text(json.dumps(r, indent=1))
            results[size][name] = r
            log(f"{size} {name}: done in {r['stage_seconds']:.0f} s")
        if not args.keep and all((d / f"{s}.json").exists() for s in STAGES):
            for sub in ("src", "ds", *[p.name for p in d.glob(".ds.*")]):
                p = d / sub
                if p.is_symlink():
                    p.unlink()
                elif p.exists():
                    shutil.rmtree(p)
    text = report(args, results, mach)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "_build":
        print(json.dumps(run_build(json.loads(sys.argv[2]))))
    else:
        main()
