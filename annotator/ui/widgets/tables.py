"""The one way the windows build a read-only, row-selecting table, CSS colours for labels, menu texts."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)


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


ANNOTATOR_COLORS = ("#8e24aa", "#00897b", "#6d4c41", "#d81b60", "#3949ab", "#ef6c00", "#827717", "#546e7a")
"""One colour per annotator (no label's or stance's colour), to tell whose span is whose."""


def annotator_color(name: str) -> str:
    """The same colour for an annotator in every run and window."""
    return ANNOTATOR_COLORS[zlib.crc32(name.encode("utf-8")) % len(ANNOTATOR_COLORS)]


def panel_table(model, widths: tuple[int, ...]) -> QTableView:
    """A side-panel table that never scrolls sideways: the first column takes the rest of the width and
    elides its text in the middle; the others start at `widths` and keep what the user drags them to."""
    view = make_table(model)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(24)
    for column, width in enumerate(widths, start=1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    return view


class StanceChips(QStyledItemDelegate):
    """Paints a claim's stances as small rounded labels in the stance colours, "+n" for what does not fit.

    A click on a chip emits `chipClicked(row, target)`: the window opens that stance to change or remove.
    """

    chipClicked = Signal(int, str)

    def __init__(self, colors: dict[str, str], keys: dict[str, str], role, parent=None):
        super().__init__(parent)
        self.colors = colors
        self.keys = keys
        self.role = role

    def chips(self, rect: QRect, metrics: QFontMetrics, stances) -> tuple[list[tuple[QRectF, str, str, str]], int]:
        """Where each chip goes in `rect`: (place, target, label, text shown), and how many did not fit."""
        inner = rect.adjusted(2, 3, -2, -3)
        x = inner.left()
        placed = []
        for shown, (target, label) in enumerate(stances):
            text = f"{self.keys.get(label, label[:1].upper())} {target}"
            left_over = len(stances) - shown - 1
            room = inner.right() - x - (metrics.horizontalAdvance(f"+{left_over}") + 6 if left_over else 0)
            width = min(metrics.horizontalAdvance(text) + 10, room)
            if width < metrics.horizontalAdvance("S …") + 10:
                return placed, len(stances) - shown
            placed.append((QRectF(x, inner.top(), width, inner.height()), target, label,
                           metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 10)))
            x += width + 3
        return placed, 0

    def paint(self, painter: QPainter, option, index) -> None:
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = plain.widget.style() if plain.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, plain.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        placed, hidden = self.chips(option.rect, QFontMetrics(option.font), index.data(self.role) or [])
        for chip, _target, label, text in placed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colors.get(label, "#9e9e9e")))
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(chip.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignVCenter, text)
        if hidden:
            x = placed[-1][0].right() + 3 if placed else option.rect.left() + 2
            painter.setPen(option.palette.color(QPalette.ColorRole.Text))
            painter.drawText(QRectF(x, option.rect.top(), option.rect.right() - x, option.rect.height()),
                             Qt.AlignmentFlag.AlignVCenter, f"+{hidden}")
        painter.restore()

    def editorEvent(self, event, model, option, index) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            placed, _ = self.chips(option.rect, QFontMetrics(option.font), index.data(self.role) or [])
            for chip, target, _label, _text in placed:
                if chip.contains(event.position()):
                    self.chipClicked.emit(index.row(), target)
                    return True
        return super().editorEvent(event, model, option, index)


class ElideRight(QStyledItemDelegate):
    """A column of names in a middle-eliding table: a name keeps its beginning."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
