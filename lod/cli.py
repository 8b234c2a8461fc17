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
    from lod.links import enrich
    from lod.parse import parse_file

    failed = 0
    outputs = []
    for path in files:
        try:
            resolution = enrich(parse_file(path, language=lang))  # citations, actions, addressees
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


@main.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Dataset directory to write (replaced atomically).")
@click.option("--base", default=None, help="HTTP base of the data IRIs (default http://localhost:8000/).")
@click.option("--strict", is_flag=True, help="Fail the build if any document fails to parse or validate.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("--no-cache", is_flag=True, help="Re-process every source, ignoring the content-hash cache.")
@click.option("--no-store", is_flag=True, help="Do not load the embedded pyoxigraph store (DIR/store).")
@click.option("--license", "license_", default=None, help="Licence IRI of the published data (default CC BY 4.0).")
@click.option("--shacl-engine", type=click.Choice(["compiled", "pyshacl"]), default="compiled", show_default=True,
              help="SHACL engine: lod's compiled core engine, or pyshacl (reference, slower).")
def build_command(sources: tuple[Path, ...], out: Path, base: str | None, strict: bool, jobs: int | None,
                  no_cache: bool, no_store: bool, license_: str | None, shacl_engine: str) -> None:
    """Parse, map to RDF, validate and publish SOURCES (files or folders) into --out DIR.

    Documents that fail to parse or validate are reported and left out
    (--strict fails the build instead); the previous DIR stays untouched
    until the new build is complete.
    """
    import os

    from lod.build import BuildOptions, build, collect_sources
    from lod.identifiers import DEFAULT_BASE
    from lod.dataset import DEFAULT_LICENSE

    options = BuildOptions(base=base or DEFAULT_BASE, strict=strict, jobs=jobs or os.cpu_count() or 1,
                           cache=not no_cache, store=not no_store, license=license_ or DEFAULT_LICENSE,
                           shacl_engine=shacl_engine)
    try:
        paths = collect_sources(list(sources))
        with click.progressbar(length=len(paths), label="building", file=sys.stderr) as bar:
            summary = build(list(sources), out, options, progress=lambda _r: bar.update(1))
    except LodError as exc:
        click.echo(f"{type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for source, reason in summary.failures:
        click.echo(f"left out: {reason}", err=True)
    click.echo(summary.text())


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
