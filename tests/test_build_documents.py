"""One source, several documents (a page of a printed volume): `lod build`, `lod parse` and
`lod check` publish or show each document and report each part the parser refused.

Two kinds of tests:

* against the real parser (``lod.read.compilation``), on a text holding two corpus resolutions one
  after the other (S/RES/242 (1967) and S/RES/338 (1973), as a page of the Security Council's volume
  prints them). They were strict xfails until the parser split such pages;
* of the build's own plumbing (results per document, cache entries, manifest, reports), with
  hand-made ``ParsedFile`` values: a stand-in for ``parse_file_documents`` that cuts a file at form
  feeds and parses each piece with the real parser, so that refused parts, duplicates and a source
  going from one document to two are tested whatever the parser makes of real pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lod.read
from conftest import CORPUS, SEED
from lod.cli import main
from lod.read import ParsedFile, RefusedPart, parse_resolution
from lod.fetch.sidecar import sidecar_for
from lod.publish.process import DocumentResult, Job, fingerprint, process_source, read_entry, write_entry

FIRST, SECOND = CORPUS / "en__S_RES_242_1967.gold.txt", CORPUS / "en__S_RES_338_1973.gold.txt"
SYMBOLS = ["S/RES/242 (1967)", "S/RES/338 (1973)"]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def documents(m: dict) -> list[dict]:  # type: ignore[type-arg]
    return [g for g in m["graphs"] if g.get("kind", "document") == "document"]


def page_text() -> str:
    """S/RES/242 (1967) then S/RES/338 (1973), as one page of a volume prints them."""
    return FIRST.read_text(encoding="utf-8").rstrip() + "\n\n\n" + SECOND.read_text(encoding="utf-8")


# --- the real parser ----------------------------------------------------------------------------


def test_build_publishes_both_resolutions_of_one_page(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "page.txt").write_text(page_text(), encoding="utf-8")
    result = run("build", str(tmp_path / "src"), "--out", str(tmp_path / "site"), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    graphs = documents(manifest(tmp_path / "site"))
    assert sorted(g["symbol"] for g in graphs) == SYMBOLS
    assert {g["source"] for g in graphs} == {"page.txt"} and len({g["iri"] for g in graphs}) == 2


VOLUME_PAGES = [CORPUS.parent / "wide" / "texts" / n for n in ("en__S_RES_661_1990.pdftotext.txt",
                                                                 "en__A_RES_46_182.pdftotext.txt")]


def _whole_and_refused(parsed: ParsedFile) -> bool:
    return bool(parsed.documents and parsed.refused)


def test_a_real_volume_page_publishes_its_whole_resolutions_and_reports_the_rest(tmp_path: Path) -> None:
    """A page of a printed volume (wide corpus): what the parser finds whole is published, each
    refused part is left out with file, line and reason, whatever the parser's verdicts are today."""
    from lod.publish.process import refused_message

    page = VOLUME_PAGES[0]  # S/RES/661 (1990)'s page: two whole resolutions and four refused parts
    parsed = REAL(page)
    assert _whole_and_refused(parsed), (parsed.documents, parsed.refused)
    out = tmp_path / "site"
    result = run("build", str(page), "--out", str(out), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    m = manifest(out)
    assert [g["symbol"] for g in documents(m)] == [d.symbol for d in parsed.documents]
    assert {g["source"] for g in documents(m)} == {page.name}
    refused = [f for f in m["failures"] if "refused part" in f["reason"]]
    # a file given by its path is named by its file name (the build machine's directories are not published)
    assert [f["reason"] for f in refused] == [refused_message(page.name, p) for p in parsed.refused]
    for part in parsed.refused:
        assert f"left out: {refused_message(page.name, part)}" in result.stderr
    n = len(parsed.documents) + len(parsed.refused)
    assert f"{n} document(s) from 1 file(s): {len(parsed.documents)} published" in result.stdout


def test_parse_json_gives_a_list_for_a_page_of_two_resolutions(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_text(), encoding="utf-8")
    result = run("parse", "--json", str(page))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert isinstance(doc, list) and [d["symbol"] for d in doc] == SYMBOLS


def test_check_shows_two_documents_for_a_page_of_two_resolutions(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_text(), encoding="utf-8")
    result = run("check", "--json", str(page))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["documents"]
    assert [r["symbol"] for r in rows] == SYMBOLS


# --- the build's plumbing, with hand-made ParsedFile values ---------------------------------------

REFUSED = "REFUSED "  # a piece starting so stands for a part the parser refuses: "REFUSED symbol|reason"


def cut_at_form_feeds(path: str | Path, *, language: str | None = None) -> ParsedFile:
    """A stand-in for ``lod.read.parse_file_documents``: the pieces of a file between form feeds,
    each parsed by the real parser, or refused when it says so. Files without a form feed go to the
    real function."""
    text = Path(path).read_text(encoding="utf-8")
    if "\f" not in text:
        return REAL(path, language=language)
    docs, refused, line = [], [], 1
    for piece in text.split("\f"):
        if piece.startswith(REFUSED):
            symbol, _, reason = piece[len(REFUSED):].splitlines()[0].partition("|")
            refused.append(RefusedPart(symbol or None, line, reason))
        else:
            docs.append(parse_resolution(piece, source=Path(path).name, language=language))
        line += piece.count("\n")
    return ParsedFile(tuple(docs), tuple(refused))


REAL = lod.read.parse_file_documents


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lod.read, "parse_file_documents", cut_at_form_feeds)


def two_and_a_refused_part() -> str:
    return (FIRST.read_text(encoding="utf-8") + "\f" + SECOND.read_text(encoding="utf-8") + "\f"
            + REFUSED + "S/RES/339 (1973)|starts on this page and ends on the next\nResolution 339 (1973)\n")


def build(src: Path, out: Path, *extra: str) -> Result:
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store", *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.usefixtures("pages")
def test_every_document_of_a_source_is_published_and_a_refused_part_left_out(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    (src / "page.txt").write_text(two_and_a_refused_part(), encoding="utf-8")
    (src / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(src, out)
    m = manifest(out)
    graphs = documents(m)
    assert sorted(g["symbol"] for g in graphs if g["source"] == "page.txt") == SYMBOLS
    assert len({g["iri"] for g in graphs}) == 3
    for g in graphs:  # each document its own graph, its own files
        assert hashlib.sha256((out / g["file"]).read_bytes()).hexdigest() == g["sha256"]
    with gzip.open(out / "dumps" / "lod.nq.gz", "rb") as f:
        assert sum(1 for _ in f) == m["triples"] == sum(g["triples"] for g in m["graphs"])
    line = FIRST.read_text(encoding="utf-8").count("\n") + SECOND.read_text(encoding="utf-8").count("\n") + 1
    # named below the folder given, as src/page.txt: the build machine's directories are not published
    reason = f"src/page.txt:{line}: refused part (S/RES/339 (1973)): starts on this page and ends on the next"
    assert m["failures"] == [{"source": "src/page.txt", "reason": reason, "symbol": "S/RES/339 (1973)"}]
    assert f"left out: {reason}" in result.stderr
    assert "4 document(s) from 2 file(s): 3 published (0 from cache), 1 left out" in result.stdout
    assert reason in (out / "build-report.txt").read_text(encoding="utf-8")
    # one cache entry for the source, holding both documents; each document's files under its own key
    entries = sorted((out / ".cache").glob("*.entry"))
    assert len(entries) == 2
    held = [read_entry(e) for e in entries]
    page_results = next(rs for rs in held if len(rs) == 3)
    assert [r.status for r in page_results] == ["ok", "ok", "refused"]
    key = page_results[0].key
    assert [r.key for r in page_results[:2]] == [key, f"{key}-1"]
    assert all((out / ".cache" / f"{key}-1.{ext}.gz").is_file() for ext in ("nq", "ttl", "jsonld", "xml"))


@pytest.mark.usefixtures("pages")
def test_a_rebuild_takes_every_document_of_a_source_from_the_cache(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    (src / "page.txt").write_text(two_and_a_refused_part(), encoding="utf-8")
    build(src, out)
    first = manifest(out)
    result = build(src, out)
    again = manifest(out)
    assert "2 published (2 from cache), 1 left out" in result.stdout
    assert all(g["cached"] for g in documents(again))
    dumps = lambda m: {f["path"]: f["sha256"] for f in m["files"] if f["path"].startswith("dumps/")}  # noqa: E731
    assert dumps(again) == dumps(first)
    assert again["failures"] == first["failures"]
    for g in documents(again):
        assert hashlib.sha256((out / g["file"]).read_bytes()).hexdigest() == g["sha256"]


@pytest.mark.usefixtures("pages")
def test_a_source_going_from_one_document_to_two_and_back_rebuilds_right(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    page = src / "page.txt"
    page.write_text(FIRST.read_text(encoding="utf-8"), encoding="utf-8")
    build(src, out)
    assert [g["symbol"] for g in documents(manifest(out))] == SYMBOLS[:1]

    page.write_text(FIRST.read_text(encoding="utf-8") + "\f" + SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(src, out)
    graphs = documents(manifest(out))
    assert sorted(g["symbol"] for g in graphs) == SYMBOLS and not any(g["cached"] for g in graphs)
    second = next(g["iri"] for g in graphs if g["symbol"] == SYMBOLS[1])
    assert "2 document(s) from 1 file(s): 2 published (0 from cache)" in result.stdout
    assert len(list((out / ".cache").glob("*.entry"))) == 1  # the old entry is not carried over
    assert len(_document_files(out)) == 2 and (out / "graphs" / "actors.nq.gz").is_file()  # two documents and the actors

    page.write_text(FIRST.read_text(encoding="utf-8"), encoding="utf-8")
    build(src, out)
    assert [g["symbol"] for g in documents(manifest(out))] == SYMBOLS[:1]
    assert len(_document_files(out)) == 1  # the second document's graph is gone
    assert f"<{second}>".encode() not in gzip.decompress((out / "dumps" / "lod.nq.gz").read_bytes())


@pytest.mark.usefixtures("pages")
def test_two_documents_with_the_same_expression_keep_the_first(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    text = FIRST.read_text(encoding="utf-8")
    (src / "page.txt").write_text(text + "\f" + text, encoding="utf-8")
    result = build(src, out)
    m = manifest(out)
    assert [g["symbol"] for g in documents(m)] == SYMBOLS[:1]
    [failure] = m["failures"]
    where = "src/page.txt (S/RES/242 (1967))"
    assert failure["reason"].startswith(f"{where}: same expression ") and failure["reason"].endswith(
        f" as {where}; kept the first")
    assert failure["symbol"] == SYMBOLS[0]
    assert "1 left out" in result.stdout


@pytest.mark.usefixtures("pages")
def test_strict_fails_on_a_refused_part(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "page.txt").write_text(two_and_a_refused_part(), encoding="utf-8")
    result = run("build", str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store", "--strict")
    assert result.exit_code == 1 and "PublishError: --strict:" in result.stderr and "refused part" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.usefixtures("pages")
def test_parse_prints_each_document_and_reports_refused_parts(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(two_and_a_refused_part(), encoding="utf-8")
    result = run("parse", str(page))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1].split(" [")[0] for line in lines] == SYMBOLS
    assert f"refused: {page}:" in result.stderr and "refused part (S/RES/339 (1973))" in result.stderr
    doc = json.loads(run("parse", "--json", str(page)).stdout)
    assert isinstance(doc, list) and [d["symbol"] for d in doc] == SYMBOLS
    # several files: one flat list of documents
    both = json.loads(run("parse", "--json", str(page), str(SEED)).stdout)
    assert [d["symbol"] for d in both] == [*SYMBOLS, "CTOC/COP/2020/L.6/Rev.1"]


@pytest.mark.usefixtures("pages")
def test_check_has_a_row_per_document_and_per_refused_part(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(two_and_a_refused_part(), encoding="utf-8")
    result = run("check", "--json", str(page))
    assert result.exit_code == 0, result.output  # a refused part is reported, not a failure
    data = json.loads(result.stdout)
    assert [(r["symbol"], r["status"]) for r in data["documents"]] == [
        (SYMBOLS[0], "ok"), (SYMBOLS[1], "ok"), ("S/RES/339 (1973)", "refused")]
    assert data["summary"]["status"]["refused"] == 1 and data["summary"]["documents"] == 2
    table = run("check", str(page)).stdout
    assert "refused" in table and "starts on this page and ends on the next" in table


# --- unit tests of the cache entry and the sidecar rule --------------------------------------------


def test_an_entry_holds_several_results(tmp_path: Path) -> None:
    from lod.model import ParseWarning

    results = [
        DocumentResult("p.txt", "k", "ok", symbol="A/1", warnings=(ParseWarning("numbering-gap", "3 after 1", 7),),
                       files=("x/k.nq.gz", "x/k.ttl.gz", "x/k.jsonld.gz"), sha256=("a", "b", "c"),
                       content_sha256=("d", "e", "f"), index=0, of=3,
                       links=(("<s>", "<p>", "<o>"),)),
        DocumentResult("p.txt", "k-1", "invalid", "p.txt (A/2): 1 SHACL violation(s)", symbol="A/2", index=1, of=3),
        DocumentResult("p.txt", "k-2", "ok", symbol="A/3", files=("x/k-2.nq.gz", "x/k-2.ttl.gz", "x/k-2.jsonld.gz"),
                       index=2, of=3),
    ]
    write_entry(tmp_path, "k", results)
    assert read_entry(tmp_path / "k.entry") == tuple(results)
    damaged = tmp_path / "k.entry"
    damaged.write_bytes(damaged.read_bytes()[:-1])
    with pytest.raises(ValueError):
        read_entry(damaged)


def test_an_entry_of_the_one_result_layout_is_not_trusted(tmp_path: Path) -> None:
    """Entries written before sources could hold several documents are processed again."""
    (tmp_path / "k.entry").write_bytes(gzip.compress(b'{"source": "a.txt", "key": "k", "status": "ok"}\n'))
    with pytest.raises(KeyError):
        read_entry(tmp_path / "k.entry")


def test_an_entry_of_the_uncompressed_layout_is_not_trusted(tmp_path: Path) -> None:
    """Entries written before the graphs' files were compressed (JSON, then the dumps' members) are processed again."""
    (tmp_path / "k.entry").write_bytes(b'{"results": [{"source": "a.txt", "key": "k", "status": "ok", "member_sizes": [1]}]}\nx')
    with pytest.raises(ValueError):
        read_entry(tmp_path / "k.entry")


@pytest.mark.usefixtures("pages")
def test_process_source_reads_a_damaged_multi_document_entry_as_a_miss(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(two_and_a_refused_part(), encoding="utf-8")
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    fp = fingerprint("http://x.org/", True, "compiled")
    job = Job(str(page), fp, "http://x.org/", True, "compiled", "0.1.0", None, str(old))
    fresh = process_source(job)
    assert [(r.status, r.index, r.of) for r in fresh] == [("ok", 0, 3), ("ok", 1, 3), ("refused", 2, 3)]
    cached = process_source(Job(str(page), fp, "http://x.org/", True, "compiled", "0.1.0", str(old), str(new)))
    assert all(r.cached for r in cached) and [r.sha256 for r in cached] == [r.sha256 for r in fresh]
    assert all(Path(f).parent == new and Path(f).is_file() for r in cached for f in r.files)
    (old / f"{fresh[1].key}.ttl.gz").unlink()  # one document's file missing: the whole source is processed again
    newer = tmp_path / "newer"
    newer.mkdir()
    again = process_source(Job(str(page), fp, "http://x.org/", True, "compiled", "0.1.0", str(old), str(newer)))
    assert not any(r.cached for r in again) and [r.status for r in again] == ["ok", "ok", "refused"]


def test_a_sidecar_applies_to_the_document_it_names_on_a_page_of_several() -> None:
    one, two = (parse_resolution(p.read_text(encoding="utf-8")) for p in (FIRST, SECOND))
    meta = {"symbol": "S/RES/338(1973)", "adoption_date": "1973-10-22"}
    assert sidecar_for(meta, one, sole=False) is None
    assert sidecar_for(meta, two, sole=False) is meta
    assert sidecar_for(meta, one, sole=True) is meta  # one document: apply_sidecar reports the mismatch


def _document_files(out: Path) -> list[Path]:
    """The N-Quads files of the document graphs (not the dataset's actors and links graphs)."""
    return [p for p in (out / "graphs").glob("*.nq.gz") if not p.name.startswith(("actors.", "links."))]
