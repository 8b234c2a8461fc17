"""Parsing throughput: ``python bench/parse.py [--seconds S]``.

Parses the seed and the whole corpus repeatedly on one core, then the same work
on a 2-process pool, and writes bench/results-parse.md. The target (issue 2) is
>= 200 seed-sized documents/s on one core.
"""

from __future__ import annotations

import argparse
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


def rate(texts: list[str], seconds: float) -> tuple[float, float]:
    """Documents/s and MB/s parsing ``texts`` over and over for about ``seconds``."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    _parse_all(texts[:3])  # warm caches (compiled regexes)
    n = docs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        _parse_all(texts)
        n += 1
        docs += len(texts)
    elapsed = time.perf_counter() - start
    return docs / elapsed, n * size / elapsed / 1e6


def _worker(args: tuple[list[str], float]) -> tuple[float, float]:
    return rate(*args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results-parse.md")
    args = ap.parse_args()
    seed = [SEED.read_text(encoding="utf-8")]
    corpus = _texts()
    seed_docs, seed_mb = rate(seed, args.seconds)
    corpus_docs, corpus_mb = rate(corpus, args.seconds)
    with mp.get_context("spawn").Pool(2) as pool:
        par = pool.map(_worker, [(corpus, args.seconds)] * 2)
    par_docs = sum(d for d, _ in par)
    lines = [
        "# Parsing throughput (`python bench/parse.py`)",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC} on {platform.machine()}, Python {platform.python_version()}, "
        f"{mp.cpu_count()} cores; {args.seconds:.0f} s per figure.",
        "",
        "| input | documents/s | MB/s |",
        "|---|---|---|",
        f"| the seed (CTOC/COP/2020/L.6/Rev.1, {len(seed[0].encode()) // 1024} KiB), one core | {seed_docs:.0f} | {seed_mb:.2f} |",
        f"| the corpus ({len(corpus)} files, {sum(len(t.encode()) for t in corpus) // 1024} KiB), one core | {corpus_docs:.0f} | {corpus_mb:.2f} |",
        f"| the corpus, 2 processes | {par_docs:.0f} | — |",
        "",
        f"Target: >= 200 seed-sized documents/s on one core: {'met' if seed_docs >= 200 else 'NOT met'} "
        f"({seed_docs / 200:.2f}x the target). Two processes give {par_docs / corpus_docs:.2f}x one core.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
