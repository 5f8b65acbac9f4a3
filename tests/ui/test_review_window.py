import json
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from annotator.core.agreement import agreement_report
from annotator.core.model import GOLD, Stance
from annotator.core.review import KINDS, accept_agreements, compare
from annotator.ui.widgets.agreement_window import AgreementWindow
from annotator.ui.widgets.article_view import shade
from annotator.ui.widgets.review_window import KIND_COLORS, ReviewWindow
from tests.conftest import at
from tests.ui.conftest import ARTICLE, formats_by_unit


@pytest.fixture
def review(qtbot, reviewed, settings):
    store, doc = reviewed
    window = ReviewWindow(store, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_pair("alice", "bob")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.views["a"].setFocus()
    return window, store, doc


def painted_background(view, offset: int):
    """The background the highlighter really applied at a code-point offset (the text is one line)."""
    _, painted = formats_by_unit(view, 0)
    fmt = painted.get(view.map.to_utf16(offset))
    return fmt.background().color() if fmt else None


def test_every_kind_of_difference_is_listed_and_painted_in_its_colour(review):
    window, store, doc = review
    assert {row.difference.kind for row in window.differences.rows} == set(KINDS)
    for side, phrase, kind in (("a", "hopes for", "boundary"), ("b", "said", "only_b"), ("a", "Witkoff", "only_a"),
                               ("b", "Rubio", "label"), ("a", "Lavrov", "agree"), ("a", "sanctions", "stance"),
                               ("b", "no ceasefire", "speaker")):
        color = painted_background(window.views[side], at(phrase)[0])
        assert color is not None and color.rgb() == shade(KIND_COLORS[kind], 1).rgb(), (phrase, kind)
    assert "different boundaries 1" in window.legend.text()
    assert window.documents.rows[0].status == "not_reviewed" and window.documents.rows[0].open == 9


def test_keys_step_through_differences_and_decide_into_gold(review, qtbot):
    window, store, doc = review
    first = window.current
    qtbot.keyClick(window.views["a"], Qt.Key.Key_N)
    second = window.current
    assert second != first
    qtbot.keyClick(window.views["a"], Qt.Key.Key_P)
    assert window.current == first
    while window.current_difference().kind != "boundary":
        qtbot.keyClick(window.views["a"], Qt.Key.Key_N)
    boundary = window.current_difference()
    qtbot.keyClick(window.views["a"], Qt.Key.Key_B)
    assert store.decisions(doc, "alice", "bob") == {boundary.key: "b"}
    assert [s.text for s in store.spans(doc, GOLD)] == ["peace soon"]
    assert window.current != boundary.key
    assert window.differences.display(window.differences.rows[window.differences.row_of(boundary.key)], 3) == "took B"
    assert [s.text for s in window.views[GOLD].spans] == ["peace soon"]
    assert store.review_status(doc) == "in_review"
    decided_color = shade(KIND_COLORS["boundary"], 1, 60).rgba()
    assert painted_background(window.views["a"], boundary.a.start).rgba() == decided_color
    assert painted_background(window.views["b"], boundary.b.start).rgba() == decided_color

    qtbot.keyClick(window.views["a"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.spans(doc, GOLD) == [] and store.decisions(doc, "alice", "bob") == {}
    assert window.views[GOLD].spans == []
    assert painted_background(window.views["a"], boundary.a.start).rgba() == shade(KIND_COLORS["boundary"], 1).rgba()
    assert window.differences.display(window.differences.rows[window.differences.row_of(boundary.key)], 3) == "open"

    qtbot.keyClick(window.views["a"], Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(s.text for s in store.spans(doc, GOLD)) == ["Lavrov", "Umerov", "the talks will go on"]
    assert window.documents.rows[0].open == 6
    assert {s.id for s in store.spans(doc, "alice")} == {d.a.id for d in window.review.differences if d.a}


def test_edit_selects_in_gold_then_a_label_key_writes_the_edited_span(review, qtbot):
    window, store, doc = review
    boundary = next(row.difference for row in window.differences.rows if row.difference.kind == "boundary")
    window.select_difference(boundary)
    qtbot.keyClick(window.views["a"], Qt.Key.Key_E)
    gold_view = window.views[GOLD]
    assert gold_view.selection_offsets() == (boundary.start, boundary.end)
    gold_view.select_offsets(*at("for peace soon"))
    qtbot.keyClick(gold_view, Qt.Key.Key_1)
    [edited] = store.spans(doc, GOLD)
    assert (edited.label, edited.text) == ("CLAIM", "for peace soon")
    assert edited.provenance["decided_by"] == "carol" and edited.provenance["from"] == ["alice"]
    assert store.decisions(doc, "alice", "bob")[boundary.key] == "edit"


def test_clicking_a_span_selects_its_difference_and_ctrl_enter_marks_adjudicated(review, qtbot):
    window, store, doc = review
    view = window.views["b"]
    start, _ = at("Rubio")
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_utf16(start + 1))
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_difference().kind == "label"
    only_b = next(row.difference for row in window.differences.rows if row.difference.kind == "only_b")
    window.select_difference(only_b)
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert window.differences.display(window.differences.rows[window.differences.row_of(only_b.key)], 3) == "left out"
    assert store.spans(doc, GOLD) == []
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert store.review_status(doc) == "adjudicated"
    assert window.documents.rows[0].status == "adjudicated"


def test_no_shared_documents_says_what_to_do(review, qtbot):
    window, store, doc = review
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_pair("alice", GOLD)
    assert window.documents.rows == [] and "no document in common" in window.empty_label.text()
    window.set_pair("alice", "alice")
    assert "two different" in window.empty_label.text()


def test_agreement_window_computes_in_the_background_and_fills_tables(qtbot, reviewed):
    store, doc = reviewed
    window = AgreementWindow(store, ["alice", "bob"])
    qtbot.addWidget(window)
    runner = window.compute()
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        pass
    expected = agreement_report(store, ["alice", "bob"])
    assert [row.key for row in window.labels.rows] == list(expected["per_label"])
    claim = next(r for r in window.labels.rows if r.key == "CLAIM")
    assert claim.cells[1] == pytest.approx(expected["per_label"]["CLAIM"]["span_f1_exact"])
    assert [row.key for row in window.documents.rows] == [doc]
    assert window.chart.groups[-1] == ("all", [expected[m] for m in
                                               ("span_f1_exact", "span_f1_overlap", "token_kappa", "token_alpha")])
    assert "alice vs bob" in window.summary.text()
    assert window.pair_table.isHidden()


def test_agreement_window_with_three_annotators_lists_pairs(qtbot, reviewed):
    store, doc = reviewed
    accept_agreements(store, [compare(store, doc, "alice", "bob")])
    window = AgreementWindow(store, ["alice", "bob", GOLD])
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.compute().finished, timeout=10_000):
        pass
    assert [row.key for row in window.pairs.rows] == ["alice / bob", "alice / gold", "bob / gold"]
    assert not window.pair_table.isHidden()
    window.pair_table.selectRow(1)
    assert "alice vs gold" in window.summary.text() and "Krippendorff" in window.summary.text()


def test_main_window_opens_review_and_agreement(window, qtbot):
    window.actions_by_id["review"].trigger()
    assert window.review_window is not None and window.review_window.isVisible()
    window.actions_by_id["agreement"].trigger()
    assert window.agreement_window.isVisible()


def test_accepting_agreements_everywhere_compares_in_a_worker_and_is_one_undo_step(review, qtbot):
    window, store, doc = review
    with qtbot.waitSignal(window.accept_everywhere().finished, timeout=10_000):
        pass
    assert sorted(s.text for s in store.spans(doc, GOLD)) == ["Lavrov", "Umerov", "the talks will go on"]
    assert store.history.undo_action() == "Accept 3 agreements"
    window.undo()
    assert store.spans(doc, GOLD) == []


def test_a_colleague_imported_in_the_background_appears_in_the_open_review(window, qtbot, tmp_path):
    window.open_review()
    review_window = window.review_window
    record = {"text": ARTICLE, "annotator": "dave", "spans": [{"start": 2, "end": 7, "label": "CLAIM"}]}
    path = tmp_path / "dave.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    window.store.add_span(window.document_id, "CLAIM", 2, 7)
    with qtbot.waitSignal(window.run_import([str(path)]).finished, timeout=10_000):
        pass
    names = [review_window.b_box.itemText(i) for i in range(review_window.b_box.count())]
    assert "dave" in names and names.count(GOLD) == 1 and names[-1] == GOLD
    with qtbot.waitSignal(review_window.loaded, timeout=10_000):
        review_window.set_pair("alice", "dave")
    assert [row.difference.kind for row in review_window.differences.rows] == ["agree"]


def test_on_a_fresh_store_the_review_says_to_import_a_colleague(qtbot, ui_store, settings):
    window = ReviewWindow(ui_store, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loading is None, timeout=10_000)
    assert (window.a_name, window.b_name) == ("alice", GOLD)
    assert "Import a colleague's export" in window.empty_label.text()


def test_gold_is_listed_once_and_last(qtbot, reviewed, settings):
    store, doc = reviewed
    accept_agreements(store, [compare(store, doc, "alice", "bob")])
    window = ReviewWindow(store, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loading is None, timeout=10_000)
    assert [window.a_box.itemText(i) for i in range(window.a_box.count())] == ["alice", "bob", "carol", GOLD]


def test_hover_text_escapes_what_people_wrote(review):
    window, store, doc = review
    stance_claim = next(d.a for d in window.review.differences if d.kind == "stance")
    hostile = replace(stance_claim, annotator="<b>eve</b>", stances=(Stance("<i>talks</i>", "support"),))
    text = window.describe(hostile)
    assert "&lt;i&gt;talks&lt;/i&gt;" in text and "&lt;b&gt;eve" in text and "<i>" not in text
    assert "different stances" in text


def test_a_reviewer_without_a_layer_starts_on_two_colleagues_who_share_documents(qtbot, reviewed, settings):
    store, doc = reviewed
    window = ReviewWindow(store, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loading is None, timeout=10_000)
    assert (window.a_name, window.b_name) == ("alice", "bob")
    assert [row.id for row in window.documents.rows] == [doc]


def test_gold_pane_shows_link_badges_once_agreements_are_accepted(review, qtbot):
    window, store, doc = review
    gold = window.views[GOLD]
    assert gold.badges == {}
    qtbot.keyClick(window.views["a"], Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    links = {r.head_id: r.child_id for r in store.relations(doc, GOLD)}
    assert links, "the agreed claim came with its speaker link"
    assert {gold.badges[c] for c in links} == {gold.badges[s] for s in links.values()} == {1}
    assert [store.span(s).text for s in links.values()] == ["Lavrov"]


def test_the_window_shows_at_once_compares_in_a_worker_and_the_newest_pair_wins(qtbot, reviewed, settings):
    store, doc = reviewed
    window = ReviewWindow(store, settings)
    qtbot.addWidget(window)
    loaded = []
    window.loaded.connect(lambda: loaded.append((window.a_name, window.b_name)))
    window.set_pair("alice", "bob")
    assert window.review is None and "Comparing alice and bob" in window.empty_label.text()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_pair("bob", "alice")
    qtbot.wait(300)
    assert loaded == [("bob", "alice")]
    assert (window.review.a, window.review.b) == ("bob", "alice")
    assert [row.id for row in window.documents.rows] == [doc] and window.empty_label.isHidden()
