"""Render one resolution in the layouts real text extractions produce.

The parser meets the same kind of document printed in many ways: ``pdftotext`` of born-digital
PDFs (no blank lines between paragraphs, operative numbers alone on their line or printed after
the paragraph's first line, page furniture anywhere), OCR of printed volumes (``l.`` for ``1.``),
justified lines broken one word per line, footnote blocks cutting through a paragraph at a page
break. This module prints a resolution's *clean structure* (``Material``: formula, title,
preambular paragraphs, numbered operative paragraphs with their points) in any of those layouts
(``Layout``), so that a test can check that the parser finds the same structure in each.

The material is real: ``tests/data/layout_material.json`` holds the structure of a few corpus
documents and of the seed, taken from texts the parser read right when the file was made
(``python tests/layouts.py extract`` remakes it; see ``extract_material``). Only its counts
(preambular and operative paragraphs, points) are checked against the hand-read
``corpus_expected.json`` when it is made; its paragraph texts are the parser's reading of that
day. The tests read the file, not the sources: they check that each layout gives the same
structure and texts as the clean rendering, not that the parser reads the sources right (the
corpus tests do that).

Every layout imitates something seen in ``../shared/corpus/wide/texts`` (the file each one comes
from is named in ``NUMBER_STYLES``'s comments and in ``Layout``'s docstring). What the renderer
deliberately does *not* do:

* break a line at a hyphen (``gender-`` / ``based``): whether such a hyphen stays is a question of
  spelling, not of structure;
* start a line with a token that reads as a paragraph number, a point label or a footnote
  number (``8.``, ``(b)``, ``b)``, ``12``) inside a paragraph's own text: where a real extraction
  does that, only the sentence tells a reader it is not a boundary, which is not what these
  layouts are about (the word before it goes down to the next line instead);
* scramble word order (S/RES/1483 prints an exploded line's words after the next point's label).

Run ``python tests/layouts.py render KEY LAYOUT [field=value…] [pre=0,3 ops=1,8]`` to print a
rendering (a failing test prints the command for its example), and
``python tests/layouts.py extract`` to remake the material file from the corpus.
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal, Sequence

__all__ = [
    "LAYOUTS",
    "MATERIAL_PATH",
    "Layout",
    "Line",
    "Material",
    "Paragraph",
    "PointText",
    "load_material",
    "render",
    "render_clean",
]

HERE = Path(__file__).resolve().parent
MATERIAL_PATH = HERE / "data" / "layout_material.json"

# ---------------------------------------------------------------------------------------------
# Material: the clean structure of one resolution
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointText:
    """A lettered or roman point: ``label`` without brackets (``a``, ``ii``), its text, sub-points."""

    label: str
    text: str
    points: tuple[PointText, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A numbered operative paragraph: ``num`` (``"1"``), its own text (the list's
    introduction when it has points) and its points."""

    num: str
    text: str
    points: tuple[PointText, ...] = ()


@dataclass(frozen=True, repr=False)
class Material:
    """One resolution's clean structure, plus the facts its masthead prints.

    ``body`` is ``SC`` (Security Council masthead), ``GA`` (General Assembly) or ``COP``
    (a Vienna conference draft, the seed). ``masthead`` holds the printed facts: ``date``
    (ISO), ``meeting`` (``7847th`` / ``50th plenary meeting``), ``job`` (``16-22533``),
    and for GA ``session``, ``agenda`` (lines joined by ``|``), ``report`` and ``number``;
    for COP ``organ`` (lines joined by ``|``) and ``distr``. ``notes`` are real footnote texts
    of the source, used by the footnote layout.
    """

    key: str
    source: str
    language: str
    body: Literal["SC", "GA", "COP"]
    symbol: str
    title: str | None
    formula: str
    masthead: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    preamble: tuple[str, ...]
    operative: tuple[Paragraph, ...]
    picked: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def __repr__(self) -> str:
        return f"Material({self.key!r}, {self.args() or 'whole'})"

    def args(self) -> str:
        """``pre=0,3 ops=1,8``: the paragraphs a subset kept (command-line form), or ``""``."""
        if self.picked is None:
            return ""
        pre, ops = self.picked
        return f"pre={','.join(map(str, pre))} ops={','.join(map(str, ops))}"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # hypothesis' reports
        printer.text(repr(self))  # type: ignore[attr-defined]

    def fact(self, name: str, default: str = "") -> str:
        """One masthead fact (``date``, ``job``…), or ``default``."""
        return dict(self.masthead).get(name, default)

    def subset(self, preamble: Sequence[int], operative: Sequence[int]) -> Material:
        """The same resolution with only these paragraphs (indices, kept in document order),
        operative paragraphs renumbered 1..N."""
        pi, oi = tuple(sorted(set(preamble))), tuple(sorted(set(operative)))
        pre = tuple(self.preamble[i] for i in pi)
        ops = tuple(replace(self.operative[i], num=str(n)) for n, i in enumerate(oi, 1))
        return replace(self, preamble=pre, operative=ops, picked=(pi, oi))

    def with_points(self) -> list[int]:
        """Indices of the operative paragraphs that have points."""
        return [i for i, p in enumerate(self.operative) if p.points]

    def to_json(self) -> dict[str, object]:
        """The JSON object stored in the material file."""
        def pts(points: tuple[PointText, ...]) -> list[dict[str, object]]:
            return [{"label": q.label, "text": q.text, "points": pts(q.points)} for q in points]

        return {
            "key": self.key, "source": self.source, "language": self.language, "body": self.body,
            "symbol": self.symbol, "title": self.title, "formula": self.formula,
            "masthead": dict(self.masthead), "notes": list(self.notes), "preamble": list(self.preamble),
            "operative": [{"num": p.num, "text": p.text, "points": pts(p.points)} for p in self.operative],
        }

    @staticmethod
    def from_json(obj: dict[str, object]) -> Material:
        """Inverse of ``to_json``."""
        def pts(items: object) -> tuple[PointText, ...]:
            assert isinstance(items, list)
            return tuple(PointText(q["label"], q["text"], pts(q["points"])) for q in items)

        ops = obj["operative"]
        assert isinstance(ops, list)
        masthead = obj["masthead"]
        assert isinstance(masthead, dict)
        return Material(
            key=str(obj["key"]), source=str(obj["source"]), language=str(obj["language"]),
            body=obj["body"],  # type: ignore[arg-type]
            symbol=str(obj["symbol"]), title=obj["title"],  # type: ignore[arg-type]
            formula=str(obj["formula"]), masthead=tuple(sorted(masthead.items())),
            notes=tuple(obj["notes"]), preamble=tuple(obj["preamble"]),  # type: ignore[arg-type]
            operative=tuple(Paragraph(str(p["num"]), p["text"], pts(p["points"])) for p in ops),
        )


def load_material(path: Path = MATERIAL_PATH) -> list[Material]:
    """The resolutions stored in the material file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Material.from_json(obj) for obj in data["resolutions"]]


# ---------------------------------------------------------------------------------------------
# Layout: how to print it
# ---------------------------------------------------------------------------------------------

NumberStyle = Literal["inline", "alone", "after", "alone-blank", "furniture", "pdftotext", "mixed"]
PointStyle = Literal["inline", "alone-blank", "mixed"]
NoteStyle = Literal["inline", "split", "interleaved"]

NUMBER_STYLES: tuple[str, ...] = (
    "inline",       # "1. Decides that ..."                          (OCR volumes, A/RES/52/12, 10+ everywhere)
    "alone",        # "1.\nDecides that ..."                         (S/RES/2475, S/RES/1368, A/RES/55/2)
    "after",        # "Decides that ... the\n1.\ndirect ..." for 1-9, 10+ inline   (S/RES/1306, 1441, A/RES/67/97)
    "alone-blank",  # "1.\n\nDecides that ..."                       (S/RES/808, 1559, 1441 para 14)
    "furniture",    # "6.\n\n01-53382 (E)\n\n*0153382*\n\n\fS/RES/…\n\nDecides ..." (S/RES/1368, 1820, 2532)
    "pdftotext",    # 1-9 alone on their line, 10+ inline            (S/RES/864, 918, A/RES/75/217, 70/205)
    "mixed",        # each paragraph its own style among the above   (S/RES/1718, 1888, A/RES/59/2)
)


@dataclass(frozen=True)
class Layout:
    """How one rendering prints a resolution.

    * ``numbers``: where an operative number stands (see ``NUMBER_STYLES``);
    * ``points``: ``inline`` (``(a) To take…``), ``alone-blank`` (``(a)`` alone, a blank line,
      the text: S/RES/1132, 864, A/RES/57/53) or ``mixed`` per point;
    * ``ocr``: OCR misreadings of numbers: ``l.`` or ``I.`` for ``1.``, ``ll.`` for ``11.``
      (S/RES/143, 84, A/RES/46/182);
    * ``width``: the wrap column (``None``: each paragraph on one line);
    * ``blank_between``: a blank line between paragraphs (not in ``pdftotext`` default output);
    * ``page_lines``: text lines per page before page furniture and a form feed (0: one page,
      unless a cut number or a footnote forces a break). Security Council and General Assembly
      pages end with the job number and barcode (page 1) or the counter and job number, and the
      next begins with a form feed and the running symbol (and, GA, the running title, in the
      order of the page's parity), as in S/RES/2475 and A/RES/78/228; the seed's kind of text
      (COP) has no form feed and prints the running symbol and ``V.20-05923 2/8`` between pages;
    * ``furniture``: print the page furniture (job number, barcode, page counter, running
      symbol and title); without it (the clean rendering, OCR of printed volumes) pages are not
      marked at all;
    * ``exploded``: how many paragraphs have one justified line printed one word per line
      (S/RES/1820; with blank lines between the words when ``exploded_blank``: S/RES/1483, 1612);
    * ``footnote``: a footnote whose marker is glued to a word (``Convention1``) and whose block
      (rule + note) stands at the foot of a page that breaks inside the same paragraph:
      ``inline`` (``1 United Nations, Treaty Series…``), ``split`` (``1`` then the text) or
      ``interleaved`` (the note's text after the job number, as A/RES/78/228 page 1);
    * ``run_on``: the body (formula, recitals, paragraphs, points) on one line, the line ends lost, as
      a web page or a data set's text field gives it (unscr.com prints a Council resolution so);
    * ``seed``: drives every per-paragraph choice, so a layout is reproducible.
    """

    name: str = "clean"
    numbers: NumberStyle = "inline"
    points: PointStyle = "inline"
    ocr: bool = False
    width: int | None = 86
    blank_between: bool = False
    page_lines: int = 44
    exploded: int = 0
    exploded_blank: bool = False
    footnote: NoteStyle | None = None
    adopted_one_line: bool = False
    furniture: bool = True
    run_on: bool = False
    seed: int = 0

    def args(self) -> str:
        """The fields that differ from the named layout, as ``field=value`` words."""
        base = LAYOUTS.get(self.name, Layout())
        return " ".join(f"{k}={getattr(self, k)}" for k in self.__dataclass_fields__
                        if k != "name" and getattr(self, k) != getattr(base, k))


CLEAN = Layout(name="clean", width=None, blank_between=True, page_lines=0, furniture=False)

# One typical instance of each named layout; the tests draw the free parameters.
LAYOUTS: dict[str, Layout] = {
    "clean": CLEAN,
    # number layouts, each on one page (its furniture at the end) so that a failure names the layout
    "inline": Layout(name="inline", numbers="inline", page_lines=0),               # a
    "alone": Layout(name="alone", numbers="alone", page_lines=0),                  # b
    "after": Layout(name="after", numbers="after", page_lines=0),                  # c
    "alone-blank": Layout(name="alone-blank", numbers="alone-blank", page_lines=0),  # d
    "pages": Layout(name="pages", numbers="inline", page_lines=18),                # e: page breaks mid-paragraph
    "furniture": Layout(name="furniture", numbers="furniture", page_lines=24),     # e: furniture between number and text
    "ocr": Layout(name="ocr", numbers="inline", ocr=True, page_lines=0, furniture=False),  # f
    "pdftotext": Layout(name="pdftotext", numbers="pdftotext", page_lines=0),      # g
    "mixed": Layout(name="mixed", numbers="mixed", page_lines=0),
    # points, justified lines, footnotes
    "points-alone": Layout(name="points-alone", numbers="pdftotext", points="alone-blank", page_lines=0),
    "roman": Layout(name="roman", numbers="pdftotext", page_lines=0),             # (i), (ii) under "(b) …:"
    "exploded": Layout(name="exploded", numbers="pdftotext", exploded=2, page_lines=0),
    "footnote": Layout(name="footnote", numbers="pdftotext", footnote="inline", page_lines=0),
    # all of it at once, as a real long document has it
    # the line ends lost: the body on one line (web pages, data sets)
    "run-on": Layout(name="run-on", numbers="inline", width=None, page_lines=0, furniture=False, run_on=True),
    "combined": Layout(name="combined", numbers="mixed", points="mixed", page_lines=40, exploded=1,
                       exploded_blank=True, footnote="split"),
}


@dataclass
class Line:
    """One printed line. ``kind``: ``text``, ``word`` (a word of an exploded line but its last),
    ``num`` (a number alone), ``label`` (a point label alone), ``blank`` or ``close``; ``para``:
    the paragraph's ordinal in the body (preamble first), -1 outside paragraphs;
    ``break_after``: the page breaks after this line; ``note``: the footnote whose block
    stands at the foot of this line's page; ``keep``: the page does not break after this line
    (a first line whose number follows it)."""

    text: str
    kind: str = "text"
    para: int = -1
    break_after: bool = False
    note: str | None = None
    keep: bool = False


RULE = "__________________"

# A token that, opening a line, reads as a paragraph number, a point label or a footnote number.
_BOUNDARY_TOKEN = re.compile(r"^(?:\d{1,3}\.?|[lI]{1,2}\.|\(?[a-z]{1,2}\)|\([ivxl]{1,6}\)|\(\d{1,2}\))[,;:]?$")


def wrap(text: str, width: int | None, first_width: int | None = None) -> list[str]:
    """Greedy word wrap at spaces (never at hyphens); ``first_width`` for the first line.

    A line never opens with a boundary-looking token (see the module docstring): the word before
    it moves down with it. ``width=None`` keeps the text on one line.
    """
    words = _glue_french_punctuation(text.split())
    if width is None or not words:
        return [" ".join(words).replace(_NBSP, " ")]
    lines: list[list[str]] = [[]]
    size = 0
    for w in words:
        limit = first_width if (first_width and len(lines) == 1) else width
        if lines[-1] and size + 1 + len(w) > limit:
            if _BOUNDARY_TOKEN.match(w) and len(lines[-1]) > 1:
                lines.append([lines[-1].pop(), w])
            else:
                lines.append([w])
            size = len(" ".join(lines[-1]))
        else:
            lines[-1].append(w)
            size = len(" ".join(lines[-1]))
    return [" ".join(ws).replace(_NBSP, " ") for ws in lines if ws]


_NBSP = "\u00a0"


def _glue_french_punctuation(words: list[str]) -> list[str]:
    """French typography puts a no-break space before ``; : ! ? »`` and after ``«`` (the parser's
    normalisation made it a plain space): such a sign never opens or ends a line alone."""
    out: list[str] = []
    for w in words:
        if out and w in (";", ":", "!", "?", "»"):
            out[-1] += _NBSP + w
        elif out and out[-1] == "«":
            out[-1] += _NBSP + w
        else:
            out.append(w)
    return out


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
}


def _date(iso: str, lang: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {_MONTHS.get(lang, _MONTHS['en'])[d.month - 1]} {d.year}"


def _masthead(m: Material, lay: Layout) -> list[str]:
    """The lines above the first preambular paragraph, formula included."""
    when = _date(m.fact("date"), m.language)
    w = lay.width or 86
    title = wrap(m.title, w) if m.title else []
    formula = wrap(m.formula, w)
    if m.body == "SC":
        res = re.match(r"S/RES/(\d+) \((\d{4})\)", m.symbol)
        assert res, m.symbol
        adopted = f"Adopted by the Security Council at its {m.fact('meeting')} meeting, on"
        adopted_lines = [f"{adopted} {when}"] if lay.adopted_one_line else [adopted, when]
        return [m.symbol, "", "United Nations", "", "Security Council", "", "Distr.: General", when, "",
                f"Resolution {res.group(1)} ({res.group(2)})", *adopted_lines, *formula]
    if m.body == "GA":
        return [m.symbol, "", "United Nations", "", "General Assembly", "", "Distr.: General",
                _date(m.fact("distr_date", m.fact("date")), "en"), "", m.fact("session"),
                *m.fact("agenda").split("|"), "", "Resolution adopted by the General Assembly", f"on {when}",
                m.fact("report"), "", m.fact("number"), "", *title, *formula]
    # COP (Vienna) draft, French
    return [m.symbol, "", "Nations Unies", "", *m.fact("organ").split("|"), "", m.fact("distr"), when,
            "Français", "Original : anglais", "", *m.fact("session").split("|"), "", *title, "", *formula]


def _label(label: str, lang: str) -> str:
    return f"{label})" if lang == "fr" else f"({label})"


def _points_lines(points: tuple[PointText, ...], lay: Layout, rnd: random.Random, lang: str, para: int) -> list[Line]:
    out: list[Line] = []
    for q in points:
        style = lay.points if lay.points != "mixed" else rnd.choice(["inline", "alone-blank"])
        lab = _label(q.label, lang)
        if style == "inline":
            out += [Line(t, "text", para) for t in wrap(f"{lab} {q.text}", lay.width)]
        else:
            out += [Line(lab, "label", para), Line("", "blank", para)]
            out += [Line(t, "text", para) for t in wrap(q.text, lay.width)]
        out += _points_lines(q.points, lay, rnd, lang, para)
    return out


def _num_token(num: str, lay: Layout, rnd: random.Random) -> str:
    if lay.ocr and num == "1":
        return rnd.choice(["l.", "I."])
    if lay.ocr and num == "11":
        return "ll."
    return f"{num}."


def _style_for(num: int, lay: Layout, rnd: random.Random) -> str:
    s = lay.numbers
    if s == "mixed":
        s = rnd.choice(["inline", "alone", "after", "alone-blank"])
    if s == "pdftotext":
        return "alone" if num <= 9 else "inline"
    if s == "after":
        return "after" if num <= 9 else "inline"
    if s == "furniture":
        return "alone"
    return s


def _operative_lines(p: Paragraph, lay: Layout, rnd: random.Random, lang: str, para: int) -> list[Line]:
    tok = _num_token(p.num, lay, rnd)
    style = _style_for(int(p.num), lay, rnd)
    out: list[Line]
    if style == "inline":
        out = [Line(t, "text", para) for t in wrap(f"{tok} {p.text}", lay.width)]
    elif style == "alone":
        out = [Line(tok, "num", para)] + [Line(t, "text", para) for t in wrap(p.text, lay.width)]
    elif style == "alone-blank":
        out = [Line(tok, "num", para), Line("", "blank", para)] + [Line(t, "text", para) for t in wrap(p.text, lay.width)]
    else:  # after: the number comes after the first line (the first line is shorter: it is indented)
        lines = wrap(p.text, lay.width, first_width=(lay.width or 86) - 12)
        if len(lines) >= 2:
            # the number stands on the first line's baseline: the page never breaks between them
            out = [Line(lines[0], "text", para, keep=True), Line(tok, "num", para)]
            out += [Line(t, "text", para) for t in lines[1:]]
        else:  # a one-line paragraph: number alone, a blank line, the text (S/RES/1441 para 14)
            out = [Line(tok, "num", para), Line("", "blank", para), Line(lines[0], "text", para)]
    return out + _points_lines(p.points, lay, rnd, lang, para)


def _explode(lines: list[Line], lay: Layout, rnd: random.Random) -> list[Line]:
    """One interior line of ``lay.exploded`` paragraphs printed one word per line."""
    by_para: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind == "text" and ln.para >= 0:
            by_para.setdefault(ln.para, []).append(i)
    candidates: list[int] = []
    for idxs in by_para.values():
        inner = idxs[1:-1]  # not a paragraph's first line (it opens the paragraph) nor its last
        good = [i for i in inner if len(lines[i].text.split()) >= 3
                and all(w[0].islower() and not any(c.isdigit() for c in w) for w in lines[i].text.split())]
        if good:
            candidates.append(rnd.choice(good))
    chosen = set(rnd.sample(candidates, min(lay.exploded, len(candidates))))
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i not in chosen:
            out.append(ln)
            continue
        words = ln.text.split()
        for j, w in enumerate(words):
            # one printed line still: a page never breaks inside it (see _paginate)
            out.append(Line(w, "text" if j == len(words) - 1 else "word", ln.para))
            if lay.exploded_blank and j < len(words) - 1:
                out.append(Line("", "blank", ln.para))
    return out


def _place_note(lines: list[Line], m: Material, lay: Layout, rnd: random.Random) -> list[Line]:
    """Glue marker ``1`` to a word of a paragraph and break the page inside that paragraph."""
    by_para: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind == "text" and ln.para >= 0:
            by_para.setdefault(ln.para, []).append(i)
    options: list[tuple[int, int, int]] = []  # (line with marker, word index, line to break after)
    for idxs in by_para.values():
        if len(idxs) < 3:
            continue
        for k, i in enumerate(idxs[:-2]):
            words = lines[i].text.split()
            for wi, w in enumerate(words):
                core = w.rstrip(",;:.)”’")
                # where notes stand: after a name ("Convention1", "Protocol1,") or at a comma ("Development,1")
                host = len(core) >= 4 and core.isalpha() and (core[0].isupper() or w[len(core):len(core) + 1] in (",", ";"))
                if host and not (i == idxs[0] and wi == 0):
                    options.append((i, wi, rnd.choice(idxs[k:-1])))
    if not options:
        return lines
    i, wi, brk = rnd.choice(options)
    words = lines[i].text.split()
    w = words[wi]
    core = w.rstrip(",;:.)”’")
    words[wi] = core + "1" + w[len(core):]
    out = list(lines)
    out[i] = replace(lines[i], text=" ".join(words))
    out[brk] = replace(out[brk], break_after=True, note=rnd.choice(m.notes))
    return out


def _body(m: Material, lay: Layout, rnd: random.Random) -> list[Line]:
    lines: list[Line] = []
    para = 0
    for text in m.preamble:
        if lay.blank_between and lines:
            lines.append(Line("", "blank"))
        lines += [Line(t, "text", para) for t in wrap(text, lay.width)]
        para += 1
    for p in m.operative:
        if lay.blank_between:
            lines.append(Line("", "blank"))
        lines += _operative_lines(p, lay, rnd, m.language, para)
        para += 1
    if m.body == "GA":
        lines += [Line("", "blank"), Line(m.fact("meeting"), "close"), Line(_date(m.fact("date"), "en"), "close")]
    if lay.run_on:
        words = " ".join(ln.text.strip() for ln in lines if ln.kind not in ("blank", "close") and ln.text.strip())
        lines = [Line(words, "text", 0)] + [ln for ln in lines if ln.kind == "close"]
    if lay.exploded:
        lines = _explode(lines, lay, rnd)
    if lay.numbers == "furniture":
        nums = [i for i, ln in enumerate(lines) if ln.kind == "num"]
        for i in rnd.sample(nums, max(1, len(nums) // 3)) if nums else []:
            lines[i] = replace(lines[i], break_after=True)
    if lay.footnote:
        lines = _place_note(lines, m, lay, rnd)
    return lines


def _barcode(job: str) -> str:
    return "*" + re.sub(r"\D", "", job) + "*"


def _footer(m: Material, page: int, total: int, lang_code: str) -> list[str]:
    job = m.fact("job")
    if m.body == "COP":  # the seed's pages: no footer, no form feed; the counter is under the symbol
        return [""]
    if page == 1:
        stamp = m.fact("stamp")
        return ["", f"{job} ({lang_code})", "", *([stamp, ""] if stamp else []), _barcode(job), ""]
    return ["", f"{page}/{total}", "", job, ""] if page % 2 == 0 else ["", job, "", f"{page}/{total}", ""]


def _header(m: Material, page: int, total: int) -> list[str]:
    if m.body == "COP":  # as the seed prints it: "CTOC/COP/2020/L.6/Rev.1" then "V.20-05923 2/8"
        return [m.symbol, "", f"{m.fact('job')} {page}/{total}", ""]
    if m.body == "GA" and m.title:
        return [m.symbol, "", m.title, ""] if page % 2 == 0 else [m.title, "", m.symbol, ""]
    return [m.symbol, ""]


def _note_block(note: str, style: NoteStyle, footer: list[str]) -> list[str]:
    """The rule, the note and the page footer, in the order pdftotext prints them."""
    if style == "inline" or len(footer) < 2:
        return [RULE, f"1 {note}", *footer]
    if style == "split":
        return [RULE, "1", "", note, *footer]
    # interleaved: number, the footer's first line, then the note text, then the rest of the footer
    return [RULE, "1", "", footer[1], "", note, *footer[2:]]


def _paginate(m: Material, head: list[str], body: list[Line], lay: Layout) -> str:
    lang_code = "F" if m.language == "fr" else "E"
    pages: list[list[Line]] = [[]]
    # the masthead fills part of the first page
    count = min(sum(1 for h in head if h), lay.page_lines // 2)
    pending = False  # a break due on a line that keeps with the next one
    for ln in body:
        pages[-1].append(ln)
        if ln.kind in ("blank", "word"):  # an exploded line's words count once, with its last word
            continue
        count += 1
        if pending or ln.break_after or (lay.page_lines and count >= lay.page_lines):
            if ln.keep:
                pending = True
                continue
            pages.append([])
            count = 0
            pending = False
    if not pages[-1]:
        pages.pop()
    total = len(pages)
    out: list[str] = list(head)
    for n, page in enumerate(pages, 1):
        if n > 1 and lay.furniture:
            hdr = _header(m, n, total)
            out.append(("" if m.body == "COP" else "\f") + hdr[0])
            out += hdr[1:]
        note: str | None = None
        for ln in page:
            out.append(ln.text)
            note = ln.note or note
        footer = _footer(m, n, total, lang_code) if lay.furniture else [""]
        if note is not None and lay.footnote:
            out += _note_block(note, lay.footnote, footer)
        elif lay.furniture:
            out += footer
    text = "\n".join(out).rstrip("\n") + "\n"
    return text + "\f" if lay.furniture and m.body != "COP" else text


def render(m: Material, lay: Layout) -> str:
    """The text an extraction of ``m`` printed in layout ``lay`` would give."""
    rnd = random.Random(lay.seed)
    head = _masthead(m, lay)
    if lay.blank_between:
        head = [x for h in head for x in (h, "") if h != ""]
    body = _body(m, lay, rnd)
    if lay.run_on:  # the formula runs into the first recital too ("The Security Council, Recalling …")
        head = head[:-len(wrap(m.formula, lay.width or 86))]
        body[0] = replace(body[0], text=f"{m.formula} {body[0].text}")
    return _paginate(m, head, body, lay)


def render_clean(m: Material) -> str:
    """The clean rendering: each paragraph on one line, blank lines between, numbers inline."""
    return render(m, CLEAN)


# ---------------------------------------------------------------------------------------------
# Making the material file from the corpus (run by hand; the tests only read the file)
# ---------------------------------------------------------------------------------------------

# Source file → masthead facts. Facts the source text prints are copied from it; those it does not
# print (the seed has no masthead, S/RES/687's gold text no job number) are marked "illustrative".
SOURCES: dict[str, dict[str, object]] = {
    "seed": {
        "key": "CTOC/COP/2020/L.6/Rev.1", "body": "COP",
        "masthead": {"date": "2020-10-16", "job": "V.20-05923", "distr": "Distr. limitée",
                     "organ": "Conférence des Parties à la|Convention des Nations Unies|contre la criminalité|"
                              "transnationale organisée",
                     "session": "Dixième session|Vienne, 12-16 octobre 2020",
                     "illustrative": "date, session lines (the seed prints no masthead); job number from its page header"},
    },
    "en__S_RES_2331_2016.pdftotext.txt": {
        "key": "S/RES/2331 (2016)", "body": "SC",
        "masthead": {"date": "2016-12-20", "meeting": "7847th", "job": "16-22533", "stamp": "",
                     "illustrative": "footnote (the resolution has none; the Convention it recalls)"},
        "notes": ["United Nations, Treaty Series, vol. 2225, No. 39574."],
    },
    "en__S_RES_687_1991.gold.txt": {
        "key": "S/RES/687 (1991)", "body": "SC",
        "masthead": {"date": "1991-04-03", "meeting": "2981st", "job": "91-10885", "stamp": "",
                     "illustrative": "job number (the gold text prints none); footnote (the Treaty it cites)"},
        "notes": ["United Nations, Treaty Series, vol. 729, No. 10485."],
        # the gold text keeps the printed volume's footnote numbers (41, 53-65) in the text, and
        # OCR read one comma as a full stop; its sections A-I are left out of the material
        "fixes": [("Government.", "Government,")],
        "strip": r"(?<=[A-Za-z,;\"”]) (?:4[1-9]|5\d|6\d)(?=[ ;,.]|$)",
    },
    "en__A_RES_78_228.pdftotext.txt": {
        "key": "A/RES/78/228", "body": "GA",
        "masthead": {"date": "2023-12-19", "distr_date": "2023-12-22", "meeting": "50th plenary meeting",
                     "job": "23-25978", "stamp": "100124", "session": "Seventy-eighth session",
                     "agenda": "Agenda item 107|Crime prevention and criminal justice",
                     "report": "[on the report of the Third Committee (A/78/482, para. 29)]", "number": "78/228."},
        # a preambular paragraph with its own (a)-(f) list: not a layout these tests are about
        "drop_preamble_with": "(a) To promote universal ratification",
    },
    "en__A_RES_79_154.pdftotext.txt": {
        "key": "A/RES/79/154", "body": "GA",
        "masthead": {"date": "2024-12-17", "distr_date": "2024-12-19", "meeting": "53rd plenary meeting",
                     "job": "24-24121", "stamp": "", "session": "Seventy-ninth session",
                     "agenda": "Agenda item 27|Advancement of women",
                     "report": "[on the report of the Third Committee (A/79/451, para. 65)]", "number": "79/154.",
                     "illustrative": "job number"},
        # detached note numbers 7-13 the parse left in the text (its 'footnote-marker' warnings)
        "strip": r"(?<=[a-z,”]) (?:7|8|9|10|11|12|13)(?=\s(?:and|as|adopted)\b|$)",
    },
}


def extract_material(corpus: Path, seed: Path, expected: Path) -> dict[str, object]:
    """Parse the sources with the current parser, check each against the counts read by hand
    (``tests/data/corpus_expected.json``), and return the material file's content.

    Raises AssertionError if a source's parse does not match its expected counts: the material
    must come from a reading known to be right.
    """
    from lod.read import parse_file  # imported here: the tests never need the parser for this

    want_all = json.loads(expected.read_text(encoding="utf-8"))
    out: list[dict[str, object]] = []
    for name, conf in SOURCES.items():
        path = seed if name == "seed" else corpus / name
        r = parse_file(path)
        want = want_all[name]

        def count(points: tuple[object, ...]) -> int:
            return sum(1 + count(q.points) for q in points)  # type: ignore[attr-defined]

        got = (len(r.preamble), len(r.operative), sum(count(p.points) for p in r.operative))
        assert got == (want["preamble"], want["operative"], want["points"]), (name, got)
        strip = conf.get("strip")
        fixes = conf.get("fixes", [])

        def clean(text: str) -> str:
            if strip:
                text = re.sub(str(strip), "", text)
            for a, b in fixes:  # type: ignore[misc]
                text = text.replace(a, b)
            return text

        def pts(points: tuple[object, ...]) -> tuple[PointText, ...]:
            return tuple(PointText(q.num, clean(q.text), pts(q.points)) for q in points)  # type: ignore[attr-defined]

        preamble = [clean(p.text) for p in r.preamble]
        drop = conf.get("drop_preamble_with")
        if drop:
            preamble = [t for t in preamble if str(drop) not in t]
        assert all(p.wrap_up is None for p in r.operative), name
        m = Material(
            key=str(conf["key"]), source=name, language=r.language, body=conf["body"],  # type: ignore[arg-type]
            symbol=str(conf["key"]), title=r.title if conf["body"] != "SC" else None,
            formula=str(r.formula), masthead=tuple(sorted(conf["masthead"].items())),  # type: ignore[attr-defined]
            notes=tuple(conf.get("notes") or [f.text for f in r.footnotes if f.marker.isdigit()][:3]),  # type: ignore[arg-type]
            preamble=tuple(preamble),
            operative=tuple(Paragraph(str(n), clean(p.text), pts(p.points)) for n, p in enumerate(r.operative, 1)),
        )
        out.append(m.to_json())
    return {
        "about": ("Clean structure of a few resolutions, for tests/test_parse_layouts.py: formula, title, "
                  "preambular texts, operative paragraphs [num, text, points [label, text, points]], "
                  "footnote texts. Made by `python tests/layouts.py extract` from the seed and corpus texts "
                  "whose parse matched tests/data/corpus_expected.json; texts keep the extraction's spacing "
                  "artefacts ('fr amework'), compare them with whitespace removed. Masthead facts marked "
                  "'illustrative' are not printed by the source."),
        "resolutions": out,
    }


def _main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        shared = HERE.parent.parent / "shared"
        data = extract_material(shared / "corpus" / "texts", shared / "seeds" / "000_332bb8f42190d6d7.txt",
                                HERE / "data" / "corpus_expected.json")
        MATERIAL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MATERIAL_PATH}")
        return 0
    if argv[:1] == ["render"] and len(argv) >= 3:
        m = {x.key: x for x in load_material()}[argv[1]]
        lay = LAYOUTS[argv[2]]
        pre: list[int] | None = None
        ops: list[int] | None = None
        for word in argv[3:]:
            k, _, v = word.partition("=")
            if k in ("pre", "ops"):
                idx = [int(x) for x in v.split(",") if x]
                pre, ops = (idx, ops) if k == "pre" else (pre, idx)
                continue
            old = getattr(lay, k)
            value: object = (None if v == "None" else v == "True" if isinstance(old, bool)
                             else int(v) if isinstance(old, int) or k == "width" else v)
            lay = replace(lay, **{k: value})
        if pre is not None or ops is not None:
            m = m.subset(pre if pre is not None else range(len(m.preamble)),
                         ops if ops is not None else range(len(m.operative)))
        sys.stdout.write(render(m, lay))
        return 0
    print(__doc__)
    print("keys:", ", ".join(m.key for m in load_material()) if MATERIAL_PATH.exists() else "(no material yet)")
    print("layouts:", ", ".join(LAYOUTS))
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
