"""Running the window's store actions so that none is lost silently and the UI never freezes.

A refusal (StoreError) goes to the status bar. A failure of the disk or the file (StoreFailure,
or anything unexpected) also opens a dialog. An action that meets another program's write lock
(StoreBusy, after the store's short `write_wait`) is queued and retried on a timer, in order,
so a key press never blocks the UI thread for longer than that wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from annotator.core.connection import StoreBusy, StoreError, StoreFailure
from annotator.core.store import Store

UI_WRITE_WAIT_S = 0.08
"""How long the UI thread waits for another program's write lock before queueing the action."""
RETRY_MS = 100
GIVE_UP_S = 120.0

Mutation = Callable[[], object]


class StoreActions(QObject):
    def __init__(self, window: QMainWindow, store: Store):
        super().__init__(window)
        self.window = window
        self.store = store
        store.write_wait = UI_WRITE_WAIT_S
        self.queue: list[Mutation] = []
        self.waiting_since = 0.0
        self.timer = QTimer(self, interval=RETRY_MS)
        self.timer.timeout.connect(self.retry)

    def run(self, mutation: Mutation) -> bool:
        """Run a store action now; False when it was refused, failed or had to wait in the queue."""
        if self.queue:
            self._enqueue(mutation)
            return False
        return self._attempt(mutation)

    def _attempt(self, mutation: Mutation) -> bool:
        try:
            mutation()
        except StoreBusy:
            self._enqueue(mutation)
            return False
        except Exception as exc:  # every failure reaches the user, none only stderr
            self._report(exc)
            return False
        return True

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, StoreFailure):
            self._fail("Not saved", str(exc))
        elif isinstance(exc, StoreError):
            self.window.statusBar().showMessage(str(exc), 6000)
        else:
            self._fail("Not saved", f"{type(exc).__name__}: {exc}")

    def _enqueue(self, mutation: Mutation) -> None:
        if not self.queue:
            self.waiting_since = time.monotonic()
            self.timer.start()
        self.queue.append(mutation)
        self._tell_waiting()

    def _tell_waiting(self) -> None:
        count = len(self.queue)
        self.window.statusBar().showMessage(
            f"Another program is writing to the store: {count} action{'s' if count != 1 else ''} "
            "will be saved as soon as it has finished…"
        )

    def retry(self) -> None:
        """Save the queued actions in order; stop at the first that still meets the lock."""
        while self.queue:
            mutation = self.queue[0]
            try:
                mutation()
            except StoreBusy:
                if time.monotonic() - self.waiting_since > GIVE_UP_S:
                    lost = len(self.queue)
                    self._drop_queue()
                    self._fail(
                        "Not saved",
                        f"Another program kept the store locked for {GIVE_UP_S:.0f} s: "
                        f"{lost} action{'s were' if lost != 1 else ' was'} not saved. Repeat them when it has finished.",
                    )
                else:
                    self._tell_waiting()
                return
            except Exception as exc:
                self.queue.pop(0)
                self._report(exc)
                continue
            self.queue.pop(0)
        self._drop_queue()
        self.window.statusBar().showMessage("Saved.", 3000)

    def _drop_queue(self) -> None:
        self.queue.clear()
        self.timer.stop()

    def _fail(self, title: str, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)
        show_failure(self.window, title, message)


def show_failure(parent, title: str, message: str) -> None:
    """A modal warning whose text (it may quote the user's data) is shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
