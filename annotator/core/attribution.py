"""Which speaker each claim of a document is attributed to, and which claims each speaker has.

Kept up to date from the changes the store reports, so a view never rescans every relation
(counting a speaker's claims by scanning made deleting a span quadratic in the spans).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Change, Relation


class Attributions:
    def __init__(self, document_id: str, label: str, relations: Iterable[Relation] = ()):
        self.document_id = document_id
        self.label = label
        self._speaker: dict[str, str] = {}
        self._claims: dict[str, set[str]] = {}
        for relation in relations:
            if relation.label == label:
                self._link(relation.head_id, relation.child_id)

    def speaker_of(self, claim_id: str) -> str | None:
        return self._speaker.get(claim_id)

    def claims_of(self, speaker_id: str) -> set[str]:
        return self._claims.get(speaker_id, set())

    def links(self) -> dict[str, str]:
        """Every claim id with its speaker's id."""
        return dict(self._speaker)

    def apply(self, change: Change) -> set[str]:
        """Follow the relation rows `change` wrote; returns the claims and speakers whose links changed."""
        touched: set[str] = set()
        for op in change.ops:
            if op[1] != "relations" or op[0] == "update":
                continue
            row = op[2]
            if row["document_id"] != self.document_id or row["label"] != self.label:
                continue
            head, child = row["head_id"], row["child_id"]
            if op[0] == "insert":
                self._link(head, child)
            elif self._speaker.get(head) == child:
                self._unlink(head)
            touched.update((head, child))
        return touched

    def _link(self, claim_id: str, speaker_id: str) -> None:
        self._unlink(claim_id)
        self._speaker[claim_id] = speaker_id
        self._claims.setdefault(speaker_id, set()).add(claim_id)

    def _unlink(self, claim_id: str) -> None:
        speaker_id = self._speaker.pop(claim_id, None)
        if speaker_id is not None:
            self._claims[speaker_id].discard(claim_id)


def badge_numbers(links: Mapping[str, str], positions: Mapping[str, tuple[int, int]]) -> dict[str, int]:
    """The numbers of the link badges drawn in the article: 1, 2, … for the linked speakers in text
    order, and each claim its speaker's number, so a claim and its speaker show the same number.

    `positions` holds (start, end) of the spans shown; a link to a span not shown gets no badge.
    """
    shown = {claim: speaker for claim, speaker in links.items() if claim in positions and speaker in positions}
    ordered = sorted((positions[s], s) for s in set(shown.values()))
    numbers = {speaker: n for n, (_, speaker) in enumerate(ordered, 1)}
    numbers.update((claim, numbers[speaker]) for claim, speaker in shown.items())
    return numbers
