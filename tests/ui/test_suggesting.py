"""Suggestions in the window, driven by keys; every check is on the store (the engine may be tests' fake)."""

import sys
import threading
import time
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.cli import main
from annotator.core.store import Store
from annotator.ui.dialogs.models import ModelsDialog
from annotator.ui.widgets.main_window import MainWindow
from tests.fake_suggester import HeldSuggester, PhraseSuggester, install_engine
from tests.ui.conftest import ARTICLE, formats_by_unit, shown_window
from tests.ui.test_store_trust import FrameClock

RULES = "suggest:rules"
CLAIM = "“we are ready for a ceasefire”"


@pytest.fixture
def shown(qtbot, ui_store, settings, monkeypatch):
    """A window showing suggestions, its first document filled by the rules in the background."""
    install_engine(monkeypatch)
    settings.setValue("suggest/show", True)
    win = shown_window(qtbot, ui_store, settings)
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in win.view.spans), timeout=10_000)
    yield win
    win.close()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.view, key, modifier)


def selected(window):
    return window.view.selected_span()


def select_suggestion(qtbot, window, label, text):
    """Press J until the suggestion (label, text) is selected."""
    for _ in range(len(window.view.spans) + 1):
        press(qtbot, window, Qt.Key.Key_J)
        span = selected(window)
        if (span.label, span.text) == (label, text):
            return span
    raise AssertionError(f"J never reached {label} {text}")


def mine(window):
    return {(s.label, s.text): s for s in window.store.spans(window.document_id, "alice")}


def test_opening_a_document_fills_its_layer_and_shows_it_hatched_and_out_of_the_panels(shown):
    store, doc = shown.store, shown.document_id
    assert store.has_suggestions(doc, RULES) and store.spans(doc, "alice") == []
    assert shown.claims.rows == [] and shown.speakers.rows == []
    count_column = shown.documents.display(shown.documents.row(doc), 4)
    assert count_column == len(store.pending_suggestions(doc, RULES)[0]) > 0
    suggestion = next(s for s in shown.view.spans if s.annotator == RULES)
    block, painted = formats_by_unit(shown.view, ARTICLE.count("\n", 0, suggestion.start))
    unit = shown.view.map.to_utf16(suggestion.start) - block.position()
    assert painted[unit].background().style() == Qt.BrushStyle.BDiagPattern
    assert "confidence" in shown.describe(suggestion) and "suggested by rules" in shown.describe(suggestion)


def test_j_selects_the_first_suggestion_and_a_accepts_a_claim_with_its_speaker_and_link(qtbot, shown):
    press(qtbot, shown, Qt.Key.Key_J)
    first = selected(shown)
    assert first.annotator == RULES and first.start == min(s.start for s in shown.view.spans)
    claim = select_suggestion(qtbot, shown, "CLAIM", CLAIM)
    press(qtbot, shown, Qt.Key.Key_A)
    layer = mine(shown)
    accepted, speaker = layer[("CLAIM", CLAIM)], layer[("SPEAKER", "Sergei Lavrov")]
    assert accepted.origin == "suggested" and accepted.provenance["model"] == "rules"
    assert accepted.provenance["confidence"] == claim.provenance["confidence"]
    assert shown.store.speaker_of(accepted.id) == speaker.id
    assert (accepted.start, accepted.end) == (ARTICLE.index(CLAIM), ARTICLE.index(CLAIM) + len(CLAIM))
    assert not any(s.annotator == RULES and s.text in (CLAIM, "Sergei Lavrov") for s in shown.view.spans)
    assert [r.text for r in shown.claims.rows] == [CLAIM]
    press(qtbot, shown, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown.store.spans(shown.document_id, "alice") == []
    assert any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)


def test_x_rejects_and_the_suggestion_stays_away_after_reopening_and_refilling(qtbot, shown):
    store, doc = shown.store, shown.document_id
    select_suggestion(qtbot, shown, "CUE", "said")
    press(qtbot, shown, Qt.Key.Key_X)
    assert store.verdicts(doc) == {f"CUE:{ARTICLE.index('said')}:{ARTICLE.index('said') + 4}": "rejected"}
    assert selected(shown) is not None and selected(shown).text != "said"
    shown.next_document()
    store.fill_suggestions(PhraseSuggester("rules"), [doc])
    shown.open_document(doc)
    assert ("CUE", "said") not in {(s.label, s.text) for s in shown.view.spans}
    with Store(store.path, user="alice") as again:
        assert ("CUE", "said") not in {(s.label, s.text) for s in again.pending_suggestions(doc, RULES)[0]}
    press(qtbot, shown, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.verdicts(doc) == {} and ("CUE", "said") in {(s.label, s.text) for s in shown.view.spans}


def test_shift_a_accepts_the_sentence_as_one_undo_step(qtbot, shown):
    select_suggestion(qtbot, shown, "CUE", "said")
    press(qtbot, shown, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert set(mine(shown)) == {("SPEAKER", "Sergei Lavrov"), ("CUE", "said"), ("CLAIM", CLAIM)}
    assert len(shown.store.history.undo_stack) == 1
    assert {(s.label, s.text) for s in shown.view.spans if s.annotator == RULES} == {("SPEAKER", "Umerov"), ("CUE", "noted")}
    press(qtbot, shown, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert mine(shown) == {}


def test_alt_a_accepts_the_paragraph(qtbot, shown):
    select_suggestion(qtbot, shown, "SPEAKER", "Umerov")
    press(qtbot, shown, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert set(mine(shown)) == {("SPEAKER", "Umerov"), ("CUE", "noted")}


def test_b_then_shift_right_then_enter_accepts_an_adjusted_boundary_after_emoji_and_cjk(qtbot, shown):
    select_suggestion(qtbot, shown, "SPEAKER", "Umerov")
    press(qtbot, shown, Qt.Key.Key_B)
    for _ in range(len(" noted")):
        press(qtbot, shown, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, shown, Qt.Key.Key_Return)
    (span,) = mine(shown).values()
    start = ARTICLE.index("Umerov")
    assert (span.label, span.start, span.end, span.text) == ("SPEAKER", start, start + len("Umerov noted"), "Umerov noted")
    assert ARTICLE[span.start:span.end] == span.text and span.provenance["adjusted"] is True
    assert ("SPEAKER", "Umerov") not in {(s.label, s.text) for s in shown.view.spans}


def test_b_then_a_label_key_accepts_with_that_label(qtbot, shown):
    select_suggestion(qtbot, shown, "CUE", "noted")
    press(qtbot, shown, Qt.Key.Key_B)
    qtbot.keyClick(shown.view, "1")
    assert set(mine(shown)) == {("CLAIM", "noted")}


def test_accepting_needs_a_selected_suggestion(qtbot, shown):
    press(qtbot, shown, Qt.Key.Key_A)
    assert mine(shown) == {} and "Select a suggestion first" in shown.statusBar().currentMessage()


def test_the_toggle_hides_suggestions_and_is_remembered(qtbot, shown, settings):
    shown.actions_by_id["suggestions"].trigger()
    assert not any(s.annotator == RULES for s in shown.view.spans)
    assert shown.documents.display(shown.documents.row(shown.document_id), 4) == ""
    shown.close()
    assert settings.value("suggest/show", type=bool) is False
    assert [a.shortcut().toString() for a in (shown.actions_by_id["suggestions"],)] == ["Ctrl+Shift+S"]


def test_others_view_never_shows_the_suggestion_layer(qtbot, shown):
    shown.actions_by_id["suggestions"].trigger()
    shown.actions_by_id["others"].trigger()
    assert shown.store.spans(shown.document_id, RULES)
    assert not any(s.annotator == RULES for s in shown.view.spans)


def test_next_document_with_most_suggestions(qtbot, shown):
    first = shown.document_id
    shown.store.fill_suggestions(PhraseSuggester("rules"))
    shown.next_document()
    assert shown.document_id != first
    shown.actions_by_id["most_suggested"].trigger()
    assert shown.document_id == first


def test_training_in_the_background_makes_model_1_which_then_suggests(qtbot, shown):
    store = shown.store
    select_suggestion(qtbot, shown, "CUE", "said")
    press(qtbot, shown, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    runner = shown.suggesting.train_now()
    qtbot.waitUntil(lambda: bool(store.models()), timeout=20_000)
    (model,) = store.models()
    assert model.name == "model-1" and model.training_size == 1 and model.layers == ("alice", "gold")
    assert not runner.running()
    assert "model-1" in shown.statusBar().currentMessage()
    assert shown.suggesting.active == "model-1"
    qtbot.waitUntil(lambda: store.has_suggestions(shown.document_id, "suggest:model-1"), timeout=10_000)
    assert main(["suggest", "--db", store.path, "--model", "latest"]) == 0
    assert all(store.has_suggestions(d, "suggest:model-1") for d in store.document_ids())


def test_enough_worked_documents_start_training(qtbot, shown, settings):
    settings.setValue("suggest/train_every", 1)
    select_suggestion(qtbot, shown, "SPEAKER", "Umerov")
    press(qtbot, shown, Qt.Key.Key_A)
    assert shown.suggesting.trainer is not None
    qtbot.waitUntil(lambda: bool(shown.store.models()), timeout=20_000)


def test_the_models_dialog_chooses_the_active_suggester(qtbot, shown, monkeypatch):
    shown.store.add_model(b"not used", 0, {"f1": 0.1}, ["alice"])
    seen = []
    monkeypatch.setattr(ModelsDialog, "ask", lambda parent, models, active: seen.append((models, active)) or "rules")
    shown.actions_by_id["models"].trigger()
    assert [m.name for m in seen[0][0]] == ["model-1"] and seen[0][1] == "rules"
    dialog = ModelsDialog(shown.store.models(), "rules")
    qtbot.addWidget(dialog)
    assert dialog.names == ["rules", "model-1"] and dialog.chosen() == "rules"
    assert dialog.table.item(1, 3).text() == "0.100"


def test_caret_before_emoji_and_cjk_maps_to_code_points(qtbot, shown):
    cursor = shown.view.textCursor()
    cursor.setPosition(shown.view.map.to_utf16(ARTICLE.index("中文")))
    shown.view.setTextCursor(cursor)
    press(qtbot, shown, Qt.Key.Key_J)
    assert selected(shown).text == "Umerov"
    press(qtbot, shown, Qt.Key.Key_K)
    assert selected(shown).text == CLAIM
    press(qtbot, shown, Qt.Key.Key_Escape)
    cursor = shown.view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    shown.view.setTextCursor(cursor)
    press(qtbot, shown, Qt.Key.Key_K)
    assert selected(shown).text == "noted"


def test_end_to_end_with_the_real_rules_on_a_seeds_document(qtbot, seeded, settings, monkeypatch, tmp_path):
    """The rules (the real ones when installed) on the sample corpus: fill, step, accept, undo, stay out of the rest."""
    from annotator.core.agreement import agreement_report
    from annotator.core.export import iter_export

    install_engine(monkeypatch, real=("rules",))
    settings.setValue("suggest/show", True)
    win = MainWindow(seeded, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.view.setFocus()
    doc = win.document_id
    qtbot.waitUntil(lambda: seeded.has_suggestions(doc, RULES), timeout=10_000)
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in win.view.spans), timeout=10_000)
    press(qtbot, win, Qt.Key.Key_J)
    first = selected(win)
    assert first.annotator == RULES and first.start == min(s.start for s in win.view.spans if s.annotator == RULES)
    press(qtbot, win, Qt.Key.Key_A)
    (accepted, *brought) = [s for s in seeded.spans(doc, "alice") if (s.label, s.start, s.end) == (first.label, first.start, first.end)] + [
        s for s in seeded.spans(doc, "alice") if (s.label, s.start, s.end) != (first.label, first.start, first.end)]
    assert accepted.origin == "suggested" and accepted.provenance["model"] == "rules"
    assert all(s.origin == "suggested" for s in brought)
    with Store(seeded.path, user="bob") as bob:
        bob.add_span(doc, accepted.label, accepted.start, accepted.end)
    report = agreement_report(seeded, ["alice", "bob"])
    assert "suggest:rules" not in str(report)
    assert {r["annotator"] for r in iter_export(seeded)} == {"alice", "bob"}
    press(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert seeded.spans(doc, "alice") == []
    win.close()


def test_a_suggested_link_joins_the_badges_only_while_both_ends_are_shown(qtbot, shown):
    claim = next(s for s in shown.view.spans if s.annotator == RULES and s.label == "CLAIM")
    speaker = next(s for s in shown.view.spans if s.annotator == RULES and s.text == "Sergei Lavrov")
    assert shown.view.links == {claim.id: speaker.id}
    shown.select_span(speaker.id)
    press(qtbot, shown, Qt.Key.Key_X)
    assert shown.view.links == {}


def test_training_can_be_cancelled_from_the_menu(qtbot, shown):
    import sys
    import time

    from tests.fake_suggester import FakeCancelled

    def slow_train(examples, progress=None, cancelled=None):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if cancelled():
                raise FakeCancelled()
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    sys.modules["annotator.core.suggest.learner"].train = slow_train
    select_suggestion(qtbot, shown, "SPEAKER", "Umerov")
    press(qtbot, shown, Qt.Key.Key_A)
    runner = shown.suggesting.train_now()
    shown.actions_by_id["cancel_training"].trigger()
    qtbot.waitUntil(lambda: not runner.running(), timeout=10_000)
    assert shown.store.models() == [] and "cancelled" in shown.statusBar().currentMessage()


def test_automatic_training_can_be_turned_off(qtbot, shown, settings, monkeypatch):
    monkeypatch.setattr("annotator.ui.suggesting.QInputDialog.getInt", lambda *args: (0, True))
    shown.actions_by_id["train_every"].trigger()
    assert settings.value("suggest/train_every", type=int) == 0
    select_suggestion(qtbot, shown, "SPEAKER", "Umerov")
    press(qtbot, shown, Qt.Key.Key_A)
    assert shown.suggesting.trainer is None


HARD = "\r\n👍🏽 e\u0301te\u0301 東京\r\nSergei Lavrov said “we are ready for a ceasefire” on Monday.\r\n中文 Umerov noted talks.\r\n"


def test_accept_and_adjust_after_crlf_combining_marks_and_a_skin_tone_emoji_store_code_points(
        qtbot, tmp_path, settings, monkeypatch):
    install_engine(monkeypatch)
    settings.setValue("suggest/show", True)
    with Store(tmp_path / "hard.db", user="alice") as store:
        doc = store.add_document(HARD).document_id
        text = store.document(doc).text
        assert text.startswith("\n👍🏽")
        win = MainWindow(store, settings)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.view.setFocus()
        qtbot.waitUntil(lambda: any(s.annotator == RULES for s in win.view.spans), timeout=10_000)
        select_suggestion(qtbot, win, "CLAIM", CLAIM)
        press(qtbot, win, Qt.Key.Key_A)
        select_suggestion(qtbot, win, "SPEAKER", "Umerov")
        press(qtbot, win, Qt.Key.Key_B)
        for _ in range(len(" noted")):
            press(qtbot, win, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        press(qtbot, win, Qt.Key.Key_Return)
        layer = mine(win)
        for (label, phrase) in (("CLAIM", CLAIM), ("SPEAKER", "Sergei Lavrov"), ("SPEAKER", "Umerov noted")):
            span = layer[(label, phrase)]
            assert (span.start, span.end) == (text.index(phrase), text.index(phrase) + len(phrase))
            assert text[span.start:span.end] == span.text
        claim, speaker = layer[("CLAIM", CLAIM)], layer[("SPEAKER", "Sergei Lavrov")]
        assert win.view.badges[claim.id] == win.view.badges[speaker.id]
        cursor = QTextCursor(win.view.document())
        cursor.setPosition(win.view.map.to_utf16(speaker.start))
        cursor.setPosition(win.view.map.to_utf16(speaker.end), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == speaker.text, "the badge's speaker is where its text is in the view"
        win.close()


def test_badges_of_spans_ending_at_one_place_go_side_by_side(qtbot, shown):
    """A colleague's linked speaker and the suggested one over the same words: both numbers readable."""
    store, doc = shown.store, shown.document_id
    with Store(store.path, user="bob") as bob:
        speaker = bob.add_span(doc, "SPEAKER", ARTICLE.index("Sergei Lavrov"), ARTICLE.index(" said")).subject
        start = ARTICLE.index(CLAIM)
        claim = bob.add_span(doc, "CLAIM", start, start + len(CLAIM)).subject
        bob.link_speaker(claim, speaker)
    shown.actions_by_id["others"].trigger()
    qtbot.waitUntil(lambda: speaker in shown.view.badges, timeout=10_000)
    at_speaker = [(s, box) for s, _, box in shown.view.badge_boxes() if (s.label, s.text) == ("SPEAKER", "Sergei Lavrov")]
    assert {s.annotator for s, _ in at_speaker} == {"bob", RULES}
    (_, first), (_, second) = at_speaker
    assert not first.intersects(second)


@pytest.fixture
def held(qtbot, ui_store, settings, monkeypatch):
    """A window showing suggestions whose rules wait for `held.suggester.release`; every layer write's thread is kept."""
    install_engine(monkeypatch)
    suggester = HeldSuggester()
    monkeypatch.setitem(sys.modules, "annotator.core.suggest.rules", types.SimpleNamespace(RuleSuggester=lambda: suggester))
    writers = []
    write = Store._write_suggestions

    def slow_write(store, *args):
        writers.append(threading.current_thread())
        time.sleep(0.3)  # a long article's layer: the UI thread must not be the one waiting
        return write(store, *args)

    monkeypatch.setattr(Store, "_write_suggestions", slow_write)
    settings.setValue("suggest/show", True)
    win = shown_window(qtbot, ui_store, settings)
    win.held, win.writers = suggester, writers
    yield win
    suggester.release.set()
    win.close()


def test_the_layer_is_suggested_and_written_in_a_worker_while_the_ui_keeps_ticking(qtbot, held):
    clock = FrameClock()
    clock.start()
    qtbot.wait(300)
    assert "Suggesting" in held.statusBar().currentMessage()
    assert not any(s.annotator == RULES for s in held.view.spans)
    held.held.release.set()
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in held.view.spans), timeout=10_000)
    qtbot.wait(50)
    assert clock.longest < 200, f"the UI thread was blocked {clock.longest} ms"
    assert held.writers and threading.main_thread() not in held.writers + held.held.threads
    assert not held.store.external_change()  # the worker's own commit is no news from another program
    assert held.documents.display(held.documents.row(held.document_id), 4) == len(
        held.store.pending_suggestions(held.document_id, RULES)[0]) > 0
    select_suggestion(qtbot, held, "CLAIM", CLAIM)
    press(qtbot, held, Qt.Key.Key_A)
    assert ("CLAIM", CLAIM) in mine(held) and ("SPEAKER", "Sergei Lavrov") in mine(held)


def test_leaving_a_document_cancels_its_fill_and_the_next_one_is_filled(qtbot, held):
    first = held.document_id
    qtbot.waitUntil(lambda: held.held.threads != [], timeout=5_000)
    held.next_document()
    second = held.document_id
    assert second != first
    held.held.release.set()
    qtbot.waitUntil(lambda: held.store.has_suggestions(second, RULES), timeout=10_000)
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in held.view.spans), timeout=10_000)
    assert not held.store.has_suggestions(first, RULES), "the fill for the document left was cancelled"
    assert held.document_id == second
    assert {s.document_id for s in held.view.spans} == {second}
    assert {(s.label, s.text) for s in held.view.spans} >= {("SPEAKER", "Rubio"), ("CUE", "told")}
    held.previous_document()
    qtbot.waitUntil(lambda: any(s.annotator == RULES and s.document_id == first for s in held.view.spans), timeout=10_000)
    assert held.documents.display(held.documents.row(first), 4) == len(held.store.pending_suggestions(first, RULES)[0])


def test_editing_a_span_onto_and_off_a_suggestions_range_shows_and_hides_it_without_reloading(qtbot, shown, monkeypatch):
    store, doc = shown.store, shown.document_id
    reloads = []
    read = shown._visible_spans
    monkeypatch.setattr(shown, "_visible_spans", lambda *a, **k: reloads.append(1) or read(*a, **k))
    monday = ARTICLE.index("Monday")
    claim_change = store.add_span(doc, "CLAIM", monday, monday + len("Monday"))
    (claim_id,) = claim_change.span_ids()
    store.set_span_attr(claim_id, "quote_type", "direct")
    assert next(s for s in shown.view.spans if s.id == claim_id).attrs["quote_type"] == "direct"
    assert any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)
    start = ARTICLE.index(CLAIM)
    store.move_span(claim_id, start, start + len(CLAIM))
    assert not any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)
    store.undo()
    assert any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)
    store.redo()
    assert not any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)
    store.move_span(claim_id, monday, monday + len("Monday"))
    assert any(s.annotator == RULES and s.text == CLAIM for s in shown.view.spans)
    assert [s.text for s in shown.view.spans if s.annotator == "alice"] == ["Monday"]
    assert reloads == []
    assert sorted(s.id for s in shown.view.spans) == sorted(s.id for s in read()[0]), "as a reload shows it"


def test_what_another_program_wrote_before_a_fill_is_shown_when_it_ends(qtbot, held):
    held.held.release.set()
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in held.view.spans), timeout=10_000)
    held.held.release.clear()
    held.watch_timer.stop()  # as if the window had not looked yet when the next fill starts
    with Store(held.store.path, user="bob") as other:
        added = [other.add_document("Third article\nMaria Zakharova said nothing.").document_id]
    held.next_document()
    assert held.suggesting.filler.running()
    held.held.release.set()
    qtbot.waitUntil(lambda: all(held.documents.row_of(d) >= 0 for d in added), timeout=10_000)
    qtbot.waitUntil(lambda: any(s.annotator == RULES for s in held.view.spans), timeout=10_000)
    assert {s.document_id for s in held.view.spans} == {held.document_id}


def test_accept_reject_undo_and_redo_show_and_hide_only_the_suggestions_they_decide(qtbot, shown, monkeypatch):
    """Each action shows what reading every span again shows (spans, suggested links, the count), without reading them."""
    reloads = []
    read = shown._visible_spans
    monkeypatch.setattr(shown, "_visible_spans", lambda *a, **k: reloads.append(1) or read(*a, **k))

    def as_a_reload_shows_it():
        spans, _readonly = read()
        assert sorted(s.id for s in shown.view.spans) == sorted(s.id for s in spans)
        shown_ids = {s.id for s in spans}
        relations = [r for r in shown.store.relations(shown.document_id) if r.head_id in shown_ids and r.child_id in shown_ids]
        assert shown.view.links == {r.head_id: r.child_id for r in relations}
        pending = len(shown.store.pending_suggestions(shown.document_id, RULES)[0])
        assert shown.documents.suggestion_counts.get(shown.document_id, 0) == pending

    select_suggestion(qtbot, shown, "CLAIM", CLAIM)
    press(qtbot, shown, Qt.Key.Key_A)
    as_a_reload_shows_it()
    select_suggestion(qtbot, shown, "CUE", "noted")
    press(qtbot, shown, Qt.Key.Key_X)
    as_a_reload_shows_it()
    for keys in ([Qt.KeyboardModifier.ControlModifier] * 2
                 + [Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier] * 2):
        press(qtbot, shown, Qt.Key.Key_Z, keys)
        as_a_reload_shows_it()
    assert ("CLAIM", CLAIM) in mine(shown) and reloads == []


def test_only_the_users_own_spans_on_the_open_document_can_show_or_hide_a_suggestion(qtbot, shown):
    from annotator.core.store import Store

    store, doc = shown.store, shown.document_id
    suggestion = next(s for s in shown.view.spans if s.annotator == RULES)
    key = f"{suggestion.label}:{suggestion.start}:{suggestion.end}"
    with Store(store.path, user="bob") as bob:
        theirs = bob.add_span(doc, suggestion.label, suggestion.start, suggestion.end)
    other = next(d for d in store.document_ids() if d != doc)
    elsewhere = store.add_span(other, "CUE", 0, 3)
    assert shown.suggesting.keys_touched(theirs) == set() and shown.suggesting.keys_touched(elsewhere) == set()
    mine = store.add_span(doc, suggestion.label, suggestion.start, suggestion.end)
    assert shown.suggesting.keys_touched(mine) == {key}
    assert suggestion.id not in {s.id for s in shown.view.spans}, "the user's tag took its place"


def test_a_change_of_many_of_the_users_spans_on_the_open_document_reads_it_again(shown):
    from annotator.core.model import Change
    from annotator.ui.suggesting import MANY_KEYS

    def tagged(count, document_id, annotator):
        ops = tuple(("insert", "spans", {"id": f"s{k}", "document_id": document_id, "annotator": annotator,
                                         "label": "CLAIM", "start": k, "end": k + 1}) for k in range(count))
        return Change(1, "Import", annotator, "import", frozenset({document_id}), None, ops)

    doc = shown.document_id
    assert shown.suggesting.needs_reload(tagged(MANY_KEYS + 1, doc, "alice"))
    assert not shown.suggesting.needs_reload(tagged(MANY_KEYS, doc, "alice"))
    assert not shown.suggesting.needs_reload(tagged(MANY_KEYS + 1, doc, "bob")), "a colleague's layer hides nothing"
