"""A long article opens in two steps: its text with the spans of the first screen at once, then every
span (view, panels, links) read by a worker."""

from dataclasses import replace

import pytest

from annotator.bench import annotated_layer, build_article
from annotator.core.store import Store
from annotator.ui.widgets import main_window
from annotator.ui.widgets.main_window import MainWindow


@pytest.fixture
def long_window(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.setattr(main_window, "STAGED_SPANS", 10)
    store = Store(tmp_path / "long.db", user="bench")
    store.add_document("A short one: the window opens it first.")
    document_id = store.add_document(build_article(100_000)).document_id
    store.import_layer(annotated_layer(store, document_id, 400, "bench"))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.document_id != document_id, "the long one is first opened by the test"
    yield window, store, document_id
    window.close()
    store.close()


def test_the_first_screen_shows_at_once_and_every_span_when_the_worker_is_done(qtbot, long_window):
    window, store, document_id = long_window
    with qtbot.waitSignal(window.spans_loaded, timeout=10_000):
        window.open_document(document_id)
        first = list(window.view.spans)
        assert 0 < len(first) < 400 and all(s.start < window.view.shown_end() for s in first)
        assert window.claims.rowCount() == len([s for s in first if s.label == "CLAIM"])
    everything = store.spans(document_id)
    assert [s.id for s in window.view.spans] == [s.id for s in everything]
    assert window.claims.rowCount() == 200 and window.speakers.rowCount() == 200
    claim = next(s for s in everything if s.label == "CLAIM")
    assert window.attributions.speaker_of(claim.id) == store.speaker_of(claim.id)


def test_a_tag_made_while_the_worker_reads_is_in_what_it_shows(qtbot, long_window):
    window, store, document_id = long_window
    text = store.document(document_id).text
    at = text.rindex("Istanbul")
    with qtbot.waitSignal(window.spans_loaded, timeout=10_000):
        window.open_document(document_id)
        window.view.select_offsets(at, at + 8)
        window.tag("CLAIM")
    assert any((s.start, s.end) == (at, at + 8) for s in window.view.spans)
    assert len(window.view.spans) == 401 and window.claims.rowCount() == 201


def test_with_suggestions_shown_the_worker_reads_them_too_and_a_rejected_one_stays_away(qtbot, long_window):
    from annotator.core.suggest.rules import RuleSuggester

    window, store, document_id = long_window
    store.fill_suggestions(RuleSuggester(), [document_id])
    layer = "suggest:rules"
    window.actions_by_id["suggestions"].setChecked(True)
    last = max(store.spans(document_id, layer), key=lambda s: s.start)
    store.reject_suggestions([last.id])
    pending = {s.id for s in store.pending_suggestions(document_id, layer)[0]}
    with qtbot.waitSignal(window.spans_loaded, timeout=10_000):
        window.open_document(document_id)
    shown = {s.id for s in window.view.spans if s.annotator == layer}
    assert shown == pending and last.id not in shown
    other = max((s for s in store.spans(document_id, layer) if s.id in pending), key=lambda s: s.start)
    window.view.select_offsets(other.start, other.end)
    window.tag(other.label)
    mine = [s for s in window.view.spans if (s.label, s.start, s.end) == (other.label, other.start, other.end)]
    assert [s.annotator for s in mine] == [store.user], "the user's tag took the suggestion's place"


def open_fully(qtbot, window, document_id):
    """Open the document and wait until every span is shown (at once when the window kept it)."""
    with qtbot.waitSignal(window.spans_loaded, timeout=10_000):
        window.open_document(document_id)


def test_an_article_opened_again_unchanged_shows_every_span_at_once(qtbot, long_window):
    window, store, document_id = long_window
    other = store.document_ids()[0]
    open_fully(qtbot, window, document_id)
    window.open_document(other)
    assert window.view.spans == [] and window.claims.rowCount() == 0
    window.open_document(document_id)
    assert window.loading is None, "no worker: the spans the worker made ready last time are shown"
    assert [s.id for s in window.view.spans] == [s.id for s in store.spans(document_id)]
    assert window.claims.rowCount() == 200 and window.speakers.rowCount() == 200
    claim = next(s for s in window.view.spans if s.label == "CLAIM")
    assert window.view.badges.get(claim.id) is not None


def test_an_article_changed_meanwhile_is_read_again(qtbot, long_window, tmp_path):
    window, store, document_id = long_window
    text = store.document(document_id).text
    other = store.document_ids()[0]
    open_fully(qtbot, window, document_id)
    window.open_document(other)
    mine = store.add_span(document_id, "CLAIM", text.rindex("Istanbul"), text.rindex("Istanbul") + 8).subject
    open_fully(qtbot, window, document_id)
    assert mine in {s.id for s in window.view.spans} and window.claims.rowCount() == 201

    window.open_document(other)
    elsewhere = Store(store.path, user="bench")
    theirs = elsewhere.add_span(document_id, "CLAIM", 0, 6).subject
    elsewhere.close()
    open_fully(qtbot, window, document_id)
    assert theirs in {s.id for s in window.view.spans} and window.claims.rowCount() == 202


def test_a_person_renamed_meanwhile_is_named_anew_in_the_panels(qtbot, long_window):
    window, store, document_id = long_window
    other = store.document_ids()[0]
    open_fully(qtbot, window, document_id)
    window.open_document(other)
    person = store.entity(next(s.entity_id for s in store.spans(document_id) if s.entity_id))
    store.edit_entity(replace(person, name="Sergey Viktorovich Lavrov"))
    open_fully(qtbot, window, document_id)
    assert {r.entity for r in window.speakers.rows} == {"Sergey Viktorovich Lavrov"}
    assert {r.speaker for r in window.claims.rows} == {"Sergey Viktorovich Lavrov"}


def test_turning_suggestions_on_and_off_in_a_long_article_reads_in_the_worker(qtbot, long_window, monkeypatch):
    from annotator.core.suggest.rules import RuleSuggester

    window, store, document_id = long_window
    store.fill_suggestions(RuleSuggester(), [document_id])
    open_fully(qtbot, window, document_id)
    read_here = []
    monkeypatch.setattr(store, "pending_suggestions", lambda *a, **k: read_here.append(a) or ([], []))
    monkeypatch.setattr(window, "_visible_spans", lambda *a, **k: read_here.append(a) or ([], set()))
    layer = "suggest:rules"
    with qtbot.waitSignal(window.spans_loaded, timeout=10_000):
        window.actions_by_id["suggestions"].setChecked(True)
    monkeypatch.undo()
    assert read_here == []
    pending = store.pending_suggestions(document_id, layer)[0]
    assert {s.id for s in window.view.spans if s.annotator == layer} == {s.id for s in pending}
    qtbot.waitUntil(lambda: window.documents.suggestion_counts.get(document_id) == len(pending), timeout=10_000)
    window.actions_by_id["suggestions"].setChecked(False)
    qtbot.waitUntil(lambda: not any(s.annotator == layer for s in window.view.spans), timeout=10_000)
    assert window.documents.suggestion_counts == {}
