"""Step 0, fetch: UN documents and their catalogue metadata by symbol, politely.

Takes document symbols; gives PDFs in a folder, each with a JSON sidecar of the UN
Digital Library's catalogue metadata, which the read step applies:

* ``fetch_documents(symbols, languages=("fr", "en"), to=DIR)``: the batch
  (``lod.fetch.batch``), returns a ``BatchReport``;
* ``PoliteClient``: the HTTP client (``lod.fetch.client``);
* ``Services``: the base URLs and request shapes (``lod.fetch.services``);
* ``unlibrary``: the UN Digital Library's MARC records;
* ``load_sidecar_metadata(path)`` / ``apply_sidecar(resolution, meta)``: the
  metadata stored beside each document and its use by ``lod check`` and
  ``lod build`` (``lod.fetch.sidecar``).

Imports the core only (``lod.model``, ``lod.errors``): never a later step. The core
knows nothing of the CLI; ``lod fetch`` is a thin shell over ``fetch_documents``.
"""

from lod.fetch.batch import BatchReport, Outcome, fetch_documents
from lod.fetch.client import DEFAULT_USER_AGENT, FetchError, PoliteClient, Response
from lod.fetch.services import LANGUAGES, Services, file_stem, normalise_symbol
from lod.fetch.sidecar import SIDECAR_SUFFIX, apply_sidecar, load_sidecar_metadata, sidecar_path

__all__ = [
    "DEFAULT_USER_AGENT",
    "LANGUAGES",
    "SIDECAR_SUFFIX",
    "BatchReport",
    "FetchError",
    "Outcome",
    "PoliteClient",
    "Response",
    "Services",
    "apply_sidecar",
    "fetch_documents",
    "file_stem",
    "load_sidecar_metadata",
    "normalise_symbol",
    "sidecar_path",
]
