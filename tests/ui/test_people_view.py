"""The identify dialog and the People view, driven with real keys; every check reads the store."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import Entity
from annotator.core.store import Store
from annotator.core.people import Proposal
from annotator.ui.dialogs.identify import NEW, Identification, IdentifyDialog
from annotator.ui.widgets.main_window import MainWindow
from annotator.ui.widgets.people_view import PeopleWindow
from tests.ui.test_main_window import point_at

TEXT = ("Moscow talks\nSergei Lavrov said talks were over. Lavrov added that he saw no ceasefire. "
        "Umerov disagreed. He said the spokesman lied.")
OTHER = "Kyiv talks\nRustem Umerov said nothing new."


def at(text: str, phrase: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start


@pytest.fixture
def people_store(tmp_path):
    with Store(tmp_path / "people.db", user="alice") as store:
        store.add_document(TEXT)
        store.add_document(OTHER)
        yield store


@pytest.fixture
def main(qtbot, people_store, settings):
    window = MainWindow(people_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(people_store.document_ids()[0])
    window.view.setFocus()
    yield window
    window.close()


def tag(qtbot, window, phrase: str, key: str, nth: int = 0):
    """Select `phrase` with Shift+arrows in the open article and press a label key."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start = at(window.view.text, phrase, nth)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, start))
    for _ in phrase:
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, key)
    return next(s for s in window.store.spans(window.document_id) if s.start == start)


def in_modal(*steps):
    """Run `steps` on the next modal dialog as soon as it shows, recording what it offered.

    The dialog is closed afterwards whatever the steps did, so a failing step never hangs the test.
    """
    seen = {}
    timer = QTimer(interval=10)

    def act():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        timer.stop()
        seen["dialog"] = dialog
        dialog.activateWindow()
        QTest.qWait(20)
        if isinstance(dialog, IdentifyDialog):
            items = [dialog.chooser.list.item(i) for i in range(dialog.chooser.list.count())]
            seen["offered"] = [i.text() for i in items if not i.isHidden()]
            seen["alias"] = (dialog.alias.isChecked(), dialog.alias.isEnabled())
        try:
            for step in steps:
                step(dialog)
        finally:
            seen["left_open"] = dialog.isVisible()
            if dialog.isVisible():
                dialog.reject()

    timer.timeout.connect(act)
    timer.start()
    seen["timer"] = timer
    return seen


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press on `widget` once its window is active: shortcuts fire only in the active window."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    qtbot.keyClick(widget, key, modifier)


def type_and_enter(text: str = ""):
    """Type into the dialog's focused field with real keys, then press Enter."""

    def step(dialog):
        field = dialog.focusWidget()
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)

    return step


def identify(qtbot, window, span, text: str = ""):
    """Press E on `span` and accept what the dialog proposes (after typing `text`, if any) with Enter."""
    window.select_span(span.id)
    seen = in_modal(type_and_enter(text))
    press(qtbot, window.view, "e")
    return seen


def person_of(store, span):
    entity_id = store.span(span.id).entity_id
    return store.entity(entity_id) if entity_id else None


def test_identify_proposes_the_best_match_first_and_enter_takes_it(qtbot, main):
    store = main.store
    full = tag(qtbot, main, "Sergei Lavrov", "2")
    identify(qtbot, main, full, "Sergei Lavrov")
    lavrov = person_of(store, full)
    assert (lavrov.name, lavrov.aliases) == ("Sergei Lavrov", ())

    short = tag(qtbot, main, "Lavrov", "2", nth=1)
    seen = identify(qtbot, main, short)
    assert seen["offered"][0].startswith("Sergei Lavrov") and seen["alias"] == (True, True)
    assert person_of(store, short).id == lavrov.id
    assert store.entity(lavrov.id).aliases == ("Lavrov",), "a proper name is kept as an alias by default"

    umerov = tag(qtbot, main, "Umerov", "2")
    identify(qtbot, main, umerov, "Rustem Umerov")
    assert person_of(store, umerov).aliases == ("Umerov",)
    he = tag(qtbot, main, "He", "2")
    seen = identify(qtbot, main, he)
    assert seen["offered"][0].startswith("Rustem Umerov") and "nearest speaker before" in seen["offered"][0]
    assert seen["alias"] == (False, False), "a pronoun is never offered as an alias"
    assert person_of(store, he).name == "Rustem Umerov"

    small_he = tag(qtbot, main, "he", "2", nth=0)
    assert small_he.text == "he" and small_he.start == at(TEXT, "that he") + 5
    seen = identify(qtbot, main, small_he)
    assert seen["offered"][0].startswith("Sergei Lavrov")
    assert person_of(store, small_he).id == lavrov.id
    assert store.entity(lavrov.id).aliases == ("Lavrov",) and person_of(store, he).aliases == ("Umerov",)


def test_un_identify_from_the_dialog(qtbot, main):
    mention = tag(qtbot, main, "Umerov", "2")
    identify(qtbot, main, mention, "Rustem Umerov")
    main.select_span(mention.id)

    def not_identified(dialog):
        qtbot.keyClick(dialog.focusWidget(), "n", Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # a button's key clicks it after a short animation

    in_modal(not_identified)
    press(qtbot, main.view, "e")
    assert main.store.span(mention.id).entity_id is None
    assert main.speakers.rows[0].entity == ""


def test_claims_show_the_canonical_name_and_follow_every_change_to_people(qtbot, main):
    store = main.store
    short = tag(qtbot, main, "Lavrov", "2", nth=1)
    claim = tag(qtbot, main, "he saw no ceasefire", "1")
    store.link_speaker(claim.id, short.id)
    assert main.claims.rows[0].speaker == "Lavrov", "the mention text while nobody is identified"
    lavrov = store.create_entity("Sergei Lavrov", ["Lavrov"]).subject
    identify(qtbot, main, short)
    assert main.claims.rows[0].speaker == "Sergei Lavrov"
    store.edit_entity(Entity(lavrov, "Sergey Viktorovich Lavrov", ("Lavrov",)))
    assert main.claims.rows[0].speaker == "Sergey Viktorovich Lavrov"
    assert main.speakers.rows[0].entity == "Sergey Viktorovich Lavrov"
    store.undo()
    assert main.claims.rows[0].speaker == "Sergei Lavrov"


def open_people(qtbot, window) -> PeopleWindow:
    press(qtbot, window.view, "p", Qt.KeyboardModifier.ControlModifier)
    view = window.findChild(PeopleWindow)
    qtbot.waitExposed(view)
    return view


def people_rows(view):
    return [(r.name, r.mentions, r.claims) for r in view.people.rows]


@pytest.fixture
def annotated(qtbot, main):
    """Lavrov twice (once as a duplicate person "Lavrov"), Umerov in both articles, each with a claim."""
    store = main.store
    first, second = store.document_ids()
    lavrov = store.create_entity("Sergei Lavrov", kind="person").subject
    duplicate = store.create_entity("Lavrov").subject
    umerov = store.create_entity("Rustem Umerov").subject
    for doc, mention, nth, person, claim_text in (
        (first, "Sergei Lavrov", 0, lavrov, "talks were over"),
        (first, "Lavrov", 1, duplicate, "he saw no ceasefire"),
        (first, "Umerov", 0, umerov, "the spokesman lied"),
        (second, "Rustem Umerov", 0, umerov, "nothing new"),
    ):
        text = store.document(doc).text
        start, claim_start = at(text, mention, nth), at(text, claim_text)
        speaker = store.add_span(doc, "SPEAKER", start, start + len(mention))
        claim = store.add_span(doc, "CLAIM", claim_start, claim_start + len(claim_text))
        store.set_entity(speaker.subject, person)
        store.link_speaker(claim.subject, speaker.subject)
    store.set_stance(claim.subject, "ceasefire", "oppose")
    main.open_document(first)
    return {"lavrov": lavrov, "duplicate": duplicate, "umerov": umerov, "first": first, "second": second}


def test_people_view_lists_counts_and_filters_as_you_type(qtbot, main, annotated):
    view = open_people(qtbot, main)
    assert people_rows(view) == [("journalist", 0, 0), ("Lavrov", 1, 1), ("Rustem Umerov", 2, 2),
                                 ("Sergei Lavrov", 1, 1), ("unnamed source", 0, 0)]
    qtbot.keyClicks(view.filter, "sergey")
    assert people_rows(view) == [("Sergei Lavrov", 1, 1)], "transliteration-insensitive"
    view.filter.clear()
    qtbot.keyClicks(view.filter, "umer")
    assert people_rows(view) == [("Rustem Umerov", 2, 2)]
    assert [(r.title, r.text, r.stances) for r in view.claims.rows] == [
        ("Moscow talks", "the spokesman lied", ""), ("Kyiv talks", "nothing new", "oppose: ceasefire")]


def test_merge_in_the_people_view_is_one_undo_step(qtbot, main, annotated):
    store = main.store
    view = open_people(qtbot, main)
    qtbot.keyClicks(view.filter, "Lavrov")
    view.people_table.setFocus()
    qtbot.keyClick(view.people_table, Qt.Key.Key_Home)
    assert view.selected_id() == annotated["duplicate"]
    in_modal(type_and_enter("Sergei"))
    press(qtbot, view.people_table, "m", Qt.KeyboardModifier.ControlModifier)
    lavrov = store.entity(annotated["lavrov"])
    assert lavrov.aliases == ("Lavrov",) and annotated["duplicate"] not in {p.id for p in store.entities()}
    assert people_rows(view) == [("Sergei Lavrov", 2, 2)]
    assert {r.speaker for r in main.claims.rows} == {"Sergei Lavrov", "Rustem Umerov"}
    press(qtbot, view.people_table, "z", Qt.KeyboardModifier.ControlModifier)
    assert store.entity(annotated["duplicate"]).name == "Lavrov" and store.entity(annotated["lavrov"]).aliases == ()
    assert {r.speaker for r in main.claims.rows} == {"Sergei Lavrov", "Lavrov", "Rustem Umerov"}


def test_rename_and_aliases_with_f2_show_in_the_main_window(qtbot, main, annotated):
    store = main.store
    view = open_people(qtbot, main)
    qtbot.keyClicks(view.filter, "Sergei")
    view.people_table.setFocus()

    def edit(dialog):
        dialog.name.setText("Sergey Viktorovich Lavrov")
        dialog.aliases.setPlainText("Sergei Lavrov\nhe\n")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    in_modal(edit)
    press(qtbot, view.people_table, Qt.Key.Key_F2)
    assert store.entity(annotated["lavrov"]).name == "Sergei Lavrov", "“he” is refused: nothing saved"
    assert "could name anybody" in view.statusBar().currentMessage()

    def edit_again(dialog):
        dialog.name.setText("Sergey Viktorovich Lavrov")
        dialog.aliases.setPlainText("Sergei Lavrov\n")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    in_modal(edit_again)
    press(qtbot, view.people_table, Qt.Key.Key_F2)
    renamed = store.entity(annotated["lavrov"])
    assert (renamed.name, renamed.aliases, renamed.kind) == ("Sergey Viktorovich Lavrov", ("Sergei Lavrov",), "person")
    assert "Sergey Viktorovich Lavrov" in {r.speaker for r in main.claims.rows}


def test_enter_on_a_claim_opens_it_in_its_article(qtbot, main, annotated):
    store = main.store
    view = open_people(qtbot, main)
    qtbot.keyClicks(view.filter, "Rustem")
    view.people_table.setFocus()
    qtbot.keyClick(view.people_table, Qt.Key.Key_Return)
    assert view.focusWidget() is view.claims_table
    qtbot.keyClick(view.claims_table, Qt.Key.Key_Down)
    qtbot.keyClick(view.claims_table, Qt.Key.Key_Return)
    (claim,) = [s for s in store.spans(annotated["second"]) if s.label == "CLAIM"]
    assert main.document_id == annotated["second"]
    assert main.selected_span().id == claim.id


def test_split_off_a_mention_and_delete_a_person_without_mentions(qtbot, main, annotated):
    store = main.store
    view = open_people(qtbot, main)
    qtbot.keyClicks(view.filter, "Rustem")
    view.mentions_table.setFocus()
    qtbot.keyClick(view.mentions_table, Qt.Key.Key_Home)

    def new_person(dialog):
        dialog.chooser.filter.setText("Umerov (the nephew)")
        assert dialog.chooser.list.currentItem().data(Qt.ItemDataRole.UserRole) == NEW
        qtbot.keyClick(dialog.chooser.filter, Qt.Key.Key_Return)

    in_modal(new_person)
    press(qtbot, view.mentions_table, "m", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    nephew = next(p for p in store.entities() if p.name == "Umerov (the nephew)")
    moved = [s for s in store.spans(annotated["first"]) if s.entity_id == nephew.id]
    assert [s.text for s in moved] == ["Umerov"]
    assert store.people()[[p.entity.id for p in store.people()].index(annotated["umerov"])].mentions == 1

    view.filter.clear()
    qtbot.keyClicks(view.filter, "journalist")
    view.people_table.setFocus()
    press(qtbot, view.people_table, Qt.Key.Key_Delete)
    assert "special speaker" in view.statusBar().currentMessage()
    view.filter.clear()
    qtbot.keyClicks(view.filter, "the nephew")
    view.people_table.setFocus()
    press(qtbot, view.people_table, Qt.Key.Key_Delete)
    assert "still has 1 mention" in view.statusBar().currentMessage()
    store.set_entity(moved[0].id, None)
    press(qtbot, view.people_table, Qt.Key.Key_Delete)
    assert nephew.id not in {p.id for p in store.entities()}


def test_closing_the_people_view_stops_it_listening(qtbot, main, annotated):
    view = open_people(qtbot, main)
    press(qtbot, view.people_table, "w", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.findChild(PeopleWindow) is None)
    main.store.create_entity("Somebody New")
    assert open_people(qtbot, main).people.row_of(next(p.id for p in main.store.entities() if p.name == "Somebody New")) >= 0


def test_the_alias_box_is_ticked_only_for_a_proper_name_that_names_nobody(qtbot):
    lavrov = Entity("l", "Sergei Lavrov", ("Lavrov",))
    umerov = Entity("u", "Rustem Umerov")
    boxes = {}
    for mention, people in (("Lavrov", [lavrov]), ("Umerov", [umerov]), ("he", [lavrov]), ("the spokesman", [umerov])):
        dialog = IdentifyDialog(mention, [Proposal(p, "") for p in people])
        qtbot.addWidget(dialog)
        boxes[mention] = (dialog.alias.isChecked(), dialog.alias.isEnabled())
    assert boxes == {"Lavrov": (False, True), "Umerov": (True, True), "he": (False, False),
                     "the spokesman": (False, False)}
    dialog = IdentifyDialog("Umerov", [Proposal(umerov, "")])
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.chooser.filter, Qt.Key.Key_Return)
    assert dialog.answer() == Identification("u", None, True)


def test_a_new_person_from_the_people_view(qtbot, main):
    view = open_people(qtbot, main)

    def fill(dialog):
        dialog.name.setText("Maria Zakharova")
        dialog.kind.setCurrentText("person")
        dialog.aliases.setPlainText("Zakharova\nshe\n")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    in_modal(fill)
    press(qtbot, view.people_table, "n", Qt.KeyboardModifier.ControlModifier)
    assert "could name anybody" in view.statusBar().currentMessage()
    assert "Maria Zakharova" not in {p.name for p in main.store.entities()}

    def fill_again(dialog):
        dialog.name.setText("Maria Zakharova")
        dialog.aliases.setPlainText("Zakharova\n")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    in_modal(fill_again)
    press(qtbot, view.people_table, "n", Qt.KeyboardModifier.ControlModifier)
    person = next(p for p in main.store.entities() if p.name == "Maria Zakharova")
    assert person.aliases == ("Zakharova",) and view.selected_id() == person.id
