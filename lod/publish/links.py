"""Citations meet the documents they cite: the dataset's links graph, rebuilt from every graph on every build.

A document graph names what it cites as the text lets it: ``…/un-sc/2016/2331`` for "resolution
2331 (2016)" (the year, not the adoption date), ``…/id/symbol/A-RES-64-293`` when the text gives no
date at all. The published work has its own IRI, dated by its adoption (``…/un-sc/2016-12-20/2331``).
A document graph cannot know, when it is built, which documents the dataset will publish (a
document may arrive later, or come from the cache), so the build joins them afterwards, over all
graphs, in a graph of its own:

* ``<cited IRI> owl:sameAs <published work>`` for every cited IRI whose symbol is a published
  work's (``lod:targetSymbol`` of the citation = ``dcterms:identifier`` of the work);
* ``<citing work or part> eli:cites <published work>`` for every ``eli:cites`` of such an IRI, or
  of a work's date-free alias (``…/id/symbol/A-RES-64-293``, which the work's graph already says
  ``owl:sameAs`` it); ``eli:amends`` alike.

"Who cites X" is then ``?doc eli:cites <X>`` with X the published work's IRI, and "what does X
cite" ``<X> eli:cites ?cited``, by IRI, on any store that holds the dump, without reasoning
(``docs/queries/who-cites.rq``).

>>> E = "<http://x/akn/un/statement/deliberation/un-sc/2016-12-20/2331/eng@>"
>>> W = "<http://x/akn/un/statement/deliberation/un-sc/2016-12-20/2331>"
>>> G = "<http://x/akn/un/statement/deliberation/un-ga/2020/1/eng@>"
>>> quads = [(W, _IDENTIFIER, '"S/RES/2331 (2016)"', E), (W, _REALIZED, E, E),
...          ("<http://x/a>", _CITES, "<http://x/akn/un/statement/deliberation/un-sc/2016/2331>", G),
...          ("<http://x/a#cit_1>", _TARGET_SYMBOL, '"S/RES/2331 (2016)"', G),
...          ("<http://x/a#cit_1>", _TARGET, "<http://x/akn/un/statement/deliberation/un-sc/2016/2331>", G)]
>>> for t in links_triples(quads): print(*t)
<http://x/a> <http://data.europa.eu/eli/ontology#cites> <http://x/akn/un/statement/deliberation/un-sc/2016-12-20/2331>
<http://x/akn/un/statement/deliberation/un-sc/2016/2331> <http://www.w3.org/2002/07/owl#sameAs> <http://x/akn/un/statement/deliberation/un-sc/2016-12-20/2331>
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lod import identifiers as ids
from lod.errors import IdentifierError

__all__ = ["link_triples", "links_triples", "symbol_key"]

_IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
_REALIZED = "<http://data.europa.eu/eli/ontology#is_realized_by>"
_CITES = "<http://data.europa.eu/eli/ontology#cites>"
_SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
_AMENDS = "<http://data.europa.eu/eli/ontology#amends>"
_TARGET_SYMBOL = "<https://w3id.org/un-lod/ontology#targetSymbol>"
_TARGET = "<https://w3id.org/un-lod/ontology#citationTarget>"

Quad = tuple[str, str, str, str]
Triple = tuple[str, str, str]


_WANTED_PREDICATES = frozenset((_IDENTIFIER, _REALIZED, _CITES, _SAME_AS, _AMENDS, _TARGET_SYMBOL, _TARGET))


def link_triples(triples: Iterable[Triple]) -> tuple[Triple, ...]:
    """The triples of one document's graph that ``links_triples`` reads (a few per citation); the build's
    workers pick them, so the main process never reads a graph again.

    >>> link_triples([("<http://x/a>", "<http://data.europa.eu/eli/ontology#cites>", "<http://x/b>"),
    ...               ("<http://x/a>", "<http://x/other>", '"x"')])
    (('<http://x/a>', '<http://data.europa.eu/eli/ontology#cites>', '<http://x/b>'),)
    """
    return tuple(dict.fromkeys(t for t in triples if t[1] in _WANTED_PREDICATES))


@lru_cache(maxsize=1 << 16)  # the main process keys every citation of the build; cited symbols recur
def symbol_key(symbol: str) -> str:
    """One spelling per symbol, to compare a citation's target with a work's identifier.

    >>> symbol_key("S/RES/2331(2016)") == symbol_key("S/RES/2331 (2016)")
    True
    """
    try:
        return ids.ResolutionSymbol.parse(symbol).symbol
    except IdentifierError:
        return " ".join(symbol.split())


def _literal_value(term: str) -> str:
    """The lexical form of an N-Triples plain literal ``"…"`` (escapes kept: both sides are escaped alike)."""
    return term[1:term.rindex('"')]


def links_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The links graph's triples (sorted), from every quad of the dataset's document graphs."""
    published: dict[str, str] = {}  # symbol key → work IRI
    identifiers: dict[str, str] = {}
    realized: set[str] = set()
    cited_symbol: dict[str, str] = {}  # cited IRI → symbol key
    citing: dict[str, set[str]] = {}  # cited IRI → citing works and parts
    amending: dict[str, set[str]] = {}  # amended IRI → amendments
    aliases: dict[str, str] = {}  # a work's date-free alias → the work (its graph says owl:sameAs)
    targets: dict[str, str] = {}  # citation node → cited IRI
    symbols: dict[str, str] = {}  # citation node → symbol key
    for s, p, o, _g in quads:
        if p == _IDENTIFIER and o.startswith('"'):
            identifiers[s] = symbol_key(_literal_value(o))
        elif p == _REALIZED:
            realized.add(s)
        elif p == _CITES:
            citing.setdefault(o, set()).add(s)
        elif p == _AMENDS:
            amending.setdefault(o, set()).add(s)
        elif p == _SAME_AS:
            aliases.setdefault(o, s)
        elif p == _TARGET:
            targets[s] = o
        elif p == _TARGET_SYMBOL and o.startswith('"'):
            symbols[s] = symbol_key(_literal_value(o))
    for work, key in identifiers.items():
        if work in realized:
            published.setdefault(key, work)
    for node, target in targets.items():
        symbol = symbols.get(node)
        if symbol is not None:
            cited_symbol.setdefault(target, symbol)
    out: set[Triple] = set()
    joins: dict[str, str] = {}  # an IRI some graph points at → the published work it names
    for cited, symbol in cited_symbol.items():
        found = published.get(symbol)
        if found is not None and found != cited:
            joins[cited] = found
            out.add((cited, _SAME_AS, found))
    for alias, work in aliases.items():
        if work in realized:
            joins.setdefault(alias, work)  # its owl:sameAs is in the work's own graph already
    for pointed, work in joins.items():
        out.update((source, _CITES, work) for source in citing.get(pointed, ()) if source != work)
        out.update((source, _AMENDS, work) for source in amending.get(pointed, ()) if source != work)
    return sorted(out)
