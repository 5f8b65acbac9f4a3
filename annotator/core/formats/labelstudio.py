"""Label Studio JSON: a list of tasks, one per document, each layer an annotation (a `suggest:*`
layer a prediction), its spans `labels` regions and its links `relation` items:

    {"data": {"text": "..."}, "annotations": [{"annotator": "alice", "ground_truth": false, "result": [
        {"id": "<span id>", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 5, "end": 20, "text": "...", "labels": ["CLAIM"]}},
        {"id": "<span id>", "type": "choices", "from_name": "quote_type", "value": {..., "choices": ["direct"]}},
        {"id": "<span id>", "type": "taxonomy", "from_name": "stance", "value": {..., "taxonomy": [["ceasefire", "oppose"]]}},
        {"id": "<span id>", "type": "textarea", "from_name": "person", "value": {..., "text": ["name", "alias"]}},
        {"type": "relation", "from_id": "<claim>", "to_id": "<speaker>", "direction": "right", "labels": ["ATTRIBUTED_TO"]}]}]}

Per-region results share their span's id, as Label Studio's perRegion controls write them; the
manifest holds a labeling config with those controls. Offsets are UTF-16 code units by default
(JavaScript string indexes); reading, the unit the `value.text` of every span fits is taken.
JSON-MIN exports (flat tasks with "text" and lists of labelled regions) are read too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..model import GOLD
from ..schema import Schema
from ..text import TextError, content_hash
from . import FormatError
from .fields import integer, key, string
from .ids import imported_id
from .output import WriteContext
from .reading import Item, ReadContext, read_json_array
from .sourcetext import RawSpan, SourceText, to_units

SUGGEST = "suggest:"
STANCE, PERSON, LABEL = "stance", "person", "label"


def write(records: Iterable[dict], path: Path, context: WriteContext) -> dict:
    tasks = [_task(n, list(layers), context.offsets) for n, (_, layers) in enumerate(groupby(records, lambda r: r["id"]), 1)]
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"label_config": label_config(context.schema)}


def _task(number: int, layers: list[dict], unit: str) -> dict:
    first = layers[0]
    units = to_units(first["text"], unit)
    annotations = [
        {"id": i, "annotator": layer["annotator"], "status": layer["status"], "ground_truth": layer["annotator"] == GOLD,
         "was_cancelled": False, "result": _result(layer, units)}
        for i, layer in enumerate(layers, 1)
        if layer["annotator"] and not layer["annotator"].startswith(SUGGEST)
    ]
    predictions = [
        {"id": i, "model_version": layer["annotator"], "result": _result(layer, units)}
        for i, layer in enumerate(layers, 1)
        if layer["annotator"] and layer["annotator"].startswith(SUGGEST)
    ]
    meta = first["meta"]
    data = {"text": first["text"], "document_id": first["id"], "title": meta["title"], "source": meta["source"],
            "published": meta["published"]}
    return {"id": number, "data": data, "annotations": annotations, "predictions": predictions}


def _result(layer: dict, units) -> list[dict]:
    items = []
    for span in layer["spans"]:
        where = {"start": units(span["start"]), "end": units(span["end"]), "text": span["text"]}

        def region(kind: str, name: str, **value) -> dict:
            return {"id": span["id"], "type": kind, "from_name": name, "to_name": "text", "origin": "manual",
                    "value": {**where, **value}}

        items.append(region("labels", LABEL, labels=[span["label"]]))
        items += [region("choices", name, choices=[value]) for name, value in span["attrs"].items()]
        if span["stances"]:
            items.append(region("taxonomy", STANCE, taxonomy=[[s["target"], s["label"]] for s in span["stances"]]))
        if span["entity"]:
            names = [span["entity"]["name"], *span["entity"]["aliases"]]
            items.append({**region("textarea", PERSON), "value": {"start": where["start"], "end": where["end"], "text": names}})
    items += [
        {"id": r["id"], "type": "relation", "from_id": r["head"], "to_id": r["child"], "direction": "right",
         "labels": [r["label"]]}
        for r in layer["relations"]
    ]
    return items


def label_config(schema: Schema) -> str:
    """A Label Studio labeling config with every control this export's results name."""
    labels = "".join(f"<Label value={quoteattr(l.name)} background={quoteattr(l.color)}/>" for l in schema.span_labels)
    relations = "".join(f"<Relation value={quoteattr(r.name)}/>" for r in schema.relations)
    choices = "".join(
        f"<Choices name={quoteattr(name)} toName=\"text\" perRegion=\"true\">"
        + "".join(f"<Choice value={quoteattr(v)}/>" for v in values) + "</Choices>"
        for label in schema.span_labels for name, values in label.attributes.items()
    )
    stances = "".join(f"<Choice value={quoteattr(s)}/>" for s in schema.stance_names())
    targets = "".join(f"<Choice value={quoteattr(t)}>{stances}</Choice>" for t in schema.targets)
    return (
        f"<View><Labels name=\"{LABEL}\" toName=\"text\">{labels}</Labels><Text name=\"text\" value=\"$text\"/>"
        f"<Relations>{relations}</Relations>{choices}"
        f"<Taxonomy name=\"{STANCE}\" toName=\"text\" perRegion=\"true\">{targets}</Taxonomy>"
        f"<TextArea name=\"{PERSON}\" toName=\"text\" perRegion=\"true\"/></View>"
    )


# reading ----------------------------------------------------------------------


def read(path: Path, context: ReadContext) -> Iterator[Item]:
    for number, task in read_json_array(path):
        try:
            yield from _task_records(task, number, context)
        except (FormatError, TextError) as exc:
            yield Item(number, error=str(exc))


def _task_records(task: object, number: int | None, context: ReadContext) -> Iterator[Item]:
    if isinstance(task, dict) and "data" not in task and isinstance(task.get("text"), str):
        task = _from_min(task)
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise FormatError("expected a Label Studio task: an object with 'data' (or a JSON-MIN one with 'text')")
    data = task["data"]
    annotations = [a for a in _list(task, "annotations") + _list(task, "completions") if not a.get("was_cancelled")]
    source = SourceText(_text(data, annotations + _list(task, "predictions")))
    document = {
        "id": string(data.get("document_id")), "text": source.text,
        "meta": {name: string(data.get(name)) for name in ("title", "source", "published")},
    }
    layers = [(_annotator(a, len(annotations), context), a) for a in annotations]
    layers += [(_model(p), p) for p in _list(task, "predictions")]
    if not layers:
        yield Item(number, {**document, "spans": []})
    for annotator, layer in layers:
        yield Item(number, {**document, **_layer(layer, annotator, source, number, context)})


def _from_min(task: dict) -> dict:
    """A JSON-MIN task ({"text", "label": [{"start", "end", "text", "labels"}], "annotator"}) as a full one."""
    regions = [
        {"id": f"{name}[{i}]", "type": "labels", "from_name": name, "value": region}
        for name, value in task.items() if isinstance(value, list)
        for i, region in enumerate(value) if isinstance(region, dict) and "labels" in region
    ]
    annotator = task.get("annotator")
    return {"data": {"text": task["text"]}, "annotations": [{"annotator": annotator, "result": regions}] if regions else []}


def _text(data: dict, layers: list[dict]) -> str:
    """data["text"], else the task's only string when its results label text spans (an image task's URL is no text)."""
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [value for value in data.values() if isinstance(value, str)]
    spans = any(item.get("type") == "labels" and integer((item.get("value") or {}).get("start"))
                for layer in layers for item in _list(layer, "result"))
    if len(strings) != 1 or not spans:
        raise FormatError("not a text task: its 'data' has no 'text'")
    return strings[0]


def _annotator(annotation: dict, count: int, context: ReadContext) -> str:
    """The annotation's own name, else you when it is the task's only one, else its Label Studio user number."""
    named = annotation.get("annotator")
    if isinstance(named, str) and named:
        return named
    who = annotation.get("completed_by")
    if isinstance(who, dict) and isinstance(who.get("email"), str):
        return who["email"]
    return context.annotator if count == 1 or who is None else f"label-studio-{who}"


def _model(prediction: dict) -> str:
    version = prediction.get("model_version")
    name = version if isinstance(version, str) and version else "label-studio"
    return name if name.startswith(SUGGEST) else SUGGEST + name


def _layer(layer: dict, annotator: str, source: SourceText, number: int | None, context: ReadContext) -> dict:
    result = _list(layer, "result")
    scope = (content_hash(source.text), annotator)
    regions = [(i, item) for i, item in enumerate(result) if item.get("type") == "labels"]
    raw = [_raw_span(i, item, number) for i, item in regions]
    places = source.resolve(raw, context.offsets, "utf16")
    spans, ids = {}, {}
    for (i, item), ((start, end),) in zip(regions, places):
        local = key(item.get("id")) or f"result[{i}]"
        ids[local] = imported_id(local, *scope)
        labels = item["value"].get("labels")
        if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
            raise FormatError(f"result[{i}].value.labels must hold one label")
        spans[local] = {"id": ids[local], "start": start, "end": end, "label": labels[0], "attrs": {}, "stances": []}
    relations = []
    for i, item in enumerate(result):
        kind = item.get("type")
        if kind == "relation":
            relations.append(_relation(i, item, ids, scope, context))
        elif kind in ("choices", "taxonomy", "textarea") and key(item.get("id")) in spans:
            _per_region(spans[item["id"]], i, item)
    status = layer.get("status")
    return {"annotator": annotator, "status": status if isinstance(status, str) else None,
            "spans": list(spans.values()), "relations": relations}


def _raw_span(i: int, item: dict, number: int | None) -> RawSpan:
    value = item.get("value")
    if not isinstance(value, dict) or not integer(value.get("start")) or not integer(value.get("end")):
        raise FormatError(f"result[{i}] needs value.start and value.end")
    text = value.get("text")
    return RawSpan(((value["start"], value["end"]),), text if isinstance(text, str) else None, f"result[{i}]", number)


def _relation(i: int, item: dict, ids: dict, scope: tuple[str, str], context: ReadContext) -> dict:
    if key(item.get("from_id")) not in ids or key(item.get("to_id")) not in ids:
        raise FormatError(f"result[{i}] is a relation between regions that are not labelled spans")
    labels = item.get("labels") or [context.schema.attribution]
    if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
        raise FormatError(f"result[{i}].labels must hold one relation label")
    head, child = ids[item["from_id"]], ids[item["to_id"]]
    if item.get("direction") == "left":
        head, child = child, head
    local = key(item.get("id")) or f"relation:{item['from_id']}>{item['to_id']}"
    return {"id": imported_id(local, *scope), "head": head, "child": child, "label": labels[0]}


def _per_region(span: dict, i: int, item: dict) -> None:
    value, name = item.get("value") or {}, item.get("from_name")
    if item["type"] == "taxonomy" and name == STANCE:
        paths = value.get("taxonomy")
        if not isinstance(paths, list) or not all(isinstance(p, list) and len(p) == 2 for p in paths):
            raise FormatError(f"result[{i}].value.taxonomy must hold [target, stance] pairs")
        span["stances"] = [{"target": target, "label": label} for target, label in paths]
    elif item["type"] == "textarea" and name == PERSON:
        names = value.get("text")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise FormatError(f"result[{i}].value.text must list the person's name and aliases")
        span["entity"] = {"name": names[0], "aliases": names[1:]}
    elif item["type"] == "choices" and isinstance(name, str):
        choices = value.get("choices")
        if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], str):
            raise FormatError(f"result[{i}].value.choices must hold one choice")
        span["attrs"][name] = choices[0]


def _list(value: dict, key: str) -> list[dict]:
    found = value.get(key) or []
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise FormatError(f"'{key}' must be a list of objects")
    return found
