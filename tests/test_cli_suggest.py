"""`annotator suggest`, `train`, `models` and exporting a suggestion layer, in process (the engine may be a fake)."""

import json

import pytest

from annotator.cli import main
from annotator.core.store import Store
from tests.conftest import SEEDS
from tests.fake_suggester import install_engine


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "s.db")
    assert main(["import", str(SEEDS), "--db", path]) == 0
    return path


def test_suggest_fills_the_rules_layer_with_a_progress_bar_and_exports_only_when_named(db, tmp_path, capsys, monkeypatch):
    install_engine(monkeypatch, real=("rules",))
    capsys.readouterr()
    assert main(["suggest", "--db", db]) == 0
    out = capsys.readouterr()
    assert "Suggesting (rules) [" in out.err and "100%" in out.err
    assert "in the layer suggest:rules" in out.out
    with Store(db, user="alice") as store:
        counts = store.suggestion_counts("suggest:rules")
        assert sum(counts.values()) > 0 and all(store.has_suggestions(d, "suggest:rules") for d in store.document_ids())
    assert main(["export", "--db", db, "--all-documents", "-o", str(tmp_path / "plain.jsonl")]) == 0
    plain = [json.loads(line) for line in (tmp_path / "plain.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["annotator"] for r in plain} == {None}
    assert main(["export", "--db", db, "--layer", "suggest:rules", "-o", str(tmp_path / "s.jsonl")]) == 0
    named = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["annotator"] for r in named} == {"suggest:rules"}
    assert all(s["provenance"]["model"] == "rules" for r in named for s in r["spans"])


def test_suggest_one_document_by_the_start_of_its_id(db, capsys, monkeypatch):
    install_engine(monkeypatch)
    with Store(db, user="alice") as store:
        first, *rest = store.document_ids()
    assert main(["suggest", "--db", db, "--document", first[:8]]) == 0
    with Store(db, user="alice") as store:
        assert store.has_suggestions(first, "suggest:rules")
        assert not any(store.has_suggestions(d, "suggest:rules") for d in rest)
    assert main(["suggest", "--db", db, "--document", "zzzz"]) == 1
    assert "no document with an id starting 'zzzz'" in capsys.readouterr().err


def test_train_keeps_model_1_and_suggest_latest_uses_it(db, capsys, monkeypatch):
    install_engine(monkeypatch)
    assert main(["suggest", "--db", db, "--model", "latest"]) == 2
    assert "no trained model yet" in capsys.readouterr().err
    with Store(db, user="alice") as store:
        doc = store.document_ids()[0]
        text = store.document(doc).text
        word = text.split()[3]
        start = text.index(word)
        store.add_span(doc, "SPEAKER", start, start + len(word))
    assert main(["train", "--db", db, "--user", "alice"]) == 0
    out = capsys.readouterr()
    assert "Trained model-1 on 1 documents of alice, gold" in out.out and "Training [" in out.err
    assert main(["models", "--db", db, "--json"]) == 0
    (model,) = json.loads(capsys.readouterr().out)
    assert (model["name"], model["training_size"], model["layers"]) == ("model-1", 1, ["alice", "gold"])
    assert main(["suggest", "--db", db, "--model", "latest"]) == 0
    assert "layer suggest:model-1" in capsys.readouterr().out
    with Store(db, user="alice") as store:
        assert store.suggestion_layers() == ["suggest:model-1"]
        assert all(s.provenance["model"] == "model-1" for s in store.spans(doc, "suggest:model-1"))


def test_train_with_the_real_learner_scores_it_against_the_rules(db, capsys, monkeypatch):
    """The sample corpus, every rules suggestion accepted as alice's work: model-1 learns it and is scored."""
    install_engine(monkeypatch, real=("rules", "learner"))
    from annotator.core.model import Acceptance

    assert main(["suggest", "--db", db]) == 0
    with Store(db, user="alice") as store:
        for doc in store.document_ids():
            store.accept_suggestions([Acceptance(s.id) for s in store.pending_suggestions(doc, "suggest:rules")[0]])
    assert main(["train", "--db", db, "--user", "alice"]) == 0
    assert "Trained model-1 on 5 documents of alice, gold; held-out F1 " in capsys.readouterr().out
    with Store(db, user="alice") as store:
        (model,) = store.models()
        assert model.score["model"]["f1"] > 0 and "rules" in model.score
    assert main(["suggest", "--db", db, "--model", "model-1"]) == 0
    with Store(db, user="alice") as store:
        assert any(s.provenance["model"] == "model-1" for d in store.document_ids() for s in store.spans(d, "suggest:model-1"))
        assert all(store.has_suggestions(d, "suggest:model-1") for d in store.document_ids())


def test_train_refuses_to_learn_from_a_suggestion_layer(db, capsys, monkeypatch):
    install_engine(monkeypatch)
    assert main(["suggest", "--db", db]) == 0
    capsys.readouterr()
    assert main(["train", "--db", db, "--layer", "suggest:rules"]) == 2
    err = capsys.readouterr().err
    assert "suggest:rules: a suggestion layer is a model's output" in err and "Traceback" not in err
    with Store(db, user="alice") as store:
        assert store.models() == []
