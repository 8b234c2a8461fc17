"""The ``lod serve`` web application: routes and exception handlers only.

>>> # create_app(ServerConfig(root=Path("dataset"))) returns a Starlette app;
>>> # ``lod serve DIR`` runs it with uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
from collections.abc import AsyncIterator
from importlib import resources as pkg_resources
from urllib.parse import quote

from pyoxigraph import RdfFormat, parse, serialize
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from lod.errors import LodError, NotAcceptable, NotFound, PublishError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from lod.sparql.formats import HTML, RDF_FORMATS, Format
from lod.serve.negotiation import negotiate, pick_language
from lod.sparql.query import PREFIXES
from lod.serve import pages
from lod.serve.resources import describe, exists
from lod.serve.responses import CORSMiddleware, HostMiddleware, error_response, not_modified
from lod.serve.sparql import UnsupportedMedia, plan_query, read_protocol_request, service_description
from lod.serve.state import ServerConfig, State, generation_of
from lod.serve.urls import UrlMap
from lod.serve.catalogue import normalise
from lod.serve.files import file_response, representation_etag
from lod.serve.views import AKN, akn_file, graph_file, graph_quads, in_ontology, ontology_triples, page, realizations, same_as, text_match

__all__ = ["ServerConfig", "create_app"]

PAGE_OFFERS: tuple[Format, ...] = (HTML, *(f for f in RDF_FORMATS if not f.quads))
DATA_OFFERS: tuple[Format, ...] = tuple(f for f in RDF_FORMATS if not f.quads)
STATIC = {"style.css": "text/css; charset=utf-8", "query.js": "text/javascript; charset=utf-8"}
TEXT_TYPES = ("text/turtle", "text/html", "text/plain", "text/csv")
MAX_QUERY = 200  # characters of a search read (16 words are used)
SHOWN_MATCHES = 20  # search results for which the page shows the paragraph holding the words


def _state(request: Request) -> State:
    return request.app.state.lod  # type: ignore[no-any-return]


def _rdf(triples: list, fmt: Format) -> bytes:  # type: ignore[type-arg]
    assert fmt.rdf is not None
    return serialize(triples, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None) or b""


def _alternates(urls: UrlMap, iri: str, chosen: Format | None = None, offers: tuple[Format, ...] = PAGE_OFFERS) -> str:
    if chosen is not None and chosen.name == "jsonld":
        # pyld's document loader fails on a Link header with several rel="alternate" entries
        # (it expects one); JSON-LD answers name only the HTML page.
        offers = (HTML,)
    return ", ".join(f'<{urls.local(iri, fmt=f.extension)}>; rel="alternate"; type="{f.media_type}"' for f in offers)


async def home(request: Request) -> Response:
    st = _state(request)
    urls = st.urls_for(request)
    negotiate(request.headers.get("accept"), (HTML,))
    etag = st.validators.etag("home", urls.root)
    if not_modified(request, etag, st.validators):
        return Response(status_code=304, headers=st.validators.headers(etag))
    html = pages.home_page(urls, st.catalogue, triples=st.info.triples, built=st.info.built)
    return HTMLResponse(html, headers={**st.validators.headers(etag), "Link": f'<{urls.route("void")}>; rel="describedby"'})


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def _png_1x1() -> bytes:
    """A 1×1 transparent PNG: browsers ask for /favicon.ico on pages that name no icon (the build's ontology page)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")) + chunk(b"IEND", b""))


FAVICON = _png_1x1()


async def favicon(request: Request) -> Response:
    return Response(FAVICON, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:  # a fixed list: no path from the request reaches the file system
        raise NotFound(f"no static file {name!r}")
    data = (pkg_resources.files("lod.serve") / "static" / name).read_bytes()
    return Response(data, media_type=STATIC[name], headers={"Cache-Control": "public, max-age=86400"})


async def download(request: Request) -> Response:
    st = _state(request)
    rel = request.url.path.lstrip("/")
    entry = st.files.get(rel)
    if entry is None:
        return await resource(request)
    media_type = entry.media_type
    if media_type.startswith(TEXT_TYPES) and "charset" not in media_type:
        media_type += "; charset=utf-8"
    if rel.endswith(".gz"):  # the manifest gives the content type; the bytes on the wire are gzip
        media_type = "application/gzip"
    # graphs/<slug>.nq is stored as graphs/<slug>.nq.gz: sent as it is under Content-Encoding: gzip, or decompressed
    etag, vary = representation_etag(request, entry, st.validators.etag("file", rel))
    headers = st.validators.headers(etag)
    if vary:
        headers["Vary"] = vary
    if not_modified(request, etag, st.validators):
        return Response(status_code=304, headers=headers)
    if rel == "ontology/index.html":  # the build's page: its inline style is allowed by hash
        headers["Content-Security-Policy"] = st.ontology_csp
    name = rel.rpartition("/")[2]
    return file_response(request, entry, media_type=media_type, headers=headers,
                         filename=name if media_type.startswith("application/") and not media_type.endswith("json") else None)


async def void(request: Request) -> Response:
    st = _state(request)
    fmt = negotiate(request.headers.get("accept"), (*DATA_OFFERS, HTML), override=request.query_params.get("format"))
    entry = st.files.get("void.ttl")
    if entry is None:
        raise NotFound("this dataset has no void.ttl")
    etag = st.validators.etag("void", fmt.name)
    headers = {**st.validators.headers(etag), "Vary": "Accept"}
    if not_modified(request, etag, st.validators):
        return Response(status_code=304, headers=headers)
    triples = [q.triple for q in parse(path=str(entry[0]), format=RdfFormat.TURTLE)]
    if fmt is HTML:
        turtle = _rdf(triples, DATA_OFFERS[0]).decode("utf-8")
        return HTMLResponse(pages.void_page(st.urls_for(request), turtle), headers=headers)
    return Response(_rdf(triples, fmt), media_type=fmt.content_type, headers=headers)


async def dataset(request: Request) -> Response:
    """``/id/dataset`` and its distributions (``/id/dataset/nquads``…): things, not documents, described by
    the dataset description: 303 to it (``/.well-known/void``, VoID and DCAT with content negotiation)."""
    st = _state(request)
    if "void.ttl" not in st.files:
        raise NotFound("this dataset has no void.ttl")
    name = request.path_params.get("name")
    if "/id/dataset" + (f"/{name}" if name else "") not in st.dataset_paths:
        raise NotFound("the dataset description names no such distribution")
    target = st.urls_for(request).route("void")
    fmt = request.query_params.get("format")
    return RedirectResponse(target + (f"?format={quote(fmt, safe='')}" if fmt else ""), status_code=303,
                            headers={"Vary": "Accept"})


async def resolve(request: Request) -> Response:
    """``/id?symbol=A/RES/74/176`` or ``/id?title=…`` → 303 to the work."""
    st = _state(request)
    urls = st.urls_for(request)
    symbol, title = request.query_params.get("symbol"), request.query_params.get("title")
    work = st.catalogue.resolve_symbol(symbol) if symbol else st.catalogue.resolve_title(title) if title else None
    if work is None:
        asked = f"symbol {symbol!r}" if symbol else f"title {title!r}" if title else "nothing (expected ?symbol= or ?title=)"
        raise NotFound(f"no document with {asked}; try {urls.route('search', q=symbol or title or '')}")
    return RedirectResponse(urls.local(work), status_code=303)


async def search(request: Request) -> Response:
    """Documents by symbol, title or the words of their text (``?q=``); HTML shows where the words are."""
    st = _state(request)
    urls = st.urls_for(request)
    q = request.query_params.get("q", "")[:MAX_QUERY]
    docs = st.catalogue.search(q)
    fmt = negotiate(request.headers.get("accept"), (HTML, Format("json", ("application/json",), "json", HTML.kind)),
                    override=request.query_params.get("format"))
    found = {}
    for d in docs[:SHOWN_MATCHES]:  # where the words are: read from the store for the first results only
        match = await run_in_threadpool(text_match, st, d, q) if normalise(q) not in normalise(d.symbol + " " + d.title) else None
        if match is not None:
            found[d.expression] = match
    if fmt is not HTML:
        return JSONResponse([{"symbol": d.symbol, "title": d.title, "language": d.language, "work": d.work, "expression": d.expression,
                              "date": d.date, **({"part": found[d.expression][0], "excerpt": found[d.expression][2]}
                                                 if d.expression in found else {})} for d in docs])
    index = st.catalogue.text_index
    note = "" if index.complete else (f"The words of the text are searched in the {index.covered:,} newest of "
                                      f"{len(st.catalogue.documents):,} documents (the word index is bounded); symbols and titles in all.")
    return HTMLResponse(pages.list_page(urls, "Search", docs, query=q or " ", matches=found, note=note))


async def browse(request: Request) -> Response:
    st = _state(request)
    urls = st.urls_for(request)
    body, year = request.query_params.get("body"), request.query_params.get("year")
    if not body and not year:
        return HTMLResponse(pages.home_page(urls, st.catalogue, triples=st.info.triples, built=st.info.built))
    docs = st.catalogue.browse(body=body, year=year)
    label = next((d.body_label for d in docs if d.body == body), body or "")
    title = " · ".join(x for x in (label, year) if x)
    return HTMLResponse(pages.list_page(urls, f"Documents: {title}", docs))


async def sparql(request: Request) -> Response:
    st = _state(request)
    urls = st.urls_for(request)
    limits = st.config.limits
    proto = await read_protocol_request(request, limits)
    accept = request.headers.get("accept")
    if proto.query is None:
        fmt = negotiate(accept, (*DATA_OFFERS, HTML), override=proto.override)
        if fmt is HTML:
            return HTMLResponse(pages.query_page(urls, st.examples, limits.as_dict()), headers={"Vary": "Accept"})
        body = service_description(urls.route("sparql"), urls.route("void"), fmt, limits)
        return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})
    query, fmt = plan_query(proto, accept, limits, union_default=st.union_default, base_iri=urls.route("sparql"))
    if fmt is HTML:
        page = pages.query_page(urls, [("Your query", proto.query), *st.examples], limits.as_dict())
        return HTMLResponse(page, headers={"Vary": "Accept"})
    etag = st.validators.etag("sparql", query.sparql, query.fmt, *query.default_graphs, "|", *query.named_graphs)
    headers = {"Vary": "Accept", "Lod-Row-Limit": str(limits.max_rows)}
    if request.method == "GET":
        headers.update(st.validators.headers(etag))
        if not_modified(request, etag, st.validators):
            return Response(status_code=304, headers=headers)
    answer = await st.answer(query)
    if answer.truncated:
        headers["Lod-Truncated"] = "true"
    return Response(answer.body, media_type=Format.from_name(answer.fmt).content_type, headers=headers)


async def resource(request: Request) -> Response:
    """Dereference an IRI under the base: content negotiation, work → expression by language."""
    st = _state(request)
    urls = st.urls_for(request)
    path = request.url.path
    iri = st.urls.iri(path)
    override = request.query_params.get("format")
    store = st.store
    if not exists(store, iri) and not in_ontology(st, iri):
        stem, dot, ext = iri.rpartition(".")
        if iri.endswith("." + AKN.extension) and exists(store, iri[: -len(AKN.extension) - 1]):
            iri, override = iri[: -len(AKN.extension) - 1], AKN.name
        elif dot and "/" not in ext and any(ext in (f.extension, f.name) for f in PAGE_OFFERS) and (exists(store, stem) or in_ontology(st, stem)):
            iri, override = stem, ext
        else:
            same = same_as(store, iri)
            if same is not None:  # e.g. {base}id/symbol/A-RES-74-176 owl:sameAs-ed to the work
                return RedirectResponse(urls.local(same), status_code=303)
            moved = st.catalogue.moved(iri)
            if moved is not None:  # a work IRI minted with a less precise date: its current name
                return RedirectResponse(urls.local(moved), status_code=301)
            head, hash_, fragment = iri.partition("%23")
            if hash_ and exists(store, head):  # a hash IRI sent with its '#' escaped: the document that holds it
                return RedirectResponse(urls.local(head) + "#" + fragment, status_code=303)
            raise NotFound(f"nothing is named {iri} in this dataset")
    akn = akn_file(st, iri) if iri in st.catalogue.by_expression else None
    offers = (*PAGE_OFFERS, AKN) if akn else PAGE_OFFERS
    fmt = negotiate(request.headers.get("accept"), offers, override=override)
    vary = "Accept"
    headers = {"Link": _alternates(urls, iri, fmt, offers), "Content-Location": urls.local(iri, fmt=fmt.extension)}
    works = st.catalogue.by_work.get(iri)
    if works and fmt is HTML:
        langs = sorted({d.language for d in works}, key=lambda lang: (lang != "en", lang != "fr", lang))
        chosen = pick_language(request.headers.get("accept-language"), langs)
        target = next(d for d in works if d.language == chosen)
        return RedirectResponse(urls.local(target.expression), status_code=303,
                                headers={"Vary": "Accept, Accept-Language", "Link": headers["Link"]})
    if fmt is HTML and "/!" in iri and iri not in st.catalogue.by_expression:
        # a language-neutral part of a work ({work}/!main~para_1): like the work, 303 to its text
        # in the language the reader prefers
        by_lang = realizations(store, iri)
        if by_lang:
            langs = sorted(by_lang, key=lambda lang: (lang != "en", lang != "fr", lang))
            chosen = pick_language(request.headers.get("accept-language"), langs)
            return RedirectResponse(urls.local(by_lang[chosen or langs[0]]), status_code=303,
                                    headers={"Vary": "Accept, Accept-Language", "Link": headers["Link"]})
    expression = iri in st.catalogue.by_expression
    # the Turtle of a resolution: the build's file of its graph, sent as it is (gzip-compressed when the client
    # takes it), instead of reading ≈1,300 quads from the store and serialising them per request (the JSON-LD
    # file names its graph, {"@id": G, "@graph": …}: a client asking for the resource's triples reads none)
    built = graph_file(st, iri, "ttl") if expression and fmt.name == "turtle" else None
    etag = st.validators.etag("resource", iri, fmt.name, urls.root)
    if fmt is AKN and akn is not None:  # the build's file, stored compressed: its own ETag under gzip
        etag, encoding = representation_etag(request, st.files[akn], etag)
        vary += f", {encoding}" if encoding else ""
    elif built is not None:
        etag, encoding = representation_etag(request, built, etag)
        vary += f", {encoding}" if encoding else ""
    headers.update(st.validators.headers(etag))
    headers["Vary"] = vary
    if not_modified(request, etag, st.validators):
        return Response(status_code=304, headers=headers)
    if fmt is AKN and akn is not None:  # the build's Akoma Ntoso file of this expression
        return file_response(request, st.files[akn], media_type=AKN.media_type, headers=headers)
    if built is not None:
        return file_response(request, built, media_type=fmt.content_type, headers=headers)
    if fmt is not HTML:
        quads = await run_in_threadpool(graph_quads, st, iri) if expression else None
        if quads is not None:  # the graph's N-Quads file: the same triples as the store's graph, read faster
            triples = [q.triple for q in quads]
        elif exists(store, iri):
            triples = await run_in_threadpool(describe, store, iri, whole_graph=expression)
        else:
            triples = ontology_triples(st, iri)
        return Response(_rdf(triples, fmt), media_type=fmt.content_type, headers=headers)
    return HTMLResponse(await run_in_threadpool(page, st, urls, iri), headers=headers)


async def ontology(request: Request) -> Response:
    """The ontology document (``DIR/ontology/``): its HTML page for people, negotiated RDF otherwise."""
    st = _state(request)
    has_html = "ontology/index.html" in st.files
    fmt = negotiate(request.headers.get("accept"), ((HTML,) if has_html else ()) + DATA_OFFERS, override=request.query_params.get("format"))
    etag = st.validators.etag("ontology", fmt.name)
    headers = {**st.validators.headers(etag), "Vary": "Accept",
               "Link": ", ".join(f'<{st.urls_for(request).route("ontology")}?format={f.extension}>; rel="alternate"; type="{f.media_type}"' for f in DATA_OFFERS)}
    if not_modified(request, etag, st.validators):
        return Response(status_code=304, headers=headers)
    if fmt is HTML:
        if not request.url.path.endswith("/"):  # the build's page links its files relatively (lod.ttl)
            return RedirectResponse(st.urls_for(request).route("ontology/"), status_code=303, headers={"Vary": "Accept"})
        return FileResponse(st.files["ontology/index.html"][0], media_type="text/html; charset=utf-8",
                            headers={**headers, "Content-Security-Policy": st.ontology_csp})
    if not len(st.ontology):
        raise NotFound("this dataset has no ontology/")
    return Response(_rdf([q.triple for q in st.ontology], fmt), media_type=fmt.content_type, headers=headers)


def _error_handlers() -> dict[type[Exception] | int, object]:
    def page(request: Request, status: int, title: str, detail: str) -> str:
        st = _state(request)
        return pages.message_page(st.urls_for(request), status, title, detail)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, str(exc) if isinstance(exc, NotFound) else f"no route {request.url.path}",
                              page=page(request, 404, "Not found", str(exc)))

    async def not_acceptable(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotAcceptable)
        return error_response(request, 406, str(exc), extra={"offered": list(exc.offered)}, headers={"Vary": "Accept"})

    async def query_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, UnsupportedMedia):
            return error_response(request, 415, str(exc))
        if isinstance(exc, QuerySyntaxError):
            return error_response(request, 400, str(exc))
        if isinstance(exc, QueryTimeout):
            return error_response(request, 503, str(exc), headers={"Retry-After": "5"}, extra={"timeout": True})
        if isinstance(exc, QueryRefused):
            return error_response(request, exc.status, str(exc), headers={"Retry-After": "2"} if exc.status == 503 else None)
        return error_response(request, 500, str(exc))

    async def lod_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, f"{type(exc).__name__}: {exc}")

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        return error_response(request, status, str(getattr(exc, "detail", exc)), headers=getattr(exc, "headers", None))

    async def disconnected(request: Request, exc: Exception) -> Response:
        # the client left, or sent its body too slowly (lod.serve.connections answered 408): nobody reads this
        return Response(status_code=400)

    async def crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, f"internal error: {type(exc).__name__}")

    from starlette.exceptions import HTTPException
    from starlette.requests import ClientDisconnect

    return {NotFound: not_found, NotAcceptable: not_acceptable, QueryError: query_error, PublishError: lod_error,
            LodError: lod_error, HTTPException: http_error, ClientDisconnect: disconnected, 404: not_found, Exception: crash}


#: How often the server looks whether ``lod build`` moved DIR to a new generation (seconds).
GENERATION_POLL = 1.0


async def _follow_generations(app: Starlette, config: ServerConfig) -> None:
    """Serve one complete build at a time: when DIR's link moves to a new generation, open it whole (manifest,
    store, workers, catalogue, files, ETags) off the event loop, then swap it in with one assignment; a request
    keeps the State it started with. The old State's workers close once no request can still be using them
    (the query time limit, plus a margin). A generation that cannot be opened is logged and the old one kept."""
    import logging

    log = logging.getLogger("lod.serve")
    while True:
        await asyncio.sleep(GENERATION_POLL)
        current: State = app.state.lod
        if generation_of(config.root) == current.generation or not (generation_of(config.root) / "manifest.json").is_file():
            continue
        try:
            fresh = await run_in_threadpool(State, config)
        except Exception as exc:  # noqa: BLE001 - keep serving the generation we have
            log.warning("lod serve: the new build at %s could not be opened (%s: %s); still serving %s",
                        config.root, type(exc).__name__, exc, current.generation)
            await asyncio.sleep(10 * GENERATION_POLL)
            continue
        app.state.lod = fresh
        log.warning("lod serve: now serving %s (built %s)", fresh.generation.name, fresh.info.built)
        asyncio.get_running_loop().call_later(config.limits.timeout + 5, current.backend.close)


def create_app(config: ServerConfig) -> Starlette:
    """Build the web application for the dataset at ``config.root``.

    Raises:
        PublishError: ``config.root`` is not a built dataset, or its store cannot be opened.
    """
    state = State(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = asyncio.create_task(_follow_generations(app, config))
        try:
            yield
        finally:
            watcher.cancel()
            app.state.lod.backend.close()

    routes = [  # matched in order: the endpoint first, it takes most requests
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/sparql/", sparql, methods=["GET", "POST"]),
        Route("/", home),
        Route("/healthz", healthz),
        Route("/favicon.ico", favicon),
        Route("/static/{name}", static),
        Route("/id", resolve),
        Route("/id/dataset", dataset),
        Route("/id/dataset/{name}", dataset),
        Route("/search", search),
        Route("/browse", browse),
        Route("/.well-known/void", void),
        Route("/ontology", ontology),
        Route("/ontology/", ontology),
        Route("/{path:path}", download),
    ]
    middleware = [Middleware(CORSMiddleware, csp=state.csp), Middleware(HostMiddleware, policy=config.hosts)]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=_error_handlers(), lifespan=lifespan)  # type: ignore[arg-type]
    app.state.lod = state
    mimetypes.add_type("application/n-quads", ".nq")
    return app
