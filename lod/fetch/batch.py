"""Fetch documents and their catalogue records for a list of symbols.

``fetch_documents(symbols, languages=..., to=DIR)`` guarantees:

1. each document lands as ``DIR/<stem>-<LANG>.pdf`` (the UN's own naming),
   written aside then renamed, checked to be a whole PDF (``%PDF-`` … ``%%EOF``);
2. each symbol gets ``DIR/<stem>.meta.json``: titles, adoption date, subjects,
   votes, agenda, related documents, source URLs, and for each file its size,
   sha256, ETag / Last-Modified;
3. a symbol that fails (404, retries exhausted, empty or damaged PDF) is
   reported with its reason; the others go on and are kept;
4. a re-run skips every file whose sha256 still matches its sidecar (no
   request at all), so an interrupted batch resumes where it stopped;
   ``refresh=True`` asks the server anyway, conditionally (ETag / date), and
   a 304 rewrites nothing;
5. ``DIR/fetch-report.json`` lists what was fetched, unchanged and failed.

>>> r = BatchReport((Outcome("A/RES/1/1", "fetched"), Outcome("A/RES/1/2", "failed", errors=("404",))))
>>> r.summary()
'1 fetched, 0 unchanged, 1 failed'
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lod.errors import IdentifierError, PublishError, SourceError
from lod.fetch.client import FetchError, PoliteClient, _atomic_write
from lod.fetch.services import Services, file_stem, normalise_symbol
from lod.fetch.sidecar import SIDECAR_SUFFIX
from lod.fetch.unlibrary import CatalogueRecord, catalogue_record, parse_marcxml

__all__ = ["BatchReport", "Outcome", "fetch_documents"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one symbol: ``fetched``, ``unchanged``, ``partial`` or ``failed``."""

    symbol: str
    status: str
    files: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    downloaded: int = 0


@dataclass(frozen=True)
class BatchReport:
    """All outcomes of a batch, in input order."""

    outcomes: tuple[Outcome, ...]
    requests: int = 0
    elapsed: float = 0.0

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """Symbols with at least one error (``failed`` or ``partial``)."""
        return tuple(o for o in self.outcomes if o.errors)

    @property
    def downloaded(self) -> int:
        """Number of document bodies actually transferred in this run."""
        return sum(o.downloaded for o in self.outcomes)

    def summary(self) -> str:
        """``N fetched, N unchanged, N failed`` (partial counts as failed)."""
        count = {s: sum(1 for o in self.outcomes if o.status == s) for s in ("fetched", "unchanged")}
        return f"{count['fetched']} fetched, {count['unchanged']} unchanged, {len(self.failed)} failed"


def fetch_documents(
    symbols: Iterable[str],
    *,
    languages: Sequence[str] = ("en",),
    to: str | Path,
    services: Services | None = None,
    client: PoliteClient | None = None,
    metadata: bool = True,
    refresh: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> BatchReport:
    """Fetch every symbol in every language into ``to`` (see the module docstring)."""
    out = Path(to)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"{out}: cannot use as the download folder: expected a directory, {exc.strerror}") from None
    services = services or Services.from_env()
    own = client is None
    client = client or PoliteClient(cache_dir=out / ".cache")
    start = time.monotonic()
    before = client.requests_made
    outcomes = []
    try:
        for raw in symbols:
            try:
                symbol = normalise_symbol(raw)
            except IdentifierError as exc:
                outcome = Outcome(raw, "failed", errors=(str(exc),))
            else:
                try:
                    outcome = _fetch_one(symbol, languages, out, services, client, metadata, refresh)
                except OSError as exc:  # disk full, permissions: this symbol fails, the batch goes on
                    outcome = Outcome(symbol, "failed", errors=(f"cannot write in {out}: {exc.strerror or exc}",))
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    finally:
        if own:
            client.close()
    report = BatchReport(tuple(outcomes), client.requests_made - before, time.monotonic() - start)
    _atomic_write(out / "fetch-report.json", json.dumps(_report_json(report), indent=2, ensure_ascii=False).encode())
    return report


def _fetch_one(
    symbol: str, languages: Sequence[str], out: Path, services: Services, client: PoliteClient, metadata: bool, refresh: bool
) -> Outcome:
    stem = file_stem(symbol)
    meta_path = out / (stem + SIDECAR_SUFFIX)
    old = _read_json(meta_path)
    meta: dict[str, Any] = dict(old) if old else {"symbol": symbol}
    meta["symbol"] = symbol
    files_meta: dict[str, Any] = dict(meta.get("files") or {})
    errors: list[str] = []
    files: list[str] = []
    downloaded = 0
    changed = False
    for lang in languages:
        name = f"{stem}-{lang.upper()}.pdf"
        target = out / name
        known = files_meta.get(lang)
        if not refresh and known and _intact(target, known.get("sha256")):
            files.append(name)
            continue
        url = services.pdf_url(symbol, lang)
        try:
            resp = client.get(url, conditional=refresh or bool(known and target.exists()))
            _check_pdf(resp.content, url)
        except (FetchError, SourceError) as exc:
            errors.append(f"{lang}: {exc}")
            continue
        if resp.from_cache and _intact(target, resp.sha256):
            files.append(name)
            continue
        _atomic_write(target, resp.content)
        downloaded += 0 if resp.from_cache else 1
        changed = True
        files.append(name)
        files_meta[lang] = {
            "path": name, "url": url, "final_url": resp.final_url, "size": len(resp.content), "sha256": resp.sha256,
            "etag": resp.etag, "last_modified": resp.last_modified, "fetched_at": _now(),
        }
    meta["files"] = files_meta
    if metadata and (refresh or changed or not old or "catalogue" not in meta or "catalogue_error" in meta):
        try:
            record = _catalogue(symbol, services, client)
        except (FetchError, SourceError) as exc:
            errors.append(f"catalogue: {exc}")
            meta["catalogue_error"] = str(exc)
        else:
            meta.pop("catalogue_error", None)
            meta.update(_record_json(record, symbol, services))
        changed = True
    if changed or not old:
        _atomic_write(meta_path, json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    if errors and not files:
        status = "failed"
    elif errors:
        status = "partial"
    else:
        status = "fetched" if downloaded else "unchanged"
    return Outcome(symbol, status, tuple(files), tuple(errors), downloaded)


def _catalogue(symbol: str, services: Services, client: PoliteClient) -> CatalogueRecord | None:
    resp = client.get(services.search_url(symbol))
    return catalogue_record(parse_marcxml(resp.content), symbol)


def _record_json(record: CatalogueRecord | None, symbol: str, services: Services) -> dict[str, Any]:
    search = services.search_url(symbol)
    if record is None:
        return {"catalogue": None, "sources": {"catalogue": search}}
    vote = dataclasses.asdict(record.vote) if record.vote else None
    return {
        "catalogue": {"record_id": record.record_id, "url": services.record_url(record.record_id) if record.record_id else None},
        "titles": dict(record.titles),
        "adoption_date": record.adoption_date.isoformat() if record.adoption_date else None,
        "publication_date": record.publication_date.isoformat() if record.publication_date else None,
        "subjects": list(record.subjects),
        "agenda": list(record.agenda),
        "related": list(record.related),
        "vote": vote,
        "catalogue_files": [{"language": lang, "url": url} for lang, url in record.files],
        "sources": {"catalogue": search},
    }


def _check_pdf(body: bytes, url: str) -> None:
    if not body:
        raise SourceError("empty answer: expected a PDF, found 0 bytes (symbol not published in this language?)", source=url)
    if not body.startswith(b"%PDF-"):
        raise SourceError(f"expected a PDF, found {body[:20]!r}…", source=url)
    if b"%%EOF" not in body[-2048:]:
        raise SourceError("truncated PDF: no %%EOF marker at the end", source=url)


def _intact(path: Path, sha256: str | None) -> bool:
    if not sha256 or not path.is_file():
        return False
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest() == sha256


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _report_json(report: BatchReport) -> dict[str, Any]:
    return {
        "summary": report.summary(),
        "requests": report.requests,
        "downloaded": report.downloaded,
        "outcomes": [dataclasses.asdict(o) for o in report.outcomes],
    }
