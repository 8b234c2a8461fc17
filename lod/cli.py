"""The ``lod`` command line: a thin shell over the library.

Each command calls one core function. Only this module catches ``LodError``:
it prints ``ErrorType: message`` on stderr and exits 1; bad arguments exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lod.errors import LodError

__all__ = ["main"]


@click.group()
@click.version_option(package_name="lod")
def main() -> None:
    """Publish United Nations resolutions as linked open data."""


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed model as JSON (schemas/parse.schema.json).")
@click.option("--lang", type=click.Choice(["fr", "en", "es", "ru", "ar", "zh"]), default=None, help="Override language detection.")
def parse_command(files: tuple[Path, ...], as_json: bool, lang: str | None) -> None:
    """Parse resolution texts (or PDFs) into the document model.

    Each file that fails is reported on stderr with file, line and reason; the
    others go on. Exits 1 if any file failed.
    """
    from lod.jsonout import resolution_to_json
    from lod.parse import parse_file

    failed = 0
    outputs = []
    for path in files:
        try:
            resolution = parse_file(path, language=lang)
        except LodError as exc:
            failed += 1
            click.echo(f"{type(exc).__name__}: {exc}", err=True)
            continue
        if as_json:
            outputs.append(resolution_to_json(resolution))
        else:
            click.echo(_summary(path, resolution))
        for w in resolution.warnings:
            where = f"{path}:{w.line}" if w.line else str(path)
            click.echo(f"warning: {where}: {w.code}: {w.message}", err=True)
    if as_json:
        doc = outputs[0] if len(files) == 1 and outputs else outputs
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)


def _summary(path: Path, r: object) -> str:
    from lod.model import Resolution

    assert isinstance(r, Resolution)
    points = sum(_count_points(p.points) for p in r.operative)
    return (
        f"{path}: {r.symbol or '?'} [{r.language}] {r.doc_type}: "
        f"{len(r.preamble)} preambular, {len(r.operative)} operative, {points} points, "
        f"{len(r.footnotes)} footnotes, {len(r.annexes)} annexes, {len(r.warnings)} warnings"
    )


def _count_points(points: tuple) -> int:  # type: ignore[type-arg]
    return sum(1 + _count_points(p.points) for p in points)


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
