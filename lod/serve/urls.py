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
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

__all__ = ["UrlMap"]


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
