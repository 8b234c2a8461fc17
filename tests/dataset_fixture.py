"""Write small built datasets that follow docs/layout.md, for the push tests.

``write_dataset(out, base=..., graphs=4, paragraphs=60)`` writes ``manifest.json``,
``graphs/<slug>.nq`` (one N-Quads file per named graph, graph name = expression
IRI in AKN4UN form), ``dumps/lod.nq.gz`` and ``SHA256SUMS``, exactly as
``lod build`` does, with deterministic, AKN-shaped content: a work and an
expression, preambular and operative paragraphs with language-tagged texts,
typed literals (integers, dates), and a blank-node-headed citation per graph.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

ONT = "https://data.example.org/ontology/lod#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _o(name: str) -> ox.NamedNode:
    return ox.NamedNode(ONT + name)


def expression_iri(base: str, number: int, lang: str) -> str:
    """``{base}akn/un/statement/deliberation/un-ga/2019-12-18/74-{number}/{lang}@``."""
    return f"{base}akn/un/statement/deliberation/un-ga/2019-12-18/74-{number}/{lang}@"


def graph_quads(base: str, number: int, lang: str, paragraphs: int, *, variant: str = "") -> list[ox.Quad]:
    """The quads of one expression graph (deterministic)."""
    g = ox.NamedNode(expression_iri(base, number, lang))
    work = ox.NamedNode(f"{base}akn/un/statement/deliberation/un-ga/2019-12-18/74-{number}")
    expr = g
    lt = "fr" if lang == "fra" else "en"
    t: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.Literal | ox.BlankNode]] = [
        (work, RDF_TYPE, _o("Work")),
        (work, _o("symbol"), ox.Literal(f"A/RES/74/{number}")),
        (work, _o("date"), ox.Literal("2019-12-18", datatype=ox.NamedNode(XSD + "date"))),
        (expr, RDF_TYPE, _o("Expression")),
        (expr, _o("realizes"), work),
        (expr, _o("language"), ox.Literal(lt)),
        (expr, RDFS_LABEL, ox.Literal(f"Résolution 74/{number} « l'État » {variant}".strip(), language=lt)),
    ]
    for i in range(1, paragraphs + 1):
        kind = "preamble__p" if i <= paragraphs // 3 else "para"
        p = ox.NamedNode(f"{expr.value}/!main~{kind}_{i}")
        text = f"Paragraphe {i} de la résolution 74/{number}: « texte » \"cité\"\n ligne {variant}" if lt == "fr" else f"Paragraph {i} of resolution 74/{number}, {variant}"
        t += [
            (p, RDF_TYPE, _o("PreambularParagraph" if kind == "preamble__p" else "OperativeParagraph")),
            (p, _o("partOf"), expr),
            (p, _o("num"), ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer"))),
            (p, _o("text"), ox.Literal(text, language=lt)),
        ]
        if i % 7 == 0:
            t.append((p, _o("cites"), ox.NamedNode(f"{base}akn/un/statement/deliberation/un-ga/2015-09-25/70-1")))
    cite = ox.BlankNode(f"c{number}{lang}")
    t += [(expr, _o("citation"), cite), (cite, _o("citedText"), ox.Literal("résolution 70/1", language=lt)), (cite, _o("offset"), ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")))]
    return [ox.Quad(s, p, o, g) for s, p, o in t]


def write_dataset(out: Path, *, base: str = "http://localhost:8000/", graphs: int = 4, paragraphs: int = 60, variants: dict[str, str] | None = None) -> dict:  # type: ignore[type-arg]
    """Write a dataset with ``graphs`` expression graphs; returns the manifest."""
    variants = variants or {}
    out = Path(out)
    (out / "graphs").mkdir(parents=True, exist_ok=True)
    (out / "dumps").mkdir(exist_ok=True)
    entries, all_quads = [], []
    for k in range(graphs):
        number, lang = 170 + k // 2, ("eng" if k % 2 == 0 else "fra")
        iri = expression_iri(base, number, lang)
        quads = graph_quads(base, number, lang, paragraphs, variant=variants.get(iri, ""))
        all_quads += quads
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        rel = f"graphs/74-{number}-{lang}.nq"
        (out / rel).write_bytes(data)
        entries.append({"iri": iri, "file": rel, "triples": len(quads), "sha256": hashlib.sha256(data).hexdigest(),
                        "source": f"74-{number}.txt", "source_sha256": "0" * 64, "symbol": f"A/RES/74/{number}",
                        "language": lang[:2]})
    dump = gzip.compress(ox.serialize(all_quads, format=ox.RdfFormat.N_QUADS), mtime=0)
    (out / "dumps/lod.nq.gz").write_bytes(dump)
    files = [{"path": "dumps/lod.nq.gz", "media_type": "application/n-quads", "bytes": len(dump), "sha256": hashlib.sha256(dump).hexdigest()}]
    manifest = {"format": 1, "base": base, "built": "2026-11-28T18:00:00Z", "generator": "tests/dataset_fixture.py", "graphs": entries, "files": files}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    sums = [f"{e['sha256']}  {e['file']}" for e in entries] + [f"{f['sha256']}  {f['path']}" for f in files]
    (out / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    return manifest
