"""Hand-built ``Resolution`` objects shaped like the seed (CTOC/COP/2020/L.6/Rev.1, French draft).

Used by the graph, shapes and build tests so they do not depend on the parser's
heuristics; tests that need the parser use the real seed file.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from lod.model import (
    Citation,
    Footnote,
    NoteRef,
    OperativeParagraph,
    Point,
    PreambularParagraph,
    Resolution,
    SourceInfo,
)

PREAMBLE_PHRASES = (
    "Rappelant", "Rappelant également", "Se félicitant", "Considérant", "Soulignant", "Rappelant",
    "Soulignant", "Prenant note avec satisfaction", "Prenant note avec satisfaction", "Consciente",
    "Rappelant", "Rappelant également", "Prenant note", "Consciente", "Notant", "Préoccupée",
    "Préoccupée", "Reconnaissant", "Reconnaissant", "Soulignant", "Réaffirmant", "Notant",
)
OPERATIVE_PHRASES = (
    "Réaffirme", "Exhorte", "Engage", "Invite", "Prie", "Encourage", "Demande", "Invite", "Engage",
    "Encourage", "Prie", "Invite", "Encourage", "Prie", "Invite", "Invite", "Prie",
)


def seed_like(symbol: str = "CTOC/COP/2020/L.6/Rev.1", *, language: str = "fr") -> Resolution:
    """A French draft with 22 preambular paragraphs, 17 operative, points a–k under 13, 5 footnotes."""
    preamble = tuple(
        PreambularParagraph(
            f"preamble__p_{i}", phrase, f"{phrase} le texte de l’alinéa {i} du préambule,",
            notes=(NoteRef("1", 20), NoteRef("2", 40)) if i == 1 else (NoteRef("3", 30),) if i == 2 else (),
        )
        for i, phrase in enumerate(PREAMBLE_PHRASES, start=1)
    )
    letters = "abcdefghijk"
    points = tuple(Point(f"para_13__list_1__point_{c}", c, f"point {c} du paragraphe 13 ;") for c in letters)
    operative = tuple(
        OperativeParagraph(
            f"para_{n}", str(n), None, phrase, f"{phrase} les États parties, paragraphe {n} ;",
            notes=(NoteRef("4", 12),) if n == 5 else (),
            points=points if n == 13 else (),
        )
        for n, phrase in enumerate(OPERATIVE_PHRASES, start=1)
    )
    footnotes = (
        Footnote("note_star", "*", "Également au nom des États membres de l’Union européenne."),
        Footnote("note_1", "1", "Nations Unies, Recueil des Traités, vol. 2225, no 39574."),
        Footnote("note_2", "2", "Ibid., vol. 2237, no 39574."),
        Footnote("note_3", "3", "Prenant note des résolutions pertinentes du Conseil de sécurité 2331 (2016)."),
        Footnote("note_4", "4", "Publication des Nations Unies, numéro de vente : F.09.V.11."),
    )
    citations = (
        Citation("74/176 du 18 décembre 2019", "resolution", "preamble__p_2", 10, 36,
                 target_symbol="A/RES/74/176", target_date=date(2019, 12, 18)),
        Citation("64/293", "resolution", "preamble__p_11", 5, 11, target_symbol="A/RES/64/293"),
        Citation("2331 (2016)", "resolution", "note_3", 60, 71, target_symbol="S/RES/2331 (2016)"),
    )
    return Resolution(
        symbol=symbol, language=language, doc_type="draft-resolution",
        title="Application effective du Protocole visant à prévenir, réprimer et punir la traite des personnes",
        formula="La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée,",
        preamble=preamble, operative=operative, footnotes=footnotes,
        source=SourceInfo("000_332bb8f42190d6d7.txt", "a" * 64, 12345),
        job_number="V.20-05923", citations=citations,
    )


def adopted_ga(symbol: str = "A/RES/74/176", *, language: str = "en") -> Resolution:
    """A small adopted GA resolution with a date (for the dated-IRI cases)."""
    base = seed_like(language=language)
    return dataclasses.replace(
        base, symbol=symbol, doc_type="resolution", adoption_date=date(2019, 12, 18), job_number=None,
        formula="The General Assembly,", preamble=base.preamble[:3], operative=base.operative[:2],
        footnotes=base.footnotes[:4], citations=(),
        title="Improving the coordination of efforts against trafficking in persons",
    )


CLOSED_NAMESPACES = (DCTERMS, PROV, SKOS, OWL, RDF, RDFS, DCAT, SDO, XSD, VOID, FOAF)  # rdflib's closed namespaces


def is_defined(term: URIRef, ontology: Graph) -> bool:
    """Is ``term`` defined in our ontology, in ELI (closed list) or in one of rdflib's closed namespaces?"""
    from lod.identifiers import ONTOLOGY_NS
    from lod.vocab import ELI

    if str(term).startswith(ONTOLOGY_NS):
        return (term, RDF.type, None) in ontology
    if str(term).startswith(str(ELI._NS)):
        return term in ELI
    return any(str(term).startswith(str(ns._NS)) and term in ns for ns in CLOSED_NAMESPACES)
