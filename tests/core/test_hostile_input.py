"""Hostile files on every import path.

Each bad file or line gets one message naming the file and line, the rest of
the batch still imports, nothing of a refused record is written, and nothing
raises or hangs.
"""

import json
import os
import signal
from contextlib import contextmanager

import pytest

from annotator.core.ingest import import_paths, read_article
from annotator.core.text import TextError, normalise

TEXT = "Lavrov said the talks will go on."
GOOD = {"text": "Another article, and a fine one."}


def record(change=None) -> dict:
    """A valid layer: Lavrov (SPEAKER) said "the talks will go on" (CLAIM), with one stance; `change` edits it."""
    value = {
        "text": TEXT,
        "annotator": "bob",
        "spans": [
            {"id": "s1", "start": 0, "end": 6, "label": "SPEAKER"},
            {
                "id": "c1",
                "start": 12,
                "end": 32,
                "label": "CLAIM",
                "attrs": {"quote_type": "indirect"},
                "stances": [{"target": "ceasefire", "label": "support"}],
            },
        ],
        "relations": [{"id": "r1", "head": "c1", "child": "s1", "label": "ATTRIBUTED_TO"}],
    }
    if change:
        change(value)
    return value


def jsonl(tmp_path, *lines, name="batch.jsonl"):
    """A JSONL file of `lines` (objects are dumped, strings written as they are)."""
    path = tmp_path / name
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def issues(report) -> list[tuple[str, int | None, str]]:
    return [(os.path.basename(i.path), i.line, i.message) for i in report.errors]


def texts(store) -> set[str]:
    return {store.document(d).text for d in store.document_ids()}


def import_one_bad_line(store, tmp_path, bad) -> str:
    """Import `bad` then a good record; the bad line must be the only problem and leave nothing behind."""
    path = jsonl(tmp_path, bad, GOOD)
    report = import_paths(store, [path])
    ((name, line, message),) = issues(report)
    assert (name, line) == ("batch.jsonl", 1)
    assert texts(store) == {GOOD["text"]}
    return message


@contextmanager
def deadline(seconds: int):
    """Fail the test instead of hanging it (opening a FIFO blocks until a writer comes)."""

    def expired(signum, frame):
        pytest.fail(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_valid_record_imports_whole(store, tmp_path):
    report = import_paths(store, [jsonl(tmp_path, record())])
    assert (report.errors, report.annotations_added) == ([], 3)


def stances(value):
    return lambda r: r["spans"][1].update(stances=value)


@pytest.mark.parametrize(
    "change,expected",
    [
        (stances(1), "spans[1].stances must be a list, got an integer"),
        (stances(True), "spans[1].stances must be a list, got a boolean"),
        (stances("support"), "spans[1].stances must be a list, got a string"),
        (stances({"target": "ceasefire"}), "spans[1].stances must be a list, got an object"),
        (lambda r: r["spans"][0].update(entity={"name": "Lavrov", "aliases": 0}),
         "spans[0].entity.aliases must be a list, got an integer"),
        (lambda r: r["spans"][0].update(entity={"name": "Lavrov", "aliases": "Sergei"}),
         "spans[0].entity.aliases must be a list, got a string"),
        (lambda r: r["spans"][1].update(attrs=0), "spans[1].attrs must be an object, got an integer"),
        (lambda r: r["spans"][1].update(attrs=[]), "spans[1].attrs must be an object, got a list"),
        (lambda r: r["spans"][1].update(attrs={"quote_type": ["direct"]}),
         "spans[1].attrs.quote_type must be a string, got a list"),
        (lambda r: r["spans"][1].update(attrs={"quote_type": 1}),
         "spans[1].attrs.quote_type must be a string, got an integer"),
        (lambda r: r.update(meta=[]), "'meta' must be an object, got a list"),
        (lambda r: r.update(meta=0), "'meta' must be an object, got an integer"),
        (lambda r: r["relations"].append(dict(r["relations"][0])), "two relations share one 'id'"),
    ],
)
def test_wrong_types_name_the_field_and_the_batch_goes_on(store, tmp_path, change, expected):
    assert import_one_bad_line(store, tmp_path, record(change)) == expected


def test_an_unexpected_error_in_one_record_is_that_line_only(store, tmp_path, monkeypatch):
    from annotator.core import ingest

    real = ingest.record_to_layer

    def fragile(value, annotator, **checks):
        if value.get("text") == TEXT:
            raise KeyError("surprise")
        return real(value, annotator, **checks)

    monkeypatch.setattr(ingest, "record_to_layer", fragile)
    message = import_one_bad_line(store, tmp_path, record())
    assert "KeyError" in message and "surprise" in message


@pytest.mark.parametrize("depth", [32, 500, 100_000])
def test_deep_nesting_is_refused(store, tmp_path, depth):
    deep = json.dumps({"text": TEXT, "meta": {"x": "HOLE"}}).replace('"HOLE"', "[" * depth + "]" * depth)
    assert "nested too deeply" in import_one_bad_line(store, tmp_path, deep)


def test_brackets_inside_strings_are_not_nesting(store, tmp_path):
    from annotator.core.ingest import import_paths

    brackets = "[{" * 40 + '\\" ]'
    line = json.dumps({"text": TEXT, "meta": {"note": brackets, "x": [[[1]]]}})
    report = import_paths(store, [jsonl(tmp_path, line)])
    assert not report.errors and report.documents_added == 1
    (document_id,) = store.document_ids()
    assert store.document(document_id).meta["note"] == brackets


def test_nul_characters_are_refused_with_their_offset(store, tmp_path):
    with pytest.raises(TextError, match="NUL character at character 6"):
        normalise("Before\x00after")
    message = import_one_bad_line(store, tmp_path, {"text": "Before\u0000after"})
    assert message == "'text' NUL character at character 6"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(store, tmp_path, constant):
    line = json.dumps(record()).replace('"indirect"', constant)
    assert import_one_bad_line(store, tmp_path, line) == f"{constant} is not valid JSON"


def test_a_float_that_overflows_to_infinity_is_refused(store, tmp_path):
    line = json.dumps({"text": TEXT, "meta": {"score": "X"}}).replace('"X"', "1e999")
    assert import_one_bad_line(store, tmp_path, line) == "number 1e999 is out of range"


@pytest.mark.parametrize("sign", ["", "-"])
def test_a_huge_integer_gets_a_clear_message(store, tmp_path, sign):
    line = json.dumps({"text": TEXT, "meta": {"n": "X"}}).replace('"X"', sign + "7" * 5000)
    assert import_one_bad_line(store, tmp_path, line).startswith("number with 5000 digits")


def lone(change):
    """A record edit that puts the lone surrogate U+D800 somewhere."""
    return lambda r: change(r, "\ud800")


@pytest.mark.parametrize(
    "change,where",
    [
        (lone(lambda r, s: r["spans"][0].update(label=s)), "spans[0].label"),
        (lone(lambda r, s: r.update(annotator="bob" + s)), "annotator"),
        (lone(lambda r, s: r["spans"][0].update(entity={"name": s})), "spans[0].entity.name"),
        (lone(lambda r, s: r["spans"][0].update(entity={"name": "L", "aliases": ["x", s]})),
         "spans[0].entity.aliases[1]"),
        (lone(lambda r, s: r["spans"][1]["stances"][0].update(target=s)), "spans[1].stances[0].target"),
        (lone(lambda r, s: r["spans"][1]["stances"][0].update(label=s)), "spans[1].stances[0].label"),
        (lone(lambda r, s: r["spans"][1].update(attrs={"quote_type": s})), "spans[1].attrs.quote_type"),
        (lone(lambda r, s: r["spans"][1].update(attrs={s: "direct"})), "spans[1].attrs has a key that"),
        (lone(lambda r, s: r.update(id=s)), "id"),
        (lone(lambda r, s: r["spans"][0].update(id=s)), "spans[0].id"),
        (lone(lambda r, s: r["relations"][0].update(id=s)), "relations[0].id"),
        (lone(lambda r, s: r.update(meta={"title": s})), "meta.title"),
        (lone(lambda r, s: r.update(meta={"tags": ["a", {"b": s}]})), "meta.tags[1].b"),
    ],
)
def test_lone_surrogates_name_the_field(store, tmp_path, change, where):
    message = import_one_bad_line(store, tmp_path, record(change))
    assert message.startswith(where) and "lone surrogate U+D800" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_refused_without_blocking(store, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for path in (tmp_path / "pipe.txt", tmp_path / "pipe.jsonl", folder / "inside.md"):
        os.mkfifo(path)
    (folder / "good.txt").write_text("A good article\nbody")
    with deadline(5):
        report = import_paths(store, [tmp_path / "pipe.txt", tmp_path / "pipe.jsonl", folder])
        with pytest.raises(ValueError, match="not a regular file"):
            read_article(tmp_path / "pipe.txt")
    assert issues(report) == [
        ("pipe.txt", None, "not a regular file"),
        ("pipe.jsonl", None, "not a regular file"),
        ("inside.md", None, "not a regular file"),
    ]
    assert texts(store) == {"A good article\nbody"}


BODY = "Title line\nBody with café and 中文.\n"


@pytest.mark.parametrize("name", ["le.txt", "be.md", "page.html"])
def test_utf16_with_a_byte_order_mark_imports(store, tmp_path, name):
    encoding = "utf-16-be" if name.startswith("be") else "utf-16-le"
    body = f"<p>{BODY}</p>" if name.endswith(".html") else BODY
    (tmp_path / name).write_bytes("\ufeff".encode(encoding) + body.encode(encoding))
    report = import_paths(store, [tmp_path / name])
    assert report.errors == []
    assert texts(store) == {BODY.strip() if name.endswith(".html") else BODY}


def test_utf16_without_a_byte_order_mark_is_named(store, tmp_path):
    (tmp_path / "bare.txt").write_bytes(BODY.encode("utf-16-le"))
    (tmp_path / "bare-be.txt").write_bytes(BODY.encode("utf-16-be"))
    report = import_paths(store, [tmp_path / "bare.txt", tmp_path / "bare-be.txt"])
    message = "looks like UTF-16 without a byte-order mark; save it as UTF-8"
    assert issues(report) == [("bare.txt", None, message), ("bare-be.txt", None, message)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_jsonl_is_one_message_for_the_file(store, tmp_path, encoding):
    lines = "".join(json.dumps({"text": f"Article {i}"}) + "\n" for i in range(3))
    (tmp_path / "wide.jsonl").write_bytes(lines.encode(encoding))
    report = import_paths(store, [tmp_path / "wide.jsonl", jsonl(tmp_path, GOOD)])
    assert issues(report) == [("wide.jsonl", None, "UTF-16, not UTF-8: save the file as UTF-8")]
    assert texts(store) == {GOOD["text"]}


def test_a_folder_without_importable_files_is_reported(store, tmp_path):
    empty = tmp_path / "x.txt"
    empty.mkdir()
    other = tmp_path / "pdfs"
    (other / ".hidden").mkdir(parents=True)
    (other / "paper.pdf").write_bytes(b"%PDF")
    (other / ".hidden" / "note.txt").write_text("hidden away")
    report = import_paths(store, [empty, other])
    message = "folder holds no importable files (.ann, .htm, .html, .json, .jsonl, .markdown, .md, .spacy, .txt)"
    assert issues(report) == [("x.txt", None, message), ("pdfs", None, message)]


def test_a_huge_single_line_is_refused(store, tmp_path):
    (tmp_path / "one-line.txt").write_bytes(b"word " * 3_000_000)
    (tmp_path / "third.txt").write_text("Title\n\n" + "x" * 20_001 + "\nend")
    (tmp_path / "fine.txt").write_text("Title\n" + "x" * 20_000)
    line = jsonl(tmp_path, {"text": "Title\n" + "y" * 20_001}, GOOD)
    report = import_paths(store, [tmp_path / "one-line.txt", tmp_path / "third.txt", tmp_path / "fine.txt", line])
    split = "per line (split it into paragraphs)"
    assert issues(report) == [
        ("one-line.txt", None, f"line 1 is 15,000,000 characters long; at most 20,000 {split}"),
        ("third.txt", None, f"line 3 is 20,001 characters long; at most 20,000 {split}"),
        ("batch.jsonl", 1, f"'text' line 2 is 20,001 characters long; at most 20,000 {split}"),
    ]
    assert report.documents_added == 2


def test_a_50_mb_jsonl_line_is_skipped_with_a_message(store, tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "w") as out:
        out.write(json.dumps({"text": "z" * (50 * 2**20)}) + "\n" + json.dumps(GOOD) + "\n")
    report = import_paths(store, [path], max_line_mb=20)
    assert issues(report) == [("huge.jsonl", 1, "line is longer than 20 MiB; skipped (raise --max-line-mb to read it)")]
    assert texts(store) == {GOOD["text"]}


def test_the_line_limit_is_a_setting(store, tmp_path):
    text = "The minister said the talks were over.\n" * 40_000
    path = tmp_path / "long.jsonl"
    line = {"text": text, "annotator": "bob", "spans": [{"start": 4, "end": 12, "label": "CLAIM"}]}
    path.write_text(json.dumps(line) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    refused = import_paths(store, [path], max_line_mb=1)
    assert [i.message for i in refused.errors] == ["line is longer than 1 MiB; skipped (raise --max-line-mb to read it)"]
    assert import_paths(store, [path], max_line_mb=2).documents_added == 1
    assert store.document_count() == 2


def scheme_error(change, expected):
    return pytest.param(change, expected, id=expected[:40])


@pytest.mark.parametrize(
    "change,expected",
    [
        scheme_error(lambda r: r["spans"].extend([dict(r["spans"][0], id=f"s{i}", label=label)
                                                  for i, label in ((2, "SPEAKER"), (3, "CLAME"))]),
                     "spans[3].label 'CLAME' is not in the scheme (CLAIM, SPEAKER, CUE)"),
        scheme_error(lambda r: r["spans"][1]["stances"][0].update(label="maybe"),
                     "spans[1] stance on 'ceasefire': 'maybe' is not a stance of the scheme "
                     "(support, oppose, neutral, none)"),
        scheme_error(lambda r: r["spans"][1]["stances"][0].update(target="   "),
                     "spans[1] has a stance with a blank target"),
        scheme_error(lambda r: r["spans"][0].update(stances=[{"target": "sanctions", "label": "oppose"}]),
                     "spans[0] is a SPEAKER: only CLAIM spans take stances"),
        scheme_error(lambda r: r["spans"][1].update(attrs={"quote_type": "both"}),
                     "spans[1].attrs.quote_type 'both' is not one of direct, indirect, mixed"),
        scheme_error(lambda r: r["relations"][0].update(child="c1"),
                     "relations[0] links span 'c1' to itself"),
        scheme_error(lambda r: r["relations"][0].update(label="SAID_BY"),
                     "relations[0].label 'SAID_BY' is not a relation of the scheme (ATTRIBUTED_TO, SAME_CLAIM)"),
        scheme_error(lambda r: r["relations"][0].update(head="s1", child="c1"),
                     "relations[0].head is a SPEAKER span; ATTRIBUTED_TO needs a CLAIM"),
        scheme_error(lambda r: r["spans"][0].update(label="CUE"),
                     "relations[0].child is a CUE span; ATTRIBUTED_TO needs a SPEAKER"),
    ],
)
def test_records_that_break_the_scheme_are_refused(store, tmp_path, change, expected):
    assert import_one_bad_line(store, tmp_path, record(change)) == expected


def test_cancel_stops_inside_a_large_jsonl_file(store, tmp_path):
    path = jsonl(tmp_path, *({"text": f"Article number {i}"} for i in range(2000)))
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < 5

    report = import_paths(store, [path], progress=progress)
    assert report.cancelled
    assert 0 < report.documents_added < 2000
    assert store.document_count() == report.documents_added
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and done[0] > 0
    assert {total for _, total in calls} == {path.stat().st_size}


def test_progress_counts_bytes_across_files(store, tmp_path):
    (tmp_path / "a.txt").write_text("An article\nbody")
    path = jsonl(tmp_path, *({"text": f"Article number {i}"} for i in range(50)))
    total = path.stat().st_size + (tmp_path / "a.txt").stat().st_size
    calls = []
    report = import_paths(store, [tmp_path / "a.txt", path], progress=lambda d, t: calls.append((d, t)) or True)
    assert not report.cancelled and report.documents_added == 51
    assert len(calls) >= 51 and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_still_imports(store, tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as out:
        out.write(b"An article with an old name\nbody")
    report = import_paths(store, [tmp_path])
    assert report.errors == [] and report.documents_added == 1
    (doc,) = [store.document(d) for d in store.document_ids()]
    assert doc.source.endswith("caf\ufffd.txt") and doc.meta == {"file": "caf\ufffd.txt"}


def test_a_document_too_long_to_open_quickly_is_refused(store, tmp_path):
    from annotator.core.text import MAX_TEXT_CHARS

    paragraph = "The minister said the talks were over. " * 100 + "\n"
    (tmp_path / "huge.txt").write_text(paragraph * (MAX_TEXT_CHARS // len(paragraph) + 1), encoding="utf-8")
    (tmp_path / "fine.txt").write_text(paragraph, encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert report.documents_added == 1
    (issue,) = report.errors
    assert issue.path.endswith("huge.txt") and "at most 10,000,000 per document" in issue.message


def test_hostile_brat_files_name_their_file_and_line_and_the_batch_goes_on(store, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "good.txt").write_text("Lavrov said peace is near.\n", encoding="utf-8")
    (folder / "good.ann").write_text("T1\tSPEAKER 0 6\tLavrov\nT2\tCLAIM 12 25\tpeace is near\n", encoding="utf-8")
    (folder / "range.txt").write_text("Short.\n", encoding="utf-8")
    (folder / "range.ann").write_text("T1\tCLAIM 0 5\tShort\nT2\tCLAIM 100 200\tfar\n", encoding="utf-8")
    (folder / "garbled.txt").write_text("Some text.\n", encoding="utf-8")
    (folder / "garbled.ann").write_text("R1\tATTRIBUTED_TO Arg1:T1 Arg2:T1\nnot a brat line at all\n", encoding="utf-8")
    (folder / "orphan.ann").write_text("T1\tCLAIM 0 3\tabc\n", encoding="utf-8")
    (folder / "latin.txt").write_bytes(b"Caf\xe9 said so.\n")
    (folder / "latin.ann").write_text("T1\tSPEAKER 0 4\tCafe\n", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)))
    (folder / "blob.ann").write_text("T1\tCLAIM 0 1\tx\n", encoding="utf-8")
    (folder / "blank.txt").write_text("", encoding="utf-8")
    (folder / "blank.ann").write_text("", encoding="utf-8")
    report = import_paths(store, [folder])
    found = sorted(issues(report))
    assert [(name, line) for name, line, _ in found] == [
        ("blank.ann", None), ("blob.ann", None), ("garbled.ann", 2), ("latin.ann", None), ("orphan.ann", None),
        ("range.ann", 2)]
    messages = dict(((name, message) for name, _, message in found))
    assert messages["blank.ann"].startswith("blank.txt is empty")
    assert messages["blob.ann"].startswith("blob.txt: binary file")
    assert messages["latin.ann"] == "latin.txt: not valid UTF-8: byte 0xe9 at line 1, column 4"
    assert "no orphan.txt beside it" in messages["orphan.ann"]
    assert "out of range" in messages["range.ann"] and "not a brat line" in messages["garbled.ann"]
    assert texts(store) == {"Lavrov said peace is near.\n"}
