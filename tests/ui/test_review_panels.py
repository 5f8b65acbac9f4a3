"""The review window on a long article: the current difference in the middle of every pane, counts that
match the table, colours that are no label's, R to leave a lone span out; the Agreement window's keys."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import GOLD
from annotator.core.review import KIND_NAMES, KINDS
from annotator.core.store import Store
from annotator.ui.widgets.agreement_window import AgreementWindow
from annotator.ui.widgets.review_window import KIND_COLORS, ReviewWindow
from tests.conftest import at

FILLER = "😀 中文 An unrelated paragraph about the weather and the markets, long enough to wrap.\n" * 120
DEEP = "Lavrov said the talks will go on.\n"


def open_review(qtbot, store, settings, a="alice", b="bob", keep=True):
    window = ReviewWindow(store, settings)
    if keep:
        qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_pair(a, b)
    qtbot.wait(50)  # the panes were hidden while comparing: they lay out, then centre the difference
    return window


def test_the_current_difference_is_in_the_middle_of_all_three_panes_and_its_row_shows(qtbot, tmp_path, settings):
    text = FILLER + DEEP + FILLER + DEEP + FILLER
    first = text.index("the talks")
    second = text.index("the talks", first + 1)
    path = tmp_path / "long.db"
    with Store(path, user="alice") as alice:
        doc = alice.add_document(text).document_id
        for start in (first, second):
            alice.add_span(doc, "CLAIM", start, start + len("the talks will go on"))
    with Store(path, user="bob") as bob:
        bob.add_span(doc, "CLAIM", first, first + len("the talks will go on"))
        bob.add_span(doc, "CLAIM", second, second + len("the talks"))
    with Store(path, user="carol") as carol:
        window = open_review(qtbot, carol, settings, keep=False)  # closed (and deleted) before the store
        for _ in range(2):
            difference = window.current_difference()
            assert difference is not None
            for side, view in window.views.items():
                cursor = QTextCursor(view.document())
                cursor.setPosition(view.map.to_utf16(difference.start))
                middle = view.viewport().height() / 2
                line = view.cursorRect(cursor)
                assert abs(line.center().y() - middle) <= line.height() * 1.5, side
            row = window.differences.row_of(window.current)
            rect = window.diff_table.visualRect(window.differences.index(row, 0))
            assert window.diff_table.viewport().rect().contains(rect.center())
            qtbot.keyClick(window.views["a"], Qt.Key.Key_N)
        window.close()


def test_the_legend_counts_every_kind_the_table_lists(qtbot, reviewed, settings):
    store, doc = reviewed
    with Store(store.path, user="bob") as bob:
        claim = next(s for s in bob.spans(doc, "bob") if s.text == "no ceasefire yet")
        bob.set_stance(claim.id, "ceasefire", "oppose")  # this claim now differs in speaker and in stances
    window = open_review(qtbot, store, settings)
    rows = window.differences.rows
    both = [r for r in rows if set(r.difference.kinds) >= {"speaker", "stance"}]
    assert both, "a difference of two kinds"
    for kind in KINDS:
        listed = sum(1 for r in rows if KIND_NAMES[kind] in window.differences.display(r, 0))
        assert f"{KIND_NAMES[kind]} {listed}&" in window.legend.text(), kind
    assert "different stances 2" in window.legend.text()


def test_review_colours_are_no_labels_colours():
    colours = [c.lower() for c in KIND_COLORS.values()]
    assert len(set(colours)) == len(colours)
    from annotator.core.schema import load_schema

    labels = {label.color.lower() for label in load_schema().span_labels}
    assert not labels & set(colours)


def test_r_leaves_a_span_only_b_has_out_of_gold_in_one_undo_step(qtbot, reviewed, settings):
    store, doc = reviewed
    window = open_review(qtbot, store, settings)
    while window.current_difference().kind != "only_b":
        qtbot.keyClick(window.views["a"], Qt.Key.Key_N)
    lone = window.current_difference()
    qtbot.keyClick(window.views["a"], Qt.Key.Key_R)
    assert store.decisions(doc, "alice", "bob")[lone.key] == "a"
    assert all(s.start != lone.b.start for s in store.spans(doc, GOLD))
    row = window.differences.row_of(lone.key)
    assert window.differences.display(window.differences.rows[row], 3) == "left out"
    qtbot.keyClick(window.views["a"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lone.key not in store.decisions(doc, "alice", "bob")
    while window.current_difference().kind != "stance":
        qtbot.keyClick(window.views["a"], Qt.Key.Key_N)
    qtbot.keyClick(window.views["a"], Qt.Key.Key_R)
    assert window.current_difference().key not in store.decisions(doc, "alice", "bob"), "R is for lone spans only"
    assert at("sanctions stay")[0] == window.current_difference().start


def test_agreement_window_fits_its_columns_closes_by_key_and_is_opened_once(qtbot, window, reviewed):
    store, doc = reviewed
    first = AgreementWindow.open_for(store, ["alice", "bob"], None)  # Esc closes and deletes it: no addWidget
    first.resize(1280, 800)
    qtbot.waitUntil(lambda: first.report is not None, timeout=10_000)
    qtbot.wait(20)
    for table in first.figure_tables[1:]:
        assert table.horizontalHeader().length() <= table.viewport().width()
    assert AgreementWindow.open_for(store, ["alice", "bob"], None) is first, "Ctrl+K brings the open one forward"
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: AgreementWindow.showing is None)
    second = AgreementWindow.open_for(store, ["alice", "bob"], None)
    assert second is not first
    qtbot.waitUntil(lambda: second.report is not None, timeout=10_000)
    qtbot.keyClick(second, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: AgreementWindow.showing is None)
    window.actions_by_id["agreement"].trigger()
    opened = window.agreement_window
    window.actions_by_id["agreement"].trigger()
    assert window.agreement_window is opened
