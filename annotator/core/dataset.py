"""Training splits that do not leak: documents (never layers) go to train/dev/test, and
near-duplicate articles always go to the same split."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .duplicates import THRESHOLD, DuplicateGroup, duplicate_groups
from .export import export_layers, iter_lines
from .formats import FORMATS, get_format
from .formats.atomic import MANIFEST, atomic_folder
from .formats.output import write_records
from .store import Store

SPLITS = ("train", "dev", "test")


class DatasetError(ValueError):
    """The split asked for cannot be made; the message says why."""


@dataclass
class SplitReport:
    documents: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in SPLITS})
    layers: Counter = field(default_factory=Counter)
    labels: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in SPLITS})
    groups: list[DuplicateGroup] = field(default_factory=list)

    def table(self) -> str:
        """Per split: documents, layers and spans per label."""
        labels = sorted({label for counts in self.labels.values() for label in counts})
        rows = [["split", "documents", "layers", *labels]]
        rows += [[name, str(len(self.documents[name])), str(self.layers[name]), *(str(self.labels[name][l]) for l in labels)]
                 for name in SPLITS]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
        return "\n".join(lines + [f"near-duplicate groups kept in one split: {len(self.groups)}"])


def parse_ratios(text: str) -> tuple[float, float, float]:
    """'80/10/10' as three shares of the documents."""
    parts = text.split("/")
    try:
        ratios = tuple(float(p) for p in parts)
    except ValueError:
        ratios = ()
    if len(ratios) != 3 or min(ratios) < 0 or sum(ratios) <= 0:
        raise DatasetError(f"--split takes three shares like 80/10/10, not {text!r}")
    return ratios


def assign(documents: list[str], groups: list[DuplicateGroup], ratios: tuple[float, ...], seed: int) -> dict[str, str]:
    """Document id -> split. Each near-duplicate group is one unit; units are shuffled (seeded) and each
    goes to the split furthest below its share, so shares hold as closely as whole units allow."""
    grouped = {doc for group in groups for doc in group.documents}
    units = [list(group.documents) for group in groups] + [[doc] for doc in documents if doc not in grouped]
    random.Random(seed).shuffle(units)
    total, wanted = len(documents), [r / sum(ratios) for r in ratios]
    sizes = dict.fromkeys(SPLITS, 0)
    out = {}
    for unit in units:
        name = max(SPLITS, key=lambda s: (wanted[SPLITS.index(s)] * total - sizes[s], -SPLITS.index(s)))
        sizes[name] += len(unit)
        out.update(dict.fromkeys(unit, name))
    return out


def write_dataset(
    store: Store,
    name: str,
    folder: Path,
    layers: Iterable[str] | None,
    ratios: tuple[float, float, float] = (80, 10, 10),
    seed: int = 7,
    threshold: float = THRESHOLD,
) -> SplitReport:
    """Write DIR/train, dev and test in format `name` (a file per split, or a folder for hf), atomically."""
    fmt = get_format(name)
    report = SplitReport()
    with store.snapshot():
        keys = export_layers(store, list(layers) if layers else None)
        if not keys:
            raise DatasetError(f"no layer of {', '.join(layers)} in this store" if layers else "no annotated documents")
        documents = list(dict.fromkeys(doc for doc, _ in keys))
        report.groups = duplicate_groups({doc: store.document(doc).text for doc in documents}, threshold)
        split = assign(documents, report.groups, ratios, seed)
        records = {s: [] for s in SPLITS}
        for (doc, _), line in zip(keys, iter_lines(store, keys)):
            record = json.loads(line)
            records[split[doc]].append(record)
            report.layers[split[doc]] += 1
            report.labels[split[doc]].update(span["label"] for span in record["spans"])
    for doc in documents:
        report.documents[split[doc]].append(doc)
    with atomic_folder(folder) as temp:
        for s in SPLITS:
            write_records(records[s], name, temp / f"{s}{fmt.suffix}", store.schema)
        (temp / MANIFEST).write_text(json.dumps(_manifest(name, report, ratios, seed, threshold), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def _manifest(name: str, report: SplitReport, ratios, seed: int, threshold: float) -> dict:
    return {
        "tool": "annotator", "format": name, "split": list(ratios), "seed": seed,
        "near_duplicates": {"threshold": threshold, "groups": [
            {"documents": list(g.documents), "pairs": [list(p) for p in g.pairs]} for g in report.groups]},
        "splits": {s: {"documents": report.documents[s], "layers": report.layers[s], "labels": dict(report.labels[s])}
                   for s in SPLITS},
        "files": {s: f"{s}{FORMATS[name].suffix}" for s in SPLITS},
    }
