"""Building the HTML page and the RDF description of one resource (used by the ``resource`` route).

Also what a page says about where things are: whether a cited IRI is a document we publish
(:func:`published`), where a citation links (:func:`cite_link`), who cites a work (:func:`citers`),
the files of an expression (:func:`downloads`) and the metadata a page embeds for search engines and
harvesters (:func:`metadata`, schema.org ``Legislation`` with ELI terms, as JSON-LD).
"""

from __future__ import annotations

import gzip
import re
import weakref
import zlib
from collections.abc import Callable
from urllib.parse import quote

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, parse

from lod import identifiers as ids
from lod.sparql.formats import RDF_FORMATS, Format, Kind
from lod.sparql.store import GraphEntry
from lod.serve import pages
from lod.serve.pages import Download
from lod.serve.files import Served
from lod.serve.catalogue import ISO3, TEXT, Catalogue, Document, local_name, normalise, split_expression, words
from lod.serve.resources import Cite, Citer, DocView, Part, cited_by, describe, document_view, exists, label_of, same_as_closure
from lod.serve.state import State
from lod.serve.urls import UrlMap, outside_url, undocs_url

__all__ = ["AKN", "akn_file", "cite_link", "citers", "downloads", "in_ontology", "metadata", "ontology_triples", "page",
           "published", "realizations", "same_as", "text_match"]

DATA_OFFERS = tuple(f for f in RDF_FORMATS if not f.quads)
#: Akoma Ntoso 3.0 XML: offered at an expression IRI when the build wrote its file (``graphs/<slug>.xml``).
AKN = Format("akn", ("application/akn+xml",), "akn.xml", Kind.RDF)
_ELI = "http://data.europa.eu/eli/ontology#"
_LOD = "https://w3id.org/un-lod/ontology#"
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
_LANG3 = {two: three.upper() for three, two in ISO3.items()}


_IS_REALIZED_BY = NamedNode("http://data.europa.eu/eli/ontology#is_realized_by")


def realizations(store: Store, iri: str) -> dict[str, str]:
    """Language → IRI of the expression-level parts that realise the work-level part ``iri``.

    One triple pattern with its predicate: reading every triple of the part and keeping one predicate
    made a page citing 130 passages spend 50 ms here."""
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(NamedNode(iri), _IS_REALIZED_BY, None):
        if isinstance(q.object, NamedNode):
            split = split_expression(q.object.value.split("/!", 1)[0])
            if split:
                out.setdefault(split[1], q.object.value)
    return out


def lookup_graph(st: State) -> DefaultGraph | None:
    """Where a look-up that needs no graph name reads: the default graph when it holds the union as a set
    (each triple once, however many graphs repeat it), else every graph (``lod serve --store``, a store
    without a default graph)."""
    return None if st.union_default else DefaultGraph()


def same_as(store: Store, iri: str) -> str | None:
    try:
        node = NamedNode(iri)
    except ValueError:
        return None
    for q in store.quads_for_pattern(None, NamedNode("http://www.w3.org/2002/07/owl#sameAs"), node):
        if isinstance(q.subject, NamedNode):
            return q.subject.value
    return None


def in_ontology(st: State, iri: str) -> bool:
    try:
        node = NamedNode(iri)
    except ValueError:
        return False
    return next(iter(st.ontology.quads_for_pattern(node, None, None)), None) is not None or (
        not iri.endswith("#") and next(iter(st.ontology.quads_for_pattern(NamedNode(iri + "#"), None, None)), None) is not None
    ) or any(q.subject.value.startswith(iri + "#") for q in st.ontology.quads_for_pattern(None, None, None)
             if isinstance(q.subject, NamedNode) and iri.endswith("ontology"))


def ontology_triples(st: State, iri: str) -> list:  # type: ignore[type-arg]
    owl_ontology = any(local_name(q.object.value) == "Ontology" for q in st.ontology.quads_for_pattern(NamedNode(iri), None, None)
                       if isinstance(q.object, NamedNode))
    if owl_ontology or iri.endswith("ontology"):
        return [q.triple for q in st.ontology]  # the ontology document: everything
    return [q.triple for q in st.ontology.quads_for_pattern(NamedNode(iri), None, None)]


# --- where a citation leads ---------------------------------------------------------------------


def _work_of(cat: Catalogue) -> Callable[[str], str | None]:
    def work_of(iri: str) -> str | None:
        if iri in cat.by_work:
            return iri
        doc = cat.by_expression.get(iri)
        return doc.work if doc is not None else None
    return work_of


_PUBLISHED: weakref.WeakKeyDictionary[State, dict[str, str | None]] = weakref.WeakKeyDictionary()
PUBLISHED_CACHE = 50_000  # cited IRIs remembered per server (the dataset does not change while served)


def published(st: State, iri: str) -> str | None:
    """The IRI of the page we serve for a cited ``iri``, or None when we do not publish it (remembered:
    a page cites dozens of documents, and ``lod serve --store`` asks the store over HTTP).

    Ours: a published work or expression; an IRI ``owl:sameAs`` one (the links graph joins a cited
    ``…/un-sc/2016/2331`` to the published ``…/un-sc/2016-12-20/2331``; a work is ``owl:sameAs`` its
    date-free alias); a less precisely dated IRI of exactly one published work (the server's 301); a
    part of a published work that the dataset describes.
    """
    known = _PUBLISHED.setdefault(st, {})
    if iri not in known:
        if len(known) >= PUBLISHED_CACHE:
            known.clear()
        known[iri] = _published(st, iri)
    return known[iri]


def _published(st: State, iri: str) -> str | None:
    cat = st.catalogue
    if iri in cat.by_work or iri in cat.by_expression:
        return iri
    for other in same_as_closure(st.store, iri, graph=lookup_graph(st)):
        if other in cat.by_work:
            return other
    moved = cat.moved(iri)
    if moved is not None and (moved in cat.by_work or exists(st.store, moved)):
        return moved
    head = iri.split("/!", 1)[0]
    if head != iri and (head in cat.by_work or head in cat.by_expression) and exists(st.store, iri):
        return iri
    return None


def cite_link(st: State, cite: Cite) -> str | None:
    """Where a citation links: our page when we publish the target, else the document on undocs.org (a
    symbol), a UNTS volume, a sales number's search, a goal's page; None (plain text) for the rest."""
    if cite.target:
        ours = published(st, cite.target)
        if ours is not None:
            return ours
    outside = outside_url(cite.kind, cite.symbol, cite.text)
    if outside is not None:
        return outside
    if cite.target and not cite.target.startswith(st.info.base) and cite.target.startswith(("http://", "https://")):
        return cite.target  # an IRI of someone else's: it is theirs to dereference
    return None


def citers(st: State, work: str, *, limit: int) -> tuple[list[tuple[str, list[Citer]]], bool]:
    """Who cites ``work``: ``([(citing work, [the parts of it that do])], more)``, each citing work once,
    itself left out, read from at most ``limit`` citing passages; ``more`` says that there are others.

    A page lists what it read: A/RES/70/1 is cited by thousands of paragraphs, and reading them all
    made its page take seconds (and megabytes). The full answer is the who-cites query, which the
    page links.

    "Cited by" is ``?x eli:cites <work>`` (the links graph states it for every citation of a published
    work), also read for the IRIs that name the work (``owl:sameAs``, its expressions, its less precisely
    dated IRIs), so that a dataset built before the links graph existed joins too.
    """
    cat = st.catalogue
    targets = [work, *(d.expression for d in cat.by_work.get(work, ())), *same_as_closure(st.store, work, graph=lookup_graph(st))]
    split = ids.split_work_iri(work, st.info.base)
    if split and not split[3]:
        actor, date, number, _ = split
        tail = f"/{date}/{number}"
        for cut in (4, 7):
            if len(date) > cut and work.endswith(tail):
                candidate = f"{work[:-len(tail)]}/{date[:cut]}/{number}"
                if cat.moved(candidate) == work:
                    targets.append(candidate)
    grouped: dict[str, list[Citer]] = {}
    found = cited_by(st.store, dict.fromkeys(targets), _work_of(cat), limit=limit + 1)
    for c in found[:limit]:
        if c.work != work:
            grouped.setdefault(c.work, []).append(c)
    return sorted(grouped.items(), key=lambda kv: _symbol_key(cat, kv[0])), len(found) > limit


def who_cites_query(work: str) -> str:
    """The SPARQL query (docs/queries/who-cites.rq's pattern) that lists every passage citing ``work``."""
    return ("PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "SELECT DISTINCT ?citing ?symbol WHERE {\n"
            f"  ?citing eli:cites <{work}> .\n"
            "  OPTIONAL { ?citing dcterms:identifier ?symbol }\n"
            "  OPTIONAL { ?citing eli:is_part_of/dcterms:identifier ?symbol }\n"
            "}\nORDER BY ?symbol ?citing")


def _symbol_key(cat: Catalogue, work: str) -> tuple[str, str]:
    docs = cat.by_work.get(work) or []
    return (docs[0].date if docs else "", docs[0].symbol if docs else work)


def text_match(st: State, doc: Document, query: str, *, limit: int = 5_000) -> tuple[str, str, str] | None:
    """Where in ``doc`` the words of ``query`` are: ``(text unit IRI, its name, an excerpt)`` of the first
    part (in document order) whose text holds them all (a word also matches the longer words it
    begins, as in :class:`~lod.serve.catalogue.TextIndex`), reading at most ``limit`` text units."""
    wanted = list(dict.fromkeys(words(query)))[:16]
    if not wanted:
        return None
    units: list[tuple[int, str, str, str]] = []
    text_p, eid_p, pos_p, realizes = NamedNode(TEXT), NamedNode(_LOD + "eId"), NamedNode(_LOD + "position"), NamedNode(_ELI + "realizes")
    graph = NamedNode(doc.expression)
    for n, q in enumerate(st.store.quads_for_pattern(None, text_p, None, graph)):
        if n >= limit or not isinstance(q.object, Literal) or not isinstance(q.subject, NamedNode):
            break
        found = set(words(q.object.value))
        if all(w in found or (len(w) >= 4 and any(f.startswith(w) for f in found)) for w in wanted):
            portion = next((r.object for r in st.store.quads_for_pattern(q.subject, realizes, None, graph)), q.subject)
            eid = next((x.object.value for x in st.store.quads_for_pattern(portion, eid_p, None, graph)), "")  # type: ignore[arg-type]
            pos = next((x.object.value for x in st.store.quads_for_pattern(portion, pos_p, None, graph)), "0")  # type: ignore[arg-type]
            units.append((int(pos) if pos.isdigit() else 0, q.subject.value, eid, q.object.value))
    if not units:
        return None
    _, iri, eid, text = min(units, key=lambda u: (u[2].startswith("note_"), u[0], u[2]))
    return iri, pages.part_label("", eid, doc.language) if eid else "", _excerpt(text, wanted)


def _excerpt(text: str, wanted: list[str], width: int = 160) -> str:
    """Some ``width`` characters of ``text`` around the first of the ``wanted`` words."""
    folded = normalise(text)
    at = min((i for i in (folded.find(w) for w in wanted) if i >= 0), default=0)
    start = max(0, at - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    cut = text[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")


# --- files and metadata ---------------------------------------------------------------------------

_GRAPHS: weakref.WeakKeyDictionary[State, dict[str, GraphEntry]] = weakref.WeakKeyDictionary()


def _graph(st: State, expression: str) -> GraphEntry | None:
    table = _GRAPHS.get(st)
    if table is None:
        table = _GRAPHS[st] = {g.iri: g for g in st.info.graphs}
    return table.get(expression)


def graph_file(st: State, expression: str, extension: str) -> Served | None:
    """The build's file of an expression's graph with this ``extension`` (``nq``, ``ttl``, ``jsonld``, ``xml``),
    as the server serves it (stored compressed or not), or None when the build wrote none."""
    g = _graph(st, expression)
    rel = _plain(next((f for f in g.files if f.endswith(("." + extension, f".{extension}.gz"))), None)) if g is not None else None
    return st.files.get(rel) if rel else None


def graph_quads(st: State, expression: str) -> list[Quad] | None:
    """The quads of an expression's graph read from its N-Quads file, or None (no file, or unreadable: read the
    store then). The same quads as the store's graph (the store is loaded from these files), read ≈4× faster:
    pyoxigraph decodes each stored term with a look-up of its string (5.5 against 25 µs a quad measured on
    a loaded machine at 1,000 documents), and a page or the Turtle of a resolution reads its whole graph."""
    served = graph_file(st, expression, "nq")
    if served is None:
        return None
    try:
        data = served.path.read_bytes()
        return list(parse(gzip.decompress(data) if served.gzipped else data, format=RdfFormat.N_QUADS))
    except (OSError, EOFError, zlib.error, SyntaxError, ValueError):
        return None


def akn_file(st: State, expression: str) -> str | None:
    """The path (in the dataset) of the expression's Akoma Ntoso file, when the build wrote one."""
    g = _graph(st, expression)
    if g is None:
        return None
    rel = _plain(next((f for f in g.files if f.endswith((".xml", ".xml.gz"))), None))
    return rel if rel and rel in st.files else None


def _plain(rel: str | None) -> str | None:
    """The path a graph file is served at: without ``.gz`` when the build stored it compressed (lod.serve.files)."""
    return rel[:-3] if rel and rel.endswith(".gz") else rel


def downloads(st: State, urls: UrlMap, expression: str) -> list[Download]:
    """Every format of a document: the RDF serialisations (content negotiation), its N-Quads file, its AKN XML."""
    out = [Download(label, urls.local(expression, fmt=f.extension), f.media_type)
           for f, label in zip(DATA_OFFERS, ("Turtle", "JSON-LD", "N-Triples", "RDF/XML"))]
    g = _graph(st, expression)
    nq = _plain(next((f for f in (g.files if g else ()) if f.endswith((".nq", ".nq.gz"))), None))
    if nq and nq in st.files:
        out.append(Download("N-Quads", urls.route(quote(nq, safe="/")), "application/n-quads"))
    if akn_file(st, expression):
        out.append(Download("Akoma Ntoso XML", urls.local(expression, fmt=AKN.extension), AKN.media_type))
    return out


def metadata(st: State, urls: UrlMap, doc: Document, view: DocView, files: list[Download], *, part: tuple[str, str] | None = None) -> dict[str, object]:
    """What a page embeds for search engines and harvesters: schema.org ``Legislation`` with ELI terms (JSON-LD).

    For a document page, the expression (language version) with its work, body, date, language, the
    other language versions and every format; for a paragraph page (``part`` = (IRI, name)), the part,
    ``isPartOf`` the expression.
    """
    lang3 = _LANG3.get(doc.language, doc.language.upper())
    work: dict[str, object] = {"@id": doc.work, "@type": ["Legislation", "eli:LegalResource"],
                               "legislationIdentifier": doc.symbol, "eli:id_local": doc.symbol,
                               "workExample": [{"@id": d.expression, "inLanguage": d.language, "url": urls.local(d.expression)}
                                               for d in st.catalogue.by_work.get(doc.work, [])]}
    expression: dict[str, object] = {
        "@id": doc.expression,
        "@type": ["Legislation", "eli:LegalExpression"],
        "name": view.title or doc.symbol,
        "eli:title": view.title or doc.symbol,
        "legislationIdentifier": doc.symbol,
        "inLanguage": doc.language,
        "eli:language": {"@id": f"http://publications.europa.eu/resource/authority/language/{lang3}"},
        "url": urls.local(doc.expression),
        "exampleOfWork": work,
        "eli:realizes": {"@id": doc.work},
        "encoding": [{"@type": "MediaObject", "contentUrl": f.url, "encodingFormat": f.media_type} for f in files],
    }
    if doc.symbol:
        expression["sameAs"] = undocs_url(doc.symbol)
    if _DATE.match(doc.date):
        expression["legislationDate"] = doc.date
        work["eli:date_document"] = {"@value": doc.date, "@type": "xsd:date" if len(doc.date) == 10 else "xsd:gYear"}
    if doc.body.startswith(("http://", "https://")):
        body = {"@id": doc.body, "@type": "GovernmentOrganization", "name": doc.body_label}
        expression["legislationPassedBy"] = body
        work["eli:passed_by"] = {"@id": doc.body}
    top = [p for p in (*view.preamble, *view.operative, *view.annexes)]
    if part is None:
        expression["hasPart"] = [{"@id": p.iri, "@type": "Legislation", "name": pages.part_label(p.kind, p.eid, doc.language)}
                                 for p in top]
        node: dict[str, object] = expression
    else:
        node = {"@id": part[0], "@type": ["Legislation", "eli:LegalExpression"], "name": part[1], "inLanguage": doc.language,
                "url": urls.local(part[0]), "isPartOf": expression, "eli:is_part_of": {"@id": doc.expression}}
    return {"@context": {"@vocab": "https://schema.org/", "eli": "http://data.europa.eu/eli/ontology#",
                         "xsd": "http://www.w3.org/2001/XMLSchema#",
                         **{name: {"@type": "@id"} for name in ("url", "sameAs", "contentUrl")}}, **node}


# --- the page -------------------------------------------------------------------------------------


def _container(store: Store, view: DocView, iri: str) -> Part | None:
    """A part with no text of its own (a section ``sec_F``) of the document ``view``: its parts, as a part."""
    eid = next((q.object.value for q in store.quads_for_pattern(NamedNode(iri), NamedNode(_LOD + "eId"), None)
                if isinstance(q.object, Literal)), "")
    if not eid:
        portion = next((q.object for q in store.quads_for_pattern(NamedNode(iri), NamedNode(_ELI + "realizes"), None)
                        if isinstance(q.object, NamedNode)), None)
        eid = next((q.object.value for q in store.quads_for_pattern(portion, NamedNode(_LOD + "eId"), None)
                    if isinstance(q.object, Literal)), "") if portion is not None else ""
    inside = [p for p in (*view.preamble, *view.operative, *view.annexes) if p.eid.startswith(eid + "__")] if eid else []
    if not inside:
        return None
    key, _, number = eid.rpartition("__")[2].partition("_")
    kind = {"sec": "Section", "att": "Annex", "part": "Part", "chp": "Chapter"}.get(key, "")
    return Part(iri=iri, eid=eid, kind=kind, num=number if key == "sec" else "", phrase="", text="", marker="", position=0,
                children=inside)



def page(st: State, urls: UrlMap, iri: str) -> str:
    alt = "".join(f'<link rel="alternate" type="{f.media_type}" href="{urls.local(iri, fmt=f.extension)}">' for f in DATA_OFFERS)

    def href(cite: Cite) -> str | None:
        target = cite_link(st, cite)
        return urls.local(target) if target else None

    doc = st.catalogue.by_expression.get(iri)
    if doc is not None:
        view = document_view(st.store, iri, work=doc.work, symbol=doc.symbol, date=doc.date, body=doc.body_label, language=doc.language,
                             quads=graph_quads(st, iri))
        files = downloads(st, urls, iri)
        if akn_file(st, iri):
            alt += f'<link rel="alternate" type="{AKN.media_type}" href="{urls.local(iri, fmt=AKN.extension)}">'
        alt += "".join(f'<link rel="alternate" hreflang="{d.language}" href="{urls.local(d.expression)}">' for d in st.catalogue.by_work[doc.work])
        grouped, more = citers(st, doc.work, limit=st.config.limits.page_citers)
        cited = [(st.catalogue.by_work[w], parts) for w, parts in grouped]
        return pages.document_page(urls, view, st.catalogue.by_work[doc.work], href, alternates=alt, files=files,
                                   metadata=metadata(st, urls, doc, view, files), cited_by=cited,
                                   cited_by_more=urls.route("sparql") + "?query=" + quote(who_cites_query(doc.work), safe="") if more else None,
                                   part_url=lambda part_iri, lang: realizations(st.store, part_iri).get(lang) or part_iri)
    node = NamedNode(iri)
    graphs = {q.graph_name.value for q in st.store.quads_for_pattern(node, None, None) if isinstance(q.graph_name, NamedNode)}
    for g in graphs:
        gdoc = st.catalogue.by_expression.get(g)
        if gdoc is None:
            continue
        view = document_view(st.store, g, work=gdoc.work, symbol=gdoc.symbol, date=gdoc.date, body=gdoc.body_label, language=gdoc.language,
                             quads=graph_quads(st, g))
        part = next((p for p in view.parts.values() if p.iri == iri), None) or _container(st.store, view, iri)
        if part is not None:
            files = downloads(st, urls, g)
            name = pages.part_label(part.kind, part.eid, gdoc.language)
            return pages.part_page(urls, view, part, href, alternates=alt, files=files,
                                   metadata=metadata(st, urls, gdoc, view, files, part=(iri, name)))
    source = st.store if exists(st.store, iri) else st.ontology
    rows = []
    for t in describe(source, iri) if source is st.store else ontology_triples(st, iri):
        if t.subject != node and source is st.store:
            continue
        o = t.object
        is_iri = isinstance(o, NamedNode)
        ours = is_iri and o.value.startswith(st.info.base)
        # link IRIs we serve, and outside ones; an IRI under our base that we do not hold stays text
        linkable = is_iri and (not ours or exists(st.store, o.value) or same_as(st.store, o.value) is not None)
        rows.append((t.predicate.value, o.value if isinstance(o, (NamedNode, Literal)) else str(o), linkable,
                     label_of(st.store, o.value) if ours else ""))
    return pages.resource_page(urls, iri, rows, title=label_of(source, iri), alternates=alt)
