"""Benchmark ``lod serve`` on a 1 M-triple store against a plain rdflib graph behind the same app.

Run:  python bench/serve.py [--source DIR] [--triples 1000000] [--seconds 10] [--soak 30]

1. Synthesises a dataset of ``--triples`` triples by replicating a built dataset
   (``--source``; default: the hand-made test dataset) with fresh work IRIs and symbols.
2. Starts two servers on loopback, each a real uvicorn process running the same
   ``create_app``: one with the default pyoxigraph worker pool, one whose SPARQL backend
   is an rdflib ``Dataset`` (the naive way).
3. For each competency query, 8 concurrent clients (separate processes, keep-alive)
   hammer ``/sparql`` for ``--seconds``; records requests/s, p50, p99 and errors.
4. Dereferencing (Turtle and HTML of one resolution) on the pyoxigraph server, and a
   ``--soak`` seconds mixed run (queries + pages) that must give 0 errors.

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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize  # noqa: E402

from lod.query import QueryAnswer, QueryRequest  # noqa: E402
from lod.server.catalogue import local_name, split_expression  # noqa: E402
from lod.store import read_manifest  # noqa: E402

P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lod: <https://w3id.org/un-lod/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Competency queries (docs/queries/), pointed at one replica ("-x7") of the synthesised store.
QUERIES = {
    "resolution lookup by symbol": P + 'SELECT ?work ?expr ?title WHERE { ?work dcterms:identifier "A/RES/74/176-x7" ; '
                                       "eli:is_realized_by ?expr . ?expr eli:title ?title }",
    "resolutions citing X": P + 'SELECT DISTINCT ?citing WHERE { ?cited dcterms:identifier "S/RES/2331 (2016)-x7" . ?citing eli:cites ?cited }',
    "points of paragraph 13, in order (CQ2)": P + """SELECT ?num ?text WHERE {
  ?work dcterms:identifier "CTOC/COP/2020/L.6/Rev.1-x7" ; eli:has_part ?para .
  ?para a lod:OperativeParagraph ; eli:number "13" ; eli:has_part ?point .
  ?point eli:number ?num ; lod:position ?pos ; eli:is_realized_by/lod:text ?text .
} ORDER BY ?pos""",
    "CONSTRUCT one resolution": P + 'CONSTRUCT { ?s ?p ?o } WHERE { ?work dcterms:identifier "A/RES/74/176-x7" ; '
                                    "eli:is_realized_by ?expr . GRAPH ?expr { ?s ?p ?o } }",
    "opening phrases over all paragraphs (GROUP BY)": P + "SELECT ?phrase (COUNT(?unit) AS ?n) WHERE { ?unit lod:phrase/skos:prefLabel ?phrase } "
                                                          "GROUP BY ?phrase ORDER BY DESC(?n) LIMIT 20",
    "CONTAINS over all paragraph texts": P + 'SELECT (COUNT(?unit) AS ?n) WHERE { ?unit lod:text ?t FILTER(CONTAINS(?t, "Trust Fund")) }',
}
HEAVY_SECONDS = 2.0  # a backend whose single query takes longer is measured with one client only


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


# ---------------------------------------------------------------- the naive backend
class RdflibBackend:
    """The naive way: an rdflib Dataset in the server process, no time limit."""

    def __init__(self, root: Path) -> None:
        import rdflib

        import threading

        # rdflib's SPARQL parser (pyparsing) is not thread-safe: concurrent queries fail with
        # TypeError inside pyparsing, so the naive backend runs one query at a time.
        self.lock = threading.Lock()
        self.ds = rdflib.Dataset(default_union=True)
        with gzip.open(root / "dumps" / "lod.nq.gz", "rb") as fh:
            self.ds.parse(fh, format="nquads")

    def query(self, request: QueryRequest) -> QueryAnswer:
        from pyoxigraph import BlankNode, Literal as OxLiteral, NamedNode as OxNamedNode, Triple

        from lod.results import write_boolean, write_rows

        def ox(term: object) -> object:
            import rdflib

            if term is None:
                return None
            if isinstance(term, rdflib.URIRef):
                return OxNamedNode(str(term))
            if isinstance(term, rdflib.BNode):
                return BlankNode(str(term))
            assert isinstance(term, rdflib.Literal)
            if term.language:
                return OxLiteral(str(term), language=term.language)
            return OxLiteral(str(term), datatype=OxNamedNode(str(term.datatype))) if term.datatype else OxLiteral(str(term))

        with self.lock:
            result = self.ds.query(request.sparql)
            return self._answer(result, request, ox)

    def _answer(self, result, request: QueryRequest, ox) -> QueryAnswer:  # type: ignore[no-untyped-def]
        from pyoxigraph import Triple

        from lod.results import write_boolean, write_rows

        if result.type == "ASK":
            return QueryAnswer(write_boolean(request.fmt, bool(result.askAnswer)), request.fmt, 1)
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [tuple(ox(t) for t in row) for row in result][: request.max_rows + 1]
            truncated = len(rows) > request.max_rows
            return QueryAnswer(write_rows(request.fmt, variables, rows[: request.max_rows], truncated=truncated), request.fmt, len(rows), truncated)
        triples = [Triple(ox(s), ox(p), ox(o)) for s, p, o in result][: request.max_rows]  # type: ignore[arg-type]
        from lod.formats import Format

        return QueryAnswer(serialize(triples, format=Format.from_name(request.fmt).rdf) or b"", request.fmt, len(triples))

    def close(self) -> None:
        pass


def run_rdflib_server(root: Path, port: int) -> None:
    import uvicorn

    from lod.server.app import ServerConfig, create_app
    from lod.server.sparql import Limits

    app = create_app(ServerConfig(root=root, limits=Limits(timeout=600, max_rows=10_000), backend=RdflibBackend(root)))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# ---------------------------------------------------------------- load generation
def _client(args: tuple[str, list[tuple[str, str, dict[str, str]]], float, int]) -> tuple[list[float], int]:
    url, requests, seconds, offset = args
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=900)
    latencies, errors, n = [], 0, offset
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


def hammer(url: str, requests: list[tuple[str, str, dict[str, str]]], seconds: float, clients: int = 8) -> dict[str, float]:
    with mp.get_context("spawn").Pool(clients) as pool:
        started = time.monotonic()
        results = pool.map(_client, [(url, requests, seconds, i) for i in range(clients)])
        elapsed = time.monotonic() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [latencies[0]] * 99
    return {"requests": len(latencies), "rps": len(latencies) / min(elapsed, seconds + 1), "p50": statistics.median(latencies) * 1000,
            "p99": q[98] * 1000, "errors": errors}


def sparql_get(query: str, accept: str = "application/sparql-results+json") -> tuple[str, str, dict[str, str]]:
    return ("GET", "/sparql?" + urlencode({"query": query}), {"Accept": accept})


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, help="a built dataset to replicate (default: the test dataset)")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=10.0, help="per query and server")
    ap.add_argument("--soak", type=float, default=30.0, help="mixed run on the pyoxigraph server")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-serve.md")
    ap.add_argument("--no-rdflib", action="store_true")
    args = ap.parse_args()

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
    print(f"synthesised {n_quads:,} quads in {t_synth:.1f}s", flush=True)

    servers: dict[str, tuple[str, subprocess.Popen]] = {}  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.monotonic()
    port = 18700
    ox_proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(root), "--port", str(port), "--workers", "2", "--timeout", "30"],
                               cwd=REPO, env=env)
    servers["pyoxigraph"] = (f"http://127.0.0.1:{port}/", ox_proc)
    wait_for(servers["pyoxigraph"][0], ox_proc)
    t_ox_start = time.monotonic() - t0
    print(f"pyoxigraph server up in {t_ox_start:.1f}s (includes loading the store)", flush=True)
    t_rdf_start = 0.0
    if not args.no_rdflib:
        t0 = time.monotonic()
        rdf_proc = subprocess.Popen([sys.executable, __file__, "--serve-rdflib", str(root), str(port + 1)], cwd=REPO, env=env)
        servers["rdflib"] = (f"http://127.0.0.1:{port + 1}/", rdf_proc)
        wait_for(servers["rdflib"][0], rdf_proc)
        t_rdf_start = time.monotonic() - t0
        print(f"rdflib server up in {t_rdf_start:.1f}s", flush=True)

    rows = []
    try:
        for name, query in QUERIES.items():
            accept = "text/turtle" if query.lstrip().split("\n")[-1].startswith("CONSTRUCT") or "CONSTRUCT" in query else "application/sparql-results+json"
            figures = {}
            for backend, (url, _) in servers.items():
                single = hammer(url, [sparql_get(query, accept)], min(3.0, args.seconds), clients=1)
                if single["p50"] > HEAVY_SECONDS * 1000:  # 8 clients queued behind one lock would take minutes
                    figures[backend] = {**single, "single_p50": single["p50"], "clients": 1}
                else:
                    figures[backend] = {**hammer(url, [sparql_get(query, accept)], args.seconds), "single_p50": single["p50"], "clients": 8}
                print(name, backend, figures[backend], flush=True)
            rows.append((name, figures))
        ox_url = servers["pyoxigraph"][0]
        expr = "akn/un/statement/deliberation/un-ga/2019-12-18/74-176-x7/eng@"
        deref = {
            "dereference resolution (Turtle)": [("GET", "/" + expr, {"Accept": "text/turtle"})],
            "resolution page (HTML)": [("GET", "/" + expr, {"Accept": "text/html"})],
            "symbol resolver /id (303)": [("GET", "/id?symbol=A/RES/74/176-x7", {})],
        }
        deref_rows = [(name, hammer(ox_url, reqs, args.seconds)) for name, reqs in deref.items()]
        for r in deref_rows:
            print(*r, flush=True)
        mixed = [sparql_get(QUERIES["resolution lookup by symbol"]), sparql_get(QUERIES["resolutions citing X"])] + [r for reqs in deref.values() for r in reqs]
        soak = hammer(ox_url, mixed, args.soak)
        print("soak", soak, flush=True)
    finally:
        for _, proc in servers.values():
            proc.terminate()
            proc.wait(30)

    write_report(args.out, n_quads, rows, deref_rows, soak, args, t_synth, t_ox_start, t_rdf_start)


def write_report(out: Path, n_quads: int, rows: list, deref_rows: list, soak: dict, args: argparse.Namespace,  # type: ignore[type-arg]
                 t_synth: float, t_ox: float, t_rdf: float) -> None:
    lines = [
        "# `lod serve` benchmark",
        "",
        f"Generated by `python bench/serve.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}. Store: {n_quads:,} quads "
        f"(synthesised in {t_synth:.0f} s by replicating {'`' + str(args.source) + '`' if args.source else 'a `lod build` of the test sources (the seed, S/RES/2331 (2016), A/RES/74/176 en+fr)'} "
        f"with fresh work IRIs and symbols). "
        f"8 concurrent keep-alive clients (separate processes, same machine) per row, {args.seconds:g} s per row. "
        f"Both servers are the same `create_app` under uvicorn; only the SPARQL backend differs: pyoxigraph in a pool of 2 "
        f"killable worker processes vs an rdflib `Dataset` in the server process (the naive way, no time limit). "
        f"Start-up: pyoxigraph {t_ox:.0f} s (loading the store from the dump), rdflib {t_rdf:.0f} s. "
        "The load generator runs on the same 2 cores as the servers, so the 8-client latencies include CPU contention "
        "with it; the 1-client column is the latency floor.",
        "",
        "## SPARQL competency queries",
        "",
        "p50 ms (1 client) is the median latency of one client sending requests one after another; the other figures are with",
        "8 concurrent clients.",
        "",
        "| query | pyoxigraph req/s | p50 ms | p99 ms | p50 ms (1 client) | rdflib req/s | p50 ms | p99 ms | p50 ms (1 client) | req/s ratio | errors (ox / rdflib) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, f in rows:
        o, r = f["pyoxigraph"], f.get("rdflib")
        if r:
            ratio = o["rps"] / r["rps"] if r["rps"] else float("inf")
            star = " (1 client¹)" if r.get("clients") == 1 else ""
            lines.append(f"| {name} | {o['rps']:.0f} | {o['p50']:.1f} | {o['p99']:.1f} | {o['single_p50']:.1f} | {r['rps']:.2f}{star} | {r['p50']:.1f} | "
                         f"{r['p99']:.1f} | {r['single_p50']:.1f} | {ratio:.0f}× | {o['errors']:.0f} / {r['errors']:.0f} |")
        else:
            lines.append(f"| {name} | {o['rps']:.0f} | {o['p50']:.1f} | {o['p99']:.1f} | {o['single_p50']:.1f} | – | – | – | – | – | {o['errors']:.0f} |")
    lines += ["", f"¹ A single query takes over {HEAVY_SECONDS:g} s there; 8 clients queued behind rdflib's one-query-at-a-time lock "
              "would take minutes, so that row is one client for the measuring time.",
              "", "## Linked Data (pyoxigraph server)", "", "| request | req/s | p50 ms | p99 ms | errors |", "|---|---|---|---|---|"]
    for name, f in deref_rows:
        lines.append(f"| {name} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {f['errors']:.0f} |")
    lines += ["", f"## Soak: 8 clients, {args.soak:g} s, mixed queries and pages", "",
              f"{soak['requests']:.0f} requests, {soak['rps']:.0f} req/s, p50 {soak['p50']:.1f} ms, p99 {soak['p99']:.1f} ms, "
              f"**{soak['errors']:.0f} errors**.", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-rdflib":
        run_rdflib_server(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
