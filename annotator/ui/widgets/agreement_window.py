"""The Agreement window: choose annotators, compute off the UI thread, read tables and a chart.

The figures are `annotator.core.agreement.agreement_report`'s, the same the
`annotator agreement` command prints.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from shiboken6 import isValid
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import agreement_report
from annotator.core.model import GOLD
from annotator.core.store import Store
from annotator.ui.models.reviews import FigureRow, FigureTableModel, figure
from annotator.ui.geometry import first_geometry
from annotator.ui.saving import show_failure
from annotator.ui.widgets.tables import make_table
from annotator.ui.workers import JobRunner

MEASURES = (
    ("span_f1_exact", "exact F1", "#1e88e5"),
    ("span_f1_overlap", "overlap F1", "#43a047"),
    ("token_kappa", "token κ", "#fb8c00"),
    ("token_alpha", "token α", "#8e24aa"),
)
ALL_LABELS = "All labels"


class BarChart(QWidget):
    """Grouped bars, one group per label and one bar per measure, on a -1..1 scale (n/a: no bar)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[str, list[float | None]]] = []
        self.setMinimumHeight(220)

    def set_groups(self, groups: list[tuple[str, list[float | None]]]) -> None:
        self.groups = groups
        self.update()

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        left, top, bottom, legend = 40.0, 14.0, 34.0, 22.0
        width = max(1.0, self.width() - left - 10)
        height = max(1.0, self.height() - top - bottom - legend)
        zero = top + height / 2

        def y(value: float) -> float:
            return zero - value * height / 2

        painter.setPen(QPen(QColor("#bbbbbb")))
        for tick in (1.0, 0.5, 0.0, -0.5, -1.0):
            painter.drawLine(int(left), int(y(tick)), int(left + width), int(y(tick)))
            painter.drawText(QRectF(0, y(tick) - 8, left - 4, 16), Qt.AlignmentFlag.AlignRight, f"{tick:g}")
        if self.groups:
            slot = width / len(self.groups)
            bar = slot * 0.8 / len(MEASURES)
            for g, (name, values) in enumerate(self.groups):
                x0 = left + g * slot + slot * 0.1
                for m, value in enumerate(values):
                    if value is None:
                        continue
                    painter.fillRect(
                        QRectF(x0 + m * bar, min(y(value), zero), bar - 2, abs(y(value) - zero)),
                        QColor(MEASURES[m][2]),
                    )
                painter.setPen(QPen(QColor("#333333")))
                painter.drawText(
                    QRectF(left + g * slot, top + height + 4, slot, 18), Qt.AlignmentFlag.AlignHCenter, name
                )
        x = left
        for _, title, color in MEASURES:
            painter.fillRect(QRectF(x, self.height() - 16, 12, 12), QColor(color))
            painter.setPen(QPen(QColor("#333333")))
            painter.drawText(QRectF(x + 16, self.height() - 19, 90, 18), Qt.AlignmentFlag.AlignLeft, title)
            x += 110
        painter.end()


class AgreementWindow(QMainWindow):
    def __init__(self, store: Store, chosen: list[str], parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Agreement — annotator")
        self.setGeometry(first_geometry(self.screen().availableGeometry()))  # 1200x820 overflowed a laptop
        self.store = store
        self.runner: JobRunner | None = None
        self.report: dict | None = None

        self.annotator_list = QListWidget()
        for name in [n for n in store.annotators() if n != GOLD] + [GOLD]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.annotator_list.addItem(item)
        self.label_box = QComboBox()
        self.label_box.addItems([ALL_LABELS, *(lb.name for lb in store.schema.span_labels)])
        self.compute_button = QPushButton("Compute (F5)")
        self.compute_button.setShortcut("F5")
        self.compute_button.clicked.connect(self.compute)

        self.summary = QLabel("Tick two or more annotators and press F5.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.pairs = FigureTableModel(["Pair", "exact F1", "overlap F1", "token κ", "token α", "relation F1", "stance κ"], self)
        self.pair_table = make_table(self.pairs)
        self.pair_table.selectionModel().currentRowChanged.connect(self._pair_changed)
        self.labels = FigureTableModel(
            ["Label", "exact F1", "overlap F1", "token κ", "token α", "spans A", "spans B", "exact", "overlap"], self
        )
        self.documents = FigureTableModel(["Document", "exact F1", "overlap F1", "spans A", "spans B"], self)
        self.chart = BarChart()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("Annotators"))
        left_layout.addWidget(self.annotator_list, 1)
        left_layout.addWidget(QLabel("Labels"))
        left_layout.addWidget(self.label_box)
        left_layout.addWidget(self.compute_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.summary)
        self.pairs_title = QLabel("<b>Pairs</b> (select one for its tables)")
        right_layout.addWidget(self.pairs_title)
        right_layout.addWidget(self.pair_table, 1)
        # The tables take the whole width, one above the other: side by side their columns did not fit.
        self.figure_tables = [self.pair_table]
        for title, model in (("<b>Per label</b>", self.labels), ("<b>Per document</b>", self.documents)):
            table = make_table(model)
            table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            right_layout.addWidget(QLabel(title))
            right_layout.addWidget(table, 1)
            self.figure_tables.append(table)
        self.pair_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        right_layout.addWidget(self.chart, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([220, 980])
        self.setCentralWidget(splitter)
        self._show_pairs_table(False)
        close = QAction("Close", self)
        close.setShortcuts([QKeySequence("Escape"), QKeySequence("Ctrl+W")])
        close.triggered.connect(self.close)
        self.addAction(close)

    showing: AgreementWindow | None = None
    """The open Agreement window: Ctrl+K brings it forward instead of opening a second one."""

    @classmethod
    def open_for(cls, store: Store, chosen: list[str], parent) -> AgreementWindow:
        window = cls.showing
        if window is not None and isValid(window) and window.store is store and window.isVisible():
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
        window = cls(store, chosen, parent)
        cls.showing = window
        window.destroyed.connect(lambda _=None, gone=id(window): cls._forget(gone))
        window.show()
        if len(window.chosen()) >= 2:
            window.compute()
        return window

    @classmethod
    def _forget(cls, gone: int) -> None:
        if id(cls.showing) == gone:
            cls.showing = None

    def chosen(self) -> list[str]:
        items = [self.annotator_list.item(i) for i in range(self.annotator_list.count())]
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def compute(self) -> JobRunner | None:
        annotators = self.chosen()
        if len(annotators) < 2:
            self.summary.setText("Tick at least two annotators.")
            return None
        labels = None if self.label_box.currentText() == ALL_LABELS else [self.label_box.currentText()]
        path, schema = self.store.path, self.store.schema

        def work(progress):
            with Store(path, user=self.store.user, schema=schema) as store:
                return agreement_report(store, annotators, labels, progress)

        self.compute_button.setEnabled(False)
        self.runner = JobRunner(self, "Computing agreement…", work)
        self.runner.finished.connect(self.show_report)
        self.runner.failed.connect(self._failed)
        self.runner.start()
        return self.runner

    def _failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        show_failure(self, "Agreement", message)

    def show_report(self, report: dict | None) -> None:
        self.compute_button.setEnabled(True)
        if report is None:
            self.summary.setText("Cancelled.")
            return
        self.report = report
        if "pairs" in report:
            self._show_pairs_table(True)
            self.pairs.set_rows(
                [
                    FigureRow(
                        " / ".join(r["annotators"]),
                        (" / ".join(r["annotators"]), *(r[k] for k in (
                            "span_f1_exact", "span_f1_overlap", "token_kappa", "token_alpha", "relation_f1", "stance_kappa"
                        ))),
                    )
                    for r in report["pairs"]
                ]
            )
            self.pair_table.selectRow(0)
            self.show_pair(report["pairs"][0], alpha=report["krippendorff_alpha"], shared=report["counts"]["documents"])
        else:
            self._show_pairs_table(False)
            self.show_pair(report)

    def _show_pairs_table(self, visible: bool) -> None:
        self.pair_table.setVisible(visible)
        self.pairs_title.setVisible(visible)

    def _pair_changed(self, current, _previous) -> None:
        if current.isValid() and self.report and "pairs" in self.report:
            self.show_pair(self.report["pairs"][current.row()], self.report["krippendorff_alpha"], self.report["counts"]["documents"])

    def show_pair(self, report: dict, alpha: float | None = None, shared: int | None = None) -> None:
        a, b = report["annotators"]
        counts = report["counts"]
        lines = [
            f"{a} vs {b}: {counts['documents']} documents, {counts['spans'][a]} / {counts['spans'][b]} spans, "
            f"{counts['matches']['exact']} exact and {counts['matches']['overlap']} overlapping matches",
            "  ·  ".join(
                f"{title} {figure(report[key])}"
                for key, title in (
                    ("span_f1_exact", "exact F1"), ("span_f1_overlap", "overlap F1"), ("token_kappa", "token κ"),
                    ("token_alpha", "token α"), ("relation_f1", "relation F1"), ("stance_kappa", "stance κ"),
                )
            ),
        ]
        if alpha is not None or shared is not None:
            lines.append(f"Krippendorff's α across all ticked annotators ({shared} documents): {figure(alpha)}")
        self.summary.setText("\n".join(lines))
        self.labels.set_rows(
            [
                FigureRow(label, (label, *(f[m] for m, _, _ in MEASURES), f["counts"]["spans"][a], f["counts"]["spans"][b],
                                  f["counts"]["matches"]["exact"], f["counts"]["matches"]["overlap"]))
                for label, f in report["per_label"].items()
            ]
        )
        self.documents.set_rows(
            [
                FigureRow(doc_id, (f["title"], f["span_f1_exact"], f["span_f1_overlap"], f["counts"]["spans"][a],
                                   f["counts"]["spans"][b]))
                for doc_id, f in report["per_document"].items()
            ]
        )
        self.chart.set_groups(
            [(label, [f[m] for m, _, _ in MEASURES]) for label, f in report["per_label"].items()]
            + [("all", [report[m] for m, _, _ in MEASURES])]
        )
