"""The window against other programs: locks held elsewhere, changes made elsewhere, file dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QFileSystemModel, QMessageBox

from annotator.core.connection import StoreFailure
from annotator.core.store import Store
from annotator.ui import saving
from annotator.ui.dialogs.files import NameOnlyIconProvider, _away_from_store, _dialog
from tests.core.test_concurrency import hold_write_lock, posix_locks_on, write_articles

from .conftest import ARTICLE
from .test_main_window import select_with_shift_arrows


class FrameClock:
    """Ticks every 10 ms on the UI thread and remembers the longest gap: how long the UI was blocked."""

    def __init__(self):
        self.timer = QTimer(interval=10)
        self.clock = QElapsedTimer()
        self.longest = 0
        self.timer.timeout.connect(self._tick)

    def start(self):
        self.clock.start()
        self.timer.start()

    def _tick(self):
        self.longest = max(self.longest, self.clock.restart())


def test_a_tag_pressed_while_another_program_holds_the_lock_lands_without_freezing(qtbot, window):
    holder = hold_write_lock(Path(window.store.path), 1.5)
    clock = FrameClock()
    clock.start()
    start = ARTICLE.index("Sergei")
    select_with_shift_arrows(qtbot, window.view, start, len("Sergei Lavrov"))
    qtbot.keyClick(window.view, "2")
    assert window.store.spans(window.document_id) == []
    assert "Another program is writing" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.store.spans(window.document_id) != [], timeout=15_000)
    holder.wait()
    qtbot.wait(50)
    assert clock.longest < 200, f"the UI thread was blocked {clock.longest} ms"
    (span,) = window.store.spans(window.document_id)
    assert span.text == "Sergei Lavrov"
    assert [s.text for s in window.view.spans] == ["Sergei Lavrov"]


def test_queued_actions_keep_their_order_and_their_document(qtbot, window):
    first = window.document_id
    holder = hold_write_lock(Path(window.store.path), 0.8)
    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Umerov"), len("Umerov"))
    qtbot.keyClick(window.view, "2")
    window.next_document()
    second = window.document_id
    assert second != first
    window.view.selectAll()
    qtbot.keyClick(window.view, "1")
    assert len(window.saver.queue) == 2
    qtbot.waitUntil(lambda: not window.saver.queue, timeout=15_000)
    holder.wait()
    assert [s.text for s in window.store.spans(first)] == ["Umerov"]
    assert [s.label for s in window.store.spans(second)] == ["CLAIM"]


def test_a_lock_held_past_the_limit_is_reported_in_a_dialog(qtbot, window, monkeypatch):
    monkeypatch.setattr(saving, "GIVE_UP_S", 0.3)
    told = []
    monkeypatch.setattr(saving, "show_failure", lambda parent, title, message: told.append(message))
    holder = hold_write_lock(Path(window.store.path), 1.5)
    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Umerov"), len("Umerov"))
    qtbot.keyClick(window.view, "2")
    qtbot.waitUntil(lambda: bool(told), timeout=3000)
    holder.wait()
    assert "1 action was not saved" in told[0]
    assert window.saver.queue == []


def test_a_failing_disk_is_reported_in_a_dialog_not_only_on_stderr(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(saving, "show_failure", lambda parent, title, message: shown.append(message))

    def fail(*args, **kwargs):
        raise StoreFailure("“Tag SPEAKER” was not saved: the disk is full (free some space and try again)")

    monkeypatch.setattr(window.store, "add_span", fail)
    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Umerov"), len("Umerov"))
    qtbot.keyClick(window.view, "2")
    assert shown and "disk is full" in shown[0]
    assert "disk is full" in window.statusBar().currentMessage()


def test_the_window_shows_what_another_process_imported(qtbot, window, tmp_path):
    before = len(window.documents.rows)
    subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(write_articles(tmp_path / "new", 30, "n")),
         "--db", window.store.path],
        check=True, capture_output=True,
    )
    qtbot.waitUntil(lambda: len(window.documents.rows) == before + 30, timeout=15_000)


def test_the_open_document_repaints_when_another_process_tags_it(qtbot, window):
    with Store(window.store.path, user="alice") as other:
        other.add_span(window.document_id, "SPEAKER", ARTICLE.index("Umerov"), ARTICLE.index("Umerov") + 6)
    qtbot.waitUntil(lambda: [s.text for s in window.view.spans] == ["Umerov"], timeout=15_000)
    assert [r.text for r in window.speakers.rows] == ["Umerov"]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table (Linux)")
def test_a_file_dialog_listing_the_store_folder_keeps_sqlites_locks(qtbot, ui_store):
    assert posix_locks_on(ui_store.path), "SQLite holds a lock on the open store"
    dialog = _dialog(None, "Export", Path(ui_store.path).parent, ":memory:")
    qtbot.addWidget(dialog)
    model = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(model.directoryLoaded, timeout=15_000):
        dialog.show()
    qtbot.wait(500)
    assert posix_locks_on(ui_store.path), "listing the folder opened and closed the store's files"


def test_the_icon_provider_names_types_from_the_name_only(tmp_path):
    from PySide6.QtCore import QFileInfo

    unreadable = tmp_path / "annotator.db"
    unreadable.write_bytes(b"SQLite format 3\x00")
    unreadable.chmod(0)
    provider = NameOnlyIconProvider()
    assert provider.type(QFileInfo(str(unreadable))) == "DB file"
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not provider.icon(QFileInfo(str(unreadable))).isNull()


def test_dialogs_never_start_in_the_store_folder(tmp_path):
    store_path = str(tmp_path / "project" / "annotator.db")
    (tmp_path / "project").mkdir()
    assert _away_from_store(tmp_path / "project", store_path) == Path.home()
    assert _away_from_store(tmp_path / "project" / "annotations.jsonl", store_path) == Path.home()
    assert _away_from_store(tmp_path, store_path) == tmp_path


def own_layer_file(tmp_path, window, label="CLAIM"):
    import json

    start = ARTICLE.index("we are")
    line = {"text": ARTICLE, "annotator": "alice", "spans": [{"start": start, "end": start + 6, "label": label}]}
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


def test_an_import_into_my_layer_is_undone_with_one_ctrl_z(qtbot, window, tmp_path):
    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Sergei"), len("Sergei Lavrov"))
    qtbot.keyClick(window.view, "2")
    runner = window.run_import([own_layer_file(tmp_path, window)])
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        pass
    assert [s.text for s in window.store.spans(window.document_id)] == ["Sergei Lavrov", "we are"]
    assert "Import into your layer" in window.actions_by_id["undo"].text()
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert [s.text for s in window.store.spans(window.document_id)] == ["Sergei Lavrov"]
    qtbot.waitUntil(lambda: [s.text for s in window.view.spans] == ["Sergei Lavrov"], timeout=3000)


def test_replacing_my_layer_asks_first(qtbot, window, tmp_path, monkeypatch):
    from annotator.ui.dialogs import messages
    from annotator.ui.widgets import main_window

    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Sergei"), len("Sergei Lavrov"))
    qtbot.keyClick(window.view, "2")
    path = own_layer_file(tmp_path, window)
    monkeypatch.setattr(main_window, "open_file_names", lambda *args: [path])
    answers = iter([False, True])
    monkeypatch.setattr(messages.ReplaceConfirmation, "ask", classmethod(lambda cls, parent, user: next(answers)))
    window.import_replacing()
    assert window.runner is None or not window.runner.thread.isRunning()
    assert [s.text for s in window.store.spans(window.document_id)] == ["Sergei Lavrov"]
    window.import_replacing()
    with qtbot.waitSignal(window.runner.finished, timeout=10_000):
        pass
    assert [s.text for s in window.store.spans(window.document_id)] == ["we are"]
    window.undo()
    assert sorted(s.text for s in window.store.spans(window.document_id)) == ["Sergei Lavrov"]


def suggestions_shown_by_nothing(qtbot, window, settings, monkeypatch):
    """The window shows the rules' layer but its own rules propose nothing: what appears came from elsewhere."""
    import types

    from annotator.core.suggest import Suggestions

    class Nothing:
        name = "rules"

        def suggest(self, text):
            return Suggestions((), ())

    monkeypatch.setitem(sys.modules, "annotator.core.suggest.rules", types.SimpleNamespace(RuleSuggester=Nothing))
    window.actions_by_id["suggestions"].trigger()
    assert window.suggesting.shown()


def test_suggestions_filled_by_another_process_show_up_in_the_open_document(qtbot, window, settings, monkeypatch):
    suggestions_shown_by_nothing(qtbot, window, settings, monkeypatch)
    qtbot.wait(300)
    assert not [s for s in window.view.spans if s.annotator == "suggest:rules"]
    subprocess.run([sys.executable, "-m", "annotator", "suggest", "--db", window.store.path, "--user", "alice"],
                   check=True, capture_output=True, timeout=120)
    qtbot.waitUntil(lambda: any(s.annotator == "suggest:rules" for s in window.view.spans), timeout=15_000)
    qtbot.waitUntil(lambda: window.documents.suggestion_counts.get(window.document_id, 0) > 0, timeout=5_000)


def test_accepting_while_another_process_fills_suggestions_is_never_refused_for_a_lock(qtbot, window, settings,
                                                                                         monkeypatch, tmp_path):
    other = window.store.path
    subprocess.run([sys.executable, "-m", "annotator", "import", str(write_articles(tmp_path / "many", 1500, "m")),
                    "--db", other], check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-m", "annotator", "suggest", "--db", other, "--document", window.document_id[:8]],
                   check=True, capture_output=True, timeout=120)
    suggestions_shown_by_nothing(qtbot, window, settings, monkeypatch)
    qtbot.waitUntil(lambda: any(s.annotator == "suggest:rules" for s in window.view.spans), timeout=15_000)
    reports = []
    monkeypatch.setattr(saving.StoreActions, "_report", lambda self, exc: reports.append(exc))
    filler = subprocess.Popen([sys.executable, "-m", "annotator", "suggest", "--db", other],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with Store(other, user="watcher") as watcher:
        qtbot.waitUntil(lambda: len(watcher.suggestion_counts("suggest:rules")) > 1, timeout=60_000)
    accepted = 0
    while filler.poll() is None or window.saver.queue:
        if filler.poll() is None and accepted < 5:
            qtbot.keyClick(window.view, Qt.Key.Key_J)
            if window.view.selected_span() is not None and window.view.selected_span().annotator == "suggest:rules":
                qtbot.keyClick(window.view, Qt.Key.Key_A)
                accepted += 1
        qtbot.wait(100)
    assert filler.wait(timeout=120) == 0, filler.stderr.read()
    assert reports == []
    print("accepted while filling", accepted)
    assert accepted and len(window.store.spans(window.document_id, "alice")) >= accepted
