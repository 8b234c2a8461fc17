"""The seed (CTOC/COP/2020/L.6/Rev.1, French): its structure as found by reading it."""

from __future__ import annotations

import re

from lod.model import Resolution

# Opening phrases of the 22 preambular paragraphs, in order, as printed in the seed.
PREAMBLE_PHRASES = [
    "Rappelant", "Rappelant également", "Se félicitant", "Considérant", "Soulignant", "Rappelant",
    "Soulignant", "Prenant note avec satisfaction", "Prenant note avec satisfaction", "Consciente",
    "Rappelant", "Rappelant également", "Prenant note", "Consciente", "Réaffirmant", "Se félicitant",
    "Notant", "Rappelant", "Rappelant également", "Exprimant", "Consciente", "Consciente également",
]
OPERATIVE_PHRASES = [
    "Prie instamment", "Encourage", "Demande", "Encourage", "Prie instamment", "Demande", "Encourage",
    "Encourage", "Invite", "Encourage", "Encourage également", "Demande", "Encourage", "Prie", "Prie",
    "Encourage", "Invite",
]
FURNITURE = re.compile(r"V\.20-05923|\b2/8\b|CTOC/COP/2020/L\.6/Rev\.1|_{3,}")


def all_texts(r: Resolution) -> list[str]:
    out = [p.text for p in r.preamble]
    for p in r.operative:
        out.append(p.text)
        out.extend(q.text for q in p.points)
    return out


def test_metadata(seed: Resolution) -> None:
    assert seed.symbol == "CTOC/COP/2020/L.6/Rev.1"  # only a running header carries it
    assert seed.language == "fr"
    assert seed.doc_type == "draft-resolution"
    assert seed.job_number == "V.20-05923"
    assert seed.title == (
        "Application effective du Protocole visant à prévenir, réprimer et punir la traite des personnes, "
        "en particulier des femmes et des enfants, additionnel à la Convention des Nations Unies contre la "
        "criminalité transnationale organisée"
    )
    assert seed.formula == (
        "La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée,"
    )
    assert seed.adoption_date is None  # the text carries no date
    assert seed.warnings == ()


def test_preamble(seed: Resolution) -> None:
    assert len(seed.preamble) == 22
    assert [p.phrase for p in seed.preamble] == PREAMBLE_PHRASES
    assert [p.eid for p in seed.preamble] == [f"preamble__p_{i}" for i in range(1, 23)]
    # paragraph 2 runs across the first footnote block and the page break, joined back whole
    p2 = seed.preamble[1].text
    assert p2.startswith("Rappelant également sa décision 4/4 du 17 octobre 2008")
    assert "2017/18 du 6 juillet 2017, et ayant examiné les rapports du Secrétariat concernant les efforts déployés pour prévenir" in p2
    assert p2.endswith("présentés par la présidence du Groupe de travail sur la traite des personnes,")
    # paragraph 9 is cut by footnote 4's block; paragraph 10 starts right after the block
    assert seed.preamble[8].text.endswith("contre la criminalité transnationale organisée,")
    assert seed.preamble[9].text.startswith("Consciente du rôle et des mandats")


def test_operative(seed: Resolution) -> None:
    assert [p.num for p in seed.operative] == [str(n) for n in range(1, 18)]
    assert [p.phrase for p in seed.operative] == OPERATIVE_PHRASES
    assert [p.eid for p in seed.operative] == [f"para_{n}" for n in range(1, 18)]
    assert all(p.section is None for p in seed.operative)
    p13 = seed.operative[12]
    assert p13.text.endswith("à prendre les dispositions suivantes :")
    assert [q.num for q in p13.points] == list("abcdefghijk")
    assert p13.points[2].eid == "para_13__list_1__point_c"
    assert p13.points[0].text.startswith("Appuyer, protéger et autonomiser les victimes")
    assert p13.points[10].text.endswith("au cas où les bénéficiaires enfreignent ces politiques ;")
    assert sum(len(p.points) for p in seed.operative) == 11
    assert seed.operative[-1].text.endswith("conformément aux règles et procédures de l’Organisation des Nations Unies.")


def test_footnotes_and_markers(seed: Resolution) -> None:
    assert [(f.marker, f.eid) for f in seed.footnotes] == [
        ("*", "note_star"), ("1", "note_1"), ("2", "note_2"), ("3", "note_3"), ("4", "note_4"),
    ]
    texts = {f.marker: f.text for f in seed.footnotes}
    assert texts["*"] == "Également au nom des États membres de l’Union européenne."
    assert texts["1"] == "Nations Unies, Recueil des Traités, vol. 2225, no 39574."
    assert texts["2"] == "Ibid., vol. 2237, no 39574."
    assert texts["3"] == ("Prenant note des résolutions pertinentes du Conseil de sécurité provisions 2331 (2016), "
                          "2368 (2017), 2388 (2017) et 2482 (2019).")
    assert texts["4"] == "Publication des Nations Unies, numéro de vente : F.09.V.11."
    p1, p2, p9 = seed.preamble[0], seed.preamble[1], seed.preamble[8]
    # "organisée1" and "Convention2," — glued markers, removed and kept at their position
    assert [n.marker for n in p1.notes] == ["1", "2"]
    assert p1.text[: p1.notes[0].offset].endswith("contre la criminalité transnationale organisée")
    assert p1.text[: p1.notes[1].offset].endswith("additionnel à la Convention")
    # "20173": the year 2017 followed by note 3
    assert [n.marker for n in p2.notes] == ["3"]
    assert p2.text[: p2.notes[0].offset].endswith("2017/18 du 6 juillet 2017")
    assert p9.text[: p9.notes[0].offset].endswith("Loi type contre la traite des personnes")


def test_no_furniture_or_footnote_digits(seed: Resolution) -> None:
    for text in all_texts(seed):
        assert not FURNITURE.search(text), text
        assert not re.search(r"[^\W\d_]\d", text), text  # no digit glued to a word
        assert not re.search(r"\b20\d{3}\b", text), text  # no year with a glued note number
        assert "  " not in text


def test_hyphenation(seed: Resolution) -> None:
    texts = " ".join(all_texts(seed))
    assert "questionnaires d’auto-évaluation du Mécanisme" in texts  # "auto-" + "évaluation" keeps its hyphen
    assert "auto- évaluation" not in texts and "autoévaluation" not in texts
    assert "public-privé" in texts


def test_json_contract(seed: Resolution) -> None:
    from lod.read.jsonout import resolution_to_json

    doc = resolution_to_json(seed)
    assert doc["symbol"] == "CTOC/COP/2020/L.6/Rev.1"
    assert doc["operative"][12]["points"][2] == {
        "eId": "para_13__list_1__point_c",
        "num": "c",
        "text": seed.operative[12].points[2].text,
        "notes": [],
        "points": [],
    }
    assert doc["preamble"][0]["notes"] == [{"marker": "1", "offset": seed.preamble[0].notes[0].offset},
                                           {"marker": "2", "offset": seed.preamble[0].notes[1].offset}]
