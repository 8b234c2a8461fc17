"""Precision and recall of the citation recognizer on the English corpus.

Gold: tests/data/citations_gold_en.json (resolutions and decisions cited by each
complete English resolution, listed by reading). For each document the set of
cited resolution/decision symbols found is compared with the gold set (the
document's own symbol is not a citation). Two ways of reading a file:

* ``parsed``: ``lod.read.parse_file`` then ``lod.enrich.citations.cite_resolution``
  (used when the parser is available);
* ``raw``: page furniture dropped, lines joined, ``find_citations`` on the
  whole text (works without the parser).

A naive baseline (every ``NN/NN`` and ``NNNN (YYYY)`` in the text is a
resolution) runs on the same texts, so the figures have a comparison.

Run: ``python bench/citations_eval.py [--mode raw|parsed|auto]``; writes
bench/results-citations.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lod.enrich.citations import find_citations  # noqa: E402
from lod.enrich.symbols import body_of_symbol, normalise_symbol  # noqa: E402

GOLDS = {
    "tuning set": REPO / "tests" / "data" / "citations_gold_en.json",
    "held-out set": REPO / "tests" / "data" / "citations_gold_en_heldout.json",
    "held-out set 2": REPO / "tests" / "data" / "citations_gold_en_heldout2.json",
    "held-out set 3": REPO / "tests" / "data" / "citations_gold_en_heldout3.json",
}
TEXTS = REPO / ".." / "shared" / "corpus" / "texts"
KINDS = ("resolution", "decision")

_FURNITURE = [
    re.compile(r"^\s*\d{2}-\d{5}\s*(\(E\))?\s*$"),  # job number
    re.compile(r"^\s*\*\d+\*\s*$"),  # barcode
    re.compile(r"^\s*\d{1,2}/\d{1,2}\s*$"),  # page "2/8"
    re.compile(r"^\s*\d{1,3}\s*$"),  # lone footnote or page number
    re.compile(r"^\s*\d{6}\s*$"),  # print date
    re.compile(r"^\s*_{5,}\s*$"),
]


def clean_raw(text: str, symbol: str) -> str:
    """Drop YAML front matter and page furniture, join lines (raw mode)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end > 0 else text
    lines = []
    for ln in text.splitlines():
        s = ln.strip()
        if normalise_symbol(s) == symbol or any(r.match(ln) for r in _FURNITURE):
            continue
        lines.append(s)
    return " ".join(x for x in lines if x)


def found_raw(path: Path, symbol: str) -> set[str]:
    text = clean_raw(path.read_text(encoding="utf-8"), symbol)
    cites = find_citations(text, language="en", in_eid="text", issuing_body=body_of_symbol(symbol))
    return {c.target_symbol for c in cites if c.kind in KINDS and c.target_symbol} - {symbol}


def found_parsed(path: Path, symbol: str) -> set[str]:
    from lod.enrich.citations import cite_resolution
    from lod.read import parse_file

    res = cite_resolution(parse_file(path))
    return {c.target_symbol for c in res.citations if c.kind in KINDS and c.target_symbol} - {symbol}


def found_naive(path: Path, symbol: str) -> set[str]:
    text = clean_raw(path.read_text(encoding="utf-8"), symbol)
    out = {f"S/RES/{m.group(1)} ({m.group(2)})" for m in re.finditer(r"\b(\d{1,4}) \(((?:19|20)\d\d)\)", text)}
    out |= {f"A/RES/{m.group(1)}/{m.group(2)}" for m in re.finditer(r"(?<![\w/])(\d{1,2})/(\d{1,3})(?![\d/])", text)}
    return out - {symbol}


def evaluate(finder, gold: dict) -> tuple[list[tuple[str, int, int, int, list[str], list[str]]], float, float, float]:
    rows = []
    tp = fp = fn = 0
    t0 = time.perf_counter()
    for name, entry in gold.items():
        if name.startswith("_"):
            continue
        want = set(entry["cites"])
        got = finder(TEXTS / name, entry["symbol"])
        a, b, c = len(got & want), len(got - want), len(want - got)
        tp, fp, fn = tp + a, fp + b, fn + c
        rows.append((name, a, b, c, sorted(got - want), sorted(want - got)))
    elapsed = time.perf_counter() - t0
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return rows, precision, recall, elapsed


def speed_lines(mode: str) -> list[str]:
    """Recognition speed on every English text, parsing excluded, against the naive regex."""
    names = [n for path in GOLDS.values() for n in json.loads(path.read_text(encoding="utf-8")) if not n.startswith("_")]
    if mode == "parsed":
        from lod.enrich.actors import annotate_actors
        from lod.enrich.citations import cite_resolution
        from lod.read import parse_file

        docs = [parse_file(TEXTS / n) for n in names]
        chars = sum(len(p.text) for d in docs for p in (*d.preamble, *d.operative)) + sum(len(f.text) for d in docs for f in d.footnotes)
        t0 = time.perf_counter()
        for d in docs:
            annotate_actors(cite_resolution(d))
        ours = time.perf_counter() - t0
    else:
        texts = [(TEXTS / n).read_text(encoding="utf-8") for n in names]
        chars = sum(len(t) for t in texts)
        t0 = time.perf_counter()
        for t in texts:
            find_citations(t, language="en", in_eid="text", issuing_body=None)
        ours = time.perf_counter() - t0
    raw = [(TEXTS / n).read_text(encoding="utf-8") for n in names]
    t0 = time.perf_counter()
    for t in raw:
        re.findall(r"\b(\d{1,4}) \(((?:19|20)\d\d)\)", t)
        re.findall(r"(?<![\w/])(\d{1,2})/(\d{1,3})(?![\d/])", t)
    naive = time.perf_counter() - t0
    return [
        f"Speed ({len(names)} documents, {chars:,} characters, parsing excluded): citations + actors "
        f"{ours * 1000:.0f} ms ({chars / ours / 1e6:.2f} M chars/s); naive regex {naive * 1000:.1f} ms; "
        f"ratio {ours / max(naive, 1e-9):.0f}x slower for the precision and recall above.",
    ]


def addressee_line() -> str:
    """How many operative paragraphs with a directive verb get an addressee, over the English corpus."""
    from lod.enrich.actors import DIRECTIVE_ACTIONS
    from lod.enrich.links import enrich
    from lod.read import parse_file

    total = found = 0
    for path in sorted(TEXTS.glob("en__*")):
        if "layout" in path.name:
            continue
        try:
            res = enrich(parse_file(path))
        except Exception:  # noqa: BLE001 - a text the parser rejects has no paragraphs to count
            continue
        for op in res.operative:
            if op.action in DIRECTIVE_ACTIONS:
                total += 1
                found += bool(op.addressees)
    return (f"Addressees: {found} of {total} operative paragraphs with a directive verb in the English corpus "
            f"({found / max(total, 1):.0%}) get at least one (the rest mostly address no actor: "
            "\"Encourages further efforts…\", or a group outside the gazetteer: \"flag States\").")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=["auto", "raw", "parsed"], default="auto")
    ap.add_argument("--out", default=str(REPO / "bench" / "results-citations.md"))
    args = ap.parse_args()
    mode = args.mode
    if mode == "auto":
        try:
            from lod.read import parse_file

            parse_file(TEXTS / "en__S_RES_338_1973.gold.txt")
            mode = "parsed"
        except Exception:  # noqa: BLE001 - no usable parser: fall back to raw text
            mode = "raw"
    finder = found_parsed if mode == "parsed" else found_raw
    lines = [
        "# Citation recognizer: precision and recall on the English corpus",
        "",
        f"Generated by `python bench/citations_eval.py` (mode `{mode}`). Gold sets made by reading",
        "(tests/data/citations_gold_en*.json). Unit: distinct (document, cited symbol) pairs,",
        "resolutions and decisions only; the document's own symbol is not a citation.",
        "",
        "| set | documents | gold pairs | recognizer | precision | recall | time |",
        "|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    all_counts = [0, 0, 0]
    for set_name, path in GOLDS.items():
        gold = json.loads(path.read_text(encoding="utf-8"))
        rows, p, r, secs = evaluate(finder, gold)
        _, np_, nr, nsecs = evaluate(found_naive, gold)
        n_gold = sum(len(v["cites"]) for k, v in gold.items() if not k.startswith("_"))
        lines.append(f"| {set_name} | {len(rows)} | {n_gold} | lod.enrich.citations ({mode}) | {p:.3f} | {r:.3f} | {secs * 1000:.0f} ms |")
        lines.append(f"| {set_name} | {len(rows)} | {n_gold} | naive regex baseline | {np_:.3f} | {nr:.3f} | {nsecs * 1000:.0f} ms |")
        details += [f"| {set_name} | {n} | {a} | {b} | {c} | {', '.join(fps)} | {', '.join(fns)} |" for n, a, b, c, fps, fns in rows]
        for row in rows:
            all_counts = [all_counts[0] + row[1], all_counts[1] + row[2], all_counts[2] + row[3]]
    tp, fp, fn = all_counts
    lines += ["", *speed_lines(mode)]
    if mode == "parsed":
        lines += ["", addressee_line()]
    lines += [
        "",
        f"All documents: TP {tp}, FP {fp}, FN {fn}; precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f}.",
        "",
        "| set | document | TP | FP | FN | false positives | missed |",
        "|---|---|---|---|---|---|---|",
        *details,
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
