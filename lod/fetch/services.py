"""Where the UN's public document services live and how to ask them.

Two services, both with configurable base URLs (tests point them at a local
replay server; ``LOD_ODS_URL`` and ``LOD_LIBRARY_URL`` override the defaults):

* **Official Document System (ODS)**, ``https://documents.un.org``, the system
  behind ``undocs.org``: ``GET /api/symbol/access?s=<symbol>&l=<lang>&t=pdf``
  answers with a redirect to the PDF of that symbol in that language (``l`` is
  the ISO 639-1 code ``en``/``fr``/…; the single letters ``E``/``F``… also
  work). An unpublished symbol may answer 200 with an empty body.
  ``https://undocs.org/<lang>/<symbol>`` is the human-facing resolver that
  redirects to the same documents.
* **UN Digital Library** (catalogue), ``https://digitallibrary.un.org``:
  ``GET /search?p=<query>&f=documentsymbol&of=xm&rg=10`` returns MARCXML for
  the matching records (bibliographic and voting records both index the
  symbol), ``GET /record/<id>/export/xm`` one record. Scripts may get
  ``202`` with ``x-amzn-waf-action: challenge`` (an AWS WAF bot challenge).

>>> Services().pdf_url("A/RES/74/176", "fr")
'https://documents.un.org/api/symbol/access?s=A%2FRES%2F74%2F176&l=fr&t=pdf'
>>> Services().search_url("A/RES/74/176")
'https://digitallibrary.un.org/search?p=A%2FRES%2F74%2F176&f=documentsymbol&of=xm&rg=10'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from lod.errors import IdentifierError

__all__ = ["LANGUAGES", "Services", "file_stem", "normalise_symbol"]

ODS_URL = "https://documents.un.org"
LIBRARY_URL = "https://digitallibrary.un.org"
#: The six official languages, as ISO 639-1 codes.
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-()]+)*(?:\s?\(\d{4}\))?$")


@dataclass(frozen=True)
class Services:
    """Base URLs of the document system and the catalogue (no trailing slash)."""

    ods: str = ODS_URL
    library: str = LIBRARY_URL

    @classmethod
    def from_env(cls, *, ods: str | None = None, library: str | None = None) -> Services:
        """Explicit arguments, else ``LOD_ODS_URL`` / ``LOD_LIBRARY_URL``, else the UN's hosts."""
        return cls(
            (ods or os.environ.get("LOD_ODS_URL") or ODS_URL).rstrip("/"),
            (library or os.environ.get("LOD_LIBRARY_URL") or LIBRARY_URL).rstrip("/"),
        )

    def pdf_url(self, symbol: str, language: str) -> str:
        """The ODS URL that redirects to the PDF of ``symbol`` in ``language``."""
        return f"{self.ods}/api/symbol/access?" + urlencode({"s": symbol, "l": language, "t": "pdf"})

    def search_url(self, symbol: str) -> str:
        """The catalogue search for ``symbol`` as MARCXML."""
        return f"{self.library}/search?" + urlencode({"p": symbol, "f": "documentsymbol", "of": "xm", "rg": "10"})

    def record_url(self, record_id: str) -> str:
        """The human page of a catalogue record."""
        return f"{self.library}/record/{record_id}"


def normalise_symbol(symbol: str) -> str:
    """Trim and upper-case the series letters of a symbol; reject what is not one.

    >>> normalise_symbol(" a/res/74/176 ")
    'A/RES/74/176'

    Raises:
        IdentifierError: the string cannot be a UN document symbol.
    """
    s = " ".join(symbol.split())
    fixed = re.sub(r"\b(REV|ADD|CORR|AMEND|SUMMARY)\.", lambda m: m.group(1).capitalize() + ".", s.upper())
    if not _SYMBOL.match(fixed):
        raise IdentifierError(f"expected a UN document symbol such as A/RES/74/176, found {symbol!r}")
    return fixed


def file_stem(symbol: str) -> str:
    """The file name stem the UN itself uses: ``A/RES/74/176`` → ``A_RES_74_176``.

    >>> file_stem("S/RES/2331 (2016)")
    'S_RES_2331_2016'
    """
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9.\-]", "_", symbol)).strip("_")
