"""The other UN languages as their official PDFs lay them out: Spanish, Russian, Arabic and Chinese.

tests/data/languages/ holds S/RES/2686 (2023) and A/RES/78/228 in each language version's layout
(written after the official PDFs: README.md there). Each must give the symbol, title, adoption date,
formula and paragraphs the text prints, as its French version does; no language may publish its
adoption line, its meeting line or a date as a title. Each text is also read laid out as other
extractors give it (numbers on their paragraph's line, blank lines between paragraphs, the masthead's
blocks in another order or broken elsewhere), and the whole folder goes through `lod build`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA
from lod.model import Resolution
from lod.read import parse_file_documents, parse_resolution
from lod.read.header import parse_date
from lod.read.languages import LANGUAGES

LANGS = DATA / "languages"

#: What each text prints (read, not parsed): title, formula, first preambular phrase.
SC = {
    "es": (None, "El Consejo de Seguridad,", "Subrayando"),
    "ru": (None, "Совет Безопасности,", "подчеркивая"),
    "ar": (None, "إن مجلس الأمن،", "إذ يؤكد"),
    "zh": (None, "安全理事会,", "强调"),
    "fr": (None, "Le Conseil de sécurité,", "Soulignant"),
}
GA = {
    "es": ("Mejora de la coordinación de la lucha contra la trata de personas", "La Asamblea General,", "Reafirmando"),
    "ru": ("Совершенствование координации усилий по борьбе с торговлей людьми", "Генеральная Ассамблея,",
           "вновь подтверждая"),
    "ar": ("تحسين تنسيق الجهود المبذولة لمكافحة الاتجار بالأشخاص", "إن الجمعية العامة،", "إذ تعيد تأكيد"),
    "zh": ("改进协调努力，打击贩运人口行为", "大会，", "重申"),
    "fr": ("Amélioration de la coordination de l’action contre la traite des personnes", "L’Assemblée générale,",
           "Réaffirmant"),
}
CASES = [(f"{code}__S_RES_2686_2023.txt", code, "S/RES/2686 (2023)", date(2023, 6, 14), *SC[code]) for code in SC] + [
    (f"{code}__A_RES_78_228.txt", code, "A/RES/78/228", date(2023, 12, 19), *GA[code]) for code in GA]
#: The Assembly's texts print one footnote (Arabic: its marker "(1)"); the Council's none.
FOOTNOTES = {name: 0 if "S_RES" in name else 1 for name, *_ in CASES}


def _one(path: Path) -> Resolution:
    pf = parse_file_documents(path)
    assert not pf.refused, pf.refused
    assert len(pf.documents) == 1
    return pf.documents[0]


def _check(r: Resolution, name: str, code: str, symbol: str, adopted: date, title: str | None, formula: str,
           first_phrase: str) -> None:
    assert (r.language, r.symbol, r.doc_type) == (code, symbol, "resolution")
    assert r.title == title
    assert r.adoption_date == adopted
    assert r.formula == formula
    assert [p.phrase for p in r.preamble][:1] == [first_phrase] and len(r.preamble) == 2
    assert [p.num for p in r.operative] == ["1", "2", "3"]
    assert len(r.footnotes) == FOOTNOTES[name]
    assert not r.warnings, r.warnings
    assert all(n.marker == "1" and n.text for n in r.footnotes)
    assert [ref.marker for p in r.preamble for ref in p.notes] == [n.marker for n in r.footnotes]
    assert not any("(1)" in p.text for p in r.preamble)
    for p in (*r.preamble, *r.operative):
        assert p.text[-1] in ",;.،؛，；。", p.text  # each paragraph whole, no closing line appended
    if code == "zh":  # a line break inside Chinese is no space
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", " ".join(p.text for p in (*r.preamble, *r.operative)))


@pytest.mark.parametrize("name, code, symbol, adopted, title, formula, first_phrase", CASES)
def test_language_version(name: str, code: str, symbol: str, adopted: date, title: str | None, formula: str,
                          first_phrase: str) -> None:
    _check(_one(LANGS / name), name, code, symbol, adopted, title, formula, first_phrase)


def _inline_numbers(text: str) -> str:
    """The operative number on its paragraph's first line ("1." / "Exhorta …" -> "1. Exhorta …")."""
    return re.sub(r"(?m)^(\d{1,2})\.\n\n?", r"\1. ", text)


def _blank_lines(text: str) -> str:
    """A blank line after every line (extractors that keep the PDF's paragraph spacing)."""
    return re.sub(r"\n+", "\n\n", text)


@pytest.mark.parametrize("layout", [_inline_numbers, _blank_lines])
@pytest.mark.parametrize("name, code, symbol, adopted, title, formula, first_phrase", CASES)
def test_language_version_other_layouts(layout, name: str, code: str, symbol: str, adopted: date,  # type: ignore[no-untyped-def]
                                        title: str | None, formula: str, first_phrase: str) -> None:
    text = layout((LANGS / name).read_text(encoding="utf-8"))
    _check(parse_resolution(text, source=name), name, code, symbol, adopted, title, formula, first_phrase)


def _title_above_adoption(text: str) -> str:
    """The Assembly's title block ("78/228. …" down to the formula) printed above the adoption line, as some
    extractors order the masthead's blocks (the Council's texts have none: unchanged)."""
    lines = text.split("\n")
    number = next((k for k, ln in enumerate(lines) if re.match(r"^\d+/\d+(?:\.| -) ", ln)), None)
    if number is None:
        return text
    formula = next(k for k in range(number, len(lines)) if lines[k].endswith((",", "،", "，")))
    adoption = next(k for k, ln in enumerate(lines) if re.match(r"^(?:Resoluci|Résolution|Резолюция|قرار|\d{4} 年)", ln))
    return "\n".join(lines[:adoption] + lines[number:formula] + lines[adoption:number] + lines[formula:])


def _without_number_and_report(text: str) -> str:
    """No resolution number before the title and no "[on the report of …]" line above it."""
    return re.sub(r"(?m)^\[.*\]\n", "", re.sub(r"(?m)^\d+/\d+(?:\.| -) ", "", text))


def _adoption_line_broken(text: str) -> str:
    """The adoption line broken after its fourth word (the Chinese one, without spaces between words, kept)."""
    lines = text.split("\n")
    for k, ln in enumerate(lines):
        words = ln.split(" ")
        if re.match(r"^(?:Resolución aprobada|Aprobada|Резолюция,|принятая|قرار اتخذ|الذي اتخذ|Adoptée|Résolution adoptée)", ln) \
                and len(words) > 5:
            lines[k] = " ".join(words[:4]) + "\n" + " ".join(words[4:])
            break
    return "\n".join(lines)


def _symbol_beside_organisation(text: str) -> str:
    """The symbol on the organisation's line after one space ("Организация Объединенных Наций S/RES/2686 (2023)"),
    as an extractor joining the masthead's two columns gives it."""
    return re.sub(r"^(.+)\n\n([AS]/RES/\S+(?: \(\d{4}\))?)\n", r"\1 \2\n", text, count=1)


@pytest.mark.parametrize("layout", [_title_above_adoption, _without_number_and_report, _adoption_line_broken,
                                    _symbol_beside_organisation])
@pytest.mark.parametrize("name, code, symbol, adopted, title, formula, first_phrase", CASES)
def test_language_version_other_mastheads(layout, name: str, code: str, symbol: str, adopted: date,  # type: ignore[no-untyped-def]
                                          title: str | None, formula: str, first_phrase: str) -> None:
    """The masthead's blocks in another order or broken elsewhere: the same title and date, never a masthead
    line as title."""
    text = layout((LANGS / name).read_text(encoding="utf-8"))
    _check(parse_resolution(text, source=name), name, code, symbol, adopted, title, formula, first_phrase)


@pytest.mark.parametrize("name", sorted(p.name for p in LANGS.glob("*.txt")))
def test_no_title_is_a_masthead_line_or_a_date(name: str) -> None:
    """Whatever the language, a title is never the adoption line, the resolution's heading or a date."""
    r = _one(LANGS / name)
    if r.title is None:
        return
    lang = LANGUAGES[r.language]
    assert not lang.masthead_re.match(r.title) and not lang.is_date_line(r.title)
    assert parse_date(r.title, lang) is None


@pytest.mark.parametrize("code, text, expected", [
    ("es", "celebrada el 14 de junio de 2023", date(2023, 6, 14)),
    ("es", "50ª sesión plenaria 19 de diciembre de 2023", date(2023, 12, 19)),
    ("ru", "на его 9347-м заседании 14 июня 2023 года", date(2023, 6, 14)),
    ("ar", "المعقودة في 14 حزيران/يونيه 2023", date(2023, 6, 14)),
    ("ar", "في 19 كانون الأول/ديسمبر 2023", date(2023, 12, 19)),
    ("ar", "في 19 كانون الأول/ ديسمبر 2023", date(2023, 12, 19)),
    ("ar", "المؤرخ 30 تموز/يوليه 2010", date(2010, 7, 30)),
    ("zh", "2023 年 6 月 14 日安全理事会第 9347 次会议通过", date(2023, 6, 14)),
    ("zh", "安全理事會2016年12月15日第7838次會議通過", date(2016, 12, 15)),
])
def test_dates_as_each_language_writes_them(code: str, text: str, expected: date) -> None:
    assert parse_date(text, LANGUAGES[code]) == expected


SESSIONS = {
    "es": ("Septuagésimo octavo período de sesiones", "108"),
    "ru": ("Семьдесят восьмая сессия", "108"),
    "ar": ("الدورة الثامنة والسبعون", "108"),
    "zh": ("第七十八届会议", "108"),
    "fr": ("Soixante-dix-huitième session", "108"),
}


@pytest.mark.parametrize("code", list(SESSIONS))
def test_session_and_agenda_item(code: str) -> None:
    """The Assembly's masthead names its session and agenda item in each language ("Tema 108 del programa",
    "Пункт 108 повестки дня", "البند 108 من جدول الأعمال", "议程项目 108")."""
    r = _one(LANGS / f"{code}__A_RES_78_228.txt")
    assert (r.session, r.agenda_item) == SESSIONS[code]


def test_every_language_version_is_published(tmp_path: Path) -> None:
    """`lod build` publishes each language version (SHACL conforms): one expression per language of the
    same work, opening phrases in every script included (an Arabic, Cyrillic or Chinese phrase once had no
    IRI key and its document was left out)."""
    import json
    import shutil

    from click.testing import CliRunner

    from lod.cli import main

    src = tmp_path / "src"
    src.mkdir()
    for p in LANGS.glob("*.txt"):
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "-j", "1", "--no-store"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == len(CASES) and not manifest["failures"]
    expressions = {g["iri"].rsplit("/", 1)[1] for g in manifest["graphs"] if "@" in g["iri"]}
    assert {"spa@", "rus@", "ara@", "zho@", "fra@"} <= expressions
