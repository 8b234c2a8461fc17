"""Re-make the texts of this folder: each official PDF of ../shared/corpus/pdf as other text extractors give it.

Not a test. Run it by hand when an extractor's version changes (python tests/data/extracted/regenerate.py);
the versions used are written to VERSIONS.txt. `pdftotext` without options is not here: those texts are
../shared/corpus/texts/*.pdftotext.txt, and their reading (what each text holds) is
tests/data/corpus_expected.json.
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from pdfminer.high_level import extract_text
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
PDFS = HERE.parents[2].parent / "shared" / "corpus" / "pdf"


def _write(name: str, text: str) -> None:
    with open(HERE / f"{name}.txt.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def main() -> None:
    import pdfminer
    import pypdf

    poppler = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
    (HERE / "VERSIONS.txt").write_text(f"{poppler}\npypdf {pypdf.__version__}\npdfminer.six {pdfminer.__version__}\n")
    for pdf in sorted(PDFS.glob("*.pdf")):
        stem = pdf.stem
        _write(f"{stem}.pdftotext-layout", subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        pages = PdfReader(pdf).pages
        _write(f"{stem}.pypdf", "\f".join(p.extract_text() or "" for p in pages))
        _write(f"{stem}.pypdf-layout", "\f".join(p.extract_text(extraction_mode="layout") or "" for p in pages))
        _write(f"{stem}.pdfminer", extract_text(str(pdf)))


if __name__ == "__main__":
    main()
