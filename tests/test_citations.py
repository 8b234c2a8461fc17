"""Citation recognition (lod.enrich.citations): the seed, French and English passages, false friends, the English corpus.

Expectations are written down by reading the texts (seed: seeds/000_332bb8f42190d6d7.txt;
English corpus: tests/data/citations_gold_en*.json), never produced by the recognizer.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest
from seedmodel import DATA, SEED, SHARED, seed_model

from lod.enrich.citations import CitationContext, cite_resolution, find_citations
from lod.model import Citation, Resolution

TEXTS = SHARED / "corpus" / "texts"
REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- the seed, found by reading
D = date
SEED_RESOLUTIONS = [
    # second preambular paragraph: 23 citations
    ("preamble__p_2", "decision", "CTOC/COP/DEC/4/4", D(2008, 10, 17)),
    ("preamble__p_2", "resolution", "CTOC/COP/RES/5/2", D(2010, 10, 22)),
    ("preamble__p_2", "resolution", "A/RES/61/144", D(2006, 12, 19)),
    ("preamble__p_2", "resolution", "A/RES/61/180", D(2006, 12, 20)),
    ("preamble__p_2", "resolution", "A/RES/63/194", D(2008, 12, 18)),
    ("preamble__p_2", "resolution", "A/RES/64/178", D(2009, 12, 18)),
    ("preamble__p_2", "resolution", "A/RES/67/190", D(2012, 12, 20)),
    ("preamble__p_2", "resolution", "A/RES/68/192", D(2013, 12, 18)),
    ("preamble__p_2", "resolution", "A/RES/70/179", D(2015, 12, 17)),
    ("preamble__p_2", "resolution", "A/RES/71/167", D(2016, 12, 19)),
    ("preamble__p_2", "resolution", "A/RES/72/1", D(2017, 9, 27)),
    ("preamble__p_2", "resolution", "A/RES/72/195", D(2017, 12, 19)),
    ("preamble__p_2", "resolution", "A/RES/73/189", D(2018, 12, 17)),
    ("preamble__p_2", "resolution", "A/RES/74/176", D(2019, 12, 18)),
    ("preamble__p_2", "resolution", "E/CN.15/RES/20/3", D(2011, 4, 15)),
    ("preamble__p_2", "resolution", "E/CN.15/RES/23/2", D(2014, 5, 16)),
    ("preamble__p_2", "resolution", "E/CN.15/RES/25/1", D(2016, 5, 27)),
    ("preamble__p_2", "resolution", "E/CN.15/RES/27/2", D(2018, 5, 18)),  # "27/2, 27/3 et 27/4 du 18 mai 2018"
    ("preamble__p_2", "resolution", "E/CN.15/RES/27/3", D(2018, 5, 18)),
    ("preamble__p_2", "resolution", "E/CN.15/RES/27/4", D(2018, 5, 18)),
    ("preamble__p_2", "resolution", "E/RES/2013/41", D(2013, 7, 25)),
    ("preamble__p_2", "resolution", "E/RES/2015/23", D(2015, 7, 21)),
    ("preamble__p_2", "resolution", "E/RES/2017/18", D(2017, 7, 6)),
    # "la résolution 64/293 de l'Assemblée générale en date du 30 juillet 2010"
    ("preamble__p_11", "resolution", "A/RES/64/293", D(2010, 7, 30)),
    # "créé conformément à sa résolution 9/1": the Conference's own, no date written
    ("preamble__p_15", "resolution", "CTOC/COP/RES/9/1", None),
    # "de la résolution 70/1 du 25 septembre 2015"
    ("preamble__p_18", "resolution", "A/RES/70/1", D(2015, 9, 25)),
    # footnote 3: Security Council resolutions, years in the number, no date
    ("note_3", "resolution", "S/RES/2331 (2016)", None),
    ("note_3", "resolution", "S/RES/2368 (2017)", None),
    ("note_3", "resolution", "S/RES/2388 (2017)", None),
    ("note_3", "resolution", "S/RES/2482 (2019)", None),
]
SEED_ARTICLES = [
    ("preamble__p_1", "article 32 de la Convention des Nations Unies contre la criminalité transnationale organisée",
     (("article", "32"), ("treaty", "treaty-untoc"))),
    ("preamble__p_6", "paragraphe 1 de l’article 6 du Protocole",
     (("article", "6"), ("paragraph", "1"), ("treaty", "treaty-untoc-tip"))),
    ("para_4", "article 3 du Protocole relatif à la traite des personnes",
     (("article", "3"), ("treaty", "treaty-untoc-tip"))),
    ("para_4", "paragraphe 2 de l’article 34", (("article", "34"), ("paragraph", "2"), ("treaty", "treaty-untoc"))),
    ("para_7", "article 3 du Protocole relatif à la traite des personnes",
     (("article", "3"), ("treaty", "treaty-untoc-tip"))),
    ("para_8", "paragraphe 1 de l’article 10 du Protocole relatif à la traite des personnes",
     (("article", "10"), ("paragraph", "1"), ("treaty", "treaty-untoc-tip"))),
    ("para_13__list_1__point_c", "paragraphe a) de l’article 3 du Protocole",
     (("article", "3"), ("paragraph", "a"), ("treaty", "treaty-untoc-tip"))),
]


def _check_seed(res: Resolution) -> None:
    cites = res.citations
    got = [(c.in_eid, c.kind, c.target_symbol, c.target_date) for c in cites if c.kind in ("resolution", "decision")]
    assert got == SEED_RESOLUTIONS
    arts = [(c.in_eid, c.text, c.attributes) for c in cites if c.kind == "treaty-article"]
    assert arts == SEED_ARTICLES
    unts = [(c.in_eid, c.text, dict(c.attributes)) for c in cites if c.kind == "treaty-series"]
    assert unts == [
        ("note_1", "Nations Unies, Recueil des Traités, vol. 2225, no 39574",
         {"series": "UNTS", "unts_volume": "2225", "unts_number": "39574", "treaty": "treaty-untoc",
          "cited_from": "preamble__p_1"}),
        ("note_2", "Ibid., vol. 2237, no 39574",
         {"series": "UNTS", "unts_volume": "2237", "unts_number": "39574", "ibid": "true",
          "treaty": "treaty-untoc-tip", "cited_from": "preamble__p_1"}),
    ]
    sales = [(c.in_eid, c.text, c.attributes) for c in cites if c.kind == "sales-number"]
    assert sales == [("note_4", "numéro de vente : F.09.V.11", (("sales_number", "F.09.V.11"), ("cited_from", "preamble__p_9")))]
    # ... and nothing else: 30 resolutions/decisions, 7 articles, 2 UNTS, 1 sales number.
    assert len(cites) == 40
    # A citation in a footnote is linked to the paragraph carrying the note marker.
    for c in cites:
        if c.in_eid == "note_3":
            assert ("cited_from", "preamble__p_2") in c.attributes
    # Spans are what the text says at the recorded offsets.
    for c in cites:
        el = res.element(c.in_eid)
        assert el is not None and el.text[c.start:c.end] == c.text


def test_seed_hand_model() -> None:
    _check_seed(cite_resolution(seed_model()))


def test_seed_parsed() -> None:
    """The same expectations on the seed as parsed by lod.read."""
    from lod.read import parse_file

    _check_seed(cite_resolution(parse_file(SEED)))


# ---------------------------------------------------------------- French passages (line breaks joined)
def _find(text: str, lang: str = "fr", body: str | None = "un-ctoc-cop") -> list[Citation]:
    return list(find_citations(text, language=lang, in_eid="p", issuing_body=body))


def test_dates_split_across_lines_and_glued_footnote_digits() -> None:
    text = "résolutions de l’Assemblée générale 71/167 du 19 décembre\n2016, 72/1 du\n27 septembre 2017 et 2017/18 du 6 juillet 20173"
    got = [(c.target_symbol, c.target_date) for c in _find(text)]
    assert got == [("A/RES/71/167", D(2016, 12, 19)), ("A/RES/72/1", D(2017, 9, 27)), ("E/RES/2017/18", D(2017, 7, 6))]


def test_body_after_the_number() -> None:
    got = _find("Rappelant la résolution 64/293 de l’Assemblée générale en date du 30 juillet 2010 et le Plan d’action")
    assert [(c.target_symbol, c.target_date) for c in got] == [("A/RES/64/293", D(2010, 7, 30))]


def test_old_and_lettered_general_assembly_numbers() -> None:
    got = _find("Rappelant sa résolution 2751 (XXVI) et la résolution 217 A (III) de l’Assemblée générale", body="un-ga")
    assert [c.target_symbol for c in got] == ["A/RES/2751 (XXVI)", "A/RES/217 A (III)"]


def test_ibid_alone_repeats_the_previous_reference() -> None:
    ctx = CitationContext(issuing_body="un-ga")
    first = find_citations("Resolution 2200 A (XXI), annex.", language="en", in_eid="note_1", issuing_body="un-ga", context=ctx)
    again = find_citations("Ibid.", language="en", in_eid="note_2", issuing_body="un-ga", context=ctx)
    assert [c.target_symbol for c in first] == ["A/RES/2200 A (XXI)"]
    assert [(c.in_eid, c.text, c.target_symbol, dict(c.attributes)["ibid"]) for c in again] == [
        ("note_2", "Ibid.", "A/RES/2200 A (XXI)", "true")
    ]


# ---------------------------------------------------------------- English passages
def test_english_lists_bodies_and_possessives() -> None:
    text = (
        "Recalling its resolutions 60/251 of 15 March 2006, by which it established the Human Rights Council, "
        "and 65/281 of 17 June 2011 on the review of the Council, Human Rights Council resolution 5/1, "
        "Economic and Social Council resolution 1980/67 of 25 July 1980 and its decision 77/553 of 7 March 2023"
    )
    got = [(c.kind, c.target_symbol, c.target_date) for c in _find(text, "en", "un-ga")]
    assert got == [
        ("resolution", "A/RES/60/251", D(2006, 3, 15)),
        ("resolution", "A/RES/65/281", D(2011, 6, 17)),
        ("resolution", "A/HRC/RES/5/1", None),
        ("resolution", "E/RES/1980/67", D(1980, 7, 25)),
        ("decision", "A/DEC/77/553", D(2023, 3, 7)),
    ]


def test_security_council_series_with_years_and_without() -> None:
    text = (
        "including resolutions 2195 (2014) and 2253\n(2015), which express concern, as well as 2242 (2015), which "
        "expresses concern; in line with resolutions 1960 and 2106, and pursuant to paragraph 2 of resolution 808 (1993)"
    )
    got = [(c.target_symbol, c.attributes) for c in _find(text, "en", "un-sc")]
    assert got == [
        ("S/RES/2195 (2014)", ()), ("S/RES/2253 (2015)", ()), ("S/RES/2242 (2015)", ()),
        ("S/RES/1960", ()), ("S/RES/2106", ()), ("S/RES/808 (1993)", (("paragraph", "2"),)),
    ]


def test_the_general_assembly_in_its_resolution_from_a_council_text() -> None:
    got = _find("Recalling the finding of the General Assembly in its resolution 293 (IV) of 21 October 1949", "en", "un-sc")
    assert [(c.target_symbol, c.target_date) for c in got] == [("A/RES/293 (IV)", D(1949, 10, 21))]


def test_documents_statements_articles_series_sales_sdg() -> None:
    text = (
        "Recalling Presidential Statement 2015/25, the reports S/2016/949 and A/78/482, draft E/CN.15/2019/L.3, "
        "article 34, paragraph 2, of the Convention, United Nations, Treaty Series, vol. 2225, No. 39574, "
        "(United Nations publication, Sales No. E.96.IV.13), target 5.2 and Goal 16 of the 2030 Agenda for Sustainable Development"
    )
    got = [(c.kind, c.target_symbol, c.attributes) for c in _find(text, "en", "un-sc")]
    assert got == [
        ("presidential-statement", "S/PRST/2015/25", ()),
        ("document", "S/2016/949", ()),
        ("document", "A/78/482", ()),
        ("draft", "E/CN.15/2019/L.3", ()),
        ("treaty-article", None, (("article", "34"), ("paragraph", "2"))),
        ("treaty-series", None, (("series", "UNTS"), ("unts_volume", "2225"), ("unts_number", "39574"),
                                 ("treaty", "treaty-untoc"))),
        ("sales-number", None, (("sales_number", "E.96.IV.13"),)),
        ("sdg", None, (("sdg_target", "5.2"),)),
        ("sdg", None, (("sdg_goal", "16"),)),
        ("agenda-2030", "A/RES/70/1", ()),
    ]


# ---------------------------------------------------------------- false friends
@pytest.mark.parametrize(
    "text",
    [
        "Adopted by the Security Council at its 7847th meeting, on 20 December 2016",
        "Acting under Chapter VII of the Charter of the United Nations, the Council adopted this resolution",
        "as referred to in paragraph 1 (a) above and in paragraphs 13 and 14 of the present resolution",
        "on the report of the Third Committee, 50th plenary meeting, the Sixth Committee and the 1540 Committee",
        "Official Records, Supplement No. 53, page 12, footnote 3, in 2016 and 2017",
        "noting general recommendation No. 39 (2022) of the Committee, and this resolution",
        "Report of the International Conference on Financing for Development, chap. I, resolution 1, annex",
        "United Nations Environment Programme, document CBD/COP/15/17, decision 15/4, annex",
        "the report of the Court for 2024/25 and the decision of the Assembly of States Parties at its 23rd session",
        "Resolution 687 (1991) of 3 Apri] 1991 and By Article 47 of the Charter",
    ],
)
def test_false_friends_are_not_resolution_citations(text: str) -> None:
    hits = [c for c in _find(text, "en", "un-sc") if c.kind in ("resolution", "decision")]
    # The only number-shaped resolution allowed is the document's own heading in the last case.
    assert [c.target_symbol for c in hits] in ([], ["S/RES/687 (1991)"])


def test_no_citations_outside_the_known_kinds_in_plain_prose() -> None:
    text = "La Conférence des Parties, prenant note des 250 recommandations issues de ses neuf réunions tenues depuis avril 2009 et de la pandémie de COVID-19,"
    assert _find(text) == []


# ---------------------------------------------------------------- the English corpus, one test per document
def _load_bench() -> object:
    spec = importlib.util.spec_from_file_location("citations_eval", REPO / "bench" / "citations_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GOLD = {
    **json.loads((DATA / "citations_gold_en.json").read_text(encoding="utf-8")),
    **json.loads((DATA / "citations_gold_en_heldout.json").read_text(encoding="utf-8")),
    **json.loads((DATA / "citations_gold_en_heldout2.json").read_text(encoding="utf-8")),
    **json.loads((DATA / "citations_gold_en_heldout3.json").read_text(encoding="utf-8")),
}
GOLD.pop("_comment", None)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_english_corpus_document_cites(name: str) -> None:
    """The set of resolutions and decisions each complete English resolution cites, parsed first."""
    bench = _load_bench()
    entry = GOLD[name]
    found = bench.found_parsed(TEXTS / name, entry["symbol"])  # type: ignore[attr-defined]
    assert sorted(found) == sorted(entry["cites"])


def test_bench_writes_precision_and_recall(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "citations_eval.py"), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "| held-out set |" in text and "precision" in text


def test_cli_parse_json_carries_citations_and_addressees() -> None:
    """`lod parse --json` on the seed: citations with target and eId, addressees on operative paragraphs."""
    from click.testing import CliRunner

    from lod.cli import main

    result = CliRunner().invoke(main, ["parse", "--json", str(SEED)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    cites = doc["citations"]
    assert len(cites) == 40
    first = next(c for c in cites if c["target"]["symbol"] == "A/RES/74/176")
    assert (first["in"], first["kind"], first["target"]["date"]) == ("preamble__p_2", "resolution", "2019-12-18")
    sc = [c for c in cites if c["in"] == "note_3"]
    assert [c["cited_from"] for c in sc] == [["preamble__p_2"]] * 4
    art = next(c for c in cites if c["kind"] == "treaty-article" and c["in"] == "para_8")
    assert art["attributes"] == {"article": "10", "paragraph": "1", "treaty": "treaty-untoc-tip"}
    assert all(op["addressees"] for op in doc["operative"])
    assert [a["code"] for a in doc["operative"][16]["addressees"]] == ["member-states", "donors"]


def test_cli_json_validates_against_the_schema() -> None:
    """Citations and addressees of the seed fit schemas/parse.schema.json."""
    import jsonschema
    from click.testing import CliRunner

    from lod.cli import main

    schema = json.loads((REPO / "schemas" / "parse.schema.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["parse", "--json", str(SEED)])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.output), schema)


# ---------------------------------------------------------------- laws that hold on any text
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "resolution", "résolutions", "decision", "sa", "its", "of", "du", "et", "and", ", ", " ", "\n", "74/176", "2331 (2016)",
    "2751 (XXVI)", "217 A (III)", "18 décembre 2019", "25 August 1999", "General Assembly", "Conseil de sécurité",
    "article 3", "paragraphe 1 de l’article 6 du Protocole", "Ibid.", "vol. 2237", "no 39574", "A/RES/70/1",
    "Sales No. E.96.IV.13", "Chapter VII", "7847th meeting", "No. 39 (2022)", "(", ")", ";", ".", "entitled “x”",
    "adopted by the Conference of the Parties", "Transnational Organized Crime", "target 5.2", "1960", "Goal 99",
])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["en", "fr"]), st.sampled_from([None, "un-ga", "un-sc", "un-ctoc-cop"]))
def test_any_text_gives_consistent_spans(pieces: list[str], lang: str, body: str | None) -> None:
    text = " ".join(pieces)
    for c in find_citations(text, language=lang, in_eid="p", issuing_body=body):
        assert 0 <= c.start < c.end <= len(text) and text[c.start:c.end] == c.text or c.text == "Ibid."
        if c.kind in ("resolution", "decision"):
            assert c.target_symbol and "/" in c.target_symbol


# The same documents in other extractions (pdftotext -layout, clean markdown) cite the same;
# A/L.632 (1971, OCR) cites no resolution (only Article 18 of the Charter).
VARIANTS = {
    "en__A_RES_73_6.pdftotext-layout.txt": "en__A_RES_73_6.pdftotext.txt",
    "en__A_RES_73_7.pdftotext-layout.txt": "en__A_RES_73_7.pdftotext.txt",
    "en__A_RES_73_8.pdftotext-layout.txt": "en__A_RES_73_8.pdftotext.txt",
    "en__A_RES_80_6.md": "en__A_RES_80_6.txt",
    "en__A_RES_73_3.pdftotext-layout.txt": "en__A_RES_73_3.pdftotext.txt",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_english_corpus_variant_cites_the_same(name: str) -> None:
    bench = _load_bench()
    entry = GOLD[VARIANTS[name]]
    assert sorted(bench.found_parsed(TEXTS / name, entry["symbol"])) == sorted(entry["cites"])  # type: ignore[attr-defined]


def test_ocr_draft_cites_no_resolution() -> None:
    bench = _load_bench()
    assert bench.found_parsed(TEXTS / "en__A_L_632_1971.ocr-pdftotext.txt", "A/L.632") == set()  # type: ignore[attr-defined]


def test_cli_parse_json_with_base_resolves_targets_and_actors_to_iris() -> None:
    """With --base, cited works get the IRIs lod.identifiers mints (dated when a date is written)."""
    from click.testing import CliRunner

    from lod.cli import main
    from lod.identifiers import actor_iri, alias_iri, work_iri_for_symbol

    base = "http://localhost:8000/"
    result = CliRunner().invoke(main, ["parse", "--json", "--base", base, str(SEED)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    by_symbol = {c["target"]["symbol"]: c["target"]["iri"] for c in doc["citations"] if c["target"]["symbol"]}
    assert by_symbol["A/RES/74/176"] == work_iri_for_symbol("A/RES/74/176", base, D(2019, 12, 18))
    assert by_symbol["A/RES/74/176"] == base + "akn/un/statement/deliberation/un-ga/2019-12-18/74-176"
    assert by_symbol["CTOC/COP/RES/9/1"] == alias_iri("CTOC/COP/RES/9/1", base)  # no date written
    assert doc["operative"][2]["addressees"][0]["iri"] == actor_iri("un-unodc", base)
