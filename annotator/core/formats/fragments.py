"""Discontinuous claims: one span per fragment, joined by SAME_CLAIM relations.

brat writes a claim interrupted by "he said" as one entity with two ranges. We keep one span
per fragment and join each later fragment to the first (a star, not a chain), so the first
fragment alone carries the speaker link, stances and quote type, and a claim never gets a
second outgoing relation that an import could mistake for its speaker.
"""

from __future__ import annotations

SAME_CLAIM = "SAME_CLAIM"


def fragment_groups(record: dict) -> list[list[dict]]:
    """The record's spans grouped by SAME_CLAIM, each group in text order, groups in the order of their first span."""
    parent = {span["id"]: span["id"] for span in record["spans"]}

    def root(span_id: str) -> str:
        while parent[span_id] != span_id:
            parent[span_id] = parent[parent[span_id]]
            span_id = parent[span_id]
        return span_id

    for relation in record["relations"]:
        if relation["label"] == SAME_CLAIM:
            parent[root(relation["head"])] = root(relation["child"])
    groups: dict[str, list[dict]] = {}
    for span in sorted(record["spans"], key=lambda s: (s["start"], s["end"])):
        groups.setdefault(root(span["id"]), []).append(span)
    return list(groups.values())


def joining_relations(span_ids: list[str], make_id) -> list[dict]:
    """SAME_CLAIM relations from each later fragment to the first; `make_id(head id)` names each."""
    first = span_ids[0]
    return [{"id": make_id(other), "head": other, "child": first, "label": SAME_CLAIM} for other in span_ids[1:]]
