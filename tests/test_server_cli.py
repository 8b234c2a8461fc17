"""``lod serve`` on something that is not a built dataset: a clear error, exit 1, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from serve_fixtures import REPO


def test_serve_refuses_a_directory_that_is_not_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    for target in (tmp_path / "missing", tmp_path):
        r = subprocess.run([sys.executable, "-m", "lod", "serve", str(target), "--port", "1"], cwd=REPO,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1
        assert r.stderr.startswith("PublishError: ") and "manifest.json" in r.stderr
        assert "Traceback" not in r.stderr


def test_serve_refuses_a_dataset_without_store_or_dump(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"base": "https://data.example.org/", "graphs": [], "files": []}', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "lod", "serve", str(tmp_path), "--port", "1"], cwd=REPO,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "no store/ and no dumps/lod.nq.gz" in r.stderr and "Traceback" not in r.stderr
