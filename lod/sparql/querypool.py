"""Killable SPARQL workers, driven from the server's event loop.

pyoxigraph cannot stop a running query (oxigraph/oxigraph#1926), so every
query runs in a worker process that opened the store read-only; a worker
that overruns its time limit is killed and replaced while the others keep
answering. :class:`ProcessPoolBackend` talks to each worker over a Unix
socket pair, from the event loop itself (an :class:`asyncio.Protocol` per
worker): no thread sits between the HTTP handler and the worker (a thread
blocked on a pipe has to win the GIL back from the event loop on every
reply, which cost more than the query).

Wire format, one frame each way per query:

* server → worker: ``!Q`` length, then the pickled tuple of the :class:`QueryRequest`'s
  fields (a tuple pickles in 2 µs, the frozen dataclass in 12 and unpickles in 14);
* worker → server: ``!IQ`` (meta length, body length), the pickled meta tuple
  (``("ok", fmt, count, truncated, elapsed)``, ``("syntax", message)``,
  ``("error", message)``, ``("ready",)`` or ``("fatal", message)``), then the
  answer's bytes as the worker serialised them (never pickled).
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing as mp
import pickle
import socket
import struct
import time
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import Store

from lod.errors import PublishError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.sparql.query import QueryAnswer, QueryRequest, execute

__all__ = ["ProcessPoolBackend"]

_REQUEST = struct.Struct("!Q")
_REPLY = struct.Struct("!IQ")
_START_TIMEOUT = 60.0  # seconds for a worker to open the store
_FIELDS = tuple(f.name for f in dataclasses.fields(QueryRequest))

Reply = tuple[tuple[object, ...], bytes]  # (meta, body)


def _reply_frame(meta: tuple[object, ...], body: bytes = b"") -> bytes:
    head = pickle.dumps(meta)
    return _REPLY.pack(len(head), len(body)) + head + body  # one write: the server wakes once


def _read_exactly(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) < n:
        raise EOFError("the other end closed the socket")
    return data


def _worker_main(sock: socket.socket, store_path: str) -> None:
    """Worker process: open the store read-only and answer requests until the socket closes."""
    try:
        store = Store.read_only(store_path)
    except OSError as exc:
        sock.sendall(_reply_frame(("fatal", f"cannot open the store {store_path}: {exc}")))
        return
    sock.sendall(_reply_frame(("ready",)))
    incoming = sock.makefile("rb")  # buffered: a request's header and body in one read
    while True:
        try:
            (n,) = _REQUEST.unpack(_read_exactly(incoming, _REQUEST.size))
            request = QueryRequest(*pickle.loads(_read_exactly(incoming, n)))
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            answer = execute(store, request)
            frame = _reply_frame(("ok", answer.fmt, answer.count, answer.truncated, time.perf_counter() - started), answer.body)
        except QuerySyntaxError as exc:
            frame = _reply_frame(("syntax", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500, the worker lives on
            frame = _reply_frame(("error", f"{type(exc).__name__}: {exc}"))
        sock.sendall(frame)


class _Channel(asyncio.Protocol):
    """The server's end of one worker's socket: reassembles reply frames, one awaited at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Reply] | None = None
        self._lost: Exception | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not asyncio.Transport subclasses

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._deliver()

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = EOFError("query worker closed its socket")
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(self._lost)

    def _deliver(self) -> None:
        if self._waiter is None or self._waiter.done() or len(self._buffer) < _REPLY.size:
            return
        m, b = _REPLY.unpack_from(self._buffer)
        end = _REPLY.size + m + b
        if len(self._buffer) < end:
            return
        frame = bytes(self._buffer[:end])
        del self._buffer[:end]
        self._waiter.set_result((pickle.loads(frame[_REPLY.size : _REPLY.size + m]), frame[_REPLY.size + m :]))

    def send(self, request: QueryRequest) -> None:
        assert self.transport is not None
        payload = pickle.dumps(tuple(getattr(request, name) for name in _FIELDS))
        self.transport.write(_REQUEST.pack(len(payload)) + payload)

    def reply(self) -> asyncio.Future[Reply]:
        """A future for the next reply frame."""
        self._waiter = asyncio.get_running_loop().create_future()
        if self._lost is not None:
            self._waiter.set_exception(self._lost)
        else:
            self._deliver()
        return self._waiter


class _Worker:
    """One worker process and the server's end of its socket pair."""

    def __init__(self, ctx: Any, store_path: str) -> None:
        self.sock, child = socket.socketpair()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()
        self.channel: _Channel | None = None  # attached on the event loop, at first use

    def wait_ready(self) -> object:
        """Block until the worker has opened the store (at start-up, before the event loop runs); its status."""
        self.sock.settimeout(_START_TIMEOUT)
        with self.sock.makefile("rb") as fh:
            m, b = _REPLY.unpack(_read_exactly(fh, _REPLY.size))
            meta: tuple[object, ...] = pickle.loads(_read_exactly(fh, m + b)[:m])
        return meta[0] if meta[0] == "ready" else meta[1]

    async def attach(self) -> _Channel:
        if self.channel is None:
            _, self.channel = await asyncio.get_running_loop().create_unix_connection(_Channel, sock=self.sock)
        return self.channel

    def kill(self) -> None:
        """SIGKILL the worker; it is reaped later (:func:`multiprocessing.active_children`), never waited for here."""
        self.process.kill()
        if self.channel is not None and self.channel.transport is not None:
            self.channel.transport.abort()
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
                status = w.wait_ready()
            except (OSError, EOFError) as exc:
                status = f"query worker did not start: {exc}"
            if status != "ready":
                self.close()
                raise PublishError(str(status))
            self._idle.put_nowait(w)

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self._path)
        self._all.add(w)
        return w

    async def _enlist(self, w: _Worker) -> None:
        """A replacement joins the pool once it has opened the store."""
        try:
            async with asyncio.timeout(_START_TIMEOUT):
                meta, _ = await (await w.attach()).reply()
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

    async def _idle_worker(self) -> _Worker:
        if not self._idle.empty():
            return self._idle.get_nowait()
        try:
            async with asyncio.timeout(self._queue_wait):
                return await self._idle.get()
        except TimeoutError:
            raise QueryRefused("all query workers are busy; retry shortly", status=503) from None

    async def query(self, request: QueryRequest) -> QueryAnswer:
        """Run ``request`` in a worker.

        Raises:
            QueryTimeout: the query ran past ``request.timeout`` and was stopped.
            QueryRefused: every worker stayed busy for ``queue_wait`` seconds (status 503).
            QuerySyntaxError: the query does not parse.
            QueryError: the worker failed or died.
        """
        w = await self._idle_worker()
        try:
            channel = await w.attach()
            channel.send(request)
            async with asyncio.timeout(request.timeout):
                meta, body = await channel.reply()
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
