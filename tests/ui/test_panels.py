"""The side panels you can read, stances you can edit, and a calm layout: keys and clicks, checked on the store."""

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QTextCharFormat

from annotator.core.model import Stance
from annotator.core.store import Store
from annotator.ui.dialogs.pickers import StanceDialog
from annotator.ui.geometry import beside
from annotator.ui.models.spans import STANCES_ROLE
from annotator.ui.widgets.main_window import MainWindow
from annotator.ui.widgets.tables import annotator_color
from tests.ui.conftest import ARTICLE, formats_by_unit
from tests.ui.test_main_window import spans, tag

LONG_CLAIM = "we are ready for a ceasefire"


def claim_with_stances(qtbot, window, *stances):
    claim = tag(qtbot, window, LONG_CLAIM, "1")
    for target, label in stances:
        window.store.set_stance(claim.id, target, label)
    window.select_span(claim.id)
    return claim


def test_claims_table_fits_1280x800_without_scrolling_sideways(qtbot, window):
    window.resize(1280, 800)
    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"), ("direct talks", "oppose"))
    qtbot.wait(10)
    table = window.claim_table
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert window.claims.index(0, 0).data() == LONG_CLAIM
    assert window.claims.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is not None
    assert window.store.span(claim.id).stances == (Stance("ceasefire", "support"), Stance("direct talks", "oppose"))


def test_stances_are_painted_as_chips_in_the_stance_colours(qtbot, window):
    claim_with_stances(qtbot, window, ("ceasefire", "oppose"))
    window.resize(1280, 800)
    qtbot.wait(10)
    table = window.claim_table
    cell = table.visualRect(window.claims.index(0, 2))
    image = table.viewport().grab(cell).toImage()
    oppose = QColor(next(s.color for s in window.schema.stance_labels if s.name == "oppose"))
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert oppose.name() in colours


def test_column_widths_are_kept_across_windows(qtbot, ui_store, settings):
    first = MainWindow(ui_store, settings)
    qtbot.addWidget(first)
    first.claim_table.horizontalHeader().resizeSection(1, 143)
    first.speaker_table.horizontalHeader().resizeSection(1, 77)
    first.close()
    second = MainWindow(ui_store, settings)
    qtbot.addWidget(second)
    assert second.claim_table.horizontalHeader().sectionSize(1) == 143
    assert second.speaker_table.horizontalHeader().sectionSize(1) == 77


def test_detail_names_the_speakers_canonical_name(qtbot, window):
    speaker = tag(qtbot, window, "Lavrov", "2")
    claim = tag(qtbot, window, LONG_CLAIM, "1")
    window.store.link_speaker(claim.id, speaker.id)
    window.store.identify_speaker(speaker.id, "Sergei Lavrov")
    window.select_span(claim.id)
    assert "speaker: Sergei Lavrov (“Lavrov”)" in window.detail.text()
    assert window.claims.rows[0].speaker == "Sergei Lavrov"


def test_show_others_marks_rows_and_spans_with_their_annotator(qtbot, window):
    start = ARTICLE.index(LONG_CLAIM)
    with Store(window.store.path, user="bob") as bob:
        bob.add_span(window.document_id, "CLAIM", start, start + len(LONG_CLAIM))
    mine = tag(qtbot, window, LONG_CLAIM, "1")
    by = window.claims.columnCount() - 1
    assert window.claim_table.isColumnHidden(by)
    solo_block, solo = formats_by_unit(window.view, 1)
    unit = window.view.map.to_utf16(start) - solo_block.position()
    alone = QTextCharFormat(solo[unit]).background().color()
    qtbot.keyClick(window.view, "h", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.claim_table.isColumnHidden(by)
    assert "BO</b> bob" in window.legend.text() and annotator_color("bob") in window.legend.text()
    assert sorted(window.claims.index(i, by).data() for i in range(2)) == ["AL", "BO"]
    bob_row = next(i for i, r in enumerate(window.claims.rows) if r.annotator == "bob")
    assert window.claims.index(bob_row, by).data(Qt.ItemDataRole.ForegroundRole) == QColor(annotator_color("bob"))
    _, painted = formats_by_unit(window.view, 1)
    both = painted[unit]
    assert both.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert both.underlineColor() == QColor(annotator_color("bob"))
    assert both.background().color() == alone, "a span two people tagged is not painted as a nested one"
    assert mine.id in {s.id for s in window.view.spans}


def test_enter_on_a_completed_target_hands_the_next_key_to_the_stance(qtbot):
    from annotator.core.schema import load_schema

    dialog = StanceDialog(["ceasefire", "direct talks"], load_schema().stance_labels)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.target.lineEdit(), "rect ta")
    qtbot.keyClick(dialog.target.completer().popup(), Qt.Key.Key_Return)
    qtbot.keyClick(dialog.target, "o")  # the box still has the focus: the key is a stance all the same
    assert (dialog.target.currentText(), dialog.label) == ("direct talks", "oppose")
    fresh = StanceDialog([], load_schema().stance_labels)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.keyClicks(fresh.target.lineEdit(), "so")
    assert fresh.label is None and fresh.target.currentText() == "so", "before Enter, keys type the target"
    qtbot.keyClick(fresh.target.lineEdit(), Qt.Key.Key_Return)
    qtbot.keyClick(fresh.target.lineEdit(), "n")
    assert (fresh.target.currentText(), fresh.label) == ("so", "neutral")


def test_shift_t_edits_stances_each_change_one_undo_step(qtbot, window):
    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"), ("sanctions", "oppose"))
    qtbot.keyClick(window.view, "T", Qt.KeyboardModifier.ShiftModifier)
    editor = window.stances_editor
    assert editor is not None and editor.list.count() == 2
    qtbot.keyClick(editor, "n")
    assert set(window.store.span(claim.id).stances) == {Stance("ceasefire", "neutral"), Stance("sanctions", "oppose")}
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert window.store.span(claim.id).stances == (Stance("ceasefire", "neutral"),)
    assert editor.list.count() == 1
    assert window.claims.rows[0].stances == (Stance("ceasefire", "neutral"),)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert set(window.store.span(claim.id).stances) == {Stance("ceasefire", "neutral"), Stance("sanctions", "oppose")}
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert set(window.store.span(claim.id).stances) == {Stance("ceasefire", "support"), Stance("sanctions", "oppose")}
    assert window.view.selected_id == claim.id, "undo selects the claim it changed"
    window.select_span(None)
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_id == claim.id, "and so does redo"


def test_f2_in_the_stances_editor_moves_a_stance_to_another_target_one_undo_step(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.dialogs.pickers import NameDialog

    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"), ("sanctions", "oppose"))
    qtbot.keyClick(window.view, "T", Qt.KeyboardModifier.ShiftModifier)
    editor = window.stances_editor
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    asked = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NameDialog)
        asked.append(dialog.name.currentText())
        qtbot.keyClicks(dialog.name.lineEdit(), "the truce")  # the current target is selected: typed over
        qtbot.keyClick(dialog.name.lineEdit(), Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(editor, Qt.Key.Key_F2)
    assert asked == ["sanctions"]
    assert set(window.store.span(claim.id).stances) == {Stance("ceasefire", "support"), Stance("the truce", "oppose")}
    assert editor.current_target() == "the truce"
    assert "the truce" in window.store.targets()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    window.undo()
    assert set(window.store.span(claim.id).stances) == {Stance("ceasefire", "support"), Stance("sanctions", "oppose")}


def test_a_stance_cannot_be_moved_onto_a_target_the_claim_already_has(window):
    from annotator.core.store import StoreError

    claim = window.store.add_span(window.document_id, "CLAIM", 0, 5).subject
    window.store.set_stance(claim, "ceasefire", "support")
    window.store.set_stance(claim, "sanctions", "oppose")
    with pytest.raises(StoreError, match="already has a stance on ceasefire"):
        window.store.retarget_stance(claim, "sanctions", "ceasefire")
    with pytest.raises(StoreError, match="no stance on truce"):
        window.store.retarget_stance(claim, "truce", "peace")
    assert set(window.store.span(claim).stances) == {Stance("ceasefire", "support"), Stance("sanctions", "oppose")}


def test_a_click_on_a_stance_chip_opens_that_stance_and_delete_removes_it(qtbot, window):
    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"), ("sanctions", "oppose"))
    window.resize(1280, 800)
    window.claim_table.horizontalHeader().resizeSection(2, 200)  # room for both chips
    qtbot.wait(10)
    index = window.claims.index(0, 2)
    cell = window.claim_table.visualRect(index)
    placed, _ = window.chips.chips(cell, window.claim_table.fontMetrics(), index.data(STANCES_ROLE))
    chip = next(place for place, target, _label, _text in placed if target == "sanctions")
    qtbot.mouseClick(window.claim_table.viewport(), Qt.MouseButton.LeftButton, pos=chip.center().toPoint())
    editor = window.stances_editor
    assert editor is not None and editor.isVisible() and editor.current_target() == "sanctions"
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert window.store.span(claim.id).stances == (Stance("ceasefire", "support"),)


def test_identify_and_speaker_list_open_beside_the_selection_too(qtbot, window):
    from annotator.ui.dialogs.identify import IdentifyDialog
    from annotator.ui.dialogs.pickers import SpeakerPicker

    speaker = tag(qtbot, window, "Umerov", "2")
    window.select_span(speaker.id)
    anchor = window.selection_rect()
    for dialog in (IdentifyDialog("Umerov", [], None, window), SpeakerPicker([(speaker.id, "Umerov")], window)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.frameGeometry().intersects(anchor)
        assert window.screen().availableGeometry().contains(dialog.frameGeometry())


def test_the_claims_row_menu_changes_and_removes_a_stance(qtbot, window):
    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"))
    menu = window.claim_menu(window.store.span(claim.id))
    stance_menu = menu.actions()[0].menu()
    assert stance_menu.title() == "support → ceasefire"
    assert [a.text() for a in stance_menu.actions() if a.text()][-2:] == ["Change target…", "Remove"]
    change = next(a for a in stance_menu.actions() if a.text() == "Change to oppose")
    change.trigger()
    assert window.store.span(claim.id).stances == (Stance("ceasefire", "oppose"),)
    menu = window.claim_menu(window.store.span(claim.id))
    next(a for a in menu.actions()[0].menu().actions() if a.text() == "Remove").trigger()
    assert window.store.span(claim.id).stances == ()
    window.undo()
    assert window.store.span(claim.id).stances == (Stance("ceasefire", "oppose"),)


def test_detail_box_keeps_its_height(qtbot, window):
    height = window.detail.height()
    claim_with_stances(qtbot, window, *[(f"target {i}", "support") for i in range(12)])
    qtbot.wait(10)
    assert window.detail.height() == height
    assert window.detail.minimumHeight() == window.detail.maximumHeight()


def test_delete_selects_the_next_span_in_text_order_and_undo_redo_reselect(qtbot, window):
    first = tag(qtbot, window, "Sergei", "2")
    middle = tag(qtbot, window, LONG_CLAIM, "1")
    last = tag(qtbot, window, "Umerov", "2")
    window.store.add_span(window.document_id, "CLAIM", 0, 1)  # the emoji: an unrelated row, first in the table
    window.select_span(middle.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert middle.id not in {s.id for s in spans(window)}
    assert window.view.selected_id == last.id
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.view.selected_id == first.id, "nothing follows: the span before it"
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_id == last.id, "undo selects what it brought back"
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_id == middle.id
    window.select_span(first.id)
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_id == last.id, "redo of the deletion selects the span that follows it"


def test_a_dialog_opens_beside_the_selection_never_over_it(qtbot, window):
    claim = claim_with_stances(qtbot, window, ("ceasefire", "support"))
    anchor = window.selection_rect()
    assert anchor is not None and not anchor.isEmpty()
    dialog = StanceDialog(["ceasefire"], window.schema.stance_labels, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.frameGeometry().intersects(anchor)
    assert window.screen().availableGeometry().contains(dialog.frameGeometry())
    assert claim.id == window.view.selected_id


def test_beside_picks_a_side_with_room_inside_the_screen():
    screen = QRect(0, 0, 1280, 800)
    size = QSize(400, 200)
    low = QRect(100, 700, 300, 20)
    placed = QRect(beside(size, low, screen), size)
    assert screen.contains(placed) and not placed.intersects(low) and placed.bottom() < low.top()
    high = QRect(100, 10, 300, 20)
    placed = QRect(beside(size, high, screen), size)
    assert screen.contains(placed) and placed.top() > high.bottom()
    tall = QRect(0, 0, 800, 800)
    placed = QRect(beside(size, tall, screen), size)
    assert screen.contains(placed) and placed.left() > tall.right()
    everything = QRect(0, 0, 1280, 800)
    assert screen.contains(QRect(beside(size, everything, screen), size))
    assert beside(size, QRect(QPoint(1270, 400), QSize(5, 20)), screen).x() + size.width() <= 1280


def test_time_on_task_counts_active_time_per_document(qtbot, window):
    from annotator.core.timing import TimeOnTask
    from tests.core.test_timing import FakeClock

    clock = FakeClock()
    window.activity.timer = TimeOnTask(clock)
    first = window.document_id
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        clock.advance(10)
    clock.advance(600)  # away from the keyboard
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    clock.advance(5)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.store.time_on_task(first) == {}, "nothing is written per key press"
    window.next_document()
    assert window.store.time_on_task(first) == {(first, "alice"): 25.0}
    second = window.document_id
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    clock.advance(8)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton)
    window.close()
    assert window.store.time_on_task(second) == {(second, "alice"): 8.0}
