"""`lod push` against a real Virtuoso Open Source 7 on loopback.

One Virtuoso is started for this module (a throw-away database in pytest's
temp dir, our own ini: 127.0.0.1 only, no Zero Config, no row cap) and shut
down at the end. Each test pushes its own dataset under its own base IRI, so
tests do not see each other's graphs. The crash test kills and restarts the
same server; it runs last.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.push.journal import Journal
from lod.push.virtuoso import run_isql
from lod.sparql.remote_store import RemoteSparqlStore
from lod.push.virtuoso_server import LocalVirtuoso, find_binary

try:
    from .dataset_fixture import write_dataset
except ImportError:  # tests/ is not a package
    from dataset_fixture import write_dataset  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    find_binary("virtuoso-t") is None or find_binary("isql-vt") is None,
    reason="Virtuoso is not installed (Debian package virtuoso-opensource; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalVirtuoso]:
    data_root = tmp_path_factory.mktemp("datasets")
    v = LocalVirtuoso(tmp_path_factory.mktemp("virtuoso-db"), dirs_allowed=[data_root])
    v.data_root = data_root  # type: ignore[attr-defined]
    v.start()
    try:
        yield v
    finally:
        v.stop()
        v.kill()


@pytest.fixture()
def remote(virtuoso: LocalVirtuoso) -> Iterator[RemoteSparqlStore]:
    store = RemoteSparqlStore(virtuoso.query_endpoint, timeout=30)
    yield store
    store.close()


def _dataset(virtuoso: LocalVirtuoso, name: str, **kwargs: object) -> tuple[Path, dict, str]:  # type: ignore[type-arg]
    base = f"http://localhost:8000/{name}/"
    out = virtuoso.data_root / name  # type: ignore[attr-defined]
    manifest = write_dataset(out, base=base, **kwargs)  # type: ignore[arg-type]
    return out, manifest, base


def _push(virtuoso: LocalVirtuoso, out: Path, journal: Path, *extra: str, auth: str = "dba:dba") -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["push", str(out), "--endpoint", virtuoso.gsp_endpoint, "--auth", auth, "--journal", str(journal), *extra]
    )
    return result.exit_code, result.stdout, result.stderr


def _counts(remote: RemoteSparqlStore, base: str) -> dict[str, int]:
    query = f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }} GROUP BY ?g'
    # never keep pyoxigraph results in a local: they must be dropped in the thread that made them
    return {r["g"].value: int(r["n"].value) for r in remote.query(query)}  # type: ignore[index, union-attr]


def _column(remote: RemoteSparqlStore, query: str) -> list[str]:
    return [r[0].value for r in remote.query(query)]  # type: ignore[index, union-attr]


def _nquads_sha256(g: dict) -> str:  # type: ignore[type-arg]
    """The sha256 of a graph's N-Quads: the manifest's ``sha256`` of its file, or of the text inside when the file
    is stored compressed (``content_sha256``: what lod build writes, docs/layout.md)."""
    return str(g.get("content_sha256", {}).get("nq", g["sha256"]))


def _expected(manifest: dict) -> dict[str, int]:  # type: ignore[type-arg]
    return {g["iri"]: g["triples"] for g in manifest["graphs"]}


def test_push_gives_same_triple_count_per_graph_and_repush_is_a_no_op(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "counts", graphs=6, paragraphs=80)
    code, stdout, stderr = _push(virtuoso, out, tmp_path / "j.jsonl")
    assert code == 0, stdout + stderr
    assert stdout.count("ok     PUT") == 6
    # the counts in the store equal the manifest's, which equal the files'
    assert _counts(remote, base) == _expected(manifest)
    for g in manifest["graphs"]:
        assert len(list(ox.parse(path=out / g["file"], format=ox.RdfFormat.N_QUADS))) == g["triples"]
    code, stdout, _ = _push(virtuoso, out, tmp_path / "j.jsonl")
    assert code == 0 and "PUT" not in stdout and "6 unchanged" in stdout
    code, stdout, _ = _push(virtuoso, out, tmp_path / "j.jsonl", "--force")
    assert code == 0 and stdout.count("ok     PUT") == 6
    assert _counts(remote, base) == _expected(manifest)  # replaced, not appended


def test_verify_finds_a_store_changed_behind_the_journal(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "verify", graphs=4, paragraphs=10)
    journal = tmp_path / "j.jsonl"
    assert _push(virtuoso, out, journal)[0] == 0
    verify = ["--verify", virtuoso.query_endpoint]
    code, stdout, _ = _push(virtuoso, out, journal, *verify)
    assert code == 0 and "store agrees with the dataset: 4 graphs" in stdout
    # someone drops a graph directly in the store: the journal cannot know
    from lod.push.graphstore import GraphStoreClient, StoreTarget

    lost = manifest["graphs"][2]["iri"]
    with GraphStoreClient(StoreTarget(gsp_endpoint=virtuoso.gsp_endpoint, auth=("dba", "dba"))) as c:
        c.delete_graph(lost)
    code, stdout, _ = _push(virtuoso, out, journal, *verify)
    assert code == 1 and f"missing      <{lost}>" in stdout and "1 missing" in stdout
    assert "4 unchanged" in _push(virtuoso, out, journal)[1]  # the journal still believes it is there
    assert _push(virtuoso, out, journal, "--force")[0] == 0
    code, stdout, _ = _push(virtuoso, out, journal, *verify)
    assert code == 0 and _counts(remote, base) == _expected(manifest)


COMPETENCY = [
    # expressions and their language, with the label (language-tagged)
    """SELECT ?e ?lang ?label WHERE { GRAPH ?g { ?e a ont:Expression ; ont:language ?lang ; rdfs:label ?label } FILTER(STRSTARTS(STR(?g), BASE)) }""",
    # paragraphs per expression
    """SELECT ?e (COUNT(?p) AS ?n) WHERE { GRAPH ?g { ?p ont:partOf ?e } FILTER(STRSTARTS(STR(?g), BASE)) } GROUP BY ?e""",
    # which documents cite resolution 70/1
    """SELECT DISTINCT ?e WHERE { GRAPH ?g { ?p ont:partOf ?e ; ont:cites ?t } FILTER(STRSTARTS(STR(?g), BASE) && STRENDS(STR(?t), "70-1")) }""",
    # full-text search in French paragraph texts, ordered by number
    """SELECT ?p ?num WHERE { GRAPH ?g { ?p ont:text ?t ; ont:num ?num } FILTER(STRSTARTS(STR(?g), BASE) && LANG(?t) = "fr" && CONTAINS(?t, "« texte »")) } ORDER BY ?num LIMIT 20""",
    # typed literals: dates and symbols of works
    """SELECT DISTINCT ?w ?sym ?date WHERE { GRAPH ?g { ?w a ont:Work ; ont:symbol ?sym ; ont:date ?date } FILTER(STRSTARTS(STR(?g), BASE)) }""",
    # a blank-node-headed citation: its text and offset
    """SELECT ?e ?text ?off WHERE { GRAPH ?g { ?e ont:citation [ ont:citedText ?text ; ont:offset ?off ] } FILTER(STRSTARTS(STR(?g), BASE)) }""",
    # ASK
    """ASK { GRAPH ?g { ?p ont:num 3 } FILTER(STRSTARTS(STR(?g), BASE)) }""",
]


def _answers(result: object) -> object:
    """Answers as comparable values: a sorted list of rows of (kind, value, lang, datatype)."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return bool(result)
    rows = []
    for sol in result:  # type: ignore[attr-defined]
        row = []
        for term in sol:
            if term is None:
                row.append(None)
            elif isinstance(term, ox.Literal):
                dt = None if term.language else term.datatype.value
                row.append(("literal", term.value, term.language, dt))
            else:
                row.append((type(term).__name__, term.value if isinstance(term, ox.NamedNode) else "_"))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def _json_answers(doc: dict) -> object:  # type: ignore[type-arg]
    """SPARQL JSON results in the shape of :func:`_answers`."""
    if "boolean" in doc:
        return bool(doc["boolean"])
    names = doc["head"]["vars"]
    rows = []
    for b in doc["results"]["bindings"]:
        row: list[object] = []
        for n in names:
            t = b.get(n)
            if t is None:
                row.append(None)
            elif t["type"] == "uri":
                row.append(("NamedNode", t["value"]))
            elif t["type"] == "bnode":
                row.append(("BlankNode", "_"))
            else:
                lang = t.get("xml:lang")
                dt = None if lang else t.get("datatype", "http://www.w3.org/2001/XMLSchema#string")
                row.append(("literal", t["value"], lang, dt))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def test_competency_queries_answer_the_same_on_virtuoso_and_pyoxigraph(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "competency", graphs=4, paragraphs=40)
    code, stdout, stderr = _push(virtuoso, out, tmp_path / "j.jsonl")
    assert code == 0, stdout + stderr
    embedded = ox.Store()
    with gzip.open(out / "dumps/lod.nq.gz", "rb") as fh:
        embedded.load(fh, format=ox.RdfFormat.N_QUADS)
    prefixes = "PREFIX ont: <https://data.example.org/ontology/lod#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    for q in COMPETENCY:
        sparql = prefixes + q.replace("BASE", f'"{base}"')
        expected = _answers(embedded.query(sparql))
        got = _answers(remote.query(sparql))
        assert got == expected, sparql
        assert expected not in ([], False), f"query answers nothing, so it tests nothing: {sparql}"


def test_changed_graph_is_the_only_one_replaced(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "change", graphs=6, paragraphs=30)
    journal = tmp_path / "j.jsonl"
    assert _push(virtuoso, out, journal)[0] == 0
    changed = manifest["graphs"][3]["iri"]
    manifest2 = write_dataset(out, base=base, graphs=6, paragraphs=30, variants={changed: "révisé"})
    assert [g["sha256"] for g in manifest2["graphs"]] != [g["sha256"] for g in manifest["graphs"]]
    dry = _push(virtuoso, out, journal, "--dry-run")
    assert dry[0] == 0 and dry[1].count("would PUT") == 1 and changed in dry[1]
    code, stdout, stderr = _push(virtuoso, out, journal)
    assert code == 0, stdout + stderr
    put_lines = [line for line in stdout.splitlines() if "PUT" in line]
    assert len(put_lines) == 1 and changed in put_lines[0] and "(changed" in put_lines[0]
    # the journal and the store agree with the new manifest
    entries = Journal.open(journal, endpoint=virtuoso.gsp_endpoint).entries
    # the journal records what each graph holds (its N-Quads' sha256), not the sha256 of its compressed file
    assert {g: e.sha256 for g, e in entries.items()} == {g["iri"]: _nquads_sha256(g) for g in manifest2["graphs"]}
    assert _counts(remote, base) == _expected(manifest2)
    graphs = _column(remote, "SELECT ?g WHERE { GRAPH ?g { ?p <https://data.example.org/ontology/lod#text> ?t } "
                     f'FILTER(STRSTARTS(STR(?g), "{base}") && CONTAINS(?t, "révisé")) }} GROUP BY ?g')
    assert graphs == [changed]


def test_prune_deletes_only_our_departed_graphs(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "prune", graphs=4, paragraphs=10)
    journal = tmp_path / "j.jsonl"
    assert _push(virtuoso, out, journal)[0] == 0
    # a graph outside our namespace, pushed by someone else, also in our journal
    foreign = "http://other.example.org/graph/1"
    j = Journal.open(journal, endpoint=virtuoso.gsp_endpoint)
    j.record_put(foreign, sha256="0" * 64, triples=1)
    j.close()
    from lod.push.graphstore import GraphStoreClient, StoreTarget

    with GraphStoreClient(StoreTarget(gsp_endpoint=virtuoso.gsp_endpoint, auth=("dba", "dba"))) as c:
        c.put_graph(foreign, b"<http://other.example.org/a> <http://other.example.org/b> <http://other.example.org/c> .\n")
    # drop the last graph from the dataset
    gone = manifest["graphs"][-1]
    manifest["graphs"] = manifest["graphs"][:-1]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, stdout, stderr = _push(virtuoso, out, journal)
    assert code == 0 and "1 stale" in stdout
    assert gone["iri"] in _counts(remote, base)  # kept without --prune
    code, stdout, _ = _push(virtuoso, out, journal, "--prune", "--dry-run")
    assert "would DELETE" in stdout and gone["iri"] in stdout and foreign not in stdout
    code, stdout, stderr = _push(virtuoso, out, journal, "--prune")
    assert code == 0, stdout + stderr
    assert _counts(remote, base) == _expected(manifest)
    assert _counts(remote, "http://other.example.org/") == {foreign: 1}
    assert gone["iri"] not in Journal.open(journal, endpoint=virtuoso.gsp_endpoint).entries


def test_sparql_update_fallback_replaces_graphs_with_blank_nodes(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "update", graphs=3, paragraphs=50)
    runner = CliRunner()
    args = ["push", str(out), "--update-endpoint", virtuoso.update_endpoint, "--auth", "dba:dba",
            "--journal", str(tmp_path / "j.jsonl")]
    for extra in ([], ["--force"]):  # twice: the second must replace, not add
        result = runner.invoke(main, args + extra)
        assert result.exit_code == 0, result.stdout + result.stderr
        assert result.stdout.count("ok     PUT") == 3 and "update" in result.stdout
        assert _counts(remote, base) == _expected(manifest)
    # a GSP endpoint that is not one (404) makes push fall back to SPARQL Update
    write_dataset(out, base=base, graphs=3, paragraphs=50, variants={manifest["graphs"][0]["iri"]: "v2"})
    result = runner.invoke(main, args[:2] + ["--endpoint", f"{virtuoso.base_url}/no-gsp-here"] + args[2:] + ["--journal", str(tmp_path / "j2.jsonl")])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.count("update,") == 3
    assert _counts(remote, base) == _expected(manifest)


def test_bulk_loader_path_then_incremental_gsp(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "bulk", graphs=6, paragraphs=40)
    journal = tmp_path / "j.jsonl"
    bulk = ["--bulk", virtuoso.isql_address]
    for extra in ([], ["--force"]):  # a second bulk load replaces, not appends
        code, stdout, stderr = _push(virtuoso, out, journal, *bulk, *extra)
        assert code == 0, stdout + stderr
        assert stdout.count("ok     LOAD") == 6
        assert _counts(remote, base) == _expected(manifest)
    # GSP continues from the bulk load's journal
    code, stdout, _ = _push(virtuoso, out, journal)
    assert code == 0 and "6 unchanged" in stdout
    code, stdout, stderr = _push(virtuoso, out, journal, *bulk, "--force", auth="dba:nope")
    assert code == 1 and "Traceback" not in stdout + stderr
    assert stderr.strip().splitlines()[-1].startswith("PublishError: push stopped") and "refused user 'dba'" in stderr


def _compress_graph_files(out: Path) -> dict:  # type: ignore[type-arg]
    """Store a write_dataset() output's graph files as lod build does: graphs/<slug>.nq.gz (one gzip member),
    the manifest's sha256 of that file and content_sha256 of the N-Quads inside (docs/layout.md)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for g in manifest["graphs"]:
        plain = out / g["file"]
        packed = gzip.compress(plain.read_bytes(), mtime=0)
        plain.with_name(plain.name + ".gz").write_bytes(packed)
        plain.unlink()
        g.update(file=g["file"] + ".gz", sha256=hashlib.sha256(packed).hexdigest(), content_sha256={"nq": g["sha256"]})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest  # type: ignore[no-any-return]


def _load_list(virtuoso: LocalVirtuoso) -> list[str]:
    out = run_isql(virtuoso.isql_address, ("dba", "dba"), "SELECT concat('row|', ll_file) FROM DB.DBA.load_list;\n")
    return [line.strip()[4:] for line in out.splitlines() if line.strip().startswith("row|")]


def test_parallel_bulk_push_same_counts_then_nothing_then_one_changed_graph(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, _, base = _dataset(virtuoso, "parallel", graphs=8, paragraphs=40)
    manifest = _compress_graph_files(out)
    journal = tmp_path / "j.jsonl"
    orphan = out.parent / f".{out.name}.push-4194304"  # left by a killed push (no such process: above pid_max)
    orphan.mkdir()
    bulk = ["--bulk", virtuoso.isql_address, "--jobs", "3"]  # 3 chunk files, 3 loaders at once
    code, stdout, stderr = _push(virtuoso, out, journal, *bulk)
    assert code == 0, stdout + stderr
    assert stdout.count("ok     LOAD") == 8
    assert _counts(remote, base) == _expected(manifest)
    assert not list(out.parent.glob(f".{out.name}.push-*")) and not _load_list(virtuoso)  # chunks and their rows gone
    code, stdout, stderr = _push(virtuoso, out, journal, *bulk)  # a second push changes nothing
    assert code == 0 and "LOAD" not in stdout and "8 unchanged" in stdout, stdout + stderr
    # one graph changes: only it is loaded again, and it replaces the store's graph (same count, new text)
    changed = manifest["graphs"][5]["iri"]
    shutil.rmtree(out / "graphs")
    write_dataset(out, base=base, graphs=8, paragraphs=40, variants={changed: "révisé"})
    manifest2 = _compress_graph_files(out)
    code, stdout, stderr = _push(virtuoso, out, journal, *bulk)
    assert code == 0, stdout + stderr
    loads = [line for line in stdout.splitlines() if "LOAD" in line]
    assert len(loads) == 1 and changed in loads[0] and "(changed" in loads[0]
    assert _counts(remote, base) == _expected(manifest2)
    graphs = _column(remote, "SELECT ?g WHERE { GRAPH ?g { ?p <https://data.example.org/ontology/lod#text> ?t } "
                     f'FILTER(STRSTARTS(STR(?g), "{base}") && CONTAINS(?t, "révisé")) }} GROUP BY ?g')
    assert graphs == [changed]
    entries = Journal.open(journal, endpoint=virtuoso.gsp_endpoint).entries
    assert {g: e.sha256 for g, e in entries.items()} == {g["iri"]: _nquads_sha256(g) for g in manifest2["graphs"]}


def test_bulk_graph_the_loader_refuses_fails_alone(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    """A file that matches its manifest entry but that Virtuoso's parser refuses: its graph is reported, left
    empty and out of the journal; the graphs of the other chunks load."""
    out, manifest, base = _dataset(virtuoso, "refused", graphs=4, paragraphs=5)
    bad = manifest["graphs"][2]
    path = out / bad["file"]
    first, rest = path.read_bytes().split(b" ", 1)
    path.write_bytes(b"!!! " + rest)  # still a line per quad, each ending with the graph's name
    bad["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    journal = tmp_path / "j.jsonl"
    code, stdout, stderr = _push(virtuoso, out, journal, "--bulk", virtuoso.isql_address, "--jobs", "4")
    assert code == 1, stdout + stderr
    failed = [line for line in stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and bad["iri"] in failed[0] and "bulk loader:" in failed[0], stdout
    expected = _expected(manifest)
    del expected[bad["iri"]]
    assert _counts(remote, base) == expected
    assert set(Journal.open(journal, endpoint=virtuoso.gsp_endpoint).entries) == set(expected)


def test_bulk_refuses_a_dataset_outside_dirs_allowed_before_touching_the_store(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    # not under the store's DirsAllowed (Virtuoso lets anyone read /tmp, so not there either): the chunks would be beside it
    if not Path("/var/tmp").is_dir():
        pytest.skip("no /var/tmp")
    parent = Path(tempfile.mkdtemp(prefix="lod-outside-", dir="/var/tmp"))
    try:
        outside, base = parent / "site", "http://localhost:8000/outside/"
        write_dataset(outside, base=base, graphs=2, paragraphs=5)
        code, stdout, stderr = _push(virtuoso, outside, tmp_path / "j.jsonl", "--bulk", virtuoso.isql_address)
        assert code == 1 and "DirsAllowed" in stderr and str(parent) in stderr and "Traceback" not in stdout + stderr
        assert _counts(remote, base) == {} and not _load_list(virtuoso)
        assert [p.name for p in parent.iterdir()] == ["site"]  # the chunk folder is gone
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_remote_store_answers_like_pyoxigraph(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "remote", graphs=2, paragraphs=5)
    assert _push(virtuoso, out, tmp_path / "j.jsonl")[0] == 0
    g = manifest["graphs"][0]["iri"]
    n = len(list(remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")))  # type: ignore[arg-type]
    assert n == manifest["graphs"][0]["triples"]
    assert bool(remote.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")) is True
    from lod.errors import LodError

    with pytest.raises(LodError, match="refused the query"):
        remote.query("SELECT ?x WHERE { ?x ")


SHARED = REPO / ".." / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
CORPUS_SUBSET = ["en__A_RES_80_1.txt", "en__A_RES_80_3.txt", "en__A_RES_73_6.pdftotext.txt",
                 "fr__S_RES_233_1967.wikisource-recueil1967-p08.txt",
                 "en__S_RES_2331_2016.pdftotext.txt"]  # the seed cites it: the links graph joins them
BUILT_BASE = "http://localhost:8000/built/"


def _build(sources: Path, out: Path) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-m", "lod", "build", str(sources), "--out", str(out), "-j", "2", "--base", BUILT_BASE],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def built(virtuoso: LocalVirtuoso, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """lod build of the seed + a corpus subset, pushed once into Virtuoso."""
    root = tmp_path_factory.mktemp("built")
    sources = root / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    for name in CORPUS_SUBSET:
        shutil.copy(SHARED / "corpus" / "texts" / name, sources / name)
    out = root / "site"
    manifest = _build(sources, out)
    assert len(manifest["graphs"]) >= 2
    journal = root / "j.jsonl"
    code, stdout, stderr = _push(virtuoso, out, journal)
    assert code == 0, stdout + stderr
    return {"sources": sources, "out": out, "manifest": manifest, "journal": journal}


def _embedded(out: Path) -> ox.Store:
    """A pyoxigraph store loaded from the dataset's dump (what the build loads; `lod serve` may add a default graph to DIR/store)."""
    store = ox.Store()
    with gzip.open(out / "dumps" / "lod.nq.gz", "rb") as fh:
        store.load(fh, format=ox.RdfFormat.N_QUADS)
    return store


def test_built_dataset_same_counts_and_competency_answers(built: dict, remote: RemoteSparqlStore) -> None:  # type: ignore[type-arg]
    """The real pipeline: lod build → push → per graph the same triple count, and the competency
    queries (docs/queries/*.rq) answer the same on Virtuoso as on the embedded store the build wrote."""
    assert _counts(remote, BUILT_BASE) == _expected(built["manifest"])
    embedded = _embedded(built["out"])
    queries = sorted((REPO / "docs" / "queries").glob("*.rq"))
    assert queries, "docs/queries/*.rq (the competency questions) are missing"
    answered = 0
    for path in queries:
        sparql = path.read_text(encoding="utf-8")
        expected = _answers(embedded.query(sparql, use_default_graph_as_union=True))
        answered += expected not in ([], False)
        assert _answers(remote.query(sparql)) == expected, path.name
    assert answered >= len(queries) // 2, "most competency queries answer nothing on the seed: they test nothing"


def test_who_cites_a_document_answers_by_iri_on_virtuoso(built: dict, remote: RemoteSparqlStore) -> None:  # type: ignore[type-arg]
    """docs/queries/who-cites.rq, on the pushed dataset: the seed cites S/RES/2331 (2016) by the work's own IRI
    (the links graph, pushed like every graph, joins …/un-sc/2016/2331 with …/un-sc/2016-12-20/2331)."""
    query = (REPO / "docs" / "queries" / "who-cites.rq").read_text(encoding="utf-8").replace(
        "http://localhost:8000/", BUILT_BASE)
    rows = _answers(remote.query(query))
    assert any("CTOC/COP/2020/L.6/Rev.1" in str(row) for row in rows), rows
    assert rows == _answers(_embedded(built["out"]).query(query, use_default_graph_as_union=True))


def test_serve_with_store_answers_sparql_from_virtuoso(built: dict, virtuoso: LocalVirtuoso, remote: RemoteSparqlStore) -> None:  # type: ignore[type-arg]
    """`lod serve DIR --store URL`: /sparql and the pages are answered by Virtuoso, with the same checks and limits."""
    import requests

    from lod.push.virtuoso_server import free_port

    # no embedded store: whatever the pages show must come from Virtuoso
    embedded = built["out"] / "store"
    aside = built["out"].parent / "store-aside"
    if embedded.exists():
        embedded.rename(aside)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lod", "serve", str(built["out"]), "--port", str(port), "--max-rows", "5",
         "--store", virtuoso.query_endpoint],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.communicate()[1][-2000:]
                time.sleep(0.2)
        json_accept = {"Accept": "application/sparql-results+json"}
        for path in sorted((REPO / "docs" / "queries").glob("*.rq")):
            sparql = path.read_text(encoding="utf-8")
            r = requests.post(url, data={"query": sparql}, headers=json_accept, timeout=30)
            assert r.status_code == 200, r.text
            got = _json_answers(r.json())
            rows = _answers(remote.query(sparql))
            assert isinstance(got, list) and isinstance(rows, list)
            assert len(got) == min(5, len(rows)) and set(got) <= set(rows), path.name
        # the embedded store is gone: a full count of the seed's graph can only come from Virtuoso
        seed = next(g for g in built["manifest"]["graphs"] if g["symbol"] == "CTOC/COP/2020/L.6/Rev.1")
        probe = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{seed["iri"]}> {{ ?s ?p ?o }} }}'
        r = requests.post(url, data={"query": probe}, headers=json_accept, timeout=30)
        assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) == seed["triples"]
        # the same limits as the embedded endpoint: row cap flagged, updates refused, bad syntax is a 400
        r = requests.post(url, data={"query": "SELECT ?s WHERE { ?s ?p ?o }"}, headers=json_accept, timeout=30)
        assert r.status_code == 200 and r.headers.get("Lod-Truncated") == "true" and len(r.json()["results"]["bindings"]) == 5
        r = requests.post(url, data={"query": "DROP ALL"}, headers=json_accept, timeout=30)
        assert r.status_code == 403
        r = requests.post(url, data={"query": "SELECT ?x WHERE { ?x "}, headers=json_accept, timeout=30)
        assert r.status_code == 400
        # the seed's page, read from Virtuoso: title, paragraphs, points, footnotes
        path = seed["iri"].removeprefix(built["manifest"]["base"])
        page = requests.get(f"http://127.0.0.1:{port}/{path}", headers={"Accept": "text/html"}, timeout=60)
        assert page.status_code == 200, page.text[:500]
        html = page.text
        assert "Application effective du Protocole" in html and "CTOC/COP/2020/L.6/Rev.1" in html
        assert "Prie instamment" in html and 'id="para_13__list_1__point_k"' in html
        assert "Également au nom des États membres de l’Union européenne" in html
        ttl = requests.get(f"http://127.0.0.1:{port}/{path}", headers={"Accept": "text/turtle"}, timeout=60)
        assert ttl.status_code == 200 and "CTOC/COP/2020/L.6/Rev.1" in ttl.text
        assert not embedded.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if aside.exists() and not embedded.exists():
            aside.rename(embedded)


def test_rebuild_after_a_source_change_repushes_only_that_graph(built: dict, virtuoso: LocalVirtuoso, remote: RemoteSparqlStore) -> None:  # type: ignore[type-arg]
    sources, out, journal = built["sources"], built["out"], built["journal"]
    seed_graph = next(g for g in built["manifest"]["graphs"] if g["symbol"] == "CTOC/COP/2020/L.6/Rev.1")
    text = (sources / SEED.name).read_text(encoding="utf-8")
    assert "Encourage" in text
    (sources / SEED.name).write_text(text.replace("Encourage", "Exhorte", 1), encoding="utf-8")
    manifest2 = _build(sources, out)
    assert {g["iri"] for g in manifest2["graphs"]} == {g["iri"] for g in built["manifest"]["graphs"]}
    code, stdout, stderr = _push(virtuoso, out, journal)
    assert code == 0, stdout + stderr
    put_lines = [line for line in stdout.splitlines() if " PUT " in line]
    assert len(put_lines) == 1 and seed_graph["iri"] in put_lines[0], stdout
    entries = Journal.open(journal, endpoint=virtuoso.gsp_endpoint).entries
    # the journal records what each graph holds (its N-Quads' sha256), not the sha256 of its compressed file
    assert {g: e.sha256 for g, e in entries.items()} == {g["iri"]: _nquads_sha256(g) for g in manifest2["graphs"]}
    assert _counts(remote, BUILT_BASE) == _expected(manifest2)
    hits = _column(remote, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?t } "
                   f'FILTER(STRSTARTS(STR(?g), "{BUILT_BASE}") && ISLITERAL(?t) && CONTAINS(STR(?t), "Exhorte")) }}')
    assert hits == [seed_graph["iri"]]


def test_bulk_loader_reads_a_built_datasets_compressed_graph_files(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    """`lod build` stores graphs/<slug>.nq.gz: Virtuoso's bulk loader reads them as they are (ld_dir '*.nq.gz'),
    with the same triple count per graph; GSP then finds every graph unchanged (the journal keeps the N-Quads' hash)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    shutil.copy(SHARED / "corpus" / "texts" / CORPUS_SUBSET[0], sources / CORPUS_SUBSET[0])
    base = "http://localhost:8000/bulkbuilt/"
    out = virtuoso.data_root / "bulkbuilt"  # type: ignore[attr-defined]  # under the store's DirsAllowed
    proc = subprocess.run([sys.executable, "-m", "lod", "build", str(sources), "--out", str(out), "-j", "2", "--base", base,
                           "--no-store"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(g["file"].endswith(".nq.gz") for g in manifest["graphs"])
    journal = tmp_path / "j.jsonl"
    code, stdout, stderr = _push(virtuoso, out, journal, "--bulk", virtuoso.isql_address)
    assert code == 0, stdout + stderr
    assert stdout.count("ok     LOAD") == len(manifest["graphs"])
    assert _counts(remote, base) == _expected(manifest)
    code, stdout, _ = _push(virtuoso, out, journal)
    assert code == 0 and f"{len(manifest['graphs'])} unchanged" in stdout, stdout


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lod", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_wrong_password_and_unreachable_endpoint_give_one_line_errors(virtuoso: LocalVirtuoso, tmp_path: Path) -> None:
    out, _, _ = _dataset(virtuoso, "errors", graphs=2, paragraphs=5)
    cases = [
        (["--endpoint", virtuoso.gsp_endpoint, "--auth", "dba:wrong"], "refused user 'dba'"),
        (["--endpoint", virtuoso.gsp_endpoint], "pass --auth"),
        (["--endpoint", "http://127.0.0.1:9/sparql-graph-crud-auth", "--auth", "dba:dba", "--retries", "1"], "connection refused"),
    ]
    for i, (args, reason) in enumerate(cases):
        proc = _run_cli("push", str(out), *args, "--journal", str(tmp_path / f"j{i}.jsonl"))
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout
        errors = [line for line in proc.stderr.splitlines() if line.startswith("PublishError")]
        assert len(errors) == 1 and reason in errors[0], proc.stderr


def test_kill_virtuoso_mid_push_then_resume(virtuoso: LocalVirtuoso, remote: RemoteSparqlStore, tmp_path: Path) -> None:
    out, manifest, base = _dataset(virtuoso, "crash", graphs=240, paragraphs=20)
    journal = tmp_path / "j.jsonl"
    args = [sys.executable, "-m", "lod", "push", str(out), "--endpoint", virtuoso.gsp_endpoint, "--auth", "dba:dba",
            "--journal", str(journal), "--retries", "1", "--timeout", "10"]
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some graphs are in
        if journal.exists() and journal.read_text().count("\n") > 20:
            break
        time.sleep(0.01)
    virtuoso.kill()
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stdout + stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("PublishError: push stopped after") and "re-run to resume" in last, stderr
    pushed_before = journal.read_text().count('"op": "put"')
    assert 0 < pushed_before < 240
    virtuoso.start()
    proc2 = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc2.returncode == 0, proc2.stdout + proc2.stderr
    assert proc2.stdout.count("ok     PUT") <= 240 - pushed_before + 1  # at most the in-flight one again
    assert _counts(remote, base) == _expected(manifest)  # same final counts, nothing duplicated
