"""Text rules: canonical form, content hash, word snapping, tokens and UTF-16 offsets.

Every offset stored or exported is a Python code-point offset, half-open.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from datetime import datetime

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD_CHAR = re.compile(r"\w")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile("\n")
_QUERY_WORD = re.compile(r"\w+")
MAX_LINE_CHARS = 20_000
"""The longest line (paragraph) a document may have.

The article view lays out each line as one Qt text block; a 15 MB text with
no line breaks froze the window for more than ten minutes. Real paragraphs
stay far below this (a long news paragraph is a few thousand characters).
"""


MAX_TEXT_CHARS = 10_000_000
"""The longest document: the window opens a 10-million-character article in about a second here
(20 million took 1.7 s), so everything accepted opens well under the 2 s an analyst will wait."""


class TextError(ValueError):
    """The text cannot become a document (for example it holds lone surrogates)."""


def normalise(text: str) -> str:
    """Return the canonical text: no leading BOM, every line break a single LF.

    Refuses lone surrogates (not encodable as UTF-8) and NUL characters
    (SQLite's length() and substr() stop at the first NUL, so offsets would break).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    surrogate = lone_surrogate(text)
    if surrogate:
        raise TextError(surrogate)
    nul = text.find("\x00")
    if nul >= 0:
        raise TextError(f"NUL character at character {nul}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lone_surrogate(text: str) -> str | None:
    """'lone surrogate U+D800 at character 3' for the first one in `text`, or None."""
    match = _LONE_SURROGATE.search(text)
    return f"lone surrogate U+{ord(match.group()):04X} at character {match.start()}" if match else None


def check_openable(text: str) -> None:
    """Refuse a canonical (LF-only) text the window could not open quickly: a line too long, or too long."""
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise TextError(
                f"line {number} is {len(line):,} characters long; "
                f"at most {MAX_LINE_CHARS:,} per line (split it into paragraphs)"
            )
    if len(text) > MAX_TEXT_CHARS:
        raise TextError(f"the text is {len(text):,} characters long; at most {MAX_TEXT_CHARS:,} per document (split it)")


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts (the first is 0)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def query_words(query: str) -> list[str]:
    """The words of a search: each must be a word of the document or a word's start."""
    return _QUERY_WORD.findall(query)


def search_hits(text: str, query: str, limit: int = 500) -> list[tuple[int, int]]:
    """Where the words of `query` start words of `text` (ignoring case): the first `limit` ranges."""
    words = query_words(query)
    if not words:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    hits = []
    for match in pattern.finditer(text):
        hits.append((match.start(), _word_end(text, match.end())))
        if len(hits) == limit:
            break
    return hits


def _word_end(text: str, end: int) -> int:
    """`end` moved past the rest of the word: regex \\w stops at a combining mark (the accent of a
    decomposed é, a Devanagari vowel sign), and a hit must not split a letter from its marks."""
    while end < len(text) and _is_word(text[end]):
        end += 1
    return end


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」『』"
"""Characters that open or close a quotation: never at the ends of a word-snapped span."""


def trim_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """The range less the white space and quote marks at its ends."""
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS):
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim surrounding white space and quote marks and grow the ends to whole words.

    Returns an empty range (start == end) when the selection holds only space and quote marks.
    """
    start, end = trim_quotes(text, start, end)
    if start == end:
        return start, start
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
        end += 1
    return start, end


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_word(char: str) -> bool:
    """A letter, digit or underscore, or a combining mark (which \\w leaves out: the accent of a decomposed é,
    a Devanagari vowel sign), so that snapping never cuts a letter from its marks."""
    return bool(_WORD_CHAR.match(char)) or unicodedata.category(char)[0] == "M"


def tokens(text: str) -> list[tuple[int, int]]:
    """Token offsets: the matches of `\\w+|[^\\w\\s]`."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    """The line (a paragraph: the view shows each line as one block) holding `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


class Utf16Map:
    """Converts between code-point offsets and UTF-16 code-unit positions (Qt's).

    Only characters outside the Basic Multilingual Plane differ (two units,
    one code point), so the map keeps just their positions and bisects.
    """

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_units = [pos + n for n, pos in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_offset(self, position: int) -> int:
        """Map a UTF-16 position to code points; a position inside a surrogate pair snaps back."""
        return position - bisect_right(self._astral_units, position - 1)


_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4}-\d{2}-\d{2})\b"), ("%Y-%m-%d",)),
    (
        re.compile(r"\b((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w* [A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})\b"),
        ("%a %b %d %Y", "%a %B %d %Y", "%A %B %d %Y", "%A %b %d %Y"),
    ),
    (re.compile(r"\b([A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})\b"), ("%b %d %Y", "%B %d %Y")),
    (re.compile(r"\b(\d{1,2} [A-Z][a-z]{2,8}\.? \d{4})\b"), ("%d %b %Y", "%d %B %Y")),
)


_YEAR = re.compile(r"\d{4}")
"""Every date pattern has a year and stays within a line: only lines with four digits are searched."""

_ANY_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}")
"""What every date pattern holds at least (the weekday one holds the month-day-year one): one search
tells that a head has no date, the common case, before the patterns are tried in turn."""


def find_published(text: str, head_lines: int = 12) -> str | None:
    """An ISO date found in the first lines of an article, or None.

    Articles carry their date in the header ("Wed May 28 2025", "date
    2025-05-30"); dates in the body are about events, so only the head is read.
    """
    head = "\n".join(line for line in text.split("\n", head_lines)[:head_lines] if _YEAR.search(line))
    if not _ANY_DATE.search(head):
        return None
    for pattern, formats in _DATE_PATTERNS:
        for match in pattern.finditer(head):
            raw = match.group(1).replace(",", "").replace(".", "")
            for fmt in formats:
                try:
                    return datetime.strptime(raw, fmt).date().isoformat()
                except ValueError:
                    continue
    return None
