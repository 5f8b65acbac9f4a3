import json

import pytest

from annotator.core.export import iter_export, record_to_layer
from annotator.core.model import GOLD
from annotator.core.review import accept_agreements, compare, compare_all, decide, reviewable_documents
from annotator.core.store import Store, StoreError
from tests.conftest import at

def kinds_by_text(review) -> dict[str, str]:
    return {(d.a or d.b).text: d.kind for d in review.differences}


def layer_records(store: Store, who: str) -> list[dict]:
    return [rec for rec in iter_export(store, [who])]


def test_each_kind_of_difference_is_found(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    assert kinds_by_text(review) == {
        "Lavrov": "agree",
        "the talks will go on": "agree",
        "Umerov": "agree",
        "no ceasefire yet": "speaker",
        "sanctions stay": "stance",
        "Rubio": "label",
        "hopes for peace soon": "boundary",
        "Witkoff": "only_a",
        "said": "only_b",
    }
    assert [d.start for d in review.differences] == sorted(d.start for d in review.differences)
    only_b = next(d for d in review.differences if d.kind == "only_b")
    assert only_b.a is None and only_b.b.annotator == "bob"
    assert reviewable_documents(store, "alice", "bob") == [doc]
    assert store.review_status(doc) == "not_reviewed"


def test_take_a_take_b_both_and_edit_write_gold_with_provenance(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    by_kind = {d.kind: d for d in review.differences if d.kind != "agree"}

    decide(store, review, by_kind["label"], "b")
    decide(store, review, by_kind["boundary"], "edit", ("CLAIM", *at("for peace soon")))
    decide(store, review, by_kind["only_b"], "a")
    decide(store, review, by_kind["only_a"], "both")
    decide(store, review, by_kind["stance"], "a")
    decide(store, review, by_kind["speaker"], "a")

    gold = {(s.label, s.text): s for s in store.spans(doc, GOLD)}
    assert set(gold) == {
        ("CLAIM", "Rubio"),
        ("CLAIM", "for peace soon"),
        ("SPEAKER", "Witkoff"),
        ("CLAIM", "sanctions stay"),
        ("CLAIM", "no ceasefire yet"),
        ("SPEAKER", "Umerov"),
    }
    rubio = gold["CLAIM", "Rubio"]
    assert rubio.origin == "adjudicated"
    assert rubio.provenance["from"] == ["bob"] and rubio.provenance["decided_by"] == "carol"
    assert gold["CLAIM", "sanctions stay"].stances[0].label == "support"
    claim = gold["CLAIM", "no ceasefire yet"]
    assert store.speaker_of(claim.id) == gold["SPEAKER", "Umerov"].id
    assert gold["SPEAKER", "Umerov"].provenance["from"] == ["alice"]
    decided = store.decisions(doc, "alice", "bob")
    edited = gold["CLAIM", "for peace soon"]
    assert edited.provenance["from"] == ["alice"] and edited.provenance["sources"] == [by_kind["boundary"].a.id]
    assert decided[by_kind["boundary"].key] == "edit" and decided[by_kind["label"].key] == "b"
    assert decided[by_kind["only_b"].key] == "a"
    assert store.review_status(doc) == "in_review"


def test_accept_all_agreements_then_undo_and_redo(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    change = accept_agreements(store, [review])
    assert change.action == "Accept 3 agreements"
    gold = {s.text: s for s in store.spans(doc, GOLD)}
    assert set(gold) == {"Lavrov", "the talks will go on", "Umerov"}
    talks = gold["the talks will go on"]
    assert sorted(talks.provenance["from"]) == ["alice", "bob"]
    assert store.speaker_of(talks.id) == gold["Lavrov"].id
    assert [(s.target, s.label) for s in talks.stances] == [("ceasefire", "support")]
    assert accept_agreements(store, [compare(store, doc, "alice", "bob")]) is None

    store.undo()
    assert store.spans(doc, GOLD) == [] and store.decisions(doc, "alice", "bob") == {}
    assert store.review_status(doc) == "not_reviewed"
    store.redo()
    assert len(store.spans(doc, GOLD)) == 3 and len(store.decisions(doc, "alice", "bob")) == 3


def test_deciding_again_replaces_the_earlier_decision(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    boundary = next(d for d in review.differences if d.kind == "boundary")
    decide(store, review, boundary, "a")
    assert [s.text for s in store.spans(doc, GOLD)] == ["hopes for peace soon"]
    decide(store, compare(store, doc, "alice", "bob"), boundary, "b")
    assert [s.text for s in store.spans(doc, GOLD)] == ["peace soon"]
    assert store.decisions(doc, "alice", "bob")[boundary.key] == "b"


def test_a_speaker_shared_by_two_decisions_stays_until_both_are_taken_back(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    speaker_diff = next(d for d in review.differences if d.kind == "speaker")
    umerov = next(d for d in review.differences if d.a and d.a.text == "Umerov")
    decide(store, review, speaker_diff, "a")
    decide(store, review, umerov, "both")
    decide(store, compare(store, doc, "alice", "bob"), speaker_diff, "b")
    assert {s.text for s in store.spans(doc, GOLD)} == {"no ceasefire yet", "Umerov"}
    claim = next(s for s in store.spans(doc, GOLD) if s.label == "CLAIM")
    assert store.speaker_of(claim.id) is None


def test_adjudicating_everything_leaves_both_layers_alone_and_gold_exports(reviewed, tmp_path):
    store, doc = reviewed
    before = {who: layer_records(store, who) for who in ("alice", "bob")}
    review = compare(store, doc, "alice", "bob")
    accept_agreements(store, [review])
    for difference in compare(store, doc, "alice", "bob").open():
        decide(store, compare(store, doc, "alice", "bob"), difference, "a" if difference.a else "b")
    assert store.review_status(doc) == "adjudicated"
    assert compare(store, doc, "alice", "bob").open() == []
    assert {who: layer_records(store, who) for who in ("alice", "bob")} == before

    records = layer_records(store, GOLD)
    assert len(records) == 1 and records[0]["annotator"] == GOLD
    layer = record_to_layer(json.loads(json.dumps(records[0])), None)
    assert all(layer.document.text[s.start:s.end] == s.text for s in layer.spans)
    assert {s.text for s in layer.spans} == {
        "Lavrov", "the talks will go on", "Umerov", "no ceasefire yet", "sanctions stay", "Rubio",
        "hopes for peace soon", "Witkoff", "said",
    }
    heads = {r.head_id for r in layer.relations}
    assert len(layer.relations) == 2 and all(h in {s.id for s in layer.spans} for h in heads)


def test_review_against_gold_replaces_the_gold_side(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    boundary = next(d for d in review.differences if d.kind == "boundary")
    decide(store, review, boundary, "b")
    against_gold = compare(store, doc, "alice", GOLD)
    gold_boundary = next(d for d in against_gold.differences if d.kind == "boundary")
    assert gold_boundary.b.text == "peace soon"
    decide(store, against_gold, gold_boundary, "a")
    assert [s.text for s in store.spans(doc, GOLD)] == ["hopes for peace soon"]
    assert compare(store, doc, "alice", GOLD).counts()["agree"] == 1


def test_refusals_write_nothing(reviewed):
    store, doc = reviewed
    review = compare(store, doc, "alice", "bob")
    with pytest.raises(StoreError):
        compare(store, doc, "alice", "alice")
    with pytest.raises(StoreError):
        decide(store, review, review.differences[0], "edit")
    with pytest.raises(StoreError):
        decide(store, review, review.differences[0], "edit", ("CLAIM", 5, 5000))
    with pytest.raises(StoreError):
        decide(store, review, review.differences[0], "maybe")
    assert store.spans(doc, GOLD) == [] and store.decisions(doc, "alice", "bob") == {}


def test_compare_all_reports_progress_and_cancels(reviewed):
    store, doc = reviewed
    seen = []
    reviews = compare_all(store, "alice", "bob", lambda done, total: seen.append((done, total)) or True)
    assert [r.document_id for r in reviews] == [doc] and seen == [(0, 1)]
    with pytest.raises(InterruptedError):
        compare_all(store, "alice", "bob", lambda done, total: False)
