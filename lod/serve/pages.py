"""HTML pages for people: home, document, paragraph, generic resource, search, browse, query.

Plain functions returning ``str``; every value is escaped with :func:`e`.
Links to dataset IRIs go through :class:`UrlMap` so a dataset built for a
public base can be browsed on a local server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import quote

from lod.serve.catalogue import Catalogue, Document, local_name
from lod.serve.resources import DocView, Part
from lod.serve.urls import UrlMap

__all__ = ["document_page", "home_page", "list_page", "message_page", "part_page", "query_page", "resource_page", "void_page"]

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
<input type="search" name="q" placeholder="Symbol or title" aria-label="Search by symbol or title">
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


def _doc_row(urls: UrlMap, d: Document) -> str:
    return (
        f'<tr><td><a href="{e(urls.local(d.expression))}">{e(d.symbol or local_name(d.work))}</a></td>'
        f'<td lang="{e(d.language)}">{e(d.title)}</td><td>{e(d.date)}</td><td>{e(d.body_label)}</td><td>{e(d.language)}</td></tr>'
    )


def _doc_table(urls: UrlMap, docs: Iterable[Document]) -> str:
    rows = "".join(_doc_row(urls, d) for d in docs)
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


def list_page(urls: UrlMap, title: str, docs: list[Document], *, query: str = "") -> str:
    form = ""
    if query:
        form = f'<p>{len(docs)} result(s) for <q>{e(query)}</q>.</p>'
    return layout(urls, title, f"<h1>{e(title)}</h1>{form}{_doc_table(urls, docs)}")


def message_page(urls: UrlMap, status: int, title: str, detail: str) -> str:
    return layout(urls, f"{status} {title}", f'<h1>{e(title)}</h1><p class="error">{e(detail)}</p><p><a href="{e(urls.route("home"))}">Home</a></p>')


def _text_with_cites(part: Part, href: Callable[[str | None, str | None], str]) -> str:
    """The part's text: opening phrase in italics, citations as links, footnote markers linked to the notes."""
    text, out, at = part.text, [], 0
    events = sorted([(c.start, 1, c) for c in part.cites] + [(r.offset, 0, r) for r in part.refs], key=lambda x: (x[0], x[1]))
    if part.phrase and text.startswith(part.phrase) and all(pos >= len(part.phrase) for pos, _, _ in events):
        out.append(f'<em class="phrase">{e(part.phrase)}</em>')
        at = len(part.phrase)
    for pos, kind, obj in events:
        if kind == 1:
            if pos < at:
                continue
            out.append(e(text[at:pos]))
            out.append(f'<a class="cite" href="{e(href(obj.target, obj.symbol or obj.text))}">{e(text[obj.start:obj.end])}</a>')
            at = obj.end
        else:
            cut = max(pos, at)
            out.append(e(text[at:cut]))
            out.append(f'<a class="noteref" href="#{e(obj.eid)}"><sup>{e(obj.marker)}</sup></a>')
            at = cut
    out.append(e(text[at:]))
    return "".join(out)


def _part_html(urls: UrlMap, part: Part, href: Callable[[str | None, str | None], str], tag: str = "div") -> str:
    num = f'<span class="num">{e(part.num)}</span> ' if part.num else ""
    self_link = f'<a class="self" href="{e(urls.local(part.iri))}" title="This paragraph on its own">¶</a>'
    links = ""
    if part.links:
        links = '<span class="actors">' + " ".join(
            (f'<a class="actor" rel="{e(name)}" href="{e(urls.local(iri) if held else outside or "")}">{e(label)}</a>' if held or outside
             else f'<span class="actor" title="{e(name)}: {e(iri)}">{e(label)}</span>')
            for name, iri, label, held, outside in part.links
        ) + "</span>"
    children = ""
    if part.children:
        children = '<ol class="points">' + "".join(_part_html(urls, c, href, "li") for c in part.children) + "</ol>"
    return (
        f'<{tag} class="part {e(part.kind)}" id="{e(part.eid)}">{num}<span class="text">{_text_with_cites(part, href)}</span> '
        f"{self_link}{links}{children}</{tag}>"
    )


def document_page(urls: UrlMap, view: DocView, siblings: list[Document], href: Callable[[str | None, str | None], str], *, alternates: str = "") -> str:
    """A resolution page that reads like the document."""
    lang = view.language or "en"
    switch = " ".join(
        (f'<strong lang="{e(d.language)}">{e(LANG_NAMES.get(d.language, d.language))}</strong>' if d.expression == view.expression
         else f'<a lang="{e(d.language)}" hreflang="{e(d.language)}" rel="alternate" href="{e(urls.local(d.expression))}">{e(LANG_NAMES.get(d.language, d.language))}</a>')
        for d in siblings
    )
    preamble = "".join(_part_html(urls, p, href) for p in view.preamble)
    operative = "".join(_part_html(urls, p, href) for p in view.operative)
    notes = "".join(
        f'<li id="{e(p.eid)}"><span class="marker">{e(view.markers.get(p.eid) or p.marker or ("*" if p.eid == "note_star" else p.eid.removeprefix("note_")))}</span> {_text_with_cites(p, href)} '
        f'<a class="self" href="{e(urls.local(p.iri))}">¶</a></li>' for p in view.footnotes
    )
    annexes = "".join(_part_html(urls, p, href, "section") for p in view.annexes)
    formats = " · ".join(
        f'<a href="{e(urls.local(view.expression, fmt=ext))}" type="{e(mt)}">{e(label)}</a>'
        for ext, mt, label in (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"), ("nt", "application/n-triples", "N-Triples"), ("rdf", "application/rdf+xml", "RDF/XML"))
    )
    undocs = f'https://undocs.org/{quote(view.symbol, safe="/")}' if view.symbol else ""
    body = f"""<article class="resolution" lang="{e(lang)}">
<nav class="languages" aria-label="Language versions">{switch}</nav>
<p class="symbol">{e(view.symbol)}{f' · <a href="{e(undocs)}">undocs.org</a>' if undocs else ''}</p>
<h1>{e(view.title or view.symbol)}</h1>
<dl class="meta" id="meta"><dt>Body</dt><dd>{e(view.body)}</dd><dt>Date</dt><dd>{e(view.date or "—")}</dd><dt>Work</dt><dd><a href="{e(urls.local(view.work))}">{e(view.work)}</a></dd></dl>
<section class="preamble" id="preamble"><p class="formula">{e(view.formula)}</p>{preamble}</section>
<section class="operative" id="main">{operative}</section>
{f'<section class="annexes">{annexes}</section>' if annexes else ''}
{f'<section class="footnotes" id="notes"><h2>Notes</h2><ol>{notes}</ol></section>' if notes else ''}
<p class="formats">Data: {formats}</p>
</article>"""
    return layout(urls, f"{view.symbol} {view.title}".strip(), body, lang=lang, head=alternates)


def part_page(urls: UrlMap, view: DocView, part: Part, href: Callable[[str | None, str | None], str], *, alternates: str = "") -> str:
    """One paragraph on its own, with a link back to its place in the document."""
    body = f"""<article class="resolution" lang="{e(view.language)}">
<p class="symbol"><a href="{e(urls.local(view.expression))}#{e(part.eid)}">{e(view.symbol)} {e(view.title)}</a></p>
<h1>{e(part.kind or "Part")} {e(part.num or part.eid)}</h1>
{_part_html(urls, part, href)}
</article>"""
    return layout(urls, f"{view.symbol} {part.eid}", body, lang=view.language, head=alternates)


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
