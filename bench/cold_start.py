"""Benchmark the cold start of ``lod serve``: process start → first 200 on a document page.

Run from the repo root::

    python bench/cold_start.py DIR [DIR ...] [--runs 3] [--store URL] [--out bench/results-coldstart.md]

For each built dataset ``DIR`` (``lod build … --out DIR``):

1. ``--runs`` times: starts ``lod serve DIR`` on a free loopback port in a fresh process, asks for
   the HTML page of the manifest's first document every 20 ms until it answers 200, and records the
   time from the process start (imports included); then stops the server (SIGINT) and waits for it.
   The first run of a dataset whose store has no default graph yet (built before the build filled
   it) pays that fill: it is reported apart.
2. Times the start-up's parts in a fresh process: importing the app, ``read_manifest``,
   ``open_store``, ``Catalogue.load`` (and where it read from: the build's catalogue file or every
   graph), the whole ``State``; each divided by the number of graphs, to extrapolate to larger builds.

With ``--store URL`` the servers are started with ``lod serve --store URL`` (pages and /sparql read
that SPARQL endpoint; the catalogue still comes from DIR). With ``--formats``, also times reading a
catalogue at the word index's bounds in a few file formats (why ``catalogue.bin`` is what it is). Appends
one section per run to ``--out`` (default: print only), with the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
LOD = [sys.executable, "-m", "lod"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _document_path(root: Path) -> str:
    """The path of the first document's work IRI (what a visitor would open)."""
    with open(root / "manifest.json", encoding="utf-8") as fh:
        for line in fh:  # one graph a line (lod.publish.dump): no need to parse the whole manifest
            line = line.strip().rstrip(",")
            if line.startswith('{"iri"'):
                graph = json.loads(line)
                if graph.get("kind") is None:
                    return urlsplit(graph.get("work") or graph["iri"]).path
    raise SystemExit(f"{root}: no document graph in manifest.json")


def cold_start(root: Path, store: str | None = None, timeout: float = 900.0) -> float:
    """Seconds from starting ``lod serve root`` to its first 200 on a document page."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}{_document_path(root)}"
    cmd = [*LOD, "serve", str(root), "--port", str(port)] + (["--store", store] if store else [])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"lod serve exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"no answer from {url} within {timeout:.0f} s")
            try:
                req = urllib.request.Request(url, headers={"Accept": "text/html"})
                with urllib.request.urlopen(req, timeout=30) as resp:
                    if resp.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_PHASES = r"""
import json, sys, time
t = time.perf_counter()
from pathlib import Path
from pyoxigraph import Store
import lod.serve.app
from lod.serve.catalogue import Catalogue
from lod.serve.state import ServerConfig, State
from lod.sparql.store import has_default_graph, open_store, read_manifest
out = {"import": time.perf_counter() - t}
root = Path(sys.argv[1])
def timed(name, f):
    t = time.perf_counter(); v = f(); out[name] = time.perf_counter() - t; return v
def main():
    info = timed("read_manifest", lambda: read_manifest(root))
    out["graphs"] = len(info.graphs)
    path = timed("open_store", lambda: open_store(info))
    store = timed("Store.read_only", lambda: Store.read_only(str(path)))
    cat = timed("Catalogue.load", lambda: Catalogue.load(store, info))
    out["catalogue_from"] = getattr(cat, "loaded_from", "graphs")
    del store
    st = timed("State", lambda: State(ServerConfig(root=root)))
    st.backend.close()
    print(json.dumps(out))
if __name__ == "__main__":
    main()
"""


def phases(root: Path) -> dict[str, object]:
    """The start-up's parts, timed in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _PHASES, str(root)], capture_output=True, text=True, check=True,
                          cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def formats(documents: int = 20_000, words: int = 250_000, postings: int = 6_000_000) -> list[tuple[str, float, int]]:
    """Load time and size of a catalogue at the word index's bounds in a few file formats (best of 3, seconds, bytes):
    ours (JSON lines for the strings, raw uint32 postings), all-JSON lines, marshal, sqlite (one row a document,
    one blob a word)."""
    import marshal
    import random
    import sqlite3
    import tempfile
    from array import array

    sys.path.insert(0, str(REPO))
    from lod.publish.catalogue import CatalogueFile, Document, TextIndex, read_catalogue

    rnd = random.Random(1)
    docs = [Document(f"http://x/akn/un/statement/deliberation/un-ga/2019-12-18/{n}/eng@", f"http://x/akn/un/{n}", "en",
                     f"A/RES/74/{n}", f"Title of resolution {n} " * 3, "2019-12-18", "http://x/un-ga", "General Assembly")
            for n in range(documents)]
    vocabulary = sorted({f"w{rnd.randrange(10**9)}" for _ in range(words)})
    per_word = postings // len(vocabulary)
    index = TextIndex()
    index._postings = {w: array("I", sorted(rnd.sample(range(documents), per_word))) for w in vocabulary}
    index.postings = per_word * len(vocabulary)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "catalogue.bin"
        CatalogueFile(docs, index, built="x", base="http://x/").write(ours)
        rows = [list(d.__dict__.values()) for d in docs]
        jl = Path(tmp) / "catalogue.jsonl"
        with open(jl, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(rows) + "\n")
            for w, ids in index._postings.items():
                fh.write(json.dumps([w, ids.tolist()]) + "\n")
        ma = Path(tmp) / "catalogue.marshal"
        ma.write_bytes(marshal.dumps((rows, {w: ids.tobytes() for w, ids in index._postings.items()})))
        sq = Path(tmp) / "catalogue.sqlite"
        db = sqlite3.connect(sq)
        db.execute("CREATE TABLE doc (n INTEGER PRIMARY KEY, expression, work, language, symbol, title, date, body, body_label)")
        db.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?)", [(n, *r) for n, r in enumerate(rows)])
        db.execute("CREATE TABLE word (word TEXT PRIMARY KEY, docs BLOB)")
        db.executemany("INSERT INTO word VALUES (?,?)", ((w, ids.tobytes()) for w, ids in index._postings.items()))
        db.commit()
        db.close()

        def read_jsonl() -> None:
            with open(jl, encoding="utf-8") as fh:
                json.loads(fh.readline())
                {w: array("I", ids) for w, ids in map(json.loads, fh)}

        def read_marshal() -> None:
            rows, table = marshal.loads(ma.read_bytes())
            for w, b in table.items():
                a = array("I")
                a.frombytes(b)

        def read_sqlite() -> None:
            db = sqlite3.connect(sq)
            [Document(*r[1:]) for r in db.execute("SELECT * FROM doc ORDER BY n")]
            for w, b in db.execute("SELECT word, docs FROM word"):
                a = array("I")
                a.frombytes(b)
            db.close()

        for name, path, read in (("catalogue.bin (ours)", ours, lambda: read_catalogue(ours)), ("JSON lines", jl, read_jsonl),
                                 ("marshal", ma, read_marshal), ("sqlite, read whole", sq, read_sqlite)):
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                read()
                best = min(best, time.perf_counter() - t)
            out.append((name, best, path.stat().st_size))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--store", default=None, help="lod serve --store URL")
    ap.add_argument("--label", default="", help="what this run measures (e.g. 'before', 'after')")
    ap.add_argument("--out", type=Path, default=None, help="append the results to this Markdown file")
    ap.add_argument("--formats", action="store_true", help="also time catalogue file formats at the word index's bounds")
    args = ap.parse_args()
    lines = [f"## {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC {args.label}".rstrip(), "",
             f"`lod serve{' --store ' + args.store if args.store else ''}`: process start → first 200 on a document page; "
             f"load average at start {os.getloadavg()[0]:.2f} (2 cores, shared)", "",
             "| dataset | graphs | starts (s) | manifest | open_store | Catalogue.load | from | State | per graph (Catalogue.load) |",
             "|---|---:|---|---:|---:|---:|---|---:|---:|"]
    for root in args.dirs:
        starts = [cold_start(root, args.store) for _ in range(args.runs)]
        p = phases(root)
        n = int(p["graphs"]) or 1  # type: ignore[call-overload]
        lines.append(f"| {root.name} | {n:,} | {' / '.join(f'{s:.2f}' for s in starts)} | {p['read_manifest']:.2f} | "
                     f"{p['open_store']:.2f} | {p['Catalogue.load']:.2f} | {p['catalogue_from']} | {p['State']:.2f} | "
                     f"{1000 * float(p['Catalogue.load']) / n:.2f} ms |")  # type: ignore[arg-type]
        print(lines[-1], flush=True)
    if args.formats:
        lines += ["", "Catalogue file formats at the word index's bounds (20,000 documents, 250,000 words, 6 M postings), "
                  "best of 3:", "", "| format | load (s) | MB |", "|---|---:|---:|"]
        lines += [f"| {name} | {seconds:.2f} | {size / 1e6:.0f} |" for name, seconds, size in formats()]
    lines.append(f"\nload average at end {os.getloadavg()[0]:.2f}\n")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
