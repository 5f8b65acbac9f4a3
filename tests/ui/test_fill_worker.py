"""The window's own suggestion fill: keys pressed while it holds the write lock, its commits told from
other programs', cancelling it, and another program's lock held longer than it asks for the lock."""

import sys
import threading
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core import store as store_module
from annotator.core.store import Store
from annotator.ui import suggesting
from annotator.ui.widgets.main_window import EXTERNAL_POLL_MS
from tests.core.test_concurrency import hold_write_lock
from tests.fake_suggester import HeldSuggester, install_engine
from tests.ui.conftest import ARTICLE, shown_window
from tests.ui.test_loop_keys import keys, place
from tests.ui.test_main_window import select_with_shift_arrows

RULES = "suggest:rules"


def mine(window):
    return [(s.label, s.text) for s in window.store.spans(window.document_id, "alice")]


def shown_mine(window):
    return [(s.label, s.text) for s in window.view.spans if s.annotator == "alice"]


def suggested(window):
    return any(s.annotator == RULES for s in window.view.spans)


@pytest.fixture
def gated(qtbot, ui_store, settings, monkeypatch):
    """A window showing suggestions whose rules wait for `held.release`, and whose fill, once it has the write
    lock, holds it until the test sets `gate` (`writing` tells it has the lock)."""
    install_engine(monkeypatch)
    suggester = HeldSuggester()
    monkeypatch.setitem(sys.modules, "annotator.core.suggest.rules", types.SimpleNamespace(RuleSuggester=lambda: suggester))
    writing, gate = threading.Event(), threading.Event()
    write = Store._write_suggestions

    def gated_write(store, *args):
        writing.set()
        gate.wait(10)
        return write(store, *args)

    monkeypatch.setattr(Store, "_write_suggestions", gated_write)
    settings.setValue("suggest/show", True)
    win = shown_window(qtbot, ui_store, settings)
    win.held, win.writing, win.gate = suggester, writing, gate
    reloads = []
    monkeypatch.setattr(win, "show_external_changes", lambda: reloads.append(1))
    win.reloads = reloads
    yield win
    suggester.release.set()
    gate.set()
    win.close()


def test_quotation_claim_and_enter_pressed_while_the_fill_holds_the_lock_all_land(qtbot, gated):
    gated.held.release.set()
    assert gated.writing.wait(5)
    place(gated, 0)
    keys(qtbot, gated, "'", "1")
    qtbot.keyClick(gated.view, Qt.Key.Key_Return)
    assert mine(gated) == [] and gated.saver.queue
    qtbot.wait(300)
    gated.gate.set()
    qtbot.waitUntil(lambda: not gated.saver.queue, timeout=15_000)
    claim = next(s for s in gated.store.spans(gated.document_id, "alice") if s.label == "CLAIM")
    assert claim.text == "we are ready for a ceasefire"
    speaker = gated.store.span(gated.store.speaker_of(claim.id))
    assert (speaker.label, speaker.text) == ("SPEAKER", "Sergei Lavrov")
    qtbot.waitUntil(lambda: suggested(gated), timeout=10_000)
    assert set(shown_mine(gated)) == {("CLAIM", claim.text), ("SPEAKER", "Sergei Lavrov")}


def test_tags_made_while_the_fill_suggests_and_writes_are_no_news_from_another_program(qtbot, gated):
    qtbot.waitUntil(lambda: gated.held.threads != [], timeout=5_000)
    select_with_shift_arrows(qtbot, gated.view, ARTICLE.index("Umerov"), len("Umerov"))
    qtbot.keyClick(gated.view, "2")
    assert mine(gated) == [("SPEAKER", "Umerov")]
    gated.held.release.set()
    assert gated.writing.wait(5)
    select_with_shift_arrows(qtbot, gated.view, ARTICLE.index("Monday"), len("Monday"))
    qtbot.keyClick(gated.view, "1")  # queued behind the fill's write
    qtbot.wait(EXTERNAL_POLL_MS + 200)  # the window looks for other programs' changes meanwhile
    gated.gate.set()
    qtbot.waitUntil(lambda: suggested(gated) and not gated.saver.queue, timeout=10_000)
    qtbot.wait(EXTERNAL_POLL_MS + 200)
    assert gated.reloads == [], "the window took its own fill and tags for another program's changes"
    assert sorted(mine(gated)) == [("CLAIM", "Monday"), ("SPEAKER", "Umerov")]
    qtbot.waitUntil(lambda: sorted(shown_mine(gated)) == [("CLAIM", "Monday"), ("SPEAKER", "Umerov")], timeout=5_000)


def test_what_another_program_tags_while_the_fill_runs_is_shown(qtbot, gated, monkeypatch):
    monkeypatch.undo()  # the real show_external_changes
    qtbot.waitUntil(lambda: gated.held.threads != [], timeout=5_000)
    with Store(gated.store.path, user="alice") as other:
        other.add_span(gated.document_id, "SPEAKER", ARTICLE.index("Umerov"), ARTICLE.index("Umerov") + 6)
    qtbot.waitUntil(lambda: shown_mine(gated) == [("SPEAKER", "Umerov")], timeout=5_000)
    assert gated.suggesting.filling()


def test_turning_suggestions_off_cancels_the_fill(qtbot, gated):
    qtbot.waitUntil(lambda: gated.held.threads != [], timeout=5_000)
    assert gated.suggesting.cancel_button.isVisible()
    gated.actions_by_id["suggestions"].trigger()
    gated.held.release.set()
    gated.gate.set()
    qtbot.waitUntil(lambda: not gated.suggesting.filling(), timeout=10_000)
    assert not gated.store.has_suggestions(gated.document_id, RULES)
    assert not gated.suggesting.cancel_button.isVisible()
    gated.actions_by_id["suggestions"].trigger()
    qtbot.waitUntil(lambda: suggested(gated), timeout=10_000)


def test_the_status_bar_button_cancels_the_fill_before_it_writes(qtbot, gated):
    qtbot.waitUntil(lambda: gated.held.threads != [], timeout=5_000)
    qtbot.mouseClick(gated.suggesting.cancel_button, Qt.MouseButton.LeftButton)
    gated.held.release.set()
    qtbot.waitUntil(lambda: not gated.suggesting.filling(), timeout=10_000)
    assert not gated.writing.is_set(), "nothing was written, so the lock was never taken"
    assert not gated.store.has_suggestions(gated.document_id, RULES)
    assert not gated.suggesting.cancel_button.isVisible()
    gated.gate.set()
    gated.next_document()
    qtbot.waitUntil(lambda: suggested(gated), timeout=10_000)


def test_a_fill_that_meets_a_lock_held_longer_than_it_waits_asks_again_instead_of_failing(
    qtbot, ui_store, settings, monkeypatch
):
    monkeypatch.setattr(store_module, "WRITE_WAIT_S", 0.3)
    monkeypatch.setattr(suggesting, "FILL_WRITE_WAIT_S", 0.3, raising=False)
    failures = []
    monkeypatch.setattr(suggesting, "show_failure", lambda parent, title, message: failures.append(message))
    install_engine(monkeypatch)
    suggester = HeldSuggester()
    monkeypatch.setitem(sys.modules, "annotator.core.suggest.rules", types.SimpleNamespace(RuleSuggester=lambda: suggester))
    settings.setValue("suggest/show", True)
    window = shown_window(qtbot, ui_store, settings)
    qtbot.waitUntil(lambda: suggester.threads != [], timeout=5_000)
    holder = hold_write_lock(Path(ui_store.path), 1.5)
    suggester.release.set()
    qtbot.waitUntil(lambda: suggested(window), timeout=15_000)
    holder.wait()
    assert failures == []
    assert ui_store.has_suggestions(window.document_id, RULES)
    window.close()
