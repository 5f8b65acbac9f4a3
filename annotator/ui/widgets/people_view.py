"""The People view (Ctrl+P): every person with mention and claim counts, and one person's claims.

Type to filter; F2 edits the selected person (name, kind, aliases, note), Ctrl+M merges them
into another, Ctrl+Shift+M splits the selected mention off to someone else, Delete deletes a
person nobody is identified as. Enter on a person goes to their claims; Enter on a claim or a
mention opens it in its article in the main window. Each change is one store action, so
Ctrl+Z here (or in the main window) takes it back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMainWindow, QSplitter, QVBoxLayout, QWidget

from annotator.core.model import Change, Entity
from annotator.core.store import Store
from annotator.ui.bridge import StoreBridge
from annotator.ui.dialogs.identify import plain_label
from annotator.ui.dialogs.people import PersonDialog, PersonPicker
from annotator.ui.models.people import ClaimOfRow, ClaimsOfModel, MentionRow, MentionsModel, PeopleModel, PersonRow
from annotator.ui.saving import StoreActions
from annotator.ui.widgets.tables import make_table, show_row

PEOPLE_TABLES = ("entities", "spans", "relations", "stances", "documents")
"""A change to any of these can change what the view shows: names, counts, claims, titles."""


class PeopleWindow(QMainWindow):
    openSpan = Signal(str, str)
    """(document id, span id): show this claim or mention in its article."""

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("People — annotator")
        self.resize(1100, 640)
        self.store = store
        self.saver = StoreActions(self, store)
        self.bridge = StoreBridge(store, self)
        self.bridge.changed.connect(self.on_change)
        self.rows: list[PersonRow] = []

        self.filter = QLineEdit(placeholderText="Type to filter people by name, alias or kind (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _: self._show_rows())
        self.filter.returnPressed.connect(self._focus_people)
        self.filter.installEventFilter(self)
        self.people = PeopleModel(self)
        self.people_table = make_table(self.people)
        self.people_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_person())
        self.claims = ClaimsOfModel(self)
        self.claims_table = make_table(self.claims)
        self.claims_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mentions = MentionsModel(self)
        self.mentions_table = make_table(self.mentions)
        self.details = plain_label("")
        self.claims_title = QLabel("<b>Claims</b> (Enter opens one in its article)")
        self.mentions_title = QLabel("<b>Mentions</b> (Ctrl+Shift+M splits the selected one off)")
        for table in (self.people_table, self.claims_table, self.mentions_table):
            table.installEventFilter(self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.people_table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.claims_title)
        right_layout.addWidget(self.claims_table, 3)
        right_layout.addWidget(self.mentions_title)
        right_layout.addWidget(self.mentions_table, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([480, 620])
        self.setCentralWidget(splitter)
        self._build_actions()
        self.reload()
        self.filter.setFocus()

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&Person")
        for text, keys, handler in (
            ("&Edit name, kind, aliases, note…", ("F2",), self.edit_person),
            ("&Merge into another person…", ("Ctrl+M",), self.merge_person),
            ("&Split the selected mention off…", ("Ctrl+Shift+M",), self.split_mention),
            ("&Delete person", ("Delete",), self.delete_person),
            ("&New person…", ("Ctrl+N",), self.new_person),
            ("&Filter", ("Ctrl+F",), self.focus_filter),
            ("&Undo", ("Ctrl+Z",), lambda: self.saver.run(self.store.undo)),
            ("&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), lambda: self.saver.run(self.store.redo)),
            ("&Close", ("Ctrl+W",), self.close),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, h=handler: h())
            menu.addAction(action)
            self.addAction(action)

    @classmethod
    def show_for(cls, window) -> PeopleWindow:
        """The People view of a main window (one at a time); its Enter opens claims in that window."""
        view = next((w for w in window.findChildren(cls) if w.isVisible()), None)
        if view is None:
            view = cls(window.store, window)
            view.openSpan.connect(lambda document_id, span_id: show_in(window, document_id, span_id))
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    # reading -----------------------------------------------------------------

    def reload(self) -> None:
        self.rows = [PersonRow.of(p) for p in self.store.people()]
        self._show_rows()

    def _show_rows(self) -> None:
        selected = self.selected_id()
        query = self.filter.text()
        selection = self.people_table.selectionModel()
        selection.blockSignals(True)  # the model must not be read back while set_rows moves its rows
        self.people.set_rows([r for r in self.rows if r.matches(query)])
        selection.blockSignals(False)
        row = self.people.row_of(selected) if selected else -1
        show_row(self.people_table, row if row >= 0 else (0 if self.people.rows else -1))
        self._show_person()

    def selected_id(self) -> str | None:
        index = self.people_table.currentIndex()
        rows = self.people_table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        return self.people.rows[index.row()].id if index.isValid() and index.row() < len(self.people.rows) else None

    def selected_person(self) -> Entity | None:
        person_id = self.selected_id()
        if person_id is None:
            self.statusBar().showMessage("Select a person first.", 4000)
            return None
        return self.store.entity(person_id)

    def _show_person(self) -> None:
        person_id = self.selected_id()
        if person_id is None:
            self.details.setText("Nobody selected." if self.rows else "Nobody yet.")
            self.claims.set_rows([])
            self.mentions.set_rows([])
            return
        row = self.people.row(person_id)
        kind = f" ({row.kind})" if row.kind else ""
        aliases = f"\nalso called: {row.aliases}" if row.aliases else ""
        note = f"\n{row.note}" if row.note else ""
        self.details.setText(f"{row.name}{kind}: {row.mentions} mentions, {row.claims} claims{aliases}{note}")
        self.claims.set_rows([ClaimOfRow.of(c) for c in self.store.claims_of(person_id)])
        self.mentions.set_rows([MentionRow.of(title, span) for title, span in self.store.mentions_of(person_id)])

    def on_change(self, change: Change) -> None:
        if change.touches(*PEOPLE_TABLES):
            self.reload()
            if change.subject and self.people.row_of(change.subject) >= 0:
                show_row(self.people_table, self.people.row_of(change.subject))
                self._show_person()
        verb = {"undo": "Undid", "redo": "Redid"}.get(change.kind)
        self.statusBar().showMessage(f"{verb} {change.action}" if verb else f"{change.action} — saved", 3000)

    def closeEvent(self, event):
        self.saver.timer.stop()
        self.bridge.detach()
        super().closeEvent(event)

    def event(self, event):
        """Coming back to the view shows what other programs changed meanwhile."""
        if event.type() == QEvent.Type.WindowActivate:
            self.reload()
        return super().event(event)

    # keys ---------------------------------------------------------------------

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.filter and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.people_table.keyPressEvent(event)
            self._show_person()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched is not self.filter:
            self._enter(watched)
            return True
        return super().eventFilter(watched, event)

    def _enter(self, table) -> None:
        if table is self.people_table:
            target = self.claims_table if self.claims.rows else self.mentions_table
            target.setFocus()
            if target.model().rows:
                show_row(target, max(0, target.currentIndex().row()))
            return
        model = table.model()
        index = table.currentIndex()
        if index.isValid():
            row = model.rows[index.row()]
            self.openSpan.emit(row.document_id, row.id)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _focus_people(self) -> None:
        self.people_table.setFocus()

    # changes ---------------------------------------------------------------------

    def edit_person(self) -> None:
        person = self.selected_person()
        edited = PersonDialog.ask(self, person) if person else None
        if edited is not None and edited != person:
            self.saver.run(lambda: self.store.edit_entity(edited))

    def new_person(self) -> None:
        edited = PersonDialog.ask(self, Entity("", self.filter.text().strip()))
        if edited is not None:
            self.saver.run(
                lambda: self.store.create_entity(edited.name, edited.aliases, edited.kind, edited.note)
            )

    def merge_person(self) -> None:
        gone = self.selected_person()
        if gone is None:
            return
        others = [p for p in self.store.entities() if p.id != gone.id]
        prompt = f"Merge “{gone.name}” into whom? Their mentions move there and “{gone.name}” goes."
        answer = PersonPicker.ask(self, "Merge", prompt, others)
        if answer:
            self.saver.run(lambda: self.store.merge_entities(answer[0], gone.id))

    def split_mention(self) -> None:
        index = self.mentions_table.currentIndex()
        person = self.selected_person()
        if person is None or not index.isValid():
            self.statusBar().showMessage("Select the mention to split off (in the Mentions table).", 4000)
            return
        mention = self.mentions.rows[index.row()]
        others = [p for p in self.store.entities() if p.id != person.id]
        answer = PersonPicker.ask(
            self, "Split off", f"“{mention.text}” is not {person.name}: who is it? (a new name makes a new person)",
            others, allow_new=True, text=mention.text,
        )
        if answer:
            entity_id, name = answer
            name = name or self.store.entity(entity_id).name
            self.saver.run(lambda: self.store.split_mentions([mention.id], name))

    def delete_person(self) -> None:
        person = self.selected_person()
        if person:
            self.saver.run(lambda: self.store.delete_entity(person.id))


def show_in(window, document_id: str, span_id: str) -> None:
    """Open a claim or mention in the main window, showing other annotators' spans if it is theirs."""
    span = window.store.spans_by_id([span_id]).get(span_id)
    if span is None:
        window.statusBar().showMessage("That span was deleted since.", 4000)
        return
    others = window.actions_by_id["others"]
    if span.annotator != window.store.user and not others.isChecked():
        others.setChecked(True)
    window.open_document(document_id)
    window.select_span(span_id, reveal=True)
    window.raise_()
    window.activateWindow()
    window.view.setFocus()
