"""Re-make the texts of this folder: each official PDF of ../shared/corpus/pdf as pdfminer gives it with
other layout parameters than its defaults (tests/data/extracted holds the defaults).

Not a test. Run it by hand (python tests/data/extracted_more/regenerate.py). These readings were held
out while the parser's rules for other extractors were written (tests/test_extractors_more.py): pdfminer
without its boxes' reading order (``boxes_flow=None``), and with lines merged more eagerly
(``line_margin=0.2, char_margin=4.0``), break and order a justified page's boxes differently.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

HERE = Path(__file__).resolve().parent
PDFS = HERE.parents[2].parent / "shared" / "corpus" / "pdf"
KINDS = {
    "pdfminer-noflow": LAParams(boxes_flow=None),
    "pdfminer-margin": LAParams(line_margin=0.2, char_margin=4.0),
}


def main() -> None:
    import pdfminer

    (HERE / "VERSIONS.txt").write_text(f"pdfminer.six {pdfminer.__version__}\n")
    for pdf in sorted(PDFS.glob("*.pdf")):
        for kind, params in KINDS.items():
            text = extract_text(str(pdf), laparams=params)
            with open(HERE / f"{pdf.stem}.{kind}.txt.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
                out.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
