"""Drive the window with real key and mouse events and check what the store holds."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Stance
from annotator.core.store import Store
from annotator.ui.dialogs.messages import ErrorListDialog, ShortcutsDialog
from annotator.ui.dialogs.identify import Identification, IdentifyDialog
from annotator.ui.dialogs.pickers import NameDialog, SpeakerPicker, StanceDialog
from tests.ui.conftest import ARTICLE


def point_at(view, offset: int) -> QPoint:
    """The viewport point of the character starting at code-point `offset`."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_utf16(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 3, rect.center().y())


def select_with_shift_arrows(qtbot, view, start: int, length: int):
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start))
    for _ in range(length):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def spans(window, label=None):
    return [s for s in window.store.spans(window.document_id) if label in (None, s.label)]


def tag(qtbot, window, needle: str, key: str, occurrence: int = 0):
    start = ARTICLE.index(needle)
    for _ in range(occurrence):
        start = ARTICLE.index(needle, start + 1)
    select_with_shift_arrows(qtbot, window.view, start, len(needle.encode("utf-16-le")) // 2)
    qtbot.keyClick(window.view, key)
    return next(s for s in spans(window) if s.start == start)


def test_first_article_is_shown_as_plain_text(window):
    assert window.view.text == ARTICLE
    assert window.view.toPlainText().replace("\u2029", "\n") == ARTICLE


def test_shift_arrows_and_hotkey_tag_after_an_emoji(qtbot, window):
    span = tag(qtbot, window, "Sergei Lavrov", "2")
    assert (span.label, span.text, span.start) == ("SPEAKER", "Sergei Lavrov", ARTICLE.index("Sergei"))
    assert window.speakers.rows[0].text == "Sergei Lavrov"


def test_double_click_a_word_then_label_key(qtbot, window):
    offset = ARTICLE.index("Umerov") + 2
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, offset))
    qtbot.keyClick(window.view, "2")
    assert [(s.label, s.text) for s in spans(window)] == [("SPEAKER", "Umerov")]


def test_partial_selection_snaps_to_words_unless_snapping_is_off(qtbot, window):
    start = ARTICLE.index("Lavrov") + 2
    select_with_shift_arrows(qtbot, window.view, start, 6)  # "vrov s"
    qtbot.keyClick(window.view, "1")
    assert spans(window)[0].text == "Lavrov said"
    qtbot.keyClick(window.view, "w")  # snapping off
    select_with_shift_arrows(qtbot, window.view, ARTICLE.index("Monday") + 1, 3)
    qtbot.keyClick(window.view, "1")
    assert "ond" in [s.text for s in spans(window)]


def test_click_selects_delete_removes_ctrl_z_restores(qtbot, window):
    span = tag(qtbot, window, "Sergei Lavrov", "2")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, span.start + 3))
    assert window.view.selected_id == span.id
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert spans(window) == []
    assert window.actions_by_id["undo"].text() == "&Undo Delete SPEAKER"
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in spans(window)] == [span.id]
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(window) == []


def test_repeated_clicks_cycle_through_nested_spans(qtbot, window):
    claim = tag(qtbot, window, "Sergei Lavrov said", "1")
    speaker = tag(qtbot, window, "Lavrov", "2")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    pos = point_at(window.view, speaker.start + 2)
    chosen = []
    for _ in range(3):
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        chosen.append(window.view.selected_id)
    assert chosen == [speaker.id, claim.id, speaker.id]


def test_relabel_and_resize_by_keyboard(qtbot, window):
    span = tag(qtbot, window, "Lavrov", "2")
    window.select_span(span.id)
    qtbot.keyClick(window.view, "1")
    assert window.store.span(span.id).label == "CLAIM"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.store.span(span.id).text == "Sergei Lavrov"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.span(span.id).text == "Sergei Lavrov said"


def test_link_claim_by_key_then_click(qtbot, window):
    speaker = tag(qtbot, window, "Sergei Lavrov", "2")
    claim = tag(qtbot, window, "we are ready for a ceasefire", "1")
    window.select_span(claim.id)
    qtbot.keyClick(window.view, "l")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, speaker.start + 1))
    assert window.store.speaker_of(claim.id) == speaker.id
    assert window.claims.rows[0].speaker == "Sergei Lavrov"


def test_link_from_the_list_offers_the_nearest_speaker_first(qtbot, window, monkeypatch):
    far = tag(qtbot, window, "Umerov", "2")
    near = tag(qtbot, window, "Sergei Lavrov", "2")
    claim = tag(qtbot, window, "we are ready for a ceasefire", "1")
    offered = []
    monkeypatch.setattr(SpeakerPicker, "ask", classmethod(lambda cls, parent, options: offered.extend(options) or options[0][0]))
    window.select_span(claim.id)
    qtbot.keyClick(window.view, "l")
    qtbot.keyClick(window.view, "l")
    assert [o[0] for o in offered] == [near.id, far.id]
    assert window.store.speaker_of(claim.id) == near.id


def test_identify_speaker_with_alias(qtbot, window, monkeypatch):
    lavrov = window.store.create_entity("Sergei Lavrov", ["S. Lavrov"]).subject
    speaker = tag(qtbot, window, "Lavrov", "2")
    offered = []

    def ask(cls, parent, mention, proposals, current=None):
        offered.extend(proposals)
        return Identification(proposals[0].entity.id, alias=True)

    monkeypatch.setattr(IdentifyDialog, "ask", classmethod(ask))
    window.select_span(speaker.id)
    qtbot.keyClick(window.view, "e")
    assert offered[0].entity.id == lavrov
    entity = window.store.entity(window.store.span(speaker.id).entity_id)
    assert entity.name == "Sergei Lavrov" and "Lavrov" in entity.aliases
    assert window.speakers.rows[0].entity == "Sergei Lavrov"


def test_stances_by_key(qtbot, window, monkeypatch):
    claim = tag(qtbot, window, "we are ready for a ceasefire", "1")
    answers = iter([("ceasefire", "support"), ("new target", "oppose")])
    monkeypatch.setattr(StanceDialog, "ask", classmethod(lambda cls, parent, targets, labels: next(answers)))
    window.select_span(claim.id)
    qtbot.keyClick(window.view, "t")
    qtbot.keyClick(window.view, "t")
    stances = {(s.target, s.label) for s in window.store.span(claim.id).stances}
    assert stances == {("ceasefire", "support"), ("new target", "oppose")}
    assert Stance("ceasefire", "support") in window.claims.rows[0].stances
    assert "support → ceasefire" in window.describe(window.store.span(claim.id))


def test_stance_dialog_takes_the_stance_key(qtbot):
    from annotator.core.schema import load_schema

    dialog = StanceDialog(["ceasefire", "direct talks"], load_schema().stance_labels)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.target.lineEdit(), "direct talks")
    qtbot.keyClick(dialog.target.lineEdit(), Qt.Key.Key_Return)
    qtbot.keyClick(dialog, "o")
    assert (dialog.target.currentText(), dialog.label) == ("direct talks", "oppose")


def test_quote_type_cycles(qtbot, window):
    claim = tag(qtbot, window, "we are ready for a ceasefire", "1")
    window.select_span(claim.id)
    qtbot.keyClick(window.view, "q")
    qtbot.keyClick(window.view, "q")
    assert window.store.span(claim.id).attrs == {"quote_type": "indirect"}


def test_done_moves_to_next_and_counts(qtbot, window):
    first = window.document_id
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.store.status(first) == "done"
    assert window.document_id != first
    assert window.progress_label.text() == "1 / 2 done"
    qtbot.keyClick(window.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert window.store.status(first) == "todo"
    assert window.document_id == first  # undo goes back to where the change was


def test_next_previous_documents_and_filter(qtbot, window):
    ids = window.store.document_ids()
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.document_id == ids[1]
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.document_id == ids[0]
    qtbot.keyClick(window.view, "f", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filter_box, "rubio")
    qtbot.waitUntil(lambda: window.filtered.rowCount() == 1)
    assert window.filtered.index(0, 0).data(Qt.ItemDataRole.UserRole) == ids[1]
    window.open_document(ids[1])
    window.filter_box.clear()
    qtbot.waitUntil(lambda: window.filtered.rowCount() == 2)
    assert window.doc_table.currentIndex().data(Qt.ItemDataRole.UserRole) == ids[1], "the open document stays selected"


def test_others_hidden_by_default_and_read_only_when_shown(qtbot, window):
    with Store(window.store.path, user="bob") as bob:
        bob_span = bob.add_span(window.document_id, "CLAIM", 2, 12).subject
    window.refresh_spans()
    assert window.view.spans == []
    window.actions_by_id["others"].trigger()
    assert [s.id for s in window.view.spans] == [bob_span]
    window.select_span(bob_span)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert [s.id for s in window.store.spans(window.document_id)] == [bob_span]
    assert "read-only" in window.statusBar().currentMessage()


def test_change_annotator(qtbot, window, monkeypatch):
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, parent, title, prompt, current, known: "carol"))
    window.user_button.click()
    assert window.user_button.text() == "Annotator: carol"
    tag(qtbot, window, "Umerov", "2")
    assert [s.annotator for s in spans(window)] == ["carol"]


def test_import_runs_off_thread_and_lists_every_failure(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("Fresh article\nbody", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "bad.jsonl").write_text('{"text": 1}\n', encoding="utf-8")
    shown = []
    monkeypatch.setattr(ErrorListDialog, "show_errors", classmethod(lambda cls, p, t, s, errors: shown.append(errors)))
    runner = window.run_import([str(tmp_path)])
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        pass
    assert window.store.document_count() == 3
    assert len(window.documents.rows) == 3
    (errors,) = shown
    assert any("bad.txt" in e and "binary" in e for e in errors)
    assert any("bad.jsonl:1" in e for e in errors)


def test_export_from_the_menu_writes_jsonl(qtbot, window, tmp_path):
    tag(qtbot, window, "Sergei Lavrov", "2")
    out = tmp_path / "out.jsonl"
    runner = window.run_export(str(out))
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        pass
    import json

    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["text"] for s in record["spans"]] == ["Sergei Lavrov"]


def test_window_state_and_last_document_are_remembered(qtbot, ui_store, settings):
    from annotator.ui.widgets.main_window import MainWindow

    first = MainWindow(ui_store, settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.width(), 540)
    first.splitter.setSizes([150, 500, 250])
    qtbot.wait(50)
    first.next_document()
    first.actions_by_id["snap"].setChecked(False)
    first.close()
    second = MainWindow(ui_store, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.document_id == ui_store.document_ids()[1]
    assert second.height() == 540  # the offscreen screen is 800 px wide, so width is clamped
    assert settings.value("window/splitter") == first.splitter.saveState()
    assert not second.actions_by_id["snap"].isChecked()


def test_every_action_is_in_a_menu_with_its_shortcut(qtbot, window, monkeypatch):
    captured = []
    monkeypatch.setattr(ShortcutsDialog, "show_shortcuts", classmethod(lambda cls, parent, rows: captured.extend(rows)))
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    keys = {action: shortcut for _, action, shortcut in captured}
    assert keys["Tag as CLAIM"] == "1" and keys["Tag as SPEAKER"] == "2"
    assert keys["Link claim to speaker"] == "L"
    assert "Ctrl+Z" in keys["Undo"]
    menu_actions = [a for m in window.menus.values() for a in m.actions() if a.text()]
    assert len(captured) == len(menu_actions)


def test_the_shortcuts_dialog_shows_every_column_whole(qtbot, window):
    from annotator.ui.actions import shortcut_rows

    dialog = ShortcutsDialog(shortcut_rows(window.actions_by_id, window), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalHeader().length() <= table.viewport().width()
    menu, shortcut = 0, 2
    assert all(table.columnWidth(c) >= table.sizeHintForColumn(c) for c in (menu, shortcut)), "the action gives way"


def test_html_is_never_interpreted(qtbot, tmp_path, settings):
    from annotator.ui.widgets.main_window import MainWindow

    with Store(tmp_path / "h.db", user="alice") as store:
        store.add_document("<b>Not bold</b> &amp; <script>x</script>")
        win = MainWindow(store, settings)
        qtbot.addWidget(win)
        assert win.view.toPlainText() == "<b>Not bold</b> &amp; <script>x</script>"
        assert win.title_label.text() == "<b>Not bold</b> &amp; <script>x</script>"


def test_context_menu_tags_the_selection(qtbot, window):
    start = ARTICLE.index("Umerov")
    select_with_shift_arrows(qtbot, window.view, start, 6)
    menu = window.context_menu()
    (claim,) = [a for a in menu.actions() if a.text() == "Tag as CLAIM"]
    claim.trigger()
    assert [(s.label, s.text) for s in spans(window)] == [("CLAIM", "Umerov")]
    assert "Delete span" in [a.text().replace("&", "") for a in menu.actions()]


def test_the_filter_marks_its_words_in_the_open_article(qtbot, window):
    qtbot.keyClicks(window.filter_box, "ceasefire")
    window.apply_filter()
    marked = [(sel.cursor.selectionStart(), sel.cursor.selectionEnd()) for sel in window.view.extraSelections()]
    start = ARTICLE.index("ceasefire")
    assert marked == [(window.view.map.to_utf16(start), window.view.map.to_utf16(start + len("ceasefire")))]
    window.filter_box.clear()
    window.apply_filter()
    assert window.view.extraSelections() == []


def test_the_first_window_gives_the_document_titles_room(qtbot, ui_store, settings):
    """With every count column beside them, titles got a few pixels of a 270 px pane ("…")."""
    from annotator.ui.widgets.main_window import MainWindow

    window = MainWindow(ui_store, settings)
    qtbot.addWidget(window)
    window.resize(1088, 680)  # the first window on a 1280 x 800 screen
    window.show()
    qtbot.waitExposed(window)
    left, middle, right = window.splitter.sizes()
    assert left >= 320 and middle >= 370 and right >= 300
    assert window.doc_table.columnWidth(0) >= window.fontMetrics().horizontalAdvance("Russia…")


def mnemonics(actions) -> list[str]:
    """The Alt letters of these menu entries (those that have one)."""
    texts = [a.text().replace("&&", "") for a in actions]
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t]


def test_every_menu_and_every_entry_of_a_menu_has_its_own_alt_key(qtbot, window, ui_store, settings):
    from annotator.ui.widgets.review_window import ReviewWindow

    reviewer = ReviewWindow(ui_store, settings)
    qtbot.addWidget(reviewer)
    for shown in (window, reviewer):
        menus = shown.menuBar().actions()
        keys = mnemonics(menus)
        assert len(keys) == len(menus) == len(set(keys)), [m.text() for m in menus]
        for menu in menus:
            keys = mnemonics(menu.menu().actions())
            assert len(keys) == len(set(keys)), [a.text() for a in menu.menu().actions()]
