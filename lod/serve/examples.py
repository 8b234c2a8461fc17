"""Example queries for the query page: the project's competency queries (``docs/queries/*.rq``).

A copy ships in the package (``lod/serve/static/queries/``; a test keeps it equal to
``docs/queries/``). Each example is ``(title, SPARQL)``, the title being the
first comment line of the file.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["load_examples"]

_FIRST = ("Documents with their symbol, date and title", """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>

SELECT ?work ?symbol ?date ?title WHERE {
  ?work dcterms:identifier ?symbol ; eli:is_realized_by ?expr .
  OPTIONAL { ?expr eli:title ?title }  # Security Council resolutions have no title
  OPTIONAL { ?work eli:date_document ?date }
} ORDER BY DESC(?date) ?symbol LIMIT 100""")


def load_examples() -> list[tuple[str, str]]:
    """The examples, read from the package: a listing query, then each ``.rq`` file by name."""
    out = [_FIRST]
    folder = resources.files("lod.serve") / "static" / "queries"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), entry.name)
        out.append((first or entry.name, text))
    return out

