"""The review issue's check, end to end: two analysts' exports of the seed articles, with
known differences, go into a fresh store; agreement, re-import, adjudication and gold export."""

import json
import re

import pytest

from annotator.cli import main
from annotator.core.export import iter_export, record_to_layer
from annotator.core.ingest import import_paths
from annotator.core.model import GOLD
from annotator.core.review import accept_agreements, compare, decide
from annotator.core.store import Store
from tests.conftest import SEEDS

ARTICLE = SEEDS / "001_24ca8abc6b35c596.txt"
CLAIM_SHORT = 'Moscow is preparing "concrete proposals"'
CLAIM_LONG = 'Moscow is preparing "concrete proposals" for the next round of direct talks with Ukraine'
SWAP = "a previous meeting that led to a major prisoner swap but no ceasefire"


def annotate(path, who: str, out) -> None:
    """One analyst's machine: import the seeds, tag one article, export their layer."""
    with Store(path, user=who) as store:
        import_paths(store, [SEEDS])
        doc = next(d for d in store.document_ids() if store.document(d).text.startswith("Russian Foreign Minister told"))
        text = store.document(doc).text

        def tag(label: str, phrase: str) -> str:
            start = text.index(phrase)
            return store.add_span(doc, label, start, start + len(phrase)).subject

        lavrov = tag("SPEAKER", "Sergei Lavrov")
        claim = tag("CLAIM", CLAIM_SHORT if who == "alice" else CLAIM_LONG)
        store.link_speaker(claim, lavrov)
        store.set_stance(claim, "direct talks", "support")
        swap = tag("CLAIM", SWAP)
        if who == "alice":
            tag("SPEAKER", "Marco Rubio")
            store.set_stance(swap, "ceasefire", "oppose")
        else:
            tag("SPEAKER", "Lavrov also")
        store.set_status(doc, "done")
    assert main(["export", "--annotator", who, "-o", str(out), "--db", str(path)]) == 0


@pytest.fixture
def exchanged(tmp_path, capsys):
    for who in ("alice", "bob"):
        annotate(tmp_path / f"{who}.db", who, tmp_path / f"{who}.jsonl")
    db = tmp_path / "carol.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 0
    assert main(["import", str(tmp_path / "alice.jsonl"), str(tmp_path / "bob.jsonl"), "--db", str(db)]) == 0
    capsys.readouterr()
    return tmp_path, db


def all_layers(db) -> list[dict]:
    with Store(db, user="carol") as store:
        return list(iter_export(store))


def token_vector(text: str, ranges: list[tuple[int, int]]) -> list[int]:
    return [int(any(s < m.end() and m.start() < e for s, e in ranges)) for m in re.finditer(r"\w+|[^\w\s]", text)]


def test_agreement_figures_from_two_imported_exports(exchanged, capsys):
    tmp_path, db = exchanged
    assert main(["agreement", "alice", "bob", "--json", "--db", str(db)]) == 0
    report = json.loads(capsys.readouterr().out)
    # A: Lavrov, short claim, swap claim, Rubio; B: Lavrov, long claim, swap claim, "Lavrov also".
    assert report["counts"]["documents"] == 1
    assert report["counts"]["spans"] == {"alice": 4, "bob": 4}
    assert report["span_f1_exact"] == pytest.approx(2 * 2 / 8, abs=1e-6)
    assert report["span_f1_overlap"] == pytest.approx(2 * 3 / 8, abs=1e-6)
    assert report["relation_f1"] == pytest.approx(1.0, abs=1e-6)
    # (claim, target) items: (support, support) and (oppose, none): p_o = 1/2, p_e = 1/4.
    assert report["stance_kappa"] == pytest.approx((0.5 - 0.25) / 0.75, abs=1e-6)
    assert report["per_label"]["CLAIM"]["span_f1_exact"] == pytest.approx(0.5, abs=1e-6)
    assert report["per_label"]["SPEAKER"]["span_f1_overlap"] == pytest.approx(0.5, abs=1e-6)

    sklearn = pytest.importorskip("sklearn.metrics")
    krippendorff = pytest.importorskip("krippendorff")
    text = ARTICLE.read_text(encoding="utf-8")
    at = {p: (text.index(p), text.index(p) + len(p)) for p in ("Sergei Lavrov", CLAIM_SHORT, CLAIM_LONG, SWAP,
                                                                "Marco Rubio", "Lavrov also")}
    layers = {
        "CLAIM": ([at[CLAIM_SHORT], at[SWAP]], [at[CLAIM_LONG], at[SWAP]]),
        "SPEAKER": ([at["Sergei Lavrov"], at["Marco Rubio"]], [at["Sergei Lavrov"], at["Lavrov also"]]),
    }
    kappas, alphas = [], []
    for label, (a, b) in layers.items():
        va, vb = token_vector(text, a), token_vector(text, b)
        kappas.append(sklearn.cohen_kappa_score(va, vb))
        alphas.append(krippendorff.alpha(reliability_data=[va, vb], level_of_measurement="nominal"))
        assert report["per_label"][label]["token_kappa"] == pytest.approx(kappas[-1], abs=1e-6)
    # CUE is in the scheme but neither tagged it: its kappa is undefined and left out of the mean.
    assert report["per_label"]["CUE"]["token_kappa"] is None
    assert report["token_kappa"] == pytest.approx(sum(kappas) / 2, abs=1e-6)
    assert report["token_alpha"] == pytest.approx(sum(alphas) / 2, abs=1e-6)


def test_importing_either_file_again_changes_nothing(exchanged, capsys):
    tmp_path, db = exchanged
    before = all_layers(db)
    with Store(db, user="carol") as store:
        changes = len(store.change_log(10_000))
    for who in ("alice", "bob"):
        assert main(["import", str(tmp_path / f"{who}.jsonl"), "--db", str(db)]) == 0
        assert "0 annotations added" in capsys.readouterr().out
    assert all_layers(db) == before
    with Store(db, user="carol") as store:
        assert len(store.change_log(10_000)) == changes


def test_adjudicating_every_difference_gives_a_clean_gold_export(exchanged, capsys):
    tmp_path, db = exchanged
    before = all_layers(db)
    with Store(db, user="carol") as store:
        doc = next(d for d, who in store.layer_keys(["alice"]))
        review = compare(store, doc, "alice", "bob")
        assert sorted(d.kind for d in review.differences) == ["agree", "boundary", "only_a", "only_b", "stance"]
        accept_agreements(store, [review])
        for difference in compare(store, doc, "alice", "bob").open():
            decide(store, compare(store, doc, "alice", "bob"), difference, "both")
        assert store.review_status(doc) == "adjudicated"
    assert [r for r in all_layers(db) if r["annotator"] != GOLD] == before

    gold_file = tmp_path / "gold.jsonl"
    assert main(["export", "--annotator", GOLD, "-o", str(gold_file), "--db", str(db)]) == 0
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    layer = record_to_layer(json.loads(lines[0]), None)
    assert layer.annotator == GOLD and len(layer.spans) == 6 and len(layer.relations) == 2
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en").make_doc(layer.document.text)
    assert all(doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict") for s in layer.spans)
