"""What a build says about its documents: each warning where it was found, and ``build-report.txt``.

Between the build (``lod.publish.build``, which collects the warnings) and the dataset writer
(``lod.publish.dump``, which writes the report into the build directory).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lod.model import ParseWarning
from lod.read.check import warning_counts_text

__all__ = ["BuildWarning", "build_report", "warning_summary"]


@dataclass(frozen=True)
class BuildWarning:
    """One warning of one document of the build: where (source path as given, 1-based line), what, and
    whether the document was published."""

    source: str
    symbol: str | None
    warning: ParseWarning
    published: bool

    def text(self) -> str:
        """``file:line: code: message (SYMBOL)``, as ``lod parse`` prints warnings."""
        where = f"{self.source}:{self.warning.line}" if self.warning.line else self.source
        return f"{where}: {self.warning.code}: {self.warning.message}" + (f" ({self.symbol})" if self.symbol else "")



def warning_summary(warnings: Sequence[BuildWarning]) -> str:
    """``warnings: N code, … in D documents`` (most frequent code first), or "" when there is none.

    >>> w = [BuildWarning("a.txt", "A/1", ParseWarning("numbering-gap", "…", 3), True),
    ...      BuildWarning("a.txt", "A/1", ParseWarning("footnote-marker", "…", 9), True),
    ...      BuildWarning("b.txt", "A/2", ParseWarning("footnote-marker", "…", 1), False)]
    >>> warning_summary(w)
    'warnings: 2 footnote-marker, 1 numbering-gap in 2 documents'
    """
    return warning_counts_text(Counter(w.warning.code for w in warnings), len({(w.source, w.symbol) for w in warnings}))



def build_report(built: str, graphs: Sequence[dict[str, Any]], failures: Sequence[dict[str, Any]],
                 warnings: Sequence[BuildWarning]) -> bytes:
    """``build-report.txt``: the documents left out with their reason, then every warning, one per line.

    >>> from lod.model import ParseWarning
    >>> print(build_report("2026-12-04T10:00:00Z", [{"iri": "…"}], [{"source": "x.txt", "reason": "x.txt: empty"}],
    ...                    [BuildWarning("a.txt", "A/RES/1", ParseWarning("numbering-gap", "2 after 4", 7), True)]).decode())
    lod build report, 2026-12-04T10:00:00Z
    1 document(s) published, 1 left out
    warnings: 1 numbering-gap in 1 document
    <BLANKLINE>
    left out (1):
    x.txt: empty
    <BLANKLINE>
    warnings (1):
    a.txt:7: numbering-gap: 2 after 4 (A/RES/1)
    <BLANKLINE>
    """
    published = sum(1 for g in graphs if g.get("kind", "document") == "document")
    lines = [f"lod build report, {built}",
             f"{published} document(s) published, {len(failures)} left out",
             warning_summary(warnings) or "warnings: none", "", f"left out ({len(failures)}):"]
    lines += [f["reason"] if f["source"] in f["reason"] else f"{f['source']}: {f['reason']}" for f in failures]
    lines += ["", f"warnings ({len(warnings)}):"]
    lines += [w.text() + ("" if w.published else " [left out]") for w in warnings]
    return ("\n".join(lines) + "\n").encode("utf-8", "backslashreplace")  # a lone surrogate as its escape
