"""`python -m annotator.bench [--quick]`: every speed figure we promise, each beside its floor.

A floor is the same work without our overhead, measured in the same run: opening the same
article without spans, an action in a short article, a store of five documents, a raw
`executemany`, the agreement computation on data already in memory. Each row prints the
figure, the floor and their ratio. The big article has links (one per claim), stances and
identified speakers, and the delete removes a linked speaker. `--quick` runs every row at a
small size (CI runs it to catch a crash; its times mean nothing). The suggestion rows come first
(`annotator/bench_suggest.py`): with `--polnear DIR`, precision, recall and F1 of the rules and of
a model trained on 100 PolNeAR articles on PolNeAR's dev articles, the training time and the time
to suggest for one article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.bench_suggest import polnear_dir, suggestion_rows  # noqa: E402

PARAGRAPH = "Sergei Lavrov said 😀 “we are ready for direct talks in Istanbul” on Monday, officials noted. "
SHORT = "Sergei Lavrov said “we are ready for direct talks in Istanbul” on Monday.\nUmerov noted nothing new."


def build_article(size: int = 1_000_000) -> str:
    lines, total = [], 0
    while total < size:
        line = PARAGRAPH * 4
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines)


def ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def row(case: str, figure: float, floor: float | None = None, unit: str = "ms") -> None:
    ratio = f"{figure / floor:6.2f}x" if floor else "       "
    floor_text = f"{floor:10.1f} {unit}" if floor is not None else " " * (11 + len(unit))
    print(f"{case:58} {figure:10.1f} {unit}  floor {floor_text}  {ratio}", flush=True)


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def annotated_layer(store, document_id: str, spans_wanted: int, who: str):
    """Claims with a linked, identified speaker each and one stance: realistic proportions."""
    from annotator.core.model import Entity, Layer, Relation, Span, Stance

    document = store.document(document_id)
    text = document.text
    spans, relations, offset = [], [], 0
    person = Entity(f"{who}-lavrov", "Sergei Lavrov", ("Lavrov",))
    key = f"{who}:{document_id}"
    while len(spans) + 2 <= spans_wanted:
        at = text.find("Lavrov", offset)
        if at < 0:
            break
        quote = text.find("“", at)
        end = text.find("”", quote) + 1
        k = len(spans)
        speaker = Span(f"{key}:s{k}", document_id, who, "SPEAKER", at, at + 6, text[at:at + 6], entity_id=person.id)
        claim = Span(f"{key}:c{k}", document_id, who, "CLAIM", quote, end, text[quote:end],
                     attrs={"quote_type": "direct"}, stances=(Stance("ceasefire", "support"),))
        spans += [speaker, claim]
        relations.append(Relation(f"{key}:r{k}", document_id, who, "ATTRIBUTED_TO", claim.id, speaker.id))
        offset = end
    return Layer(document, who, None, tuple(spans), tuple(relations), {person.id: person})


class Window:
    """A main window on a store, with a way to time what it does including the repaint."""

    def __init__(self, store, folder: Path):
        from PySide6.QtCore import QSettings

        from annotator.ui.widgets.main_window import MainWindow

        self.app = _app()
        settings = QSettings(str(folder / f"w{id(store)}.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggest/show", False)  # rows with suggestions shown turn them on themselves
        self.window = MainWindow(store, settings)
        self.window.show()
        self.app.processEvents()

    def ms(self, fn: Callable[[], object]) -> float:
        return ms(lambda: (fn(), self.app.processEvents()))

    def close(self) -> None:
        self.window.close()


def spans_loaded(ui: Window) -> float:
    """Milliseconds until the worker's spans of a long article are in the window (0 for a short one)."""
    start = time.perf_counter()
    while ui.window.loading:
        ui.app.processEvents()
        time.sleep(0.0005)
    return (time.perf_counter() - start) * 1000


def open_twice(ui: Window, document_id: str) -> tuple[list[float], list[float]]:
    """Open a long article three times: milliseconds to its first screen and until every span is shown. The
    first open reads it (cold); the window keeps what it read, so the others show it at once (warm)."""
    first, loaded = [], []
    for _ in range(3):
        first.append(ui.ms(lambda: ui.window.open_document(document_id)))
        loaded.append(first[-1] + spans_loaded(ui))
    return first, loaded


def _app():
    from PySide6.QtCore import qInstallMessageHandler

    from annotator.ui.app import make_app

    qInstallMessageHandler(_without_offscreen_notes)
    return make_app()


def _without_offscreen_notes(_mode, _context, message: str) -> None:
    """Qt's messages, less the offscreen platform's line for every window feature it lacks (hundreds a run)."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def editing_rows(folder: Path, spans_wanted: int, text_size: int, repeats: int) -> None:
    """Open, tag, delete a linked speaker, undo and link in a big article, against a short one."""
    from annotator.core.store import Store

    store = Store(folder / f"edit{spans_wanted}.db", user="bench")
    text = build_article(text_size)
    bare = store.add_document(text).document_id
    big = store.add_document(text + "\n").document_id
    short = store.add_document(SHORT).document_id
    layer = annotated_layer(store, big, spans_wanted, "bench")
    store.import_layer(layer)
    made = len(layer.spans)
    ui = Window(store, folder)
    window = ui.window
    floor = min(ui.ms(lambda: window.open_document(bare)) for _ in range(2))
    opened, loaded = open_twice(ui, big)
    row(f"open a {len(text) / 1e6:.1f} MB article with {made:,} spans: first screen", opened[0], floor)
    row("  every span in the view and panels (read by a worker)", loaded[0], floor)
    row("  opened again unchanged (warm: kept from the last open), every span", min(loaded[1:]), floor)

    def actions(document_id: str, speakers: list[str]) -> dict[str, list[float]]:
        window.open_document(document_id)
        spans_loaded(ui)
        times: dict[str, list[float]] = {"tag": [], "delete": [], "undo": [], "link": []}
        doc_text = store.document(document_id).text
        for k in range(repeats):
            at = doc_text.find("Istanbul", (len(doc_text) // (repeats + 1)) * k)
            at = at if at >= 0 else doc_text.find("Istanbul")  # the short article names it once
            window.view.select_offsets(at, at + 8)
            times["tag"].append(ui.ms(lambda: window.tag("CLAIM")))
            claim = window.view.selected_id
            window.select_span(speakers[k % len(speakers)])
            times["delete"].append(ui.ms(window.delete_span))
            times["undo"].append(ui.ms(window.undo))
            speaker = speakers[(k + 1) % len(speakers)]
            times["link"].append(ui.ms(lambda: window._guard(lambda: store.link_speaker(claim, speaker))))
        return times

    short_speaker = store.add_span(short, "SPEAKER", 0, 13).subject
    floors = actions(short, [short_speaker])
    linked = [s.id for s in layer.spans if s.label == "SPEAKER"][:: max(1, made // (2 * repeats))]
    figures = actions(big, linked)
    for name in ("tag", "delete", "undo", "link"):
        row(f"{name} in that article, p50 (p95 {p95(figures[name]):.0f} ms)", p50(figures[name]), p50(floors[name]))
    suggested_rows(ui, store, big, floor)
    ui.close()
    store.close()


def suggested_rows(ui: Window, store, document_id: str, floor: float) -> None:
    """The rules' suggestions for the big article written to its layer, then the article opened showing them."""
    from annotator.core.suggest.rules import RuleSuggester

    window = ui.window
    longest, shown = filled_in_background(ui)
    row(f"  suggestions on, that article unfilled: longest UI freeze (shown after {shown:,.0f} ms)", longest, floor)
    count: list[int] = []
    fill = ms(lambda: count.append(store.fill_suggestions(RuleSuggester(), [document_id])))
    row(f"rules fill that article's suggestion layer ({count[0]:,})", fill)
    window.actions_by_id["suggestions"].setChecked(True)
    first, opened = open_twice(ui, document_id)
    row("  open it showing its suggestions: first screen", first[0], floor)
    row("  every span and suggestion in the view", opened[0], floor)
    row("  opened again unchanged (warm), every span and suggestion", min(opened[1:]), floor)
    suggesting = window.suggesting
    for name, act in (("J (next suggestion)", suggesting.next), ("A (accept it)", suggesting.accept),
                      ("J, X (reject the next)", lambda: (suggesting.next(), suggesting.reject())),
                      ("Ctrl+Z (undo the reject)", window.undo),
                      ("suggestions off", lambda: window.actions_by_id["suggestions"].setChecked(False)),
                      ("suggestions on", lambda: window.actions_by_id["suggestions"].setChecked(True))):
        row(f"  with them shown, {name}: longest UI freeze", longest_freeze(ui, act), floor)
    window.actions_by_id["suggestions"].setChecked(False)


def longest_freeze(ui: Window, act: Callable[[], object]) -> float:
    """The longest the UI thread was busy at once from `act` until the window shows all it did (a worker's part too)."""
    window = ui.window
    longest = ui.ms(act)
    while window.loading or window.suggesting.counting:
        longest = max(longest, ui.ms(lambda: time.sleep(0.0005)))
    return longest


def filled_in_background(ui: Window) -> tuple[float, float]:
    """Suggestions turned on for the open article, which has no layer yet: a worker suggests, writes and reads
    them. The longest the UI thread was busy at once, and the milliseconds until they were shown."""
    window = ui.window
    start = time.perf_counter()
    longest = ui.ms(lambda: window.actions_by_id["suggestions"].setChecked(True))
    while (window.suggesting.filler is not None and window.suggesting.filler.running()) or window.loading:
        longest = max(longest, ui.ms(lambda: time.sleep(0.0005)))
    return longest, (time.perf_counter() - start) * 1000


def corpus_rows(folder: Path, documents: int, repeats: int) -> None:
    """First paint, a tag, next document and the filter with a big corpus, against five documents."""
    from annotator.core.ingest import import_paths
    from annotator.core.store import Store

    source = folder / "corpus.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for i in range(documents):
            out.write(json.dumps({"text": f"Article {i}\nSergei Lavrov said talks {i} were over. Word{i}."}) + "\n")
    figures = {}
    for size, name in ((5, "small"), (documents, "big")):
        store = Store(folder / f"corpus-{name}.db", user="bench")
        if size == documents:
            import_paths(store, [source])
        else:
            for i in range(size):
                store.add_document(f"Article {i}\nSergei Lavrov said talks {i} were over. Word{i}.")
        start = time.perf_counter()
        ui = Window(store, folder)
        paint = (time.perf_counter() - start) * 1000
        window = ui.window

        def tag() -> float:
            window.view.select_offsets(0, 7)
            return ui.ms(lambda: window.tag("CLAIM"))

        tags = [tag() for _ in range(repeats)]
        steps = [ui.ms(window.next_document) for _ in range(repeats)]
        clicks = [ui.ms(lambda: window.open_document(store.document_ids()[1])) for _ in range(repeats)]
        word = f"Word{size // 2}"
        shown = []
        window.searched.connect(lambda: shown.append(time.perf_counter()))
        start = time.perf_counter()
        window.filter_box.setText(word)
        window.apply_filter()
        typed = (time.perf_counter() - start) * 1000
        while not shown:
            ui.app.processEvents()
            time.sleep(0.0005)
        search = (shown[0] - start) * 1000
        figures[name] = (paint, p50(tags), p50(steps), p50(clicks), search, window.filtered.rowCount(), typed)
        ui.close()
        store.close()
    big, small = figures["big"], figures["small"]
    row(f"first paint with {documents:,} documents", big[0], small[0])
    row(f"tag with {documents:,} documents in the store, p50", big[1], small[1])
    row(f"next document with {documents:,} documents, p50", big[2], small[3])
    row(f"filter {documents:,} documents by a word ({big[5]} shown)", big[4])
    row("  of which the typing waits (the query runs in a worker)", big[6], small[6])


def review_rows(folder: Path, spans_wanted: int, text_size: int) -> None:
    """Compare, open the review window and decide, in the big article and in a short one; agreement."""
    from dataclasses import replace

    from PySide6.QtCore import QSettings

    from annotator.core.review import compare, decide
    from annotator.core.store import Store
    from annotator.ui.widgets.review_window import ReviewWindow

    app = _app()
    figures = {}
    for name, text, wanted in (("short", SHORT + "\n" + PARAGRAPH, 4), ("big", build_article(text_size), spans_wanted)):
        store = Store(folder / f"review-{name}.db", user="bench")
        document_id = store.add_document(text).document_id
        mine = annotated_layer(store, document_id, wanted, "bench")
        theirs = annotated_layer(store, document_id, wanted, "rival")
        moved = tuple(replace(s, start=s.start + 1, text=s.text[1:]) if k % 3 == 0 and s.label == "CLAIM" else s
                      for k, s in enumerate(theirs.spans))
        store.import_layer(mine)
        store.import_layer(replace(theirs, spans=moved))
        reviewer = ReviewWindow(store, QSettings(str(folder / f"r-{name}.ini"), QSettings.Format.IniFormat))
        reviewer.show()
        filled_in(app, reviewer)
        start = time.perf_counter()
        reviewer.set_pair("bench", "rival")
        app.processEvents()
        opened = (time.perf_counter() - start) * 1000
        filling, longest = filled_in(app, reviewer)
        filled = filling + opened
        difference = next(d for d in compare(store, document_id, "bench", "rival").differences if d.kind != "agree")
        decided = ms(lambda: (decide(store, reviewer.review, difference, "a"), app.processEvents()))
        figures[name] = (opened, filled, decided, len(mine.spans), longest)
        reviewer.close()
        store.close()
    row(f"review window on the {figures['big'][3]:,}-span article: open", figures["big"][0], figures["short"][0])
    row("review window: filled (compared in a worker)", figures["big"][1], figures["short"][1])
    row("  longest UI freeze while it fills", figures["big"][4], figures["short"][4])
    row("review window: one decision", figures["big"][2], figures["short"][2])


def filled_in(app, reviewer) -> tuple[float, float]:
    """Milliseconds until the review window's worker has compared and the window shows the result, and the
    longest the UI thread was busy at once meanwhile."""
    start, longest = time.perf_counter(), 0.0
    while reviewer.loading is not None:
        longest = max(longest, ms(lambda: (app.processEvents(), time.sleep(0.0005))))
    return (time.perf_counter() - start) * 1000, longest


def agreement_rows(folder: Path, documents: int) -> None:
    from annotator.core.agreement import PairData, agreement_report, pair_report
    from annotator.core.store import Store

    store = Store(folder / "agreement.db", user="alice")
    with store.batch("bench"):
        for i in range(documents):
            document_id = store.add_document(f"Document {i}. " + PARAGRAPH * 40).document_id
            for who in ("alice", "bob"):
                store.import_layer(annotated_layer(store, document_id, 100, who), replace=True)
    data = [
        PairData(d, "", store.document(d).text, tuple(store.spans(d, "alice")), tuple(store.spans(d, "bob")),
                 tuple(store.relations(d, "alice")), tuple(store.relations(d, "bob")))
        for d in store.document_ids()
    ]
    labels = [label.name for label in store.schema.span_labels]
    floor = ms(lambda: pair_report(data, labels, ("alice", "bob")))
    figure = ms(lambda: agreement_report(store, ["alice", "bob"]))
    row(f"agreement of two annotators, {documents:,} documents x ~100 spans", figure, floor)
    store.close()


def import_rows(folder: Path, files: int) -> None:
    """`annotator import` of many small articles against a raw executemany of the same rows."""
    import hashlib
    import sqlite3
    import uuid

    from annotator.core.ingest import import_paths
    from annotator.core.store import Store

    articles = folder / "articles"
    articles.mkdir()
    for i in range(files):
        (articles / f"a{i}.txt").write_text(f"Article {i}\n{PARAGRAPH * 3}", encoding="utf-8")
    Store(folder / "raw.db", user="bench").close()

    def raw() -> None:
        conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        rows = []
        for path in sorted(articles.iterdir()):
            text = path.read_text(encoding="utf-8")
            rows.append((str(uuid.uuid4()), text.split("\n")[0], str(path), None, text,
                         hashlib.sha256(text.encode()).hexdigest(), "{}", "now"))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        conn.close()

    floor = ms(raw)
    with Store(folder / "import.db", user="bench") as store:
        figure = ms(lambda: import_paths(store, [articles]))
    row(f"import {files:,} small articles ({files / figure * 1000:,.0f}/s)", figure, floor)

    db = folder / "busy.db"
    with Store(db, user="bench") as store:
        document_id = store.add_document(PARAGRAPH * 40).document_id
        importer = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(articles), "--db", str(db)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        waits, failures = [], 0
        while importer.poll() is None:
            start = time.perf_counter()
            try:
                store.add_span(document_id, "SPEAKER", 0, 6)
            except Exception:
                failures += 1
            waits.append((time.perf_counter() - start) * 1000)
    row(f"a tag while another process imports ({len(waits)} tags, {failures} failed), p95", p95(waits), p50(waits))


def export_rows(folder: Path, documents: int) -> Path:
    """Writing the JSONL export against dumping the same rows raw; the export's path."""
    from annotator.core.export import write_export
    from annotator.core.store import Store

    store = Store(folder / "export.db", user="bench")
    with store.batch("bench"):
        for i in range(documents):
            document_id = store.add_document(f"Document {i}. " + PARAGRAPH * 40).document_id
            store.import_layer(annotated_layer(store, document_id, 100, "bench"))
    spans = store.db.execute("SELECT count(*) FROM spans").fetchone()[0]

    def raw() -> None:
        with open(folder / "raw.jsonl", "w", encoding="utf-8") as out:
            for values in store.db.execute("SELECT * FROM spans"):
                out.write(json.dumps(values, ensure_ascii=False) + "\n")

    runs = [(ms(raw), ms(lambda: write_export(store, folder / "export.jsonl"))) for _ in range(2)]
    floor, figure = (min(run[k] for run in runs) for k in (0, 1))
    row(f"export {spans:,} spans (goal <= 1.0x), best of 2 each", figure, floor)
    store.close()
    return folder / "export.jsonl"


def span_import_rows(folder: Path, export: Path) -> None:
    """`annotator import` of an annotated export into an empty store, against a raw executemany of the rows it
    stored; and that store's size against the same data without the change log (both vacuumed)."""
    import sqlite3

    from annotator.core.ingest import import_paths
    from annotator.core.store import Store

    with Store(folder / "spans.db", user="reader") as store:
        figure = ms(lambda: import_paths(store, [export]))
        spans = store.db.execute("SELECT count(*) FROM spans").fetchone()[0]
        tables = ("documents", "annotators", "entities", "spans", "relations", "targets", "stances", "statuses")
        rows = {t: store.db.execute(f"SELECT * FROM [{t}]").fetchall() for t in tables}
        store.db.execute("VACUUM INTO ?", [str(folder / "with-log.db")])
    Store(folder / "raw-spans.db", user="reader").close()

    def raw() -> None:  # OR IGNORE: an empty store already holds a few entities and targets
        conn = sqlite3.connect(folder / "raw-spans.db", isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN")
        for table, values in rows.items():
            if values:
                conn.executemany(f"INSERT OR IGNORE INTO [{table}] VALUES ({', '.join('?' * len(values[0]))})", values)
        conn.execute("COMMIT")
        conn.close()

    floor = ms(raw)
    row(f"import an export of {spans:,} spans", figure, floor)
    conn = sqlite3.connect(folder / "with-log.db", isolation_level=None)
    conn.execute("DELETE FROM changes")
    conn.execute("VACUUM INTO ?", [str(folder / "without-log.db")])
    conn.close()
    with_log, without = ((folder / name).stat().st_size / 1e6 for name in ("with-log.db", "without-log.db"))
    row("  that store's size, against the same data without its change log", with_log, without, unit="MB")


def loop_rows(folder: Path) -> None:
    """Keys and mouse gestures per fully annotated direct-quote claim of the first sample article."""
    from PySide6.QtCore import QSettings

    from annotator.core.store import Store
    from annotator.keycount import annotate, open_first_seed

    _app()
    with Store(folder / "loop.db", user="bench") as store:
        window = open_first_seed(store, QSettings(str(folder / "loop.ini"), QSettings.Format.IniFormat))
        cost = annotate(window)
        window.close()
    keys = cost.keys()
    row(f"keys per direct-quote claim, median of {len(keys)} (goal <= 12)", cost.median_keys(), unit="keys")
    row(f"  mean, the first typing its stance target in full ({keys[0]})", cost.mean_keys(), unit="keys")
    row("mouse gestures per direct-quote claim, most (goal <= 1)", max(cost.gestures()), unit="gestures")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m annotator.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every row at a small size (checks that nothing crashes)")
    parser.add_argument("--big", action="store_true", help="also 50,000- and 100,000-span articles (minutes)")
    parser.add_argument("--polnear", metavar="DIR", help="suggestion figures on PolNeAR's dev articles "
                        "(a checkout of networkdynamics/PolNeAR; default $ANNOTATOR_POLNEAR)")
    parser.add_argument("--only-suggestions", action="store_true", help="only the suggestion rows")
    parser.add_argument("--only-editing", type=int, metavar="SPANS", help="only the editing rows, in an article "
                        "with this many spans (10000, 50000 or 100000)")
    args = parser.parse_args(argv)
    quick = args.quick
    big = args.big and not quick
    print(f"{'case':58} {'figure':>13}  {'floor':>16}  ratio")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only_editing:
            spans = args.only_editing
            editing_rows(folder, spans, spans * 100, {10_000: 20, 50_000: 10}.get(spans, 5))
            return
        suggestion_rows(folder, polnear_dir(args.polnear), quick, row, ms)
        if args.only_suggestions:
            return
        loop_rows(folder)
        editing_rows(folder, 500 if quick else 10_000, 100_000 if quick else 1_000_000, 3 if quick else 20)
        if big:
            editing_rows(folder, 50_000, 5_000_000, 10)
            editing_rows(folder, 100_000, 10_000_000, 5)
        corpus_rows(folder, 2_000 if quick else 100_000, 3 if quick else 20)
        review_rows(folder, 500 if quick else 10_000, 100_000 if quick else 1_000_000)
        agreement_rows(folder, 20 if quick else 1_000)
        import_rows(folder, 200 if quick else 10_000)
        span_import_rows(folder, export_rows(folder, 20 if quick else 10_000))


if __name__ == "__main__":
    main()
