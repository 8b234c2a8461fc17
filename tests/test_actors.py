"""Actors (lod.enrich.actors): the gazetteer as data, mentions, short forms, actions and addressees.

Addressees of the seed and of English texts are written down by reading them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from seedmodel import SEED, SHARED, seed_model

from lod.enrich.actors import (
    MentionTracker,
    action_for_phrase,
    addressees_of,
    annotate_actors,
    find_mentions,
    load_gazetteer,
    load_phrases,
)
from lod.model import Resolution

TEXTS = SHARED / "corpus" / "texts"
GAZETTEER = Path(__file__).resolve().parents[1] / "lod" / "data" / "gazetteer.ttl"

# Read from the seed: who each operative paragraph addresses, and the verb.
SEED_ADDRESSEES = {
    "para_1": ("urges", ["member-states"]),  # Prie instamment les États Membres
    "para_2": ("encourages", ["member-states"]),  # Encourage les États Membres
    "para_3": ("calls-upon", ["un-unodc"]),  # Demande à l'Office des Nations Unies contre la drogue et le crime
    "para_4": ("encourages", ["states"]),  # Encourage les États
    "para_5": ("urges", ["member-states"]),
    "para_6": ("calls-upon", ["un-unodc"]),  # Demande à l'Office (short form after the full name)
    "para_7": ("encourages", ["member-states"]),
    "para_8": ("encourages", ["states-parties"]),  # Encourage les États parties
    "para_9": ("invites", ["member-states"]),
    "para_10": ("encourages", ["member-states"]),
    "para_11": ("encourages", ["states"]),  # Encourage également les États
    "para_12": ("calls-upon", ["states"]),  # Demande aux États
    "para_13": ("encourages", ["states"]),
    "para_14": ("requests", ["un-ctoc-cop-wg-tip"]),  # Prie le Groupe de travail sur la traite des personnes
    "para_15": ("requests", ["un-secretariat"]),  # Prie le secrétariat
    "para_16": ("encourages", ["states-parties"]),
    "para_17": ("invites", ["member-states", "donors"]),  # Invite les États Membres et les autres donateurs
}


def _check_seed(res: Resolution) -> None:
    out = annotate_actors(res)
    got = {op.eid: (op.action, [a.code for a in op.addressees]) for op in out.operative}
    assert got == SEED_ADDRESSEES
    assert all(op.addressees for op in out.operative)  # every operative paragraph has its addressee
    unodc = out.operative[2].addressees[0]
    assert unodc.label == "Office des Nations Unies contre la drogue et le crime"  # labelled in the text's language


def test_seed_hand_model_addressees() -> None:
    _check_seed(seed_model())


def test_seed_parsed_addressees() -> None:
    from lod.read import parse_file

    _check_seed(parse_file(SEED))


# ---------------------------------------------------------------- the gazetteer is well-formed data
def test_gazetteer_entries() -> None:
    g = load_gazetteer()
    codes = [e.code for e in g.entries]
    assert len(codes) == len(set(codes)) >= 80
    for e in g.entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.code), e.code
        assert any(lg == "en" for lg, _ in e.labels), e.code
        assert any(lg == "fr" for lg, _ in e.labels), e.code
        if e.wikidata:
            assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", e.wikidata)
    # Principal organs and the main bodies carry the six UN languages.
    for code in ("un-ga", "un-sc", "un-ecosoc", "un-icj", "un-secretariat", "un-unodc", "un-ccpcj", "un-ctoc-cop", "member-states"):
        langs = {lg for lg, _ in g.get(code).labels}  # type: ignore[union-attr]
        assert {"ar", "en", "es", "fr", "ru", "zh"} <= langs, code
    assert g.get("un-ga").wikidata == "http://www.wikidata.org/entity/Q47423"  # type: ignore[union-attr]
    assert g.get("treaty-untoc").unts == ("2225", "39574")  # type: ignore[union-attr]


def test_gazetteer_is_valid_turtle_with_one_code_per_subject() -> None:
    graph = rdflib.Graph().parse(GAZETTEER, format="turtle")
    code = rdflib.URIRef("urn:lod:gazetteer#code")
    for s in set(graph.subjects(code, None)):
        values = list(graph.objects(s, code))
        assert len(values) == 1 and str(s).endswith(":" + str(values[0]))


def test_phrase_table_rows() -> None:
    rows = load_phrases()
    assert len(rows) > 150
    assert {r[0] for r in rows} == {"operative", "preamble"}
    assert {r[1] for r in rows} <= {"en", "fr", "es"}
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", r[3]) for r in rows)


# ---------------------------------------------------------------- mentions and short forms
def test_full_names_and_acronyms_in_french_and_english() -> None:
    fr = find_mentions("le rôle central de l’Office des Nations Unies contre la drogue et le crime et de l’ASEAN", language="fr")
    assert [m.code for m in fr] == ["un-unodc", "asean"]
    en = find_mentions("the United Nations Office on Drugs and Crime (UNODC) and the Security Council", language="en")
    assert [m.code for m in en] == ["un-unodc", "un-unodc", "un-sc"]


def test_short_forms_only_after_a_full_mention() -> None:
    assert find_mentions("Demande à l’Office de poursuivre", language="fr") == ()
    t = MentionTracker()
    find_mentions("l’Office des Nations Unies contre la drogue et le crime", language="fr", tracker=t)
    assert [m.code for m in find_mentions("Demande à l’Office de poursuivre", language="fr", tracker=t)] == ["un-unodc"]


def test_the_council_is_the_most_recent_council() -> None:
    t = MentionTracker("un-sc")
    assert [m.code for m in find_mentions("requests the Council to act", language="en", tracker=t)] == ["un-sc"]
    find_mentions("the Human Rights Council adopted", language="en", tracker=t)
    assert [m.code for m in find_mentions("and the Council", language="en", tracker=t)] == ["un-hrc"]


def test_member_states_is_not_states() -> None:
    assert addressees_of(" Member States and all States to act", language="en") == ("member-states", "states")
    assert addressees_of(" les États Membres et les autres donateurs à fournir", language="fr") == ("member-states", "donors")


# ---------------------------------------------------------------- actions
@pytest.mark.parametrize(
    ("phrase", "lang", "concept"),
    [
        ("Prie instamment", "fr", "urges"),
        ("Prie", "fr", "requests"),
        ("Demande", "fr", "calls-upon"),
        ("Encourage également", "fr", "encourages"),
        ("Invite", "fr", "invites"),
        ("Décide", "fr", "decides"),
        ("Urges", "en", "urges"),
        ("Strongly urges", "en", "urges"),
        ("Also requests", "en", "requests"),
        ("Calls upon", "en", "calls-upon"),
        ("Further encourages", "en", "encourages"),
        ("Takes note with appreciation", "en", "notes"),
        ("Decides", "en", "decides"),
        ("Rappelant également", "fr", None),  # a preambular phrase, not an operative one
    ],
)
def test_action_for_phrase(phrase: str, lang: str, concept: str | None) -> None:
    assert action_for_phrase(phrase, lang) == concept


def test_preambular_phrases() -> None:
    assert action_for_phrase("Rappelant également", "fr", part="preamble") == "recalling"
    assert action_for_phrase("Deeply concerned", "en", part="preamble") == "concerned"


# ---------------------------------------------------------------- English texts, parsed
ENGLISH = {
    # Read from the texts: (paragraph eId, action, addressees)
    "en__A_RES_78_225.pdftotext.txt": [
        ("para_5", "invites", ["un-ccpcj"]),  # Invites the Commission on Crime Prevention and Criminal Justice
        ("para_7", "encourages", ["un-unodc"]),  # Encourages the United Nations Office on Drugs and Crime
        ("para_8", "encourages", ["member-states"]),
        ("para_13", "requests", ["un-ccpcj"]),
        ("para_15", "invites", ["member-states", "un-entities"]),  # Member States and relevant United Nations entities, ...
        ("para_1", "recalls", []),
    ],
    "en__S_RES_2331_2016.pdftotext.txt": [
        ("para_2", "calls-upon", ["member-states"]),
        ("para_16", "requests", ["un-sc-cted"]),  # the Counter-Terrorism Committee Executive Directorate (CTED)
        ("para_17", "encourages", ["un-unodc", "un-entities"]),  # UNODC and other relevant United Nations entities
        ("para_21", "invites", ["un-sg"]),
        ("para_23", "requests", ["un-sg"]),
        ("para_24", "decides", []),
    ],
    "en__S_RES_242_1967.gold.txt": [("para_3", "requests", ["un-sg"]), ("para_4", "requests", ["un-sg"])],
}


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_english_addressees(name: str) -> None:
    from lod.read import parse_file

    res = annotate_actors(parse_file(TEXTS / name))
    by_eid = {op.eid: op for op in res.operative}
    for eid, action, codes in ENGLISH[name]:
        op = by_eid[eid]
        assert (op.action, [a.code for a in op.addressees]) == (action, codes), eid


def test_gazetteer_triples_conform_to_the_shapes() -> None:
    """The gazetteer as published RDF: actor IRIs from lod.identifiers, one prefLabel per language, valid."""
    from lod.enrich.actors import gazetteer_triples
    from lod.rdf.graph import graph_of
    from lod.identifiers import actor_iri
    from lod.validate.validation import validate

    triples = gazetteer_triples("http://example.org/")
    g = graph_of(triples)  # type: ignore[arg-type]
    unodc = rdflib.URIRef(actor_iri("un-unodc", "http://example.org/"))
    labels = {(o.language, str(o)) for o in g.objects(unodc, rdflib.SKOS.prefLabel)}
    assert ("fr", "Office des Nations Unies contre la drogue et le crime") in labels and len(labels) == 6
    assert (rdflib.URIRef(actor_iri("un-ga", "http://example.org/")), rdflib.OWL.sameAs,
            rdflib.URIRef("http://www.wikidata.org/entity/Q47423")) in g
    report = validate(g)
    assert report.conforms, report.text(5)


def test_requests_the_secretary_general_is_one_action_with_its_addressee() -> None:
    """The opening phrase is the verb ("Requests"); who is asked is the addressee, not part of the phrase."""
    from lod.enrich.links import enrich
    from lod.read import parse_resolution

    r = enrich(parse_resolution("The General Assembly,\nRecalling its resolution 70/1,\n"
                                "1. Requests the Secretary-General to report;\n2. Also requests the Secretary-General to act.\n"))
    assert [(op.phrase, op.action, [a.code for a in op.addressees]) for op in r.operative] == [
        ("Requests", "requests", ["un-sg"]), ("Also requests", "requests", ["un-sg"])]
