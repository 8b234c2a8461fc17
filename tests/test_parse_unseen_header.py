"""The masthead of web copies and old volumes, as the unseen texts print it (lod.read.header): a resolution's
heading in every language gives its symbol and date, the Official Records' number line its number and title,
the adoption sentence its date however long; a site's status line, a catalogue field or a date is never a
title; the formula is found after a connective, a quotation mark, an ordinal or a lost article.

Every text here is written for the test, in the layout of a page seen in the wild (a heading, a formula, two
recitals, two paragraphs). Each case asserts the symbol, title and date, and that the body reads as the
same text without the masthead does (formula, recitals and paragraphs unchanged).
"""

from __future__ import annotations

from datetime import date

import pytest

from lod.model import Resolution
from lod.read import parse_resolution

BODIES = {
    "en-sc": ("The Security Council,", "Recalling its resolution 100 (1950),", "Noting the report of the Secretary-General,",
              "1. Decides to extend the mandate of the Mission;", "2. Decides to remain seized of the matter."),
    "en-ga": ("The General Assembly,", "Recalling its resolution 100 (I),", "Noting the report of the Secretary-General,",
              "1. Requests the Secretary-General to report;", "2. Decides to consider the question again."),
    "en-cop": ("The Conference of the Parties,", "Recalling its decision II/2,", "Noting the report of the secretariat,",
               "1. Requests the Executive Secretary to report;", "2. Urges Parties to contribute."),
    "fr-sc": ("Le Conseil de sécurité,", "Rappelant sa résolution 200 (1965),", "Prenant note du rapport du Secrétaire général,",
              "1. Décide de proroger le mandat de la Force;", "2. Décide de rester saisi de la question."),
    "es-sc": ("El Consejo de Seguridad,", "Recordando su resolución 40 (1948),", "Tomando nota del informe del Mediador,",
              "1. Invita a todas las partes a cesar el fuego;", "2. Decide seguir ocupándose de la cuestión."),
    "ru-sc": ("Совет Безопасности,", "ссылаясь на свою резолюцию 1900 (2009),", "принимая к сведению доклад Генерального секретаря,",
              "1. постановляет продлить мандат Миссии;", "2. постановляет продолжать активно заниматься этим вопросом."),
    "zh-sc": ("安全理事会,", "回顾其第1400(2002)号决议,", "审议了秘书长的报告,", "1. 决定将任务期限延长六个月;", "2. 决定继续积极处理此案。"),
    "ar-sc": ("إن مجلس الأمن،", "إذ يشير إلى قراره 350 (1974)،", "وإذ يلاحظ تقرير الأمين العام،",
              "1 - يقرر تجديد ولاية القوة لفترة ستة أشهر؛", "2 - يطلب إلى الأمين العام أن يقدم تقريرا."),
}


def body(kind: str) -> str:
    return "\n".join(BODIES[kind]) + "\n"


def shape(r: Resolution) -> tuple[object, ...]:
    return (r.formula, [p.text for p in r.preamble], [(p.num, p.text) for p in r.operative])


def check(masthead: str, kind: str, symbol: str | None, title: str | None, adopted: date | None,
          language: str | None = None, tail: str = "") -> Resolution:
    r = parse_resolution(masthead + body(kind) + tail, language=language)
    assert (r.symbol, r.title, r.adoption_date) == (symbol, title, adopted)
    plain = parse_resolution(body(kind) + tail, language=language)
    assert shape(r) == shape(plain)
    return r


# --- a resolution's heading, in every language and layout -------------------------------------------------

HEADINGS = [
    pytest.param("Resolución 52 del Consejo de Seguridad de las Naciones Unidas\nDe Wikisource, la biblioteca libre.\n"
                 "52 (1948). Resolución de 22 de junio de 1948\n[S/800]\n\n", "es-sc", "S/RES/52 (1948)", date(1948, 6, 22),
                 id="es-volume-heading"),
    pytest.param("Резолюция 2001 (2011),\nпринятая Советом Безопасности на его 6600-м заседании\n28 июля 2011 года\n",
                 "ru-sc", "S/RES/2001 (2011)", date(2011, 7, 28), id="ru-heading-comma"),
    pytest.param("Резолюция Совета Безопасности ООН №731\n\n(Нью-Йорк, 21 января 1992 г.)\n\n", "ru-sc",
                 "S/RES/731 (1992)", date(1992, 1, 21), id="ru-no-year-place-date"),
    pytest.param("联合国安理会第1500号决议\n第1500(2003)号决议\n2003年8月14日安全理事会第4814次会议通过\n", "zh-sc",
                 "S/RES/1500 (2003)", date(2003, 8, 14), id="zh-heading"),
    pytest.param("联合国安理会第370号决议\n一九七五年五月二十八日\n第370(1975)号决议\n", "zh-sc", "S/RES/370 (1975)",
                 date(1975, 5, 28), id="zh-chinese-numerals-date-above"),
    pytest.param("United Nations Security Council Resolution 140\n\nFrom Wikisource\nJump to navigation Jump to search\n\n"
                 "Adopted by the Security Council at its 900th meeting, by 8 votes to none, with 3 abstentions (France, "
                 "Poland, Union of Soviet Socialist Republics), on 15 June 1960\n\n", "en-sc", "S/RES/140 (1960)",
                 date(1960, 6, 15), id="en-wikisource-no-year-votes"),
    pytest.param("Resolution 1500 (2003)\n\nAdopted by the Security Council at its 4814th meeting, on14 August 2003\n\n",
                 "en-sc", "S/RES/1500 (2003)", date(2003, 8, 14), id="en-on-glued"),
    pytest.param("Page:ONU - Résolutions et décisions du conseil de sécurité, 1966.djvu/30\n\nCette page n’a pas encore été "
                 "corrigée\n\n\nRésolution 230 du 7 novembre 1966\n\n", "fr-sc", "S/RES/230 (1966)", date(1966, 11, 7),
                 id="fr-heading-date"),
    pytest.param("دائرة الوثائق\n\nقرار مجلس الأمن رقم 390 بتاريخ 28 أيار (مايو) 1976\n", "ar-sc", "S/RES/390 (1976)",
                 date(1976, 5, 28), id="ar-heading-month-in-brackets"),
    pytest.param("Resolution 680 (1990)\n\nor 29 November 1990\n\n", "en-sc", "S/RES/680 (1990)", date(1990, 11, 29),
                 id="en-ocr-date-under-heading"),
]


@pytest.mark.parametrize(("masthead", "kind", "symbol", "adopted"), HEADINGS)
def test_heading_gives_symbol_and_date(masthead: str, kind: str, symbol: str, adopted: date) -> None:
    check(masthead, kind, symbol, None, adopted)


def test_a_heading_without_year_takes_no_year_without_a_date() -> None:
    check("Резолюция Совета Безопасности ООН №731\n\n", "ru-sc", None, None, None)


def test_a_date_under_the_heading_that_is_not_its_year_is_not_taken() -> None:
    check("Resolution 680 (1990)\n\n14 March 1991\n\n", "en-sc", "S/RES/680 (1990)", None, None)


# --- the Official Records' number line ------------------------------------------------------------------------

CLOSING = "\n1408th plenary meeting,\n4 November 1966.\n"


def test_bare_number_is_cut_from_the_title_and_gives_no_symbol_without_the_session() -> None:
    check("2150. Question of the reappraisal of the Council\n\n", "en-ga", None, "Question of the reappraisal of the Council",
          date(1966, 11, 4), tail=CLOSING)


def test_number_with_its_session_in_ocr_brackets() -> None:
    check("United Nations\nA/RES/78 (1)\n\n78 (1)Admission of new Members\n\n", "en-ga", "A/RES/78 (I)",
          "Admission of new Members", None)


def test_number_without_title_takes_the_agenda_item_not_the_chapter_heading() -> None:
    check("XII. RESOLUTIONS ADOPTED WITHOUT REFERENCE TO A COMMITTEE : Question of the election of judges (item 20)\n"
          "1200. Resolution\n\n", "en-ga", None, "Question of the election of judges", date(1966, 11, 4), tail=CLOSING)


def test_chapter_heading_alone_is_no_title() -> None:
    check("33. RESOLUTIONS ADOPTED ON THE REPORTS OF THE SECOND COMMITTEE*\n\n", "en-ga", None, None, None)


def test_number_line_without_formula_gives_title_and_session_symbol() -> None:
    text = ("Report of the Council.\n- Author: UN General Assembly (32nd sess. : 1977)\n- Document source:\n12 December 1977\n"
            "150. Report of the Council\n1. Takes note of the report of the Council;\n2. Requests the Council to report.\n")
    r = parse_resolution(text)
    assert (r.symbol, r.title) == ("A/RES/32/150", "Report of the Council")
    assert [p.num for p in r.operative] == ["1", "2"] and not r.preamble


# --- what is never a title --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("masthead", "kind", "title"), [
    pytest.param("This decision has been retired.\nConvening of regional meetings\nfor Parties to the Convention\n", "en-cop",
                 "Convening of regional meetings for Parties to the Convention", id="retired-status"),
    pytest.param("Share meeting\nFull text\n", "en-cop", None, id="web-chrome"),
    pytest.param("Skip to main content\nType\nDecision\nStatus\nActive\n\n", "en-cop", None, id="web-chrome-fields"),
    pytest.param("This page needs to be proofread.\n\n", "en-ga", None, id="wikisource-status-en"),
    pytest.param("Cette page n’a pas encore été corrigée\n\n", "fr-sc", None, id="wikisource-status-fr"),
])
def test_site_lines_are_no_title(masthead: str, kind: str, title: str | None) -> None:
    check(masthead, kind, None, title, None)


def test_catalogue_fields_are_no_title() -> None:
    check("S/RES/1600    Prorogation du mandat de la Force\n\n    Date: 4 mai 2005        Séance: 5170e\n\n"
          "    Vote: unanimité\n\n", "fr-sc", "S/RES/1600 (2005)", None, date(2005, 5, 4))


@pytest.mark.parametrize("masthead", [
    pytest.param("Резолюция Совета Безопасности ООН №731\n(Нью-Йорк, 1992 г.)\n", id="ru-heading-year-only"),
    pytest.param("Security Council resolution on the question of Cyprus\n1964\n", id="en-year-above"),
    pytest.param("Resolución del Consejo de Seguridad\n", id="es-no-year-at-all"),
])
def test_council_text_of_unknown_year_is_untitled(masthead: str) -> None:
    kind = "ru-sc" if masthead.startswith("Р") else "es-sc" if masthead.startswith("Resol") else "en-sc"
    r = parse_resolution(masthead + body(kind))
    assert r.title is None and r.adoption_date is None


def test_council_volume_before_1960_keeps_its_title() -> None:
    r = parse_resolution("84 (1950). Resolution of 7 July 1950\n[S/1588]\nComplaint of aggression\n" + body("en-sc"))
    assert (r.symbol, r.adoption_date, r.title) == ("S/RES/84 (1950)", date(1950, 7, 7), "Complaint of aggression")


# --- formulas --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("formula", "kind"), [
    pytest.param("The Sixtieth World Health Assembly,", "en-cop", id="ordinal"),
    pytest.param("The Commission on Crime Prevention and Criminal Justice,", "en-cop", id="long-name"),
    pytest.param("The Conference of  the Parties,", "en-cop", id="double-space"),
    pytest.param("Therefore the Security Council,", "en-sc", id="connective"),
    pytest.param("“Le Conseil de sécurité,", "fr-sc", id="opening-quote"),
    pytest.param("Assemblée générale,", "fr-sc", id="no-article"),
])
def test_formula_variants_are_found(formula: str, kind: str) -> None:
    lines = list(BODIES[kind])
    lines[0] = formula
    r = parse_resolution("\n".join(lines) + "\n")
    assert r.formula is not None and " ".join(r.formula.split()).lstrip("“") == " ".join(formula.split()).lstrip("“")
    assert len(r.preamble) == 2 and [p.num for p in r.operative] == ["1", "2"]


def test_run_on_line_cuts_a_long_formula_before_its_first_recital() -> None:
    r = parse_resolution("Promoting cooperation against crime The Commission on Crime Prevention and Criminal Justice, "
                         "Recalling its resolution 19/1 of 20 May 2010 on the strengthening of international cooperation "
                         "against transnational organized crime in all its forms and manifestations, Noting the report of the "
                         "Secretary-General on the implementation of that resolution and the recommendations it contains,\n"
                         "1. Requests the Secretary-General to report;\n2. Decides to remain seized of the matter.\n")
    assert r.formula == "The Commission on Crime Prevention and Criminal Justice,"
    assert len(r.preamble) == 2


# --- the Assembly's session numbering, American dates, catalogue records ---------------------------------------

def test_assembly_heading_with_session_number_and_american_date() -> None:
    check("UN General Assembly Resolutions: Resolution 47/70\n(December 14, 1992)\nA\nAssistance to refugees\n", "en-ga",
          "A/RES/47/70", "Assistance to refugees", date(1992, 12, 14))


def test_emergency_session_heading_with_its_date() -> None:
    check("10th Emergency Special Session\n\nResolution ES-10/12 (5 August 2002)\n\nIllegal actions\n\n", "en-ga",
          "A/RES/ES-10/12", "Illegal actions", date(2002, 8, 5))


def test_date_under_an_old_symbol_without_distribution_line() -> None:
    check("UN General Assembly Resolution 195\nA/RES/195 (III)\n12 December 1948\n195 (III). The problem of Korea\n", "en-ga",
          "A/RES/195 (III)", "The problem of Korea", date(1948, 12, 12))


def test_date_under_distribution_line_is_not_the_adoption_date() -> None:
    check("United Nations\nA/RES/78/1\nGeneral Assembly\nDistr.: General\n20 September 2023\nSeventy-eighth session\n"
          "Agenda item 5\n\nResolution adopted by the General Assembly\nA title of the resolution\n", "en-ga",
          "A/RES/78/1", "A title of the resolution", None)


def test_catalogue_date_beside_the_meeting_is_the_adoption_date() -> None:
    check("S/RES/1600    Prorogation du mandat de la Force\n\n    Date: 4 mai 2005        Séance: 5170e\n\n", "fr-sc",
          "S/RES/1600 (2005)", None, date(2005, 5, 4))


@pytest.mark.parametrize(("masthead", "kind"), [
    pytest.param("UNSC Resolution 1234 - 27 May 2015\n", "en-sc", id="en-unsc-dash"),
    pytest.param("Res. 1234 (2015), 27 May 2015\n", "en-sc", id="en-abbreviated"),
    pytest.param("Conseil de sécurité - Résolution 1234 - 27 mai 2015\n", "fr-sc", id="fr-body-before"),
    pytest.param("Résolution du Conseil de sécurité n° 1234\n27 mai 2015\n", "fr-sc", id="fr-body-inside"),
    pytest.param("Consejo de Seguridad: Resolución 1234\nde 27 de mayo de 2015\n", "es-sc", id="es-colon-de-date"),
    pytest.param("Резолюция СБ ООН № 1234\n27 мая 2015 г.\n", "ru-sc", id="ru-abbreviated-body"),
    pytest.param("安理会第1234号决议 2015年5月27日\n", "zh-sc", id="zh-date-after"),
    pytest.param("مجلس الأمن الدولي - القرار رقم 1234 - 27 أيار (مايو) 2015\n", "ar-sc", id="ar-body-before"),
])
def test_heading_variants_with_a_date_give_symbol_and_date_never_a_title(masthead: str, kind: str) -> None:
    check(masthead, kind, "S/RES/1234 (2015)", None, date(2015, 5, 27))


def test_assembly_number_line_gives_the_symbol_when_none_is_printed() -> None:
    check("General Assembly\nTenth emergency special session\nResolution adopted by the General Assembly\n"
          "ES-10/14. Illegal actions in the Territory\n", "en-ga", "A/RES/ES-10/14", "Illegal actions in the Territory", None)


def test_a_line_ending_with_a_colon_is_no_title() -> None:
    check("At its 62nd meeting the Conference decided to adopt\nthe following text:\n\n", "en-cop", None, None, None)


def test_formula_in_a_sentence_is_not_part_of_the_title() -> None:
    r = parse_resolution("1 (I) Création d’une commission\n\nL’Assemblée générale des Nations Unies décide de créer une commission "
                         "dont le mandat est fixé ci-après :\n\n1. Création de la commission\n\nL’Assemblée générale crée par la "
                         "présente résolution une commission dont le mandat est fixé à la section 5 ci-après.\n\n2. Relation de "
                         "la commission avec les organes des Nations Unies\n\na) La commission adresse ses rapports au Conseil de "
                         "sécurité ; ceux-ci sont rendus publics.\n", language="fr")
    assert (r.symbol, r.title) == ("A/RES/1 (I)", "Création d’une commission")


def test_chinese_volume_heading_in_chinese_numerals() -> None:
    check("联合国安理会决议案七 中华文库\n七(一九四六). 一九四六年六月二十六日决议案\n", "zh-sc", "S/RES/7 (1946)", None,
          date(1946, 6, 26))


def test_meeting_line_above_the_title_is_not_part_of_it() -> None:
    check("42nd plenary meeting\nStrengthening the regional commissions\n", "en-ga", None, "Strengthening the regional commissions",
          None)


def test_date_under_a_recent_symbol_without_distribution_line_is_not_taken() -> None:
    check("A/RES/78/10\n22 December 2023\nResolution adopted by the General Assembly\nA title of the resolution\n", "en-ga",
          "A/RES/78/10", "A title of the resolution", None)


@pytest.mark.parametrize(("masthead", "kind", "adopted"), [
    pytest.param("Security Council, Resolution 1234, 27 May 2015\n", "en-sc", date(2015, 5, 27), id="en-commas"),
    pytest.param("SC Res 1234 (2015)\n", "en-sc", None, id="en-sc-res"),
    pytest.param("قرار مجلس الأمن الدولي رقم 1234 لعام 2015\n", "ar-sc", None, id="ar-for-the-year"),
])
def test_more_heading_variants(masthead: str, kind: str, adopted: date | None) -> None:
    check(masthead, kind, "S/RES/1234 (2015)", None, adopted)


def test_a_run_of_sentences_is_no_title() -> None:
    check("Украшения. Аксессуары. Дизайн ногтей. Цвета\n\n", "ru-sc", None, None, None)


def test_assembly_decision_number_gives_no_resolution_symbol() -> None:
    check("General Assembly\nDecision adopted by the General Assembly\n78/540. A question of procedure\n", "en-ga", None,
          "A question of procedure", None)


def test_a_date_above_an_english_heading_is_the_issue_date_not_taken() -> None:
    check("Distr.: General\n14 June 2023\nResolution 2686\n", "en-sc", None, None, None)


@pytest.mark.parametrize(("line", "kind"), [
    pytest.param("The full text of resolution 1234 (2015) reads as follows:", "en-sc", id="en"),
    pytest.param("Le texte intégral de la résolution 1234 (2015) se lit comme suit :", "fr-sc", id="fr"),
    pytest.param("El texto completo de la resolución 1234 (2015) es el siguiente:", "es-sc", id="es"),
])
def test_press_release_line_before_the_text_gives_the_symbol(line: str, kind: str) -> None:
    check(f"Security Council Extends Mandate\n14 June 2015\n\n{line}\n\n", kind, "S/RES/1234 (2015)", None, None)


def test_number_line_takes_the_session_line_of_the_masthead() -> None:
    check("General Assembly\nTwentieth session\n\n2097. Review of the Council\n\n", "en-ga", "A/RES/2097 (XX)",
          "Review of the Council", None)
    check("General Assembly\nThirty-first session\n\n111. Report of the Council\n\n", "en-ga", "A/RES/31/111",
          "Report of the Council", None)


def test_assembly_heading_with_a_year_gives_no_symbol() -> None:
    """The Assembly's old symbols carry the session ("181 (II)"); a web page's "Resolution 181 (1947)" does not say it."""
    check("UN General Assembly Resolution 181 (1947)\n\n", "en-ga", None, None, None)


def test_spanish_volume_page_is_cut_at_each_heading(tmp_path) -> None:
    from lod.read import parse_file_documents

    page = ("46 (1948). Resolución de 17 de abril de 1948\n[S/723]\n\n" + body("es-sc") + "\nAprobada en la 283a. sesión.\n\n"
            "47 (1948). Resolución de 21 de abril de 1948\n[S/726]\n\n" + body("es-sc") + "\nAprobada en la 286a. sesión.\n")
    path = tmp_path / "volumen.txt"
    path.write_text(page, encoding="utf-8")
    parsed = parse_file_documents(path)
    assert [(d.symbol, d.adoption_date) for d in parsed.documents] == [
        ("S/RES/46 (1948)", date(1948, 4, 17)), ("S/RES/47 (1948)", date(1948, 4, 21))]
    assert not parsed.refused


def test_title_after_a_session_numbered_heading_on_its_line() -> None:
    check("Resolution 20/5 Promoting cooperation against crime\n", "en-cop", None, "Promoting cooperation against crime", None)
    check("Resolution ES-10/12 (5 August 2002)\n", "en-ga", "A/RES/ES-10/12", None, date(2002, 8, 5))


def test_symbol_beside_the_distribution_mark_of_a_masthead_on_one_line() -> None:
    check("From: someone To: list Subject: UN resolution UNITED NATIONS ____ Security Council Distr. GENERAL "
          "S/RES/670 (1990) 25 September 1990 ==== RESOLUTION 670 (1990)\n", "en-sc", "S/RES/670 (1990)", None, None)


def test_session_numbered_heading_in_russian() -> None:
    text = ("Резолюция 60/1\n\nГенеральная Ассамблея,\nссылаясь на свою резолюцию 55/2,\nотмечая доклад,\n"
            "1. просит Генерального секретаря представить доклад;\n2. постановляет рассмотреть этот вопрос.\n")
    assert parse_resolution(text, language="ru").symbol == "A/RES/60/1"


def test_a_sites_index_of_council_resolutions_above_the_heading() -> None:
    """A site files the text under its index ("UN Security Council Resolutions: Resolution 119", the date in
    brackets below, a "…: Table of Contents" link): the heading gives symbol and date, the link is no title."""
    check("UN Security Council Resolutions: Resolution 119\n(October 31, 1956)\n"
          "UN Security Council Resolutions: UN Security Council Resolutions: Table of Contents\n", "en-sc",
          "S/RES/119 (1956)", None, date(1956, 10, 31))


def test_the_old_chinese_heading_with_a_note_mark_glued_to_it() -> None:
    """"六(一九四六). 一九四六年五月十七日決議案1": the note mark after 決議案 (traditional characters) leaves the
    heading a heading."""
    check("聯合國安理會決議案六\n\n六(一九四六). 一九四六年五月十七日決議案1\n\n", "zh-sc", "S/RES/6 (1946)", None,
          date(1946, 5, 17))
