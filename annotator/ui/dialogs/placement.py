"""Dialogs that open beside the selection they act on, never over it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from annotator.ui.geometry import beside


class BesideSelection(QDialog):
    """Shown, it moves next to its parent window's `selection_rect()` (global coordinates), if it has one."""

    def showEvent(self, event):
        super().showEvent(event)
        place_beside_selection(self)


def place_beside_selection(dialog: QDialog) -> None:
    parent = dialog.parentWidget()
    anchor = parent.window().selection_rect() if parent and hasattr(parent.window(), "selection_rect") else None
    if anchor is None or dialog.screen() is None:
        return
    frame = dialog.frameGeometry().size().expandedTo(dialog.sizeHint())
    dialog.move(beside(frame, anchor, dialog.screen().availableGeometry()))
