"""`annotator export --format F`: every layer read in one snapshot, written atomically, with a manifest.

A folder format gets `manifest.json` inside; a file gets a sidecar `NAME.manifest.json` beside it
(a first line would break the JSONL that spaCy and Hugging Face read line by line).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ... import __version__
from ..export import iter_export
from ..schema import Schema
from ..store import Store
from . import FormatError, get_format
from .atomic import MANIFEST, atomic_file, atomic_folder


@dataclass(frozen=True)
class WriteContext:
    schema: Schema
    offsets: str = "codepoint"


def export(
    store: Store,
    name: str,
    path: str | Path,
    annotators: Iterable[str] | None = None,
    all_documents: bool = False,
    offsets: str | None = None,
) -> int:
    """Write the layers in format `name` to `path` (a file, or a folder for brat and hf); returns the layers written."""
    records = iter_export(store, annotators, all_documents)
    return write_records(records, name, Path(path), store.schema, offsets)


def write_records(records: Iterable[dict], name: str, path: Path, schema: Schema, offsets: str | None = None) -> int:
    fmt = get_format(name)
    if offsets is not None and offsets not in fmt.units:
        raise FormatError(f"{name} offsets are {' or '.join(fmt.units)}, not {offsets!r}")
    context = WriteContext(schema, offsets or fmt.offsets)
    module = fmt.load()
    layers: list[dict] = []
    seen = _noting(records, layers)
    if fmt.folder:
        with atomic_folder(path) as temp:
            extra = module.write(seen, temp, context) or {}
            _write_json(temp / MANIFEST, manifest(name, context, layers, extra))
    else:
        with atomic_file(path) as temp:
            extra = module.write(seen, temp, context) or {}
        with atomic_file(sidecar(path)) as temp:
            _write_json(temp, manifest(name, context, layers, extra))
    return len(layers)


def sidecar(path: Path) -> Path:
    """Where the manifest of a one-file export goes: corpus.jsonl -> corpus.manifest.json."""
    return path.with_name(f"{path.stem}.manifest.json")


def _noting(records: Iterable[dict], layers: list[dict]) -> Iterator[dict]:
    for record in records:
        layers.append(
            {"document": record["id"], "annotator": record["annotator"], "status": record["status"],
             "spans": len(record["spans"])}
        )
        yield record


def manifest(name: str, context: WriteContext, layers: list[dict], extra: dict) -> dict:
    return {
        "tool": "annotator",
        "version": __version__,
        "format": name,
        "offsets": context.offsets,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "scheme": {"name": context.schema.name, "sha256": scheme_hash(context.schema)},
        "layers": layers,
        **extra,
    }


def scheme_hash(schema: Schema) -> str:
    """A hash of what the scheme allows (labels, relations, stances, targets), not of where it was read from."""
    content = dataclasses.asdict(dataclasses.replace(schema, source=""))
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_lines(path: Path, records: Iterable[dict]) -> None:
    """JSON Lines, UTF-8, LF: what every JSONL-based format writes."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
