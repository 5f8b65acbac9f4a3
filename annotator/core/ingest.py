"""Files and folders into documents: .txt, .md, .html and .jsonl.

Each document (a file, or one JSONL line) is written in its own transaction,
so a bad file or line is reported and skipped while the rest of the batch
imports, and nothing half-written stays behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .export import Progress, RecordError, record_to_layer
from .store import Store, StoreError
from .text import TextError, find_published, first_line, normalise

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".jsonl"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger than any article; a bigger file or JSONL line is refused rather than read whole."""


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
    errors: list[ImportIssue] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} documents added",
            f"{self.documents_skipped} skipped (already in the store)",
            f"{self.annotations_added} annotations added",
        ]
        if self.annotations_updated or self.annotations_removed:
            parts.append(f"{self.annotations_updated} updated, {self.annotations_removed} removed")
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


def collect_files(paths: list[str | Path], report: ImportReport) -> list[Path]:
    """Expand folders (recursively, skipping hidden entries); unknown kinds named on the command line are errors."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif not path.exists():
            report.errors.append(ImportIssue(str(path), None, "no such file or folder"))
        elif path.suffix.lower() not in SUFFIXES:
            report.errors.append(
                ImportIssue(str(path), None, f"unsupported file type '{path.suffix}' (use {', '.join(sorted(SUFFIXES))})")
            )
        else:
            files.append(path)
    return files


def import_paths(
    store: Store,
    paths: list[str | Path],
    annotator: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    report = ImportReport()
    files = collect_files(paths, report)
    for done, path in enumerate(files):
        if progress and progress(done, len(files)) is False:
            report.cancelled = True
            break
        report.files += 1
        if path.suffix.lower() == ".jsonl":
            _import_jsonl(store, path, annotator or store.user, report)
        else:
            _import_text_file(store, path, report)
    else:
        if progress:
            progress(len(files), len(files))
    return report


def read_article(path: Path) -> tuple[str, str | None]:
    """The canonical text of a .txt/.md/.html file and its title when the file names one."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise ValueError(f"file is {size / 2**20:.1f} MiB; one article may be at most {MAX_DOCUMENT_BYTES // 2**20} MiB")
    data = path.read_bytes()
    text = decode(data)
    title = None
    if path.suffix.lower() in (".html", ".htm"):
        title, text = html_to_text(text)
    text = normalise(text)
    if not text.strip():
        raise ValueError("empty file: no text to annotate")
    return text, title


def decode(data: bytes) -> str:
    """UTF-8 text, or a ValueError naming the line and column of the first bad byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ValueError(f"binary file (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ValueError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column}"
        ) from None


def _unreadable(path: Path, exc: OSError) -> ImportIssue:
    if isinstance(exc, FileNotFoundError):
        return ImportIssue(str(path), None, "the file disappeared before it could be read")
    return ImportIssue(str(path), None, f"cannot read: {exc.strerror or exc}")


def _import_text_file(store: Store, path: Path, report: ImportReport) -> None:
    try:
        text, title = read_article(path)
        result = store.add_document(
            text,
            title=title or first_line(text)[:300],
            source=str(path),
            published=find_published(text),
            meta={"file": path.name},
        )
    except OSError as exc:
        report.errors.append(_unreadable(path, exc))
        return
    except (ValueError, TextError, StoreError) as exc:
        report.errors.append(ImportIssue(str(path), None, str(exc)))
        return
    report._count(result)


def _import_jsonl(store: Store, path: Path, annotator: str, report: ImportReport) -> None:
    try:
        handle = path.open("rb")
    except OSError as exc:
        report.errors.append(_unreadable(path, exc))
        return
    records = 0
    with handle:
        number = 0
        while True:
            try:
                raw = handle.readline(MAX_DOCUMENT_BYTES + 1)
            except OSError as exc:
                report.errors.append(ImportIssue(str(path), number + 1, f"read failed: {exc.strerror or exc}"))
                return
            if not raw:
                break
            number += 1
            if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(MAX_DOCUMENT_BYTES)
                report.errors.append(
                    ImportIssue(str(path), number, f"line is longer than {MAX_DOCUMENT_BYTES // 2**20} MiB; skipped")
                )
                continue
            if not raw.strip():
                continue
            records += 1
            try:
                value = json.loads(decode(raw))
                result = store.import_layer(record_to_layer(value, annotator))
            except json.JSONDecodeError as exc:
                report.errors.append(ImportIssue(str(path), number, f"not valid JSON: {exc.msg} at column {exc.colno}"))
                continue
            except (ValueError, RecordError, StoreError) as exc:
                report.errors.append(ImportIssue(str(path), number, str(exc)))
                continue
            report._count(result)
    if records == 0:
        report.errors.append(ImportIssue(str(path), None, "empty file: no JSONL records"))


class _VisibleText(HTMLParser):
    """Collects the text a browser would show; scripts, styles and the head stay out."""

    HIDDEN = {"script", "style", "head", "noscript", "template", "svg"}
    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
              "section", "article", "header", "footer", "pre", "table", "hr", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "title":
            self._in_title = True
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
    title = " ".join("".join(parser.title).split()) or None
    return title, "\n".join(paragraphs).strip()
