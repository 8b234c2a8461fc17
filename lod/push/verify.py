"""Check a store against a dataset: does every graph hold what the manifest says?

The journal records what push *did*; a store can lose data behind its back
(wiped, restored from an old backup, edited by hand). :func:`verify_store`
asks the store itself, with one SPARQL query, how many triples each graph
under the dataset's base holds, and compares with the manifest:

* ``missing``: a manifest graph the store does not have;
* ``different``: a graph whose triple count differs;
* ``extra``: a graph under our base the dataset no longer has (``--prune`` removes it).

Example (against a live store)::

    report = verify_store(read_dataset_graphs(Path("out")), RemoteSparqlStore(URL))
    print(report.summary())    # "store agrees with the dataset: 32 graphs, 25,386 triples"
"""

from __future__ import annotations

from dataclasses import dataclass

from lod.push.pusher import DatasetGraphs
from lod.sparql.remote_store import RemoteSparqlStore

__all__ = ["VerifyReport", "verify_store"]


@dataclass(frozen=True)
class VerifyReport:
    """How the store differs from the dataset (empty tuples: it agrees)."""

    graphs: int
    triples: int
    missing: tuple[str, ...] = ()
    different: tuple[tuple[str, int, int], ...] = ()  # (graph, expected, found)
    extra: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.different or self.extra)

    def lines(self) -> list[str]:
        """One line per difference."""
        out = [f"missing      <{g}>" for g in self.missing]
        out += [f"different    <{g}>: expected {e} triples, the store has {f}" for g, e, f in self.different]
        out += [f"extra        <{g}> (not in the dataset; --prune removes it)" for g in self.extra]
        return out

    def summary(self) -> str:
        if self.ok:
            return f"store agrees with the dataset: {self.graphs} graphs, {self.triples:,} triples"
        return (
            f"store differs from the dataset: {len(self.missing)} missing, {len(self.different)} different, "
            f"{len(self.extra)} extra graph(s); re-run push with --force to replace every graph"
        )


def verify_store(dataset: DatasetGraphs, store: RemoteSparqlStore) -> VerifyReport:
    """Compare per-graph triple counts in ``store`` with ``dataset``'s manifest.

    Raises:
        LodError: the store cannot be queried (unreachable, refused, timed out).
    """
    base = dataset.base.replace("\\", "\\\\").replace('"', '\\"')
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{base}")) }} GROUP BY ?g'
    )
    found = {row["g"].value: int(row["n"].value) for row in store.query(query)}  # type: ignore[index, union-attr]
    expected = {g.iri: g.triples for g in dataset.graphs}
    return VerifyReport(
        graphs=len(expected),
        triples=sum(expected.values()),
        missing=tuple(sorted(g for g in expected if g not in found)),
        different=tuple(sorted((g, n, found[g]) for g, n in expected.items() if g in found and found[g] != n)),
        extra=tuple(sorted(g for g in found if g not in expected)),
    )
