"""SPARQL query results writers (JSON, XML, CSV, TSV) with an explicit truncation flag.

pyoxigraph can serialise a whole result set, but a capped result must say
that it was cut; these writers take the rows already read (up to the cap)
and a ``truncated`` flag, and put the flag where a client can see it:

* JSON: a top-level ``"truncated": true`` next to ``head``/``results``
  (extra members are allowed by the JSON results format and ignored by clients);
* XML: ``<link href="urn:lod:truncated"/>`` in ``<head>``;
* every format: the ``Lod-Truncated`` response header set by the server.

>>> from pyoxigraph import Literal, NamedNode
>>> write_rows("json", ["x"], [(NamedNode("http://e/a"),), (Literal("b", language="en"),)])
b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://e/a"}},{"x":{"type":"literal","value":"b","xml:lang":"en"}}]}}'
>>> write_boolean("csv", True)
b'_askResult\\r\\ntrue\\r\\n'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode

__all__ = ["TRUNCATION_LINK", "write_boolean", "write_rows"]

TRUNCATION_LINK = "urn:lod:truncated"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[object | None]


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms: shown as text


def _xml_term(term: object) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        value = f"_:{term.value}"
    elif isinstance(term, (NamedNode, Literal)):
        value = term.value
    else:
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _tsv_cell(term: object | None) -> str:
    if term is None:
        return ""
    # N-Triples syntax, as the TSV results format asks; tabs and newlines are escaped there
    return str(term)


def write_rows(fmt: str, variables: Sequence[str], rows: Iterable[Row], *, truncated: bool = False) -> bytes:
    """Serialise SELECT rows (one term or ``None`` per variable) in ``json``, ``xml``, ``csv`` or ``tsv``.

    Raises:
        ValueError: ``fmt`` is not one of the four result formats.
    """
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows
        ]
        doc: dict[str, object] = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if truncated:
            doc["head"] = {"vars": list(variables), "link": [TRUNCATION_LINK]}
            doc["truncated"] = True
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            parts.append(f'<link href="{TRUNCATION_LINK}"/>')
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None]
            parts.append("</result>")
        parts.append("</results></sparql>")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(_tsv_cell(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}; expected json, xml, csv or tsv")


def write_boolean(fmt: str, value: bool) -> bytes:
    """Serialise an ASK answer in ``json``, ``xml``, ``csv`` or ``tsv``.

    Raises:
        ValueError: ``fmt`` is not one of the four result formats.
    """
    text = "true" if value else "false"
    if fmt == "json":
        return ('{"head":{},"boolean":' + text + "}").encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{text}</boolean></sparql>"
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{text}\n".encode()
    raise ValueError(f"unknown results format {fmt!r}; expected json, xml, csv or tsv")
