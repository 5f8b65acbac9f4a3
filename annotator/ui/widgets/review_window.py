"""The review window: A and B side by side with every difference coloured by kind, and gold.

Everything it shows comes from `annotator.core.review`; every decision is one
store action, so Ctrl+Z takes it back and the main window repaints too.
"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from html import escape
from itertools import combinations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD, Change, Span, span_order
from annotator.core.review import (
    KIND_NAMES,
    KINDS,
    Difference,
    Review,
    accept_agreements,
    compare,
    compare_all,
    decide,
    reviewable_documents,
)
from annotator.core.store import Store
from annotator.core.text import snap_to_words
from annotator.ui.actions import REVIEW_ACTIONS, build_actions, shortcut_rows
from annotator.ui.bridge import StoreBridge
from annotator.ui.geometry import first_geometry
from annotator.ui.dialogs.messages import ShortcutsDialog
from annotator.ui.models.reviews import DifferenceListModel, DifferenceRow, ReviewListModel, ReviewRow
from annotator.ui.navigation import step_through
from annotator.ui.saving import StoreActions, show_failure
from annotator.ui.widgets.agreement_window import AgreementWindow
from annotator.ui.widgets.article_view import ArticleView, describe_span
from annotator.ui.widgets.tables import make_table, menu_text, rgba, show_row
from annotator.ui.workers import JobRunner

KIND_COLORS = {
    "agree": "#78909c",
    "only_a": "#00897b",
    "only_b": "#8e24aa",
    "label": "#6d4c41",
    "boundary": "#00acc1",
    "speaker": "#3949ab",
    "stance": "#d81b60",
}
"""Colours of the kinds of difference: none is a label's colour (yellow, blue, green), so a colour in a
review pane never means a kind in one pane and a label in another."""


def _pane(title: QLabel, view: ArticleView) -> QWidget:
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addWidget(view, 1)
    return pane


def span_colors(differences) -> dict[str, str]:
    """Each compared span's colour: its difference's first kind."""
    colors = {}
    for difference in differences:
        color = KIND_COLORS[difference.kinds[0]]
        for span in (difference.a, difference.b):
            if span is not None:
                colors[span.id] = color
    return colors


class ReviewWindow(QMainWindow):
    loaded = Signal()
    """The chosen pair's documents are compared (in a worker) and listed, the first one open."""

    def __init__(self, store: Store, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.schema = store.schema
        self.settings = settings or QSettings()
        self.bridge = StoreBridge(store, self)
        self.bridge.changed.connect(self.on_change)
        self.saver = StoreActions(self, store)
        self.review: Review | None = None
        self.current: str | None = None
        self._colors: dict[str, str] = {}
        self.agreement_window = None
        self.runner: JobRunner | None = None
        self._compared: dict[str, Review] = {}
        """Reviews the document list just computed, so opening one does not compare it again."""
        self.loading: JobRunner | None = None
        """The worker comparing the pair's documents; the window shows at once and fills when it is done."""
        self._cancelled: list[JobRunner] = []
        """Workers of pairs chosen before, finishing their document: the window waits for them when it closes."""
        self.setWindowTitle("Review — annotator")

        self.a_box, self.b_box = QComboBox(), QComboBox()
        for box in (self.a_box, self.b_box):
            box.setMinimumWidth(140)
            box.activated.connect(lambda _=0: self.load_pair())
        self.documents = ReviewListModel(self)
        self.doc_table = make_table(self.documents)
        self.doc_table.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)

        self.views = {side: ArticleView(self.schema) for side in ("a", "b", GOLD)}
        self.titles = {side: QLabel() for side in self.views}
        for side in ("a", "b"):
            self.views[side].highlighter.colors = self._color_of
            self.views[side].spanClicked.connect(self.select_difference_of)
        for view in self.views.values():
            view.set_describer(self.describe)
        for view in self.views.values():
            view.verticalScrollBar().valueChanged.connect(lambda value, source=view: self._scroll_together(source, value))
        self.differences = DifferenceListModel(self)
        self.diff_table = make_table(self.differences)
        header = self.diff_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.diff_table.selectionModel().currentRowChanged.connect(self._difference_row_changed)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(QLabel("A:"))
        top.addWidget(self.a_box)
        top.addWidget(QLabel("B:"))
        top.addWidget(self.b_box)
        top.addWidget(self.legend, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 0, 4, 4)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.doc_table)
        self.panes = QSplitter()
        for side in ("a", "b", GOLD):
            self.panes.addWidget(_pane(self.titles[side], self.views[side]))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(4, 0, 4, 4)
        bottom_layout.addWidget(self.diff_table, 1)
        bottom_layout.addWidget(self.detail)
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(self.panes)
        self.middle.addWidget(bottom)
        self.middle.setStretchFactor(0, 3)
        self.middle.setStretchFactor(1, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.middle)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 1300])
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 4, 4, 0)
        central_layout.addLayout(top)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.actions_by_id = build_actions(self, REVIEW_ACTIONS)
        self._build_label_actions()
        self._restore_settings()
        self._fill_annotators()
        self.load_pair()

    # building ------------------------------------------------------------------

    def _build_label_actions(self) -> None:
        menu = self.menus["&Decide"]
        for label in self.schema.span_labels:
            action = QAction(menu_text(f"Edit: gold {label.name} over the selection"), self)
            if label.hotkey:
                action.setShortcut(QKeySequence(label.hotkey))
            action.triggered.connect(lambda _=False, name=label.name: self.edit_as(name))
            menu.addAction(action)
            self.addAction(action)

    def _fill_annotators(self) -> None:
        names = sorted((set(self.store.annotators()) | {self.store.user}) - {GOLD}) + [GOLD]
        for box in (self.a_box, self.b_box):
            box.clear()
            box.addItems(names)
        a, b = self._first_pair(names)
        self.a_box.setCurrentText(a)
        self.b_box.setCurrentText(b)

    def _first_pair(self, names: list[str]) -> tuple[str, str]:
        """The remembered pair, else the first with documents in common (yours first, gold last), else you and gold."""
        remembered = (self.settings.value("review/a", ""), self.settings.value("review/b", ""))
        mine = [(self.store.user, n) for n in names if n != self.store.user]
        others = [p for p in combinations(names, 2) if self.store.user not in p]
        for a, b in [remembered, *mine, *others]:
            if a in names and b in names and a != b and reviewable_documents(self.store, a, b):
                return a, b
        return self.store.user, GOLD

    def _restore_settings(self) -> None:
        geometry = self.settings.value("review/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.setGeometry(first_geometry(self.screen().availableGeometry()))  # 1600x900 overflowed a laptop
        for key, splitter in (("review/splitter", self.splitter), ("review/panes", self.panes), ("review/middle", self.middle)):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def save_settings(self) -> None:
        self.settings.setValue("review/geometry", self.saveGeometry())
        self.settings.setValue("review/splitter", self.splitter.saveState())
        self.settings.setValue("review/panes", self.panes.saveState())
        self.settings.setValue("review/middle", self.middle.saveState())
        self.settings.setValue("review/a", self.a_name)
        self.settings.setValue("review/b", self.b_name)
        if self.review:
            self.settings.setValue("review/document", self.review.document_id)
        self.settings.sync()

    def closeEvent(self, event):
        self._stop_loading(wait=True)
        self.save_settings()
        self.bridge.detach()
        super().closeEvent(event)

    # which layers and documents ----------------------------------------------------

    @property
    def a_name(self) -> str:
        return self.a_box.currentText()

    @property
    def b_name(self) -> str:
        return self.b_box.currentText()

    def set_pair(self, a: str, b: str) -> None:
        self.a_box.setCurrentText(a)
        self.b_box.setCurrentText(b)
        self.load_pair()

    def swap_sides(self) -> None:
        self.set_pair(self.b_name, self.a_name)

    def load_pair(self) -> None:
        """List the documents both sides annotated and open the remembered or first one.

        The comparison runs in a worker (a 10,000-span article takes half a second): the window
        shows at once, says it is comparing, and fills when the worker is done (`loaded`).
        """
        self.titles["a"].setText(f"<b>A · {escape(self.a_name)}</b>")
        self.titles["b"].setText(f"<b>B · {escape(self.b_name)}</b>")
        self.titles[GOLD].setText("<b>gold</b> (adjudicated)")
        keep = self.review.document_id if self.review else self.settings.value("review/document")
        self.review = None
        self._stop_loading()
        self._compared = {}
        self.documents.set_rows([])
        if self.a_name == self.b_name or not self.a_name:
            self._show_review()
            self.empty_label.setText("Choose two different layers to compare.")
            self.empty_label.show()
            self.loaded.emit()
            return
        self.middle.hide()
        self.empty_label.setText(f"Comparing {self.a_name} and {self.b_name}…")
        self.empty_label.show()
        a, b, path, schema, user = self.a_name, self.b_name, self.store.path, self.schema, self.store.user

        def work(progress):
            with Store(path, user=user, schema=schema) as store:
                return compare_all(store, a, b, progress)

        runner = self.loading = JobRunner(self, "Comparing the two layers…", work)
        runner.finished.connect(lambda reviews: self._show_pair(runner, reviews, keep))
        runner.failed.connect(lambda message: self._show_pair(runner, None, keep, message))
        runner.start()

    def _stop_loading(self, wait: bool = False) -> None:
        """Cancel the comparisons under way (another pair was chosen); `wait` for them (the window closes)."""
        if self.loading is not None:
            self.loading.job.cancel()
            self.loading.dialog.hide()
            self._cancelled.append(self.loading)
            self.loading = None
        self._cancelled = [r for r in self._cancelled if r.thread.isRunning()]
        if wait:
            for runner in self._cancelled:
                runner.thread.quit()
                runner.thread.wait()

    def _show_pair(self, runner: JobRunner, reviews: list[Review] | None, keep, failure: str = "") -> None:
        """The worker compared the pair: list its documents and open one (unless another pair came since)."""
        if runner is not self.loading:
            return
        self.loading = None
        self.middle.show()
        if reviews is None:
            self._show_review()
            self.empty_label.setText(failure and f"The comparison failed: {failure}" or "The comparison was cancelled.")
            self.loaded.emit()
            return
        self._compared = {r.document_id: r for r in reviews}
        statuses = self.store.review_statuses()
        self.documents.set_rows([
            ReviewRow(r.document_id, r.title, statuses.get(r.document_id, "not_reviewed"), len(r.open()),
                      len(r.differences))
            for r in reviews
        ])
        ids = [r.id for r in self.documents.rows]
        self.empty_label.setText(
            f"{self.a_name} and {self.b_name} have no document in common. Import a colleague's export "
            "(File > Import colleague's annotations in the main window) and choose their name."
        )
        self.empty_label.setVisible(not ids)
        if ids:
            self.open_document(keep if keep in ids else ids[0])
        else:
            self._show_review()
        self.loaded.emit()

    def _review_rows(self, document_ids) -> list[ReviewRow]:
        """Rows for these documents (compared here: the few a change touched)."""
        statuses = self.store.review_statuses()
        self._compared = {
            d: self.review if self.review and self.review.document_id == d else compare(self.store, d, self.a_name, self.b_name)
            for d in document_ids
        }
        return [
            ReviewRow(d, r.title, statuses.get(d, "not_reviewed"), len(r.open()), len(r.differences))
            for d, r in self._compared.items()
        ]

    def _document_row_changed(self, current, _previous) -> None:
        if current.isValid():
            document_id = current.data(Qt.ItemDataRole.UserRole)
            if not self.review or document_id != self.review.document_id:
                self.open_document(document_id)

    def open_document(self, document_id: str) -> None:
        listed = self._compared.get(document_id)
        self.review = listed or compare(self.store, document_id, self.a_name, self.b_name)
        self.current = None
        self._colors = {}
        for view in self.views.values():
            view.show_document(self.review.text, [], set(), keep_place=True)
        self._show_review()
        row = self.documents.row_of(document_id)
        if row >= 0 and self.doc_table.currentIndex().row() != row:
            show_row(self.doc_table, row)
        self.setWindowTitle(f"Review {self.a_name} / {self.b_name}: {self.review.title} — annotator")
        open_ = self.review.open()
        self.select_difference((open_ or list(self.review.differences) or [None])[0])

    def _step_document(self, step: int) -> None:
        ids = [r.id for r in self.documents.rows]
        found = step_through(ids, self.review.document_id if self.review else None, step)
        if found:
            self.open_document(found)

    def next_document(self) -> None:
        self._step_document(1)

    def previous_document(self) -> None:
        self._step_document(-1)

    # painting -------------------------------------------------------------------------

    def _color_of(self, span: Span) -> str:
        return self._colors.get(span.id, "#9e9e9e")

    def _show_review(self) -> None:
        """Paint both sides coloured by kind (decided ones fainter), gold in label colours, the table."""
        review = self.review
        if review is None:
            for view in self.views.values():
                view.show_document("", [], set())
            self.differences.set_rows([])
            self.legend.setText("")
            return
        old_colors, self._colors = self._colors, span_colors(review.differences)
        decided = {s.id for d in review.differences if d.key in review.decided for s in d.spans}
        for side in ("a", "b"):
            view = self.views[side]
            spans = sorted((s for s in map(attrgetter(side), review.differences) if s), key=span_order)
            view.update_spans(spans, decided)
            if old_colors:
                recoloured = [s for s in spans if old_colors.get(s.id) not in (None, self._colors[s.id])]
                view.highlighter.repaint_blocks({b for s in recoloured for b in view.highlighter.blocks_of(s)})
        self.views[GOLD].update_spans(self.store.spans(review.document_id, GOLD), set())
        self._show_gold_links()
        self.differences.set_rows([DifferenceRow(d, review.decided.get(d.key)) for d in review.differences])
        counts = review.counts()
        self.legend.setText(
            " ".join(
                f"<span style='background:{rgba(KIND_COLORS[k], 0.45)}'>&nbsp;{KIND_NAMES[k]} {counts[k]}&nbsp;</span>"
                for k in KINDS
            )
            + f" &nbsp; <b>{len(review.open())}</b> open"
        )

    def describe(self, span: Span) -> str:
        """The main window's hover text, plus the difference's kinds and, for gold, where it came from."""
        lines = [describe_span(span, None, None)]
        difference = self._difference_of(span.id)
        if difference:
            lines.append(escape(", ".join(KIND_NAMES[k] for k in difference.kinds)))
        if span.provenance.get("from"):
            lines.append(
                escape(f"from {', '.join(span.provenance['from'])}, decided by {span.provenance.get('decided_by', '?')}")
            )
        return "<br>".join(lines)

    # differences ----------------------------------------------------------------------

    def _difference_of(self, span_id: str) -> Difference | None:
        if not self.review:
            return None
        return next((d for d in self.review.differences if any(s.id == span_id for s in d.spans)), None)

    def current_difference(self) -> Difference | None:
        if not self.review:
            return None
        return next((d for d in self.review.differences if d.key == self.current), None)

    def select_difference_of(self, span_id: str) -> None:
        self.select_difference(self._difference_of(span_id))

    def select_difference(self, difference: Difference | None) -> None:
        """Select a difference in the panes and the table; the panes scroll it to their middle (they scroll together)."""
        self.current = difference.key if difference else None
        for side in ("a", "b"):
            span = getattr(difference, side) if difference else None
            self.views[side].select_span(span.id if span else None)
        gold_view = self.views[GOLD]
        sources = {s.id for s in difference.spans} if difference else set()
        gold = next((s for s in gold_view.spans if sources & set(s.provenance.get("sources", ())) or s.id in sources), None)
        gold_view.select_span(gold.id if gold else None)
        if difference is not None:
            for view in self.views.values():  # each pane for its own line breaks
                view.center_on(difference.start)
        row = self.differences.row_of(self.current)
        show_row(self.diff_table, row)
        if row >= 0:
            self.diff_table.scrollTo(self.differences.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.detail.setText(self.differences.tooltip(self.differences.rows[row], 0) if row >= 0 else "")

    def _scroll_together(self, source: ArticleView, value: int) -> None:
        """The panes scroll together, except while each centres the current difference."""
        if source.centring:
            return
        for view in self.views.values():
            if view is not source:
                view.verticalScrollBar().setValue(value)

    def _difference_row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.select_difference(self.differences.rows[current.row()].difference)

    def _step_difference(self, step: int, only_open: bool = False) -> None:
        if not self.review:
            return
        items = list(self.review.differences)
        found = step_through(
            items,
            self.current_difference(),
            step,
            lambda d: not only_open or d.key not in self.review.decided,
        )
        if found:
            self.select_difference(found)
        elif items:
            self.statusBar().showMessage("Every difference in this document is decided. Ctrl+Enter marks it adjudicated.", 5000)

    def next_difference(self) -> None:
        self._step_difference(1)

    def previous_difference(self) -> None:
        self._step_difference(-1)

    def next_open_difference(self) -> None:
        self._step_difference(1, only_open=True)

    # deciding ----------------------------------------------------------------------------

    def _guard(self, mutation) -> bool:
        return self.saver.run(mutation)

    def _decide(self, choice: str, edit: tuple[str, int, int] | None = None) -> None:
        difference = self.current_difference()
        if difference is None:
            self.statusBar().showMessage("No difference selected (N / P move between them).", 4000)
            return
        review = self.review
        if self._guard(lambda: decide(self.store, review, difference, choice, edit)):
            self.next_open_difference()

    def take_a(self) -> None:
        self._decide("a")

    def take_b(self) -> None:
        self._decide("b")

    def take_both(self) -> None:
        self._decide("both")

    def reject(self) -> None:
        """A span only one side has stays out of gold (its difference is decided for the empty side)."""
        difference = self.current_difference()
        if difference is not None and difference.kind not in ("only_a", "only_b"):
            self.statusBar().showMessage("R leaves out a span only one side has; here choose A, B or both.", 4000)
            return
        self._decide("b" if difference is not None and difference.kind == "only_a" else "a")

    def start_edit(self) -> None:
        """Select the difference's text in the gold pane, to adjust with Shift+arrows before a label key."""
        difference = self.current_difference()
        if difference is None:
            return
        gold = self.views[GOLD]
        gold.select_offsets(difference.start, difference.end)
        gold.setFocus()
        self.statusBar().showMessage("Adjust the selection (Shift+arrows or the mouse), then press a label key.")

    def edit_as(self, label: str) -> None:
        selection = next((v.selection_offsets() for v in self.views.values() if v.selection_offsets()), None)
        if selection is None:
            self.statusBar().showMessage("Select the right text first (E selects the difference in gold).", 4000)
            return
        start, end = snap_to_words(self.review.text, *selection)
        for view in self.views.values():
            cursor = view.textCursor()
            cursor.clearSelection()
            view.setTextCursor(cursor)
        if start < end:
            self._decide("edit", (label, start, end))

    def accept_document(self) -> None:
        if self.review:
            self._accept_reviews([self.review])

    def accept_everywhere(self) -> JobRunner | None:
        """Compare every document in a worker (with progress and Cancel), then write once, here.

        The write stays on this thread so that it lands on this store's undo stack.
        """
        if self.a_name == self.b_name:
            return None
        a, b, path, schema, user = self.a_name, self.b_name, self.store.path, self.schema, self.store.user

        def work(progress):
            with Store(path, user=user, schema=schema) as store:
                return compare_all(store, a, b, progress)

        self.runner = JobRunner(self, "Comparing every document…", work)
        self.runner.finished.connect(self._accept_reviews)
        self.runner.failed.connect(lambda message: show_failure(self, "Accept agreements", message))
        self.runner.start()
        return self.runner

    def _accept_reviews(self, reviews: list[Review] | None) -> None:
        if reviews is not None:
            self._guard(lambda: self._report_accepted(accept_agreements(self.store, reviews)))

    def _report_accepted(self, change: Change | None) -> None:
        if change is None:
            self.statusBar().showMessage("No open agreements to accept.", 4000)

    def mark_adjudicated(self) -> None:
        document_id = self.review.document_id if self.review else None
        if document_id and self._guard(lambda: self.store.set_review_status(document_id, "adjudicated")):
            self.next_document()

    def mark_in_review(self) -> None:
        if self.review:
            document_id = self.review.document_id
            self._guard(lambda: self.store.set_review_status(document_id, "in_review"))

    def undo(self) -> None:
        self._guard(self.store.undo)

    def redo(self) -> None:
        self._guard(self.store.redo)

    # store changes -----------------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if change.touches("documents") or change.kind == "import" or self.loading is not None:
            self.reload()
            return
        if self.review is None:
            return
        if self.review.document_id in change.document_ids and self._sides_touched(change):
            current = self.current
            self.review = compare(self.store, self.review.document_id, self.a_name, self.b_name)
            self._show_review()
            still = next((d for d in self.review.differences if d.key == current), None)
            self.select_difference(still or next(iter(self.review.open()), None))
        elif self.review.document_id in change.document_ids:
            self._apply_decisions(change)
        self.documents.update_rows(self._review_rows(d for d in change.document_ids if self.documents.row_of(d) >= 0))
        self._compared.clear()
        verb = {"undo": "Undid", "redo": "Redid"}.get(change.kind)
        self.statusBar().showMessage(f"{verb} {change.action}" if verb else f"{change.action} — saved", 3000)

    def _sides_touched(self, change: Change) -> bool:
        """Whether the change wrote to A's or B's layer; a decision writes only gold (unless gold is a side)."""
        sides = {self.a_name, self.b_name}
        for op in change.ops:
            if op[1] == "spans" and (op[2]["id"] in self._colors or op[2].get("annotator") in sides):
                return True
            if op[1] == "stances" and op[2]["span_id"] in self._colors:
                return True
            if op[1] == "relations" and op[2].get("annotator", GOLD) in sides:
                return True
        return False

    def _apply_decisions(self, change: Change) -> None:
        """A decision changed gold only: the differences stand; repaint what was decided and gold's spans."""
        review = self.review
        decided = self.store.decisions(review.document_id, review.a, review.b)
        changed = {k for k in decided.keys() | review.decided.keys() if decided.get(k) != review.decided.get(k)}
        self.review = replace(review, decided=decided)
        faint = {s.id for d in review.differences if d.key in decided for s in d.spans}
        for side in ("a", "b"):
            self.views[side].set_readonly(faint)
        ids = change.span_ids()
        gold = self.views[GOLD]
        fresh = [s for s in self.store.spans_by_id(ids).values() if s.annotator == GOLD and s.document_id == review.document_id]
        gold.replace_spans([s for s in gold.spans if s.id in ids], fresh)
        self._show_gold_links()
        self.differences.update_rows(
            [DifferenceRow(d, decided.get(d.key)) for d in review.differences if d.key in changed]
        )

    def _show_gold_links(self) -> None:
        """Gold's claim -> speaker links as numbered badges in the gold pane."""
        relations = self.store.relations(self.review.document_id, GOLD)
        self.views[GOLD].set_links({r.head_id: r.child_id for r in relations if r.label == self.schema.attribution})

    def reload(self) -> None:
        """Read everything again, keeping the chosen pair (after an import, maybe through another connection)."""
        a, b = self.a_name, self.b_name
        self._fill_annotators()
        self.set_pair(a, b)

    # help ------------------------------------------------------------------------------------

    def open_agreement(self) -> None:
        self.agreement_window = AgreementWindow.open_for(self.store, [self.a_name, self.b_name], self)

    def show_shortcuts(self) -> None:
        ShortcutsDialog.show_shortcuts(self, shortcut_rows(self.actions_by_id, self))
