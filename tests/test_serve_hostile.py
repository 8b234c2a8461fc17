"""``lod serve`` against hostile HTTP: oversized and slow request heads, slow bodies, connection floods,
long GET queries, echoed ``Accept``, missing security headers, foreign ``Host`` headers, bad q-values.

Each test talks to a real ``lod serve`` on loopback, malformed and slow requests over raw sockets.
The server runs with a 1 s read timeout and a cap of 16 connections so that the deadline and cap
tests are quick; no test asserts a duration (socket timeouts only bound how long a test may hang).
"""

from __future__ import annotations

import json
import select
import socket
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from serve_fixtures import BASE, WORK, Server, dataset_dir, serve  # noqa: F401  (fixture)

CAP = 16


@pytest.fixture(scope="module")
def guarded(dataset_dir: Path) -> Iterator[Server]:  # noqa: F811
    yield from serve(dataset_dir, "--timeout", "2", "--workers", "1", "--read-timeout", "1", "--max-connections", str(CAP))


def connect(server: Server, timeout: float = 10) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=timeout)


def read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes, bool]:
    """Status, headers, body of the one answer on ``sock``, and whether the server then closed it."""
    data = b""
    closed = False
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            closed = True
            break
        data += chunk
    if not data:
        return 0, {}, b"", True
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    want = int(headers.get("content-length", "0"))
    while len(body) < want and not closed:
        chunk = sock.recv(65536)
        closed = not chunk
        body += chunk
    if not closed:
        try:
            closed = sock.recv(1) == b""
        except TimeoutError:
            closed = False
        except ConnectionResetError:
            closed = True
    return status, headers, body, closed


def exchange(server: Server, request: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes, bool]:
    with connect(server, timeout) as s:
        try:
            s.sendall(request)
        except OSError:  # the server may answer and close before it has read everything
            pass
        return read_answer(s)


def still_up(server: Server) -> bool:
    return httpx.get(server.url + "healthz", timeout=10).status_code == 200


# --- request heads ----------------------------------------------------------------------------
def test_a_huge_header_is_431_and_the_connection_closed(guarded: Server) -> None:
    status, headers, body, closed = exchange(guarded, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: " + b"a" * 200_000 + b"\r\n\r\n")
    assert status == 431 and closed
    assert headers["content-type"] == "application/json" and headers["x-content-type-options"] == "nosniff"
    assert json.loads(body)["status"] == 431 and b"aaaa" not in body
    assert still_up(guarded)


def test_too_many_header_fields_is_431_but_a_hundred_pass(guarded: Server) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    status, _, _, closed = exchange(guarded, head + b"X: y\r\n" * 10_000 + b"\r\n")
    assert status == 431 and closed
    status, _, body, _ = exchange(guarded, head + b"X: y\r\n" * 98 + b"\r\n")
    assert status == 200 and body == b"ok"


def test_a_slowly_growing_header_is_cut_at_the_limit(guarded: Server) -> None:
    """The parser joins a header's pieces (quadratic work): the server answers 431 once it passes ≈16 KiB."""
    sent, answered_at = 0, None
    with connect(guarded) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        try:
            for _ in range(400):  # 400 pieces of 512 bytes = 200 KiB, far over the limit
                s.sendall(b"b" * 512)
                sent += 512
                if select.select([s], [], [], 0.002)[0]:  # the server has answered
                    answered_at = sent
                    break
        except OSError:
            answered_at = sent
        status, _, _, closed = read_answer(s)
    assert status == 431 and closed
    assert answered_at is not None and answered_at < 40 * 1024
    assert still_up(guarded)


def test_a_malformed_request_is_400_json_and_closed(guarded: Server) -> None:
    status, headers, body, closed = exchange(guarded, b"GET /\x00<script> HTTP/1.1\r\n\r\n")
    assert status == 400 and closed and headers["x-content-type-options"] == "nosniff"
    assert b"<script>" not in body and json.loads(body)["status"] == 400


# --- deadlines ------------------------------------------------------------------------------------
def test_a_head_that_does_not_arrive_is_408(guarded: Server) -> None:
    with connect(guarded) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        status, _, body, closed = read_answer(s)  # the server's read timeout is 1 s; the socket's 10 s
    assert status == 408 and closed and json.loads(body)["error"] == "Request Timeout"


def test_a_silent_connection_is_closed(guarded: Server) -> None:
    with connect(guarded) as s:
        assert s.recv(100) == b""  # closed by the server (a TimeoutError here after 10 s: held open)


def test_a_body_that_does_not_arrive_is_408(guarded: Server) -> None:
    with connect(guarded) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 100\r\n\r\nSELECT")
        status, _, body, closed = read_answer(s)
    assert status == 408 and closed and json.loads(body)["status"] == 408
    assert still_up(guarded)
    log = guarded.log.read_text()
    assert "Traceback" not in log and "ClientDisconnect" not in log


# --- connections ---------------------------------------------------------------------------------
def test_at_the_connection_cap_the_longest_idle_connection_makes_room(guarded: Server) -> None:
    idle = [connect(guarded) for _ in range(CAP + 4)]
    try:
        time.sleep(0.3)
        r = httpx.get(guarded.url + "healthz", timeout=10)  # a new client is served
        assert r.status_code == 200
        for s in idle:
            s.settimeout(0.2)
        def closed(s: socket.socket) -> bool:
            try:
                return s.recv(1) == b""
            except TimeoutError:
                return False
            except OSError:
                return True
        shut = [closed(s) for s in idle]
        assert shut[:4] == [True] * 4  # the oldest went first
        assert sum(not c for c in shut) <= CAP
    finally:
        for s in idle:
            s.close()
    assert still_up(guarded)


def test_when_every_connection_is_busy_a_new_one_gets_503(dataset_dir: Path) -> None:  # noqa: F811
    """Requests whose body is still coming are busy, not idle: nothing to close, so the newcomer gets 503."""
    for srv in serve(dataset_dir, "--workers", "1", "--max-connections", "4", "--read-timeout", "30"):
        busy = [connect(srv) for _ in range(4)]
        try:
            for s in busy:
                s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: 100\r\n\r\nSELECT")
            time.sleep(0.3)
            status, headers, body, closed = exchange(srv, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert status == 503 and closed and headers["retry-after"] == "2" and json.loads(body)["status"] == 503
        finally:
            for s in busy:
                s.close()
        time.sleep(0.3)
        assert still_up(srv)


def read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return data


def test_pipelined_requests_are_answered_up_to_a_bound(guarded: Server) -> None:
    ask = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with connect(guarded) as s:
        s.sendall(ask * 9 + b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert read_all(s).count(b"HTTP/1.1 200 OK") == 10
    with connect(guarded) as s:  # thousands queued in one write: each would hold memory until answered
        s.sendall(ask * 5_000)
        answered = read_all(s).count(b"HTTP/1.1 200 OK")
    assert answered <= 17  # the connection is closed once 16 wait behind the one being answered
    assert still_up(guarded)


# --- request target: the query limit is reachable by GET -----------------------------------------
def test_a_get_query_near_the_query_limit_is_answered(guarded: Server) -> None:
    # 33,000 é: 66 KB of UTF-8, ≈198 KB percent-encoded, under the default 100,000-byte query limit
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "é" * 33_000
    target = "/sparql?query=" + urllib.parse.quote(query) + "&format=json"
    assert len(target) > 65_536  # over httptools' own URL parser limit
    status, headers, body, _ = exchange(guarded, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert status == 200, body[:300]
    assert len(json.loads(body)["results"]["bindings"]) == 1


def test_a_target_over_the_limit_is_414(guarded: Server) -> None:
    status, _, body, closed = exchange(guarded, b"GET /sparql?query=" + b"x" * 400_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status == 414 and closed and b"POST" in body and b"xxxx" not in body


# --- errors do not echo the request ----------------------------------------------------------------
def test_406_does_not_echo_a_long_accept_or_format(guarded: Server) -> None:
    accept = "image/" + "<b>" * 4_000
    r = httpx.get(guarded.url + ".well-known/void", headers={"Accept": accept})
    assert r.status_code == 406 and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-type"] == "application/json"
    assert len(r.text) < 1_000 and "characters)" in r.json()["detail"]
    r = httpx.get(guarded.url + "search", params={"format": "x" * 20_000})
    assert r.status_code == 406 and len(r.text) < 1_000


def test_a_long_path_is_not_echoed_whole_in_404(guarded: Server) -> None:
    r = httpx.get(guarded.url + "akn/" + "z" * 50_000)
    assert r.status_code == 404 and len(r.text) < 3_000


# --- security headers -------------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(guarded: Server) -> None:
    html = httpx.get(guarded.url, headers={"Accept": "text/html"})
    data = httpx.get(guarded.url + "sparql", params={"query": "ASK {}"})
    missing = httpx.get(guarded.url + "nothing-here")
    for r in (html, data, missing):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert r.headers["x-frame-options"] == "DENY"
    csp = html.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "content-security-policy" not in data.headers  # JSON: not a document a browser renders


def test_the_ontology_page_allows_its_own_inline_style_only(guarded: Server) -> None:
    for path in ("ontology/", "ontology/index.html"):
        r = httpx.get(guarded.url + path, headers={"Accept": "text/html"})
        assert r.status_code == 200 and "<style>" in r.text
        csp = r.headers["content-security-policy"]
        assert "'sha256-" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp


# --- Host ---------------------------------------------------------------------------------------------
def test_a_foreign_host_is_400_and_never_written_into_links(guarded: Server) -> None:
    r = httpx.get(guarded.url + "id", params={"symbol": "A/RES/74/176"}, headers={"Host": "evil.example"})
    assert r.status_code == 400 and "location" not in r.headers
    assert "evil.example" in r.json()["detail"]
    for host in (f"localhost:{guarded.port}", f"127.0.0.1:{guarded.port}", "[::1]:8000"):
        r = httpx.get(guarded.url + "id", params={"symbol": "A/RES/74/176"}, headers={"Host": host})
        assert r.status_code == 303 and r.headers["location"].startswith("http://" + host + "/")


def test_allowed_host_and_base_add_names(dataset_dir: Path) -> None:  # noqa: F811
    for srv in serve(dataset_dir, "--workers", "1", "--allowed-host", "data.example.org", "--base", "https://lod.example.net/un/"):
        for host in ("data.example.org", "lod.example.net:443", "127.0.0.1"):
            assert httpx.get(srv.url + "healthz", headers={"Host": host}).status_code == 200, host
        assert httpx.get(srv.url + "healthz", headers={"Host": "evil.example"}).status_code == 400


# --- Accept q-values ------------------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["2", "nan", "1e999", "inf", "-1", "0.1234", "1.5"])
def test_a_range_with_an_invalid_qvalue_is_ignored(guarded: Server, q: str) -> None:
    url = guarded.url + WORK[len(BASE):] + "/eng@"
    r = httpx.get(url, headers={"Accept": f"text/turtle;q={q}, application/ld+json;q=0.5"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json"), q
