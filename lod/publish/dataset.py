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
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD, Namespace

from lod import identifiers as ids
from lod.rdf.serialize import PREFIXES

__all__ = ["DEFAULT_LICENSE", "DEFAULT_PUBLISHER", "DumpFile", "sha256sums", "void_turtle"]

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
#: Licence of the published data unless ``--license`` says otherwise (an IRI, as DCAT wants).
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_IANA = "https://www.iana.org/assignments/media-types/"
#: Who publishes the dataset unless ``--publisher`` says otherwise.
DEFAULT_PUBLISHER = "Publisher of this lod dataset (set lod build --publisher)"


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
    publisher: str = DEFAULT_PUBLISHER, contact: str | None = None,
) -> bytes:
    """The VoID + DCAT 3 description of the dataset as Turtle, conforming to the DCAT-AP 3.0.0 shapes.

    ``triples`` counts distinct triples (a triple two graphs state is one), ``graphs`` the documents
    (the home page's count). Filled beyond VoID's and DCAT-AP's mandatory properties: licence,
    publisher (``foaf:Agent``), contact point (``vcard:Kind``), landing page, SPARQL endpoint, access
    and download URLs, byte sizes and SHA-256 checksums, media and compression types, version,
    modification date, conformance to our SHACL shapes, example resource, URI space and vocabularies.
    """
    g = Graph(bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "void": str(VOID), "spdx": str(SPDX), "foaf": str(FOAF), "vcard": str(VCARD)}.items():
        g.bind(prefix, ns)
    D = URIRef(ids.dataset_iri(base))
    b = ids.normalize_base(base)
    home = URIRef(b)
    license_doc = URIRef(license)
    g.add((D, RDF.type, VOID.Dataset))
    g.add((D, RDF.type, DCAT.Dataset))
    g.add((D, DCTERMS.title, Literal("United Nations resolutions as linked open data", lang="en")))
    g.add((D, DCTERMS.title, Literal("Résolutions des Nations Unies en données ouvertes liées", lang="fr")))
    g.add((D, DCTERMS.description, Literal(
        "United Nations resolutions, draft resolutions and decisions as linked open data: each document, "
        "its preambular and operative paragraphs, points, footnotes, the documents and treaties it cites "
        "and the bodies it addresses, modelled after Akoma Ntoso and ELI and validated with SHACL.", lang="en")))
    g.add((D, DCTERMS.description, Literal(
        "Les résolutions, projets de résolution et décisions des Nations Unies en données ouvertes liées : "
        "chaque document, ses alinéas et paragraphes, ses notes, les documents et traités qu'il cite et les "
        "organes auxquels il s'adresse, sur le modèle d'Akoma Ntoso et d'ELI, validés par SHACL.", lang="fr")))
    g.add((D, DCTERMS.license, license_doc))
    g.add((license_doc, RDF.type, DCTERMS.LicenseDocument))
    g.add((D, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    g.add((D, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3 term, not in rdflib 7 DCAT
    agent = URIRef(ids.publisher_iri(base))
    g.add((D, DCTERMS.publisher, agent))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(publisher)))
    point = URIRef(ids.contact_iri(base))
    g.add((D, DCAT.contactPoint, point))
    g.add((point, RDF.type, VCARD.Kind))
    g.add((point, VCARD.fn, Literal(publisher)))
    g.add((point, VCARD.hasURL, home))
    if contact:
        g.add((point, VCARD.hasEmail, URIRef(contact if contact.startswith("mailto:") else f"mailto:{contact}")))
    g.add((D, DCAT.landingPage, home))
    g.add((home, RDF.type, FOAF.Document))
    g.add((D, VOID.sparqlEndpoint, URIRef(f"{b}sparql")))
    g.add((D, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((D, VOID.uriSpace, Literal(f"{b}akn/")))
    g.add((D, VOID.vocabulary, URIRef(PREFIXES["lod"])))
    g.add((D, VOID.vocabulary, URIRef(PREFIXES["eli"])))
    shapes = URIRef(ids.file_url(base, "shapes/lod.ttl"))
    g.add((D, DCTERMS.conformsTo, shapes))
    g.add((shapes, RDF.type, DCTERMS.Standard))
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
        g.add((dist, DCAT.accessURL, home))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((home, RDF.type, RDFS.Resource))
        media = URIRef(_IANA + f.media_type)
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        if f.gzip:
            gz = URIRef(_IANA + "application/gzip")
            g.add((dist, DCAT.compressFormat, gz))
            g.add((gz, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(f.bytes, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, license_doc))
        g.add((dist, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        ck = BNode(f"checksum_{f.name}")
        g.add((dist, SPDX.checksum, ck))
        g.add((ck, RDF.type, SPDX.Checksum))
        g.add((ck, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((ck, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
    return g.serialize(format="turtle").encode("utf-8")


def sha256sums(entries: Sequence[tuple[str, str]]) -> bytes:
    """``sha256sum -c`` text from (relative path, sha256) pairs, sorted by path."""
    return "".join(f"{h}  {p}\n" for p, h in sorted(entries)).encode("utf-8")
