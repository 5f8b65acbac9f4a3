"""The suggestion rows of `python -m annotator.bench`: quality (evaluate's figures) and speed.

With `--polnear DIR` (a checkout of github.com/networkdynamics/PolNeAR, or `$ANNOTATOR_POLNEAR`)
the dev articles are imported with `annotator import`'s reader under the layer `polnear`, the
rules and a model trained on the first 100 train articles fill `suggest:rules` and
`suggest:model`, and `evaluate` scores both against `polnear`. Without it the same rows run
on the small annotated fixture of the test suite (seeds paragraphs and synthetic text), which
only shows that the rows work. PolNeAR's test articles are never read.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "suggest_examples.json"
REFERENCE = "polnear"
TRAIN_ARTICLES = 100
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}$")


def polnear_dir(given: str | None) -> Path | None:
    chosen = given or os.environ.get("ANNOTATOR_POLNEAR")
    return Path(chosen) if chosen else None


def _split(root: Path, name: str) -> Path:
    for candidate in (root / "data" / name, root / name):
        if (candidate / "attributions").is_dir():
            return candidate
    raise SystemExit(f"--polnear {root}: no data/{name}/attributions in it (a PolNeAR checkout is expected)")


def _first_articles(split: Path, count: int) -> list[Path]:
    """One .ann per article (the first annotator's), the first `count` articles by name."""
    chosen: dict[str, Path] = {}
    for path in sorted((split / "attributions").glob("*.ann")):
        chosen.setdefault(_ANNOTATOR_SUFFIX.sub("", path.stem), path)
    return list(chosen.values())[:count]


def _alone(ann: Path, folder: Path) -> Path:
    """A copy of one annotator's .ann and its text in `folder`, PolNeAR's layout, without the other
    annotators' files of the article (beside them the importer names each layer after its annotator)."""
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    (folder / "text").mkdir(exist_ok=True)
    stem = _ANNOTATOR_SUFFIX.sub("", ann.stem)
    shutil.copyfile(ann.parent.parent / "text" / f"{stem}.txt", folder / "text" / f"{stem}.txt")
    return Path(shutil.copyfile(ann, folder / "attributions" / ann.name))


def suggestion_rows(folder: Path, polnear: Path | None, quick: bool, row, ms) -> None:
    from annotator.core.evaluate import evaluate, format_report
    from annotator.core.ingest import import_paths
    from annotator.core.store import Store
    from annotator.core.suggest import layer_suggestions
    from annotator.core.suggest.learner import _TOKEN, ITERATIONS, train
    from annotator.core.suggest.rules import RuleSuggester

    with Store(folder / "suggest-dev.db", user="bench") as dev, Store(folder / "suggest-train.db", user="bench") as tr:
        if polnear is not None:
            print(f"suggestions: PolNeAR dev articles of {polnear}, a model trained on {TRAIN_ARTICLES} train articles")
            dev_files = _first_articles(_split(polnear, "dev"), 10 if quick else 10_000)
            train_files = _first_articles(_split(polnear, "train"), 10 if quick else TRAIN_ARTICLES)
            import_paths(dev, [_alone(path, folder / "dev") for path in dev_files], annotator=REFERENCE)
            import_paths(tr, [_alone(path, folder / "train") for path in train_files], annotator=REFERENCE)
        else:
            if not FIXTURE.is_file():
                print("suggestions: no PolNeAR (--polnear DIR) and no test fixture here; rows skipped")
                return
            print("suggestions: no PolNeAR given (--polnear DIR): the rows run on the test fixture "
                  "(seeds paragraphs and synthetic text); the figures say nothing about quality")
            _fixture_into(dev, tr)
        examples = [(layer.document.text, layer_suggestions(layer))
                    for layer in (tr.layer(doc, REFERENCE) for doc, _ in tr.layer_keys([REFERENCE]))]
        started = time.perf_counter()
        model = train(examples, iterations=10 if quick else ITERATIONS)
        row(f"train the model on {len(examples)} articles", (time.perf_counter() - started) * 1000)
        rules = RuleSuggester()
        ids = [doc for doc, _ in dev.layer_keys([REFERENCE])]
        texts = [dev.document(doc).text for doc in ids]
        floor = sum(ms(lambda t=t: list(_TOKEN.finditer(t))) for t in texts) / max(len(texts), 1)
        for suggester in (rules, model):
            per_article = sum(ms(lambda t=t: suggester.suggest(t)) for t in texts) / max(len(texts), 1)
            row(f"suggest one article ({suggester.name}, mean of {len(texts)})", per_article, floor)
            dev.fill_suggestions(suggester, ids)
        for name in ("suggest:rules", "suggest:model"):
            print(format_report(evaluate(dev, name, REFERENCE, ids)), flush=True)


def _fixture_into(dev, train_store) -> None:
    """The fixture's documents, shuffled, a fifth as dev, the rest as train, each under REFERENCE."""
    import json

    from annotator.core.model import Layer, Relation, Span
    from annotator.core.store import new_id

    documents = json.loads(FIXTURE.read_text(encoding="utf-8"))["documents"]
    random.Random(7).shuffle(documents)
    cut = max(1, len(documents) // 5)
    for store, part in ((dev, documents[:cut]), (train_store, documents[cut:])):
        for record in part:
            doc = store.add_document(record["text"]).document_id
            spans = [Span(new_id(), doc, REFERENCE, s["label"], s["start"], s["end"], record["text"][s["start"]:s["end"]],
                          origin="imported") for s in record["spans"]]
            relations = [Relation(new_id(), doc, REFERENCE, "ATTRIBUTED_TO", spans[c].id, spans[s].id)
                         for c, s in record["links"]]
            store.import_layer(Layer(store.document(doc), REFERENCE, "done", tuple(spans), tuple(relations)))
