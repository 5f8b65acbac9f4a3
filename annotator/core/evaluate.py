"""How well one layer (suggestions, a model, a colleague) finds the spans and links of a reference layer.

Two matching rules, both per label:
  exact    a span matches a reference span of the same label and the same [start, end)
  overlap  a span matches a reference span of the same label that shares at least one character
Precision is the share of the layer's spans that match some reference span; recall the share of
reference spans some span of the layer matches (under overlap, one long span may match two
reference spans, as in the usual lenient scoring). A link (claim → speaker) matches a reference
link when its claim matches the reference claim and its speaker the reference speaker, by the same
rule. The documents are those the reference annotated (or the ones named): a document the
evaluated layer has nothing on counts as nothing found there.
"""

from __future__ import annotations

from collections.abc import Iterable

from .suggest import SuggestedLink, Suggestion, Suggestions, layer_suggestions

RULES = ("exact", "overlap")
LINKS = "links"


def _matches(rule: str, a: Suggestion, b: Suggestion) -> bool:
    if a.label != b.label:
        return False
    if rule == "exact":
        return a.start == b.start and a.end == b.end
    return a.start < b.end and b.start < a.end


class _Tally:
    def __init__(self):
        self.counts: dict[str, list[int]] = {}

    def add(self, label: str, found: int, found_ok: int, reference: int, reference_ok: int) -> None:
        row = self.counts.setdefault(label, [0, 0, 0, 0])
        for i, n in enumerate((found, found_ok, reference, reference_ok)):
            row[i] += n

    def report(self) -> dict[str, dict]:
        return {label: figures(*row) for label, row in sorted(self.counts.items())}


def figures(found: int, found_ok: int, reference: int, reference_ok: int) -> dict:
    precision = found_ok / found if found else 0.0
    recall = reference_ok / reference if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "found": found, "found_correct": found_ok, "reference": reference, "reference_found": reference_ok}


def _by_label(spans: Iterable[Suggestion]) -> dict[str, list[Suggestion]]:
    grouped: dict[str, list[Suggestion]] = {}
    for span in spans:
        grouped.setdefault(span.label, []).append(span)
    for group in grouped.values():
        group.sort(key=lambda s: s.start)
    return grouped


def _matched(rule: str, spans: list[Suggestion], reference: list[Suggestion]) -> tuple[set[int], set[int]]:
    """Indexes of `spans` that match some reference span, and of reference spans matched."""
    hit, hit_ref = set(), set()
    for i, span in enumerate(spans):
        for j, ref in enumerate(reference):
            if ref.start >= span.end and rule == "overlap":
                break
            if _matches(rule, span, ref):
                hit.add(i)
                hit_ref.add(j)
    return hit, hit_ref


def _link_matches(rule: str, link: SuggestedLink, ref: SuggestedLink, spans: dict, ref_spans: dict) -> bool:
    return (_matches(rule, spans[link.claim_key], ref_spans[ref.claim_key])
            and _matches(rule, spans[link.speaker_key], ref_spans[ref.speaker_key]))


def score_pairs(pairs: Iterable[tuple[Suggestions, Suggestions]]) -> dict:
    """{"exact": {label|"links": figures}, "overlap": {...}, "documents": n} over (found, reference) pairs."""
    tallies = {rule: _Tally() for rule in RULES}
    documents = 0
    for found, reference in pairs:
        documents += 1
        mine, theirs = _by_label(found.spans), _by_label(reference.spans)
        span_of = {s.key: s for s in found.spans}
        ref_of = {s.key: s for s in reference.spans}
        links = [link for link in found.links if link.claim_key in span_of and link.speaker_key in span_of]
        ref_links = [link for link in reference.links if link.claim_key in ref_of and link.speaker_key in ref_of]
        for rule, tally in tallies.items():
            for label in set(mine) | set(theirs):
                spans, refs = mine.get(label, []), theirs.get(label, [])
                hit, hit_ref = _matched(rule, spans, refs)
                tally.add(label, len(spans), len(hit), len(refs), len(hit_ref))
            ok = {i for i, link in enumerate(links)
                  if any(_link_matches(rule, link, ref, span_of, ref_of) for ref in ref_links)}
            ok_ref = {j for j, ref in enumerate(ref_links)
                      if any(_link_matches(rule, link, ref, span_of, ref_of) for link in links)}
            tally.add(LINKS, len(links), len(ok), len(ref_links), len(ok_ref))
    report = {rule: tally.report() for rule, tally in tallies.items()}
    report["documents"] = documents
    return report


def evaluate(store, annotator: str, reference: str, document_ids: Iterable[str] | None = None) -> dict:
    """Layer `annotator` scored against layer `reference` (see the module's doc for the rules)."""
    if document_ids is None:
        document_ids = [doc for doc, who in store.layer_keys([reference])]
    document_ids = list(dict.fromkeys(document_ids))
    with store.snapshot():
        pairs = [
            (layer_suggestions(store.layer(doc, annotator)), layer_suggestions(store.layer(doc, reference)))
            for doc in document_ids
        ]
    report = score_pairs(pairs)
    report["annotator"], report["reference"] = annotator, reference
    return report


def format_report(report: dict) -> str:
    lines = [f"{report.get('annotator', 'found')} against {report.get('reference', 'reference')}: "
             f"{report['documents']} documents",
             f"{'':10}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}{'found':>8}{'reference':>11}"]
    labels = sorted(set(report["exact"]) - {LINKS}) + ([LINKS] if LINKS in report["exact"] else [])
    for label in labels:
        e, o = report["exact"][label], report["overlap"][label]
        lines.append(f"{label:10}{e['precision']:>9.3f}{e['recall']:>7.3f}{e['f1']:>7.3f}"
                     f"{o['precision']:>11.3f}{o['recall']:>7.3f}{o['f1']:>7.3f}{e['found']:>8}{e['reference']:>11}")
    return "\n".join(lines)
