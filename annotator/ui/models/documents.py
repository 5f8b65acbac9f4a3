"""The corpus list: one row per document as the current annotator sees it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt

from annotator.core.model import DocumentSummary

from .rows import RowModel

STATUS_TEXT = {"todo": "todo", "in_progress": "in progress", "done": "done ✓"}


class DocumentListModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Title", "Status", "Claims", "Speakers"], key=lambda r: r.id, parent=parent)

    def display(self, row: DocumentSummary, column: int):
        return (row.title, STATUS_TEXT.get(row.status, row.status), row.claims, row.speakers)[column]

    def tooltip(self, row: DocumentSummary, column: int):
        return row.title

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class DocumentFilter(QSortFilterProxyModel):
    """Shows only the documents whose ids the store's search returned (None: all)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.allowed: set[str] | None = None

    def set_allowed(self, ids: set[str] | None) -> None:
        self.beginFilterChange()
        self.allowed = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent):
        if self.allowed is None:
            return True
        return self.sourceModel().rows[source_row].id in self.allowed


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
