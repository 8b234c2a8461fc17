"""The compiled SHACL engine against pyshacl on every shape-guided mutation of real graphs, and its speed.

    LOD_PURE_PYTHON=1 python bench/shacl_differential.py            # ≈10 min on two shared cores
    python bench/shacl_differential.py --graphs en__A_RES_80_1.txt --focus-per-shape 1   # a quick look

Builds the graphs ``lod build`` validates for the given texts (default: the seven small corpus
texts of ``tests/test_shacl_differential.py`` and the seed), derives every mutation
``tests/shacl_mutations.py`` draws from ``shapes/lod.ttl``, validates each mutated graph with
the compiled engine, with the engine as it was at ``--baseline`` (a git revision; loaded from its
source) and with pyshacl, and counts: agreements, differences that are documented departures of
pyshacl from the standards (``DEPARTURES``, docs/validation.md), and unexplained differences
(listed). Then times both engine versions on every corpus graph (validation only, the
``nt.Grouped`` index built beforehand as in ``lod build``), and writes
``bench/results-shacl-differential.md``.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import shacl_mutations as mut  # noqa: E402

from lod import native  # noqa: E402
from lod.rdf import nt  # noqa: E402
from lod.validate.validation import shapes_graph  # noqa: E402


def baseline_engine(rev: str) -> ModuleType:
    """``lod/validate/shacl.py`` as it was at git revision ``rev`` (or the file ``rev`` names), imported from
    its source as a separate module."""
    if Path(rev).is_file():
        source = Path(rev).read_text(encoding="utf-8")
    else:
        source = subprocess.run(["git", "show", f"{rev}:lod/validate/shacl.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "shacl_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("shacl_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["shacl_baseline"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _baseline_keys(engine: Any, triples: list[mut.Triple]) -> set[mut.Key]:
    try:
        found = engine.validate(triples)
    except Exception as exc:  # noqa: BLE001 - the old engine's crash is a verdict too
        return {("compiled engine raised", None, type(exc).__name__)}
    return {(nt.lexical(f.focus), str(f.path) if f.path is not None and "://" in str(f.path) else None, f.component)
            for f in found}


def differential(graphs: dict[str, list[mut.Triple]], focus_per_shape: int, old: Any, limit: int | None
                 ) -> dict[str, Any]:
    specs = mut.shape_specs(shapes_graph())
    todo = list(mut.all_mutations(graphs, specs, focus_per_shape=focus_per_shape))
    if limit:
        todo = [todo[k] for k in sorted(random.Random(18).sample(range(len(todo)), min(limit, len(todo))))]
    old_engine = old.CompiledShapes(shapes_graph())
    departures: collections.Counter[str] = collections.Counter()
    unexplained: list[str] = []
    old_disagree = 0
    old_by_kind: collections.Counter[str] = collections.Counter()
    conforming = 0
    t0 = time.perf_counter()
    for k, (m, triples) in enumerate(todo):
        o = mut.compare(m, triples)
        if not o.reference:
            conforming += 1
        if not o.agree:
            if o.why is not None:
                departures[o.why.name] += 1
            else:
                unexplained.append(o.text())
        if _baseline_keys(old_engine, m.apply(triples)) != set(o.reference):
            old_disagree += 1
            old_by_kind[m.kind] += 1
        if k % 1000 == 999:
            print(f"  {k + 1}/{len(todo)} mutations, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return {"total": len(todo), "graphs": {n: len(t) for n, t in graphs.items()}, "departures": departures,
            "unexplained": unexplained, "old_disagree": old_disagree, "old_by_kind": old_by_kind,
            "conforming": conforming, "seconds": time.perf_counter() - t0}


def timing(old: Any, rounds: int, repeat: int) -> dict[str, Any]:
    """ms per document of the current and the baseline engine, over every corpus graph (best of ``rounds``)."""
    from lod.validate.validation import compiled_shapes

    names = [mut.SEED.name] + sorted(p.name for p in mut.TEXTS.iterdir())
    grouped = []
    for name in names:
        try:
            grouped.append(nt.Grouped(mut.real_graph(mut.SEED if name == mut.SEED.name else mut.TEXTS / name)))
        except Exception:  # noqa: BLE001 - a text the parser refuses has no graph to time
            continue
    engines = {"now": compiled_shapes(), "baseline": old.CompiledShapes(shapes_graph())}
    best: dict[str, float] = {}
    for _ in range(rounds):
        for label, engine in engines.items():
            t0 = time.perf_counter()
            for _ in range(repeat):
                for g in grouped:
                    engine.validate(g)
            ms = (time.perf_counter() - t0) * 1000 / (repeat * len(grouped))
            best[label] = min(best.get(label, ms), ms)
    return {"docs": len(grouped), "triples": statistics.mean(len(g.triples) for g in grouped), **best}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs", default=",".join((*mut.SMALL, mut.SEED.name)),
                    help="comma-separated corpus text names (the seed by its file name)")
    ap.add_argument("--focus-per-shape", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="a seeded sample of this many mutations (0: all)")
    ap.add_argument("--baseline", default="fe44fdc~1", help="git revision of the engine to compare with (or a copy of its shacl.py)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-shacl-differential.md")
    args = ap.parse_args()

    old = baseline_engine(args.baseline)
    graphs = mut.real_graphs(args.graphs.split(","))
    started = datetime.now(timezone.utc)
    load = os.getloadavg()[0]
    diff = differential(graphs, args.focus_per_shape, old, args.limit or None)
    times = timing(old, args.rounds, args.repeat)
    mode = native.state().mode
    total = diff["total"]
    documented = sum(diff["departures"].values())
    lines = [
        "# SHACL engines, differential", "",
        f"Generated by `python bench/shacl_differential.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` on "
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}), "
        f"{started:%Y-%m-%d %H:%M} UTC, load {load:.1f}; lod's hot modules: {mode}.", "",
        "Every mutation `tests/shacl_mutations.py` derives from `shapes/lod.ttl` for the graphs `lod build` validates "
        f"(focus nodes per shape and graph: {args.focus_per_shape}), validated by the compiled engine "
        "(`lod.validate.shacl`), by the same engine at `" + args.baseline + "` (before the fixes of issue 18) and by "
        "pyshacl. A verdict is the set of (focus node, path, constraint component) of the results.", "",
        "| graph | triples |", "|---|---|",
        *(f"| {n} | {k} |" for n, k in diff["graphs"].items()), "",
        "| | mutations |", "|---|---|",
        f"| mutations | {total} |",
        f"| of which pyshacl finds conforming | {diff['conforming']} |",
        f"| same verdict, compiled engine and pyshacl | {total - documented - len(diff['unexplained'])} |",
        f"| different verdict, a documented departure of pyshacl from the standards | {documented} |",
        f"| different verdict, unexplained | {len(diff['unexplained'])} |",
        f"| different verdict, the engine at `{args.baseline}` and pyshacl | {diff['old_disagree']} |", "",
        f"Run time {diff['seconds']:.0f} s (pyshacl is ≈95 % of it).", "",
        "## Documented departures met (docs/validation.md)", "",
        "| departure | mutations |", "|---|---|",
        *(f"| {name} | {n} |" for name, n in diff["departures"].most_common()), "",
        f"## Where the engine at `{args.baseline}` disagreed, by mutation kind", "",
        "| kind | mutations |", "|---|---|",
        *(f"| {kind} | {n} |" for kind, n in diff["old_by_kind"].most_common()), "",
        "## Speed per document", "",
        f"Validation only, over the {times['docs']} corpus graphs (the seed and the corpus texts; "
        f"{times['triples']:.0f} triples on average), best of {args.rounds} rounds of {args.repeat} passes. The "
        f"baseline is loaded from its source; the current engine runs {mode} (compare like with like: "
        "`LOD_PURE_PYTHON=1`).", "",
        "| engine | ms per document |", "|---|---|",
        f"| now | {times['now']:.3f} |", f"| at `{args.baseline}` | {times['baseline']:.3f} |",
        f"| change | {100 * (times['now'] / times['baseline'] - 1):+.1f} % |", "",
    ]
    if diff["unexplained"]:
        lines += ["## Unexplained differences", "", "```", *diff["unexplained"][:50], "```", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
