"""The store's SQLite connection: its settings, the write lock taken first, and its files kept honest.

Three things here keep "never loses a tag" true when other processes use the same store:

- Writes take the write lock first (`BEGIN IMMEDIATE`), polling for it until a deadline. A
  deferred transaction that reads and then writes fails at once with "database is locked" when
  another connection committed in between, and SQLite's busy timeout never applies to that.
- On Linux and macOS closing *any* descriptor of a file drops every POSIX lock the process holds
  on it (a file dialog sniffing file types does it). Another process then believes it is the
  last user, checkpoints and deletes the WAL, and our connection goes on writing into a deleted
  file. On Linux a `FileGuard` holds open-file-description locks (which a close elsewhere does
  not drop) on the bytes SQLite uses to tell whether anyone else has the store open.
- Before every write the connection checks that its -wal and -shm files are still the ones it
  opened (`ghost()`); if not, the store reconnects before writing, so nothing goes to a ghost.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
import threading
import time
from pathlib import Path
from urllib.parse import quote

try:
    import fcntl
except ImportError:
    fcntl = None

BUSY_TIMEOUT_MS = 10_000
WRITE_WAIT_S = 10.0
"""How long a write waits for another process's write lock before giving up."""

_SHARED_FIRST = 0x40000000 + 2
"""SQLite's unix VFS: the byte range whose locks say who has the database open (PENDING_BYTE + 2)."""
_SHARED_SIZE = 510
_SHM_DMS = 128
"""The -shm byte SQLite locks to tell whether it is the first connection (UNIX_SHM_DMS)."""


class StoreError(Exception):
    """A mutation was refused; nothing was written."""


class StoreBusy(StoreError):
    """Another process held the write lock past the deadline; nothing was written."""


class StoreFailure(StoreError):
    """The disk or the file failed (full, read-only, I/O error); nothing of the action was saved."""


class StoreOpenError(StoreError):
    """The store file cannot be opened as asked (a folder, damaged, read-only, newer, missing)."""


def connect(path: str, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the store's settings; explicit transactions only (isolation_level=None)."""
    if path == ":memory:":
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    target = Path(path)
    if target.is_dir():
        raise StoreOpenError(f"{path} is a folder, not a store file (give --db a file name such as annotator.db)")
    if readonly and not target.exists():
        raise StoreOpenError(f"there is no store at {path} yet (import something first: annotator import PATH)")
    if not readonly and target.exists() and not os.access(target, os.W_OK):
        raise StoreOpenError(f"{path} is read-only: only list, export and agreement can read it")
    if not readonly:
        target.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{quote(str(target.resolve()))}{'?mode=ro' if readonly else ''}"
    try:
        return _configured(uri, readonly)
    except sqlite3.DatabaseError as exc:
        if readonly and "unable to open" in str(exc) and not _has_wal(path):
            try:
                return _configured(uri + "&immutable=1", readonly)
            except sqlite3.DatabaseError:
                pass
        raise StoreOpenError(_open_problem(path, exc)) from exc


def _configured(uri: str, readonly: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _has_wal(path: str) -> bool:
    """A -wal with content: committed work the main file may not hold yet (immutable mode would miss it)."""
    try:
        return os.stat(path + "-wal").st_size > 0
    except FileNotFoundError:
        return False


def _open_problem(path: str, exc: sqlite3.DatabaseError) -> str:
    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return f"{path} is not an annotator store, or it is damaged ({message})"
    if "readonly" in message or "read-only" in message:
        return f"{path} is read-only: only list, export and agreement can read it ({message})"
    return f"cannot open the store {path}: {message}"


def is_locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def begin_immediate(conn: sqlite3.Connection, wait: float) -> None:
    """Take the write lock, polling every millisecond or so until `wait` seconds have passed.

    SQLite's own busy handler sleeps up to 100 ms between tries and so misses the short gaps
    a batching writer leaves between its transactions; polling here does not.
    """
    deadline = time.monotonic() + wait
    conn.execute("PRAGMA busy_timeout = 1")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_locked(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        "another program is writing to the store; nothing was saved (try again in a moment)"
                    ) from exc
                time.sleep(0.0005)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def file_ids(path: str) -> tuple | None:
    """(device, inode) of the store's -wal and -shm files, or None when one is missing."""
    ids = []
    for suffix in ("-wal", "-shm"):
        try:
            info = os.stat(path + suffix)
        except FileNotFoundError:
            return None
        ids.append((info.st_dev, info.st_ino))
    return tuple(ids)


class FileGuard:
    """Open-file-description read locks on the store's liveness bytes, one set per process and file.

    Linux only (F_OFD_SETLK); elsewhere the guard does nothing and `ghost()` checks remain.
    The descriptors are opened once after SQLite opened the files and closed only when the last
    connection of this process to the store has closed, so they never drop SQLite's own locks.
    Read locks never conflict with other readers, only with a process trying to become the
    store's sole user (to checkpoint and delete the WAL, or to reset the -shm).
    """

    _lock = threading.Lock()
    _guards: dict[str, FileGuard] = {}

    def __init__(self, path: str):
        self.path = path
        self.users = 0
        self.fds: dict[str, int] = {}

    @classmethod
    def enter(cls, path: str) -> FileGuard:
        with cls._lock:
            guard = cls._guards.setdefault(path, cls(path))
            guard.users += 1
            guard._hold()
            return guard

    def refresh(self) -> None:
        """After a reconnect the -shm may be a new file: lock the new one."""
        with self._lock:
            self._hold()

    def leave(self, close_connection) -> None:
        """Close a connection; the last one of this process first lets go of the locks."""
        with self._lock:
            self.users -= 1
            if self.users > 0:
                close_connection()
                return
            for fd in self.fds.values():
                _ofd_lock(fd, fcntl.F_UNLCK, 0, 0)
            try:
                close_connection()
            finally:
                for fd in self.fds.values():
                    os.close(fd)
                self.fds.clear()
                del self._guards[self.path]

    def _hold(self) -> None:
        if not hasattr(fcntl, "F_OFD_SETLK"):
            return
        for suffix, start, size in (("", _SHARED_FIRST, _SHARED_SIZE), ("-shm", _SHM_DMS, 1)):
            name = self.path + suffix
            try:
                info = os.stat(name)
            except FileNotFoundError:
                continue
            fd = self.fds.get(suffix)
            if fd is not None:
                held = os.fstat(fd)
                if (held.st_dev, held.st_ino) == (info.st_dev, info.st_ino):
                    continue
                os.close(fd)
            fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                continue
            self.fds[suffix] = fd
            _ofd_lock(fd, fcntl.F_RDLCK, start, size)


def _ofd_lock(fd: int, kind: int, start: int, size: int) -> None:
    """Best effort: a conflicting lock (another process closing the store) leaves us to the ghost check."""
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", kind, os.SEEK_SET, start, size, 0))
    except OSError:
        return
