"""Fetching documents and catalogue records: polite client, batch, sidecars, CLI.

No test touches the network: a local server (tests/replay_server.py) replays the
UN services' request and response formats, faults included.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.errors import SourceError
from lod.fetch import (
    FetchError,
    PoliteClient,
    Services,
    apply_sidecar,
    fetch_documents,
    file_stem,
    load_sidecar_metadata,
    normalise_symbol,
)
from lod.fetch.client import _retry_after
from lod.model import Resolution, SourceInfo
from lod.fetch.unlibrary import catalogue_record, parse_marcxml
from minipdf import Text, text_pdf
from replay_server import Replay, marc_collection, marc_record

SYMBOLS = [f"A/RES/78/{n}" for n in range(201, 221)]


def _pdf(symbol: str, lang: str) -> bytes:
    return text_pdf([[Text(72, 700, f"{symbol} ({lang})"), Text(72, 680, "The General Assembly,")]])


@pytest.fixture
def replay() -> Iterator[Replay]:
    r = Replay()
    for i, s in enumerate(SYMBOLS):
        for lang in ("EN", "FR"):
            r.documents[(s, lang)] = _pdf(s, lang)
        r.catalogue[s] = marc_collection(
            marc_record(s[:-1], str(3000 + i), title="A near miss", adopted="2023-12-01"),
            marc_record(s, str(4000 + i), title=f"Resolution number {i}", adopted="2023-12-19", published="2023-12-22",
                        subjects=("TRAFFICKING IN PERSONS", "WOMEN"), vote_note="Adopted without vote, 50th plenary meeting"),
        )
    r.start()
    yield r
    r.stop()


def _client(tmp: Path, **kw: object) -> PoliteClient:
    opts: dict = {"min_interval": 0.0, "timeout": (2.0, 0.5), "retries": 3, "backoff": 0.05, "cache_dir": tmp / ".cache"}
    opts.update(kw)
    return PoliteClient(**opts)


def _services(replay: Replay) -> Services:
    return Services(replay.base_url, replay.base_url)


# ---------------------------------------------------------------- the batch


def test_twenty_symbols_two_fail_eighteen_kept_and_rerun_downloads_nothing(replay: Replay, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    replay.faults[("pdf", SYMBOLS[4], "EN")] = ["404!"]  # never published
    replay.faults[("pdf", SYMBOLS[11], "EN")] = ["500!"]  # server broken for good
    replay.faults[("pdf", SYMBOLS[2], "EN")] = ["429"]  # transient faults the client rides out
    replay.faults[("pdf", SYMBOLS[6], "EN")] = ["truncated"]
    replay.faults[("pdf", SYMBOLS[8], "EN")] = ["timeout"]
    replay.faults[("pdf", SYMBOLS[9], "EN")] = ["500", "503"]
    with _client(out) as client:
        report = fetch_documents(SYMBOLS, languages=["en"], to=out, services=_services(replay), client=client)

    assert [o.symbol for o in report.failed] == [SYMBOLS[4], SYMBOLS[11]]
    assert "404" in report.failed[0].errors[0] and "expected 200" in report.failed[0].errors[0]
    assert "gave up after 4 attempts" in report.failed[1].errors[0] and "500" in report.failed[1].errors[0]
    kept = sorted(out.glob("*-EN.pdf"))
    assert len(kept) == 18
    for s in SYMBOLS:
        stem = file_stem(s)
        if s in (SYMBOLS[4], SYMBOLS[11]):
            assert not (out / f"{stem}-EN.pdf").exists()
            continue
        body = (out / f"{stem}-EN.pdf").read_bytes()
        assert body == replay.documents[(s, "EN")]  # whole, even after a truncated answer
        meta = json.loads((out / f"{stem}.meta.json").read_text("utf-8"))
        assert meta["files"]["en"]["sha256"] and meta["adoption_date"] == "2023-12-19"
    saved = json.loads((out / "fetch-report.json").read_text("utf-8"))
    assert saved["summary"] == "18 fetched, 0 unchanged, 2 failed"

    before = len(replay.log)
    with _client(out) as client:
        again = fetch_documents(SYMBOLS, languages=["en"], to=out, services=_services(replay), client=client)
    assert again.downloaded == 0
    new = replay.log[before:]
    assert {r.query.get("s") for r in new if r.path == "/api/symbol/access"} == {SYMBOLS[4], SYMBOLS[11]}
    assert not [r for r in new if r.path.startswith("/files/")]
    assert again.summary() == "0 fetched, 18 unchanged, 2 failed"
    assert sorted(out.glob("*-EN.pdf")) == kept


def test_429_is_waited_out_as_the_server_asked(replay: Replay, tmp_path: Path) -> None:
    replay.faults[("pdf", SYMBOLS[0], "FR")] = ["429"]
    with _client(tmp_path) as client:
        report = fetch_documents([SYMBOLS[0]], languages=["fr"], to=tmp_path, services=_services(replay), client=client,
                                 metadata=False)
    assert report.failed == ()
    asks = [r for r in replay.log if r.path == "/api/symbol/access"]
    assert [r.status for r in asks] == [429, 302]
    assert asks[1].at - asks[0].at >= 0.95  # Retry-After: 1


def test_503_with_retry_after_then_success(replay: Replay, tmp_path: Path) -> None:
    replay.faults[("search", SYMBOLS[1])] = ["503"]
    with _client(tmp_path) as client:
        t0 = time.monotonic()
        resp = client.get(_services(replay).search_url(SYMBOLS[1]))
        assert time.monotonic() - t0 >= 0.95
    assert resp.status == 200 and resp.attempts == 2 and b"<collection" in resp.content


def test_a_wait_longer_than_allowed_fails_at_once(replay: Replay, tmp_path: Path) -> None:
    replay.faults[("search", SYMBOLS[1])] = ["429"]
    slept: list[float] = []
    with _client(tmp_path, max_wait=0.5, sleep=slept.append) as client:
        with pytest.raises(FetchError, match="server asks to wait 1 s, more than the 0 s allowed") as info:
            client.get(_services(replay).search_url(SYMBOLS[1]))
    assert info.value.status == 429 and slept == []


def test_timeouts_and_truncated_bodies_are_retried_then_reported(replay: Replay, tmp_path: Path) -> None:
    replay.faults[("search", SYMBOLS[3])] = ["timeout!"]
    with _client(tmp_path, retries=1) as client:
        with pytest.raises(FetchError, match="gave up after 2 attempts: timed out"):
            client.get(_services(replay).search_url(SYMBOLS[3]))
    replay.faults[("pdf", SYMBOLS[3], "EN")] = ["truncated"] * 5
    with _client(tmp_path, retries=2) as client:
        report = fetch_documents([SYMBOLS[3]], to=tmp_path, services=_services(replay), client=client, metadata=False)
    assert report.failed and "truncated" in report.failed[0].errors[0]
    assert not list(tmp_path.glob("*-EN.pdf")) and not list(tmp_path.glob("*.part*"))


def test_redirects_followed_and_recorded_loops_refused(replay: Replay, tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        fetch_documents([SYMBOLS[5]], to=tmp_path, services=_services(replay), client=client, metadata=False)
        meta = load_sidecar_metadata(tmp_path / f"{file_stem(SYMBOLS[5])}-EN.pdf")
        assert meta is not None
        assert meta["files"]["en"]["final_url"].endswith(f"/files/{file_stem(SYMBOLS[5])}-EN.pdf")
        assert "/api/symbol/access?s=A%2FRES%2F78%2F206&l=en&t=pdf" in meta["files"]["en"]["url"]
        replay.faults[("pdf", SYMBOLS[6], "EN")] = ["loop!"]
        with pytest.raises(FetchError, match="too many redirects"):
            client.get(_services(replay).pdf_url(SYMBOLS[6], "en"))


def test_empty_answer_and_bot_challenge_are_clear_failures(replay: Replay, tmp_path: Path) -> None:
    replay.faults[("pdf", SYMBOLS[7], "EN")] = ["empty!"]
    replay.faults[("search", SYMBOLS[7])] = ["waf!"]
    with _client(tmp_path) as client:
        report = fetch_documents([SYMBOLS[7]], languages=["en", "fr"], to=tmp_path, services=_services(replay),
                                 client=client)
    (outcome,) = report.outcomes
    assert outcome.status == "partial" and outcome.files == (f"{file_stem(SYMBOLS[7])}-FR.pdf",)
    assert any("expected a PDF, found 0 bytes" in e for e in outcome.errors)
    assert any("AWS WAF" in e and e.startswith("catalogue:") for e in outcome.errors)
    meta = json.loads((tmp_path / f"{file_stem(SYMBOLS[7])}.meta.json").read_text("utf-8"))
    assert "AWS WAF" in meta["catalogue_error"] and "fr" in meta["files"]


def test_refresh_asks_conditionally_and_304_rewrites_nothing(replay: Replay, tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        fetch_documents(SYMBOLS[:2], to=tmp_path, services=_services(replay), client=client)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.glob("*-EN.pdf")}
    before = len(replay.log)
    with _client(tmp_path) as client:
        report = fetch_documents(SYMBOLS[:2], to=tmp_path, services=_services(replay), client=client, refresh=True)
    files = [r for r in replay.log[before:] if r.path.startswith("/files/")]
    assert [r.status for r in files] == [304, 304]
    assert all(r.headers.get("If-None-Match") for r in files)
    assert all(r.headers.get("If-Modified-Since") == "Tue, 19 Dec 2023 10:00:00 GMT" for r in files)
    assert report.downloaded == 0 and {o.status for o in report.outcomes} == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in tmp_path.glob("*-EN.pdf")} == mtimes


def test_a_damaged_file_is_fetched_again(replay: Replay, tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        fetch_documents([SYMBOLS[0]], to=tmp_path, services=_services(replay), client=client)
    target = tmp_path / f"{file_stem(SYMBOLS[0])}-EN.pdf"
    target.write_bytes(b"%PDF-1.4 damaged")
    with _client(tmp_path) as client:
        report = fetch_documents([SYMBOLS[0]], to=tmp_path, services=_services(replay), client=client)
    assert report.outcomes[0].status in ("fetched", "unchanged")
    assert target.read_bytes() == replay.documents[(SYMBOLS[0], "EN")]


def test_identifying_user_agent_and_rate_limit(replay: Replay, tmp_path: Path) -> None:
    with _client(tmp_path, min_interval=0.2, cache_dir=None) as client:
        for s in SYMBOLS[:3]:
            client.get(_services(replay).search_url(s))
    times = [r.at for r in replay.log]
    assert all(b - a >= 0.18 for a, b in zip(times, times[1:]))
    assert all(r.headers["User-Agent"].startswith("lod/") for r in replay.log)


def test_bad_symbols_are_reported_not_fetched(replay: Replay, tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        report = fetch_documents(["not a symbol!", SYMBOLS[0]], to=tmp_path, services=_services(replay), client=client)
    assert report.outcomes[0].status == "failed" and "expected a UN document symbol" in report.outcomes[0].errors[0]
    assert report.outcomes[1].status == "fetched"


# ---------------------------------------------------------------- sidecar and catalogue


def test_sidecar_holds_catalogue_metadata(replay: Replay, tmp_path: Path) -> None:
    symbol = SYMBOLS[3]
    replay.catalogue[symbol] = marc_collection(
        marc_record(symbol, "4032971", title="Improving the coordination of efforts against trafficking in persons",
                    adopted="2023-12-19", published="2023-12-22", subjects=("TRAFFICKING IN PERSONS",),
                    vote_note="Adopted 122-5-10, 50th plenary meeting"),
        marc_record(symbol, "4033000", adopted="2023-12-19", voting=(122, 5, 10, 56, 193)),
    )
    with _client(tmp_path) as client:
        fetch_documents([symbol], languages=["fr", "en"], to=tmp_path, services=_services(replay), client=client)
    meta = load_sidecar_metadata(tmp_path / "A_RES_78_204-FR.pdf")
    assert meta is not None
    assert meta == load_sidecar_metadata(tmp_path / "A_RES_78_204.meta.json")
    assert meta["symbol"] == symbol and meta["adoption_date"] == "2023-12-19" and meta["publication_date"] == "2023-12-22"
    assert meta["titles"] == {"en": "Improving the coordination of efforts against trafficking in persons"}
    assert meta["subjects"] == ["TRAFFICKING IN PERSONS"]
    assert meta["vote"] == {"note": "Adopted 122-5-10, 50th plenary meeting", "yes": 122, "no": 5, "abstain": 10,
                            "non_voting": 56, "total": 193}
    assert meta["catalogue"]["url"] == f"{replay.base_url}/record/4032971"
    assert set(meta["files"]) == {"fr", "en"}
    assert meta["sources"]["catalogue"].startswith(f"{replay.base_url}/search?p=A%2FRES%2F78%2F204")
    search = next(r for r in replay.log if r.path == "/search")
    assert search.query == {"p": symbol, "f": "documentsymbol", "of": "xm", "rg": "10"}


def test_marcxml_reader_details() -> None:
    xml = marc_collection(
        marc_record("A/RES/57/222", "1", title="Some title", adopted="2002-12-18", vote_note="Adopted 122-55-1, 77th plenary meeting"),
        '<record><controlfield tag="001">2</controlfield><datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/DEC/59/501'
        '</subfield></datafield><datafield tag="992" ind1=" " ind2=" "><subfield code="a">20040914, 20041004</subfield>'
        "</datafield></record>",
    )
    records = parse_marcxml(xml)
    rec = catalogue_record(records, "a/res/57/222")
    assert rec is not None and rec.vote is not None
    assert (rec.vote.yes, rec.vote.no, rec.vote.abstain) == (122, 55, 1)
    assert rec.files[0] == ("en", "https://digitallibrary.un.org/record/1/files/A_RES_57_222-EN.pdf")
    dec = catalogue_record(records, "A/DEC/59/501")
    assert dec is not None and dec.adoption_date == date(2004, 9, 14) and dec.vote is None
    assert catalogue_record(records, "A/RES/57/22") is None
    with pytest.raises(SourceError, match="catalogue answer is not MARCXML"):
        parse_marcxml(b"<html><body>Just a moment...")


def test_apply_sidecar_fills_what_the_text_lacks() -> None:
    base = Resolution("A/RES/74/176", "fr", "resolution", None, None, (), (), (), SourceInfo("x", "", 0))
    meta = {"symbol": "A/RES/74/176", "adoption_date": "2019-12-18", "titles": {"fr": "Traite", "en": "Trafficking"}}
    filled = apply_sidecar(base, meta)
    assert filled.adoption_date == date(2019, 12, 18) and filled.title == "Traite"
    dated = apply_sidecar(dataclasses.replace(base, adoption_date=date(2019, 12, 17)), meta)
    assert dated.adoption_date == date(2019, 12, 17) and [w.code for w in dated.warnings] == ["catalogue-date"]
    other = apply_sidecar(base, {"symbol": "A/RES/1/1", "adoption_date": "1946-01-24"})
    assert other.adoption_date is None and [w.code for w in other.warnings] == ["catalogue-symbol"]
    assert apply_sidecar(base, None) is base


def test_symbols_and_urls() -> None:
    assert normalise_symbol("ctoc/cop/2020/l.6/rev.1") == "CTOC/COP/2020/L.6/Rev.1"
    assert file_stem("CTOC/COP/2020/L.6/Rev.1") == "CTOC_COP_2020_L.6_Rev.1"
    assert Services().pdf_url("S/RES/2331 (2016)", "en") == (
        "https://documents.un.org/api/symbol/access?s=S%2FRES%2F2331+%282016%29&l=en&t=pdf")
    assert _retry_after("3") == 3.0 and _retry_after(None) is None and _retry_after("soon") is None
    assert 0 <= (_retry_after("Thu, 01 Jan 1970 00:00:00 GMT") or 0.0) <= 0.0


# ---------------------------------------------------------------- the command


def test_cli_fetch_reports_failures_and_exit_code(replay: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replay.faults[("pdf", SYMBOLS[1], "FR")] = ["404!"]
    out = tmp_path / "fetched"
    monkeypatch.setenv("LOD_FETCH_MIN_INTERVAL", "0")
    result = CliRunner().invoke(main, ["fetch", SYMBOLS[0], SYMBOLS[1], "--lang", "fr,en", "--to", str(out),
                                       "--ods-url", replay.base_url, "--library-url", replay.base_url])
    assert result.exit_code == 1, result.output
    assert f"{SYMBOLS[1]}: partial" in result.output and "fr:" in result.output
    assert "1 fetched, 0 unchanged, 1 failed" in result.output
    assert (out / "A_RES_78_201-FR.pdf").exists() and (out / "A_RES_78_202-EN.pdf").exists()
    ok = CliRunner().invoke(main, ["fetch", SYMBOLS[0], "--lang", "fr,en", "--to", str(out),
                                   "--ods-url", replay.base_url, "--library-url", replay.base_url])
    assert ok.exit_code == 0 and "0 fetched, 1 unchanged, 0 failed" in ok.output
    bad = CliRunner().invoke(main, ["fetch", SYMBOLS[0], "--lang", "xx", "--to", str(out)])
    assert bad.exit_code == 2 and "xx" in bad.output


# ---------------------------------------------------------------- lod build on a fetched folder

CORPUS_PDF = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "pdf"


def test_build_on_a_fetched_folder_publishes_catalogue_dates_and_titles(tmp_path: Path) -> None:
    """A draft's text has no adoption date; its catalogue record has one: the build publishes it."""
    from lod.publish.build import BuildOptions, build

    replay = Replay()
    draft, res = "A/C.3/80/L.4", "A/RES/78/228"
    replay.documents[(draft, "EN")] = (CORPUS_PDF / "en__A_C.3_80_L.4.pdf").read_bytes()
    replay.documents[(res, "EN")] = (CORPUS_PDF / "en__A_RES_78_228.pdf").read_bytes()
    replay.catalogue[draft] = marc_collection(marc_record(draft, "4091234", title="Improving the coordination of efforts "
                                                          "against trafficking in persons", adopted="2025-11-19"))
    replay.catalogue[res] = marc_collection(marc_record(res, "4032971", title="Improving the coordination of efforts "
                                                        "against trafficking in persons", adopted="2023-12-19"))
    replay.start()
    try:
        docs = tmp_path / "fetched"
        with _client(docs) as client:
            report = fetch_documents([draft, res], to=docs, services=_services(replay), client=client)
        assert report.failed == ()
    finally:
        replay.stop()
    summary = build([docs], tmp_path / "site", BuildOptions(jobs=1, store=False, cache=False))
    assert not summary.failures, summary.failures
    quads = "".join(gzip.decompress(p.read_bytes()).decode("utf-8") for p in sorted((tmp_path / "site" / "graphs").glob("*.nq.gz")))
    assert '"2025-11-19"^^<http://www.w3.org/2001/XMLSchema#date>' in quads  # from the sidecar only
    assert '"2023-12-19"^^<http://www.w3.org/2001/XMLSchema#date>' in quads  # text and catalogue agree
    assert "Improving the coordination of efforts against trafficking in persons" in quads


def test_unreachable_service_fails_fast_after_three_urls(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    slept: list[float] = []
    with _client(tmp_path, sleep=slept.append, retries=2) as client:
        report = fetch_documents(SYMBOLS[:5], to=tmp_path, services=Services(dead, dead), client=client, metadata=False)
    errors = [o.errors[0] for o in report.outcomes]
    assert all("gave up after 3 attempts: connection failed" in e for e in errors[:3])
    assert all("skipped: 127.0.0.1" in e and "3 URLs in a row" in e for e in errors[3:])
    assert len(slept) == 3 * 2  # backoff only for the first three


@pytest.mark.parametrize("module", ["lod.fetch.unlibrary", "lod.fetch.client", "lod.fetch.services", "lod.fetch.sidecar",
                                    "lod.fetch.batch"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0


def test_download_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    from lod.errors import PublishError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="cannot use as the download folder"):
        fetch_documents([SYMBOLS[0]], to=blocker, services=Services("http://127.0.0.1:9", "http://127.0.0.1:9"))
    result = CliRunner().invoke(main, ["fetch", SYMBOLS[0], "--to", str(blocker)])
    assert result.exit_code == 2 and "is a file" in result.output  # a bad argument


def test_build_gives_the_seed_its_catalogue_adoption_date(tmp_path: Path) -> None:
    """The seed's text has no date; a sidecar beside it (as `lod fetch` writes) supplies one."""
    from lod.publish.build import BuildOptions, build

    seed = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_332bb8f42190d6d7.txt"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "CTOC_COP_2020_L.6_Rev.1-FR.txt").write_bytes(seed.read_bytes())
    # the shape `lod fetch` writes; the date is the last day of the session that adopted it
    (docs / "CTOC_COP_2020_L.6_Rev.1.meta.json").write_text(json.dumps(
        {"symbol": "CTOC/COP/2020/L.6/Rev.1", "adoption_date": "2020-10-16", "titles": {}}), "utf-8")
    summary = build([docs], tmp_path / "site", BuildOptions(jobs=1, store=False, cache=False))
    assert not summary.failures, summary.failures
    quads = "".join(gzip.decompress(p.read_bytes()).decode("utf-8") for p in (tmp_path / "site" / "graphs").glob("*.nq.gz"))
    assert '"2020-10-16"^^<http://www.w3.org/2001/XMLSchema#date>' in quads
