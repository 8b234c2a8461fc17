"""A polite HTTP client for the UN's public document services.

``PoliteClient.get(url)`` guarantees:

1. one ``requests.Session`` (connection reuse) with an identifying
   ``User-Agent`` (``lod/<version> (+project URL; contact)``);
2. at most one request every ``min_interval`` seconds (rate limit);
3. ``(connect, read)`` timeouts on every request;
4. retries with exponential backoff on connection errors, timeouts, truncated
   bodies and HTTP 500/502/503/504/429, at most ``retries`` times;
5. ``Retry-After`` (seconds or HTTP date) honoured on 429 and 503, up to
   ``max_wait`` seconds; a longer wait is a failure that says so;
6. conditional requests: a cached ETag / Last-Modified is sent as
   ``If-None-Match`` / ``If-Modified-Since``; a 304 answers from the cache;
7. a body shorter than its ``Content-Length`` is never returned;
8. failures raise ``FetchError`` with the URL, the status and the reason;
9. after ``unreachable_after`` URLs in a row on one host failed to connect at
   all, further URLs on that host fail at once (no network: a batch ends in
   seconds, not minutes of backoff).

>>> PoliteClient(user_agent="lod-test").session.headers["User-Agent"]
'lod-test'
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from lod.errors import PublishError

__all__ = ["DEFAULT_USER_AGENT", "FetchError", "PoliteClient", "Response"]

try:
    from importlib.metadata import version as _version

    _VERSION = _version("lod")
except Exception:  # not installed: running from a checkout
    _VERSION = "0"

DEFAULT_USER_AGENT = f"lod/{_VERSION} (UN resolutions as linked open data; +https://github.com/lod-un/lod)"
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(PublishError):
    """A download failed for good: ``url``, ``status`` (or None) and the reason."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Response:
    """A completed download: final URL (after redirects), body, validators, cache use."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False
    attempts: int = 1
    sha256: str = field(default="")


class PoliteClient:
    """See the module docstring. ``cache_dir=None`` disables the HTTP cache."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        min_interval: float = 1.0,
        timeout: tuple[float, float] = (10.0, 60.0),
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        cache_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_redirects: int = 5,
    ) -> None:
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.max_redirects = max_redirects
        self.min_interval = min_interval
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.cache_dir = cache_dir
        self._sleep = sleep
        self._last = 0.0
        self.requests_made = 0
        self.waited: list[float] = []
        self.unreachable_after = 3
        self._unreachable: dict[str, int] = {}  # host -> URLs in a row that could not connect

    def close(self) -> None:
        """Close the underlying session."""
        self.session.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ cache

    def _cache_paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"

    def cached(self, url: str) -> Response | None:
        """The cached response for ``url`` if its body is intact, else None."""
        paths = self._cache_paths(url)
        if paths is None or not paths[0].exists() or not paths[1].exists():
            return None
        try:
            meta = json.loads(paths[0].read_text("utf-8"))
            body = paths[1].read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
            return None  # damaged cache entry: fetch again
        return Response(url, meta.get("final_url", url), 200, body, meta.get("content_type", ""),
                        meta.get("etag"), meta.get("last_modified"), True, 0, meta["sha256"])

    def _store(self, resp: Response) -> None:
        paths = self._cache_paths(resp.url)
        if paths is None:
            return
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(paths[1], resp.content)
        meta = {"url": resp.url, "final_url": resp.final_url, "etag": resp.etag, "last_modified": resp.last_modified,
                "content_type": resp.content_type, "sha256": resp.sha256}
        _atomic_write(paths[0], json.dumps(meta, indent=1).encode("utf-8"))

    # ------------------------------------------------------------ fetching

    def get(self, url: str, *, params: dict[str, str] | None = None, conditional: bool = True) -> Response:
        """GET ``url`` politely (see the module docstring).

        Raises:
            FetchError: a 4xx other than 429, retries exhausted, or a wait too long.
        """
        full = requests.Request("GET", url, params=params).prepare().url or url
        host = urlsplit(full).netloc
        if self._unreachable.get(host, 0) >= self.unreachable_after:
            raise FetchError(full, f"skipped: {host} could not be reached for {self._unreachable[host]} URLs in a row")
        cached = self.cached(full) if conditional else None
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        last_reason = "no attempt"
        unreachable = False
        last_status: int | None = None
        for attempt in range(1, self.retries + 2):
            self._pace()
            wait: float | None = None
            try:
                self.requests_made += 1
                r = self.session.get(full, headers=headers, timeout=self.timeout, stream=True)
                body = _read_body(r)
            except requests.TooManyRedirects:
                raise FetchError(full, f"too many redirects (more than {self.session.max_redirects})") from None
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError, _Truncated) as exc:
                last_reason, last_status = _describe(exc), None
                unreachable = isinstance(exc, requests.ConnectionError)  # refused, DNS, connect timeout
            else:
                unreachable = False
                self._unreachable.pop(host, None)
                if r.status_code == 304 and cached is not None:
                    return Response(full, cached.final_url, 304, cached.content, cached.content_type, cached.etag,
                                    cached.last_modified, True, attempt, cached.sha256)
                if r.status_code == 202 and r.headers.get("x-amzn-waf-action"):
                    raise FetchError(full, "refused by the service's bot challenge (AWS WAF answered 202 "
                                     f"x-amzn-waf-action: {r.headers['x-amzn-waf-action']}); try again later",
                                     status=202)
                if 200 <= r.status_code < 300:
                    resp = Response(full, r.url, r.status_code, body, r.headers.get("Content-Type", ""),
                                    r.headers.get("ETag"), r.headers.get("Last-Modified"), False, attempt,
                                    hashlib.sha256(body).hexdigest())
                    if body:
                        self._store(resp)
                    return resp
                last_status = r.status_code
                last_reason = f"HTTP {r.status_code} {r.reason or ''}".strip()
                if r.status_code not in _RETRY_STATUS:
                    raise FetchError(full, f"expected 200, found {last_reason}", status=r.status_code)
                if r.status_code in (429, 503):
                    wait = _retry_after(r.headers.get("Retry-After"))
                    if wait is not None and wait > self.max_wait:
                        raise FetchError(full, f"{last_reason}: server asks to wait {wait:.0f} s, more than "
                                         f"the {self.max_wait:.0f} s allowed", status=r.status_code)
            if attempt <= self.retries:
                delay = wait if wait is not None else self.backoff * (2 ** (attempt - 1))
                self.waited.append(delay)
                self._sleep(delay)
        if unreachable:
            self._unreachable[host] = self._unreachable.get(host, 0) + 1
        raise FetchError(full, f"gave up after {self.retries + 1} attempts: {last_reason}", status=last_status)

    def _pace(self) -> None:
        gap = time.monotonic() - self._last
        if self._last and gap < self.min_interval:
            self._sleep(self.min_interval - gap)
        self._last = time.monotonic()


class _Truncated(Exception):
    """The body ended before its announced Content-Length."""


def _read_body(r: requests.Response) -> bytes:
    try:
        body = r.content
    finally:
        r.close()
    announced = r.headers.get("Content-Length")
    if announced and announced.isdigit() and "Content-Encoding" not in r.headers and len(body) < int(announced):
        raise _Truncated(f"truncated body: expected {announced} bytes, found {len(body)}")
    return body


def _describe(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, _Truncated):
        return str(exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "truncated body: connection closed before the end"
    return f"connection failed: {type(exc).__name__}"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".part{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
