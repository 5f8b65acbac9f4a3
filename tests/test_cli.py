import json
import os
import stat
import subprocess
import sys

import pytest

from annotator.cli import build_parser, main
from annotator.core.store import Store
from tests.conftest import ROOT, SEEDS

COMMANDS = ["gui", "import", "export", "list", "agreement", "dataset", "duplicates", "people", "train", "suggest", "models", "evaluate"]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_core_and_cli_never_load_qt():
    code = (
        "import sys, annotator, annotator.core, annotator.cli, annotator.core.store, annotator.core.ingest, "
        "annotator.core.export, annotator.core.agreement, annotator.core.review; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"] if command is None else [command, "--help"])
    assert exit_info.value.code == 0
    assert "example" in capsys.readouterr().out


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    choices = build_parser()._subparsers._group_actions[0].choices
    assert set(choices) == set(COMMANDS)
    for command in COMMANDS:
        assert f"annotator {command}" in readme, command


def test_import_twice_then_list_and_export(tmp_path):
    db = str(tmp_path / "cli.db")
    first = run_cli("import", str(SEEDS), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "5 documents added" in first.stdout
    second = run_cli("--db", db, "import", "seeds/")
    assert "0 documents added, 5 skipped" in second.stdout
    listing = run_cli("list", "--db", db)
    assert listing.stdout.count("(not annotated)") == 5
    out = tmp_path / "all.jsonl"
    exported = run_cli("export", "--db", db, "--all-documents", "-o", str(out))
    assert exported.returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_import_errors_exit_non_zero_and_name_the_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": 3}\n')
    result = run_cli("import", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert f"{bad}:2: 'text' must be a string" in result.stderr
    assert "1 documents added" in result.stdout


def test_db_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.db"))
    assert main(["import", str(SEEDS / "000_85478dbc048ae6ab.txt")]) == 0
    assert (tmp_path / "env.db").exists()


def test_bad_scheme_is_reported(tmp_path, capsys):
    scheme = tmp_path / "s.json"
    scheme.write_text(json.dumps({"span_labels": []}))
    assert main(["list", "--schema", str(scheme)]) == 2
    assert "span_labels must be a non-empty list" in capsys.readouterr().err


@pytest.fixture
def seeded_db(tmp_path):
    db = tmp_path / "seeded.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 0
    return db


def test_export_keeps_the_mode_of_the_file_it_replaces_and_gives_a_new_one_the_umask(seeded_db, tmp_path):
    shared = tmp_path / "shared.jsonl"
    shared.write_text("last week's export\n")
    shared.chmod(0o664)
    assert main(["export", "--db", str(seeded_db), "--all-documents", "-o", str(shared)]) == 0
    assert len(shared.read_text(encoding="utf-8").splitlines()) == 5
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    umask = os.umask(0o027)
    try:
        assert main(["export", "--db", str(seeded_db), "--all-documents", "-o", str(tmp_path / "new.jsonl")]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o640


@pytest.mark.parametrize(
    "target, message",
    [("", "is a folder: give -o a file name"), ("missing/out.jsonl", "the folder {tmp}/missing does not exist")],
    ids=["folder", "missing-folder"],
)
def test_export_to_a_folder_or_into_a_missing_folder_is_one_line(seeded_db, tmp_path, capsys, target, message):
    output = tmp_path / target
    capsys.readouterr()
    assert main(["export", "--db", str(seeded_db), "--all-documents", "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: ") and err.count("\n") == 1, err
    assert str(output) in err and message.format(tmp=tmp_path) in err
    assert list(output.parent.glob(f".{output.name}.*.tmp")) == [], "no temporary file is left behind"


@pytest.mark.parametrize("command", [["list"], ["export"], ["agreement", "alice", "bob"]], ids=lambda c: c[0])
def test_reading_a_missing_store_says_what_to_try_and_creates_nothing(tmp_path, capsys, command):
    db = tmp_path / "nowhere.db"
    assert main([*command, "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"annotator: there is no store at {db} yet (import something first: annotator import PATH)\n"
    assert list(tmp_path.iterdir()) == []


def test_list_of_an_empty_store_says_how_to_import(tmp_path, capsys):
    db = tmp_path / "empty.db"
    Store(db).close()
    assert main(["list", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "No documents. Import some with: annotator import PATH\n"


def test_import_adds_to_my_layer_unless_replace_is_given(tmp_path):
    import json

    from annotator.cli import main
    from annotator.core.store import Store

    db = str(tmp_path / "r.db")
    text = "Sergei Lavrov said the talks were over."
    with Store(db, user="alice") as store:
        document_id = store.add_document(text).document_id
        store.add_span(document_id, "SPEAKER", 0, 13)
    line = {"text": text, "annotator": "alice", "spans": [{"start": 19, "end": 38, "label": "CLAIM"}]}
    (tmp_path / "mine.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "mine.jsonl"), "--db", db, "--annotator", "alice"]) == 0
    with Store(db, user="alice") as store:
        assert [s.label for s in store.spans(document_id, "alice")] == ["SPEAKER", "CLAIM"]
    assert main(["import", str(tmp_path / "mine.jsonl"), "--db", db, "--annotator", "alice", "--replace"]) == 0
    with Store(db, user="alice") as store:
        assert [s.label for s in store.spans(document_id, "alice")] == ["CLAIM"]


def test_max_line_mb_is_named_when_a_record_is_over_it(tmp_path, capsys):
    import json

    from annotator.cli import main

    line = {"text": "The minister said the talks were over.\n" * 40_000}
    (tmp_path / "long.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert main(["import", str(tmp_path / "long.jsonl"), "--db", db, "--max-line-mb", "1"]) == 1
    assert "raise --max-line-mb" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "long.jsonl"), "--db", db, "--max-line-mb", "2"]) == 0


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    """`annotator list | head -1`: the pipe closes before the listing is written."""
    db = tmp_path / "s.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 0
    process = subprocess.Popen([sys.executable, "-m", "annotator", "list", "--db", str(db)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert error == ""
