"""The whole dataset conforms: the N-Quads dump of a seed + corpus build, loaded as one graph the way a
consumer loads it, passes the shapes with pyshacl; lod's own check of what several graphs say about
one node agrees, and both catch a planted union-only violation."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
import rdflib

from lod.validate.union import union_violations_of_dump

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("union") / "site"
    proc = subprocess.run([sys.executable, "-m", "lod", "build", str(SHARED / "seeds"), str(SHARED / "corpus" / "texts"),
                           "--out", str(out), "--no-store"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out / "dumps" / "lod.nq.gz"


def _pyshacl_on_union(path: Path) -> tuple[bool, str]:
    ds = rdflib.Dataset()
    with gzip.open(path, "rb") as fh:
        ds.parse(fh, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _g in ds.quads():
        union.add((s, p, o))
    assert len(union) > 30_000
    conforms, _report, text = pyshacl.validate(union, shacl_graph=rdflib.Graph().parse(ROOT / "shapes" / "lod.ttl"),
                                               inference="none")
    return bool(conforms), str(text)


def test_the_union_of_every_published_graph_conforms(dump: Path) -> None:
    conforms, text = _pyshacl_on_union(dump)
    assert conforms, text[:3000]
    ours = union_violations_of_dump(dump)
    assert ours.conforms and ours.shared > 50, [str(f) for f in ours.findings][:5]


def test_a_body_labelled_differently_in_two_graphs_breaks_the_union_and_both_checks_see_it(dump: Path,
                                                                                          tmp_path: Path) -> None:
    planted = tmp_path / "planted.nq.gz"
    body = "<http://localhost:8000/akn/ontology/organization/un/un-ga>"
    extra = (f'{body} <http://www.w3.org/2004/02/skos/core#prefLabel> "The General Assembly of the UN"@en '
             "<http://localhost:8000/akn/un/statement/deliberation/un-ga/2099-01-01/1-1/eng@> .\n").encode()
    planted.write_bytes(gzip.compress(gzip.decompress(dump.read_bytes()) + extra))
    conforms, text = _pyshacl_on_union(planted)
    assert not conforms and "un-ga" in text
    ours = union_violations_of_dump(planted)
    assert not ours.conforms
    assert [(f.focus.rsplit("/", 1)[1], f.component.rsplit("#", 1)[1]) for f in ours.findings] == [
        ("un-ga", "UniqueLangConstraintComponent")]
