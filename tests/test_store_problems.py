"""A store that cannot be used as asked is one line on stderr naming it, never a traceback.

Damaged, a folder, newer, read-only, a full disk; and an export taken while another process
writes shows the store at one moment.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import store as store_module
from annotator.core.export import iter_export, write_export
from annotator.core.ingest import import_paths
from annotator.core.store import Store
from tests.conftest import ROOT, SEEDS

COMMANDS = [["list"], ["export"], ["agreement", "alice", "bob"], ["import", str(SEEDS)], ["gui"]]
READ_COMMANDS = COMMANDS[:3]


def make_store(path: Path) -> Path:
    """The sample corpus with one tag of alice's and one of bob's, closed (its WAL checkpointed and gone)."""
    with Store(path, user="alice") as store:
        import_paths(store, [SEEDS])
        store.add_span(store.document_ids()[0], "CLAIM", 0, 5)
    with Store(path, user="bob") as store:
        store.add_span(store.document_ids()[0], "CLAIM", 0, 5)
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(b"these bytes are no SQLite database\n" * 200)
    return path


def truncated(path: Path) -> Path:
    make_store(path)
    os.truncate(path, path.stat().st_size // 2)
    return path


def scribbled_spans(path: Path) -> Path:
    """The first pages of the spans table and its indexes overwritten: the store opens, then fails reading tags."""
    make_store(path)
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'spans'")]
    conn.close()
    with open(path, "r+b") as handle:
        for root in roots:
            handle.seek((root - 1) * page_size)
            handle.write(b"\xff" * 8)
    return path


def newer(path: Path) -> Path:
    make_store(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'm999_future', 'later')"
        )
    conn.close()
    return path


def the_line(capsys, *expected: str) -> None:
    """stderr is exactly one `annotator: ...` line holding every expected piece."""
    err = capsys.readouterr().err
    assert err.startswith("annotator: ") and err.count("\n") == 1, err
    for piece in expected:
        assert piece in err


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("damage", [garbage, truncated])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_damaged_store_is_named_and_left_as_it_is(tmp_path, capsys, damage, command):
    db = damage(tmp_path / "damaged.db")
    before = db.read_bytes()
    assert main([*command, "--db", str(db)]) == 2
    the_line(capsys, str(db), "damaged")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_store_damaged_inside_is_named_when_a_command_reads_there(tmp_path, capsys, command):
    db = scribbled_spans(tmp_path / "scribbled.db")
    Store(db, readonly=True).close()  # it opens: the damage shows only when the command reads tags
    assert main([*command, "--db", str(db)]) == 2
    the_line(capsys, str(db), "damaged", "malformed")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_folder_given_as_the_store_is_named(tmp_path, capsys, command):
    assert main([*command, "--db", str(tmp_path)]) == 2
    the_line(capsys, str(tmp_path), "is a folder")


def test_a_store_in_a_place_that_cannot_be_a_folder_is_named(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    db = blocker / "annotator.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 2
    the_line(capsys, f"cannot open the store {db}", str(blocker))


def test_a_store_from_a_newer_version_is_read_but_never_changed(tmp_path, capsys):
    db = newer(tmp_path / "newer.db")
    before = fingerprint(db)
    assert main(["list", "--db", str(db)]) == 0
    assert "alice: in progress, 1 spans" in capsys.readouterr().out
    out = tmp_path / "newer.jsonl"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 0
    assert [json.loads(line)["annotator"] for line in out.read_text().splitlines()] == ["alice", "bob"]
    capsys.readouterr()
    assert main(["import", str(SEEDS), "--db", str(db)]) == 2
    the_line(capsys, str(db), "newer version of annotator", "m999_future")
    assert main(["gui", "--db", str(db)]) == 2
    the_line(capsys, str(db), "newer version of annotator")
    assert fingerprint(db) == before


@pytest.fixture
def immutable_store(tmp_path):
    """A store even root cannot write: `chattr +i` (skipped where the file system or rights refuse it)."""
    db = make_store(tmp_path / "frozen.db")
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    yield db
    subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_read_only_store_can_be_listed_and_exported_but_not_imported_into(immutable_store, tmp_path, capsys):
    db = immutable_store
    before = fingerprint(db)
    assert main(["list", "--db", str(db)]) == 0
    assert "alice: in progress, 1 spans" in capsys.readouterr().out
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "frozen.jsonl")]) == 0
    assert len((tmp_path / "frozen.jsonl").read_text().splitlines()) == 2
    assert main(["agreement", "alice", "bob", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["import", str(SEEDS), "--db", str(db)]) == 2
    the_line(capsys, str(db), "read-only")
    assert fingerprint(db) == before


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_reading_commands_never_write_to_the_store(tmp_path, capsys, command):
    """A scheme with a new stance target makes a writable opening add it; a reading command must not."""
    db = make_store(tmp_path / "store.db")
    scheme = json.loads((ROOT / "resources" / "schema.json").read_text(encoding="utf-8"))
    scheme["targets"].append("a target the store does not have")
    scheme_file = tmp_path / "scheme.json"
    scheme_file.write_text(json.dumps(scheme))
    before = fingerprint(db)
    assert main([*command, "--db", str(db), "--schema", str(scheme_file)]) == 0
    assert fingerprint(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM targets WHERE name LIKE 'a target%'").fetchone() == (0,)
    conn.close()


def write_articles(folder: Path, count: int) -> Path:
    """Articles of about 12 kB each: every one needs pages of its own."""
    folder.mkdir()
    for i in range(count):
        (folder / f"article{i:02}.txt").write_text(f"Article {i}.\n" + f"The minister {i} said the talks were over. " * 280)
    return folder


def test_a_full_disk_during_an_import_says_so_and_leaves_nothing_half_written(store, tmp_path):
    articles = write_articles(tmp_path / "in", 10)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 12}")
    report = import_paths(store, [articles])
    assert report.errors and all("disk is full" in issue.message for issue in report.errors)
    assert store.document_count() == report.documents_added < 10
    store.db.execute(f"PRAGMA max_page_count = {pages * 100}")
    again = import_paths(store, [articles])
    assert again.errors == [] and again.documents_added == 10 - report.documents_added
    assert sorted(store.document(d).meta["file"] for d in store.document_ids()) == sorted(p.name for p in articles.iterdir())


@pytest.fixture
def small_disk(monkeypatch):
    """small_disk(room): from now on a store may grow by `room` pages only (max_page_count is per connection)."""
    connect = store_module.connect

    def shrink(room: int) -> None:
        def limited(path, readonly=False):
            conn = connect(path, readonly)
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + room}")
            return conn

        monkeypatch.setattr(store_module, "connect", limited)

    return shrink


def test_import_on_a_full_disk_names_the_files_lost_and_exits_1(small_disk, tmp_path, capsys):
    db = make_store(tmp_path / "full.db")
    small_disk(12)
    assert main(["import", str(write_articles(tmp_path / "in", 10)), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    lost = [line for line in err.splitlines() if line.startswith("error: ")]
    assert lost and all("disk is full" in line and "article" in line for line in lost), err
    assert f"{len(lost)} errors" in out


def test_a_store_that_cannot_be_created_on_a_full_disk_is_named(small_disk, tmp_path, capsys):
    db = tmp_path / "new.db"
    small_disk(1)
    assert main(["import", str(SEEDS), "--db", str(db)]) == 2
    the_line(capsys, str(db), "full")


WRITER = r"""
import sys
from annotator.core.store import Store

store = Store(sys.argv[1], user="alice")
documents = store.document_ids()
announced = False
while True:
    with store.batch("tag every article"):
        pairs = [
            (store.add_span(doc, "CLAIM", 0, 5).subject, store.add_span(doc, "SPEAKER", 6, 11).subject)
            for doc in documents
        ]
        for claim, speaker in pairs:
            store.link_speaker(claim, speaker)
    with store.batch("untag every article"):
        store.delete_spans([span for pair in pairs for span in pair])
    if not announced:
        print("writing", flush=True)
        announced = True
"""


def exported_with_write_export(store: Store, path: Path) -> list[dict]:
    write_export(store, path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def exported_with_iter_export(store: Store, path: Path) -> list[dict]:
    return list(iter_export(store))


def shapes(records: list[dict]) -> set[tuple[int, int]]:
    """(spans, relations) of each line, after checking every relation joins spans of its own line."""
    for record in records:
        ids = {span["id"] for span in record["spans"]}
        for relation in record["relations"]:
            assert {relation["head"], relation["child"]} <= ids, relation
    return {(len(record["spans"]), len(record["relations"])) for record in records}


@pytest.mark.parametrize("export", [exported_with_write_export, exported_with_iter_export])
def test_an_export_is_one_moment_while_another_process_tags_and_deletes(tmp_path, export):
    """The writer tags and untags all 20 articles in one transaction each: an export sees all or none."""
    db = tmp_path / "busy.db"
    with Store(db, user="alice") as store:
        for i in range(20):
            store.add_document(f"Talks Rubio said ({i:02}).")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "writing"
        seen = set()
        with Store(db, user="bob", readonly=True) as store:
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline:
                records = export(store, tmp_path / "out.jsonl")
                assert len(records) == 20
                found = shapes(records)
                assert len(found) == 1, f"one export mixes moments: {sorted(found)}"
                seen |= found
        assert seen == {(0, 0), (2, 1)}, "the writer was not writing while the exports ran"
    finally:
        writer.kill()
        writer.wait()


def test_a_store_in_a_folder_nobody_may_write_can_still_be_listed(tmp_path, capsys):
    folder = tmp_path / "frozen"
    folder.mkdir()
    db = make_store(folder / "store.db")
    if subprocess.run(["chattr", "+i", str(db), str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        assert main(["list", "--db", str(db)]) == 0
        assert "alice: in progress, 1 spans" in capsys.readouterr().out
    finally:
        subprocess.run(["chattr", "-i", str(db), str(folder)], check=True)
