"""Imports never remove or change the importing user's own work or gold unless asked to."""

from __future__ import annotations

import json

from annotator.core.export import layer_record, record_to_layer
from annotator.core.model import GOLD

TEXT = "Sergei Lavrov said the talks were over. Umerov noted nothing."


def tagged(store):
    document_id = store.add_document(TEXT).document_id
    claim = store.add_span(document_id, "CLAIM", 19, 38).subject
    speaker = store.add_span(document_id, "SPEAKER", 0, 13).subject
    store.link_speaker(claim, speaker)
    return document_id, claim, speaker


def layer_of(store, document_id, who):
    return [(s.label, s.start, s.end) for s in store.spans(document_id, who)]


def test_a_line_without_spans_carries_a_document_not_a_layer(store):
    document_id, _, _ = tagged(store)
    before = layer_of(store, document_id, "alice")
    result = store.import_layer(record_to_layer({"text": TEXT, "status": "in_progress"}, "alice"))
    assert (result.annotations_removed, result.merged) == (0, False)
    assert layer_of(store, document_id, "alice") == before
    result = store.import_layer(record_to_layer({"text": TEXT, "annotator": "alice", "spans": []}, "alice"))
    assert layer_of(store, document_id, "alice") == before


def test_a_line_naming_me_only_adds_to_my_layer(store):
    document_id, claim, speaker = tagged(store)
    record = layer_record(store, document_id, "alice")
    record["spans"] = [s for s in record["spans"] if s["label"] == "CLAIM"]
    record["spans"][0]["label"] = "SPEAKER"
    record["spans"].append({"start": 40, "end": 46, "label": "SPEAKER", "text": "Umerov"})
    record["relations"] = []
    record["status"] = "done"
    result = store.import_layer(record_to_layer(record, "alice"))
    assert result.merged and result.annotations_removed == 0 and result.annotations_updated == 0
    assert store.span(claim).label == "CLAIM", "a span already there is not changed"
    assert store.span(speaker).text == "Sergei Lavrov", "a span the file lacks is not removed"
    assert store.speaker_of(claim) == speaker
    assert ("SPEAKER", 40, 46) in layer_of(store, document_id, "alice")
    assert store.status(document_id) == "in_progress"
    assert [op[0] for op in result.change.ops if op[1] == "spans"] == ["insert"]


def test_gold_is_protected_the_same_way_and_replace_is_explicit(store):
    document_id = store.add_document(TEXT).document_id
    store.add_span(document_id, "CLAIM", 19, 38, annotator=GOLD)
    empty = {"text": TEXT, "annotator": GOLD, "spans": [{"start": 0, "end": 13, "label": "SPEAKER"}]}
    store.import_layer(record_to_layer(empty, "alice"))
    assert layer_of(store, document_id, GOLD) == [("SPEAKER", 0, 13), ("CLAIM", 19, 38)]
    result = store.import_layer(record_to_layer(empty, "alice"), replace=True)
    assert (result.annotations_removed, result.annotations_added, result.merged) == (2, 1, False)
    assert layer_of(store, document_id, GOLD) == [("SPEAKER", 0, 13)]


def test_reimporting_my_own_export_changes_nothing(store):
    document_id, _, _ = tagged(store)
    log = len(store.change_log())
    result = store.import_layer(record_to_layer(layer_record(store, document_id, "alice"), "alice"))
    assert result.annotations_added == 0
    assert len(store.change_log()) == log


def test_a_colleagues_layer_still_follows_the_snapshot_rule(store):
    document_id = store.add_document(TEXT).document_id
    line = {"text": TEXT, "annotator": "bob", "spans": [{"id": "b1", "start": 0, "end": 13, "label": "SPEAKER"},
                                                       {"id": "b2", "start": 40, "end": 46, "label": "SPEAKER"}]}
    store.import_layer(record_to_layer(line, "alice"))
    line["spans"] = line["spans"][:1]
    result = store.import_layer(record_to_layer(line, "alice"))
    assert (result.annotations_removed, result.merged) == (1, False)
    assert layer_of(store, document_id, "bob") == [("SPEAKER", 0, 13)]


def test_a_colleagues_entity_reusing_my_id_never_adds_aliases_to_mine(store):
    document_id, _, speaker = tagged(store)
    store.identify_speaker(speaker, "Sergei Lavrov")
    mine = store.span(speaker).entity_id
    aliases = store.entity(mine).aliases
    line = {"text": TEXT, "annotator": "bob", "spans": [
        {"id": "b1", "start": 40, "end": 46, "label": "SPEAKER",
         "entity": {"id": mine, "name": "Rustem Umerov", "aliases": ["Zelensky"]}}]}
    store.import_layer(record_to_layer(line, "alice"))
    assert store.entity(mine).name == "Sergei Lavrov" and store.entity(mine).aliases == aliases
    (bobs,) = store.spans(document_id, "bob")
    assert bobs.entity_id != mine and store.entity(bobs.entity_id).name == "Rustem Umerov"
    line["spans"][0]["entity"] = {"id": "other-id", "name": "sergei lavrov"}
    store.import_layer(record_to_layer(line, "alice"))
    (bobs,) = store.spans(document_id, "bob")
    assert bobs.entity_id == mine, "the same person by name is the same entity"


def jsonl(path, records):
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_import_into_my_layer_is_one_undo_step_and_leaves_colleagues_alone(store, tmp_path):
    from annotator.core.ingest import import_paths

    document_id, claim, _ = tagged(store)
    texts = [f"Article {i}: Umerov noted nothing." for i in range(3)]
    lines = [{"text": t, "annotator": "alice", "spans": [{"start": 12, "end": 18, "label": "SPEAKER"}]} for t in texts]
    lines.append({"text": texts[0], "annotator": "bob", "spans": [{"start": 12, "end": 18, "label": "SPEAKER"}]})
    lines.append({"text": TEXT, "annotator": "alice", "spans": [{"start": 40, "end": 46, "label": "SPEAKER"}]})
    report = import_paths(store, [jsonl(tmp_path / "mine.jsonl", lines)])
    assert report.errors == [] and report.merged == 4
    assert "nothing removed or changed" in report.summary()
    store.history.pushed(report.undo)
    mine = lambda: sum(len(store.spans(d, "alice")) for d in store.document_ids())  # noqa: E731
    assert mine() == 2 + 4
    store.undo()
    assert mine() == 2 and store.speaker_of(claim) is not None
    assert sum(len(store.spans(d, "bob")) for d in store.document_ids()) == 1
    store.redo()
    assert mine() == 6


def test_replace_is_asked_for_explicitly(store, tmp_path):
    from annotator.core.ingest import import_paths

    document_id, _, _ = tagged(store)
    line = {"text": TEXT, "annotator": "alice", "spans": [{"start": 40, "end": 46, "label": "SPEAKER"}]}
    report = import_paths(store, [jsonl(tmp_path / "mine.jsonl", [line])], replace=True)
    assert report.annotations_removed == 3 and report.merged == 0
    assert layer_of(store, document_id, "alice") == [("SPEAKER", 40, 46)]


def test_a_large_import_commits_in_batches_and_stops_between_them_when_cancelled(store, tmp_path, monkeypatch):
    from annotator.core import ingest
    from annotator.core.store import Store

    monkeypatch.setattr(ingest, "BATCH_SECONDS", 60)
    batches = []
    real = Store.batch

    def counting(self, action, source=None):
        batches.append(source)
        return real(self, action, source)

    monkeypatch.setattr(Store, "batch", counting)
    path = jsonl(tmp_path / "many.jsonl", [{"text": f"Line {i} said nothing."} for i in range(1200)])
    report = ingest.import_paths(store, [path])
    assert report.documents_added == 1200 and len(batches) == 3
    assert store.document_count() == 1200
    assert [b["files"][str(path)]["lines"] for b in batches] == [[1, 500], [501, 1000], [1001, 1200]]


def test_a_file_imported_in_several_batches_is_hashed_once(store, tmp_path, monkeypatch):
    from annotator.core import ingest

    monkeypatch.setattr(ingest, "BATCH_SECONDS", 60)
    hashed = []
    real = ingest._file_hash
    monkeypatch.setattr(ingest, "_file_hash", lambda path: hashed.append(path) or real(path))
    path = jsonl(tmp_path / "many.jsonl", [{"text": f"Line {i} said nothing."} for i in range(1200)])
    ingest.import_paths(store, [path])
    assert hashed == [str(path)]
    whats = [json.loads(entry["what"]) for entry in store.change_log(10)]
    assert len({what["source"]["files"][str(path)]["sha256"] for what in whats}) == 1 and len(whats) == 3


def test_an_import_is_logged_by_its_file_and_the_ids_it_added_not_row_by_row(store, tmp_path):
    import hashlib

    from annotator.core.ingest import import_paths

    texts = [f"Article {i}: Umerov noted nothing." for i in range(300)]
    lines = [{"text": t, "annotator": "bob", "spans": [{"id": f"b{i}", "start": t.index("Umerov"),
                                                       "end": t.index("Umerov") + 6, "label": "SPEAKER"}]}
             for i, t in enumerate(texts)]
    path = jsonl(tmp_path / "bob.jsonl", lines)
    before = len(store.change_log(10_000))
    import_paths(store, [path])
    entries = store.change_log(10_000)[: len(store.change_log(10_000)) - before]
    assert entries, "the import is logged"
    # one entry per batch: a batch ends after 500 records or 200 ms, so a loaded machine may log several
    whats = [json.loads(entry["what"]) for entry in reversed(entries)]
    sources = [what["source"]["files"][str(path)] for what in whats]
    assert {source["sha256"] for source in sources} == {hashlib.sha256(path.read_bytes()).hexdigest()}
    assert (sources[0]["lines"][0], sources[-1]["lines"][-1]) == (1, 300)
    assert sorted(i for what in whats for i in what["added"]["spans"]) == sorted(f"b{i}" for i in range(300))
    assert sum(len(what["added"]["documents"]) for what in whats) == 300
    assert not any("noted nothing" in entry["what"] for entry in entries), "ids only, not a copy of every row"
