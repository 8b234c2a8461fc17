"""The push journal: what has been written to one store, graph by graph.

A journal is an append-only JSON Lines file. Its first line names the store it
describes; every later line records one finished operation on one named graph::

    {"journal": 1, "endpoint": "http://127.0.0.1:8890/sparql-graph-crud-auth"}
    {"op": "put", "graph": "https://.../eng@", "sha256": "9f…", "triples": 812, "at": "2026-…Z"}
    {"op": "delete", "graph": "https://.../fra@", "at": "2026-…Z"}

A line is appended (and flushed to disk) only *after* the store confirmed the
operation, so an interrupted push leaves a journal that under-reports, never
over-reports: a re-run repeats at most the graph that was in flight, and since
every graph is replaced whole, repeating it duplicates nothing. The last line
for a graph wins; :meth:`Journal.compact` rewrites the file (aside, then
rename) with one line per live graph.

Example:

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "j.jsonl"
>>> j = Journal.open(p, endpoint="http://store/gsp")
>>> j.record_put("https://data.example.org/g1", sha256="ab" * 32, triples=3)
>>> j.record_delete("https://data.example.org/g1")
>>> Journal.open(p, endpoint="http://store/gsp").entries
{}
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from lod.errors import PublishError

__all__ = ["Journal", "JournalEntry", "default_journal_path"]

_FORMAT = 1


@dataclass(frozen=True)
class JournalEntry:
    """The last confirmed state of one named graph in the store."""

    graph: str
    sha256: str
    triples: int
    at: str


@dataclass
class Journal:
    """An open journal file; ``entries`` maps graph IRI to its last pushed state."""

    path: Path
    endpoint: str
    entries: dict[str, JournalEntry] = field(default_factory=dict)
    _handle: IO[str] | None = field(default=None, repr=False)
    _lock: IO[str] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, *, endpoint: str, create: bool = True, lock: bool = False) -> Journal:
        """Read the journal at ``path`` (creating it if absent, unless ``create`` is False) for ``endpoint``.

        With ``lock``, hold an exclusive lock on ``PATH.lock`` until :meth:`unlock`,
        so that a second push cannot append to the same journal meanwhile.

        Raises:
            PublishError: the file belongs to another endpoint or is not a journal.
        """
        path = Path(path)
        journal = cls(path=path, endpoint=endpoint)
        if lock:
            journal._acquire()
        if not path.exists():
            if not create:
                return journal
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                fh.write(json.dumps({"journal": _FORMAT, "endpoint": endpoint}) + "\n")
            return journal
        with path.open(encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        if not lines:
            journal.unlock()
            raise PublishError(f"{path}: expected a push journal, found an empty file")
        try:
            header = json.loads(lines[0])
        except json.JSONDecodeError:
            header = None
        if not isinstance(header, dict) or header.get("journal") != _FORMAT:
            raise PublishError(f"{path}:1: expected a push journal header, found {lines[0][:60]!r}")
        if header.get("endpoint") != endpoint:
            raise PublishError(
                f"{path}: this journal records pushes to {header.get('endpoint')!r}, "
                f"not to {endpoint!r}; pass another --journal"
            )
        for number, line in enumerate(lines[1:], start=2):
            try:
                rec = json.loads(line)
                journal._apply(rec)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                # A torn last line (killed while writing) is expected; anything
                # before it is not.
                if number == len(lines):
                    break
                raise PublishError(f"{path}:{number}: expected a journal record, found {line[:60]!r}") from None
        return journal

    def _apply(self, rec: dict) -> None:  # type: ignore[type-arg]
        if rec["op"] == "put":
            self.entries[rec["graph"]] = JournalEntry(
                graph=rec["graph"], sha256=rec["sha256"], triples=int(rec["triples"]), at=rec["at"]
            )
        elif rec["op"] == "delete":
            self.entries.pop(rec["graph"], None)
        else:
            raise ValueError(rec["op"])

    def _append(self, rec: dict) -> None:  # type: ignore[type-arg]
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._apply(rec)

    def record_put(self, graph: str, *, sha256: str, triples: int) -> None:
        """Record that ``graph`` now holds the content with hash ``sha256``."""
        self._append({"op": "put", "graph": graph, "sha256": sha256, "triples": triples, "at": _now()})

    def record_puts(self, puts: Sequence[tuple[str, str, int]]) -> None:
        """Record several ``(graph, sha256, triples)`` at once, with one flush to disk.

        For the bulk loader, whose graphs the store confirms all together (at its
        checkpoint): one ``fsync`` a graph cost seconds at 20,000 graphs.
        """
        if not puts:
            return
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        at = _now()
        recs = [{"op": "put", "graph": g, "sha256": sha, "triples": n, "at": at} for g, sha, n in puts]
        self._handle.write("".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in recs))
        self._handle.flush()
        os.fsync(self._handle.fileno())
        for rec in recs:
            self._apply(rec)

    def record_delete(self, graph: str) -> None:
        """Record that ``graph`` was removed from the store."""
        self._append({"op": "delete", "graph": graph, "at": _now()})

    def compact(self) -> None:
        """Rewrite the file with one line per live graph (write aside, then rename)."""
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps({"journal": _FORMAT, "endpoint": self.endpoint}) + "\n")
            for e in sorted(self.entries.values(), key=lambda e: e.graph):
                rec = {"op": "put", "graph": e.graph, "sha256": e.sha256, "triples": e.triples, "at": e.at}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def close(self) -> None:
        """Close the append handle (reopened on the next record)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _acquire(self) -> None:
        # Two pushes appending to one journal would interleave their records;
        # an exclusive lock on PATH.lock keeps a second one out.
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.with_name(self.path.name + ".lock").open("w")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise PublishError(f"{self.path}: another lod push is using this journal; wait for it to finish") from None
        self._lock = fh

    def unlock(self) -> None:
        """Close the file and let another push use this journal."""
        self.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def default_journal_path(endpoint: str) -> Path:
    """Where the journal for ``endpoint`` lives unless ``--journal`` says otherwise.

    Outside the dataset directory on purpose: ``lod build`` replaces that
    directory whole, and the journal must survive a rebuild.

    >>> default_journal_path("http://h/x").name.startswith("push-")
    True
    """
    import hashlib

    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    digest = hashlib.sha256(endpoint.encode("utf-8")).hexdigest()[:16]
    return state / "lod" / f"push-{digest}.jsonl"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
