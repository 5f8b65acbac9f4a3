"""Whatever came from a document, a file or a user is shown as plain text: no widget reads it as markup."""

import json
import re
from dataclasses import replace

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QHeaderView, QLabel, QToolTip

from annotator.core.config import resource_path
from annotator.core.review import accept_agreements, compare
from annotator.core.schema import load_schema
from annotator.core.store import Store
from annotator.ui.actions import shortcut_rows
from annotator.ui.dialogs.messages import ErrorListDialog, ShortcutsDialog
from annotator.core.people import Proposal
from annotator.ui.dialogs.identify import IdentifyDialog
from annotator.ui.dialogs.people import PersonDialog, PersonPicker
from annotator.ui.dialogs.pickers import NameDialog, SpeakerPicker, StanceDialog
from annotator.ui.widgets.agreement_window import AgreementWindow
from annotator.ui.widgets.article_view import ArticleView
from annotator.ui.widgets.main_window import MainWindow
from annotator.ui.widgets.people_view import PeopleWindow
from annotator.ui.widgets.review_window import ReviewWindow
from annotator.ui.widgets.tables import show_row

IMG = '<img src="file:///tmp/x.png">'
TITLE = f"{IMG} <b>bold</b> &amp; <script>news</script>"
COLLEAGUE = "<b>bold</b> bob &amp;"
THIRD = f"{IMG} carol"
ENTITY = '<a href="x">link</a> Boris &amp;'
TARGET = "<script>alert(1)</script> truce &amp;"
LABEL = "<b>X</b> &amp;"
STANCE = "<i>doubt</i> &amp;"
SPEAKER_TEXT = "<b>bold</b> Boris"
COLLEAGUE_CLAIM = "talks &amp; <script>alert(1)</script> go on"
CLAIM_TEXT = f'<a href="x">link</a> {COLLEAGUE_CLAIM}'
TEXT = f"Report\n{SPEAKER_TEXT} said {CLAIM_TEXT}. {IMG} nodded."
MARKUP = ("<img", "<b>bold", "<a href", "<script", "<b>X", "<i>doubt")
"""Raw hostile markup: in text Qt reads as rich text, any of these means it was not escaped."""


def hostile_schema(tmp_path):
    raw = json.loads(resource_path("schema.json").read_text(encoding="utf-8"))
    raw["span_labels"][2].update(name=LABEL, enabled=True)
    raw["stance_labels"][2]["name"] = STANCE
    path = tmp_path / "hostile_schema.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return load_schema(path)


def span_of(store: Store, doc: str, label: str, phrase: str, text: str = TEXT) -> str:
    start = text.index(phrase)
    return store.add_span(doc, label, start, start + len(phrase)).subject


@pytest.fixture
def hostile_store(tmp_path):
    """alice and a colleague annotated a document full of markup; a third person annotated another one."""
    path, schema = tmp_path / "hostile.db", hostile_schema(tmp_path)
    with Store(path, user="alice", schema=schema) as alice:
        doc = alice.add_document(TEXT, title=TITLE).document_id
        speaker = span_of(alice, doc, "SPEAKER", SPEAKER_TEXT)
        claim = span_of(alice, doc, "CLAIM", CLAIM_TEXT)
        alice.link_speaker(claim, speaker)
        alice.identify_speaker(speaker, ENTITY)
        alice.set_stance(claim, TARGET, "support")
        span_of(alice, doc, LABEL, "said")
    with Store(path, user=COLLEAGUE, schema=schema) as colleague:
        speaker = span_of(colleague, doc, "SPEAKER", SPEAKER_TEXT)
        claim = span_of(colleague, doc, "CLAIM", COLLEAGUE_CLAIM)
        colleague.link_speaker(claim, speaker)
        colleague.set_stance(claim, TARGET, STANCE)
        span_of(colleague, doc, LABEL, IMG)
    other_text = f"Other article\n{IMG} said nothing."
    with Store(path, user=THIRD, schema=schema) as third:
        other = third.add_document(other_text, title=f"<b>bold</b> second &amp;").document_id
        span_of(third, other, "SPEAKER", IMG, other_text)
    with Store(path, user="alice", schema=schema) as store:
        accept_agreements(store, [compare(store, doc, "alice", COLLEAGUE)])
        yield store, doc


def rendered(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


class Walk:
    """What every widget shows; fails on text Qt would read as markup."""

    def __init__(self):
        self.shown: list[str] = []

    def text(self, text: str, rich: bool, where) -> str:
        if not rich:
            self.shown.append(text)
            return text
        assert not [m for m in MARKUP if m in text], (where, text)
        visible = rendered(text)
        assert not re.search("&(?!amp;)", visible), (where, visible)
        self.shown.append(visible)
        return visible

    def auto(self, text: str, where) -> str:
        return self.text(text, QtGui.Qt.mightBeRichText(text), where)

    def mnemonic(self, text: str, where) -> None:
        """Buttons and menus read '&x' as a shortcut: a hostile '&amp;' must still show whole."""
        visible = re.sub("&(.)", r"\1", text)
        assert not re.search("(?<!&)amp;", visible), (where, text)
        self.shown.append(visible)

    def label(self, label: QLabel) -> None:
        fmt = label.textFormat()
        if fmt == Qt.TextFormat.AutoText:
            self.auto(label.text(), label)
        else:
            self.text(label.text(), fmt == Qt.TextFormat.RichText, label)

    def model(self, view: QAbstractItemView) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            column = 0
            while model.hasIndex(row, column):
                index = model.index(row, column)
                display = index.data(Qt.ItemDataRole.DisplayRole)
                if display is not None:
                    self.text(str(display), False, (view, row, column))
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    self.auto(tip, (view, row, column, "tooltip"))
                column += 1

    def hover(self, view: ArticleView) -> list[str]:
        """Hover every span in the view and read the tooltip Qt shows."""
        tips = []
        for span in view.spans:
            view.select_span(span.id, reveal=True)
            cursor = QTextCursor(view.document())
            cursor.setPosition(view.map.to_utf16((span.start + span.end) // 2))
            pos = view.cursorRect(cursor).center()
            QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos)))
            tips.append(self.auto(QToolTip.text(), (view, span.label, span.annotator)))
        return tips

    def everything(self) -> None:
        for widget in QApplication.allWidgets():
            if isinstance(widget, QLabel):
                self.label(widget)
            if widget.toolTip():
                self.auto(widget.toolTip(), widget)
            if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
                self.model(widget)
            if isinstance(widget, QAbstractButton):
                self.mnemonic(widget.text(), widget)
            for action in widget.actions():
                self.mnemonic(action.text(), action)
            if widget.isWindow():
                self.shown.append(widget.windowTitle())


def opened(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_every_view_shows_hostile_titles_texts_names_and_labels_as_plain_text(qtbot, hostile_store, settings):
    store, doc = hostile_store
    walk = Walk()
    person = next(p for p in store.entities() if p.name == ENTITY)
    store.edit_entity(replace(person, aliases=(f"Boris {ENTITY}",), note=f"{IMG} note"))
    person = store.entity(person.id)
    main = opened(qtbot, MainWindow(store, settings))
    qtbot.waitExposed(main)
    main.actions_by_id["others"].trigger()
    claim = next(s for s in main.view.spans if s.label == "CLAIM" and s.annotator == "alice")
    main.select_span(claim.id)
    main_tips = walk.hover(main.view)

    review = opened(qtbot, ReviewWindow(store, settings))
    with qtbot.waitSignal(review.loaded, timeout=10_000):
        review.set_pair("alice", COLLEAGUE)
    lonely = opened(qtbot, ReviewWindow(store, settings))
    with qtbot.waitSignal(lonely.loaded, timeout=10_000):
        lonely.set_pair(COLLEAGUE, THIRD)
    review_tips = [tip for view in review.views.values() for tip in walk.hover(view)]
    bare = opened(qtbot, ArticleView(store.schema))
    bare.show_document(TEXT, store.spans(doc, COLLEAGUE), set())
    bare_tips = walk.hover(bare)
    review.open_agreement()
    qtbot.waitUntil(lambda: review.agreement_window.report is not None, timeout=10_000)

    people = opened(qtbot, PeopleWindow(store, main))
    show_row(people.people_table, people.people.row_of(person.id))
    people._show_person()
    dialogs = [
        SpeakerPicker([("s", f"{SPEAKER_TEXT} ({ENTITY}) — before the claim")]),
        IdentifyDialog(SPEAKER_TEXT, [Proposal(person, f"{LABEL} reason")], person.id),
        PersonDialog(person),
        PersonPicker(f"Merge {ENTITY}", f"Merge “{ENTITY}” into whom?", [person], allow_new=True, text=IMG),
        StanceDialog([TARGET], store.schema.stance_labels),
        NameDialog("Annotator", COLLEAGUE, COLLEAGUE, [COLLEAGUE, THIRD]),
        ErrorListDialog(f"Import {TITLE}", f"Import: 1 failed ({TITLE})", [f"{IMG}: bad line"]),
        ShortcutsDialog(shortcut_rows(main.actions_by_id, main)),
    ]
    for dialog in dialogs:
        opened(qtbot, dialog)

    walk.everything()

    assert rendered(main.doc_table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)) == TITLE
    assert rendered(main.claim_table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)) == CLAIM_TEXT
    assert main.windowTitle() == f"{TITLE} — annotator"
    assert TITLE in review.windowTitle()
    assert f"{COLLEAGUE} and {THIRD} have no document in common" in lonely.empty_label.text()
    assert not lonely.empty_label.isHidden()
    detail = rendered(main.detail.text())
    assert f"speaker: {ENTITY} (“{SPEAKER_TEXT}”)" in detail and f"support → {TARGET}" in detail
    assert any(f"is: {ENTITY}" in tip for tip in main_tips)
    assert any(COLLEAGUE in tip and LABEL in tip for tip in main_tips)
    assert any(f"{STANCE} → {TARGET}" in tip for tip in review_tips)
    assert any(LABEL in tip for tip in bare_tips)
    assert any(f"from alice, {COLLEAGUE}" in tip for tip in review_tips)
    assert any(COLLEAGUE_CLAIM in text and STANCE in text for text in walk.shown), "difference tooltip"
    assert rendered(people.claims_table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)).startswith(CLAIM_TEXT)
    for literal in (TITLE, COLLEAGUE, THIRD, ENTITY, TARGET, LABEL, STANCE, SPEAKER_TEXT, f"Tag as {LABEL}",
                    f"Boris {ENTITY}", f"{IMG} note", f"Merge “{ENTITY}” into whom?", f"{LABEL} reason"):
        assert any(literal in text for text in walk.shown), literal


def test_a_failure_message_shows_the_error_text_as_plain_text(qtbot, hostile_store):
    store, _ = hostile_store
    shown = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        shown.append((box.text(), box.textFormat()))
        box.close()

    window = opened(qtbot, AgreementWindow(store, []))
    QTimer.singleShot(0, read_and_close)
    window._failed(f"ValueError: {IMG} in {TITLE}")
    assert shown == [(f"ValueError: {IMG} in {TITLE}", Qt.TextFormat.PlainText)]


def test_suggestions_models_stances_offer_and_legend_show_hostile_text_as_plain_text(
        qtbot, hostile_store, settings, monkeypatch):
    """The newer widgets: the suggestion hover and detail, the Models dialog, the stance editor, the speaker
    offer under the article and the legend of annotators' colours."""
    from tests.fake_suggester import PhraseSuggester, install_engine
    from annotator.ui.dialogs.models import ModelsDialog

    store, doc = hostile_store
    install_engine(monkeypatch)
    store.fill_suggestions(PhraseSuggester("rules"), [doc])
    store.add_model(b"[]", 3, {"f1": 0.5}, [COLLEAGUE, THIRD])
    fresh = f"{TITLE}\n{SPEAKER_TEXT} said {CLAIM_TEXT}."
    other = store.add_document(fresh, title=f"second {TITLE}").document_id
    claim = span_of(store, other, "CLAIM", CLAIM_TEXT, fresh)
    store.set_stance(claim, TARGET, "support")
    settings.setValue("suggest/show", True)
    walk = Walk()
    main = opened(qtbot, MainWindow(store, settings))
    qtbot.waitExposed(main)
    main.actions_by_id["others"].trigger()
    qtbot.waitUntil(lambda: any(s.annotator == "suggest:rules" for s in main.view.spans), timeout=10_000)
    suggestion = next(s for s in main.view.spans if s.annotator == "suggest:rules")
    main.select_span(suggestion.id)
    tips = walk.hover(main.view)
    walk.everything()
    assert any("suggested by rules" in tip for tip in tips)
    assert any(COLLEAGUE in text for text in walk.shown), "legend names the colleague"

    main.open_document(other)
    main.select_span(claim)
    offer = main.offer_note
    assert offer.textFormat() == Qt.TextFormat.PlainText
    editor = main.edit_stances(claim)
    models = opened(qtbot, ModelsDialog(store.models(), "rules"))
    walk.everything()
    assert f"support → {TARGET}" in [editor.list.item(i).text() for i in range(editor.list.count())]
    assert any(f"{COLLEAGUE}, {THIRD}" == models.table.item(r, 5).text() for r in range(models.table.rowCount()))
    assert any(" ".join(CLAIM_TEXT.split()) == text for text in walk.shown), "stance editor's claim"
    editor.close()
