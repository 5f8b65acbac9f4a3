"""Suggestion layers in the store: filled outside the history, decided by the user as undoable actions,
and invisible to agreement, review, people, the document list, the others' view and exports unless named."""

import json
import time

import pytest

from annotator.core.agreement import agreement_report
from annotator.core.export import iter_export
from annotator.core.model import Acceptance
from annotator.core.review import compare, reviewable_documents
from annotator.core.store import Store, StoreError
from annotator.core.suggest import Suggestions
from tests.fake_suggester import PhraseSuggester

TEXT = "😀 中文 Sergei Lavrov said “we are ready for a ceasefire”. Umerov noted talks.\nRubio told reporters nothing."


def at(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


@pytest.fixture
def filled(store):
    doc = store.add_document(TEXT).document_id
    store.fill_suggestions(PhraseSuggester(), [doc])
    return store, doc


def pending(store, doc):
    spans, links = store.pending_suggestions(doc, "suggest:fake")
    return {(s.label, s.text): s for s in spans}, links


def test_filling_writes_a_read_only_layer_outside_the_history(filled):
    store, doc = filled
    spans = store.spans(doc, "suggest:fake")
    assert {(s.label, s.text) for s in spans} >= {("SPEAKER", "Sergei Lavrov"), ("CLAIM", "“we are ready for a ceasefire”"),
                                                  ("CUE", "said"), ("SPEAKER", "Umerov")}
    assert all(s.origin == "suggested" and s.provenance["model"] == "fake" for s in spans)
    assert all(TEXT[s.start:s.end] == s.text for s in spans)
    (link,) = [r for r in store.relations(doc, "suggest:fake") if r.label == "ATTRIBUTED_TO" and
               store.span(r.head_id).text.startswith("“")]
    assert store.span(link.child_id).text == "Sergei Lavrov"
    assert store.history.undo_stack == [] and store.change_log() == [
        c for c in store.change_log() if c["action"].startswith("Import")]
    assert store.has_suggestions(doc, "suggest:fake") and not store.has_suggestions(doc, "suggest:rules")
    with pytest.raises(StoreError, match="read-only"):
        store.delete_spans([spans[0].id])


def test_refilling_replaces_the_layer_and_an_empty_result_still_counts_as_filled(filled):
    store, doc = filled
    before = {(s.label, s.start, s.end) for s in store.spans(doc, "suggest:fake")}
    store.fill_suggestions(PhraseSuggester(), [doc])
    assert {(s.label, s.start, s.end) for s in store.spans(doc, "suggest:fake")} == before
    other = store.add_document("nothing to see here").document_id
    assert store.fill_suggestions(PhraseSuggester(), [other]) == 0
    assert store.has_suggestions(other, "suggest:fake")


def test_filling_reports_progress_and_stops_when_cancelled(store):
    docs = [store.add_document(f"Doc {i}: Lavrov said “yes {i}”.").document_id for i in range(5)]
    seen = []
    store.fill_suggestions(PhraseSuggester(), docs, progress=lambda done, total: seen.append((done, total)) or True)
    assert seen[-1] == (5, 5)

    class Slow(PhraseSuggester):
        def suggest(self, text):
            time.sleep(0.25)  # longer than a batch: every document is its own transaction
            return super().suggest(text)

    slow = Slow("slow")
    store.fill_suggestions(slow, docs, cancelled=lambda: slow.calls >= 2)
    assert slow.calls == 2, "it stopped after the batch being suggested"
    assert [store.has_suggestions(d, "suggest:slow") for d in docs] == [True] + [False] * 4, "and did not write it"


def test_accepting_a_claim_brings_its_speaker_and_link_and_is_one_undo_step(filled):
    store, doc = filled
    shown, _ = pending(store, doc)
    claim = shown[("CLAIM", "“we are ready for a ceasefire”")]
    change = store.accept_suggestions([Acceptance(claim.id)])
    mine = {(s.label, s.text): s for s in store.spans(doc, "alice")}
    accepted = mine[("CLAIM", "“we are ready for a ceasefire”")]
    speaker = mine[("SPEAKER", "Sergei Lavrov")]
    assert accepted.origin == "suggested" and accepted.provenance == {"model": "fake", "confidence": 0.6}
    assert speaker.origin == "suggested" and speaker.provenance["model"] == "fake"
    assert store.speaker_of(accepted.id) == speaker.id
    assert change.subject == accepted.id and len(store.history.undo_stack) == 1
    assert store.status(doc) == "in_progress"
    shown, _ = pending(store, doc)
    assert ("CLAIM", "“we are ready for a ceasefire”") not in shown and ("SPEAKER", "Sergei Lavrov") not in shown
    store.undo()
    assert store.spans(doc, "alice") == [] and store.verdicts(doc) == {}
    assert ("CLAIM", "“we are ready for a ceasefire”") in pending(store, doc)[0]


def test_an_accepted_claim_reuses_the_users_speaker_of_the_same_range(filled):
    store, doc = filled
    own = store.add_span(doc, "SPEAKER", *at("Sergei Lavrov")).subject
    shown, _ = pending(store, doc)
    assert ("SPEAKER", "Sergei Lavrov") not in shown
    store.accept_suggestions([Acceptance(shown[("CLAIM", "“we are ready for a ceasefire”")].id)])
    claim = next(s for s in store.spans(doc, "alice") if s.label == "CLAIM")
    assert store.speaker_of(claim.id) == own
    assert len([s for s in store.spans(doc, "alice") if s.label == "SPEAKER"]) == 1


def test_an_accepted_claim_has_the_quote_type_its_quote_marks_give(filled):
    store, doc = filled
    said = store.add_document("Lavrov said talks would resume on Monday.").document_id
    store.fill_suggestions(PhraseSuggester(), [said])
    quoted = pending(store, doc)[0][("CLAIM", "“we are ready for a ceasefire”")]
    reported = pending(store, said)[0][("CLAIM", "talks would resume on Monday")]
    store.accept_suggestions([Acceptance(quoted.id), Acceptance(reported.id)])
    claims = {s.text: s for doc_id in (doc, said) for s in store.spans(doc_id, "alice") if s.label == "CLAIM"}
    assert claims["“we are ready for a ceasefire”"].attrs == {"quote_type": "direct"}
    assert claims["talks would resume on Monday"].attrs == {"quote_type": "indirect"}
    speaker = next(s for s in store.spans(doc, "alice") if s.label == "SPEAKER")
    assert speaker.attrs == {}


def test_an_adjusted_boundary_is_accepted_and_says_so(filled):
    store, doc = filled
    claim = pending(store, doc)[0][("CLAIM", "“we are ready for a ceasefire”")]
    start, end = at("we are ready for a ceasefire")
    store.accept_suggestions([Acceptance(claim.id, start, end)])
    mine = next(s for s in store.spans(doc, "alice") if s.label == "CLAIM")
    assert (mine.start, mine.end, mine.text) == (start, end, "we are ready for a ceasefire")
    assert mine.provenance["adjusted"] is True
    assert ("CLAIM", "“we are ready for a ceasefire”") not in pending(store, doc)[0]


def test_an_adjusted_label_is_accepted_without_the_claims_speaker(filled):
    store, doc = filled
    claim = pending(store, doc)[0][("CLAIM", "“we are ready for a ceasefire”")]
    store.accept_suggestions([Acceptance(claim.id, label="CUE")])
    (mine,) = store.spans(doc, "alice")
    assert (mine.label, mine.text, mine.provenance["adjusted"]) == ("CUE", "“we are ready for a ceasefire”", True)
    assert mine.attrs == {}, "a quote type is a claim's"


def test_a_rejection_stays_after_refilling_and_reopening_and_undo_removes_it(filled, tmp_path):
    store, doc = filled
    cue = pending(store, doc)[0][("CUE", "said")]
    store.reject_suggestions([cue.id])
    assert store.verdicts(doc) == {f"CUE:{cue.start}:{cue.end}": "rejected"}
    store.fill_suggestions(PhraseSuggester(), [doc])
    store.fill_suggestions(PhraseSuggester("another-model"), [doc])
    with Store(store.path, user="alice") as reopened:
        assert ("CUE", "said") not in {(s.label, s.text) for s in reopened.pending_suggestions(doc, "suggest:fake")[0]}
        assert ("CUE", "said") not in {(s.label, s.text) for s in reopened.pending_suggestions(doc, "suggest:another-model")[0]}
    with Store(store.path, user="bob") as bob:
        assert ("CUE", "said") in {(s.label, s.text) for s in bob.pending_suggestions(doc, "suggest:fake")[0]}
    store.undo()
    assert ("CUE", "said") in pending(store, doc)[0]


def test_accepting_several_is_one_undo_step(filled):
    store, doc = filled
    shown, _ = pending(store, doc)
    store.accept_suggestions([Acceptance(s.id) for s in shown.values()])
    assert len(store.history.undo_stack) == 1
    assert pending(store, doc)[0] == {}
    store.undo()
    assert store.spans(doc, "alice") == []


def test_suggestion_counts_leave_out_decided_ones(filled):
    store, doc = filled
    total = len(store.spans(doc, "suggest:fake"))
    assert store.suggestion_counts("suggest:fake") == {doc: total}
    store.reject_suggestions([store.spans(doc, "suggest:fake")[0].id])
    assert store.suggestion_counts("suggest:fake", [doc]) == {doc: total - 1}


def test_models_are_numbered_and_kept(store):
    assert store.add_model(b"one", 3, {"f1": 0.5}, ["alice", "gold"]) == "model-1"
    assert store.add_model(b"two", 7, {"f1": 0.6}, ["alice"]) == "model-2"
    assert [(m.name, m.training_size, m.score, m.layers) for m in store.models()] == [
        ("model-1", 3, {"f1": 0.5}, ("alice", "gold")), ("model-2", 7, {"f1": 0.6}, ("alice",))]
    assert store.model_data("model-2") == b"two"
    with pytest.raises(StoreError, match="no model"):
        store.model_data("model-9")


# exclusions ---------------------------------------------------------------


def test_suggestions_are_not_an_annotator_nor_exported_unless_named(filled):
    store, doc = filled
    store.add_span(doc, "CLAIM", *at("talks"))
    assert store.annotators() == ["alice"] and store.suggestion_layers() == ["suggest:fake"]
    assert [r["annotator"] for r in iter_export(store)] == ["alice"]
    assert [r["annotator"] for r in iter_export(store, ["suggest:fake"])] == ["suggest:fake"]
    assert [who for who, _, _ in store.overview()[0][1]] == ["alice"]
    assert [s.claims for s in store.summaries()] == [1]


def test_suggestions_change_no_agreement_review_or_people(store):
    doc = store.add_document(TEXT).document_id
    store.add_span(doc, "SPEAKER", *at("Sergei Lavrov"))
    with Store(store.path, user="bob") as bob:
        bob.add_span(doc, "SPEAKER", *at("Umerov"))

    def seen():
        return (json.dumps(agreement_report(store, ["alice", "bob"]), sort_keys=True),
                reviewable_documents(store, "alice", "bob"), repr(compare(store, doc, "alice", "bob")),
                [(p.entity.name, p.mentions, p.claims) for p in store.people()])

    before = seen()
    store.fill_suggestions(PhraseSuggester(), [doc])
    store.accept_suggestions([Acceptance(s.id) for s in store.pending_suggestions(doc, "suggest:fake")[0][:1]])
    store.undo()
    assert store.spans(doc, "suggest:fake") and seen() == before


def test_suggesting_again_keeps_the_ids_of_the_suggestions_proposed_again(filled, tmp_path):
    """A window shows suggestions by id while another program suggests again: its accept still lands."""
    store, doc = filled
    shown, links = pending(store, doc)
    claim = shown[("CLAIM", "“we are ready for a ceasefire”")]
    with Store(store.path, user="cli") as other:
        other.fill_suggestions(PhraseSuggester(), [doc])
    again, links_again = pending(store, doc)
    assert {k: s.id for k, s in again.items()} == {k: s.id for k, s in shown.items()}
    assert {r.id for r in links_again} == {r.id for r in links}
    other_doc = store.add_document(TEXT + " Again.").document_id
    store.fill_suggestions(PhraseSuggester(), [other_doc])
    assert not {s.id for s in store.spans(other_doc, "suggest:fake")} & {s.id for s in again.values()}
    store.accept_suggestions([Acceptance(claim.id)])
    assert ("CLAIM", "“we are ready for a ceasefire”") in {(s.label, s.text) for s in store.spans(doc, store.user)}


def test_accepting_a_suggestion_that_was_suggested_away_says_so(filled):
    store, doc = filled
    umerov = pending(store, doc)[0][("SPEAKER", "Umerov")]
    quiet = PhraseSuggester()
    quiet.suggest = lambda text: Suggestions((), ())
    store.fill_suggestions(quiet, [doc])
    with pytest.raises(StoreError, match="that suggestion is gone"):
        store.accept_suggestions([Acceptance(umerov.id)])


def test_counts_leave_out_accepted_rejected_and_tagged_suggestions_once_each(filled):
    store, doc = filled
    other = store.add_document("Elsewhere: Rubio said “nothing is agreed yet here”.").document_id
    store.fill_suggestions(PhraseSuggester(), [other])
    total = len(store.spans(doc, "suggest:fake"))
    shown = pending(store, doc)[0]
    store.accept_suggestions([Acceptance(shown[("CLAIM", "“we are ready for a ceasefire”")].id)])  # and its speaker
    store.reject_suggestions([shown[("CUE", "said")].id, shown[("CUE", "said")].id])
    store.add_span(doc, "SPEAKER", *at("Umerov"))
    counts = store.suggestion_counts("suggest:fake")
    assert counts == {doc: total - 4, other: len(store.spans(other, "suggest:fake"))}
    assert counts[doc] == len(store.pending_suggestions(doc, "suggest:fake")[0])
    assert store.suggestion_counts("suggest:fake", [doc]) == {doc: total - 4}


def test_an_older_store_gets_its_suggestion_counts_on_upgrade(tmp_path):
    from sqlite_utils import Database

    from annotator.core.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m009_suggestion_run_counts")
    old.execute("INSERT INTO documents VALUES ('d', 't', NULL, NULL, 'Lavrov said', 'h', '{}', 'now')")
    old.execute("INSERT INTO annotators VALUES ('suggest:rules', 'now')")
    old.execute("""INSERT INTO spans (id, document_id, annotator, label, start, "end", text, origin, created, updated)
                   VALUES ('s', 'd', 'suggest:rules', 'SPEAKER', 0, 6, 'Lavrov', 'suggested', 'now', 'now')""")
    old.execute("INSERT INTO suggestion_runs (document_id, layer, created) VALUES ('d', 'suggest:rules', 'now')")
    old.conn.commit()
    old.close()
    with Store(path, user="alice") as store:
        assert store.suggestion_counts("suggest:rules") == {"d": 1}
