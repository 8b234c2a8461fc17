"""Links: fill a parsed resolution's citations, actions and addressees in one call.

``enrich`` is what the CLI (``lod parse``) and the build run after parsing:
citations first (``lod.enrich.citations.cite_resolution``), then actors
(``lod.enrich.actors.annotate_actors``). With ``base``, cited works get their IRIs
from ``lod.identifiers.work_iri_for_symbol`` (dated work IRI when the citation
carries a date, else the date-free alias) and actors theirs from
``lod.identifiers.actor_iri``; without it, IRIs stay None and the RDF layer
computes them from symbols and codes.

>>> from lod.read import parse_resolution
>>> r = enrich(parse_resolution("The General Assembly,\\nRecalling its resolution 70/1,\\n1. Requests the Secretary-General to report.\\n"))
>>> [c.target_symbol for c in r.citations], [a.code for a in r.operative[0].addressees]
(['A/RES/70/1'], ['un-sg'])
"""

from __future__ import annotations

from lod.enrich.actors import annotate_actors
from lod.enrich.citations import cite_resolution
from lod.model import Resolution

__all__ = ["enrich"]


def enrich(res: Resolution, *, base: str | None = None) -> Resolution:
    """A copy of ``res`` with citations, operative actions and addressees filled."""
    return annotate_actors(cite_resolution(res, base=base), base=base)
