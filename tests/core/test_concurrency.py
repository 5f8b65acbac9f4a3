"""Two processes on one store: nothing is lost, nothing fails with "database is locked"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core import connection
from annotator.core.store import Store, StoreError

CLI = [sys.executable, "-m", "annotator"]


def write_articles(folder: Path, count: int, tag: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{tag}{i}.txt").write_text(f"{tag} article {i}. The minister said the talks were over.\n")
    return folder


def count_spans_elsewhere(db: Path) -> int:
    """Counted by a separate process, as another program would see the store."""
    code = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM spans').fetchone()[0])"
    return int(subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True).stdout)


def sniff_store_files(db: Path) -> None:
    """What a file dialog does to guess file types: open and close each of the store's files."""
    for suffix in ("", "-wal", "-shm"):
        with open(str(db) + suffix, "rb") as handle:
            handle.read(16)


def tag_words(store: Store, document_id: str, count: int) -> None:
    for i in range(count):
        store.add_span(document_id, "SPEAKER", 4 * i, 4 * i + 3)


@pytest.fixture
def shared_store(tmp_path):
    db = tmp_path / "shared.db"
    store = Store(db, user="alice")
    document_id = store.add_document("abc " * 200).document_id
    yield store, document_id, db
    store.close()


def test_tags_survive_the_store_files_being_opened_and_closed_in_the_app(shared_store, tmp_path):
    store, document_id, db = shared_store
    tag_words(store, document_id, 3)
    sniff_store_files(db)
    subprocess.run([*CLI, "import", str(write_articles(tmp_path / "in", 5, "x")), "--db", str(db)], check=True,
                   capture_output=True)
    tag_words(store, document_id, 10)
    assert count_spans_elsewhere(db) == 10 + 3
    assert Path(str(db) + "-wal").exists()


def test_without_the_guard_a_replaced_wal_is_noticed_and_nothing_is_written_into_it(shared_store, tmp_path, monkeypatch):
    store, document_id, db = shared_store
    monkeypatch.setattr(connection.FileGuard, "_hold", lambda self: None)
    store.close()
    store = Store(db, user="alice")
    tag_words(store, document_id, 3)
    sniff_store_files(db)
    subprocess.run([*CLI, "import", str(write_articles(tmp_path / "in", 5, "x")), "--db", str(db)], check=True,
                   capture_output=True)
    assert not Path(str(db) + "-wal").exists(), "the other process deleted the WAL: the split this test is about"
    assert store.external_change()
    assert store.document_count() == 6
    tag_words(store, document_id, 10)
    assert count_spans_elsewhere(db) == 10 + 3
    store.close()


WINDOW_ACTIONS = r"""
import sys
from annotator.core.store import Store
store = Store(sys.argv[1], user="alice")
document_id = store.document_ids()[0]
errors = 0
for i in range(int(sys.argv[2])):
    try:
        change = store.add_span(document_id, "CLAIM", 0, 5)
        span_id = change.subject
        store.relabel_span(span_id, "SPEAKER")
        store.move_span(span_id, 0, 9)
        store.undo()
        store.delete_spans([span_id])
        store.undo()
    except Exception as exc:
        errors += 1
        print(type(exc).__name__, exc, file=sys.stderr)
print(errors)
"""


def test_window_actions_and_an_import_of_1000_files_side_by_side_never_fail(tmp_path):
    db = tmp_path / "busy.db"
    with Store(db, user="alice") as store:
        store.add_document("The minister said the talks were over.")
    files = write_articles(tmp_path / "many", 1000, "m")
    window = subprocess.Popen([sys.executable, "-c", WINDOW_ACTIONS, str(db), "150"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    importer = subprocess.run([*CLI, "import", str(files), "--db", str(db)], capture_output=True, text=True)
    out, err = window.communicate(timeout=120)
    assert importer.returncode == 0, importer.stderr
    assert "1000 documents added" in importer.stdout
    assert out.strip() == "0", err
    with Store(db, user="alice") as store:
        assert store.document_count() == 1001
        assert len(store.spans(store.document_ids()[0])) == 150


HOLD_LOCK = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_write_waits_for_the_lock_instead_of_failing_at_once(shared_store):
    store, document_id, db = shared_store
    holder = hold_write_lock(db, 0.5)
    started = time.monotonic()
    store.add_span(document_id, "CLAIM", 0, 3)
    assert time.monotonic() - started >= 0.3
    holder.wait()
    assert count_spans_elsewhere(db) == 1


def test_a_write_past_its_wait_is_refused_with_nothing_written(shared_store):
    store, document_id, db = shared_store
    store.write_wait = 0.1
    holder = hold_write_lock(db, 1.5)
    started = time.monotonic()
    with pytest.raises(connection.StoreBusy, match="another program is writing"):
        store.add_span(document_id, "CLAIM", 0, 3)
    assert time.monotonic() - started < 0.5
    holder.wait()
    assert store.history.undo_stack == []
    assert count_spans_elsewhere(db) == 0


def test_undo_refuses_to_overwrite_or_resurrect_what_another_process_changed(shared_store):
    store, document_id, db = shared_store
    moved = store.add_span(document_id, "CLAIM", 0, 3).subject
    store.move_span(moved, 0, 7)
    deleted_elsewhere = store.add_span(document_id, "SPEAKER", 8, 11).subject
    with Store(db, user="alice") as other:
        other.delete_spans([deleted_elsewhere])
    undo_before = list(store.history.undo_stack)
    with pytest.raises(StoreError, match="deleted since"):
        store.undo()
    assert store.history.undo_stack == undo_before and store.history.redo_stack == []
    store.history.undo_stack.pop()
    with Store(db, user="alice") as other:
        other.move_span(moved, 0, 11)
    with pytest.raises(StoreError, match="changed since"):
        store.undo()
    assert store.span(moved).end == 11
    assert len(store.history.undo_stack) == 2


def test_other_processes_commits_are_noticed(shared_store):
    store, document_id, db = shared_store
    assert not store.external_change()
    store.add_span(document_id, "CLAIM", 0, 3)
    assert not store.external_change(), "our own commits are not external"
    with Store(db, user="bob") as bob:
        bob.add_span(document_id, "CLAIM", 0, 3)
    assert store.external_change()
    assert not store.external_change()


def test_a_full_disk_refuses_the_action_and_keeps_the_history(shared_store):
    store, document_id, db = shared_store
    store.add_span(document_id, "CLAIM", 0, 3)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(connection.StoreFailure, match="disk is full"):
        for i in range(1, 200):
            store.add_span(document_id, "CLAIM", 4 * i, 4 * i + 3, attrs={"pad": "x" * 2000})
    kept = len(store.history.undo_stack)
    with pytest.raises(connection.StoreFailure, match="cannot undo now"):
        store.undo()
    assert len(store.history.undo_stack) == kept and store.history.redo_stack == []
    store.db.execute(f"PRAGMA max_page_count = {10 * pages}")
    store.undo()
    assert len(store.history.undo_stack) == kept - 1 and len(store.history.redo_stack) == 1


def posix_locks_on(path: str) -> list[str]:
    """This process's POSIX locks on a file, from the kernel's lock table (Linux)."""
    inode = os.stat(path).st_ino
    return [line for line in Path("/proc/locks").read_text().splitlines()
            if f" {os.getpid()} " in line and line.split()[5].endswith(f":{inode}")]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table (Linux)")
def test_closing_one_of_two_stores_on_the_same_file_keeps_sqlites_locks(shared_store, tmp_path):
    store, document_id, db = shared_store
    other_spelling = tmp_path / "in" / ".." / db.name
    (tmp_path / "in").mkdir()
    assert posix_locks_on(str(db))
    Store(other_spelling, user="bob").close()
    assert posix_locks_on(str(db)), "closing the other store's guard dropped SQLite's locks"
    subprocess.run([*CLI, "import", str(write_articles(tmp_path / "more", 3, "y")), "--db", str(db)], check=True,
                   capture_output=True)
    tag_words(store, document_id, 4)
    assert count_spans_elsewhere(db) == 4


def test_a_refused_redo_keeps_both_stacks(shared_store):
    store, document_id, db = shared_store
    span_id = store.add_span(document_id, "CLAIM", 0, 3).subject
    store.move_span(span_id, 0, 7)
    store.undo()
    undo_before, redo_before = list(store.history.undo_stack), list(store.history.redo_stack)
    with Store(db, user="alice") as other:
        other.move_span(span_id, 0, 11)
    with pytest.raises(StoreError, match="changed since"):
        store.redo()
    assert (store.history.undo_stack, store.history.redo_stack) == (undo_before, redo_before)
    assert store.span(span_id).end == 11
