"""Read a file into text, or say clearly why it cannot be read.

``read_source(path)`` guarantees to its caller:

1. the text is a ``str`` decoded from UTF-8 (BOM dropped), or from Windows-1252 /
   Latin-1 with a ``ParseWarning`` saying so;
2. the text is not empty, not binary, and not larger than ``MAX_BYTES``;
3. PDFs (``%PDF-`` magic) are handed to ``lod.read.pdf`` for their text layer; a JSON record or a
   JSON array of paragraphs is read as the text it holds (``lod.read.jsontext``); a web site's notice after
   the text (a licence, "Retrieved from") is left out (``lod.read.sitefooter``);
4. anything else raises ``SourceError`` carrying the file, a line when it helps,
   and the reason;
5. the file's name in ``SourceInfo`` is text that UTF-8 can encode: a name that is not UTF-8 (bytes
   Python decodes to lone surrogates) is published with those bytes escaped (``bad\\xff.txt``) and a
   ``file-name`` warning (``printable``).

``named_sources(paths)`` gives each file to build with the name reports publish: the path below the
source argument it came from, prefixed by that argument's own name (``texts/en.txt``), never the
build machine's absolute path.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lod.errors import SourceError
from lod.model import ParseWarning, SourceInfo
from lod.read.jsontext import unwrap_json
from lod.read.sitefooter import cut_site_footer

__all__ = ["MAX_BYTES", "SOURCE_SUFFIXES", "Source", "collect_sources", "decode_bytes", "named_sources", "printable",
           "read_source"]

#: What a folder's sources are: texts and PDFs.
SOURCE_SUFFIXES = (".txt", ".md", ".pdf", ".xml")

#: Largest file accepted. The longest UN resolutions (budget, oceans) are < 1 MB of text.
MAX_BYTES = 10 * 1024 * 1024

# Mojibake left by UTF-8 read as Windows-1252 / Latin-1 ("Ã©" for "é", "â€™" for "’").
_MOJIBAKE = re.compile("[\u00c3\u00c2][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]|\u00e2\u20ac")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))
#: How much of the text is checked for control characters.
_CONTROL_SAMPLE = 65536
#: Every alternative of ``_MOJIBAKE`` starts with one of these (a substring test is much cheaper than the regex).
_MOJIBAKE_LEADS = ("\u00c3", "\u00c2", "\u00e2")


@dataclass(frozen=True)
class Source:
    """A decoded input text and what is known of where it came from."""

    text: str
    info: SourceInfo
    warnings: tuple[ParseWarning, ...] = ()
    is_pdf: bool = False


def read_source(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    """Read ``path`` as a resolution text (or PDF).

    >>> read_source("/nonexistent/file.txt")
    Traceback (most recent call last):
    ...
    lod.errors.SourceError: /nonexistent/file.txt: file not found

    Raises:
        SourceError: missing, unreadable, empty, binary, too large or undecodable.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise SourceError("file not found", source=p) from None
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", source=p) from None
    if stat.S_ISDIR(st.st_mode):  # the stat above says it (Path.is_dir would stat again)
        raise SourceError("expected a file, found a directory", source=p)
    size = st.st_size
    if size > max_bytes:
        raise SourceError(
            f"file too large: expected at most {max_bytes // (1024 * 1024)} MiB for one resolution, "
            f"found {size / (1024 * 1024):.1f} MiB",
            source=p,
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", source=p) from None
    name = printable(p.name)
    named: tuple[ParseWarning, ...] = ()
    if name != p.name:
        named = (ParseWarning("file-name", f"the file name is not UTF-8: published as {name}"),)
    if data.startswith(b"%PDF-"):
        from lod.read import pdf  # local import: PDF support is optional at run time

        extracted = pdf.extract(p)
        info = SourceInfo(name, hashlib.sha256(data).hexdigest(), len(data), "pdf")
        return Source(extracted.text, info, named + extracted.warnings, is_pdf=True)
    text, encoding, warnings = decode_bytes(data, source=p)
    if text.lstrip()[:1] in "{[" or '", "' in text or '","' in text:  # a data set's record or a viewer's paragraphs
        text, found = unwrap_json(text, source=str(p))
        warnings += found
    text, footer = cut_site_footer(text)
    warnings += footer
    info = SourceInfo(name, hashlib.sha256(data).hexdigest(), len(data), encoding)
    return Source(text, info, named + warnings)


def printable(text: str) -> str:
    """``text`` as UTF-8 can encode it: lone surrogates escaped, unchanged otherwise.

    A file name that is not UTF-8 reaches Python with each bad byte as a lone surrogate
    (``surrogateescape``): those bytes are written ``\\xff``; any other lone surrogate ``\\ud800``.

    >>> printable("bad\\udcff.txt"), printable("a \\ud800 b"), printable("Résolution")
    ('bad\\\\xff.txt', 'a \\\\ud800 b', 'Résolution')
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _utf16_or_32(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark names (the codec reads the mark and drops it), or None."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def decode_bytes(data: bytes, *, source: str | Path | None = None) -> tuple[str, str, tuple[ParseWarning, ...]]:
    """Decode raw bytes to text; return ``(text, encoding, warnings)``.

    >>> decode_bytes("Résolution".encode("latin-1"))[1]
    'cp1252'

    Raises:
        SourceError: empty, binary (NUL bytes or control characters) or undecodable.
    """
    if not data.strip():
        raise SourceError("empty file: expected the text of a resolution, found no text", source=source)
    wide = _utf16_or_32(data)  # Windows "Unicode" text (Notepad, PowerShell's >): its byte-order mark says so
    if wide is not None:
        try:
            data = data.decode(wide).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"undecodable: the file starts with a {wide.upper()} byte-order mark, but byte "
                              f"{exc.start} is not {wide.upper()}", source=source) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise SourceError("binary file: expected text, found a NUL byte", source=source, line=line)
    warnings: list[ParseWarning] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        encoding = wide or "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "latin-1"
        warnings.append(
            ParseWarning(
                "encoding",
                f"not valid UTF-8 (first bad byte 0x{data[exc.start]:02x} at line {line}); decoded as {encoding}",
                line,
            )
        )
    controls = _count_controls(data, text)
    if controls > max(8, len(text[:_CONTROL_SAMPLE]) // 100):
        raise SourceError(
            f"binary file: expected text, found {controls} control characters in the first 64 KiB",
            source=source,
        )
    # every mojibake alternative opens with one of a few characters: most texts skip the regex
    first = _MOJIBAKE.search(text) if any(c in text for c in _MOJIBAKE_LEADS) else None
    if first is None:
        return text, encoding, tuple(warnings)
    line = text[: first.start()].count("\n") + 1
    fixed = _repair_mojibake(text)
    if fixed != text:
        warnings.append(ParseWarning("mojibake", "UTF-8 text had been decoded as Windows-1252; repaired", line))
        text = fixed
    else:
        warnings.append(ParseWarning("mojibake", f"text looks mis-encoded near {first.group()!r}; left as is", line))
    return text, encoding, tuple(warnings)


def _count_controls(data: bytes, text: str) -> int:
    """Control characters in the first 64 KiB of ``text``, decoded from ``data``.

    Counted on the bytes (a C loop, not a regex over the text): UTF-8, Windows-1252 and
    Latin-1 all decode these bytes one to one into the same code points. The regex runs
    only when the bytes hold some and the text is longer than the sample.
    """
    found = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if found == 0 or len(text) <= _CONTROL_SAMPLE:
        return found
    return len(_CONTROL.findall(text, 0, _CONTROL_SAMPLE))


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8-read-as-cp1252 when that strictly reduces mojibake."""
    if not _MOJIBAKE.search(text):
        return text
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)):
            return fixed
    return text


def collect_sources(paths: Sequence[Path]) -> list[Path]:
    """The files to build: each path itself, or the ``.txt``/``.md``/``.pdf``/``.xml`` (Akoma Ntoso) files under a directory.

    Raises:
        SourceError: a path does not exist.
    """
    return [f for f, _ in _collect(paths)]


def _collect(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, the argument it came from) of every file to build, each file once."""
    out: dict[Path, Path] = {}
    for p in paths:
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES
                            and not any(part.startswith(".") for part in f.relative_to(p).parts)):
                out.setdefault(f, p)
        elif p.is_file():
            out.setdefault(p, p)
        else:
            raise SourceError("no such file or directory", source=p)
    return list(out.items())


def named_sources(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """The files to build (as ``collect_sources``), each with the name reports give it.

    The name is the file's path below the argument it came from, prefixed by the argument's own
    name (``.`` or ``..`` stand for the directory they name); a file given as an argument is named
    by its file name. When two files would share a name, each takes as many more parent directories
    as it needs to be told apart. Bytes that are not UTF-8 are escaped (``printable``). So the
    build machine's directories above the sources never appear in what a build publishes.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); (d / "texts" / "en").mkdir(parents=True)
    >>> for f in ("texts/a.txt", "texts/en/b.md", "c.txt"): _ = (d / f).write_text("x")
    >>> [name for _, name in named_sources([d / "texts", d / "c.txt"])]
    ['texts/a.txt', 'texts/en/b.md', 'c.txt']

    Raises:
        SourceError: a path does not exist.
    """
    found = _collect(paths)
    full = [Path(os.path.abspath(f)).parts[1:] for f, _ in found]  # absolute, ".." resolved lexically, no root
    depth = [1 if f == arg else len(f.relative_to(arg).parts) + 1 for f, arg in found]
    names = ["/".join(parts[-n:]) for parts, n in zip(full, depth)]
    while True:
        seen: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            seen.setdefault(name, []).append(i)
        clashes = [i for same in seen.values() if len(same) > 1 for i in same if depth[i] < len(full[i])]
        if not clashes:
            break
        for i in clashes:
            depth[i] += 1
            names[i] = "/".join(full[i][-depth[i]:])
    return [(f, printable(name)) for (f, _), name in zip(found, names)]
