"""Machine suggestions: spans and claim→speaker links a suggester proposes for one text.

A suggester is anything with a `name` (the layer is `suggest:<name>`) and a
`suggest(text) -> Suggestions`. Offsets are Python code points, like every stored span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

LAYER_PREFIX = "suggest:"
ATTRIBUTED_TO = "ATTRIBUTED_TO"


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


def layer_suggestions(layer) -> Suggestions:
    """A stored layer (`annotator.core.model.Layer`) as gold Suggestions: every span at confidence
    1.0 and every ATTRIBUTED_TO relation as a link from its claim to its speaker. A claim in
    fragments (joined by SAME_CLAIM, as brat and PolNeAR have them) is linked from each fragment."""
    from ..formats.fragments import SAME_CLAIM

    by_id = {span.id: Suggestion(span.label, span.start, span.end, 1.0) for span in layer.spans}
    group = {span_id: {span_id} for span_id in by_id}
    for r in layer.relations:
        if r.label == SAME_CLAIM and r.head_id in group and r.child_id in group and group[r.head_id] is not group[r.child_id]:
            joined = group[r.head_id] | group[r.child_id]
            for member in joined:
                group[member] = joined
    links = tuple(
        SuggestedLink(by_id[claim].key, by_id[r.child_id].key, 1.0)
        for r in layer.relations
        if r.label == ATTRIBUTED_TO and r.head_id in by_id and r.child_id in by_id
        for claim in sorted(group[r.head_id], key=lambda i: by_id[i].start)
    )
    spans = tuple(sorted(set(by_id.values()), key=lambda s: (s.start, s.end, s.label)))
    return Suggestions(spans, tuple(dict.fromkeys(links)))
