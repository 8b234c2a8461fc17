"""RDF terms as their N-Triples text: the build's one term representation.

A term is a plain ``str`` in N-Triples syntax (W3C RDF 1.1 N-Triples §2.3–2.5):
``<http://…>`` for an IRI, ``_:b1`` for a blank node, ``"text"@fr``,
``"5"^^<http://www.w3.org/2001/XMLSchema#integer>`` or ``"plain"`` for a literal.
Why: the build maps, validates and serialises about a thousand triples per
document; Python strings hash and compare in C and *are* their N-Quads form,
where rdflib terms cost microseconds each to create, compare and convert
(``bench/results-build.md``). Escaping follows oxigraph's N-Triples writer
byte for byte, so the dumps are what ``pyoxigraph.serialize`` would write.

rdflib terms cross this boundary in two places only: ``from_rdflib`` (triples
other modules still build with rdflib, e.g. the gazetteer) and ``to_rdflib``
(an rdflib ``Graph`` for pyshacl and the tests).

Example:
    >>> t = literal('say "hi"', lang="en")
    >>> t
    '"say \\\\"hi\\\\""@en'
    >>> lexical(t), language(t), datatype(t)
    ('say "hi"', 'en', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString')
    >>> literal(5)
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> to_rdflib(iri("http://x/a")) == __import__("rdflib").URIRef("http://x/a")
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from rdflib import BNode, Literal, URIRef

from lod.errors import LodError

__all__ = [
    "LANG_STRING",
    "XSD_STRING",
    "Grouped",
    "Triple",
    "datatype",
    "ensure",
    "from_rdflib",
    "iri",
    "is_bnode",
    "is_iri",
    "is_literal",
    "language",
    "lexical",
    "literal",
    "parts",
    "to_rdflib",
    "value",
]

Triple = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\",
            # not escaped but replaced: rapper refuses the escapes \uFFFE and \uFFFF, oxigraph escaped
            # surrogates, and UTF-8 cannot encode a lone surrogate at all
            "\ufffe": "\ufffd", "\uffff": "\ufffd"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ud800-\udfff\ufffe\uffff]')
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}
#: Characters an IRI in N-Triples may not hold (RDF 1.1 N-Triples IRIREF).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BAD_IRI_BODY = re.compile(r'[\x00-\x20"{}|^`\\]')  # _BAD_IRI but the brackets, which end every IRI term


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    return _ESCAPES.get(c) or ("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else f"\\u{ord(c):04X}")  # mypyc: no surrogate literal


def _quote(text: str) -> str:
    return '"' + (_NEEDS_ESCAPE.sub(_escape_char, text) if _NEEDS_ESCAPE.search(text) else text) + '"'


def iri(value: str) -> str:
    """``<value>``; the IRI is not checked here (``check_iris`` does it once per graph)."""
    return "<" + value + ">"


def literal(value: Any, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: ``str`` values are plain (or language-tagged), ``int``/``bool`` get their XSD datatype.

    What no reader would take is replaced by U+FFFD: a lone surrogate (UTF-8 cannot write it), the
    noncharacters U+FFFE and U+FFFF (rapper refuses their escapes).

    >>> literal("a\\ud800b\\ufffe"), literal("tab\\tnul\\x00")
    ('"a\ufffdb\ufffd"', '"tab\\\\tnul\\\\u0000"')

    Raises:
        LodError: a value of a type the mapping does not publish.
    """
    if isinstance(value, str):
        if lang:
            return _quote(value) + "@" + lang.lower()
        if datatype and datatype != XSD_STRING:
            return _quote(value) + "^^<" + datatype + ">"
        return _quote(value)
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{datatype or XSD + "integer"}>'
    if isinstance(value, datetime):
        return _quote(value.isoformat()) + f"^^<{XSD}dateTime>"
    if isinstance(value, date):
        return _quote(value.isoformat()) + f"^^<{XSD}date>"
    raise LodError(f"expected a str, int, bool, date or datetime literal value, found {type(value).__name__}")


def is_iri(t: str) -> bool:
    return t[0] == "<"


def is_bnode(t: str) -> bool:
    return t[0] == "_"


def is_literal(t: str) -> bool:
    return t[0] == '"'


def _split(t: str) -> tuple[str, str]:
    """A literal's quoted body (escaped) and what follows the closing quote (``@lang``, ``^^<dt>`` or '')."""
    end = t.rfind('"')
    return t[1:end], t[end + 1:]


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return _SIMPLE_ESCAPES.get(m.group(3), "\\" + m.group(3))
    return _UNESCAPE.sub(one, body)


def parts(t: str) -> tuple[str, str | None, str]:
    """A literal's (lexical form, language tag or None, datatype IRI) in one pass."""
    body, rest = _split(t)
    lex = _unescape(body)
    if not rest:
        return lex, None, XSD_STRING
    if rest[0] == "@":
        return lex, rest[1:], LANG_STRING
    return lex, None, rest[3:-1]


def lexical(t: str) -> str:
    """What SHACL's ``sh:pattern`` and ``sh:minLength`` read: a literal's lexical form, an IRI's text."""
    first = t[0]
    if first == '"':
        return _unescape(t[1:t.rfind('"')])
    if first == "<":
        return t[1:-1]
    return t[2:]


def language(t: str) -> str | None:
    """A literal's language tag, else None."""
    if t[0] != '"':
        return None
    rest = _split(t)[1]
    return rest[1:] if rest.startswith("@") else None


def datatype(t: str) -> str | None:
    """A literal's datatype IRI (``rdf:langString`` for tagged ones, ``xsd:string`` for plain ones), else None."""
    if t[0] != '"':
        return None
    rest = _split(t)[1]
    if rest.startswith("^^"):
        return rest[3:-1]
    return LANG_STRING if rest else XSD_STRING


def value(t: str) -> Any:
    """A literal's value as Python (int for the XSD integer types, else its lexical form)."""
    dt = datatype(t)
    lex = lexical(t)
    if dt and dt.startswith(XSD) and dt[len(XSD):] in ("integer", "nonNegativeInteger", "positiveInteger", "int",
                                                        "long", "short"):
        try:
            return int(lex)
        except ValueError:
            return lex
    return lex


def check_iris(triples: Iterable[Triple]) -> None:
    """Raise if a term of ``triples`` is an IRI N-Triples cannot hold (space, ``<``, ``"``, …).

    The distinct IRIs are joined and searched once (one regex pass in C, not one per IRI); only a
    text with a bad character is searched IRI by IRI, to name it.

    Raises:
        LodError: naming the IRI and the character.
    """
    iris = {t for triple in triples for t in triple if t[0] == "<"}
    joined = "".join(iris)
    if not _BAD_IRI_BODY.search(joined) and joined.count("<") == joined.count(">") == len(iris):
        return
    for t in sorted(iris):
        m = _BAD_IRI.search(t, 1, len(t) - 1)
        if m:
            raise LodError(f"expected an IRI without spaces, quotes or angle brackets, found {m.group()!r} "
                           f"in {t}")


def from_rdflib(t: Any) -> str:
    """An rdflib term (or an N-Triples string, passed through) as N-Triples text."""
    if isinstance(t, str) and not isinstance(t, (URIRef, Literal, BNode)):
        return t
    if isinstance(t, URIRef):
        return "<" + str(t) + ">"
    if isinstance(t, BNode):
        return "_:" + str(t)
    if isinstance(t, Literal):
        return literal(str(t), lang=t.language, datatype=str(t.datatype) if t.datatype else None)
    raise LodError(f"expected an rdflib term, found {type(t).__name__}")


def ensure(triples: Iterable[tuple[Any, Any, Any]]) -> list[Triple]:
    """Triples of rdflib terms or N-Triples strings → N-Triples strings."""
    out = []
    for s, p, o in triples:
        out.append((from_rdflib(s), from_rdflib(p), from_rdflib(o)))
    return out


def to_rdflib(t: str) -> URIRef | BNode | Literal:
    """N-Triples text → the rdflib term (for an rdflib ``Graph``: pyshacl, tests)."""
    if t[0] == "<":
        return URIRef(t[1:-1])
    if t[0] == "_":
        return BNode(t[2:])
    lang = language(t)
    dt = datatype(t)
    return Literal(lexical(t), lang=lang,
                   datatype=None if lang or dt in (XSD_STRING, None) else URIRef(dt))


class Grouped:
    """One graph's triples as N-Triples text: deduplicated (first order kept) and grouped subject →
    predicate → objects. Built once per document and shared by the SHACL engine (``lod.validate.shacl``) and the
    three writers (``lod.rdf.serialize``), which all need the same index.

    >>> g = Grouped([("<s>", "<p>", '"a"'), ("<s>", "<p>", '"b"'), ("<s>", "<p>", '"a"')])
    >>> g.triples, g.subjects
    ([('<s>', '<p>', '"a"'), ('<s>', '<p>', '"b"')], {'<s>': {'<p>': ['"a"', '"b"']}})
    """

    __slots__ = ("triples", "subjects")

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        triples = list(triples)
        if triples and not all(type(t) is str for t in triples[0]):
            triples = ensure(triples)
        self.triples: list[Triple] = list(dict.fromkeys(triples))
        self.subjects: dict[str, dict[str, list[str]]] = {}
        subjects = self.subjects
        for s, p, o in self.triples:
            preds = subjects.get(s)
            if preds is None:
                preds = subjects[s] = {}
            objs = preds.get(p)
            if objs is None:
                preds[p] = [o]
            else:
                objs.append(o)

    @classmethod
    def of(cls, triples: Grouped | Iterable[tuple[Any, Any, Any]]) -> Grouped:
        """``triples`` grouped (passed through if already a ``Grouped``)."""
        return triples if isinstance(triples, Grouped) else cls(triples)
