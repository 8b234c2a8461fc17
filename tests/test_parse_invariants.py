"""What must hold on every text we have (the seed, the first corpus, the wide corpus), whatever its layout.

Checked on what is published (``parse_file_documents``), with means independent of the parser's own
rules where possible:

* no operative paragraph number is left inside a paragraph's text (`… the conference; 9. Encourages …`);
* a title is never a date, a masthead line, a paragraph's opening or the formula;
* an adoption date is never after today, and it is written in the text (day, month in words, year),
  so it was read there, not computed from a job number or print code;
* every refused part says why and where.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import CORPUS, SEED, SHARED
from lod.model import Resolution
from lod.read import parse_file_documents
from lod.read.header import parse_date
from lod.read.languages import LANGUAGES
from lod.read.normalise import normalise
from lod.read.source import read_source

WIDE = SHARED / "corpus" / "wide" / "texts"
FILES: list[Path] = [SEED] + (sorted(CORPUS.iterdir()) if CORPUS.exists() else []) + (
    sorted(WIDE.iterdir()) if WIDE.exists() else [])

_MONTHS = {lang: {n: m for m, n in LANGUAGES[lang].months.items()} for lang in ("en", "fr")}
#: An operative number run into a paragraph: after a sentence end, before a capitalised verb.
_RUN_IN = re.compile(r"(?:^|[.;:]\s+)(\d{1,3})\.\s+([A-Z][a-z]+(?:\s+[a-z]+)?)")
_DATE_SHAPE = re.compile(r"\b\d{1,2}\s+\w+\s+\d{4}\b|\b(19|20)\d\d\b")


def _texts(r: Resolution) -> list[tuple[str, str]]:
    out = [(p.eid, p.text) for p in r.preamble]
    for op in r.operative:
        out.append((op.eid, op.text))
        stack = list(op.points)
        while stack:
            pt = stack.pop()
            out.append((pt.eid, pt.text))
            stack.extend(pt.points)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_invariants(path: Path) -> None:
    pf = parse_file_documents(path)
    for part in pf.refused:
        assert part.reason and part.line, part
    text = normalise(read_source(path).text)[0]
    flat = " ".join(" ".join(line.stripped.split()) for line in text)
    for r in pf.documents:
        lang = LANGUAGES[r.language]
        # no operative number left in a text
        for eid, t in _texts(r):
            for m in _RUN_IN.finditer(t):
                assert not lang.operative_phrase_known(m.group(2)), f"{eid}: number {m.group(1)}. left in {t[max(0, m.start() - 40):m.end() + 20]!r}"
        # a title is a title
        if r.title:
            t = r.title
            assert not re.fullmatch(r"(?:(?:on|of|le|du)\s+)?\d{1,2}\s+\S+\s+\d{4}\.?", t), t
            assert not lang.operative_phrase_known(t) or len(t.split()) > 6, t
            assert not (lang.preamble_phrase(t) and t.rstrip().endswith((",", ";"))), t
            assert not lang.formula_re.match(t), t
            assert not re.match(r"^(?:Adopted|Adoptée|At its|Distr)", t), t
        # an adoption date is read in the text, never after today
        if r.adoption_date is not None:
            d = r.adoption_date
            assert d <= date.today()
            written = [f"{d.day} {name}" for name, m in LANGUAGES[r.language].months.items() if m == d.month]
            written += [f"{d.day} {name}" for name, m in LANGUAGES["en"].months.items() if m == d.month]
            own = LANGUAGES[r.language].date_re  # "14 de junio de 2023", "2016年12月15日"
            assert any(re.search(rf"\b{re.escape(w)}\s*,?\s*{d.year}\b", flat, re.IGNORECASE) for w in written) or (
                d.day == 1 and re.search(rf"\b1er\s+\w+\s+{d.year}\b", flat)) or (own is not None and any(
                    parse_date(m.group(0), LANGUAGES[r.language]) == d for m in own.finditer(flat))), f"{d} is not written in the text"


def test_fragments_of_the_first_corpus_are_not_published() -> None:
    """The pages that hold the end of one resolution and the start of another are never published
    under either symbol; S/RES/180 (1963) no longer carries 179's paragraphs."""
    pages = {"fr__S_RES_179_1963.wikisource-recueil1963-p07.txt": [None, "S/RES/180 (1963)"],
             "fr__S_RES_1_1946.wikisource-recueil1946-p16.txt": [None, "S/RES/1 (1946)"]}
    for name, symbols in pages.items():
        pf = parse_file_documents(CORPUS / name)
        assert pf.documents == ()
        assert [p.symbol for p in pf.refused] == symbols and all(p.reason for p in pf.refused)
        assert "earlier page" in pf.refused[0].reason
