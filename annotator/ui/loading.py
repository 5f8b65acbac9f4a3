"""What the window shows of an article's spans: the spans themselves, their links, badge numbers and the
panels' rows, made by one set of functions for the window and for the worker that reads a long article.

A long article opens in two steps (`MainWindow.open_document`): its first screen at once, then a worker
reads every span and makes all of this ready (`read_article`), so the window only puts it in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from heapq import merge

from annotator.core.attribution import Attributions, BadgeNumbers
from annotator.core.collector import collector_paused
from annotator.core.model import Relation, Span, span_order
from annotator.core.store import Store
from annotator.core.suggest import is_suggestion_layer
from annotator.ui.models.spans import ClaimRow, SpeakerRow


@dataclass(frozen=True)
class Shown:
    """Which spans the window shows: `user`'s, everyone's (`others`, never a suggestion layer's), and the pending
    suggestions of the shown layer (`layer`; None while they are hidden)."""

    document_id: str
    user: str
    others: bool
    layer: str | None
    claim_label: str
    speaker_label: str
    attribution: str


@dataclass
class Loaded:
    """An article's spans as the window shows them, made ready by the worker."""

    document_id: str
    spans: list[Span]
    """In text order, suggestions among them when shown."""
    by_id: dict[str, Span]
    readonly: set[str]
    attributions: Attributions
    badges: BadgeNumbers
    claims: list[ClaimRow]
    speakers: list[SpeakerRow]
    suggested: int = 0
    """How many suggestions it shows: the document's count of those waiting."""


def shown_spans(spans: list[Span], suggested: list[Span], user: str, others: bool) -> tuple[list[Span], set[str]]:
    """The spans the view shows (the user's, and others' if asked for; never a suggestion layer's) with the
    pending suggestions, in text order, and which of them are read-only (not the user's)."""
    if others:
        spans = [s for s in spans if not is_suggestion_layer(s.annotator)]
    else:
        spans = [s for s in spans if s.annotator == user]
    if suggested:  # both in text order; merged in Python steps, as sorting in one call holds the interpreter
        spans = list(merge(spans, suggested, key=span_order))
    return spans, {s.id for s in spans if s.annotator != user}


def shown_relations(relations: list[Relation], shown: Mapping[str, Span]) -> list[Relation]:
    """The relations the window draws: a suggestion layer's only between spans it shows."""
    return [r for r in relations
            if not is_suggestion_layer(r.annotator) or (r.head_id in shown and r.child_id in shown)]


def speaker_name(speaker: Span, names: Mapping[str, str]) -> str:
    """A speaker mention by its person's canonical name, or its own text while nobody is identified."""
    return names.get(speaker.entity_id) or speaker.text


def claim_row(span: Span, speaker: Span | None, names: Mapping[str, str]) -> ClaimRow:
    return ClaimRow(span.id, span.start, span.end, span.text, speaker_name(speaker, names) if speaker else "",
                    span.stances, span.attrs.get("quote_type", ""), span.annotator)


def speaker_row(span: Span, names: Mapping[str, str], claims: int) -> SpeakerRow:
    return SpeakerRow(span.id, span.start, span.end, span.text, names.get(span.entity_id, ""), claims, span.annotator)


def panel_rows(
    spans: list[Span], by_id: Mapping[str, Span], attributions: Attributions, names: Mapping[str, str],
    claim_label: str, speaker_label: str,
) -> tuple[list[ClaimRow], list[SpeakerRow]]:
    """The claims panel's and the speakers panel's rows, in text order (suggestions stay in the article)."""
    claims, speakers = [], []
    speaker_of, claims_of = attributions.speaker_of, attributions.claims_of
    for span in spans:
        if span.label == claim_label:
            if not is_suggestion_layer(span.annotator):
                claims.append(claim_row(span, by_id.get(speaker_of(span.id) or ""), names))
        elif span.label == speaker_label and not is_suggestion_layer(span.annotator):
            speakers.append(speaker_row(span, names, len(claims_of(span.id))))
    return claims, speakers


def read_article(store: Store, shown: Shown) -> Loaded:
    """Read every span of the article the window shows, and make the view's and the panels' content of them.

    Runs in the worker, on its own connection: what another connection (the window's) changed in people
    since its last read is read again first.
    """
    with collector_paused(kept=True):
        return _read_article(store, shown)


def _read_article(store: Store, shown: Shown) -> Loaded:
    store.external_change()
    document_id, layer = shown.document_id, shown.layer
    suggested, suggested_links = store.pending_suggestions(document_id, layer) if layer else ([], [])
    spans = store.spans(document_id, None if shown.others else shown.user)
    spans, readonly = shown_spans(spans, suggested, shown.user, shown.others)
    by_id = {s.id: s for s in spans}
    if shown.others:
        relations = store.relations(document_id)
    else:  # the user's links and the pending suggestions' (read with them), not every layer's again
        relations = sorted(store.relations(document_id, shown.user) + suggested_links, key=lambda r: r.id)
    attributions = Attributions(document_id, shown.attribution, shown_relations(relations, by_id))
    links = attributions.links()
    badges = BadgeNumbers(links, {s.id: (s.start, s.end) for s in spans})
    claims, speakers = panel_rows(spans, by_id, attributions, store.entity_names(), shown.claim_label,
                                  shown.speaker_label)
    return Loaded(document_id, spans, by_id, readonly, attributions, badges, claims, speakers, len(suggested))
