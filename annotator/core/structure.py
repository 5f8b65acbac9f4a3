"""Selecting by the text's structure: a quotation, a sentence, a clause, one word more or less.

Every function takes the article's text and a code-point selection (start == end for a bare
caret) and returns the code-point range to select, or None when there is nothing to select.
Pressing the same key again with the result selected grows it (the enclosing quotation, the
next sentence, the next clause), so one key reaches what an analyst usually tags.
"""

from __future__ import annotations

import re

from .suggest.rules import sentence_bounds
from .text import QUOTE_MARKS, TOKEN_RE, trim_quotes

_PAIRS = {"“": "”", "‘": "’", "«": "»", "„": "“", "‹": "›", "「": "」", "『": "』"}
_BLOCK_END = re.compile(r"[ \t]*[-–—][ \t]*\w\S*(?:[ \t]+\S+){0,7}[ \t]*")
"""A line like "- Umerov noted.": the paragraph before it is a block quotation of that speaker."""
_CLAUSE_BREAK = re.compile(r"[,;:，；：]|\s[-–—]\s|[–—]")
_TRIM_END = " \t\n,;:"


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _trim(text: str, start: int, end: int, tail: str = _TRIM_END) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def _apostrophe(line: str, i: int) -> bool:
    """A ’ or ' between letters (NATO’s, don't) is an apostrophe, not a quote mark."""
    return 0 < i < len(line) - 1 and line[i - 1].isalnum() and line[i + 1].isalnum()


def _opens_single(line: str, i: int) -> bool:
    """‘ or ' opens a quotation only at a word's start (not in "rock ’n’ roll" or "’90s")."""
    return (i == 0 or not line[i - 1].isalnum()) and i + 1 < len(line) and line[i + 1].isalnum()


def line_quotations(line: str) -> list[tuple[int, int]]:
    """The quotations of one line, (start, end) of the text between the marks, nested ones included.

    Curly, guillemet and CJK marks pair by nesting; straight double quotes pair in turn. A quotation
    left open runs to the line's end (a quoted paragraph that goes on in the next one).
    """
    found: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i, char in enumerate(line):
        if char == '"':
            if straight is None:
                straight = i + 1
            else:
                found.append((straight, i))
                straight = None
            continue
        if char in ("’", "'") and _apostrophe(line, i):
            continue
        closing = next((n for n in range(len(stack) - 1, -1, -1) if stack[n][0] == char), None)
        if closing is not None:
            found.append((stack[closing][1], i))
            del stack[closing:]
            continue
        if char in _PAIRS and (char not in ("‘", "'") or _opens_single(line, i)):
            stack.append((_PAIRS[char], i + 1))
        elif char == "'" and _opens_single(line, i):
            stack.append(("'", i + 1))
    for start in [straight] if straight is not None else []:
        found.append((start, len(line)))
    found.extend((start, len(line)) for _close, start in stack)
    return found


def _block_quotation(text: str, line_start: int, line_end: int) -> tuple[int, int] | None:
    """The paragraph at `line_start` when the next line with text is a dash line naming its speaker."""
    if _BLOCK_END.fullmatch(text[line_start:line_end]) or not text[line_start:line_end].strip():
        return None
    following = line_end
    while following < len(text):
        start, end = _line_bounds(text, following + 1)
        if text[start:end].strip():
            return (line_start, line_end) if _BLOCK_END.fullmatch(text[start:end]) else None
        if end >= len(text):
            return None
        following = end
    return None


def _quotations_of_line(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    found = [
        _trim(text, line_start + start, line_start + end)
        for start, end in line_quotations(text[line_start:line_end])
    ]
    block = _block_quotation(text, line_start, line_end)
    if block:
        found.append(_trim(text, *block, tail=" \t\n"))
    return [(s, e) for s, e in found if e > s]


def quotation_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quotation around the selection (the smallest bigger than it), else the next one after it.

    The range is the quoted words without their marks, spaces and a trailing comma. A paragraph
    followed by a line like "- Umerov noted." is a quotation too (the block quotes of some outlets).
    """
    line_start, line_end = _line_bounds(text, start)
    around = sorted(
        (q for q in _quotations_of_line(text, line_start, line_end) if _inside(start, end, q)),
        key=lambda q: q[1] - q[0],
    )
    if around:
        return around[0]
    position = line_start
    while position <= len(text):
        line_start, line_end = _line_bounds(text, position)
        later = sorted(q for q in _quotations_of_line(text, line_start, line_end) if q[0] >= end)
        if later:
            return later[0]
        if line_end >= len(text):
            return None
        position = line_end + 1
    return None


def quote_type(text: str, start: int, end: int) -> str:
    """How a claim at [start, end) gives its speaker's words: "direct" when it is quoted words (marks and a
    trailing comma aside; a quotation left open at its paragraph's end goes on past it), "mixed" when it holds
    a quotation among words of its own, else "indirect"."""
    start, end = _trim(text, *trim_quotes(text, start, end))
    line_start, line_end = _line_bounds(text, start)
    quotations = _quotations_of_line(text, line_start, line_end)
    for q_start, q_end in quotations:
        runs_on = end > line_end and not text[q_end:line_end].strip(_TRIM_END + "\r")
        if q_start <= start < q_end and (end <= q_end or runs_on):
            return "direct"
    if any(start <= q_start and q_end <= end for q_start, q_end in quotations):
        return "mixed"
    return "indirect"


def _inside(start: int, end: int, quotation: tuple[int, int]) -> bool:
    """The selection lies in the quotation and is smaller; a bare caret at its very end is past it
    (where tagging the quotation leaves the caret, so ' goes on to the next one)."""
    if start == end:
        return quotation[0] <= start < quotation[1]
    return quotation[0] <= start and end <= quotation[1] and quotation != (start, end)


def _pieces(text: str, start: int, end: int, ends: list[int]) -> list[tuple[int, int]]:
    pieces, previous = [], start
    for stop in ends:
        piece = _trim(text, previous, stop, tail=" \t\n")
        if piece[1] > piece[0]:
            pieces.append(piece)
        previous = stop
    return pieces


def _piece_at(pieces: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The pieces under the selection, whole; when that is what is selected, grown by the next piece."""
    first = next((n for n, (_s, e) in enumerate(pieces) if e > start or (start == end and e == start)), None)
    if first is None:
        return None
    last = max(first, max((n for n, (s, _e) in enumerate(pieces) if s < end), default=first))
    found = (pieces[first][0], pieces[last][1])
    if found[0] <= start and end <= found[1] and found != (start, end):
        return found
    return (found[0], pieces[last + 1][1]) if last + 1 < len(pieces) else None


def sentences(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    """The sentences of one line (the rule suggester's sentence rule, abbreviations and all)."""
    return [(line_start + s, line_start + e) for s, e in sentence_bounds(text[line_start:line_end])]


def sentence_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The sentence under the selection; pressed again, the selection grows by the next sentence."""
    line_start, line_end = _line_bounds(text, start)
    return _piece_at(sentences(text, line_start, line_end), start, end)


def clause_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause under the selection (between commas, semicolons, colons and dashes of its sentence).

    Pressed again, the selection grows by the next clause of the sentence. Quote marks at a
    clause's ends are left out.
    """
    sentence = sentence_at(text, start, start)
    if sentence is None:
        return None
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, *sentence)] + [sentence[1]]
    clauses = [_strip_marks(text, s, e) for s, e in _pieces(text, sentence[0], sentence[1], breaks)]
    clauses = [(s, e) for s, e in clauses if e > s]
    return _piece_at(clauses, start, end)


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Without quote marks, spaces and clause punctuation at either end."""
    ends = QUOTE_MARKS + _TRIM_END + "–—-"
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and text[end - 1] in ends:
        end -= 1
    return start, end


def grow_by_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The selection with the next word added at its end (a bare caret selects the word it is in)."""
    for match in TOKEN_RE.finditer(text, end if start < end else _word_start(text, start)):
        if match.group()[0].isalnum() or match.group()[0] == "_":
            return (start if start < end else match.start()), match.end()
    return None


def shrink_by_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The selection without its last word (None when one word or less is selected)."""
    words = [m for m in TOKEN_RE.finditer(text, start, end) if m.group()[0].isalnum() or m.group()[0] == "_"]
    if len(words) < 2:
        return None
    return start, words[-2].end()


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and (text[offset - 1].isalnum() or text[offset - 1] == "_"):
        offset -= 1
    return offset
