"""Time on task in the window: key presses, clicks and scrolls on the window's widgets count as activity.

The time gathers in memory (`core.timing.TimeOnTask`) and is written in one small transaction on
a document switch, on close and once a minute; time the store could not take (another program
holds the lock) waits for the next write.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.core.connection import StoreError
from annotator.core.store import Store
from annotator.core.timing import TimeOnTask

FLUSH_MS = 60_000
ACTIVITY = frozenset(
    (
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
    )
)


class ActivityWatch(QObject):
    def __init__(self, store: Store, document: Callable[[], str | None], parent=None, timer: TimeOnTask | None = None):
        super().__init__(parent)
        self.store = store
        self.document = document
        self.timer = timer or TimeOnTask()
        self.flush_timer = QTimer(self, interval=FLUSH_MS)
        self.flush_timer.timeout.connect(self.flush)
        self.flush_timer.start()

    def watch(self, *widgets) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() in ACTIVITY:
            self.timer.activity(self.document(), self.store.user)
        return False

    def switch(self) -> None:
        """The open document changes (or the window closes): write what it gathered, start afresh."""
        self.timer.pause()
        self.flush()

    def flush(self) -> None:
        taken = self.timer.take()
        if not taken or self.store.readonly:
            return
        try:
            self.store.add_time(taken)
        except StoreError:
            self.timer.give_back(taken)

    def stop(self) -> None:
        self.flush_timer.stop()
        self.switch()
