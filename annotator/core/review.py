"""Review: two layers of one document compared item by item, and decisions that fill gold.

Spans of A and B are paired in three passes: same label and range (an
agreement, unless the claim's speaker link or stances differ), then same range
with another label, then same label overlapping (largest overlap first, as the
agreement measures do). What is left is only in A or only in B. Each pair or
lone span is one `Difference`; its key (the two span ids) names it in the
decisions table, so a decision is remembered across sessions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from .agreement import exact_matches, overlap_matches
from .model import GOLD, Change, Decision, Relation, Span
from .store import Store, StoreError

KINDS = ("agree", "only_a", "only_b", "label", "boundary", "speaker", "stance")
KIND_NAMES = {
    "agree": "agreement",
    "only_a": "only in A",
    "only_b": "only in B",
    "label": "different label",
    "boundary": "different boundaries",
    "speaker": "different speaker",
    "stance": "different stances",
}
RANK = {kind: i for i, kind in enumerate(KINDS)}
"""Where a kind sorts among differences at the same place."""
CHOICE_NAMES = {"a": "took A", "b": "took B", "both": "took both", "edit": "edited"}


@dataclass(frozen=True)
class Difference:
    """One item of a review: a pair of spans, or a span only one side has.

    `kinds` lists every way the pair differs, the most visible first; an
    agreement is ("agree",).
    """

    key: str
    kinds: tuple[str, ...]
    a: Span | None
    b: Span | None
    a_speaker: Span | None = None
    b_speaker: Span | None = None

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(s for s in (self.a, self.b) if s is not None)

    @property
    def start(self) -> int:
        return min(s.start for s in self.spans)

    @property
    def end(self) -> int:
        return max(s.end for s in self.spans)


@dataclass(frozen=True)
class Review:
    """A document's differences between annotators `a` and `b`, and what was decided so far."""

    document_id: str
    title: str
    text: str
    a: str
    b: str
    differences: tuple[Difference, ...]
    decided: dict[str, str] = field(default_factory=dict)

    def open(self) -> list[Difference]:
        return [d for d in self.differences if d.key not in self.decided]

    def counts(self) -> dict[str, int]:
        """How many differences are of each kind, counting every kind a difference has (as the table lists
        them): a claim whose speaker and stances both differ counts under both."""
        found = dict.fromkeys(KINDS, 0)
        for difference in self.differences:
            for kind in difference.kinds:
                found[kind] += 1
        return found

    def status_after(self, keys: Iterable[str]) -> str:
        """The review status once `keys` are decided too: adjudicated when nothing is left open."""
        decided = self.decided.keys() | set(keys)
        return "adjudicated" if all(d.key in decided for d in self.differences) else "in_review"


def difference_key(a: Span | None, b: Span | None) -> str:
    return f"{a.id if a else '-'}|{b.id if b else '-'}"


def pair_spans(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span | None, Span | None]]:
    """Pair A's spans with B's: exact, then same range other label, then overlap; then the rest alone.

    Each pass looks spans up by key or by a sorted sweep (`overlap_matches`), never pair by pair.
    """
    pairs: list[tuple[Span | None, Span | None]] = list(exact_matches(a, b))
    used = {s.id for pair in pairs for s in pair}
    rest_a, rest_b = [s for s in a if s.id not in used], [s for s in b if s.id not in used]
    by_range: dict[tuple[int, int], list[Span]] = {}
    for span in reversed(rest_b):
        by_range.setdefault((span.start, span.end), []).append(span)
    for span in rest_a:
        candidates = by_range.get((span.start, span.end))
        if candidates:
            other = candidates.pop()
            pairs.append((span, other))
            used.update((span.id, other.id))
    rest_a, rest_b = [s for s in rest_a if s.id not in used], [s for s in rest_b if s.id not in used]
    for x, y in overlap_matches(rest_a, rest_b):
        pairs.append((x, y))
        used.update((x.id, y.id))
    return pairs + [(s, None) for s in rest_a if s.id not in used] + [(None, s) for s in rest_b if s.id not in used]


def speakers_by_claim(spans: Iterable[Span], relations: Iterable[Relation], attribution: str) -> dict[str, Span]:
    by_id = {s.id: s for s in spans}
    return {r.head_id: by_id[r.child_id] for r in relations if r.label == attribution and r.child_id in by_id}


def differences(
    a_spans: Sequence[Span],
    b_spans: Sequence[Span],
    a_relations: Sequence[Relation] = (),
    b_relations: Sequence[Relation] = (),
    attribution: str = "ATTRIBUTED_TO",
) -> list[Difference]:
    """Every item of the comparison in text order, each marked with how the two sides differ."""
    pairs = pair_spans(a_spans, b_spans)
    partner = {x.id: y.id for x, y in pairs if x and y}
    a_said = speakers_by_claim(a_spans, a_relations, attribution)
    b_said = speakers_by_claim(b_spans, b_relations, attribution)
    found = []
    for x, y in pairs:
        a_speaker = a_said.get(x.id) if x else None
        b_speaker = b_said.get(y.id) if y else None
        if x is None or y is None:
            kinds = ["only_a" if y is None else "only_b"]
            start, end = (x or y).start, (x or y).end
        else:
            start, end = min(x.start, y.start), max(x.end, y.end)
            kinds = []
            if x.label != y.label:
                kinds.append("label")
            if (x.start, x.end) != (y.start, y.end):
                kinds.append("boundary")
            if (a_speaker or b_speaker) and (
                a_speaker is None or b_speaker is None or partner.get(a_speaker.id) != b_speaker.id
            ):
                kinds.append("speaker")
            if x.stances != y.stances and (
                {s.target: s.label for s in x.stances} != {s.target: s.label for s in y.stances}
            ):
                kinds.append("stance")
            kinds = kinds or ["agree"]
        key = difference_key(x, y)
        found.append(((start, end, RANK[kinds[0]], key), Difference(key, tuple(kinds), x, y, a_speaker, b_speaker)))
    found.sort(key=lambda item: item[0])
    return [difference for _, difference in found]


def compare(store: Store, document_id: str, a: str, b: str) -> Review:
    if a == b:
        raise StoreError("review needs two different annotators")
    document = store.document(document_id)
    found = differences(
        store.spans(document_id, a),
        store.spans(document_id, b),
        store.relations(document_id, a),
        store.relations(document_id, b),
        store.schema.attribution,
    )
    return Review(document_id, document.title, document.text, a, b, tuple(found), store.decisions(document_id, a, b))


def reviewable_documents(store: Store, a: str, b: str) -> list[str]:
    """Documents where both annotators have a layer (gold counts once anything was adjudicated)."""
    keys = store.layer_keys([a, b])
    has = {(doc_id, who) for doc_id, who in keys}
    return list(dict.fromkeys(doc_id for doc_id, _ in keys if (doc_id, a) in has and (doc_id, b) in has))


def make_decision(
    review: Review, difference: Difference, choice: str, edit: tuple[str, int, int] | None = None
) -> Decision:
    """What gold must hold after `choice`: A's side, B's side, both, or an edited copy.

    An edit is (label, start, end) over the text; it starts from A's span (or
    B's when A has none), keeping its attributes, stances and speaker when the
    label stays the same.
    """
    sides = {"a": [(difference.a, difference.a_speaker)], "b": [(difference.b, difference.b_speaker)]}
    sides["both"] = sides["a"] + sides["b"]
    if choice == "edit":
        if edit is None:
            raise StoreError("an edit needs a label and a range")
        label, start, end = edit
        if not 0 <= start < end <= len(review.text):
            raise StoreError(f"the edit [{start}, {end}) is outside the text")
        source, speaker = sides["a"][0] if difference.a else sides["b"][0]
        kept = label == source.label
        edited = replace(
            source,
            label=label,
            start=start,
            end=end,
            text=review.text[start:end],
            attrs=source.attrs if kept else {},
            stances=source.stances if kept else (),
        )
        taken = [(edited, speaker if kept else None)]
    elif choice in sides:
        taken = [(span, speaker) for span, speaker in sides[choice] if span is not None]
    else:
        raise StoreError(f"unknown choice {choice!r}")
    kept_ids = {span.id for span, _ in taken if choice != "edit"}
    drop = tuple(s.id for s in difference.spans if s.annotator == GOLD and s.id not in kept_ids)
    return Decision(
        key=difference.key,
        document_id=review.document_id,
        a_annotator=review.a,
        b_annotator=review.b,
        kind=difference.kind,
        choice=choice,
        take=tuple(span for span, _ in taken),
        speakers=tuple(speaker for _, speaker in taken),
        drop=drop,
    )


def decide(
    store: Store, review: Review, difference: Difference, choice: str, edit: tuple[str, int, int] | None = None
) -> Change:
    """Write one decision into gold (one undo step) and move the document's review status on."""
    decision = make_decision(review, difference, choice, edit)
    action = f"{CHOICE_NAMES[choice].capitalize()} ({KIND_NAMES[difference.kind]})"
    return store.adjudicate([decision], {review.document_id: review.status_after([difference.key])}, action)


def accept_agreements(store: Store, reviews: Iterable[Review]) -> Change | None:
    """Put every undecided agreement of these reviews into gold, as one undo step."""
    decisions, statuses = [], {}
    for review in reviews:
        agreed = [d for d in review.open() if d.kind == "agree"]
        if agreed:
            decisions += [make_decision(review, d, "both") for d in agreed]
            statuses[review.document_id] = review.status_after(d.key for d in agreed)
    if not decisions:
        return None
    return store.adjudicate(decisions, statuses, f"Accept {len(decisions)} agreement{'' if len(decisions) == 1 else 's'}")


def compare_all(
    store: Store, a: str, b: str, progress: Callable[[int, int], bool] | None = None
) -> list[Review]:
    """Reviews of every document both annotated; `progress` returning False cancels."""
    ids = reviewable_documents(store, a, b)
    reviews = []
    for i, document_id in enumerate(ids):
        if progress and progress(i, len(ids)) is False:
            raise InterruptedError("review cancelled")
        reviews.append(compare(store, document_id, a, b))
    return reviews
