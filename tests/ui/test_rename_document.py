"""A document's title can be changed from the window, as one undo step."""

from annotator.ui.dialogs.pickers import TitleDialog


def test_rename_document_is_one_undo_step(window, monkeypatch):
    monkeypatch.setattr(TitleDialog, "ask", classmethod(lambda cls, parent, current: "  Talks\nin Istanbul "))
    document_id = window.document_id
    before = window.store.document(document_id).title
    action = window.actions_by_id["rename"]
    assert action.shortcut().toString() == "F2"
    action.trigger()
    assert window.store.document(document_id).title == "Talks in Istanbul"
    assert window.title_label.text() == "Talks in Istanbul"
    assert window.windowTitle() == "Talks in Istanbul — annotator"
    row = window.documents.rows[window.documents.row_of(document_id)]
    assert row.title == "Talks in Istanbul"
    assert window.actions_by_id["undo"].text() == "&Undo Rename document to “Talks in Istanbul”"
    window.undo()
    assert window.store.document(document_id).title == before
    assert window.title_label.text() == before
    assert window.documents.rows[window.documents.row_of(document_id)].title == before
