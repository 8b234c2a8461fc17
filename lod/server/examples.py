"""Example queries shown on the query page and used by the benchmark (competency questions).

Each is ``(title, SPARQL)``; they use the vocabulary of the built dataset
(ELI properties, the project ontology by local name) and run on the default
graph, which is the union of all expression graphs.
"""

from __future__ import annotations

__all__ = ["EXAMPLES"]

_P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

EXAMPLES: list[tuple[str, str]] = [
    ("Documents with their symbol, date and title",
     _P + """SELECT ?work ?symbol ?date ?title WHERE {
  ?work dcterms:identifier ?symbol ; eli:is_realized_by ?expr .
  OPTIONAL { ?work eli:date_document ?date }
  OPTIONAL { ?expr eli:title ?title }
} ORDER BY DESC(?date) ?symbol LIMIT 100"""),
    ("Look up a document by its symbol",
     _P + """SELECT ?work ?expr ?title WHERE {
  ?work dcterms:identifier "A/RES/74/176" ; eli:is_realized_by ?expr .
  ?expr eli:title ?title .
}"""),
    ("Paragraphs per document (GROUP BY)",
     _P + """SELECT ?expr (COUNT(?part) AS ?parts) WHERE {
  GRAPH ?expr { ?part eli:is_part_of+ ?expr }
} GROUP BY ?expr ORDER BY DESC(?parts)"""),
    ("Documents citing A/RES/74/176",
     _P + """SELECT DISTINCT ?expr ?part WHERE {
  ?cited dcterms:identifier "A/RES/74/176" .
  GRAPH ?expr { ?part eli:cites ?cited }
}"""),
    ("Paragraphs whose text mentions 'traite' or 'trafficking'",
     """SELECT ?part ?text WHERE {
  ?part ?p ?text .
  FILTER(STRENDS(STR(?p), "#text") && (CONTAINS(LCASE(STR(?text)), "traite") || CONTAINS(LCASE(STR(?text)), "trafficking")))
} LIMIT 50"""),
    ("Is there any French document? (ASK)",
     _P + """ASK { ?expr eli:language <http://publications.europa.eu/resource/authority/language/FRA> }"""),
    ("One document as a graph (CONSTRUCT)",
     _P + """CONSTRUCT { ?s ?p ?o } WHERE {
  ?work dcterms:identifier "A/RES/74/176" ; eli:is_realized_by ?expr .
  GRAPH ?expr { ?s ?p ?o }
} LIMIT 2000"""),
]
