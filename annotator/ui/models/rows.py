"""A table model over a cached list of rows, updated with the narrowest signals."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


def _literal_rich_text(text: str) -> str:
    """`text` as rich text that shows it literally: Qt would read markup in a plain tooltip."""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


class RowModel(QAbstractTableModel):
    """Rows are plain values with a key; `set_rows` diffs against the cache.

    Removed rows get removeRows, new rows insertRows, edited rows dataChanged;
    only a reordering of surviving rows falls back to a layout change.
    `tooltip` gives plain text; `data` hands it to Qt escaped.
    """

    def __init__(self, headers: Sequence[str], key: Callable, parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.key = key
        self.rows: list = []
        self._index: dict = {}
        """Key -> row number, brought up to date on demand from `_fresh`: a lookup must not scan 100,000 rows."""
        self._fresh = 0
        """Rows before this one have not moved since `_index` last saw them: after deleting or inserting
        row i, only the rows from i on are indexed again."""

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row, index.column())
            return None if tip is None else _literal_rich_text(tip)
        if role == Qt.ItemDataRole.UserRole:
            return self.key(row)
        return None

    def display(self, row, column: int):
        raise NotImplementedError

    def tooltip(self, row, column: int) -> str | None:
        return None

    def row_of(self, key) -> int:
        i = self._index.get(key, -1)
        if 0 <= i < len(self.rows) and self.key(self.rows[i]) == key:
            return i
        if self._fresh >= len(self.rows):
            return -1
        for j in range(self._fresh, len(self.rows)):
            self._index[self.key(self.rows[j])] = j
        self._fresh = len(self.rows)
        i = self._index.get(key, -1)
        return i if 0 <= i < len(self.rows) and self.key(self.rows[i]) == key else -1

    def _moved_from(self, row: int) -> None:
        """Rows from `row` on moved (inserted or deleted before them)."""
        self._fresh = min(self._fresh, row)

    def row(self, key):
        """The row with this key (KeyError if none)."""
        i = self.row_of(key)
        if i < 0:
            raise KeyError(key)
        return self.rows[i]

    def apply(self, removed_keys: set, rows: list, order) -> None:
        """Remove rows by key and put `rows` in their place by `order(row)`: edited rows that keep their
        place change in place (dataChanged), others move; no full diff, no reset. The rows are in
        `order`: a place is found by bisection, a row by the cached index."""
        if not rows and not removed_keys:
            return
        moving = []
        for row in rows:
            i = self.row_of(self.key(row))
            if i >= 0 and order(self.rows[i]) == order(row):
                if self.rows[i] != row:
                    self.rows[i] = row
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.headers) - 1))
            else:
                moving.append(row)
        leaving = set(removed_keys) | {self.key(r) for r in moving}
        for i in sorted((i for i in map(self.row_of, leaving) if i >= 0), reverse=True):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self._moved_from(i)
            self.endRemoveRows()
        for row in sorted(moving, key=order):
            position = bisect_right(self.rows, order(row), key=order)
            self.beginInsertRows(QModelIndex(), position, position)
            self.rows.insert(position, row)
            self._moved_from(position)
            self.endInsertRows()

    def update_rows(self, rows: list) -> None:
        """Replace rows that are already listed, in place."""
        for row in rows:
            i = self.row_of(self.key(row))
            if i >= 0 and self.rows[i] != row:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.headers) - 1))

    def reset_rows(self, rows: list) -> None:
        """Show other rows altogether (another document): one reset, no diff."""
        self.beginResetModel()
        self.rows = list(rows)
        self._index, self._fresh = {}, 0
        self.endResetModel()

    def set_rows(self, rows: list) -> None:
        """Show `rows`, telling the views only what differs, in runs (a first fill is one reset).

        Runs matter: a filter over this model rebuilds on each structural signal, and a
        reload after importing 1,000 articles must be one insertion, not a thousand.
        """
        if not self.rows:
            self.reset_rows(rows)
            return
        new_keys = [self.key(r) for r in rows]
        wanted = set(new_keys)
        end = len(self.rows)
        while end > 0:
            if self.key(self.rows[end - 1]) in wanted:
                end -= 1
                continue
            start = end - 1
            while start > 0 and self.key(self.rows[start - 1]) not in wanted:
                start -= 1
            self.beginRemoveRows(QModelIndex(), start, end - 1)
            del self.rows[start:end]
            self._moved_from(start)
            self.endRemoveRows()
            end = start
        surviving = [self.key(r) for r in self.rows]
        kept = set(surviving)
        if surviving != [k for k in new_keys if k in kept]:
            self.layoutAboutToBeChanged.emit()
            self.rows = [r for r in rows if self.key(r) in kept]
            self._moved_from(0)
            self.layoutChanged.emit()
        i = 0
        while i < len(rows):
            if new_keys[i] in kept:
                if self.rows[i] != rows[i]:
                    self.rows[i] = rows[i]
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.headers) - 1))
                i += 1
                continue
            run = i
            while run < len(rows) and new_keys[run] not in kept:
                run += 1
            self.beginInsertRows(QModelIndex(), i, run - 1)
            self.rows[i:i] = rows[i:run]
            self._moved_from(i)
            self.endInsertRows()
            i = run
