"""Where things live on the server: the one place that builds local URLs.

The dataset names things with IRIs under its public ``base`` (from the
manifest, e.g. ``https://data.example.org/``). The server may be reached at
another root (``http://127.0.0.1:8000/`` while browsing locally): an
:class:`UrlMap` maps IRIs under the base to local URLs and request paths back
to IRIs, so pages link locally while the RDF keeps the canonical IRIs.

>>> m = UrlMap("https://data.example.org/", "http://127.0.0.1:8000/")
>>> m.local("https://data.example.org/akn/un/x/eng@")
'http://127.0.0.1:8000/akn/un/x/eng@'
>>> m.iri("/akn/un/x/eng@")
'https://data.example.org/akn/un/x/eng@'
>>> m.local("https://undocs.org/A/RES/1")
'https://undocs.org/A/RES/1'

Links out of the dataset (a cited document we do not publish) are built here too, percent-encoded
(:func:`undocs_url`, :func:`outside_url`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from lod import identifiers as ids
from lod.errors import PublishError

__all__ = ["HostPolicy", "UrlMap", "host_name", "outside_url", "undocs_url"]

LOOPBACK = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("", "0.0.0.0", "::")


def host_name(host: str) -> str | None:
    """The name in a ``Host`` header (``name``, ``name:port``, ``[v6]:port``), lower case; None when malformed.

    >>> [host_name(h) for h in ("Example.org:8000", "[::1]:80", "127.0.0.1", "a b", "x:y", "")]
    ['example.org', '::1', '127.0.0.1', None, None, None]
    """
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
    else:
        name, colon, port = host.partition(":")
        if colon and not (port.isascii() and port.isdigit()):
            return None
    name = name.lower().rstrip(".")
    if not name or not all(c.isalnum() or c in "-._:" for c in name) or not name.isascii():
        return None
    return name


@dataclass(frozen=True)
class HostPolicy:
    """The ``Host`` names the server answers to: its public and listening names, loopback, and ``--allowed-host``.

    Ports are not compared (an SSH tunnel or a proxy may change them). ``*`` among the names allows any.

    >>> p = HostPolicy.make(listen="127.0.0.1", public_root=None, extra=())
    >>> p.allows("localhost:8000", "127.0.0.1"), p.allows("evil.example", "127.0.0.1")
    (True, False)
    >>> HostPolicy.make(listen="0.0.0.0", public_root="https://Data.example.org/un/", extra=()).allows("data.example.org", None)
    True
    """

    names: tuple[str, ...]

    @classmethod
    def make(cls, *, listen: str, public_root: str | None, extra: tuple[str, ...]) -> HostPolicy:
        names = list(LOOPBACK)
        if listen.strip("[]") not in WILDCARDS:
            names.append(listen.strip("[]").lower())
        if public_root:
            name = urlsplit(public_root).hostname
            if name:
                names.append(name.lower())
        for given in extra:
            name = given if given == "*" else host_name(given.strip())
            if name is None:
                raise PublishError(f"--allowed-host {given!r} is not a host name (expected e.g. data.example.org or 192.0.2.7)")
            names.append(name)
        return cls(tuple(dict.fromkeys(names)))

    def allows(self, host: str, local_address: str | None) -> bool:
        """Whether a request with this ``Host`` is served; ``local_address``: the address the client connected to."""
        if "*" in self.names:
            return True
        name = host_name(host)
        return name is not None and (name in self.names or name == (local_address or "").lower())


@dataclass(frozen=True)
class UrlMap:
    """Maps the dataset base to the root the server is reached at."""

    base: str
    root: str

    def iri(self, path: str) -> str:
        """The dataset IRI named by a request path (``/akn/...``)."""
        return self.base + path.lstrip("/")

    def local(self, iri: str, *, fmt: str | None = None) -> str:
        """The local URL of ``iri`` (unchanged when outside the base), with an optional format suffix."""
        if iri.startswith(self.base):
            url = self.root + quote(iri[len(self.base) :], safe="/!~@$&'()*+,;=:-._#%")
        else:
            url = iri
        return f"{url}.{fmt}" if fmt else url

    def path(self, iri: str) -> str:
        """The request path of an IRI under the base (``/akn/...``)."""
        return "/" + iri[len(self.base) :] if iri.startswith(self.base) else iri

    def route(self, name: str, **params: str) -> str:
        """A server route (``home``, ``sparql``, ``search``, ``browse``, ``id``, ``void``, ``static/x``)."""
        paths = {"home": "", "sparql": "sparql", "search": "search", "browse": "browse", "id": "id", "void": ".well-known/void"}
        path = paths.get(name, name)
        query = urlencode({k: v for k, v in params.items() if v})
        return self.root + path + (f"?{query}" if query else "")

    def with_root(self, root: str) -> UrlMap:
        """The same base served at another root (taken from the request when ``--base`` is not set)."""
        return UrlMap(self.base, root if root.endswith("/") else root + "/")


UNDOCS = "https://undocs.org/"
_UNTS_VOLUME = re.compile(r"\bvol(?:ume)?\.?\s*(\d{1,4})\b", re.IGNORECASE)
_SALES_NUMBER = re.compile(r"\b([A-Z]\.\d{2}\.[IVXL]+(?:\.[A-Za-z0-9]+)*)")
_SDG = re.compile(r"\b(?:goals?|targets?|objectifs?|cibles?|objetivos?|metas?)\s+(?:de\s+développement\s+durable\s+)?(\d{1,2})\b",
                  re.IGNORECASE)


def undocs_url(symbol: str) -> str:
    """The UN Official Document System's link for a document symbol: the one the RDF gives as
    ``rdfs:seeAlso`` (``lod.identifiers.undocs_url``), percent-encoded, so pages and data agree.

    >>> undocs_url("A/RES/2200 A (XXI)")
    'https://undocs.org/A/RES/2200%20A(XXI)'
    """
    return ids.undocs_url(symbol)


def outside_url(kind: str, symbol: str | None, text: str) -> str | None:
    """Where a citation of something this dataset does not publish is read, or None (rendered as text).

    A document symbol → undocs.org; a UNTS reference ("Treaty Series, vol. 1760, No. 30619") → the
    volume on treaties.un.org; a sales number → a search of the UN Digital Library; a Sustainable
    Development Goal or target → the goal's page on sdgs.un.org. A treaty article, an "Ibid." without a
    volume, anything else: None.

    >>> outside_url("resolution", "S/RES/661 (1990)", "661 (1990)")
    'https://undocs.org/S/RES/661(1990)'
    >>> outside_url("treaty-series", None, "United Nations, Treaty Series, vol. 1760, No. 30619")
    'https://treaties.un.org/doc/Publication/UNTS/Volume%201760/v1760.pdf'
    >>> outside_url("sales-number", None, "Sales No. E.02.II.A.7")
    'https://digitallibrary.un.org/search?p=E.02.II.A.7'
    >>> outside_url("sdg", None, "Target 8.7"), outside_url("sdg", None, "Goal 18")
    ('https://sdgs.un.org/goals/goal8', None)
    >>> outside_url("treaty-article", None, "article 6"), outside_url("treaty-series", None, "Ibid.")
    (None, None)
    """
    if symbol and "/" in symbol:
        return undocs_url(symbol)
    if kind == "treaty-series":
        m = _UNTS_VOLUME.search(text)
        return f"https://treaties.un.org/doc/Publication/UNTS/Volume%20{int(m.group(1))}/v{int(m.group(1))}.pdf" if m else None
    if kind == "sales-number":
        m = _SALES_NUMBER.search(text)
        return "https://digitallibrary.un.org/search?" + urlencode({"p": m.group(1)}) if m else None
    if kind == "sdg":
        m = _SDG.search(text)
        return f"https://sdgs.un.org/goals/goal{int(m.group(1))}" if m and 1 <= int(m.group(1)) <= 17 else None
    return None
