"""Training splits that keep near-duplicate articles together, and the duplicates they rest on."""

import json

import pytest

from annotator.cli import main
from annotator.core.dataset import SPLITS, DatasetError, assign, parse_ratios, write_dataset
from annotator.core.duplicates import duplicate_groups, shingles
from annotator.core.ingest import import_paths
from annotator.core.store import Store
from tests.conftest import SEEDS

REWRITES = {"002_ae44b86455039b7d.txt", "003_05f3781f14e68cea.txt"}
"""The sample corpus's two rewrites of one story."""


@pytest.fixture
def corpus(tmp_path):
    """The sample corpus with a gold layer on every article: its first word a CLAIM, its second a SPEAKER."""
    with Store(tmp_path / "corpus.db", user="gold") as store:
        import_paths(store, [SEEDS])
        for doc in store.document_ids():
            text = store.document(doc).text
            words = text.split()
            first = text.index(words[0])
            store.add_span(doc, "CLAIM", first, first + len(words[0]))
            second = text.index(words[1], first + len(words[0]))
            store.add_span(doc, "SPEAKER", second, second + len(words[1]))
        yield store


def rewrites(store) -> set[str]:
    return {doc for doc in store.document_ids() if store.document(doc).meta.get("file") in REWRITES}


def test_the_sample_corpus_has_one_group_the_two_rewrites(corpus):
    (group,) = duplicate_groups({doc: corpus.document(doc).text for doc in corpus.document_ids()})
    assert set(group.documents) == rewrites(corpus)
    ((a, b, similarity),) = group.pairs
    assert 0.18 <= similarity < 0.3


def test_similarity_is_exact_jaccard_of_word_shingles():
    a, b = "one two three four five", "one two three four six"
    (group,) = duplicate_groups({"a": a, "b": b, "c": "nothing alike here at all"}, threshold=0.5)
    assert group.pairs == (("a", "b", round(3 / 5, 4)),)
    assert shingles("Hello, hello WORLD") == {"hello hello", "hello world"}


@pytest.mark.parametrize("seed", range(12))
def test_near_duplicates_always_share_a_split(corpus, tmp_path, seed):
    report = write_dataset(corpus, "jsonl", tmp_path / "out", ["gold"], (40, 30, 30), seed)
    together = [name for name in SPLITS if rewrites(corpus) <= set(report.documents[name])]
    assert len(together) == 1
    assert sorted(d for name in SPLITS for d in report.documents[name]) == sorted(corpus.document_ids())
    for name in SPLITS:
        lines = (tmp_path / "out" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert sorted(json.loads(line)["id"] for line in lines) == sorted(report.documents[name])
        assert report.labels[name]["CLAIM"] == report.labels[name]["SPEAKER"] == len(lines)


def test_shares_are_kept_as_closely_as_whole_groups_allow():
    documents = [f"d{i}" for i in range(100)]
    split = assign(documents, [], (80, 10, 10), seed=7)
    assert [sum(1 for s in split.values() if s == name) for name in SPLITS] == [80, 10, 10]
    assert assign(documents, [], (80, 10, 10), seed=7) == split != assign(documents, [], (80, 10, 10), seed=8)


def test_spacy_and_hf_splits_load(corpus, tmp_path):
    spacy = pytest.importorskip("spacy")
    datasets = pytest.importorskip("datasets")
    from spacy.tokens import DocBin

    report = write_dataset(corpus, "spacy", tmp_path / "spacy", ["gold"], (60, 20, 20), 7)
    for name in SPLITS:
        docs = list(DocBin().from_disk(tmp_path / "spacy" / f"{name}.spacy").get_docs(spacy.blank("xx").vocab))
        assert len(docs) == len(report.documents[name])
        assert all(len(doc.spans["sc"]) == 2 for doc in docs)
    write_dataset(corpus, "hf", tmp_path / "hf", ["gold"], (60, 20, 20), 7)
    manifest = json.loads((tmp_path / "hf" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 7 and len(manifest["near_duplicates"]["groups"]) == 1
    train = datasets.load_dataset("json", data_files=str(tmp_path / "hf" / "train" / "data.jsonl"), split="train")
    assert sorted(train["document_id"]) == sorted(report.documents["train"])


def test_bad_split_and_missing_layers_are_refused(corpus, tmp_path):
    with pytest.raises(DatasetError, match="three shares"):
        parse_ratios("80/20")
    with pytest.raises(DatasetError, match="no layer of nobody"):
        write_dataset(corpus, "jsonl", tmp_path / "x", ["nobody"])


def test_cli_dataset_prints_counts_per_split_and_duplicates_lists_the_group(corpus, tmp_path, capsys):
    corpus.close()
    db = str(tmp_path / "corpus.db")
    assert main(["dataset", "--db", db, "--format", "jsonl", "--layers", "gold", "-o", str(tmp_path / "d"),
                 "--split", "80/10/10", "--seed", "7"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["split", "documents", "layers", "CLAIM", "SPEAKER"]
    assert sum(int(row.split()[1]) for row in table[1:4]) == 5
    assert main(["duplicates", "--db", db, "--json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert len(group["documents"]) == 2 and group["pairs"][0][2] > 0.18
