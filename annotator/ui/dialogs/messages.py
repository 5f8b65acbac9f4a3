"""Dialogs that tell or confirm: the list of failed files, the keyboard shortcuts, replacing a layer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


class ErrorListDialog(QDialog):
    """Every failed file or line with its reason, in one place, selectable for copying."""

    def __init__(self, title: str, summary: str, errors: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 380)
        text = QPlainTextEdit("\n".join(errors))
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        summary_label = QLabel(summary)
        summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(summary_label)
        layout.addWidget(text)
        layout.addWidget(buttons)

    @classmethod
    def show_errors(cls, parent, title: str, summary: str, errors: list[str]) -> None:
        cls(title, summary, errors, parent).exec()


class ShortcutsDialog(QDialog):
    """Every menu entry with its keys, as wide as its columns (at most nine tenths of the screen), so that the
    keys are never scrolled out of sight."""

    def __init__(self, rows: list[tuple[str, str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.setItem(i, j, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        margins = layout.contentsMargins()
        wanted = (sum(table.columnWidth(c) for c in range(3)) + table.verticalScrollBar().sizeHint().width()
                  + 2 * table.frameWidth() + margins.left() + margins.right())
        screen = self.screen().availableGeometry()
        self.resize(min(wanted, screen.width() * 9 // 10), min(620, screen.height() * 9 // 10))

    @classmethod
    def show_shortcuts(cls, parent, rows: list[tuple[str, str, str]]) -> None:
        cls(rows, parent).exec()


class ReplaceConfirmation:
    """Asks before an import may remove or change the user's own layer or gold."""

    @classmethod
    def ask(cls, parent, user: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Replace your layer?",
            f"Lines of these files for {user} or for gold will replace what you and gold have on those "
            "documents: spans the files lack are removed. One undo step (Ctrl+Z) restores them.",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace
