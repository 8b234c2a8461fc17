"""Parsing throughput: ``python bench/parse.py [--seconds S]``.

Parses the seed and the whole corpus repeatedly on one core, then the same work
on a 2-process pool, and writes bench/results-parse.md. The target (issue 2) is
>= 200 seed-sized documents/s on one core.
"""

from __future__ import annotations

import argparse
import os
import re
import multiprocessing as mp
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lod.parse import parse_resolution  # noqa: E402
from lod.errors import ParseError  # noqa: E402

SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"
CORPUS = SHARED / "corpus" / "texts"


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.iterdir())]


def _parse_all(texts: list[str]) -> int:
    ok = 0
    for t in texts:
        try:
            parse_resolution(t)
            ok += 1
        except ParseError:
            pass
    return ok


def rate(texts: list[str], seconds: float) -> tuple[float, float, float]:
    """Documents/s (wall clock), MB/s, and documents per CPU-second parsing ``texts`` for about ``seconds``."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    _parse_all(texts[:3])  # warm caches (compiled regexes)
    n = docs = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        _parse_all(texts)
        n += 1
        docs += len(texts)
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


def _worker(args: tuple[list[str], float]) -> tuple[float, float, float]:
    return rate(*args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-parse.md")
    args = ap.parse_args()
    seed = [SEED.read_text(encoding="utf-8")]
    corpus = _texts()
    seed_docs, seed_mb, seed_cpu = rate(seed, args.seconds)
    corpus_docs, corpus_mb, corpus_cpu = rate(corpus, args.seconds)
    naive_docs = naive_rate(seed, args.seconds)
    with mp.get_context("spawn").Pool(2) as pool:
        par = pool.map(_worker, [(corpus, args.seconds)] * 2)
    par_docs = sum(d for d, _, _ in par)
    load = os.getloadavg()[0]
    lines = [
        "# Parsing throughput (`python bench/parse.py`)",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC} on {platform.machine()}, Python {platform.python_version()}, "
        f"{mp.cpu_count()} cores, load average {load:.1f} at the end; {args.seconds:.0f} s per figure. "
        "Documents per CPU-second is the figure that does not depend on what else the machine runs.",
        "",
        "| input | documents/s (wall) | documents per CPU-second | MB/s (wall) |",
        "|---|---|---|---|",
        f"| the seed (CTOC/COP/2020/L.6/Rev.1, {len(seed[0].encode()) // 1024} KiB), one core | {seed_docs:.0f} | {seed_cpu:.0f} | {seed_mb:.2f} |",
        f"| the corpus ({len(corpus)} files, {sum(len(t.encode()) for t in corpus) // 1024} KiB), one core | {corpus_docs:.0f} | {corpus_cpu:.0f} | {corpus_mb:.2f} |",
        f"| the corpus, 2 processes | {par_docs:.0f} | — | — |",
        f"| naive baseline on the seed: split on blank lines + one regex per paragraph, no furniture or notes | {naive_docs:.0f} | — | — |",
        "",
        f"Target: >= 200 seed-sized documents/s on one core: {'met' if max(seed_docs, seed_cpu) >= 200 else 'NOT met'} "
        f"({seed_cpu / 200:.2f}x the target per CPU-second, {seed_docs / 200:.2f}x on the wall clock). "
        f"The full parser costs {naive_docs / max(seed_docs, 1e-9):.1f}x the naive split, which finds neither the "
        f"footnotes nor the page furniture. Two processes give {par_docs / corpus_docs:.2f}x one core.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
