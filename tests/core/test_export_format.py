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


ODD = "".join(chr(c) for c in range(1, 32) if c != 13) + ' %s %d%% "q" \\ \\" \x7f \u2028\u2029 😀 中文 e\u0301 \ufeff \U0010fffd / </'
"""Every control character but CR and NUL (a text keeps neither), printf directives, quotes, backslashes, DEL, the
JS line separators, an emoji, CJK, a combining mark, a BOM inside, the last code point: SQLite's json_quote must
spell each as Python does."""


def odd_store(tmp_path) -> tuple[Store, str]:
    """Odd text in every string an export writes, spans added out of text order with ties, stances out of order."""
    from annotator.core.model import Entity, Layer, Relation, Span, Stance

    store = Store(tmp_path / "odd.db", user="alice")
    text = f"Intro\r\n{ODD}\r\nThe end: {ODD}."
    doc = store.add_document(text, title=f"T {ODD}", source=ODD, meta={ODD: ODD, "n": [1, 2.5, None, True]}).document_id
    text = store.document(doc).text
    first, second = text.index(ODD), text.rindex(ODD)
    person = Entity(f"p{ODD}", f"N {ODD}", (ODD, "新华", 'a "b" \\c'), ODD)
    attrs = {ODD: ODD, "quote_type": "direct \\ “x”"}
    spans = [  # ids and labels that sort differently from the order they are written in
        Span(f"s9{ODD}", doc, "bob", "SPEAKER", first, second, text[first:second], attrs=attrs, entity_id=person.id),
        Span("s1", doc, "bob", "CLAIM", first, second, text[first:second], provenance={"decided_by": ODD, "n": 0.1}),
        Span("s0", doc, "bob", "CLAIM", first, second, text[first:second],
             stances=(Stance(f"z {ODD}", "support"), Stance("a", "oppose"), Stance("\\", "support"))),
        Span("s2", doc, "bob", "CLAIM", 0, 5, text[0:5], attrs={"k": "plain"}),
    ]
    relations = [Relation(f"r{ODD}", doc, "bob", "ATTRIBUTED_TO", "s0", f"s9{ODD}"),
                 Relation("r0", doc, "bob", "SAME_CLAIM", "s1", "s2")]
    store.import_layer(Layer(store.document(doc), "bob", "done", tuple(spans), tuple(relations), {person.id: person}))
    claim = store.add_span(doc, "CLAIM", second, second + len(ODD)).subject
    store.set_span_attr(claim, "remark", ODD)  # stored with Python's ASCII escapes: the export writes raw UTF-8
    store.set_stance(claim, ODD, "support")
    store.set_entity(store.add_span(doc, "SPEAKER", 0, 5).subject, store.create_entity(f"M {ODD}", [f"{ODD} 2", "x"]).subject)
    return store, doc


def test_odd_text_everywhere_is_written_as_python_writes_it(tmp_path):
    store, doc = odd_store(tmp_path)
    with store:
        write_export(store, tmp_path / "odd.jsonl")
        expected = [record_from_objects(store, doc, who) for who in ("alice", "bob")]
        written = (tmp_path / "odd.jsonl").read_bytes()
        assert written == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected).encode("utf-8")
        bob = expected[1]
        assert [s["id"] for s in bob["spans"]] == ["s2", "s0", "s1", f"s9{ODD}"]
        assert [st["target"] for st in bob["spans"][1]["stances"]] == ["\\", "a", f"z {ODD}"]
        assert bob["spans"][3]["attrs"] == {ODD: ODD, "quote_type": "direct \\ “x”"}
        assert "\\u4e2d" not in written.decode("utf-8") and "中文" in written.decode("utf-8")


def test_an_odd_export_imports_back_the_same(tmp_path):
    store, doc = odd_store(tmp_path)
    with store:
        write_export(store, tmp_path / "odd.jsonl")
    with Store(tmp_path / "other.db", user="zed") as other:
        report = import_paths(other, [tmp_path / "odd.jsonl"])
        assert report.errors == []
        write_export(other, tmp_path / "again.jsonl")
    first, again = ([json.loads(line) for line in (tmp_path / name).read_bytes().splitlines()] for name in ("odd.jsonl", "again.jsonl"))
    for record in first + again:
        record["meta"].pop("seconds")
    assert again == first


def test_many_spans_keep_text_order_in_every_layer(tmp_path):
    """SQLite joins the spans in the order of its subquery: a layer of spans written in shuffled order, with ties."""
    import random

    from annotator.core.model import Layer, Span

    store = Store(tmp_path / "many.db", user="alice")
    text = "word " * 400
    doc = store.add_document(text).document_id
    places = [(start, start + length) for start in range(0, 1500, 7) for length in (3, 4)]
    spans = [Span(f"{k:04}", doc, "bob", label, start, end, text[start:end])
             for k, ((start, end), label) in enumerate((p, label) for p in places for label in ("SPEAKER", "CLAIM"))]
    random.Random(4).shuffle(spans)
    with store:
        store.import_layer(Layer(store.document(doc), "bob", None, tuple(spans)))
        (record,) = iter_export(store)
        assert [s["id"] for s in record["spans"]] == [s.id for s in sorted(spans, key=lambda s: (s.start, s.end, s.label, s.id))]
        assert record == record_from_objects(store, doc, "bob")
