"""Prodigy JSONL, one task per layer, as its relations and spans interfaces save them:

    {"text": "...", "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label", "text", "id", ...}],
     "relations": [{"head", "child", "head_span", "child_span", "label"}],
     "answer": "accept", "_input_hash", "_task_hash", "_annotator_id", "meta": {...}}

token_end is inclusive and a relation's head and child are its spans' last tokens, as Prodigy
counts them. Tokens are cut at every span boundary, so every span covers whole tokens. Span
attributes, stances and people ride along on the span objects. Offsets are code points.
Reading, tasks answered "reject" or "ignore" are skipped: they hold no annotation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..text import content_hash
from . import FormatError
from .fields import integer, key, string
from .ids import imported_id
from .output import WriteContext, write_lines
from .reading import Item, ReadContext, line_items
from .sourcetext import RawSpan, SourceText
from .tokens import TokenIndex, tokenize

EXTRAS = ("attrs", "stances", "entity", "provenance")


def write(records: Iterable[dict], path: Path, context: WriteContext) -> None:
    write_lines(path, (task(record) for record in records))


def task(record: dict) -> dict:
    text = record["text"]
    tokens = tokenize(text, [(s["start"], s["end"]) for s in record["spans"]])
    index = TokenIndex(tokens)
    spans = {
        s["id"]: {"start": s["start"], "end": s["end"], "token_start": index.first(s["start"]),
                  "token_end": index.last(s["end"]), "label": s["label"]}
        for s in record["spans"]
    }
    meta = record["meta"]
    out = {
        "text": text,
        "tokens": [{"text": text[t.start:t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
                   for i, t in enumerate(tokens)],
        "spans": [
            {**spans[s["id"]], "text": s["text"], "id": s["id"], **{n: s[n] for n in EXTRAS if s.get(n)}}
            for s in record["spans"]
        ],
        "relations": [
            {"head": spans[r["head"]]["token_end"], "child": spans[r["child"]]["token_end"],
             "head_span": spans[r["head"]], "child_span": spans[r["child"]], "label": r["label"], "id": r["id"]}
            for r in record["relations"]
        ],
        "answer": "accept",
        "_annotator_id": record["annotator"],
        "_view_id": "relations",
        "meta": {"document_id": record["id"], "title": meta["title"], "source": meta["source"],
                 "published": meta["published"], "status": record["status"]},
    }
    out["_input_hash"] = _hash({"text": text})
    out["_task_hash"] = _hash({"input": out["_input_hash"], "spans": out["spans"], "relations": out["relations"],
                               "annotator": record["annotator"]})
    return out


def _hash(value: dict) -> int:
    """A signed 32-bit hash, the kind Prodigy stores (its own is MurmurHash of the same keys)."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big", signed=True)


def read(path: Path, context: ReadContext) -> Iterator[Item]:
    """Accepted tasks only: a rejected or ignored task carries no annotation."""
    return line_items(path, lambda value, number: _record(value, number, context), lambda value: not isinstance(value, dict) or value.get("answer", "accept") == "accept")


def _record(value: object, number: int, context: ReadContext) -> dict:
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        raise FormatError("expected a Prodigy task with a 'text' string")
    source = SourceText(value["text"])
    annotator = string(value.get("_annotator_id")) or context.annotator
    scope = (content_hash(source.text), annotator)
    raw = _objects(value, "spans")
    places = source.resolve([_raw_span(i, s, number) for i, s in enumerate(raw)], context.offsets, "codepoint")
    spans, by_place = [], {}
    for i, (span, ((start, end),)) in enumerate(zip(raw, places)):
        if not isinstance(span.get("label"), str):
            raise FormatError(f"spans[{i}].label must be a string")
        span_id = imported_id(key(span.get("id")) or f"span:{i}", *scope)
        by_place[span["start"], span["end"]] = span_id
        spans.append({"id": span_id, "start": start, "end": end, "label": span["label"],
                      **{n: span[n] for n in EXTRAS if n in span}})
    relations = [_relation(i, r, by_place, scope) for i, r in enumerate(_objects(value, "relations"))]
    meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
    return {
        "id": string(meta.get("document_id")), "text": source.text,
        "meta": {name: string(meta.get(name)) for name in ("title", "source", "published")},
        "annotator": annotator, "status": meta.get("status"), "spans": spans, "relations": relations,
    }


def _raw_span(i: int, span: dict, number: int) -> RawSpan:
    if not integer(span.get("start")) or not integer(span.get("end")):
        raise FormatError(f"spans[{i}] needs integer 'start' and 'end'")
    text = span.get("text")
    return RawSpan(((span["start"], span["end"]),), text if isinstance(text, str) else None, f"spans[{i}]", number)


def _relation(i: int, relation: dict, by_place: dict, scope: tuple[str, str]) -> dict:
    ends = []
    for end in ("head_span", "child_span"):
        span = relation.get(end)
        place = (span.get("start"), span.get("end")) if isinstance(span, dict) else None
        if place not in by_place:
            raise FormatError(f"relations[{i}].{end} is not one of the task's spans")
        ends.append(by_place[place])
    if not isinstance(relation.get("label"), str):
        raise FormatError(f"relations[{i}].label must be a string")
    local = key(relation.get("id")) or f"relation:{i}"
    return {"id": imported_id(local, *scope), "head": ends[0], "child": ends[1], "label": relation["label"]}


def _objects(value: dict, name: str) -> list[dict]:
    found = value.get(name) or []
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise FormatError(f"'{name}' must be a list of objects")
    return found
