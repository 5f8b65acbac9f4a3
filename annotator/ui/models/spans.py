"""The side panel's lists: the document's claims (with speaker and stances) and its speakers."""

from __future__ import annotations

from dataclasses import dataclass

from .rows import RowModel


@dataclass(frozen=True)
class ClaimRow:
    id: str
    start: int
    end: int
    text: str
    speaker: str
    stances: str
    quote_type: str
    annotator: str


@dataclass(frozen=True)
class SpeakerRow:
    id: str
    start: int
    end: int
    text: str
    entity: str
    claims: int
    annotator: str


def text_order(row) -> tuple:
    """Rows follow the text, as the store lists spans."""
    return (row.start, row.end, row.id)


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ClaimListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Claim", "Speaker", "Stances", "Quote"], key=lambda r: r.id, parent=parent)

    def display(self, row: ClaimRow, column: int):
        return (short(row.text), row.speaker, row.stances, row.quote_type)[column]

    def tooltip(self, row: ClaimRow, column: int):
        return row.text


class SpeakerListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Speaker", "Is", "Claims"], key=lambda r: r.id, parent=parent)

    def display(self, row: SpeakerRow, column: int):
        return (short(row.text, 40), row.entity, row.claims)[column]
