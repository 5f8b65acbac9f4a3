"""The Models dialog: the rules and every trained model, with their figures; choose which one suggests."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from annotator.core.model import ModelInfo
from annotator.core.suggest.training import RULES, model_f1, rules_f1
from annotator.ui.dialogs.pickers import ok_cancel

COLUMNS = ("Suggester", "Trained", "Training documents", "Held-out F1", "Rules' F1 (same documents)", "Layers")


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class ModelsDialog(QDialog):
    def __init__(self, models: list[ModelInfo], active: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Suggestion models")
        self.table = QTableWidget(len(models) + 1, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        rows = [(RULES, "built in", "—", "—", "—", "")] + [
            (m.name, m.created[:16].replace("T", " "), str(m.training_size), _figure(model_f1(m.score)),
             _figure(rules_f1(m.score)), ", ".join(m.layers))
            for m in reversed(models)
        ]
        self.names = [row[0] for row in rows]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = f"{value} (active)" if c == 0 and value == active else value
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.selectRow(self.names.index(active) if active in self.names else 0)
        self.table.doubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the suggester whose suggestions the window shows (Enter):"))
        layout.addWidget(self.table)
        layout.addWidget(ok_cancel(self))
        self.resize(760, 320)

    def chosen(self) -> str:
        return self.names[max(0, self.table.currentRow())]

    @classmethod
    def ask(cls, parent, models: list[ModelInfo], active: str) -> str | None:
        dialog = cls(models, active, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
