"""The document list's counts after each key, carried from the action's change, equal a recount from the store."""

from PySide6.QtCore import Qt

from annotator.core.model import Acceptance
from tests.fake_suggester import PhraseSuggester
from tests.ui.test_main_window import tag

UNDO = ("z", Qt.KeyboardModifier.ControlModifier)
REDO = ("z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def listed_and_counted(window):
    return [(r.claims, r.speakers, r.spans, r.status) for r in window.documents.rows], [
        (s.claims, s.speakers, s.spans, s.status) for s in window.store.summaries()]


def test_list_counts_follow_tag_delete_undo_redo_relabel_and_accept(qtbot, window):
    store = window.store
    seen = []

    def check(step):
        listed, counted = listed_and_counted(window)
        seen.append((step, listed[0]))
        assert listed == counted, step

    speaker = tag(qtbot, window, "Sergei Lavrov", "2")
    check("tag SPEAKER")
    tag(qtbot, window, "ready", "1")
    check("tag CLAIM")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    window.select_span(speaker.id)
    qtbot.keyClick(window.view, "1")
    assert store.span(speaker.id).label == "CLAIM"
    check("relabel SPEAKER as CLAIM")
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    check("delete")
    for name, key in (("undo", UNDO), ("redo", REDO), ("undo again", UNDO), ("undo the relabel", UNDO)):
        qtbot.keyClick(window.view, *key)
        check(name)
    store.fill_suggestions(PhraseSuggester(), [window.document_id])
    suggested = store.pending_suggestions(window.document_id, "suggest:fake")[0]
    window._guard(lambda: store.accept_suggestions([Acceptance(s.id) for s in suggested if s.label == "CLAIM"]))
    check("accept a suggested claim")
    qtbot.keyClick(window.view, *UNDO)
    check("undo the acceptance")
    assert [counts[:3] for _, counts in seen] == [
        (0, 1, 1), (1, 1, 2), (2, 0, 2), (1, 0, 1), (2, 0, 2), (1, 0, 1), (2, 0, 2), (1, 1, 2), (2, 1, 3), (1, 1, 2)]
