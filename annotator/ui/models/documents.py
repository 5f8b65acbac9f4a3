"""The corpus list: one row per document as the current annotator sees it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, Qt

from annotator.core.model import DocumentSummary

from .rows import RowModel

STATUS_TEXT = {"todo": "todo", "in_progress": "in progress", "done": "done ✓"}


class DocumentListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Title", "Status", "Claims", "Speakers", "Sugg."], key=lambda r: r.id, parent=parent)
        self.suggestion_counts: dict[str, int] = {}
        """Document id -> suggestions waiting for the user (documents without any are absent)."""

    def display(self, row: DocumentSummary, column: int):
        if column == 4:
            return self.suggestion_counts.get(row.id) or ""
        return (row.title, STATUS_TEXT.get(row.status, row.status), row.claims, row.speakers)[column]

    def set_suggestion_counts(self, counts: dict[str, int], document_ids=None) -> None:
        """New counts for these documents (None: for all, replacing every count); repaints that column."""
        if document_ids is None:
            self.suggestion_counts = dict(counts)
        else:
            for document_id in document_ids:
                self.suggestion_counts.pop(document_id, None)
            self.suggestion_counts.update(counts)
        if self.rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.rows) - 1, 4))

    def listed(self, document_ids) -> dict[str, DocumentSummary]:
        """The rows of these documents that the list holds, by id."""
        return {d: self.rows[i] for d in document_ids if (i := self.row_of(d)) >= 0}

    def tooltip(self, row: DocumentSummary, column: int):
        return row.title

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class DocumentFilter(QAbstractProxyModel):
    """The documents the search allows (None: all), in the list's order.

    Qt's QSortFilterProxyModel asks Python about every row: 90 ms for 100,000 documents on
    each keystroke. Here the allowed rows are one list built in one pass; the views only
    read the rows they show.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.allowed: set[str] | None = None
        self._rows: list[int] = []
        self._position: dict[int, int] = {}

    def setSourceModel(self, model: DocumentListModel) -> None:
        super().setSourceModel(model)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._rebuild)
        model.dataChanged.connect(self._forward)
        self._rebuild()

    def set_allowed(self, ids: set[str] | None) -> None:
        self.allowed = ids
        self._rebuild()

    def _rebuild(self, *_) -> None:
        rows = self.sourceModel().rows
        self.beginResetModel()
        self._rows = [i for i, row in enumerate(rows) if self.allowed is None or row.id in self.allowed]
        self._position = {source: shown for shown, source in enumerate(self._rows)}
        self.endResetModel()

    def _forward(self, top_left, bottom_right, roles=()) -> None:
        """One signal for the shown rows among the changed ones (they keep the list's order): a
        column repainted for 100,000 documents must not become 100,000 signals."""
        first = bisect_left(self._rows, top_left.row())
        last = bisect_right(self._rows, bottom_right.row()) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, top_left.column()), self.index(last, bottom_right.column()))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.sourceModel().columnCount()

    def index(self, row, column, parent=QModelIndex()):
        if parent.isValid() or not 0 <= row < len(self._rows) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):
        return QModelIndex()

    def mapToSource(self, index):
        if not index.isValid() or index.row() >= len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[index.row()], index.column())

    def mapFromSource(self, index):
        shown = self._position.get(index.row()) if index.isValid() else None
        return QModelIndex() if shown is None else self.index(shown, index.column())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return self.sourceModel().headerData(section, orientation, role)


class VisibleDocuments(Sequence):
    """The ids of the documents the filter shows, in order, read one at a time.

    Stepping to the next document must not read all 100,000 ids: position and membership come
    from the models' own mappings.
    """

    def __init__(self, proxy: DocumentFilter, source: DocumentListModel):
        self.proxy = proxy
        self.source = source

    def __len__(self) -> int:
        return self.proxy.rowCount()

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.source.rows[self.proxy.mapToSource(self.proxy.index(i, 0)).row()].id

    def index(self, document_id, start=0, stop=None) -> int:
        row = self.source.row_of(document_id)
        shown = self.proxy.mapFromSource(self.source.index(row, 0)) if row >= 0 else None
        if shown is None or not shown.isValid():
            raise ValueError(document_id)
        return shown.row()

    def __contains__(self, document_id) -> bool:
        try:
            self.index(document_id)
        except ValueError:
            return False
        return True
