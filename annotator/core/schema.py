"""The tag scheme: span labels, relations, stance labels and starting targets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import resource_path
from .model import Layer, Relation, Span

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_STYLES = ("background", "underline")


class SchemaError(ValueError):
    """The scheme file is not usable; the message names the file and the problem."""


class SchemaMismatch(ValueError):
    """An imported layer uses a label, stance, attribute value or relation the scheme does not allow."""


@dataclass(frozen=True)
class SpanLabel:
    name: str
    color: str
    hotkey: str
    style: str = "background"
    description: str = ""
    enabled: bool = True
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RelationLabel:
    name: str
    head: str
    child: str
    hotkey: str = ""


@dataclass(frozen=True)
class StanceLabel:
    name: str
    hotkey: str
    color: str = "#616161"


@dataclass(frozen=True)
class Schema:
    name: str
    span_labels: tuple[SpanLabel, ...]
    relations: tuple[RelationLabel, ...]
    stance_labels: tuple[StanceLabel, ...]
    targets: tuple[str, ...]
    source: str = ""

    def span_label(self, name: str) -> SpanLabel:
        for label in self.span_labels:
            if label.name == name:
                return label
        raise KeyError(name)

    @property
    def claim_label(self) -> str:
        return self.relations[0].head if self.relations else "CLAIM"

    @property
    def speaker_label(self) -> str:
        return self.relations[0].child if self.relations else "SPEAKER"

    @property
    def attribution(self) -> str:
        return self.relations[0].name if self.relations else "ATTRIBUTED_TO"

    def stance_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stance_labels)


def load_schema(path: str | Path | None = None) -> Schema:
    path = Path(path) if path else resource_path("schema.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read scheme ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(f"{path}: not valid JSON ({exc})") from exc
    return parse_schema(raw, str(path))


def parse_schema(raw: object, source: str = "<scheme>") -> Schema:
    def fail(where: str, problem: str) -> SchemaError:
        return SchemaError(f"{source}: {where} {problem}")

    if not isinstance(raw, dict):
        raise fail("the file", "must hold a JSON object")
    labels_raw = raw.get("span_labels")
    if not isinstance(labels_raw, list) or not labels_raw:
        raise fail("span_labels", "must be a non-empty list")
    labels, hotkeys = [], {}
    for i, item in enumerate(labels_raw):
        where = f"span_labels[{i}]"
        if not isinstance(item, dict):
            raise fail(where, "must be an object")
        name = _text(item, "name", where, fail)
        color = _text(item, "color", where, fail)
        if not _COLOUR.match(color):
            raise fail(f"{where}.color", f"'{color}' is not a colour like #ffd54f")
        hotkey = str(item.get("hotkey", ""))
        if hotkey and hotkey in hotkeys:
            raise fail(f"{where}.hotkey", f"'{hotkey}' is already used by {hotkeys[hotkey]}")
        hotkeys[hotkey] = name
        style = item.get("style", "background")
        if style not in _STYLES:
            raise fail(f"{where}.style", f"must be one of {', '.join(_STYLES)}")
        attributes = item.get("attributes", {})
        if not isinstance(attributes, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in attributes.values()
        ):
            raise fail(f"{where}.attributes", "must map names to lists of strings")
        labels.append(
            SpanLabel(
                name=name,
                color=color,
                hotkey=hotkey,
                style=style,
                description=str(item.get("description", "")),
                enabled=bool(item.get("enabled", True)),
                attributes={k: tuple(v) for k, v in attributes.items()},
            )
        )
    names = [label.name for label in labels]
    if len(set(names)) != len(names):
        raise fail("span_labels", "has a label name twice")

    relations = []
    for i, item in enumerate(raw.get("relations", [])):
        where = f"relations[{i}]"
        if not isinstance(item, dict):
            raise fail(where, "must be an object")
        rel = RelationLabel(
            name=_text(item, "name", where, fail),
            head=_text(item, "head", where, fail),
            child=_text(item, "child", where, fail),
            hotkey=str(item.get("hotkey", "")),
        )
        for end in (rel.head, rel.child):
            if end not in names:
                raise fail(where, f"names the unknown span label '{end}'")
        relations.append(rel)

    stances = []
    for i, item in enumerate(raw.get("stance_labels", [])):
        where = f"stance_labels[{i}]"
        if not isinstance(item, dict):
            raise fail(where, "must be an object")
        stances.append(
            StanceLabel(
                name=_text(item, "name", where, fail),
                hotkey=str(item.get("hotkey", "")),
                color=str(item.get("color", "#616161")),
            )
        )
    targets = raw.get("targets", [])
    if not isinstance(targets, list) or not all(isinstance(t, str) and t.strip() for t in targets):
        raise fail("targets", "must be a list of non-empty strings")
    return Schema(
        name=str(raw.get("name", "scheme")),
        span_labels=tuple(labels),
        relations=tuple(relations),
        stance_labels=tuple(stances),
        targets=tuple(t.strip() for t in targets),
        source=source,
    )


def _text(item: dict, key: str, where: str, fail) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{where}.{key}", "must be a non-empty string")
    return value.strip()


def check_layer(layer: Layer, schema: Schema) -> None:
    """Raise SchemaMismatch for the first span or relation of `layer` that `schema` does not allow.

    The store writes an imported layer as it is, so this is where a file meets the rules the
    editing actions enforce. Spans and relations are named by their index in the record.
    """
    labels = {}
    for i, span in enumerate(layer.spans):
        _check_span(span, f"spans[{i}]", schema)
        labels[span.id] = span.label
    for i, relation in enumerate(layer.relations):
        _check_relation(relation, f"relations[{i}]", labels, schema)


def _check_span(span: Span, where: str, schema: Schema) -> None:
    try:
        label = schema.span_label(span.label)
    except KeyError:
        names = ", ".join(x.name for x in schema.span_labels)
        raise SchemaMismatch(f"{where}.label {_quoted(span.label)} is not in the scheme ({names})") from None
    for name, value in span.attrs.items():
        allowed = label.attributes.get(name)
        if allowed is not None and value not in allowed:
            raise SchemaMismatch(f"{where}.attrs.{name} {_quoted(value)} is not one of {', '.join(allowed)}")
    if span.stances and span.label != schema.claim_label:
        raise SchemaMismatch(f"{where} is a {span.label}: only {schema.claim_label} spans take stances")
    for stance in span.stances:
        if not stance.target.strip():
            raise SchemaMismatch(f"{where} has a stance with a blank target")
        if stance.label not in schema.stance_names():
            raise SchemaMismatch(
                f"{where} stance on {_quoted(stance.target)}: {_quoted(stance.label)} is not a stance "
                f"of the scheme ({', '.join(schema.stance_names())})"
            )


def _check_relation(relation: Relation, where: str, labels: dict[str, str], schema: Schema) -> None:
    """Relations are the scheme's, between the labels it names: an attribution links a claim to its
    speaker (as the editor makes them), SAME_CLAIM joins the fragments of a discontinuous claim."""
    kinds = {kind.name: kind for kind in schema.relations}
    kind = kinds.get(relation.label)
    if kind is None:
        raise SchemaMismatch(
            f"{where}.label {_quoted(relation.label)} is not a relation of the scheme ({', '.join(kinds)})"
        )
    if relation.head_id == relation.child_id:
        raise SchemaMismatch(f"{where} links span {_quoted(relation.head_id)} to itself")
    for end, span_id, wanted in (("head", relation.head_id, kind.head), ("child", relation.child_id, kind.child)):
        if labels[span_id] != wanted:
            raise SchemaMismatch(f"{where}.{end} is a {labels[span_id]} span; {kind.name} needs a {wanted}")


def _quoted(value: str, limit: int = 60) -> str:
    """repr() of a value from a file, cut short: a hostile label may be megabytes long."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"
