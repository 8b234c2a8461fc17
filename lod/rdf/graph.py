"""Model → RDF: one ``Resolution`` (one language) → the triples of its expression graph.

Pure and deterministic: no I/O, no clock (the build time comes in ``Provenance``).
The graph holds the work-level triples (work, parts, actor), the expression and
its text units, opening-phrase concepts, note references, citations and PROV
provenance; it is published as the named graph ``expression_iri``.

Levels (IRIs from ``lod.identifiers``)::

    Work {W}                       lod:Resolution … ⊑ eli:LegalResource
      Part {W}/!main~{eId}         lod:OperativeParagraph … (eli:is_part_of, lod:position, lod:eId)
    Expression {W}/fra@            lod:Expression (eli:realizes W, eli:title, lod:formula)
      TextUnit {W}/fra@/!main~{eId} lod:TextUnit (eli:realizes Part, lod:text "…"@fr, lod:phrase)

Citations are mapped by ``citation_triples`` (called when ``Resolution.citations``
is non-empty); the actors helper may add its own function the same way: a
function ``(resolution, ctx) -> list[Triple]`` appended in ``resolution_triples``.

Example:
    >>> from lod.model import Resolution, SourceInfo, OperativeParagraph
    >>> r = Resolution(symbol="A/RES/74/176", language="en", doc_type="resolution", title="T",
    ...     formula="The General Assembly,", preamble=(), footnotes=(),
    ...     operative=(OperativeParagraph("para_1", "1", None, "Requests", "Requests the SG."),),
    ...     source=SourceInfo("x.txt", "0" * 64, 10), adoption_date=__import__("datetime").date(2019, 12, 18))
    >>> g = to_graph(r, "http://x.org/")
    >>> len(g) > 20
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from rdflib import Graph
from rdflib import namespace as rdfns


from lod import identifiers as ids
from lod.enrich.gazetteer import load_gazetteer
from lod.errors import IdentifierError
from lod.model import Annex, Citation, Footnote, NoteRef, OperativeParagraph, Point, PreambularParagraph, Resolution
from lod.rdf import nt
from lod.rdf.nt import iri, literal
from lod.rdf.terms import Terms
from lod.rdf.serialize import PREFIXES
from lod import vocab

ELI, LOD = Terms(vocab.ELI), Terms(vocab.LOD)
DCAT, DCTERMS, OWL, PROV = Terms(rdfns.DCAT), Terms(rdfns.DCTERMS), Terms(rdfns.OWL), Terms(rdfns.PROV)
RDF, RDFS, SDO, SKOS = Terms(rdfns.RDF), Terms(rdfns.RDFS), Terms(rdfns.SDO), Terms(rdfns.SKOS)
_XSD = rdfns.XSD

__all__ = [
    "CITATION_KINDS",
    "Context",
    "Provenance",
    "Triple",
    "citation_triples",
    "graph_of",
    "resolution_triples",
    "to_graph",
    "work_and_expression",
]

Triple = nt.Triple  # N-Triples text of subject, predicate, object (lod.rdf.nt)

_CLASS_BY_TYPE = {
    "resolution": (LOD.Resolution, LOD.resolution),
    "draft-resolution": (LOD.DraftResolution, LOD.resolutionDraft),
    "decision": (LOD.Decision, LOD.decision),
    "draft-decision": (LOD.DraftDecision, LOD.decisionDraft),
    "amendment": (LOD.Amendment, LOD.amendment),
}
_ADOPTED_TYPES = {"resolution", "decision"}


@dataclass(frozen=True)
class Provenance:
    """What PROV records about a build of one expression: when, and by which version of ``lod``."""

    built: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)
    software_version: str = "0.0.0"


@dataclass(frozen=True)
class Context:
    """Everything a mapping function needs to mint IRIs for one resolution."""

    resolution: Resolution
    base: str
    work: str
    expression: str
    lang: str

    _parts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _units: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _notes: dict[str, Footnote] = field(default_factory=dict, compare=False, repr=False)

    def footnote(self, marker: str) -> Footnote | None:
        """The footnote a marker refers to (the index is built on first use, once per resolution)."""
        if not self._notes and self.resolution.footnotes:
            self._notes.update((f.marker, f) for f in self.resolution.footnotes)
        return self._notes.get(marker)

    def part(self, eid: str) -> str:
        """The work-level part named by ``eid`` (N-Triples IRI, minted once per eId)."""
        t = self._parts.get(eid)
        if t is None:
            t = self._parts[eid] = iri(ids.portion_iri(self.work, eid))
        return t

    def text_unit(self, eid: str) -> str:
        """The expression-level text unit of ``eid`` (N-Triples IRI, minted once per eId)."""
        t = self._units.get(eid)
        if t is None:
            t = self._units[eid] = iri(ids.text_portion_iri(self.expression, eid))
        return t

    def text(self, value: str) -> str:
        return literal(value, lang=self.lang)


def work_and_expression(resolution: Resolution, base: str) -> tuple[str, str]:
    """The work and expression IRIs of a parsed resolution.

    Raises:
        IdentifierError: no symbol, an unknown symbol prefix, or no date or year to name it by.
    """
    if not resolution.symbol:
        raise IdentifierError("expected a document symbol (e.g. 'A/RES/74/176') in the text, found none")
    work = ids.work_iri(resolution.symbol, base, date=resolution.adoption_date, job_number=resolution.job_number)
    return work, ids.expression_iri(work, resolution.language)


def to_graph(resolution: Resolution, base: str, provenance: Provenance | None = None) -> Graph:
    """The expression graph of ``resolution`` as an rdflib ``Graph`` (prefixes bound)."""
    return graph_of(resolution_triples(resolution, base, provenance))


def graph_of(triples: Iterable[Triple]) -> Graph:
    """An rdflib ``Graph`` holding ``triples`` (N-Triples strings or rdflib terms), with the project's prefixes bound."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for s, p, o in triples:
        g.add((nt.to_rdflib(nt.from_rdflib(s)), nt.to_rdflib(nt.from_rdflib(p)), nt.to_rdflib(nt.from_rdflib(o))))
    return g


def resolution_triples(resolution: Resolution, base: str, provenance: Provenance | None = None) -> list[Triple]:
    """Every triple of the expression graph, in a deterministic order."""
    base = ids.normalize_base(base)
    work, expression = work_and_expression(resolution, base)
    ctx = Context(resolution, base, work, expression, resolution.language)
    out: list[Triple] = []
    out += _work_triples(ctx)
    out += _expression_triples(ctx)
    out += _part_triples(ctx)
    out += _provenance_triples(ctx, provenance or Provenance())
    out += _manifestation_triples(ctx)
    if resolution.citations:
        out += citation_triples(ctx)
    return out


def _work_triples(ctx: Context) -> list[Triple]:
    r = ctx.resolution
    assert r.symbol is not None
    sym = ids.ResolutionSymbol.parse(r.symbol)
    W = iri(ctx.work)
    cls, doc_type = _CLASS_BY_TYPE[r.doc_type]
    actor = iri(ids.actor_iri(sym.actor, ctx.base))
    out: list[Triple] = [
        (W, RDF.type, cls),
        (W, DCTERMS.identifier, literal(sym.symbol)),
        (W, ELI.number, literal(sym.show_as)),
        (W, ELI.type_document, doc_type),
        (W, ELI.passed_by if r.doc_type in _ADOPTED_TYPES else ELI.responsibility_of, actor),
        (W, OWL.sameAs, iri(ids.alias_iri(sym, ctx.base))),
        (W, RDFS.seeAlso, iri(ids.undocs_url(sym.symbol))),
        (W, ELI.is_realized_by, iri(ctx.expression)),
        (actor, RDF.type, LOD.Body),
        (actor, SKOS.notation, literal(sym.actor)),
    ]
    out += [(actor, SKOS.prefLabel, literal(label, lang=lang)) for lang, label in _body_labels(sym.actor)]
    if r.adoption_date is not None:
        out.append((W, ELI.date_document, literal(r.adoption_date.isoformat(), datatype=str(_XSD.date))))
    if r.amends:  # an amendment names the draft it amends: the same IRI a citation of it gets
        try:
            out.append((W, ELI.amends, iri(ids.work_iri_for_symbol(r.amends, ctx.base))))
        except IdentifierError:  # a symbol no IRI can be minted for: nothing to point at
            pass
    return out


def _body_labels(code: str) -> list[tuple[str, str]]:
    """The issuing body's preferred label per language, as the actors graph states it (the gazetteer's
    first label in each language), so that the union of all graphs says one thing about each body;
    ``lod.identifiers.ACTORS`` only for a body the gazetteer lacks.

    >>> _body_labels("un-ga-c3")
    [('en', 'Third Committee'), ('fr', 'Troisième Commission')]
    """
    entry = load_gazetteer().get(code)
    if entry is None:
        labels = ids.ACTORS.get(code)
        return [("en", labels[0]), ("fr", labels[1])] if labels else []
    out: list[tuple[str, str]] = []
    for lang, label in entry.labels:
        if lang and all(lang != seen for seen, _ in out):
            out.append((lang, label))
    return out


def _expression_triples(ctx: Context) -> list[Triple]:
    r = ctx.resolution
    E = iri(ctx.expression)
    assert r.symbol is not None
    out: list[Triple] = [
        (E, RDF.type, LOD.Expression),
        (E, ELI.realizes, iri(ctx.work)),
        (E, ELI.language, iri(ids.language_authority_iri(r.language))),
        (E, RDFS.seeAlso, iri(ids.undocs_url(r.symbol, r.language))),
    ]
    if r.title:
        out.append((E, ELI.title, ctx.text(r.title)))
    if r.formula:
        out.append((E, LOD.formula, ctx.text(r.formula)))
    if r.job_number:
        out.append((E, LOD.jobNumber, literal(r.job_number)))
    if r.session:
        out.append((E, LOD.session, literal(r.session)))
    if r.agenda_item:
        out.append((E, LOD.agendaItem, literal(r.agenda_item)))
    for sponsor in r.sponsors:
        out.append((E, LOD.sponsorName, ctx.text(sponsor)))
    return out


def _part(ctx: Context, eid: str, cls: str, parent: str, position: int, num: str | None) -> list[Triple]:
    """The work-level part and its text unit, linked both ways to parent / part."""
    P, T = ctx.part(eid), ctx.text_unit(eid)
    out: list[Triple] = [
        (P, RDF.type, cls),
        (P, LOD.eId, literal(eid)),
        (P, LOD.position, literal(position)),
        (P, ELI.is_part_of, parent),
        (parent, ELI.has_part, P),
        (P, ELI.is_realized_by, T),
        (T, RDF.type, LOD.TextUnit),
        (T, ELI.realizes, P),
        (T, ELI.is_part_of, iri(ctx.expression)),
    ]
    if num:  # unnumbered paragraphs ("The General Assembly / Adopts …") have no eli:number
        out.append((P, ELI.number, literal(num)))
    return out


def _notes(ctx: Context, eid: str, notes: Iterable[NoteRef]) -> list[Triple]:
    out: list[Triple] = []
    T = ctx.text_unit(eid)
    for i, ref in enumerate(notes, start=1):
        note = ctx.footnote(ref.marker)
        if note is None:  # a marker with no footnote text: nothing to link to
            continue
        N = iri(ids.note_reference_iri(T[1:-1], i))
        out += [(T, LOD.hasNoteReference, N), (N, RDF.type, LOD.NoteReference),
                (N, LOD.marker, literal(ref.marker)), (N, LOD.offset, literal(ref.offset)),
                (N, LOD.refersToNote, ctx.part(note.eid)), (ctx.part(eid), LOD.hasNote, ctx.part(note.eid))]
    return out


def _phrase(ctx: Context, eid: str, phrase: str | None) -> list[Triple]:
    if not phrase or not phrase.strip():
        return []
    C = iri(ids.phrase_iri(phrase, ctx.lang, ctx.base))
    return [(ctx.text_unit(eid), LOD.phrase, C), (C, RDF.type, LOD.OpeningPhrase),
            (C, SKOS.prefLabel, ctx.text(phrase.strip())),
            (C, SKOS.inScheme, iri(ids.phrase_scheme_iri(ctx.base)))]


def _points(ctx: Context, parent_eid: str, points: tuple[Point, ...]) -> list[Triple]:
    out: list[Triple] = []
    for i, pt in enumerate(points, start=1):
        out += _part(ctx, pt.eid, LOD.Point, ctx.part(parent_eid), i, pt.num)
        out.append((ctx.text_unit(pt.eid), LOD.text, ctx.text(pt.text)))
        out += _notes(ctx, pt.eid, pt.notes)
        out += _points(ctx, pt.eid, pt.points)
    return out


def _part_triples(ctx: Context) -> list[Triple]:
    r = ctx.resolution
    W = iri(ctx.work)
    out: list[Triple] = []
    for i, pp in enumerate(r.preamble, start=1):
        out += _preambular(ctx, W, i, pp)
    sections = {s.num: s for s in r.sections if s.level == "section"}
    placed: dict[str, int] = {}
    for s in r.sections:
        container = ctx.part(s.parent) if s.parent else W  # a budget resolution's sections sit in their part
        placed[container] = placed.get(container, 0) + 1
        out += _part(ctx, s.eid, LOD.Section, container, placed[container], s.num)
        if s.heading:
            out.append((ctx.text_unit(s.eid), LOD.heading, ctx.text(s.heading)))
    positions: dict[str, int] = {}
    for op in r.operative:
        parent = ctx.part(sections[op.section].eid) if op.section in sections else W
        positions[parent] = positions.get(parent, 0) + 1
        out += _operative(ctx, parent, positions[parent], op)
    for i, fn in enumerate(r.footnotes, start=1):
        out += _footnote(ctx, W, i, fn)
    for i, ax in enumerate(r.annexes, start=1):
        out += _annex(ctx, W, i, ax)
    return out


def _preambular(ctx: Context, W: str, i: int, pp: PreambularParagraph) -> list[Triple]:
    out = _part(ctx, pp.eid, LOD.PreambularParagraph, W, i, None)
    out.append((ctx.text_unit(pp.eid), LOD.text, ctx.text(pp.text)))
    return out + _phrase(ctx, pp.eid, pp.phrase) + _notes(ctx, pp.eid, pp.notes)


def _operative(ctx: Context, parent: str, i: int, op: OperativeParagraph) -> list[Triple]:
    out = _part(ctx, op.eid, LOD.OperativeParagraph, parent, i, op.num)
    T = ctx.text_unit(op.eid)
    out.append((T, LOD.text, ctx.text(op.text)))
    if op.wrap_up:
        out.append((T, LOD.wrapUp, ctx.text(op.wrap_up)))
    if op.heading:
        out.append((T, LOD.crossHeading, ctx.text(op.heading)))
    if op.action:
        out.append((T, LOD.action, literal(op.action)))
    for actor in op.addressees:
        if actor.iri:
            out.append((ctx.part(op.eid), LOD.addressee, iri(actor.iri)))
    for n, further in enumerate(op.further_actions, start=1):  # "…, and requests the Secretary-General to…"
        whom = [a.iri for a in further.addressees if a.iri]
        if not whom:
            continue
        A = iri(ids.action_iri(T[1:-1], n))
        out += [(T, LOD.furtherAction, A), (A, RDF.type, LOD.Action), (A, LOD.action, literal(further.action)),
                (A, LOD.offset, literal(further.offset))]
        out += [(A, LOD.addressee, iri(x)) for x in whom]
    out += _phrase(ctx, op.eid, op.phrase) + _notes(ctx, op.eid, op.notes)
    return out + _points(ctx, op.eid, op.points)


def _footnote(ctx: Context, W: str, i: int, fn: Footnote) -> list[Triple]:
    out = _part(ctx, fn.eid, LOD.Footnote, W, i, None)
    out += [(ctx.part(fn.eid), LOD.marker, literal(fn.marker)), (ctx.text_unit(fn.eid), LOD.text, ctx.text(fn.text))]
    return out


def _annex(ctx: Context, W: str, i: int, ax: Annex) -> list[Triple]:
    out = _part(ctx, ax.eid, LOD.Annex, W, i, ax.num)
    T = ctx.text_unit(ax.eid)
    if ax.title:
        out.append((T, ELI.title, ctx.text(ax.title)))
    if ax.text:
        out.append((T, LOD.text, ctx.text(ax.text)))
    return out + _notes(ctx, ax.eid, ax.notes)


def _provenance_triples(ctx: Context, prov: Provenance) -> list[Triple]:
    r = ctx.resolution
    E = iri(ctx.expression)
    A, S = iri(ids.provenance_iri(ctx.expression)), iri(ids.source_iri(ctx.expression))
    SW = iri(ids.software_iri(ctx.base, prov.software_version))
    built = prov.built if prov.built.tzinfo else prov.built.replace(tzinfo=timezone.utc)
    out: list[Triple] = [
        (E, PROV.wasGeneratedBy, A),
        (E, PROV.wasDerivedFrom, S),
        (A, RDF.type, PROV.Activity),
        (A, PROV.used, S),
        (A, PROV.wasAssociatedWith, SW),
        (A, PROV.endedAtTime, literal(built.isoformat().replace("+00:00", "Z"), datatype=str(_XSD.dateTime))),
        (S, RDF.type, PROV.Entity),
        (S, LOD.sha256, literal(r.source.sha256)),
        (S, DCAT.byteSize, literal(r.source.size, datatype=str(_XSD.integer))),  # what every store keeps (docs/validation.md)
        (SW, RDF.type, PROV.SoftwareAgent),
        (SW, RDFS.label, literal("lod")),
        (SW, SDO.softwareVersion, literal(prov.software_version)),
    ]
    if r.source.name:
        out.append((S, DCTERMS.title, literal(r.source.name)))
    return out


def _manifestation_triples(ctx: Context) -> list[Triple]:
    """The expression's manifestations: the three files ``lod build`` writes of its graph (each with the
    URL it is downloaded from) and the source file it was read from (also the PROV source entity)."""
    E = iri(ctx.expression)
    slug = ids.graph_slug(ctx.expression)
    out: list[Triple] = []
    for ext, media_type in ids.MANIFESTATION_FORMATS.items():
        M = iri(ids.manifestation_iri(ctx.expression, ext))
        out += [(E, ELI.is_embodied_by, M), (M, RDF.type, LOD.Manifestation), (M, ELI.embodies, E),
                (M, ELI.format, iri(ids.media_type_iri(media_type))),
                (M, SDO.contentUrl, iri(ids.file_url(ctx.base, f"graphs/{slug}.{ext}")))]
    source_type = ids.SOURCE_FORMATS.get((ctx.resolution.source.name or "").rpartition(".")[2].lower())
    if source_type:
        S = iri(ids.source_iri(ctx.expression))
        out += [(E, ELI.is_embodied_by, S), (S, RDF.type, LOD.Manifestation), (S, ELI.embodies, E),
                (S, ELI.format, iri(ids.media_type_iri(source_type)))]
    return out


#: Citation kinds the shapes accept (``sh:in``); anything else is published as ``other``.
CITATION_KINDS = ("resolution", "decision", "document", "treaty", "treaty-article", "treaty-series",
                  "sales-number", "sdg", "report", "other",
                  "presidential-statement", "draft", "agenda-2030")  # the last three: kinds lod.enrich.citations finds


def citation_triples(ctx: Context) -> list[Triple]:
    """Map ``Resolution.citations``: a reified ``lod:Citation`` per span, plus direct ``eli:cites``.

    The node is ``{text unit of in_eid}#cit_{n}`` (n counts citations per text
    unit); it carries the span (language-tagged), kind, offsets, the target
    symbol and ``lod:citationTarget``: ``target_iri`` if the citation helper set
    one, else the work IRI minted from ``target_symbol`` (and ``target_date``) by
    ``identifiers.work_iri_for_symbol``. The part holding the citation and the
    work both get ``eli:cites`` the target. A dated target is also linked
    ``owl:sameAs`` its date-free alias so dated and undated citations meet.
    Citations in an eId the model does not know hang off the expression.
    """
    r = ctx.resolution
    out: list[Triple] = []
    counts: dict[str, int] = {}
    W = iri(ctx.work)
    for c in r.citations:
        known = r.element(c.in_eid) is not None
        holder = ctx.text_unit(c.in_eid) if known else iri(ctx.expression)
        counts[holder] = counts.get(holder, 0) + 1
        C = iri(ids.citation_iri(holder[1:-1], counts[holder]))
        kind = c.kind if c.kind in CITATION_KINDS else "other"
        out += [(holder, LOD.hasCitation, C), (C, RDF.type, LOD.Citation),
                (C, LOD.citedText, ctx.text(c.text)), (C, LOD.citationKind, literal(kind)),
                (C, LOD.offset, literal(c.start)), (C, LOD.endOffset, literal(c.end))]
        if c.target_symbol:
            out.append((C, LOD.targetSymbol, literal(c.target_symbol)))
        target = _citation_target(ctx, c)
        if target is not None:
            T = iri(target)
            out += [(C, LOD.citationTarget, T), (W, ELI.cites, T)]
            if known:
                out.append((ctx.part(c.in_eid), ELI.cites, T))
            # a citation in a footnote is also cited by the paragraph(s) carrying its marker
            for name, eid in c.attributes:
                if name == "cited_from" and r.element(eid) is not None:
                    out.append((ctx.part(eid), ELI.cites, T))
            if c.target_symbol and c.target_date is not None and _minted_here(ctx, c):
                out.append((T, OWL.sameAs, iri(ids.alias_iri(c.target_symbol, ctx.base))))
    return out


def _minted_here(ctx: Context, c: Citation) -> bool:
    """True when the target IRI is (or would be) the one identifiers mints from symbol and date."""
    if not c.target_iri:
        return True
    try:
        return c.target_iri == ids.work_iri_for_symbol(c.target_symbol or "", ctx.base, c.target_date)
    except IdentifierError:
        return False


def _citation_target(ctx: Context, c: Citation) -> str | None:
    if c.target_iri:
        return c.target_iri
    if not c.target_symbol:
        return None
    try:
        return ids.work_iri_for_symbol(c.target_symbol, ctx.base, c.target_date)
    except IdentifierError:
        return None

