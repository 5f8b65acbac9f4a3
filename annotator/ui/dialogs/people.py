"""The People view's dialogs: pick a person (to merge into, to split a mention off to) and edit one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout

from annotator.core.model import Entity
from annotator.core.people import KINDS, NOTE_LIMIT, Proposal
from annotator.ui.dialogs.identify import PersonChooser, plain_label
from annotator.ui.dialogs.pickers import ok_cancel

NOT_SAID = "(not said)"


class PersonPicker(QDialog):
    """Choose a person by type-ahead (or, with `allow_new`, name a new one); Enter takes the selected one."""

    def __init__(self, title: str, prompt: str, people: list[Entity], allow_new: bool, text: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 420)
        self.chooser = PersonChooser([Proposal(p, "") for p in people], allow_new, text)
        self.chooser.chosen.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(prompt))
        layout.addWidget(self.chooser)
        layout.addWidget(ok_cancel(self))
        self.chooser.filter.setFocus()

    @classmethod
    def ask(
        cls, parent, title: str, prompt: str, people: list[Entity], allow_new: bool = False, text: str = ""
    ) -> tuple[str | None, str | None] | None:
        """(person id, None), or (None, new name); None when cancelled or nothing was chosen."""
        dialog = cls(title, prompt, people, allow_new, text, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.chooser.choice()
        return choice if choice != (None, None) else None


class PersonDialog(QDialog):
    """A person's canonical name, kind, aliases (one a line) and short note; OK saves them as one action."""

    def __init__(self, entity: Entity, parent=None):
        super().__init__(parent)
        self.entity = entity
        self.setWindowTitle("Edit person")
        self.resize(480, 360)
        self.name = QLineEdit(entity.name)
        self.kind = QComboBox()
        self.kind.addItems([NOT_SAID, *KINDS])
        self.kind.setCurrentText(entity.kind or NOT_SAID)
        self.aliases = QPlainTextEdit("\n".join(entity.aliases))
        self.aliases.setTabChangesFocus(True)
        self.note = QLineEdit(entity.note)
        self.note.setMaxLength(NOTE_LIMIT)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Kind", self.kind)
        form.addRow("&Aliases\n(one a line)", self.aliases)
        form.addRow("N&ote", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
        self.name.selectAll()
        self.name.setFocus()

    def edited(self) -> Entity:
        kind = self.kind.currentText()
        return replace(
            self.entity,
            name=self.name.text(),
            aliases=tuple(line for line in self.aliases.toPlainText().splitlines() if line.strip()),
            kind=None if kind == NOT_SAID else kind,
            note=self.note.text(),
        )

    @classmethod
    def ask(cls, parent, entity: Entity) -> Entity | None:
        dialog = cls(entity, parent)
        return dialog.edited() if dialog.exec() == QDialog.DialogCode.Accepted else None
