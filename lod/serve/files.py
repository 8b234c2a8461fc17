"""Serve a file of the dataset, including those stored gzip-compressed (docs/layout.md, "Compressed graph files").

A build writes each graph's files compressed (``graphs/<slug>.nq.gz``…, one gzip member each). The
server keeps answering the URLs it answered before, ``{base}graphs/<slug>.nq`` and the others, with the
same bytes: the file as it is with ``Content-Encoding: gzip`` when the request's ``Accept-Encoding``
takes gzip, else decompressed as a stream. The two are different representations: different ``ETag``
(the gzip one ends in ``-gzip``), ``Vary: Accept-Encoding`` on both; a ``Range`` applies to the bytes
sent (RFC 9110 §14: the compressed bytes under gzip). The ``.gz`` path itself is served as a
download (``application/gzip``), like the dumps.

Example:
    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br;q=1, gzip;q=0"), accepts_gzip("*"), accepts_gzip(None)
    (True, False, True, False)
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

__all__ = ["Served", "accepts_gzip", "file_response", "gzip_etag", "gzip_size", "representation_etag"]

_CHUNK = 1 << 16
#: Below this many compressed bytes a single gzip member's ISIZE (its length modulo 2³², RFC 1952 §2.3.1) is its
#: length: deflate expands at most ≈1,032 times.
_ISIZE_EXACT = (1 << 32) // 1032


class Served(NamedTuple):
    """A file ``lod serve`` answers at ``{base}{rel}``: where it is, its media type, and whether the file holds
    that URL's content gzip-compressed (``graphs/<slug>.nq`` is served from ``graphs/<slug>.nq.gz``)."""

    path: Path
    media_type: str
    gzipped: bool = False


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value takes gzip (RFC 9110 §12.5.3): ``gzip`` (or ``x-gzip``) with a non-zero
    weight, or ``*`` with one when gzip is not named. No header: no (the plain bytes, as before)."""
    if not header:
        return False
    weights: dict[str, float] = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        m = re.search(r";\s*q\s*=\s*([^;]*)", ";" + params)
        try:
            q = float(m.group(1)) if m else 1.0
        except ValueError:  # a weight that cannot be read: not taken (the plain bytes are always right)
            q = 0.0
        weights[name.strip().lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in weights:
            return weights[name] > 0
    return weights.get("*", 0.0) > 0


def gzip_etag(etag: str) -> str:
    """The ``ETag`` of the gzip representation of what ``etag`` tags (strong validators differ by encoding).

    >>> gzip_etag('"ab-cd"')
    '"ab-cd-gzip"'
    """
    return etag[:-1] + '-gzip"'


def gzip_size(path: Path) -> int | None:
    """The decompressed length of a one-member gzip file (its ISIZE), or None when it cannot be told that way."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            if size < 18 or size >= _ISIZE_EXACT:
                return None
            f.seek(-4, 2)
            return int.from_bytes(f.read(4), "little")
    except OSError:
        return None


def _gunzip_chunks(path: Path) -> Iterator[bytes]:
    """The text of a gzip file (any number of members), a chunk at a time."""
    with open(path, "rb") as f:
        d = zlib.decompressobj(wbits=31)
        while True:
            data = d.unconsumed_tail or f.read(_CHUNK)
            if not data:
                break
            out = d.decompress(data, _CHUNK)
            if out:
                yield out
            if d.eof:  # the next member, if any
                rest = d.unused_data
                d = zlib.decompressobj(wbits=31)
                if rest:
                    out = d.decompress(rest, _CHUNK)
                    if out:
                        yield out
        tail = d.flush()
        if tail:
            yield tail


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def _plain_range(request: Request, data: bytes, etag: str, media_type: str, headers: dict[str, str]) -> Response | None:
    """The 206 (or 416) answer to a single ``Range`` over ``data``; None to answer whole (no range, an ``If-Range`` that
    does not match, several ranges: RFC 9110 §14.2 lets a server ignore them)."""
    m = _RANGE.match(request.headers.get("range", "").replace(" ", ""))
    if_range = request.headers.get("if-range")
    if m is None or (if_range is not None and if_range != etag) or m.group(1) == m.group(2) == "":
        return None
    size = len(data)
    if m.group(1):
        start, end = int(m.group(1)), min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
    else:
        start, end = max(size - int(m.group(2)), 0), size - 1
    if start >= size or start > end:
        return PlainTextResponse("Range Not Satisfiable", status_code=416, headers={"Content-Range": f"bytes */{size}"})
    body = b"" if request.method == "HEAD" else data[start:end + 1]
    return Response(body, status_code=206, media_type=media_type,
                    headers={**headers, "Content-Range": f"bytes {start}-{end}/{size}", "Content-Length": str(end - start + 1)})


def file_response(request: Request, served: Served, *, media_type: str, headers: dict[str, str],
                  filename: str | None = None) -> Response:
    """Answer with ``served``: the file as it is, or, when it is ``gzipped``, as the request's ``Accept-Encoding``
    allows (``headers`` carry the ``ETag`` of the representation chosen: see ``representation_etag``)."""
    if not served.gzipped:
        return FileResponse(served.path, media_type=media_type, headers=headers, filename=filename)
    if accepts_gzip(request.headers.get("accept-encoding")):
        return FileResponse(served.path, media_type=media_type, filename=filename,
                            headers={**headers, "Content-Encoding": "gzip"})
    if filename is not None:
        headers = {**headers, "Content-Disposition": f'attachment; filename="{filename}"'}
    headers = {**headers, "Accept-Ranges": "bytes"}
    if request.headers.get("range"):  # rare: decompress the whole graph file and cut
        data = b"".join(_gunzip_chunks(served.path))
        ranged = _plain_range(request, data, headers.get("ETag", ""), media_type, headers)
        if ranged is not None:
            return ranged
        return Response(b"" if request.method == "HEAD" else data, media_type=media_type,
                        headers={**headers, "Content-Length": str(len(data))})
    size = gzip_size(served.path)
    if request.method == "HEAD":
        if size is None:
            size = sum(len(c) for c in _gunzip_chunks(served.path))
        return Response(b"", media_type=media_type, headers={**headers, "Content-Length": str(size)})
    if size is not None:
        headers = {**headers, "Content-Length": str(size)}
    return StreamingResponse(_gunzip_chunks(served.path), media_type=media_type, headers=headers)


def representation_etag(request: Request, served: Served, etag: str) -> tuple[str, str | None]:
    """The ``ETag`` of what ``file_response`` will send for ``served`` (``etag``: the plain bytes'), and the
    ``Vary`` it needs (``Accept-Encoding`` when the file is stored compressed, else None)."""
    if not served.gzipped:
        return etag, None
    return (gzip_etag(etag) if accepts_gzip(request.headers.get("accept-encoding")) else etag), "Accept-Encoding"
