"""Suggestions > Suggest for every document: the worker fills every document's layer after the open one's,
the list's Sugg. column and Go > Next document with most suggestions see the whole corpus, Cancel stops it,
and a document opened meanwhile is suggested for first."""

import sys
import threading
import types

import pytest

from annotator.core.store import Store
from annotator.ui.suggesting import CORPUS_NOTE
from tests.fake_suggester import HeldSuggester, install_engine
from tests.ui.conftest import ARTICLE, shown_window

RULES = "suggest:rules"
BUSIEST = "Umerov said no. Lavrov said yes. Rubio told nobody. Erdogan noted it."


class OrderedSuggester(HeldSuggester):
    """A HeldSuggester that remembers the texts it was asked about, in order."""

    def __init__(self):
        super().__init__("rules")
        self.texts: list[str] = []

    def suggest(self, text):
        self.texts.append(text)
        return super().suggest(text)


@pytest.fixture
def corpus(tmp_path):
    with Store(tmp_path / "corpus.db", user="alice") as store:
        texts = [ARTICLE, "Second article\nRubio told Lavrov nothing."]
        texts += [f"Article {n}\nNobody spoke here." for n in range(3)] + [BUSIEST]
        store.ids = [store.add_document(text).document_id for text in texts]
        yield store


@pytest.fixture
def held(qtbot, corpus, settings, monkeypatch):
    """A window showing suggestions whose rules wait for `release` (set while the first document fills)."""
    install_engine(monkeypatch)
    suggester = OrderedSuggester()
    monkeypatch.setitem(sys.modules, "annotator.core.suggest.rules", types.SimpleNamespace(RuleSuggester=lambda: suggester))
    suggester.release.set()
    settings.setValue("suggest/show", True)
    win = shown_window(qtbot, corpus, settings)
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in win.view.spans) and not win.suggesting.filling(), timeout=10_000)
    win.held = suggester
    yield win
    suggester.release.set()
    win.close()


def test_every_document_is_suggested_for_and_counted_so_most_suggestions_reaches_the_busiest(qtbot, held):
    store = held.store
    assert store.unsuggested_documents(RULES) == store.ids[1:]
    qtbot.waitUntil(lambda: set(held.documents.suggestion_counts) == {held.document_id}, timeout=5_000)
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: not store.unsuggested_documents(RULES) and not held.suggesting.filling(), timeout=10_000)
    qtbot.waitUntil(lambda: held.documents.suggestion_counts == store.suggestion_counts(RULES), timeout=10_000)
    assert set(held.documents.suggestion_counts) == {store.ids[0], store.ids[1], store.ids[-1]}
    assert all(thread.name != "MainThread" for thread in held.held.threads)
    held.actions_by_id["most_suggested"].trigger()
    assert held.document_id == store.ids[-1]
    assert held.statusBar().currentMessage() == f"{store.suggestion_counts(RULES)[store.ids[-1]]} suggestions waiting here."


def test_the_documents_left_are_listed_off_the_ui_thread_and_the_end_is_told(qtbot, held, monkeypatch):
    threads = []
    listed = Store.unsuggested_documents
    monkeypatch.setattr(Store, "unsuggested_documents",
                        lambda store, layer: threads.append(threading.current_thread().name) or listed(store, layer))
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: held.statusBar().currentMessage() == "Suggested for every document (rules).", timeout=10_000)
    assert not held.suggesting.filling() and listed(held.store, RULES) == []
    assert threads and "MainThread" not in threads  # a scan of the whole corpus never holds the window


def test_asking_again_when_every_document_has_suggestions_says_so(qtbot, held):
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: not held.store.unsuggested_documents(RULES) and not held.suggesting.filling(), timeout=10_000)
    asked = len(held.held.texts)
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: "already" in held.statusBar().currentMessage(), timeout=5_000)
    assert not held.suggesting.filling() and len(held.held.texts) == asked
    late = held.store.add_document("Late article\nLavrov said nothing.").document_id
    held.open_document(held.store.ids[1])
    qtbot.wait(300)
    assert held.store.unsuggested_documents(RULES) == [late]  # asking once is not asking for every later import


def test_cancel_stops_the_corpus_fill_and_it_does_not_start_again(qtbot, held):
    store = held.store
    held.held.release.clear()
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: len(held.held.texts) == 2, timeout=5_000)
    assert held.statusBar().currentMessage() == CORPUS_NOTE.format(0)
    assert held.suggesting.cancel_button.isVisible()
    held.suggesting.cancel_button.click()
    held.held.release.set()
    qtbot.waitUntil(lambda: not held.suggesting.filling(), timeout=5_000)
    qtbot.wait(300)
    assert store.unsuggested_documents(RULES) == store.ids[1:]  # the batch suggested when cancelled is not written
    assert not held.suggesting.filling() and len(held.held.texts) == 2
    assert not held.suggesting.cancel_button.isVisible()


def test_a_document_opened_during_the_corpus_fill_is_suggested_for_first_then_the_corpus_goes_on(qtbot, held):
    store = held.store
    held.held.release.clear()
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: len(held.held.texts) == 2, timeout=5_000)
    assert held.held.texts[1] == store.document(store.ids[1]).text
    held.open_document(store.ids[-1])
    held.held.release.set()
    qtbot.waitUntil(lambda: not store.unsuggested_documents(RULES) and not held.suggesting.filling(), timeout=10_000)
    assert held.held.texts[2] == BUSIEST
    assert sorted(held.held.texts[3:]) == sorted(store.document(i).text for i in store.ids[1:-1])
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in held.view.spans), timeout=5_000)
    assert held.document_id == store.ids[-1]


def test_hiding_suggestions_stops_the_corpus_fill(qtbot, held):
    store = held.store
    held.held.release.clear()
    held.actions_by_id["fill_corpus"].trigger()
    qtbot.waitUntil(lambda: len(held.held.texts) == 2, timeout=5_000)
    held.actions_by_id["suggestions"].trigger()
    held.held.release.set()
    qtbot.waitUntil(lambda: not held.suggesting.filling(), timeout=5_000)
    qtbot.wait(300)
    assert not held.suggesting.filling() and len(held.held.texts) == 2
    assert store.unsuggested_documents(RULES) == store.ids[1:]
