"""`lod push` without Virtuoso: planning, journal, file checks, retries against a real loopback HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.errors import PublishError
from lod.push.graphstore import StoreTarget, update_requests
from lod.push.journal import Journal
from lod.push.pusher import GraphFileError, in_namespace, plan_push, push_dataset, read_dataset_graphs, read_graph_file

try:
    from .dataset_fixture import write_dataset
except ImportError:  # tests/ is not a package
    from dataset_fixture import write_dataset  # type: ignore[no-redef]

BASE = "http://localhost:8000/"


@pytest.fixture()
def dataset(tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path / "ds"
    return out, write_dataset(out, base=BASE, graphs=4, paragraphs=10)


def test_plan_new_changed_unchanged_stale_delete_foreign(dataset: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, manifest = dataset
    ds = read_dataset_graphs(out)
    j = Journal.open(tmp_path / "j.jsonl", endpoint="http://store")
    g = [x["iri"] for x in manifest["graphs"]]
    j.record_put(g[0], sha256=manifest["graphs"][0]["sha256"], triples=1)
    j.record_put(g[1], sha256="f" * 64, triples=1)
    j.record_put(BASE + "akn/un/old/eng@", sha256="a" * 64, triples=1)
    j.record_put("http://elsewhere.org/g", sha256="a" * 64, triples=1)
    kinds = {a.graph: a.kind for a in plan_push(ds, j.entries)}
    assert kinds == {g[0]: "unchanged", g[1]: "changed", g[2]: "new", g[3]: "new", BASE + "akn/un/old/eng@": "stale"}
    pruned = {a.graph: a.kind for a in plan_push(ds, j.entries, prune=True)}
    assert pruned[BASE + "akn/un/old/eng@"] == "delete" and "http://elsewhere.org/g" not in pruned
    assert {a.kind for a in plan_push(ds, j.entries, force=True) if a.graph in g} == {"new"}


def test_graph_outside_the_base_is_refused(dataset: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, manifest = dataset
    manifest["base"] = "http://localhost:8000/other/"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(main, ["push", str(out), "--endpoint", "http://127.0.0.1:9/gsp", "--journal", str(tmp_path / "j"), "--dry-run"])
    assert result.exit_code == 1
    assert result.stderr.count("outside the dataset namespace") == 4


def test_namespace_check() -> None:
    assert in_namespace(BASE + "akn/un/x", BASE)
    assert not in_namespace("http://localhost:8000", BASE)
    assert not in_namespace("http://localhost:80001/x", "http://localhost:8000")
    assert in_namespace("http://localhost:8000/x", "http://localhost:8000")


def test_journal_survives_a_torn_last_line_and_refuses_another_endpoint(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    j = Journal.open(path, endpoint="http://a")
    j.record_put("http://g/1", sha256="1" * 64, triples=5)
    j.close()
    with path.open("a") as fh:
        fh.write('{"op": "put", "graph": "http://g/2", "sha')  # killed while writing
    assert set(Journal.open(path, endpoint="http://a").entries) == {"http://g/1"}
    with pytest.raises(PublishError, match="records pushes to 'http://a'"):
        Journal.open(path, endpoint="http://b")
    held = Journal.open(path, endpoint="http://a", lock=True)
    with pytest.raises(PublishError, match="another lod push is using this journal"):
        Journal.open(path, endpoint="http://a", lock=True)
    held.unlock()
    Journal.open(path, endpoint="http://a", lock=True).unlock()


def test_graph_file_checks(dataset: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, _ = dataset
    ds = read_dataset_graphs(out)
    doc, statements = read_graph_file(ds.graphs[0])
    assert len(list(ox.parse(doc, ox.RdfFormat.N_TRIPLES))) == ds.graphs[0].triples == len(statements)
    ds.graphs[1].path.write_bytes(ds.graphs[1].path.read_bytes() + b"\n")
    with pytest.raises(GraphFileError, match="manifest says sha256"):
        read_graph_file(ds.graphs[1])


def test_missing_manifest_and_missing_endpoint(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["push", str(tmp_path), "--endpoint", "http://127.0.0.1:9/x", "--journal", str(tmp_path / "j")])
    assert r.exit_code == 1 and "no manifest.json" in r.stderr and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["push", str(tmp_path)])
    assert r.exit_code == 2 and "--endpoint" in r.stderr


def test_update_requests_keep_blank_nodes_together() -> None:
    triples = [f"<http://s/{i}> <http://p> \"_:not a bnode {i}\"" for i in range(5)] + ["_:b1 <http://p> <http://o>", "<http://s> <http://p> _:b1"]
    bodies = list(update_requests("http://g", triples, chunk=2))
    assert bodies[0].startswith("DROP SILENT GRAPH <http://g> ;\nINSERT DATA")
    assert len(bodies) == 4  # 3 ground chunks (2+2+1) + 1 with the blank nodes
    assert "_:b1" in bodies[-1] and bodies[-1].count("_:b1") == 2 and bodies[-1].endswith("WHERE {}")


class _FlakyStore(BaseHTTPRequestHandler):
    """A minimal GSP store: 503 twice, then 201; 400 for graphs containing 'reject'."""

    graphs: dict[str, bytes] = {}
    hits: list[str] = []
    failures_left = 2

    def do_PUT(self) -> None:  # noqa: N802
        graph = parse_qs(urlparse(self.path).query)["graph"][0]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).hits.append(graph)
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self._answer(503, b"busy")
        elif graph.endswith("74-171/eng@"):
            self._answer(400, b"bad data")
        else:
            type(self).graphs[graph] = body
            self._answer(201, b"")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def flaky_store() -> Iterator[str]:
    _FlakyStore.graphs, _FlakyStore.hits, _FlakyStore.failures_left = {}, [], 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FlakyStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/gsp"
    server.shutdown()
    server.server_close()


def test_retries_5xx_and_reports_a_rejected_graph_but_goes_on(dataset: tuple[Path, dict], flaky_store: str, tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, manifest = dataset
    target = StoreTarget(gsp_endpoint=flaky_store, retries=3, backoff=0.01)
    report = push_dataset(out, target, journal_path=tmp_path / "j.jsonl")
    assert _FlakyStore.hits[:3] == [manifest["graphs"][0]["iri"]] * 3  # two 503s, then success
    assert len(report.failed) == 1 and "HTTP 400: bad data" in report.failed[0].message
    assert report.aborted is None and not report.ok
    assert set(_FlakyStore.graphs) == {g["iri"] for g in manifest["graphs"]} - {report.failed[0].action.graph}
    # the rejected graph is not journalled: the next run tries it (and only it) again
    again = push_dataset(out, target, journal_path=tmp_path / "j.jsonl", dry_run=True)
    assert [a.graph for a in again.plan if a.writes] == [report.failed[0].action.graph]


def test_dry_run_touches_nothing(dataset: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, manifest = dataset
    journal = tmp_path / "journal.jsonl"
    r = CliRunner().invoke(main, ["push", str(out), "--endpoint", "http://127.0.0.1:9/gsp", "--journal", str(journal), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert r.stdout.count("would PUT") == len(manifest["graphs"]) and "would put 4 new" in r.stdout
    assert not journal.exists()  # no store contacted (port 9 is closed), no journal written


def test_bulk_needs_credentials(dataset: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, _ = dataset
    r = CliRunner().invoke(main, ["push", str(out), "--endpoint", "http://127.0.0.1:9/gsp", "--bulk", "127.0.0.1:1111", "--journal", str(tmp_path / "j")])
    assert r.exit_code == 1 and "--bulk needs --auth" in r.stderr
