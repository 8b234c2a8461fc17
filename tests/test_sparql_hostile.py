"""The SPARQL endpoint under attack: SSRF through SERVICE/LOAD, deep nesting, huge answers,
streamed bodies, a monopolised pool, a worker dying while idle.

Each test talks to the real thing: a real ``lod serve`` on loopback, a real TCP listener that
records every connection, real pyoxigraph and rdflib parsers, a real sandboxed process.
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Store

from lod.errors import QueryRefused, QuerySyntaxError
from lod.sparql.query import QueryRequest, check_query, execute, parsed_form
from listener import Listener
from serve_fixtures import REPO, Server, dataset_dir, serve  # noqa: F401  (fixtures)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    ls = Listener()
    yield ls
    ls.close()


# --- grammar-aware SERVICE/LOAD variants ------------------------------------------------------

KEYWORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service\tsilent", "\\u0053ERVICE", "\\u0073\\u0065rvice",
            "SERVIC\\u0045", "\\U00000053ERVICE", "S\\u0045RVICE SILENT", "\\u005Cu0053ERVICE"]
# what comes before the keyword: tokens a lexer may take for the start of an IRI, a string or a comment
BEFORE = ["", "FILTER(1<2)", "FILTER(?a<?b)", "FILTER(1 < 2) ", "FILTER(1<2)#>", "FILTER(2>1)", "BIND(1<2 AS ?z)",
          '?s ?p "<" .', "?s ?p '>' .", '?s ?p "\\"<" .', "?s ?p '''<\n''' .", '?s ?p """#""" .', "# <\n", "#>\n", "<http://e/a> ?p ?o .",
          "OPTIONAL { ?s ?p ?o }", "{ }", "FILTER(\"#\" < \"<\")", "FILTER(?a\\u003C?b)", "?s ?p \"\\u0022\" .",
          "FILTER(1<2)SERVICE#>\n", "VALUES ?v { 1 } "]
SEPARATORS = ["", " ", "\n", "#>\n", "# <x>\n", "\t", "#\"\n", "\r\n", "\\u0023>\n", "\\u003C", "\\u003E", "\\u0022", "\\u000A"]
ENDS = ["{ ?s ?p ?o }", "{}", "{ ?s ?p ?o FILTER(1<2) }", "{ SELECT * { ?s ?p ?o } }"]


def hostile_queries(url: str, n: int, seed: int = 18) -> list[str]:
    """``n`` queries that each try to reach ``url`` through SERVICE (or LOAD), in forms meant to fool a lexer."""
    rng = random.Random(seed)
    found = [f"SELECT ?s WHERE {{ FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}",  # the reported bypass
             f"LOAD <{url}>", f"SELECT * {{ ?s ?p ?o }} ; LOAD <{url}>"]
    while len(found) < n:
        target = rng.choice([f"<{url}>", "?svc", f"<{url}#>"])
        bind = f'BIND(<{url}> AS ?svc) ' if target == "?svc" else ""
        pattern = (bind + " ".join(rng.choice(BEFORE) for _ in range(rng.randint(0, 2))) + rng.choice(SEPARATORS)
                   + rng.choice(KEYWORDS) + rng.choice(SEPARATORS) + target + rng.choice(SEPARATORS) + rng.choice(ENDS))
        for _ in range(rng.randint(0, 2)):  # nested groups, sub-queries
            pattern = rng.choice(["{ %s }", "{ SELECT * WHERE { %s } }", "OPTIONAL { %s }", "{ ?s ?p ?o } UNION { %s }"]) % pattern
        query = rng.choice(["SELECT * WHERE { %s }", "ASK { %s }", "CONSTRUCT { ?s ?p ?o } WHERE { %s }",
                            "PREFIX e: <http://e/>\nSELECT ?s { %s }", "SELECT * %s" if pattern.startswith("{") else "ASK { %s }"]) % pattern
        if rng.random() < 0.05:
            query = rng.choice(["LOAD ", "LOAD SILENT ", "\\u004cOAD "]) + f"<{url}>" + rng.choice(["", " INTO GRAPH <http://g>"])
        found.append(query)
    return found


def _run_unguarded(query: str) -> None:
    """Evaluate ``query`` on an empty in-memory pyoxigraph store, outside any sandbox."""
    try:
        result = Store().query(query)
        if hasattr(result, "__iter__"):
            list(result)  # type: ignore[call-overload]
        else:
            bool(result)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


def test_ssrf_fuzz_check_query_never_lets_the_engine_connect(listener: Listener) -> None:
    """2,000 lexer-fooling variants: whatever check_query (or its parse alone) accepts, pyoxigraph run on it unsandboxed never connects."""
    queries = hostile_queries(listener.url, 2000)
    assert len(set(queries)) > 1500
    accepted = []
    for i, q in enumerate(queries):
        # the whole check on all; the parse alone (without the lexer's early refusals) on 250 (≈15 ms each)
        for check in (check_query, parsed_form) if i < 250 else (check_query,):
            try:
                check(q)
            except (QueryRefused, QuerySyntaxError):
                continue
            accepted.append(q)
            _run_unguarded(q)
    assert listener.connections == [], f"accepted and connected: {accepted[:3]}"
    # the fuzz really reaches the engine's grammar: the reported bypass does connect when unchecked
    _run_unguarded(queries[0])
    time.sleep(0.3)
    assert listener.connections, "the unchecked bypass query should have reached the listener (fuzz is not exercising SERVICE)"


def test_benign_service_lookalikes_are_still_accepted() -> None:
    for q in ["PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o }", 'SELECT * { ?s ?p "SERVICE <http://x/> {}" }',
              "SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o } # SERVICE",
              "SELECT * WHERE { FILTER(1<2) ?s ?p ?o }"]:
        assert check_query(q) == "select"


SANDBOXED = """
import json, socket, sys
from pyoxigraph import Store
from lod.sparql.querypool import sandbox
out = {"sandbox": sandbox(None)}
a, b = socket.socketpair(); a.sendall(b"x"); out["unix"] = b.recv(1).decode()
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2); out["tcp"] = "connected"
except OSError as exc:
    out["tcp"] = type(exc).__name__
try:
    list(Store().query("SELECT * { SERVICE <http://127.0.0.1:%s/x> { ?s ?p ?o } }" % sys.argv[1])); out["service"] = "answered"
except OSError as exc:
    out["service"] = str(exc)
print(json.dumps(out))
"""


def test_sandboxed_worker_process_cannot_connect(listener: Listener) -> None:
    """The second level: a process under the workers' seccomp filter fails to open any TCP connection."""
    r = subprocess.run([sys.executable, "-c", SANDBOXED, str(listener.port)], cwd=REPO, capture_output=True, text=True, timeout=60)
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["sandbox"] == "" and out["unix"] == "x"
    assert out["tcp"] == "PermissionError" and out["service"] != "answered"
    time.sleep(0.3)
    assert listener.connections == []


# --- through a real server --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_server(dataset_dir: Path) -> Iterator[Server]:  # noqa: F811
    yield from serve(dataset_dir, "--timeout", "8", "--max-rows", "50", "--workers", "2")


def sparql(server: Server) -> str:
    return server.url + "sparql"


def test_ssrf_fuzz_through_http(hostile_server: Server, listener: Listener) -> None:
    """300 variants through /sparql (GET and POST): the listener receives no connection; none is answered 200 with data from it."""
    with httpx.Client(timeout=20) as c:
        for i, q in enumerate(hostile_queries(listener.url, 300, seed=1812)):
            if i % 2:
                r = c.get(sparql(hostile_server), params={"query": q})
            else:
                r = c.post(sparql(hostile_server), content=q.encode(), headers={"Content-Type": "application/sparql-query"})
            assert r.status_code in (200, 400, 403), (q, r.status_code, r.text[:300])
    time.sleep(0.3)
    assert listener.connections == []


def test_service_error_does_not_reveal_whether_a_port_is_open(hostile_server: Server, listener: Listener) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    answers = []
    for port in (listener.port, closed_port):
        q = f"SELECT ?s WHERE {{ FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"
        r = httpx.get(sparql(hostile_server), params={"query": q})
        answers.append((r.status_code, r.text.replace(str(port), "PORT")))
    assert answers[0] == answers[1] and answers[0][0] == 403
    assert listener.connections == []


@pytest.mark.parametrize("query", [
    "SELECT * { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * { " + "{" * 5000 + "?s ?p ?o" + "}" * 5000 + " }",
    "SELECT * { " + "{ SELECT * WHERE " * 2000 + "{ ?s ?p ?o }" + "}" * 2000 + " }",
])
def test_deep_nesting_is_400_and_kills_no_worker(hostile_server: Server, query: str) -> None:
    r = httpx.post(sparql(hostile_server), content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=20)
    assert r.status_code == 400 and "nested" in r.json()["detail"]
    ok = httpx.get(sparql(hostile_server), params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert ok.status_code == 200
    assert "died" not in hostile_server.log.read_text()


def test_nesting_hidden_from_the_bracket_count_is_refused_by_the_parse() -> None:
    """``?a<((…))>?b`` reads as an IRI to a lexer; the parse tree still counts the depth."""
    q = "SELECT * { ?a ?b ?c FILTER(?a<" + "(" * 400 + "1" + ")" * 400 + ">?b) }"
    with pytest.raises(QuerySyntaxError):  # "nested too deeply", or rdflib's own failure on it: never evaluated
        check_query(q)


def doubled(times: int) -> str:
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(times))
    return f'SELECT ?v{times} {{ BIND("0123456789abcdef" AS ?v0) {binds} }}'


def test_answer_bytes_are_capped_and_flagged() -> None:
    answer = execute(Store(), QueryRequest(doubled(18), "select", "json", max_answer_bytes=1_000_000))  # one 4 MB value
    assert answer.truncated and len(answer.body) < 1_000_000 and answer.count == 0
    small = execute(Store(), QueryRequest(doubled(4), "select", "json", max_answer_bytes=1_000_000))
    assert not small.truncated and small.count == 1


def test_huge_row_over_http_is_truncated(hostile_server: Server) -> None:
    r = httpx.get(sparql(hostile_server), params={"query": doubled(22)}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200 and r.headers["lod-truncated"] == "true" and len(r.content) < 16_000_000  # 64 MB value cut


def _small_store(path: Path, n: int) -> Path:
    from pyoxigraph import Literal, NamedNode, Quad

    store = Store(str(path))
    store.extend([Quad(NamedNode(f"http://e/s{i}"), NamedNode("http://e/p"), Literal(f"value {i}")) for i in range(n)])
    store.flush()
    del store
    return path


def _in_pool(store: Path, query: str, form: str, memory: int) -> tuple[str, float, bool]:
    """Run ``query`` in a real one-worker pool capped at ``memory`` bytes; then check the pool still answers."""
    import asyncio

    from lod.sparql.querypool import ProcessPoolBackend

    async def run() -> tuple[str, float, bool]:
        pool = ProcessPoolBackend(store, workers=1, memory=memory)
        try:
            started = time.monotonic()
            try:
                await pool.query(QueryRequest(query, form, "json", timeout=120))
                outcome = "answered"
            except QueryRefused as exc:
                outcome = f"{exc.status} {exc}"
            elapsed = time.monotonic() - started
            after = await pool.query(QueryRequest("ASK { ?s ?p ?o }", "ask", "json", timeout=120))
            return outcome, elapsed, after.body == b'{"head":{},"boolean":true}'
        finally:
            pool.close()

    return asyncio.run(run())


def test_worker_memory_is_bounded(tmp_path: Path) -> None:
    """A value doubled towards 16 GB stops at the worker's address-space limit (1 GB here): 503 naming
    the memory limit, long before the time limit; the worker is replaced and the pool answers."""
    outcome, elapsed, recovered = _in_pool(_small_store(tmp_path / "store", 1), doubled(30), "select", 1024**3)
    assert outcome.startswith("503") and "memory" in outcome and elapsed < 60 and recovered


def test_huge_sort_fails_at_the_memory_cap(tmp_path: Path) -> None:
    """``ORDER BY`` over a 9 M-row cross product (3,000 triples squared) with ``LIMIT 1``: 503 at a 600 MB cap, not gigabytes."""
    query = "SELECT * {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"
    outcome, elapsed, recovered = _in_pool(_small_store(tmp_path / "store", 3000), query, "select", 600 * 2**20)
    assert outcome.startswith("503") and "memory" in outcome and elapsed < 60 and recovered


def test_long_flat_query_is_parsed_in_the_worker(hostile_server: Server) -> None:
    """2,500 triple patterns (≈ 98 KB, under the 100 KB limit): rdflib recurses per pattern, past Python's
    default recursion limit; the worker parses in a big-stack thread with a raised limit and answers."""
    q = "SELECT * { " + " ".join(f"<http://e/s> <http://e/p{i}> \"v{i}\" ." for i in range(2500)) + " }"
    r = httpx.post(sparql(hostile_server), content=q.encode(), headers={"Content-Type": "application/sparql-query",
                                                                         "Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200, r.text[:500]


def test_chunked_body_is_refused_at_the_limit_without_reading_it_all(hostile_server: Server) -> None:
    """A chunked POST: 413 arrives while the client is still sending (1 MB sent of a body it never finishes)."""
    with socket.create_connection(("127.0.0.1", hostile_server.port), timeout=5) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"#" + b"x" * 65535
        for _ in range(16):
            try:
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")


def _workers(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _zombies(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] == "Z":
            found.append(int(stat.parent.name))
    return found


def _pool_ready(server: Server) -> None:
    """Both workers up (earlier tests replaced some) and the pool has seen a query (it watches its workers from then on)."""
    deadline = time.monotonic() + 60
    while len(_workers(server.proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    for _ in range(2):
        assert httpx.get(sparql(server), params={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200


def test_worker_dead_while_idle_is_reaped_and_replaced(dataset_dir: Path) -> None:  # noqa: F811
    """Workers SIGKILLed while idle, before any query, then again after some: reaped at once (no zombie),
    the next clients get 200, not 500, and the pool is back to two new workers each time."""
    import os
    import signal

    for server in serve(dataset_dir, "--timeout", "8", "--workers", "2"):
        pid = server.proc.pid
        for phase in ("before any query", "after queries"):
            if phase == "after queries":
                _pool_ready(server)
            victims = _workers(pid)
            assert len(victims) == 2, phase
            for v in victims:
                os.kill(v, signal.SIGKILL)
            time.sleep(1.5)
            assert _zombies(pid) == [], phase
            for _ in range(4):
                r = httpx.get(sparql(server), params={"query": "ASK { ?s ?p ?o }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=60)
                assert r.status_code == 200, (phase, r.text)
            deadline = time.monotonic() + 60
            while len(_workers(pid)) < 2 and time.monotonic() < deadline:  # the replacements are opening the store
                time.sleep(0.1)
            assert len(_workers(pid)) == 2, server.log.read_text()[-2000:]
            assert not set(victims) & set(_workers(pid)) and _zombies(pid) == [], phase
        assert server.log.read_text().count("while idle") >= 4


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_one_client_cannot_hold_the_pool_against_another(hostile_server: Server) -> None:
    """Client A (127.0.0.1) runs two slow queries on the two workers; client B (127.0.0.2) is answered long before A's time limit.

    Before: B waited for the time limit and got 503.
    """
    results: dict[int, int] = {}
    _pool_ready(hostile_server)

    def slow(i: int) -> None:
        results[i] = httpx.get(sparql(hostile_server), params={"query": SLOW + f" # {i}"}, timeout=30).status_code

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    started = time.monotonic()
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30) as b:
        r = b.get(sparql(hostile_server), params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    waited = time.monotonic() - started
    for t in threads:
        t.join()
    assert r.status_code == 200, (r.text, hostile_server.log.read_text()[-2000:])
    assert waited < 6  # A's queries run for 8 s (the time limit); B got a worker by preemption (a new worker starts in ≈ 1 s)
    assert sorted(results.values()) == [503, 503]  # one preempted, one stopped at the time limit


def test_full_queue_is_503_with_retry_after(dataset_dir: Path) -> None:  # noqa: F811
    """One worker, a queue of 8: ten more slow queries from one client get 503 at once, with Retry-After."""
    for server in serve(dataset_dir, "--timeout", "2", "--workers", "1"):
        with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=20)) as c:
            out: list[httpx.Response] = []

            def one(i: int) -> None:
                out.append(c.get(sparql(server), params={"query": SLOW + f" # {i}"}))

            threads = [threading.Thread(target=one, args=(i,)) for i in range(10)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        refused = [r for r in out if r.status_code == 503 and "waiting" in r.json()["detail"]]
        assert refused and all(r.headers.get("retry-after") for r in refused)
