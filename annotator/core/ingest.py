"""Files and folders into documents: .txt, .md, .html, .jsonl, and other tools' files (formats/).

Documents (a file, or one JSONL line) are written in batches of transactions (`_Batches`):
each record has its own savepoint and each plain article is checked before it is gathered, so
a bad file or line is reported and skipped while the rest imports, each batch is atomic, and
nothing half-written stays behind.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import time
from collections.abc import Callable
from contextlib import ExitStack
import dataclasses
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .collector import collector_paused
from .connection import StoreBusy
from .export import Progress, record_to_layer
from .formats.detect import SUFFIXES as FORMAT_SUFFIXES
from .formats.detect import detect
from .model import Change, Document, ImportResult, Layer
from .schema import Schema, check_layer
from .store import Store, StoreError, StoreFailure, combined, make_document
from .text import TextError, check_openable, find_published, normalise
from .titles import headline

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | set(FORMAT_SUFFIXES)
MAX_LINE_MB = 64
"""The longest JSONL record read by default (`--max-line-mb`): a 100,000-span article is about 28 MB."""
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger than any article; a bigger file or JSONL line is refused rather than read whole."""
MAX_NUMBER_DIGITS = 100
"""No field needs a longer integer, and Python refuses more than 4,300 digits with a message about its own limits."""
NOT_REGULAR = "not a regular file"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
LAYER_TABLES = ("spans", "relations", "stances", "statuses")
"""What undoing an import takes back: the user's annotations. Documents, people and targets it
brought stay, since a colleague's layer imported beside them may use them."""
BATCH_WRITES = 500
BATCH_SECONDS = 0.2
"""A batch commits after this many documents or this long, whichever comes first: the window
never waits longer than that for the write lock."""
BATCH_ARTICLES = 5000
BATCH_ARTICLE_CHARS = 2_000_000
"""Plain articles (a row each) are read outside the transaction and written all in one statement, in a
batch of their own once this many are gathered or this much text (about 0.2 s of writing, mostly the
search index), or with the open batch when it commits: the write lock is held only while they are
written, and there are fewer commits, each a sync to disk."""
BATCH_PAUSE_SECONDS = 0.005
"""The lock is left free this long between batches, so a waiting writer (the window) gets in."""


@dataclass(frozen=True)
class ImportIssue:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_skipped: int = 0
    annotations_added: int = 0
    annotations_updated: int = 0
    annotations_removed: int = 0
    merged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    cancelled: bool = False
    undo: Change | None = None
    """What the import added to the user's own layer and gold, as one undo step (None if nothing)."""

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} documents added",
            f"{self.documents_skipped} skipped (already in the store)",
            f"{self.annotations_added} annotations added",
        ]
        if self.annotations_updated or self.annotations_removed:
            parts.append(f"{self.annotations_updated} updated, {self.annotations_removed} removed")
        if self.merged:
            parts.append(
                f"{self.merged} lines for your own layer or gold only added to it, nothing removed or changed "
                "(--replace replaces)"
            )
        parts.append(f"{len(self.errors)} errors")
        return ", ".join(parts) + (" (cancelled)" if self.cancelled else "")

    def _count(self, result) -> None:
        if result.document_added:
            self.documents_added += 1
        elif not (result.annotations_added or result.annotations_updated or result.annotations_removed):
            self.documents_skipped += 1
        self.annotations_added += result.annotations_added
        self.annotations_updated += result.annotations_updated
        self.annotations_removed += result.annotations_removed
        self.merged += result.merged


class _Batches:
    """Writes documents in batches: one transaction per BATCH_WRITES records or BATCH_SECONDS, plain
    articles in one statement per batch (BATCH_ARTICLE_CHARS).

    What a batch wrote is counted in the report only once it committed; if the disk fails, what
    the batch wrote before is kept when SQLite still can, else each of its documents is reported
    as not imported.
    """

    def __init__(self, store: Store, report: ImportReport, replace: bool):
        self.store = store
        self.report = report
        self.replace = replace
        self.own: list[Change] = []
        self._stack: ExitStack | None = None
        self._pending: list[tuple[ImportIssue, ImportResult]] = []
        self._articles: list[tuple[ImportIssue, Document, str]] = []
        self._article_chars = 0
        self._source: dict = {}
        self._started = 0.0
        self._hashes: dict[str, str | None] = {}
        """Each JSONL file's SHA-256, hashed once however many batches name it."""

    def add_document(self, where: ImportIssue, document: Document, file_hash: str) -> None:
        """A plain article (from a file with this SHA-256): gathered, outside the transaction, until they are
        written all in one statement (see BATCH_ARTICLE_CHARS)."""
        self._articles.append((where, document, file_hash))
        self._article_chars += len(document.text)
        self._full()

    def import_layer(self, where: ImportIssue, layer: Layer) -> None:
        """One JSONL record, in its own savepoint; StoreError (that record refused) propagates."""
        self._open(where)
        self._write_articles()
        try:
            self._pending.append((where, self.store.import_layer(layer, replace=self.replace)))
        finally:
            self._full()

    def _open(self, where: ImportIssue, file_hash: str | None = None) -> None:
        if self._stack is None:
            self._source = {"files": {}}
            self._stack = ExitStack()
            self._stack.enter_context(self.store.batch("Import", self._source))
            self._started = time.monotonic()
        name = _printable(where.path)
        if name not in self._source["files"]:
            if file_hash is None and name not in self._hashes:
                self._hashes[name] = _file_hash(where.path)
            self._source["files"][name] = {"sha256": file_hash or self._hashes[name], "lines": []}
        if where.line is not None:
            lines = self._source["files"][name]["lines"]
            lines[1:] = [where.line] if lines else []
            lines[:1] = lines[:1] or [where.line]

    def _write_articles(self) -> None:
        """The gathered articles, into the open batch or else in a batch of their own."""
        if not self._articles:
            return
        documents = [document for _, document, _ in self._articles]
        alone = self._stack is None
        if alone:
            source = {"files": {_printable(where.path): {"sha256": file_hash, "lines": []}
                                for where, _, file_hash in self._articles}}
            try:
                results = self.store.add_documents(documents, source)
            except StoreBusy as exc:  # these articles only: the next batch may get the lock
                self._lost(str(exc))
                return
            except StoreFailure as exc:
                self._lost(str(exc))
                raise
        else:
            for where, _, file_hash in self._articles:
                self._open(where, file_hash)
            results = self.store.add_documents(documents)
        self._pending.extend(zip((where for where, _, _ in self._articles), results))
        self._articles.clear()
        self._article_chars = 0
        if alone:
            self._committed()

    def _full(self) -> None:
        if (len(self._pending) >= BATCH_WRITES or len(self._articles) >= BATCH_ARTICLES
                or self._article_chars >= BATCH_ARTICLE_CHARS
                or (self._stack is not None and time.monotonic() - self._started >= BATCH_SECONDS)):
            self.commit()

    def commit(self) -> None:
        self._write_articles()
        if self._stack is None:
            return
        stack, self._stack = self._stack, None
        try:
            stack.close()
        except StoreFailure as exc:
            self._lost(str(exc))
            raise
        self._committed()

    def _committed(self) -> None:
        """What the batch wrote counts in the report once it committed; then the lock is left free a moment."""
        for _, result in self._pending:
            self.report._count(result)
            if result.change is not None and result.change.ops:
                self.own.append(result.change)
        self._pending.clear()
        time.sleep(BATCH_PAUSE_SECONDS)

    def salvage(self, reason: str) -> None:
        """The disk failed inside the open batch: keep what it wrote before, if SQLite still can."""
        if self._stack is not None and self.store.db.conn.in_transaction:
            try:
                self.commit()
                return
            except StoreFailure:
                return
        if self._stack is not None:
            stack, self._stack = self._stack, None
            stack.__exit__(StoreFailure, StoreFailure(reason), None)
        self._lost(reason)

    def _lost(self, reason: str) -> None:
        for where, *_ in [*self._pending, *self._articles]:
            self.report.errors.append(ImportIssue(where.path, where.line, f"not imported: {reason}"))
        self._pending.clear()
        self._articles.clear()
        self._article_chars = 0


def collect_files(paths: list[str | Path], report: ImportReport) -> list[Path]:
    """Expand folders (recursively, skipping hidden entries); problems with the named paths are errors.

    Only regular files are taken, checked before anything opens them: opening a FIFO blocks
    until some other program writes to it, and a device may never end.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            report.errors.append(ImportIssue(str(path), None, "no such file or folder"))
            continue
        except OSError as exc:
            report.errors.append(_unreadable(path, exc))
            continue
        if stat.S_ISDIR(mode):
            files.extend(_folder_files(path, report))
        elif not stat.S_ISREG(mode):
            report.errors.append(ImportIssue(str(path), None, NOT_REGULAR))
        elif path.suffix.lower() not in SUFFIXES:
            report.errors.append(
                ImportIssue(str(path), None, f"unsupported file type '{path.suffix}' (use {_suffix_list()})")
            )
        else:
            files.append(path)
    return files


def _folder_files(folder: Path, report: ImportReport) -> list[Path]:
    """The importable files under `folder`; links to folders are not followed, so a link loop cannot trap the walk.

    One directory listing per folder and no stat per file (a folder of 10,000 articles): the listing
    says which entries are files, and a brat .txt is one whose .ann is listed beside it.
    """
    found: list[str] = []
    refused = False
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            report.errors.append(_unreadable(Path(exc.filename or current), exc))
            continue
        names = {entry.name for entry in entries}
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    pending.append(entry.path)
                continue
            base, suffix = os.path.splitext(name)
            if suffix.lower() not in SUFFIXES or (suffix == ".txt" and f"{base}.ann" in names and _brat_text(Path(entry.path))):
                continue
            if entry.is_file():
                found.append(entry.path)
            else:
                report.errors.append(ImportIssue(str(Path(entry.path)), None, NOT_REGULAR))
                refused = True
    if not found and not refused:
        report.errors.append(ImportIssue(str(folder), None, f"folder holds no importable files ({_suffix_list()})"))
    return [Path(p) for p in sorted(found, key=_path_order)]


def _path_order(path: str) -> list[str]:
    """Sorts file paths as Path does (part by part, ignoring case where the system does), without making Paths."""
    return os.path.normcase(path).split(os.sep)


def _brat_text(path: Path) -> bool:
    """A .txt with an .ann beside it: the text of a brat document, read with its .ann."""
    return path.suffix == ".txt" and path.with_suffix(".ann").is_file()


def _suffix_list() -> str:
    return ", ".join(sorted(SUFFIXES))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class _Meter:
    """Bytes read so far across a batch, told to the progress callback, which may cancel."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress = progress
        self.total = total
        self.done = 0
        self.cancelled = False

    def reach(self, position: int) -> bool:
        """Move on to `position` bytes read (never back) and tell the callback; False once cancelled."""
        if position > self.done and not self.cancelled:
            self.done = position
            self.total = max(self.total, position)
            if self.progress is not None:
                self.cancelled = self.progress(position, self.total) is False
        return not self.cancelled


def import_paths(
    store: Store,
    paths: list[str | Path],
    annotator: str | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    format: str | None = None,
    offsets: str | None = None,
    max_line_mb: float = MAX_LINE_MB,
    labels: dict[str, str] | None = None,
) -> ImportReport:
    """Import files and folders in batches; problems go to the report, each naming its file and line.

    `progress(done, total)` hears the bytes read across all files, at least once a JSONL line;
    returning False stops the import there, even inside a file, and marks the report cancelled
    (what was read before stays imported). Lines for the user's own layer or gold only add to
    it unless `replace`; what they added is `report.undo`, one undo step. A full disk stops the
    import with a message; every batch before it stays. `format` names the format of files
    that are not plain text (else each is detected), `offsets` the unit their offsets count in.
    """
    with collector_paused():
        report = ImportReport()
        files = collect_files(paths, report)
        sizes = [_size(path) for path in files] if progress else [0] * len(files)  # only progress needs them
        meter = _Meter(progress, sum(sizes))
        batches = _Batches(store, report, replace)
        done = 0
        try:
            for done, (path, size) in enumerate(zip(files, sizes)):
                if meter.cancelled:
                    break
                start = meter.done
                report.files += 1
                kind = "text" if path.suffix.lower() in TEXT_SUFFIXES else detect(path, format)
                if kind == "jsonl":
                    _import_jsonl(
                        batches, path, annotator or store.user, report, lambda read: meter.reach(start + read), max_line_mb
                    )
                elif kind == "text":
                    _import_text_file(batches, path, report)
                elif kind is not None:
                    _import_format(batches, path, kind, annotator or store.user, offsets, report, meter, labels or {})
                meter.reach(start + size)
            batches.commit()
        except StoreFailure as exc:
            batches.salvage(str(exc))
            report.errors.extend(ImportIssue(str(p), None, f"not imported, the import stopped: {exc}") for p in files[done:])
        report.cancelled = meter.cancelled
        if batches.own:
            undo = combined(batches.own, f"Import into your layer ({len(batches.own)} documents)", store.user, "do")
            report.undo = dataclasses.replace(undo, ops=tuple(op for op in undo.ops if op[1] in LAYER_TABLES))
        return report


def _import_format(
    batches: _Batches, path: Path, kind: str, annotator: str, offsets: str | None, report: ImportReport, meter: _Meter,
    labels: dict[str, str],
) -> None:
    from .formats.reading import ReadContext, import_file

    context = ReadContext(batches.store.schema, annotator, offsets, labels=labels)
    import_file(batches, path, kind, context, report, lambda: not meter.cancelled)


def read_article(path: Path) -> tuple[str, str | None, str | None]:
    """The canonical text of a .txt/.md/.html file, its title when the file names one, and the
    SHA-256 of the file (the change log names it; hashing the bytes read here saves a second read),
    None when the file is exactly its text in UTF-8: then the text's hash, which its document
    carries, is the file's."""
    fd = _open_regular_fd(path)
    try:
        _check_size(os.fstat(fd).st_size)
        data = _read_all(fd, MAX_DOCUMENT_BYTES + 1)
    finally:
        os.close(fd)
    _check_size(len(data))
    decoded = text = decode(data)
    title = None
    if path.suffix.lower() in (".html", ".htm"):
        title, text = html_to_text(text)
    text = normalise(text)
    if not text.strip():
        raise ValueError("empty file: no text to annotate")
    check_openable(text)
    if text == decoded and not data.startswith(UTF16_BOMS):
        return text, title, None
    return text, title, hashlib.sha256(data).hexdigest()


def _check_size(size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise ValueError(
            f"file is {size / 2**20:.1f} MiB; one article may be at most {MAX_DOCUMENT_BYTES // 2**20} MiB"
        )


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; a FIFO, device or folder is refused with NOT_REGULAR."""
    return os.fdopen(_open_regular_fd(path), "rb")


def _open_regular_fd(path: Path) -> int:
    """A descriptor of a regular file, opened for reading; a FIFO, device or folder is refused with NOT_REGULAR.

    The stat comes before the open, so a FIFO is never opened. Should the path be swapped
    for one in between, O_NONBLOCK keeps the open from blocking and the fstat refuses it.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise ValueError(NOT_REGULAR)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(NOT_REGULAR)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _read_all(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, without a buffered reader (one article: usually one read)."""
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def decode(data: bytes) -> str:
    """The text of an article file: UTF-8, or UTF-16 when it starts with a byte-order mark."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid UTF-16: {exc.reason} at byte {exc.start}") from None
    return decode_utf8(data)


def decode_utf8(data: bytes) -> str:
    """UTF-8 text, or a ValueError naming the line and column of the first bad byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(data):
            raise ValueError("looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise ValueError(f"binary file (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ValueError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column}"
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    """NULs in only one byte of each pair, in at least half the pairs: UTF-16 of mostly Latin text."""
    pairs = min(len(data), 4096) // 2
    even = data[0 : 2 * pairs : 2].count(0)
    odd = data[1 : 2 * pairs : 2].count(0)
    return pairs > 0 and min(even, odd) == 0 and max(even, odd) * 2 >= pairs


def _is_utf16_file(handle: BinaryIO) -> bool:
    """Whether the file's first bytes are UTF-16 (with or without a mark); the handle is left at the start."""
    head = handle.read(4096)
    handle.seek(0)
    return head.startswith(UTF16_BOMS) or _looks_like_utf16(head)


def parse_json(text: str) -> object:
    """Strict JSON: no NaN or Infinity, no integer of absurd length, no nesting deep enough to exhaust the stack."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _bounded_int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(f"number with {digits} digits; at most {MAX_NUMBER_DIGITS}")
    return int(literal)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"number {literal[:20]} is out of range")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_record(raw: bytes, annotator: str, schema: Schema) -> Layer:
    """One JSONL line as a layer that fits `schema`; a ValueError says what is wrong with it.

    Text decoded from UTF-8 holds no surrogates, so its JSON can only make one from a \\uD800-\\uDFFF
    escape: without such an escape the record's strings need no surrogate check.
    """
    text = decode_utf8(raw)
    layer = record_to_layer(parse_json(text), annotator, strings_checked=not _SURROGATE_ESCAPE.search(text))
    check_layer(layer, schema)
    return layer


def _unreadable(path: Path, exc: OSError) -> ImportIssue:
    if isinstance(exc, FileNotFoundError):
        return ImportIssue(str(path), None, "the file disappeared before it could be read")
    return ImportIssue(str(path), None, f"cannot read: {exc.strerror or exc}")


def _import_text_file(batches: _Batches, path: Path, report: ImportReport) -> None:
    try:
        text, title, digest = read_article(path)
        document = make_document(
            text, headline(title or text), _printable(str(path)), find_published(text), {"file": _printable(path.name)}
        )
        batches.add_document(ImportIssue(str(path), None, ""), document, digest or document.sha256)
    except OSError as exc:
        report.errors.append(_unreadable(path, exc))
        return
    except StoreFailure:
        raise
    except (ValueError, TextError, StoreError) as exc:
        report.errors.append(ImportIssue(str(path), None, str(exc)))


def _file_hash(path: str) -> str | None:
    """The SHA-256 of an imported file, for the change log (None if it cannot be read again)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _printable(name: str) -> str:
    """A file name as UTF-8 text: bytes that are not UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return name if name.isascii() else os.fsencode(name).decode("utf-8", "replace")


def _import_jsonl(
    batches: _Batches,
    path: Path,
    annotator: str,
    report: ImportReport,
    proceed: Callable[[int], bool],
    max_line_mb: float = MAX_LINE_MB,
) -> None:
    """Import each line as one record. `proceed(bytes read)` is asked after every line; False stops.

    A line over `max_line_mb` is skipped unread, with the setting named so the user can raise it.
    """
    limit = int(max_line_mb * 2**20)
    try:
        handle = _open_regular(path)
    except OSError as exc:
        report.errors.append(_unreadable(path, exc))
        return
    except ValueError as exc:
        report.errors.append(ImportIssue(str(path), None, str(exc)))
        return
    records = 0
    with handle:
        if _is_utf16_file(handle):
            report.errors.append(ImportIssue(str(path), None, "UTF-16, not UTF-8: save the file as UTF-8"))
            return
        number = read = 0
        while True:
            try:
                raw = handle.readline(limit + 1)
                too_long = len(raw) > limit and not raw.endswith(b"\n")
                if too_long:
                    read += _skip_line(handle)
            except OSError as exc:
                report.errors.append(ImportIssue(str(path), number + 1, f"read failed: {exc.strerror or exc}"))
                return
            if not raw:
                break
            number += 1
            read += len(raw)
            if not proceed(read):
                return
            if too_long:
                report.errors.append(
                    ImportIssue(
                        str(path), number, f"line is longer than {max_line_mb:g} MiB; skipped (raise --max-line-mb to read it)"
                    )
                )
                continue
            if not raw.strip():
                continue
            records += 1
            try:
                layer = read_record(raw, annotator, batches.store.schema)
            except ValueError as exc:
                report.errors.append(ImportIssue(str(path), number, str(exc)))
                continue
            except Exception as exc:  # one odd record must not end the batch
                report.errors.append(
                    ImportIssue(str(path), number, f"unexpected error reading this record: {type(exc).__name__}: {exc}")
                )
                continue
            try:
                batches.import_layer(ImportIssue(str(path), number, ""), layer)
            except StoreFailure:
                raise
            except (ValueError, StoreError) as exc:
                report.errors.append(ImportIssue(str(path), number, str(exc)))
    if records == 0:
        report.errors.append(ImportIssue(str(path), None, "empty file: no JSONL records"))


def _skip_line(handle: BinaryIO) -> int:
    """Read past the rest of an over-long line, a bounded chunk at a time; returns the bytes skipped."""
    skipped = 0
    while chunk := handle.readline(MAX_DOCUMENT_BYTES):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


class _VisibleText(HTMLParser):
    """Collects the text a browser would show; scripts, styles and the head stay out."""

    HIDDEN = {"script", "style", "head", "noscript", "template", "svg"}
    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
              "section", "article", "header", "footer", "pre", "table", "hr", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.og_title: str | None = None
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta":
            named = dict(attrs)
            if "og:title" in (named.get("property"), named.get("name")) and named.get("content"):
                self.og_title = named["content"]
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    paragraphs, blank = [], False
    for line in lines:
        if line:
            paragraphs.append(line)
            blank = False
        elif not blank and paragraphs:
            paragraphs.append("")
            blank = True
    title = " ".join((parser.og_title or "".join(parser.title)).split()) or None
    return title, "\n".join(paragraphs).strip()
