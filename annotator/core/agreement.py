"""Inter-annotator agreement: pure functions over spans, and the report the CLI and window show.

Definitions (pooled over the documents every compared annotator annotated):
- span_f1_exact: same label, start and end; F1 = 2 x matches / (|A| + |B|).
- span_f1_overlap: same label and a shared character, matched one-to-one, largest overlap first.
- token_kappa / token_alpha: per label, a token (`\\w+|[^\\w\\s]`) is 1 when it shares a
  character with a span of that label; Cohen's kappa and Krippendorff's alpha (nominal) over
  those values; the overall figure is the mean over labels.
- relation_f1: relations match when both ends are overlap-matched.
- stance_kappa: Cohen's kappa of stance labels over (matched claim pair, target) pairs present
  in either layer, a missing stance counting as "none".
A figure with nothing to measure (no spans, or a kappa whose chance agreement is 1) is None.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from .model import Relation, Span
from .text import tokens

MISSING_STANCE = "none"


@dataclass(frozen=True)
class PairData:
    """Two annotators' layers on one document."""

    document_id: str
    title: str
    text: str
    a_spans: tuple[Span, ...]
    b_spans: tuple[Span, ...]
    a_relations: tuple[Relation, ...] = ()
    b_relations: tuple[Relation, ...] = ()


def f1(matches: int, a: int, b: int) -> float | None:
    return 2 * matches / (a + b) if a + b else None


def exact_matches(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span, Span]]:
    pool: dict[tuple, list[Span]] = {}
    for span in b:
        pool.setdefault((span.label, span.start, span.end), []).append(span)
    pairs = []
    for span in a:
        candidates = pool.get((span.label, span.start, span.end))
        if candidates:
            pairs.append((span, candidates.pop(0)))
    return pairs


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one matching of same-label overlapping spans, largest overlap first."""
    order = sorted(range(len(b)), key=lambda j: b[j].start)
    starts = [b[j].start for j in order]
    longest = max((y.end - y.start for y in b), default=0)
    candidates = []
    for i, x in enumerate(a):
        # only spans of B starting in [x.start - longest, x.end) can overlap x
        for k in range(bisect_left(starts, x.start - longest), bisect_left(starts, x.end)):
            j = order[k]
            y = b[j]
            if x.label == y.label and x.overlaps(y):
                shared = min(x.end, y.end) - max(x.start, y.start)
                candidates.append((-shared, x.start, y.start, i, j))
    candidates.sort()
    used_a, used_b, pairs = set(), set(), []
    for _, _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    return pairs


@dataclass(frozen=True)
class Tokens:
    """A text's token boundaries, found once per document and shared by every label and pair."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Tokens:
        found = tokens(text)
        return cls([start for start, _ in found], [end for _, end in found])


def covered_tokens(toks: Tokens, spans: Iterable[Span], label: str) -> bytearray:
    """1 for each token sharing a character with a span of `label`, else 0 (a bisect per span)."""
    values = bytearray(len(toks.starts))
    for span in spans:
        if span.label == label:
            first, last = bisect_right(toks.ends, span.start), bisect_left(toks.starts, span.end)
            if last > first:
                values[first:last] = b"\x01" * (last - first)
    return values


def token_values(text: str, spans: Iterable[Span], label: str) -> list[int]:
    return list(covered_tokens(Tokens.of(text), spans, label))


def cohen_kappa(a: Sequence, b: Sequence) -> float | None:
    """Cohen's kappa from the table of value pairs (counted in C, not compared one by one)."""
    table = Counter(zip(a, b))
    n = sum(table.values())
    if n == 0:
        return None
    observed = sum(count for (x, y), count in table.items() if x == y) / n
    count_a: Counter = Counter()
    count_b: Counter = Counter()
    for (x, y), count in table.items():
        count_a[x] += count
        count_b[y] += count
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence]) -> float | None:
    """Nominal alpha; each unit is the values its coders gave (None where a coder gave none).

    Units with the same values count together: a million tokens have only a handful of patterns.
    """
    coincidence: Counter = Counter()
    for unit, repeats in Counter(map(tuple, units)).items():
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += repeats / (m - 1)
    totals: Counter = Counter()
    for (x, _), weight in coincidence.items():
        totals[x] += weight
    n = sum(totals.values())
    disagreement = sum(w for (x, y), w in coincidence.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y)
    if n <= 1 or expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected


def relation_matches(data: PairData, label: str) -> tuple[int, int, int]:
    """(matches, |A|, |B|) for one relation label, ends matched by the overlap rule."""
    matched = {x.id: y.id for x, y in overlap_matches(data.a_spans, data.b_spans)}
    a_rel = [r for r in data.a_relations if r.label == label]
    b_rel = Counter((r.head_id, r.child_id) for r in data.b_relations if r.label == label)
    hits = 0
    for r in a_rel:
        key = (matched.get(r.head_id), matched.get(r.child_id))
        if b_rel[key] > 0:
            b_rel[key] -= 1
            hits += 1
    return hits, len(a_rel), sum(1 for r in data.b_relations if r.label == label)


def stance_items(data: PairData, claim_label: str) -> list[tuple[str, str]]:
    items = []
    for x, y in overlap_matches(data.a_spans, data.b_spans):
        if x.label != claim_label:
            continue
        a = {s.target: s.label for s in x.stances}
        b = {s.target: s.label for s in y.stances}
        for target in sorted(a.keys() | b.keys()):
            items.append((a.get(target, MISSING_STANCE), b.get(target, MISSING_STANCE)))
    return items


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def pair_report(
    data: Sequence[PairData],
    labels: Sequence[str],
    names: tuple[str, str],
    relation_label: str = "ATTRIBUTED_TO",
    claim_label: str = "CLAIM",
) -> dict:
    per_label = {}
    tokenised = [Tokens.of(d.text) for d in data]
    matches = {
        (i, label): (
            len(exact_matches(_only(d.a_spans, label), _only(d.b_spans, label))),
            len(overlap_matches(_only(d.a_spans, label), _only(d.b_spans, label))),
        )
        for i, d in enumerate(data)
        for label in labels
    }
    for label in labels:
        a = [s for d in data for s in d.a_spans if s.label == label]
        b = [s for d in data for s in d.b_spans if s.label == label]
        exact = sum(matches[i, label][0] for i in range(len(data)))
        overlap = sum(matches[i, label][1] for i in range(len(data)))
        a_tokens = b"".join(covered_tokens(toks, d.a_spans, label) for d, toks in zip(data, tokenised))
        b_tokens = b"".join(covered_tokens(toks, d.b_spans, label) for d, toks in zip(data, tokenised))
        per_label[label] = {
            "span_f1_exact": f1(exact, len(a), len(b)),
            "span_f1_overlap": f1(overlap, len(a), len(b)),
            "token_kappa": cohen_kappa(a_tokens, b_tokens),
            "token_alpha": krippendorff_alpha(zip(a_tokens, b_tokens)),
            "counts": {"spans": {names[0]: len(a), names[1]: len(b)}, "matches": {"exact": exact, "overlap": overlap}},
        }
    a_all = [s for d in data for s in d.a_spans if s.label in labels]
    b_all = [s for d in data for s in d.b_spans if s.label in labels]
    exact_all = sum(v["counts"]["matches"]["exact"] for v in per_label.values())
    overlap_all = sum(v["counts"]["matches"]["overlap"] for v in per_label.values())
    rel = [relation_matches(d, relation_label) for d in data]
    stances = [item for d in data for item in stance_items(d, claim_label)]
    per_document = {}
    for i, d in enumerate(data):
        a_doc = [s for s in d.a_spans if s.label in labels]
        b_doc = [s for s in d.b_spans if s.label in labels]
        exact_doc = sum(matches[i, lb][0] for lb in labels)
        overlap_doc = sum(matches[i, lb][1] for lb in labels)
        per_document[d.document_id] = {
            "title": d.title,
            "span_f1_exact": f1(exact_doc, len(a_doc), len(b_doc)),
            "span_f1_overlap": f1(overlap_doc, len(a_doc), len(b_doc)),
            "counts": {"spans": {names[0]: len(a_doc), names[1]: len(b_doc)}},
        }
    return {
        "annotators": list(names),
        "span_f1_exact": f1(exact_all, len(a_all), len(b_all)),
        "span_f1_overlap": f1(overlap_all, len(a_all), len(b_all)),
        "token_kappa": _mean(v["token_kappa"] for v in per_label.values()),
        "token_alpha": _mean(v["token_alpha"] for v in per_label.values()),
        "relation_f1": f1(sum(r[0] for r in rel), sum(r[1] for r in rel), sum(r[2] for r in rel)),
        "stance_kappa": cohen_kappa([x for x, _ in stances], [y for _, y in stances]),
        "counts": {
            "documents": len(data),
            "spans": {names[0]: len(a_all), names[1]: len(b_all)},
            "matches": {"exact": exact_all, "overlap": overlap_all},
            "relations": {names[0]: sum(r[1] for r in rel), names[1]: sum(r[2] for r in rel)},
            "stance_pairs": len(stances),
        },
        "per_label": per_label,
        "per_document": per_document,
    }


def _only(spans: Iterable[Span], label: str) -> list[Span]:
    return [s for s in spans if s.label == label]


def multi_alpha(texts: Sequence[str], layers: Sequence[Sequence[Sequence[Span]]], labels: Sequence[str]) -> float | None:
    """Token alpha across all annotators: layers[doc][annotator] holds that annotator's spans."""
    per_label = []
    tokenised = [Tokens.of(text) for text in texts]
    for label in labels:
        units = []
        for toks, doc_layers in zip(tokenised, layers):
            columns = [covered_tokens(toks, spans, label) for spans in doc_layers]
            units.extend(zip(*columns))
        per_label.append(krippendorff_alpha(units))
    return _mean(per_label)


def agreement_report(
    store, annotators: Sequence[str], labels: Sequence[str] | None = None, progress: Callable[[int, int], bool] | None = None
) -> dict:
    """The agreement report over a store: one pair, or every pair plus alpha across all."""
    schema = store.schema
    labels = list(labels) if labels else [lb.name for lb in schema.span_labels]
    annotated: dict[str, set[str]] = {}
    for doc_id, who in store.layer_keys(annotators):
        annotated.setdefault(who, set()).add(doc_id)
    order = store.document_ids()
    needed = [(d, who) for d in order for who in annotators if d in annotated.get(who, set())]
    cache: dict[tuple[str, str], tuple[tuple[Span, ...], tuple[Relation, ...]]] = {}
    pairs = list(combinations(annotators, 2))
    steps = len(needed) + len(pairs)

    def check(done: int) -> None:
        if progress and progress(done, steps) is False:
            raise InterruptedError("agreement cancelled")

    documents = {}
    for i, (doc_id, who) in enumerate(needed):
        check(i)
        cache[doc_id, who] = (tuple(store.spans(doc_id, who)), tuple(store.relations(doc_id, who)))
        if doc_id not in documents:
            documents[doc_id] = store.document(doc_id)

    def pair(a: str, b: str) -> dict:
        shared = [d for d in order if d in annotated.get(a, set()) and d in annotated.get(b, set())]
        data = []
        for doc_id in shared:
            document = documents[doc_id]
            (a_spans, a_rel), (b_spans, b_rel) = cache[doc_id, a], cache[doc_id, b]
            data.append(PairData(doc_id, document.title, document.text, a_spans, b_spans, a_rel, b_rel))
        return pair_report(data, labels, (a, b), schema.attribution, schema.claim_label)

    reports = []
    for i, (a, b) in enumerate(pairs):
        check(len(needed) + i)
        reports.append(pair(a, b))
    if len(annotators) == 2:
        return reports[0]
    shared = [d for d in order if all(d in annotated.get(who, set()) for who in annotators)]
    texts = [documents[d].text for d in shared]
    layers = [[cache[d, who][0] for who in annotators] for d in shared]
    return {
        "annotators": list(annotators),
        "pairs": reports,
        "krippendorff_alpha": multi_alpha(texts, layers, labels),
        "counts": {"documents": len(shared)},
    }


def _figure(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


METRICS = ("span_f1_exact", "span_f1_overlap", "token_kappa", "token_alpha")


def format_report(report: dict) -> str:
    if "pairs" in report:
        lines = [f"{'pair':30} {'exact':>6} {'overlap':>7} {'kappa':>6} {'alpha':>6} {'rel':>6} {'stance':>6}"]
        for r in report["pairs"]:
            name = " / ".join(r["annotators"])
            lines.append(
                f"{name:30} {_figure(r['span_f1_exact'])} {_figure(r['span_f1_overlap']):>7} "
                f"{_figure(r['token_kappa'])} {_figure(r['token_alpha'])} {_figure(r['relation_f1'])} "
                f"{_figure(r['stance_kappa'])}"
            )
        lines.append(
            f"Krippendorff's alpha across all ({report['counts']['documents']} documents): "
            f"{_figure(report['krippendorff_alpha']).strip()}"
        )
        return "\n".join(lines)
    a, b = report["annotators"]
    counts = report["counts"]
    lines = [
        f"{a} vs {b}: {counts['documents']} documents, {counts['spans'][a]} / {counts['spans'][b]} spans",
        "",
        f"{'label':12} {'exact F1':>9} {'overlap F1':>11} {'kappa':>7} {'alpha':>7}",
    ]
    for label, figures in report["per_label"].items():
        lines.append(f"{label:12} " + " ".join(f"{_figure(figures[m]):>{w}}" for m, w in zip(METRICS, (9, 11, 7, 7))))
    lines.append(f"{'all':12} " + " ".join(f"{_figure(report[m]):>{w}}" for m, w in zip(METRICS, (9, 11, 7, 7))))
    lines += ["", f"relation F1   {_figure(report['relation_f1']).strip()}",
              f"stance kappa  {_figure(report['stance_kappa']).strip()} over {counts['stance_pairs']} (claim, target) pairs"]
    return "\n".join(lines)
