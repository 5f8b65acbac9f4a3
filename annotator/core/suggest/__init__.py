"""Machine suggestions: spans and claim→speaker links a suggester proposes for one text.

A suggester is anything with a `name` (the layer is `suggest:<name>`) and a
`suggest(text) -> Suggestions`. Offsets are Python code points, like every stored span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

LAYER_PREFIX = "suggest:"


@dataclass(frozen=True)
class Suggestion:
    """One proposed span; `key` is stable for the same label and range, so a rejection can name it."""

    label: str
    start: int
    end: int
    confidence: float

    @property
    def key(self) -> str:
        return f"{self.label}:{self.start}:{self.end}"


@dataclass(frozen=True)
class SuggestedLink:
    """A proposed ATTRIBUTED_TO link from a suggested CLAIM to a suggested SPEAKER (by key)."""

    claim_key: str
    speaker_key: str
    confidence: float


@dataclass(frozen=True)
class Suggestions:
    spans: tuple[Suggestion, ...] = ()
    links: tuple[SuggestedLink, ...] = ()


class Suggester(Protocol):
    name: str

    def suggest(self, text: str) -> Suggestions: ...


def layer_name(suggester_name: str) -> str:
    return LAYER_PREFIX + suggester_name


def is_suggestion_layer(annotator: str | None) -> bool:
    return bool(annotator) and annotator.startswith(LAYER_PREFIX)
