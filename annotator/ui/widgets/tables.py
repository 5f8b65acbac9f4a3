"""The one way the windows build a read-only, row-selecting table, CSS colours for labels, menu texts."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def make_table(model, fit_to_rows: bool = True) -> QTableView:
    """A read-only table; the first column stretches. `fit_to_rows=False` sizes the other columns by
    their headers only, so a table of 100,000 rows never measures its rows (even while hidden)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Fit columns to the rows on screen only: measuring all rows of a 10,000-span document cost more than the change.
    view.horizontalHeader().setResizeContentsPrecision(0)
    header = view.horizontalHeader()
    for column in range(1, model.columnCount()):
        if fit_to_rows:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        else:
            header.resizeSection(column, header.sectionSizeHint(column) + 12)
    return view


def menu_text(text: str) -> str:
    """`text` for a menu item or button, shown as written: Qt reads '&x' as a shortcut key."""
    return text.replace("&", "&&")


def rgba(color: str, alpha: float) -> str:
    """CSS colour with alpha; Qt reads 8-digit hex as #AARRGGBB, so spell it out."""
    c = QColor(color)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {alpha})"


def show_row(table: QTableView, row: int) -> None:
    """Select and reveal a row (row < 0 clears) without firing the table's own row-changed handler.

    The selection model's signals are blocked, so the view is told to repaint
    itself; otherwise the previous row would stay drawn as selected.
    """
    selection = table.selectionModel()
    selection.blockSignals(True)
    if row >= 0:
        table.selectRow(row)
        table.scrollTo(table.model().index(row, 0))
    else:
        table.clearSelection()
    selection.blockSignals(False)
    table.viewport().update()
