"""Who the article says made a claim: the speaker the rules find for it, else the nearest SPEAKER.

After a claim is tagged the window offers this speaker, and one key tags (if needed) and links it.
The name next to a reporting verb ("Lavrov said", "said Lavrov", "according to the ministry",
a block quotation's "- Umerov noted.") is what the rule suggester finds (`suggest.rules.find`),
run on the claim's paragraph and the line after it only, so offering stays cheap in a long article.
Pure: the window hands in the text, the claim's range and the layer's SPEAKER spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Span
from .suggest.rules import find

REACH = 1500
"""How far (characters) from the claim the rules look for its speaker: a 20,000-character paragraph
took 50 ms, and a speaker is named within a sentence or two of what they said."""
NEAREST_SPEAKER_DISTANCE = 400
"""How far (characters) an already tagged SPEAKER may be from the claim to be offered."""


@dataclass(frozen=True)
class SpeakerOffer:
    """The speaker offered for a claim: an existing SPEAKER span (`span_id`), or text to tag as one."""

    start: int
    end: int
    text: str
    span_id: str | None = None


def offer_speaker(text: str, claim_start: int, claim_end: int, speakers: Iterable[Span]) -> SpeakerOffer | None:
    """The speaker the article names for the claim at [claim_start, claim_end), or None.

    The speaker of the attribution the rules find overlapping the claim comes first; a SPEAKER span
    already tagged there is offered as itself. Otherwise the nearest SPEAKER span within
    `NEAREST_SPEAKER_DISTANCE` characters.
    """
    speakers = list(speakers)
    found = named_speaker(text, claim_start, claim_end)
    if found:
        start, end = found
        tagged = next((s for s in speakers if s.start < end and start < s.end), None)
        if tagged:
            return SpeakerOffer(tagged.start, tagged.end, tagged.text, tagged.id)
        return SpeakerOffer(start, end, text[start:end])
    nearest = min(speakers, key=lambda s: (_distance(s, claim_start, claim_end), s.start), default=None)
    if nearest and _distance(nearest, claim_start, claim_end) <= NEAREST_SPEAKER_DISTANCE:
        return SpeakerOffer(nearest.start, nearest.end, nearest.text, nearest.id)
    return None


def offer_bounds(text: str, claim_start: int, claim_end: int) -> tuple[int, int]:
    """Where a SPEAKER span must lie to be offered for the claim: the rules' window and
    NEAREST_SPEAKER_DISTANCE around the claim (a window hands in only these, not every span)."""
    start, end = _window(text, claim_start, claim_end)
    return min(start, claim_start - NEAREST_SPEAKER_DISTANCE), max(end, claim_end + NEAREST_SPEAKER_DISTANCE)


def named_speaker(text: str, claim_start: int, claim_end: int) -> tuple[int, int] | None:
    """The speaker range of the rules' attribution that overlaps the claim most (then the surest)."""
    start, end = _window(text, claim_start, claim_end)
    best, best_key = None, (0, 0.0)
    for found in find(text[start:end]):
        if found.speaker is None:
            continue
        overlap = min(claim_end, start + found.claim[1]) - max(claim_start, start + found.claim[0])
        if overlap > 0 and (overlap, found.confidence) > best_key:
            best, best_key = found.speaker, (overlap, found.confidence)
    return (start + best[0], start + best[1]) if best else None


def _window(text: str, claim_start: int, claim_end: int) -> tuple[int, int]:
    """From the start of the claim's first line to the end of the first line with text after its last,
    at most `REACH` characters either side of the claim (cut at a space: a very long paragraph)."""
    start = text.rfind("\n", 0, claim_start) + 1
    if claim_start - start > REACH:
        start = text.find(" ", claim_start - REACH, claim_start) + 1 or claim_start - REACH
    end = position = _line_end(text, claim_end)
    while position < len(text):
        following = _line_end(text, position + 1)
        if text[position + 1:following].strip():
            end = following
            break
        position = following
    if end - claim_end > REACH:
        end = text.rfind(" ", claim_end, claim_end + REACH) if " " in text[claim_end:claim_end + REACH] else claim_end + REACH
    return start, end


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _distance(span: Span, start: int, end: int) -> int:
    return max(0, start - span.end, span.start - end)
