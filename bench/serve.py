"""Benchmark ``lod serve`` on a 1 M-triple store against a plain rdflib graph behind the same app.

Run:  python bench/serve.py [--source DIR | --dataset DIR] [--triples 1000000] [--seconds 10] [--soak 30]

1. Synthesises a dataset of ``--triples`` triples by replicating a built dataset
   (``--source``; default: the hand-made test dataset) with fresh work IRIs and
   symbols (``--dataset`` reuses one synthesised earlier).
2. Starts two servers on loopback, each a real uvicorn process running the same
   ``create_app``: one with the default pyoxigraph worker pool, one whose SPARQL backend
   is an rdflib ``Dataset`` (the naive way).
3. For each competency query, ``wrk`` (Debian ``wrk``, a C load generator) keeps 1, then 8,
   keep-alive connections busy for ``--seconds``; every request names another replica's
   symbol, taken in turn from all of them, so no cache can make a figure. Records
   requests/s, p50, p99, errors, the server's CPU time per request (its own and its query
   workers') and the load average. The two indexed look-ups are measured again with the
   previous generator (8 Python client processes), for comparison.
4. Dereferencing (Turtle, HTML, ``/id``) on the pyoxigraph server, and a ``--soak`` seconds
   mixed run (queries + pages) that must give 0 errors.

Writes bench/results-serve.md.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize  # noqa: E402

from lod.sparql.formats import Format  # noqa: E402
from lod.sparql.query import QueryAnswer, QueryRequest  # noqa: E402
from lod.sparql.results import write_boolean, write_rows  # noqa: E402
from lod.serve.catalogue import local_name, split_expression  # noqa: E402
from lod.sparql.store import read_manifest  # noqa: E402

P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lod: <https://w3id.org/un-lod/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Competency queries (docs/queries/); "{i}" is the replica of the synthesised store, varied per request.
QUERIES = {
    "resolution lookup by symbol": P + 'SELECT ?work ?expr ?title WHERE { ?work dcterms:identifier "A/RES/74/176-x{i}" ; '
                                       "eli:is_realized_by ?expr . ?expr eli:title ?title }",
    "resolutions citing X": P + 'SELECT DISTINCT ?citing WHERE { ?cited dcterms:identifier "S/RES/2331 (2016)-x{i}" . ?citing eli:cites ?cited }',
    "points of paragraph 13, in order (CQ2)": P + """SELECT ?num ?text WHERE {
  ?work dcterms:identifier "CTOC/COP/2020/L.6/Rev.1-x{i}" ; eli:has_part ?para .
  ?para a lod:OperativeParagraph ; eli:number "13" ; eli:has_part ?point .
  ?point eli:number ?num ; lod:position ?pos ; eli:is_realized_by/lod:text ?text .
} ORDER BY ?pos""",
    "CONSTRUCT one resolution": P + 'CONSTRUCT { ?s ?p ?o } WHERE { ?work dcterms:identifier "A/RES/74/176-x{i}" ; '
                                    "eli:is_realized_by ?expr . GRAPH ?expr { ?s ?p ?o } }",
    "opening phrases over all paragraphs (GROUP BY)": P + "SELECT ?phrase (COUNT(?unit) AS ?n) WHERE { ?unit lod:phrase/skos:prefLabel ?phrase } "
                                                          "GROUP BY ?phrase ORDER BY DESC(?n) LIMIT 20",
    "CONTAINS over all paragraph texts": P + 'SELECT (COUNT(?unit) AS ?n) WHERE { ?unit lod:text ?t FILTER(CONTAINS(?t, "Trust Fund")) }',
}
LOOKUPS = ("resolution lookup by symbol", "resolutions citing X")  # also measured with the old generator
HEAVY_SECONDS = 2.0  # a backend whose single query takes longer is measured with one client only
EXPRESSION = "akn/un/statement/deliberation/un-ga/2019-12-18/74-176-x{i}/eng@"

Request = tuple[str, str, dict[str, str]]  # method, path, headers


# ---------------------------------------------------------------- synthesis
def synthesise(source: Path, out: Path, triples: int) -> Path:
    """Replicate ``source`` (a built dataset) until it holds about ``triples`` triples."""
    info = read_manifest(source)
    with gzip.open(source / "dumps" / "lod.nq.gz", "rb") as fh:
        quads = list(parse(fh, format=RdfFormat.N_QUADS))
    works = sorted({split_expression(g.iri)[0] for g in info.graphs if split_expression(g.iri)}, key=len, reverse=True)
    copies = max(1, triples // len(quads))

    def rename(term: object, i: int) -> object:
        if isinstance(term, NamedNode):
            for w in works:
                if term.value.startswith(w):
                    return NamedNode(f"{w}-x{i}{term.value[len(w):]}")
        return term

    (out / "dumps").mkdir(parents=True)
    graphs = []
    with gzip.open(out / "dumps" / "lod.nq.gz", "wb", compresslevel=1) as fh, gzip.open(out / "dumps" / "lod.ttl.gz", "wb", compresslevel=1) as union:
        for i in range(copies):
            batch = []
            for q in quads:
                o = q.object
                if isinstance(o, Literal) and local_name(q.predicate.value) == "identifier":
                    o = Literal(f"{o.value}-x{i}")
                else:
                    o = rename(o, i)
                batch.append(Quad(rename(q.subject, i), q.predicate, o, rename(q.graph_name, i)))  # type: ignore[arg-type]
            serialize(batch, fh, format=RdfFormat.N_QUADS)
            serialize({q.triple for q in batch}, union, format=RdfFormat.TURTLE)  # the union dump of docs/layout.md
            graphs += [{"iri": rename(NamedNode(g.iri), i).value, "symbol": f"{g.symbol}-x{i}", "language": g.language,  # type: ignore[union-attr]
                        "triples": g.triples} for g in info.graphs]
    manifest = {"format": 1, "base": info.base, "built": info.built, "generator": "bench/serve.py", "graphs": graphs, "files": []}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out


def replicas(root: Path) -> int:
    """How many replicas ``synthesise`` wrote (the symbols end in ``-x0`` … ``-x{n-1}``)."""
    graphs = json.loads((root / "manifest.json").read_text())["graphs"]
    return len({g["symbol"].rpartition("-x")[2] for g in graphs if g.get("symbol")})


# ---------------------------------------------------------------- the naive backend
def _ox(term: object) -> object:
    """An rdflib term as a pyoxigraph term (what lod.sparql.results writes)."""
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return Literal(str(term), language=term.language)
    return Literal(str(term), datatype=NamedNode(str(term.datatype))) if term.datatype else Literal(str(term))


class RdflibBackend:
    """The naive way: an rdflib Dataset in the server process, no time limit."""

    def __init__(self, root: Path) -> None:
        import rdflib

        # rdflib's SPARQL parser (pyparsing) is not thread-safe: concurrent queries fail with
        # TypeError inside pyparsing, so the naive backend runs one query at a time.
        self.lock = threading.Lock()
        self.ds = rdflib.Dataset(default_union=True)
        with gzip.open(root / "dumps" / "lod.nq.gz", "rb") as fh:
            self.ds.parse(fh, format="nquads")

    def query(self, request: QueryRequest) -> QueryAnswer:
        with self.lock:
            result = self.ds.query(request.sparql)
            if result.type == "ASK":
                return QueryAnswer(write_boolean(request.fmt, bool(result.askAnswer)), request.fmt, 1)
            if result.type == "SELECT":
                variables = [str(v) for v in result.vars]  # type: ignore[union-attr]
                rows = [tuple(_ox(t) for t in row) for row in result][: request.max_rows + 1]  # type: ignore[union-attr]
                truncated = len(rows) > request.max_rows
                rows = rows[: request.max_rows]
                return QueryAnswer(write_rows(request.fmt, variables, rows, truncated=truncated), request.fmt, len(rows), truncated)
            triples = [Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in result][: request.max_rows]  # type: ignore[arg-type,misc]
            return QueryAnswer(serialize(triples, format=Format.from_name(request.fmt).rdf) or b"", request.fmt, len(triples))

    def close(self) -> None:
        pass


def run_rdflib_server(root: Path, port: int) -> None:
    import uvicorn

    from lod.serve.app import ServerConfig, create_app
    from lod.serve.sparql import Limits

    app = create_app(ServerConfig(root=root, limits=Limits(timeout=600, max_rows=10_000), backend=RdflibBackend(root)))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# ---------------------------------------------------------------- measuring the servers
def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time (user + system) of ``pid`` itself and of its live children (the query workers), from /proc (Linux)."""
    own = children = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if stat.parent.name == str(pid):
            own += seconds
        elif int(fields[1]) == pid:
            children += seconds
    return own, children


@dataclass
class Figures:
    """One measured row: throughput, latency, errors, the server's CPU per request, the load."""

    requests: int
    rps: float
    p50: float  # ms
    p99: float  # ms
    errors: int
    cpu_server: float  # ms of the server process's CPU per request (HTTP, app, talking to workers)
    cpu_workers: float  # ms of its query workers' CPU per request
    load: float  # 1-minute load average at the end
    clients: int

    @property
    def cpu(self) -> float:
        return self.cpu_server + self.cpu_workers


Generator = Callable[[str, list[Request], float, int], tuple[int, float, float, float, int]]


class Measured:
    """Runs a load generator against one server process and reads its CPU time around the run."""

    def __init__(self, url: str, pid: int) -> None:
        self.url, self.pid = url, pid

    def settle(self, timeout: float = 120.0) -> None:
        """Wait until the server is idle: requests still queued when a generator stops keep its workers busy."""
        deadline = time.monotonic() + timeout
        last = sum(cpu_seconds(self.pid))
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = sum(cpu_seconds(self.pid))
            if now - last < 0.05:
                return
            last = now

    def warm(self, requests: list[Request]) -> None:
        """One request of the kind first, so that the row does not measure the store being read from disk."""
        import httpx

        method, path, headers = requests[0]
        httpx.request(method, self.url.rstrip("/") + path, headers=headers, timeout=600)

    def run(self, generate: Generator, requests: list[Request], seconds: float, clients: int) -> Figures:
        self.settle()
        own0, kids0 = cpu_seconds(self.pid)
        n, rps, p50, p99, errors = generate(self.url, requests, seconds, clients)
        own1, kids1 = cpu_seconds(self.pid)
        per = 1000 / max(n, 1)
        return Figures(n, rps, p50, p99, errors, (own1 - own0) * per, (kids1 - kids0) * per, os.getloadavg()[0], clients)


LUA = """
local reqs = {%s}
local n = 0
setup = function(thread) n = n + 1; thread:set("offset", n * 7919) end
init = function(args) counter = offset or 0 end
request = function()
  counter = counter + 1
  local r = reqs[(counter %% #reqs) + 1]
  return wrk.format(r[1], r[2], r[3])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration, latency:percentile(50),
                         latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(url: str, requests: list[Request], seconds: float, clients: int) -> tuple[int, float, float, float, int]:
    """``wrk`` with ``clients`` keep-alive connections, cycling through ``requests``; (n, req/s, p50 ms, p99 ms, errors).

    wrk counts as errors failed connections, reads, writes, timeouts and statuses ≥ 400 (a 303 is an answer).
    """
    entries = ",".join("{%s,%s,{%s}}" % (_lua_string(m), _lua_string(p), ",".join(f"[{_lua_string(k)}]={_lua_string(v)}" for k, v in h.items()))
                       for m, p, h in requests)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % entries)
    try:
        out = subprocess.run(["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "120s",
                              "-s", fh.name, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(fh.name)
    n, duration_us, p50_us, p99_us, errors = map(int, next(line for line in out.splitlines() if line.startswith("WRK ")).split()[1:])
    return n, n / (duration_us / 1e6), p50_us / 1000, p99_us / 1000, errors


def _client(args: tuple[str, list[Request], float, int]) -> tuple[list[float], int]:
    url, requests, seconds, offset = args
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=900)
    latencies, errors, n = [], 0, offset * 7919
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        method, path, headers = requests[n % len(requests)]
        n += 1
        started = time.perf_counter()
        try:
            conn.request(method, path, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status not in (200, 303):
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=900)
        latencies.append(time.perf_counter() - started)
    conn.close()
    return latencies, errors


def python_clients(url: str, requests: list[Request], seconds: float, clients: int) -> tuple[int, float, float, float, int]:
    """The previous generator: ``clients`` Python processes with http.client, keep-alive; same result shape as :func:`wrk`."""
    with mp.get_context("spawn").Pool(clients) as pool:
        started = time.monotonic()
        results = pool.map(_client, [(url, requests, seconds, i) for i in range(clients)])
        elapsed = time.monotonic() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [latencies[0]] * 99
    return len(latencies), len(latencies) / min(elapsed, seconds + 1), statistics.median(latencies) * 1000, q[98] * 1000, sum(e for _, e in results)


def sparql_get(query: str, accept: str = "application/sparql-results+json") -> Request:
    return ("GET", "/sparql?" + urlencode({"query": query}), {"Accept": accept})


def varied(template: str, n: int) -> list[str]:
    """``template`` for each of the ``n`` replicas (once when it names none)."""
    return [template.replace("{i}", str(i)) for i in range(n)] if "{i}" in template else [template]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 600) -> None:  # type: ignore[type-arg]
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError("server did not start")


def http_parser() -> str:
    try:
        import httptools  # noqa: F401
    except ImportError:
        return "h11 (pure Python; httptools is not installed)"
    return "httptools"


# ---------------------------------------------------------------- the run
def start_servers(root: Path, with_rdflib: bool) -> tuple[dict[str, Measured], list[subprocess.Popen], dict[str, float]]:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    port = 18700
    commands = {"pyoxigraph": [sys.executable, "-m", "lod", "serve", str(root), "--port", str(port), "--workers", "2", "--timeout", "30"]}
    if with_rdflib:
        commands["rdflib"] = [sys.executable, __file__, "--serve-rdflib", str(root), str(port + 1)]
    servers, procs, startup = {}, [], {}
    for k, (name, cmd) in enumerate(commands.items()):
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env)
        procs.append(proc)
        url = f"http://127.0.0.1:{port + k}/"
        wait_for(url, proc)
        startup[name] = time.monotonic() - t0
        servers[name] = Measured(url, proc.pid)
        print(f"{name} server up in {startup[name]:.1f}s", flush=True)
    return servers, procs, startup


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, help="a built dataset to replicate (default: the test dataset)")
    ap.add_argument("--dataset", type=Path, help="a dataset synthesised by an earlier run (skips synthesis)")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=10.0, help="per query, server and client count")
    ap.add_argument("--soak", type=float, default=30.0, help="mixed run on the pyoxigraph server")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-serve.md")
    ap.add_argument("--no-rdflib", action="store_true")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/serve.py needs wrk (Debian: apt-get install wrk)")

    t_synth = 0.0
    if args.dataset:
        root = args.dataset
    else:
        work = Path(tempfile.mkdtemp(prefix="lod-bench-serve-"))
        source = args.source
        if source is None:
            sys.path.insert(0, str(REPO / "tests"))
            from serve_fixtures import build_test_dataset

            source = build_test_dataset(work / "source")
        t0 = time.monotonic()
        root = synthesise(source, work / "dataset", args.triples)
        t_synth = time.monotonic() - t0
    n_quads = sum(g["triples"] for g in json.loads((root / "manifest.json").read_text())["graphs"])
    n_rep = replicas(root)
    print(f"{n_quads:,} quads, {n_rep} replicas (synthesised in {t_synth:.1f}s)", flush=True)
    load_start = os.getloadavg()[0]

    servers, procs, startup = start_servers(root, not args.no_rdflib)
    ox = servers["pyoxigraph"]
    rows = []
    try:
        for name, template in QUERIES.items():
            accept = "text/turtle" if "CONSTRUCT {" in template else "application/sparql-results+json"
            reqs = [sparql_get(q, accept) for q in varied(template, n_rep)]
            figures: dict[str, tuple[Figures, Figures]] = {}
            for backend, server in servers.items():
                server.warm(reqs)
                one = server.run(wrk, reqs, min(5.0, args.seconds), 1)
                # 8 clients queued behind rdflib's one-query-at-a-time lock would take minutes: one client then
                heavy = one.requests < 5 or one.p50 > HEAVY_SECONDS * 1000
                many = server.run(wrk, reqs, max(args.seconds, 20.0) if heavy else args.seconds, 1 if heavy else 8)
                figures[backend] = (one, many)
                print(name, backend, one, many, flush=True)
            old = {backend: server.run(python_clients, reqs, args.seconds, 8) for backend, server in servers.items()} if name in LOOKUPS else {}
            for backend, f in old.items():
                print(name, backend, "old generator", f, flush=True)
            rows.append((name, figures, old))
        deref = {
            "dereference resolution (Turtle)": [("GET", "/" + e, {"Accept": "text/turtle"}) for e in varied(EXPRESSION, n_rep)],
            "resolution page (HTML)": [("GET", "/" + e, {"Accept": "text/html"}) for e in varied(EXPRESSION, n_rep)],
            "symbol resolver /id (303)": [("GET", f"/id?symbol=A/RES/74/176-x{i}", {}) for i in range(n_rep)],
        }
        for reqs in deref.values():
            ox.warm(reqs)
        deref_rows = [(name, ox.run(wrk, reqs, args.seconds, 8)) for name, reqs in deref.items()]
        for r in deref_rows:
            print(*r, flush=True)
        lookups = [sparql_get(q) for name in LOOKUPS for q in varied(QUERIES[name], n_rep)]
        mixed = [r for group in zip(lookups, *(reqs * 2 for reqs in deref.values())) for r in group]
        soak = ox.run(wrk, mixed, args.soak, 8)
        print("soak", soak, flush=True)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(30)
    write_report(args, n_quads, n_rep, rows, deref_rows, soak, t_synth, startup, load_start)


def _p50(f: Figures) -> str:
    return f"{f.p50:.1f}" if f.requests else "> 5000 (no answer in 5 s)"


def write_report(args: argparse.Namespace, n_quads: int, n_rep: int, rows: list, deref_rows: list, soak: Figures,  # type: ignore[type-arg]
                 t_synth: float, startup: dict[str, float], load_start: float) -> None:
    source = "`" + str(args.source) + "`" if args.source else "a `lod build` of the test sources (the seed, S/RES/2331 (2016), A/RES/74/176 en+fr)"
    made = f"synthesised in {t_synth:.0f} s by replicating {source} {n_rep} times" if not args.dataset else f"{n_rep} replicas of {source}, synthesised earlier"
    lines = [
        "# `lod serve` benchmark",
        "",
        f"Generated by `python bench/serve.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, uvicorn with {http_parser()}. Store: {n_quads:,} quads ({made}, with fresh work IRIs and symbols). "
        "Both servers are the same `create_app` under uvicorn; only the SPARQL backend differs: pyoxigraph in a pool of 2 killable "
        "worker processes vs an rdflib `Dataset` in the server process (the naive way, no time limit). "
        f"Start-up: pyoxigraph {startup.get('pyoxigraph', 0):.0f} s ({'the store loaded by an earlier run' if args.dataset else 'loading the store from the dump'}), "
        f"rdflib {startup.get('rdflib', 0):.0f} s (parsing the dump into memory).",
        "",
        f"Load generator: `wrk` (C), keep-alive connections, {args.seconds:g} s per row (5 s for the 1-client column). Every request "
        f"names another replica's symbol, in turn over all {n_rep}, so the figures are **uncached**: the server has no result cache "
        "(a repeated GET can get a 304 from its `ETag`, but only if the client sends `If-None-Match`, which wrk does not). "
        "The machine's 2 cores are shared with the load generator and with other jobs: `load` is the 1-minute load average at the "
        f"end of the row (it was {load_start:.1f} at the start). `CPU ms/req` is the server's own CPU time per request plus its query "
        "workers' (pyoxigraph) — the cost of a request whatever else runs on the machine.",
        "",
        "## SPARQL competency queries",
        "",
        "8 concurrent connections, except the 1-client p50 (one connection, requests one after another: the latency floor).",
        "",
        "| query | pyoxigraph req/s | p50 ms | p99 ms | p50 ms (1 client) | CPU ms/req (server + workers) | rdflib req/s | p50 ms | p99 ms "
        "| p50 ms (1 client) | CPU ms/req | req/s ratio | errors (ox / rdflib) | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, figures, _ in rows:
        (o1, o), rdf = figures["pyoxigraph"], figures.get("rdflib")
        ours = f"| {name} | {o.rps:.0f} | {o.p50:.1f} | {o.p99:.1f} | {_p50(o1)} | {o.cpu:.2f} ({o.cpu_server:.2f} + {o.cpu_workers:.2f}) "
        if rdf:
            r1, r = rdf
            star = " (1 client¹)" if r.clients == 1 else ""
            lines.append(ours + f"| {r.rps:.1f}{star} | {r.p50:.1f} | {r.p99:.1f} | {_p50(r1)} | {r.cpu:.2f} | {o.rps / r.rps:.0f}× "
                         f"| {o.errors} / {r.errors} | {o.load:.1f} / {r.load:.1f} |")
        else:
            lines.append(ours + f"| – | – | – | – | – | – | {o.errors} | {o.load:.1f} |")
    lines += ["", f"¹ A single query takes about a second or more there (fewer than 5 answers in 5 s, or a p50 over {HEAVY_SECONDS:g} s); 8 clients queued behind rdflib's one-query-at-a-time lock "
              "would take minutes, so that row is one client for 20 s (rdflib answers one query at a time anyway)."]
    old_rows = [(name, old) for name, _, old in rows if old]
    if old_rows:
        lines += ["", "## The same look-ups with the previous load generator", "",
                  "8 Python client processes (`http.client`, keep-alive) on the same 2 cores as the servers, same varied requests. "
                  "Their own CPU (≈1 ms per request) competes with the server's, which caps the faster server's figure; "
                  "wrk costs a few µs per request.", "",
                  "| query | pyoxigraph req/s | p50 ms | p99 ms | rdflib req/s | p50 ms | req/s ratio | load |", "|---|---|---|---|---|---|---|---|"]
        for name, old in old_rows:
            o, r = old["pyoxigraph"], old.get("rdflib")
            rest = f"{r.rps:.1f} | {r.p50:.1f} | {o.rps / r.rps:.0f}×" if r else "– | – | –"
            lines.append(f"| {name} | {o.rps:.0f} | {o.p50:.1f} | {o.p99:.1f} | {rest} | {o.load:.1f} |")
    lines += ["", "## Linked Data (pyoxigraph server, 8 connections)", "",
              "| request | req/s | p50 ms | p99 ms | CPU ms/req | errors | load |", "|---|---|---|---|---|---|---|"]
    for name, f in deref_rows:
        lines.append(f"| {name} | {f.rps:.0f} | {f.p50:.1f} | {f.p99:.1f} | {f.cpu:.2f} | {f.errors} | {f.load:.1f} |")
    lines += ["", f"## Soak: 8 connections, {args.soak:g} s, mixed queries and pages", "",
              f"{soak.requests} requests (look-ups, resolutions citing X, Turtle, HTML, `/id`, each naming another replica), "
              f"{soak.rps:.0f} req/s, p50 {soak.p50:.1f} ms, p99 {soak.p99:.1f} ms, **{soak.errors} errors** (load {soak.load:.1f}).", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-rdflib":
        run_rdflib_server(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
