"""Our own JSONL (see export.py): one record per (document, annotator), code-point offsets.

Reading it is ingest's JSONL import; this module only writes it for `export --format jsonl`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .output import WriteContext, write_lines


def write(records: Iterable[dict], path: Path, context: WriteContext) -> None:
    write_lines(path, records)
