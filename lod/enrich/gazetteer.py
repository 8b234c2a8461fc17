"""The curated gazetteer of actors and treaties (``lod/data/gazetteer.ttl``): load and publish.

Entries are typed by hand (labels in the six UN languages where known,
acronyms, short forms, AKN4UN-style codes, Wikidata items we are sure of,
UNTS references for treaties); docs/citations.md tells how to add one.

>>> load_gazetteer().get("un-sc").label("fr")
'Conseil de sécurité'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

__all__ = ["Gazetteer", "GazetteerEntry", "actor_iri", "gazetteer_triples", "load_gazetteer"]

GZ = "urn:lod:gazetteer#"
ACTOR_PREFIX = "urn:lod:actor:"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class GazetteerEntry:
    """One actor (or treaty) of the gazetteer."""

    code: str
    kind: str  # local name of its gz: class, e.g. Office, CollectiveActor, Treaty
    labels: tuple[tuple[str, str], ...]  # (lang, label): prefLabel first, then altLabels
    acronyms: tuple[str, ...] = ()
    short_labels: tuple[tuple[str, str], ...] = ()
    wikidata: str | None = None
    unts: tuple[str, str] | None = None  # (volume, number) for treaties

    def label(self, lang: str) -> str:
        """The preferred label in ``lang``, falling back to English, then any."""
        for want in (lang, "en"):
            for lg, text in self.labels:
                if lg == want:
                    return text
        return self.labels[0][1] if self.labels else self.code


@dataclass(frozen=True)
class Gazetteer:
    """All entries, by code."""

    entries: tuple[GazetteerEntry, ...]

    def get(self, code: str) -> GazetteerEntry | None:
        """The entry with that code, or None."""
        return self._by_code.get(code)

    @cached_property
    def _by_code(self) -> dict[str, GazetteerEntry]:
        # Built once per instance; an lru_cache keyed by the gazetteer hashed every entry on every call.
        return {e.code: e for e in self.entries}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read ``lod/data/gazetteer.ttl`` (once per process).

    >>> load_gazetteer().get("un-unodc").label("fr")
    'Office des Nations Unies contre la drogue et le crime'
    """
    import rdflib

    graph = rdflib.Graph()
    data = resources.files("lod").joinpath("data/gazetteer.ttl").read_text(encoding="utf-8")
    graph.parse(data=data, format="turtle")
    entries = []
    for subject in sorted(set(graph.subjects(rdflib.URIRef(GZ + "code"), None))):
        code = str(graph.value(subject, rdflib.URIRef(GZ + "code")))
        kind = str(graph.value(subject, rdflib.URIRef(RDF_TYPE))).removeprefix(GZ)

        def lits(prop: str) -> list[tuple[str, str]]:
            out = [(o.language or "", str(o)) for o in graph.objects(subject, rdflib.URIRef(prop))]
            return sorted(out)

        labels = tuple(lits(SKOS + "prefLabel") + lits(SKOS + "altLabel"))
        wd = graph.value(subject, rdflib.URIRef(OWL_SAMEAS))
        vol = graph.value(subject, rdflib.URIRef(GZ + "untsVolume"))
        num = graph.value(subject, rdflib.URIRef(GZ + "untsNumber"))
        entries.append(
            GazetteerEntry(
                code=code,
                kind=kind,
                labels=labels,
                acronyms=tuple(sorted(str(o) for o in graph.objects(subject, rdflib.URIRef(GZ + "acronym")))),
                short_labels=tuple(lits(GZ + "shortLabel")),
                wikidata=str(wd) if wd is not None else None,
                unts=(str(vol), str(num)) if vol is not None and num is not None else None,
            )
        )
    return Gazetteer(tuple(entries))


def actor_iri(code: str, base: str | None = None) -> str | None:
    """The actor's IRI from ``lod.identifiers`` when that module offers one, else None."""
    try:
        from lod import identifiers  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(identifiers, "actor_iri", None)
    if fn is None or base is None:
        return None
    try:
        return str(fn(code, base))
    except Exception:  # noqa: BLE001 - an IRI we cannot mint is simply absent
        return None


def gazetteer_triples(base: str) -> list[tuple[object, object, object]]:
    """The gazetteer as RDF with published IRIs, for a dataset-level "actors" graph.

    Each actor (``{base}akn/ontology/organization/un/{code}``, minted by
    ``lod.identifiers.actor_iri``) gets ``skos:notation`` (its code), one
    ``skos:prefLabel`` per language, its ``skos:altLabel``s and acronyms, ``owl:sameAs``
    its Wikidata item, and ``dcterms:type`` its gazetteer kind (``Office``,
    ``CollectiveActor``…); organizations are also typed ``lod:Body``. Treaties are left
    out (they are cited, not addressed).

    >>> ts = gazetteer_triples("http://x.org/")
    >>> any(str(s).endswith("/un-unodc") and str(o) == "UNODC" for s, p, o in ts)
    True
    """
    import rdflib
    from rdflib.namespace import DCTERMS, OWL, RDF
    from rdflib.namespace import SKOS as SKOS_NS

    from lod.vocab import LOD

    out: list[tuple[object, object, object]] = []
    for e in load_gazetteer().entries:
        if e.kind == "Treaty":
            continue
        iri = actor_iri(e.code, base)
        if iri is None:
            continue
        s = rdflib.URIRef(iri)
        out.append((s, SKOS_NS.notation, rdflib.Literal(e.code)))
        if e.kind != "CollectiveActor":
            out.append((s, RDF.type, LOD.Body))
        out.append((s, DCTERMS.type, rdflib.Literal(e.kind)))
        seen_lang: set[str] = set()
        for lang, label in e.labels:
            prop = SKOS_NS.altLabel if lang in seen_lang else SKOS_NS.prefLabel
            seen_lang.add(lang)
            out.append((s, prop, rdflib.Literal(label, lang=lang or None)))
        for acr in e.acronyms:
            out.append((s, SKOS_NS.altLabel, rdflib.Literal(acr)))
        if e.wikidata:
            out.append((s, OWL.sameAs, rdflib.URIRef(e.wikidata)))
    return out
