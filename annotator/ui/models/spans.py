"""The side panel's lists: the document's claims (with speaker and stances) and its speakers."""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.model import Stance

from annotator.ui.widgets.tables import annotator_color

from .rows import RowModel

STANCES_ROLE = Qt.ItemDataRole.UserRole + 1
"""A claim row's stances as (target, label) pairs, for the chips delegate."""


class ClaimRow(NamedTuple):
    """Rows are tuples: a long article's rows are made by the ten thousand."""

    id: str
    start: int
    end: int
    text: str
    speaker: str
    stances: tuple[Stance, ...]
    quote_type: str
    annotator: str


class SpeakerRow(NamedTuple):
    id: str
    start: int
    end: int
    text: str
    entity: str
    claims: int
    annotator: str


text_order = attrgetter("start", "end", "id")
"""Rows follow the text, as the store lists spans."""


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    """The text on one line; the table elides it in the middle to the column's width."""
    return " ".join(text.split())


def initials(name: str) -> str:
    """Two letters for an annotator: the first of each of two words, or the first two of one."""
    words = name.replace(".", " ").replace("_", " ").split()
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return name[:2].upper()


def stances_text(stances: tuple[Stance, ...]) -> str:
    return ", ".join(f"{s.label}: {s.target}" for s in stances)


class SpanRowModel(RowModel):
    """Rows of spans; the last column names the annotator by initials in their colour (shown with others' layers)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == len(self.headers) - 1 and 0 <= index.row() < len(self.rows):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(annotator_color(self.rows[index.row()].annotator))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class ClaimListModel(SpanRowModel):

    def __init__(self, parent=None):
        super().__init__(["Claim", "Speaker", "Stances", "Quote", "By"], key=lambda r: r.id, parent=parent)

    def display(self, row: ClaimRow, column: int):
        return (one_line(row.text), row.speaker, stances_text(row.stances), row.quote_type[:3],
                initials(row.annotator))[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == STANCES_ROLE and index.isValid() and 0 <= index.row() < len(self.rows):
            return [(s.target, s.label) for s in self.rows[index.row()].stances]
        return super().data(index, role)

    def tooltip(self, row: ClaimRow, column: int):
        return (
            row.text,
            row.speaker or None,
            "\n".join(f"{s.label}: {s.target}" for s in row.stances) or None,
            row.quote_type or None,
            row.annotator,
        )[column]


class SpeakerListModel(SpanRowModel):

    def __init__(self, parent=None):
        super().__init__(["Speaker", "Is", "Claims", "By"], key=lambda r: r.id, parent=parent)

    def display(self, row: SpeakerRow, column: int):
        return (one_line(row.text), row.entity, row.claims, initials(row.annotator))[column]

    def tooltip(self, row: SpeakerRow, column: int):
        return (row.text, row.entity or None, None, row.annotator)[column]
