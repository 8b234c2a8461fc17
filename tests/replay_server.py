"""A local HTTP server that replays the UN document services, faults included.

It speaks the same request and response formats as the real services
(``lod.fetch.services`` documents them):

* ``GET /api/symbol/access?s=<symbol>&l=<lang>&t=pdf`` → ``302`` to
  ``/files/<stem>-<LANG>.pdf`` (ODS redirects to the file), which serves the
  PDF bytes with ``ETag`` and ``Last-Modified`` and answers ``304`` to a
  matching ``If-None-Match``;
* ``GET /search?p=<symbol>&f=documentsymbol&of=xm`` → MARCXML collection with
  the bibliographic record, its voting record and a near miss.

Faults are scripted per key (``("pdf", symbol, lang)`` or ``("search", symbol)``)
as a list consumed one request at a time: ``"404"``, ``"500"``, ``"503"``,
``"429"`` (with ``Retry-After: 1``), ``"timeout"`` (answers after 2 s),
``"truncated"`` (closes after half the announced body), ``"empty"`` (200 with
no body), ``"waf"`` (202 with ``x-amzn-waf-action: challenge``), ``"loop"``
(redirects to itself). ``"404!"`` and ``"500!"`` repeat forever.

It binds 127.0.0.1 on a free port, runs in a thread and logs every request.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

__all__ = ["LoggedRequest", "Replay", "marc_collection", "marc_record"]

LAST_MODIFIED = "Tue, 19 Dec 2023 10:00:00 GMT"


@dataclass(frozen=True)
class LoggedRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float
    status: int


def _stem(symbol: str) -> str:
    import re

    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9.\-]", "_", symbol)).strip("_")


def marc_record(
    symbol: str,
    record_id: str,
    *,
    title: str | None = None,
    adopted: str | None = None,
    published: str | None = None,
    subjects: tuple[str, ...] = (),
    vote_note: str | None = None,
    languages: tuple[str, ...] = ("EN", "FR"),
    voting: tuple[int, int, int, int, int] | None = None,
) -> str:
    """One MARCXML ``record`` shaped like the UN Digital Library's (bibliographic or voting)."""
    def df(tag: str, *subs: tuple[str, str], ind1: str = " ", ind2: str = " ") -> str:
        inner = "".join(f'<subfield code="{c}">{escape(v)}</subfield>' for c, v in subs)
        return f'<datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">{inner}</datafield>'

    parts = [f'<controlfield tag="001">{record_id}</controlfield>']
    if voting is not None:
        parts.append(df("791", ("a", symbol), ("b", symbol.split("/")[0] + "/")))
        parts.append(df("245", ("a", (title or symbol) + " :"), ("b", "resolution / adopted by the General Assembly")))
        if adopted:
            parts.append(df("269", ("a", adopted)))
        y, n, a, nv, t = voting
        parts.append(df("996", ("b", str(y)), ("c", str(n)), ("d", str(a)), ("e", str(nv)), ("f", str(t))))
    else:
        parts.append(df("191", ("a", symbol), ("b", symbol.split("/")[0] + "/"), ("c", "78")))
        if title:
            parts.append(df("245", ("a", title + " :"), ("b", "resolution /"), ("c", "adopted by the General Assembly"), ind1="1", ind2="0"))
        if published:
            parts.append(df("269", ("a", published)))
        for s in subjects:
            parts.append(df("650", ("a", s), ind2="7"))
        parts.append(df("991", ("a", "A/78/251"), ("b", "107"), ("d", "Crime prevention and criminal justice.")))
        if adopted:
            parts.append(df("992", ("a", adopted.replace("-", ""))))
        if vote_note:
            parts.append(df("996", ("a", vote_note)))
        for lang in languages:
            name = {"EN": "English", "FR": "French", "ES": "Spanish"}.get(lang, lang)
            parts.append(df("856", ("u", f"https://digitallibrary.un.org/record/{record_id}/files/{_stem(symbol)}-{lang}.pdf"), ("y", name), ind1="4", ind2="0"))
    return "<record>" + "".join(parts) + "</record>"


def marc_collection(*records: str) -> bytes:
    """A MARCXML ``collection`` as the catalogue's ``of=xm`` search returns it."""
    body = '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
    return (body + "\n".join(records) + "\n</collection>\n").encode("utf-8")


@dataclass
class Replay:
    """The replayed services: documents, catalogue answers, faults and a request log."""

    documents: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (symbol, LANG) -> PDF
    catalogue: dict[str, bytes] = field(default_factory=dict)  # symbol -> MARCXML collection
    faults: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    log: list[LoggedRequest] = field(default_factory=list)
    base_url: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> str:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                replay._handle(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (timeout test) breaks the pipe: expected, not news

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def requests_to(self, prefix: str) -> list[LoggedRequest]:
        """Logged requests whose path starts with ``prefix``."""
        return [r for r in self.log if r.path.startswith(prefix)]

    # ------------------------------------------------------------ handling

    def _next_fault(self, key: tuple[str, ...]) -> str | None:
        with self._lock:
            queue = self.faults.get(key)
            if not queue:
                return None
            fault = queue[0]
            if not fault.endswith("!"):
                queue.pop(0)
            return fault.rstrip("!")

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              query: dict[str, str] | None = None) -> None:
        url = urlsplit(h.path)
        self.log.append(LoggedRequest(url.path, query or {}, dict(h.headers.items()), time.monotonic(), status))
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if body:
            h.wfile.write(body)

    def _fault(self, h: BaseHTTPRequestHandler, fault: str, query: dict[str, str]) -> bool:
        if fault in ("404", "500"):
            self._send(h, int(fault), b"<html>error</html>", {"Content-Type": "text/html"}, query)
        elif fault in ("429", "503"):
            self._send(h, int(fault), b"slow down", {"Retry-After": "1"}, query)
        elif fault == "timeout":
            time.sleep(2.0)
            self._send(h, 500, b"late", {}, query)
        elif fault == "empty":
            self._send(h, 200, b"", {"Content-Type": "application/pdf"}, query)
        elif fault == "waf":
            self._send(h, 202, b"", {"x-amzn-waf-action": "challenge"}, query)
        elif fault == "loop":
            self._send(h, 302, b"", {"Location": h.path}, query)
        else:
            return False
        return True

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/api/symbol/access":
            symbol, lang = query.get("s", ""), query.get("l", "").upper()
            fault = self._next_fault(("pdf", symbol, lang))
            if fault and fault != "truncated" and self._fault(h, fault, query):
                return
            if (symbol, lang) not in self.documents:
                self._send(h, 404, b"not found", {}, query)
                return
            location = f"/files/{_stem(symbol)}-{lang}.pdf" + ("?truncate=1" if fault == "truncated" else "")
            self._send(h, 302, b"", {"Location": location}, query)
        elif url.path.startswith("/files/"):
            name = url.path[len("/files/"):]
            match = [(k, v) for k, v in self.documents.items() if f"{_stem(k[0])}-{k[1]}.pdf" == name]
            if not match:
                self._send(h, 404, b"not found", {}, query)
                return
            body = match[0][1]
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if h.headers.get("If-None-Match") == etag:
                self._send(h, 304, b"", {"ETag": etag}, query)
                return
            headers = {"Content-Type": "application/pdf", "ETag": etag, "Last-Modified": LAST_MODIFIED}
            if query.get("truncate"):
                self.log.append(LoggedRequest(url.path, query, dict(h.headers.items()), time.monotonic(), 200))
                h.send_response(200)
                for k, v in headers.items():
                    h.send_header(k, v)
                h.send_header("Content-Length", str(len(body)))
                h.end_headers()
                h.wfile.write(body[: len(body) // 2])
                h.wfile.flush()
                h.close_connection = True
                return
            self._send(h, 200, body, headers, query)
        elif url.path == "/search":
            symbol = query.get("p", "")
            fault = self._next_fault(("search", symbol))
            if fault and self._fault(h, fault, query):
                return
            body = self.catalogue.get(symbol, marc_collection())
            self._send(h, 200, body, {"Content-Type": "application/marcxml+xml; charset=utf-8"}, query)
        else:
            self._send(h, 404, b"no such route", {}, query)
