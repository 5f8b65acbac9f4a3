"""The trained suggester end to end on a small checked-in fixture (tests/fixtures/suggest_examples.json)."""

import json
from pathlib import Path

import pytest

from annotator.core.model import Document, Layer, Relation, Span
from annotator.core.suggest import SuggestedLink, Suggestion, Suggestions, layer_suggestions
from annotator.core.suggest.learner import MIN_LINK_CONFIDENCE, _Document, TrainedModel, TrainingCancelled, heldout_score, train
from annotator.core.suggest.rules import RuleSuggester

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "suggest_examples.json"
PREFIX = "😀 東京 "


def examples(prefix: str = ""):
    out = []
    for doc in json.loads(FIXTURE.read_text(encoding="utf-8"))["documents"]:
        n = len(prefix)
        spans = [Suggestion(s["label"], s["start"] + n, s["end"] + n, 1.0) for s in doc["spans"]]
        links = [SuggestedLink(spans[c].key, spans[s].key, 1.0) for c, s in doc["links"]]
        out.append((prefix + doc["text"], Suggestions(tuple(spans), tuple(links))))
    return out


@pytest.fixture(scope="module")
def model():
    return train(examples(PREFIX))


def phrases(text: str, result: Suggestions) -> set[tuple[str, str]]:
    return {(s.label, text[s.start:s.end]) for s in result.spans}


def test_the_model_learns_a_cue_the_rules_do_not_know(model):
    text = PREFIX + "Greta Olsen opined that the harbour would close before the holidays.\n"
    assert not RuleSuggester().suggest(text).spans
    result = model.suggest(text)
    found = phrases(text, result)
    assert {("CUE", "opined"), ("SPEAKER", "Greta Olsen")} <= found
    claim = next(s for s in result.spans if s.label == "CLAIM")
    assert "the harbour would close" in text[claim.start:claim.end]
    speaker = next(s for s in result.spans if s.label == "SPEAKER")
    assert all(0 < s.confidence <= 1 for s in result.spans)
    assert all(link.confidence >= model.min_link_confidence for link in result.links)
    model.min_link_confidence = 0.5
    try:
        linked = {(link.claim_key, link.speaker_key) for link in model.suggest(text).links}
    finally:
        model.min_link_confidence = MIN_LINK_CONFIDENCE
    assert (claim.key, speaker.key) in linked


def test_two_apostrophes_quote_as_a_double_quotation_mark_does(model):
    """The New York Times writes ''…'': the model sees what it sees in "…" and tags the same."""
    straight = PREFIX + '"The bridge will be rebuilt by spring," Ivan Petrov said.\n'
    doubled = straight.replace('"', "''")
    assert [f for _, f in _Document(doubled).sequences()] == [f for _, f in _Document(straight).sequences()]
    as_straight = {(label, phrase.replace("''", '"')) for label, phrase in phrases(doubled, model.suggest(doubled))}
    assert as_straight == phrases(straight, model.suggest(straight))
    assert ("SPEAKER", "Ivan Petrov") in as_straight


def test_the_model_survives_its_bytes(model):
    again = TrainedModel.from_bytes(model.to_bytes())
    assert again.training_size == len(examples()) == model.training_size
    text = PREFIX + "“The bridge will be rebuilt by spring,” Ivan Petrov said.\n"
    assert again.suggest(text) == model.suggest(text)
    with pytest.raises(ValueError):
        TrainedModel.from_bytes(b"not a model")


def test_progress_and_cancel():
    seen = []
    train(examples()[:6], progress=seen.append, iterations=5)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    pairs = []
    train(examples()[:6], progress=lambda done, total: pairs.append((done, total)) or True, iterations=5)
    assert pairs[-1] == (1000, 1000)
    calls = []
    with pytest.raises(TrainingCancelled):
        train(examples()[:6], cancelled=lambda: calls.append(1) or len(calls) > 8, iterations=50)


def test_heldout_score_trains_on_the_rest_and_scores_both():
    score = heldout_score(examples(), fraction=0.2, seed=7)
    assert score["documents"] == 5 and score["training_documents"] == 20
    assert set(score["model"]) == {"precision", "recall", "f1"}
    assert score["model"]["recall"] > score["rules"]["recall"]
    assert "links" in score["labels"]["model"]
    assert heldout_score(examples()[:3])["documents"] == 0


def test_layer_suggestions_turns_a_layer_into_gold():
    doc = Document("d", "t", None, None, "Lavrov said the talks go on, and on.", "h")
    spans = (Span("s", "d", "a", "SPEAKER", 0, 6, "Lavrov"), Span("c1", "d", "a", "CLAIM", 12, 27, "the talks go on"),
             Span("c2", "d", "a", "CLAIM", 33, 35, "on"), Span("q", "d", "a", "CUE", 7, 11, "said"))
    relations = (Relation("r1", "d", "a", "ATTRIBUTED_TO", "c1", "s"), Relation("r2", "d", "a", "SAME_CLAIM", "c1", "c2"))
    gold = layer_suggestions(Layer(doc, "a", "done", spans, relations))
    assert {s.key for s in gold.spans} == {"SPEAKER:0:6", "CLAIM:12:27", "CLAIM:33:35", "CUE:7:11"}
    assert all(s.confidence == 1.0 for s in gold.spans)
    assert {(link.claim_key, link.speaker_key) for link in gold.links} == {("CLAIM:12:27", "SPEAKER:0:6"),
                                                                           ("CLAIM:33:35", "SPEAKER:0:6")}


def test_a_model_that_never_saw_a_long_span_of_a_label_still_tags_one():
    text = "Lavrov said so. Umerov said so. Rubio said so.\n"
    gold = Suggestions(tuple(Suggestion("CUE", i, i + 4, 1.0) for i in (7, 23, 38)))
    assert all(text[s.start:s.end] == "said" for s in gold.spans)
    model = train([(text, gold)] * 3, iterations=10)
    model.min_confidence = 0.0
    result = model.suggest("They said said said it again and again.\n")
    assert any(s.label == "CUE" for s in result.spans)


def test_a_document_of_one_long_line_is_tagged_a_bounded_sequence_at_a_time(model):
    """Features take about 7 kB a token: a 20 MB article of one line must not hold them all at once."""
    from annotator.core.suggest import learner

    text = PREFIX + "Greta Olsen opined that the harbour would close before the holidays, " * 400 + "she said.\n"
    sequences = _Document(text).sequences()
    assert iter(sequences) is sequences  # made as the tagger asks for them
    sizes = [len(tokens) for tokens, features in sequences if len(features) == len(tokens)]
    assert max(sizes) == learner.MAX_SEQUENCE_TOKENS
    assert sum(sizes) == len(list(learner._TOKEN.finditer(text)))
    assert {"CUE"} <= {s.label for s in model.suggest(text).spans}
