"""Re-make the texts of this folder: each official PDF of ../shared/corpus/pdf as pdfminer gives it with
other layout parameters than its defaults, and as ``pdftotext -layout -fixed 3`` and
``pdftotext -enc ASCII7`` give it
(tests/data/extracted holds the defaults).

Not a test. Run it by hand (python tests/data/extracted_more/regenerate.py). These readings were held
out while the parser's rules for other extractors were written (tests/test_extractors_more.py): pdfminer
without its boxes' reading order (``boxes_flow=None``), with lines merged more eagerly
(``line_margin=0.2, char_margin=4.0``) and with a line's boxes joined across wide gaps
(``char_margin=50, word_margin=0.3``) breaks and orders a justified page's boxes differently;
``-fixed 3`` spreads every line's words over wide gaps; ``-enc ASCII7`` prints straight quotes.
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

HERE = Path(__file__).resolve().parent
PDFS = HERE.parents[2].parent / "shared" / "corpus" / "pdf"
KINDS = {
    "pdfminer-noflow": LAParams(boxes_flow=None),
    "pdfminer-margin": LAParams(line_margin=0.2, char_margin=4.0),
    "pdfminer-wide": LAParams(char_margin=50.0, word_margin=0.3),
}


def main() -> None:
    import pdfminer

    poppler = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
    (HERE / "VERSIONS.txt").write_text(f"{poppler}\npdfminer.six {pdfminer.__version__}\n")
    for pdf in sorted(PDFS.glob("*.pdf")):
        for kind, params in KINDS.items():
            _write(f"{pdf.stem}.{kind}", extract_text(str(pdf), laparams=params))
        fixed = subprocess.run(["pdftotext", "-layout", "-fixed", "3", str(pdf), "-"], capture_output=True, text=True, check=True)
        _write(f"{pdf.stem}.pdftotext-fixed", fixed.stdout)
        ascii7 = subprocess.run(["pdftotext", "-enc", "ASCII7", str(pdf), "-"], capture_output=True, text=True, check=True)
        _write(f"{pdf.stem}.pdftotext-ascii", ascii7.stdout)


def _write(name: str, text: str) -> None:
    with open(HERE / f"{name}.txt.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
