"""The endpoint's query-string parser agrees with urllib's ``parse_qs`` (it only decodes faster)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from lod.serve.sparql import parse_query_string

TRICKY = list("&=+%%%\\xX0123456789abcdefABCDEFgG ?{}\"'é€") + ["%2", "%zz", "%C3", "%A9", "%E2%82", "\\x41", "%5C"]


@settings(max_examples=2000, derandomize=True)
@given(st.lists(st.sampled_from(TRICKY), max_size=30).map("".join))
def test_same_answer_as_urllib(text: str) -> None:
    assert parse_query_string(text) == parse_qs(text, keep_blank_values=True)


@settings(max_examples=300, derandomize=True)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=80), max_size=4))
def test_decodes_what_urlencode_encodes(params: dict[str, str]) -> None:
    encoded = urlencode(params)
    assert parse_query_string(encoded) == parse_qs(encoded, keep_blank_values=True)
