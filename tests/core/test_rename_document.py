"""Renaming a document: one line, never blank, one undo step, refused for a document that is gone."""

import pytest

from annotator.core.store import StoreError


def test_a_rename_is_one_undo_step_on_one_line(store):
    document_id = store.add_document("Talks resume\nBoth sides met.").document_id
    change = store.rename_document(document_id, "  Talks\n resume   in Istanbul ")
    assert store.document(document_id).title == "Talks resume in Istanbul"
    assert change.document_ids == {document_id}
    assert store.history.undo_action() == "Rename document to “Talks resume in Istanbul”"
    store.undo()
    assert store.document(document_id).title == "Talks resume"
    store.redo()
    assert store.document(document_id).title == "Talks resume in Istanbul"


def test_a_blank_title_or_a_missing_document_is_refused(store):
    document_id = store.add_document("Talks resume\nBoth sides met.").document_id
    with pytest.raises(StoreError, match="needs a title"):
        store.rename_document(document_id, " \n ")
    with pytest.raises(StoreError, match="deleted since"):
        store.rename_document("no-such-document", "A title")
    assert store.document(document_id).title == "Talks resume"
    assert store.history.undo_action() is None
