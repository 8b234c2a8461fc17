"""`lod build` end to end on the seed and corpus files: layout, round trips, SHACL, cache, atomicity."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from lod.cli import main
from lod.validate.validation import validate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
CORPUS = ["en__A_RES_80_1.txt", "en__S_RES_2331_2016.pdftotext.txt", "en__A_RES_78_115.pdftotext.txt",
          "en__A_C.3_80_L.57.pdftotext.txt"]
BASE = "https://lod.example.org/"
SPDX = "http://spdx.org/rdf/terms#"


def run_build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("sources")
    shutil.copy(SEED, d / SEED.name)
    for name in CORPUS:
        shutil.copy(SHARED / "corpus" / "texts" / name, d / name)
    (d / "empty.txt").write_bytes(b"")
    return d


@pytest.fixture(scope="module")
def site(src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    code, output = run_build(str(src), "--out", str(out), "--base", BASE, "-j", "2")
    assert code == 0, output
    return out


def manifest(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


def unzipped(path: Path) -> bytes:
    """What a graph file holds: the build stores each compressed (graphs/<slug>.nq.gz…, docs/layout.md)."""
    return gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()


def documents(m: dict) -> list[dict]:  # type: ignore[type-arg]
    """The manifest's document graphs (not the dataset's actors and links graphs)."""
    return [g for g in m["graphs"] if g.get("kind", "document") == "document"]


def test_layout_and_summary(site: Path) -> None:
    for rel in ("manifest.json", "void.ttl", "SHA256SUMS", "validation-report.ttl", "dumps/lod.nq.gz",
                "dumps/lod.ttl.gz", "dumps/lod.jsonld.gz", "context/v1.jsonld", "ontology/lod.ttl",
                "ontology/index.html", "shapes/lod.ttl", "store", "dumps/akn.zip"):
        assert (site / rel).exists(), rel
    m = manifest(site)
    assert m["base"] == BASE and m["format"] == 1
    symbols = {g["symbol"] for g in m["graphs"]}
    assert {"CTOC/COP/2020/L.6/Rev.1", "A/RES/80/1"} <= symbols
    for g in m["graphs"]:
        assert (site / g["file"]).is_file()
        assert g["iri"].startswith(BASE + "akn/un/statement/deliberation/") or g.get("kind") in ("actors", "links")
        assert hashlib.sha256((site / g["file"]).read_bytes()).hexdigest() == g["sha256"]
        # every file is stored compressed; the manifest also says what each holds (what graphs/<slug>.nq serves)
        for key, ext in (("file", "nq"), ("ttl", "ttl"), ("jsonld", "jsonld"), ("akn", "xml")):
            if key in g:
                assert g[key].endswith(f".{ext}.gz")
                assert hashlib.sha256(unzipped(site / g[key])).hexdigest() == g["content_sha256"][ext], (g[key], ext)
    reasons = " ".join(f["reason"] for f in m["failures"])
    assert "empty.txt" in reasons  # reported, left out, build went on
    assert "A/C.3/80/L.57" in symbols  # an amendment is published as one (lod:Amendment), not left out


def test_sha256sums_verify_with_sha256sum(site: Path) -> None:
    proc = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=site, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _rapper_count(path: Path, syntax: str) -> int:
    """Distinct statements rapper (an independent C parser) reads: quads for N-Quads, triples for Turtle."""
    out = "nquads" if syntax == "nquads" else "ntriples"
    with gzip.open(path, "rb") as f:
        proc = subprocess.run(["rapper", "-q", "-i", syntax, "-o", out, "-", BASE], input=f.read(),
                              capture_output=True, check=True)
    return len(set(proc.stdout.splitlines()))


def test_nquads_dump_parses_back_to_the_same_counts(site: Path) -> None:
    d = Dataset()
    with gzip.open(site / "dumps" / "lod.nq.gz", "rb") as f:
        d.parse(f, format="nquads")
    quads = len(list(d.quads((None, None, None, None))))
    assert quads == manifest(site)["triples"] == _rapper_count(site / "dumps" / "lod.nq.gz", "nquads")
    graphs = {str(c.identifier) for c in d.graphs() if len(c)}
    assert graphs == {g["iri"] for g in manifest(site)["graphs"]}


@pytest.fixture(scope="module")
def turtle(site: Path) -> Graph:
    g = Graph()
    with gzip.open(site / "dumps" / "lod.ttl.gz", "rb") as f:
        g.parse(f, format="turtle")
    return g


def test_turtle_dump_parses_back_with_rdflib_and_rapper_to_the_same_triples(site: Path, turtle: Graph) -> None:
    assert len(turtle) == _rapper_count(site / "dumps" / "lod.ttl.gz", "turtle")
    d = Dataset()
    with gzip.open(site / "dumps" / "lod.nq.gz", "rb") as f:
        d.parse(f, format="nquads")
    union = {(s, p, o) for s, p, o, _ in d.quads((None, None, None, None))}
    assert union == set(turtle)


def _loader(site: Path):  # type: ignore[no-untyped-def]
    def load(url: str, options: dict | None = None) -> dict:  # type: ignore[type-arg]
        raise ValueError(f"refusing to fetch {url}: a downloaded dump must need no network")
    return load


def test_jsonld_expands_to_a_graph_isomorphic_to_the_turtle(site: Path, turtle: Graph) -> None:
    with gzip.open(site / "dumps" / "lod.jsonld.gz", "rt", encoding="utf-8") as f:
        doc = json.load(f)
    assert doc["@context"] == json.loads((site / "context" / "v1.jsonld").read_text())["@context"]  # inline
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _loader(site)})
    d = Dataset()
    d.parse(data=nquads, format="nquads")
    union = Graph()
    for s, p, o, _ in d.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, turtle)


def test_per_resource_files_match_their_graph(site: Path) -> None:
    g0 = manifest(site)["graphs"][0]
    nq = Dataset()
    nq.parse(data=unzipped(site / g0["file"]), format="nquads")
    ttl = Graph().parse(data=unzipped(site / g0["ttl"]), format="turtle")
    assert isomorphic(nq.graph(URIRef(g0["iri"])), ttl)
    doc = json.loads(unzipped(site / g0["jsonld"]))
    expanded = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _loader(site)})
    assert len(set(expanded.strip().splitlines())) == len(ttl)


def test_every_published_graph_conforms_to_the_shapes(site: Path) -> None:
    for g in manifest(site)["graphs"]:
        d = Dataset()
        d.parse(data=unzipped(site / g["file"]), format="nquads")
        graph = Graph()
        for t in d.graph(URIRef(g["iri"])):
            graph.add(t)
        report = validate(graph)
        assert report.conforms, report.text()


def test_every_class_and_predicate_in_the_built_dataset_is_defined(site: Path) -> None:
    from build_fixtures import is_defined

    from lod.datafiles import ontology_file

    onto = Graph().parse(ontology_file(), format="turtle")
    predicates, classes = set(), set()
    with gzip.open(site / "dumps" / "lod.nq.gz", "rb") as f:
        for q in ox.parse(f, format=ox.RdfFormat.N_QUADS):
            p, o = q.predicate, q.object
            predicates.add(p.value)
            if p.value == str(RDF.type):
                classes.add(o.value)
    undefined = sorted(t for t in predicates | classes if not is_defined(URIRef(t), onto))
    assert not undefined, undefined
    assert len(classes) >= 10 and len(predicates) >= 30


def test_void_and_dcat_describe_the_dumps(site: Path) -> None:
    v = Graph().parse(site / "void.ttl", format="turtle")
    dists = list(v.subjects(RDF.type, DCAT.Distribution))
    assert len(dists) == 4  # N-Quads, Turtle, JSON-LD, and the Akoma Ntoso documents (akn.zip)
    for dist in dists:
        url = str(v.value(dist, DCAT.downloadURL))
        path = site / url[len(BASE):]
        assert path.is_file()
        assert int(v.value(dist, DCAT.byteSize)) == path.stat().st_size
        checksum = v.value(dist, URIRef(SPDX + "checksum"))
        assert str(v.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(path.read_bytes()).hexdigest()
        assert isinstance(v.value(dist, URIRef("http://purl.org/dc/terms/license")), URIRef)
    dataset = v.value(None, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset"))
    m = manifest(site)
    # distinct triples: a triple two graphs state (a body's label, a phrase) counts once, as in the union
    assert int(v.value(dataset, URIRef("http://rdfs.org/ns/void#triples"))) == m["distinct_triples"] < m["triples"]
    assert int(v.value(dataset, URIRef("http://rdfs.org/ns/void#documents"))) == m["documents"] == len(documents(m))
    union = Graph()
    with gzip.open(site / "dumps" / "lod.nq.gz", "rb") as f:
        d = Dataset()
        d.parse(f, format="nquads")
    for s, p, o, _g in d.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(union) == m["distinct_triples"]


def test_the_dataset_description_passes_the_dcat_ap_3_shapes(site: Path) -> None:
    import pyshacl

    shapes = Graph().parse(ROOT / "shapes" / "dcat-ap" / "dcat-ap-3.0.0-SHACL.ttl")
    v = Graph().parse(site / "void.ttl", format="turtle")
    conforms, _report, text = pyshacl.validate(v, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]
    for prop in ("http://rdfs.org/ns/void#sparqlEndpoint", "http://purl.org/dc/terms/publisher",
                 "http://purl.org/dc/terms/description", "http://www.w3.org/ns/dcat#landingPage",
                 "http://www.w3.org/ns/dcat#contactPoint", "http://purl.org/dc/terms/license"):
        assert v.value(URIRef(BASE + "id/dataset"), URIRef(prop)) is not None, prop
    broken = Graph().parse(site / "void.ttl", format="turtle")
    broken.remove((URIRef(BASE + "id/dataset"), URIRef("http://purl.org/dc/terms/description"), None))
    assert not pyshacl.validate(broken, shacl_graph=shapes, inference="none")[0]  # the shapes are not blind


def test_downloaded_jsonld_parses_with_no_network(site: Path) -> None:
    """The @context is inline in the dump and in every graph file: no URL to fetch, no build base named."""
    with gzip.open(site / "dumps" / "lod.jsonld.gz", "rt", encoding="utf-8") as f:
        text = f.read()
    assert isinstance(json.loads(text)["@context"], dict) and "context/v1.jsonld" not in text[:2000]
    ds = Dataset()
    ds.parse(data=text, format="json-ld")
    assert len(list(ds.quads((None, None, None, None)))) == manifest(site)["triples"]
    one = next(p for p in (site / "graphs").glob("*.jsonld.gz") if not p.name.startswith(("actors.", "links.")))
    assert isinstance(json.loads(unzipped(one))["@context"], dict)
    graph = Dataset()
    graph.parse(data=unzipped(one), format="json-ld")
    assert len(list(graph.quads((None, None, None, None)))) > 100


def test_store_is_loaded_and_answers_sparql(site: Path) -> None:
    store = ox.Store.read_only(str(site / "store"))
    named = sum(1 for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))
    union = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    # every graph's quads, and the default graph filled by the build with their union (lod.publish.store)
    assert (named, union) == (manifest(site)["triples"], manifest(site)["distinct_triples"])
    assert len(store) == named + union
    rows = list(store.query('SELECT ?w WHERE { GRAPH ?g { ?w <http://purl.org/dc/terms/identifier> '
                            '"CTOC/COP/2020/L.6/Rev.1" } }'))
    assert len(rows) == 1


def test_rebuild_is_incremental(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    srcs = tmp_path / "src"
    srcs.mkdir()
    for name in (SEED.name, CORPUS[0], CORPUS[1]):
        shutil.copy(src / name, srcs / name)
    assert run_build(str(srcs), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")[0] == 0
    assert not any(g["cached"] for g in documents(manifest(out)))
    first = {f["path"]: f["sha256"] for f in manifest(out)["files"] if f["path"].startswith("dumps/")}
    assert run_build(str(srcs), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")[0] == 0
    assert all(g["cached"] for g in documents(manifest(out)))
    # the cache keeps each graph's compressed files: a rebuild from it writes the same dumps, byte for byte
    assert {f["path"]: f["sha256"] for f in manifest(out)["files"] if f["path"].startswith("dumps/")} == first
    changed = srcs / CORPUS[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, output = run_build(str(srcs), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")
    assert code == 0, output
    fresh = [g["source"] for g in documents(manifest(out)) if not g["cached"]]
    assert fresh == [CORPUS[0]]
    assert "2 from cache" in output


def test_a_damaged_cache_entry_is_processed_again_not_trusted(src: Path, tmp_path: Path) -> None:
    out, srcs = tmp_path / "site", tmp_path / "src"
    srcs.mkdir()
    for name in (SEED.name, CORPUS[0]):
        shutil.copy(src / name, srcs / name)
    assert run_build(str(srcs), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")[0] == 0
    entries = sorted((out / ".cache").glob("*.entry"))
    assert len(entries) == 2 and not list((out / ".cache").glob("*.json"))  # one entry file per source
    entries[0].write_bytes(entries[0].read_bytes()[:-7])  # truncated: it no longer decompresses
    code, output = run_build(str(srcs), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")
    assert code == 0, output
    assert sorted(g["cached"] for g in documents(manifest(out))) == [False, True]
    for g in documents(manifest(out)):
        assert hashlib.sha256((out / g["file"]).read_bytes()).hexdigest() == g["sha256"]
    with gzip.open(out / "dumps" / "lod.nq.gz", "rb") as f:
        assert sum(1 for _ in f) == manifest(out)["triples"]


def test_strict_fails_and_leaves_the_previous_output_untouched(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, _ = run_build(str(SEED), "--out", str(out), "--base", BASE, "-j", "1", "--no-store")
    assert code == 0
    before = (out / "manifest.json").read_bytes()
    code, output = run_build(str(SEED), str(src / "empty.txt"), "--out", str(out), "--strict", "-j", "1")
    assert code == 1 and "PublishError" in output and "empty.txt" in output
    assert (out / "manifest.json").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site") and ".gen-" not in p.name], \
        "no half-written output left"
    assert len(list(tmp_path.glob(".site.gen-*"))) == 1  # the one complete build, which site points at


def test_refuses_to_overwrite_a_foreign_directory(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("do not delete")
    code, output = run_build(str(SEED), "--out", str(out), "-j", "1")
    assert code == 1 and "refusing to replace" in output
    assert (out / "thesis.tex").read_text() == "do not delete"


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    code, output = run_build(str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert code == 1 and "SourceError" in output and "nope.txt" in output


def test_bad_base_is_a_clear_error(tmp_path: Path) -> None:
    code, output = run_build(str(SEED), "--out", str(tmp_path / "o"), "--base", "lod.example.org")
    assert code == 1 and "IdentifierError" in output and "base IRI" in output


def test_actors_graph_describes_every_addressee_and_body(site: Path, turtle: Graph) -> None:
    """The gazetteer is published as the dataset graph {base}id/actors, so actor IRIs dereference."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from lod.identifiers import actors_graph_iri
    from lod.vocab import LOD

    m = manifest(site)
    actors = [g for g in m["graphs"] if g.get("kind") == "actors"]
    assert [g["iri"] for g in actors] == [actors_graph_iri(BASE)]
    g = Graph().parse(data=unzipped(site / actors[0]["ttl"]), format="turtle")
    assert len(g) == actors[0]["triples"] > 100
    described = set(g.subjects(SKOS.prefLabel, None))
    addressees = set(turtle.objects(None, LOD.addressee))
    assert addressees and addressees <= described, addressees - described
    unodc = URIRef(BASE + "akn/ontology/organization/un/un-unodc")
    assert {str(o) for o in g.objects(unodc, SKOS.prefLabel)} >= {"United Nations Office on Drugs and Crime"}


def test_dumps_are_valid_multi_member_gzip(site: Path) -> None:
    """Workers compress each graph as its own gzip member; gzip itself and Python read the series whole."""
    for name in ("lod.nq.gz", "lod.ttl.gz", "lod.jsonld.gz"):
        path = site / "dumps" / name
        assert subprocess.run(["gzip", "-t", str(path)], capture_output=True).returncode == 0
        assert subprocess.run(["gzip", "-dc", str(path)], capture_output=True, check=True).stdout == \
            gzip.decompress(path.read_bytes())
    json.loads(gzip.decompress((site / "dumps" / "lod.jsonld.gz").read_bytes()))  # one JSON document


def test_manifestations_name_the_published_files(site: Path) -> None:
    """Each expression is embodied by its three graph files and its Akoma Ntoso document (download URL = the
    manifest's file) and by its source."""
    store = ox.Store.read_only(str(site / "store"))
    iana = "http://www.iana.org/assignments/media-types/"
    for g in documents(manifest(site)):
        rows = {(r["m"].value, r["f"].value, r["u"].value if r["u"] else None) for r in store.query(
            "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?m ?f ?u WHERE { GRAPH ?g { "
            f"<{g['iri']}> eli:is_embodied_by ?m . ?m eli:embodies <{g['iri']}> ; eli:format ?f ; "
            "a <https://w3id.org/un-lod/ontology#Manifestation> "
            "OPTIONAL { ?m <https://schema.org/contentUrl> ?u } } }")}
        assert rows == {
            # the URLs lod serve answers with the text (the files on disk are these with .gz: lod.serve.files)
            (g["iri"] + "/!main.nq", iana + "application/n-quads", BASE + g["file"].removesuffix(".gz")),
            (g["iri"] + "/!main.ttl", iana + "text/turtle", BASE + g["ttl"].removesuffix(".gz")),
            (g["iri"] + "/!main.jsonld", iana + "application/ld+json", BASE + g["jsonld"].removesuffix(".gz")),
            (g["iri"] + "/!main.xml", iana + "application/akn+xml", BASE + g["akn"].removesuffix(".gz")),
            (g["iri"] + "#source", iana + "text/plain", None),
        }
        for key in ("file", "ttl", "jsonld", "akn"):
            assert (site / g[key]).is_file()


def test_build_without_cache_leaves_no_scratch_files(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_build(str(src), "--out", str(out), "--base", BASE, "-j", "2", "--no-store", "--no-cache")[0] == 0
    assert not (out / ".staging").exists() and not (out / ".cache").exists()
    for g in manifest(out)["graphs"]:
        assert hashlib.sha256((out / g["file"]).read_bytes()).hexdigest() == g["sha256"]
