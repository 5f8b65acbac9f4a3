"""Every change to the database schema, in order. Never edit an applied migration: add one."""

import json
from datetime import datetime, timezone

from sqlite_utils import Database, Migrations

from .people import SPECIAL, is_generic, name_key, name_keys

migrations = Migrations("annotator")

_INITIAL = [
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT,
        published TEXT,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        meta TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL
    )""",
    """CREATE TABLE annotators (
        name TEXT PRIMARY KEY,
        created TEXT NOT NULL
    )""",
    """CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL
    )""",
    """CREATE TABLE spans (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator TEXT NOT NULL REFERENCES annotators(name),
        label TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}',
        entity_id TEXT REFERENCES entities(id),
        origin TEXT NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested', 'adjudicated')),
        provenance TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        CHECK (start >= 0 AND "end" > start)
    )""",
    "CREATE INDEX spans_by_document ON spans(document_id, annotator)",
    """CREATE TABLE relations (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator TEXT NOT NULL REFERENCES annotators(name),
        label TEXT NOT NULL,
        head_id TEXT NOT NULL REFERENCES spans(id),
        child_id TEXT NOT NULL REFERENCES spans(id),
        created TEXT NOT NULL
    )""",
    "CREATE INDEX relations_by_document ON relations(document_id, annotator)",
    """CREATE TABLE targets (
        name TEXT PRIMARY KEY,
        created TEXT NOT NULL
    )""",
    """CREATE TABLE stances (
        span_id TEXT NOT NULL REFERENCES spans(id),
        target TEXT NOT NULL REFERENCES targets(name),
        label TEXT NOT NULL,
        PRIMARY KEY (span_id, target)
    )""",
    """CREATE TABLE statuses (
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator TEXT NOT NULL REFERENCES annotators(name),
        status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
        updated TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator)
    )""",
    """CREATE TABLE reviews (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        status TEXT NOT NULL CHECK (status IN ('not_reviewed', 'in_review', 'adjudicated')),
        updated TEXT NOT NULL
    )""",
    """CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        kind TEXT NOT NULL,
        what TEXT NOT NULL
    )""",
]


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)


@migrations()
def m002_decisions(db: Database) -> None:
    """One row per adjudicated difference: which side was taken, by whom, when."""
    db.execute(
        """CREATE TABLE decisions (
            key TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            a_annotator TEXT NOT NULL,
            b_annotator TEXT NOT NULL,
            kind TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'both', 'edit')),
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX decisions_by_document ON decisions(document_id, a_annotator, b_annotator)")


def unknown_migrations(db: Database) -> list[str]:
    """Migrations the store has that this version does not know: a newer annotator wrote it."""
    known = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]


@migrations()
def m004_people(db: Database) -> None:
    """People records: a kind, a note, name keys to find them by, the two special speakers, mentions by index.

    Identifying "he" used to make "he" an alias of the person: aliases that are only
    pronouns or other generic words (people.is_generic) are dropped, mentions keep their links.
    """
    db.execute("ALTER TABLE entities ADD COLUMN kind TEXT")
    db.execute("ALTER TABLE entities ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE entities ADD COLUMN keys TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX spans_by_entity ON spans(entity_id)")
    keys = set()
    for entity_id, name, aliases in db.execute("SELECT id, name, aliases FROM entities").fetchall():
        kept = [a for a in json.loads(aliases) if not is_generic(a)]
        keys.update(name_key(n) for n in (name, *kept))
        db.execute(
            "UPDATE entities SET aliases = ?, keys = ? WHERE id = ?",
            [json.dumps(kept, ensure_ascii=False), name_keys([name, *kept]), entity_id],
        )
    created = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    for entity_id, (name, kind) in SPECIAL.items():
        if name_key(name) not in keys:
            db.execute(
                "INSERT OR IGNORE INTO entities (id, name, aliases, created, kind, keys) VALUES (?, ?, '[]', ?, ?, ?)",
                [entity_id, name, created, kind, name_keys([name])],
            )


@migrations()
def m005_search(db: Database) -> None:
    """Full-text search over titles and texts (FTS5), kept up to date by triggers.

    Written out rather than with sqlite-utils' enable_fts, whose executescript would commit
    the migration's transaction halfway.
    """
    db.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO documents_fts (rowid, title, text) SELECT rowid, title, text FROM documents")
    db.execute(
        "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
        "INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
        "INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END"
    )
    db.execute(
        "CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
        "INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
        "INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
    )


@migrations()
def m006_suggestions(db: Database) -> None:
    """Machine suggestions: which documents a suggester has filled, the user's verdicts, trained models.

    A suggestion layer (`suggest:<model>`) is ordinary spans and relations; `suggestion_runs`
    says a document was filled even when the suggester found nothing there. A verdict
    ('accepted' or 'rejected') names a suggestion by its key (label:start:end) for one user on one
    document, so that it never comes back there, whichever model proposes it again.
    """
    db.execute(
        """CREATE TABLE suggestion_runs (
            document_id TEXT NOT NULL REFERENCES documents(id),
            layer TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (document_id, layer)
        )"""
    )
    db.execute(
        """CREATE TABLE verdicts (
            document_id TEXT NOT NULL REFERENCES documents(id),
            user TEXT NOT NULL,
            key TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
            created TEXT NOT NULL,
            PRIMARY KEY (document_id, user, key)
        )"""
    )
    db.execute(
        """CREATE TABLE models (
            name TEXT PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,
            data BLOB NOT NULL,
            training_size INTEGER NOT NULL,
            score TEXT NOT NULL DEFAULT '{}',
            layers TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL
        )"""
    )


@migrations()
def m007_time_on_task(db: Database) -> None:
    """Active annotation time per document and annotator, in seconds (see core/timing.py)."""
    db.execute(
        """CREATE TABLE time_on_task (
            document_id TEXT NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        )"""
    )


@migrations()
def m008_spans_by_place(db: Database) -> None:
    """Find a layer's span by its range: whether the user already has a suggestion's span (counts per document)."""
    db.execute('CREATE INDEX spans_by_place ON spans(document_id, annotator, start, "end")')


@migrations()
def m009_suggestion_run_counts(db: Database) -> None:
    """How many suggestions each fill wrote, so the document list counts them without reading them all."""
    db.execute("ALTER TABLE suggestion_runs ADD COLUMN suggestions INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "UPDATE suggestion_runs SET suggestions = (SELECT count(*) FROM spans s "
        "WHERE s.document_id = suggestion_runs.document_id AND s.annotator = suggestion_runs.layer)"
    )


@migrations()
def m010_relations_by_end(db: Database) -> None:
    """Deleting a span makes SQLite look for links that name it (the foreign keys of head_id and child_id):
    without these indexes each look is a scan of every link in the store, so deleting or refilling a
    layer of n spans cost n times all links."""
    db.execute("CREATE INDEX relations_by_head ON relations(head_id)")
    db.execute("CREATE INDEX relations_by_child ON relations(child_id)")


@migrations()
def m011_layers_in_order(db: Database) -> None:
    """A layer's spans in text order (start, end, label, id) and its links by id straight from an index: reading
    a layer (opening an article, the export) passed every span and link through a sorter. The spans' index
    also finds a span by its range, as spans_by_place did."""
    db.execute("DROP INDEX spans_by_place")
    db.execute('CREATE INDEX spans_in_text_order ON spans(document_id, annotator, start, "end", label, id)')
    db.execute("DROP INDEX relations_by_document")
    db.execute("CREATE INDEX relations_in_order ON relations(document_id, annotator, id)")
