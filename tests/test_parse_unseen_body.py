"""The body of texts found on the web, as layouts nobody on the team had seen print it: numbers glued to
their verb or printed with a dash, point labels in other scripts, closing lines in words, unnumbered
operative paragraphs of the old texts, and the fragments these pages often are (refused, never
published as whole).

Each text here is written for the test, a few lines in the layout of a real page (a heading, a formula,
two recitals, two paragraphs); none is copied from a page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lod.model import Resolution
from lod.read import parse_file_documents
from lod.read.compilation import ParsedFile


def parse(tmp_path: Path, text: str) -> ParsedFile:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return parse_file_documents(path)


def only(tmp_path: Path, text: str) -> Resolution:
    parsed = parse(tmp_path, text)
    assert len(parsed.documents) == 1, parsed.refused
    return parsed.documents[0]


def refused(tmp_path: Path, text: str) -> str:
    parsed = parse(tmp_path, text)
    assert not parsed.documents, [d.operative for d in parsed.documents]
    assert len(parsed.refused) == 1
    return parsed.refused[0].reason


def numbers(doc: Resolution) -> list[str]:
    return [p.num for p in doc.operative]


def labels(doc: Resolution) -> list[list[str]]:
    return [[pt.num for pt in p.points] for p in doc.operative]


# -- operative numbers in other styles ------------------------------------------------------------------

def test_numbers_glued_to_their_verb_open_the_paragraphs(tmp_path: Path) -> None:
    doc = only(tmp_path, "Share meeting\n\nThe Conference of the Parties,\nRecalling its decision 3/1,\n"
                         "1.Takes note of the report of the Secretariat;\n2.Urges parties to report;\n"
                         "3.Also requests the Secretariat to report at its next meeting.\n")
    assert numbers(doc) == ["1", "2", "3"]
    assert [p.text[:9] for p in doc.operative] == ["Takes not", "Urges par", "Also requ"]
    assert len(doc.preamble) == 1


def test_numbers_glued_without_recitals_still_make_a_decision(tmp_path: Path) -> None:
    doc = only(tmp_path, "The Conference of the Parties\n1.Takes note of the report;\n2.Requests the Secretariat to act.\n")
    assert numbers(doc) == ["1", "2"] and not doc.preamble


def test_a_dash_after_the_first_number_continues_the_sequence(tmp_path: Path) -> None:
    doc = only(tmp_path, "Le Conseil de sécurité,\nRappelant ses résolutions antérieures,\nAyant examiné le rapport,\n"
                         "1 – Réaffirme son appui aux efforts du Secrétaire général ;\n2. Demande aux parties de négocier ;\n"
                         "3. Décide de rester saisi de la question.\n")
    assert numbers(doc) == ["1", "2", "3"]
    assert doc.operative[0].text.startswith("Réaffirme")


def test_a_number_glued_to_a_word_out_of_sequence_is_no_paragraph(tmp_path: Path) -> None:
    doc = only(tmp_path, "The General Assembly,\nRecalling its resolution 2.GA 3,\n2.GA Recalling its rules,\n"
                         "1. Decides to act.\n")
    assert numbers(doc) == ["1"]


# -- point labels in other scripts ---------------------------------------------------------------------

def test_chinese_labels_glued_to_their_text(tmp_path: Path) -> None:
    doc = only(tmp_path, "安全理事会,\n回顾其以往各项决议,\n审议了秘书长的报告,\n决定:\n(a)要求有关各方立即执行决议;\n"
                         "(b)将部队的任务期限延长三个月;\n(c)请秘书长提出报告。\n第一八二一次会议以十三票对零票通过。\n")
    assert len(doc.preamble) == 2 and numbers(doc) == [""]
    assert labels(doc) == [["a", "b", "c"]]
    assert doc.operative[0].points[0].text == "要求有关各方立即执行决议;"
    assert not doc.annexes


def test_arabic_letters_are_points_a_b_c(tmp_path: Path) -> None:
    doc = only(tmp_path, "إن مجلس الأمن\nوقد نظر في تقرير الأمين العام,\nوقد أحاط علما بالمباحثات,\nيقرر:\n"
                         "(أ ) أن يجتمع مرة أخرى في موعد لاحق,\n(ب) أن يجدد ولاية القوة لفترة أخرى,\n"
                         "(ج) أن يطلب إلى الأمين العام تقريرا.\nتبنى المجلس هذا القرار, في\nجلسته رقم 1856\n")
    assert labels(doc) == [["a", "b", "c"]]
    assert not doc.annexes
    assert doc.operative[0].points[2].text.endswith("تقريرا.")


def test_a_cyrillic_look_alike_label_is_the_latin_one(tmp_path: Path) -> None:
    doc = only(tmp_path, "Генеральная Ассамблея,\nрассмотрев вопрос о положении,\n1. учреждает комиссию, которая должна:\n"
                         "а) взять на себя функции Посредника;\nb) выполнять задачи, возложенные на нее.\n")
    assert labels(doc) == [["a", "b"]]


# -- the inline annex: only a text adopted opens one -----------------------------------------------------

def test_an_announced_list_that_is_lost_is_refused_not_an_annex(tmp_path: Path) -> None:
    reason = refused(tmp_path, "The Security Council,\nExpressing its concern with the situation;\nEmphasising the need for peace;\n"
                               "Affirms that peace requires the application of both the following principles:\n"
                               "Affirms further the necessity,\nRequests the Secretary-General to designate a representative;\n"
                               "Requests the Secretary-General to report as soon as possible.\n")
    assert "announces a list" in reason


def test_a_text_adopted_after_a_colon_is_still_an_annex(tmp_path: Path) -> None:
    doc = only(tmp_path, "The General Assembly,\nRecalling its resolution 70/1,\nAdopts the following declaration:\n"
                         "We, the Member States, resolve to act together for peace.\nWe commit ourselves to report.\n")
    assert numbers(doc) == [""] and len(doc.annexes) == 1
    assert "resolve to act" in (doc.annexes[0].title or "")


def test_a_dash_list_under_an_unnumbered_paragraph_stays_in_it(tmp_path: Path) -> None:
    doc = only(tmp_path, "La Asamblea General,\nReconociendo que el orden del día será nutrido;\n"
                         "Aprueba las medidas siguientes:\n- Los memorándums presentados por el Canadá;\n"
                         "- Las indicaciones hechas por los Miembros.\n")
    assert not doc.annexes and numbers(doc) == [""]
    assert "memorándums" in doc.operative[0].text


# -- fragments are refused ---------------------------------------------------------------------------------

def test_a_text_cut_after_a_semicolon_is_a_fragment(tmp_path: Path) -> None:
    reason = refused(tmp_path, "The Conference of the Parties\n1. Takes note of the report;\n2. Requests the Secretariat to act;\n")
    assert "mid-sentence" in reason


def test_a_text_ending_on_a_bare_number_is_a_fragment(tmp_path: Path) -> None:
    reason = refused(tmp_path, "The General Assembly,\nRecalling its resolution 186 (S-2),\n1. Expresses its appreciation.\n"
                               "2. Establishes a commission.\n3. Decides to act.\n4.\n")
    assert "mid-sentence" in reason


def test_an_empty_last_point_is_a_fragment(tmp_path: Path) -> None:
    reason = refused(tmp_path, "Le Conseil de sécurité,\nRappelant ses résolutions,\n1. Décide :\na) de proroger le mandat ;\nb)\n")
    assert "mid-sentence" in reason


def test_a_closing_line_after_a_semicolon_keeps_the_text_whole(tmp_path: Path) -> None:
    doc = only(tmp_path, "The General Assembly,\nRecalling its resolution 1 (I),\n1. Decides to act;\n2. Requests a report;\n"
                         "81st plenary meeting\n14 December 1946\n")
    assert numbers(doc) == ["1", "2"] and doc.adoption_date == date(1946, 12, 14)


def test_a_text_that_begins_inside_the_preamble_is_a_fragment(tmp_path: Path) -> None:
    reason = refused(tmp_path, "Cette page n’a pas encore été corrigée\nConscient de la situation,\nRappelant ses résolutions,\n"
                               "1. Décide de proroger le mandat.\n2. Décide de rester saisi de la question.\n")
    assert "inside the preamble" in reason


# -- closing lines and their dates ---------------------------------------------------------------------

@pytest.mark.parametrize("closing, day", [
    ("642nd plenary meeting, 16 December 1976", date(1976, 12, 16)),
    ("101st plenary meeting16 December 1976", date(1976, 12, 16)),
    ("Sixty-fourth plenary meeting,\n14 December 1946.", date(1946, 12, 14)),
])
def test_the_date_on_or_under_the_meeting_line(tmp_path: Path, closing: str, day: date) -> None:
    doc = only(tmp_path, f"The General Assembly,\nRecalling its resolution 2997 (XXVII),\n1. Takes note of the report;\n"
                         f"2. Requests the Council to report.\n{closing}\n")
    assert doc.adoption_date == day


def test_a_french_meeting_line_in_words_closes_the_text(tmp_path: Path) -> None:
    doc = only(tmp_path, "L’Assemblée générale,\nConsidérant la question,\nRecommande aux Membres d’agir ;\n"
                         "Trente-deuxième séance plénière, le 13 février 1946.\n")
    assert numbers(doc) == [""] and doc.adoption_date == date(1946, 2, 13)


def test_a_draft_quoted_twice_takes_no_date_from_its_copy(tmp_path: Path) -> None:
    doc = only(tmp_path, "Le Conseil de sécurité,\nRappelant sa résolution 1559,\nAyant examiné le rapport,\n"
                         "1. Prend note du rapport ;\n2. Décide de demeurer saisi de la question.\n"
                         "Rappelant le rapport du Secrétaire général en date du 3 octobre 2004,\n")
    assert doc.adoption_date is None
    assert "text-after-end" in {w.code for w in doc.warnings}


# -- the old texts' unnumbered operative paragraphs ----------------------------------------------------------

def test_english_hereby_and_the_body_as_subject_open_paragraphs(tmp_path: Path) -> None:
    doc = only(tmp_path, "The Security Council,\nKeeping in mind the views expressed by its members,\n"
                         "Hereby resolves to make further studies of the situation;\n"
                         "To this end, the Security Council appoints a sub-committee of five of its members.\n"
                         "Adopted at the 39th meeting.\n")
    assert numbers(doc) == ["", ""] and len(doc.preamble) == 1
    assert doc.operative[1].text.startswith("To this end")


@pytest.mark.parametrize("text, first_words", [
    ("La Asamblea General,\nReconociendo que el orden del día será nutrido;\nInvita a los Miembros a que envíen sus propuestas;\n"
     "Encarga al Secretario General que estudie las medidas;\nNombra un Comité de Reglamento integrado por quince miembros.\n",
     ["Invita", "Encarga", "Nombra"]),
    ("L’Assemblée générale,\nConsidérant le caractère universel de la Déclaration,\nDécide de la diffuser ;\n"
     "Renvoie la question au Conseil économique et social.\n", ["Décide", "Renvoie"]),
    ("Совет Безопасности,\nрассмотрев доклад Генерального секретаря,\nПостановляет продолжить изучение вопроса;\n"
     "Поручает подкомитету представить доклад.\n", ["Постановляет", "Поручает"]),
    ("安全理事会,\n鉴于理事会中对于该政权曾作一致之道义谴责,\n兹决定继续探讨此事,\n为此,安全理事会指派一小组委员会,然后向理事会具报。\n",
     ["兹决定", "为此"]),
])
def test_an_unlisted_verb_after_an_unnumbered_paragraph_opens_the_next(tmp_path: Path, text: str, first_words: list[str]) -> None:
    doc = only(tmp_path, text)
    assert numbers(doc) == [""] * len(first_words)
    assert [p.text[:len(w)] for p, w in zip(doc.operative, first_words)] == first_words


def test_unnumbered_paragraphs_with_no_formula_are_refused(tmp_path: Path) -> None:
    reason = refused(tmp_path, "Page 7 of the volume\nThe attention of the Council has been drawn to the situation;\n"
                               "Hereby resolves to make further studies;\nRequests a report before the end of May.\n")
    assert "no enacting formula" in reason


# -- lead-ins and numbered preambles ----------------------------------------------------------------------------

def test_a_verb_alone_above_paragraph_1_is_the_lead_in_of_the_list(tmp_path: Path) -> None:
    doc = only(tmp_path, "35 (1947). Résolution du 3 octobre 1947\n\nLe Conseil de sécurité\n\nDécide :\n\n"
                         "1. Que le Secrétaire général sera invité à convoquer la Commission ;\n\n"
                         "2. Que la Commission sera invitée à entreprendre ses travaux.\n\nAdoptée à la 207e séance\n")
    assert numbers(doc) == ["1", "2"]
    assert doc.formula == "Le Conseil de sécurité Décide :"


def test_numbered_recitals_are_the_preamble(tmp_path: Path) -> None:
    doc = only(tmp_path, "The General Assembly,\n\n  1. Having examined document ITH/08/9;\n  2. Recalling Article 6 of the Convention;\n"
                         "  3. Further recalling its rules of procedure;\n  4. Decides to examine the question at its next session.\n")
    assert [p.phrase for p in doc.preamble] == ["Having examined", "Recalling", "Further recalling"]
    assert numbers(doc) == ["4"]
    assert "numbered-preamble" in {w.code for w in doc.warnings}


def test_a_first_paragraph_acting_under_chapter_vii_stays_operative(tmp_path: Path) -> None:
    doc = only(tmp_path, "The Security Council,\nRecalling its resolutions,\n"
                         "1. Acting under Chapter VII of the Charter, decides that all States shall act;\n"
                         "2. Decides to remain seized of the matter.\n")
    assert numbers(doc) == ["1", "2"] and len(doc.preamble) == 1


def test_an_adverb_alone_on_its_line_joins_the_recital_it_opens(tmp_path: Path) -> None:
    doc = only(tmp_path, "The Conference of the Parties,\nRecalling decision 1/CP.17,\n Also\n \nrecalling \n"
                         " Articles 2, 3 and 4 of the Convention,\n Further\nrecalling its decisions,\n1. Decides to adopt the Agreement.\n")
    assert [p.phrase for p in doc.preamble] == ["Recalling", "Also recalling", "Further recalling"]


@pytest.mark.parametrize("text, first", [
    ("4 (1946). Resolution of 29 April 1946\n\nThe attention of the Security Council has been drawn to the situation by a "
     "member of the United Nations;\n\nTherefore the Security Council,\n\nKeeping in mind the views of its members,\n\n"
     "Hereby resolves to make further studies;\n\nTo this end, the Security Council appoints a sub-committee.\n\n"
     "Adopted at the 39th meeting.\n", "The attention"),
    ("四(一九四六). 一九四六年四月二十九日决议案\n查联合国一会员国前曾依据宪章第三十五条规定促请安全理事会注意该情势,并请求安全理事会宣布此项情势危及国际和平,\n"
     "因此,安全理事会,\n鉴于理事会中对于该政权曾作一致之道义谴责,\n兹决定继续探讨此事,\n为此,安全理事会指派一小组委员会,然后向理事会具报。\n"
     "第三十九次会议以十票对零通过。\n", "查联合国"),
])
def test_the_recital_above_a_formula_opened_by_therefore(tmp_path: Path, text: str, first: str) -> None:
    doc = only(tmp_path, text)
    assert len(doc.preamble) == 2 and doc.preamble[0].text.startswith(first)
    assert numbers(doc) == ["", ""]


def test_a_list_announced_by_an_adopting_verb_stays_a_list(tmp_path: Path) -> None:
    doc = only(tmp_path, "The General Assembly,\nRecalling its resolution 70/1,\nApproves the following measures:\n"
                         "(a) A review of its methods of work;\n(b) A report at its next session.\n")
    assert labels(doc) == [["a", "b"]] and not doc.annexes


def test_an_adopting_verb_followed_by_another_paragraph_opens_no_annex(tmp_path: Path) -> None:
    # the paragraph is no annex's opening: the text it adopts is not on the page, so the page is refused
    reason = refused(tmp_path, "The General Assembly,\nRecalling its resolution 70/1,\nAdopts the measures set out below:\n"
                               "Requests the Secretary-General to report on them.\n")
    assert "announces a list" in reason


def test_glued_numbers_on_a_page_printed_on_one_line(tmp_path: Path) -> None:
    doc = only(tmp_path, "The Conference of the Parties, 1.Takes note of the report prepared by the Secretariat on the "
                         "information received from parties; 2.Urges parties to ensure the effective implementation of the "
                         "Convention; 3.Requests the Secretariat to provide assistance to parties, upon request, in "
                         "implementing paragraph 2 of Article 11 of the Convention.\n")
    assert numbers(doc) == ["1", "2", "3"] and doc.operative[1].text.startswith("Urges parties")


def test_a_note_number_after_a_chinese_paragraph_does_not_make_the_page_wrapped(tmp_path: Path) -> None:
    doc = only(tmp_path, "安全理事会,\n回顾其以往各项决议,\n注意到局势的发展, 1\n对该地区目前的紧张状态表示关切,\n1. 决定延长任务期限。\n")
    assert len(doc.preamble) == 3
