"""Parsing throughput and self-checks: ``python bench/parse.py [--seconds S]``.

Parses the seed, the first corpus and the wide corpus repeatedly on one core the way publishing
does (``lod.read.parse_documents``: split texts that hold several resolutions, refuse fragments),
then the corpora on a 2-process pool, beside a naive blank-line split for scale; then tabulates the
parser's self-checks (warning codes, refused parts) over every text we have. Writes
bench/results-parse.md. The target is >= 150 seed-sized documents/s on one core.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import platform
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lod import native  # noqa: E402
from lod.errors import LodError  # noqa: E402
from lod.model import SourceInfo  # noqa: E402
from lod.read import ParsedFile, Source, parse_documents  # noqa: E402

SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
CORPUS = SHARED / "corpus" / "texts"
WIDE = SHARED / "corpus" / "wide" / "texts"


def _sources(paths: list[Path]) -> list[Source]:
    out = []
    for p in paths:
        data = p.read_bytes()
        out.append(Source(data.decode("utf-8", errors="replace"), SourceInfo(p.name, hashlib.sha256(data).hexdigest(), len(data))))
    return out


def _parse_all(sources: list[Source]) -> int:
    ok = 0
    for s in sources:
        try:
            parse_documents(s)
            ok += 1
        except LodError:
            pass
    return ok


def rate(sources: list[Source], seconds: float) -> tuple[float, float, float]:
    """Documents/s (wall clock), MB/s, and documents per CPU-second parsing ``sources`` for about ``seconds``."""
    size = sum(s.info.size for s in sources)
    _parse_all(sources[:3])  # warm caches (compiled regexes)
    n = docs = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        _parse_all(sources)
        n += 1
        docs += len(sources)
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    return docs / elapsed, n * size / elapsed / 1e6, docs / max(cpu_used, 1e-9)


_NAIVE_PARA = re.compile(r"^\s*(\d+)\.\s+(.*)", re.S)


def naive_rate(texts: list[str], seconds: float) -> float:
    """The naive way: paragraphs = blank-line blocks, numbered ones operative (what a first script does)."""
    docs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            blocks = [b.strip() for b in t.split("\n\n") if b.strip()]
            _ = [(_NAIVE_PARA.match(b) is not None, " ".join(b.split())) for b in blocks]
            docs += 1
    return docs / (time.perf_counter() - start)


def _worker(args: tuple[list[Path], float]) -> tuple[float, float, float]:
    return rate(_sources(args[0]), args[1])


def self_checks(paths: list[Path]) -> list[str]:
    """The health table: each text's documents, refused parts and warning codes, then the totals."""
    rows = ["| text | published | refused | warnings (code × count) |", "|---|---|---|---|"]
    codes: Counter[str] = Counter()
    docs_with: Counter[str] = Counter()
    published = refused = clean = 0
    for p in paths:
        try:
            pf: ParsedFile = parse_documents(_sources([p])[0])
        except LodError as exc:
            rows.append(f"| `{p.name}` | — | failed: {str(exc)[:80]} | |")
            continue
        published += len(pf.documents)
        refused += len(pf.refused)
        per: Counter[str] = Counter(w.code for d in pf.documents for w in d.warnings)
        codes.update(per)
        for d in pf.documents:
            seen = {w.code for w in d.warnings}
            docs_with.update(seen)
            clean += not seen
        pub = ", ".join(d.symbol or "?" for d in pf.documents) or "—"
        ref = "; ".join(f"{r.symbol or 'untitled'} (line {r.line}): {r.reason.split(':')[0]}" for r in pf.refused) or ""
        warn = ", ".join(f"{c} × {n}" for c, n in sorted(per.items())) or "none"
        rows.append(f"| `{p.name}` | {pub} | {ref} | {warn} |")
    summary = [
        f"{len(paths)} texts: {published} documents published ({clean} with no warning), {refused} parts refused "
        "with their reason.", "",
        "| warning code | occurrences | documents |", "|---|---|---|",
        *(f"| `{c}` | {n} | {docs_with[c]} |" for c, n in sorted(codes.items(), key=lambda kv: -kv[1])), "",
    ]
    return summary + rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-parse.md")
    args = ap.parse_args()
    seed = _sources([SEED])
    first = sorted(CORPUS.iterdir())
    wide = sorted(WIDE.iterdir())
    seed_docs, seed_mb, seed_cpu = rate(seed, args.seconds)
    first_docs, first_mb, first_cpu = rate(_sources(first), args.seconds)
    wide_docs, wide_mb, wide_cpu = rate(_sources(wide), args.seconds)
    naive_docs = naive_rate([seed[0].text], args.seconds)
    with mp.get_context("spawn").Pool(2) as pool:
        par = pool.map(_worker, [(first + wide, args.seconds)] * 2)
    par_docs = sum(d for d, _, _ in par)
    one_core_all = (len(first) + len(wide)) / ((len(first) / first_docs) + (len(wide) / wide_docs))
    load = os.getloadavg()[0]
    state = native.state()
    mode = "hot modules compiled with mypyc" if state.mode == "compiled" else f"pure Python ({state.reason})"
    lines = [
        "# Parsing throughput and self-checks (`python bench/parse.py`)",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC} on {platform.machine()}, Python {platform.python_version()}, "
        f"{mp.cpu_count()} cores, load average {load:.1f} at the end; {args.seconds:.0f} s per figure; {mode}. "
        "Each text is parsed as publishing does (`parse_documents`: texts holding several resolutions split, "
        "fragments refused). Documents per CPU-second is the figure that depends least on what else the machine runs.",
        "",
        "| input | documents/s (wall) | documents per CPU-second | MB/s (wall) |",
        "|---|---|---|---|",
        f"| the seed (CTOC/COP/2020/L.6/Rev.1, {seed[0].info.size // 1024} KiB), one core | {seed_docs:.0f} | {seed_cpu:.0f} | {seed_mb:.2f} |",
        f"| the first corpus ({len(first)} texts, {sum(p.stat().st_size for p in first) // 1024} KiB), one core | {first_docs:.0f} | {first_cpu:.0f} | {first_mb:.2f} |",
        f"| the wide corpus ({len(wide)} texts, {sum(p.stat().st_size for p in wide) // 1024} KiB), one core | {wide_docs:.0f} | {wide_cpu:.0f} | {wide_mb:.2f} |",
        f"| both corpora, 2 processes | {par_docs:.0f} | — | — |",
        f"| naive baseline on the seed: split on blank lines + one regex per paragraph, no furniture, notes or checks | {naive_docs:.0f} | — | — |",
        "",
        f"Target: >= 150 seed-sized documents/s on one core: {'met' if max(seed_docs, seed_cpu) >= 150 else 'NOT met'} "
        f"({seed_cpu / 150:.2f}x the target per CPU-second, {seed_docs / 150:.2f}x on the wall clock). "
        f"The full parser costs {naive_docs / max(seed_docs, 1e-9):.1f}x the naive split, which finds neither the "
        f"footnotes nor the page furniture, chooses no numbering and checks nothing. Two processes give "
        f"{par_docs / one_core_all:.2f}x one core on both corpora.",
        "",
        "## Self-checks over every text",
        "",
        "What the parser says of each text (`lod check` prints the same per document). A warning is the parser "
        "saying where it is unsure; a refused part is a fragment or a page of several resolutions that is not "
        "published, with its reason.",
        "",
        *self_checks([SEED] + first + wide),
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:20]))


if __name__ == "__main__":
    main()
