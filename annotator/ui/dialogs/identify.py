"""Saying who a SPEAKER mention is: proposals first, one key accepts, aliases only by choice."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.people import Proposal, clean_name, is_generic, is_proper_name, likely_name, name_key
from annotator.ui.widgets.tables import menu_text
from annotator.ui.dialogs.placement import BesideSelection

NEW = "new"
"""The data of the list item that stands for a person not known yet."""


def plain_label(text: str) -> QLabel:
    """A label for text that may quote user data: never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _item_text(proposal: Proposal) -> str:
    entity = proposal.entity
    text = entity.name + (f" ({entity.kind})" if entity.kind else "")
    if entity.aliases:
        text += f" — aka {'; '.join(entity.aliases)}"
    return text + (f"   · {proposal.reason}" if proposal.reason else "")


class PersonChooser(QWidget):
    """A type-ahead list of people, in the order given; ↑/↓ move while typing, Enter chooses.

    With `allow_new`, a name nobody has is offered as a new person.
    """

    chosen = Signal()

    def __init__(self, entries: list[Proposal], allow_new: bool, text: str = "", parent=None):
        super().__init__(parent)
        self.allow_new = allow_new
        self.filter = QLineEdit(placeholderText="Type to filter" + (", or a new person's name" if allow_new else ""))
        self.list = QListWidget()
        self._search: dict[int, set[str]] = {}
        for i, entry in enumerate(entries):
            item = QListWidgetItem(_item_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.entity.id)
            self.list.addItem(item)
            names = entry.entity.names()
            self._search[i] = {n.casefold() for n in names} | {name_key(n) for n in names}
        self.new_item = QListWidgetItem()
        self.new_item.setData(Qt.ItemDataRole.UserRole, NEW)
        self.list.addItem(self.new_item)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.chosen.emit)
        self.list.itemActivated.connect(lambda _item: self.chosen.emit())
        self.filter.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.setText(text)
        self._filter(text)

    def eventFilter(self, watched, event):
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown
        ):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        wanted, key = text.strip().casefold(), name_key(text)
        exact = False
        for i, names in self._search.items():
            shown = not wanted or any(wanted in n or (key and key in n) for n in names)
            exact = exact or (bool(key) and key in names)
            self.list.item(i).setHidden(not shown)
        name = clean_name(text)
        self.new_item.setText(f"New person: “{name}”")
        self.new_item.setHidden(not (self.allow_new and name and not exact))
        self.select_first()

    def select_first(self) -> None:
        for i in range(self.list.count()):
            if not self.list.item(i).isHidden():
                self.list.setCurrentRow(i)
                return

    def select(self, entity_id: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == entity_id and not item.isHidden():
                self.list.setCurrentRow(i)

    def choice(self) -> tuple[str | None, str | None]:
        """(person id, None) for a known person, (None, name) for a new one, (None, None) for nothing."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None, None
        if item is self.new_item:
            return None, clean_name(self.filter.text())
        return item.data(Qt.ItemDataRole.UserRole), None


@dataclass(frozen=True)
class Identification:
    """The answer of the identify dialog: a person (known, or new by name), or `clear` to un-identify."""

    entity_id: str | None = None
    name: str | None = None
    alias: bool = False
    clear: bool = False


class IdentifyDialog(BesideSelection):
    """Who a SPEAKER mention is. The best proposal comes first and is selected: Enter accepts it.

    A proper name that matches nobody is typed in for you, so Enter makes them a new person
    (rather than taking whoever sorts first).

    The mention becomes an alias of the person only when the box is ticked: ticked by default
    for a proper name that names nobody yet, never offered for a pronoun or another generic wording.
    """

    def __init__(self, mention: str, proposals: list[Proposal], current: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Identify speaker")
        self.resize(560, 420)
        self.mention = clean_name(mention)
        self.cleared = False
        matched = any(p.reason for p in proposals)
        self.chooser = PersonChooser(
            proposals, allow_new=True,
            text="" if matched or not is_proper_name(self.mention) else likely_name(self.mention),
        )
        self.chooser.chosen.connect(self.accept)
        self.alias = QCheckBox(f"Keep “{menu_text(self.mention)}” as an &alias of the person")
        key = name_key(self.mention)
        named = any(key in {name_key(n) for n in p.entity.names()} for p in proposals)
        self.alias.setChecked(is_proper_name(self.mention) and not named and likely_name(self.mention) == self.mention)
        self.alias.setEnabled(not is_generic(self.mention))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Identify")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Who is “{self.mention}”? Best match first: Enter accepts it."))
        layout.addWidget(self.chooser)
        layout.addWidget(self.alias)
        if is_generic(self.mention):
            layout.addWidget(plain_label("A pronoun or a generic wording is linked, never kept as an alias."))
        if current:
            clear = buttons.addButton("&Not identified", QDialogButtonBox.ButtonRole.DestructiveRole)
            clear.setAutoDefault(False)
            clear.clicked.connect(self._clear)
            self.chooser.select(current)
        layout.addWidget(buttons)
        self.chooser.filter.setFocus()

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def answer(self) -> Identification | None:
        if self.cleared:
            return Identification(clear=True)
        entity_id, name = self.chooser.choice()
        if entity_id is None and name is None:
            return None
        return Identification(entity_id, name, self.alias.isEnabled() and self.alias.isChecked())

    @classmethod
    def ask(cls, parent, mention: str, proposals: list[Proposal], current: str | None = None) -> Identification | None:
        dialog = cls(mention, proposals, current, parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
