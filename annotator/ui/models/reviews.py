"""Tables of the review and agreement windows: documents under review, differences, figures."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from annotator.core.review import CHOICE_NAMES, KIND_NAMES, Difference

from .rows import RowModel
from .spans import short

REVIEW_STATUS_TEXT = {"not_reviewed": "not reviewed", "in_review": "in review", "adjudicated": "adjudicated ✓"}


@dataclass(frozen=True)
class ReviewRow:
    id: str
    title: str
    status: str
    open: int
    total: int


class ReviewListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Title", "Review", "Open"], key=lambda r: r.id, parent=parent)

    def display(self, row: ReviewRow, column: int):
        return (row.title, REVIEW_STATUS_TEXT[row.status], f"{row.open} / {row.total}")[column]

    def tooltip(self, row: ReviewRow, column: int):
        return row.title


@dataclass(frozen=True)
class DifferenceRow:
    difference: Difference
    decision: str | None

    @property
    def key(self) -> str:
        return self.difference.key


def _side(span) -> str:
    return f"{span.label}: {short(span.text, 60)}" if span else "—"


class DifferenceListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Kind", "A", "B", "Decision"], key=lambda r: r.key, parent=parent)

    def display(self, row: DifferenceRow, column: int):
        d = row.difference
        kinds = ", ".join(KIND_NAMES[k] for k in d.kinds)
        if row.decision is None:
            decision = "open"
        elif row.decision in ("a", "b") and getattr(d, row.decision) is None:
            decision = "left out"
        else:
            decision = CHOICE_NAMES[row.decision]
        return (kinds, _side(d.a), _side(d.b), decision)[column]

    def tooltip(self, row: DifferenceRow, column: int):
        d = row.difference
        lines = [f"A: {_side(d.a)}", f"B: {_side(d.b)}"]
        if "speaker" in d.kinds:
            lines.append(f"speaker A: {d.a_speaker.text if d.a_speaker else '—'}; B: {d.b_speaker.text if d.b_speaker else '—'}")
        if "stance" in d.kinds:
            for side, span in (("A", d.a), ("B", d.b)):
                lines.append(f"stances {side}: " + (", ".join(f"{s.label} → {s.target}" for s in span.stances) or "—"))
        return "\n".join(lines)


def figure(value) -> str:
    """A figure as the tables show it: three decimals, or n/a when there was nothing to measure."""
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class FigureRow:
    key: str
    cells: tuple


class FigureTableModel(RowModel):
    """Rows of a name and figures; numbers are right-aligned."""

    def __init__(self, headers, parent=None):
        super().__init__(headers, key=lambda r: r.key, parent=parent)

    def display(self, row: FigureRow, column: int):
        return figure(row.cells[column])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
