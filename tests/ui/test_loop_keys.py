"""The analyst's loop from the keyboard: select by structure, Enter links the offered speaker,
E identifies it, badges show the links, F3 steps through matches. Offsets are code points."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.store import Store
from tests.ui.conftest import shown_window
from tests.ui.test_people_view import in_modal, type_and_enter

LOOP = (
    "😀 中文 cafe\u0301 Title\r\n"
    "“We are ready for talks,” Russian Foreign Minister Sergei Lavrov said. Umerov, who led the team, disagreed.\r\n"
    "\r\n"
    "We wait for their memorandum\r\n"
    "\r\n"
    "- Umerov noted.\r\n"
)
TEXT = LOOP.replace("\r\n", "\n")


@pytest.fixture
def loop(qtbot, tmp_path, settings):
    with Store(tmp_path / "loop.db", user="alice") as store:
        store.add_document(LOOP)
        win = shown_window(qtbot, store, settings)
        yield win
        win.close()


def place(window, offset: int) -> None:
    """Put the caret at code-point `offset`, nothing selected."""
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.map.to_utf16(offset))
    window.view.setTextCursor(cursor)


def keys(qtbot, window, *pressed):
    for key in pressed:
        qtbot.keyClick(window.view, key)


def spans(window, label=None):
    return [s for s in window.store.spans(window.document_id) if label in (None, s.label)]


def expect(span, phrase, occurrence=0):
    start = TEXT.index(phrase)
    for _ in range(occurrence):
        start = TEXT.index(phrase, start + 1)
    assert (span.start, span.end, span.text) == (start, start + len(phrase), phrase)


def test_apostrophe_selects_the_next_quotation_and_1_tags_it(qtbot, loop):
    assert loop.view.text == TEXT
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    (claim,) = spans(loop)
    expect(claim, "We are ready for talks")


def test_a_claim_tagged_on_the_quotation_is_a_direct_quote_and_q_still_cycles(qtbot, loop):
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    assert spans(loop)[0].attrs == {"quote_type": "direct"}
    keys(qtbot, loop, "q")
    assert spans(loop)[0].attrs == {"quote_type": "indirect"}
    place(loop, TEXT.index("Umerov, who"))
    keys(qtbot, loop, ".", "1")
    assert [s.attrs for s in spans(loop) if s.text.startswith("Umerov")] == [{}], "a sentence is no quotation"


def test_apostrophe_selects_a_block_quote_closed_by_a_dash_line(qtbot, loop):
    place(loop, TEXT.index("disagreed"))
    keys(qtbot, loop, "'", "1")
    expect(spans(loop)[0], "We wait for their memorandum")


def test_period_selects_the_sentence_and_comma_the_clause(qtbot, loop):
    place(loop, TEXT.index("who led") + 2)
    keys(qtbot, loop, ",", "1")
    place(loop, TEXT.index("Umerov, who"))
    keys(qtbot, loop, ".", "1")
    clause, sentence = sorted(spans(loop), key=lambda s: s.end - s.start)
    expect(clause, "who led the team")
    expect(sentence, "Umerov, who led the team, disagreed.")


def test_period_again_grows_by_the_next_sentence(qtbot, loop):
    """Word snapping drops the opening quote mark at the span's start."""
    place(loop, TEXT.index("ready"))
    keys(qtbot, loop, ".", ".", "1")
    expect(spans(loop)[0], "We are ready for talks,” Russian Foreign Minister Sergei Lavrov said. Umerov, who led the team, disagreed.")


def test_equals_plus_and_minus_grow_and_shrink_by_a_word(qtbot, loop):
    place(loop, TEXT.index("Sergei") + 2)
    keys(qtbot, loop, "=", "=", "+", "-", "2")
    expect(spans(loop)[0], "Sergei Lavrov")


def test_word_snapping_drops_the_opening_quote_mark(qtbot, loop):
    start = TEXT.index("“We")
    cursor = loop.view.textCursor()
    cursor.setPosition(loop.view.map.to_utf16(start - 1))
    cursor.setPosition(loop.view.map.to_utf16(TEXT.index("talks,") + 5), QTextCursor.MoveMode.KeepAnchor)
    loop.view.setTextCursor(cursor)
    keys(qtbot, loop, "1")
    expect(spans(loop)[0], "We are ready for talks")


def test_enter_after_a_claim_tags_and_links_the_named_speaker_in_one_undo_step(qtbot, loop):
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    assert "Russian Foreign Minister Sergei Lavrov" in loop.offer_note.text()
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    (claim,) = spans(loop, "CLAIM")
    (speaker,) = spans(loop, "SPEAKER")
    expect(speaker, "Russian Foreign Minister Sergei Lavrov")
    assert loop.store.speaker_of(claim.id) == speaker.id
    assert loop.selected_span().id == claim.id, "the claim stays selected for Q, T and E"
    assert loop.offer_note.text() == ""
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert spans(loop, "SPEAKER") == [] and loop.store.speaker_of(claim.id) is None


def test_enter_on_a_block_quote_offers_the_dash_line_speaker(qtbot, loop):
    place(loop, TEXT.index("memorandum"))
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Enter)
    (claim,) = spans(loop, "CLAIM")
    expect(loop.store.span(loop.store.speaker_of(claim.id)), "Umerov", occurrence=1)


def test_l_then_enter_links_the_nearest_tagged_speaker(qtbot, loop):
    place(loop, TEXT.index("Umerov"))
    keys(qtbot, loop, "=", "2")
    place(loop, TEXT.index("who led") + 2)
    keys(qtbot, loop, ",", "1", "l")
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    claim = spans(loop, "CLAIM")[0]
    speaker = spans(loop, "SPEAKER")[0]
    expect(speaker, "Umerov")
    assert loop.store.speaker_of(claim.id) == speaker.id
    assert loop.link_claim is None


def test_e_on_a_linked_claim_preselects_the_known_person(qtbot, loop):
    lavrov = loop.store.create_entity("Sergei Lavrov").subject
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    seen = in_modal(type_and_enter())
    keys(qtbot, loop, "e")
    assert seen["offered"][0].startswith("Sergei Lavrov")
    (speaker,) = spans(loop, "SPEAKER")
    assert speaker.entity_id == lavrov
    assert loop.selected_span().label == "CLAIM"


def test_e_on_an_unknown_proper_name_makes_a_new_person_with_enter(qtbot, loop):
    """The titles before the name are not the person's name, nor kept as an alias."""
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    seen = in_modal(type_and_enter())
    keys(qtbot, loop, "e")
    assert seen["offered"][0] == "New person: “Sergei Lavrov”"
    (speaker,) = spans(loop, "SPEAKER")
    person = loop.store.entity(speaker.entity_id)
    assert (person.name, person.aliases) == ("Sergei Lavrov", ())


def test_f3_shift_f3_and_enter_in_the_filter_step_through_matches(qtbot, loop):
    loop.filter_box.setFocus()
    qtbot.keyClicks(loop.filter_box, "Umerov")
    first, second = (TEXT.index("Umerov"), TEXT.index("Umerov", TEXT.index("Umerov") + 1))
    qtbot.keyClick(loop.filter_box, Qt.Key.Key_Return)
    assert loop.view.selection_offsets() == (first, first + 6)
    qtbot.keyClick(loop.filter_box, Qt.Key.Key_Return)
    assert loop.view.selection_offsets() == (second, second + 6)
    qtbot.keyClick(loop.filter_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert loop.view.selection_offsets() == (first, first + 6)
    assert loop.filter_box.hasFocus()
    qtbot.keyClick(loop.filter_box, Qt.Key.Key_Escape)
    assert loop.view.hasFocus()
    qtbot.keyClick(loop.view, Qt.Key.Key_F3)
    assert loop.view.selection_offsets() == (second, second + 6)
    qtbot.keyClick(loop.view, Qt.Key.Key_F3)
    assert loop.view.selection_offsets() == (first, first + 6), "wraps around"
    qtbot.keyClick(loop.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert loop.view.selection_offsets() == (second, second + 6)
    keys(qtbot, loop, "2")
    expect(spans(loop)[0], "Umerov", occurrence=1)


def twenty_links(store: Store) -> str:
    lines = [f"😀 中文 Speaker{n} said “claim number {n} stands”." for n in range(20)]
    text = "Header 👍🏽\r\n" + "\r\n".join(lines)
    doc = store.add_document(text).document_id
    text = store.document(doc).text
    for n in range(20):
        speaker = text.index(f"Speaker{n} ")
        claim = text.index(f"claim number {n} ")
        speaker_id = store.add_span(doc, "SPEAKER", speaker, speaker + len(f"Speaker{n}")).subject
        claim_id = store.add_span(doc, "CLAIM", claim, claim + len(f"claim number {n} stands")).subject
        store.link_speaker(claim_id, speaker_id)
    return doc


def test_twenty_links_have_matching_numbered_badges(qtbot, loop):
    doc = twenty_links(loop.store)
    loop.open_document(doc)
    view = loop.view
    by_id = {s.id: s for s in spans(loop)}
    links = {r.head_id: r.child_id for r in loop.store.relations(doc)}
    assert len(links) == 20
    speakers_in_order = sorted({*links.values()}, key=lambda s: by_id[s].start)
    assert [view.badges[s] for s in speakers_in_order] == list(range(1, 21))
    assert all(view.badges[claim] == view.badges[speaker] for claim, speaker in links.items())
    assert view.viewport().grab().width() > 0, "the badges paint"
    assert view.toPlainText().replace("\u2029", "\n") == loop.store.document(doc).text, "painted, not inserted"
    claim = next(iter(links))
    loop.select_span(claim)
    assert view.related() == {links[claim]}
    loop.select_span(links[claim])
    assert view.related() == {claim}


def test_a_badge_sits_in_room_left_after_its_span_and_covers_no_letter(qtbot, loop):
    loop.resize(1280, 800)
    doc = twenty_links(loop.store)
    loop.open_document(doc)
    view = loop.view
    view.viewport().grab()
    boxes = view.badge_boxes()
    assert boxes, "badges on screen"

    def caret(offset):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.map.to_utf16(offset))
        return view.cursorRect(cursor)

    for span, _number, box in boxes:
        last_letter, next_letter = caret(span.end - 1), caret(span.end)
        assert box.left() > last_letter.left(), span.text
        assert box.right() <= next_letter.left(), f"the badge after {span.text!r} covers the next letter"
        assert next_letter.top() <= box.center().y() <= next_letter.bottom(), "on its line, not over the line above"
    claim = next(span for span, _, _ in boxes if span.label == "CLAIM")

    def last_letter_width():
        view.viewport().grab()
        return caret(claim.end).left() - caret(claim.end - 1).left()

    linked = last_letter_width()
    loop.select_span(claim.id)
    qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert claim.id not in view.badges
    assert linked - last_letter_width() >= view.highlighter.badge_room - 1, "unlinked: the room goes too"


def test_a_new_link_gets_its_badge_and_undo_removes_it(qtbot, loop):
    place(loop, 0)
    keys(qtbot, loop, "'", "1")
    assert loop.view.badges == {}
    qtbot.keyClick(loop.view, Qt.Key.Key_Return)
    (claim,) = spans(loop, "CLAIM")
    (speaker,) = spans(loop, "SPEAKER")
    assert loop.view.badges == {claim.id: 1, speaker.id: 1}
    qtbot.keyClick(loop.view, "z", Qt.KeyboardModifier.ControlModifier)
    assert loop.view.badges == {}


def test_a_direct_quote_claim_takes_at_most_12_keys_and_one_mouse_gesture(qtbot, tmp_path, settings):
    """The scripted loop of `python -m annotator.bench` on the first seed: every claim fully annotated
    (the script checks the store), and the keys and gestures each took."""
    from annotator.keycount import annotate, open_first_seed

    with Store(tmp_path / "count.db", user="alice") as store:
        window = open_first_seed(store, settings)
        qtbot.addWidget(window)
        cost = annotate(window)
        window.close()
    assert len(cost.claims) == 7
    assert cost.median_keys() <= 12
    assert all(keys <= 12 for keys in cost.keys()[1:]), "every claim once the stance target exists"
    assert max(cost.gestures()) <= 1
