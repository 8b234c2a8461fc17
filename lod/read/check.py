"""``lod check``: parse texts (no RDF, no SHACL) and say how healthy each document is.

Flow::

    check_file(path) -> (CheckRow, ...)            one row per document, refused part or failed file
    check_sources(paths, jobs=N) -> CheckReport    every file under ``paths``, in a process pool
    CheckReport.table() / .summary() / .to_json()  what ``lod check`` prints

A document's status is ``ok`` (no warning), ``review`` (it has warnings: read them before
publishing), ``refused`` (a part of a file the parser would not make a document of: the end or
start of a resolution on a page of a printed volume) or ``failed`` (the file cannot be read or is
not a resolution: ``SourceError``, ``ParseError``). Warning codes are whatever the parser puts in
``Resolution.warnings``; nothing here knows their names.

Example:
    >>> rows = check_file("no-such-file.txt")
    >>> [(r.status, r.reason) for r in rows]
    [('failed', 'SourceError: no-such-file.txt: file not found')]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lod.errors import LodError
from lod.model import ParseWarning, Point, Resolution

__all__ = ["STATUSES", "CheckReport", "CheckRow", "check_file", "check_sources", "count_points", "warning_counts_text"]

#: Row statuses, in the order summaries list them.
STATUSES = ("ok", "review", "refused", "failed")


@dataclass(frozen=True)
class CheckRow:
    """One line of the health table: a document of a file, a part the parser refused, or a file that failed.

    ``file`` is how the table names the file (relative to the folder given, or the path as given),
    ``path`` the path itself; ``line`` and ``reason`` say where and why for ``refused`` and ``failed``.
    """

    file: str
    path: str
    status: str
    symbol: str | None = None
    language: str | None = None
    doc_type: str | None = None
    preambular: int = 0
    operative: int = 0
    points: int = 0
    footnotes: int = 0
    annexes: int = 0
    warnings: tuple[ParseWarning, ...] = ()
    line: int | None = None
    reason: str = ""

    def warning_counts(self) -> dict[str, int]:
        """Warnings by code, in order of first appearance."""
        return dict(Counter(w.code for w in self.warnings))

    def to_json(self) -> dict[str, Any]:
        """The row for ``lod check --json``."""
        return {"file": self.file, "path": self.path, "status": self.status, "symbol": self.symbol,
                "language": self.language, "doc_type": self.doc_type, "preambular": self.preambular,
                "operative": self.operative, "points": self.points, "footnotes": self.footnotes,
                "annexes": self.annexes, "warning_counts": self.warning_counts(),
                "warnings": [{"line": w.line, "code": w.code, "message": w.message} for w in self.warnings],
                "line": self.line, "reason": self.reason}


def count_points(points: Sequence[Point]) -> int:
    """Points and their sub-points, all levels."""
    return sum(1 + count_points(p.points) for p in points)


def document_row(file: str, path: str, r: Resolution) -> CheckRow:
    """The row of one parsed document: its counts, its warnings, ``ok`` or ``review``."""
    return CheckRow(file, path, "review" if r.warnings else "ok", symbol=r.symbol, language=r.language,
                    doc_type=r.doc_type, preambular=len(r.preamble), operative=len(r.operative),
                    points=sum(count_points(p.points) for p in r.operative), footnotes=len(r.footnotes),
                    annexes=len(r.annexes), warnings=r.warnings)


def check_file(path: str | Path, file: str | None = None) -> tuple[CheckRow, ...]:
    """Parse one file: a row per document (catalogue sidecar applied, as ``lod build`` does), then a
    row per refused part; one ``failed`` row when the file cannot be read or parsed. Never raises
    ``LodError`` (nor anything else: a parser bug is a ``failed`` row)."""
    from lod.fetch.sidecar import apply_sidecar_to, load_sidecar_metadata
    from lod.read import parse_file_documents

    path = str(path)
    file = file or path
    try:
        parsed = parse_file_documents(path)
        documents = apply_sidecar_to(parsed.documents, load_sidecar_metadata(path))
    except LodError as exc:
        return (CheckRow(file, path, "failed", line=getattr(exc, "line", None), reason=f"{type(exc).__name__}: {exc}"),)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return (CheckRow(file, path, "failed", reason=f"unexpected {type(exc).__name__}: {exc}"),)
    rows = [document_row(file, path, r) for r in documents]
    rows += [CheckRow(file, path, "refused", symbol=p.symbol, line=p.line, reason=p.reason) for p in parsed.refused]
    return tuple(rows)


def _check_one(item: tuple[str, str]) -> tuple[CheckRow, ...]:
    return check_file(item[0], item[1])


@dataclass(frozen=True)
class CheckReport:
    """Every row of a check, in file order, and the number of files read."""

    files: int
    rows: tuple[CheckRow, ...] = field(default=())

    @property
    def failed(self) -> int:
        """Files that could not be read or parsed."""
        return sum(1 for r in self.rows if r.status == "failed")

    def by_status(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.rows)
        return {s: counts[s] for s in STATUSES}

    def by_code(self) -> dict[str, int]:
        """Warnings by code, most frequent first."""
        counts = Counter(w.code for r in self.rows for w in r.warnings)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def documents(self) -> int:
        return sum(1 for r in self.rows if r.status in ("ok", "review"))

    def summary(self) -> str:
        """Files, documents, rows by status, warnings by code."""
        s = self.by_status()
        head = (f"{self.files} file(s), {self.documents()} document(s): {s['ok']} ok, {s['review']} review; "
                f"{s['refused']} refused part(s); {s['failed']} failed file(s)")
        warned = sum(1 for r in self.rows if r.warnings)
        return head + "\n" + (warning_counts_text(self.by_code(), warned) or "warnings: none")

    def table(self) -> str:
        """The health table: one aligned line per row, warnings (or the reason) last."""
        header = ("file", "symbol", "lang", "type", "pre", "op", "pts", "fn", "ann", "status", "warnings / reason")
        lines = [header] + [_cells(r) for r in self.rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
        numeric = {4, 5, 6, 7, 8}
        out = []
        for line in lines:
            cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths))]
            out.append(("  ".join(cells) + "  " + line[-1]).rstrip())
        return "\n".join(out)

    def to_json(self) -> dict[str, Any]:
        """``lod check --json``: every row, then the summary's figures."""
        return {"documents": [r.to_json() for r in self.rows],
                "summary": {"files": self.files, "documents": self.documents(), "status": self.by_status(),
                            "warnings": self.by_code(),
                            "documents_with_warnings": sum(1 for r in self.rows if r.warnings)}}


def _cells(r: CheckRow) -> tuple[str, ...]:
    if r.status in ("ok", "review"):
        counts = tuple(str(n) for n in (r.preambular, r.operative, r.points, r.footnotes, r.annexes))
        last = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in r.warning_counts().items())
    else:
        counts = ("",) * 5
        # the file is in the first column: the reason names the line only
        last = r.reason.replace(f"{r.path}:{r.line}: ", f"line {r.line}: ", 1).replace(f"{r.path}: ", "", 1)
        if r.status == "refused" and r.line:
            last = f"line {r.line}: {last}"
    return (r.file, r.symbol or "-", r.language or "", r.doc_type or "", *counts, r.status, last)


def warning_counts_text(counts: Mapping[str, int], documents: int) -> str:
    """``warnings: 12 footnote-marker, 3 numbering-gap in 5 documents`` (most frequent first), "" if none.

    >>> warning_counts_text({"numbering-gap": 3, "footnote-marker": 12}, 5)
    'warnings: 12 footnote-marker, 3 numbering-gap in 5 documents'
    """
    if not counts:
        return ""
    codes = ", ".join(f"{n} {code}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"warnings: {codes} in {documents} document{'' if documents == 1 else 's'}"


def collect(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(path, display name) of every file ``lod build`` would read under ``paths``: a file under a
    folder is named relative to that folder, a file given by itself as given.

    Raises:
        SourceError: a path does not exist.
    """
    from lod.read.source import collect_sources

    out: dict[str, str] = {}
    for p in paths:
        for f in collect_sources([p]):
            out.setdefault(str(f), f.relative_to(p).as_posix() if p.is_dir() else str(f))
    return list(out.items())


def check_sources(paths: Sequence[Path], *, jobs: int = 1) -> CheckReport:
    """Check every file under ``paths`` (as ``lod build`` collects them) with ``jobs`` processes.

    Raises:
        SourceError: a path does not exist.
    """
    items = collect(paths)
    return CheckReport(len(items), tuple(row for rows in _map(items, jobs) for row in rows))


def _map(items: list[tuple[str, str]], jobs: int) -> Iterator[tuple[CheckRow, ...]]:
    if jobs <= 1 or len(items) < 16:  # a pool costs more than it saves on a handful of files
        yield from map(_check_one, items)
        return
    from lod.read import parse_file_documents  # noqa: F401 - imported before the fork: workers inherit it

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(processes=min(jobs, os.cpu_count() or 1, len(items))) as pool:
        yield from pool.imap(_check_one, items, chunksize=max(1, min(32, len(items) // (8 * jobs))))
