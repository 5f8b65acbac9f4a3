"""A document's title from its text: the first line that reads like a headline.

Saved web pages start with page noise: a date line, a price ticker, view counts, the words
of share buttons ("icon-facebook icon-twitter"). Such lines are skipped. Some articles have
no headline and open with a long first paragraph: its first sentence is the title then.
"""

from __future__ import annotations

import re
from itertools import islice

TITLE_CHARS = 200
"""The longest title made from a text; a longer headline is cut at a word and ends in '…'."""

HEAD_LINES = 12
"""Only the head of an article is searched for its headline."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
"""A word: starts with a letter (numbers, prices and dates are no words)."""

_NOISE_WORDS = frozenset(
    """
    date updated published views view shares share tweet comments comment print email mail
    facebook twitter whatsapp telegram linkedin reddit pinterest min read am pm gmt utc
    mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december
    """.split()
)
"""Words of page furniture: dates, counters, share buttons. A headline has at least two other words."""

_SENTENCE_END = re.compile(r"[.!?](?<=[a-z0-9)\]\"”’'][.!?])(?=\s+[\"“‘(\[]?[A-Z0-9])")
"""The end of a sentence: after a lower-case letter, digit or closing mark (not 'U.S.'), before a capital.
The mark comes first in the pattern (the look back covers it) so that the search jumps from mark to mark."""

_ABBREVIATIONS = frozenset("mr mrs ms dr prof st mt gen col lt sgt capt maj gov sen rep pres jr sr vs no".split())
"""Words whose period ends no sentence ('Mr. Lavrov')."""

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def headline(text: str) -> str:
    """The title of a text: its first line that reads like a headline, or else its first line;
    at most TITLE_CHARS, a longer one giving its first sentence. '' for a blank text."""
    first = None
    for line in islice(_head_lines(text), HEAD_LINES):
        line = line.strip()
        if line.startswith("#"):
            line = _MARKDOWN_HEADING.sub("", line)
        if not line:
            continue
        if _reads_like_a_headline(line):
            return _shorten(line)
        first = first or line
    return _shorten(first) if first else ""


def _head_lines(text: str):
    """The text's lines from the start, found one at a time (no split of a long text)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def _reads_like_a_headline(line: str) -> bool:
    """Two words that are no page furniture; the search stops at the second (a line can be a paragraph)."""
    words = 0
    for match in _WORD.finditer(line):
        folded = match.group().casefold()
        if folded not in _NOISE_WORDS and not folded.startswith("icon-"):
            words += 1
            if words == 2:
                return True
    return False


def _shorten(line: str) -> str:
    if len(line) <= TITLE_CHARS:
        return line
    ends = (m.end() for m in _SENTENCE_END.finditer(line) if not _after_abbreviation(line, m.start()))
    sentence = line[: next(ends, len(line))]
    if len(sentence) <= TITLE_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, TITLE_CHARS)
    return sentence[: cut if cut > 0 else TITLE_CHARS - 1].rstrip(" ,;:-–—") + "…"


def _after_abbreviation(line: str, period: int) -> bool:
    before = line[:period].rsplit(None, 1)
    return bool(before) and before[-1].casefold() in _ABBREVIATIONS
