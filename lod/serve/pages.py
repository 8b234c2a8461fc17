"""HTML pages for people: home, document, paragraph, generic resource, search, browse, query.

Plain functions returning ``str``; every value is escaped with :func:`e`.
Links to dataset IRIs go through :class:`UrlMap` so a dataset built for a
public base can be browsed on a local server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from html import escape
from typing import NamedTuple

from lod.serve.catalogue import Catalogue, Document, local_name
from lod.serve.resources import Cite, Citer, DocView, Part
from lod.serve.urls import UrlMap, undocs_url



class Download(NamedTuple):
    """One format of a document a page offers for download."""

    label: str
    url: str
    media_type: str

__all__ = ["Download", "document_page", "home_page", "json_ld", "list_page", "message_page", "part_label", "part_page", "query_page", "resource_page",
           "void_page"]

LANG_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية", "zh": "中文"}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def layout(urls: UrlMap, title: str, body: str, *, lang: str = "en", head: str = "") -> str:
    """The page shell: header with search, navigation, footer."""
    direction = ' dir="rtl"' if lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{e(lang or 'en')}"{direction}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<link rel="stylesheet" href="{e(urls.route('static/style.css'))}">
<link rel="icon" href="data:,">
{head}
</head>
<body>
<header class="site">
<a class="brand" href="{e(urls.route('home'))}">UN resolutions · linked data</a>
<nav><a href="{e(urls.route('browse'))}">Browse</a> <a href="{e(urls.route('sparql'))}">SPARQL</a> <a href="{e(urls.route('void'))}">Dataset (VoID)</a></nav>
<form class="search" action="{e(urls.route('search'))}" method="get" role="search">
<input type="search" name="q" placeholder="Symbol, title or words" aria-label="Search by symbol, title or words of the text">
<button type="submit">Search</button>
</form>
</header>
<main>
{body}
</main>
<footer class="site">Data: <a href="{e(urls.route('SHA256SUMS'))}">SHA256SUMS</a> · <a href="{e(urls.route('dumps/lod.nq.gz'))}">N-Quads dump</a> · <a href="{e(urls.route('sparql'))}">SPARQL endpoint</a></footer>
</body>
</html>
"""


def _doc_row(urls: UrlMap, d: Document, match: tuple[str, str, str] | None = None) -> str:
    found = ""
    if match is not None:  # (text unit IRI, its name, an excerpt): where the words searched for are
        found = (f'<div class="match" lang="{e(d.language)}"><a href="{e(urls.local(match[0]))}">{e(match[1] or "¶")}</a>: '
                 f'{e(match[2])}</div>')
    return (
        f'<tr><td><a href="{e(urls.local(d.expression))}">{e(d.symbol or local_name(d.work))}</a></td>'
        f'<td lang="{e(d.language)}">{e(d.title)}{found}</td><td>{e(d.date)}</td><td>{e(d.body_label)}</td><td>{e(d.language)}</td></tr>'
    )


def _doc_table(urls: UrlMap, docs: Iterable[Document], matches: dict[str, tuple[str, str, str]] | None = None) -> str:
    rows = "".join(_doc_row(urls, d, (matches or {}).get(d.expression)) for d in docs)
    if not rows:
        return "<p>No documents.</p>"
    return f'<table class="docs"><thead><tr><th>Symbol</th><th>Title</th><th>Date</th><th>Body</th><th>Lang.</th></tr></thead><tbody>{rows}</tbody></table>'


def home_page(urls: UrlMap, cat: Catalogue, *, triples: int, built: str) -> str:
    works = len(cat.by_work)
    langs = ", ".join(f"{e(LANG_NAMES.get(lang, lang))} ({n})" for lang, n in cat.languages())
    bodies = "".join(f'<li><a href="{e(urls.route("browse", body=b))}">{e(label)}</a> ({n})</li>' for b, label, n in cat.bodies())
    years = "".join(f'<li><a href="{e(urls.route("browse", year=y))}">{e(y)}</a> ({n})</li>' for y, n in cat.years())
    body = f"""<h1>United Nations resolutions as linked open data</h1>
<section class="figures" aria-label="Dataset figures">
<div><strong id="n-works">{works}</strong> documents</div>
<div><strong id="n-expressions">{len(cat.documents)}</strong> language versions</div>
<div><strong id="n-triples">{triples:,}</strong> triples</div>
<div>built <strong>{e(built)}</strong></div>
</section>
<p>Languages: {langs}</p>
<div class="browse"><section><h2>By body</h2><ul>{bodies}</ul></section><section><h2>By year</h2><ul>{years}</ul></section></div>
<h2>Latest documents</h2>
{_doc_table(urls, cat.documents[:50])}"""
    return layout(urls, "UN resolutions · linked data", body)


def list_page(urls: UrlMap, title: str, docs: list[Document], *, query: str = "", matches: dict[str, tuple[str, str, str]] | None = None,
              note: str = "") -> str:
    """A list of documents; for a search, with the paragraph holding the words (``matches``: expression → where)."""
    form = ""
    if query:
        form = f'<p>{len(docs)} result(s) for <q>{e(query)}</q> (symbol, title or words of the text, in every language).</p>'
    if note:
        form += f'<p class="note">{e(note)}</p>'
    return layout(urls, title, f"<h1>{e(title)}</h1>{form}{_doc_table(urls, docs, matches)}")


def message_page(urls: UrlMap, status: int, title: str, detail: str) -> str:
    return layout(urls, f"{status} {title}", f'<h1>{e(title)}</h1><p class="error">{e(detail)}</p><p><a href="{e(urls.route("home"))}">Home</a></p>')


#: The document's own words for its parts, by language (English for the others): the heading of a
#: paragraph page and the name of a part in "Cited by" lists and in the embedded metadata.
PART_WORDS: dict[str, dict[str, str]] = {
    "en": {"para": "paragraph {n}", "preamble": "preambular paragraph {n}", "note": "footnote {n}", "att": "annex {n}",
           "sec": "section {n}", "point": "({n})", "part": "part {n}", "notes": "Notes", "cited_by": "Cited by",
           "cited_by_all": "More: every citing passage (SPARQL)",
           "citations": "Citations", "in": "in", "cites": "cites"},
    "fr": {"para": "paragraphe {n}", "preamble": "alinéa {n} du préambule", "note": "note {n}", "att": "annexe {n}",
           "sec": "section {n}", "point": "{n})", "part": "partie {n}", "notes": "Notes", "cited_by": "Cité par",
           "cited_by_all": "Plus : tous les passages qui citent (SPARQL)",
           "citations": "Citations", "in": "dans", "cites": "cite"},
    "es": {"para": "párrafo {n}", "preamble": "párrafo {n} del preámbulo", "note": "nota {n}", "att": "anexo {n}",
           "sec": "sección {n}", "point": "{n})", "part": "parte {n}", "notes": "Notas", "cited_by": "Citado por",
           "cited_by_all": "Más: todos los pasajes que lo citan (SPARQL)",
           "citations": "Citas", "in": "en", "cites": "cita"},
}


def _words(language: str) -> dict[str, str]:
    return PART_WORDS.get(language, PART_WORDS["en"])


def part_label(kind: str, eid: str, language: str) -> str:
    """A part named as the document names it, in its language: ``Paragraph 13``, ``Paragraphe 13``,
    ``Alinéa 1 du préambule``, ``Section VIII, paragraph 3 (a)``, ``Footnote 2``, ``Annex 1``.

    >>> part_label("OperativeParagraph", "para_13", "fr"), part_label("PreambularParagraph", "preamble__p_1", "fr")
    ('Paragraphe 13', 'Alinéa 1 du préambule')
    >>> part_label("Point", "sec_VIII__para_3__list_1__point_a", "en"), part_label("Footnote", "note_star", "ru")
    ('Section VIII, paragraph 3 (a)', 'Footnote *')
    """
    words = _words(language)
    names: list[str] = []
    segments = eid.split("__")
    for i, seg in enumerate(segments):
        key, _, n = seg.partition("_")
        if key == "preamble" and i + 1 < len(segments) and segments[i + 1].startswith("p_"):
            continue  # preamble__p_3: one name, "preambular paragraph 3"
        if key == "p" and i and segments[i - 1] == "preamble":
            key = "preamble"
        if key == "list":
            continue
        if key == "note" and n == "star":
            n = "*"
        if key == "point" or key == "subpoint":
            point = words["point"].format(n=n)
            if names:
                names[-1] += " " + point
            else:
                names.append(point)
            continue
        template = words.get(key)
        names.append(template.format(n=n) if template else seg.replace("_", " "))
    label = ", ".join(names) or kind or eid
    return label[:1].upper() + label[1:]


_HIGH_PUNCTUATION = re.compile(r" (?=[;:!?»])|(?<=«) ")


def _typeset(html: str) -> str:
    """Spaces that may not end a line: before ``; : ! ? »`` and after ``«`` (French typography writes a space
    there; a line must not start with the mark). One character for one: offsets into the text do not move.

    >>> _typeset("droit interne ; « Prie »") == "droit interne\u00a0; «\u00a0Prie\u00a0»"
    True
    """
    return _HIGH_PUNCTUATION.sub("\u00a0", html)


def _text_with_cites(part: Part, href: Callable[[Cite], str | None], note_href: Callable[[str], str] | None = None) -> str:
    """The part's text: opening phrase in italics, citations as links (as text when they lead nowhere),
    footnote markers linked to the notes (``#note_1`` on the same page, or ``note_href(eid)``)."""
    text, out, at = part.text, [], 0
    events = sorted([(c.start, 1, c) for c in part.cites] + [(r.offset, 0, r) for r in part.refs], key=lambda x: (x[0], x[1]))
    if part.phrase and text.startswith(part.phrase) and all(pos >= len(part.phrase) for pos, _, _ in events):
        out.append(f'<em class="phrase">{e(part.phrase)}</em>')
        at = len(part.phrase)
    for pos, kind, obj in events:
        if isinstance(obj, Cite):
            if pos < at:
                continue
            out.append(_typeset(e(text[at:pos])))
            target = href(obj)
            shown = _typeset(e(text[obj.start:obj.end]))
            out.append(f'<a class="cite" href="{e(target)}">{shown}</a>' if target else f'<span class="cite" title="{e(obj.kind)}">{shown}</span>')
            at = obj.end
        else:
            cut = max(pos, at)
            out.append(_typeset(e(text[at:cut])))
            out.append(f'<a class="noteref" href="{e(note_href(obj.eid) if note_href else "#" + obj.eid)}"><sup>{e(obj.marker)}</sup></a>')
            at = cut
    out.append(_typeset(e(text[at:])))
    return "".join(out)


def _part_html(urls: UrlMap, part: Part, href: Callable[[Cite], str | None], tag: str = "div",
               note_href: Callable[[str], str] | None = None) -> str:
    num = f'<span class="num">{e(part.num)}</span> ' if part.num else ""
    self_link = f'<a class="self" href="{e(urls.local(part.iri))}" title="This paragraph on its own" aria-label="This paragraph on its own">¶</a>'
    links = ""
    if part.links:
        links = '<span class="actors">' + " ".join(
            (f'<a class="actor" rel="{e(name)}" href="{e(urls.local(iri) if held else outside or "")}">{e(label)}</a>' if held or outside
             else f'<span class="actor" title="{e(name)}: {e(iri)}">{e(label)}</span>')
            for name, iri, label, held, outside in part.links
        ) + "</span>"
    children = ""
    if part.children:
        children = '<ol class="points">' + "".join(_part_html(urls, c, href, "li", note_href) for c in part.children) + "</ol>"
    return (
        f'<{tag} class="part {e(part.kind)}" id="{e(part.eid)}">{num}<span class="text">{_text_with_cites(part, href, note_href)}</span>'
        f"{self_link}{links}{children}</{tag}>"
    )


def json_ld(data: dict[str, object]) -> str:
    """A JSON-LD data block for the page head: data, not a script that runs (the CSP allows no inline
    script and needs not: browsers do not execute ``application/ld+json``). ``<``, ``>`` and ``&`` are
    escaped so that no text in the data can close the element.

    >>> json_ld({"name": "</script><b>"})
    '<script type="application/ld+json">{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}</script>'
    """
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _formats(files: Iterable[Download]) -> str:
    return " · ".join(f'<a href="{e(f.url)}" type="{e(f.media_type)}" download>{e(f.label)}</a>' for f in files)


def _cited_by(urls: UrlMap, language: str, cited: list[tuple[list[Document], list[Citer]]], part_url: Callable[[str, str], str],
              more: str | None = None) -> str:
    words = _words(language)
    items = []
    for docs, parts in cited:
        doc = next((d for d in docs if d.language == language), None) or next((d for d in docs if d.language == "en"), docs[0])
        named = sorted({c.iri: c for c in parts if c.eid}.values(), key=lambda c: _natural_key(c.eid))
        where = ", ".join(f'<a href="{e(urls.local(part_url(c.iri, doc.language)))}">{e(part_label(c.kind, c.eid, doc.language))}</a>'
                          for c in named)
        items.append(f'<li><a href="{e(urls.local(doc.expression))}" lang="{e(doc.language)}">{e(doc.symbol or local_name(doc.work))}</a>'
                     f' <span lang="{e(doc.language)}">{e(doc.title)}</span>{f" — {where}" if where else ""}</li>')
    if not items and not more:
        return ""
    tail = f'<p class="more"><a href="{e(more)}">{e(words["cited_by_all"])}</a></p>' if more else ""
    return f'<section class="cited-by" id="cited-by"><h2>{e(words["cited_by"])}</h2><ul>{"".join(items)}</ul>{tail}</section>'


def _natural_key(eid: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(n), "") if n else (0, w) for n, w in re.findall(r"(\d+)|([A-Za-z]+)", eid))


def document_page(urls: UrlMap, view: DocView, siblings: list[Document], href: Callable[[Cite], str | None], *, alternates: str = "",
                  files: Iterable[Download] = (), metadata: dict[str, object] | None = None,
                  cited_by: list[tuple[list[Document], list[Citer]]] = (),  # type: ignore[assignment]
                  cited_by_more: str | None = None,
                  part_url: Callable[[str, str], str] = lambda iri, lang: iri) -> str:
    """A resolution page that reads like the document, with its formats, what cites it and its metadata."""
    lang = view.language or "en"
    words = _words(lang)
    switch = " ".join(
        (f'<strong lang="{e(d.language)}">{e(LANG_NAMES.get(d.language, d.language))}</strong>' if d.expression == view.expression
         else f'<a lang="{e(d.language)}" hreflang="{e(d.language)}" rel="alternate" href="{e(urls.local(d.expression))}">{e(LANG_NAMES.get(d.language, d.language))}</a>')
        for d in siblings
    )
    preamble = "".join(_part_html(urls, p, href) for p in view.preamble)
    operative = "".join(_part_html(urls, p, href) for p in view.operative)
    notes = "".join(_note_html(urls, view, p, href) for p in view.footnotes)
    annexes = "".join(_part_html(urls, p, href, "section") for p in view.annexes)
    undocs = undocs_url(view.symbol) if view.symbol else ""
    body = f"""<article class="resolution" lang="{e(lang)}">
<nav class="languages" aria-label="Language versions">{switch}</nav>
<p class="symbol">{e(view.symbol)}{f' · <a href="{e(undocs)}">undocs.org</a>' if undocs else ''}</p>
<h1>{e(view.title or view.symbol)}</h1>
<dl class="meta" id="meta"><dt>Body</dt><dd>{e(view.body)}</dd><dt>Date</dt><dd>{e(view.date or "—")}</dd><dt>Work</dt><dd><code>{e(view.work)}</code> (<a href="{e(urls.local(view.work, fmt="ttl"))}" type="text/turtle">Turtle</a>)</dd></dl>
<p class="formats" id="formats">Download: {_formats(files)}</p>
<section class="preamble" id="preamble"><p class="formula">{e(view.formula)}</p>{preamble}</section>
<section class="operative" id="main">{operative}</section>
{f'<section class="annexes">{annexes}</section>' if annexes else ''}
{f'<section class="footnotes" id="notes"><h2>{e(words["notes"])}</h2><ol>{notes}</ol></section>' if notes else ''}
{_cited_by(urls, lang, list(cited_by), part_url, cited_by_more)}
</article>"""
    head = alternates + (json_ld(metadata) if metadata else "")
    return layout(urls, f"{view.symbol} {view.title}".strip(), body, lang=lang, head=head)


def _note_html(urls: UrlMap, view: DocView, p: Part, href: Callable[[Cite], str | None]) -> str:
    marker = view.markers.get(p.eid) or p.marker or ("*" if p.eid == "note_star" else p.eid.removeprefix("note_"))
    return (f'<li class="note" id="{e(p.eid)}"><span class="marker">{e(marker)}</span> {_text_with_cites(p, href)}'
            f'<a class="self" href="{e(urls.local(p.iri))}" title="This note on its own" aria-label="This note on its own">¶</a></li>')


def _notes_called(part: Part) -> list[str]:
    """The eIds of the notes whose markers stand in ``part`` or its points, in order."""
    found = [r.eid for r in part.refs]
    for child in part.children:
        found += _notes_called(child)
    return list(dict.fromkeys(found))


def part_page(urls: UrlMap, view: DocView, part: Part, href: Callable[[Cite], str | None], *, alternates: str = "",
              metadata: dict[str, object] | None = None, files: Iterable[Download] = ()) -> str:
    """One paragraph on its own, headed as the document names it, with the notes it calls, the citations
    in its text (``id="cit_1"``: a citation IRI ``{this page}#cit_1`` lands on it) and a link back to its place."""
    lang = view.language or "en"
    words = _words(lang)
    name = part_label(part.kind, part.eid, lang)
    called = [view.parts[n] for n in _notes_called(part) if n in view.parts and n != part.eid]
    anchor = part.eid if part.eid in view.parts or not part.children else part.children[0].eid  # a section has no text: its first part
    notes = "".join(_note_html(urls, view, n, href) for n in called)
    cites = "".join(
        f'<li id="{e(c.iri.rsplit("#", 1)[1])}"><q>{e(c.text)}</q> ({e(c.kind)})'
        + (f' → <a href="{e(target)}">{e(c.symbol or target)}</a>' if (target := href(c)) else (f" → {e(c.symbol)}" if c.symbol else ""))
        + "</li>"
        for c in part.cites if "#" in c.iri
    )
    body = f"""<article class="resolution" lang="{e(lang)}">
<p class="symbol"><a href="{e(urls.local(view.expression))}#{e(anchor)}">{e(view.symbol)} {e(view.title)}</a></p>
<h1>{e(name)}</h1>
{_part_html(urls, part, href)}
{f'<section class="footnotes" id="notes"><h2>{e(words["notes"])}</h2><ol>{notes}</ol></section>' if notes else ''}
{f'<section class="citations" id="citations"><h2>{e(words["citations"])}</h2><ul>{cites}</ul></section>' if cites else ''}
{f'<p class="formats" id="formats">Download the document: {_formats(files)}</p>' if files else ''}
</article>"""
    head = alternates + (json_ld(metadata) if metadata else "")
    return layout(urls, f"{view.symbol} · {name}", body, lang=lang, head=head)


def resource_page(urls: UrlMap, iri: str, rows: list[tuple[str, str, bool, str]], *, title: str = "", alternates: str = "") -> str:
    """Any other resource: its properties as a table. ``rows`` = (property IRI, value, linkable, label)."""
    trs = "".join(
        f'<tr><td><a href="{e(urls.local(p))}">{e(local_name(p))}</a></td><td>'
        + (f'<a href="{e(urls.local(v))}">{e(label or v)}</a>' if linkable else f'<span title="{e(v)}">{e(label or v)}</span>')
        + "</td></tr>"
        for p, v, linkable, label in rows
    )
    body = f'<h1>{e(title or local_name(iri))}</h1><p class="iri"><code>{e(iri)}</code></p><table class="props"><tbody>{trs}</tbody></table>'
    return layout(urls, title or iri, body, head=alternates)


def void_page(urls: UrlMap, turtle: str) -> str:
    """The dataset description (VoID + DCAT) for people: the Turtle, with the download links."""
    links = " · ".join(f'<a href="{e(urls.route("void"))}?format={ext}">{label}</a>' for ext, label in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML")))
    body = f'<h1>Dataset description</h1><p>VoID and DCAT: {links} · <a href="{e(urls.route("SHA256SUMS"))}">SHA256SUMS</a></p><pre class="void">{e(turtle)}</pre>'
    return layout(urls, "Dataset description", body)


def query_page(urls: UrlMap, examples: list[tuple[str, str]], limits: dict[str, object]) -> str:
    """The SPARQL query page: plain JavaScript from the package, no CDN."""
    options = "".join(f'<option value="{i}">{e(name)}</option>' for i, (name, _) in enumerate(examples))
    data = "".join(f'<template class="example">{e(q)}</template>' for _, q in examples)
    lim = " · ".join(f"{e(k)}: {e(v)}" for k, v in limits.items())
    body = f"""<h1>SPARQL query</h1>
<p class="limits">Limits: {lim}. Read-only: updates, LOAD and SERVICE are refused.</p>
<form id="query-form" method="get" action="{e(urls.route('sparql'))}">
<label for="examples">Examples</label> <select id="examples"><option value="">—</option>{options}</select>
<textarea id="query" name="query" rows="14" spellcheck="false">{e(examples[0][1] if examples else 'SELECT * WHERE { ?s ?p ?o } LIMIT 10')}</textarea>
<button type="submit" id="run">Run</button> <span id="status" role="status"></span>
</form>
{data}
<div id="results" data-base="{e(urls.base)}" data-root="{e(urls.root)}"></div>
<script src="{e(urls.route('static/query.js'))}"></script>"""
    return layout(urls, "SPARQL query", body)
