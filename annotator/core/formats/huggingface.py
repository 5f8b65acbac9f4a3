"""A folder for Hugging Face `datasets` (export only):

    data.jsonl       one row per layer: tokens, ner_tags and nested_tags (BIO, one class per label),
                     token_offsets, and the exact spans as objects
    relations.jsonl  every (claim, speaker) pair of a layer, labelled with the link or NONE
    stances.jsonl    (claim text, target, stance) for every stance
    features.json    the Features of data.jsonl (`Features.from_dict`), tags as a ClassLabel

Load with `load_dataset("json", data_files="data.jsonl", features=Features.from_dict(json.load(...)))`.
A BIO column holds spans that do not overlap: ner_tags the outermost, nested_tags what lies
inside them (a speaker within a claim); spans that fit neither are only in `spans`, and the
manifest counts them. Every value has one type per column (no [start, end, "LABEL"] lists,
no nulls), so Arrow reads the files without guessing.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path

from ..schema import Schema
from .output import WriteContext, write_lines
from .tokens import tokenize

NONE = "NONE"


def tag_names(schema: Schema) -> list[str]:
    return ["O"] + [f"{prefix}-{label.name}" for label in schema.span_labels for prefix in "BI"]


def write(records: Iterable[dict], folder: Path, context: WriteContext) -> dict:
    schema = context.schema
    names = tag_names(schema)
    attributes = sorted({name for label in schema.span_labels for name in label.attributes})
    rows, pairs, stances, unplaced = [], [], [], 0
    for record in records:
        row, left_out = data_row(record, names, attributes)
        rows.append(row)
        unplaced += left_out
        pairs += relation_rows(record, schema)
        stances += stance_rows(record)
    write_lines(folder / "data.jsonl", rows)
    write_lines(folder / "relations.jsonl", pairs)
    write_lines(folder / "stances.jsonl", stances)
    (folder / "features.json").write_text(json.dumps(features(names, attributes), indent=2) + "\n", encoding="utf-8")
    return {"tags": names, "spans_only_in_span_column": unplaced}


def data_row(record: dict, names: list[str], attributes: list[str]) -> tuple[dict, int]:
    text, spans = record["text"], record["spans"]
    tokens = [t for t in tokenize(text, [(s["start"], s["end"]) for s in spans]) if not text[t.start:t.end].isspace()]
    starts, ends = [t.start for t in tokens], [t.end for t in tokens]

    def covered(span: dict) -> tuple[int, int]:
        return bisect_left(starts, span["start"]), bisect_right(ends, span["end"]) - 1

    outer, inner, rest = _columns(spans)
    row = {
        "id": f"{record['id']}:{record['annotator'] or ''}",
        "document_id": record["id"],
        "annotator": record["annotator"] or "",
        "text": text,
        "tokens": [text[t.start:t.end] for t in tokens],
        "token_offsets": [[t.start, t.end] for t in tokens],
        "ner_tags": _bio(len(tokens), outer, covered, names),
        "nested_tags": _bio(len(tokens), inner, covered, names),
        "spans": [
            {"id": s["id"], "start": s["start"], "end": s["end"], "label": s["label"], "text": s["text"],
             "token_start": covered(s)[0], "token_end": covered(s)[1],
             "entity": (s["entity"] or {}).get("name") or "",
             **{name: s["attrs"].get(name, "") for name in attributes}}
            for s in spans
        ],
    }
    return row, len(rest)


def _columns(spans: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Spans split into two layers of non-overlapping spans, outermost first, and what is left."""
    layers: list[list[dict]] = [[], []]
    rest = []
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        for layer in layers:
            if not layer or layer[-1]["end"] <= span["start"]:
                layer.append(span)
                break
        else:
            rest.append(span)
    return layers[0], layers[1], rest


def _bio(count: int, spans: list[dict], covered, names: list[str]) -> list[int]:
    tags = [0] * count
    index = {name: i for i, name in enumerate(names)}
    for span in spans:
        first, last = covered(span)
        for position in range(first, last + 1):
            tags[position] = index[f"{'B' if position == first else 'I'}-{span['label']}"]
    return tags


def relation_rows(record: dict, schema: Schema) -> list[dict]:
    linked = {(r["head"], r["child"]) for r in record["relations"] if r["label"] == schema.attribution}
    claims = [s for s in record["spans"] if s["label"] == schema.claim_label]
    speakers = [s for s in record["spans"] if s["label"] == schema.speaker_label]
    return [
        {"document_id": record["id"], "annotator": record["annotator"] or "",
         "claim": _brief(claim), "speaker": _brief(speaker),
         "label": schema.attribution if (claim["id"], speaker["id"]) in linked else NONE}
        for claim in claims for speaker in speakers
    ]


def stance_rows(record: dict) -> list[dict]:
    return [
        {"document_id": record["id"], "annotator": record["annotator"] or "", "claim_id": span["id"],
         "claim": span["text"], "target": stance["target"], "stance": stance["label"]}
        for span in record["spans"] for stance in span["stances"]
    ]


def _brief(span: dict) -> dict:
    return {"id": span["id"], "start": span["start"], "end": span["end"], "text": span["text"]}


def features(names: list[str], attributes: list[str]) -> dict:
    """The Features of data.jsonl as `Features.to_dict()` writes them."""
    string, integer = {"dtype": "string", "_type": "Value"}, {"dtype": "int64", "_type": "Value"}
    tags = {"feature": {"names": names, "_type": "ClassLabel"}, "_type": "Sequence"}
    span = {"id": string, "start": integer, "end": integer, "label": string, "text": string,
            "token_start": integer, "token_end": integer, "entity": string, **{name: string for name in attributes}}
    return {
        "id": string, "document_id": string, "annotator": string, "text": string,
        "tokens": {"feature": string, "_type": "Sequence"},
        "token_offsets": {"feature": {"feature": integer, "_type": "Sequence"}, "_type": "Sequence"},
        "ner_tags": tags, "nested_tags": tags,
        "spans": [span],
    }
