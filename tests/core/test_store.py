import json
import signal
import subprocess
import sys

import pytest

from annotator.core.migrations import migrations
from annotator.core.store import Store, StoreError

TEXT = "😀 Sergei Lavrov said “we are ready for a ceasefire”. Umerov noted talks.\nSecond 中文 line"


@pytest.fixture
def doc(store):
    return store.add_document(TEXT).document_id


def at(text, needle):
    start = text.index(needle)
    return start, start + len(needle)


def test_connection_is_durable_and_migrated(store):
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert [m.name for m in migrations.applied(store.db)] == [m.name for m in migrations._migrations]
    assert not migrations.pending(store.db)


def test_a_store_from_before_review_is_upgraded_keeping_its_tags(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_decisions")
    old.execute("INSERT INTO documents VALUES ('d', 't', NULL, NULL, 'Lavrov said', 'h', '{}', 'now')")
    old.execute("INSERT INTO annotators VALUES ('alice', 'now')")
    old.execute(
        "INSERT INTO spans (id, document_id, annotator, label, start, \"end\", text, origin, created, updated) "
        "VALUES ('s', 'd', 'alice', 'SPEAKER', 0, 6, 'Lavrov', 'manual', 'now', 'now')"
    )
    old.conn.commit()
    old.close()
    with Store(path, user="alice") as store:
        assert [s.text for s in store.spans("d")] == ["Lavrov"]
        assert store.decisions("d", "alice", "bob") == {}


def test_more_spans_than_counts_everyones(store, doc):
    store.add_span(doc, "SPEAKER", *at(TEXT, "Sergei Lavrov"))
    with Store(store.path, user="bob") as bob:
        bob.add_span(doc, "CLAIM", *at(TEXT, "we are ready"))
    assert store.has_more_spans(doc, 1) and not store.has_more_spans(doc, 2)
    assert not store.has_more_spans(store.add_document("no spans").document_id, 0)


def test_tag_stores_code_point_offsets_and_text(store, doc):
    start, end = at(TEXT, "Sergei Lavrov")
    change = store.add_span(doc, "SPEAKER", start, end)
    span = store.span(change.subject)
    assert (span.start, span.end, span.text) == (2, 15, "Sergei Lavrov")
    assert span.annotator == "alice" and span.origin == "manual"
    assert store.status(doc) == "in_progress"


def test_every_mutation_logs_who_and_what_in_its_transaction(store, doc):
    change = store.add_span(doc, "CLAIM", *at(TEXT, "we are ready"))
    log = store.change_log(1)[0]
    assert log["id"] == change.id
    assert log["user"] == "alice" and log["action"] == "Tag CLAIM"
    ops = json.loads(log["what"])
    assert ["spans"] == [op[1] for op in ops if op[0] == "insert" and op[1] == "spans"]


def test_refused_mutation_writes_nothing_and_notifies_nobody(store, doc):
    seen = []
    store.subscribe(seen.append)
    before = len(store.change_log())
    with pytest.raises(StoreError):
        store.add_span(doc, "CLAIM", 5, 10_000)
    with pytest.raises(StoreError):
        store.add_span(doc, "NOPE", 0, 3)
    assert seen == [] and len(store.change_log()) == before and store.spans(doc) == []


def test_listeners_hear_after_commit(store, doc):
    heard = []

    def listener(change):
        # the change is visible to a fresh connection: it is committed
        with Store(store.path, user="other") as other:
            heard.append((change.action, len(other.spans(doc))))

    store.subscribe(listener)
    store.add_span(doc, "CLAIM", *at(TEXT, "we are ready"))
    assert heard == [("Tag CLAIM", 1)]


def test_undo_redo_every_kind_of_change(store, doc):
    claim = store.add_span(doc, "CLAIM", *at(TEXT, "we are ready for a ceasefire")).subject
    speaker = store.add_span(doc, "SPEAKER", *at(TEXT, "Sergei Lavrov")).subject
    store.link_speaker(claim, speaker)
    store.set_stance(claim, "ceasefire", "support")
    entity = store.create_entity("Sergei Lavrov", ["Sergey Lavrov", "Lavrov"]).subject
    store.set_entity(speaker, entity)
    store.relabel_span(speaker, "CUE")
    store.set_status(doc, "done")
    snapshots = []
    for _ in range(8):
        snapshots.append((store.spans(doc), store.relations(doc), store.status(doc)))
        assert store.undo() is not None
    assert store.spans(doc) == [] and store.relations(doc) == [] and store.status(doc) == "todo"
    assert store.undo() is None
    for expected in reversed(snapshots):
        store.redo()
        assert (store.spans(doc), store.relations(doc), store.status(doc)) == expected
    assert store.redo() is None


def test_undo_names_the_action_and_new_action_clears_redo(store, doc):
    store.add_span(doc, "CLAIM", 0, 1)
    assert store.history.undo_action() == "Tag CLAIM"
    store.undo()
    assert store.history.redo_action() == "Tag CLAIM"
    store.add_span(doc, "SPEAKER", *at(TEXT, "Umerov"))
    assert store.history.redo_action() is None


def test_delete_restores_relations_and_stances_on_undo(store, doc):
    claim = store.add_span(doc, "CLAIM", *at(TEXT, "we are ready")).subject
    speaker = store.add_span(doc, "SPEAKER", *at(TEXT, "Sergei Lavrov")).subject
    store.link_speaker(claim, speaker)
    store.set_stance(claim, "direct talks", "oppose")
    store.delete_spans([claim])
    assert store.relations(doc) == []
    store.undo()
    assert store.speaker_of(claim) == speaker
    assert [(s.target, s.label) for s in store.span(claim).stances] == [("direct talks", "oppose")]


def test_link_replaces_previous_speaker(store, doc):
    claim = store.add_span(doc, "CLAIM", *at(TEXT, "we are ready")).subject
    one = store.add_span(doc, "SPEAKER", *at(TEXT, "Sergei Lavrov")).subject
    two = store.add_span(doc, "SPEAKER", *at(TEXT, "Umerov")).subject
    store.link_speaker(claim, one)
    store.link_speaker(claim, two)
    assert store.speaker_of(claim) == two and len(store.relations(doc)) == 1
    with pytest.raises(StoreError):
        store.link_speaker(one, claim)


def test_stances_need_a_claim_and_a_known_label(store, doc):
    claim = store.add_span(doc, "CLAIM", *at(TEXT, "we are ready")).subject
    speaker = store.add_span(doc, "SPEAKER", *at(TEXT, "Umerov")).subject
    store.set_stance(claim, "brand new target", "neutral")
    assert "brand new target" in store.targets()
    store.set_stance(claim, "brand new target", "oppose")
    assert store.span(claim).stances[0].label == "oppose"
    with pytest.raises(StoreError):
        store.set_stance(speaker, "ceasefire", "support")
    with pytest.raises(StoreError):
        store.set_stance(claim, "ceasefire", "maybe")


def test_other_annotators_layers_are_read_only(store, doc):
    with Store(store.path, user="bob") as bob:
        span = bob.add_span(doc, "CLAIM", 0, 1).subject
    with pytest.raises(StoreError, match="read-only"):
        store.delete_spans([span])
    with pytest.raises(StoreError, match="read-only"):
        store.add_span(doc, "CLAIM", 0, 1, annotator="bob")
    assert len(store.spans(doc, "bob")) == 1


def test_entities_match_names_and_aliases(store):
    entity = store.create_entity("Sergei Lavrov", ["Lavrov"]).subject
    store.add_alias(entity, "Sergey Lavrov")
    for name in ("sergei lavrov", "Sergey Lavrov", "LAVROV"):
        assert store.find_entity(name).id == entity
    assert store.find_entity("Rubio") is None


def test_summaries_count_per_annotator(store, doc):
    store.add_span(doc, "CLAIM", 0, 1)
    store.add_span(doc, "SPEAKER", 2, 8)
    store.add_span(doc, "SPEAKER", 9, 14)
    (row,) = store.summaries()
    assert (row.claims, row.speakers, row.status) == (1, 2, "in_progress")
    (bob_row,) = store.summaries("bob")
    assert (bob_row.claims, bob_row.speakers, bob_row.status) == (0, 0, "todo")


def test_search_finds_title_and_text_ignoring_case(store, doc):
    other = store.add_document("Another article about NATO").document_id
    assert store.search("UMEROV") == {doc}
    assert store.search("nato") == {other}


SCRIPT = """
import os, sys
from annotator.core.store import Store
store = Store(sys.argv[1], user="alice")
doc = store.document_ids()[0]
change = store.add_span(doc, "CLAIM", 0, 4)
print(change.subject, flush=True)
os.kill(os.getpid(), 9)
"""


def test_a_tag_survives_kill_minus_nine_the_next_instant(store, doc):
    store.close()
    result = subprocess.run([sys.executable, "-c", SCRIPT, store.path], capture_output=True, text=True)
    assert result.returncode == -signal.SIGKILL
    span_id = result.stdout.strip()
    with Store(store.path, user="alice") as again:
        assert again.span(span_id).text == TEXT[0:4]


def test_identify_speaker_finds_or_creates_and_learns_the_wording_when_asked(store, doc):
    speaker = store.add_span(doc, "SPEAKER", *at(TEXT, "Sergei Lavrov")).subject
    other = store.add_span(doc, "SPEAKER", *at(TEXT, "Umerov")).subject
    before = store.entities()
    store.identify_speaker(speaker, "Sergey Lavrov", alias=True)
    entity = store.entity(store.span(speaker).entity_id)
    assert (entity.name, entity.aliases) == ("Sergey Lavrov", ("Sergei Lavrov",))
    store.identify_speaker(other, "sergei lavrov", alias=True)
    assert store.span(other).entity_id == entity.id
    assert "Umerov" in store.entity(entity.id).aliases
    store.undo()
    assert store.span(other).entity_id is None and "Umerov" not in store.entity(entity.id).aliases
    store.undo()
    assert store.entities() == before


def test_search_matches_words_and_their_starts_across_accents_and_stays_current(store, doc):
    other = store.add_document("Zelenskyy met Umerov in Kyïv").document_id
    assert store.search("zelensk kyiv") == {other}
    assert store.search("umerov") == {doc, other}
    assert store.search("  ") == set(store.document_ids())
    assert store.search('"; DROP TABLE documents; --') == set()
    third = store.add_document("A third article, about Umerov").document_id
    assert third in store.search("umer")


def test_link_new_speaker_tags_and_links_in_one_undo_step(store):
    text = "😀 中文 “We are ready,” Lavrov said."
    doc = store.add_document(text).document_id
    claim = store.add_span(doc, "CLAIM", text.index("We"), text.index(",")).subject
    start = text.index("Lavrov")
    change = store.link_new_speaker(claim, start, start + 6)
    (speaker,) = [s for s in store.spans(doc) if s.label == "SPEAKER"]
    assert (speaker.start, speaker.text) == (start, "Lavrov")
    assert store.speaker_of(claim) == speaker.id
    assert change.subject == claim and change.action == "Tag and link speaker “Lavrov”"
    store.undo()
    assert [s.label for s in store.spans(doc)] == ["CLAIM"] and store.speaker_of(claim) is None


def test_new_ids_are_random_version_4_uuids_as_text():
    import uuid

    from annotator.core.store import new_id

    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for made in ids:
        parsed = uuid.UUID(made)
        assert str(parsed) == made and parsed.version == 4 and parsed.variant == uuid.RFC_4122
