"""A resolution's whole graph is read from the build's files, not the store: the same answers, faster.

pyoxigraph decodes every stored term through a look-up of its string, so reading a graph of ≈1,300
quads from the store costs ≈4× parsing the graph's own N-Quads file (lod.serve.views.graph_quads). The
Turtle of a resolution is its graph's Turtle file as the build wrote it (gzip-compressed when the client
takes it); its page and its other formats read the N-Quads file. Checked here against the store itself,
through a real ``lod serve``.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.compare import to_isomorphic

from lod.serve.resources import document_view
from lod.serve.state import ServerConfig, State
from lod.serve.views import graph_file, graph_quads
from serve_fixtures import BASE, WORK, Server, dataset_dir, server  # noqa: F401  (fixtures)

EXPR_EN = WORK + "/eng@"


def _store_graph(dataset_dir, iri: str) -> rdflib.Graph:  # type: ignore[no-untyped-def]
    store = ox.Store.read_only(str(dataset_dir / "store"))
    nt = ox.serialize([q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(iri))], format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=nt, format="nt")


def test_the_turtle_of_a_resolution_is_its_graph_file_with_or_without_gzip(server: Server, dataset_dir) -> None:  # type: ignore[no-untyped-def]
    url = server.url + EXPR_EN[len(BASE):]
    plain = httpx.get(url, headers={"Accept": "text/turtle", "Accept-Encoding": "identity"})
    packed = httpx.get(url, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert plain.headers["etag"] != packed.headers["etag"] and "Accept-Encoding" in packed.headers["vary"]
    assert packed.text == plain.text  # httpx decodes the gzip body
    served = rdflib.Graph().parse(data=plain.text, format="turtle")
    assert len(served) > 100
    assert to_isomorphic(served) == to_isomorphic(_store_graph(dataset_dir, EXPR_EN))
    # a conditional request with the gzip representation's ETag: 304
    again = httpx.get(url, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304


def test_other_formats_and_pages_read_the_same_quads_as_the_store(dataset_dir) -> None:  # type: ignore[no-untyped-def]
    st = State(ServerConfig(root=dataset_dir))
    try:
        assert st.catalogue.by_expression
        for doc in st.catalogue.documents:
            quads = graph_quads(st, doc.expression)
            assert quads is not None and graph_file(st, doc.expression, "ttl") is not None
            stored = set(st.store.quads_for_pattern(None, None, None, ox.NamedNode(doc.expression)))
            assert set(quads) == stored
            args = dict(work=doc.work, symbol=doc.symbol, date=doc.date, body=doc.body_label, language=doc.language)
            assert document_view(st.store, doc.expression, quads=quads, **args) == document_view(st.store, doc.expression, **args)
    finally:
        st.backend.close()
