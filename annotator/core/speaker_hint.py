"""Who the article says made a claim: the name next to a reporting verb, else the nearest SPEAKER.

After a claim is tagged the window offers this speaker, and one key tags (if needed) and links it.
Pure: the window hands in the text, the claim's range and the layer's SPEAKER spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Span
from .people import GENERIC_NOUNS

REPORTING_VERBS = (
    "said says say told tells noted notes added adds stated states stressed stresses emphasized emphasised "
    "emphasizes emphasises warned warns explained explains insisted insists argued argues claimed claims "
    "announced announces declared declares wrote writes asked asks replied replies remarked remarks urged urges "
    "commented comments observed observes continued recalled reminded confirmed confirms acknowledged admitted "
    "suggested suggests concluded concludes believes thinks vowed promised pledged accused criticized criticised "
    "reaffirmed reiterated underscored underlined indicated announced answered"
).split()
"""Verbs that report speech: "Lavrov said", "said Lavrov", "- Umerov noted."."""

NEAREST_SPEAKER_DISTANCE = 400
"""How far (characters) an already tagged SPEAKER may be from the claim to be offered."""

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЄІЇҐ"
_NAME_WORD = rf"[{_UPPER}][\w’'.-]*"
_PARTICLE = r"(?:al|bin|de|del|der|di|da|dos|du|el|la|le|van|von|ibn|bin)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD})*"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)"
_GENERIC = rf"(?:[Tt]he\s+(?:[\w-]+\s+){{0,2}}(?:{'|'.join(sorted(GENERIC_NOUNS))}))"
_WHO = rf"(?P<who>{_GENERIC}|{_NAME}|{_PRONOUN})"
_VERB = rf"(?:also\s+|then\s+|later\s+)?(?:{'|'.join(REPORTING_VERBS)})\b"
_MARKS = r"[\s,.;:“”\"‘’'«»–—-]*"

_AFTER = (
    re.compile(rf"{_MARKS}{_WHO}\s+{_VERB}"),  # “…,” Lavrov said.
    re.compile(rf"{_MARKS}(?:{_VERB})\s+{_WHO}"),  # “…,” said Lavrov.
    re.compile(rf"{_MARKS}according\s+to\s+{_WHO}"),  # …, according to the ministry.
)
_BEFORE = (
    re.compile(rf"{_WHO}\s+{_VERB}(?:\s+that)?[\s,:“\"‘']*$"),  # Lavrov said, “… / Lavrov said that …
    re.compile(rf"[Aa]ccording\s+to\s+{_WHO}[\s,:“\"]*$"),  # According to Lavrov, …
)
_DASH_LINE = re.compile(rf"\s*\n\s*\n?[ \t]*[-–—][ \t]*{_WHO}\s+{_VERB}")
"""A block quotation's closing line: "- Umerov noted."."""

TITLES = frozenset(
    "minister president prime foreign defense defence secretary chancellor spokesman spokeswoman spokesperson "
    "head chief deputy ambassador general senator governor mayor leader state interior envoy ukrainian russian "
    "turkish american british german french chinese israeli iranian saudi us u.s. uk eu nato".split()
)
"""Words before a name that are titles, not the name ("Russian Foreign Minister Sergei Lavrov")."""
OPENERS = frozenset("then but and so meanwhile however later earlier also yet still".split())
"""Capitalised sentence openers that a run of capitalised words may start with ("But Lavrov said")."""


@dataclass(frozen=True)
class SpeakerOffer:
    """The speaker offered for a claim: an existing SPEAKER span, or text to tag as one."""

    start: int
    end: int
    text: str
    span_id: str | None = None


def offer_speaker(text: str, claim_start: int, claim_end: int, speakers: Iterable[Span]) -> SpeakerOffer | None:
    """The speaker the article names for the claim at [claim_start, claim_end), or None.

    A name (or he/she, or "the ministry") next to a reporting verb right after the claim, right
    before it, or on a dash line closing its block quotation comes first; a SPEAKER span already
    tagged there is offered as itself. Otherwise the nearest SPEAKER span within
    `NEAREST_SPEAKER_DISTANCE` characters.
    """
    speakers = list(speakers)
    found = _named(text, claim_start, claim_end)
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


def _distance(span: Span, start: int, end: int) -> int:
    return max(0, start - span.end, span.start - end)


def _named(text: str, claim_start: int, claim_end: int) -> tuple[int, int] | None:
    line_end = text.find("\n", claim_end)
    line_end = len(text) if line_end < 0 else line_end
    line_start = text.rfind("\n", 0, claim_start) + 1
    for pattern in _AFTER:
        match = pattern.match(text, claim_end, line_end)
        if match:
            return _name_range(text, match)
    before = text[line_start:claim_start]
    for pattern in _BEFORE:
        match = pattern.search(before)
        if match:
            start, end = _name_range(before, match)
            return line_start + start, line_start + end
    dash = _DASH_LINE.match(text, line_end)
    if dash and not text[claim_end:line_end].strip(" \t”\"’'"):
        return _name_range(text, dash)
    return None


def _name_range(text: str, match: re.Match) -> tuple[int, int]:
    """The `who` group without a sentence opener, leading titles (two words are kept) and trailing dots."""
    start, end = match.span("who")
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > 1 and words[0].group().casefold() in OPENERS:
        words.pop(0)
    while len(words) > 2 and words[0].group().casefold() in TITLES:
        words.pop(0)
    start += words[0].start()
    while end > start and text[end - 1] in ".’'":
        end -= 1
    return start, end
