"""No step grows faster than its input: each is timed at n and at 4n, and must stay under 8x.

Times are minimums of a few runs on small sizes, in CPU time (this process's, all its threads), so
that other programs busy on the same cores do not count; the bound is generous, so only a quadratic
(16x) or worse step fails it.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings

from annotator.bench import annotated_layer, build_article
from annotator.core.store import Store

BOUND = 8


def fastest(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def article_store(tmp_path, spans: int) -> tuple[Store, str, list[str]]:
    store = Store(tmp_path / f"g{spans}.db", user="bench")
    document_id = store.add_document(build_article(spans * 100)).document_id
    layer = annotated_layer(store, document_id, spans, "bench")
    store.import_layer(layer)
    return store, document_id, [s.id for s in layer.spans if s.label == "SPEAKER"]


def test_importing_a_layer_grows_linearly(tmp_path):
    def cost(spans: int) -> float:
        store = Store(tmp_path / f"i{spans}.db", user="alice")
        document_id = store.add_document(build_article(spans * 100)).document_id
        layers = [annotated_layer(store, document_id, spans, f"bob{k}") for k in range(3)]
        taken = iter(layers)
        result = fastest(lambda: store.import_layer(next(taken)))
        store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)


@pytest.mark.parametrize("suggestions", [False, True], ids=["plain", "with-suggestions"])
@pytest.mark.parametrize("step", ["open", "tag", "delete a linked speaker and undo", "link"])
def test_opening_and_editing_an_article_grow_linearly(qtbot, tmp_path, step, suggestions):
    """With suggestions, the rules' layer (three suggestions a span here) is filled before the window opens."""
    from annotator.core.suggest.rules import RuleSuggester
    from annotator.ui.widgets.main_window import MainWindow

    def cost(spans: int) -> float:
        store, document_id, speakers = article_store(tmp_path, spans)
        settings = QSettings(str(tmp_path / f"{spans}.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggest/show", suggestions)
        if suggestions:
            store.fill_suggestions(RuleSuggester(), [document_id])
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.open_document(document_id)
        victims = iter(speakers)
        claims = iter(r for r in store.relations(document_id) if r.annotator == store.user)

        def edit():
            window.select_span(next(victims))
            window.delete_span()
            window.undo()

        def link():
            store.link_speaker(next(claims).head_id, next(victims))

        def tag():
            speaker = store.span(next(victims))
            window.view.select_offsets(speaker.start, speaker.end)
            window.tag("CLAIM")

        steps = {"open": lambda: window.open_document(document_id), "tag": tag, "link": link}
        result = fastest(steps.get(step, edit))
        window.close()
        store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)


def test_opening_a_long_article_until_every_span_is_shown_grows_linearly(qtbot, tmp_path, monkeypatch):
    """The staged open to its end: the worker reads every span and makes the rows and badges, the window puts
    them in place. Each open reads afresh: a status set in between changes the article."""
    from annotator.ui.widgets import main_window

    monkeypatch.setattr(main_window, "STAGED_SPANS", 10)

    def cost(spans: int) -> float:
        store, document_id, _ = article_store(tmp_path, spans)
        settings = QSettings(str(tmp_path / f"o{spans}.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggest/show", False)
        window = main_window.MainWindow(store, settings)
        qtbot.addWidget(window)
        statuses = iter(["done", "in_progress"] * 3)

        def open_fully():
            store.set_status(document_id, next(statuses))
            with qtbot.waitSignal(window.spans_loaded, timeout=60_000):
                window.open_document(document_id)
                assert window.loading == document_id, "read by the worker, not kept from the last open"
            assert window.claims.rowCount() == spans // 2

        result = fastest(open_fully)
        window.close()
        store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)


def test_comparing_two_layers_for_review_grows_linearly(tmp_path):
    from dataclasses import replace

    from annotator.core.review import compare

    def cost(spans: int) -> float:
        store = Store(tmp_path / f"r{spans}.db", user="carol")
        document_id = store.add_document(build_article(spans * 100)).document_id
        store.import_layer(annotated_layer(store, document_id, spans, "alice"))
        theirs = annotated_layer(store, document_id, spans, "bob")
        moved = tuple(replace(s, start=s.start + 1, text=s.text[1:]) if k % 3 == 0 else s
                      for k, s in enumerate(theirs.spans))
        store.import_layer(replace(theirs, spans=moved))
        result = fastest(lambda: compare(store, document_id, "alice", "bob"))
        store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)


def test_importing_a_folder_of_articles_grows_linearly(tmp_path):
    from annotator.core.ingest import import_paths

    def cost(files: int) -> float:
        folder = tmp_path / f"articles{files}"
        folder.mkdir()
        for i in range(files):
            (folder / f"a{i}.txt").write_text(f"Article {i}\nSergei Lavrov said talks {i} were over.", encoding="utf-8")
        stores = [Store(tmp_path / f"imp{files}-{k}.db", user="bench") for k in range(3)]
        unused = iter(stores)
        result = fastest(lambda: import_paths(next(unused), [folder]))
        for store in stores:
            store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)


def test_exporting_grows_linearly(tmp_path):
    from annotator.bench import PARAGRAPH
    from annotator.core.export import write_export

    def cost(documents: int) -> float:
        store = Store(tmp_path / f"e{documents}.db", user="bench")
        with store.batch("bench"):
            for i in range(documents):
                document_id = store.add_document(f"Document {i}. " + PARAGRAPH * 40).document_id
                store.import_layer(annotated_layer(store, document_id, 100, "bench"))
        result = fastest(lambda: write_export(store, tmp_path / f"e{documents}.jsonl"))
        store.close()
        return result

    small, large = cost(50), cost(200)
    assert large / small < BOUND, (small, large)


@pytest.mark.parametrize("step", ["next_document", "tag"])
def test_corpus_steps_do_not_grow_with_the_corpus(qtbot, tmp_path, step):
    from annotator.ui.widgets.main_window import MainWindow

    def cost(documents: int) -> float:
        store = Store(tmp_path / f"c{documents}-{step}.db", user="bench")
        with store.batch("grow"):
            for i in range(documents):
                store.add_document(f"Article {i}\nSergei Lavrov said talks {i} were over.")
        window = MainWindow(store, QSettings(str(tmp_path / f"c{documents}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)

        def act():
            if step == "tag":
                window.view.select_offsets(0, 7)
                window.tag("CLAIM")
            else:
                window.next_document()

        result = fastest(act, runs=5)
        window.close()
        store.close()
        return result

    small, large = cost(2_000), cost(8_000)
    assert large / small < BOUND, (small, large)


def test_suggesting_grows_linearly():
    """The rules and a trained model on an article 4x as long (each had a quadratic step once)."""
    from annotator.core.suggest import Suggestion, Suggestions
    from annotator.core.suggest.learner import train
    from annotator.core.suggest.rules import RuleSuggester

    text = build_article(8_000)
    lavrov = text.index("Sergei Lavrov")
    gold = Suggestions((Suggestion("SPEAKER", lavrov, lavrov + 13, 1.0), Suggestion("CUE", lavrov + 14, lavrov + 18, 1.0)))
    model = train([(text, gold)], iterations=5)
    for suggester in (RuleSuggester(), model):
        small, large = build_article(40_000), build_article(160_000)
        ratio = fastest(lambda: suggester.suggest(large), 2) / fastest(lambda: suggester.suggest(small), 2)
        assert ratio < BOUND, (suggester.name, ratio)


def test_filling_an_articles_suggestions_again_grows_linearly(tmp_path):
    """Replacing a suggestion layer deletes its spans: each delete once looked through every link in the store."""
    from annotator.core.suggest.rules import RuleSuggester

    def cost(spans: int) -> float:
        store, document_id, _ = article_store(tmp_path, spans)
        store.fill_suggestions(RuleSuggester(), [document_id])
        result = fastest(lambda: store.fill_suggestions(RuleSuggester(), [document_id]), 2)
        store.close()
        return result

    small, large = cost(1_000), cost(4_000)
    assert large / small < BOUND, (small, large)
