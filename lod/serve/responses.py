"""Response helpers: the one error shape, caching validators, CORS.

Errors are JSON by default (``{"status": 404, "error": "Not Found",
"detail": "…"}``) and an HTML page for browsers; the same shape everywhere.
Every response carries ``Access-Control-Allow-Origin: *`` (public data, no
credentials), added by :class:`CORSMiddleware`.
"""

from __future__ import annotations

import hashlib
import json
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lod.errors import NotAcceptable
from lod.sparql.formats import HTML, Format, Kind
from lod.serve.negotiation import negotiate

__all__ = ["CORSMiddleware", "Validators", "error_response", "not_modified"]

_JSON = Format("json-error", ("application/json", "application/problem+json"), "json", Kind.RESULTS)
REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
           413: "Payload Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error", 503: "Service Unavailable"}


def error_response(request: Request, status: int, detail: str, *, headers: dict[str, str] | None = None,
                   extra: dict[str, object] | None = None, page: str | None = None) -> Response:
    """The error shape: JSON ``{status, error, detail, …extra}``, or ``page`` (HTML) when a browser asks."""
    try:
        wants_html = page is not None and negotiate(request.headers.get("accept"), (_JSON, HTML)) is HTML
    except NotAcceptable:
        wants_html = False
    hdrs = dict(headers or {})
    if wants_html and page is not None:
        return HTMLResponse(page, status_code=status, headers=hdrs)
    doc: dict[str, object] = {"status": status, "error": REASONS.get(status, "Error"), "detail": detail}
    doc.update(extra or {})
    return Response(json.dumps(doc, ensure_ascii=False), status_code=status, media_type="application/json", headers=hdrs)


class Validators:
    """``ETag`` and ``Last-Modified`` of responses derived from one immutable build."""

    def __init__(self, fingerprint: str, built: str) -> None:
        self.fingerprint = fingerprint[:16]
        try:
            when = datetime.fromisoformat(built.replace("Z", "+00:00"))
        except ValueError:
            when = datetime.now(timezone.utc)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        self.modified = when.replace(microsecond=0)
        self.last_modified = format_datetime(self.modified, usegmt=True)

    def etag(self, *parts: str) -> str:
        digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]
        return f'"{self.fingerprint}-{digest}"'

    def headers(self, etag: str) -> dict[str, str]:
        return {"ETag": etag, "Last-Modified": self.last_modified, "Cache-Control": "public, max-age=3600"}


def not_modified(request: Request, etag: str, validators: Validators) -> bool:
    """True when the request's ``If-None-Match`` / ``If-Modified-Since`` say the client copy is current."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= validators.modified
        except (TypeError, ValueError):
            return False
    return False


class CORSMiddleware:
    """``Access-Control-Allow-Origin: *`` on every response; preflight answered without auth."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]} if scope["method"] == "OPTIONS" else {}
        if "access-control-request-method" in headers:
            response = Response(status_code=204, headers={
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": headers.get("access-control-request-headers", "Accept, Content-Type"),
                "Access-Control-Max-Age": "86400",
            })
            await response(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.append((b"access-control-allow-origin", b"*"))
                raw.append((b"access-control-expose-headers", b"ETag, Link, Location, Lod-Truncated, Lod-Row-Limit, Content-Location"))
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_cors)
