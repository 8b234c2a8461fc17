"""`lod build` on hostile text: whatever a user collects, one bad source is left out (or repaired) with
its reason, the batch goes on, and every dump it writes reads back in rapper, rdflib and pyoxigraph.

Real builds through the CLI, on a small real resolution (A/RES/78/186 from the shared corpus) copied
under other symbols and spoiled one way per file.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph

from conftest import CORPUS
from lod.cli import main

TEMPLATE = CORPUS / "en__A_RES_78_186.pdftotext.txt"
TITLE_LINE = "Report of the Human Rights Council\nThe General Assembly,"
ELI_TITLE = "http://data.europa.eu/eli/ontology#title"


def text(number: int, spoil: Callable[[str], str] = lambda t: t) -> str:
    """The template resolution as A/RES/78/``number``, spoiled by ``spoil``."""
    return spoil(TEMPLATE.read_text(encoding="utf-8").replace("78/186", f"78/{number}"))


def untitled(t: str) -> str:
    """The text without its title line (the catalogue's title is used only when the text has none)."""
    return t.replace(TITLE_LINE, "The General Assembly,")


def build(*args: str) -> Result:
    return CliRunner().invoke(main, ["build", *args], catch_exceptions=False)


def manifest(site: Path) -> dict:  # type: ignore[type-arg]
    """manifest.json, checked to be UTF-8 and to hold no lone surrogate (not even as a JSON escape)."""
    data = json.loads((site / "manifest.json").read_bytes().decode("utf-8"))

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        return [s for k, v in items for s in strings(k) + strings(v)]
    assert not [s for s in strings(data) if any("\ud800" <= c <= "\udfff" for c in s)]
    return data


def read_back(site: Path) -> int:
    """The quads of the N-Quads dump, after checking that pyoxigraph, rdflib and rapper all read the
    N-Quads and Turtle dumps and agree on their size."""
    nq = gzip.decompress((site / "dumps" / "lod.nq.gz").read_bytes())
    ttl = gzip.decompress((site / "dumps" / "lod.ttl.gz").read_bytes())
    quads = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    ds = Dataset()
    ds.parse(data=nq, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == len(quads)
    ttl_triples = list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    assert len(Graph().parse(data=ttl, format="turtle")) == len(set(ttl_triples))
    for syntax, data, count in (("nquads", nq, len(quads)), ("turtle", ttl, len(ttl_triples))):
        done = subprocess.run(["rapper", "-i", syntax, "-c", "-", "http://example.org/"], input=data,
                              capture_output=True, timeout=60)
        assert done.returncode == 0 and b"Error" not in done.stderr, done.stderr.decode()[-500:]
        assert f"returned {count} ".encode() in done.stderr or f"returned {count} triple".encode() in done.stderr
    return len(quads)


def titles(site: Path, number: int) -> list[str]:
    """The ``eli:title`` values of A/RES/78/``number``'s expression graph."""
    [g] = [g for g in manifest(site)["graphs"] if g["symbol"] == f"A/RES/78/{number}"]
    data = gzip.decompress((site / g["file"]).read_bytes())  # graphs/<slug>.nq.gz
    return [str(q.object.value) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
            if q.predicate.value == ELI_TITLE and q.subject.value == g["iri"]]


def published(site: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {g["symbol"]: g for g in manifest(site)["graphs"] if g.get("kind", "document") == "document"}


# --- lone surrogates -------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_and_a_surrogate_in_a_sidecar_do_not_stop_the_batch(tmp_path: Path) -> None:
    """Before: UnicodeEncodeError writing the N-Quads, and the whole build aborted."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(text(901), encoding="utf-8")
    with open(os.fsencode(src) + b"/bad\xff.txt", "w", encoding="utf-8") as f:  # a Latin-1 name on a UTF-8 disk
        f.write(text(902))
    (src / "cat.txt").write_text(text(903, untitled), encoding="utf-8")
    (src / "cat.meta.json").write_text('{"symbol": "A/RES/78/903", "titles": {"en": "a \\ud800 b"}}', encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    graphs = published(site)
    assert {"A/RES/78/901", "A/RES/78/902", "A/RES/78/903"} <= set(graphs)
    assert graphs["A/RES/78/902"]["source"] == "bad\\xff.txt"  # the bytes that are not UTF-8, escaped
    assert [w["code"] for w in graphs["A/RES/78/902"]["warnings"]] == ["file-name"]
    assert not any("\ud800" <= c <= "\udfff" for t in titles(site, 903) for c in t)
    quads = read_back(site)
    assert quads == sum(g["triples"] for g in manifest(site)["graphs"])
    report = (site / "build-report.txt").read_bytes().decode("utf-8")
    assert "bad\\xff.txt: file-name" in report


def test_an_unexpected_error_in_one_document_leaves_that_document_out(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a writer raises (here a fault planted in the serialiser for one document), that document
    is left out with its reason and the others are published; before, anything but a LodError stopped
    the build."""
    import lod.rdf.serialize

    real = lod.rdf.serialize.serialize_all

    def faulty(triples, graph):  # type: ignore[no-untyped-def]
        if "78-991" in graph:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(triples, graph)

    monkeypatch.setattr(lod.rdf.serialize, "serialize_all", faulty)
    src = tmp_path / "src"
    src.mkdir()
    for n in (990, 991, 992):
        (src / f"{n}.txt").write_text(text(n), encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store")  # -j 1: in this process
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert set(published(site)) == {"A/RES/78/990", "A/RES/78/992"}
    [failure] = manifest(site)["failures"]
    assert failure["source"] == "src/991.txt" and "unexpected UnicodeEncodeError" in failure["reason"]
    read_back(site)


# --- noncharacters ----------------------------------------------------------------------------------


def test_noncharacters_in_a_text_and_a_sidecar_leave_every_dump_readable(tmp_path: Path) -> None:
    """Before: the N-Quads dump held ``\\uFFFE`` and rapper refused the whole of it."""
    src = tmp_path / "src"
    src.mkdir()
    spoilt = "Report\ufffe of the Human\uffff Rights\ufdd0 Council\U0010fffe\x01\nThe General Assembly,"
    (src / "a.txt").write_text(text(921, lambda t: t.replace(TITLE_LINE, spoilt).replace(
        "Takes note", "Takes\ufffe note")), encoding="utf-8")
    (src / "b.txt").write_text(text(922, untitled), encoding="utf-8")
    (src / "b.meta.json").write_text(json.dumps({"symbol": "A/RES/78/922", "titles": {"en": "Cata\ufffelogue\uffff"}}),
                                     encoding="utf-8")
    (src / "c.txt").write_text(text(923), encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert {"A/RES/78/921", "A/RES/78/922", "A/RES/78/923"} <= set(published(site))
    assert titles(site, 921) == ["Report of the Human Rights Council"]  # dropped, the text reads as before
    read_back(site)
    for dump in ("lod.nq.gz", "lod.ttl.gz", "lod.jsonld.gz"):
        data = gzip.decompress((site / "dumps" / dump).read_bytes()).decode("utf-8")
        assert not {"\ufffe", "\uffff"} & set(data) and "\\uFFFE" not in data.upper(), dump


# --- characters later stages take for white space ---------------------------------------------------

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x1c", "\x1d", "\x1e", "\x1f", "\u1680"]


def test_line_and_paragraph_separators_read_as_white_space_in_a_build(tmp_path: Path) -> None:
    """Before: "Recalling<VT>also" and "Recalling also" in one text gave the phrase IRI …/recalling-also
    two ``@en`` labels, and SHACL left the document out."""
    src = tmp_path / "src"
    src.mkdir()
    for i, sep in enumerate(SEPARATORS):
        (src / f"s{i}.txt").write_text(text(930 + i, lambda t: t.replace("Recalling also", f"Recalling{sep}also").replace(
            "Rights Council, 1\nTakes", "Rights Council, 1\nRecalling also the report,\nTakes")), encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    m = manifest(site)
    assert not m["failures"] and {f"A/RES/78/{930 + i}" for i in range(len(SEPARATORS))} <= set(published(site))
    read_back(site)
    quads = ox.parse(gzip.decompress((site / "dumps" / "lod.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS)
    labels = {(q.subject.value, q.object.value) for q in quads
              if q.predicate.value == "http://www.w3.org/2004/02/skos/core#prefLabel" and "/phrase/eng/" in q.subject.value}
    assert {label for iri, label in labels if iri.endswith("/recalling-also")} == {"Recalling also"}
    assert not [label for _, label in labels if any(c.isspace() and c != " " for c in label)]


def test_normalise_leaves_no_white_space_but_the_space_and_the_line_end() -> None:
    """Every code point, once: what ``str.split``/``str.strip`` would take for white space is a space or
    ends a line, and the lines are the ones ``str.splitlines`` counts (line numbers stay true)."""
    from lod.read.normalise import normalise

    everything = "".join(map(chr, range(0x110000)))
    lines, _ = normalise(everything)
    assert len(lines) == len(everything.splitlines())
    found = {c for line in lines for c in line.text if (c.isspace() and c != " ") or unicodedata.category(c) in ("Cc", "Cs")
             or unicodedata.category(c) == "Cn" and (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)}
    assert not found, sorted(f"U+{ord(c):04X}" for c in found)


# --- catalogue sidecars -----------------------------------------------------------------------------

SIDECAR_TITLES: dict[str, object] = {
    "junk": "A\x00B\r\nC\ufeffD\ue000E e\u0301 ",  # NUL, CR/LF, BOM, the parser's sentinel, not NFC
    "spaces": "   ", "number": 5, "array": ["x"], "object": {"a": 1}, "surrogate": "a \ud800 b", "good": "Good title",
}


def test_sidecar_values_are_cleaned_like_text_or_refused_with_a_warning(tmp_path: Path) -> None:
    """Before: the title passed as it was (NUL, CR/LF, BOM, sentinel, not NFC), a title of spaces was
    published, a number went to SHACL as an integer title and an array stopped the document."""
    src = tmp_path / "src"
    src.mkdir()
    for i, (name, title) in enumerate(SIDECAR_TITLES.items()):
        (src / f"{name}.txt").write_text(text(940 + i, untitled), encoding="utf-8")
        (src / f"{name}.meta.json").write_text(json.dumps({"symbol": f"A/RES/78/{940 + i}", "titles": {"en": title}}),
                                               encoding="utf-8")
    (src / "fields.txt").write_text(text(960, untitled), encoding="utf-8")
    (src / "fields.meta.json").write_text(json.dumps({"symbol": 42, "adoption_date": "2025-02-30", "titles": ["x"]}),
                                          encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    graphs = published(site)
    assert not manifest(site)["failures"] and len(graphs) == len(SIDECAR_TITLES) + 1
    assert titles(site, 940) == [unicodedata.normalize("NFC", "AB CDE e\u0301")]
    assert titles(site, 946) == ["Good title"]
    for i, name in enumerate(SIDECAR_TITLES):
        warnings = [w["message"] for w in graphs[f"A/RES/78/{940 + i}"]["warnings"]]
        if name in ("junk", "good"):
            assert warnings == [] and titles(site, 940 + i)
        else:  # refused: named by file and field, and no title at all rather than a bad one (which the parse also says)
            catalogue = [w for w in warnings if not w.startswith("no title read above the formula")]
            assert len(catalogue) == 1 and catalogue[0].startswith(f"{name}.meta.json: titles.en: expected a title, found ")
            assert titles(site, 940 + i) == []
    assert [w["message"].split(":")[1].strip() for w in graphs["A/RES/78/960"]["warnings"]
            if w["message"].startswith("fields.meta.json")] == ["symbol", "adoption_date", "titles"]
    assert "unexpected" not in result.output
    read_back(site)


# --- the base IRI -----------------------------------------------------------------------------------

BAD_BASES = ["http://x.org/a|b/", "http://x.org/{a}/", "http://x.org/^/", 'http://x.org/"/', "http://x.org/a\\b/",
             "http://x.org/</", "http://x.org/>/", "http://x.org/`/", "http://x.org/%zz/", "http://x.org/%4/",
             "http:///a/", "http://x.org/\ufffe/"]


@pytest.mark.parametrize("base", BAD_BASES)
def test_a_base_that_is_not_an_iri_is_refused_before_anything_is_written(base: str, tmp_path: Path) -> None:
    """Before: '|' and its kind crashed the build writing void.ttl; '%zz' crashed loading the store, and with
    --no-store wrote dumps pyoxigraph cannot read."""
    src = tmp_path / "a.txt"
    src.write_text(text(950), encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store", "--base", base)
    assert result.exit_code == 1 and "IdentifierError: expected an http(s) base IRI" in result.output, result.output
    assert list(tmp_path.iterdir()) == [src]  # no site, no half-written aside directory


@pytest.mark.parametrize("license_", ["CC BY 4.0", "https://x.org/a|b", "https://x.org/%zz", "by-4.0"])
def test_a_licence_that_is_not_an_iri_is_refused_before_anything_is_written(license_: str, tmp_path: Path) -> None:
    """Before: rdflib's 'does not look like a valid URI' exception while void.ttl was written, a traceback."""
    src = tmp_path / "a.txt"
    src.write_text(text(952), encoding="utf-8")
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store", "--license", license_)
    assert result.exit_code == 1 and "IdentifierError: expected an absolute IRI for --license" in result.output
    assert list(tmp_path.iterdir()) == [src]


def test_an_unusual_but_valid_base_builds_a_dataset_every_reader_takes(tmp_path: Path) -> None:
    """Sub-delimiters, a colon and an at sign, a percent escape, non-ASCII letters (RFC 3987), no final slash."""
    src = tmp_path / "a.txt"
    src.write_text(text(951), encoding="utf-8")
    base = "http://例え.example/données/a!$&'()*+,;=:@~b%41"
    result = build(str(src), "--out", str(tmp_path / "site"), "-j", "1", "--base", base)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert manifest(site)["base"] == base + "/"
    quads = read_back(site)
    store = ox.Store.read_only(str(site / "store"))
    assert sum(1 for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)) == quads
    void = (site / "void.ttl").read_bytes()
    assert len(Graph().parse(data=void, format="turtle")) == len(list(ox.parse(void, format=ox.RdfFormat.TURTLE))) > 0
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(site / "void.ttl")], capture_output=True, timeout=60)
    assert done.returncode == 0 and b"Error" not in done.stderr


# --- the Turtle writer ------------------------------------------------------------------------------

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def test_turtle_writes_rdf_type_as_a_only_where_turtle_allows_it(tmp_path: Path) -> None:
    """Before: ``owl:sameAs a`` (``a`` stands for rdf:type in the predicate position only): rapper,
    rdflib and pyoxigraph refused the file."""
    from lod.rdf.serialize import serialize_all

    triples = [("<http://x.org/a>", "<http://www.w3.org/2002/07/owl#sameAs>", RDF_TYPE),
               (RDF_TYPE, RDF_TYPE, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property>"),
               (RDF_TYPE, "<http://www.w3.org/2000/01/rdf-schema#label>", '"type"@en'),
               ("<http://x.org/a>", RDF_TYPE, "<https://w3id.org/un-lod/ontology#Resolution>")]
    nq, ttl, _ = serialize_all(triples, "http://x.org/g")
    expected = {(q.subject, q.predicate, q.object) for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)}
    assert {(t.subject, t.predicate, t.object) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)} == expected
    assert len(Graph().parse(data=ttl, format="turtle")) == len(expected)
    (tmp_path / "g.ttl").write_bytes(ttl)
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(tmp_path / "g.ttl")], capture_output=True, timeout=60)
    assert done.returncode == 0 and f"returned {len(expected)} triples".encode() in done.stderr, done.stderr
    assert b"\ta lod:Resolution ." in ttl and b"rdf:type a rdf:Property" in ttl  # still ``a`` as a predicate


# --- where sources are named -------------------------------------------------------------------------


def published_text(site: Path) -> str:
    """Every file a build publishes (what `lod serve` offers), as text: manifest, report, dumps, graphs, VoID."""
    out = []
    for f in sorted(site.rglob("*")):
        if f.is_file() and ".cache" not in f.parts and "store" not in f.relative_to(site).parts:
            data = f.read_bytes()
            out.append((gzip.decompress(data) if f.suffix == ".gz" else data).decode("utf-8", "replace"))
    return "\n".join(out)


def test_reports_name_sources_below_the_arguments_never_by_the_build_machine_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: manifest.json's failures[].source and reasons, and build-report.txt, gave the absolute path
    of each file on the build machine."""
    texts, other = tmp_path / "home" / "clerk" / "texts", tmp_path / "elsewhere"
    (texts / "en").mkdir(parents=True)
    other.mkdir()
    (texts / "en" / "good.txt").write_text(text(970), encoding="utf-8")
    (texts / "en" / "empty.txt").write_text("", encoding="utf-8")
    (texts / "latin1.txt").write_bytes(text(971).replace("the Human", "thé Human").encode("latin-1"))
    (other / "single.txt").write_text(text(972), encoding="utf-8")
    site = tmp_path / "site"
    result = build(str(texts), str(other / "single.txt"), "--out", str(site), "-j", "2")
    assert result.exit_code == 0, result.output
    m = manifest(site)
    assert m["failures"] == [{"source": "texts/en/empty.txt",
                              "reason": "SourceError: texts/en/empty.txt: empty file: expected the text of a "
                                        "resolution, found no text"}]
    graphs = published(site)
    assert graphs["A/RES/78/971"]["warnings"][0]["code"] == "encoding" and graphs["A/RES/78/972"]["source"] == "single.txt"
    report = (site / "build-report.txt").read_text(encoding="utf-8")
    assert "texts/en/empty.txt: empty file" in report and "\ntexts/latin1.txt:12: encoding: " in report
    assert "left out: SourceError: texts/en/empty.txt: empty file" in result.output
    assert str(tmp_path) not in published_text(site) and "clerk" not in published_text(site)

    # a rebuild from the cache, the folder named otherwise: the cached reasons follow the new name
    monkeypatch.chdir(texts)
    result = build(".", "--out", str(site), "-j", "1")
    assert result.exit_code == 0, result.output
    [failure] = manifest(site)["failures"]
    assert failure["source"] == "texts/en/empty.txt" and "texts/en/empty.txt: empty file" in failure["reason"]
    result = build("en", "--out", str(site), "-j", "1")
    assert [f["reason"] for f in manifest(site)["failures"]] == [
        "SourceError: en/empty.txt: empty file: expected the text of a resolution, found no text"]


def test_two_sources_that_would_share_a_name_are_told_apart(tmp_path: Path) -> None:
    """Two folders both called texts, each with a.txt: each name takes one more parent directory."""
    for i, side in enumerate(("left", "right")):
        (tmp_path / side / "texts").mkdir(parents=True)
        (tmp_path / side / "texts" / "a.txt").write_text(text(980 + i), encoding="utf-8")
        (tmp_path / side / "texts" / "b.txt").write_text("", encoding="utf-8")
    result = build(str(tmp_path / "left" / "texts"), str(tmp_path / "right" / "texts"), "--out", str(tmp_path / "site"),
                   "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    m = manifest(tmp_path / "site")
    assert [f["source"] for f in m["failures"]] == ["left/texts/b.txt", "right/texts/b.txt"]
    assert {g["source"] for g in published(tmp_path / "site").values()} == {"a.txt"}  # graphs: the file's name, as before
