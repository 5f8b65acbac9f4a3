import json

import pytest

from annotator.core.schema import SchemaError, load_schema, parse_schema


def test_default_scheme():
    schema = load_schema()
    assert [(label.name, label.hotkey, label.enabled) for label in schema.span_labels] == [
        ("CLAIM", "1", True),
        ("SPEAKER", "2", True),
        ("CUE", "3", False),
    ]
    assert (schema.claim_label, schema.speaker_label, schema.attribution) == ("CLAIM", "SPEAKER", "ATTRIBUTED_TO")
    assert schema.stance_names() == ("support", "oppose", "neutral", "none")
    assert schema.span_label("CLAIM").attributes == {"quote_type": ("direct", "indirect", "mixed")}
    assert {"ceasefire", "direct talks", "NATO membership", "prisoner exchange"} <= set(schema.targets)


def minimal(**changes):
    raw = {"span_labels": [{"name": "CLAIM", "color": "#ffd54f", "hotkey": "1"}]}
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    "raw,problem",
    [
        ([], "must hold a JSON object"),
        ({}, "span_labels must be a non-empty list"),
        (minimal(span_labels=[{"name": "X", "color": "red"}]), "span_labels[0].color 'red' is not a colour"),
        (minimal(span_labels=[{"color": "#000000"}]), "span_labels[0].name must be a non-empty string"),
        (
            minimal(span_labels=[{"name": "A", "color": "#000000", "hotkey": "1"},
                                 {"name": "B", "color": "#000000", "hotkey": "1"}]),
            "span_labels[1].hotkey '1' is already used by A",
        ),
        (minimal(relations=[{"name": "R", "head": "CLAIM", "child": "WHO"}]), "unknown span label 'WHO'"),
        (minimal(targets=["ok", ""]), "targets must be a list of non-empty strings"),
    ],
)
def test_invalid_schemes_name_the_problem(raw, problem):
    with pytest.raises(SchemaError) as info:
        parse_schema(raw, "my.json")
    assert str(info.value).startswith("my.json: ")
    assert problem in str(info.value)


def test_unreadable_scheme_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    with pytest.raises(SchemaError, match="bad.json: not valid JSON"):
        load_schema(bad)
    with pytest.raises(SchemaError, match="cannot read"):
        load_schema(tmp_path / "missing.json")


def test_custom_scheme_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(minimal(name="tiny")))
    assert load_schema(path).name == "tiny"
