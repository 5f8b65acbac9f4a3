"""The main window: corpus list, article, claims and speakers; every action from the keyboard."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.attribution import Attributions
from annotator.core.export import write_export
from annotator.core.history import History
from annotator.core.ingest import import_paths
from annotator.core.model import Change, Span
from annotator.core.people import propose
from annotator.core.speaker_hint import SpeakerOffer, offer_bounds, offer_speaker
from annotator.core.store import Store, suggestion_id
from annotator.core.structure import clause_at, grow_by_word, quotation_at, sentence_at, shrink_by_word
from annotator.core.suggest import is_suggestion_layer
from annotator.core.text import search_hits, snap_to_words, tokens, trim_space
from annotator.ui.actions import build_actions, shortcut_rows
from annotator.ui.activity import ActivityWatch
from annotator.ui.bridge import StoreBridge
from annotator.ui.dialogs.messages import ErrorListDialog, ReplaceConfirmation, ShortcutsDialog
from annotator.ui.dialogs.pickers import NameDialog, SpeakerPicker, StanceDialog, TitleDialog
from annotator.ui.models.documents import DocumentFilter, DocumentListModel, VisibleDocuments
from annotator.ui.models.spans import (
    STANCES_ROLE,
    ClaimListModel,
    ClaimRow,
    SpeakerListModel,
    SpeakerRow,
    initials,
    text_order,
)
from annotator.ui.dialogs.files import existing_directory, open_file_names, save_file_name
from annotator.ui.dialogs.identify import IdentifyDialog
from annotator.ui.dialogs.stances import StancesEditor
from annotator.ui.geometry import first_geometry
from annotator.ui.loading import (
    Loaded,
    Shown,
    claim_row,
    panel_rows,
    read_article,
    shown_relations,
    shown_spans,
    speaker_name,
    speaker_row,
)
from annotator.ui.navigation import step_through
from annotator.ui.saving import StoreActions, show_failure
from annotator.ui.suggesting import Suggesting
from annotator.ui.widgets.agreement_window import AgreementWindow
from annotator.ui.widgets.article_view import ArticleView, describe_span
from annotator.ui.widgets.people_view import PeopleWindow
from annotator.ui.widgets.review_window import ReviewWindow
from annotator.ui.widgets.tables import (
    ElideRight,
    StanceChips,
    annotator_color,
    make_table,
    menu_text,
    panel_table,
    rgba,
    show_row,
)
from annotator.ui.workers import JobRunner, LatestOnly


EXTERNAL_POLL_MS = 1000
"""How often the window asks SQLite whether another program changed the store."""


LONGEST_SPEAKER = 1_000
"""A SPEAKER span starting this far before the stretch a speaker offer looks at is not handed to it
(a name is a few words; the offer must not walk 100,000 spans)."""
STAGED_SPANS = 2_000
"""A document with more spans opens in two steps: the text with the spans of its first screen at once,
then every span, read by a worker, in the view and the panels (`spans_loaded`)."""
KEPT_ARTICLES = 2
"""How many long articles, as the worker made them ready, the window keeps for opening them again at once."""



class MainWindow(QMainWindow):
    searched = Signal()
    """The document list shows the filter's latest result (the query runs in a worker)."""
    spans_loaded = Signal()
    """A document opened in two steps shows all its spans now."""

    def __init__(self, store: Store, settings: QSettings | None = None):
        super().__init__()
        self.store = store
        self.schema = store.schema
        self.settings = settings or QSettings()
        self.bridge = StoreBridge(store, self)
        self.bridge.changed.connect(self.on_change)
        self.saver = StoreActions(self, store)
        self.saver.waiting.connect(lambda _waiting: self._update_undo_texts())
        self.saver.remember_caret(self._caret, self._restore_caret)
        self.watch_timer = QTimer(self, interval=EXTERNAL_POLL_MS)
        self.watch_timer.timeout.connect(self.check_external_changes)
        self.document_id: str | None = None
        self.link_claim: str | None = None
        self.quotation: tuple[int, int] | None = None
        """The selection ' made, while it stands: tagged as a claim, it is a direct quote."""
        self.runner: JobRunner | None = None
        self.review_window = None
        self.agreement_window = None
        self.attributions = Attributions("", store.schema.attribution)
        self.span_cache: dict[str, Span] = {}
        self._suggestions_counted: int | None = None
        """How many more suggestions the open document shows after the change being applied (None: not known)."""
        self.setWindowTitle("annotator")

        self.documents = DocumentListModel(self)
        self.filtered = DocumentFilter(self)
        self.filtered.setSourceModel(self.documents)
        self.filter_box = QLineEdit(placeholderText="Filter titles and text (Ctrl+F)")
        self.filter_box.setClearButtonEnabled(True)
        self.doc_table = make_table(self.filtered, fit_to_rows=False)
        self.filter_timer = QTimer(self, singleShot=True, interval=150)
        path, user, schema = store.path, store.user, store.schema
        self.searcher = LatestOnly(
            self, lambda: Store(path, user=user, schema=schema, readonly=True), lambda other, query: other.search(query),
            lambda other: other.close(),
        )
        self.searcher.answered.connect(self._show_found)
        self.span_loader = LatestOnly(
            self, lambda: Store(path, user=user, schema=schema, readonly=True),
            read_article, lambda other: other.close(),
        )
        self.span_loader.answered.connect(self._show_loaded)
        self.span_loader.failed.connect(self._load_failed)
        self.loading: str | None = None
        """The document whose spans the worker is reading (it opened with its first screen's only)."""
        self._asked: tuple[Shown, tuple[int, int], int] | None = None
        """What the worker was last asked to read, the other connections' version then (`Store.others_version`)
        and how many changes the window had made by then."""
        self._kept: dict[Shown, tuple[tuple[int, int], Loaded]] = {}
        """The last long articles the worker made ready, with the other connections' version when it was asked:
        opened again while nothing changed them, they show at once, all of their spans."""
        self._own_changes = 0
        self.searcher.failed.connect(lambda message: self.statusBar().showMessage(f"The filter failed: {message}", 6000))
        self.filter_timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(lambda _: self.filter_timer.start())
        self.filter_box.returnPressed.connect(self.next_match)
        self.filter_box.installEventFilter(self)
        self.doc_table.selectionModel().currentRowChanged.connect(self._document_row_changed)

        self.view = ArticleView(self.schema)
        self.view.set_describer(self.describe)
        self.view.highlighter.mark_annotators = True
        self.view.spanClicked.connect(self.saver.in_order(self.on_span_clicked))
        self.view.emptyClicked.connect(self.saver.in_order(self._empty_click))
        self.view.enterPressed.connect(self.saver.in_order(self.take_offered_speaker))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_context_menu)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: 600; padding: 6px 4px;")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # unwrapped, it alone kept the window wider than a small screen
        self.offer_note = QLabel()
        self.offer_note.setTextFormat(Qt.TextFormat.PlainText)
        self.offer_note.setStyleSheet("color: #555; padding: 2px 6px;")

        self.claims = ClaimListModel(self)
        self.speakers = SpeakerListModel(self)
        self.claim_table = panel_table(self.claims, (84, 96, 46, 28))
        self.claim_table.setItemDelegateForColumn(1, ElideRight(self.claim_table))
        self.chips = StanceChips(
            {s.name: s.color for s in self.schema.stance_labels},
            {s.name: s.hotkey.upper() for s in self.schema.stance_labels if s.hotkey},
            STANCES_ROLE,
            self.claim_table,
        )
        self.chips.chipClicked.connect(lambda row, target: self.edit_stances(self.claims.rows[row].id, target))
        self.claim_table.setItemDelegateForColumn(2, self.chips)
        self.speaker_table = panel_table(self.speakers, (110, 48, 28))
        self.speaker_table.setItemDelegateForColumn(1, ElideRight(self.speaker_table))
        self.stances_editor: StancesEditor | None = None
        self.claim_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.claim_table.customContextMenuRequested.connect(self.show_claim_menu)
        self.claim_table.selectionModel().currentRowChanged.connect(partial(self._span_row_changed, self.claims))
        self.speaker_table.selectionModel().currentRowChanged.connect(partial(self._span_row_changed, self.speakers))
        self.detail = QLabel("Select text and press a label key.")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 6 + 8)  # the panels never jump

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.filter_box)
        left_layout.addWidget(self.doc_table)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.title_label)
        middle_layout.addWidget(self.legend)
        middle_layout.addWidget(self.view, 1)
        middle_layout.addWidget(self.offer_note)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addWidget(QLabel("<b>Claims</b>"))
        right_layout.addWidget(self.claim_table, 3)
        right_layout.addWidget(QLabel("<b>Speakers</b>"))
        right_layout.addWidget(self.speaker_table, 2)
        right_layout.addWidget(self.detail)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 560, 380])  # the documents' titles need room beside four count columns
        self.setCentralWidget(self.splitter)

        self.activity = ActivityWatch(store, lambda: self.document_id, self)
        self.activity.watch(
            self.view, self.view.viewport(), self.doc_table.viewport(),
            self.claim_table.viewport(), self.speaker_table.viewport(), self.filter_box,
        )
        self.suggesting = Suggesting(self)
        self.view.installEventFilter(self.suggesting)
        self.actions_by_id = build_actions(self)
        self.label_actions = self._build_label_actions()
        self.user_button = QPushButton(flat=True)
        self.user_button.clicked.connect(self.change_annotator)
        self.progress_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.user_button)
        self._show_empty_hint()

        self._restore_settings()
        self._refresh_user()
        self.reload_documents()
        self._open_initial_document()
        self._update_undo_texts()
        self.view.setFocus()
        self.store.external_change()
        self.watch_timer.start()

    # building ----------------------------------------------------------------

    def _build_label_actions(self) -> dict[str, QAction]:
        menu = self.menus["&Annotate"]
        first = menu.actions()[0] if menu.actions() else None
        actions = {}
        for label in self.schema.span_labels:
            action = QAction(menu_text(f"Tag as {label.name}"), self)
            if label.hotkey:
                action.setShortcut(QKeySequence(label.hotkey))
            action.triggered.connect(lambda _=False, tag=self.saver.in_order(partial(self.tag, label.name)): tag())
            menu.insertAction(first, action)
            self.addAction(action)
            actions[label.name] = action
        menu.insertSeparator(first)
        self.legend_text = (
            " &nbsp; ".join(
                f"<span style='background:{rgba(lb.color, 0.35)}; border-bottom: 2px solid {lb.color}'>&nbsp;"
                f"{escape(lb.name)} <b>{escape(lb.hotkey)}</b>&nbsp;</span>"
                + ("" if lb.enabled else " <i>(off)</i>")
                for lb in self.schema.span_labels
            )
            + " &nbsp; <span style='color:#666'>stances "
            + " ".join(escape(f"{s.name}:{s.hotkey}") for s in self.schema.stance_labels)
            + " · ' quotation · Enter speaker · L link · E identify · T stance · F1 all keys</span>"
        )
        self.legend.setText(self.legend_text)
        return actions

    def _show_empty_hint(self) -> None:
        """Where the article would be, an empty store says how to bring documents in (Qt hides it once one opens)."""
        keys = {
            key: self.actions_by_id[key].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for key in ("import_files", "import_folder")
        }
        self.view.setPlaceholderText(
            f"No documents yet.\n\nImport articles with File > Import files… ({keys['import_files']}) or "
            f"File > Import folder… ({keys['import_folder']}),\nor in a terminal: annotator import PATH"
        )

    def show_first_run(self, report) -> None:
        """The first run's import of the sample corpus, told in the window: a status line and every error."""
        summary = f"First run: imported the sample corpus ({report.summary()})"
        self.statusBar().showMessage(summary, 10000)
        if report.errors:
            ErrorListDialog.show_errors(
                self, "Sample corpus problems", summary, [str(issue) for issue in report.errors]
            )

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.setGeometry(first_geometry(self.screen().availableGeometry()))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        for key, table in self._panel_tables():
            columns = self.settings.value(key)
            if isinstance(columns, QByteArray):
                table.horizontalHeader().restoreState(columns)
        self.actions_by_id["snap"].setChecked(self.settings.value("snap", True, type=bool))
        self.actions_by_id["others"].setChecked(self.settings.value("show_others", False, type=bool))
        self._show_annotator_columns()
        self.actions_by_id["suggestions"].setChecked(self.settings.value("suggest/show", True, type=bool))

    def _panel_tables(self):
        return (("panels/claim_columns", self.claim_table), ("panels/speaker_columns", self.speaker_table))

    def _show_annotator_columns(self) -> None:
        """The initials column, and each annotator's colour in the legend, only while others' layers are shown."""
        others = self.actions_by_id["others"].isChecked()
        for _, table in self._panel_tables():
            table.setColumnHidden(table.model().columnCount() - 1, not others)
        names = [n for n in self.store.annotators() if n != self.store.user] if others else []
        self.legend.setText(self.legend_text + "".join(
            f" &nbsp; <span style='color:{annotator_color(n)}'><b>{escape(initials(n))}</b> {escape(n)} ～</span>"
            for n in names
        ))

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        for key, table in self._panel_tables():
            self.settings.setValue(key, table.horizontalHeader().saveState())
        self.settings.setValue("snap", self.actions_by_id["snap"].isChecked())
        self.settings.setValue("show_others", self.actions_by_id["others"].isChecked())
        self.settings.setValue("suggest/show", self.actions_by_id["suggestions"].isChecked())
        if self.document_id:
            self.settings.setValue("last_document", self.document_id)
        self.settings.sync()

    def closeEvent(self, event):
        for timer in (self.watch_timer, self.saver.timer, self.filter_timer):
            timer.stop()
        self.searcher.stop()
        self.span_loader.stop()
        self.suggesting.counter.stop()
        self.activity.stop()
        self.suggesting.stop()
        self.save_settings()
        super().closeEvent(event)

    # documents -----------------------------------------------------------------

    def reload_documents(self) -> None:
        self.documents.set_rows(self.store.summaries())
        self.suggesting.refresh_counts()
        self._show_progress()
        self.apply_filter()

    def _show_progress(self) -> None:
        done = sum(1 for r in self.documents.rows if r.status == "done")
        self.progress_label.setText(f"{done} / {len(self.documents.rows)} done")

    def apply_filter(self) -> None:
        """Mark the filter's words in the article now; the documents holding them come from a worker
        (`searched` when shown), so typing never waits for the full-text query."""
        self.filter_timer.stop()
        query = self.filter_box.text().strip()
        self.view.show_search(search_hits(self.view.text, query))
        if query:
            self.searcher.ask(query)
        else:
            self.searcher.forget()
            self._show_found(None)

    def _show_found(self, ids: set[str] | None) -> None:
        self.filtered.set_allowed(ids)
        if self.document_id:
            self._select_document_row(self.document_id)
        self.searched.emit()

    def _open_initial_document(self) -> None:
        last = self.settings.value("last_document")
        ids = [r.id for r in self.documents.rows]
        if last in ids:
            self.open_document(last)
        elif ids:
            self.open_document(ids[0])

    def _document_row_changed(self, current, _previous) -> None:
        if current.isValid():
            doc_id = current.data(Qt.ItemDataRole.UserRole)
            if doc_id != self.document_id:
                self.open_document(doc_id)

    def open_document(self, document_id: str) -> None:
        self.cancel_link()
        self.activity.switch()
        self.document_id = document_id
        document = self.store.document(document_id)
        self._show_title(document.title)
        kept = self._kept_article(document_id)
        self.loading = document_id if kept is None and self.store.has_more_spans(document_id, STAGED_SPANS) else None
        if kept is not None:
            self.span_loader.forget()
            self.view.show_document(document.text, [], set())
            self._show_article(kept)
        elif self.loading:
            self.view.show_document(document.text, [], set())
            spans, readonly = self._visible_spans(before=self.view.shown_end())
            self.view.update_spans(spans, readonly)
        else:
            self.span_loader.forget()
            spans, readonly = self._visible_spans()
            self.view.show_document(document.text, spans, readonly)
        if kept is None:
            self.span_cache = {s.id: s for s in spans}
            self._refresh_panels(spans, another_document=True, relations=[] if self.loading else None)
            self.view.set_links(self.attributions.links())
        self.view.show_search(search_hits(document.text, self.filter_box.text()))
        self._select_document_row(document_id)
        self._show_detail()
        if self.loading:
            self.view.viewport().repaint()  # the first screen before the worker competes for the interpreter
            self._read_in_worker(document_id)
        self.suggesting.document_opened()

    def show_filled(self, document_id: str) -> None:
        """A worker wrote the document's suggestion layer: its row counts anew; open, it reads its spans in the
        worker again and shows them when read (`spans_loaded`), so tens of thousands are never read here."""
        self.documents.update_rows(self.store.summaries(document_ids={document_id}))
        if document_id == self.document_id:
            self.loading = document_id
            self._read_in_worker(document_id)  # its count is what it shows (`_show_article`)
        else:
            self.suggesting.refresh_counts({document_id})

    def _read_in_worker(self, document_id: str) -> None:
        """Ask the worker for every span of the document (`read_article`); `_show_loaded` shows them."""
        shown = self._to_read(document_id)
        self._asked = (shown, self.store.others_version(), self._own_changes)
        self.span_loader.ask(shown)

    def _show_loaded(self, loaded: Loaded) -> None:
        """Every span of the document opened in two steps (unless another one was opened since), with its
        links and panel rows as the worker made them: put in place, nothing made here. Kept for opening
        the article again (`_kept`) unless the window changed something since it asked."""
        if loaded.document_id != self.loading or loaded.document_id != self.document_id:
            return
        self.loading = None
        shown, version, own_changes = self._asked
        if own_changes == self._own_changes:
            self._kept.pop(shown, None)
            self._kept[shown] = (version, loaded)
            while len(self._kept) > KEPT_ARTICLES:
                del self._kept[next(iter(self._kept))]
        self._show_article(loaded)

    def _show_article(self, loaded: Loaded) -> None:
        if self.suggesting.shown():
            self.suggesting.count_shown(loaded.document_id, loaded.suggested, exactly=True)
        self.span_cache = dict(loaded.by_id)
        self.view.update_spans(loaded.spans, loaded.readonly, loaded.by_id)
        self.attributions = loaded.attributions
        self.claims.reset_rows(loaded.claims)
        self.speakers.reset_rows(loaded.speakers)
        self.view.set_links(self.attributions.links(), loaded.badges)
        self._show_detail()
        self.spans_loaded.emit()

    def _kept_article(self, document_id: str) -> Loaded | None:
        """The long article as the worker last made it ready, when nothing changed it since (see `_kept`)."""
        kept = self._kept.get(self._to_read(document_id))
        if kept is None:
            return None
        if kept[0] != self.store.others_version():
            self._kept.clear()  # another program committed: any of them may be stale
            return None
        return kept[1]

    def _forget_kept(self, change: Change) -> None:
        """The window's own change: the kept articles it touched are stale (all of them when people changed,
        whose names the panels show, or when the change names no document)."""
        self._own_changes += 1
        if change.touches("entities") or not change.document_ids:
            self._kept.clear()
        for shown in [k for k in self._kept if k.document_id in change.document_ids]:
            del self._kept[shown]

    def _load_failed(self, message: str) -> None:
        """The worker could not read the spans: read them here."""
        self.statusBar().showMessage(f"Reading the spans in the background failed ({message}); read them here.", 6000)
        if self.loading == self.document_id:
            self.loading = None
            self.refresh_spans()

    def _show_title(self, title: str) -> None:
        self.title_label.setText(title)
        self.setWindowTitle(f"{title} — annotator")

    def rename_document(self) -> None:
        document_id = self.document_id
        if not document_id:
            return
        title = TitleDialog.ask(self, self.store.document(document_id).title)
        if title:
            self._guard(lambda: self.store.rename_document(document_id, title))

    def _select_document_row(self, document_id: str) -> None:
        row = self.documents.row_of(document_id)
        if row < 0:
            return
        index = self.filtered.mapFromSource(self.documents.index(row, 0))
        if index.isValid() and self.doc_table.currentIndex().row() != index.row():
            show_row(self.doc_table, index.row())

    def _to_read(self, document_id: str) -> Shown:
        """What the worker reads for the document: see `read_article`."""
        return Shown(document_id, self.store.user, self.actions_by_id["others"].isChecked(),
                     self.suggesting.shown_layer(), self.schema.claim_label, self.schema.speaker_label,
                     self.schema.attribution)

    def _visible_spans(self, before: int | None = None) -> tuple[list[Span], set[str]]:
        """The spans the view shows (`shown_spans`; `before`: those starting before that offset)."""
        others = self.actions_by_id["others"].isChecked()
        spans = self.store.spans(self.document_id, None if others else self.store.user, before=before)
        return shown_spans(spans, self.suggesting.pending(self.document_id, before), self.store.user, others)

    def _step_document(self, step: int, only_not_done: bool = False) -> None:
        visible = VisibleDocuments(self.filtered, self.documents)
        found = step_through(
            visible, self.document_id, step, lambda d: not only_not_done or self.documents.row(d).status != "done"
        )
        if found:
            self.open_document(found)
        elif len(visible):
            self.statusBar().showMessage("Every document is done.", 4000)

    def next_document(self) -> None:
        self._step_document(1)

    def previous_document(self) -> None:
        self._step_document(-1)

    def next_not_done(self) -> None:
        self._step_document(1, only_not_done=True)

    def mark_done_and_next(self) -> None:
        document_id = self.document_id
        if document_id and self._guard(lambda: self.store.set_status(document_id, "done")):
            self.next_not_done()

    def mark_in_progress(self) -> None:
        document_id = self.document_id
        if document_id:
            self._guard(lambda: self.store.set_status(document_id, "in_progress"))

    # store changes ------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        self._forget_kept(change)
        if self.loading and self.loading in change.document_ids:
            self._read_in_worker(self.loading)
        before = self.span_cache.get(change.subject) if change.subject else None
        if change.kind in ("undo", "redo") and self.document_id not in change.document_ids and change.document_ids:
            self.open_document(sorted(change.document_ids)[0])
        elif self.document_id in change.document_ids:
            self.refresh_spans(None if self.suggesting.needs_reload(change) else change)
        if self.document_id in change.document_ids and change.touches("documents"):
            self._show_title(self.store.document(self.document_id).title)
        if change.subject and change.subject in self.span_cache:
            self.select_span(change.subject, reveal=change.kind in ("undo", "redo"))
        elif before is not None:
            self.select_span(self._nearest_span(before), reveal=True)
        self.documents.update_rows(self.store.summaries_after(change, self.documents.listed(change.document_ids)))
        counted, self._suggestions_counted = self._suggestions_counted, None
        if counted is not None:
            self.suggesting.count_shown(self.document_id, counted)
        self.suggesting.refresh_counts(change.document_ids - ({self.document_id} if counted is not None else set()))
        self._show_progress()
        self._update_undo_texts()
        if change.kind == "suggest":
            return
        verb = {"undo": "Undid", "redo": "Redid"}.get(change.kind)
        self.statusBar().showMessage(f"{verb} {change.action}" if verb else f"{change.action} — saved", 3000)
        self.suggesting.maybe_train(change)

    def check_external_changes(self) -> None:
        """Another program (a CLI import, a colleague's window) committed: show the store as it is now.
        While the window's own fill runs, its commits are no news: only what others logged is (the rest is
        told when the fill ends)."""
        if self.suggesting.filling():
            if self.suggesting.logged_news():
                self.show_external_changes()
        elif self.store.external_change():
            self.show_external_changes()

    def show_external_changes(self) -> None:
        """Show the store as it is now, after commits by other connections."""
        self.reload_documents()
        if self.document_id and self.documents.row_of(self.document_id) < 0:
            self.document_id = None
        if self.document_id:
            self.reload_spans()
        elif self.documents.rows:
            self.open_document(self.documents.rows[0].id)
        if self.review_window is not None:
            self.review_window.reload()
        self.statusBar().showMessage("The store was changed by another program; showing it as it is now.", 4000)

    def reload_spans(self) -> None:
        """Show the open document's spans as the store has them now (suggestions turned on or off, another model,
        another program's changes): a long article is read by the worker, the view keeps what it shows until then."""
        if not self.store.has_more_spans(self.document_id, STAGED_SPANS):
            self.refresh_spans()
            return
        kept = self._kept_article(self.document_id)
        if kept is not None:
            self.loading = None
            self.span_loader.forget()
            self._show_article(kept)
        else:
            self.loading = self.document_id
            self._read_in_worker(self.document_id)

    def refresh_spans(self, change: Change | None = None) -> None:
        """Apply what `change` touched to the view and the panels; without one, reload the document's spans."""
        if change is None or change.touches("documents"):
            self.loading = None
            self.span_loader.forget()
            spans, readonly = self._visible_spans()
            self.span_cache = {s.id: s for s in spans}
            self.view.update_spans(spans, readonly)
            self._refresh_panels(spans)
            self.view.set_links(self.attributions.links())
        else:
            self._apply_change(change)
        self._show_detail()

    def _apply_change(self, change: Change) -> None:
        """Refetch only the spans the change wrote, and the suggestions whose key it gave or took (shown or hidden
        now), and redo only the rows whose span, link or person changed."""
        ids = change.span_ids()
        keys = self.suggesting.keys_touched(change)
        linked = self.attributions.apply(change)
        if change.touches("entities"):
            changed_people = {op[2]["id"] for op in change.ops if op[1] == "entities"}
            linked |= {s.id for s in self.span_cache.values() if s.entity_id in changed_people}
        fresh = [s for s in self.store.spans_by_id(ids).values() if self._shows(s)]
        suggested = self._suggestions_with(keys)
        ids |= {suggestion_id(self.document_id, self.suggesting.layer, key) for key in keys}
        removed = [self.span_cache.pop(i) for i in ids if i in self.span_cache]
        self.span_cache.update((s.id, s) for s in fresh + suggested)
        if keys:
            linked |= self._relink_suggestions(removed, suggested)
        if not self.loading and self.suggesting.shown():  # every pending suggestion is shown: count them here
            self._suggestions_counted = len(suggested) - sum(is_suggestion_layer(s.annotator) for s in removed)
        self.view.replace_spans(removed, fresh + suggested, readonly={s.id for s in suggested})
        if linked:
            self.view.relink({i: self.attributions.speaker_of(i) for i in linked})
        touched = ids | linked
        for speaker_id in list(touched):
            touched |= self.attributions.claims_of(speaker_id)
        shown = [self.span_cache[i] for i in touched if i in self.span_cache]
        gone = {s.id for s in removed} - self.span_cache.keys()
        self.claims.apply(gone, [self._claim_row(s) for s in shown if self._is_claim(s)], text_order)
        self.speakers.apply(gone, [self._speaker_row(s) for s in shown if self._is_speaker(s)], text_order)

    def _suggestions_with(self, keys: set[str]) -> list[Span]:
        """The shown layer's suggestions with these keys that the view shows now (undecided, not tagged alike)."""
        return self.store.pending_with_keys(self.document_id, self.suggesting.layer, keys) if keys else []

    def _relink_suggestions(self, removed: list[Span], suggested: list[Span]) -> set[str]:
        """Suggested links follow their suggestions: drawn while both ends are shown. Returns the spans touched."""
        touched = self.attributions.unlink_spans(s.id for s in removed if is_suggestion_layer(s.annotator))
        if suggested:
            relations = self.store.relations(self.document_id, self.suggesting.layer, (s.id for s in suggested))
            touched |= self.attributions.link_relations(shown_relations(relations, self.span_cache))
        return touched

    def _shows(self, span: Span) -> bool:
        return span.document_id == self.document_id and (
            span.annotator == self.store.user
            or (self.actions_by_id["others"].isChecked() and not is_suggestion_layer(span.annotator))
        )

    def _is_claim(self, span: Span) -> bool:
        """A claim of the panels (suggestions stay in the article)."""
        return span.label == self.schema.claim_label and not is_suggestion_layer(span.annotator)

    def _is_speaker(self, span: Span) -> bool:
        return span.label == self.schema.speaker_label and not is_suggestion_layer(span.annotator)

    def _refresh_panels(self, spans: list[Span], another_document: bool = False, relations: list | None = None) -> None:
        if relations is None:
            relations = self.store.relations(self.document_id)
        relations = shown_relations(relations, self.span_cache)
        self.attributions = Attributions(self.document_id, self.schema.attribution, relations)
        rows = panel_rows(spans, self.span_cache, self.attributions, self.store.entity_names(),
                          self.schema.claim_label, self.schema.speaker_label)
        for model, model_rows in zip((self.claims, self.speakers), rows):
            if another_document:
                model.reset_rows(model_rows)
            else:
                model.set_rows(model_rows)

    def _claim_row(self, span: Span) -> ClaimRow:
        speaker = self.span_cache.get(self.attributions.speaker_of(span.id) or "")
        return claim_row(span, speaker, self.store.entity_names())

    def _speaker_row(self, span: Span) -> SpeakerRow:
        return speaker_row(span, self.store.entity_names(), len(self.attributions.claims_of(span.id)))

    def describe(self, span: Span) -> str:
        speaker = self.span_cache.get(self.attributions.speaker_of(span.id) or "")
        entity = self.store.entity(span.entity_id).name if span.entity_id else None
        name = speaker and speaker_name(speaker, self.store.entity_names())
        if speaker and name != speaker.text:
            name = f"{name} (“{speaker.text}”)"
        return describe_span(span, name, entity)

    def _update_undo_texts(self) -> None:
        """The Edit menu names what undo and redo would take back; while actions wait in the queue both
        stay enabled (what they will undo is not saved yet), and a press waits its turn behind them."""
        undo, redo = self.store.history.undo_action(), self.store.history.redo_action()
        queued = bool(self.saver.queue)
        self.actions_by_id["undo"].setText(f"&Undo {menu_text(undo)}" if undo else "&Undo")
        self.actions_by_id["undo"].setEnabled(undo is not None or queued)
        self.actions_by_id["redo"].setText(f"&Redo {menu_text(redo)}" if redo else "&Redo")
        self.actions_by_id["redo"].setEnabled(redo is not None or queued)

    def _guard(self, mutation) -> bool:
        return self.saver.run(mutation)

    # selection -----------------------------------------------------------------

    def selected_span(self) -> Span | None:
        return self.view.selected_span()

    def _caret(self) -> tuple[str | None, int, int]:
        """The open document with the article's caret and selection (UTF-16 anchor and position), for the queue."""
        cursor = self.view.textCursor()
        return self.document_id, cursor.anchor(), cursor.position()

    def _restore_caret(self, caret: tuple[str | None, int, int]) -> None:
        document_id, anchor, position = caret
        if document_id == self.document_id:
            cursor = self.view.textCursor()
            cursor.setPosition(anchor)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            self.view.setTextCursor(cursor)

    def selection_rect(self) -> QRect | None:
        """The selected span (else the selected text) on screen, in global coordinates: dialogs open beside it."""
        span = self.selected_span()
        offsets = (span.start, span.end) if span else self.view.selection_offsets()
        if offsets is None:
            return None
        rect = self.view.range_rect(*offsets)
        if rect.isEmpty():
            return None
        return QRect(self.view.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def own_selected(self, label: str | None = None) -> Span | None:
        span = self.selected_span()
        if span is None:
            self.statusBar().showMessage("Select a span first (click it, or ] and [).", 4000)
            return None
        if span.annotator != self.store.user:
            self.statusBar().showMessage(f"That span is {span.annotator}'s, read-only.", 4000)
            return None
        if label and span.label != label:
            self.statusBar().showMessage(f"Select a {label} first.", 4000)
            return None
        return span

    def _nearest_span(self, gone: Span) -> str | None:
        """The span that follows `gone` in text order (else the one before it): where a deletion leaves the selection."""
        order = (gone.start, gone.end)
        spans = self.view.spans
        following = next((s for s in spans if (s.start, s.end) >= order), None)
        chosen = following or (spans[-1] if spans else None)
        return chosen.id if chosen else None

    def select_span(self, span_id: str | None, reveal: bool = False) -> None:
        self.view.select_span(span_id, reveal)
        for model, table in ((self.claims, self.claim_table), (self.speakers, self.speaker_table)):
            show_row(table, model.row_of(span_id))
        self._show_detail()

    def _show_detail(self) -> None:
        span = self.selected_span()
        self.detail.setText(self.describe(span) if span else "Select text and press a label key.")
        self._show_offer(span)

    def _show_offer(self, span: Span | None) -> None:
        """Under the article, quietly: the speaker Enter would link to the selected claim."""
        offer = self.speaker_offer(span) if span is not None and self._is_claim(span) else None
        if offer is None:
            self.offer_note.setText("")
        else:
            action = "link" if offer.span_id else "tag and link"
            self.offer_note.setText(f"Speaker: “{offer.text}” — Enter to {action} · L to pick another")

    def speaker_offer(self, claim: Span) -> SpeakerOffer | None:
        """The speaker the article names for an own claim that has none yet (see `offer_speaker`)."""
        if claim.annotator != self.store.user or self.attributions.speaker_of(claim.id):
            return None
        low, high = offer_bounds(self.view.text, claim.start, claim.end)
        spans = self.view.spans
        near = spans[bisect_left(spans, low - LONGEST_SPEAKER, key=_start):bisect_right(spans, high, key=_start)]
        speakers = [s for s in near if self._is_speaker(s) and s.annotator == claim.annotator]
        return offer_speaker(self.view.text, claim.start, claim.end, speakers)

    def take_offered_speaker(self) -> None:
        """Enter: link the selected claim to the offered speaker, tagging that SPEAKER first if needed."""
        if self.link_claim:
            self.cancel_link()
        claim = self.selected_span()
        if claim is None or not self._is_claim(claim) or claim.annotator != self.store.user:
            return
        if self.attributions.speaker_of(claim.id):
            self.statusBar().showMessage("This claim has its speaker (Shift+L unlinks it).", 4000)
            return
        offer = self.speaker_offer(claim)
        if offer is None:
            self.statusBar().showMessage("No speaker found near this claim: L, then click one or press L again.", 4000)
        elif offer.span_id:
            self._guard(lambda: self.store.link_speaker(claim.id, offer.span_id))
        else:
            self._guard(lambda: self.store.link_new_speaker(claim.id, offer.start, offer.end))

    def _span_row_changed(self, model, current, _previous) -> None:
        if current.isValid():
            self.select_span(model.rows[current.row()].id, reveal=True)
            self.view.setFocus()

    def on_span_clicked(self, span_id: str) -> None:
        if self.link_claim:
            speaker = self.span_cache.get(span_id)
            if speaker and speaker.label != self.schema.speaker_label:
                speaker = next(
                    (s for s in self.view.spans_at(speaker.start) if s.label == self.schema.speaker_label), None
                )
            if speaker is None:
                self.statusBar().showMessage("That is not a speaker; click a SPEAKER span or press Esc.", 4000)
                return
            claim, self.link_claim = self.link_claim, None
            self._guard(lambda: self.store.link_speaker(claim, speaker.id))
            self.select_span(claim)
            return
        self.select_span(span_id)

    def _empty_click(self) -> None:
        if not self.link_claim:
            self.select_span(None)

    def clear_selection(self) -> None:
        if self.link_claim:
            self.cancel_link()
            return
        self.suggesting.cancel_adjust()
        if self.filter_box.hasFocus():
            self.focus_article()
            return
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.select_span(None)

    def select_next_span(self) -> None:
        self._step_span(1)

    def select_previous_span(self) -> None:
        self._step_span(-1)

    def _step_span(self, step: int) -> None:
        found = step_through([s.id for s in self.view.spans], self.view.selected_id, step)
        if found:
            self.select_span(found, reveal=True)

    def context_menu(self) -> QMenu:
        """Label actions plus what applies to the selected span, the same QActions as the menus."""
        menu = QMenu(self)
        for action in self.label_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        for key in ("delete", "link", "entity", "stance", "stances", "quote"):
            menu.addAction(self.actions_by_id[key])
        return menu

    def show_context_menu(self, point) -> None:
        self.context_menu().exec(self.view.mapToGlobal(point))

    def focus_filter(self) -> None:
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    def focus_article(self) -> None:
        self.view.setFocus()

    def eventFilter(self, watched, event):
        """Shift+Enter in the filter box: the previous match in the article (Enter: the next)."""
        if (
            watched is self.filter_box
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previous_match()
            return True
        return super().eventFilter(watched, event)

    def next_match(self) -> None:
        self._step_match(1)

    def previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        """Select the filter's next (previous) match in the article after (before) the cursor, wrapping."""
        if self.filter_timer.isActive():  # Enter right after typing: mark the words first
            self.apply_filter()
        hits = self.view.hits
        if not hits:
            self.statusBar().showMessage("No match in this article (Ctrl+F filters and marks matches).", 4000)
            return
        start, end = self.view.selection_offsets() or (self.view.caret_offset(),) * 2
        if step > 0:
            found = next((h for h in hits if h[0] >= end and h != (start, end)), hits[0])
        else:
            found = next((h for h in reversed(hits) if h[1] <= start and h != (start, end)), hits[-1])
        self.view.select_offsets(*found)
        self.view.centerCursor()
        self.statusBar().showMessage(f"Match {hits.index(found) + 1} of {len(hits)}", 3000)

    # selecting by structure ------------------------------------------------------

    def _select_by(self, find, nothing: str) -> None:
        """Select what `find(text, start, end)` returns for the selection (or the caret)."""
        if not self.document_id:
            return
        start, end = self.view.selection_offsets() or (self.view.caret_offset(),) * 2
        found = find(self.view.text, start, end)
        if found is None:
            self.statusBar().showMessage(nothing, 3000)
            return
        self.view.select_offsets(*found)
        self.view.ensureCursorVisible()

    def select_quotation(self) -> None:
        self._select_by(quotation_at, "No quotation after the cursor.")
        self.quotation = self.view.selection_offsets()

    def select_sentence(self) -> None:
        self._select_by(sentence_at, "No more sentences in this paragraph.")

    def select_clause(self) -> None:
        self._select_by(clause_at, "No more clauses in this sentence.")

    def grow_selection(self) -> None:
        self._select_by(grow_by_word, "No word after the selection.")

    def shrink_selection(self) -> None:
        self._select_by(shrink_by_word, "One word is the least to select.")

    # tagging -----------------------------------------------------------------------

    def tag(self, label: str) -> None:
        if not self.document_id or self.suggesting.accept_adjusted(label):
            return
        selection = self.view.selection_offsets()
        if selection is None:
            span = self.selected_span()
            if span and span.annotator == self.store.user and span.label != label:
                self._guard(lambda: self.store.relabel_span(span.id, label))
            elif span is None:
                self.statusBar().showMessage("Select some text first (drag, double-click or Shift+arrows).", 4000)
            return
        snap = snap_to_words if self.actions_by_id["snap"].isChecked() else trim_space
        start, end = snap(self.view.text, *selection)
        if start == end:
            self.statusBar().showMessage("The selection holds only spaces.", 4000)
            return
        attrs = self._quoted_attrs(label, selection)
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        document_id = self.document_id
        self._guard(lambda: self.store.add_span(document_id, label, start, end, attrs=attrs))

    def _quoted_attrs(self, label: str, selection: tuple[int, int]) -> dict | None:
        """A claim tagged on the quotation ' selected is a direct quote (Q still cycles the type)."""
        quoted, self.quotation = self.quotation == selection, None
        values = self.schema.span_label(label).attributes.get("quote_type", ()) if label == self.schema.claim_label else ()
        return {"quote_type": "direct"} if quoted and "direct" in values else None

    def delete_span(self) -> None:
        span = self.own_selected()
        if span:
            self._guard(lambda: self.store.delete_spans([span.id]))

    def toggle_snap(self, on: bool) -> None:
        self.statusBar().showMessage("Snapping to words" if on else "Exact selections (no snapping)", 3000)

    def toggle_others(self, on: bool) -> None:
        self._show_annotator_columns()
        if self.document_id:
            self.refresh_spans()

    def _move(self, edge: str, step: int) -> None:
        span = self.own_selected()
        if not span:
            return
        text = self.view.text
        position = span.start if edge == "start" else span.end
        if self.actions_by_id["snap"].isChecked():
            edges = [t[0] if edge == "start" else t[1] for t in tokens(text)]
            later = [e for e in edges if e > position]
            earlier = [e for e in edges if e < position]
            target = (later[0] if later else position) if step > 0 else (earlier[-1] if earlier else position)
        else:
            target = min(len(text), max(0, position + step))
        start, end = (target, span.end) if edge == "start" else (span.start, target)
        start, end = trim_space(text, start, end)
        if start < end:
            self._guard(lambda: self.store.move_span(span.id, start, end))

    def move_start_left(self) -> None:
        self._move("start", -1)

    def move_start_right(self) -> None:
        self._move("start", 1)

    def move_end_left(self) -> None:
        self._move("end", -1)

    def move_end_right(self) -> None:
        self._move("end", 1)

    # claims: speaker, stances, quote type ---------------------------------------

    def link_speaker(self) -> None:
        if self.link_claim:
            claim_id = self.link_claim
            self.cancel_link()
            self.pick_speaker(claim_id)
            return
        claim = self.own_selected(self.schema.claim_label)
        if claim:
            self.link_claim = claim.id
            self.view.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            offer = self.speaker_offer(claim)
            nearest = f"Enter links “{offer.text}”, " if offer else ""
            self.statusBar().showMessage(
                f"Click the SPEAKER span — {nearest}L again picks from a list, Esc cancels."
            )

    def cancel_link(self) -> None:
        if self.link_claim:
            self.link_claim = None
            self.view.viewport().unsetCursor()
            self.statusBar().clearMessage()

    def pick_speaker(self, claim_id: str) -> None:
        claim = self.span_cache[claim_id]
        candidates = sorted(
            (s for s in self.view.spans if s.label == self.schema.speaker_label and s.annotator == claim.annotator),
            key=lambda s: (max(0, claim.start - s.end, s.start - claim.end), s.start),
        )
        if not candidates:
            self.statusBar().showMessage("Tag a SPEAKER in this article first.", 4000)
            return
        entity_names = {e.id: e.name for e in self.store.entities()}
        options = [
            (
                s.id,
                f"{s.text}{' (' + entity_names[s.entity_id] + ')' if s.entity_id in entity_names else ''} — "
                f"{'before' if s.end <= claim.start else 'after' if s.start >= claim.end else 'inside'} the claim",
            )
            for s in candidates
        ]
        chosen = SpeakerPicker.ask(self, options)
        if chosen:
            self._guard(lambda: self.store.link_speaker(claim_id, chosen))

    def unlink_speaker(self) -> None:
        claim = self.own_selected(self.schema.claim_label)
        if claim:
            self._guard(lambda: self.store.unlink_speaker(claim.id))

    def identify_speaker(self) -> None:
        """E: who the selected SPEAKER is; on a claim, who its linked speaker is."""
        span = self.selected_span()
        claim_id = span.id if span is not None and self._is_claim(span) else None
        if claim_id and self.attributions.speaker_of(claim_id):
            self.select_span(self.attributions.speaker_of(claim_id))
        speaker = self.own_selected(self.schema.speaker_label)
        if not speaker:
            return
        try:
            self._identify(speaker)
        finally:
            if claim_id in self.span_cache:
                self.select_span(claim_id)

    def _identify(self, speaker: Span) -> None:
        proposals = propose(speaker, self.store.spans(speaker.document_id, speaker.annotator), self.store.entities())
        answer = IdentifyDialog.ask(self, speaker.text, proposals, speaker.entity_id)
        if answer is None:
            return
        if answer.clear:
            self._guard(lambda: self.store.set_entity(speaker.id, None))
        else:
            self._guard(lambda: self.store.identify_speaker(
                speaker.id, answer.name, entity_id=answer.entity_id, alias=answer.alias
            ))

    def add_stance(self) -> None:
        claim = self.own_selected(self.schema.claim_label)
        if not claim:
            return
        answer = StanceDialog.ask(self, self.store.targets(), self.schema.stance_labels)
        if answer:
            target, label = answer
            self._guard(lambda: self.store.set_stance(claim.id, target, label))

    def edit_stances(self, claim_id: str | None = None, target: str | None = None) -> StancesEditor | None:
        """The claim's stances in a small window: a stance key relabels one, Delete removes it (each one undo step).
        `target` is the stance to highlight first (a chip was clicked)."""
        if claim_id:
            self.select_span(claim_id)
        claim = self.own_selected(self.schema.claim_label)
        if not claim:
            return None
        if not claim.stances:
            self.statusBar().showMessage("The claim has no stances yet; T adds one.", 4000)
            return None
        editor = StancesEditor(
            claim.text,
            self.schema.stance_labels,
            lambda: self.store.span(claim.id).stances,
            lambda target, label: self._guard(lambda: self.store.set_stance(claim.id, target, label)),
            lambda target: self._guard(lambda: self.store.remove_stance(claim.id, target)),
            lambda target: self._retarget_stance(claim.id, target),
            self,
        )
        editor.refresh(target)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.stances_editor = editor
        editor.open()
        return editor

    def _retarget_stance(self, claim_id: str, target: str) -> str | None:
        """Ask for another target for the claim's stance on `target` and move it there (one undo step);
        the stance's new target, or None when nothing changed."""
        new = NameDialog.ask(self, "Stance target", f"Move the stance on “{target}” to the target:", target,
                             self.store.targets())
        if not new or new == target:
            return None
        return new if self._guard(lambda: self.store.retarget_stance(claim_id, target, new)) else None

    def show_claim_menu(self, point) -> None:
        """A claim row's menu: change or remove each stance, edit them all, and the usual span actions."""
        index = self.claim_table.indexAt(point)
        if not index.isValid():
            return
        claim = self.span_cache.get(self.claims.rows[index.row()].id)
        if claim is None:
            return
        self.select_span(claim.id)
        self.claim_menu(claim).exec(self.claim_table.viewport().mapToGlobal(point))

    def claim_menu(self, claim: Span) -> QMenu:
        menu = QMenu(self)
        if claim.annotator == self.store.user:
            for stance in claim.stances:
                sub = menu.addMenu(menu_text(f"{stance.label} → {stance.target}"))
                for label in self.schema.stance_labels:
                    if label.name != stance.label:
                        sub.addAction(menu_text(f"Change to {label.name}")).triggered.connect(
                            lambda _=False, t=stance.target, n=label.name: self._guard(
                                lambda: self.store.set_stance(claim.id, t, n)
                            )
                        )
                sub.addSeparator()
                sub.addAction("Change target…").triggered.connect(
                    lambda _=False, t=stance.target: self._retarget_stance(claim.id, t)
                )
                sub.addAction("Remove").triggered.connect(
                    lambda _=False, t=stance.target: self._guard(lambda: self.store.remove_stance(claim.id, t))
                )
            menu.addSeparator()
        for key in ("stance", "stances", "link", "quote", "delete"):
            menu.addAction(self.actions_by_id[key])
        return menu

    def cycle_quote_type(self) -> None:
        claim = self.own_selected(self.schema.claim_label)
        if not claim:
            return
        values = [None, *self.schema.span_label(claim.label).attributes.get("quote_type", ())]
        current = claim.attrs.get("quote_type")
        following = values[(values.index(current) + 1) % len(values)] if current in values else values[1]
        self._guard(lambda: self.store.set_span_attr(claim.id, "quote_type", following))

    # history -------------------------------------------------------------------------

    def undo(self) -> None:
        self._guard(self.store.undo)
        self._update_undo_texts()

    def redo(self) -> None:
        self._guard(self.store.redo)
        self._update_undo_texts()

    # annotator --------------------------------------------------------------------

    def _refresh_user(self) -> None:
        self.user_button.setText(menu_text(f"Annotator: {self.store.user}"))

    def change_annotator(self) -> None:
        name = NameDialog.ask(
            self, "Annotator", "Your name (your tags are saved under it):", self.store.user, self.store.annotators()
        )
        if name and name != self.store.user:
            self.store.user = name
            self.store.history = History()
            self._refresh_user()
            self._update_undo_texts()
            self.reload_documents()
            if self.document_id:
                self.open_document(self.document_id)

    # import and export ------------------------------------------------------------

    def import_files(self) -> None:
        paths = open_file_names(
            self, "Import", self._dialog_folder(), self.store.path,
            "Articles and exports (*.txt *.md *.html *.htm *.jsonl);;All files (*)",
        )
        if paths:
            self.settings.setValue("dialog/folder", str(Path(paths[0]).parent))
            self.run_import(paths)

    def import_folder(self) -> None:
        folder = existing_directory(self, "Import folder", self._dialog_folder(), self.store.path)
        if folder:
            self.settings.setValue("dialog/folder", str(Path(folder).parent))
            self.run_import([folder])

    def _dialog_folder(self) -> Path:
        return Path(self.settings.value("dialog/folder", str(Path.home())))

    def _worker_store(self) -> Store:
        return Store(self.store.path, user=self.store.user, schema=self.schema)

    def import_replacing(self) -> None:
        """Import files whose lines for your own layer or gold replace it, after a confirmation."""
        paths = open_file_names(
            self, "Import and replace your layer", self._dialog_folder(), self.store.path, "JSON Lines (*.jsonl)"
        )
        if paths and ReplaceConfirmation.ask(self, self.store.user):
            self.run_import(paths, replace=True)

    def run_import(self, paths: list[str], replace: bool = False) -> JobRunner:
        def work(progress):
            with self._worker_store() as store:
                return import_paths(store, paths, progress=progress, replace=replace)

        return self._start_job("Importing…", work, self._import_finished)

    def _import_finished(self, report) -> None:
        if report is not None and report.undo is not None:
            self.store.history.pushed(report.undo)
            self._update_undo_texts()
        self.reload_documents()
        if self.review_window is not None:
            self.review_window.reload()
        if self.document_id:
            self.refresh_spans()
        elif self.documents.rows:
            self.open_document(self.documents.rows[0].id)
        if report is None:
            return
        self.statusBar().showMessage(f"Import: {report.summary()}", 8000)
        if report.errors:
            ErrorListDialog.show_errors(
                self, "Import problems", f"Import: {report.summary()}", [str(e) for e in report.errors]
            )

    def export_jsonl(self) -> None:
        path = save_file_name(
            self, "Export JSONL", self._dialog_folder() / "annotations.jsonl", self.store.path, "JSON Lines (*.jsonl)"
        )
        if path:
            self.settings.setValue("dialog/folder", str(Path(path).parent))
            self.run_export(path)

    def run_export(self, path: str) -> JobRunner:
        def work(progress):
            with self._worker_store() as store:
                return write_export(store, path, progress=progress)

        return self._start_job(
            "Exporting…",
            work,
            lambda lines: self.statusBar().showMessage(
                "Export cancelled; nothing written." if lines is None else f"Exported {lines} lines to {path}", 8000
            ),
        )

    def _start_job(self, title: str, work, on_done) -> JobRunner:
        runner = JobRunner(self, title, work)
        runner.finished.connect(on_done)
        runner.failed.connect(lambda message: show_failure(self, title.rstrip("…"), message))
        self.runner = runner
        runner.start()
        return runner

    # review ---------------------------------------------------------------------------

    def open_review(self) -> None:
        if self.review_window is None:
            self.review_window = ReviewWindow(self.store, self.settings, self)
            self.review_window.destroyed.connect(lambda: setattr(self, "review_window", None))
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()

    def open_agreement(self) -> None:
        others = [n for n in self.store.annotators() if n != self.store.user]
        self.agreement_window = AgreementWindow.open_for(self.store, [self.store.user, *others[:1]], self)

    def open_people(self) -> None:
        PeopleWindow.show_for(self)

    # help ---------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        ShortcutsDialog.show_shortcuts(self, shortcut_rows(self.actions_by_id, self))


def _start(span: Span) -> int:
    return span.start
