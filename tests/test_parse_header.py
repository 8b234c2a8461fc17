"""The masthead: adoption dates as UN mastheads print them, in English and French."""

from __future__ import annotations

import pytest

from lod.read import parse_file, parse_resolution


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
    session = int(expected[:4]) - 1945  # a session opens in September of year 1945 + its number
    r = parse_resolution(f"A/RES/{session}/176\n\n{header}\n\n{session}/176.\n\nTitre\n{formula}\n{phrase}\n1. Décide de rester saisie.\n")
    assert r.adoption_date is not None and r.adoption_date.isoformat() == expected


# --- The masthead as other extractors may lay it out -------------------------------------------------
# Each case below is a real text of the corpus with its masthead laid out as another extractor may
# give it (a line broken elsewhere, two lines joined, blocks in another order): the symbol, title and
# adoption date must be those of the text as printed, or the parser must say it is unsure.

import re
from pathlib import Path

from conftest import CORPUS, SHARED

WIDE = SHARED / "corpus" / "wide" / "texts"
_ADOPTION = re.compile(r"^(?:Resolution adopted|Adopted by)")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _head(text: str) -> tuple:
    r = parse_resolution(text)
    return r.symbol, r.title, r.adoption_date


def _adoption_lines(text: str) -> tuple[list[str], int, int]:
    """The lines of ``text``, and the first and last line of its adoption sentence."""
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines[:40]) if _ADOPTION.match(line.strip()))
    j = i
    while not re.search(r"\d{4}\s*$", lines[j]):
        j += 1
    return lines, i, j


MASTHEADS = [CORPUS / "en__A_RES_78_186.pdftotext.txt", CORPUS / "en__S_RES_2331_2016.pdftotext.txt",
             WIDE / "en__S_RES_2686_2023.pdftotext.txt", WIDE / "en__S_RES_2532_2020.pdftotext.txt"]


@pytest.mark.parametrize("path", MASTHEADS, ids=lambda p: p.name)
def test_adoption_sentence_broken_at_any_word(path: Path) -> None:
    """"Adopted by the Security Council at its 9347th meeting, on 14 June 2023" broken after any word:
    the same date, and no part of it taken as a title (a Security Council resolution has none)."""
    text = _text(path)
    want = _head(text)
    lines, i, j = _adoption_lines(text)
    words = " ".join(line.strip() for line in lines[i:j + 1]).split()
    for k in range(1, len(words)):
        broken = "\n".join(lines[:i] + [" ".join(words[:k]), " ".join(words[k:])] + lines[j + 1:])
        assert _head(broken) == want, " ".join(words[:k]) + " / " + " ".join(words[k:])


@pytest.mark.parametrize("path", MASTHEADS, ids=lambda p: p.name)
def test_masthead_lines_joined_or_cut(path: Path) -> None:
    """"Distr.: General" and the date on one line; the symbol beside "United Nations", after "Distr.",
    below the date, or cut by the line break after its slash or before its year."""
    text = _text(path)
    want = _head(text)
    lines = text.split("\n")
    k = next(k for k, line in enumerate(lines[:10]) if line.strip() == want[0])
    sym = want[0]
    rest = "\n".join(lines[:k] + lines[k + 1:])
    cut = sym.rfind("/") + 1
    variants = {
        "distr+date": re.sub(r"^(Distr\.: ?\w+)\n(\d{1,2} \w+ \d{4})$", r"\1 \2", text, count=1, flags=re.M),
        "distr+date, layout": re.sub(r"^(Distr\.: ?\w+)\n(\d{1,2} \w+ \d{4})$", r"\1        \2", text, count=1, flags=re.M),
        "beside United Nations": rest.replace("United Nations\n", f"United Nations  {sym}\n", 1),
        "after Distr.": rest.replace("\nDistr.", f"\n{sym}\nDistr.", 1),
        "below the date": re.sub(r"^(Distr\.: ?\w+\n\d{1,2} \w+ \d{4}\n)", lambda m: m.group(1) + sym + "\n", rest,
                                 count=1, flags=re.M),
        "cut after the slash": "\n".join(lines[:k] + [sym[:cut], sym[cut:]] + lines[k + 1:]),
    }
    if " (" in sym:
        variants["cut before the year"] = "\n".join(lines[:k] + sym.split(" ", 1) + lines[k + 1:])
    for name, variant in variants.items():
        assert variant != text, name
        assert _head(variant) == want, name


@pytest.mark.parametrize("name", ["en__A_RES_78_186.pdftotext.txt", "en__A_RES_78_251.pdftotext.txt",
                                  "en__A_RES_73_6.pdftotext.txt"])
def test_title_block_above_the_adoption_line(name: str) -> None:
    """Some extractors print the "78/186." title block above "Resolution adopted by …": the title is
    still the one after the number."""
    text = _text(CORPUS / name)
    want = _head(text)
    lines, i, _ = _adoption_lines(text)
    n = next(k for k, line in enumerate(lines) if re.match(r"^\d+/\d+\.", line.strip()))
    f = next(k for k, line in enumerate(lines) if line.strip().startswith("The General Assembly"))
    moved = "\n".join(lines[:i] + lines[n:f] + lines[i:n] + lines[f:])
    assert _head(moved) == want


def test_a_cited_symbol_is_never_the_documents_own() -> None:
    """A/C.3/80/L.57 amends A/C.3/80/L.3/Rev.1, which its masthead names on the sponsors' line: when
    the line holding its own symbol is lost, the symbol is left out with a warning, never taken from
    the citation; when the citation stands on the sponsors' line itself, it is still what is amended."""
    text = _text(CORPUS / "en__A_C.3_80_L.57.pdftotext.txt")
    lost = parse_resolution("\n".join(line for line in text.split("\n") if line.strip() != "A/C.3/80/L.57"))
    assert lost.symbol is None and lost.symbols == () and lost.amends == "A/C.3/80/L.3/Rev.1"
    assert any(w.code == "symbol-uncertain" for w in lost.warnings)
    joined = parse_resolution(text.replace("draft resolution\nA/C.3/80/L.3/Rev.1", "draft resolution A/C.3/80/L.3/Rev.1"))
    assert (joined.symbol, joined.symbols, joined.amends) == ("A/C.3/80/L.57", ("A/C.3/80/L.57",), "A/C.3/80/L.3/Rev.1")


def test_a_site_tagline_is_no_title() -> None:
    """"维基文库,自由的图书馆" (Wikisource, the free library) stands where a title would: it is none. Put
    above the formula of a General Assembly resolution, the English tagline is passed over for the
    title printed after the resolution's number."""
    assert parse_file(CORPUS / "zh__S_RES_1518_2003.wikisource.txt").title is None
    text = _text(CORPUS / "en__A_RES_78_186.pdftotext.txt")
    tagged = text.replace("\nThe General Assembly,", "\nFrom Wikisource, the free library\nThe General Assembly,", 1)
    assert _head(tagged) == _head(text)


def test_a_lost_title_is_said() -> None:
    """A/RES/78/186 with the line of its title lost: no title, and a warning saying so (not the agenda
    item's heading, nor a line of the masthead, taken in its place)."""
    text = _text(CORPUS / "en__A_RES_78_186.pdftotext.txt")
    lost = text.replace("78/186.\n\nReport of the Human Rights Council\n", "78/186.\n\n", 1)
    assert lost != text
    r = parse_resolution(lost)
    assert r.title is None and any(w.code == "title-unread" for w in r.warnings)


def test_formula_broken_after_its_first_word() -> None:
    """A web page prints "- Le" / "Conseil de sécurité," (S/RES/42 (1948)): the formula is found, the
    adoption line above it stays in the masthead (its date read) instead of opening the preamble; the
    same break in A/RES/78/186 changes nothing."""
    r = parse_file(CORPUS / "fr__S_RES_42_1948.web-excerpt.txt")
    assert r.formula == "Le Conseil de sécurité," and r.adoption_date is not None and r.adoption_date.isoformat() == "1948-03-05"
    assert r.preamble[0].text.startswith("Saisi par l'Assemblée générale")
    text = _text(CORPUS / "en__A_RES_78_186.pdftotext.txt")
    broken = parse_resolution(text.replace("\nThe General Assembly,\n", "\nThe\nGeneral Assembly,\n", 1))
    whole = parse_resolution(text)
    assert (broken.formula, broken.title, broken.adoption_date, len(broken.preamble), len(broken.operative)) == \
        (whole.formula, whole.title, whole.adoption_date, len(whole.preamble), len(whole.operative))


_NUMBER = re.compile(r"^(\d+/\d+\.)\s*(.*)$")


@pytest.mark.parametrize("path", [CORPUS / "en__A_RES_73_3.pdftotext.txt", CORPUS / "en__A_RES_80_1.txt",
                                  CORPUS / "en__A_RES_73_6.pdftotext.txt", WIDE / "en__A_RES_67_97.pdftotext.txt",
                                  WIDE / "en__A_RES_76_245.pdftotext.txt"], ids=lambda p: p.name)
def test_title_broken_at_any_word(path: Path) -> None:
    """The title block as another extractor's line width breaks it: after any word ("… during the" /
    "eightieth session", "… budget" / "for 2022", "The rule of law" / "at the national …"), or at the
    hyphen of a compound ("high-" / "level meeting"): the same title."""
    text = _text(path)
    want = _head(text)
    lines = text.split("\n")
    n = next(k for k, line in enumerate(lines) if _NUMBER.match(line.strip()))
    f = next(k for k, line in enumerate(lines) if line.strip().startswith("The General Assembly"))
    number, first = _NUMBER.match(lines[n].strip()).groups()
    words = " ".join([first] + [line.strip() for line in lines[n + 1:f]]).split()
    breaks = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    breaks += [(" ".join(words[:k] + [w.split("-", 1)[0] + "-"]), " ".join([w.split("-", 1)[1]] + words[k + 1:]))
               for k, w in enumerate(words) if "-" in w.strip("-")]
    for a, b in breaks:
        assert _head("\n".join(lines[:n] + [f"{number} {a}", b] + lines[f:])) == want, f"{a} / {b}"


def test_a_date_the_symbol_rules_out_is_not_taken() -> None:
    """A/RES/78/115 without its adoption line, its last page's notes printed after the closing lines (as
    an extractor that keeps a page's footnotes at its end does): "Adopted on 14 October 2005 by the
    Diplomatic Conference …" is a treaty's date, not the resolution's (its 78th session ran 2023–2024).
    It is set aside with a warning; the closing "45th plenary meeting / 7 December 2023" gives the date."""
    lines = _text(CORPUS / "en__A_RES_78_115.pdftotext.txt").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("Resolution adopted"))
    n = next(k for k, line in enumerate(lines) if line.startswith("Adopted on 14 October 2005"))
    notes = lines[n:n + 6]
    r = parse_resolution("\n".join(lines[:i] + lines[i + 2:n] + lines[n + 6:] + notes))
    assert r.adoption_date is not None and r.adoption_date.isoformat() == "2023-12-07"
    assert any(w.code == "date-uncertain" for w in r.warnings)


@pytest.mark.parametrize("name", ["en__A_RES_78_186.pdftotext.txt", "en__A_C.3_80_L.57.pdftotext.txt"])
def test_masthead_lines_run_together(name: str) -> None:
    """An extractor that joins the masthead block into one line ("A/RES/78/186 United Nations General
    Assembly Distr.: General 22 December 2023"): the symbol is still the masthead's."""
    text = _text(CORPUS / name)
    want = _head(text)
    lines = text.split("\n")
    filled = [k for k, line in enumerate(lines[:30]) if line.strip()]
    for end in range(2, 6):
        block = filled[:end]
        joined = " ".join(lines[k].strip() for k in block)
        variant = "\n".join([joined] + [line for k, line in enumerate(lines) if k not in block])
        assert _head(variant) == want, joined


@pytest.mark.parametrize(("name", "first", "last"), [("en__A_C.3_80_L.4.pdftotext.txt", "Belarus,", "draft resolution"),
                                                     ("en__A_C.3_80_L.57.pdftotext.txt", "United States of America:", "A/C.3/80/L.3/Rev.1")])
def test_sponsors_line_broken_at_any_word(name: str, first: str, last: str) -> None:
    """The sponsors' lines of a draft or an amendment broken after any word ("… Republic of" / "Korea,
    …", "…: draft" / "resolution", "United States of America:" / "amendment to …"): the same sponsors,
    document type, amended symbol and title (never the sponsors' lines read as the title)."""
    def facts(text: str) -> tuple:
        r = parse_resolution(text)
        return r.symbol, r.title, r.doc_type, r.sponsors, r.amends

    text = _text(CORPUS / name)
    want = facts(text)
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith(first))
    j = next(k for k, line in enumerate(lines) if k >= i and line.strip().endswith(last))
    words = " ".join(line.strip() for line in lines[i:j + 1]).split()
    for k in range(1, len(words) + 1):
        broken = [" ".join(words[:k]), " ".join(words[k:])] if k < len(words) else [" ".join(words)]
        assert facts("\n".join(lines[:i] + broken + lines[j + 1:])) == want, " / ".join(broken)


def test_sponsors_over_several_lines() -> None:
    """A/L.632 (1971) lists its twenty sponsors over five lines, some broken inside a name ("United
    States of" / "America"), under an agenda heading in capitals that is none of them."""
    r = parse_file(CORPUS / "en__A_L_632_1971.ocr-pdftotext.txt")
    assert len(r.sponsors) == 20 and r.sponsors[0] == "Australia" and r.sponsors[-2:] == ("United States of America", "Uruguay")


@pytest.mark.parametrize(("path", "above"), [(WIDE / "en__A_RES_63_263.pdftotext.txt", "[on the report of the Fifth Committee"),
                                             (CORPUS / "en__A_RES_78_186.pdftotext.txt", "[on the report of the Third Committee"),
                                             (CORPUS / "en__A_C.3_80_L.57.pdftotext.txt", "A/C.3/80/L.3/Rev.1")], ids=lambda x: str(x)[-30:])
def test_line_above_the_title_run_into_it(path: Path, above: str) -> None:
    """An extractor that runs the line above the title into the title's first line ("[on the report of
    the Fifth Committee (A/63/648/Add.4)] 63/263. Questions relating to …", "A/C.3/80/L.3/Rev.1
    Strengthening …"): the title is still the title, never a part of it nor the reference with it."""
    text = _text(path)
    want = parse_resolution(text)
    lines = text.split("\n")
    k = next(k for k, line in enumerate(lines) if line.startswith(above))
    n = next(j for j in range(k + 1, len(lines)) if lines[j].strip())
    r = parse_resolution("\n".join(lines[:k] + [f"{lines[k].strip()} {lines[n].strip()}"] + lines[n + 1:]))
    assert (r.symbol, r.title, r.adoption_date, r.amends) == (want.symbol, want.title, want.adoption_date, want.amends)


@pytest.mark.parametrize("path", [WIDE / "en__S_RES_1390_2002.pdftotext.txt", WIDE / "en__S_RES_2686_2023.pdftotext.txt",
                                  WIDE / "en__S_RES_13_1946.pdftotext.txt", WIDE / "en__S_RES_143_1960.pdftotext.txt",
                                  CORPUS / "en__A_RES_78_186.pdftotext.txt", CORPUS / "en__A_C.3_80_L.4.pdftotext.txt",
                                  CORPUS / "en__S_RES_1_1946.gold.txt"], ids=lambda p: p.name)
def test_masthead_spaced_out(path: Path) -> None:
    """Every space of the masthead doubled, as layout-mode extractors space a line's words: the same symbol
    (never "S/RES/1390" for "S/RES/1390  (2002)*"), title, date, sponsors and formula, in the page's
    leading language (a bilingual volume page: "The  Security  Council," still reads as English)."""
    def facts(text: str) -> tuple:
        r = parse_resolution(text)
        return r.symbol, r.title, r.adoption_date, r.session, r.agenda_item, r.sponsors, r.formula, r.language

    text = _text(path)
    lines = text.split("\n")
    f = next(k for k, line in enumerate(lines) if re.match(r"^(?:The|By) ", line) and ("Council" in line or "Assembly" in line
                                                                                     or line.startswith("By Article")))
    spaced = "\n".join([line.replace(" ", "  ") for line in lines[:f + 1]] + lines[f + 1:])
    assert facts(spaced) == facts(text)


@pytest.mark.parametrize("path", [CORPUS / "en__A_RES_78_186.pdftotext.txt", CORPUS / "en__A_RES_73_3.pdftotext.txt",
                                  CORPUS / "en__A_RES_78_251.pdftotext.txt", WIDE / "en__S_RES_2686_2023.pdftotext.txt",
                                  WIDE / "en__A_RES_55_2.pdftotext.txt", WIDE / "en__A_RES_63_263.pdftotext.txt"],
                         ids=lambda p: p.name)
def test_formula_and_first_paragraph_on_one_line(path: Path) -> None:
    """An extraction that runs the first paragraph into the formula's line ("The General Assembly, Recalling
    its resolutions …", "The General Assembly Adopts …", "The General Assembly 1.", "The General Assembly, I"):
    the same formula and the same paragraphs, none lost into the formula."""
    def facts(text: str) -> tuple:
        r = parse_resolution(text)
        return r.title, r.formula, len(r.preamble), len(r.operative), r.preamble[0].text if r.preamble else r.operative[0].text

    text = _text(path)
    lines = text.split("\n")
    f = next(k for k, line in enumerate(lines) if re.match(r"^The (?:General Assembly|Security Council)", line))
    b = next(k for k in range(f + 1, len(lines)) if lines[k].strip())
    joined = "\n".join(lines[:f] + [f"{lines[f].strip()} {lines[b].strip()}"] + lines[b + 1:])
    assert facts(joined) == facts(text)


@pytest.mark.parametrize("path", [CORPUS / "en__A_RES_78_186.pdftotext.txt", CORPUS / "en__A_RES_78_228.pdftotext.txt",
                                  WIDE / "en__S_RES_2686_2023.pdftotext.txt", WIDE / "en__A_RES_55_2.pdftotext.txt"],
                         ids=lambda p: p.name)
def test_line_above_the_formula_run_into_it(path: Path) -> None:
    """The title's last line (or the adoption date) and the formula on one line ("Report of the Human Rights
    Council The General Assembly,", "14 June 2023 The Security Council,"): the same title, date, formula
    and paragraphs ("Values and principles", a heading of 55/2's declaration, was its title)."""
    def facts(text: str) -> tuple:
        r = parse_resolution(text)
        return r.title, r.adoption_date, r.formula, len(r.preamble), len(r.operative)

    text = _text(path)
    lines = text.split("\n")
    f = next(k for k, line in enumerate(lines) if re.match(r"^The (?:General Assembly|Security Council)", line))
    a = max(k for k in range(f) if lines[k].strip())
    joined = "\n".join(lines[:a] + [f"{lines[a].strip()} {lines[f].strip()}"] + lines[f + 1:])
    assert facts(joined) == facts(text)


def test_a_title_naming_amendments_is_no_amendment() -> None:
    """A/RES/78/186 with a title that names amendments ("Amendments to the Statute of …", as resolutions
    amending a statute are titled): still an adopted resolution, not an amendment (its A/RES symbol
    settles it; the title's words are not the masthead's "…: amendment to draft resolution …")."""
    text = _text(CORPUS / "en__A_RES_78_186.pdftotext.txt")
    retitled = text.replace("\nReport of the Human Rights Council\nThe General Assembly,",
                            "\nAmendments to the Statute of the International Civil Service Commission\nThe General Assembly,", 1)
    assert retitled != text
    r = parse_resolution(retitled)
    assert (r.doc_type, r.amends, len(r.operative)) == ("resolution", None, len(parse_resolution(text).operative))
    colon = text.replace("\nReport of the Human Rights Council\nThe General Assembly,",
                         "\nHuman Rights Council: amendments to the institution-building package\nThe General Assembly,", 1)
    r = parse_resolution(colon)
    assert (r.doc_type, r.sponsors, r.title) == ("resolution", (), "Human Rights Council: amendments to the institution-building package")


def test_a_note_mark_after_the_title_is_not_the_titles() -> None:
    """A reissued document marks its title with the asterisk of a note ("… Council*" / "* Reissued for
    technical reasons"): the title is the words."""
    text = _text(CORPUS / "en__A_RES_78_186.pdftotext.txt")
    marked = text.replace("\nReport of the Human Rights Council\nThe General Assembly,", "\nReport of the Human Rights Council*\nThe General Assembly,", 1)
    assert marked != text and parse_resolution(marked).title == "Report of the Human Rights Council"


def test_title_run_into_the_sponsors_line() -> None:
    """A/C.3/80/L.4 with its title run into the sponsors' last line ("…(Bolivarian Republic of): draft
    resolution Improving the coordination …"): the same title and sponsors."""
    text = _text(CORPUS / "en__A_C.3_80_L.4.pdftotext.txt")
    joined = text.replace("draft resolution\n\nImproving the coordination", "draft resolution Improving the coordination", 1)
    assert joined != text
    r, want = parse_resolution(joined), parse_resolution(text)
    assert (r.title, r.sponsors, r.doc_type) == (want.title, want.sponsors, want.doc_type)
