"""A small built dataset (docs/layout.md) and a real ``lod serve`` subprocess, for the server tests.

Until ``lod build`` lands on main, the dataset is written here by hand with
AKN4UN-shaped IRIs: A/RES/74/176 in English and French, and the seed draft
CTOC/COP/2020/L.6/Rev.1 in French, citing it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, serialize

REPO = Path(__file__).resolve().parents[1]
BASE = "https://data.example.org/"
ONT = BASE + "ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WORK = BASE + "akn/un/statement/deliberation/un-ga/2019-12-18/74-176"
DRAFT = BASE + "akn/un/statement/deliberation/un-ctoc-cop/2020-10-16/CTOC-COP-2020-L.6-Rev.1"
GA = BASE + "akn/ontology/organization/un/un-ga"
COP = BASE + "akn/ontology/organization/un/un-ctoc-cop"
LANG = {"en": "ENG", "fr": "FRA"}

DOCS = [
    {
        "work": WORK, "symbol": "A/RES/74/176", "date": "2019-12-18", "body": GA, "kind": "Resolution",
        "langs": {
            "en": {
                "title": "Improving the coordination of efforts against trafficking in persons",
                "formula": "The General Assembly,",
                "preamble": [("Recalling", "Recalling all its previous resolutions on trafficking in persons,"),
                             ("Reaffirming", "Reaffirming the commitment of Member States¹ to end trafficking,")],
                "operative": [("Urges", "Urges Member States to ratify the Protocol;", []),
                              ("Requests", "Requests the Secretary-General to report on:",
                               ["the implementation of the present resolution;", "the funds received."])],
                "notes": [("1", "See resolution 55/25, annex II.")],
            },
            "fr": {
                "title": "Amélioration de la coordination des efforts déployés pour lutter contre la traite des personnes",
                "formula": "L'Assemblée générale,",
                "preamble": [("Rappelant", "Rappelant toutes ses résolutions antérieures sur la traite des personnes,"),
                             ("Réaffirmant", "Réaffirmant l'engagement des États Membres¹ de mettre fin à la traite,")],
                "operative": [("Exhorte", "Exhorte les États Membres à ratifier le Protocole ;", []),
                              ("Prie", "Prie le Secrétaire général de lui faire rapport sur :",
                               ["l'application de la présente résolution ;", "les fonds reçus."])],
                "notes": [("1", "Voir la résolution 55/25, annexe II.")],
            },
        },
    },
    {
        "work": DRAFT, "symbol": "CTOC/COP/2020/L.6/Rev.1", "date": "2020-10-16", "body": COP, "kind": "DraftResolution",
        "langs": {
            "fr": {
                "title": "Application effective du Protocole visant à prévenir, réprimer et punir la traite des personnes",
                "formula": "La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée,",
                "preamble": [("Rappelant", "Rappelant la résolution 74/176 de l'Assemblée générale du 18 décembre 2019,"),
                             ("Notant", "Notant le rapport A/75/123 du Secrétaire général,")],
                "operative": [("Prie", "Prie instamment les États parties :", ["a) de renforcer la coopération ;", "b) de protéger les victimes ;"])],
                "notes": [("*", "Nouveau tirage pour raisons techniques.")],
            },
        },
    },
]


def _lit(value: str, lang: str | None = None, dt: str | None = None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    if dt:
        return Literal(value, datatype=NamedNode(dt))
    return Literal(value)


def _quads(doc: dict, lang: str) -> list[Quad]:  # type: ignore[type-arg]
    w = NamedNode(doc["work"])
    e = NamedNode(f"{doc['work']}/{LANG[lang].lower()}@")
    g = e
    q: list[Quad] = []

    def add(s: object, p: str, o: object) -> None:
        q.append(Quad(s, NamedNode(p), o, g))  # type: ignore[arg-type]

    d = doc["langs"][lang]
    # work-level triples, copied in each expression graph (layout.md)
    add(w, RDF_TYPE, NamedNode(ONT + doc["kind"]))
    add(w, RDF_TYPE, NamedNode(ELI + "LegalResource"))
    add(w, DCT + "identifier", _lit(doc["symbol"]))
    add(w, ELI + "date_document", _lit(doc["date"], dt=XSD + "date"))
    add(w, ELI + "passed_by", NamedNode(doc["body"]))
    add(w, ELI + "is_realized_by", e)
    add(NamedNode(doc["body"]), SKOS + "prefLabel", _lit("General Assembly" if doc["body"] == GA else "Conference of the Parties to the UNTOC", "en"))
    # expression
    add(e, RDF_TYPE, NamedNode(ELI + "LegalExpression"))
    add(e, ELI + "realizes", w)
    add(e, ELI + "title", _lit(d["title"], lang))
    add(e, ELI + "language", NamedNode("http://publications.europa.eu/resource/authority/language/" + LANG[lang]))
    add(e, ONT + "formula", _lit(d["formula"], lang))
    pos = 0

    def part(eid: str, kind: str, text: str, num: str | None, parent: NamedNode, phrase: str | None = None) -> NamedNode:
        nonlocal pos
        pos += 1
        p = NamedNode(f"{e.value}/!main~{eid}")
        add(p, RDF_TYPE, NamedNode(ONT + kind))
        add(p, ONT + "eId", _lit(eid))
        add(p, ONT + "text", _lit(text, lang))
        add(p, ONT + "position", _lit(str(pos), dt=XSD + "integer"))
        add(p, ELI + "is_part_of", parent)
        if num:
            add(p, ONT + "num", _lit(num))
        if phrase:
            add(p, ONT + "phrase", _lit(phrase))
        # the language-neutral portion at work level
        wp = NamedNode(f"{w.value}/!main~{eid}")
        add(wp, RDF_TYPE, NamedNode(ONT + kind))
        add(wp, ELI + "is_realized_by", p)
        return p

    for i, (phrase, text) in enumerate(d["preamble"], 1):
        p = part(f"preamble__p_{i}", "PreambularParagraph", text, None, e, phrase)
        if "74/176" in text:
            start = text.index("74/176") - len("résolution ")
            c = BlankNode()
            add(p, ONT + "citation", c)
            add(c, RDF_TYPE, NamedNode(ONT + "Citation"))
            add(c, ONT + "text", _lit(text[start:text.index("74/176") + 6]))
            add(c, ONT + "start", _lit(str(start), dt=XSD + "integer"))
            add(c, ONT + "end", _lit(str(text.index("74/176") + 6), dt=XSD + "integer"))
            add(c, ONT + "target", w if False else NamedNode(WORK))
            add(p, ELI + "cites", NamedNode(WORK))
        if "A/75/123" in text:
            c = BlankNode()
            add(p, ONT + "citation", c)
            add(c, ONT + "text", _lit("A/75/123"))
            add(c, ONT + "targetSymbol", _lit("A/75/123"))
    for i, (phrase, text, points) in enumerate(d["operative"], 1):
        p = part(f"para_{i}", "OperativeParagraph", text, f"{i}.", e, phrase)
        for j, ptext in enumerate(points):
            letter = "abcdefghijk"[j]
            body = ptext[3:] if ptext[1:3] == ") " else ptext
            part(f"para_{i}__list_1__point_{letter}", "SubParagraph", body, f"{letter})" if lang == "fr" else f"({letter})", p)
    for marker, text in d["notes"]:
        eid = "note_star" if marker == "*" else f"note_{marker}"
        n = part(eid, "Footnote", text, None, e)
        add(n, ONT + "marker", _lit(marker))
    return q


def build_test_dataset(out: Path, base: str = BASE) -> Path:
    """Write a built dataset directory (docs/layout.md) at ``out`` and return it."""
    assert base == BASE, "the hand-written fixture uses one base"
    (out / "dumps").mkdir(parents=True)
    (out / "graphs").mkdir()
    (out / "ontology").mkdir()
    (out / "context").mkdir()
    all_quads: list[Quad] = []
    graphs = []
    for doc in DOCS:
        for lang in doc["langs"]:
            quads = _quads(doc, lang)
            all_quads += quads
            iri = quads[0].graph_name.value
            slug = hashlib.sha1(iri.encode()).hexdigest()[:12]
            data = serialize(quads, format=RdfFormat.N_QUADS)
            (out / "graphs" / f"{slug}.nq").write_bytes(data)
            graphs.append({"iri": iri, "file": f"graphs/{slug}.nq", "triples": len(quads), "sha256": hashlib.sha256(data).hexdigest(),
                           "symbol": doc["symbol"], "language": lang})
    (out / "dumps" / "lod.nq.gz").write_bytes(gzip.compress(serialize(all_quads, format=RdfFormat.N_QUADS), mtime=0))
    (out / "ontology" / "lod.ttl").write_text(
        f"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{BASE}ontology> a owl:Ontology ; rdfs:label \"lod ontology\"@en .\n"
        f"<{ONT}Resolution> a owl:Class ; rdfs:label \"Resolution\"@en .\n"
        f"<{ONT}text> a owl:DatatypeProperty ; rdfs:label \"text\"@en .\n", encoding="utf-8")
    (out / "context" / "v1.jsonld").write_text(json.dumps({"@context": {"eli": ELI, "lod": ONT}}), encoding="utf-8")
    (out / "void.ttl").write_text(
        f"@prefix void: <http://rdfs.org/ns/void#> .\n<{BASE}void#dataset> a void:Dataset ;\n"
        f"  void:uriSpace \"{BASE}akn/\" ;\n  void:triples {len(all_quads)} ;\n"
        f"  void:dataDump <{BASE}dumps/lod.nq.gz> ;\n  void:sparqlEndpoint <{BASE}sparql> .\n", encoding="utf-8")
    files = []
    for rel, mt in [("dumps/lod.nq.gz", "application/n-quads"), ("void.ttl", "text/turtle"), ("ontology/lod.ttl", "text/turtle"),
                    ("context/v1.jsonld", "application/ld+json")] + [(g["file"], "application/n-quads") for g in graphs]:
        data = (out / rel).read_bytes()
        files.append({"path": rel, "media_type": mt, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    (out / "SHA256SUMS").write_text("".join(f"{f['sha256']}  {f['path']}\n" for f in files), encoding="utf-8")
    manifest = {"format": 1, "base": base, "built": "2026-11-28T18:00:00Z", "generator": "tests/serve_fixtures.py",
                "graphs": graphs, "files": files}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A real ``python -m lod serve`` subprocess on a free loopback port."""

    def __init__(self, dataset: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = dataset.parent / f"serve-{self.port}.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lod", "serve", str(dataset), "--host", "127.0.0.1", "--port", str(self.port), *extra],
            cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"lod serve exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"lod serve did not answer within 60 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def serve(dataset: Path, *extra: str) -> Iterator[Server]:
    server = Server(dataset, *extra)
    try:
        yield server
    finally:
        server.stop()


# --- pytest fixtures (import them into a test module to use them) ---------------------------
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built dataset (see module docstring) in a session temp dir."""
    return build_test_dataset(tmp_path_factory.mktemp("serve") / "dataset")


@pytest.fixture(scope="module")
def server(dataset_dir: Path) -> Iterator[Server]:
    """``lod serve`` on the dataset, with small limits so the limit tests are quick."""
    yield from serve(dataset_dir, "--timeout", "2", "--max-rows", "50", "--workers", "2")
