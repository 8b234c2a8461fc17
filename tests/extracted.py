"""The official PDFs of the corpus as other text extractors give them (tests/data/extracted/).

Users bring text from whatever tool they have: pdftotext with or without ``-layout``, pypdf in
plain or layout mode, pdfminer. Each reading of one PDF must come out as the same document: the
same symbol, title, date, paragraphs and numbers as the reading of the pdftotext text
(tests/data/corpus_expected.json, written by reading the documents), or be refused with a reason.
Never a different document published with confidence.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import CORPUS, DATA
from lod.read import ParsedFile, parse_file_documents

EXTRACTED = DATA / "extracted"
KINDS = ("pdftotext-layout", "pypdf", "pypdf-layout", "pdfminer")
EXPECTED: dict[str, dict] = json.loads((DATA / "corpus_expected.json").read_text(encoding="utf-8"))


def reference_name(stem: str) -> str:
    """The corpus text of this PDF read by plain pdftotext (the key of corpus_expected.json)."""
    for suffix in (".pdftotext.txt", ".ocr-pdftotext.txt"):
        if (CORPUS / f"{stem}{suffix}").exists():
            return f"{stem}{suffix}"
    raise FileNotFoundError(f"no pdftotext text of {stem} in {CORPUS}")


def cases(folder: Path = EXTRACTED) -> list[tuple[str, str]]:
    """(PDF stem, extractor) for every extracted text of a complete document in ``folder``."""
    out = []
    for path in sorted(folder.glob("*.txt.gz")):
        stem, kind = path.name[: -len(".txt.gz")].rsplit(".", 1)
        if EXPECTED.get(reference_name(stem), {}).get("complete"):
            out.append((stem, kind))
    return out


def with_known_gaps(known: dict[tuple[str, str], str], folder: Path = EXTRACTED) -> list[object]:
    """``cases()`` as pytest parameters, each of ``known`` a strict xfail with its reason."""
    import pytest

    return [pytest.param(s, k, marks=pytest.mark.xfail(reason=known[(s, k)], strict=True)) if (s, k) in known else (s, k)
            for s, k in cases(folder)]


def parse_extracted(stem: str, kind: str, tmp: Path, folder: Path = EXTRACTED) -> ParsedFile:
    """Parse one extracted text as a user would: a .txt file on disk."""
    path = tmp / f"{stem}.{kind}.txt"
    path.write_bytes(gzip.decompress((folder / f"{stem}.{kind}.txt.gz").read_bytes()))
    return parse_file_documents(path)


def parse_reference(stem: str) -> ParsedFile:
    return parse_file_documents(CORPUS / reference_name(stem))
