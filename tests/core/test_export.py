import json

import pytest

from annotator.core.export import Cancelled, iter_export, write_export
from annotator.core.ingest import import_paths
from annotator.core.store import Store

TRICKY = "Title 😀 line\r\nCJK 中文报道 said: “e\u0301 combining” 👍🏽 ok\r\nLast 𝒳 line"


def annotate(store, doc):
    text = store.document(doc).text
    claim = store.add_span(doc, "CLAIM", text.index("“"), text.index("”") + 1).subject
    speaker = store.add_span(doc, "SPEAKER", text.index("中文"), text.index("中文") + 4).subject
    store.add_span(doc, "CLAIM", text.index("𝒳"), text.index("𝒳") + 1)
    store.link_speaker(claim, speaker)
    store.set_stance(claim, "ceasefire", "support")
    store.set_span_attr(claim, "quote_type", "direct")
    store.set_entity(speaker, store.create_entity("Xinhua", ["新华"]).subject)
    return claim


def test_round_trip_is_exact(tmp_path):
    source = tmp_path / "tricky.txt"
    source.write_bytes(TRICKY.encode("utf-8"))
    with Store(tmp_path / "a.db", user="alice") as a:
        import_paths(a, [source])
        (doc,) = a.document_ids()
        annotate(a, doc)
        a.set_status(doc, "done")
        first = tmp_path / "first.jsonl"
        write_export(a, first)
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    (record,) = records
    assert "\r" not in record["text"] and record["status"] == "done"
    for span in record["spans"]:
        assert record["text"][span["start"]:span["end"]] == span["text"]
    with Store(tmp_path / "b.db", user="zed") as b:
        report = import_paths(b, [first])
        assert report.errors == [] and report.annotations_added == 4
        second = tmp_path / "second.jsonl"
        write_export(b, second)
        assert import_paths(b, [first]).annotations_added == 0
    assert second.read_bytes() == first.read_bytes()


def test_spans_align_in_spacy(tmp_path, store):
    spacy = pytest.importorskip("spacy")
    doc_id = store.add_document(TRICKY.replace("\r\n", "\n")).document_id
    annotate(store, doc_id)
    nlp = spacy.blank("en")
    for record in iter_export(store):
        doc = nlp.make_doc(record["text"])
        for span in record["spans"]:
            aligned = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="strict")
            assert aligned is not None and aligned.text == span["text"]


def test_export_layers_filter_and_all_documents(seeded):
    docs = seeded.document_ids()
    seeded.add_span(docs[1], "CLAIM", 0, 7)
    with Store(seeded.path, user="bob") as bob:
        bob.add_span(docs[2], "SPEAKER", 0, 6)
    assert [(r["id"], r["annotator"]) for r in iter_export(seeded)] == [(docs[1], "alice"), (docs[2], "bob")]
    assert [r["annotator"] for r in iter_export(seeded, ["bob"])] == ["bob"]
    everything = list(iter_export(seeded, ["alice"], all_documents=True))
    assert [r["id"] for r in everything] == docs
    assert all(r["spans"] == [] for r in everything if r["id"] != docs[1])


def test_cancelled_export_leaves_the_old_file(tmp_path, seeded):
    seeded.add_span(seeded.document_ids()[0], "CLAIM", 0, 5)
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    with pytest.raises(Cancelled):
        write_export(seeded, target, all_documents=True, progress=lambda done, total: done < 2)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_newer_export_updates_and_removes(tmp_path, store):
    doc = store.add_document("Lavrov said the talks will go on.").document_id
    keep = store.add_span(doc, "SPEAKER", 0, 6).subject
    gone = store.add_span(doc, "CLAIM", 12, 32).subject
    old = list(iter_export(store))
    store.move_span(keep, 0, 11)
    store.delete_spans([gone])
    new = list(iter_export(store))
    with Store(tmp_path / "colleague.db", user="bob") as bob:
        for path, records in (("old.jsonl", old), ("new.jsonl", new)):
            (tmp_path / path).write_text("".join(json.dumps(r) + "\n" for r in records))
        import_paths(bob, [tmp_path / "old.jsonl"])
        report = import_paths(bob, [tmp_path / "new.jsonl"])
        assert (report.annotations_updated, report.annotations_removed) == (1, 1)
        assert [(s.id, s.text) for s in bob.spans(doc, "alice")] == [(keep, "Lavrov said")]
