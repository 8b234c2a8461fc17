"""The masthead: adoption dates as UN mastheads print them, in English and French."""

from __future__ import annotations

import pytest

from lod.read import parse_resolution


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Résolution adoptée par l’Assemblée générale\nle 18 décembre 2019", "2019-12-18"),
        ("Résolution adoptée par l’Assemblée générale le 18 décembre 2019", "2019-12-18"),
        ("Resolution adopted by the General Assembly\non 19 December 2023", "2023-12-19"),
        ("Adopted by the Security Council at its 7847th meeting, on\n20 December 2016", "2016-12-20"),
    ],
)
def test_adoption_date_in_masthead(header: str, expected: str) -> None:
    formula = "L’Assemblée générale," if "générale" in header else "The General Assembly,"
    phrase = "Rappelant sa résolution 70/1," if "générale" in header else "Recalling its resolution 70/1,"
    r = parse_resolution(f"A/RES/74/176\n\n{header}\n\n74/176.\n\nTitre\n{formula}\n{phrase}\n1. Décide de rester saisie.\n")
    assert r.adoption_date is not None and r.adoption_date.isoformat() == expected
