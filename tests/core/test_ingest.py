import json

import pytest

from annotator.core.ingest import MAX_DOCUMENT_BYTES, html_to_text, import_paths
from tests.conftest import SEEDS


def test_seeds_import_once(store):
    first = import_paths(store, [SEEDS])
    second = import_paths(store, [SEEDS])
    assert (first.documents_added, first.errors) == (5, [])
    assert (second.documents_added, second.documents_skipped) == (0, 5)
    assert store.document_count() == 5


def test_txt_title_date_and_noise_kept(seeded):
    docs = [seeded.document(d) for d in seeded.document_ids()]
    first = next(d for d in docs if d.title.startswith("Russia to Present Peace"))
    assert first.published == "2025-05-28"
    assert "icon-facebook icon-twitter icon-whatsapp" in first.text
    noisy = next(d for d in docs if "3214\u00a0views" in d.text)
    assert noisy.published == "2025-05-30"
    assert first.text == (SEEDS / "000_85478dbc048ae6ab.txt").read_text(encoding="utf-8")


def test_html_is_reduced_to_visible_text():
    title, text = html_to_text(
        "<html><head><title>T &amp; T</title><style>p{}</style></head>"
        "<body><script>alert(1)</script><p>One <b>bold</b></p><p>&lt;i&gt;two</p></body></html>"
    )
    assert title == "T & T"
    assert text == "One bold\n\n<i>two"


def write(path, data):
    path.write_bytes(data)
    return path


def test_hostile_files_are_reported_and_the_rest_imports(store, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder / "good.txt", "A fine title\r\nBody text\r\n".encode())
    write(folder / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(folder / "latin1.txt", "first line\nsecond caf\xe9".encode("latin-1"))
    write(folder / "empty.md", b"  \n\n")
    write(folder / "page.html", b"<html><body><p>Hello from HTML</p></body></html>")
    with open(folder / "huge.txt", "wb") as f:
        f.write(b"x" * (50 * 1024 * 1024))
    report = import_paths(store, [folder])
    messages = {issue.path.split("/")[-1]: (issue.line, issue.message) for issue in report.errors}
    assert set(messages) == {"binary.txt", "latin1.txt", "empty.md", "huge.txt"}
    assert "binary" in messages["binary.txt"][1]
    assert "not valid UTF-8" in messages["latin1.txt"][1] and "line 2" in messages["latin1.txt"][1]
    assert "empty" in messages["empty.md"][1]
    assert "50.0 MiB" in messages["huge.txt"][1]
    assert report.documents_added == 2
    texts = {store.document(d).text for d in store.document_ids()}
    assert texts == {"A fine title\nBody text\n", "Hello from HTML"}


def test_jsonl_bad_lines_name_the_line_and_good_lines_import(store, tmp_path):
    text = "Lavrov said yes."
    lines = [
        json.dumps({"text": text, "annotator": "bob", "spans": [{"start": 0, "end": 6, "label": "SPEAKER"}]}),
        "{not json",
        json.dumps({"text": 42}),
        json.dumps({"meta": {}}),
        json.dumps({"text": "Other text", "annotator": "bob", "spans": [{"start": "0", "end": 3, "label": "CLAIM"}]}),
        json.dumps({"text": "Other text", "annotator": "bob", "spans": [{"start": 0, "end": 99, "label": "CLAIM"}]}),
        json.dumps({"text": "Other text", "annotator": "bob",
                    "spans": [{"start": 0, "end": 5, "label": "CLAIM", "text": "Othe"}]}),
        json.dumps({"text": "Third text", "annotator": "bob", "spans": "nope"}),
        json.dumps([1, 2]),
        "",
        json.dumps({"text": "Fine doc without annotations"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    errors = {issue.line: issue.message for issue in report.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "not valid JSON" in errors[2]
    assert "'text' must be a string" in errors[3]
    assert "'text' is required" in errors[4]
    assert "spans[0].start must be an integer" in errors[5]
    assert "out of range" in errors[6]
    assert "does not match" in errors[7]
    assert "'spans' must be a list" in errors[8]
    assert "JSON object" in errors[9]
    assert all(issue.path == str(path) for issue in report.errors)
    assert report.documents_added == 2 and report.annotations_added == 1
    assert store.document_count() == 2
    (doc,) = [d for d in store.document_ids() if store.document(d).text == text]
    assert [s.text for s in store.spans(doc, "bob")] == ["Lavrov"]


def test_a_record_is_all_or_nothing(store, tmp_path):
    record = {
        "text": "Lavrov said yes.",
        "annotator": "bob",
        "spans": [{"id": "s1", "start": 0, "end": 6, "label": "SPEAKER"}],
        "relations": [{"id": "r1", "head": "s1", "child": "missing", "label": "ATTRIBUTED_TO"}],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert "names no span" in report.errors[0].message
    assert store.document_count() == 0


def test_a_file_that_vanishes_mid_import(store, tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Article {name}\nbody", encoding="utf-8")

    def progress(done, total):
        if done:  # bytes read: a.txt is done, b.txt is next
            (tmp_path / "b.txt").unlink(missing_ok=True)
        return True

    report = import_paths(store, [tmp_path], progress=progress)
    assert [(i.path.split("/")[-1], "disappeared" in i.message) for i in report.errors] == [("b.txt", True)]
    assert report.documents_added == 2


def test_cancel_stops_between_files(store, tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Article {name}\nbody", encoding="utf-8")
    report = import_paths(store, [tmp_path], progress=lambda done, total: done < 1)
    assert report.cancelled and report.documents_added == 1


def test_oversized_jsonl_line_is_skipped_and_next_line_imports(store, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "y" * 5000}) + "\n" + json.dumps({"text": "small"}) + "\n", encoding="utf-8")
    report = import_paths(store, [path], max_line_mb=0.001)
    assert [(i.line, "longer than" in i.message) for i in report.errors] == [(1, True)]
    assert store.document_count() == 1
    assert MAX_DOCUMENT_BYTES > 1000


def test_unknown_and_missing_paths(store, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    report = import_paths(store, [tmp_path / "x.pdf", tmp_path / "nope.txt"])
    assert ["unsupported" in e.message or "no such" in e.message for e in report.errors] == [True, True]


@pytest.mark.parametrize("annotator", [None, "carol"])
def test_jsonl_annotator_from_record_or_option(store, tmp_path, annotator):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Hi there", "spans": [{"start": 0, "end": 2, "label": "CLAIM"}]}) + "\n")
    import_paths(store, [path], annotator=annotator)
    (doc,) = store.document_ids()
    assert [s.annotator for s in store.spans(doc)] == [annotator or store.user]


def test_articles_are_read_outside_the_write_transaction_and_written_in_batches_of_their_own(store, tmp_path, monkeypatch):
    from annotator.core import ingest
    from annotator.core.store import Store

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1200):
        (folder / f"a{i:04}.txt").write_text(f"Article {i}. The minister said the talks were over.\n")
    (folder / "z.jsonl").write_text(json.dumps({"text": "A record said nothing new."}) + "\n")
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 500)
    monkeypatch.setattr(ingest, "BATCH_SECONDS", 60)
    in_transaction = []
    real_read = ingest.read_article
    monkeypatch.setattr(ingest, "read_article", lambda path: in_transaction.append(store.db.conn.in_transaction) or real_read(path))
    batches = []
    real_batch = Store.batch
    monkeypatch.setattr(Store, "batch", lambda self, action, source=None: batches.append(source) or real_batch(self, action, source))
    report = import_paths(store, [folder])
    assert report.documents_added == 1201 and report.errors == []
    assert len(in_transaction) == 1200 and not any(in_transaction)
    assert [len(b["files"]) for b in batches] == [500, 500, 201]  # the last articles go with the record
    assert [d.title for d in map(store.document, store.document_ids()[-2:])] == [
        "Article 1199. The minister said the talks were over.", "A record said nothing new."]


def test_a_batch_of_articles_ends_at_its_text_size(store, tmp_path, monkeypatch):
    from annotator.core import ingest

    folder = tmp_path / "long"
    folder.mkdir()
    for i in range(10):
        (folder / f"a{i}.txt").write_text(f"Article {i}. " + "The minister said the talks were over. " * 100)
    monkeypatch.setattr(ingest, "BATCH_ARTICLE_CHARS", 3 * 3900)
    monkeypatch.setattr(ingest, "BATCH_SECONDS", 60)
    import_paths(store, [folder])
    whats = [json.loads(entry["what"]) for entry in reversed(store.change_log(10))]
    assert [len(what["added"]["documents"]) for what in whats] == [3, 3, 3, 1]


def test_the_import_log_names_each_article_file_by_the_hash_of_its_bytes(store, tmp_path):
    import hashlib

    files = {"plain.txt": "Plain 😀 text said nothing.\n".encode(), "crlf.txt": b"Windows lines\r\nsaid nothing.\r\n",
             "bom.txt": "\ufeffA marked file said nothing.".encode(), "wide.txt": "Wide text said nothing.".encode("utf-16"),
             "page.html": b"<html><title>A page</title><p>The page said nothing.</p></html>"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert import_paths(store, [tmp_path]).errors == []
    (entry,) = [json.loads(e["what"]) for e in store.change_log(10)]
    assert {name.rsplit("/", 1)[-1]: f["sha256"] for name, f in entry["source"]["files"].items()} == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_articles_that_cannot_get_the_lock_are_reported_and_the_import_goes_on(tmp_path):
    from annotator.core.store import Store
    from tests.core.test_concurrency import hold_write_lock

    folder = tmp_path / "few"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Article {i}. The minister said the talks were over.\n")
    with Store(tmp_path / "busy.db", user="alice") as store:
        store.write_wait = 0.2
        holder = hold_write_lock(tmp_path / "busy.db", 1.5)
        report = import_paths(store, [folder])
        holder.wait()
        assert report.documents_added == 0 and store.document_count() == 0
        assert sorted(e.path.rsplit("/", 1)[-1] for e in report.errors) == ["a0.txt", "a1.txt", "a2.txt"]
        assert all(e.message.startswith("not imported: ") for e in report.errors)
        assert import_paths(store, [folder]).documents_added == 3
