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
