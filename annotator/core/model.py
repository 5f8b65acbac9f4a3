"""Plain, immutable values that the store returns and every layer passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

ORIGINS = ("manual", "imported", "suggested", "adjudicated")
STATUSES = ("todo", "in_progress", "done")
REVIEW_STATUSES = ("not_reviewed", "in_review", "adjudicated")
CHOICES = ("a", "b", "both", "edit")
GOLD = "gold"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    source: str | None
    published: str | None
    text: str
    sha256: str
    meta: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the corpus list: a document seen by one annotator."""

    id: str
    title: str
    status: str
    claims: int
    speakers: int
    spans: int


@dataclass(frozen=True)
class Stance:
    target: str
    label: str


@dataclass(frozen=True)
class Span:
    id: str
    document_id: str
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict = field(default_factory=dict)
    entity_id: str | None = None
    origin: str = "manual"
    provenance: dict = field(default_factory=dict)
    stances: tuple[Stance, ...] = ()

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end


span_order = attrgetter("start", "end", "label", "id")
"""The order the store lists spans in (text order): a sort and bisect key."""


@dataclass(frozen=True)
class Relation:
    id: str
    document_id: str
    annotator: str
    label: str
    head_id: str
    child_id: str


@dataclass(frozen=True)
class Entity:
    """A person (or organisation, group, source) that SPEAKER mentions are identified as.

    `kind` is one of people.KINDS or None; aliases are other names the user chose to keep.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    note: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Person:
    """One row of the People view: a person with how often the corpus mentions and quotes them."""

    entity: Entity
    mentions: int
    claims: int


@dataclass(frozen=True)
class PersonClaim:
    """A claim attributed to a mention of a person, with the document it is in."""

    document_id: str
    title: str
    claim: Span
    mention: Span


@dataclass(frozen=True)
class Layer:
    """A document with everything one annotator put on it: one line of an export.

    `annotator` is None for a document nobody annotated; `status` is None
    when an imported record does not say.
    """

    document: Document
    annotator: str | None
    status: str | None
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    entities: dict[str, Entity] = field(default_factory=dict)
    seconds: float | None = None
    """Active time the annotator spent on the document (exported as meta.seconds); None: never timed here."""


@dataclass(frozen=True)
class Decision:
    """An adjudicator's ruling on one difference, ready for the store to write into gold.

    `take` are the spans gold must hold for it (copies from a layer, or an
    edited copy that keeps its source's id); `speakers[i]` is the speaker
    `take[i]` is attributed to in its own layer; `drop` are gold spans it
    replaces (when one side of the review is gold itself).
    """

    key: str
    document_id: str
    a_annotator: str
    b_annotator: str
    kind: str
    choice: str
    take: tuple[Span, ...] = ()
    speakers: tuple[Span | None, ...] = ()
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What one imported line did. `merged`: it was only added to the user's own layer or gold
    (no replace); `change`: what it wrote to the user's own layer or gold, so that an import can
    become one undo step."""

    document_id: str
    document_added: bool
    annotations_added: int = 0
    annotations_updated: int = 0
    annotations_removed: int = 0
    merged: bool = False
    change: Change | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Acceptance:
    """A suggestion to accept, with the range (and label) the user gave it when they adjusted it."""

    span_id: str
    start: int | None = None
    end: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class ModelInfo:
    """A trained suggestion model as the Models list shows it (its bytes stay in the store)."""

    name: str
    number: int
    training_size: int
    score: dict
    layers: tuple[str, ...]
    created: str


@dataclass(frozen=True)
class Change:
    """What one store mutation did, handed to listeners after it committed.

    `kind` is "do" for a user action, "undo"/"redo" for history steps and
    "import" for bulk ingestion, "suggest" for a suggester filling its layer (never undone);
    `subject` is the id of the row the action
    created or edited, so a view can select it.
    """

    id: int
    action: str
    user: str
    kind: str
    document_ids: frozenset[str]
    subject: str | None = None
    ops: tuple = field(default=(), repr=False, compare=False)

    def span_ids(self) -> set[str]:
        """Spans whose row or stances this change wrote: what a view must refetch."""
        ids = set()
        for op in self.ops:
            if op[1] == "spans":
                ids.add(op[2]["id"])
            elif op[1] == "stances":
                ids.add(op[2]["span_id"])
        return ids

    def touches(self, *tables: str) -> bool:
        return any(op[1] in tables for op in self.ops)
