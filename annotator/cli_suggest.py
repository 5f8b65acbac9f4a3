"""`annotator train`, `annotator suggest` and `annotator models`: suggestions from the rules or a trained model."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from annotator.core.store import Store
from annotator.core.suggest import is_suggestion_layer, layer_name
from annotator.core.suggest.training import LATEST, RULES, default_layers, model_f1, suggester_for, train_model

TRAIN_EPILOG = """examples:
  annotator train                       learn from your layer and gold
  annotator train --layer gold --layer bob
The model is kept in the store as model-1, model-2, ...; `annotator suggest --model latest` uses it.
"""

SUGGEST_EPILOG = """examples:
  annotator suggest                     the rules, on every document
  annotator suggest --model latest      the newest trained model
  annotator suggest --model model-2 --document 3f2a9c1e
  annotator export --layer suggest:rules -o suggestions.jsonl
Suggestions go to the read-only layer suggest:<model>; accept or reject them in the window (J, A, X).
"""


def add_parsers(sub, common: Callable[[argparse.ArgumentParser], None], formatter: type) -> None:
    """`common` adds --db, --schema and --user."""
    train = sub.add_parser(
        "train",
        help="train a suggestion model on your layer and gold (kept in the store as model-N)",
        description="Train a model on the documents the layers annotated and score it on held-out ones.",
        epilog=TRAIN_EPILOG,
        formatter_class=formatter,
    )
    common(train)
    train.add_argument(
        "--layer", dest="layers", action="append", metavar="NAME",
        help="learn from this annotator's layer (repeatable; default: yours and gold)",
    )
    suggest = sub.add_parser(
        "suggest",
        help="fill the suggestion layer (suggest:<model>) with the rules' or a model's suggestions",
        description="Propose claims, speakers, cues and links for the corpus (or some documents of it).",
        epilog=SUGGEST_EPILOG,
        formatter_class=formatter,
    )
    common(suggest)
    suggest.add_argument(
        "--model", default=RULES, metavar="NAME", help="rules (default), latest, or a trained model's name (model-3)"
    )
    suggest.add_argument(
        "--document", dest="documents", action="append", metavar="ID",
        help="only this document (an id or the start of one, as `annotator list` shows; repeatable)",
    )
    models = sub.add_parser(
        "models",
        help="list the trained suggestion models",
        description="List the trained models: name, training size, held-out score, date, layers.",
        epilog="example:\n  annotator models --json",
        formatter_class=formatter,
    )
    common(models)
    models.add_argument("--json", action="store_true", help="print JSON")


class ProgressBar:
    """A one-line bar on stderr, redrawn at most every 100 ms; `__call__` is a Progress callback."""

    def __init__(self, title: str, out=None):
        self.title = title
        self.out = out or sys.stderr
        self._drawn = 0.0

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now - self._drawn >= 0.1 or done >= total:
            self._drawn = now
            filled = 30 * done // max(total, 1)
            self.out.write(f"\r{self.title} [{'#' * filled}{'.' * (30 - filled)}] {100 * done // max(total, 1):3d}%")
            self.out.flush()
        return True

    def close(self) -> None:
        self.out.write("\n")
        self.out.flush()


def run_train(args: argparse.Namespace, store: Store) -> int:
    layers = args.layers or default_layers(store)
    machine = [layer for layer in layers if is_suggestion_layer(layer)]
    if machine:
        print(f"annotator: {', '.join(machine)}: a suggestion layer is a model's output, not annotations to learn "
              "from; name your layer, gold or a colleague's", file=sys.stderr)
        return 2
    bar = ProgressBar("Training")
    try:
        name = train_model(store, layers, progress=bar)
    finally:
        bar.close()
    model = next(m for m in store.models() if m.name == name)
    f1 = model_f1(model.score)
    print(f"Trained {name} on {model.training_size} documents of {', '.join(layers)}"
          + (f"; held-out F1 {f1:.3f}" if f1 is not None else ""))
    return 0


def run_suggest(args: argparse.Namespace, store: Store) -> int:
    suggester = suggester_for(store, args.model)
    ids = documents_by_prefix(store, args.documents) if args.documents else store.document_ids()
    bar = ProgressBar(f"Suggesting ({suggester.name})")
    try:
        count = store.fill_suggestions(suggester, ids, progress=bar)
    finally:
        bar.close()
    print(f"{count} suggestions on {len(ids)} documents in the layer {layer_name(suggester.name)}")
    return 0


def run_models(args: argparse.Namespace, store: Store) -> int:
    models = store.models()
    if args.json:
        print(json.dumps([{"name": m.name, "training_size": m.training_size, "score": m.score, "layers": list(m.layers),
                           "created": m.created} for m in models], indent=2))
        return 0
    if not models:
        print("No trained model yet: annotator train")
    for m in models:
        f1 = model_f1(m.score)
        print(f"{m.name:10} {m.created[:16].replace('T', ' ')}  {m.training_size:6} documents  "
              f"F1 {'-' if f1 is None else f'{f1:.3f}'}  ({', '.join(m.layers)})")
    return 0


class UnknownDocument(Exception):
    """A --document that names no document of the store, or more than one."""


def documents_by_prefix(store: Store, wanted: list[str]) -> list[str]:
    """Document ids from ids or unique starts of ids."""
    ids = store.document_ids()
    found = []
    for prefix in wanted:
        matches = [d for d in ids if d.startswith(prefix)]
        if len(matches) != 1:
            raise UnknownDocument(f"{'no' if not matches else 'more than one'} document with an id starting {prefix!r}")
        found.append(matches[0])
    return found


READ_ONLY = ("models",)
