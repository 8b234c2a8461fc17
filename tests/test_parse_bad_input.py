"""Bad input gets a clear error (file, line, reason) or warnings; never a traceback, never a silent empty result."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, SEED
from lod.errors import ParseError, SourceError
from lod.read import parse_file, parse_resolution, read_source


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(SourceError) as e:
        parse_file(p)
    assert e.value.source == str(p) and "empty" in e.value.reason


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(SourceError) as e:
        parse_file(p)
    assert "binary" in e.value.reason and e.value.line == 3  # the NUL byte is on line 3 of the PNG


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        parse_file(tmp_path / "nope.txt")


def test_latin1_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes(SEED.read_text(encoding="utf-8").replace("’", "'").replace("œ", "oe").encode("latin-1", "replace"))
    r = parse_file(p)
    assert r.source.encoding == "cp1252"
    assert any(w.code == "encoding" for w in r.warnings)
    assert len(r.preamble) == 22 and len(r.operative) == 17


def test_mojibake_is_repaired_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "mojibake.txt"
    p.write_text(SEED.read_text(encoding="utf-8").encode("utf-8").decode("cp1252", "replace"), encoding="utf-8")
    r = parse_file(p)
    assert any(w.code == "mojibake" for w in r.warnings)
    assert r.preamble[0].text.startswith("Rappelant les fonctions qui lui sont assignées")


def test_damaged_encoding_in_corpus_is_reported() -> None:
    r = parse_file(CORPUS / "es__S_RES_1675_2006.web-excerpt-mojibake.txt")
    assert r.language == "es" and r.operative


@pytest.mark.parametrize(
    "text",
    [
        "Dear Mr. Secretary-General,\n\nI have the honour to transmit herewith the letter of my Government.\n\n"
        "Please accept the assurances of my highest consideration.\n\n(Signed) A. Person\nPermanent Representative\n",
        "NEW YORK, 12 June (UN News) — The Security Council today extended the mandate of the mission.\n"
        "Speaking after the vote, the representative of France said that the decision was welcome.\n",
        "lorem ipsum dolor sit amet\n" * 20,
    ],
    ids=["letter", "press-release", "lorem"],
)
def test_not_a_resolution(text: str) -> None:
    with pytest.raises(ParseError) as e:
        parse_resolution(text, source="x.txt")
    assert "not a resolution" in e.value.reason and e.value.line is not None and e.value.source == "x.txt"


def test_truncated_resolution_warns() -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("pour prévenir et combattre la traite des personnes, ainsi que")]
    r = parse_resolution(cut)
    assert not r.operative
    assert any(w.code == "no-operative" for w in r.warnings)
    mid = text[: text.index("conformément aux règles et procédures")]
    r2 = parse_resolution(mid)
    assert len(r2.operative) == 17 and any(w.code == "truncated" for w in r2.warnings)


def test_fifty_megabyte_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NUL without writing them
    with pytest.raises(SourceError, match="too large"):
        read_source(p)


def test_batch_reports_each_failure_and_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir,\nThank you for your letter.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "lod", "parse", str(empty), str(SEED), str(letter)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert proc.returncode == 1
    assert "CTOC/COP/2020/L.6/Rev.1" in proc.stdout and "22 preambular, 17 operative, 11 points" in proc.stdout
    assert f"SourceError: {empty}: empty file" in proc.stderr
    assert f"ParseError: {letter}:1: not a resolution" in proc.stderr
    assert "2 of 3 file(s) failed" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_json_is_valid_against_schema() -> None:
    import json

    import jsonschema

    proc = subprocess.run([sys.executable, "-m", "lod", "parse", "--json", str(SEED)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    schema = json.loads((REPO / "schemas" / "parse.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema)
    assert doc["symbol"] == "CTOC/COP/2020/L.6/Rev.1"


def test_json_of_every_corpus_file_matches_schema() -> None:
    import json

    import jsonschema

    from lod.read.jsonout import resolution_to_json

    schema = json.loads((REPO / "schemas" / "parse.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(CORPUS.iterdir()):
        errors = list(validator.iter_errors(resolution_to_json(parse_file(path))))
        assert not errors, (path.name, errors[0].message)



@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_windows_unicode_text_reads_like_utf8(codec: str, tmp_path: Path) -> None:
    """Notepad's "Unicode" and PowerShell's ``>`` save UTF-16 with a byte-order mark: it was refused as a
    binary file (its NUL bytes). The mark names the codec; the document is the same."""
    text = SEED.read_text(encoding="utf-8")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path = tmp_path / "seed-wide.txt"
    path.write_bytes(bom + text.encode(codec))
    assert read_source(path).info.encoding == codec.split("-le")[0].split("-be")[0]
    assert parse_file(path).operative == parse_file(SEED).operative


def test_a_byte_order_mark_over_bytes_that_do_not_follow_it_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + "Résolution".encode("utf-16-le") + b"\x41")
    with pytest.raises(SourceError, match=r"UTF-16 byte-order mark, but byte \d+ is not UTF-16"):
        read_source(path)
