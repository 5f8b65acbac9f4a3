"""Store listener -> one Qt signal, so views repaint from what the core says changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.store import Store


class StoreBridge(QObject):
    changed = Signal(object)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        store.subscribe(self.changed.emit)

    def detach(self) -> None:
        self.store.unsubscribe(self.changed.emit)
