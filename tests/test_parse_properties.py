"""Laws of the parser: arbitrary text raises only the documented errors; parsing is deterministic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED
from lod.errors import ParseError
from lod.read import parse_resolution

SEED_TEXT = SEED.read_text(encoding="utf-8")
# Pieces that steer the parser into its branches: formulas, numbers, points, footnote blocks, furniture.
PIECES = st.sampled_from([
    "The General Assembly,", "La Conférence des Parties,", "Recalling its resolution 70/1,", "Rappelant", "1.", "2. Decides",
    "13. Encourage les États :", "a) Appuyer ;", "(b) To help;", "(i)", "__________________", " 1  Nations Unies, vol. 2225.",
    "V.20-05923 2/8", "23-25978 (E)", "*2325978*", "A/RES/78/228", "I", "II", "Annex", "28th plenary meeting", "organisée1,",
    "20173,", "\u00ad", "\ue000", "\x0c", "   ", "", "\t", "“", "”", "Que la Commission", "auto-", "évaluation",
    "- - -", "-", "fig ht", "fight", "SecretaryGeneral", "Secretary-General", "Al -Qaida", "protection ,", "İ",
])
LINES = st.lists(st.one_of(PIECES, st.text(max_size=80)), max_size=60).map("\n".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(LINES)
def test_arbitrary_text_raises_only_parse_error(text: str) -> None:
    try:
        parse_resolution(text)
    except ParseError:
        pass


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)), st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_cut_seed_is_deterministic(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    text = SEED_TEXT[:lo] + SEED_TEXT[hi:]
    try:
        first = parse_resolution(text)
    except ParseError as e:
        try:
            parse_resolution(text)
        except ParseError as e2:
            assert str(e) == str(e2)
            return
        raise AssertionError("second parse did not fail like the first")
    assert parse_resolution(text) == first
