"""The document list's rows carried across a Change by its ops, not recounted from every span.

A tag in an article with 100,000 spans must not read them all again to say "one more claim".
An insert or delete op holds the whole row; an update that moves a span between labels (or
layers) holds only the columns it changed, so the caller passes the span's row as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .model import Change, DocumentSummary

COUNTED = ("document_id", "annotator", "label")
"""The span columns a summary's counts depend on."""


def relabelled(change: Change) -> set[str]:
    """Ids of spans whose update changed a counted column: their rows now are needed."""
    return {op[2]["id"] for op in change.ops
            if op[0] == "update" and op[1] == "spans" and any(c in op[4] for c in COUNTED)}


def carried(
    known: Mapping[str, DocumentSummary],
    change: Change,
    who: str,
    labels: tuple[str, str],
    spans_now: Mapping[str, dict],
) -> tuple[dict[str, DocumentSummary], set[str]]:
    """`known` summaries (of `who`) of the change's documents after it, and the documents to count afresh.

    `labels` are the claim and the speaker label; `spans_now` the rows (as stored now) of the spans
    `relabelled` names. A document not in `known`, a document row added or removed, or a span that
    was relabelled and also inserted or deleted in the same change cannot be carried: it is counted.
    """
    claim, speaker = labels
    counts = {d: [s.claims, s.speakers, s.spans] for d, s in known.items() if d in change.document_ids}
    changed: dict[str, dict] = {d: {} for d in counts}
    recount = set(change.document_ids) - counts.keys()
    touched = [op[2]["id"] for op in change.ops if op[1] == "spans" and op[0] != "update"]

    def count(row: Mapping, sign: int) -> None:
        if row["annotator"] != who:
            return
        document_id = row["document_id"]
        if document_id not in counts:
            recount.add(document_id)
            return
        tally = counts[document_id]
        tally[0] += sign * (row["label"] == claim)
        tally[1] += sign * (row["label"] == speaker)
        tally[2] += sign

    for op in change.ops:
        kind, table = op[0], op[1]
        if table == "spans" and kind == "insert":
            count(op[2], 1)
        elif table == "spans" and kind == "delete":
            count(op[2], -1)
        elif table == "spans" and any(c in op[4] for c in COUNTED):
            now = spans_now.get(op[2]["id"])
            if now is None or op[2]["id"] in touched:
                recount.update(change.document_ids)
                continue
            count({**now, **{c: op[3][c] for c in COUNTED if c in op[3]}}, -1)
            count({**now, **{c: op[4][c] for c in COUNTED if c in op[4]}}, 1)
        elif table == "statuses" and (op[2]["annotator"] == who) and op[2]["document_id"] in changed:
            status = "todo" if kind == "delete" else op[2].get("status") if kind == "insert" else op[4].get("status")
            if status is not None:
                changed[op[2]["document_id"]]["status"] = status
        elif table == "documents" and kind == "update" and op[2]["id"] in changed:
            if "title" in op[4]:
                changed[op[2]["id"]]["title"] = op[4]["title"]
        elif table == "documents":
            recount.add(op[2]["id"])
    summaries = {
        d: replace(known[d], claims=c, speakers=s, spans=n, **changed[d])
        for d, (c, s, n) in counts.items() if d not in recount
    }
    return summaries, recount
