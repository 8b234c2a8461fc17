"""Akoma Ntoso 3.0 XML → ``Resolution``: an AKN document as a source, read into the same model as a text.

What ``lod.publish.akn`` writes reads back into the model it was written from (the round trip is
tested on the seed and every corpus document). An AKN document made by another publisher is read
for what its standard markup says — FRBR metadata, ``docNumber``/``docTitle``/``docDate``, the
formula, preamble ``p``/``recital``, ``paragraph``/``list``/``point`` with their ``num``,
``section``/``part`` with ``num``/``heading``, ``authorialNote``s at their markers, ``ref``s as
citations, attachments as annexes — and the build then enriches it as it enriches a text.

XML is read safely: no DTD at all (so no entity, external or internal: XXE and "billion laughs" are
refused before any expansion), no network, at most ``MAX_BYTES``. Anything that is not a
well-formed AKN ``statement`` or ``doc`` raises ``SourceError`` with the file, the line and what was
expected.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass, field, replace
from datetime import date
from typing import get_args

from lod import identifiers as ids
from lod.errors import SourceError
from lod.model import (
    Actor,
    Annex,
    Citation,
    DocType,
    Footnote,
    FurtherAction,
    NoteRef,
    OperativeParagraph,
    ParseWarning,
    Point,
    PreambularParagraph,
    Resolution,
    Section,
    SourceInfo,
)

__all__ = ["AKN_NS", "MAX_BYTES", "looks_like_akn", "read_akn"]

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LOD_NS = "https://w3id.org/un-lod/akn#"
#: Largest AKN file read (a resolution's AKN is tens of kB; the largest corpus text gives ≈400 kB).
MAX_BYTES = 20 * 1024 * 1024
_DOC_TYPES: frozenset[str] = frozenset(get_args(DocType))
#: AKN document types that can hold a resolution or decision (AKN4UN: ``statement``; ``doc`` for others).
_RESOLUTION_TYPES = ("statement", "doc")
_LANG2 = {v: k for k, v in ids.LANGUAGES.items()}


def _a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _l(name: str) -> str:
    return f"{{{LOD_NS}}}{name}"


def looks_like_akn(data: bytes) -> bool:
    """True when ``data`` starts like an XML document in the AKN namespace (what the build dispatches on).

    >>> looks_like_akn(b"<?xml version='1.0'?>\\n<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'/>")
    True
    >>> looks_like_akn(b"The General Assembly,")
    False
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and AKN_NS.encode() in head


def _refuse_dtd(data: bytes, name: str) -> None:
    """Fail on any DTD (and so any entity declaration) before the tree is built; report expat's own errors."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_: object) -> None:
        raise SourceError("expected an Akoma Ntoso document without a DTD, found a <!DOCTYPE> (entities are never "
                          "expanded: XXE and entity-expansion attacks are refused)", source=name,
                          line=parser.CurrentLineNumber)

    def entity(*_: object) -> None:
        raise SourceError("expected no entity declaration, found one", source=name, line=parser.CurrentLineNumber)

    def external(*_: object) -> int:
        raise SourceError("expected no external entity, found a reference to one", source=name,
                          line=parser.CurrentLineNumber)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise SourceError(f"expected well-formed XML, found {xml.parsers.expat.ErrorString(exc.code)}",
                          source=name, line=exc.lineno) from None


@dataclass
class _Inline:
    """Text read from mixed content: the clean text, its note markers and its citations (with their index)."""

    text: str = ""
    notes: list[NoteRef] = field(default_factory=list)
    citations: list[tuple[int, Citation]] = field(default_factory=list)


@dataclass
class _Reader:
    name: str
    prop: ET.Element | None
    footnotes: dict[str, tuple[int, Footnote]] = field(default_factory=dict)
    citations: list[tuple[int, Citation]] = field(default_factory=list)
    order: int = 10**6  # citations of a foreign document, numbered in reading order after any of ours

    def inline(self, el: ET.Element, eid: str | None) -> _Inline:
        out = _Inline()
        self._walk(el, eid, out)
        return out

    def _walk(self, el: ET.Element, eid: str | None, out: _Inline) -> None:
        out.text += el.text or ""
        for child in el:
            tag = child.tag
            if tag == _a("authorialNote"):
                marker = child.get("marker") or str(len(self.footnotes) + 1)
                offset = int(child.get(_l("offset"), len(out.text)))
                out.notes.append(NoteRef(marker, offset))
                note_eid = child.get("eId") or f"note_{marker}"
                self.footnote(note_eid, marker, child)
            elif tag == _a("noteRef"):
                out.notes.append(NoteRef(child.get("marker") or "", int(child.get(_l("offset"), len(out.text)))))
            elif tag in (_a("ref"), _a("span")) and (child.get(_l("kind")) or tag == _a("ref")):
                start = len(out.text)
                span = "".join(child.itertext())
                out.text += span
                out.citations.append(self.citation(child, eid, start, span))
            else:
                self._walk(child, eid, out)
            out.text += child.tail or ""

    def footnote(self, eid: str, marker: str, el: ET.Element) -> None:
        body = self.inline_blocks(el, eid)
        position = self.prop_position(eid)
        self.footnotes[eid] = (position, Footnote(eid, marker, body.text))
        self.citations += body.citations

    def inline_blocks(self, el: ET.Element, eid: str | None) -> _Inline:
        """The text of a container of ``p``s (a note): one ``p``, or several joined by line breaks."""
        ps = [p for p in el if p.tag == _a("p")] or [el]
        parts = [self.inline(p, eid) for p in ps]
        out = _Inline()
        for i, part in enumerate(parts):
            if i:
                out.text += "\n"
            shift = len(out.text)
            out.notes += [NoteRef(n.marker, n.offset + shift) for n in part.notes]
            out.citations += [(k, _shift(c, shift)) for k, c in part.citations]
            out.text += part.text
        return out

    def prop_position(self, eid: str) -> int:
        if self.prop is not None:
            for f in self.prop.iter(_l("footnote")):
                if f.get("eId") == eid:
                    return int(f.get("position", "0"))
        return len(self.footnotes)

    def citation(self, el: ET.Element, eid: str | None, start: int, span: str) -> tuple[int, Citation]:
        n_attr = el.get(_l("n"))
        if n_attr is None:
            self.order += 1
        n = int(n_attr) if n_attr is not None else self.order
        when = el.get(_l("date"))
        attrs = tuple((k[len(_l("attr-")):], v) for k, v in el.attrib.items() if k.startswith(_l("attr-")))
        iri = el.get(_l("iri")) or (el.get("href") if el.tag == _a("ref") else None)
        return n, Citation(text=span, kind=el.get(_l("kind"), "document"), in_eid=eid or "", start=start,
                           end=start + len(span), target_symbol=el.get(_l("symbol")),
                           target_date=date.fromisoformat(when) if when else None,
                           target_iri=iri or None, attributes=attrs)


def _shift(c: Citation, by: int) -> Citation:
    if not by:
        return c
    return Citation(c.text, c.kind, c.in_eid, c.start + by, c.end + by, c.target_symbol, c.target_date,
                    c.target_iri, c.attributes)


def _text(el: ET.Element | None) -> str | None:
    return None if el is None else "".join(el.itertext())


def _num(el: ET.Element, strip: str) -> str:
    n = el.find(_a("num"))
    return (_text(n) or "").strip().strip(strip) if n is not None else ""


def read_akn(data: bytes, name: str = "<akn>") -> Resolution:
    """The resolution an AKN 3.0 document holds.

    Raises:
        SourceError: too large, not well-formed, with a DTD, not Akoma Ntoso, or an AKN document of
            another type (an ``act``, a ``judgment``…) than a resolution's.
    """
    if len(data) > MAX_BYTES:
        raise SourceError(f"expected an Akoma Ntoso file of at most {MAX_BYTES // (1024 * 1024)} MiB, "
                          f"found {len(data):,} bytes", source=name)
    _refuse_dtd(data, name)
    root = ET.fromstring(data)
    if root.tag != _a("akomaNtoso"):
        raise SourceError(f"expected an Akoma Ntoso 3.0 document (<akomaNtoso xmlns=\"{AKN_NS}\">), "
                          f"found <{root.tag}>", source=name, line=1)
    doc = next(iter(root), None)
    kind = doc.tag.replace(f"{{{AKN_NS}}}", "") if doc is not None else "nothing"
    if doc is None or kind not in _RESOLUTION_TYPES:
        raise SourceError(f"expected an AKN {' or '.join(_RESOLUTION_TYPES)} (a resolution or decision), "
                          f"found {'an' if kind[0] in 'aeiou' else 'a'} {kind}", source=name)
    meta = doc.find(_a("meta"))
    prop = meta.find(f"{_a('proprietary')}/{_l('document')}") if meta is not None else None
    reader = _Reader(name, prop)
    p = prop.get if prop is not None else (lambda key, default=None: default)

    language = _language(meta, p("language"), name)
    doc_type = p("docType") or (doc.get("name") if doc.get("name") in _DOC_TYPES else "resolution")
    if doc_type not in _DOC_TYPES:
        raise SourceError(f"expected a document type among {sorted(_DOC_TYPES)}, found {doc_type!r}", source=name)
    symbol = p("symbol") or _text(doc.find(f".//{_a('preface')}//{_a('docNumber')}")) or _frbr_show(meta)
    title = p("title") if prop is not None else _text(doc.find(f".//{_a('preface')}//{_a('docTitle')}"))
    preamble_el = doc.find(_a("preamble"))
    formula_el = preamble_el.find(f"{_a('formula')}/{_a('p')}") if preamble_el is not None else None
    formula = p("formula") if prop is not None else _text(formula_el)
    phrases = {e.get("eId"): e.text or "" for e in prop.iter(_l("phrase"))} if prop is not None else {}

    preamble: list[PreambularParagraph] = []
    if preamble_el is not None:
        candidates = [x for x in preamble_el if x.tag == _a("p")]
        candidates += [p_ for rec in preamble_el.iter(_a("recital")) for p_ in rec if p_.tag == _a("p")]
        for i, el in enumerate(candidates):
            eid = el.get("eId") or f"preamble__p_{i + 1}"
            body = reader.inline(el, eid)
            reader.citations += body.citations
            preamble.append(PreambularParagraph(eid, phrases.get(eid), body.text, tuple(body.notes)))

    main = doc.find(_a("mainBody"))
    if main is None:
        raise SourceError("expected a <mainBody>, found none", source=name)
    sections: list[Section] = []
    operative: list[OperativeParagraph] = []
    addressees: dict[str, list[Actor]] = {}
    further: dict[str, list[FurtherAction]] = {}
    if prop is not None:
        for ad in prop.findall(_l("addressee")):
            addressees.setdefault(ad.get("eId", ""), []).append(_actor(ad))
        for fa in prop.findall(_l("furtherAction")):
            further.setdefault(fa.get("eId", ""), []).append(FurtherAction(
                fa.get("action", ""), int(fa.get("offset", "0")), tuple(_actor(a) for a in fa.findall(_l("addressee")))))
    _read_main(reader, main, None, None, sections, operative, addressees)
    operative = [replace(op, further_actions=tuple(further.get(op.eid, ()))) if op.eid in further else op
                 for op in operative]
    if prop is not None:  # our own order and levels, as written
        levels = {e.get("eId"): (e.get("level", "section"), e.get("parent")) for e in prop.iter(_l("section"))}
        by_eid = {s.eid: s for s in sections}
        sections = [Section(eid, by_eid[eid].num, by_eid[eid].heading, lv, parent)
                    for eid, (lv, parent) in levels.items() if eid in by_eid]

    annexes = _read_annexes(reader, doc)
    if meta is not None:
        for note in meta.iter(_a("note")):
            eid = note.get("eId") or f"note_{len(reader.footnotes) + 1}"
            reader.footnote(eid, note.get(_l("marker")) or note.get("marker") or "", note)
    footnotes = tuple(f for _, f in sorted(reader.footnotes.values(), key=lambda pf: pf[0]))

    loose = []
    if prop is not None:
        for c in prop.iter(_l("citation")):
            when = c.get("date")
            attrs = tuple((k[5:], v) for k, v in c.attrib.items() if k.startswith("attr-"))
            loose.append((int(c.get("n", "0")), Citation(c.get("text", ""), c.get("kind", "document"), c.get("in", ""),
                                                         int(c.get("start", "0")), int(c.get("end", "0")),
                                                         c.get("symbol"), date.fromisoformat(when) if when else None,
                                                         c.get("iri"), attrs)))
    citations = tuple(c for _, c in sorted(reader.citations + loose, key=lambda nc: nc[0]))

    adopted = p("adoptionDate") or (doc.find(f".//{_a('preface')}//{_a('docDate')}").get("date")  # type: ignore[union-attr]
                                   if doc.find(f".//{_a('preface')}//{_a('docDate')}") is not None else None)
    return Resolution(
        symbol=symbol, language=language, doc_type=doc_type, title=title, formula=formula,  # type: ignore[arg-type]
        preamble=tuple(preamble), operative=tuple(operative), footnotes=footnotes,
        source=_source(prop, data, name),
        symbols=tuple(e.text or "" for e in prop.iter(_l("symbol"))) if prop is not None else (),
        job_number=p("jobNumber"), body=p("body"),
        adoption_date=date.fromisoformat(adopted) if adopted else None,
        session=p("session"), agenda_item=p("agendaItem"),
        sponsors=tuple(e.text or "" for e in prop.iter(_l("sponsor"))) if prop is not None else (),
        amends=p("amends"), sections=tuple(sections), annexes=tuple(annexes), citations=citations,
        warnings=tuple(ParseWarning(w.get("code", ""), w.text or "", int(w.get("line", "")) if w.get("line") else None)
                       for w in prop.iter(_l("warning"))) if prop is not None else (),
    )


def _actor(el: ET.Element) -> Actor:
    return Actor(el.get("label", ""), el.get("code"), el.get("iri"))


def _language(meta: ET.Element | None, declared: str | None, name: str) -> str:
    if declared:
        return declared
    lang = meta.find(f".//{_a('FRBRExpression')}/{_a('FRBRlanguage')}") if meta is not None else None
    code = (lang.get("language") if lang is not None else "") or ""
    if code in _LANG2:
        return _LANG2[code]
    if code in ids.LANGUAGES:
        return code
    raise SourceError(f"expected FRBRlanguage in a UN official language ({', '.join(ids.LANGUAGES.values())}), "
                      f"found {code or 'none'!r}", source=name)


def _frbr_show(meta: ET.Element | None) -> str | None:
    num = meta.find(f".//{_a('FRBRWork')}/{_a('FRBRnumber')}") if meta is not None else None
    return (num.get("showAs") or num.get("value")) if num is not None else None


def _source(prop: ET.Element | None, data: bytes, name: str) -> SourceInfo:
    src = prop.find(_l("source")) if prop is not None else None
    if src is None:  # a document from elsewhere: the file itself is the source
        return SourceInfo(name.replace("\\", "/").rpartition("/")[2] or name, hashlib.sha256(data).hexdigest(), len(data))
    return SourceInfo(src.get("name"), src.get("sha256", ""), int(src.get("size", "0")), src.get("encoding", "utf-8"))


def _read_main(reader: _Reader, el: ET.Element, section: Section | None, part: str | None, sections: list[Section],
               operative: list[OperativeParagraph], addressees: dict[str, list[Actor]]) -> None:
    heading: str | None = None
    for child in el:
        tag = child.tag
        if tag in (_a("section"), _a("part")):
            level = "part" if tag == _a("part") else "section"
            s = Section(child.get("eId") or "", _num(child, ""), _text(child.find(_a("heading"))), level,
                        part if level == "section" else None)
            sections.append(s)
            _read_main(reader, child, s if level == "section" else section, s.eid if level == "part" else part,
                       sections, operative, addressees)
        elif tag == _a("crossHeading") or (tag == _a("p") and child.get("class") == "crossHeading"):
            heading = _text(child)
        elif tag == _a("paragraph"):
            operative.append(_paragraph(reader, child, section, heading, addressees))
            heading = None
        elif tag in (_a("hcontainer"), _a("content")) and child.get(_l("empty")) != "true":
            _read_main(reader, child, section, part, sections, operative, addressees)


def _paragraph(reader: _Reader, el: ET.Element, section: Section | None, heading: str | None,
               addressees: dict[str, list[Actor]]) -> OperativeParagraph:
    eid = el.get("eId") or f"para_{_num(el, '.')}"
    text, notes, points, wrap_up = _hier_body(reader, el, eid)
    return OperativeParagraph(
        eid=eid, num=_num(el, "."), section=el.get(_l("section"), section.num if section else None),
        phrase=el.get(_l("phrase")), text=text, notes=notes, points=points, wrap_up=wrap_up,
        action=el.get(_l("action")), addressees=tuple(addressees.get(eid, ())), heading=heading)


def _hier_body(reader: _Reader, el: ET.Element, eid: str
               ) -> tuple[str, tuple[NoteRef, ...], tuple[Point, ...], str | None]:
    """(text, notes, points, wrap-up) of a paragraph or point: its ``content``, or its ``list``."""
    content = el.find(_a("content"))
    if content is not None:
        ps = [p for p in content if p.tag == _a("p")]
        wrap = [p for p in ps if p.get(_l("role")) == "wrapUp"]
        main = [p for p in ps if p.get(_l("role")) != "wrapUp"]
        body = reader.inline(main[0], eid) if main else _Inline()
        reader.citations += body.citations
        return body.text, tuple(body.notes), (), (_text(wrap[0]) if wrap else None)
    lst = el.find(_a("list"))
    if lst is None:
        return "", (), (), None
    intro = lst.find(f"{_a('intro')}/{_a('p')}")
    body = reader.inline(intro, eid) if intro is not None else _Inline()
    reader.citations += body.citations
    points = []
    for pel in lst.findall(_a("point")):
        peid = pel.get("eId") or f"{eid}__point_{_num(pel, '()')}"
        ptext, pnotes, sub, _ = _hier_body(reader, pel, peid)
        points.append(Point(peid, _num(pel, "()"), ptext, pnotes, sub))
    wrap_el = lst.find(f"{_a('wrapUp')}/{_a('p')}")
    return body.text, tuple(body.notes), tuple(points), _text(wrap_el)


def _read_annexes(reader: _Reader, doc: ET.Element) -> list[Annex]:
    out: list[Annex] = []
    atts = doc.find(_a("attachments"))
    for att in atts.findall(_a("attachment")) if atts is not None else ():
        sub = next(iter(x for x in att if x.tag != _a("meta")), None)
        if sub is None:
            continue
        eid = att.get("eId") or f"att_{len(out) + 1}"
        num = _text(sub.find(f"{_a('preface')}//{_a('docNumber')}"))
        title = _text(sub.find(f"{_a('preface')}//{_a('docTitle')}"))
        main = sub.find(_a("mainBody"))
        body = reader.inline_blocks(main, eid) if main is not None else _Inline()
        reader.citations += body.citations
        out.append(Annex(eid, num, title, body.text, tuple(body.notes)))
    return out
