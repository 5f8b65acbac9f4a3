"""Keys pressed while a store action waits for another connection's write lock: none is lost, and
each runs in its turn, after the actions before it have landed, on the state they left."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.store import Store
from tests.core.test_concurrency import hold_write_lock
from tests.ui.conftest import shown_window
from tests.ui.test_loop_keys import LOOP, TEXT, expect, keys, place, spans


@pytest.fixture
def loop(qtbot, tmp_path, settings):
    with Store(tmp_path / "loop.db", user="alice") as store:
        store.add_document(LOOP)
        store.add_document("Second article\nRubio told Lavrov nothing.")
        win = shown_window(qtbot, store, settings)
        yield win
        win.close()


def landed(qtbot, window, holder) -> None:
    qtbot.waitUntil(lambda: not window.saver.queue, timeout=15_000)
    holder.wait()


def test_enter_pressed_before_a_queued_tag_lands_links_the_claim_it_makes(qtbot, loop):
    place(loop, 0)
    holder = hold_write_lock(Path(loop.store.path), 1.0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    assert spans(loop) == [] and len(loop.saver.queue) == 2
    landed(qtbot, loop, holder)
    (claim,) = spans(loop, "CLAIM")
    (speaker,) = spans(loop, "SPEAKER")
    expect(claim, "We are ready for talks")
    expect(speaker, "Russian Foreign Minister Sergei Lavrov")
    assert claim.attrs.get("quote_type") == "direct"
    assert loop.store.speaker_of(claim.id) == speaker.id
    assert loop.selected_span().id == claim.id
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert spans(loop, "SPEAKER") == [] and loop.store.speaker_of(claim.id) is None, "the speaker was one undo step"


def test_delete_undo_and_redo_wait_for_the_tag_they_act_on(qtbot, loop):
    place(loop, 0)
    holder = hold_write_lock(Path(loop.store.path), 1.0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Delete)
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(loop) == []
    landed(qtbot, loop, holder)
    (claim,) = spans(loop)  # tag, delete, undo the delete, undo the tag, redo the tag
    expect(claim, "We are ready for talks")
    assert [s.text for s in loop.view.spans] == ["We are ready for talks"]
    assert loop.store.history.undo_action() == "Tag CLAIM" and loop.store.history.redo_action() == "Delete CLAIM"


def test_a_selection_a_label_key_and_a_click_after_a_queued_tag_act_on_what_they_pressed(qtbot, loop):
    from tests.ui.test_main_window import point_at, select_with_shift_arrows

    umerov = TEXT.index("Umerov")
    loop.store.add_span(loop.document_id, "SPEAKER", umerov, umerov + len("Umerov"))
    place(loop, 0)
    holder = hold_write_lock(Path(loop.store.path), 1.0)
    keys(qtbot, loop, "'", "1")
    select_with_shift_arrows(qtbot, loop.view, TEXT.index("Lavrov"), len("Lavrov"))
    keys(qtbot, loop, "2")
    qtbot.mouseClick(loop.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(loop.view, umerov + 2))
    qtbot.keyClick(loop.view, Qt.Key.Key_Delete)
    assert [s.text for s in spans(loop)] == ["Umerov"]
    landed(qtbot, loop, holder)
    claim, lavrov = spans(loop)  # the click chose Umerov: Delete removed it, not the tag made before it
    expect(claim, "We are ready for talks")
    expect(lavrov, "Lavrov")
    assert lavrov.label == "SPEAKER"


def test_going_to_another_document_waits_too(qtbot, loop):
    first = loop.document_id
    place(loop, 0)
    holder = hold_write_lock(Path(loop.store.path), 1.0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert loop.document_id == first
    loop.view.setFocus()
    keys(qtbot, loop, ".", "1")
    landed(qtbot, loop, holder)
    second = loop.document_id
    assert second != first
    assert [s.text for s in loop.store.spans(first)] == ["We are ready for talks"]
    assert [s.label for s in loop.store.spans(second)] == ["CLAIM"]


def test_keys_pressed_fast_without_a_lock_run_at_once(qtbot, loop):
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    keys(qtbot, loop, "q")
    assert not loop.saver.queue
    (claim,) = spans(loop, "CLAIM")
    (speaker,) = spans(loop, "SPEAKER")
    assert loop.store.speaker_of(claim.id) == speaker.id
    assert claim.attrs.get("quote_type") == "indirect"  # Q after the direct quote the tag made
