from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from annotator.core.model import Span
from annotator.core.schema import load_schema
from annotator.ui.models.documents import DocumentListModel
from annotator.ui.models.spans import ClaimListModel, ClaimRow, text_order
from annotator.ui.widgets.article_view import ArticleView
from tests.ui.conftest import formats_by_unit

TEXT = "😀👍🏽 a\r\nCJK 中文 e\u0301 Lavrov said yes"


def span(id, label, start, end, text=TEXT, annotator="alice"):
    return Span(id, "d", annotator, label, start, end, text[start:end])


def test_highlight_lands_on_the_right_utf16_units(qtbot):
    text = TEXT.replace("\r\n", "\n")
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    start = text.index("Lavrov")
    view.show_document(text, [span("s", "SPEAKER", start, start + 6, text)], set())
    block, painted = formats_by_unit(view, 1)
    line = block.text()
    units = sorted(painted)
    assert line[units[0]:units[-1] + 1] == "Lavrov"
    assert painted[units[0]].underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline


def test_nested_spans_are_darker_and_underline_stacks(qtbot):
    text = "Sergei Lavrov said the talks will go on."
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    outer = span("c1", "CLAIM", 0, 40, text)
    inner = span("c2", "CLAIM", 14, 28, text)
    who = span("s", "SPEAKER", 7, 13, text)
    view.show_document(text, [outer, inner, who], set())
    _, painted = formats_by_unit(view, 0)
    single, nested, speaker = painted[0], painted[20], painted[8]
    assert single.background().color().value() > nested.background().color().value()
    assert speaker.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert speaker.background().color().rgb() == single.background().color().rgb()


def test_new_spans_are_painted_only_where_shown(qtbot):
    text = "\n".join(f"line {i} with words" for i in range(200))
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    first = span("a", "CLAIM", 0, 4, text)
    view.show_document(text, [first], set())
    view.highlighter.paint_blocks([0])
    at = text.index("line 150")
    view.update_spans([first, span("b", "CLAIM", at, at + 4, text)], set())
    block = view.document().findBlockByNumber(150)
    assert block.layout().formats() == [], "a block off screen is not highlighted until it is shown"
    assert sorted(formats_by_unit(view, 150)[1]) == [0, 1, 2, 3]
    assert sorted(formats_by_unit(view, 0)[1]) == [0, 1, 2, 3]


def test_a_blocks_spans_are_those_reaching_into_it(qtbot):
    """Looked up when the block is shown: short spans starting in or before it, and long ones from far before."""
    lines = [f"line {i} 😀 with e\u0301 words" for i in range(400)]
    text = "\r\n".join(lines)
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 2)
    spans = [span(f"s{i}", "CLAIM", starts[i] + 2, starts[i] + 2 + 40 * (i % 4 + 1), text) for i in range(0, 390, 3)]
    spans += [span("long1", "CLAIM", 5, starts[300], text), span("long2", "SPEAKER", starts[100] + 1, len(text), text)]
    spans.sort(key=lambda s: (s.start, s.end, s.label, s.id))
    view.show_document(text, spans, set())
    for block in (0, 1, 2, 99, 100, 101, 200, 299, 300, 399):
        last = starts[block + 1] if block + 1 < len(starts) else len(text) + 1
        expected = [s.id for s in spans if s.start < last and s.end > starts[block]]
        assert [s.id for s in view.highlighter.spans_in_block(block)] == expected
    removed = next(s for s in spans if s.id == "long1")
    view.spans.remove(removed)
    view.highlighter.replace_spans([removed], [])
    assert "long1" not in [s.id for s in view.highlighter.spans_in_block(150)]


def test_replacing_a_span_repaints_only_its_blocks(qtbot):
    text = "\n".join(f"line {i} with words" for i in range(50))
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    first = span("a", "CLAIM", 0, 4, text)
    view.show_document(text, [first], set())
    at = text.index("line 30")
    added = span("b", "CLAIM", at, at + 4, text)
    repainted = []
    original = view.highlighter.repaint_blocks
    view.highlighter.repaint_blocks = lambda blocks: (repainted.append(set(blocks)), original(blocks))
    view.replace_spans([first], [added])
    assert repainted == [{0, 30}]
    assert view.spans == [added]
    assert formats_by_unit(view, 0)[1] == {}
    assert sorted(formats_by_unit(view, 30)[1]) == [0, 1, 2, 3]


def test_a_badge_of_three_digits_fits_the_room_after_its_span(qtbot):
    """The room after badged spans is as wide as the highest number drawn: badge 120 covers no letter."""
    lines = [f"Lavrov {i} said “yes {i}” today." for i in range(120)]
    text = "\n".join(lines)
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    spans, links, at = [], {}, 0
    for i, line in enumerate(lines):
        spans.append(span(f"s{i}", "SPEAKER", at, at + 6, text))
        spans.append(span(f"c{i}", "CLAIM", at + line.index("“"), at + line.index("”") + 1, text))
        links[f"c{i}"] = f"s{i}"
        at += len(line) + 1
    view.show_document(text, spans, set())
    view.set_links(links)
    view.select_span("s119", reveal=True)
    view.highlighter.paint_blocks(view.visible_blocks())
    speaker = view.selected_span()
    number, box = next((n, b) for s, n, b in view.badge_boxes() if s.id == "s119")
    end = QTextCursor(view.document())
    end.setPosition(view.map.to_utf16(speaker.end))
    assert number == 120 and box.right() <= view.cursorRect(end).left()


def test_others_spans_are_painted_fainter(qtbot):
    text = "Sergei Lavrov said yes"
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    view.show_document(text, [span("a", "CLAIM", 0, 6, text), span("b", "CLAIM", 7, 13, text, "bob")], {"b"})
    _, painted = formats_by_unit(view, 0)
    assert painted[8].background().color().alpha() < painted[0].background().color().alpha()


def test_selection_offsets_are_code_points(qtbot):
    text = "😀👍🏽 Lavrov"
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    view.show_document(text, [], set())
    view.select_offsets(text.index("Lavrov"), len(text))
    assert view.selection_offsets() == (text.index("Lavrov"), len(text))
    assert view.textCursor().selectedText() == "Lavrov"


def test_item_models_pass_the_model_tester(qtmodeltester, seeded):
    documents = DocumentListModel()
    documents.set_rows(seeded.summaries())
    qtmodeltester.check(documents)
    claims = ClaimListModel()
    rows = [ClaimRow(str(i), i * 10, i * 10 + 5, f"claim {i}", "", (), "", "alice") for i in range(5)]
    claims.set_rows(rows)
    claims.set_rows(rows[1:4] + [ClaimRow("9", 90, 95, "new", "", (), "", "alice")])
    assert [r.id for r in claims.rows] == ["1", "2", "3", "9"]
    claims.set_rows([rows[3], rows[1]])
    assert [r.id for r in claims.rows] == ["3", "1"]
    claims.apply({"3"}, [ClaimRow("7", 15, 16, "mid", "", (), "", "alice")], text_order)
    assert [r.id for r in claims.rows] == ["1", "7"]
    qtmodeltester.check(claims)


def test_pyside_survives_20000_void_calls(qtbot):
    """PySide6 6.12.0 on CPython 3.11 dies with none_dealloc after a few thousand of these."""
    fmt = QTextCharFormat()
    color = QColor("#ffd54f")
    for i in range(20_000):
        fmt.setBackground(color)
        fmt.setFontUnderline(i % 2 == 0)
    assert fmt.background().color() == color


def test_the_same_text_again_keeps_its_place_when_asked_and_shows_the_new_spans(qtbot):
    text = "😀 中文\n" + "\n".join(f"line {i} with words" for i in range(400))
    view = ArticleView(load_schema())
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    at = text.index("line 300")
    view.show_document(text, [span("a", "CLAIM", at, at + 4, text)], set())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    place = view.verticalScrollBar().value()
    assert place > 0
    view.show_document(str(text), [span("b", "SPEAKER", at, at + 4, text)], set(), keep_place=True)
    assert view.verticalScrollBar().value() == place
    assert [s.id for s in view.spans] == ["b"]
    block_number = text[:at].count("\n")
    _, painted = formats_by_unit(view, block_number)
    assert painted[0].underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline, "painted as the speaker now"
    view.show_document(text + "\nmore", [], set(), keep_place=True)
    assert view.verticalScrollBar().value() == 0 and view.spans == []
    view.verticalScrollBar().setValue(place)
    view.show_document(text + "\nmore", [], set())
    assert view.verticalScrollBar().value() == 0, "shown anew unless asked"
