"""Which format a file is in, by its suffix and, for JSON Lines, by the keys of its first record."""

from __future__ import annotations

import json
from pathlib import Path

SUFFIXES = {".ann": "brat", ".spacy": "spacy", ".json": "label-studio", ".jsonl": "jsonl"}
MANIFEST_SUFFIX = "manifest.json"
_HEAD_BYTES = 1 << 20


def detect(path: Path, named: str | None = None) -> str | None:
    """The format to read `path` with, `named` when given; None for an export's manifest, which is not data."""
    if path.name.endswith(MANIFEST_SUFFIX):
        return None
    if named is not None:
        return named
    kind = SUFFIXES.get(path.suffix.lower())
    return _jsonl_kind(path) if kind == "jsonl" else kind


def _jsonl_kind(path: Path) -> str:
    """doccano and Prodigy records by their keys; anything else (even unreadable) is ours, whose reader says what is wrong."""
    try:
        with open(path, "rb") as handle:
            while raw := handle.readline(_HEAD_BYTES):
                if raw.strip():
                    break
        record = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return "jsonl"
    if not isinstance(record, dict):
        return "jsonl"
    if "tokens" in record or "_input_hash" in record or "_task_hash" in record:
        return "prodigy"
    if "entities" in record or isinstance(record.get("label"), list) or isinstance(record.get("labels"), list):
        return "doccano"
    return "jsonl"
