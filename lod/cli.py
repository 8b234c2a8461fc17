"""The ``lod`` command line: a thin shell over the library.

Each command calls one core function. Only this module catches ``LodError``:
it prints ``ErrorType: message`` on stderr and exits 1; bad arguments exit 2.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from lod import native
from lod.errors import LodError

__all__ = ["main"]

_NATIVE = native.state()
_BUILT = "hot modules compiled with mypyc" if _NATIVE.mode == "compiled" else f"pure Python: {_NATIVE.reason}".replace("%", "%%")


@click.group()
@click.version_option(package_name="lod", message=f"%(prog)s %(version)s ({_BUILT})")
def main() -> None:
    """Publish United Nations resolutions as linked open data."""


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed model as JSON (schemas/parse.schema.json).")
@click.option("--lang", type=click.Choice(["fr", "en", "es", "ru", "ar", "zh"]), default=None, help="Override language detection.")
@click.option("--base", default=None,
              help="HTTP base: gives cited works and addressed actors their IRIs in --json (e.g. http://localhost:8000/).")
def parse_command(files: tuple[Path, ...], as_json: bool, lang: str | None, base: str | None) -> None:
    """Parse resolution texts (or PDFs) into the document model.

    A file may hold several documents (a page of a printed volume): each is
    printed, and each part the parser refused is reported on stderr
    (`refused: file:line: ...`). Each file that fails is reported on stderr
    with file, line and reason; the others go on. Exits 1 if any file failed.
    --json prints one object for one file holding one document, else a list
    of every document.
    """
    from lod.read.jsonout import resolution_to_json
    from lod.enrich.links import enrich
    from lod.read import parse_file_documents
    from lod.publish.process import refused_message

    failed = 0
    outputs = []
    for path in files:
        try:
            parsed = parse_file_documents(path, language=lang)
            documents = [enrich(r, base=base) for r in parsed.documents]  # citations, actions, addressees
        except LodError as exc:
            failed += 1
            click.echo(f"{type(exc).__name__}: {exc}", err=True)
            continue
        for resolution in documents:
            if as_json:
                outputs.append(resolution_to_json(resolution))
            else:
                click.echo(_summary(path, resolution))
            for w in resolution.warnings:
                where = f"{path}:{w.line}" if w.line else str(path)
                click.echo(f"warning: {where}: {w.code}: {w.message}", err=True)
        for part in parsed.refused:
            click.echo(f"refused: {refused_message(str(path), part)}", err=True)
    if as_json:
        doc = outputs[0] if len(files) == 1 and len(outputs) == 1 else outputs
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)


@main.command("check")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print every row and the summary as JSON.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
def check_command(sources: tuple[Path, ...], as_json: bool, jobs: int | None) -> None:
    """Parse every text under SOURCES (no RDF, no SHACL) and print a health table.

    One row per document (ok, or review when it has warnings), per part the
    parser refused (refused) and per file that cannot be read or parsed
    (failed), then a summary by status and by warning code. Exits 1 if any
    file failed, else 0 (warnings and refused parts do not fail it).
    """
    import os

    from lod.read.check import check_sources

    try:
        report = check_sources(list(sources), jobs=jobs or os.cpu_count() or 1)
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        if report.rows:
            click.echo(report.table())
            click.echo()
        click.echo(report.summary())
    if report.failed:
        sys.exit(1)


def _strict_warnings(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> frozenset[str]:
    """``--strict-warnings numbering-gap,footnote-marker`` (or ``all``) as a set of codes."""
    codes = {c.strip() for v in values for c in v.split(",") if c.strip()}
    bad = sorted(c for c in codes if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", c))
    if bad:
        raise click.BadParameter(f"expected warning codes such as numbering-gap, or all, found {', '.join(bad)}")
    return frozenset(codes)


@main.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Dataset directory to write (replaced atomically).")
@click.option("--base", default=None, help="HTTP base of the data IRIs (default http://localhost:8000/).")
@click.option("--strict", is_flag=True, help="Fail the build if any document is left out (parse, SHACL, warnings).")
@click.option("--strict-warnings", "strict_warnings", metavar="CODES", multiple=True, callback=_strict_warnings,
              help="Leave out documents carrying any of these warning codes (comma-separated, e.g. "
                   "numbering-gap,empty-operative; 'all': any warning).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("--no-cache", is_flag=True, help="Re-process every source, ignoring the content-hash cache.")
@click.option("--no-store", is_flag=True, help="Do not load the embedded pyoxigraph store (DIR/store).")
@click.option("--license", "license_", default=None, help="Licence IRI of the published data (default CC BY 4.0).")
@click.option("--publisher", default=None, metavar="NAME", help="Who publishes the dataset (its DCAT dcterms:publisher).")
@click.option("--contact", default=None, metavar="EMAIL", help="The dataset's contact point (DCAT), an e-mail address.")
@click.option("--shacl-engine", type=click.Choice(["compiled", "pyshacl"]), default="compiled", show_default=True,
              help="SHACL engine: lod's compiled core engine, or pyshacl (reference, slower).")
def build_command(sources: tuple[Path, ...], out: Path, base: str | None, strict: bool, strict_warnings: frozenset[str],
                  jobs: int | None, no_cache: bool, no_store: bool, license_: str | None, publisher: str | None,
                  contact: str | None, shacl_engine: str) -> None:
    """Parse, map to RDF, validate and publish SOURCES (files or folders) into --out DIR.

    Documents that fail to parse or validate are reported and left out
    (--strict fails the build instead); the previous DIR stays untouched
    until the new build is complete. Warnings are summarised by code on
    stderr and listed in DIR/build-report.txt and manifest.json.
    """
    import os

    from lod.publish.build import BuildOptions, build
    from lod.read.source import collect_sources
    from lod.identifiers import DEFAULT_BASE, check_iri, normalize_base
    from lod.publish.dataset import DEFAULT_LICENSE, DEFAULT_PUBLISHER

    try:
        # checked before anything is read or written: every IRI of the build starts with the base
        options = BuildOptions(base=normalize_base(base or DEFAULT_BASE), strict=strict, jobs=jobs or os.cpu_count() or 1,
                               cache=not no_cache, store=not no_store,
                               license=check_iri(license_ or DEFAULT_LICENSE, "--license"),
                               shacl_engine=shacl_engine, strict_warnings=strict_warnings,
                               publisher=" ".join((publisher or DEFAULT_PUBLISHER).split()),
                               contact=check_iri(f"mailto:{contact}", "--contact")[7:] if contact else None)
        paths = collect_sources(list(sources))
        with _Progress(len(paths), "sources") as progress:
            summary = build(list(sources), out, options, progress=lambda _r: progress.step())
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for source, reason in summary.failures:
        click.echo(f"left out: {reason}", err=True)
    if summary.warning_list:
        click.echo(f"{summary.warnings_text()} (each one: {out / 'build-report.txt'})", err=True)
    if not summary.union_checked:
        click.echo(f"note: {summary.triples:,} quads: the union of the graphs was not validated and void:triples counts "
                   "quads (the union check reads the whole dump; lod.publish.dump.UNION_CHECK_MAX_QUADS)", err=True)
    click.echo(summary.text())


class _Progress:
    """``  120/5,000 sources · 412/s · ETA 0:12`` on a terminal's stderr, redrawn at most 5 times a second;
    nothing at all when stderr is not a terminal (a pipe, a file, CI) or ``CI`` is set."""

    def __init__(self, total: int, unit: str, *, stream: Any = None) -> None:
        import os
        import time

        self.stream = stream or sys.stderr
        self.shown = bool(getattr(self.stream, "isatty", lambda: False)()) and not os.environ.get("CI")
        self.total, self.unit, self.done = total, unit, 0
        self.clock = time.monotonic
        self.start = self.last = self.clock()

    def __enter__(self) -> _Progress:
        return self

    def step(self) -> None:
        self.done += 1
        now = self.clock()
        if self.shown and (now - self.last >= 0.2 or self.done == self.total):
            self.last = now
            self.stream.write("\r" + self.line(now - self.start))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The progress line after ``elapsed`` seconds.

        >>> p = _Progress(5000, "sources"); p.done = 120
        >>> p.line(0.5)
        '  120/5,000 sources · 240/s · ETA 0:20'
        """
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        eta = f"{int(left) // 60}:{int(left) % 60:02d}" if rate > 0 else "?"
        width = len(f"{self.total:,}")
        return f"{self.done:>{width},}/{self.total:,} {self.unit} · {rate:,.0f}/s · ETA {eta}"

    def __exit__(self, *exc: object) -> None:
        if self.shown and self.done:
            self.stream.write("\r\x1b[K")  # the summary lines that follow replace the progress line
            self.stream.flush()


def _summary(path: Path, r: object) -> str:
    from lod.read.check import count_points
    from lod.model import Resolution

    assert isinstance(r, Resolution)
    points = sum(count_points(p.points) for p in r.operative)
    return (
        f"{path}: {r.symbol or '?'} [{r.language}] {r.doc_type}: "
        f"{len(r.preamble)} preambular, {len(r.operative)} operative, {points} points, "
        f"{len(r.footnotes)} footnotes, {len(r.annexes)} annexes, {len(r.warnings)} warnings"
    )


@main.command("serve")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--base", "public_root", default=None, metavar="URL",
              help="Public URL this server is reached at (default: taken from each request). Dataset IRIs are mapped onto it.")
@click.option("--timeout", default=10.0, show_default=True, type=float, help="SPARQL time limit per query, seconds.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="SPARQL rows (or triples) per answer; more is truncated and flagged.")
@click.option("--max-query-bytes", default=100_000, show_default=True, type=int, help="Largest SPARQL query accepted.")
@click.option("--workers", default=2, show_default=True, type=int, help="SPARQL worker processes (each a killable read-only store).")
@click.option("--page-citers", default=200, show_default=True, type=click.IntRange(0, None),
              help="Citing passages listed on a document page; past them the page links the query that lists all.")
@click.option("--store", metavar="URL", default=None, help="Answer /sparql from this external SPARQL endpoint (e.g. Virtuoso filled by `lod push`); see docs/push.md.")
@click.option("--store-auth", metavar="USER:PASS", default=None, help="Credentials for --store.")
@click.option("--store-auth-type", type=click.Choice(["basic", "digest"]), default="basic", show_default=True)
@click.option("--access-log", is_flag=True, help="Log every request on stdout (client, request line, status).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another Host name this server answers to (repeatable; '*' for any). Always allowed: loopback names, --host, the host of --base.")
@click.option("--max-connections", default=1_000, show_default=True, type=click.IntRange(1, None),
              help="Open connections at most; a new one closes the one idle the longest, or gets 503 when all are busy.")
@click.option("--read-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, None),
              help="Seconds a client has to send a request's head, and again its body; 408 after.")
def serve_command(directory: Path, host: str, port: int, public_root: str | None, timeout: float, max_rows: int,
                  max_query_bytes: int, workers: int, page_citers: int, store: str | None, store_auth: str | None, store_auth_type: str,
                  access_log: bool, allowed_hosts: tuple[str, ...], max_connections: int, read_timeout: float) -> None:
    """Serve a built dataset: IRIs with content negotiation, HTML pages, /sparql (read-only).

    See docs/serve.md.
    """
    from lod.serve import serve

    try:
        credentials = tuple(store_auth.split(":", 1)) if store_auth and ":" in store_auth else None
        serve(directory, host=host, port=port, public_root=public_root, timeout=timeout, max_rows=max_rows,
              max_query_bytes=max_query_bytes, workers=workers, page_citers=page_citers, store=store,
              store_auth=credentials, store_auth_type=store_auth_type,  # type: ignore[arg-type]
              access_log=access_log, announce=lambda line: click.echo(line, err=True), allowed_hosts=allowed_hosts,
              max_connections=max_connections, read_timeout=read_timeout)
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)


@main.command("push")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--endpoint", metavar="URL", help="Graph Store Protocol endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--update-endpoint", metavar="URL", help="SPARQL Update endpoint, used when --endpoint is absent or does not do GSP.")
@click.option("--auth", metavar="USER:PASS", help="Credentials for the store.")
@click.option("--auth-type", type=click.Choice(["auto", "digest", "basic"]), default="auto", show_default=True, help="HTTP authentication scheme; auto follows the store's challenge.")
@click.option("--journal", type=click.Path(path_type=Path, dir_okay=False), help="Push journal (default: ~/.local/state/lod/push-<endpoint hash>.jsonl).")
@click.option("--dry-run", is_flag=True, help="Print what would change; touch nothing.")
@click.option("--prune", is_flag=True, help="Delete graphs pushed earlier whose source left the dataset.")
@click.option("--force", is_flag=True, help="Ignore the journal: push every graph again.")
@click.option("--bulk", "bulk_isql", metavar="HOST:PORT", help="Virtuoso only: load through the bulk loader over isql at HOST:PORT (same machine; files must be under DirsAllowed).")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per HTTP request.")
@click.option("--retries", type=int, default=3, show_default=True, help="Retries on connection errors and 5xx (exponential backoff).")
@click.option("--verify", "verify_url", metavar="QUERY_URL", help="Push nothing: compare per-graph triple counts in the store (SPARQL query endpoint) with the dataset.")
@click.option("--jobs", "-j", type=click.IntRange(1, 32), default=None, help="Graphs sent at once (default 1: Virtuoso's GSP is fastest with 1); with --bulk, loaders run at once (default: the number of cores). See bench/results-push.md.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line.")
def push_command(directory: Path, endpoint: str | None, update_endpoint: str | None, auth: str | None, auth_type: str,
                 journal: Path | None, dry_run: bool, prune: bool, force: bool, bulk_isql: str | None,
                 timeout: float, retries: int, verify_url: str | None, jobs: int | None, quiet: bool) -> None:
    """Load a built dataset into a triple store, replacing each named graph whole.

    Only graphs new or changed since the last push (per the journal) are sent;
    an interrupted push resumes on re-run. Exits 1 if anything failed.
    """
    from lod.push.pusher import run_push_cli

    if verify_url:
        from lod.push.pusher import read_dataset_graphs
        from lod.push.verify import verify_store
        from lod.sparql.remote_store import RemoteSparqlStore

        try:
            report = verify_store(read_dataset_graphs(directory), RemoteSparqlStore(verify_url, timeout=timeout))
        except LodError as exc:
            click.echo(f"{type(exc).__name__}: {exc}", err=True)
            sys.exit(1)
        for line in report.lines():
            click.echo(line)
        click.echo(report.summary())
        sys.exit(0 if report.ok else 1)
    if not endpoint and not update_endpoint:
        raise click.UsageError("give --endpoint URL (Graph Store Protocol) or --update-endpoint URL (SPARQL Update)")
    credentials = None
    if auth is not None:
        if ":" not in auth:
            raise click.BadParameter("expected USER:PASS", param_hint="--auth")
        user, _, password = auth.partition(":")
        credentials = (user, password)
    try:
        ok = run_push_cli(
            directory, endpoint=endpoint, update_endpoint=update_endpoint, auth=credentials, auth_type=auth_type,
            journal=journal, dry_run=dry_run, prune=prune, force=force, bulk_isql=bulk_isql, timeout=timeout,
            retries=retries, jobs=jobs, echo=lambda line: None if quiet else click.echo(line),
            summary=click.echo, error=lambda line: click.echo(line, err=True),
        )
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    if not ok:
        sys.exit(1)


@main.command("fetch")
@click.argument("symbols", nargs=-1, required=True)
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the documents and their .meta.json sidecars.")
@click.option("--lang", "langs", default="en", show_default=True, help="Comma-separated languages: ar,zh,en,fr,ru,es.")
@click.option("--refresh", is_flag=True, help="Ask the server again (conditionally) even for files already fetched.")
@click.option("--no-metadata", is_flag=True, help="Fetch the documents only, not their catalogue records.")
@click.option("--ods-url", default=None, help="Base URL of the document system (default https://documents.un.org, or $LOD_ODS_URL).")
@click.option("--library-url", default=None, help="Base URL of the catalogue (default https://digitallibrary.un.org, or $LOD_LIBRARY_URL).")
@click.option("--min-interval", type=float, default=None, help="Seconds between two requests (default 1, or $LOD_FETCH_MIN_INTERVAL).")
def fetch_command(symbols: tuple[str, ...], to: Path, langs: str, refresh: bool, no_metadata: bool,
                  ods_url: str | None, library_url: str | None, min_interval: float | None) -> None:
    """Download UN documents by symbol, with their catalogue metadata beside them.

    Each symbol that fails is reported with its reason; the others are kept.
    A re-run fetches only what is missing or damaged. Exits 1 if any failed.
    """
    import os

    from lod.fetch import LANGUAGES, PoliteClient, Services, fetch_documents

    languages = [x.strip().lower() for x in langs.split(",") if x.strip()]
    unknown = [x for x in languages if x not in LANGUAGES]
    if unknown or not languages:
        raise click.BadParameter(f"expected languages among {','.join(LANGUAGES)}, found {langs!r}", param_hint="--lang")
    interval = min_interval if min_interval is not None else float(os.environ.get("LOD_FETCH_MIN_INTERVAL", "1"))

    def show(outcome) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"{outcome.symbol}: {outcome.status} {' '.join(outcome.files)}".rstrip())
        for err in outcome.errors:
            click.echo(f"  error: {err}", err=True)

    try:
        with PoliteClient(min_interval=interval, cache_dir=to / ".cache") as client:
            report = fetch_documents(symbols, languages=languages, to=to, services=Services.from_env(ods=ods_url, library=library_url),
                                     client=client, metadata=not no_metadata, refresh=refresh, progress=show)
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)
