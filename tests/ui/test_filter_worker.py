"""The filter's full-text query runs in a worker: typing never waits for it, and only the latest query's
documents are shown."""

import threading

from PySide6.QtCore import Qt

from annotator.core.store import Store


def test_an_older_answer_arriving_after_a_newer_query_is_dropped(qtbot, window, monkeypatch):
    real = Store.search
    slow_started, slow_finished, threads = threading.Event(), threading.Event(), []

    def search(store, query):
        threads.append(threading.current_thread())
        if query == "rubio":
            slow_started.set()
            slow_finished.wait(5)
        return real(store, query)

    monkeypatch.setattr(Store, "search", search)
    shown = []
    window.searched.connect(lambda: shown.append(sorted(window.filtered.index(r, 0).data(Qt.ItemDataRole.UserRole)
                                                       for r in range(window.filtered.rowCount()))))
    window.filter_box.setText("rubio")
    window.apply_filter()
    assert slow_started.wait(5), "the worker took the first query"
    window.filter_box.setText("ceasefire")
    window.apply_filter()
    assert not slow_finished.is_set() and shown == [], "the window asked again while the first query still ran"
    with qtbot.waitSignal(window.searched, timeout=5000):
        slow_finished.set()
    qtbot.wait(200)
    assert shown == [[window.store.document_ids()[0]]], "only the latest query's documents, once"
    assert threading.main_thread() not in threads


def test_clearing_the_filter_shows_every_document_and_drops_the_pending_answer(qtbot, window):
    window.filter_box.setText("rubio")
    window.apply_filter()
    window.filter_box.clear()
    window.apply_filter()
    assert window.filtered.rowCount() == 2
    qtbot.wait(300)
    assert window.filtered.rowCount() == 2
