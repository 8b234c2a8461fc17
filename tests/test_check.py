"""`lod check`: a health table of every text under the folders given, a summary, --json, the exit
status. Real files (the seed, a corpus text, a mojibake copy of the seed, a copy cut mid-sentence, an
empty file, a binary file, a letter), the real CLI in process and in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import CORPUS, REPO, SEED
from lod.read.check import check_sources
from lod.cli import main
from lod.read import parse_file_documents

GOOD = CORPUS / "en__S_RES_242_1967.gold.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("check")
    shutil.copy(SEED, d / "seed.txt")
    shutil.copy(GOOD, d / GOOD.name)
    text = SEED.read_text(encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "mojibake.txt").write_text(text.encode("utf-8").decode("cp1252", "replace"), encoding="utf-8")
    (d / "sub" / "cut.txt").write_text(text[: text.index("conformément aux règles et procédures")], encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (d / "letter.txt").write_text("Dear Mr. Secretary-General,\n\nI have the honour to transmit herewith the letter "
                                  "of my Government.\n\n(Signed) A. Person\n", encoding="utf-8")
    (d / "notes.csv").write_text("not a source: lod build would not read it either\n", encoding="utf-8")
    return d


def expected_statuses(path: Path) -> list[str]:
    """What the parser makes of a text today, as statuses: a text cut mid-sentence is a document
    with a ``truncated`` warning or a refused fragment, as the parser decides."""
    parsed = parse_file_documents(path)
    return ["review" if d.warnings else "ok" for d in parsed.documents] + ["refused"] * len(parsed.refused)


def table_rows(stdout: str) -> dict[str, str]:
    lines = stdout.splitlines()
    return {line.split()[0]: line for line in lines[1:lines.index("")]}


def squeezed(line: str) -> str:
    return " ".join(line.split())


def test_table_has_a_row_per_document_per_refused_part_and_per_failed_file(folder: Path) -> None:
    result = run(str(folder), "-j", "1")
    assert result.exit_code == 1, result.output  # files failed: empty, binary, letter
    lines = result.stdout.splitlines()
    assert lines[0].split()[:10] == ["file", "symbol", "lang", "type", "pre", "op", "pts", "fn", "ann", "status"]
    rows = table_rows(result.stdout)
    assert sorted(rows) == sorted(["binary.txt", "empty.txt", GOOD.name, "letter.txt", "seed.txt", "sub/cut.txt",
                                   "sub/mojibake.txt"])
    seed = rows["seed.txt"].split()
    assert seed[1] == "CTOC/COP/2020/L.6/Rev.1" and seed[2:4] == ["fr", "draft-resolution"]
    assert seed[4:10] == ["22", "17", "11", "5", "0", "ok"]
    assert rows["sub/mojibake.txt"].split()[9:] == ["review", "mojibake"]
    assert f" {expected_statuses(folder / 'sub' / 'cut.txt')[0]} " in rows["sub/cut.txt"]
    assert " failed SourceError: empty file" in squeezed(rows["empty.txt"])
    assert " failed SourceError: line 3: binary file" in squeezed(rows["binary.txt"])
    assert " failed ParseError: line 1: not a resolution" in squeezed(rows["letter.txt"])
    assert str(folder) not in rows["letter.txt"]  # the file is in the first column, the reason names the line
    # the columns line up: every row's status starts where the header's does
    at = lines[0].index("status")
    assert all(line[at:].split()[0] in ("ok", "review", "refused", "failed") for line in rows.values())


def test_a_refused_part_has_its_row_with_line_and_reason(folder: Path) -> None:
    parsed = parse_file_documents(folder / "sub" / "cut.txt")
    assert parsed.refused, "the cut text is refused as a fragment"
    rows = [r for r in json.loads(run(str(folder / "sub" / "cut.txt"), "--json").stdout)["documents"]]
    refused = [r for r in rows if r["status"] == "refused"]
    assert [(r["symbol"], r["line"], r["reason"]) for r in refused] == [(p.symbol, p.line, p.reason) for p in parsed.refused]
    line = run(str(folder / "sub" / "cut.txt")).stdout.splitlines()[1]
    assert f" refused line {parsed.refused[0].line}: {parsed.refused[0].reason}" in squeezed(line)


def test_summary_counts_files_documents_statuses_and_warning_codes(folder: Path) -> None:
    result = run(str(folder), "-j", "1")
    statuses = [s for f in (SEED, GOOD, folder / "sub" / "mojibake.txt", folder / "sub" / "cut.txt")
                for s in expected_statuses(f)]
    ok, review, refused = (statuses.count(s) for s in ("ok", "review", "refused"))
    assert (f"7 file(s), {ok + review} document(s): {ok} ok, {review} review; {refused} refused part(s); "
            f"3 failed file(s)") in result.stdout
    codes = [w.code for f in (GOOD, folder / "sub" / "mojibake.txt", folder / "sub" / "cut.txt")
             for d in parse_file_documents(f).documents for w in d.warnings]
    last = result.stdout.splitlines()[-1]
    for code in set(codes):
        assert f"{codes.count(code)} {code}" in last
    assert last.startswith("warnings: ") and last.endswith(f"in {review} document{'s' if review > 1 else ''}")


def test_json_gives_every_row_and_the_summary(folder: Path) -> None:
    result = run(str(folder), "--json", "-j", "1")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    rows = {r["file"]: r for r in data["documents"]}
    seed = rows["seed.txt"]
    assert (seed["status"], seed["symbol"], seed["language"], seed["doc_type"]) == ("ok", "CTOC/COP/2020/L.6/Rev.1", "fr",
                                                                                  "draft-resolution")
    assert (seed["preambular"], seed["operative"], seed["points"], seed["footnotes"], seed["annexes"]) == (22, 17, 11, 5, 0)
    assert seed["path"] == str(folder / "seed.txt") and seed["warnings"] == [] and seed["warning_counts"] == {}
    moji = rows["sub/mojibake.txt"]
    assert moji["status"] == "review" and moji["warning_counts"] == {"mojibake": 1}
    assert set(moji["warnings"][0]) == {"line", "code", "message"} and moji["warnings"][0]["code"] == "mojibake"
    assert rows["letter.txt"]["status"] == "failed" and rows["letter.txt"]["line"] == 1
    assert rows["letter.txt"]["reason"].startswith(f"ParseError: {folder / 'letter.txt'}:1: not a resolution")
    s = data["summary"]
    assert s["files"] == 7 and s["status"]["failed"] == 3 and s["documents"] == s["status"]["ok"] + s["status"]["review"]
    assert s["warnings"]["mojibake"] == 1 and s["documents_with_warnings"] == s["status"]["review"]
    assert sum(s["status"].values()) == len(data["documents"])


def test_exit_status_is_zero_when_every_file_parses_even_with_warnings_or_refused_parts(folder: Path,
                                                                                       tmp_path: Path) -> None:
    shutil.copy(folder / "seed.txt", tmp_path / "seed.txt")
    shutil.copy(folder / "sub" / "mojibake.txt", tmp_path / "mojibake.txt")
    shutil.copy(folder / "sub" / "cut.txt", tmp_path / "cut.txt")
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "3 file(s), " in result.stdout and "0 failed file(s)" in result.stdout


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope"))
    assert result.exit_code == 1 and "SourceError" in result.stderr and "nope" in result.stderr


def test_files_given_one_by_one_are_named_as_given(folder: Path) -> None:
    result = run(str(folder / "seed.txt"), "--json")
    assert result.exit_code == 0
    assert [r["file"] for r in json.loads(result.stdout)["documents"]] == [str(folder / "seed.txt")]


def test_a_pool_gives_the_same_rows_as_one_process(tmp_path: Path) -> None:
    for f in sorted(CORPUS.iterdir())[:20]:
        shutil.copy(f, tmp_path / f.name)
    one = check_sources([tmp_path], jobs=1)
    two = check_sources([tmp_path], jobs=2)
    assert one == two and one.files == 20


def test_lod_check_in_a_subprocess(folder: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "lod", "check", str(folder)], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "7 file(s), " in proc.stdout and "3 failed file(s)" in proc.stdout
