"""Tokens that every span starts and ends on, for the token-based formats (Prodigy, spaCy, Hugging Face).

The words are those of `text.tokens()`, cut again at every span boundary, so a span that starts
inside a word still maps to whole tokens and its offsets survive exactly. White space follows
spaCy: one space after a token is that token's trailing space, any other white space is a
token of its own, so the tokens and their spaces give back the text character for character.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from ..text import tokens as word_offsets

_REGIONAL = ("\U0001f1e6", "\U0001f1ff")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    ws: bool
    """Whether one space follows the token as its trailing white space."""


def tokenize(text: str, spans: Iterable[tuple[int, int]]) -> list[Token]:
    spans = list(spans)
    bounds = {b for span in spans for b in span}
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    words = {b for word in word_offsets(text) for b in word if not _inside_character(text, b)}
    cuts = sorted({0, len(text)} | bounds | words)
    out: list[Token] = []
    for start, end in zip(cuts, cuts[1:]):
        if text[start:end].isspace() and _absorbs(text, out, start, starts, ends):
            out[-1] = Token(out[-1].start, out[-1].end, True)
            start += 1
        if start < end:
            out.append(Token(start, end, False))
    return out


def _absorbs(text: str, out: list[Token], start: int, starts: set[int], ends: set[int]) -> bool:
    """Whether the space at `start` can be the previous word's trailing space: no span starts
    on it and none ends just after it (such a span needs the space as a token of its own)."""
    return (
        bool(out) and not out[-1].ws and out[-1].end == start and not text[out[-1].start:out[-1].end].isspace()
        and text[start] == " " and start not in starts and start + 1 not in ends
    )


def _inside_character(text: str, position: int) -> bool:
    """Whether `position` falls inside what a reader sees as one character: before a combining
    mark, variation selector or skin tone, next to a zero-width joiner, or inside a flag."""
    if not 0 < position < len(text):
        return False
    before, after = text[position - 1], text[position]
    if unicodedata.category(after).startswith("M") or "\U0001f3fb" <= after <= "\U0001f3ff" or "\u200d" in (before, after):
        return True
    run = 0
    while position - run > 0 and _REGIONAL[0] <= text[position - run - 1] <= _REGIONAL[1]:
        run += 1
    return run % 2 == 1 and _REGIONAL[0] <= after <= _REGIONAL[1]


class TokenIndex:
    """Token positions of character offsets that `tokenize` made token boundaries."""

    def __init__(self, tokens: list[Token]):
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def first(self, start: int) -> int:
        return bisect_left(self._starts, start)

    def last(self, end: int) -> int:
        """The index of the token that ends at `end` (inclusive, as Prodigy counts)."""
        return bisect_left(self._ends, end)
