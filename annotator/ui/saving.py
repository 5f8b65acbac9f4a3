"""Running the window's store actions so that none is lost silently and the UI never freezes.

A refusal (StoreError) goes to the status bar. A failure of the disk or the file (StoreFailure,
or anything unexpected) also opens a dialog. An action that meets another program's write lock
(StoreBusy, after the store's short `write_wait`) is queued and retried on a timer, in order,
so a key press never blocks the UI thread for longer than that wait.

A window action that reads what a queued action will write (Enter links the claim a queued tag
makes; Delete, L, undo... act on the selection the tag leaves) waits in the same queue (`in_order`)
and runs once every action before it has landed, with the window showing what they wrote. The text
caret and selection are the user's at once (Qt moves them), so each queued entry remembers them
as they were when it was pressed; a window action gets them back if the user moved them since
the entry before it (`remember_caret`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from annotator.core.connection import StoreBusy, StoreError, StoreFailure
from annotator.core.store import Store

UI_WRITE_WAIT_S = 0.08
"""How long the UI thread waits for another program's write lock before queueing the action."""
RETRY_MS = 100
GIVE_UP_S = 120.0

Mutation = Callable[[], object]
WAITING = "Another program is writing to the store"


@dataclass(frozen=True)
class Queued:
    call: Callable[[], object]
    saves: bool
    """A store action (tried again while the lock is held), else a window action run once, in its turn."""
    caret: object = None
    """The window's caret and text selection when it was queued."""


class StoreActions(QObject):
    waiting = Signal(bool)
    """Actions wait in the queue now (True), or none does any more (False)."""

    def __init__(self, window: QMainWindow, store: Store):
        super().__init__(window)
        self.window = window
        self.store = store
        store.write_wait = UI_WRITE_WAIT_S
        self.queue: list[Queued] = []
        self.waiting_since = 0.0
        self.replaying = False
        """A queued window action runs: its own store actions are tried at once, not put behind the queue."""
        self._front = 0
        """Where a store action that meets the lock while a queued window action runs is queued (its turn)."""
        self._read_caret: Callable[[], object] = lambda: None
        self._restore_caret: Callable[[object], None] = lambda _caret: None
        self._caret: object = None
        """The caret as the entry last taken from the queue had it."""
        self.timer = QTimer(self, interval=RETRY_MS)
        self.timer.timeout.connect(self.retry)

    def run(self, mutation: Mutation) -> bool:
        """Run a store action now; False when it was refused, failed or had to wait in the queue."""
        if self.queue and not self.replaying:
            self._enqueue(mutation, saves=True)
            return False
        return self._attempt(mutation)

    def remember_caret(self, read: Callable[[], object], restore: Callable[[object], None]) -> None:
        """How to read the window's caret and text selection when an entry is queued, and put them back."""
        self._read_caret, self._restore_caret = read, restore

    def in_order(self, handler: Callable[..., object]) -> Callable[..., None]:
        """`handler` as a window action that waits behind the queued actions, if any, and then runs in its turn."""

        def waiting(*args) -> None:
            if self.queue and not self.replaying:
                self._enqueue(partial(handler, *args), saves=False)
            else:
                handler(*args)

        return waiting

    def _attempt(self, mutation: Mutation) -> bool:
        try:
            mutation()
        except StoreBusy:
            self._enqueue(mutation, saves=True)
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

    def _enqueue(self, call: Callable[[], object], saves: bool) -> None:
        entry = Queued(call, saves, self._read_caret())
        first = not self.queue
        if first:
            self._caret = entry.caret
        if self.replaying:
            self.queue.insert(self._front, entry)
            self._front += 1
        else:
            self.queue.append(entry)
        if first:
            self.waiting_since = time.monotonic()
            self.timer.start()
            self.waiting.emit(True)
        self._tell_waiting()

    def _tell_waiting(self) -> None:
        count = len(self.queue)
        self.window.statusBar().showMessage(
            f"{WAITING}: {count} action{'s' if count != 1 else ''} "
            "will be saved as soon as it has finished…"
        )

    def retry(self) -> None:
        """Save the queued actions in order, running the window actions among them in their turn;
        stop at the first store action that still meets the lock."""
        if self.replaying:  # a queued window action's dialog is open: its event loop runs the timer
            return
        while self.queue:
            entry = self.queue[0]
            if not entry.saves:
                self.queue.pop(0)
                if entry.caret != self._caret:  # moved by the user after the entry before this one
                    self._restore_caret(entry.caret)
                self._caret = entry.caret
                if self._replay(entry.call):
                    self._tell_waiting()
                    return
                continue
            try:
                entry.call()
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
                self._caret = self.queue.pop(0).caret
                self._report(exc)
                continue
            self._caret = self.queue.pop(0).caret
        self._drop_queue()
        if self.window.statusBar().currentMessage().startswith(WAITING):
            self.window.statusBar().showMessage("Saved.", 3000)

    def _replay(self, call: Callable[[], object]) -> bool:
        """Run a queued window action; True when a store action of its own met the lock (it waits at the front)."""
        self.replaying, self._front = True, 0
        try:
            call()
        except Exception as exc:  # as if the key had run it: reported, and the queue goes on
            self._report(exc)
        finally:
            self.replaying = False
        return self._front > 0

    def _drop_queue(self) -> None:
        self.queue.clear()
        self.timer.stop()
        self.waiting.emit(False)

    def _fail(self, title: str, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)
        show_failure(self.window, title, message)


def show_failure(parent, title: str, message: str) -> None:
    """A modal warning whose text (it may quote the user's data) is shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
