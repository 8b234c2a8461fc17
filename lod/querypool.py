"""Killable SPARQL workers, driven from the server's event loop.

pyoxigraph cannot stop a running query (oxigraph/oxigraph#1926), so every
query runs in a worker process that opened the store read-only; a worker
that overruns its time limit is killed and replaced while the others keep
answering. :class:`ProcessPoolBackend` talks to its workers over a Unix
socket pair each, from the event loop itself: no thread sits between the
HTTP handler and the worker (a thread blocked on a pipe waits for the GIL
behind the event loop on every reply, which cost more than the query).

Wire format, one frame each way per query:

* server → worker: ``!Q`` length, then the pickled :class:`QueryRequest`;
* worker → server: ``!IQ`` (meta length, body length), the pickled meta tuple
  (``("ok", fmt, count, truncated, elapsed)``, ``("syntax", message)``,
  ``("error", message)``, ``("ready",)`` or ``("fatal", message)``), then the
  answer's bytes as the worker serialised them (never pickled).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import pickle
import socket
import struct
import time
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from lod.errors import PublishError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.query import QueryAnswer, QueryRequest, execute

__all__ = ["ProcessPoolBackend"]

_REQUEST = struct.Struct("!Q")
_REPLY = struct.Struct("!IQ")
_START_TIMEOUT = 60.0  # seconds for a worker to open the store


def _reply(sock: socket.socket, meta: tuple[object, ...], body: bytes = b"") -> None:
    head = pickle.dumps(meta)
    sock.sendall(_REPLY.pack(len(head), len(body)) + head)
    if body:
        sock.sendall(body)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = sock.recv_into(view[got:])
        if not k:
            raise EOFError("peer closed the socket")
        got += k
    return bytes(buf)


def _worker_main(sock: socket.socket, store_path: str) -> None:
    """Worker process: open the store read-only and answer requests until the socket closes."""
    try:
        store = Store.read_only(store_path)
    except OSError as exc:
        _reply(sock, ("fatal", f"cannot open the store {store_path}: {exc}"))
        return
    _reply(sock, ("ready",))
    while True:
        try:
            (n,) = _REQUEST.unpack(_recv_exactly(sock, _REQUEST.size))
            request: QueryRequest = pickle.loads(_recv_exactly(sock, n))
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            answer = execute(store, request)
        except QuerySyntaxError as exc:
            _reply(sock, ("syntax", str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500, the worker lives on
            _reply(sock, ("error", f"{type(exc).__name__}: {exc}"))
            continue
        _reply(sock, ("ok", answer.fmt, answer.count, answer.truncated, time.perf_counter() - started), answer.body)


class _Worker:
    """One worker process and the server's end of its socket pair."""

    def __init__(self, ctx: Any, store_path: str) -> None:
        self.sock, child = socket.socketpair()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> tuple[object, ...]:
        """Block until the worker has opened the store (at start-up, before the event loop runs)."""
        self.sock.settimeout(_START_TIMEOUT)
        (m, b) = _REPLY.unpack(_recv_exactly(self.sock, _REPLY.size))
        meta: tuple[object, ...] = pickle.loads(_recv_exactly(self.sock, m + b)[:m])
        self.sock.setblocking(False)
        return meta

    async def recv(self) -> tuple[tuple[object, ...], bytes]:
        """The next reply: its meta tuple and its body."""
        loop = asyncio.get_running_loop()
        (m, b) = _REPLY.unpack(await self._recv_exactly(loop, _REPLY.size))
        frame = await self._recv_exactly(loop, m + b)
        return pickle.loads(frame[:m]), frame[m:]

    async def _recv_exactly(self, loop: asyncio.AbstractEventLoop, n: int) -> bytes:
        buf = bytearray(n)
        view, got = memoryview(buf), 0
        while got < n:
            k = await loop.sock_recv_into(self.sock, view[got:])
            if not k:
                raise EOFError("query worker closed its socket")
            got += k
        return bytes(buf)

    async def send(self, request: QueryRequest) -> None:
        payload = pickle.dumps(request)
        await asyncio.get_running_loop().sock_sendall(self.sock, _REQUEST.pack(len(payload)) + payload)

    def kill(self) -> None:
        """SIGKILL the worker; it is reaped later (:func:`multiprocessing.active_children`), never waited for here."""
        self.process.kill()
        self.sock.close()


class ProcessPoolBackend:
    """A pool of worker processes, each with the store opened read-only; used from the event loop.

    A query that exceeds its timeout gets its worker killed (the only way to
    stop a pyoxigraph query) and a fresh worker takes its place. When every
    worker is busy a request waits up to ``queue_wait`` seconds, then gets
    ``QueryRefused`` (HTTP 503).
    """

    def __init__(self, store_path: Path, *, workers: int = 2, queue_wait: float = 5.0) -> None:
        """Start ``workers`` processes and wait until each has opened the store.

        Raises:
            PublishError: a worker could not open the store or did not start.
        """
        self._ctx = mp.get_context("spawn")  # never fork a process holding threads and an open store
        self._path = str(store_path)
        self._queue_wait = queue_wait
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self._closed = False
        for _ in range(max(1, workers)):
            w = self._start()
            try:
                ready = w.wait_ready()
            except (OSError, EOFError) as exc:
                ready = ("fatal", f"query worker did not start: {exc}")
            if ready[0] != "ready":
                self.close()
                raise PublishError(str(ready[1]))
            self._idle.put_nowait(w)

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self._path)
        self._all.add(w)
        return w

    async def _enlist(self, w: _Worker) -> None:
        """A replacement joins the pool once it has opened the store."""
        try:
            meta, _ = await asyncio.wait_for(w.recv(), _START_TIMEOUT)
        except (OSError, EOFError, TimeoutError):
            meta = ("fatal",)
        if meta[0] == "ready" and not self._closed:
            self._idle.put_nowait(w)
        else:
            self._discard(w)

    def _discard(self, w: _Worker) -> None:
        w.kill()
        self._all.discard(w)
        mp.active_children()  # reaps the workers killed earlier, without blocking

    def _replace(self, w: _Worker) -> None:
        self._discard(w)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._enlist(self._start()))
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def query(self, request: QueryRequest) -> QueryAnswer:
        """Run ``request`` in a worker.

        Raises:
            QueryTimeout: the query ran past ``request.timeout`` and was stopped.
            QueryRefused: every worker stayed busy for ``queue_wait`` seconds (status 503).
            QuerySyntaxError: the query does not parse.
            QueryError: the worker failed or died.
        """
        try:
            w = await asyncio.wait_for(self._idle.get(), self._queue_wait)
        except TimeoutError:
            raise QueryRefused("all query workers are busy; retry shortly", status=503) from None
        try:
            await w.send(request)
            meta, body = await asyncio.wait_for(w.recv(), request.timeout)
        except TimeoutError:
            self._replace(w)
            raise QueryTimeout(f"query stopped after {request.timeout:g} s (the time limit)") from None
        except (EOFError, OSError):
            self._replace(w)
            raise QueryError("query worker died; the query was not answered") from None
        except BaseException:  # cancelled mid-exchange: the worker's state is unknown
            self._replace(w)
            raise
        self._idle.put_nowait(w)
        if meta[0] == "ok":
            _, fmt, count, truncated, elapsed = meta
            return QueryAnswer(body, str(fmt), int(count), bool(truncated), float(elapsed))  # type: ignore[call-overload]
        if meta[0] == "syntax":
            raise QuerySyntaxError(str(meta[1]))
        raise QueryError(str(meta[1]))

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        for w in list(self._all):
            self._discard(w)
            w.process.join(timeout=5)
