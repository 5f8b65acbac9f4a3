"""A claim's stances, to change and remove from the keyboard (Shift+T)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from annotator.core.model import Stance
from annotator.core.schema import StanceLabel
from annotator.ui.dialogs.placement import BesideSelection


class StancesEditor(BesideSelection):
    """The stances of one claim: a stance key relabels the highlighted one, F2 moves it to another target,
    Delete removes it.

    Every key is one store change (one undo step) made by `relabel(target, label)`, `retarget(target)` (which
    asks for the new target and returns it, or None) or `remove(target)`; the list is read again from
    `stances()` after each.
    """

    def __init__(
        self,
        claim_text: str,
        labels: tuple[StanceLabel, ...],
        stances: Callable[[], tuple[Stance, ...]],
        relabel: Callable[[str, str], object],
        remove: Callable[[str], object],
        retarget: Callable[[str], str | None],
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Stances")
        self._stances = stances
        self._relabel = relabel
        self._remove = remove
        self._retarget = retarget
        self._keys = {s.hotkey.upper(): s.name for s in labels if s.hotkey}
        keys = ", ".join(f"{key} {name}" for key, name in self._keys.items())
        claim = QLabel(" ".join(claim_text.split()))
        claim.setTextFormat(Qt.TextFormat.PlainText)
        claim.setWordWrap(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the dialog reads every key
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 8)
        help_text = QLabel(f"{keys}: change the highlighted stance · F2: its target · Delete: remove it · Esc: close")
        help_text.setTextFormat(Qt.TextFormat.PlainText)
        help_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(claim)
        layout.addWidget(self.list)
        layout.addWidget(help_text)
        self.setMinimumWidth(380)
        self.refresh()

    def refresh(self, current: str | None = None) -> None:
        """List the claim's stances again, keeping `current` (a target) highlighted when it is still there."""
        row = max(0, self.list.currentRow())
        self.list.clear()
        for stance in self._stances():
            item = QListWidgetItem(f"{stance.label} → {stance.target}")
            item.setData(Qt.ItemDataRole.UserRole, stance.target)
            self.list.addItem(item)
            if stance.target == current:
                row = self.list.count() - 1
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def current_target(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def keyPressEvent(self, event):
        target = self.current_target()
        name = self._keys.get(event.text().upper())
        if target and name and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self._relabel(target, name)
            self.refresh(target)
            return
        if target and event.key() == Qt.Key.Key_F2:
            self.refresh(self._retarget(target) or target)
            return
        if target and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._remove(target)
            self.refresh()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.list.keyPressEvent(event)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)
