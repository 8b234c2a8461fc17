"""The HTTP/1.1 connection guard: bounded request heads, read deadlines, a cap on connections.

uvicorn's httptools protocol reads a request head of any size (the parser concatenates a header
that arrives in pieces, which costs quadratic time), waits for it forever, and accepts every
connection. :func:`guarded_protocol` returns a subclass that, per :class:`ConnectionLimits`:

* answers **414** to a request target over ``max_target_bytes`` (long enough for a GET query of
  ``--max-query-bytes`` percent-encoded: httptools' own URL parser stops at 64 KiB, so longer
  origin-form targets are split here), **431** to header fields over ``max_header_bytes`` in all
  or over ``max_headers`` in number, **400** to a malformed request, and closes the connection;
* answers **408** and closes when the head has not arrived ``read_timeout`` seconds after the
  connection opened (or after the request's first byte, on a kept-alive connection), or the body
  ``read_timeout`` seconds after the head; aborts a connection whose reader has not taken any of
  the answer for ``write_timeout`` seconds;
* closes a connection that queues more than ``max_pipelined`` requests behind the one being
  answered (HTTP/1.1 pipelining: each queued request holds memory);
* holds at most ``max_buffered_bytes`` of unfinished request heads over all connections: past
  that, the connections waiting longest are answered **503** and closed;
* holds at most ``max_connections`` connections: a new one closes the connection idle or waiting
  for its request head the longest, and is answered **503** when every connection is busy with a
  request.

Every answer it writes itself is JSON (the server's error shape) with ``nosniff``; nothing of the
request is quoted back.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["ConnectionLimits", "guarded_protocol"]

URL_PARSER_LIMIT = 65_535  # httptools.parse_url keeps offsets in 16 bits
LINGER_SECONDS, LINGER_BYTES = 2.0, 1 << 20  # after an error answer: what is read and dropped before closing
REASONS = {400: "Bad Request", 408: "Request Timeout", 414: "URI Too Long", 431: "Request Header Fields Too Large",
           503: "Service Unavailable"}


@dataclass(frozen=True)
class ConnectionLimits:
    """What one connection may cost (``lod serve --max-connections --read-timeout``; docs/serve.md)."""

    max_target_bytes: int = 3 * 100_000 + 4_096
    max_header_bytes: int = 16_384
    max_headers: int = 100
    read_timeout: float = 10.0
    write_timeout: float = 60.0
    max_connections: int = 1_000
    max_pipelined: int = 16  # requests queued on one connection behind the one being answered; more: connection closed
    max_buffered_bytes: int = 64 << 20  # request heads still arriving, all connections together; more: the oldest go

    @classmethod
    def for_queries(cls, max_query_bytes: int, **kw: Any) -> ConnectionLimits:
        """Limits whose request target holds a GET query of ``max_query_bytes`` bytes, every byte percent-encoded."""
        return cls(max_target_bytes=3 * max_query_bytes + 4_096, **kw)


class _Rejected(Exception):
    """Raised in a parser callback to stop parsing; the answer is in ``_pending``."""


def guarded_protocol(limits: ConnectionLimits) -> type[HttpToolsProtocol]:
    """An httptools protocol class for uvicorn (``Config(http=...)``) that holds to ``limits``."""

    class Guarded(_GuardedProtocol):
        pass

    Guarded.limits = limits
    Guarded.waiting = OrderedDict()
    Guarded.buffered = 0
    return Guarded


class _GuardedProtocol(HttpToolsProtocol):
    limits: ClassVar[ConnectionLimits]
    # connections with no request in progress (idle, or still receiving a head), oldest first
    waiting: ClassVar[OrderedDict[_GuardedProtocol, None]]
    buffered: ClassVar[int]  # bytes of request heads still arriving, over all connections

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._url_parts: list[bytes] = []
        self._url_bytes = 0
        self._head_bytes = 0
        self._header_bytes = 0
        self._header_count = 0
        self._in_head = True
        self._pending: tuple[int, str] | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._stall: asyncio.TimerHandle | None = None
        self._done = False
        self._lingering = 0
        self._held = 0  # this connection's share of ``buffered``

    # --- connection ------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections and not self._evict_one():
            self._reply(503, "too many connections; try again shortly", retry_after=True)
            return
        self._await_request()
        self._arm(self._head_too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._done = True
        self._hold(0)
        self._disarm()
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None
        self.waiting.pop(self, None)
        super().connection_lost(exc)

    def _evict_one(self) -> bool:
        """Close the connection waiting the longest (not this one); False when none is waiting."""
        for victim in self.waiting:
            if victim is not self:
                if victim._head_bytes:
                    victim._reply(503, "the server is at its connection limit and this request was too slow to arrive", retry_after=True)
                else:
                    victim._close()
                return True
        return False

    def _await_request(self) -> None:
        self.waiting[self] = None
        self.waiting.move_to_end(self)

    # --- deadlines ---------------------------------------------------------------------------
    def _arm(self, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.limits.read_timeout, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_too_slow(self) -> None:
        self._deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False  # a slow pipelined head: close once the current answer is sent
            self.flow.pause_reading()
        elif self._head_bytes or self._url_bytes:
            self._reply(408, f"the request head did not arrive within {self.limits.read_timeout:g} s")
        else:
            self._close()

    def _body_too_slow(self) -> None:
        self._deadline = None
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            return
        if self.flow.read_paused or cycle.waiting_for_100_continue:  # the application has not asked for (more of) the body yet
            self._arm(self._body_too_slow)
            return
        if not cycle.response_started:
            self._reply(408, f"the request body did not arrive within {self.limits.read_timeout:g} s")
        else:
            self._close()
        cycle.disconnected = True  # the application's receive() now says http.disconnect; its answer goes nowhere
        cycle.message_event.set()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stall is None:
            self._stall = self.loop.call_later(self.limits.write_timeout, self._write_stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None

    def _write_stalled(self) -> None:
        self._stall = None
        self.logger.warning("closing a connection whose client took none of the answer for %g s", self.limits.write_timeout)
        self.transport.abort()

    # --- reading -----------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if self._done:
            self._lingering -= len(data)  # after our answer: read and dropped, up to a bound
            if self._lingering < 0:
                self._close()
            return
        self._unset_keepalive_if_required()
        if self._in_head:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:  # no upgrade is offered (no websockets): served as plain HTTP/1.1
            pass
        except httptools.HttpParserError:
            if self._pending is not None and self._pending[0] == 0:  # an answer is being written: no room for ours
                self._close()
            else:
                self._reply(*(self._pending or (400, "malformed HTTP request")))
            return
        if self._in_head and self._head_bytes - self._url_bytes > self.limits.max_header_bytes + 1_024:
            # one header still arriving (the parser only reports it whole)
            self._reply(431, f"request header fields over {self.limits.max_header_bytes} bytes")
        elif self._in_head:
            self._hold(max(self._head_bytes, self._url_bytes))

    def _hold(self, held: int) -> None:
        """Account this connection's unfinished head; over the budget, drop the connections waiting longest."""
        cls = type(self)
        cls.buffered += held - self._held
        self._held = held
        while cls.buffered > self.limits.max_buffered_bytes:
            victim = next((c for c in self.waiting if c._held), self)
            victim._reply(503, "the server holds too many unfinished requests; try again shortly", retry_after=True)
            victim._hold(0)
            if victim is self:
                break

    def _fail(self, status: int, detail: str) -> None:
        self._pending = (status, detail)
        raise _Rejected(detail)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._url_parts = []
        self._url_bytes = self._header_bytes = self._header_count = 0
        self._in_head = True
        if self._deadline is None:
            self._arm(self._head_too_slow)

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self.limits.max_target_bytes:
            self._fail(414, f"request target over {self.limits.max_target_bytes} bytes; send long queries by POST")
        self._url_parts.append(url)  # joined once: uvicorn's own += is quadratic in the pieces

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value) + 4
        if self._header_count > self.limits.max_headers:
            self._fail(431, f"more than {self.limits.max_headers} header fields")
        if self._header_bytes > self.limits.max_header_bytes:
            self._fail(431, f"request header fields over {self.limits.max_header_bytes} bytes")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if len(self.pipeline) >= self.limits.max_pipelined:
            # requests queued behind the one being answered each hold a scope: 250 KB of pipelined
            # GETs held ≈2 MB per connection
            self._fail(0, f"more than {self.limits.max_pipelined} pipelined requests")
        url = b"".join(self._url_parts)
        query: bytes | None = None
        if len(url) > URL_PARSER_LIMIT:
            path, _, query = url.partition(b"#")[0].partition(b"?")
            if not url.startswith(b"/") or len(path) > URL_PARSER_LIMIT:
                self._fail(414, f"request path over {URL_PARSER_LIMIT} bytes")
            url = path
        self.url = url
        self._in_head = False
        self._head_bytes = 0
        self._hold(0)
        self.waiting.pop(self, None)
        self._arm(self._body_too_slow)
        super().on_headers_complete()
        if query is not None:
            self.scope["query_string"] = query

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        idle = not self.pipeline
        super().on_response_complete()
        if idle and not self.transport.is_closing():
            self._await_request()

    # --- writing our own answers -------------------------------------------------------------
    def _reply(self, status: int, detail: str, *, retry_after: bool = False) -> None:
        """Answer ``status`` with the JSON error shape and close (nothing of the request is quoted)."""
        if self._done or self.transport.is_closing():
            self._done = True
            return
        body = json.dumps({"status": status, "error": REASONS[status], "detail": detail}).encode("utf-8")
        head = [f"HTTP/1.1 {status} {REASONS[status]}".encode("ascii")]
        head += [name + b": " + value for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json", b"content-length: " + str(len(body)).encode("ascii"),
                 b"x-content-type-options: nosniff", b"cache-control: no-store", b"access-control-allow-origin: *",
                 b"connection: close"]
        if retry_after:
            head.append(b"retry-after: 2")
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self._linger()

    def _linger(self) -> None:
        """Close once the client has had the answer: closing with its request still unread would reset the
        connection, and a reset can discard the answer before the client reads it (nginx's lingering close)."""
        self._done = True
        self._disarm()
        self.waiting.pop(self, None)
        self._url_parts = []
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self._lingering = LINGER_BYTES
            self._deadline = self.loop.call_later(LINGER_SECONDS, self._close)
        else:
            self._close()

    def _close(self) -> None:
        self._done = True
        self._hold(0)
        self._url_parts = []
        self._disarm()
        self.waiting.pop(self, None)
        if not self.transport.is_closing():
            self.transport.close()
