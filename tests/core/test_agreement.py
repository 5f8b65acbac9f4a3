import json
import random

import pytest

from annotator.core.agreement import (
    PairData,
    cohen_kappa,
    krippendorff_alpha,
    overlap_matches,
    pair_report,
    token_values,
)
from annotator.core.model import Relation, Span, Stance
from annotator.core.store import Store
from annotator.core.text import tokens

TEXT = "Lavrov said the talks will go on. Umerov said no ceasefire yet."


def s(id, label, start, end, stances=()):
    return Span(id, "d", "x", label, start, end, TEXT[start:end], stances=tuple(stances))


def test_hand_computed_pair():
    a = [s("a1", "CLAIM", 12, 32, [Stance("direct talks", "support")]), s("a2", "SPEAKER", 0, 6),
         s("a3", "SPEAKER", 34, 40)]
    b = [s("b1", "CLAIM", 16, 32, [Stance("direct talks", "oppose")]), s("b2", "SPEAKER", 0, 6)]
    rel_a = [Relation("r1", "d", "x", "ATTRIBUTED_TO", "a1", "a2")]
    rel_b = [Relation("r2", "d", "x", "ATTRIBUTED_TO", "b1", "b2")]
    report = pair_report([PairData("d", "t", TEXT, tuple(a), tuple(b), tuple(rel_a), tuple(rel_b))],
                         ["CLAIM", "SPEAKER"], ("A", "B"))
    # exact: only the SPEAKER [0,6) matches -> 2*1/(3+2)
    assert report["span_f1_exact"] == pytest.approx(2 / 5)
    # overlap: the claims overlap too -> 2*2/5
    assert report["span_f1_overlap"] == pytest.approx(4 / 5)
    assert report["per_label"]["CLAIM"]["span_f1_exact"] == 0
    assert report["per_label"]["SPEAKER"]["span_f1_exact"] == pytest.approx(2 / 3)
    assert report["relation_f1"] == pytest.approx(1.0)
    # one (claim, target) pair, support vs oppose: kappa is 0 - 1/1... observed 0, expected 0 -> 0
    assert report["stance_kappa"] == pytest.approx(0.0)
    assert report["counts"]["documents"] == 1 and report["counts"]["spans"] == {"A": 3, "B": 2}
    assert set(report) >= {"span_f1_exact", "span_f1_overlap", "token_kappa", "token_alpha", "relation_f1",
                           "stance_kappa", "counts", "per_label"}


def test_token_values_by_hand():
    # tokens: Lavrov said the talks will go on . Umerov said no ceasefire yet .
    values = token_values(TEXT, [s("a", "CLAIM", 12, 32)], "CLAIM")
    assert values == [0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]


def test_overlap_matching_is_one_to_one_largest_first():
    a = [s("a", "CLAIM", 0, 20)]
    b = [s("b1", "CLAIM", 0, 5), s("b2", "CLAIM", 3, 20)]
    assert [(x.id, y.id) for x, y in overlap_matches(a, b)] == [("a", "b2")]


def test_kappa_and_alpha_against_independent_implementations():
    sklearn = pytest.importorskip("sklearn.metrics")
    krippendorff = pytest.importorskip("krippendorff")
    rng = random.Random(7)
    for _ in range(20):
        a = [rng.randint(0, 2) for _ in range(60)]
        b = [x if rng.random() < 0.7 else rng.randint(0, 2) for x in a]
        assert cohen_kappa(a, b) == pytest.approx(sklearn.cohen_kappa_score(a, b), abs=1e-9)
        expected = krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
        assert krippendorff_alpha(zip(a, b)) == pytest.approx(expected, abs=1e-9)
    coders = [[rng.randint(0, 1) for _ in range(40)] for _ in range(3)]
    expected = krippendorff.alpha(reliability_data=coders, level_of_measurement="nominal")
    assert krippendorff_alpha(zip(*coders)) == pytest.approx(expected, abs=1e-9)


def write_layer(path, doc_text, annotator, spans, relations=()):
    record = {"text": doc_text, "annotator": annotator, "status": "done",
              "spans": spans, "relations": list(relations)}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_cli_agreement_from_two_exports(tmp_path, capsys):
    from annotator.cli import main

    write_layer(tmp_path / "a.jsonl", TEXT, "ann_a", [
        {"id": "a1", "start": 12, "end": 32, "label": "CLAIM", "stances": [{"target": "direct talks", "label": "support"}]},
        {"id": "a2", "start": 0, "end": 6, "label": "SPEAKER"}], [{"id": "ra", "head": "a1", "child": "a2", "label": "ATTRIBUTED_TO"}])
    write_layer(tmp_path / "b.jsonl", TEXT, "ann_b", [
        {"id": "b1", "start": 12, "end": 32, "label": "CLAIM", "stances": [{"target": "direct talks", "label": "support"}]},
        {"id": "b2", "start": 34, "end": 40, "label": "SPEAKER"}], [{"id": "rb", "head": "b1", "child": "b2", "label": "ATTRIBUTED_TO"}])
    db = str(tmp_path / "s.db")
    assert main(["import", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--db", db]) == 0
    before = capsys.readouterr()
    assert main(["agreement", "ann_a", "ann_b", "--json", "--db", db]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["span_f1_exact"] == pytest.approx(0.5)
    assert report["relation_f1"] == pytest.approx(0.0)
    assert report["stance_kappa"] is None  # one pair, both "support": chance agreement is 1
    tokens_total = len(tokens(TEXT))
    assert report["per_label"]["CLAIM"]["token_kappa"] == pytest.approx(1.0)
    assert tokens_total == 14 and before.err == ""
    assert main(["agreement", "ann_a", "ann_b", "--label", "SPEAKER", "--db", db]) == 0
    assert "SPEAKER" in capsys.readouterr().out
    with Store(db, user="x") as store:
        store_docs = store.document_ids()
    assert len(store_docs) == 1


def test_three_annotators_give_pairwise_table_and_alpha(tmp_path, capsys):
    from annotator.cli import main

    db = str(tmp_path / "s.db")
    for who, end in (("a", 6), ("b", 6), ("c", 11)):
        write_layer(tmp_path / f"{who}.jsonl", TEXT, who, [{"start": 0, "end": end, "label": "SPEAKER"}])
        main(["import", str(tmp_path / f"{who}.jsonl"), "--db", db])
    capsys.readouterr()
    assert main(["agreement", "a", "b", "c", "--json", "--db", db]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["annotators"] for r in report["pairs"]] == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert report["pairs"][0]["span_f1_exact"] == 1.0 and report["pairs"][1]["span_f1_exact"] == 0.0
    assert report["krippendorff_alpha"] is not None


def test_fast_overlap_matching_and_token_values_equal_brute_force():
    rng = random.Random(11)
    text = "Lavrov said the talks will go on and Umerov said no. " * 8
    for _ in range(30):
        def layer(prefix):
            spans = []
            for k in range(rng.randint(0, 25)):
                start = rng.randrange(len(text) - 1)
                end = min(len(text), start + rng.randint(1, 40))
                spans.append(Span(f"{prefix}{k}", "d", prefix, rng.choice(["CLAIM", "SPEAKER"]), start, end, text[start:end]))
            return spans
        a, b = layer("a"), layer("b")
        candidates = sorted(
            (-(min(x.end, y.end) - max(x.start, y.start)), x.start, y.start, i, j)
            for i, x in enumerate(a) for j, y in enumerate(b) if x.label == y.label and x.overlaps(y)
        )
        used_a, used_b, expected = set(), set(), []
        for _, _, _, i, j in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i), used_b.add(j), expected.append((a[i].id, b[j].id))
        assert [(x.id, y.id) for x, y in overlap_matches(a, b)] == expected
        brute = [int(any(s.label == "CLAIM" and s.start < e and st < s.end for s in a)) for st, e in tokens(text)]
        assert token_values(text, a, "CLAIM") == brute
