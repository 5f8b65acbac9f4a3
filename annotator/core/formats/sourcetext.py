"""A text as another tool saw it, and its offsets mapped onto our canonical text.

Other tools count in the file's own text: brat keeps CRLF and a BOM (each one character),
JavaScript tools (Label Studio, doccano's editor, INCEpTION) count UTF-16 code units. Every
imported span goes through `SourceText.resolve`, which converts its offsets and checks the
text the file gives for it against the text they point at.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..text import Utf16Map, normalise
from . import FormatError

_CRLF = re.compile("\r\n")
_BREAK = re.compile("\r\n|\r|\n")
_OTHER = {"codepoint": "utf16", "utf16": "codepoint"}
_HINT = {
    "codepoint": "offsets read as code points; pass --offsets utf16 for a file from a JavaScript tool",
    "utf16": "offsets read as UTF-16 code units; pass --offsets codepoint for a file from a Python tool",
}


@dataclass(frozen=True)
class RawSpan:
    """A span as a file gives it: fragments in the file's unit, the text it claims, and where it was read."""

    fragments: tuple[tuple[int, int], ...]
    text: str | None
    where: str
    line: int | None = None
    flat: bool = False
    """The file writes the fragments' texts joined by one space and line breaks as spaces (brat)."""


class SourceText:
    def __init__(self, raw: str):
        self.raw = raw
        self.text = normalise(raw)
        dropped = [0] if raw.startswith("\ufeff") else []
        self._dropped = dropped + [m.start() for m in _CRLF.finditer(raw)]
        self._units = Utf16Map(raw)

    def resolve(self, spans: list[RawSpan], unit: str | None, default: str) -> list[tuple[tuple[int, int], ...]]:
        """Canonical code-point fragments for each span.

        `unit` None means the file did not say: `default` is tried first and the other unit
        taken instead only when it alone fits every span. A span whose offsets are out of
        range or whose text does not match raises FormatError naming it.
        """
        first = self._try(spans, unit or default)
        if isinstance(first, list) or unit is not None:
            return _raise_or(first)
        second = self._try(spans, _OTHER[default])
        return second if isinstance(second, list) else _raise_or(first)

    def _try(self, spans: list[RawSpan], unit: str) -> list | FormatError:
        try:
            return [self._span(span, unit) for span in spans]
        except FormatError as exc:
            return exc

    def _span(self, span: RawSpan, unit: str) -> tuple[tuple[int, int], ...]:
        points = []
        for start, end in span.fragments:
            if not 0 <= start < end <= self._length(unit):
                    raise FormatError(
                    f"{span.where}: offsets [{start}, {end}) are out of range for a text of "
                    f"{self._length(unit)} ({_HINT[unit]})",
                    span.line,
                )
            points.append((self._code_point(start, unit, span), self._code_point(end, unit, span)))
        if span.text is not None:
            found = " ".join(self.raw[s:e] for s, e in points)
            if _comparable(found, span.flat) != _comparable(span.text, span.flat):
                raise FormatError(
                    f"{span.where}: the text at {_ranges(span.fragments)} is {_short(found)} but the file says "
                    f"{_short(span.text)} ({_HINT[unit]})",
                    span.line,
                )
        return tuple((self._canonical(s), self._canonical(e)) for s, e in points)

    def _length(self, unit: str) -> int:
        return self._units.to_utf16(len(self.raw)) if unit == "utf16" else len(self.raw)

    def _code_point(self, offset: int, unit: str, span: RawSpan) -> int:
        if unit == "codepoint":
            return offset
        point = self._units.to_offset(offset)
        if self._units.to_utf16(point) != offset:
            raise FormatError(f"{span.where}: UTF-16 offset {offset} falls inside a character ({_HINT[unit]})", span.line)
        return point

    def _canonical(self, point: int) -> int:
        """A position in the raw text as a position in the canonical one (no BOM, no CR before LF)."""
        return point - bisect_left(self._dropped, point)


def _raise_or(result):
    if isinstance(result, FormatError):
        raise result
    return result


def _comparable(text: str, flat: bool) -> str:
    """Texts compare with line breaks as LF, or as spaces for a format that flattens them."""
    return _BREAK.sub(" " if flat else "\n", text)


def _ranges(fragments: tuple[tuple[int, int], ...]) -> str:
    return ";".join(f"[{start}, {end})" for start, end in fragments)


def _short(text: str, limit: int = 60) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def to_units(text: str, unit: str):
    """A function from canonical code-point offsets to `unit` offsets of `text` (what a writer needs)."""
    if unit == "codepoint":
        return lambda offset: offset
    return Utf16Map(text).to_utf16
