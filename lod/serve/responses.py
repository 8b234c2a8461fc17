"""Response helpers: the one error shape, caching validators, CORS, security headers, Host check.

Errors are JSON by default (``{"status": 404, "error": "Not Found",
"detail": "…"}``) and an HTML page for browsers; the same shape everywhere.
Every response carries ``Access-Control-Allow-Origin: *`` (public data, no
credentials), added by :class:`CORSMiddleware`, and the security headers of
:func:`security_headers` (``nosniff``, referrer policy, no framing; a
``Content-Security-Policy`` on HTML). :class:`HostMiddleware` answers 400 to a
``Host`` the server does not serve.
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
from lod.serve.negotiation import negotiate, shown
from lod.serve.urls import HostPolicy

__all__ = ["CORSMiddleware", "HostMiddleware", "Validators", "content_security_policy", "error_response", "inline_style_hashes",
           "not_modified", "security_headers"]

_JSON = Format("json-error", ("application/json", "application/problem+json"), "json", Kind.RESULTS)
REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
           408: "Request Timeout", 413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
           431: "Request Header Fields Too Large", 500: "Internal Server Error", 503: "Service Unavailable"}
MAX_DETAIL = 2_000  # characters of an error's detail: it may quote the request (a path, a symbol)


def content_security_policy(origins: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    """The CSP of our HTML: scripts, styles and fetches from this server (and ``origins``, the ``--base``), nothing inline.

    ``styles`` adds ``'sha256-…'`` sources, for the build's ontology page and its one inline ``<style>``.

    >>> content_security_policy()
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    """
    own = " ".join(("'self'", *origins))
    return (f"default-src 'none'; script-src {own}; style-src {' '.join((own, *styles))}; img-src {own} data:; connect-src {own}; "
            f"form-action {own}; base-uri 'none'; frame-ancestors 'none'")


def inline_style_hashes(html: bytes) -> tuple[str, ...]:
    """CSP sources (``'sha256-…'``) for the inline ``<style>`` elements of a page.

    >>> inline_style_hashes(b"<style>b{}</style>")
    ("'sha256-7yqHVAesot11p6HczDsgKRipvI5UPgs97z80zNXlans='",)
    """
    import base64
    import re

    found = re.findall(rb"<style[^>]*>(.*?)</style>", html, flags=re.S | re.I)
    return tuple(f"'sha256-{base64.b64encode(hashlib.sha256(css).digest()).decode('ascii')}'" for css in found)


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    """Headers every response carries; ``csp`` goes on HTML only (added by :class:`CORSMiddleware`)."""
    return [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"x-frame-options", b"DENY"), (b"content-security-policy", csp.encode("latin-1"))]


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
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL] + f"… ({len(detail)} characters)"
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
    """``Access-Control-Allow-Origin: *`` on every response; preflight answered without auth.

    Also adds the :func:`security_headers` to every response (the CSP only to ``text/html`` ones
    that do not set their own).
    """

    def __init__(self, app: ASGIApp, csp: str | None = None) -> None:
        self.app = app
        headers = security_headers(csp or content_security_policy())
        self.always, self.csp = headers[:-1], headers[-1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.append((b"access-control-allow-origin", b"*"))
                raw.append((b"access-control-expose-headers", b"ETag, Link, Location, Lod-Truncated, Lod-Row-Limit, Content-Location"))
                raw.extend(self.always)
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in raw)
                if html and not any(k.lower() == b"content-security-policy" for k, _ in raw):
                    raw.append(self.csp)
                message["headers"] = raw
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]} if scope["method"] == "OPTIONS" else {}
        if "access-control-request-method" in headers:
            response = Response(status_code=204, headers={
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": headers.get("access-control-request-headers", "Accept, Content-Type")[:1000],
                "Access-Control-Max-Age": "86400",
            })
            await response(scope, receive, send_with_cors)
            return

        await self.app(scope, receive, send_with_cors)


class HostMiddleware:
    """400 for a request whose ``Host`` the server does not serve (:class:`lod.serve.urls.HostPolicy`).

    Without ``--base`` the pages' links and redirects are built from ``Host``: an unchecked one would
    let anyone make the server (and the caches in front of it) point elsewhere.
    """

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v for k, v in scope["headers"] if k == b"host"), None)
            server = scope.get("server")
            if host is not None and not self.policy.allows(host.decode("latin-1"), server[0] if server else None):
                shown_host = shown(host.decode("latin-1"))
                doc = {"status": 400, "error": "Bad Request",
                       "detail": f"Host {shown_host} is not served here; expected one of {', '.join(self.policy.names)} "
                                 "(lod serve --allowed-host adds names)"}
                response = Response(json.dumps(doc), status_code=400, media_type="application/json", headers={"Connection": "close"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
