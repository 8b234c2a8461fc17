"""The ``lod parse --json`` contract: ``Resolution`` → plain JSON (schemas/parse.schema.json).

>>> from lod.read import parse_resolution
>>> doc = resolution_to_json(parse_resolution("The General Assembly,\\n1. Decides to act.\\n"))
>>> doc["operative"][0]["num"], doc["schema_version"]
('1', 1)
"""

from __future__ import annotations

from typing import Any

from lod.model import NoteRef, OperativeParagraph, Point, Resolution

__all__ = ["SCHEMA_VERSION", "resolution_to_json"]

SCHEMA_VERSION = 1


def _notes(refs: tuple[NoteRef, ...]) -> list[dict[str, Any]]:
    return [{"marker": r.marker, "offset": r.offset} for r in refs]


def _point(p: Point) -> dict[str, Any]:
    return {"eId": p.eid, "num": p.num, "text": p.text, "notes": _notes(p.notes), "points": [_point(c) for c in p.points]}


def _operative(p: OperativeParagraph) -> dict[str, Any]:
    return {
        "eId": p.eid,
        "num": p.num,
        "section": p.section,
        "heading": p.heading,
        "phrase": p.phrase,
        "text": p.text,
        "notes": _notes(p.notes),
        "points": [_point(c) for c in p.points],
        "action": p.action,
        "addressees": [{"label": a.label, "code": a.code, "iri": a.iri} for a in p.addressees],
        "further_actions": [{"action": f.action, "offset": f.offset,
                             "addressees": [{"label": a.label, "code": a.code, "iri": a.iri} for a in f.addressees]}
                            for f in p.further_actions],
    }


def resolution_to_json(r: Resolution) -> dict[str, Any]:
    """Plain JSON-ready dict of a parsed resolution (stable key order)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "symbol": r.symbol,
        "symbols": list(r.symbols),
        "amends": r.amends,
        "language": r.language,
        "doc_type": r.doc_type,
        "job_number": r.job_number,
        "body": r.body,
        "title": r.title,
        "formula": r.formula,
        "adoption_date": r.adoption_date.isoformat() if r.adoption_date else None,
        "session": r.session,
        "agenda_item": r.agenda_item,
        "sponsors": list(r.sponsors),
        "preamble": [{"eId": p.eid, "phrase": p.phrase, "text": p.text, "notes": _notes(p.notes)} for p in r.preamble],
        "operative": [_operative(p) for p in r.operative],
        "sections": [{"eId": s.eid, "num": s.num, "heading": s.heading, **({"level": s.level, "parent": s.parent} if s.level != "section" or s.parent else {})}
                     for s in r.sections],
        "annexes": [{"eId": a.eid, "num": a.num, "title": a.title, "text": a.text, "notes": _notes(a.notes)} for a in r.annexes],
        "footnotes": [{"eId": f.eid, "marker": f.marker, "text": f.text} for f in r.footnotes],
        "citations": [
            {
                "text": c.text,
                "kind": c.kind,
                "in": c.in_eid,
                "start": c.start,
                "end": c.end,
                "target": {"symbol": c.target_symbol, "iri": c.target_iri,
                           "date": c.target_date.isoformat() if c.target_date else None},
                # lod.enrich.citations: article/paragraph/treaty/unts_*/sales_number/sdg_*/ibid...; cited_from =
                # the paragraphs carrying the marker of the footnote that holds the citation.
                "attributes": {k: v for k, v in c.attributes if k != "cited_from"},
                "cited_from": [v for k, v in c.attributes if k == "cited_from"],
            }
            for c in r.citations
        ],
        "warnings": [{"code": w.code, "message": w.message, "line": w.line} for w in r.warnings],
        "source": {"name": r.source.name, "sha256": r.source.sha256, "bytes": r.source.size, "encoding": r.source.encoding},
    }
