"""The document list's counts carried from each Change equal a full recount after every kind of action."""

from annotator.core.model import Acceptance
from tests.fake_suggester import PhraseSuggester

TEXT = "😀 中文 Sergei Lavrov said “we are ready for a ceasefire”. Umerov noted talks.\r\nRubio told reporters nothing."


def at(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


def test_summaries_carried_by_changes_match_a_recount(store):
    doc = store.add_document(TEXT).document_id
    other = store.add_document("Second article\nRubio told Lavrov nothing.").document_id
    store.fill_suggestions(PhraseSuggester(), [doc])
    kept = {s.id: s for s in store.summaries()}
    carried_changes = []

    def carry(change):
        carried_changes.append(change)
        kept.update((s.id, s) for s in store.summaries_after(change, kept))

    store.subscribe(carry)
    claim = store.add_span(doc, "CLAIM", *at("we are ready")).subject
    speaker = store.add_span(doc, "SPEAKER", *at("Sergei Lavrov")).subject
    store.link_speaker(claim, speaker)
    store.add_span(doc, "CUE", *at("said"))
    store.relabel_span(claim, "SPEAKER")
    store.relabel_span(speaker, "CLAIM")
    store.delete_spans([speaker])
    store.undo()
    store.redo()
    store.undo()
    store.set_status(doc, "done")
    store.undo()
    store.rename_document(doc, "A new title")
    store.add_span(other, "CLAIM", 15, 20)
    suggested = store.pending_suggestions(doc, "suggest:fake")[0]
    store.accept_suggestions([Acceptance(s.id) for s in suggested if s.label == "CLAIM"])
    store.undo()
    store.redo()
    assert len(carried_changes) == 17
    assert kept == {s.id: s for s in store.summaries()}
    assert (kept[doc].title, kept[doc].status) == ("A new title", "in_progress")
    mine = store.spans(doc, "alice")
    assert (kept[doc].claims, kept[doc].speakers, kept[doc].spans) == (
        sum(s.label == "CLAIM" for s in mine), sum(s.label == "SPEAKER" for s in mine), len(mine))


def test_a_step_is_checked_against_a_recount_after_each_action(store):
    """Each step on its own, so a wrong count names the action that made it."""
    doc = store.add_document(TEXT).document_id
    store.fill_suggestions(PhraseSuggester(), [doc])
    kept = {s.id: s for s in store.summaries()}
    steps = []

    def carry(change):
        kept.update((s.id, s) for s in store.summaries_after(change, kept))
        steps.append((change.action, kept[doc], store.summaries(document_ids=[doc])[0]))

    store.subscribe(carry)
    claim = store.add_span(doc, "CLAIM", *at("we are ready")).subject
    store.relabel_span(claim, "SPEAKER")
    store.undo()
    store.redo()
    store.delete_spans([claim])
    store.undo()
    suggested = store.pending_suggestions(doc, "suggest:fake")[0]
    store.accept_suggestions([Acceptance(s.id) for s in suggested if s.label == "CLAIM"])
    store.undo()
    assert [action for action, carried, counted in steps if carried != counted] == []
    assert len(steps) == 8
