"""Which speaker each claim of a document is attributed to, and which claims each speaker has.

Kept up to date from the changes the store reports, so a view never rescans every relation
(counting a speaker's claims by scanning made deleting a span quadratic in the spans).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Mapping

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

    def __bool__(self) -> bool:
        return bool(self._drawn)

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

    def link_relations(self, relations: Iterable[Relation]) -> set[str]:
        """Follow these relations too (suggested links shown again); returns their claims and speakers."""
        touched: set[str] = set()
        for relation in relations:
            if relation.label == self.label:
                self._link(relation.head_id, relation.child_id)
                touched.update((relation.head_id, relation.child_id))
        return touched

    def unlink_spans(self, span_ids: Iterable[str]) -> set[str]:
        """Drop the links of these claims and speakers (suggestions no longer shown); returns the spans touched."""
        touched: set[str] = set()
        for span_id in span_ids:
            for claim in [*self.claims_of(span_id), *([span_id] if span_id in self._speaker else [])]:
                touched.update((claim, self._speaker[claim]))
                self._unlink(claim)
        return touched

    def _link(self, claim_id: str, speaker_id: str) -> None:
        self._unlink(claim_id)
        self._speaker[claim_id] = speaker_id
        self._claims.setdefault(speaker_id, set()).add(claim_id)

    def _unlink(self, claim_id: str) -> None:
        speaker_id = self._speaker.pop(claim_id, None)
        if speaker_id is not None:
            self._claims[speaker_id].discard(claim_id)


class BadgeNumbers(Mapping):
    """The numbers of the link badges drawn in the article: 1, 2, … for the linked speakers in text
    order, and each claim its speaker's number, so a claim and its speaker show the same number.

    A link is drawn while both its claim and its speaker are shown. Kept up to date a link or a span
    at a time, and a number is worked out when asked (its speaker's rank among the drawn speakers):
    renumbering every badge after each change made editing a big article slow.
    """

    def __init__(self, links: Mapping[str, str] | None = None, positions: Mapping[str, tuple[int, int]] | None = None):
        self._links: dict[str, str] = dict(links or {})
        self._positions: dict[str, tuple[int, int]] = dict(positions or {})
        self._claims: dict[str, set[str]] = {}
        """Every speaker's claims, shown or not."""
        self._drawn: dict[str, set[str]] = {}
        """The speakers drawn with their claims drawn."""
        for claim, speaker in self._links.items():
            self._claims.setdefault(speaker, set()).add(claim)
            if claim in self._positions and speaker in self._positions:
                self._drawn.setdefault(speaker, set()).add(claim)
        # positions given in text order (as the window gives them) leave this sort nothing to do: sorting the
        # speakers in their links' order held the interpreter 80 ms with 50,000 of them, freezing the window
        self._order = sorted((place, s) for s, place in self._positions.items() if s in self._drawn)

    def __getitem__(self, span_id: str) -> int:
        if span_id in self._drawn:
            return bisect_left(self._order, (self._positions[span_id], span_id)) + 1
        speaker = self._links.get(span_id)
        if speaker is not None and span_id in self._drawn.get(speaker, ()):
            return self[speaker]
        raise KeyError(span_id)

    def __iter__(self) -> Iterator[str]:
        for speaker, claims in self._drawn.items():
            yield speaker
            yield from claims

    def __len__(self) -> int:
        return sum(1 + len(claims) for claims in self._drawn.values())

    def __bool__(self) -> bool:
        return bool(self._drawn)

    def highest(self) -> int:
        """The highest number drawn (0 when none is)."""
        return len(self._order)

    def claims_of(self, speaker_id: str) -> set[str]:
        """The speaker's claims drawn with it."""
        return self._drawn.get(speaker_id, set())

    def link(self, claim_id: str, speaker_id: str | None) -> None:
        """Link the claim to the speaker (None: unlink it)."""
        self._undraw(claim_id)
        old = self._links.pop(claim_id, None)
        if old is not None:
            self._claims[old].discard(claim_id)
        if speaker_id is not None:
            self._links[claim_id] = speaker_id
            self._claims.setdefault(speaker_id, set()).add(claim_id)
            self._draw(claim_id)

    def show(self, span_id: str, position: tuple[int, int]) -> None:
        """The span is shown from `start` to `end`: its links are drawn."""
        self.hide(span_id)
        self._positions[span_id] = position
        self._draw(span_id)
        for claim in self._claims.get(span_id, ()):
            self._draw(claim)

    def hide(self, span_id: str) -> None:
        """The span is no longer shown: its links are not drawn."""
        if span_id not in self._positions:
            return
        self._undraw(span_id)
        for claim in list(self._drawn.get(span_id, ())):
            self._undraw(claim)
        del self._positions[span_id]

    def _draw(self, claim_id: str) -> None:
        speaker = self._links.get(claim_id)
        if speaker is None or claim_id not in self._positions or speaker not in self._positions:
            return
        if speaker not in self._drawn:
            self._drawn[speaker] = set()
            insort(self._order, (self._positions[speaker], speaker))
        self._drawn[speaker].add(claim_id)

    def _undraw(self, claim_id: str) -> None:
        speaker = self._links.get(claim_id)
        claims = self._drawn.get(speaker) if speaker is not None else None
        if not claims or claim_id not in claims:
            return
        claims.discard(claim_id)
        if not claims:
            del self._drawn[speaker]
            del self._order[bisect_left(self._order, (self._positions[speaker], speaker))]
