"""Row-level operations that know their own inverse, and the undo/redo stacks built on them.

A store mutation writes through a Recorder, which keeps each insert, update
and delete as a small JSON-able op. Undo replays the inverse ops as an
ordinary mutation; redo replays the ops again.
"""

from __future__ import annotations

from sqlite_utils import Database

from .model import Change

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("id",),
    "entities": ("id",),
    "spans": ("id",),
    "relations": ("id",),
    "targets": ("name",),
    "stances": ("span_id", "target"),
    "statuses": ("document_id", "annotator"),
    "reviews": ("document_id",),
    "decisions": ("key",),
    "verdicts": ("document_id", "user", "key"),
}


def _quote(column: str) -> str:
    return f'"{column}"'


def _where(table: str, row: dict) -> tuple[str, list]:
    keys = PRIMARY_KEYS[table]
    return " AND ".join(f"{_quote(k)} = ?" for k in keys), [row[k] for k in keys]


class Recorder:
    """Writes rows inside the current transaction and remembers how to undo each write."""

    def __init__(self, db: Database):
        self.db = db
        self.ops: list[list] = []

    def insert(self, table: str, row: dict) -> None:
        _insert(self.db, table, row)
        self.ops.append(["insert", table, row])

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """Rows with the same columns, in one statement (a 100,000-span import)."""
        if not rows:
            return
        columns = ", ".join(_quote(c) for c in rows[0])
        marks = ", ".join("?" for _ in rows[0])
        self.db.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", [list(r.values()) for r in rows])
        self.ops.extend(["insert", table, row] for row in rows)

    def update(self, table: str, key: dict, values: dict, expected: dict | None = None) -> None:
        """Set `values`; with `expected`, refuse (LookupError) unless the row still holds those values."""
        where, params = _where(table, key)
        columns = ", ".join(_quote(c) for c in values)
        current = self.db.execute(f"SELECT {columns} FROM {table} WHERE {where}", params).fetchone()
        if current is None:
            raise LookupError(f"the {_noun(table)} was deleted since")
        old = dict(zip(values, current))
        if expected is not None and old != expected:
            raise LookupError(f"the {_noun(table)} was changed since")
        if old == values:
            return
        _update(self.db, table, key, values)
        self.ops.append(["update", table, dict(key), old, dict(values)])

    def delete(self, table: str, key: dict, expected: dict | None = None) -> None:
        """Delete a row if it exists; with `expected`, refuse unless it exists and still equals it."""
        where, params = _where(table, key)
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE {where}", params)
        found = cursor.fetchone()
        if found is None:
            if expected is not None:
                raise LookupError(f"the {_noun(table)} was deleted since")
            return
        row = dict(zip([d[0] for d in cursor.description], found))
        if expected is not None and any(row.get(k) != v for k, v in expected.items()):
            raise LookupError(f"the {_noun(table)} was changed since")
        self.db.execute(f"DELETE FROM {table} WHERE {where}", params)
        self.ops.append(["delete", table, row])

    def replay(self, ops: list) -> None:
        """Apply recorded ops (undo's inverse, or redo), refusing any that meets a row changed since.

        Another process (or a colleague's import) may have edited or deleted a row after the
        action was done; undo must then refuse rather than resurrect or overwrite it.
        """
        for op in ops:
            kind, table = op[0], op[1]
            if kind == "insert":
                where, params = _where(table, op[2])
                if self.db.execute(f"SELECT 1 FROM {table} WHERE {where}", params).fetchone():
                    raise LookupError(f"the {_noun(table)} exists again")
                self.insert(table, op[2])
            elif kind == "delete":
                self.delete(table, op[2], expected=op[2])
            else:
                self.update(table, op[2], op[4], expected=op[3])


def _noun(table: str) -> str:
    return {"spans": "span", "relations": "link", "stances": "stance", "entities": "speaker", "statuses": "status",
            "documents": "document", "targets": "target", "reviews": "review status",
            "decisions": "decision", "verdicts": "verdict on a suggestion"}.get(table, table)


def inverse(ops: list) -> list:
    undone = []
    for op in reversed(ops):
        kind, table = op[0], op[1]
        if kind == "insert":
            undone.append(["delete", table, op[2]])
        elif kind == "delete":
            undone.append(["insert", table, op[2]])
        else:
            undone.append(["update", table, op[2], op[4], op[3]])
    return undone


def _insert(db: Database, table: str, row: dict) -> None:
    columns = ", ".join(_quote(c) for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _update(db: Database, table: str, key: dict, values: dict) -> None:
    where, params = _where(table, key)
    assignments = ", ".join(f"{_quote(c)} = ?" for c in values)
    db.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*values.values(), *params])


class History:
    """Undo and redo stacks of committed changes; a new action clears redo."""

    def __init__(self, limit: int = 1000):
        self.limit = limit
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []

    def pushed(self, change: Change) -> None:
        self.undo_stack.append(change)
        del self.undo_stack[: -self.limit]
        self.redo_stack.clear()

    def undo_action(self) -> str | None:
        return self.undo_stack[-1].action if self.undo_stack else None

    def redo_action(self) -> str | None:
        return self.redo_stack[-1].action if self.redo_stack else None
