"""Interchange formats: each name maps to a module with `write` (and `read`, unless export-only).

Modules load on first use, so a missing optional library (spaCy) only matters to its own format.
A writer takes our JSONL records (`export.iter_export`) and a reader yields them, with
code-point offsets on the canonical text: every format converts at its own edge only.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

OFFSET_UNITS = ("codepoint", "utf16")


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    suffix: str
    """What the export is called: a file suffix, or "" for a folder."""
    readable: bool = True
    units: tuple[str, ...] = ("codepoint",)
    """Offset units the tool may count in, its usual one first. A reader falls back to the other
    unit when the span texts say so; a writer takes only these."""

    @property
    def offsets(self) -> str:
        return self.units[0]

    @property
    def folder(self) -> bool:
        return not self.suffix

    def load(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")


FORMATS = {
    f.name: f
    for f in (
        Format("jsonl", "jsonl", ".jsonl"),
        Format("brat", "brat", ""),
        Format("doccano", "doccano", ".jsonl", units=("codepoint", "utf16")),
        Format("label-studio", "labelstudio", ".json", units=("utf16", "codepoint")),
        Format("prodigy", "prodigy", ".jsonl"),
        Format("spacy", "docbin", ".spacy"),
        Format("hf", "huggingface", "", readable=False),
    )
}
READABLE = tuple(name for name, f in FORMATS.items() if f.readable)


class FormatError(ValueError):
    """A file does not fit its format; the message says what, `line` where (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r} (use {', '.join(FORMATS)})") from None
