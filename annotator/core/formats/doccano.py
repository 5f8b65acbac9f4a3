"""doccano's relation-extraction JSONL, one line per layer:

    {"id": 1, "text": "...", "entities": [{"id": 0, "label": "CLAIM", "start_offset": 5, "end_offset": 20}],
     "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "ATTRIBUTED_TO"}], "Comments": []}

What doccano has no place for rides along as extra keys it keeps as metadata: the document,
annotator and status on the line; span id, attributes, stances and person on each entity.
Sequence-labelling lines (`"label": [[start, end, "LABEL"]]`) are read too. Offsets are code
points (doccano's server is Python); --offsets utf16 reads files whose offsets came from the browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..text import content_hash
from . import FormatError
from .fields import integer, key, string
from .ids import imported_id
from .output import WriteContext, write_lines
from .reading import Item, ReadContext, line_items
from .sourcetext import RawSpan, SourceText, to_units

EXTRAS = ("attrs", "stances", "entity", "provenance")


def write(records: Iterable[dict], path: Path, context: WriteContext) -> None:
    write_lines(path, (_line(n, record, context.offsets) for n, record in enumerate(records, 1)))


def _line(number: int, record: dict, unit: str) -> dict:
    units = to_units(record["text"], unit)
    index = {span["id"]: i for i, span in enumerate(record["spans"])}
    entities = [
        {"id": i, "label": span["label"], "start_offset": units(span["start"]), "end_offset": units(span["end"]),
         "span_id": span["id"], **{name: span[name] for name in EXTRAS if span.get(name)}}
        for i, span in enumerate(record["spans"])
    ]
    relations = [
        {"id": i, "from_id": index[r["head"]], "to_id": index[r["child"]], "type": r["label"], "relation_id": r["id"]}
        for i, r in enumerate(record["relations"])
    ]
    meta = record["meta"]
    return {
        "id": number, "text": record["text"], "entities": entities, "relations": relations, "Comments": [],
        "document_id": record["id"], "annotator": record["annotator"], "status": record["status"],
        "title": meta["title"], "source": meta["source"], "published": meta["published"],
    }


def read(path: Path, context: ReadContext) -> Iterator[Item]:
    return line_items(path, lambda value, number: _record(value, number, context))


def _record(value: object, number: int, context: ReadContext) -> dict:
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        raise FormatError("expected a doccano object with a 'text' string")
    source = SourceText(value["text"])
    annotator = string(value.get("annotator")) or context.annotator
    scope = (content_hash(source.text), annotator)
    raw = _entities(value)
    places = source.resolve(
        [RawSpan(((start, end),), None, f"entities[{i}]", number) for i, (_, start, end, _, _) in enumerate(raw)],
        context.offsets, "codepoint",
    )
    spans, ids = [], {}
    for (local, _, _, label, extra), ((start, end),) in zip(raw, places):
        span_id = imported_id(extra.get("span_id") or local, *scope)
        ids[local] = span_id
        spans.append({"id": span_id, "start": start, "end": end, "label": label,
                      **{name: extra[name] for name in EXTRAS if name in extra}})
    return {
        "id": string(value.get("document_id")),
        "text": source.text,
        "meta": {name: string(value.get(name)) for name in ("title", "source", "published")},
        "annotator": annotator,
        "status": value.get("status"),
        "spans": spans,
        "relations": [_relation(r, i, ids, scope) for i, r in enumerate(_list(value, "relations"))],
    }


def _entities(value: dict) -> list[tuple[object, int, int, str, dict]]:
    """(local id, start, end, label, the entity object) from "entities" objects or [start, end, label] lists."""
    raw = value["entities"] if "entities" in value else value.get("label", value.get("labels", []))
    if not isinstance(raw, list):
        raise FormatError("'entities' must be a list")
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            fields = (item.get("start_offset"), item.get("end_offset"), item.get("label"))
            local, extra = item.get("id", i), item
        elif isinstance(item, list) and len(item) == 3:
            fields, local, extra = tuple(item), i, {}
        else:
            raise FormatError(f"entities[{i}] must be an object or a [start, end, label] list")
        start, end, label = fields
        if key(local) is None:
            raise FormatError(f"entities[{i}].id must be an integer or a string")
        if not (integer(start) and integer(end) and isinstance(label, str)):
            raise FormatError(f"entities[{i}] needs integer offsets and a label string")
        out.append((local, start, end, label, extra))
    return out


def _relation(raw: object, i: int, ids: dict, scope: tuple[str, str]) -> dict:
    if not isinstance(raw, dict) or key(raw.get("from_id")) not in ids or key(raw.get("to_id")) not in ids:
        raise FormatError(f"relations[{i}] must join two entities of this line by 'from_id' and 'to_id'")
    if not isinstance(raw.get("type"), str):
        raise FormatError(f"relations[{i}].type must be a string")
    local = raw.get("relation_id") or f"relation:{raw.get('id', i)}"
    return {"id": imported_id(local, *scope), "head": ids[raw["from_id"]], "child": ids[raw["to_id"]], "label": raw["type"]}


def _list(value: dict, key: str) -> list:
    found = value.get(key) or []
    if not isinstance(found, list):
        raise FormatError(f"'{key}' must be a list")
    return found

