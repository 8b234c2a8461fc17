"""The typed document model of a parsed resolution: frozen dataclasses only.

The model knows nothing of RDF, HTTP or files. Texts are clean: no page
furniture, no footnote digits; where a footnote marker stood, a ``NoteRef``
records the marker and its character offset in the clean text.

Shape (AKN names in brackets)::

    Resolution
      title, formula [formula name="enactingFormula"], metadata
      preamble: PreambularParagraph*        [preamble/p]       eId preamble__p_N
      operative: OperativeParagraph*        [mainBody/paragraph] eId para_N or sec_X__para_N
        points: Point*                      [list/point]       eId ..__list_1__point_a
          points: Point*                                       eId ..__point_a__list_1__point_i
      sections: Section*                    [section]          eId sec_X
      annexes: Annex*                       [attachment]       eId att_N
      footnotes: Footnote*                  [authorialNote]    eId note_N / note_star
      citations: Citation*                  [ref]  (filled by lod.enrich.citations)
      warnings: ParseWarning*
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "Actor",
    "Annex",
    "Citation",
    "DocType",
    "Footnote",
    "FurtherAction",
    "NoteRef",
    "OperativeParagraph",
    "ParseWarning",
    "Point",
    "PreambularParagraph",
    "Resolution",
    "Section",
    "SourceInfo",
]

DocType = Literal["resolution", "draft-resolution", "decision", "draft-decision", "amendment"]


@dataclass(frozen=True)
class SourceInfo:
    """Where a parsed text came from: file name (or None), sha256 of the raw bytes, size."""

    name: str | None
    sha256: str
    size: int
    encoding: str = "utf-8"


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser noticed and worked around; ``line`` is 1-based in the source."""

    code: str
    message: str
    line: int | None = None

    def __reduce__(self) -> tuple[type[ParseWarning], tuple[str, str, int | None]]:
        """Pickled through its constructor: build workers send warnings to the main process, and a
        frozen class compiled by mypyc cannot be rebuilt field by field."""
        return (ParseWarning, (self.code, self.message, self.line))


@dataclass(frozen=True)
class NoteRef:
    """A footnote marker that stood in a text, at character ``offset`` of the clean text."""

    marker: str
    offset: int


@dataclass(frozen=True)
class Actor:
    """A body, office or group of States mentioned in a text (filled by lod.enrich.actors)."""

    label: str
    code: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class FurtherAction:
    """An action a paragraph takes after its opening one, with its own addressees ("…, et prie l'Office
    de fournir…"): the action concept, where its verb starts in the paragraph's text, and whom it asks
    (filled by lod.enrich.actors)."""

    action: str
    offset: int
    addressees: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class Point:
    """A lettered or roman sub-paragraph: ``a)`` / ``(a)`` / ``(i)``; ``num`` has no brackets."""

    eid: str
    num: str
    text: str
    notes: tuple[NoteRef, ...] = ()
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class PreambularParagraph:
    """A preambular paragraph; ``phrase`` is its opening phrase (``Recalling``), or None."""

    eid: str
    phrase: str | None
    text: str
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class OperativeParagraph:
    """A numbered operative paragraph.

    ``text`` is the paragraph's own text (the list's introduction when it has
    points); ``section`` is the number of the enclosing section (``I``, ``A``)
    or None; ``phrase`` the opening phrase (``Calls upon``, ``Prie instamment``);
    ``heading`` the unnumbered heading printed above it, if any (AKN ``crossHeading``:
    "Protection of civilians", "No Fly Zone").
    """

    eid: str
    num: str
    section: str | None
    phrase: str | None
    text: str
    notes: tuple[NoteRef, ...] = ()
    points: tuple[Point, ...] = ()
    wrap_up: str | None = None
    action: str | None = None
    addressees: tuple[Actor, ...] = ()
    heading: str | None = None
    further_actions: tuple[FurtherAction, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section dividing the operative part (``I``, ``II``… or ``A``, ``B``…).

    Budget resolutions group sections into parts ("Part I" / "Section 1"): a part is a
    ``Section`` of ``level`` "part" (eId ``part_I``), and its sections name it as ``parent``
    (the part's eId).
    """

    eid: str
    num: str
    heading: str | None
    level: str = "section"  # "section" | "part"
    parent: str | None = None


@dataclass(frozen=True)
class Annex:
    """An annex: its heading, title and body text (its own numbering stays inside it)."""

    eid: str
    num: str | None
    title: str | None
    text: str
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A footnote: ``marker`` is ``1``, ``2``… or ``*`` for the unnumbered kind."""

    eid: str
    marker: str
    text: str


@dataclass(frozen=True)
class Citation:
    """A reference found in a text (filled by lod.enrich.citations).

    ``text`` is the span as written, ``start``/``end`` its offsets in the text
    of the element ``in_eid``; ``kind`` is e.g. ``resolution``, ``decision``,
    ``document``, ``treaty-article``, ``treaty-series``, ``sales-number``, ``sdg``;
    ``target_symbol`` the normalised symbol of what is cited, when it has one.
    """

    text: str
    kind: str
    in_eid: str
    start: int
    end: int
    target_symbol: str | None = None
    target_date: date | None = None
    target_iri: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Resolution:
    """A parsed resolution, draft resolution, decision or amendment, in one language."""

    symbol: str | None
    language: str
    doc_type: DocType
    title: str | None
    formula: str | None
    preamble: tuple[PreambularParagraph, ...]
    operative: tuple[OperativeParagraph, ...]
    footnotes: tuple[Footnote, ...]
    source: SourceInfo
    symbols: tuple[str, ...] = ()
    job_number: str | None = None
    body: str | None = None
    adoption_date: date | None = None
    session: str | None = None
    agenda_item: str | None = None
    sponsors: tuple[str, ...] = ()
    amends: str | None = None
    sections: tuple[Section, ...] = ()
    annexes: tuple[Annex, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[ParseWarning, ...] = field(default=())

    def element(self, eid: str) -> PreambularParagraph | OperativeParagraph | Point | Footnote | Annex | None:
        """Return the element with that eId, or None."""
        for p in self.preamble:
            if p.eid == eid:
                return p
        for f in self.footnotes:
            if f.eid == eid:
                return f
        for a in self.annexes:
            if a.eid == eid:
                return a
        stack: list[OperativeParagraph | Point] = list(self.operative)
        while stack:
            item = stack.pop()
            if item.eid == eid:
                return item
            stack.extend(item.points)
        return None
