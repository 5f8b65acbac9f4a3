"""The JSONL export's format, pinned: each line is json.dumps(record, ensure_ascii=False) of the record spelled
out here from the store's objects, key by key (spaCy and Hugging Face loaders read these files)."""

import json

from annotator.core.export import iter_export, layer_record, write_export
from annotator.core.ingest import import_paths
from annotator.core.store import Store

TEXT = 'He said "a \\ b"\tand 😀 中文 e\u0301 \x01\x1f\x7f\u2028 ok. Lavrov noted: “talks”. Umerov said no.'


def record_from_objects(store: Store, document_id: str, annotator: str | None) -> dict:
    """The documented record of one layer, from Store.layer (the slow, obvious way)."""
    layer = store.layer(document_id, annotator)
    document = layer.document
    meta = {"title": document.title, "source": document.source, "published": document.published,
            "sha256": document.sha256}
    meta.update({k: v for k, v in document.meta.items() if k not in meta})
    if annotator is not None:
        meta["seconds"] = None if layer.seconds is None else round(layer.seconds, 1)
    spans = []
    for span in layer.spans:
        entity = layer.entities.get(span.entity_id)
        record = {"id": span.id, "start": span.start, "end": span.end, "label": span.label, "text": span.text,
                  "attrs": span.attrs,
                  "entity": entity and {"id": entity.id, "name": entity.name, "aliases": list(entity.aliases),
                                        "kind": entity.kind},
                  "stances": [{"target": st.target, "label": st.label} for st in span.stances]}
        if span.provenance:
            record["provenance"] = span.provenance
        spans.append(record)
    return {"id": document.id, "text": document.text, "meta": meta, "annotator": annotator,
            "status": (layer.status if annotator is not None else None) or "todo", "spans": spans,
            "relations": [{"id": r.id, "head": r.head_id, "child": r.child_id, "label": r.label}
                          for r in layer.relations]}


def build(tmp_path) -> Store:
    """alice's layer with every kind of annotation, bob's and gold (with provenance) from a file, and a bare document."""
    store = Store(tmp_path / "a.db", user="alice")
    doc = store.add_document(TEXT, title="Tricky \"one\"").document_id
    store.add_document("An untouched article. Nobody said anything.")
    at = lambda phrase: (TEXT.index(phrase), TEXT.index(phrase) + len(phrase))  # noqa: E731
    claim = store.add_span(doc, "CLAIM", *at('"a \\ b"\tand 😀 中文 e\u0301 \x01\x1f\x7f\u2028')).subject
    speaker = store.add_span(doc, "SPEAKER", *at("He")).subject
    store.add_span(doc, "CLAIM", *at("“talks”"))
    store.add_span(doc, "CLAIM", *at("“talks”"))
    store.link_speaker(claim, speaker)
    store.set_stance(claim, "direct talks", "support")
    store.set_stance(claim, "ceasefire", "oppose")
    store.set_span_attr(claim, "quote_type", "direct")
    store.set_entity(speaker, store.create_entity("Xinhua \"中文\"", ["新华", "New China"]).subject)
    store.set_status(doc, "in_progress")
    store.add_time({(doc, "alice"): 12.345})
    lines = [
        {"id": doc, "text": TEXT, "annotator": "bob", "status": "done",
         "spans": [{"id": "b1", "label": "SPEAKER", "start": at("Umerov")[0], "end": at("Umerov")[1]}]},
        {"id": doc, "text": TEXT, "annotator": "gold",
         "spans": [{"id": "g1", "label": "CLAIM", "start": at("“talks”")[0], "end": at("“talks”")[1],
                    "provenance": {"from": ["alice", "bob"], "decided_by": "carol ✓"}}]},
    ]
    (tmp_path / "more.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    assert import_paths(store, [tmp_path / "more.jsonl"]).errors == []
    return store


def test_each_line_is_the_documented_record_byte_for_byte(tmp_path):
    with build(tmp_path) as store:
        docs = store.document_ids()
        for kwargs, keys in [
            ({}, [(docs[0], "alice"), (docs[0], "bob"), (docs[0], "gold")]),
            ({"annotators": ["alice"], "all_documents": True}, [(docs[0], "alice"), (docs[1], "alice")]),
            ({"all_documents": True}, [(docs[0], "alice"), (docs[0], "bob"), (docs[0], "gold"), (docs[1], None)]),
        ]:
            write_export(store, tmp_path / "out.jsonl", **kwargs)
            expected = [record_from_objects(store, *key) for key in keys]
            written = (tmp_path / "out.jsonl").read_bytes()
            assert written == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected).encode("utf-8")
            assert list(iter_export(store, kwargs.get("annotators"), kwargs.get("all_documents", False))) == expected
        alice = layer_record(store, docs[0], "alice")
        assert alice["meta"]["seconds"] == 12.3 and alice["status"] == "in_progress"
        assert [s["stances"] for s in alice["spans"] if s["stances"]] == [
            [{"target": "ceasefire", "label": "oppose"}, {"target": "direct talks", "label": "support"}]]
        assert [sorted(s["entity"]["aliases"]) for s in alice["spans"] if s["entity"]] == [["New China", "新华"]]
        assert "provenance" in layer_record(store, docs[0], "gold")["spans"][0]
        assert all("provenance" not in s for s in alice["spans"])
