"""Killable SPARQL workers, driven from the server's event loop.

pyoxigraph cannot stop a running query (oxigraph/oxigraph#1926), so every
query runs in a worker process that opened the store read-only; a worker
that overruns its time limit is killed and replaced while the others keep
answering. :class:`ProcessPoolBackend` talks to each worker over a Unix
socket pair, from the event loop itself (an :class:`asyncio.Protocol` per
worker): no thread sits between the HTTP handler and the worker (a thread
blocked on a pipe has to win the GIL back from the event loop on every
reply, which cost more than the query).

Each worker is sandboxed before it opens the store (:func:`sandbox`):

* a seccomp filter (Linux x86-64 and arm64) makes ``socket()`` fail with ``EACCES`` for every
  family but ``AF_UNIX`` (and refuses ``io_uring``), so a query can never open a connection,
  whatever it says (``SERVICE`` is refused by the parse first; this holds if a parse misses one);
* ``RLIMIT_AS`` caps its address space (:data:`WORKER_MEMORY`): a query that needs more (a sort
  of a huge intermediate result, a string doubled 20 times) fails its allocation and the worker
  dies, instead of taking gigabytes; the client gets 503, the worker is replaced and the death
  logged.

The pool is shared fairly (``ProcessPoolBackend``): a client (remote address) runs at most
``per_client`` queries at once, the others wait in one bounded FIFO queue; past
``max_waiting`` waiting queries, or ``queue_wait`` seconds of wait, the answer is 503 (with
``Retry-After``). A worker that dies is reaped at once by a watcher thread (waiting on the
process sentinels: no zombie), and, if it was idle, replaced on the event loop before a client
picks it (a client that arrives first skips it too: no 500).

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
import ctypes
import dataclasses
import logging
import multiprocessing as mp
import platform
import pickle
import resource
import signal
import socket
import struct
import threading
import time
from collections import Counter, deque
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import Store

from lod.errors import PublishError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.sparql.query import QueryAnswer, QueryRequest, allow_deep_parse, execute, parsed_form

__all__ = ["WORKER_MEMORY", "ProcessPoolBackend", "sandbox"]

log = logging.getLogger("lod.sparql.querypool")

WORKER_MEMORY = 2 * 1024**3
"""Bytes of address space (``RLIMIT_AS``) a query worker may map: the store's files and caches
(≈ 300 MB for a 1 M-quad store), the interpreter, the parsing thread's stack (64 MB reserved)
and the query's own memory."""

_REQUEST = struct.Struct("!Q")
_REPLY = struct.Struct("!IQ")
_START_TIMEOUT = 60.0  # seconds for a worker to open the store
#: How many times a replacement worker that failed to start is started again (the pool keeps its size).
_START_ATTEMPTS = 5
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


_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41, 317, True), "aarch64": (0xC00000B7, 198, 277, False)}


def _deny_network() -> None:
    """Install a seccomp filter on every thread of this process: ``socket()`` only for ``AF_UNIX``.

    Raises:
        OSError: not Linux on x86-64/arm64, or the kernel refused the filter.
    """
    arch = _SECCOMP_ARCH.get(platform.machine())
    if arch is None or platform.system() != "Linux":
        raise OSError(f"no seccomp filter for {platform.system()} {platform.machine()}")
    audit_arch, nr_socket, nr_seccomp, has_x32 = arch
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = [
        (ld, 0, 0, 4),  # seccomp_data.arch
        (jeq, 0, 7, audit_arch),  # another ABI (i386 int 0x80): deny
        (ld, 0, 0, 0),  # seccomp_data.nr
        (jge, 5, 0, 0x40000000 if has_x32 else 0xFFFFFFFF),  # x32 ABI: deny
        (jeq, 4, 0, 425),  # io_uring_setup (can create sockets itself): deny
        (jeq, 0, 2, nr_socket),  # not socket(): allow
        (ld, 0, 0, 16),  # seccomp_data.args[0], low 32 bits: the address family
        (jeq, 0, 1, socket.AF_UNIX),
        (ret, 0, 0, allow),
        (ret, 0, 0, deny),
    ]
    code = b"".join(struct.pack("HBBI", *op) for op in program)
    filt = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(program), ctypes.addressof(filt))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS, required to install a filter unprivileged
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.syscall(nr_seccomp, 1, 1, ctypes.byref(prog)) != 0:  # SECCOMP_SET_MODE_FILTER, FLAG_TSYNC
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")


def _few_malloc_arenas() -> None:
    """Let glibc's malloc keep at most two arenas. Each thread that allocates may otherwise reserve an arena of
    64 MB of address space (up to 8 per core), so the store's background threads could use up an address-space
    cap before a query ran: about one worker start in six under a 600 MB cap died opening the store."""
    try:
        ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX; not glibc (no mallopt): nothing to do
    except (OSError, AttributeError):
        pass


def sandbox(memory: int | None = WORKER_MEMORY) -> str:
    """Sandbox this process as a query worker: no network sockets, address space ≤ ``memory`` bytes.

    Irreversible. Returns ``""`` when both hold, else what could not be done.
    """
    problems = []
    try:
        _deny_network()
    except OSError as exc:
        problems.append(f"network not denied: {exc}")
    if memory:
        _few_malloc_arenas()
        try:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        except (OSError, ValueError) as exc:
            problems.append(f"memory not limited: {exc}")
    return "; ".join(problems)


def _worker_main(sock: socket.socket, store_path: str, memory: int | None = WORKER_MEMORY) -> None:
    """Worker process: sandbox itself, open the store read-only, answer requests until the socket closes."""
    problems = sandbox(memory)
    allow_deep_parse()
    try:
        store = Store.read_only(store_path)
    except OSError as exc:
        sock.sendall(_reply_frame(("fatal", f"cannot open the store {store_path}: {exc}")))
        return
    try:
        parsed_form("SELECT * WHERE { ?s ?p ?o }")  # import and warm up the parser before the first client
    except QueryError:
        pass
    sock.sendall(_reply_frame(("ready", problems)))
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
        except QueryRefused as exc:
            frame = _reply_frame(("refused", str(exc), exc.status))
        except MemoryError:
            frame = _reply_frame(("memory", "query stopped: it needed more memory than a query worker may use"))
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

    def __init__(self, ctx: Any, store_path: str, memory: int | None) -> None:
        self.sock, child = socket.socketpair()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path, memory), daemon=True)
        self.process.start()
        child.close()
        self.channel: _Channel | None = None  # attached on the event loop, at first use
        self.preempted = False  # killed to give its place to another client

    def wait_ready(self) -> tuple[object, ...]:
        """Block until the worker has opened the store (at start-up, before the event loop runs); its status frame."""
        self.sock.settimeout(_START_TIMEOUT)
        with self.sock.makefile("rb") as fh:
            m, b = _REPLY.unpack(_read_exactly(fh, _REPLY.size))
            meta: tuple[object, ...] = pickle.loads(_read_exactly(fh, m + b)[:m])
        return meta

    async def attach(self) -> _Channel:
        if self.channel is None:
            _, self.channel = await asyncio.get_running_loop().create_unix_connection(_Channel, sock=self.sock)
        return self.channel

    def alive(self) -> bool:
        return self.process.is_alive() and (self.channel is None or self.channel._lost is None)

    def death(self) -> str:
        """How the process ended, for the log (``exit code 1``, ``signal SIGABRT``, ``still running``)."""
        code = self.process.exitcode
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"signal {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"

    def kill(self) -> None:
        """SIGKILL the worker; it is reaped when its sentinel fires (or by :func:`multiprocessing.active_children`), never waited for here."""
        self.process.kill()
        if self.channel is not None and self.channel.transport is not None:
            self.channel.transport.abort()
        self.sock.close()


class _Waiter:
    __slots__ = ("client", "future")

    def __init__(self, client: str, future: asyncio.Future[_Worker]) -> None:
        self.client = client
        self.future = future


class ProcessPoolBackend:
    """A pool of sandboxed worker processes, each with the store opened read-only; used from the event loop.

    A query that exceeds its timeout gets its worker killed (the only way to
    stop a pyoxigraph query) and a fresh worker takes its place. A client runs at most
    ``per_client`` queries at once (default: all the workers); beyond half the pool, its newest
    query is stopped (503) as soon as another client with less waits for a worker
    (:meth:`_preempt_for`). Other queries wait in a FIFO
    queue of at most ``max_waiting`` (default: 8 per worker), a client filling at most half of
    it, for at most ``queue_wait`` seconds; past either bound they get ``QueryRefused`` (HTTP
    503 with ``Retry-After``) at once.
    """

    def __init__(self, store_path: Path, *, workers: int = 2, queue_wait: float = 5.0, per_client: int | None = None,
                 max_waiting: int | None = None, memory: int | None = WORKER_MEMORY) -> None:
        """Start ``workers`` processes at once and wait until each has opened the store.

        Raises:
            PublishError: a worker could not open the store or did not start.
        """
        self._ctx = mp.get_context("spawn")  # never fork a process holding threads and an open store
        self._path = str(store_path)
        self._memory = memory
        self._queue_wait = queue_wait
        self._size = max(1, workers)
        self._per_client = per_client or self._size
        self._max_waiting = max_waiting if max_waiting is not None else 8 * self._size
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[_Waiter] = deque()
        self._running: Counter[str] = Counter()  # per client: queries holding a worker
        self._queued: Counter[str] = Counter()  # per client: queries waiting
        self._busy_by: dict[_Worker, tuple[str, float]] = {}  # worker -> (client, since)
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self._closed = False
        self._lock = threading.Lock()
        self._unreaped: set[_Worker] = set()  # started and not yet reaped (read by the watcher thread)
        self._loop: asyncio.AbstractEventLoop | None = None  # known from the first query on
        self.sandboxed = True  # False when some worker could not deny itself the network or cap its memory
        # all started at once, then waited for: each pays Python's start-up and the store's opening (≈0.5 s on a
        # busy machine), so a pool of n starts in the time of one instead of n (lod serve's cold start)
        for w in [self._start() for _ in range(self._size)]:
            try:
                meta = w.wait_ready()
            except (OSError, EOFError) as exc:
                meta = ("fatal", f"query worker did not start: {exc}")
            if meta[0] != "ready":
                self.close()
                raise PublishError(str(meta[1]))
            self._note_sandbox(meta)
            self._idle.append(w)
        threading.Thread(target=self._watch_deaths, name="query-worker-reaper", daemon=True).start()

    def _note_sandbox(self, meta: tuple[object, ...]) -> None:
        problems = meta[1] if len(meta) > 1 else "unknown"
        if problems:
            self.sandboxed = False
            log.warning("query worker runs without its sandbox: %s", problems)

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self._path, self._memory)
        self._all.add(w)
        with self._lock:
            self._unreaped.add(w)
        return w

    def _watch_deaths(self) -> None:
        """Watcher thread: reap every worker process that ends (no zombie) and tell the event loop."""
        while not self._closed:
            with self._lock:
                pending = {w.process.sentinel: w for w in self._unreaped}
            if not pending:
                time.sleep(0.2)
                continue
            try:
                ready = mp_wait(list(pending), timeout=0.5)
            except (OSError, ValueError):  # a sentinel was closed meanwhile
                time.sleep(0.05)
                continue
            for fd in ready:
                w = pending[fd]  # type: ignore[index]
                w.process.join(1.0)  # the pipe closes a moment before the exit status can be collected
                if w.process.exitcode is None:
                    continue
                with self._lock:
                    self._unreaped.discard(w)
                loop = self._loop
                if loop is not None and not self._closed:
                    try:
                        loop.call_soon_threadsafe(self._ended, w)
                    except RuntimeError:  # the loop is closed
                        pass

    def _ended(self, w: _Worker) -> None:
        """On the event loop: ``w``'s process ended; if it was idle, log it and start a replacement."""
        if w in self._idle:
            self._idle.remove(w)
            log.warning("query worker %s died while idle (%s); replaced", w.process.pid, w.death())
            self._replace(w)

    async def _enlist(self, w: _Worker, attempt: int = 1) -> None:
        """A replacement joins the pool once it has opened the store; one that fails to start is tried
        again (after 0.5, 1, 2… s, up to ``_START_ATTEMPTS`` times) so that the pool gets back to its size."""
        try:
            async with asyncio.timeout(_START_TIMEOUT):
                meta, _ = await (await w.attach()).reply()
        except (OSError, EOFError, TimeoutError):
            meta = ("fatal",)
        if meta[0] == "ready" and not self._closed:
            self._note_sandbox(meta)
            self._idle.append(w)
            self._dispatch()
            return
        if self._closed:
            self._discard(w)
            return
        log.warning("a replacement query worker did not start (%s)%s", meta[1] if len(meta) > 1 else w.death(),
                    "; trying again" if attempt < _START_ATTEMPTS else "; the pool runs short of one worker")
        self._discard(w)
        if attempt < _START_ATTEMPTS and len(self._all) < self._size:
            await asyncio.sleep(0.5 * 2 ** (attempt - 1))
            if not self._closed and len(self._all) < self._size:
                await self._enlist(self._start(), attempt + 1)

    def _discard(self, w: _Worker) -> None:
        w.kill()
        self._all.discard(w)
        mp.active_children()  # reaps the workers that ended earlier, without blocking

    def _replace(self, w: _Worker) -> None:
        self._discard(w)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._enlist(self._start()))
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    def _busy(self, why: str) -> QueryRefused:
        return QueryRefused(f"{why}; retry shortly", status=503)

    def _take_idle(self) -> _Worker | None:
        while self._idle:
            w = self._idle.popleft()
            if w.alive():
                return w
            log.warning("query worker %s found dead while idle (%s); replaced", w.process.pid, w.death())
            self._replace(w)
        return None

    def _dispatch(self) -> None:
        """Hand idle workers to waiters: first the oldest whose client holds less than its share
        (half the pool), then the oldest whose client is under ``per_client``."""
        share = max(1, self._size // 2)
        while self._idle and self._waiters:
            live = [wt for wt in self._waiters if not wt.future.done()]
            self._waiters = deque(live)
            held = Counter(c for c, _ in self._busy_by.values())
            waiter = next((wt for wt in live if held[wt.client] < share), None) or next(
                (wt for wt in live if self._running[wt.client] < self._per_client), None)
            if waiter is None:
                return
            w = self._take_idle()
            if w is None:
                return
            self._waiters.remove(waiter)
            self._running[waiter.client] += 1
            self._busy_by[w] = (waiter.client, time.monotonic())
            waiter.future.set_result(w)

    def _preempt_for(self, client: str) -> None:
        """``client`` waits with less than its share: stop the newest query of a client over its share.

        The share is half the pool (at least one worker): a client may use idle workers beyond
        it while no one else waits, and gives them back (its query gets 503) when someone does.
        """
        share = max(1, self._size // 2)
        held = Counter(c for c, _ in self._busy_by.values())
        if held[client] >= share:
            return
        over = [(since, w) for w, (c, since) in self._busy_by.items() if c != client and held[c] > share]
        if not over:
            return
        _, victim = max(over, key=lambda item: item[0])
        victim.preempted = True
        log.warning("query of %s stopped (worker %s) to give a worker to %s", self._busy_by[victim][0], victim.process.pid, client)
        self._busy_by.pop(victim, None)
        self._replace(victim)

    async def _acquire(self, client: str) -> _Worker:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        if self._running[client] < self._per_client and not any(wt.client == client for wt in self._waiters):
            w = self._take_idle()
            if w is not None:
                self._running[client] += 1
                self._busy_by[w] = (client, time.monotonic())
                return w
        if self._queued[client] >= max(1, self._max_waiting // 2):
            raise self._busy(f"this client already has {self._running[client]} queries running and "
                             f"{self._queued[client]} waiting (the limit is {self._per_client} running)")
        if len(self._waiters) >= self._max_waiting:
            raise self._busy(f"all query workers are busy and {len(self._waiters)} queries are waiting")
        waiter = _Waiter(client, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        self._queued[client] += 1
        self._preempt_for(client)
        try:
            async with asyncio.timeout(self._queue_wait):
                return await waiter.future
        except BaseException as exc:
            if waiter.future.done() and not waiter.future.cancelled():
                self._release(waiter.future.result(), client)  # handed a worker at the last moment: give it back
            else:
                waiter.future.cancel()
            if isinstance(exc, TimeoutError):
                raise self._busy(f"all query workers stayed busy for {self._queue_wait:g} s") from None
            raise
        finally:
            self._queued[client] -= 1
            if self._queued[client] <= 0:
                del self._queued[client]
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _release(self, w: _Worker | None, client: str) -> None:
        if w is not None:
            self._busy_by.pop(w, None)
        self._running[client] -= 1
        if self._running[client] <= 0:
            del self._running[client]
        if w is not None and not w.preempted:  # a preempted worker answered just before its kill: it is being replaced
            self._idle.append(w)
        self._dispatch()

    async def query(self, request: QueryRequest) -> QueryAnswer:
        """Run ``request`` in a worker.

        Raises:
            QueryTimeout: the query ran past ``request.timeout`` and was stopped.
            QueryRefused: the pool is busy (status 503), or the worker refused the query (403/400).
            QuerySyntaxError: the query does not parse.
            QueryError: the worker failed or died.
        """
        client = request.client
        w = await self._acquire(client)
        try:
            channel = await w.attach()
            channel.send(request)
            async with asyncio.timeout(request.timeout):
                meta, body = await channel.reply()
        except TimeoutError:
            self._busy_by.pop(w, None)
            self._release(None, client)
            self._replace(w)
            raise QueryTimeout(f"query stopped after {request.timeout:g} s (the time limit)") from None
        except (EOFError, OSError):
            self._busy_by.pop(w, None)
            self._release(None, client)
            if w.preempted:
                raise QueryRefused("query stopped: another client was waiting and this client was using more than "
                                   f"its share of the query workers ({max(1, self._size // 2)})", status=503) from None
            for _ in range(50):  # it closed its socket: it is ending; wait (≤ 0.5 s) to learn how
                if w.process.exitcode is not None:
                    break
                await asyncio.sleep(0.01)
            log.warning("query worker %s died answering a query (%s); replaced", w.process.pid, w.death())
            code = w.process.exitcode
            self._replace(w)
            if code is not None and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, -signal.SIGBUS):
                raise QueryRefused(f"query stopped: the worker ran out of memory (limit {self._memory_text()}) or crashed "
                                   f"({w.death()})", status=503) from None
            raise QueryError("query worker died; the query was not answered") from None
        except BaseException:  # cancelled mid-exchange: the worker's state is unknown
            self._busy_by.pop(w, None)
            self._release(None, client)
            if not w.preempted:
                self._replace(w)
            raise
        self._release(w, client)
        if meta[0] == "ok":
            _, fmt, count, truncated, elapsed = meta
            return QueryAnswer(body, str(fmt), int(count), bool(truncated), float(elapsed))  # type: ignore[call-overload, arg-type]
        if meta[0] == "syntax":
            raise QuerySyntaxError(str(meta[1]))
        if meta[0] == "refused":
            raise QueryRefused(str(meta[1]), status=int(meta[2]))  # type: ignore[call-overload]
        if meta[0] == "memory":
            raise QueryRefused(str(meta[1]), status=503)
        raise QueryError(str(meta[1]))

    def _memory_text(self) -> str:
        return f"{self._memory // 2**20} MB" if self._memory else "none"

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        for w in list(self._all):
            self._discard(w)
            w.process.join(timeout=5)
