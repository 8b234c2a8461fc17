"""Load and abuse: 8 normal clients while one abusive client runs each attack in turn, on a 1 M-quad store.

Run:  python bench/abuse.py [--dataset DIR] [--triples 1000000] [--seconds 60]

1. Synthesises a dataset of ``--triples`` quads (``bench/serve.py``'s replication of the test
   dataset; ``--dataset`` reuses one) and starts a real ``lod serve`` on loopback (2 workers).
2. Idle: 8 normal client processes (each a keep-alive connection) alternate a SPARQL look-up by
   symbol (another replica every request) and a resolution page, for ``--seconds``: p50, p99.
3. Then the same 8 clients again while one abusive client runs one attack for ``--seconds`` — the
   attacks of issue 18: SERVICE to a listener (SSRF), a chunked 500 MB POST body, CONCAT doubling,
   a sort over a cross product, deep nesting, an oversized and a slowly growing header, 1,000 slow
   connections (slowloris), two slow queries at once — and records the normal clients' p50/p99,
   their errors, the attacker's outcomes, the peak memory of the server and of its workers
   (RSS, sampled every 0.2 s), and whether the listener ever received a connection. The attacker
   connects from 127.0.0.2, each normal client from its own 127.0.1.x (the server's fairness is per address).

Writes bench/results-abuse.md. The target: normal p99 under 10× its idle value, 0 errors for
normal clients, memory under the bound ``docs/serve.md`` documents, no outbound connection.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from serve import EXPRESSION, P, replicas, synthesise, wait_for  # noqa: E402

HOST = "127.0.0.1"
#: The abusive client connects from another loopback address: the server tells clients apart by address.
ATTACKER = ("127.0.0.2", 0)


# ---------------------------------------------------------------- normal clients
def _normal(args: tuple[int, int, float, int]) -> tuple[list[float], int, Counter[str]]:
    port, seed, seconds, n_rep = args
    source = (f"127.0.1.{seed % 250 + 1}", 0)  # each normal client its own address, as on the internet
    conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=source)
    latencies: list[float] = []
    errors = 0
    codes: Counter[str] = Counter()
    i = seed
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        i += 1
        rep = i % n_rep
        if i % 2:
            q = P + f'SELECT ?work WHERE {{ ?work dcterms:identifier "A/RES/74/176-x{rep}" }}'
            path = "/sparql?" + urlencode({"query": q})
            headers = {"Accept": "application/sparql-results+json"}
        else:
            path = "/" + EXPRESSION.replace("{i}", str(rep))
            headers = {"Accept": "text/html"}
        t0 = time.monotonic()
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException) as exc:
            status = 0
            codes[type(exc).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=source)
        latencies.append((time.monotonic() - t0) * 1000)
        codes[str(status)] += 1
        if status not in (200, 303):
            errors += 1
    return latencies, errors, codes


def normal_load(pool: mp.pool.Pool, port: int, seconds: float, n_rep: int) -> dict[str, object]:
    results = pool.map(_normal, [(port, k, seconds, n_rep) for k in range(8)])
    lat = sorted(x for r in results for x in r[0])
    codes: Counter[str] = Counter()
    for r in results:
        codes.update(r[2])
    return {"requests": len(lat), "p50": statistics.median(lat) if lat else 0.0,
            "p99": lat[int(0.99 * (len(lat) - 1))] if lat else 0.0, "errors": sum(r[1] for r in results),
            "codes": dict(codes)}


# ---------------------------------------------------------------- attacks
class Listener:
    """A TCP listener counting the connections it receives (what an SSRF would reach)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind((HOST, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass


def _sparql(port: int, query: str, method: str = "GET", timeout: float = 60) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=ATTACKER)
    try:
        if method == "GET":
            conn.request("GET", "/sparql?" + urlencode({"query": query}))
        else:
            conn.request("POST", "/sparql", body=query.encode(), headers={"Content-Type": "application/sparql-query"})
        resp = conn.getresponse()
        resp.read(1 << 20)
        return str(resp.status)
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        conn.close()


def attack_ssrf(port: int, end: float, listener: Listener) -> Counter[str]:
    out: Counter[str] = Counter()
    target = f"<http://{HOST}:{listener.port}/x>"
    forms = [f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
             f"SELECT ?s WHERE {{ FILTER(1<2)SERVICE#>\n{target} {{ ?s ?p ?o }} }}",
             f"SELECT * WHERE {{ \\u0053ERVICE {target} {{ ?s ?p ?o }} }}",
             f"SELECT * {{ {{ SELECT * {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }} }} }}"]
    i = 0
    while time.monotonic() < end:
        out[_sparql(port, forms[i % len(forms)], "POST" if i % 2 else "GET", timeout=15)] += 1
        i += 1
    return out


def attack_chunked_body(port: int, end: float) -> Counter[str]:
    out: Counter[str] = Counter()
    chunk = b"#" * 65536
    while time.monotonic() < end:
        s = socket.create_connection((HOST, port), timeout=15, source_address=ATTACKER)
        try:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n")
            sent = 0
            while sent < 500 * 1024 * 1024 and time.monotonic() < end:
                s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
            out["sent all" if sent >= 500 * 1024 * 1024 else "still sending when the row ended"] += 1
        except OSError as exc:
            out[f"cut after upload ({type(exc).__name__})"] += 1
        finally:
            s.close()
    return out


def _query_loop(queries: list[str], concurrency: int = 1) -> Callable[[int, float], Counter[str]]:
    def run(port: int, end: float) -> Counter[str]:
        out: Counter[str] = Counter()
        lock = threading.Lock()

        def one(k: int) -> None:
            i = k
            while time.monotonic() < end:
                status = _sparql(port, queries[i % len(queries)], "POST")
                with lock:
                    out[status] += 1
                i += 1

        threads = [threading.Thread(target=one, args=(k,)) for k in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return out
    return run


CONCAT = "SELECT ?v20 WHERE { BIND(\"xxxxxxxxxxxxxxxx\" AS ?v0) " + " ".join(
    f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(20)) + " }"
SORT = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
DEEP = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
SLOW = P + "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(CONTAINS(STR(?c), STR(?f))) }"


def attack_headers(port: int, end: float) -> Counter[str]:
    out: Counter[str] = Counter()
    i = 0
    while time.monotonic() < end:
        s = socket.socket()
        try:
            s = socket.create_connection((HOST, port), timeout=15, source_address=ATTACKER)
            if i % 2:  # one 10 MB Accept header
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: " + b"a/b," * (10 * 1024 * 1024 // 4) + b"\r\n\r\n")
            else:  # a header growing a little at a time
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Grow: ")
                for _ in range(2000):
                    s.sendall(b"y" * 512)
            s.settimeout(15)
            out[s.recv(64).split(b" ")[1].decode()] += 1
        except (OSError, IndexError) as exc:
            out[f"closed ({type(exc).__name__})"] += 1
        finally:
            s.close()
        i += 1
    return out


def attack_slowloris(port: int, end: float) -> Counter[str]:
    out: Counter[str] = Counter()
    socks = []
    for _ in range(1000):
        try:
            s = socket.create_connection((HOST, port), timeout=5, source_address=ATTACKER)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError as exc:
            out[f"refused ({type(exc).__name__})"] += 1
    out["opened"] = len(socks)
    while time.monotonic() < end:
        alive = []
        for s in socks:
            try:
                s.sendall(b"X-a: b\r\n")
                alive.append(s)
            except OSError:
                s.close()
        socks = alive
        time.sleep(1)
    out["still open at the end"] = len(socks)
    for s in socks:
        s.close()
    return out


# ---------------------------------------------------------------- memory
def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    except OSError:
        return []
    return [int(x) for x in out]


class MemorySampler:
    def __init__(self, pid: int) -> None:
        self.pid, self.server, self.worker, self.stop = pid, 0, 0, False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            self.server = max(self.server, _rss_kb(self.pid))
            for child in _children(self.pid):
                self.worker = max(self.worker, _rss_kb(child))
            time.sleep(0.2)

    def close(self) -> tuple[float, float]:
        self.stop = True
        self.thread.join(timeout=5)
        return self.server / 1024, self.worker / 1024


# ---------------------------------------------------------------- the run
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", type=Path, help="a dataset synthesised by bench/serve.py or an earlier run")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=60.0, help="per attack (and for the idle run)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-abuse.md")
    args = ap.parse_args()

    if args.dataset:
        root = args.dataset
    else:
        work = Path(tempfile.mkdtemp(prefix="lod-bench-abuse-"))
        sys.path.insert(0, str(REPO / "tests"))
        from serve_fixtures import build_test_dataset

        root = synthesise(build_test_dataset(work / "source"), work / "dataset", args.triples)
    n_quads = sum(g["triples"] for g in json.loads((root / "manifest.json").read_text())["graphs"])
    n_rep = replicas(root)
    port = 18750
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(root), "--port", str(port), "--workers", "2"],
                            cwd=REPO, env=env, stderr=subprocess.DEVNULL)
    listener = Listener()
    rows = []
    try:
        wait_for(f"http://{HOST}:{port}/", proc)
        print(f"{n_quads:,} quads, {n_rep} replicas; server up", flush=True)
        ctx = mp.get_context("fork")
        with ctx.Pool(8) as pool:
            mem = MemorySampler(proc.pid)
            idle = normal_load(pool, port, args.seconds, n_rep)
            server_mb, worker_mb = mem.close()
            rows.append(("none (idle)", idle, Counter(), server_mb, worker_mb))
            print(f"idle: p50 {idle['p50']:.1f} ms, p99 {idle['p99']:.1f} ms", flush=True)
            attacks: dict[str, Callable[[int, float], Counter[str]]] = {
                "SERVICE to a listener (SSRF)": lambda p, e: attack_ssrf(p, e, listener),
                "chunked 500 MB POST body": attack_chunked_body,
                "20 × BIND(CONCAT(?v, ?v))": _query_loop([CONCAT]),
                "sort over a cross product": _query_loop([SORT]),
                "5,000 nested parentheses": _query_loop([DEEP]),
                "10 MB / slowly growing header": attack_headers,
                "1,000 slow connections": attack_slowloris,
                "two slow queries at once": _query_loop([SLOW], concurrency=2),
            }
            for name, attack in attacks.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"the server died before {name!r}")
                mem = MemorySampler(proc.pid)
                outcome: Counter[str] = Counter()
                end = time.monotonic() + args.seconds
                t = threading.Thread(target=lambda: outcome.update(attack(port, end)))
                t.start()
                normal = normal_load(pool, port, args.seconds, n_rep)
                t.join(timeout=args.seconds + 120)
                server_mb, worker_mb = mem.close()
                rows.append((name, normal, outcome, server_mb, worker_mb))
                print(f"{name}: p50 {normal['p50']:.1f} ms, p99 {normal['p99']:.1f} ms, errors {normal['errors']}, "
                      f"attacker {dict(outcome)}, server {server_mb:.0f} MB, worker {worker_mb:.0f} MB", flush=True)
    finally:
        listener.stop = True
        proc.terminate()
        proc.wait(timeout=30)
    write_report(args, n_quads, rows, listener.connections)


def write_report(args: argparse.Namespace, n_quads: int, rows: list, outbound: int) -> None:  # type: ignore[type-arg]
    idle_p99 = rows[0][1]["p99"] or 1.0
    lines = [
        "# Load and abuse (bench/abuse.py)", "",
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; {platform.node()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f} at the end; {n_quads:,} quads; "
        f"{args.seconds:.0f} s per row; 8 normal client processes (look-up by symbol and a resolution page, "
        "alternately) beside one abusive client.", "",
        "| attack | normal requests | p50 ms | p99 ms | p99 / idle | normal errors (status: count) | attacker's outcomes | "
        "server RSS peak MB | worker RSS peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, normal, outcome, server_mb, worker_mb in rows:
        outcomes = ", ".join(f"{k}: {v}" for k, v in outcome.most_common()) or "—"
        bad = ", ".join(f"{k}: {v}" for k, v in sorted(normal["codes"].items()) if k not in ("200", "303"))
        lines.append(f"| {name} | {normal['requests']:,} | {normal['p50']:.1f} | {normal['p99']:.1f} | "
                     f"{normal['p99'] / idle_p99:.1f}× | {normal['errors']}{' (' + bad + ')' if bad else ''} | {outcomes} | "
                     f"{server_mb:.0f} | {worker_mb:.0f} |")
    lines += ["", f"Connections the SSRF listener received: **{outbound}**.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
