"""Every interchange format: export, import into a fresh store, export again, with hard Unicode and CRLF input."""

import json
import re
import uuid

import pytest

from annotator.cli import main
from annotator.core.formats import FORMATS, READABLE
from annotator.core.formats.output import export, sidecar
from annotator.core.ingest import import_paths
from annotator.core.store import Store
from annotator.core.text import Utf16Map

RAW = (
    "Title 😀 line\r\nCJK 中文报道 said: “e\u0301 combining” 👍🏽 ok 🇺🇦 flag\r\n"
    "Last 𝒳 line, he said, more words here.\r\n"
)
TEXT = RAW.replace("\r\n", "\n")


LAYERS = ("alice", "bob", "gold", "suggest:model")
"""Every layer `build` makes: a suggestion layer is exported only when named."""


def at(phrase: str) -> dict:
    start = TEXT.index(phrase)
    return {"start": start, "end": start + len(phrase)}


def build(tmp_path) -> Store:
    """alice's layer made with the editor's actions, bob's with a discontinuous claim, gold with provenance, a model's suggestions."""
    source = tmp_path / "tricky.txt"
    source.write_bytes(RAW.encode("utf-8"))
    store = Store(tmp_path / "a.db", user="alice")
    import_paths(store, [source])
    (doc,) = store.document_ids()
    tag = lambda label, phrase: store.add_span(doc, label, at(phrase)["start"], at(phrase)["end"]).subject  # noqa: E731
    speaker = tag("SPEAKER", "中文报道")
    claim = tag("CLAIM", "“e\u0301 combining”")
    outer = tag("CLAIM", "CJK 中文报道 said")
    tag("CLAIM", "👍🏽 ok 🇺🇦")
    store.link_speaker(claim, speaker)
    store.link_speaker(outer, speaker)
    store.set_stance(claim, "direct talks", "support")
    store.set_stance(claim, "ceasefire", "oppose")
    store.set_span_attr(claim, "quote_type", "direct")
    store.set_entity(speaker, store.create_entity("Xinhua", ["新华", "New China"]).subject)
    store.set_status(doc, "done")
    records = [
        {"text": TEXT, "annotator": "bob", "status": "in_progress",
         "spans": [{"id": "b1", "label": "CLAIM", **at("Last 𝒳 line")}, {"id": "b2", "label": "CLAIM", **at("more words here")},
                   {"id": "b3", "label": "SPEAKER", **at("he")}],
         "relations": [{"id": "r1", "head": "b2", "child": "b1", "label": "SAME_CLAIM"},
                       {"id": "r2", "head": "b1", "child": "b3", "label": "ATTRIBUTED_TO"}]},
        {"text": TEXT, "annotator": "gold",
         "spans": [{"id": "g1", "label": "CLAIM", **at("🇺🇦 flag"), "provenance": {"from": ["alice", "bob"], "decided_by": "carol"}}]},
        {"text": TEXT, "annotator": "suggest:model", "spans": [{"id": "m1", "label": "SPEAKER", **at("𝒳")}]},
    ]
    ids = {name: str(uuid.uuid5(uuid.NAMESPACE_URL, name)) for name in ("b1", "b2", "b3", "r1", "r2", "g1", "m1")}
    for record in records:
        for item in record["spans"] + record.get("relations", []):
            for key in ("id", "head", "child"):
                if key in item:
                    item[key] = ids[item[key]]
    colleague = tmp_path / "more.jsonl"
    colleague.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert import_paths(store, [colleague]).errors == []
    return store


def view(store: Store) -> dict:
    """What must survive a round trip, without ids: per layer the spans, links, stances, attributes, people, status."""
    out = {}
    for doc_id, who in store.layer_keys(LAYERS):
        layer = store.layer(doc_id, who)
        spans = {s.id: s for s in layer.spans}
        place = lambda span_id: (spans[span_id].label, spans[span_id].start, spans[span_id].end)  # noqa: E731
        out[layer.document.sha256, who] = {
            "status": layer.status,
            "spans": sorted(
                (s.label, s.start, s.end, s.text, tuple(sorted(s.attrs.items())), s.stances,
                 (layer.entities[s.entity_id].name, tuple(sorted(layer.entities[s.entity_id].aliases))) if s.entity_id else None)
                for s in layer.spans
            ),
            "links": sorted((r.label, place(r.head_id), place(r.child_id)) for r in layer.relations),
        }
    return out


@pytest.fixture
def source(tmp_path):
    with build(tmp_path) as store:
        yield store


def output(tmp_path, name: str, tag: str):
    return tmp_path / f"{tag}{FORMATS[name].suffix}"


@pytest.mark.parametrize("name", READABLE)
def test_every_format_round_trips(tmp_path, source, name):
    first = output(tmp_path, name, "first")
    assert export(source, name, first, LAYERS) == 4
    with Store(tmp_path / "b.db", user="zed") as fresh:
        report = import_paths(fresh, [first])
        assert report.errors == [] and report.documents_added == 1
        assert view(fresh) == view(source)
        second = output(tmp_path, name, "second")
        export(fresh, name, second, LAYERS)
        assert import_paths(fresh, [second]).annotations_added == 0
    assert _content(first, name) == _content(second, name)


def _content(path, name: str):
    """The exported bytes by relative name (the manifest, which holds the time, left out); a DocBin's
    docs as values, since DocBin writes its string table in set order."""
    if name != "spacy":
        return _files(path)
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    return [(d.text, [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in d.spans["sc"]], d.user_data)
            for d in DocBin().from_disk(path).get_docs(Vocab())]


def _files(path) -> dict:
    """The exported bytes by relative name, the manifest (which holds the time) left out."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file() and p.name != "manifest.json"}
    return {"": path.read_bytes()}


def test_jsonl_manifest_and_gold_provenance(tmp_path, source):
    path = tmp_path / "corpus.jsonl"
    export(source, "jsonl", path, LAYERS)
    manifest = json.loads(sidecar(path).read_text(encoding="utf-8"))
    assert sidecar(path).name == "corpus.manifest.json"
    assert (manifest["tool"], manifest["format"], manifest["offsets"]) == ("annotator", "jsonl", "codepoint")
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["scheme"]["sha256"]) and manifest["created"]
    assert sorted(layer["annotator"] for layer in manifest["layers"]) == ["alice", "bob", "gold", "suggest:model"]
    gold = next(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if '"gold"' in line)
    assert gold["spans"][0]["provenance"] == {"from": ["alice", "bob"], "decided_by": "carol"}
    with Store(tmp_path / "b.db", user="zed") as fresh:
        import_paths(fresh, [path])
        (span,) = fresh.spans(fresh.document_ids()[0], "gold")
        assert span.provenance == {"from": ["alice", "bob"], "decided_by": "carol"}


def test_spacy_docbin_loads_in_spacy(tmp_path, source):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    path = tmp_path / "corpus.spacy"
    export(source, "spacy", path, LAYERS)
    docs = {doc.user_data["annotator"]: doc for doc in DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab)}
    (doc_id,) = source.document_ids()
    for who, doc in docs.items():
        assert doc.text == TEXT
        spans = source.spans(doc_id, who)
        got = [(s.start_char, s.end_char, s.label_, s.text, s.id_) for s in doc.spans["sc"]]
        assert got == [(s.start, s.end, s.label, s.text, s.id) for s in spans]
    alice = docs["alice"]
    claim = next(s for s in source.spans(doc_id, "alice") if s.attrs)
    assert alice.user_data["attrs"][claim.id] == {"quote_type": "direct"}
    assert sorted(map(list, alice.user_data["stances"][claim.id])) == [["ceasefire", "oppose"], ["direct talks", "support"]]
    speaker = next(s for s in alice.spans["sc"] if s.label_ == "SPEAKER")
    assert alice.user_data["people"][speaker.kb_id_]["name"] == "Xinhua"
    assert [claim.id, speaker.id_, "ATTRIBUTED_TO"] in [list(link[:3]) for link in alice.user_data["links"]]


def test_hf_folder_loads_in_datasets_and_tags_match_spans(tmp_path, source):
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "hf"
    export(source, "hf", folder, LAYERS)
    features = datasets.Features.from_dict(json.loads((folder / "features.json").read_text(encoding="utf-8")))
    data = datasets.load_dataset("json", data_files=str(folder / "data.jsonl"), features=features, split="train")
    names = data.features["ner_tags"].feature.names
    for row in data:
        assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["nested_tags"]) == len(row["token_offsets"])
        for token, (start, end) in zip(row["tokens"], row["token_offsets"]):
            assert row["text"][start:end] == token
        tagged = _spans_from_tags(row, "ner_tags", names) | _spans_from_tags(row, "nested_tags", names)
        assert tagged == {(s["start"], s["end"], s["label"]) for s in row["spans"]}
        for span in row["spans"]:
            assert row["text"][span["start"]:span["end"]] == span["text"]
    alice = next(row for row in data if row["annotator"] == "alice")
    assert "B-SPEAKER" in [names[t] for t in alice["nested_tags"]]
    pairs = datasets.load_dataset("json", data_files=str(folder / "relations.jsonl"), split="train")
    assert {"ATTRIBUTED_TO", "NONE"} <= set(pairs["label"])
    stances = datasets.load_dataset("json", data_files=str(folder / "stances.jsonl"), split="train")
    assert sorted(zip(stances["target"], stances["stance"])) == [("ceasefire", "oppose"), ("direct talks", "support")]


def _spans_from_tags(row: dict, column: str, names: list[str]) -> set:
    found, open_span = set(), None
    for i, tag in enumerate([names[t] for t in row[column]] + ["O"]):
        if open_span and not tag.startswith("I-"):
            found.add((row["token_offsets"][open_span[0]][0], row["token_offsets"][i - 1][1], open_span[1]))
            open_span = None
        if tag.startswith("B-"):
            open_span = (i, tag[2:])
    return found


def test_brat_export_reads_with_an_independent_parser(tmp_path, source):
    folder = tmp_path / "brat"
    export(source, "brat", folder, LAYERS)
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    anns = sorted(folder.rglob("*.ann"))
    assert len(anns) == 4
    discontinuous = 0
    for ann in anns:
        with open(ann.with_suffix(".txt"), encoding="utf-8", newline="") as handle:
            text = handle.read()
        ids = set()
        for line in ann.read_text(encoding="utf-8").splitlines():
            ident, body, *tail = line.split("\t")
            kind, *args = body.split(" ")
            if ident[0] == "T":
                ranges = [tuple(map(int, r.split())) for r in " ".join(args).split(";")]
                discontinuous += len(ranges) > 1
                assert " ".join(text[s:e] for s, e in ranges) == tail[0]
                assert kind in conf.split("[relations]")[0]
                ids.add(ident)
            else:
                assert [a.split(":")[-1] for a in args if a.startswith(("Arg1:", "Arg2:"))] or args[0] in ids
                assert all(a.split(":")[-1] in ids for a in args if a.startswith(("Arg1:", "Arg2:")))
                if ident[0] == "A":
                    assert f"\n{kind}\tArg:" in conf
    assert discontinuous == 1
    assert "Stance_direct_talks\tArg:CLAIM, Value:support|oppose|neutral|none" in conf


def test_label_studio_counts_utf16_and_suggestions_are_predictions(tmp_path, source):
    path = tmp_path / "tasks.json"
    export(source, "label-studio", path, LAYERS)
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    units = TEXT.encode("utf-16-le")
    regions = [item for a in task["annotations"] for item in a["result"] if item["type"] == "labels"]
    for item in regions:
        value = item["value"]
        assert units[2 * value["start"]:2 * value["end"]].decode("utf-16-le") == value["text"]
    assert [p["model_version"] for p in task["predictions"]] == ["suggest:model"]
    assert sorted(a["annotator"] for a in task["annotations"]) == ["alice", "bob", "gold"]


def test_label_studio_with_code_point_offsets_is_detected_and_a_bad_span_is_refused_with_its_line(tmp_path, store):
    start = TEXT.index("more words")
    good = {"data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "x1", "type": "labels", "value": {"start": start, "end": start + 10, "text": "more words", "labels": ["CLAIM"]}}]}]}
    bad = json.loads(json.dumps(good))
    bad["data"]["text"] = TEXT + " second"
    bad["annotations"][0]["result"][0]["value"]["text"] = "more wordz"
    path = tmp_path / "ls.json"
    path.write_text(f"[\n{json.dumps(good)},\n{json.dumps(bad)}\n]\n", encoding="utf-8")
    report = import_paths(store, [path])
    (error,) = report.errors
    assert (error.line, "result[0]" in error.message, "'more wordz'" in error.message) == (3, True, True)
    (doc,) = store.document_ids()
    assert [s.text for s in store.spans(doc, "alice")] == ["more words"]
    forced = import_paths(store, [path], offsets="utf16")
    assert forced.errors and "UTF-16" in forced.errors[0].message


def test_label_studio_json_min_export_is_read(tmp_path, store):
    start = Utf16Map(TEXT).to_utf16(TEXT.index("flag"))
    task = {"id": 7, "text": TEXT, "annotator": "ann@example.org",
            "label": [{"start": start, "end": start + 4, "text": "flag", "labels": ["CLAIM"]}]}
    path = tmp_path / "min.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    assert import_paths(store, [path]).errors == []
    (doc,) = store.document_ids()
    assert [(s.label, s.text) for s in store.spans(doc, "ann@example.org")] == [("CLAIM", "flag")]


def test_a_label_studio_task_without_text_is_refused_not_imported(tmp_path, store):
    task = {"data": {"image": "/data/upload/1/plane.png"}, "annotations": [{"completed_by": 1, "result": [
        {"id": "q", "type": "polygonlabels", "value": {"points": [[1, 2]], "polygonlabels": ["Airplane"]}}]}]}
    path = tmp_path / "images.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (error,) = import_paths(store, [path]).errors
    assert (error.line, error.message) == (1, "not a text task: its 'data' has no 'text'")
    assert store.document_count() == 0


def test_foreign_brat_with_crlf_and_a_discontinuous_claim(tmp_path, store):
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "doc.txt").write_bytes(RAW.encode("utf-8"))
    last, more = RAW.index("Last"), RAW.index("more words here")
    he = RAW.index("he said")
    (folder / "doc.ann").write_text(
        f"T1\tCLAIM {last} {last + 11};{more} {more + 15}\tLast 𝒳 line more words here\n"
        f"T2\tSPEAKER {he} {he + 2}\the\nR1\tATTRIBUTED_TO Arg1:T1 Arg2:T2\nA1\tStance_direct_talks T1 oppose\n",
        encoding="utf-8",
    )
    report = import_paths(store, [folder], annotator="bob")
    assert report.errors == [] and report.documents_added == 1
    (doc,) = store.document_ids()
    spans = {s.text: s for s in store.spans(doc, "bob")}
    assert set(spans) == {"Last 𝒳 line", "more words here", "he"}
    links = {(r.label, spans_text(store, r.head_id), spans_text(store, r.child_id)) for r in store.relations(doc, "bob")}
    assert links == {("SAME_CLAIM", "more words here", "Last 𝒳 line"), ("ATTRIBUTED_TO", "Last 𝒳 line", "he")}
    out = tmp_path / "again"
    export(store, "brat", out, ["bob"])
    (ann,) = out.rglob("*.ann")
    first = TEXT.index("Last")
    assert re.search(f"^T\\d\tCLAIM {first} {first + 11};{TEXT.index('more')} {TEXT.index('more') + 15}\t", ann.read_text(encoding="utf-8"), re.M)
    (folder / "doc.ann").write_text(f"T1\tCLAIM {last} {last + 4}\tLsat\n", encoding="utf-8")
    (error,) = import_paths(store, [folder / "doc.ann"]).errors
    assert (error.line, "'Last'" in error.message) == (1, True)


def spans_text(store, span_id):
    return store.span(span_id).text


def test_importing_your_own_layer_from_a_format_only_adds_unless_replace(tmp_path, store):
    doc = store.add_document(TEXT).document_id
    mine = store.add_span(doc, "CLAIM", **at("Title")).subject
    task = {"text": TEXT, "spans": [{"label": "SPEAKER", **at("he")}], "_annotator_id": "alice"}
    path = tmp_path / "prodigy.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert report.merged == 1 and report.undo is not None
    assert sorted(s.text for s in store.spans(doc, "alice")) == ["Title", "he"]
    store.history.pushed(report.undo)
    store.undo()
    assert [s.id for s in store.spans(doc, "alice")] == [mine]
    import_paths(store, [path], replace=True)
    assert [s.text for s in store.spans(doc, "alice")] == ["he"]


def test_doccano_sequence_lines_and_utf16_offsets(tmp_path, store):
    start = Utf16Map(TEXT).to_utf16(TEXT.index("ok"))
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[start, start + 2, "CLAIM"]]}) + "\n", encoding="utf-8")
    import_paths(store, [path], offsets="utf16")
    (doc,) = store.document_ids()
    assert [s.text for s in store.spans(doc, "alice")] == ["ok"]


def test_cli_export_and_import_with_format(tmp_path, source, capsys):
    source.close()
    db = str(tmp_path / "a.db")
    assert main(["export", "--db", db, "--format", "label-studio", "--offsets", "codepoint", "-o", str(tmp_path / "t.json")]) == 0
    assert json.loads(sidecar(tmp_path / "t.json").read_text(encoding="utf-8"))["offsets"] == "codepoint"
    assert main(["export", "--db", db, "--format", "brat"]) == 2
    assert "give -o PATH" in capsys.readouterr().err
    other = str(tmp_path / "other.db")
    assert main(["import", "--db", other, "--format", "label-studio", str(tmp_path / "t.json")]) == 0
    assert "1 documents added" in capsys.readouterr().out
