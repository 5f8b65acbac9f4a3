"""The JSONL exchange format: one line per (document, annotator), and its strict reader.

A line looks like
    {"id", "text", "meta": {"title", "source", "published", "sha256", "seconds"}, "annotator",
     "status", "spans": [{"id", "start", "end", "label", "text", "attrs", "entity",
     "stances": [{"target", "label"}], "provenance" (when it has one: gold's)}],
     "relations": [{"id", "head", "child", "label"}]}
with Python code-point offsets, half-open, and text[start:end] == span["text"]. `meta.seconds` is the
annotator's active time on the document (time on task, as Label Studio's lead_time; null when this store
never timed it, as for an imported layer); a reader ignores it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path

from .formats.atomic import atomic_file
from .model import STATUSES, Document, Entity, Layer, Relation, Span, Stance
from .store import Store, new_id
from .text import TextError, check_openable, content_hash, lone_surrogate, normalise
from .titles import headline

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False cancels the work."""

MAX_NESTING = 32
"""Deepest JSON a record may hold; a record itself is six levels deep, meta rarely more.

The store serialises attrs and meta again with json.dumps, which recurses: deeper
values are refused here, by a walk that does not recurse.
"""


class RecordError(ValueError):
    """A JSONL record does not fit the format; the message says where."""


class Cancelled(Exception):
    """The user cancelled a long operation; nothing of it was kept."""


_encode = json.JSONEncoder(ensure_ascii=False).encode
_quote = encode_basestring
"""A string as JSON, exactly as json.dumps(..., ensure_ascii=False) writes it."""


@lru_cache(maxsize=4096)
def _exported_json(stored: str) -> str:
    """A stored JSON column's text as the export writes it (raw UTF-8; most spans share a few attrs)."""
    return _encode(json.loads(stored))


@lru_cache(maxsize=4096)
def _exported_person(entity_id: str, name: str, aliases: str, kind: str | None) -> str:
    """A span's person as the export writes it, from its stored columns."""
    return _encode({"id": entity_id, "name": name, "aliases": json.loads(aliases), "kind": kind})


def iter_lines(store: Store, keys: Iterable[tuple[str, str | None]]) -> Iterator[bytes]:
    """The export line (UTF-8 JSON, no line break) of each (document id, annotator) layer, in order.

    Byte for byte what json.dumps(record, ensure_ascii=False) writes for the record (tests compare the
    two). SQLite writes the spans and links (Store.layers_json), so that the spans of a whole store are
    written without making an object for each; Python writes the document's few members. A None
    annotator is a document nobody annotated (status "todo", no spans). Call inside `store.snapshot()`
    so that all lines show one moment.
    """
    for layer in store.layers_json(keys, _exported_json, _exported_person):
        meta = {"title": layer.title, "source": layer.source, "published": layer.published, "sha256": layer.sha256}
        if layer.meta != "{}":
            meta.update({k: v for k, v in json.loads(layer.meta).items() if k not in meta})
        if layer.annotator is not None:
            meta["seconds"] = None if layer.seconds is None else round(layer.seconds, 1)
        members = (f', "meta": {_encode(meta)}, "annotator": {_encode(layer.annotator)}, '
                   f'"status": {_quote(layer.status or "todo")}, "spans": [').encode()
        yield b"".join((b'{"id": ', layer.id, b', "text": ', layer.text, members, layer.spans, b'], "relations": [',
                        layer.relations, b"]}"))


def layer_record(store: Store, document_id: str, annotator: str | None) -> dict:
    """One layer's export record."""
    with store.snapshot():
        return json.loads(next(iter_lines(store, [(document_id, annotator)])))


def export_layers(
    store: Store, annotators: Iterable[str] | None = None, all_documents: bool = False
) -> list[tuple[str, str | None]]:
    """The (document id, annotator) pairs an export writes, in order."""
    annotators = list(annotators) if annotators else None
    keys: list[tuple[str, str | None]] = list(store.layer_keys(annotators))
    if all_documents:
        covered = {doc_id for doc_id, _ in keys}
        placeholder = annotators[0] if annotators and len(annotators) == 1 else None
        order = {doc_id: i for i, doc_id in enumerate(store.document_ids())}
        keys += [(d, placeholder) for d in order if d not in covered]
        keys.sort(key=lambda k: (order[k[0]], k[1] or ""))
    return keys


def write_export(
    store: Store,
    path: str | Path,
    annotators: Iterable[str] | None = None,
    all_documents: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the export atomically: a temporary file beside `path`, then a rename.

    Every layer is read in one read transaction, so the file shows the store at one
    moment even while other processes write. A replaced file keeps its mode.
    Returns the number of lines written; raises Cancelled (leaving `path`
    untouched) when `progress` returns False.
    """
    path = Path(path)
    with atomic_file(path) as temp, open(temp, "wb") as out, store.snapshot():
        keys = export_layers(store, annotators, all_documents)
        for done, line in enumerate(iter_lines(store, keys)):
            if progress and progress(done, len(keys)) is False:
                raise Cancelled()
            out.write(line)
            out.write(b"\n")
    if progress:
        progress(len(keys), len(keys))
    return len(keys)


def iter_export_lines(
    store: Store, annotators: Iterable[str] | None = None, all_documents: bool = False
) -> Iterator[str]:
    """The export's lines (no line breaks), all read in one read transaction (held until the last one is taken)."""
    with store.snapshot():
        for line in iter_lines(store, export_layers(store, annotators, all_documents)):
            yield line.decode("utf-8")


def iter_export(store: Store, annotators: Iterable[str] | None = None, all_documents: bool = False) -> Iterator[dict]:
    """The export's records, all read in one read transaction (held until the last one is taken)."""
    for line in iter_export_lines(store, annotators, all_documents):
        yield json.loads(line)


# reading -------------------------------------------------------------------


def record_to_layer(record: object, default_annotator: str | None, strings_checked: bool = False) -> Layer:
    """Validate one parsed JSONL value and turn it into a Layer; RecordError says what is wrong.

    `strings_checked`: the caller knows no string or key of the record holds a lone surrogate.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, got {_kind(record)}")
    _check_values(record, strings=not strings_checked)
    text = record.get("text")
    if not isinstance(text, str):
        raise RecordError("'text' is required and must be a string" if "text" not in record else f"'text' must be a string, got {_kind(text)}")
    try:
        canonical = normalise(text)
        check_openable(canonical)
    except TextError as exc:
        raise RecordError(f"'text' {exc}") from exc
    if not canonical.strip():
        raise RecordError("'text' is empty")
    meta = _optional(record, "meta", dict, "'meta'")
    doc_id = record.get("id") or new_id()
    if not isinstance(doc_id, str):
        raise RecordError(f"'id' must be a string, got {_kind(doc_id)}")
    for key in ("title", "source", "published"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise RecordError(f"'meta.{key}' must be a string, got {_kind(meta[key])}")
    document = Document(
        id=doc_id,
        title=meta.get("title") or headline(canonical) or "(untitled)",
        source=meta.get("source"),
        published=meta.get("published"),
        text=canonical,
        sha256=content_hash(canonical),
        meta={k: v for k, v in meta.items() if k not in ("title", "source", "published", "sha256", "seconds")},
    )
    spans_raw = record.get("spans", [])
    relations_raw = record.get("relations", [])
    if not isinstance(spans_raw, list):
        raise RecordError(f"'spans' must be a list, got {_kind(spans_raw)}")
    if not isinstance(relations_raw, list):
        raise RecordError(f"'relations' must be a list, got {_kind(relations_raw)}")
    annotator = record.get("annotator") or default_annotator
    if annotator is not None and not isinstance(annotator, str):
        raise RecordError(f"'annotator' must be a string, got {_kind(annotator)}")
    status = record.get("status")
    if status is not None and status not in STATUSES:
        raise RecordError(f"'status' must be one of {', '.join(STATUSES)}, got {status!r}")
    if not spans_raw and not relations_raw and record.get("annotator") is None and status in (None, "todo"):
        return Layer(document, None, None)
    if annotator is None:
        raise RecordError("the record has annotations but no 'annotator' (pass --annotator)")
    if canonical != text and spans_raw:
        raise RecordError("'text' has CRLF/CR line breaks or a BOM, so its span offsets are ambiguous")

    spans, entities = [], {}
    for i, raw in enumerate(spans_raw):
        span, entity = _span_from(raw, f"spans[{i}]", document, annotator)
        spans.append(span)
        if entity:
            entities[entity.id] = entity
    ids = {s.id for s in spans}
    if len(ids) != len(spans):
        raise RecordError("two spans share one 'id'")
    relations = []
    for i, raw in enumerate(relations_raw):
        where = f"relations[{i}]"
        if not isinstance(raw, dict):
            raise RecordError(f"{where} must be an object, got {_kind(raw)}")
        for key in ("head", "child", "label"):
            if not isinstance(raw.get(key), str):
                raise RecordError(f"{where}.{key} is required and must be a string")
            if key != "label" and raw[key] not in ids:
                raise RecordError(f"{where}.{key} names no span of this record: {raw[key]!r}")
        relations.append(
            Relation(_id(raw, where), document.id, annotator, raw["label"], raw["head"], raw["child"])
        )
    if len({r.id for r in relations}) != len(relations):
        raise RecordError("two relations share one 'id'")
    return Layer(document, annotator, status, tuple(spans), tuple(relations), entities)


def _span_from(raw: object, where: str, document: Document, annotator: str) -> tuple[Span, Entity | None]:
    if not isinstance(raw, dict):
        raise RecordError(f"{where} must be an object, got {_kind(raw)}")
    for key in ("start", "end"):
        if key not in raw:
            raise RecordError(f"{where}.{key} is required")
        if not isinstance(raw[key], int) or isinstance(raw[key], bool):
            raise RecordError(f"{where}.{key} must be an integer, got {_kind(raw[key])}")
    start, end = raw["start"], raw["end"]
    if not 0 <= start < end <= len(document.text):
        raise RecordError(f"{where} offsets [{start}, {end}) are out of range for a text of {len(document.text)} characters")
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise RecordError(f"{where}.label is required and must be a string")
    text = document.text[start:end]
    if "text" in raw and raw["text"] != text:
        raise RecordError(f"{where}.text {raw['text']!r} does not match text[{start}:{end}] {text!r}")
    attrs = _optional(raw, "attrs", dict, f"{where}.attrs")
    for name, value in attrs.items():
        if not isinstance(value, str):
            raise RecordError(f"{where}.attrs.{name} must be a string, got {_kind(value)}")
    stances = []
    for j, st in enumerate(_optional(raw, "stances", list, f"{where}.stances")):
        if not isinstance(st, dict) or not isinstance(st.get("target"), str) or not isinstance(st.get("label"), str):
            raise RecordError(f"{where}.stances[{j}] needs string 'target' and 'label'")
        stances.append(Stance(st["target"].strip(), st["label"]))
    if len({s.target for s in stances}) != len(stances):
        raise RecordError(f"{where}.stances names one target twice")
    entity = _entity_from(raw.get("entity"), f"{where}.entity")
    span = Span(
        id=_id(raw, where),
        document_id=document.id,
        annotator=annotator,
        label=label,
        start=start,
        end=end,
        text=text,
        attrs=attrs,
        entity_id=entity.id if entity else None,
        origin="imported",
        provenance=_optional(raw, "provenance", dict, f"{where}.provenance"),
        stances=tuple(sorted(stances, key=lambda s: s.target)),
    )
    return span, entity


def _entity_from(raw: object, where: str) -> Entity | None:
    """The person a span is identified as: {"id", "name", "aliases", "kind"}, or just a name."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise RecordError(f"{where} must be a name or an object with a 'name'")
    aliases = _optional(raw, "aliases", list, f"{where}.aliases")
    if not all(isinstance(a, str) for a in aliases):
        raise RecordError(f"{where}.aliases must be a list of strings")
    kind = raw.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise RecordError(f"{where}.kind must be a string, got {_kind(kind)}")
    return Entity(_id(raw, where), raw["name"], tuple(aliases), kind)


def _optional(raw: dict, key: str, kind: type, where: str):
    """raw[key] when it is a `kind`, an empty one when missing or null; RecordError for anything else."""
    value = raw.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise RecordError(f"{where} must be {_kind(kind())}, got {_kind(value)}")
    return value


def _check_values(record: dict, strings: bool = True) -> None:
    """Refuse deep nesting and, with `strings`, lone surrogates in any string or key (SQLite stores UTF-8),
    naming the field. A field's path is spelled out only for the message."""
    pending: deque[tuple[tuple, object, int]] = deque([((), record, 0)])
    while pending:
        path, value, depth = pending.popleft()
        if depth > MAX_NESTING:
            raise RecordError(f"{_field(path)} is nested too deeply (more than {MAX_NESTING} levels)")
        if isinstance(value, str):
            surrogate = lone_surrogate(value)
            if surrogate:
                raise RecordError(f"{_field(path)} holds a {surrogate}")
            continue
        if isinstance(value, dict):
            if strings:
                for key in value:
                    surrogate = lone_surrogate(key)
                    if surrogate:
                        raise RecordError(f"{_field(path) or 'the record'} has a key that holds a {surrogate}")
            items = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        for key, item in items:
            if isinstance(item, (dict, list)) or (strings and isinstance(item, str)):
                pending.append(((path, key), item, depth + 1))


def _field(path: tuple) -> str:
    """`spans[3].attrs.x` from the nested (parent, key) pairs `_check_values` keeps."""
    keys = []
    while path:
        path, key = path
        keys.append(key)
    where = ""
    for key in reversed(keys):
        where += f"[{key}]" if isinstance(key, int) else (f".{key}" if where else key)
    return where


def _id(raw: dict, where: str) -> str:
    value = raw.get("id")
    if value is None:
        return new_id()
    if not isinstance(value, str) or not value:
        raise RecordError(f"{where}.id must be a non-empty string, got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)
