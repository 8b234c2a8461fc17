"""Describe a built dataset: VoID + DCAT 3 (``void.ttl``), ``manifest.json``, ``SHA256SUMS``.

Pure functions over plain values; ``lod.publish.build`` gathers the figures and writes the files.

Example:
    >>> f = DumpFile("dumps/lod.nq.gz", "application/n-quads", 10, "0" * 64, "nquads", True)
    >>> b"void:dataDump" in void_turtle("http://x.org/", [f], triples=5, modified="2026-11-28T00:00:00Z")
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD, Namespace

from lod import identifiers as ids
from lod.rdf.serialize import PREFIXES

__all__ = ["DEFAULT_LICENSE", "DumpFile", "sha256sums", "void_turtle"]

SPDX = Namespace("http://spdx.org/rdf/terms#")
#: Licence of the published data unless ``--license`` says otherwise (an IRI, as DCAT wants).
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class DumpFile:
    """A downloadable file of the dataset: relative path, media type, size, sha256, distribution name."""

    path: str
    media_type: str
    bytes: int
    sha256: str
    name: str
    gzip: bool = False


def void_turtle(
    base: str, dumps: Sequence[DumpFile], *, triples: int, modified: str, graphs: int = 0,
    license: str = DEFAULT_LICENSE, example: str | None = None, version: str = "0.1.0",
) -> bytes:
    """The VoID + DCAT 3 description of the dataset as Turtle."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "void": str(VOID), "spdx": str(SPDX)}.items():
        g.bind(prefix, ns)
    D = URIRef(ids.dataset_iri(base))
    b = ids.normalize_base(base)
    g.add((D, RDF.type, VOID.Dataset))
    g.add((D, RDF.type, DCAT.Dataset))
    g.add((D, DCTERMS.title, Literal("United Nations resolutions as linked open data", lang="en")))
    g.add((D, DCTERMS.title, Literal("Résolutions des Nations Unies en données ouvertes liées", lang="fr")))
    g.add((D, DCTERMS.license, URIRef(license)))
    g.add((D, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    g.add((D, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3 term, not in rdflib 7 DCAT
    g.add((D, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((D, VOID.uriSpace, Literal(f"{b}akn/")))
    g.add((D, VOID.vocabulary, URIRef(PREFIXES["lod"])))
    g.add((D, VOID.vocabulary, URIRef(PREFIXES["eli"])))
    g.add((D, DCTERMS.conformsTo, URIRef(ids.file_url(base, "shapes/lod.ttl"))))
    g.add((D, RDFS.seeAlso, URIRef(ids.file_url(base, "validation-report.ttl"))))
    if graphs:
        g.add((D, VOID.documents, Literal(graphs, datatype=XSD.integer)))
    if example:
        g.add((D, VOID.exampleResource, URIRef(example)))
    for f in dumps:
        url = URIRef(ids.file_url(base, f.path))
        dist = URIRef(ids.distribution_iri(base, f.name))
        g.add((D, VOID.dataDump, url))
        g.add((D, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(_IANA + f.media_type)))
        if f.gzip:
            g.add((dist, DCAT.compressFormat, URIRef(_IANA + "application/gzip")))
        g.add((dist, DCAT.byteSize, Literal(f.bytes, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef(license)))
        g.add((dist, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        ck = BNode(f"checksum_{f.name}")
        g.add((dist, SPDX.checksum, ck))
        g.add((ck, RDF.type, SPDX.Checksum))
        g.add((ck, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((ck, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
    return g.serialize(format="turtle").encode("utf-8")


def sha256sums(entries: Sequence[tuple[str, str]]) -> bytes:
    """``sha256sum -c`` text from (relative path, sha256) pairs, sorted by path."""
    return "".join(f"{h}  {p}\n" for p, h in sorted(entries)).encode("utf-8")
