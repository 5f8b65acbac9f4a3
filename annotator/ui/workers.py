"""Long work (import, export, agreement) off the UI thread, with a progress dialog and Cancel.

A job gets its own Store connection: SQLite connections stay in the thread that made them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from annotator.core.export import Cancelled


PROGRESS_STEPS = 1000
"""The progress bar counts in thousandths: byte counts of a large import overflow Qt's 32-bit ints."""
PROGRESS_INTERVAL_S = 0.05
"""At most one progress signal per 50 ms: an import reports every JSONL line."""


class Job(QObject):
    progressed = Signal(int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], bool]], object]):
        super().__init__()
        self.work = work
        self.cancelled = False
        self._told = 0.0

    def progress(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now - self._told >= PROGRESS_INTERVAL_S or done >= total:
            self._told = now
            self.progressed.emit(PROGRESS_STEPS * done // max(total, 1))
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except (Cancelled, InterruptedError):
            self.done.emit(None)
        except Exception as exc:  # reported in a dialog, never swallowed
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)

    def cancel(self) -> None:
        self.cancelled = True


class JobRunner(QObject):
    """Runs one job in a QThread behind a modal progress dialog; `finished` carries the result."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent, title: str, work):
        super().__init__(parent)
        self.thread = QThread(self)
        self.job = Job(work)
        self.job.moveToThread(self.thread)
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.job.cancel)
        self.job.progressed.connect(self._progress)
        self.job.done.connect(self._done)
        self.job.failed.connect(self._failed)
        self.thread.started.connect(self.job.run)

    def start(self) -> None:
        self.thread.start()

    def _progress(self, steps: int) -> None:
        self.dialog.setMaximum(PROGRESS_STEPS)
        self.dialog.setValue(steps)

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.reset()
        self.dialog.hide()

    def _done(self, result) -> None:
        self._stop()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)
