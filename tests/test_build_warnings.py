"""`lod build` shows the parser's warnings: a per-code summary on stderr, every warning in
build-report.txt and in manifest.json, and --strict-warnings leaves out the documents that carry
the named codes. Real files (the seed, a mojibake and a Latin-1 copy of it), the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import REPO, SEED
from lod.cli import main
from lod.read import parse_file_documents

MOJIBAKE, LATIN1 = "CTOC/COP/2020/L.7", "CTOC/COP/2020/L.8"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (no warning), a copy read back as cp1252 (``mojibake``), a Latin-1 copy (``encoding``),
    each copy under its own symbol so that all three can be published together."""
    d = tmp_path_factory.mktemp("warned")
    text = SEED.read_text(encoding="utf-8")
    (d / "seed.txt").write_text(text, encoding="utf-8")
    moji = text.replace("CTOC/COP/2020/L.6/Rev.1", MOJIBAKE).encode("utf-8").decode("cp1252", "replace")
    (d / "mojibake.txt").write_text(moji, encoding="utf-8")
    latin = text.replace("CTOC/COP/2020/L.6/Rev.1", LATIN1).replace("’", "'").replace("œ", "oe")
    (d / "latin1.txt").write_bytes(latin.encode("latin-1", "replace"))
    return d


@pytest.fixture(scope="module")
def expected(src: Path) -> dict[str, list[tuple[int | None, str, str]]]:
    """What the parser says of each file today: (line, code, message) of every warning, by file name."""
    out = {}
    for f in sorted(src.iterdir()):
        [doc] = parse_file_documents(f).documents
        out[f.name] = [(w.line, w.code, w.message) for w in doc.warnings]
    assert out["seed.txt"] == [] and "mojibake" in {c for _, c, _ in out["mojibake.txt"]}
    assert "encoding" in {c for _, c, _ in out["latin1.txt"]}
    return out


@pytest.fixture(scope="module")
def built(src: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("b") / "site"
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    return out, result


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_lists_every_warning_of_each_document(built: tuple[Path, Result], expected: dict) -> None:  # type: ignore[type-arg]
    out, _ = built
    graphs = {g["source"]: g for g in manifest(out)["graphs"] if g.get("kind", "document") == "document"}
    assert sorted(graphs) == sorted(expected)
    for name, warnings in expected.items():
        assert [(w["line"], w["code"], w["message"]) for w in graphs[name]["warnings"]] == warnings, name


def test_stderr_summarises_warnings_by_code(built: tuple[Path, Result], expected: dict) -> None:  # type: ignore[type-arg]
    out, result = built
    counts = Counter(code for ws in expected.values() for _, code, _ in ws)
    codes = ", ".join(f"{n} {c}" for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    assert f"warnings: {codes} in 2 documents" in result.stderr
    assert str(out / "build-report.txt") in result.stderr
    assert "warnings:" not in result.stdout  # the summary line on stdout stays the closing figures
    assert "3 document(s): 3 published (0 from cache), 0 left out" in result.stdout
    assert f"{sum(counts.values())} warning(s)" in result.stdout


def test_build_report_lists_every_warning_with_file_line_code_message(built: tuple[Path, Result], src: Path,
                                                                      expected: dict) -> None:  # type: ignore[type-arg]
    out, _ = built
    report = (out / "build-report.txt").read_text(encoding="utf-8")
    for name, warnings in expected.items():
        symbol = {"mojibake.txt": MOJIBAKE, "latin1.txt": LATIN1}.get(name)
        for line, code, message in warnings:
            where = f"{src.name}/{name}:{line}" if line else f"{src.name}/{name}"
            assert f"{where}: {code}: {message} ({symbol})" in report.splitlines()
    assert "left out (0):" in report
    # the report is a published file like the others: in the manifest and in SHA256SUMS
    assert "build-report.txt" in {f["path"] for f in manifest(out)["files"]}
    proc = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_warning_no_summary_line(tmp_path: Path) -> None:
    result = run("build", str(SEED), "--out", str(tmp_path / "site"), "-j", "1", "--no-store")
    assert result.exit_code == 0, result.output
    assert "warnings:" not in result.stderr
    assert manifest(tmp_path / "site")["graphs"][0]["warnings"] == []
    assert "warnings: none" in (tmp_path / "site" / "build-report.txt").read_text(encoding="utf-8")


def test_strict_warnings_leaves_out_documents_with_a_named_code(src: Path, tmp_path: Path, expected: dict) -> None:  # type: ignore[type-arg]
    out = tmp_path / "site"
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store", "--strict-warnings", "mojibake")
    assert result.exit_code == 0, result.output
    m = manifest(out)
    assert {g["symbol"] for g in m["graphs"] if g.get("kind") != "actors"} == {"CTOC/COP/2020/L.6/Rev.1", LATIN1}
    [failure] = m["failures"]
    assert failure["source"] == f"{src.name}/mojibake.txt" and failure["symbol"] == MOJIBAKE  # below the folder given
    assert "mojibake" in failure["reason"] and "--strict-warnings" in failure["reason"]
    assert [(w["line"], w["code"], w["message"]) for w in failure["warnings"]] == expected["mojibake.txt"]
    assert f"left out: {src.name}/mojibake.txt: {MOJIBAKE} carries warning(s) mojibake (--strict-warnings)" \
        in result.stderr
    assert "1 left out" in result.stdout
    report = (out / "build-report.txt").read_text(encoding="utf-8")
    assert "left out (1):" in report and "[left out]" in report  # its warnings are still listed, marked
    assert not any(g["symbol"] == MOJIBAKE for g in m["graphs"])


@pytest.mark.parametrize("option", [["--strict-warnings", "mojibake,encoding"],
                                    ["--strict-warnings", "all"],
                                    ["--strict-warnings", "mojibake", "--strict-warnings", "encoding"]],
                         ids=["comma-separated", "all", "repeated"])
def test_strict_warnings_several_codes_or_all(src: Path, tmp_path: Path, option: list[str]) -> None:
    out = tmp_path / "site"
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store", *option)
    assert result.exit_code == 0, result.output
    m = manifest(out)
    assert [g["symbol"] for g in m["graphs"] if g.get("kind") != "actors"] == ["CTOC/COP/2020/L.6/Rev.1"]
    assert sorted(f["symbol"] for f in m["failures"]) == [MOJIBAKE, LATIN1]


def test_strict_warnings_with_a_code_nobody_has_leaves_everything_in(src: Path, tmp_path: Path) -> None:
    result = run("build", str(src), "--out", str(tmp_path / "site"), "-j", "1", "--no-store",
                 "--strict-warnings", "numbering-gap")
    assert result.exit_code == 0 and "0 left out" in result.stdout, result.output


def test_strict_and_strict_warnings_fail_the_build_and_keep_the_previous_output(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("build", str(SEED), "--out", str(out), "-j", "1", "--no-store").exit_code == 0
    before = (out / "manifest.json").read_bytes()
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store", "--strict", "--strict-warnings", "encoding")
    assert result.exit_code == 1 and "PublishError: --strict:" in result.stderr and "encoding" in result.stderr
    assert (out / "manifest.json").read_bytes() == before


def test_strict_warnings_rejects_what_is_not_a_code(src: Path, tmp_path: Path) -> None:
    result = run("build", str(src), "--out", str(tmp_path / "site"), "--strict-warnings", "Mojibake!")
    assert result.exit_code == 2 and "--strict-warnings" in result.output


def test_strict_warnings_is_applied_to_cached_results_too(src: Path, tmp_path: Path) -> None:
    """The option is a publication rule, not part of processing: the cache serves both ways."""
    out = tmp_path / "site"
    assert run("build", str(src), "--out", str(out), "-j", "1", "--no-store").exit_code == 0
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store", "--strict-warnings", "mojibake")
    assert result.exit_code == 0 and "2 published (2 from cache), 1 left out" in result.stdout, result.output
    result = run("build", str(src), "--out", str(out), "-j", "1", "--no-store")
    assert result.exit_code == 0 and "3 published (3 from cache), 0 left out" in result.stdout, result.output


def test_build_in_a_subprocess_with_workers_reports_warnings(src: Path, tmp_path: Path, expected: dict) -> None:  # type: ignore[type-arg]
    """The warnings travel from the worker processes (-j 2) to the report."""
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "lod", "build", str(src), "--out", str(out), "-j", "2", "--no-store"],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "in 2 documents" in proc.stderr
    graphs = {g["source"]: g for g in manifest(out)["graphs"] if g.get("kind", "document") == "document"}
    for name, warnings in expected.items():  # every warning crossed from the workers, none twice
        assert [(w["line"], w["code"], w["message"]) for w in graphs[name]["warnings"]] == warnings, name
