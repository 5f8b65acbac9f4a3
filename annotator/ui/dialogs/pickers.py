"""Small keyboard-first dialogs. Each has an `ask(...)` classmethod returning plain values,
so tests can replace it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from annotator.core.schema import StanceLabel
from annotator.ui.widgets.tables import menu_text
from annotator.ui.dialogs.placement import BesideSelection


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class SpeakerPicker(BesideSelection):
    """Pick the speaker of a claim: nearest speakers first, type to filter, Enter takes the top one."""

    def __init__(self, candidates: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Link claim to speaker")
        self.filter = QLineEdit(placeholderText="Type to filter speakers…")
        self.list = QListWidget()
        for span_id, label in candidates:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, span_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nearest speakers first. ↑/↓ to move, Enter to link, Esc to cancel."))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def _filter(self, text: str) -> None:
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = text.casefold() not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item and not item.isHidden() else None

    @classmethod
    def ask(cls, parent, candidates: list[tuple[str, str]]) -> str | None:
        dialog = cls(candidates, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class StanceDialog(BesideSelection):
    """Add a (target, stance) pair: target by type-ahead, Enter, then the stance by its key.

    After Enter on a target the next stance key chooses the stance wherever the focus is: the
    editable box and its completer keep taking the focus back, so the box itself hands the key over.
    """

    def __init__(self, targets: list[str], labels: tuple[StanceLabel, ...], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Add stance")
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.target.addItems(targets)
        self.target.setCurrentIndex(-1)
        self.target.lineEdit().setPlaceholderText("Target (type to search or add)")
        self.target.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.target.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.label: str | None = None
        self.ready = False
        """The target is complete (Enter was pressed): a stance key now chooses."""
        row = QHBoxLayout()
        for stance in labels:
            button = QPushButton(menu_text(f"{stance.name} ({stance.hotkey})"))
            button.setAutoDefault(False)
            if stance.hotkey:
                button.setShortcut(f"Alt+{stance.hotkey}")
            button.clicked.connect(lambda _=False, name=stance.name: self._choose(name))
            row.addWidget(button)
        self._keys = {s.hotkey.upper(): s.name for s in labels if s.hotkey}
        self.hint = QLabel("Target, then Enter, then the stance key (Alt+key while typing):")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        for watched in (self.target, self.target.lineEdit(), self.target.completer().popup()):
            watched.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.target)
        layout.addLayout(row)

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.target.completer().popup()
            if watched is popup:
                completer = self.target.completer()
                row = popup.currentIndex().row() if popup.currentIndex().isValid() else 0
                if completer.completionCount():
                    completer.setCurrentRow(row)
                    self.target.setCurrentText(completer.currentCompletion())
                popup.hide()
            self._target_done()
            return True
        name = self._keys.get(event.text().upper())
        if self.ready and name and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self._choose(name)
            return True
        self.ready = False
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event):
        name = self._keys.get(event.text().upper())
        if name and (self.ready or not self.target.lineEdit().hasFocus()):
            self._choose(name)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._target_done()
            return
        super().keyPressEvent(event)

    def _target_done(self) -> None:
        """A completed target: the next key is a stance key, not more of the target."""
        self.ready = bool(self.target.currentText().strip())
        if self.ready:
            keys = " ".join(f"{key} {name}" for key, name in self._keys.items())
            self.hint.setText(f"Target “{self.target.currentText().strip()}”: now the stance key ({keys}).")

    def _choose(self, name: str) -> None:
        if self.target.currentText().strip():
            self.label = name
            self.accept()

    @classmethod
    def ask(cls, parent, targets: list[str], labels: tuple[StanceLabel, ...]) -> tuple[str, str] | None:
        dialog = cls(targets, labels, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.label is None:
            return None
        return dialog.target.currentText().strip(), dialog.label


class TitleDialog(QDialog):
    """Rename a document: its title, selected for typing over."""

    def __init__(self, current: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Rename document")
        self.setMinimumWidth(520)
        self.title = QLineEdit(current)
        self.title.selectAll()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Title (every annotator sees it; Ctrl+Z undoes the rename):"))
        layout.addWidget(self.title)
        layout.addWidget(ok_cancel(self))

    @classmethod
    def ask(cls, parent, current: str) -> str | None:
        dialog = cls(current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.title.text().strip() or None


class NameDialog(QDialog):
    """A name typed or chosen from the known ones (contains-matching), starting from the current one."""

    def __init__(self, title: str, prompt: str, current: str, known: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.addItems(known)
        self.name.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCurrentText(current)
        self.name.lineEdit().selectAll()
        question = QLabel(prompt)
        question.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.name)
        layout.addWidget(ok_cancel(self))

    @classmethod
    def ask(cls, parent, title: str, prompt: str, current: str, known: list[str]) -> str | None:
        dialog = cls(title, prompt, current, known, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name.currentText().strip() or None
