"""Long work (import, export, agreement) off the UI thread, with a progress dialog and Cancel;
queries asked as the user types (the filter), where only the latest answer counts.

A job gets its own Store connection: SQLite connections stay in the thread that made them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
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


class LatestOnly(QObject):
    """Answers requests in a thread of its own, one at a time; only the latest request's answer is given.

    `ask(argument)` returns at once (typing in the filter is never blocked). A request overtaken
    by a newer one before it started is skipped, and an answer to an older request arriving after
    a newer one was asked is dropped. `opener()` makes the thread's context on the first request
    (a Store connection must be made in the thread that uses it); `work(context, argument)` answers;
    `closer(context)` runs in the thread when `stop()` is called.
    """

    answered = Signal(object)
    failed = Signal(str)
    _asked = Signal(int, object)
    _stopping = Signal()

    def __init__(self, parent, opener: Callable[[], object], work: Callable[[object, object], object],
                 closer: Callable[[object], None]):
        super().__init__(parent)
        self.latest = 0
        self.thread: QThread | None = None
        self._answerer = _Answerer(self, opener, work, closer)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)  # a thread still running at exit aborts the process

    def ask(self, argument) -> None:
        self.latest += 1
        if self.thread is None:
            self.thread = QThread(self)
            self._answerer.moveToThread(self.thread)
            self._asked.connect(self._answerer.answer)
            self._stopping.connect(self._answerer.close)
            self._answerer.done.connect(self._deliver)
            self._answerer.broke.connect(self._broke)
            self.thread.start()
        self._asked.emit(self.latest, argument)

    def forget(self) -> None:
        """Drop every answer still to come (the caller answered the latest request itself)."""
        self.latest += 1

    def stop(self) -> None:
        """Close the thread's context and end the thread (waits for an answer under way)."""
        self.forget()
        if self.thread is not None:
            self._stopping.emit()
            self.thread.wait()
            self.thread = None

    def _deliver(self, generation: int, answer) -> None:
        if generation == self.latest:
            self.answered.emit(answer)

    def _broke(self, generation: int, message: str) -> None:
        if generation == self.latest:
            self.failed.emit(message)


class _Answerer(QObject):
    done = Signal(int, object)
    broke = Signal(int, str)

    def __init__(self, owner: LatestOnly, opener, work, closer):
        super().__init__()
        self.owner = owner
        self.opener, self.work, self.closer = opener, work, closer
        self.context = None

    @Slot(int, object)
    def answer(self, generation: int, argument) -> None:
        if generation != self.owner.latest:
            return
        try:
            if self.context is None:
                self.context = self.opener()
            self.done.emit(generation, self.work(self.context, argument))
        except Exception as exc:  # shown by the window, never swallowed
            self.broke.emit(generation, f"{type(exc).__name__}: {exc}")

    @Slot()
    def close(self) -> None:
        if self.context is not None:
            self.closer(self.context)
            self.context = None
        QThread.currentThread().quit()


class BackgroundRunner(QObject):
    """Runs one job in a QThread without a dialog: the window keeps working, `progressed` (thousandths)
    can feed the status bar, `cancel()` asks the job to stop; `finished` carries the result (None if cancelled)."""

    progressed = Signal(int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent, work):
        super().__init__(parent)
        self.thread = QThread(self)
        self.job = Job(work)
        self.job.moveToThread(self.thread)
        self.job.progressed.connect(self.progressed)
        self.job.done.connect(self._done)
        self.job.failed.connect(self._failed)
        self.thread.started.connect(self.job.run)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.job.cancel()

    def running(self) -> bool:
        return self.thread.isRunning()

    def wait(self) -> None:
        """Stop waiting for the job's thread (the window closes): ask it to stop and join it."""
        self.job.cancel()
        self.thread.quit()
        self.thread.wait()

    def _done(self, result) -> None:
        self.thread.quit()
        self.thread.wait()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.failed.emit(message)
