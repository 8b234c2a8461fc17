"""The graphs' files are stored compressed, and `lod serve` still answers every URL it answered before
with the same bytes (docs/layout.md, "Compressed graph files").

A real `lod build` of the seed and the whole corpus (../shared: texts and wide/texts) and a real `lod serve`
on loopback. For every graph and every format, `{base}graphs/<slug>.nq` (.ttl, .jsonld, .xml) is fetched
without gzip (the text, decompressed by the server) and with `Accept-Encoding: gzip` (the file as it is,
`Content-Encoding: gzip`); both must be the text the build serialised: the manifest's `content_sha256`
(hashed by the worker before compressing), and, for Turtle and JSON-LD, a fresh serialisation of the
N-Quads served (`lod.rdf.serialize.serialize_all`, the build's own writer: the same triples in the same
order give the same bytes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from serve_fixtures import SHARED, Server, build_test_dataset
from lod.rdf.serialize import context_document, serialize_all

BASE = "https://data.example.org/"
FORMATS = (("file", "nq"), ("ttl", "ttl"), ("jsonld", "jsonld"), ("akn", "xml"))
PLAIN = {"Accept-Encoding": "identity"}
#: what the build writes in front of each graph's JSON-LD (lod.publish.process.stage_graph)
CONTEXT = json.dumps(context_document()["@context"], separators=(",", ":")).encode()
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = [SHARED / "seeds", SHARED / "corpus" / "texts", SHARED / "corpus" / "wide" / "texts"]
    return build_test_dataset(tmp_path_factory.mktemp("files") / "site", sources=sources)


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    s = Server(site)
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def _manifest(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _raw(client: httpx.Client, url: str, headers: dict[str, str]) -> httpx.Response:
    """The response with its body as sent (httpx would decode a gzip body)."""
    with client.stream("GET", url, headers=headers) as r:
        r._content = b"".join(r.iter_raw())  # noqa: SLF001 - the raw bytes are what is under test
    return r


def _triples(nq: bytes, graph: str) -> list[tuple[str, str, str]]:
    """The N-Triples terms of each line of one graph's N-Quads, in order (subject and predicate hold no space)."""
    tail = f" <{graph}> ."
    out = []
    for line in nq.decode("utf-8").splitlines():
        assert line.endswith(tail), line
        s, p, o = line[: -len(tail)].split(" ", 2)
        out.append((s, p, o))
    return out


def test_the_build_stores_every_graph_file_compressed_and_no_plain_copy(site: Path) -> None:
    names = [p.name for p in (site / "graphs").iterdir()]
    assert names and all(n.endswith((".nq.gz", ".ttl.gz", ".jsonld.gz", ".xml.gz")) for n in names), names[:5]
    cache = site / ".cache"
    assert not [p for p in cache.iterdir() if not p.name.endswith((".entry", ".gz"))]


def test_every_graph_in_every_format_is_served_as_the_text_the_build_wrote(site: Path, server: Server,
                                                                          client: httpx.Client) -> None:
    graphs = _manifest(site)["graphs"]
    assert len(graphs) > 50
    seen = 0
    for g in graphs:
        texts = {}
        for key, ext in FORMATS:
            if key not in g:
                continue
            rel = g[key]
            assert rel.endswith(f".{ext}.gz")
            url = server.url + rel.removesuffix(".gz")
            plain = _raw(client, url, PLAIN)
            assert plain.status_code == 200 and "content-encoding" not in plain.headers, (url, plain.headers)
            assert hashlib.sha256(plain.content).hexdigest() == g["content_sha256"][ext], url
            assert int(plain.headers["content-length"]) == len(plain.content)
            zipped = _raw(client, url, GZIP)
            assert zipped.status_code == 200 and zipped.headers["content-encoding"] == "gzip", url
            assert zipped.content == (site / rel).read_bytes() and gzip.decompress(zipped.content) == plain.content
            assert zipped.headers["content-type"] == plain.headers["content-type"]
            assert zipped.headers["etag"] != plain.headers["etag"]
            assert "Accept-Encoding" in plain.headers["vary"] and "Accept-Encoding" in zipped.headers["vary"]
            texts[ext] = plain.content
            seen += 1
        nq, ttl, jsonld = serialize_all(_triples(texts["nq"], g["iri"]), g["iri"])
        assert nq == texts["nq"] and ttl == texts["ttl"], g["iri"]
        assert b'{"@context":' + CONTEXT + b"," + jsonld.encode("utf-8")[1:] == texts["jsonld"], g["iri"]
    assert seen == sum(1 for g in graphs for key, _ in FORMATS if key in g)


def test_head_range_and_validators_of_a_compressed_graph_file(site: Path, server: Server, client: httpx.Client) -> None:
    g = next(g for g in _manifest(site)["graphs"] if "akn" in g)
    url = server.url + g["ttl"].removesuffix(".gz")
    whole = _raw(client, url, PLAIN)
    for headers in (PLAIN, GZIP):
        head = client.head(url, headers=headers)
        got = _raw(client, url, headers)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == got.headers["content-length"] and head.headers["etag"] == got.headers["etag"]
        again = client.get(url, headers={**headers, "If-None-Match": got.headers["etag"]})
        assert again.status_code == 304
    other = client.get(url, headers={**GZIP, "If-None-Match": whole.headers["etag"]})
    assert other.status_code == 200  # the plain text's ETag does not validate the gzip bytes
    part = client.get(url, headers={**PLAIN, "Range": "bytes=10-99"})
    assert part.status_code == 206 and part.content == whole.content[10:100]
    assert part.headers["content-range"] == f"bytes 10-99/{len(whole.content)}"
    tail = client.get(url, headers={**PLAIN, "Range": "bytes=-20"})
    assert tail.status_code == 206 and tail.content == whole.content[-20:]
    zipped = (site / g["ttl"]).read_bytes()
    part = _raw(client, url, {**GZIP, "Range": "bytes=0-9"})  # under gzip a range counts the compressed bytes
    assert part.status_code == 206 and part.content == zipped[:10]
    assert client.get(url, headers={**PLAIN, "Range": f"bytes={len(whole.content)}-"}).status_code == 416


def test_the_compressed_file_itself_is_a_download(site: Path, server: Server, client: httpx.Client) -> None:
    g = _manifest(site)["graphs"][0]
    r = _raw(client, server.url + g["file"], GZIP)
    assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in r.headers and r.content == (site / g["file"]).read_bytes()
    assert hashlib.sha256(r.content).hexdigest() == g["sha256"]


def test_akoma_ntoso_by_content_negotiation_is_the_builds_document(site: Path, server: Server, client: httpx.Client) -> None:
    g = next(g for g in _manifest(site)["graphs"] if "akn" in g)
    url = server.url + g["iri"].removeprefix(BASE)
    accept = {"Accept": "application/akn+xml"}
    plain = _raw(client, url, {**accept, **PLAIN})
    zipped = _raw(client, url, {**accept, **GZIP})
    assert plain.status_code == zipped.status_code == 200
    assert plain.headers["content-type"].startswith("application/akn+xml") and "content-encoding" not in plain.headers
    assert hashlib.sha256(plain.content).hexdigest() == g["content_sha256"]["xml"]
    assert zipped.headers["content-encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert zipped.headers["etag"] != plain.headers["etag"] and "Accept-Encoding" in zipped.headers["vary"]


def test_the_dumps_are_the_series_of_the_graph_files(site: Path) -> None:
    graphs = _manifest(site)["graphs"]
    nq = (site / "dumps" / "lod.nq.gz").read_bytes()
    assert nq == b"".join((site / g["file"]).read_bytes() for g in graphs)
    ttl = (site / "dumps" / "lod.ttl.gz").read_bytes()
    assert ttl.endswith(b"".join((site / g["ttl"]).read_bytes() for g in graphs))
    # each graph's Turtle goes into the Turtle dump as it is: sound only while no graph has blank nodes, whose
    # labels (_:b0) would meet across graphs in one document
    quads = ox.parse(gzip.decompress(nq), format=ox.RdfFormat.N_QUADS)
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    text = gzip.decompress((site / "dumps" / "lod.jsonld.gz").read_bytes())
    doc = json.loads(text)
    assert [o["@id"] for o in doc["@graph"]] == [g["iri"] for g in graphs]
    assert all(o["@context"] == doc["@context"] for o in doc["@graph"])


# --- lod.serve.files on its own --------------------------------------------------------------------


def test_accept_encoding_weights_decide_gzip() -> None:
    from lod.serve.files import accepts_gzip

    assert accepts_gzip("gzip") and accepts_gzip("deflate, gzip;q=0.5") and accepts_gzip("x-gzip")
    assert accepts_gzip("*") and accepts_gzip("br, *;q=0.1")
    assert not accepts_gzip(None) and not accepts_gzip("") and not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0") and not accepts_gzip("*, gzip;q=0") and not accepts_gzip("br, *;q=0")
    assert not accepts_gzip("gzip;q=nonsense")


def test_a_gzip_file_is_read_back_whole_in_chunks_whatever_its_members(tmp_path: Path) -> None:
    from lod.serve.files import _gunzip_chunks, gzip_size

    one = bytes(range(256)) * 2000  # 512 kB: several output chunks
    path = tmp_path / "one.gz"
    path.write_bytes(gzip.compress(one, mtime=0))
    assert b"".join(_gunzip_chunks(path)) == one and gzip_size(path) == len(one)
    several = tmp_path / "several.gz"
    several.write_bytes(gzip.compress(b"abc", mtime=0) + gzip.compress(one, mtime=0) + gzip.compress(b"", mtime=0))
    assert b"".join(_gunzip_chunks(several)) == b"abc" + one
    (tmp_path / "short.gz").write_bytes(b"\x1f\x8b")
    assert gzip_size(tmp_path / "short.gz") is None and gzip_size(tmp_path / "missing.gz") is None
