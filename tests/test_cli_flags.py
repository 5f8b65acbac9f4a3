"""One meaning per flag, --version, real paths in --help, and commands that say when they find nothing to do."""

import json
from importlib.metadata import version

import pytest

from annotator.cli import build_parser, main
from annotator.core.config import resource_path
from annotator.core.store import Store
from tests.conftest import SEEDS


def test_version_is_the_installed_package_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"annotator {version('annotator')}\n"


@pytest.mark.parametrize("command", [[], ["import"], ["export"], ["list"], ["agreement"], ["gui"]])
def test_help_names_the_store_and_scheme_it_would_use_each_path_on_one_line(tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("ANNOTATOR_USER", "carol")
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "a-store" / "team-db.db"))
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    words = out.split()
    assert f"{tmp_path / 'a-store' / 'team-db.db'}," in words, "the path whole, on one line"
    assert f"{resource_path('schema.json')}," in words
    assert "$ANNOTATOR_DB" in out and "$ANNOTATOR_SCHEMA" in out and "user data folder" not in out
    if command in ([], ["import"], ["gui"]):
        assert "--user NAME" in out and "carol," in out


@pytest.mark.parametrize(
    "argv",
    [["--user", "bob", "gui"], ["gui", "--user", "bob"], ["--user", "bob", "import", "x"], ["import", "x", "--user", "bob"]],
)
def test_user_names_who_you_are_before_or_after_the_command(argv, capsys):
    assert build_parser().parse_args(argv).user == "bob"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "argv, dest, value, instead",
    [
        (["--annotator", "bob", "gui"], "user", "bob", "--user NAME"),
        (["gui", "--annotator", "bob"], "user", "bob", "--user NAME"),
        (["import", "x", "--annotator", "model-v1"], "as_annotator", "model-v1", "--as NAME"),
        (["export", "--annotator", "alice", "--annotator", "gold"], "layers", ["alice", "gold"], "--layer NAME"),
    ],
    ids=["top", "gui", "import", "export"],
)
def test_the_old_annotator_spellings_still_work_and_say_what_replaces_them(argv, dest, value, instead, capsys):
    assert getattr(build_parser().parse_args(argv), dest) == value
    err = capsys.readouterr().err
    assert "--annotator is deprecated" in err and f"use {instead}" in err


def test_import_as_names_the_annotator_of_unnamed_records_and_user_names_who_imports(tmp_path):
    db = str(tmp_path / "as.db")
    text = "Sergei Lavrov said the talks were over."
    record = {"text": text, "spans": [{"start": 0, "end": 13, "label": "SPEAKER"}]}
    (tmp_path / "model.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["--user", "dave", "import", str(tmp_path / "model.jsonl"), "--db", db, "--as", "model-v1"]) == 0
    assert main(["import", str(tmp_path / "model.jsonl"), "--db", db, "--user", "erin"]) == 0
    with Store(db, user="alice") as store:
        assert store.span_counts() == {"erin": 1, "model-v1": 1}


@pytest.fixture
def unannotated_db(tmp_path):
    db = tmp_path / "plain.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 0
    return db


def test_export_of_nothing_annotated_writes_nothing_and_says_what_to_try(unannotated_db, tmp_path, capsys):
    capsys.readouterr()
    assert main(["export", "--db", str(unannotated_db)]) == 1
    assert capsys.readouterr() == (
        "", "annotator: nothing to export: no annotated documents (use --all-documents to export unannotated ones)\n"
    )
    assert main(["export", "--db", str(unannotated_db), "-o", str(tmp_path / "out.jsonl")]) == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_export_of_an_unknown_layer_names_the_annotators_there_are(unannotated_db, capsys):
    with Store(unannotated_db, user="alice") as store:
        store.add_span(store.document_ids()[0], "CLAIM", 0, 6)
    capsys.readouterr()
    assert main(["export", "--db", str(unannotated_db), "--layer", "bob"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "annotator: nothing to export: no layer of bob (annotators in this store: alice)\n"
    assert main(["export", "--db", str(unannotated_db), "--layer", "alice"]) == 0
    assert [json.loads(line)["annotator"] for line in capsys.readouterr().out.splitlines()] == ["alice"]


def test_agreement_with_an_annotator_without_spans_fails_and_names_who_has_some(unannotated_db, capsys):
    with Store(unannotated_db, user="alice") as store:
        store.add_span(store.document_ids()[0], "CLAIM", 0, 6)
    capsys.readouterr()
    assert main(["agreement", "alice", "bob", "--db", str(unannotated_db)]) == 1
    assert capsys.readouterr() == (
        "", "annotator: nothing to compare: bob has no spans in this store (annotators with spans: alice)\n"
    )
    with Store(unannotated_db, user="bob") as store:
        store.add_span(store.document_ids()[0], "CLAIM", 0, 6)
    assert main(["agreement", "alice", "bob", "--db", str(unannotated_db)]) == 0
    assert "alice vs bob: 1 documents" in capsys.readouterr().out
