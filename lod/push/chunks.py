"""A dataset's graph files gathered into a few large files, for Virtuoso's bulk loader.

Why: the loader pays a fixed cost per file (its ``load_list`` row, a commit, opening a
gzip stream): measured 4-5 ms of Virtuoso CPU a file on a ``lod build`` of 1,802 graphs
(2.3 M triples: 29-31 CPU-s loading the graph files against 19-24 CPU-s loading the same
bytes as one file or as chunks), 30-50 % on top of the triples themselves. And one file is read
by one loader, so a single dump cannot keep several loaders busy. A chunk is the graph
files of a contiguous run of the manifest, concatenated as they are: gzip members
(``graphs/<slug>.nq.gz``, docs/layout.md) make a valid multi-member gzip file, which is
exactly how ``dumps/lod.nq.gz`` is made; plain ``.nq`` files (datasets from before
compression) make a plain N-Quads file. Copying is cheap (the compressed bytes, ≈20 bytes
a triple) and what Virtuoso loads is byte for byte what was checked.

Each file is checked against the manifest before its bytes are copied, at byte level so
the check stays a small part of the load (parsing every quad with pyoxigraph costs
≈2.2 CPU-s a million triples, a fifth of what Virtuoso spends): the sha256 of the file
(and of the N-Quads inside a ``.nq.gz``), the line count equal to the manifest's triple
count, and every line ending with `` <GRAPH> .`` (pyoxigraph's N-Quads, one quad a line:
a literal cannot hold a raw newline, so the last term of each line is the graph). The
syntax is left to Virtuoso's parser; an error there fails the chunk's graphs
(:mod:`lod.push.virtuoso`).

Example::

    chunks, failed = write_chunks(sources, Path("/data/.out.push-123"), count=4, jobs=2)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lod.push.plan import GraphFileError, GraphSource, read_checked

__all__ = ["CHUNK_TRIPLES", "Chunk", "check_graph_bytes", "chunk_count", "split_chunks", "write_chunks"]

#: A chunk should hold at least this many triples: the loader's cost per file (≈5 ms)
#: is then well under 1 % of the chunk's (≈1 s of Virtuoso CPU).
CHUNK_TRIPLES = 100_000


@dataclass(frozen=True)
class Chunk:
    """One file handed to the bulk loader and the graphs it holds."""

    path: Path
    graphs: tuple[GraphSource, ...]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def check_graph_bytes(source: GraphSource) -> bytes:
    """The file of ``source`` as it is on disk, once checked against the manifest.

    Raises:
        GraphFileError: unreadable file, sha256 (of the file or of the N-Quads in a
        ``.nq.gz``) differing from the manifest, a line count other than the
        manifest's triples, or a line that does not end with the graph's name.
    """
    raw, text = read_checked(source)
    lines = text.count(b"\n")
    if text and not text.endswith(b"\n"):
        lines += 1
    if lines != source.triples:
        raise GraphFileError(f"{source.path}: manifest says {source.triples} triples, the file has {lines} lines")
    named = text.count(b" <" + source.iri.encode("utf-8") + b"> .\n")
    if named != lines:
        raise GraphFileError(f"{source.path}: expected every quad in graph <{source.iri}>, "
                             f"{lines - named} of {lines} line(s) name another graph or none")
    return raw


def chunk_count(graphs: int, triples: int, loaders: int) -> int:
    """How many chunks for ``graphs`` graphs of ``triples`` triples and ``loaders`` loaders.

    One per :data:`CHUNK_TRIPLES`, and at least one per loader (when there are graphs
    enough). Not fewer, larger chunks: parallel loaders sometimes deadlock in Virtuoso
    (``40001``), and a deadlocked chunk is cleared and loaded again, so its size bounds
    the work lost; and many chunks let the loaders end together.

    >>> chunk_count(1802, 2_296_941, 2)
    23
    >>> chunk_count(1802, 150_000, 2)
    2
    >>> chunk_count(3, 5_000, 4)
    3
    """
    if graphs == 0:
        return 0
    return min(graphs, max(1, loaders, math.ceil(triples / CHUNK_TRIPLES)))


def split_chunks(sources: Sequence[GraphSource], count: int) -> list[list[GraphSource]]:
    """``sources`` cut into ``count`` contiguous runs (manifest order) of about equal triples.

    Files of different kinds (``.nq.gz``, ``.nq``) never share a run: a run is one file.

    >>> from pathlib import Path
    >>> s = [GraphSource(f"http://x/{i}", Path(f"{i}.nq.gz"), n, "") for i, n in enumerate([5, 5, 5, 5, 10])]
    >>> [[g.triples for g in run] for run in split_chunks(s, 2)]
    [[5, 5, 5], [5, 10]]
    """
    runs: list[list[GraphSource]] = []
    groups = [[s for s in sources if s.path.name.endswith(".nq.gz")], [s for s in sources if not s.path.name.endswith(".nq.gz")]]
    for group in (g for g in groups if g):
        share = max(1, round(count * len(group) / len(sources)))
        total = sum(max(1, s.triples) for s in group)
        current: list[GraphSource] = []
        done = made = 0
        for s in group:
            current.append(s)
            done += max(1, s.triples)
            if made + 1 < share and done >= total * (made + 1) / share:
                runs.append(current)
                current, made = [], made + 1
        if current:
            runs.append(current)
    return runs


def write_chunks(
    sources: Sequence[GraphSource], directory: Path, *, count: int, jobs: int = 1,
) -> tuple[list[Chunk], list[tuple[GraphSource, GraphFileError]]]:
    """Check every graph file and write the good ones into ``count`` chunk files in ``directory``.

    ``jobs`` files are read and checked at once (hashing and gunzip release the GIL);
    they are written in manifest order. Returns the chunks (a chunk of which every
    file failed is not written) and the files that failed, with why.

    Raises:
        OSError: ``directory`` cannot be written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    chunks: list[Chunk] = []
    failed: list[tuple[GraphSource, GraphFileError]] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="lod-check") as pool:
        for i, run in enumerate(split_chunks(sources, count)):
            suffix = ".nq.gz" if run[0].path.name.endswith(".nq.gz") else ".nq"
            path = directory / f"chunk-{i:04d}{suffix}"
            kept: list[GraphSource] = []
            with path.open("wb") as fh:
                for source, outcome in _checked(pool, run, window=4 * max(1, jobs)):
                    if isinstance(outcome, GraphFileError):
                        failed.append((source, outcome))
                    else:
                        fh.write(outcome)
                        kept.append(source)
            if kept:
                chunks.append(Chunk(path, tuple(kept)))
            else:
                path.unlink()
    return chunks, failed


def _checked(pool: ThreadPoolExecutor, run: Sequence[GraphSource], *, window: int) -> Iterator[tuple[GraphSource, bytes | GraphFileError]]:
    """Each source of ``run`` with its checked bytes or its error, in order, ``window`` in flight."""

    def one(source: GraphSource) -> bytes | GraphFileError:
        try:
            return check_graph_bytes(source)
        except GraphFileError as exc:
            return exc

    pending: list[tuple[GraphSource, Future[bytes | GraphFileError]]] = []
    it = iter(run)
    for source in it:
        pending.append((source, pool.submit(one, source)))
        if len(pending) >= window:
            break
    while pending:
        source, future = pending.pop(0)
        yield source, future.result()
        nxt = next(it, None)
        if nxt is not None:
            pending.append((nxt, pool.submit(one, nxt)))
