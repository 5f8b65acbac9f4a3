"""The store: every read the app needs and one method per mutation.

Each mutation runs in one transaction, writes one row to the change log in
that transaction, becomes one undo step, returns the Change it made and tells
the listeners only after the commit succeeded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from .collector import collector_paused
from .config import default_user
from .connection import (
    WRITE_WAIT_S,
    FileGuard,
    StoreBusy,
    StoreError,
    StoreFailure,
    StoreOpenError,
    begin_immediate,
    connect,
    file_ids,
    is_locked,
)
from .history import PRIMARY_KEYS, History, Recorder, inverse
from .migrations import migrations, unknown_migrations
from .model import (
    CHOICES,
    GOLD,
    Acceptance,
    ORIGINS,
    REVIEW_STATUSES,
    STATUSES,
    Change,
    Decision,
    Document,
    DocumentSummary,
    Entity,
    ImportResult,
    Layer,
    ModelInfo,
    Person,
    PersonClaim,
    Relation,
    Span,
    Stance,
    span_order,
)
from .people import KINDS, NOTE_LIMIT, SPECIAL, clean_name, is_generic, name_key, name_keys
from .schema import Schema, load_schema
from .structure import quote_type
from .summaries import COUNTED, carried, relabelled
from .suggest import LAYER_PREFIX, Suggester, Suggestion, Suggestions, is_suggestion_layer, layer_name
from .text import content_hash, normalise, query_words
from .titles import headline

Listener = Callable[[Change], None]
_IDS_PER_QUERY = 900
"""SQLite allows at most 999 host parameters in a statement on older builds."""
SUMMARY_OPS = 500
"""A change of more rows than this (an undone import, a merge) has its documents counted afresh."""


def new_id() -> str:
    """A random (version 4) UUID as str(uuid.uuid4()) writes it, made without the UUID object (an import of
    ten thousand articles or spans makes one each)."""
    random = bytearray(os.urandom(16))
    random[6] = random[6] & 0x0F | 0x40
    random[8] = random[8] & 0x3F | 0x80
    x = random.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class _Mutation:
    recorder: Recorder
    documents: set[str] = field(default_factory=set)
    subject: str | None = None
    change: Change | None = None


@dataclass
class LayerJson:
    """One layer as Store.layers_json reads it: the document's columns, and its spans and links already in the
    export's JSON (UTF-8 bytes, written by SQLite)."""

    annotator: str | None
    id: bytes
    """The document id as a JSON string"""
    text: bytes
    """The document text as a JSON string"""
    title: str
    source: str | None
    published: str | None
    sha256: str
    meta: str
    """The document's meta as stored (JSON)"""
    status: str | None
    seconds: float | None
    spans: bytes
    """The span objects in text order, separated by ", " (no brackets)"""
    relations: bytes
    """The link objects by id, separated by ", " (no brackets)"""


class Store:
    """One connection to one annotator.db, acting for one user.

    A Store belongs to the thread that made it; a worker thread opens its own.
    `readonly` opens the file read-only (list, export and agreement on a read-only store).
    `write_wait` is how long a write waits for another process's write lock: the window
    sets it short and queues the action instead of freezing.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        user: str | None = None,
        schema: Schema | None = None,
        readonly: bool = False,
    ):
        self.path = str(path)
        self.readonly = readonly
        self.write_wait = WRITE_WAIT_S
        self.db = Database(connect(self.path, readonly))
        self._guard = FileGuard.enter(os.path.realpath(self.path)) if self.path != ":memory:" else None
        self._files = file_ids(self.path)
        self._data_version: int | None = None
        self._connections = 1
        self._batch: list[Change] | None = None
        self._entity_names: dict[str, str] | None = None
        self.commits = 0
        """Write transactions this connection committed: the window tells its own writes during a fill from others'."""
        self._logged: set[int] = set()
        """The change-log rows this connection wrote (`logged_by_others`)."""
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise
        self.user = (user or default_user()).strip()
        self.schema = schema or load_schema()
        self.history = History()
        self._listeners: list[Listener] = []
        if not readonly:
            self._ensure_targets(self.schema.targets)

    def _migrate(self) -> None:
        newer = unknown_migrations(self.db)
        if newer and not self.readonly:
            raise StoreOpenError(
                f"{self.path} was written by a newer version of annotator (it has {', '.join(newer)}); "
                "upgrade annotator to change it (list and export still read it)"
            )
        if self.readonly:
            if migrations.pending(self.db):
                raise StoreOpenError(f"{self.path} needs an upgrade that a read-only store cannot take")
            return
        if migrations.pending(self.db):
            with self._write():
                migrations.apply(self.db)

    def close(self) -> None:
        if self._guard is None:
            self.db.close()
        else:
            self._guard.leave(self.db.close)
            self._guard = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # the connection -------------------------------------------------------

    def _ghost(self) -> bool:
        """True when the -wal or -shm this connection uses is no longer the store's (see connection.py)."""
        return self._guard is not None and file_ids(self.path) != self._files

    def _reconnect(self) -> None:
        """Open a fresh connection before closing the ghost one, so the ghost can never checkpoint."""
        ghost = self.db
        self.db = Database(connect(self.path, self.readonly))
        ghost.close()
        self._guard.refresh()
        self._files = file_ids(self.path)
        self._data_version = None
        self._connections += 1

    def others_version(self) -> tuple[int, int]:
        """A value that changes whenever another connection commits (or this one had to open afresh): what was
        read while it had one value is still what the others left while it keeps that value."""
        return self._connections, self.db.execute("PRAGMA data_version").fetchone()[0]

    def external_change(self) -> bool:
        """True when another connection committed since the last call, or the store had to reconnect."""
        reconnected = self._ghost()
        if reconnected:
            self._reconnect()
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        changed = reconnected or (self._data_version is not None and version != self._data_version)
        self._data_version = version
        if changed:
            self._entity_names = None
        return changed

    @contextmanager
    def _write(self, savepoint: bool = True):
        """One write transaction that holds the write lock from its first statement.

        Nested inside another (an import batch) it is a savepoint, unless the caller knows that
        nothing else is in that transaction (`savepoint=False`): a failure then ends it all.
        """
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        conn = self.db.conn
        if conn.in_transaction:
            if not savepoint:
                yield
                return
            with self.db.atomic():
                yield
            return
        if self._ghost():
            self._reconnect()
            conn = self.db.conn
        begin_immediate(conn, self.write_wait)
        try:
            yield
            conn.execute("COMMIT")
            self.commits += 1
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if self._ghost():
            self._reconnect()
            raise StoreError(
                "another program replaced the store's files while this was being saved; the store was "
                "reopened: check that your last action is there and repeat it if not"
            )

    def last_change_id(self) -> int:
        """The newest change-log row's id (0 while the log is empty)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def logged_by_others(self, after: int) -> bool:
        """Whether another connection logged a change (a user's action, an import) after change-log row `after`.

        Unlike `external_change`, this tells a user's action elsewhere from a suggestion fill (fills are not logged).
        """
        rows = self.db.execute("SELECT id FROM changes WHERE id > ?", [after])
        return any(row[0] not in self._logged for row in rows)

    @contextmanager
    def snapshot(self):
        """Reads inside one read transaction: a consistent view while other processes write."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.execute("COMMIT")

    # listeners -----------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # reads ---------------------------------------------------------------

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY rowid")]

    def document(self, document_id: str) -> Document:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise KeyError(document_id)
        return _document(row)

    def _document_id_by_hash(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def summaries(self, annotator: str | None = None, document_ids: Iterable[str] | None = None) -> list[DocumentSummary]:
        """The corpus (or some documents of it) as one annotator sees it, in import order."""
        params = {"who": annotator or self.user, "claim": self.schema.claim_label, "speaker": self.schema.speaker_label}
        where = ""
        if document_ids is not None:
            ids = list(document_ids)
            where = f"WHERE d.id IN ({','.join(f':d{i}' for i in range(len(ids)))})"
            params.update({f"d{i}": doc_id for i, doc_id in enumerate(ids)})
        rows = self.db.execute(
            f"""SELECT d.id, d.title, COALESCE(st.status, 'todo'),
                   COALESCE(SUM(s.label = :claim), 0), COALESCE(SUM(s.label = :speaker), 0),
                   COUNT(s.id)
               FROM documents d
               LEFT JOIN statuses st ON st.document_id = d.id AND st.annotator = :who
               LEFT JOIN spans s ON s.document_id = d.id AND s.annotator = :who
               {where} GROUP BY d.id ORDER BY d.rowid""",
            params,
        )
        return [DocumentSummary(*row) for row in rows]

    def summaries_after(self, change: Change, known: Mapping[str, DocumentSummary]) -> list[DocumentSummary]:
        """The user's summaries of the documents `change` touched, carried from `known` (the list's rows
        before it) by the change's ops; an import, a change of many rows or a document the ops cannot
        tell about is counted afresh."""
        if change.kind == "import" or len(change.ops) > SUMMARY_OPS:
            return self.summaries(document_ids=change.document_ids)
        ids = list(relabelled(change))
        rows = self.db.execute(
            f"SELECT id, document_id, annotator, label FROM spans WHERE id IN ({','.join('?' for _ in ids)})", ids
        ) if ids else ()
        now = {row[0]: dict(zip(("id", *COUNTED), row)) for row in rows}
        labels = (self.schema.claim_label, self.schema.speaker_label)
        summaries, recount = carried(known, change, self.user, labels, now)
        if recount:
            summaries.update((s.id, s) for s in self.summaries(document_ids=recount))
        return list(summaries.values())

    def search(self, query: str) -> set[str]:
        """Ids of documents whose title or text has every word of `query` (as a word or a word's start),
        ignoring case and accents: SQLite's full-text index, not a scan of every text."""
        words = query_words(query)
        if not words:
            return set(self.document_ids())
        match = " ".join('"' + word + '"*' for word in words)
        rows = self.db.execute(
            "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid WHERE documents_fts MATCH ?",
            [match],
        )
        return {r[0] for r in rows}

    def overview(self) -> list[tuple[Document, list[tuple[str, str, int]]]]:
        """Each document with (annotator, status, span count) for everyone who touched it (no suggester)."""
        layers: dict[str, list[tuple[str, str, int]]] = {}
        for doc_id, who, status, count in self.db.execute(
            """SELECT k.document_id, k.annotator, COALESCE(st.status, 'todo'),
                   (SELECT count(*) FROM spans s WHERE s.document_id = k.document_id
                    AND s.annotator = k.annotator)
               FROM (SELECT document_id, annotator FROM spans
                     UNION SELECT document_id, annotator FROM statuses) k
               LEFT JOIN statuses st ON st.document_id = k.document_id AND st.annotator = k.annotator
               WHERE substr(k.annotator, 1, ?) != ?
               ORDER BY k.annotator""",
            [len(LAYER_PREFIX), LAYER_PREFIX],
        ):
            layers.setdefault(doc_id, []).append((who, status, count))
        docs = self.db.execute("SELECT id, title, source, published, '', sha256, meta FROM documents ORDER BY rowid")
        return [(_document(row), layers.get(row[0], [])) for row in docs]

    def annotators(self) -> list[str]:
        """People's layers and gold; suggestion layers (`suggest:*`) are machines', see suggestion_layers."""
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY name") if not is_suggestion_layer(r[0])]

    def suggestion_layers(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT name FROM annotators WHERE substr(name, 1, ?) = ? ORDER BY name", [len(LAYER_PREFIX), LAYER_PREFIX]
        )]

    def span_counts(self) -> dict[str, int]:
        """How many spans each annotator (gold included) has over all documents, by name."""
        return dict(self.db.execute("SELECT annotator, count(*) FROM spans GROUP BY annotator ORDER BY annotator"))

    def layer_keys(self, annotators: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(document id, annotator) for every layer holding spans, relations or a status.

        Without `annotators`, suggestion layers are left out: they are exported only when named.
        """
        rows = self.db.execute(
            """SELECT k.document_id, k.annotator FROM (
                   SELECT document_id, annotator FROM spans
                   UNION SELECT document_id, annotator FROM relations
                   UNION SELECT document_id, annotator FROM statuses) k
               JOIN documents d ON d.id = k.document_id
               ORDER BY d.rowid, k.annotator"""
        ).fetchall()
        if annotators is not None:
            wanted = set(annotators)
            rows = [r for r in rows if r[1] in wanted]
        else:
            rows = [r for r in rows if not is_suggestion_layer(r[1])]
        return [tuple(r) for r in rows]

    def spans(self, document_id: str, annotator: str | None = None, before: int | None = None) -> list[Span]:
        """A document's spans (one annotator's, or everyone's) in text order; `before`: only those
        starting before that offset (the first screen of a long article)."""
        where, params = "s.document_id = ?", [document_id]
        if annotator is not None:
            where += " AND s.annotator = ?"
            params.append(annotator)
        if before is not None:
            where += " AND s.start < ?"
            params.append(before)
        return self._load_spans(where, params)

    def has_more_spans(self, document_id: str, than: int) -> bool:
        """Whether a document has more spans than `than`, everyone's: the index is read no further (counting
        the 50,000 of an article with its suggestions took 3 ms of each open)."""
        return self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM spans WHERE document_id = ? LIMIT ?)", [document_id, than + 1]
        ).fetchone()[0] > than

    def spans_by_id(self, span_ids: Iterable[str]) -> dict[str, Span]:
        """The spans with these ids that still exist (a deleted id is simply absent)."""
        span_ids = list(span_ids)
        if not span_ids:
            return {}
        spans = self._load_spans(f"s.id IN ({','.join('?' * len(span_ids))})", span_ids)
        return {span.id: span for span in spans}

    def _load_spans(self, where: str, params: list) -> list[Span]:
        rows = self.db.execute(
            f'SELECT {_SPAN_COLUMNS} FROM spans s WHERE {where} ORDER BY s.start, s."end", s.label, s.id', params
        ).fetchall()
        stances: dict[str, list[Stance]] = {}
        made: dict[tuple[str, str], Stance] = {}
        for span_id, target, label in self.db.execute(
            f"SELECT st.span_id, st.target, st.label FROM stances st JOIN spans s ON s.id = st.span_id "
            f"WHERE {where} ORDER BY st.target",
            params,
        ):
            stance = made.get((target, label)) or made.setdefault((target, label), Stance(target, label))
            stances.setdefault(span_id, []).append(stance)
        parsed: dict[str, dict] = {"{}": {}}
        return [_span(row, tuple(stances.get(row[0], ())), parsed) for row in rows]

    def span(self, span_id: str) -> Span:
        found = self.spans_by_id([span_id])
        if span_id not in found:
            raise KeyError(span_id)
        return found[span_id]

    def relations(
        self, document_id: str, annotator: str | None = None, touching: Iterable[str] | None = None
    ) -> list[Relation]:
        """The document's relations (`annotator`'s; `touching`: only those with one of these spans at an end)."""
        # touching: "+" keeps SQLite off the document index, so it looks the ends up in theirs (12 ms -> 1 ms
        # for a screenful of suggestions among 40,000 links)
        unindexed = "+" if touching is not None else ""
        sql = f"SELECT id, document_id, annotator, label, head_id, child_id FROM relations WHERE {unindexed}document_id = ?"
        params = [document_id]
        if annotator is not None:
            sql += f" AND {unindexed}annotator = ?"
            params.append(annotator)
        if touching is not None:
            ids = list(touching)
            marks = ",".join("?" * len(ids))
            sql += f" AND (head_id IN ({marks}) OR child_id IN ({marks}))"
            params += ids + ids
        return [_value(Relation, _RELATION_FIELDS, r) for r in self.db.execute(sql + " ORDER BY id", params)]

    def speaker_of(self, claim_id: str) -> str | None:
        row = self.db.execute(
            "SELECT child_id FROM relations WHERE head_id = ? AND label = ?", [claim_id, self.schema.attribution]
        ).fetchone()
        return row[0] if row else None

    def entities(self) -> list[Entity]:
        return [
            _entity(r)
            for r in self.db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY name COLLATE NOCASE, id")
        ]

    def entity(self, entity_id: str) -> Entity:
        row = self.db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", [entity_id]).fetchone()
        if row is None:
            raise KeyError(entity_id)
        return _entity(row)

    def entity_names(self) -> dict[str, str]:
        """Person id -> canonical name, kept until a change to people (here, or noticed from another program)."""
        if self._entity_names is None:
            self._entity_names = dict(self.db.execute("SELECT id, name FROM entities").fetchall())
        return self._entity_names

    def find_entity(self, name: str) -> Entity | None:
        """The person whose name or an alias matches `name`, ignoring case, accents and transliteration."""
        return next(iter(self.named(name)), None)

    def named(self, name: str, but: str | None = None) -> list[Entity]:
        """Everybody (except the person `but`) whose name or an alias has the name_key of `name`."""
        rows = self.db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE instr(keys, ?) AND id IS NOT ? "
            "ORDER BY name COLLATE NOCASE, id",
            [f"|{name_key(name)}|", but],
        )
        return [_entity(r) for r in rows]

    def people(self) -> list[Person]:
        """Every person with their mentions and the claims attributed to those, in every layer."""
        counts = {
            entity_id: (mentions, claims)
            for entity_id, mentions, claims in self.db.execute(
                """SELECT s.entity_id, count(DISTINCT s.id), count(r.id) FROM spans s
                   LEFT JOIN relations r ON r.child_id = s.id AND r.label = ?
                   WHERE s.entity_id IS NOT NULL GROUP BY s.entity_id""",
                [self.schema.attribution],
            )
        }
        return [Person(e, *counts.get(e.id, (0, 0))) for e in self.entities()]

    def mentions_of(self, entity_id: str) -> list[tuple[str, Span]]:
        """(document title, mention) for every SPEAKER span identified as this person, in corpus order."""
        rows = self.db.execute(
            """SELECT s.id, d.title FROM spans s JOIN documents d ON d.id = s.document_id
               WHERE s.entity_id = ? ORDER BY d.rowid, s.start, s.annotator""",
            [entity_id],
        ).fetchall()
        spans = self.spans_by_id(r[0] for r in rows)
        return [(title, spans[span_id]) for span_id, title in rows]

    def claims_of(self, entity_id: str) -> list[PersonClaim]:
        """The claims attributed to any mention of this person, in corpus and text order."""
        rows = self.db.execute(
            """SELECT r.head_id, r.child_id, d.id, d.title FROM spans s
               JOIN relations r ON r.child_id = s.id AND r.label = ?
               JOIN spans c ON c.id = r.head_id
               JOIN documents d ON d.id = s.document_id
               WHERE s.entity_id = ? ORDER BY d.rowid, c.start, c.annotator""",
            [self.schema.attribution, entity_id],
        ).fetchall()
        spans = self.spans_by_id({span_id for row in rows for span_id in row[:2]})
        return [PersonClaim(doc_id, title, spans[claim], spans[mention]) for claim, mention, doc_id, title in rows]

    def _mention_documents(self, entity_id: str) -> set[str]:
        """Documents that mention the person: the ones whose views show their name."""
        rows = self.db.execute("SELECT DISTINCT document_id FROM spans WHERE entity_id = ?", [entity_id])
        return {r[0] for r in rows}

    def targets(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM targets ORDER BY rowid")]

    def status(self, document_id: str, annotator: str | None = None) -> str:
        row = self.db.execute(
            "SELECT status FROM statuses WHERE document_id = ? AND annotator = ?",
            [document_id, annotator or self.user],
        ).fetchone()
        return row[0] if row else "todo"

    def review_status(self, document_id: str) -> str:
        row = self.db.execute("SELECT status FROM reviews WHERE document_id = ?", [document_id]).fetchone()
        return row[0] if row else "not_reviewed"

    def review_statuses(self) -> dict[str, str]:
        """Document id -> review status, for the documents anyone started reviewing."""
        return dict(self.db.execute("SELECT document_id, status FROM reviews").fetchall())

    def decisions(self, document_id: str, a: str, b: str) -> dict[str, str]:
        """Difference key -> choice, for what was decided reviewing `a` against `b` on a document."""
        rows = self.db.execute(
            "SELECT key, choice FROM decisions WHERE document_id = ? AND a_annotator = ? AND b_annotator = ?",
            [document_id, a, b],
        )
        return dict(rows.fetchall())

    def layer(self, document_id: str, annotator: str | None) -> Layer:
        with self.snapshot():
            return self._layer(document_id, annotator)

    def _layer(self, document_id: str, annotator: str | None) -> Layer:
        document = self.document(document_id)
        if annotator is None:
            return Layer(document, None, None)
        spans = tuple(self.spans(document_id, annotator))
        entity_ids = {s.entity_id for s in spans if s.entity_id}
        return Layer(
            document=document,
            annotator=annotator,
            status=self.status(document_id, annotator),
            spans=spans,
            relations=tuple(self.relations(document_id, annotator)),
            entities={e: self.entity(e) for e in sorted(entity_ids)},
            seconds=self.time_on_task(document_id).get((document_id, annotator)),
        )

    def layers_json(
        self,
        keys: Iterable[tuple[str, str | None]],
        json_value: Callable[[str], str],
        person: Callable[[str, str, str, str | None], str],
    ) -> Iterator[LayerJson]:
        """Each (document id, annotator) layer with its spans and links as the export writes them (see export.py),
        built by SQLite so that no span becomes Python objects. A None annotator: no spans, no status.

        `json_value(stored)`: the export's JSON of a stored JSON column (attrs, provenance) whose text holds a
        backslash; text without one is the export's already (the store writes these columns with json.dumps'
        separators, and only its escapes differ between its spellings). `person(id, name, aliases JSON, kind)`:
        the JSON of a span's person. SQLite calls both (most spans share a few values: cache them). Call it
        inside `snapshot()` so that successive layers show one moment.
        """
        execute = self.db.conn.execute
        self.db.conn.create_function("export_json", 1, json_value, deterministic=True)
        self.db.conn.create_function("export_person", 4, person, deterministic=True)
        for document_id, annotator in keys:
            row = execute(_LAYER_JSON, [document_id, annotator]).fetchone()
            if row is None:
                raise KeyError(document_id)
            yield LayerJson(annotator, *row)

    def time_on_task(self, document_id: str | None = None) -> dict[tuple[str, str], float]:
        """Seconds of active work by (document, annotator), for one document or all."""
        where, params = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        return {
            (doc, who): seconds
            for doc, who, seconds in self.db.execute(
                f"SELECT document_id, annotator, seconds FROM time_on_task {where}", params
            )
        }

    def add_time(self, seconds: dict[tuple[str, str], float]) -> None:
        """Add active time by (document, annotator): one small transaction, outside history and the change log."""
        rows = [(doc, who, value, now()) for (doc, who), value in seconds.items() if value > 0]
        if not rows:
            return
        with self._write():
            self.db.conn.executemany(
                "INSERT INTO time_on_task (document_id, annotator, seconds, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (document_id, annotator) DO UPDATE SET seconds = seconds + excluded.seconds, "
                "updated = excluded.updated",
                rows,
            )

    def change_log(self, limit: int = 100) -> list[dict]:
        return list(self.db.query("SELECT * FROM changes ORDER BY id DESC LIMIT ?", [limit]))

    # mutations -----------------------------------------------------------

    @contextmanager
    def _mutation(self, action: str, kind: str = "do", undoable: bool = True, savepoint: bool = True):
        """One transaction, one change-log row, one undo step, then the listeners.

        Inside a batch (`batch()`) the change waits for the batch's commit; `savepoint`: see `_write`.
        """
        mutation = _Mutation(Recorder(self.db))
        change_id = 0
        try:
            with self._write(savepoint):
                yield mutation
                ops = mutation.recorder.ops
                if ops and not (self._batch is not None and kind == "import"):
                    cursor = self.db.execute(
                        "INSERT INTO changes (at, user, action, kind, what) VALUES (?, ?, ?, ?, ?)",
                        [now(), self.user, action, kind, json.dumps(_loggable(ops), ensure_ascii=False)],
                    )
                    change_id = cursor.lastrowid
                    self._logged.add(change_id)
        except (sqlite3.IntegrityError, LookupError) as exc:
            raise StoreError(f"{action}: {exc}") from exc
        except sqlite3.OperationalError as exc:
            if is_locked(exc):
                raise
            raise StoreFailure(f"“{action}” was not saved: {_failure(exc)}") from exc
        finally:
            if any(op[1] == "entities" for op in mutation.recorder.ops):
                self._entity_names = None
        if not mutation.recorder.ops:
            mutation.change = Change(0, action, self.user, kind, frozenset(mutation.documents), mutation.subject)
            return
        change = Change(
            change_id,
            action,
            self.user,
            kind,
            frozenset(mutation.documents),
            mutation.subject,
            tuple(mutation.recorder.ops),
        )
        mutation.change = change
        if self._batch is not None:
            self._batch.append(change)
            return
        if kind == "do" and undoable:
            self.history.pushed(change)
        self._notify(change)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    @contextmanager
    def batch(self, action: str, source: dict | None = None):
        """Several mutations in one transaction (an import batch); listeners hear one Change after commit.

        Yields the list the mutations' changes collect in. A mutation that fails inside rolls back
        to its own savepoint only, so the rest of the batch still commits. The imports in it are
        logged as one entry naming `source` (the files) and the rows added, changed and removed,
        not as a copy of every row: a million imported spans must not double the store.
        """
        if self._batch is not None:
            raise StoreError("batches do not nest")
        self._batch = changes = []
        try:
            with self._write():
                yield changes
                imported = [op for c in changes if c.kind == "import" for op in c.ops]
                if imported:
                    self._logged.add(self.db.execute(
                        "INSERT INTO changes (at, user, action, kind, what) VALUES (?, ?, ?, 'import', ?)",
                        [now(), self.user, action, json.dumps(_import_entry(imported, source or {}), ensure_ascii=False)],
                    ).lastrowid)
        except sqlite3.OperationalError as exc:
            if is_locked(exc):
                raise
            raise StoreFailure(f"{action} was not saved: {_failure(exc)}") from exc
        finally:
            self._batch = None
        if changes:
            self._notify(combined(changes, action, self.user, "import"))

    def _writable(self, annotator: str) -> None:
        if annotator not in (self.user, GOLD):
            raise StoreError(f"the layer of {annotator} is read-only for {self.user}")

    def _ensure_annotator(self, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)", [name, now()])

    def _ensure_targets(self, names: Iterable[str]) -> None:
        known = set(self.targets())
        missing = [n for n in names if n not in known]
        if missing:
            with self._write():
                for name in missing:
                    self.db.execute("INSERT OR IGNORE INTO targets (name, created) VALUES (?, ?)", [name, now()])

    def _span_row(self, span_id: str) -> dict:
        cursor = self.db.execute("SELECT * FROM spans WHERE id = ?", [span_id])
        row = cursor.fetchone()
        if row is None:
            raise StoreError(f"no span {span_id}")
        return dict(zip([d[0] for d in cursor.description], row))

    def _check_range(self, document_id: str, start: int, end: int) -> str:
        row = self.db.execute(
            "SELECT substr(text, ? + 1, ?), length(text) FROM documents WHERE id = ?",
            [start, end - start, document_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        if not 0 <= start < end <= row[1]:
            raise StoreError(f"span [{start}, {end}) is outside the text (length {row[1]})")
        return row[0]

    def _touch_status(self, m: _Mutation, document_id: str, annotator: str) -> None:
        """A first tag moves a todo document to in progress, inside the same action."""
        if self.status(document_id, annotator) == "todo":
            self._write_status(m, document_id, annotator, "in_progress")

    def _write_status(self, m: _Mutation, document_id: str, annotator: str, status: str) -> None:
        key = {"document_id": document_id, "annotator": annotator}
        exists = self.db.execute(
            "SELECT 1 FROM statuses WHERE document_id = ? AND annotator = ?", [document_id, annotator]
        ).fetchone()
        if exists:
            m.recorder.update("statuses", key, {"status": status, "updated": now()})
        else:
            m.recorder.insert("statuses", {**key, "status": status, "updated": now()})

    def _delete_span(self, m: _Mutation, span_id: str) -> None:
        for (relation_id,) in self.db.execute(
            "SELECT id FROM relations WHERE head_id = ? OR child_id = ?", [span_id, span_id]
        ).fetchall():
            m.recorder.delete("relations", {"id": relation_id})
        for (target,) in self.db.execute("SELECT target FROM stances WHERE span_id = ?", [span_id]).fetchall():
            m.recorder.delete("stances", {"span_id": span_id, "target": target})
        m.recorder.delete("spans", {"id": span_id})

    def add_span(
        self,
        document_id: str,
        label: str,
        start: int,
        end: int,
        *,
        annotator: str | None = None,
        attrs: dict | None = None,
        origin: str = "manual",
        provenance: dict | None = None,
        entity_id: str | None = None,
    ) -> Change:
        annotator = annotator or self.user
        self._writable(annotator)
        if origin not in ORIGINS:
            raise StoreError(f"unknown origin {origin!r}")
        self._known_label(label)
        text = self._check_range(document_id, start, end)
        with self._mutation(f"Tag {label}") as m:
            m.subject = self._insert_span(
                m, document_id, annotator, label, start, end, text,
                attrs=attrs, origin=origin, provenance=provenance, entity_id=entity_id,
            )
        return m.change

    def _insert_span(
        self, m: _Mutation, document_id: str, annotator: str, label: str, start: int, end: int, text: str,
        *, attrs: dict | None = None, origin: str = "manual", provenance: dict | None = None,
        entity_id: str | None = None,
    ) -> str:
        """Write one new span (checked by the caller) into mutation `m`; returns its id."""
        span_id = new_id()
        self._ensure_annotator(annotator)
        stamp = now()
        m.recorder.insert(
            "spans",
            {
                "id": span_id,
                "document_id": document_id,
                "annotator": annotator,
                "label": label,
                "start": start,
                "end": end,
                "text": text,
                "attrs": json.dumps(attrs or {}, sort_keys=True),
                "entity_id": entity_id,
                "origin": origin,
                "provenance": json.dumps(provenance or {}, sort_keys=True),
                "created": stamp,
                "updated": stamp,
            },
        )
        self._touch_status(m, document_id, annotator)
        m.documents.add(document_id)
        return span_id

    def delete_spans(self, span_ids: Iterable[str]) -> Change:
        span_ids = list(span_ids)
        rows = [self._span_row(s) for s in span_ids]
        for row in rows:
            self._writable(row["annotator"])
        label = rows[0]["label"] if len(rows) == 1 else f"{len(rows)} spans"
        with self._mutation(f"Delete {label}") as m:
            for row in rows:
                self._delete_span(m, row["id"])
                m.documents.add(row["document_id"])
            m.subject = span_ids[0] if span_ids else None
        return m.change

    def relabel_span(self, span_id: str, label: str) -> Change:
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        self._known_label(label)
        with self._mutation(f"Relabel {row['label']} as {label}") as m:
            if label != self.schema.claim_label:
                for (target,) in self.db.execute("SELECT target FROM stances WHERE span_id = ?", [span_id]).fetchall():
                    m.recorder.delete("stances", {"span_id": span_id, "target": target})
            for (relation_id,) in self.db.execute(
                "SELECT id FROM relations WHERE head_id = ? OR child_id = ?", [span_id, span_id]
            ).fetchall():
                m.recorder.delete("relations", {"id": relation_id})
            m.recorder.update("spans", {"id": span_id}, {"label": label, "updated": now()})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def move_span(self, span_id: str, start: int, end: int) -> Change:
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        text = self._check_range(row["document_id"], start, end)
        with self._mutation(f"Resize {row['label']}") as m:
            m.recorder.update("spans", {"id": span_id}, {"start": start, "end": end, "text": text, "updated": now()})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def set_span_attr(self, span_id: str, name: str, value: str | None) -> Change:
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        attrs = json.loads(row["attrs"])
        if value is None:
            attrs.pop(name, None)
        else:
            allowed = self.schema.span_label(row["label"]).attributes.get(name)
            if allowed is not None and value not in allowed:
                raise StoreError(f"{name} must be one of {', '.join(allowed)}")
            attrs[name] = value
        with self._mutation(f"Set {name}") as m:
            m.recorder.update("spans", {"id": span_id}, {"attrs": json.dumps(attrs, sort_keys=True), "updated": now()})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def link_speaker(self, claim_id: str, speaker_id: str) -> Change:
        """Attribute a claim to a speaker span, replacing any earlier attribution."""
        claim, speaker = self._span_row(claim_id), self._span_row(speaker_id)
        self._writable(claim["annotator"])
        if claim["label"] != self.schema.claim_label or speaker["label"] != self.schema.speaker_label:
            raise StoreError(f"{self.schema.attribution} links a {self.schema.claim_label} to a {self.schema.speaker_label}")
        if (claim["document_id"], claim["annotator"]) != (speaker["document_id"], speaker["annotator"]):
            raise StoreError("a claim can only be linked to a speaker in the same layer")
        with self._mutation(f"Link speaker “{speaker['text']}”") as m:
            self._write_link(m, claim, speaker_id)
        return m.change

    def link_new_speaker(self, claim_id: str, start: int, end: int) -> Change:
        """Tag [start, end) as a SPEAKER in the claim's layer and link the claim to it: one undo step."""
        claim = self._span_row(claim_id)
        self._writable(claim["annotator"])
        if claim["label"] != self.schema.claim_label:
            raise StoreError(f"{self.schema.attribution} links a {self.schema.claim_label} to a {self.schema.speaker_label}")
        text = self._check_range(claim["document_id"], start, end)
        with self._mutation(f"Tag and link speaker “{text}”") as m:
            speaker_id = self._insert_span(
                m, claim["document_id"], claim["annotator"], self.schema.speaker_label, start, end, text
            )
            self._write_link(m, claim, speaker_id)
        return m.change

    def _write_link(self, m: _Mutation, claim: dict, speaker_id: str) -> None:
        """Attribute `claim` (its row) to the speaker in mutation `m`, replacing an earlier attribution."""
        claim_id = claim["id"]
        for (relation_id,) in self.db.execute(
            "SELECT id FROM relations WHERE head_id = ? AND label = ?", [claim_id, self.schema.attribution]
        ).fetchall():
            m.recorder.delete("relations", {"id": relation_id})
        m.recorder.insert(
            "relations",
            {
                "id": new_id(),
                "document_id": claim["document_id"],
                "annotator": claim["annotator"],
                "label": self.schema.attribution,
                "head_id": claim_id,
                "child_id": speaker_id,
                "created": now(),
            },
        )
        m.documents.add(claim["document_id"])
        m.subject = claim_id

    def unlink_speaker(self, claim_id: str) -> Change:
        claim = self._span_row(claim_id)
        self._writable(claim["annotator"])
        with self._mutation("Unlink speaker") as m:
            for (relation_id,) in self.db.execute(
                "SELECT id FROM relations WHERE head_id = ? AND label = ?", [claim_id, self.schema.attribution]
            ).fetchall():
                m.recorder.delete("relations", {"id": relation_id})
            m.documents.add(claim["document_id"])
            m.subject = claim_id
        return m.change

    # people ----------------------------------------------------------------

    def _person(self, entity_id: str) -> Entity:
        try:
            return self.entity(entity_id)
        except KeyError:
            raise StoreError(f"no person {entity_id} (deleted since?)") from None

    def _alias_problem(self, alias: str, entity: Entity) -> str | None:
        """Why `alias` cannot become an alias of `entity`, or None when it can."""
        if is_generic(alias):
            return f"“{alias}” could name anybody, so it is not kept as an alias"
        others = self.named(alias, but=entity.id)
        return f"“{alias}” already names {others[0].name}" if others else None

    def _usable_aliases(self, entity: Entity, aliases: Iterable[str]) -> list[str]:
        """Those of `aliases` `entity` may gain, cleaned: new to them, not generic, naming nobody else.

        Another spelling of a name they have (Sergey for Sergei) is new: it is kept, so that
        every spelling shows and travels in exports.
        """
        had = {n.casefold() for n in entity.names()}
        usable = []
        for alias in map(clean_name, aliases):
            if alias and alias.casefold() not in had and self._alias_problem(alias, entity) is None:
                had.add(alias.casefold())
                usable.append(alias)
        return usable

    def _checked(self, entity: Entity, before: Entity | None = None) -> Entity:
        """`entity` as it may be stored (names cleaned), or a StoreError saying what is wrong.

        Only what changed since `before` is checked against the other people, so an old
        record is never refused for what it already held.
        """
        name = clean_name(entity.name)
        if not name:
            raise StoreError("a person needs a name")
        names = before.names() if before else ()
        taken = self.named(name, but=entity.id) if name_key(name) not in {name_key(n) for n in names} else []
        if taken:
            raise StoreError(f"“{name}” already names {taken[0].name}: merge the two instead")
        if entity.kind is not None and entity.kind not in KINDS:
            raise StoreError(f"a person's kind is one of {', '.join(KINDS)}, not {entity.kind!r}")
        note = entity.note.strip()
        if len(note) > NOTE_LIMIT:
            raise StoreError(f"a note holds at most {NOTE_LIMIT} characters")
        had = {n.casefold() for n in names}
        aliases: dict[str, str] = {}
        for alias in map(clean_name, entity.aliases):
            folded = alias.casefold()
            if not alias or folded == name.casefold() or folded in aliases:
                continue
            problem = None if folded in had else self._alias_problem(alias, entity)
            if problem:
                raise StoreError(problem)
            aliases[folded] = alias
        return replace(entity, name=name, aliases=tuple(sorted(aliases.values(), key=str.casefold)), note=note)

    def _insert_entity(self, m: _Mutation, entity: Entity) -> None:
        m.recorder.insert("entities", {"id": entity.id, **_entity_values(entity), "created": now()})

    def create_entity(
        self, name: str, aliases: Iterable[str] = (), kind: str | None = None, note: str = ""
    ) -> Change:
        entity = self._checked(Entity(new_id(), name, tuple(aliases), kind, note))
        with self._mutation(f"New person “{entity.name}”") as m:
            self._insert_entity(m, entity)
            m.subject = entity.id
        return m.change

    def add_alias(self, entity_id: str, alias: str) -> Change:
        entity = self._person(entity_id)
        return self.edit_entity(replace(entity, aliases=(*entity.aliases, alias)))

    def edit_entity(self, edited: Entity) -> Change:
        """Write a person's name, aliases, kind and note as `edited` has them: one action.

        The change names every document that mentions the person, so that their new
        name shows wherever a mention of them does.
        """
        before = self._person(edited.id)
        entity = self._checked(edited, before)
        if entity.name != before.name:
            action = f"Rename “{before.name}” to “{entity.name}”"
        elif entity.aliases != before.aliases:
            action = f"Edit aliases of “{entity.name}”"
        else:
            action = f"Edit “{entity.name}”"
        with self._mutation(action) as m:
            m.recorder.update("entities", {"id": entity.id}, _entity_values(entity))
            m.documents.update(self._mention_documents(entity.id))
            m.subject = entity.id
        return m.change

    def merge_entities(self, keep_id: str, gone_id: str) -> Change:
        """Make two people one: every mention of `gone_id`, in every layer, moves to `keep_id`.

        The one kept takes the other's name and aliases as aliases (those it may have, see
        `_usable_aliases`), and their kind and note where it has none. One action, one undo step.
        """
        keep, gone = self._person(keep_id), self._person(gone_id)
        if keep.id == gone.id:
            raise StoreError("merge two different people")
        if gone.id in SPECIAL:
            raise StoreError(f"“{gone.name}” is a special speaker: merge the other person into it instead")
        mentions = self.db.execute("SELECT id, document_id FROM spans WHERE entity_id = ?", [gone.id]).fetchall()
        with self._mutation(f"Merge “{gone.name}” into “{keep.name}”") as m:
            for span_id, document_id in mentions:
                m.recorder.update("spans", {"id": span_id}, {"entity_id": keep.id})
                m.documents.add(document_id)
            m.recorder.delete("entities", {"id": gone.id})
            aliases = tuple(sorted((*keep.aliases, *self._usable_aliases(keep, gone.names())), key=str.casefold))
            merged = replace(keep, aliases=aliases, kind=keep.kind or gone.kind, note=keep.note or gone.note)
            m.recorder.update("entities", {"id": keep.id}, _entity_values(merged))
            m.subject = keep.id
        return m.change

    def split_mentions(self, span_ids: Iterable[str], name: str) -> Change:
        """Take mentions wrongly given to a person away from them: to whoever `name` names, or a new person.

        When `name` is one of the old person's aliases, that alias leaves with the mentions.
        """
        rows = [self._span_row(s) for s in span_ids]
        owners = {r["entity_id"] for r in rows}
        if not rows or len(owners) != 1 or None in owners:
            raise StoreError("split off mentions of one person")
        old = self._person(owners.pop())
        name = clean_name(name)
        target = next(iter(self.named(name, but=old.id)), None)
        if target is None and name_key(name) == name_key(old.name):
            raise StoreError(f"“{name}” is the name of the person they leave: give the split-off mentions another")
        kept = tuple(a for a in old.aliases if name_key(a) != name_key(name))
        count = f"{len(rows)} mentions" if len(rows) > 1 else f"“{clean_name(rows[0]['text'])}”"
        with self._mutation(f"Split {count} off “{old.name}”") as m:
            if kept != old.aliases:
                m.recorder.update("entities", {"id": old.id}, _entity_values(replace(old, aliases=kept)))
            if target is None:
                target = self._checked(Entity(new_id(), name, kind=old.kind))
                self._insert_entity(m, target)
            for row in rows:
                m.recorder.update("spans", {"id": row["id"]}, {"entity_id": target.id, "updated": now()})
                m.documents.add(row["document_id"])
            m.subject = target.id
        return m.change

    def delete_entity(self, entity_id: str) -> Change:
        """Delete a person nobody is identified as any more (the special speakers stay)."""
        entity = self._person(entity_id)
        if entity.id in SPECIAL:
            raise StoreError(f"“{entity.name}” is a special speaker and stays")
        mentions = self.db.execute("SELECT count(*) FROM spans WHERE entity_id = ?", [entity_id]).fetchone()[0]
        if mentions:
            raise StoreError(
                f"“{entity.name}” still has {mentions} mention{'s' if mentions != 1 else ''}: "
                "merge them into someone else or un-identify them first"
            )
        with self._mutation(f"Delete person “{entity.name}”") as m:
            m.recorder.delete("entities", {"id": entity_id})
        return m.change

    def set_entity(self, span_id: str, entity_id: str | None) -> Change:
        """Identify a mention as a person, or (None) un-identify it; no alias changes."""
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        name = self._person(entity_id).name if entity_id else None
        with self._mutation(f"Identify as {name}" if name else "Clear speaker identity") as m:
            m.recorder.update("spans", {"id": span_id}, {"entity_id": entity_id, "updated": now()})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def identify_speaker(
        self, span_id: str, name: str | None = None, *, entity_id: str | None = None, alias: bool = False
    ) -> Change:
        """Link a SPEAKER mention to a person: `entity_id`, else whoever `name` names, else a new person `name`.

        A mention is not a name: its wording becomes one of the person's aliases only when
        `alias` asks for it (identifying "he" as Lavrov must not make every "he" Lavrov).
        One action, one undo step.
        """
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        found = self._person(entity_id) if entity_id else self.find_entity(name or "")
        entity = found or self._checked(Entity(new_id(), name or ""))
        wording = clean_name(row["text"])
        if alias and wording.casefold() not in {n.casefold() for n in entity.names()}:
            problem = self._alias_problem(wording, entity)
            if problem:
                raise StoreError(problem)
            entity = replace(entity, aliases=tuple(sorted((*entity.aliases, wording), key=str.casefold)))
        with self._mutation(f"Identify as {entity.name}") as m:
            if found is None:
                self._insert_entity(m, entity)
            elif entity != found:
                m.recorder.update("entities", {"id": entity.id}, _entity_values(entity))
            m.recorder.update("spans", {"id": span_id}, {"entity_id": entity.id, "updated": now()})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def add_target(self, name: str) -> Change:
        name = name.strip()
        if not name:
            raise StoreError("a target needs a name")
        with self._mutation(f"Add target “{name}”") as m:
            if name not in self.targets():
                m.recorder.insert("targets", {"name": name, "created": now()})
            m.subject = name
        return m.change

    def set_stance(self, span_id: str, target: str, label: str) -> Change:
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        if row["label"] != self.schema.claim_label:
            raise StoreError(f"only a {self.schema.claim_label} takes stances")
        if label not in self.schema.stance_names():
            raise StoreError(f"unknown stance {label!r}; the scheme has {', '.join(self.schema.stance_names())}")
        target = target.strip()
        if not target:
            raise StoreError("a stance needs a target")
        key = {"span_id": span_id, "target": target}
        with self._mutation(f"Stance {label} on {target}") as m:
            if target not in self.targets():
                m.recorder.insert("targets", {"name": target, "created": now()})
            exists = self.db.execute(
                "SELECT 1 FROM stances WHERE span_id = ? AND target = ?", [span_id, target]
            ).fetchone()
            if exists:
                m.recorder.update("stances", key, {"label": label})
            else:
                m.recorder.insert("stances", {**key, "label": label})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def remove_stance(self, span_id: str, target: str) -> Change:
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        with self._mutation(f"Remove stance on {target}") as m:
            m.recorder.delete("stances", {"span_id": span_id, "target": target})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def retarget_stance(self, span_id: str, target: str, new_target: str) -> Change:
        """Move the claim's stance on `target` to `new_target`, keeping its label."""
        row = self._span_row(span_id)
        self._writable(row["annotator"])
        new_target = new_target.strip()
        if not new_target:
            raise StoreError("a stance needs a target")
        with self._mutation(f"Stance target {target} → {new_target}") as m:
            stances = dict(self.db.execute("SELECT target, label FROM stances WHERE span_id = ?", [span_id]).fetchall())
            if target not in stances:
                raise StoreError(f"the claim has no stance on {target}")
            if new_target in stances:
                raise StoreError(f"the claim already has a stance on {new_target}; remove one of them")
            label = stances.pop(target)
            self._write_stances(m, span_id, {**stances, new_target: label})
            m.documents.add(row["document_id"])
            m.subject = span_id
        return m.change

    def set_status(self, document_id: str, status: str, annotator: str | None = None) -> Change:
        annotator = annotator or self.user
        self._writable(annotator)
        if status not in STATUSES:
            raise StoreError(f"status must be one of {', '.join(STATUSES)}")
        self.document(document_id)
        with self._mutation(f"Mark {status.replace('_', ' ')}") as m:
            self._ensure_annotator(annotator)
            self._write_status(m, document_id, annotator, status)
            m.documents.add(document_id)
        return m.change

    def rename_document(self, document_id: str, title: str) -> Change:
        """Give a document another title, on one line; every annotator sees it."""
        title = " ".join(title.split())
        if not title:
            raise StoreError("a document needs a title")
        with self._mutation(f"Rename document to “{title[:60]}”") as m:
            m.recorder.update("documents", {"id": document_id}, {"title": title})
            m.documents.add(document_id)
        return m.change

    def set_review_status(self, document_id: str, status: str) -> Change:
        if status not in REVIEW_STATUSES:
            raise StoreError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
        self.document(document_id)
        with self._mutation(f"Review {status.replace('_', ' ')}") as m:
            self._write_review(m, document_id, status)
            m.documents.add(document_id)
        return m.change

    def _write_review(self, m: _Mutation, document_id: str, status: str) -> None:
        key = {"document_id": document_id}
        if self.db.execute("SELECT 1 FROM reviews WHERE document_id = ?", [document_id]).fetchone():
            m.recorder.update("reviews", key, {"status": status, "updated": now()})
        else:
            m.recorder.insert("reviews", {**key, "status": status, "updated": now()})

    def adjudicate(self, decisions: Iterable[Decision], review_status: dict[str, str], action: str) -> Change:
        """Write decisions into the gold layer as one action (one undo step).

        Deciding a difference again first takes back what the earlier decision
        put into gold. Gold spans record where they came from and who decided
        in `provenance` ({"from", "sources", "decided_by", "decisions"}).
        Nobody's own layer is touched.
        """
        decisions = list(decisions)
        for decision in decisions:
            if decision.choice not in CHOICES:
                raise StoreError(f"a decision is one of {', '.join(CHOICES)}, not {decision.choice!r}")
            for span in decision.take:
                self._known_label(span.label)
        for status in review_status.values():
            if status not in REVIEW_STATUSES:
                raise StoreError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
        with self._mutation(action) as m:
            self._ensure_annotator(GOLD)
            for decision in decisions:
                self._apply_decision(m, decision)
                m.documents.add(decision.document_id)
            for document_id, status in review_status.items():
                if self.review_status(document_id) != status:
                    self._write_review(m, document_id, status)
                m.documents.add(document_id)
        return m.change

    def _apply_decision(self, m: _Mutation, decision: Decision) -> None:
        self._take_back(m, decision)
        for span_id in decision.drop:
            if self.db.execute("SELECT 1 FROM spans WHERE id = ? AND annotator = ?", [span_id, GOLD]).fetchone():
                self._delete_span(m, span_id)
        stances: dict[str, dict[str, str]] = {}
        speakers: dict[str, Span | None] = {}
        for span, speaker in zip(decision.take, decision.speakers, strict=True):
            gold_id = self._gold_copy(m, decision, span)
            m.subject = m.subject or gold_id
            if span.label != self.schema.claim_label:
                continue
            merged = stances.setdefault(gold_id, {})
            for stance in span.stances:
                merged.setdefault(stance.target, stance.label)
            if speakers.get(gold_id) is None:
                speakers[gold_id] = speaker
        for gold_id, wanted in stances.items():
            self._write_stances(m, gold_id, wanted)
        for gold_id, speaker in speakers.items():
            for (relation_id,) in self.db.execute(
                "SELECT id FROM relations WHERE head_id = ? AND label = ?", [gold_id, self.schema.attribution]
            ).fetchall():
                m.recorder.delete("relations", {"id": relation_id})
            if speaker is not None:
                m.recorder.insert(
                    "relations",
                    {
                        "id": new_id(),
                        "document_id": decision.document_id,
                        "annotator": GOLD,
                        "label": self.schema.attribution,
                        "head_id": gold_id,
                        "child_id": self._gold_copy(m, decision, speaker),
                        "created": now(),
                    },
                )
        row = {
            "document_id": decision.document_id,
            "a_annotator": decision.a_annotator,
            "b_annotator": decision.b_annotator,
            "kind": decision.kind,
            "choice": decision.choice,
            "decided_by": self.user,
            "decided_at": now(),
        }
        if self.db.execute("SELECT 1 FROM decisions WHERE key = ?", [decision.key]).fetchone():
            m.recorder.update("decisions", {"key": decision.key}, row)
        else:
            m.recorder.insert("decisions", {"key": decision.key, **row})

    def _take_back(self, m: _Mutation, decision: Decision) -> None:
        """Remove what an earlier decision on the same difference put into gold."""
        for span in self.spans(decision.document_id, GOLD):
            keys = span.provenance.get("decisions", [])
            if decision.key not in keys:
                continue
            rest = [k for k in keys if k != decision.key]
            if rest or span.origin != "adjudicated":
                provenance = json.dumps({**span.provenance, "decisions": rest}, sort_keys=True)
                m.recorder.update("spans", {"id": span.id}, {"provenance": provenance})
            else:
                self._delete_span(m, span.id)

    def _gold_copy(self, m: _Mutation, decision: Decision, span: Span) -> str:
        """The gold span with `span`'s label and range, made if missing; returns its id."""
        found = self.db.execute(
            'SELECT id, provenance FROM spans WHERE document_id = ? AND annotator = ? AND label = ? '
            'AND start = ? AND "end" = ?',
            [decision.document_id, GOLD, span.label, span.start, span.end],
        ).fetchone()
        if found:
            provenance = json.loads(found[1])
            merged = {
                **provenance,
                "from": _added(provenance.get("from", []), span.annotator),
                "sources": _added(provenance.get("sources", []), span.id),
                "decisions": _added(provenance.get("decisions", []), decision.key),
            }
            if merged != provenance:
                m.recorder.update("spans", {"id": found[0]}, {"provenance": json.dumps(merged, sort_keys=True)})
            return found[0]
        gold_id = new_id()
        stamp = now()
        provenance = {"from": [span.annotator], "sources": [span.id], "decided_by": self.user, "decisions": [decision.key]}
        m.recorder.insert(
            "spans",
            {
                "id": gold_id,
                "document_id": decision.document_id,
                "annotator": GOLD,
                "label": span.label,
                "start": span.start,
                "end": span.end,
                "text": self._check_range(decision.document_id, span.start, span.end),
                "attrs": json.dumps(span.attrs, sort_keys=True, ensure_ascii=False),
                "entity_id": span.entity_id,
                "origin": "adjudicated",
                "provenance": json.dumps(provenance, sort_keys=True),
                "created": stamp,
                "updated": stamp,
            },
        )
        self._touch_status(m, decision.document_id, GOLD)
        return gold_id

    def _write_stances(self, m: _Mutation, span_id: str, wanted: dict[str, str]) -> None:
        current = dict(self.db.execute("SELECT target, label FROM stances WHERE span_id = ?", [span_id]).fetchall())
        for target in current.keys() - wanted.keys():
            m.recorder.delete("stances", {"span_id": span_id, "target": target})
        for target, label in wanted.items():
            if target not in self.targets():
                m.recorder.insert("targets", {"name": target, "created": now()})
            if target not in current:
                m.recorder.insert("stances", {"span_id": span_id, "target": target, "label": label})
            elif current[target] != label:
                m.recorder.update("stances", {"span_id": span_id, "target": target}, {"label": label})

    def _known_label(self, label: str) -> None:
        try:
            self.schema.span_label(label)
        except KeyError:
            names = ", ".join(x.name for x in self.schema.span_labels)
            raise StoreError(f"unknown label {label!r}; the scheme has {names}") from None

    # suggestions ---------------------------------------------------------

    def fill_suggestions(
        self,
        suggester: Suggester,
        document_ids: Iterable[str] | None = None,
        progress: Callable[[int, int], bool] | None = None,
        cancelled: Callable[[], bool] | None = None,
        wait_again: Callable[[], bool] | None = None,
    ) -> int:
        """Replace the layer `suggest:<name>` on each document with what `suggester` proposes now.

        Documents are written in batches (one transaction per 200 ms of suggesting), outside the
        undo history and the change log: a suggestion layer is the machine's, rebuilt at will.
        `progress(done, total)` returning False stops after the batch being written; `cancelled()`
        returning True stops before the next document or write (a batch suggested but not written is dropped);
        what was written stays. When another program holds the write lock past `write_wait`,
        `wait_again()` returning True asks for it again (else StoreBusy). Returns the number of
        suggestions written.
        """
        layer = layer_name(suggester.name)
        ids = list(self.document_ids() if document_ids is None else document_ids)
        self._write_waiting(lambda: self._ensure_annotator(layer), wait_again)
        written = done = 0
        while done < len(ids):
            deadline = time.monotonic() + 0.2
            batch: list[tuple[str, str, Suggestions]] = []
            while done < len(ids) and (not batch or time.monotonic() < deadline) and not (cancelled and cancelled()):
                row = self.db.execute("SELECT text FROM documents WHERE id = ?", [ids[done]]).fetchone()
                if row is not None:
                    with collector_paused():  # its runs over every object held the interpreter 0.3 s at a time
                        batch.append((ids[done], row[0], suggester.suggest(row[0])))
                done += 1
            if cancelled is not None and cancelled():
                break
            try:
                written += self._write_waiting(
                    lambda: sum(self._write_suggestions(d, text, layer, suggester.name, found) for d, text, found in batch),
                    wait_again,
                )
            except StoreBusy:
                if cancelled is not None and cancelled():
                    break
                raise
            if batch:
                self._notify(Change(0, f"Suggestions by {suggester.name}", self.user, "suggest",
                                    frozenset(d for d, _, _ in batch)))
            stop = (progress is not None and progress(done, len(ids)) is False) or (cancelled is not None and cancelled())
            if stop:
                break
        return written

    def _write_waiting(self, write: Callable[[], object], wait_again: Callable[[], bool] | None) -> object:
        """`write()` in one transaction; while the lock stays busy past `write_wait`, again if `wait_again()` says so."""
        while True:
            try:
                with self._write():
                    return write()
            except StoreBusy:
                if wait_again is None or not wait_again():
                    raise

    def _write_suggestions(self, document_id: str, text: str, layer: str, model: str, suggestions: Suggestions) -> int:
        """One document's suggestion layer, replaced; labels the scheme lacks and bad ranges are dropped."""
        self.db.execute("DELETE FROM relations WHERE document_id = ? AND annotator = ?", [document_id, layer])
        self.db.execute("DELETE FROM spans WHERE document_id = ? AND annotator = ?", [document_id, layer])
        labels = {label.name for label in self.schema.span_labels}
        linked = {link.claim_key: link for link in suggestions.links}
        ids: dict[str, str] = {}
        rows = []
        stamp = now()
        for s in suggestions.spans:
            if s.label not in labels or not 0 <= s.start < s.end <= len(text) or s.key in ids:
                continue
            ids[s.key] = suggestion_id(document_id, layer, s.key)
            provenance = {"model": model, "confidence": round(float(s.confidence), 4)}
            if s.key in linked:
                provenance["link_confidence"] = round(float(linked[s.key].confidence), 4)
            rows.append([ids[s.key], document_id, layer, s.label, s.start, s.end, text[s.start:s.end],
                         "suggested", json.dumps(provenance, sort_keys=True), stamp, stamp])
        self.db.conn.executemany(
            'INSERT INTO spans (id, document_id, annotator, label, start, "end", text, origin, provenance, created, '
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.db.conn.executemany(
            "INSERT INTO relations (id, document_id, annotator, label, head_id, child_id, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [suggestion_id(document_id, layer, f"{link.claim_key}>{link.speaker_key}"), document_id, layer,
                 self.schema.attribution, ids[link.claim_key], ids[link.speaker_key], stamp]
                for link in suggestions.links
                if link.claim_key in ids and link.speaker_key in ids
            ],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO suggestion_runs (document_id, layer, created, suggestions) VALUES (?, ?, ?, ?)",
            [document_id, layer, stamp, len(rows)],
        )
        return len(rows)

    def unsuggested_documents(self, layer: str) -> list[str]:
        """The documents the layer's suggester has not run on yet, in the order they came in."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM suggestion_runs WHERE layer = ?) "
            "ORDER BY rowid", [layer])]

    def has_suggestions(self, document_id: str, layer: str) -> bool:
        """True once the layer's suggester ran on the document (even if it proposed nothing)."""
        return self.db.execute(
            "SELECT 1 FROM suggestion_runs WHERE document_id = ? AND layer = ?", [document_id, layer]
        ).fetchone() is not None

    def pending_suggestions(
        self, document_id: str, layer: str, before: int | None = None
    ) -> tuple[list[Span], list[Relation]]:
        """The layer's suggestions the user has not decided yet, and the links between them
        (`before`: only those starting before that offset, the first screen of a long article).

        Hidden: those the user accepted or rejected on this document (by key, whichever model made
        them), and those the user's layer already has (same label and range).
        """
        decided = self._decided_keys(document_id)
        starting = "" if before is None else "AND start < ?"
        own = set(self.db.execute(
            f'SELECT label, start, "end" FROM spans WHERE document_id = ? AND annotator = ? {starting}',
            [document_id, self.user, *([] if before is None else [before])],
        ).fetchall())
        spans = [
            s for s in self.spans(document_id, layer, before=before)
            if (s.label, s.start, s.end) not in own and not (decided and suggestion_key(s) in decided)
        ]
        shown = {s.id for s in spans}
        relations = self.relations(document_id, layer, shown if before is not None else None)
        return spans, [r for r in relations if r.head_id in shown and r.child_id in shown]

    def pending_with_keys(self, document_id: str, layer: str, keys: Iterable[str]) -> list[Span]:
        """The layer's suggestions with these keys that `pending_suggestions` shows (neither decided nor tagged
        alike by the user): after an action the window shows or hides a few suggestions, not all of them again."""
        ids = []
        for key in keys:
            label, start, end = key.rsplit(":", 2)
            decided = self.db.execute(
                "SELECT 1 FROM verdicts WHERE document_id = ? AND user = ? AND key = ?", [document_id, self.user, key]
            ).fetchone()
            tagged = self.db.execute(
                'SELECT 1 FROM spans WHERE document_id = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?',
                [document_id, self.user, int(start), int(end), label],
            ).fetchone()
            if not decided and not tagged:
                ids.append(suggestion_id(document_id, layer, key))
        return sorted(self.spans_by_id(ids).values(), key=span_order)

    def _decided_keys(self, document_id: str) -> set[str]:
        rows = self.db.execute("SELECT key FROM verdicts WHERE document_id = ? AND user = ?", [document_id, self.user])
        return {r[0] for r in rows}

    def suggestion_counts(self, layer: str, document_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Document id -> how many of the layer's suggestions the user has not decided (documents with any).

        What a fill wrote (`suggestion_runs`) less the few the user decided (verdicts first: CROSS JOIN
        keeps SQLite from scanning every suggestion) or tagged; 20,000 filled documents with 400,000
        suggestions: ~70 ms, against ~540 ms checking every suggestion.
        """
        if document_ids is None:
            return self._suggestion_counts(layer, None)
        ids = list(document_ids)
        counts: dict[str, int] = {}
        for first in range(0, len(ids), _IDS_PER_QUERY):
            counts.update(self._suggestion_counts(layer, ids[first:first + _IDS_PER_QUERY]))
        return counts

    def _suggestion_counts(self, layer: str, ids: list[str] | None) -> dict[str, int]:
        def within(column: str) -> str:
            return "" if ids is None else f"AND {column} IN ({','.join('?' * len(ids))})"

        some = [] if ids is None else ids
        counts = dict(self.db.execute(
            f"SELECT document_id, suggestions FROM suggestion_runs WHERE layer = ? {within('document_id')}",
            [layer, *some],
        ).fetchall())
        hidden = self.db.execute(
            f"""SELECT document_id, count(*) FROM (
                   SELECT s.id, s.document_id FROM verdicts v CROSS JOIN spans s ON s.document_id = v.document_id
                       AND s.annotator = ? AND v.key = s.label || ':' || s.start || ':' || s."end"
                   WHERE v.user = ? {within('v.document_id')}
                   UNION SELECT s.id, s.document_id FROM spans u JOIN spans s ON s.document_id = u.document_id
                       AND s.annotator = ? AND s.start = u.start AND s."end" = u."end" AND s.label = u.label
                   WHERE u.annotator = ? {within('u.document_id')})
               GROUP BY document_id""",
            [layer, self.user, *some, layer, self.user, *some],
        )
        for document_id, count in hidden:
            counts[document_id] = counts.get(document_id, 0) - count
        return {document_id: count for document_id, count in counts.items() if count > 0}

    def _suggestion_row(self, span_id: str) -> dict:
        try:
            row = self._span_row(span_id)
        except StoreError:
            raise StoreError("that suggestion is gone: its layer was suggested again without it") from None
        if not is_suggestion_layer(row["annotator"]):
            raise StoreError("that span is not a suggestion")
        return row

    def accept_suggestions(self, accepted: Iterable[Acceptance]) -> Change:
        """Copy suggestions into the user's layer, each with the range and label it was given: one action.

        The copy has origin "suggested" and provenance naming the model and its confidence (and
        "adjusted" when the user moved a boundary or changed the label). An accepted CLAIM brings its
        suggested SPEAKER (the user's own span of that range when there is one) and the link. Each
        suggestion taken gets the verdict "accepted", so it does not come back.
        """
        items = [(self._suggestion_row(a.span_id), a) for a in accepted]
        if not items:
            raise StoreError("no suggestion to accept")
        for row, a in items:
            if a.start is not None:
                self._check_range(row["document_id"], a.start, a.end)
            if a.label is not None:
                self._known_label(a.label)
        action = f"Accept {items[0][0]['label']} suggestion" if len(items) == 1 else f"Accept {len(items)} suggestions"
        with self._mutation(action) as m:
            self._ensure_annotator(self.user)
            for row, a in items:
                span_id = self._accept(m, row, a)
                m.subject = m.subject or span_id
                m.documents.add(row["document_id"])
                self._touch_status(m, row["document_id"], self.user)
        return m.change

    def _accept(self, m: _Mutation, row: dict, given: Acceptance | None = None) -> str:
        """The user's span for the suggestion `row` (made if missing), its speaker and link for a claim."""
        start, end = (row["start"], row["end"]) if given is None or given.start is None else (given.start, given.end)
        label = given.label if given is not None and given.label else row["label"]
        document_id = row["document_id"]
        provenance = {k: v for k, v in json.loads(row["provenance"]).items() if k in ("model", "confidence")}
        if (label, start, end) != (row["label"], row["start"], row["end"]):
            provenance["adjusted"] = True
        span_id = self._own_span_at(document_id, label, start, end)
        if span_id is None:
            span_id = new_id()
            stamp = now()
            m.recorder.insert("spans", {
                "id": span_id, "document_id": document_id, "annotator": self.user, "label": label,
                "start": start, "end": end, "text": self._check_range(document_id, start, end),
                "attrs": _json_column(self._quote_attrs(document_id, label, start, end)),
                "entity_id": None, "origin": "suggested", "provenance": json.dumps(provenance, sort_keys=True),
                "created": stamp, "updated": stamp,
            })
        self._write_verdict(m, document_id, suggestion_key(row), "accepted")
        if label != self.schema.claim_label or row["label"] != self.schema.claim_label:
            return span_id
        link = self.db.execute(
            "SELECT child_id FROM relations WHERE head_id = ? AND label = ?", [row["id"], self.schema.attribution]
        ).fetchone()
        linked = self.db.execute(
            "SELECT 1 FROM relations WHERE head_id = ? AND label = ?", [span_id, self.schema.attribution]
        ).fetchone()
        if link and not linked:
            speaker_id = self._accept(m, self._span_row(link[0]))
            m.recorder.insert("relations", {
                "id": new_id(), "document_id": document_id, "annotator": self.user, "label": self.schema.attribution,
                "head_id": span_id, "child_id": speaker_id, "created": now(),
            })
        return span_id

    def _quote_attrs(self, document_id: str, label: str, start: int, end: int) -> dict:
        """An accepted claim's quote type, read from its quote marks (`structure.quote_type`), when the scheme has it."""
        if label != self.schema.claim_label:
            return {}
        text = self.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
        kind = quote_type(text, start, end)
        return {"quote_type": kind} if kind in self.schema.span_label(label).attributes.get("quote_type", ()) else {}

    def _own_span_at(self, document_id: str, label: str, start: int, end: int) -> str | None:
        row = self.db.execute(
            'SELECT id FROM spans WHERE document_id = ? AND annotator = ? AND label = ? AND start = ? AND "end" = ?',
            [document_id, self.user, label, start, end],
        ).fetchone()
        return row[0] if row else None

    def _write_verdict(self, m: _Mutation, document_id: str, key: str, verdict: str) -> None:
        exists = self.db.execute(
            "SELECT 1 FROM verdicts WHERE document_id = ? AND user = ? AND key = ?", [document_id, self.user, key]
        ).fetchone()
        if not exists:
            m.recorder.insert("verdicts", {
                "document_id": document_id, "user": self.user, "key": key, "verdict": verdict, "created": now(),
            })

    def reject_suggestions(self, span_ids: Iterable[str]) -> Change:
        """Record that the user rejects these suggestions: they never come back on their document. One action."""
        rows = [self._suggestion_row(span_id) for span_id in span_ids]
        if not rows:
            raise StoreError("no suggestion to reject")
        action = f"Reject {rows[0]['label']} suggestion" if len(rows) == 1 else f"Reject {len(rows)} suggestions"
        with self._mutation(action) as m:
            for row in rows:
                self._write_verdict(m, row["document_id"], suggestion_key(row), "rejected")
                m.documents.add(row["document_id"])
        return m.change

    def verdicts(self, document_id: str) -> dict[str, str]:
        """Suggestion key -> 'accepted' or 'rejected', the user's on this document."""
        rows = self.db.execute(
            "SELECT key, verdict FROM verdicts WHERE document_id = ? AND user = ?", [document_id, self.user]
        )
        return dict(rows.fetchall())

    def worked_documents(self, annotator: str | None = None) -> int:
        """Documents the annotator marked done or put spans on: what the window counts before it trains."""
        who = annotator or self.user
        return self.db.execute(
            """SELECT count(*) FROM (SELECT document_id FROM spans WHERE annotator = ?
               UNION SELECT document_id FROM statuses WHERE annotator = ? AND status = 'done')""",
            [who, who],
        ).fetchone()[0]

    # trained models --------------------------------------------------------

    def add_model(self, data: bytes, training_size: int, score: dict, layers: Iterable[str]) -> str:
        """Keep a trained model under the next name `model-N`; returns the name."""
        with self._write():
            number = self.db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM models").fetchone()[0]
            name = f"model-{number}"
            self.db.execute(
                "INSERT INTO models (name, number, data, training_size, score, layers, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [name, number, data, training_size, json.dumps(score, sort_keys=True), json.dumps(list(layers)), now()],
            )
        return name

    def models(self) -> list[ModelInfo]:
        """The trained models, oldest first (without their bytes)."""
        rows = self.db.execute("SELECT name, number, training_size, score, layers, created FROM models ORDER BY number")
        return [
            ModelInfo(name, number, size, json.loads(score), tuple(json.loads(layers)), created)
            for name, number, size, score, layers, created in rows
        ]

    def model_data(self, name: str) -> bytes:
        row = self.db.execute("SELECT data FROM models WHERE name = ?", [name]).fetchone()
        if row is None:
            raise StoreError(f"no model {name} (models in this store: {', '.join(m.name for m in self.models()) or 'none'})")
        return bytes(row[0])

    # history -------------------------------------------------------------

    def undo(self) -> Change | None:
        """Undo the last action; refused (both stacks kept) when the data changed since."""
        if not self.history.undo_stack:
            return None
        done = self.history.undo_stack[-1]
        change = self._replay(done, inverse(list(done.ops)), "undo")
        self.history.undo_stack.pop()
        self.history.redo_stack.append(done)
        return change

    def redo(self) -> Change | None:
        if not self.history.redo_stack:
            return None
        done = self.history.redo_stack[-1]
        change = self._replay(done, list(done.ops), "redo")
        self.history.redo_stack.pop()
        self.history.undo_stack.append(done)
        return change

    def _replay(self, done: Change, ops: list, kind: str) -> Change:
        try:
            with self._mutation(done.action, kind=kind) as m:
                m.recorder.replay(ops)
                m.documents.update(done.document_ids)
                m.subject = done.subject
        except (StoreFailure, StoreBusy) as exc:
            raise type(exc)(f"cannot {kind} now: {exc}") from exc
        except (LookupError, StoreError) as exc:
            raise StoreError(f"cannot {kind} “{done.action}”: the data changed since ({exc})") from exc
        return m.change

    # import --------------------------------------------------------------

    def add_document(
        self,
        text: str,
        *,
        title: str | None = None,
        source: str | None = None,
        published: str | None = None,
        meta: dict | None = None,
    ) -> ImportResult:
        """Add a document (its text normalised once, here), or find the same text already stored."""
        return self.import_layer(Layer(make_document(text, title, source, published, meta), None, None))

    def add_documents(self, documents: list[Document], source: dict | None = None) -> list[ImportResult]:
        """Many documents in one statement (a folder of articles); texts already stored are found, not added.

        With `source` (the files they were read from) they are an import batch of their own (see
        `batch`): nothing else is in its transaction, so they are written without a savepoint.
        """
        if source is not None:
            with self.batch("Import", source):
                return self._add_documents(documents, savepoint=False)
        return self._add_documents(documents)

    def _add_documents(self, documents: list[Document], savepoint: bool = True) -> list[ImportResult]:
        with self._mutation(f"Import {len(documents)} documents", kind="import", savepoint=savepoint) as m:
            known: dict[str, str] = {}
            hashes = list({d.sha256 for d in documents})
            for first in range(0, len(hashes), _IDS_PER_QUERY):
                chunk = hashes[first:first + _IDS_PER_QUERY]
                known.update(self.db.execute(
                    f"SELECT sha256, id FROM documents WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall())
            rows, results, stamp = [], [], now()
            for document in documents:
                if document.sha256 in known:
                    results.append(ImportResult(known[document.sha256], False))
                    continue
                known[document.sha256] = document.id
                rows.append(_document_row(document, stamp))
                results.append(ImportResult(document.id, True))
            m.recorder.insert_many("documents", rows)
            m.documents.update(row["id"] for row in rows)
        return results

    def import_layer(self, layer: Layer, replace: bool = False) -> ImportResult:
        """Write one exported line: its document (matched by text hash) and its annotator's layer.

        A colleague's layer replaces what the store holds for that (document, annotator):
        spans and relations with the same id are updated, new ones added and the ones the file
        no longer has removed (the snapshot rule). The importing user's own layer and gold are
        only ever added to (`_merge_layer`) unless `replace` is asked for explicitly. A line
        without spans or relations carries a document, not a layer.
        """
        doc = layer.document
        existing = self._document_id_by_hash(doc.sha256)
        added = existing is None
        own = layer.annotator in (self.user, GOLD)
        protected = own and not replace
        with self._mutation(f"Import {doc.title[:60]}", kind="import") as m:
            if existing is None:
                taken = self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc.id]).fetchone()
                document_id = new_id() if taken else doc.id
                m.recorder.insert("documents", {**_document_row(doc, now()), "id": document_id})
            else:
                document_id = existing
            m.documents.add(document_id)
            counts = [0, 0, 0]
            if layer.annotator is not None and (layer.spans or layer.relations):
                layer = self._with_entities(m, layer)
                counts = self._merge_layer(m, document_id, layer) if protected else self._replace_layer(m, document_id, layer)
        carried = layer.annotator is not None and bool(layer.spans or layer.relations)
        return ImportResult(
            document_id, added, *counts, merged=protected and carried, change=m.change if own and carried else None
        )

    def _with_entities(self, m: _Mutation, layer: Layer) -> Layer:
        """Bring in the layer's people without corrupting ours; spans point to whom they became."""
        ids = {entity.id: self._entity_for_import(m, entity) for entity in layer.entities.values()}
        if all(old == new for old, new in ids.items()):
            return layer
        spans = tuple(replace(s, entity_id=ids.get(s.entity_id, s.entity_id)) for s in layer.spans)
        entities = {ids[e]: replace(entity, id=ids[e]) for e, entity in layer.entities.items()}
        return replace(layer, spans=spans, entities=entities)

    def _entity_for_import(self, m: _Mutation, entity: Entity) -> str:
        """The id an imported person gets: the same person here, or a new one.

        The same person is ours with that id when the names match (by name_key), else the one
        whose name or an alias the colleague's name matches. Their aliases never decide: a
        stray alias in a colleague's store must not make two people one. The match gains only
        the colleague's own new names (`_usable_aliases`: never a generic word, never a name
        of someone else). An entity reusing one of our ids for someone else never changes ours.
        """
        known = self.db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", [entity.id]).fetchone()
        known = _entity(known) if known else None
        if known is not None and name_key(entity.name) in {name_key(n) for n in known.names()}:
            same = known
        else:
            same = self.find_entity(entity.name)
        if same is not None:
            new = self._usable_aliases(same, entity.names())
            if new:
                aliases = tuple(sorted((*same.aliases, *new), key=str.casefold))
                m.recorder.update("entities", {"id": same.id}, _entity_values(replace(same, aliases=aliases)))
            return same.id
        fresh = Entity(new_id() if known else entity.id, clean_name(entity.name), kind=_kind_or_none(entity.kind))
        self._insert_entity(m, replace(fresh, aliases=tuple(self._usable_aliases(fresh, entity.aliases))))
        return fresh.id

    def _merge_layer(self, m: _Mutation, document_id: str, layer: Layer) -> list[int]:
        """Add what the importing user's own layer (or gold) lacks; change and remove nothing.

        A span already there (same id, or same label and range) is kept as it is; relations are
        added only between spans of the layer and only for claims without a speaker yet.
        """
        who = layer.annotator
        self._ensure_annotator(who)
        current = self.spans(document_id, who)
        by_id = {s.id: s for s in current}
        by_place = {(s.label, s.start, s.end): s.id for s in current}
        taken = self._ids_elsewhere([s.id for s in layer.spans], document_id, who)
        same: dict[str, str] = {}
        fresh: list[Span] = []
        stamp = now()
        for span in layer.spans:
            if span.id in by_id:
                same[span.id] = span.id
                continue
            place = (span.label, span.start, span.end)
            if place in by_place:
                same[span.id] = by_place[place]
                continue
            span_id = new_id() if span.id in taken else span.id
            same[span.id] = by_place[place] = span_id
            fresh.append(replace(span, id=span_id))
        self._insert_spans(m, document_id, who, fresh, stamp)
        added = len(fresh)
        linked = {r.head_id for r in self.relations(document_id, who)}
        relation_ids = {r.id for r in self.relations(document_id, who)}
        for relation in layer.relations:
            head, child = same.get(relation.head_id), same.get(relation.child_id)
            if relation.id in relation_ids or head is None or child is None or head in linked:
                continue
            m.recorder.insert(
                "relations",
                {
                    "id": new_id() if self._relation_id_taken(relation.id) else relation.id,
                    "document_id": document_id,
                    "annotator": who,
                    "label": relation.label,
                    "head_id": head,
                    "child_id": child,
                    "created": stamp,
                },
            )
            linked.add(head)
            added += 1
        if added:
            self._touch_status(m, document_id, who)
        return [added, 0, 0]

    def _ids_elsewhere(self, span_ids: list[str], document_id: str, annotator: str) -> set[str]:
        """Those of `span_ids` that already name a span of another document or annotator."""
        found = set()
        for first in range(0, len(span_ids), _IDS_PER_QUERY):
            chunk = span_ids[first:first + _IDS_PER_QUERY]
            rows = self.db.execute(
                f"SELECT id, document_id, annotator FROM spans WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found |= {sid for sid, doc, ann in rows if (doc, ann) != (document_id, annotator)}
        return found

    def _relation_id_taken(self, relation_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM relations WHERE id = ?", [relation_id]).fetchone() is not None

    def _insert_spans(self, m: _Mutation, document_id: str, who: str, spans: list[Span], stamp: str) -> None:
        """Imported spans and their stances: one statement per table, however many there are."""
        m.recorder.insert_many(
            "spans",
            [
                {
                    "id": span.id,
                    "document_id": document_id,
                    "annotator": who,
                    **_span_values(span),
                    "origin": "imported" if span.origin == "manual" else span.origin,
                    "provenance": _json_column(span.provenance),
                    "created": stamp,
                    "updated": stamp,
                }
                for span in spans
            ],
        )
        self._insert_stances(m, [(span.id, stance) for span in spans for stance in span.stances], stamp)

    def _insert_stances(self, m: _Mutation, stances: list[tuple[str, Stance]], stamp: str) -> None:
        known = set(self.targets())
        new_targets = sorted({stance.target for _, stance in stances} - known)
        m.recorder.insert_many("targets", [{"name": name, "created": stamp} for name in new_targets])
        m.recorder.insert_many(
            "stances", [{"span_id": span_id, "target": s.target, "label": s.label} for span_id, s in stances]
        )

    def _replace_layer(self, m: _Mutation, document_id: str, layer: Layer) -> list[int]:
        who = layer.annotator
        self._ensure_annotator(who)
        added = updated = removed = 0
        current = {s.id: s for s in self.spans(document_id, who)}
        wanted = {s.id: s for s in layer.spans}
        clash = self._ids_elsewhere(list(wanted), document_id, who)
        if clash:
            raise StoreError(f"span id {sorted(clash)[0]} already belongs to another document or annotator")
        current_relations = {r.id: r for r in self.relations(document_id, who)}
        wanted_relations = {r.id: r for r in layer.relations}
        for relation_id, relation in current_relations.items():
            if relation_id not in wanted_relations or _rehome(wanted_relations[relation_id], document_id) != relation:
                m.recorder.delete("relations", {"id": relation_id})
                removed += relation_id not in wanted_relations
        for span_id in current.keys() - wanted.keys():
            self._delete_span(m, span_id)
            removed += 1
        stamp = now()
        fresh: list[Span] = []
        restanced: list[tuple[str, Stance]] = []
        for span in layer.spans:
            old = current.get(span.id)
            if old is None:
                fresh.append(span)
                continue
            if (old.label, old.start, old.end, old.text, old.attrs, old.entity_id) != (
                span.label, span.start, span.end, span.text, span.attrs, span.entity_id
            ):
                m.recorder.update("spans", {"id": span.id}, {**_span_values(span), "updated": stamp})
                updated += 1
            if set(old.stances) != set(span.stances):
                for stance in old.stances:
                    m.recorder.delete("stances", {"span_id": span.id, "target": stance.target})
                restanced.extend((span.id, stance) for stance in span.stances)
                updated += 1
        self._insert_spans(m, document_id, who, fresh, stamp)
        self._insert_stances(m, restanced, stamp)
        added += len(fresh)
        relations = [r for r in layer.relations if current_relations.get(r.id) != _rehome(r, document_id)]
        m.recorder.insert_many(
            "relations",
            [
                {
                    "id": relation.id,
                    "document_id": document_id,
                    "annotator": who,
                    "label": relation.label,
                    "head_id": relation.head_id,
                    "child_id": relation.child_id,
                    "created": stamp,
                }
                for relation in relations
            ],
        )
        renewed = sum(relation.id in current_relations for relation in relations)
        updated += renewed
        added += len(relations) - renewed
        if layer.status is not None:
            if layer.status != self.status(document_id, who) or not self.db.execute(
                "SELECT 1 FROM statuses WHERE document_id = ? AND annotator = ?", [document_id, who]
            ).fetchone():
                self._write_status(m, document_id, who, layer.status)
        return [added, updated, removed]


_SUGGESTION_IDS = uuid.UUID("0b8f4a52-3d1e-4f8e-9a7c-5e2d6c1b7a90")


def suggestion_id(document_id: str, layer: str, key: str) -> str:
    """A suggestion's id follows from what it is, so suggesting again (another program's `annotator
    suggest` while a window shows the layer) keeps the ids of the suggestions it proposes again."""
    return str(uuid.uuid5(_SUGGESTION_IDS, "\x1f".join((document_id, layer, key))))


def suggestion_key(span: Span | dict) -> str:
    """The key a suggestion's verdict is stored under: Suggestion.key of its label and range."""
    if isinstance(span, dict):
        return Suggestion(span["label"], span["start"], span["end"], 0.0).key
    return Suggestion(span.label, span.start, span.end, 0.0).key


def combined(changes: list[Change], action: str, user: str, kind: str) -> Change:
    """Several committed changes as one: what a batch tells its listeners, or one undo step."""
    return Change(
        changes[-1].id,
        action,
        user,
        kind,
        frozenset().union(*(c.document_ids for c in changes)),
        None,
        tuple(op for c in changes for op in c.ops),
    )


def _failure(exc: sqlite3.OperationalError) -> str:
    message = str(exc)
    if "full" in message:
        return "the disk is full (free some space and try again)"
    if "readonly" in message:
        return "the store is read-only"
    return message


def _added(values: list, value) -> list:
    return values if value in values else [*values, value]


def _rehome(relation: Relation, document_id: str) -> Relation:
    """Compare relations across stores, where the same document may carry another id."""
    return Relation(relation.id, document_id, relation.annotator, relation.label, relation.head_id, relation.child_id)


def _document(row) -> Document:
    return Document(
        id=row[0],
        title=row[1],
        source=row[2],
        published=row[3],
        text=row[4],
        sha256=row[5],
        meta=json.loads(row[6]),
    )


_ENTITY_COLUMNS = "id, name, aliases, kind, note"


def _entity(row) -> Entity:
    """A person from a row of _ENTITY_COLUMNS."""
    return Entity(row[0], row[1], tuple(json.loads(row[2])), row[3], row[4])


def _kind_or_none(kind: str | None) -> str | None:
    """An imported kind this version knows, else None (the reader checks; an older file may say anything)."""
    return kind if kind in KINDS else None


def _entity_values(entity: Entity) -> dict:
    """The columns a person's record writes (all but id and created); `keys` is what `named` searches."""
    return {
        "name": entity.name,
        "aliases": json.dumps(list(entity.aliases), ensure_ascii=False),
        "keys": name_keys(entity.names()),
        "kind": entity.kind,
        "note": entity.note,
    }


def _exported_json(column: str) -> str:
    """SQL for a stored JSON column as the export writes it (see Store.layers_json)."""
    return f"CASE WHEN instr({column}, '\\') THEN export_json({column}) ELSE {column} END"


_EXPORTED_STANCES = (
    "SELECT group_concat(stance, ', ') FROM (SELECT printf('{\"target\": %s, \"label\": %s}', json_quote(st.target), "
    "json_quote(st.label)) AS stance FROM stances st WHERE st.span_id = s.id ORDER BY st.target)"
)
_EXPORTED_SPANS = (
    "SELECT group_concat(span, ', ') FROM (SELECT printf('{\"id\": %s, \"start\": %d, \"end\": %d, \"label\": %s, "
    "\"text\": %s, \"attrs\": %s, \"entity\": %s, \"stances\": [%s]%s}', "
    "json_quote(s.id), s.start, s.\"end\", json_quote(s.label), json_quote(s.text), "
    f"{_exported_json('s.attrs')}, CASE WHEN e.id IS NULL THEN 'null' ELSE export_person(e.id, e.name, e.aliases, e.kind) END, "
    f"coalesce(({_EXPORTED_STANCES}), ''), "
    f"CASE WHEN s.provenance = '{{}}' THEN '' ELSE ', \"provenance\": ' || {_exported_json('s.provenance')} END) AS span "
    "FROM spans s LEFT JOIN entities e ON e.id = s.entity_id WHERE s.document_id = ?1 AND s.annotator = ?2 "
    "ORDER BY s.start, s.\"end\", s.label, s.id)"
)
_EXPORTED_RELATIONS = (
    "SELECT group_concat(relation, ', ') FROM (SELECT printf('{\"id\": %s, \"head\": %s, \"child\": %s, \"label\": %s}', "
    "json_quote(r.id), json_quote(r.head_id), json_quote(r.child_id), json_quote(r.label)) AS relation "
    "FROM relations r WHERE r.document_id = ?1 AND r.annotator = ?2 ORDER BY r.id)"
)
_LAYER_JSON = (
    "SELECT CAST(json_quote(d.id) AS BLOB), CAST(json_quote(d.text) AS BLOB), d.title, d.source, d.published, d.sha256, "
    "d.meta, (SELECT status FROM statuses WHERE document_id = d.id AND annotator = ?2), "
    "(SELECT seconds FROM time_on_task WHERE document_id = d.id AND annotator = ?2), "
    f"CAST(coalesce(({_EXPORTED_SPANS}), '') AS BLOB), CAST(coalesce(({_EXPORTED_RELATIONS}), '') AS BLOB) "
    "FROM documents d WHERE d.id = ?1"
)
"""One layer for Store.layers_json. A span's stances and a layer's spans and links are joined in the order of
their subquery: SQLite keeps a FROM subquery's ORDER BY for an aggregate such as group_concat."""


_SPAN_COLUMNS = 's.id, s.document_id, s.annotator, s.label, s.start, s."end", s.text, s.attrs, s.entity_id, s.origin, s.provenance'
_RELATION_FIELDS = tuple(f.name for f in fields(Relation))
_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))


def _value(cls: type, names: tuple[str, ...], values) -> object:
    """A frozen dataclass with these field values, set at once (its __init__ sets them one by one).

    For values made by the ten thousand (a document's spans and relations, a folder of articles): the
    values are already of the fields' types.
    """
    made = object.__new__(cls)
    vars(made).update(zip(names, values))
    return made


def _span(row: tuple, stances: tuple[Stance, ...], parsed: dict[str, dict]) -> Span:
    """A span from a row of _SPAN_COLUMNS, its fields set at once (see `_value`).

    `parsed` caches the JSON of attrs and provenance for one load: most spans share a few values
    (the spans of one load share those dicts; a Span is a value nobody mutates).
    """
    span_id, document_id, annotator, label, start, end, text, attrs, entity_id, origin, provenance = row
    if attrs not in parsed:
        parsed[attrs] = json.loads(attrs)
    if provenance not in parsed:
        parsed[provenance] = json.loads(provenance)
    span = object.__new__(Span)
    vars(span).update({
        "id": span_id, "document_id": document_id, "annotator": annotator, "label": label, "start": start,
        "end": end, "text": text, "attrs": parsed[attrs], "entity_id": entity_id, "origin": origin,
        "provenance": parsed[provenance], "stances": stances,
    })
    return span


def _span_values(span: Span) -> dict:
    """The columns of a span row that an import sets or changes."""
    return {
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "attrs": _json_column(span.attrs),
        "entity_id": span.entity_id,
    }


def _json_column(value: dict) -> str:
    """A JSON column's text (attrs, provenance, meta): one encoder for the ten thousand rows of an import, and
    most spans' attrs and provenance are empty."""
    return _encode_json(value) if value else "{}"


_encode_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def make_document(
    text: str, title: str | None = None, source: str | None = None, published: str | None = None,
    meta: dict | None = None,
) -> Document:
    """A new document: its text normalised once, here, and hashed; a title found when none is given."""
    text = normalise(text)
    return _value(Document, _DOCUMENT_FIELDS, (
        new_id(), title or headline(text) or "(untitled)", source, published, text, content_hash(text), meta or {}
    ))


def _document_row(document: Document, stamp: str) -> dict:
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "published": document.published,
        "text": document.text,
        "sha256": document.sha256,
        "meta": _json_column(document.meta),
        "created": stamp,
    }


def _import_entry(ops: list, source: dict) -> dict:
    """What an import batch did, by key: enough to find and take back every row it added."""
    entry: dict = {"source": source, "added": {}, "changed": {}, "removed": {}}
    verbs = {"insert": "added", "update": "changed", "delete": "removed"}
    for op in ops:
        keys = PRIMARY_KEYS[op[1]]
        key = op[2][keys[0]] if len(keys) == 1 else [op[2][k] for k in keys]
        entry[verbs[op[0]]].setdefault(op[1], []).append(key)
    return entry


def _loggable(ops: list) -> list:
    """The change log keeps every op but not whole article texts (the hash names them)."""
    return [
        [op[0], op[1], {k: v for k, v in op[2].items() if k != "text"}, *op[3:]] if op[1] == "documents" else op
        for op in ops
    ]
