"""Suggestions in the main window: showing them, stepping through them, accepting, rejecting, adjusting,
filling a document's layer in the background, and training a model in the background.

The window's handlers for the Suggestions menu live here (the action table names them
`suggesting.<method>`); the store does the work (Store.accept_suggestions, reject_suggestions,
fill_suggestions) and the window repaints from the Change it reports.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from operator import attrgetter

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QInputDialog, QPushButton

from annotator.core.model import Acceptance, Change, Span, span_order
from annotator.core.store import Store, StoreError, suggestion_key
from annotator.core.suggest import is_suggestion_layer, layer_name
from annotator.core.suggest.training import (
    RULES,
    Training,
    beats_rules,
    keep,
    model_f1,
    rules_f1,
    suggester_for,
    train_on,
)
from annotator.core.structure import sentences
from annotator.core.text import paragraph_at, snap_to_words, trim_space
from annotator.ui.navigation import step_from
from annotator.ui.saving import show_failure
from annotator.ui.workers import PROGRESS_STEPS, BackgroundRunner, LatestOnly

KEY_COLUMNS = frozenset({"label", "start", "end"})
"""The span columns a suggestion's key is made of."""
MANY_KEYS = 500
"""A change that tags or removes more of the user's spans on the open document than this (an import) shows or
hides its suggestions by reading the document again, not by looking each key up (two queries a key)."""
FILLING_NOTE = "Suggesting for this document in the background…"
CORPUS_NOTE = "Suggesting for every document in the background… {}%"
CANCELLING_NOTE = "Cancelling the suggestions…"
CORPUS = ""
"""What a fill for every document is for, in place of a document id."""
CORPUS_COUNT_EVERY_S = 2.0
"""How often the list counts the suggestions anew while the corpus is filled."""
FILL_WRITE_WAIT_S = 1.0
"""How long the fill's worker asks for the write lock at a time; it asks again until it has it, unless
cancelled meanwhile: another program writing for long delays the layer, it never fails it."""
TRAIN_EVERY = 20
"""Documents done or tagged since the last model before the window trains another (settings: suggest/train_every)."""


def sentence_around(text: str, offset: int) -> tuple[int, int]:
    """The sentence holding `offset` (the paragraph's first or last when it falls between them)."""
    line = paragraph_at(text, offset)
    pieces = sentences(text, *line) or [line]
    return next(((s, e) for s, e in pieces if e > offset), pieces[-1])


def count_waiting(store: Store, asked: tuple[str, str]) -> dict[str, int]:
    """The counter worker's answer: every document's suggestions of `layer` waiting for `user`."""
    layer, user = asked
    store.user = user
    store.external_change()
    return store.suggestion_counts(layer)


class Suggesting(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.settings = window.settings
        self.adjusting: str | None = None
        """The suggestion whose range is the text selection after B, until Enter or a label key takes it."""
        self.filler: BackgroundRunner | None = None
        self._filling_for: tuple[str, str] | None = None
        """The document (or CORPUS) and layer the running fill is for."""
        self._corpus: str | None = None
        """The layer the user asked to fill for every document (until done or cancelled)."""
        self._corpus_filled = 0
        """How many documents the fill for every document has taken on so far (to say how it ended)."""
        self._note = FILLING_NOTE
        """What the status bar says of the running fill."""
        self._counted_at = 0.0
        self._mark = (0, 0)
        self._declined: tuple[str, str] | None = None
        """The document and layer whose fill the user cancelled (not filled again until opened again)."""
        """The window connection's commits and the newest change-log row when the fill started (`logged_news`)."""
        path, user, schema = self.store.path, self.store.user, self.store.schema
        self.counter = LatestOnly(
            self, lambda: Store(path, user=user, schema=schema, readonly=True), count_waiting, lambda other: other.close()
        )
        self.counter.answered.connect(self._counted)
        self.counting = False
        """The counter worker counts every document's suggestions."""
        self.cancel_button = QPushButton("Cancel suggesting", flat=True)
        self.cancel_button.setToolTip("Stop suggesting; opening a document without suggestions suggests for it anew")
        self.cancel_button.clicked.connect(self.cancel_fill)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.cancel_button)
        self.trainer: BackgroundRunner | None = None
        self._suggesters: dict[str, object] = {}

    # settings ------------------------------------------------------------------

    @property
    def active(self) -> str:
        """The suggester whose layer the window shows: rules or a model's name (settings: suggest/active)."""
        return str(self.settings.value("suggest/active", RULES))

    def set_active(self, name: str) -> None:
        self.settings.setValue("suggest/active", name)
        self._corpus = None  # asked of the suggester chosen before
        self.refresh_counts()
        if self.window.document_id:
            self.window.reload_spans()
        self.document_opened()

    @property
    def layer(self) -> str:
        return layer_name(self.active)

    def shown(self) -> bool:
        return self.window.actions_by_id["suggestions"].isChecked()

    def train_every(self) -> int:
        """Documents between automatic trainings; 0: never train by itself."""
        return max(0, int(self.settings.value("suggest/train_every", TRAIN_EVERY)))

    def ask_train_every(self) -> None:
        value, ok = QInputDialog.getInt(
            self.window, "Train automatically",
            "Train a model after this many more documents done or tagged (0: never):", self.train_every(), 0, 100_000,
        )
        if ok:
            self.settings.setValue("suggest/train_every", value)

    # what the view shows -------------------------------------------------------------

    def pending(self, document_id: str, before: int | None = None) -> list[Span]:
        """The active layer's undecided suggestions on the document (starting before `before`), when shown."""
        if not self.shown():
            return []
        return self.store.pending_suggestions(document_id, self.layer, before)[0]

    def shown_layer(self) -> str | None:
        """The layer whose suggestions the window shows (None while they are hidden)."""
        return self.layer if self.shown() else None

    def needs_reload(self, change: Change) -> bool:
        """Whether `change` may show or hide suggestions on the open document in a way the window cannot work out
        from it (then it reads the spans again): a fill by this connection, or a span's label and range set by
        several updates. Anything else is applied a few suggestions at a time (`keys_touched`)."""
        if not self.shown():
            return False
        if change.kind == "suggest":
            return True
        if sum(op[1] == "spans" and op[0] != "update" and self._mine_here(op[2]) for op in change.ops) > MANY_KEYS:
            return True
        return sum(op[1] == "spans" and op[0] == "update" and bool(KEY_COLUMNS & op[4].keys()) for op in change.ops) > 1

    def keys_touched(self, change: Change) -> set[str]:
        """The suggestion keys on the open document that `change` may show or hide: a verdict given or taken back
        (accept, reject, undo), a span of the user's tagged, moved or relabelled onto a label and range or off it,
        or deleted from it. Whether the shown layer has a suggestion there is the store's to say
        (`pending_with_keys`): a few lookups, where keeping every key of 400,000 suggestions cost the worker a
        tenth of its read. Call it before the window applies the change."""
        if not self.shown():
            return set()
        keys: set[str] = set()
        for op in change.ops:
            if op[1] == "verdicts" and op[2].get("document_id") == self.window.document_id:
                keys.add(op[2].get("key"))
            elif op[1] == "spans":
                keys |= self._span_keys(op)
        return keys

    def _span_keys(self, op: list) -> set[str]:
        """The suggestion keys a span op of the user's on the open document gives or takes (its label and range
        before and after): an import's thousands of spans elsewhere or in others' layers give none."""
        if op[0] != "update":
            row = op[2]
            return {suggestion_key(row)} if self._mine_here(row) and KEY_COLUMNS <= row.keys() else set()
        _kind, _table, key, old, new = op
        if not KEY_COLUMNS & new.keys():
            return set()
        before = self.window.span_cache.get(key.get("id"))
        if before is None:
            return set()  # not shown here: not the open document's, nor the user's
        was = {"label": before.label, "start": before.start, "end": before.end}
        return {suggestion_key({**was, **values}) for values in (old, new)}

    def _mine_here(self, row: dict) -> bool:
        """A span row of the user's on the open document."""
        return row.get("document_id") == self.window.document_id and row.get("annotator") == self.store.user

    def toggle(self, on: bool) -> None:
        """Show or hide suggestions; hiding them also stops suggesting for every document."""
        self.settings.setValue("suggest/show", on)
        self._corpus = None
        self.refresh_counts()
        if self.window.document_id:
            self.window.reload_spans()
        self.document_opened()

    def count_shown(self, document_id: str, more: int, exactly: bool = False) -> None:
        """The open document shows `more` suggestions (fewer, if negative) after an action, or `exactly` that many
        when all are shown: its count follows, it is not counted again (counting 200,000 suggestions against
        100,000 spans of the user's took 600 ms)."""
        count = more + (0 if exactly else self.window.documents.suggestion_counts.get(document_id, 0))
        self.window.documents.set_suggestion_counts({document_id: count} if count > 0 else {}, {document_id})

    def refresh_counts(self, document_ids=None) -> None:
        """Count the suggestions waiting in these documents anew (None: in every document, in a worker: 400,000
        suggestions take a second to count)."""
        if not self.shown():
            self.counter.forget()
            self.counting = False
            self.window.documents.set_suggestion_counts({}, None)
        elif document_ids is None or self.counting:  # a count under way may have missed these documents' change
            self.counting = True
            self.counter.ask((self.layer, self.store.user))
        if self.shown() and document_ids:
            self.window.documents.set_suggestion_counts(self.store.suggestion_counts(self.layer, document_ids), document_ids)

    def _counted(self, counts: dict[str, int]) -> None:
        self.counting = False
        self.window.documents.set_suggestion_counts(counts, None)

    # filling the open document -------------------------------------------------------

    def suggester(self):
        if self.active not in self._suggesters:
            self._suggesters[self.active] = suggester_for(self.store, self.active)
        return self._suggesters[self.active]

    def filling(self) -> bool:
        """A worker fills a document's layer now (until the window has taken its result)."""
        return self.filler is not None and self.filler.running()

    def document_opened(self) -> None:
        """Run the active suggester on the open document if it has no layer of it yet: a worker thread
        suggests and writes the layer with its own connection, so the window never waits for either.

        A fill runs one at a time: one for another document (or layer, or with suggestions turned off
        since) is cancelled, and the fill for the open document starts when it has stopped. A fill the
        user cancelled starts again only when the document is opened again (or suggestions turned on)."""
        self._declined = None
        self._fill_next()

    def fill_corpus(self) -> None:
        """Suggest for every document the active suggester has not seen (Suggestions > Suggest for every
        document), in the same worker, after the open document: the list's Sugg. column fills as it goes, so
        Go > Next document with most suggestions sees the whole corpus. Opening a document without
        suggestions meanwhile pauses it for that document; Cancel suggesting stops it. The worker lists the
        documents left (a scan of the whole corpus), and says when there are none."""
        self._corpus = self.layer
        self._corpus_filled = 0
        self._fill_next()

    def _fill_next(self) -> None:
        """Start the fill the window wants now, if none runs: the open document's, else the corpus's (when
        asked for); cancel a running fill that is no longer wanted (the next one starts when it has stopped)."""
        document_id, layer = self.window.document_id, self.layer
        wanted = (
            bool(document_id) and self.shown() and self._declined != (document_id, layer)
            and not self.store.has_suggestions(document_id, layer)
        )
        target = (document_id, layer) if wanted else (CORPUS, layer) if self._corpus == layer else None
        if self.filling():
            if self._filling_for != target:
                self.filler.cancel()
            return
        if target is None:
            return
        try:
            suggester = self.suggester()
        except (ImportError, StoreError) as exc:
            self._corpus = None
            self.window.statusBar().showMessage(f"No suggestions from {self.active}: {exc}", 6000)
            return
        path, user, schema = self.store.path, self.store.user, self.store.schema

        def work(progress):
            job = runner.job
            with Store(path, user=user, schema=schema) as store:
                store.write_wait = FILL_WRITE_WAIT_S
                store.external_change()  # from here on, a commit by any other connection is news
                ids = [document_id] if wanted else store.unsuggested_documents(layer)
                store.fill_suggestions(suggester, ids, progress=progress, cancelled=lambda: job.cancelled,
                                       wait_again=lambda: not job.cancelled)
                return len(ids), store.external_change()

        owed = self.store.external_change()  # another program committed since the window looked: shown after the fill
        self._mark = (self.store.commits, self.store.last_change_id())
        runner = self.filler = BackgroundRunner(self, work)
        self._filling_for = target
        self._counted_at = time.monotonic()
        runner.finished.connect(lambda result: self._filled(target[0], layer, *result, owed))
        runner.failed.connect(lambda message: self._fill_failed(message, owed))
        if wanted:
            self._note = FILLING_NOTE
        else:
            self._note = CORPUS_NOTE.format(0)
            runner.progressed.connect(self._corpus_progress)
        self.window.statusBar().showMessage(self._note)
        self.cancel_button.show()
        runner.start()

    def _corpus_progress(self, steps: int) -> None:
        """The corpus fill got on: the status bar says how far, and every few seconds the list counts anew."""
        self._note = CORPUS_NOTE.format(100 * steps // PROGRESS_STEPS)
        self.window.statusBar().showMessage(self._note)
        if time.monotonic() - self._counted_at >= CORPUS_COUNT_EVERY_S:
            self._counted_at = time.monotonic()
            self.refresh_counts()

    def cancel_fill(self) -> None:
        """Stop suggesting (the status bar's Cancel, Suggestions > Cancel suggesting): for the open document
        until it is opened again, and for the rest of the corpus until asked again."""
        self._corpus = None
        if self.filling():
            if self._filling_for[0] != CORPUS:
                self._declined = self._filling_for
            self.filler.cancel()
            self._note = CANCELLING_NOTE
            self.window.statusBar().showMessage(CANCELLING_NOTE)
        else:
            self.window.statusBar().showMessage("No suggestions are being made.", 4000)

    def _clear_filling_note(self) -> None:
        """The status bar's note that a fill runs goes; a message shown since then stays."""
        self.cancel_button.hide()
        bar = self.window.statusBar()
        if bar.currentMessage() == self._note:
            bar.clearMessage()

    def logged_news(self) -> bool:
        """Whether another program logged a change (a tag, an import) since the running fill started, or since
        this last said so: the window's own tags during a fill are no news, nor are the fill's commits."""
        if not self.store.logged_by_others(self._mark[1]):
            return False
        self._mark = (self._mark[0], self.store.last_change_id())
        return True

    def _filled(self, document_id: str, layer: str, asked: int, others_wrote: bool | None, owed: bool) -> None:
        """The worker wrote the layer of `asked` documents, or was cancelled first (`others_wrote`: whether any
        other connection, the window included, committed meanwhile): show it if the document is still open (or
        count the corpus's anew; a corpus fill that found no document left is done), then start the fill the
        window wants now.

        The worker's commits are no news to the window's connection (they are consumed here). What another
        program wrote before the fill started, or logged while it ran, makes the window show the whole store
        anew; so does an unlogged commit of another connection while the window wrote nothing itself.
        """
        self._clear_filling_note()
        self.store.external_change()
        wrote_here = self.store.commits != self._mark[0]
        if self.logged_news() or owed or (others_wrote and not wrote_here):
            self.window.show_external_changes()
        elif document_id == CORPUS:
            self.refresh_counts()
        elif self.store.has_suggestions(document_id, layer):
            self.window.show_filled(document_id)
        if document_id == CORPUS:
            self._corpus_went_on(layer, asked)
        self._fill_next()  # another document opened, or another suggester chosen, meanwhile; or the corpus goes on

    def _corpus_went_on(self, layer: str, asked: int) -> None:
        """Count the documents a corpus fill asked for; one that found none left ends the corpus fill, and says so."""
        if asked:
            self._corpus_filled += asked
        elif self._corpus == layer:
            self._corpus = None
            done = "Suggested for every document ({})." if self._corpus_filled else "Every document has suggestions from {} already."
            self.window.statusBar().showMessage(done.format(self.active), 4000)

    def _fill_failed(self, message: str, owed: bool) -> None:
        self._corpus = None
        self._clear_filling_note()
        if self.store.external_change() or owed:
            self.window.show_external_changes()
        show_failure(self.window, "Suggestions", message)

    # stepping and deciding ---------------------------------------------------------

    def _shown_suggestions(self) -> list[Span]:
        return [s for s in self.window.view.spans if is_suggestion_layer(s.annotator)]

    def selected(self) -> Span | None:
        span = self.window.selected_span()
        return span if span is not None and is_suggestion_layer(span.annotator) else None

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """J / K: the next (previous) suggestion after the selected one, else after (before) the caret, wrapping;
        found from its place in the view's text-ordered spans, never by walking all of them."""
        spans = self.window.view.spans
        current = self.selected()
        if current is not None:
            start = bisect_left(spans, span_order(current), key=span_order)
        else:
            start = bisect_left(spans, self.window.view.caret_offset(), key=attrgetter("start")) - (step > 0)
        found = step_from(spans, start, step, lambda s: is_suggestion_layer(s.annotator))
        if found is None:
            self._say_none()
        else:
            self.window.select_span(found.id, reveal=True)

    def _following(self, span: Span) -> Span | None:
        """The suggestion after `span` in text order (wrapping), where X moves the selection."""
        spans = self.window.view.spans
        return step_from(spans, bisect_left(spans, span_order(span), key=span_order), 1,
                         lambda s: is_suggestion_layer(s.annotator))

    def _say_none(self) -> None:
        if not self.shown():
            message = "Suggestions are hidden: View > Show suggestions (Ctrl+Shift+S)."
        else:
            message = f"No suggestions left here ({self.active})."
        self.window.statusBar().showMessage(message, 4000)

    def _chosen(self) -> Span | None:
        span = self.selected()
        if span is None:
            self.window.statusBar().showMessage("Select a suggestion first (J / K).", 4000)
        return span

    def accept(self) -> None:
        span = self._chosen()
        if span:
            self.window._guard(lambda: self.store.accept_suggestions([Acceptance(span.id)]))

    def reject(self) -> None:
        span = self._chosen()
        if span:
            following = self._following(span)
            if self.window._guard(lambda: self.store.reject_suggestions([span.id])) and following and following != span:
                self.window.select_span(following.id, reveal=True)

    def accept_sentence(self) -> None:
        self._accept_within(sentence_around, "sentence")

    def accept_paragraph(self) -> None:
        self._accept_within(paragraph_at, "paragraph")

    def _accept_within(self, bounds, noun: str) -> None:
        view = self.window.view
        anchor = self.selected() or self.window.selected_span()
        offset = anchor.start if anchor else view.map.to_offset(view.textCursor().position())
        start, end = bounds(view.text, offset)
        inside = [s for s in self._shown_suggestions() if start <= s.start and s.end <= end]
        if not inside:
            self.window.statusBar().showMessage(f"No suggestions in this {noun}.", 4000)
            return
        self.window._guard(lambda: self.store.accept_suggestions([Acceptance(s.id) for s in inside]))

    # adjusting a boundary ---------------------------------------------------------

    def adjust(self) -> None:
        """B: the suggestion's range becomes the text selection; Shift+arrows change it, Enter or a label key takes it."""
        span = self._chosen()
        if span is None:
            return
        self.adjusting = span.id
        self.window.view.select_offsets(span.start, span.end)
        self.window.view.setFocus()
        self.window.statusBar().showMessage(
            "Adjust the selection (Shift+arrows), then Enter (or a label key) accepts it; Esc cancels."
        )

    def accept_adjusted(self, label: str | None = None) -> bool:
        """Take the adjusted suggestion with the selection's range (and `label`); False when not adjusting."""
        span_id, self.adjusting = self.adjusting, None
        if span_id is None:
            return False
        selection = self.window.view.selection_offsets()
        span = next((s for s in self._shown_suggestions() if s.id == span_id), None)
        if span is None or selection is None:
            self.window.statusBar().showMessage("Nothing selected: the suggestion was left as it was.", 4000)
            return True
        snap = snap_to_words if self.window.actions_by_id["snap"].isChecked() else trim_space
        start, end = snap(self.window.view.text, *selection)
        if start == end:
            self.window.statusBar().showMessage("The selection holds only spaces.", 4000)
            return True
        view = self.window.view
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        self.window._guard(lambda: self.store.accept_suggestions([Acceptance(span.id, start, end, label)]))
        return True

    def cancel_adjust(self) -> bool:
        adjusting, self.adjusting = self.adjusting, None
        return adjusting is not None

    def eventFilter(self, watched, event) -> bool:
        """Enter in the article accepts the suggestion being adjusted."""
        if (
            self.adjusting is not None
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.window.saver.in_order(self.accept_adjusted)()
            return True
        return super().eventFilter(watched, event)

    # documents ------------------------------------------------------------------

    def next_document_with_most(self) -> None:
        counts = self.window.documents.suggestion_counts
        candidates = [(n, d) for d, n in counts.items() if n and d != self.window.document_id]
        if not candidates:
            self.window.statusBar().showMessage(
                "No other document has suggestions waiting (Suggestions > Suggest for every document).", 6000)
            return
        count, document_id = max(candidates, key=lambda c: (c[0], -self.window.documents.row_of(c[1])))
        self.window.open_document(document_id)
        self.window.statusBar().showMessage(f"{count} suggestions waiting here.", 4000)

    # models ---------------------------------------------------------------------

    def choose_model(self) -> None:
        from annotator.ui.dialogs.models import ModelsDialog

        chosen = ModelsDialog.ask(self.window, self.store.models(), self.active)
        if chosen and chosen != self.active:
            self.set_active(chosen)
            self.window.statusBar().showMessage(f"Suggestions now come from {chosen}.", 6000)

    def maybe_train(self, change: Change) -> None:
        """After every `train_every` documents done or tagged since the last model, train one in the background."""
        if change.kind != "do" or not change.touches("statuses"):
            return
        every = self.train_every()
        if not every:
            return
        worked = self.store.worked_documents()
        if worked - int(self.settings.value("suggest/trained_at", 0)) >= every:
            self.train_now()

    def train_now(self) -> BackgroundRunner | None:
        if self.trainer is not None and self.trainer.running():
            self.window.statusBar().showMessage("A model is training already.", 4000)
            return None
        self.settings.setValue("suggest/trained_at", self.store.worked_documents())
        path, user, schema = self.store.path, self.store.user, self.store.schema

        def work(progress):
            from annotator.core.store import Store
            from annotator.core.suggest.learner import TrainingCancelled

            job = self.trainer.job
            with Store(path, user=user, schema=schema) as store:
                try:
                    return train_on(store, progress=progress, cancelled=lambda: job.cancelled)
                except TrainingCancelled:
                    return None

        self.trainer = BackgroundRunner(self, work)
        self.trainer.progressed.connect(self._training_progress)
        self.trainer.finished.connect(self._trained)
        self.trainer.failed.connect(self._training_failed)
        self.window.statusBar().showMessage("Training a model in the background…")
        self.trainer.start()
        return self.trainer

    def cancel_training(self) -> None:
        if self.trainer is not None and self.trainer.running():
            self.trainer.cancel()
            self.window.statusBar().showMessage("Cancelling the training…")
        else:
            self.window.statusBar().showMessage("No model is training.", 4000)

    def _training_progress(self, steps: int) -> None:
        self.window.statusBar().showMessage(f"Training a model… {100 * steps // PROGRESS_STEPS}%")

    def _training_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(f"Training failed: {message}", 8000)

    def _trained(self, training: Training | None) -> None:
        if training is None:
            self.window.statusBar().showMessage("Training cancelled.", 4000)
            return
        saved: list[str] = []
        if not self.window._guard(lambda: saved.append(keep(self.store, training))):
            return
        name = saved[0]
        ours, theirs = model_f1(training.score), rules_f1(training.score)
        figures = f"held-out F1 {ours:.2f}" if ours is not None else "no held-out score"
        if theirs is not None:
            figures += f" against the rules' {theirs:.2f}"
        if beats_rules(training.score):
            self.set_active(name)
            self.window.statusBar().showMessage(f"Trained {name} ({figures}): its suggestions replace the rules'.", 10000)
            return
        showing = "the rules'" if self.active == RULES else f"{self.active}'s"
        self.window.statusBar().showMessage(
            f"Trained {name} ({figures}); still showing {showing} suggestions (Suggestions > Models…).", 10000
        )

    def stop(self) -> None:
        """The window closes: stop the workers; what they were doing is dropped (nothing is written)."""
        for runner in (self.filler, self.trainer):
            if runner is not None and runner.running():
                runner.finished.disconnect()
                runner.failed.disconnect()
                runner.wait()
