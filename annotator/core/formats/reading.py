"""Importing another tool's file: its reader yields our records, which then take the JSONL path.

Every record becomes a Layer through `record_to_layer` (the strict JSONL reader), is checked
against the scheme and goes to the import's batches (`ingest._Batches.import_layer`), so the
rules of a JSONL import hold for every format: your own layer and gold are only added to unless
--replace, each batch is atomic, and what went into your layer is one undo step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..export import record_to_layer
from ..ingest import MAX_DOCUMENT_BYTES, ImportIssue, ImportReport, _Batches, decode, decode_utf8, parse_json
from ..schema import Schema, check_layer
from ..store import StoreError, StoreFailure
from ..text import TextError
from . import FormatError, get_format
from .atomic import MANIFEST

MAX_FILE_BYTES = 50 * MAX_DOCUMENT_BYTES
"""A format read whole (a Label Studio JSON array, a DocBin) may hold many documents, but not without end."""


@dataclass
class ReadContext:
    schema: Schema
    annotator: str
    """Whose layer a record that names no annotator is."""
    offsets: str | None = None
    """The unit named with --offsets; None lets each reader use its tool's unit and detect the other."""
    manifests: dict[Path, dict] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """--map: a label of the file → ours ("" leaves its spans out); brat reads it."""


@dataclass(frozen=True)
class Item:
    """One document read from a file: a record for `record_to_layer`, or why it cannot be one."""

    line: int | None
    record: dict | None = None
    error: str | None = None


def import_file(
    batches: _Batches, path: Path, name: str, context: ReadContext, report: ImportReport, proceed: Callable[[], bool]
) -> None:
    """Import every document of one file in format `name`; problems go to the report with file and line."""
    try:
        for item in get_format(name).load().read(path, context):
            if not proceed():
                return
            _import_item(batches, path, item, context, report)
    except FormatError as exc:
        report.errors.append(ImportIssue(str(path), exc.line, str(exc)))
    except OSError as exc:
        report.errors.append(ImportIssue(str(path), None, f"cannot read: {exc.strerror or exc}"))
    except StoreFailure:
        raise
    except Exception as exc:  # one odd file must not end the import
        report.errors.append(ImportIssue(str(path), None, f"unexpected error reading this file: {type(exc).__name__}: {exc}"))


def _import_item(batches: _Batches, path: Path, item: Item, context: ReadContext, report: ImportReport) -> None:
    where = ImportIssue(str(path), item.line, "")
    if item.error is not None:
        report.errors.append(ImportIssue(str(path), item.line, item.error))
        return
    try:
        layer = record_to_layer(item.record, context.annotator)
        check_layer(layer, context.schema)
        batches.import_layer(where, layer)
    except StoreFailure:
        raise
    except (ValueError, StoreError) as exc:
        report.errors.append(ImportIssue(str(path), item.line, str(exc)))


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for each non-blank line, strictly parsed; a bad line is a FormatError value."""
    with open(path, "rb") as handle:
        number = 0
        while raw := handle.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(MAX_DOCUMENT_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield number, FormatError(f"line is longer than {MAX_DOCUMENT_BYTES // 2**20} MiB; skipped", number)
            elif raw.strip():
                try:
                    yield number, parse_json(decode_utf8(raw))
                except ValueError as exc:
                    yield number, FormatError(str(exc), number)


def line_items(path: Path, to_record, wanted=lambda value: True) -> Iterator[Item]:
    """Each JSONL line as an Item: `to_record(value, line)` makes the record; a bad line is that line's error."""
    for number, value in json_lines(path):
        if isinstance(value, FormatError):
            yield Item(number, error=str(value))
            continue
        if not wanted(value):
            continue
        try:
            yield Item(number, to_record(value, number))
        except (FormatError, TextError) as exc:
            yield Item(number, error=str(exc))


def read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FormatError(f"file is {size / 2**20:.0f} MiB; at most {MAX_FILE_BYTES // 2**20} MiB")
    return path.read_bytes()


def read_text(path: Path) -> str:
    """A file's text as the tool saw it (UTF-8, or UTF-16 with a mark), not yet normalised."""
    try:
        return decode(read_bytes(path))
    except ValueError as exc:
        raise FormatError(str(exc)) from None


def read_json_array(path: Path) -> list[tuple[int, object]]:
    """The elements of a JSON file holding a list (or one object), strictly parsed, each with the line it starts on."""
    text = read_text(path)
    try:
        value = parse_json(text)
    except ValueError as exc:
        raise FormatError(str(exc)) from None
    if isinstance(value, dict):
        return [(1, value)]
    if not isinstance(value, list):
        raise FormatError("expected a JSON list of tasks")
    return list(zip(_element_lines(text), value))


def _element_lines(text: str) -> list[int]:
    """The line each element of the top-level JSON list starts on (the text parsed strictly before)."""
    decoder, lines = json.JSONDecoder(), []
    position = text.index("[") + 1
    while True:
        position = _skip(text, position, " \t\r\n,\ufeff")
        if text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        position = decoder.raw_decode(text, position)[1]


def _skip(text: str, position: int, characters: str) -> int:
    while text[position] in characters:
        position += 1
    return position


def manifest_for(path: Path, context: ReadContext) -> tuple[Path, dict] | None:
    """The manifest of the export that `path` belongs to (in its folder or the one above), with its folder."""
    for folder in (path.parent, path.parent.parent):
        if folder not in context.manifests:
            context.manifests[folder] = _load_manifest(folder / MANIFEST)
        if context.manifests[folder]:
            return folder, context.manifests[folder]
    return None


def _load_manifest(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) and value.get("tool") == "annotator" else {}
