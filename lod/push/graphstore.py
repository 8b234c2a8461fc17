"""Write named graphs into a remote store: SPARQL 1.1 Graph Store Protocol or Update.

:class:`GraphStoreClient` replaces one named graph whole, either with a GSP
``PUT`` (https://www.w3.org/TR/sparql11-http-rdf-update/, indirect graph
identification ``?graph=IRI``) or, for stores without GSP, with SPARQL Update
(``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks). It retries connection
errors, timeouts and 5xx answers with exponential backoff; every request has a
timeout. Errors are :class:`~lod.errors.PublishError` subclasses whose message
fits on one line:

* :class:`StoreUnavailable` — the store cannot be reached (or keeps answering
  5xx): stop the whole push, nothing later can succeed.
* :class:`AuthenticationFailed` — 401/403: stop, the credentials are wrong.
* :class:`GraphRejected` — the store refused this one graph (4xx): report it
  and go on with the others.

Example (against a live store)::

    client = GraphStoreClient(StoreTarget(gsp_endpoint="http://127.0.0.1:8890/sparql-graph-crud-auth",
                                          auth=("dba", "dba"), auth_type="digest"))
    client.put_graph("https://data.example.org/g", b"<https://a> <https://b> <https://c> .\\n")
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from lod.errors import PublishError

__all__ = [
    "AuthenticationFailed",
    "GraphRejected",
    "GraphStoreClient",
    "StoreTarget",
    "StoreUnavailable",
    "WriteOutcome",
    "update_requests",
]

AuthType = Literal["auto", "digest", "basic"]

#: 5xx answers worth another try (the store may be restarting or overloaded).
_RETRY_STATUS = frozenset({500, 502, 503, 504})
#: Answers meaning "this endpoint does not do GSP": switch to SPARQL Update.
_NO_GSP_STATUS = frozenset({404, 405, 501})


class StoreUnavailable(PublishError):
    """The store could not be reached, or kept failing, after every retry."""


class AuthenticationFailed(PublishError):
    """The store refused our credentials (or wants some and we have none)."""


class GraphRejected(PublishError):
    """The store refused one graph (a 4xx answer); other graphs may still go."""


@dataclass(frozen=True)
class StoreTarget:
    """Where and how to write.

    At least one of ``gsp_endpoint`` / ``update_endpoint`` is required. With
    both, GSP is used and Update takes over if the GSP endpoint answers
    404/405/501.
    """

    gsp_endpoint: str | None = None
    update_endpoint: str | None = None
    auth: tuple[str, str] | None = None
    auth_type: AuthType = "auto"
    timeout: float = 120.0
    retries: int = 3
    backoff: float = 0.5
    chunk_triples: int = 2000

    def __post_init__(self) -> None:
        if not self.gsp_endpoint and not self.update_endpoint:
            raise PublishError("expected a Graph Store endpoint or an update endpoint, found neither")

    @property
    def name(self) -> str:
        """The endpoint writes go to first (what a journal is keyed by)."""
        return self.gsp_endpoint or self.update_endpoint or ""


@dataclass(frozen=True)
class WriteOutcome:
    """What the store answered for one graph write."""

    method: Literal["gsp", "update"]
    status: int
    requests: int


class GraphStoreClient:
    """A ``requests.Session`` bound to one store; see the module docstring."""

    def __init__(self, target: StoreTarget, *, session: requests.Session | None = None) -> None:
        self.target = target
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "lod-push/0.1"
        self._auth: AuthBase | None = _make_auth(target.auth, target.auth_type)
        self._use_update = target.gsp_endpoint is None

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> GraphStoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public operations -------------------------------------------------

    def put_graph(self, graph: str, ntriples: bytes, *, triples: Sequence[str] | None = None) -> WriteOutcome:
        """Replace ``graph`` with the N-Triples document ``ntriples``.

        ``triples`` (one N-Triples statement per item, without the final
        `` .``) is only needed for the Update path; it is derived from
        ``ntriples`` when omitted.
        """
        if not self._use_update:
            assert self.target.gsp_endpoint
            resp = self._request(
                "PUT",
                self.target.gsp_endpoint,
                params={"graph": graph},
                data=ntriples,
                headers={"Content-Type": "application/n-triples"},
                what=f"PUT <{graph}>",
            )
            if resp.status_code in _NO_GSP_STATUS and self.target.update_endpoint:
                self._use_update = True
            else:
                self._check(resp, f"PUT <{graph}>")
                return WriteOutcome("gsp", resp.status_code, 1)
        if triples is None:
            triples = [line.rstrip()[:-1].rstrip() for line in ntriples.decode("utf-8").splitlines() if line.strip()]
        status, n = 0, 0
        for body in update_requests(graph, triples, chunk=self.target.chunk_triples):
            status = self._update(body, f"update <{graph}>")
            n += 1
        return WriteOutcome("update", status, n)

    def delete_graph(self, graph: str) -> WriteOutcome:
        """Remove ``graph`` (absent graphs are not an error)."""
        if not self._use_update:
            assert self.target.gsp_endpoint
            resp = self._request(
                "DELETE", self.target.gsp_endpoint, params={"graph": graph}, what=f"DELETE <{graph}>"
            )
            if resp.status_code == 404:  # already gone: the goal is reached
                return WriteOutcome("gsp", 404, 1)
            if resp.status_code in _NO_GSP_STATUS and self.target.update_endpoint:
                self._use_update = True
            else:
                self._check(resp, f"DELETE <{graph}>")
                return WriteOutcome("gsp", resp.status_code, 1)
        return WriteOutcome("update", self._update(f"DROP SILENT GRAPH <{graph}>", f"drop <{graph}>"), 1)

    # -- plumbing ----------------------------------------------------------

    def _update(self, body: str, what: str) -> int:
        if not self.target.update_endpoint:
            raise GraphRejected(f"{what}: the Graph Store endpoint does not support this and no --update-endpoint was given")
        resp = self._request(
            "POST",
            self.target.update_endpoint,
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            what=what,
        )
        self._check(resp, what)
        return resp.status_code

    def _request(self, method: str, url: str, *, what: str, **kwargs: object) -> requests.Response:
        """Send one request, retrying connection errors, timeouts and 5xx."""
        attempts = max(1, self.target.retries + 1)
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.target.backoff * 2 ** (attempt - 1))
            try:
                resp = self.session.request(
                    method, url, auth=self._auth, timeout=self.target.timeout, **kwargs  # type: ignore[arg-type]
                )
            except requests.Timeout:
                last = f"no answer within {self.target.timeout:g} s"
                continue
            except requests.ConnectionError as exc:
                last = _connection_reason(exc)
                continue
            except requests.RequestException as exc:  # invalid URL, bad scheme…
                raise StoreUnavailable(f"{what}: cannot send a request to {url}: {exc}") from None
            if resp.status_code == 401 and self._auth is None and self.target.auth and self.target.auth_type == "auto":
                self._auth = _auth_from_challenge(resp, self.target.auth)
                if self._auth is not None:
                    return self._request(method, url, what=what, **kwargs)
            if resp.status_code in _RETRY_STATUS:
                last = f"HTTP {resp.status_code}: {_excerpt(resp)}"
                continue
            return resp
        raise StoreUnavailable(f"{what}: {url} failed after {attempts} attempt(s): {last}")

    def _check(self, resp: requests.Response, what: str) -> None:
        if resp.status_code in (401, 403):
            if not self.target.auth:
                raise AuthenticationFailed(
                    f"{what}: {resp.url.split('?')[0]} answered HTTP {resp.status_code}: "
                    "the store wants credentials; pass --auth user:password"
                )
            raise AuthenticationFailed(
                f"{what}: {resp.url.split('?')[0]} answered HTTP {resp.status_code}: the store refused "
                f"user {self.target.auth[0]!r} ({_auth_name(self._auth)} auth); check --auth and --auth-type"
            )
        if resp.status_code >= 400:
            raise GraphRejected(f"{what}: HTTP {resp.status_code}: {_excerpt(resp)}")


def update_requests(graph: str, triples: Sequence[str], *, chunk: int = 2000) -> Iterable[str]:
    """SPARQL Update request bodies that replace ``graph`` with ``triples``.

    The first request drops the graph; ground triples follow in ``INSERT DATA``
    chunks; triples with blank nodes go together in one ``INSERT {…} WHERE {}``
    so a blank node keeps one identity (blank node labels are scoped to one
    request, and Virtuoso rejects blank nodes in ``INSERT DATA``).

    >>> list(update_requests("http://g", ["<http://a> <http://b> \\"c\\"@fr"], chunk=10))
    ['DROP SILENT GRAPH <http://g> ;\\nINSERT DATA { GRAPH <http://g> {\\n<http://a> <http://b> "c"@fr .\\n} }']
    """
    ground = [t for t in triples if not _has_bnode(t)]
    with_bnodes = [t for t in triples if _has_bnode(t)]
    first = f"DROP SILENT GRAPH <{graph}>"
    chunks = [ground[i : i + chunk] for i in range(0, len(ground), chunk)] or [[]]
    for i, part in enumerate(chunks):
        body = "".join(f"{t} .\n" for t in part)
        op = f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}" if part else ""
        if i == 0:
            yield f"{first} ;\n{op}" if op else first
        else:
            yield op
    if with_bnodes:
        body = "".join(f"{t} .\n" for t in with_bnodes)
        yield f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}"


def _has_bnode(triple: str) -> bool:
    # N-Triples: a blank node is a term starting with "_:"; a literal cannot
    # contain an unescaped quote, so splitting off the literal first is safe.
    head = triple.split('"', 1)[0]
    return head.startswith("_:") or " _:" in head


def _make_auth(auth: tuple[str, str] | None, kind: AuthType) -> AuthBase | None:
    if auth is None or kind == "auto":
        return None
    return HTTPDigestAuth(*auth) if kind == "digest" else HTTPBasicAuth(*auth)


def _auth_from_challenge(resp: requests.Response, auth: tuple[str, str]) -> AuthBase | None:
    challenge = resp.headers.get("WWW-Authenticate", "").lower()
    if challenge.startswith("digest"):
        return HTTPDigestAuth(*auth)
    if challenge.startswith("basic") or not challenge:
        return HTTPBasicAuth(*auth)
    return None


def _auth_name(auth: AuthBase | None) -> str:
    if isinstance(auth, HTTPDigestAuth):
        return "digest"
    if isinstance(auth, HTTPBasicAuth):
        return "basic"
    return "no"


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for marker, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("Temporary failure in name resolution", "unknown host"),
        ("Connection reset", "connection reset by the store"),
        ("RemoteDisconnected", "the store closed the connection"),
        ("Connection aborted", "the store closed the connection"),
    ):
        if marker in text:
            return reason
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _excerpt(resp: requests.Response) -> str:
    text = " ".join(resp.text.split())
    return text[:200] if text else resp.reason or "(empty body)"
