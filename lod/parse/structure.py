"""Work in progress: the structuring stage (blocks → Resolution)."""

from __future__ import annotations

from lod.model import Resolution
from lod.parse.source import Source


def parse_resolution(text: str, *, source: str | None = None, language: str | None = None) -> Resolution:
    raise NotImplementedError("parser being written (issue 2)")


def parse_source(src: Source, *, language: str | None = None) -> Resolution:
    raise NotImplementedError("parser being written (issue 2)")
