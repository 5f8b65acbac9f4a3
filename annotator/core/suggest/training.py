"""Which suggester runs (the rules, or a trained model from the store), and training one from the user's work.

The rules (`rules.RuleSuggester`) and the learner (`learner.train`, `TrainedModel`) are the engine;
this module connects them to the store: the examples a model learns from, where it is kept
(`Store.add_model`, named model-N) and how a name becomes a suggester again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import GOLD
from ..store import Store, StoreError
from . import Suggester, Suggestions, layer_suggestions

RULES = "rules"
LATEST = "latest"


@dataclass
class StoredModel:
    """A trained model under its store name, so its layer is suggest:model-N."""

    name: str
    model: object

    def suggest(self, text: str) -> Suggestions:
        return self.model.suggest(text)


def suggester_for(store: Store, name: str = RULES) -> Suggester:
    """`rules`, `latest` (the newest trained model) or a model's name (model-3)."""
    if name == RULES:
        from .rules import RuleSuggester

        return RuleSuggester()
    if name == LATEST:
        models = store.models()
        if not models:
            raise StoreError("no trained model yet: train one first (annotator train)")
        name = models[-1].name
    from .learner import TrainedModel

    return StoredModel(name, TrainedModel.from_bytes(store.model_data(name)))


def default_layers(store: Store) -> list[str]:
    return [store.user, GOLD]


def training_examples(store: Store, layers: Iterable[str]) -> list[tuple[str, Suggestions]]:
    """(text, what the layer has) for each document one of `layers` annotated; gold wins over others.

    A layer counts when it holds spans: a document the user marked done with nothing in it
    teaches nothing either way, and a claim tagged by hand teaches as much as an accepted one.
    """
    layers = list(layers)
    chosen: dict[str, str] = {}
    for document_id, who in store.layer_keys(layers):
        if chosen.get(document_id) != GOLD:
            chosen[document_id] = who
    examples = []
    for document_id, who in chosen.items():
        layer = store.layer(document_id, who)
        if layer.spans:
            examples.append((layer.document.text, layer_suggestions(layer)))
    return examples


@dataclass
class Training:
    """A model trained and scored, not yet kept in the store."""

    model: object
    score: dict
    layers: list[str]


def train_on(
    store: Store,
    layers: Iterable[str] | None = None,
    progress: Callable[[int, int], bool] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Training:
    """Train on the layers' documents and score on held-out ones; reads the store, writes nothing.

    The window runs this in a worker thread (its own read connection) and keeps the result on the
    UI thread, so the window's connection writes the model. Raises learner.TrainingCancelled.
    """
    from .learner import heldout_score, train

    layers = list(layers or default_layers(store))
    examples = training_examples(store, layers)
    if not examples:
        raise StoreError(f"nothing to learn from: no document has spans in {', '.join(layers)}")
    model = train(examples, progress=progress, cancelled=cancelled)
    return Training(model, heldout_score(examples, cancelled=cancelled), layers)


def keep(store: Store, training: Training) -> str:
    """Keep a trained model in the store as the next model-N; its name."""
    return store.add_model(training.model.to_bytes(), training.model.training_size, training.score, training.layers)


def train_model(
    store: Store,
    layers: Iterable[str] | None = None,
    progress: Callable[[int, int], bool] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    return keep(store, train_on(store, layers, progress, cancelled))


def model_f1(score: dict) -> float | None:
    return _figure(score, "model")


def rules_f1(score: dict) -> float | None:
    return _figure(score, RULES)


def _figure(score: dict, who: str) -> float | None:
    """The held-out F1 of `who` in a score (flat `f1` / `rules_f1`, or nested {"model": {"f1": …}})."""
    nested = score.get(who)
    if isinstance(nested, dict) and isinstance(nested.get("f1"), (int, float)):
        return float(nested["f1"])
    flat = score.get("f1" if who == "model" else f"{who}_f1")
    return float(flat) if isinstance(flat, (int, float)) else None


def beats_rules(score: dict) -> bool:
    """True when the model's held-out F1 is above the rules' on the same documents."""
    model, rules = model_f1(score), rules_f1(score)
    return model is not None and (rules is None or model > rules)
