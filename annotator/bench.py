"""`python -m annotator.bench`: how fast a big article opens and repaints, how fast imports run and
how long a tag waits for another process's import. Prints its figures.

A 1 MB article (with emoji, so UTF-16 conversion is exercised) and 10,000 spans,
against the same article without spans as the floor; then a colleague's layer
of the same article (a third of the spans moved, a fifth dropped) is compared,
measured for agreement and opened in the review window.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PARAGRAPH = "Sergei Lavrov said 😀 “we are ready for direct talks in Istanbul” on Monday, officials noted. "


def build_article(size: int = 1_000_000) -> str:
    lines, total = [], 0
    while total < size:
        line = PARAGRAPH * 4
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from dataclasses import replace

    from annotator.core.agreement import agreement_report
    from annotator.core.model import Layer, Span
    from annotator.core.review import compare, decide
    from annotator.core.store import Store
    from annotator.ui.app import make_app
    from annotator.ui.widgets.main_window import MainWindow
    from annotator.ui.widgets.review_window import ReviewWindow

    app = make_app()
    text = build_article()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", user="bench")
        bare = store.add_document(text).document_id
        spanned = store.add_document(text + "\n").document_id
        start = time.perf_counter()
        document = store.document(spanned)
        spans, offset = [], 0
        while len(spans) < 10_000:
            at = text.find("Lavrov", offset)
            if at < 0:
                break
            label = "SPEAKER" if len(spans) % 2 else "CLAIM"
            end = at + 6 if label == "SPEAKER" else text.find("”", at) + 1
            spans.append(Span(f"s{len(spans)}", spanned, "bench", label, at, end, document.text[at:end]))
            offset = at + 1
        store.import_layer(Layer(document, "bench", None, tuple(spans)))
        made = len(spans)
        seeding = (time.perf_counter() - start) * 1000
        window = MainWindow(store, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        app.processEvents()

        def open_doc(doc_id):
            window.open_document(doc_id)
            QApplication.processEvents()

        floor = min(_timed(lambda: open_doc(bare)) for _ in range(3))
        opened = min(_timed(lambda: open_doc(spanned)) for _ in range(3))
        at = text.find("Istanbul", len(text) // 2)
        window.view.select_offsets(at, at + 8)
        tag = _timed(lambda: (window.tag("CLAIM"), QApplication.processEvents()))
        new_id = window.view.selected_id
        delete = _timed(lambda: (window.delete_span(), QApplication.processEvents()))
        undo = _timed(lambda: (window.undo(), QApplication.processEvents()))
        assert any(s.id == new_id for s in window.view.spans)
        window.close()

        rival = tuple(
            replace(span, id=f"r{k}", annotator="rival", start=span.start + 1, text=span.text[1:]) if k % 3 == 0
            else replace(span, id=f"r{k}", annotator="rival")
            for k, span in enumerate(spans) if k % 5
        )
        store.import_layer(Layer(document, "rival", None, rival))
        review = None

        def run_compare():
            nonlocal review
            review = compare(store, spanned, "bench", "rival")

        compared = _timed(run_compare)
        agreed = _timed(lambda: agreement_report(store, ["bench", "rival"]))
        reviewer = ReviewWindow(store, QSettings(str(Path(tmp) / "r.ini"), QSettings.Format.IniFormat))
        reviewer.show()
        review_open = _timed(lambda: (reviewer.set_pair("bench", "rival"), QApplication.processEvents()))
        boundary = next(d for d in review.differences if d.kind == "boundary")
        decided = _timed(lambda: (decide(store, reviewer.review, boundary, "a"), QApplication.processEvents()))
        reviewer.close()
        store.close()
    print(f"article: {len(text.encode('utf-8')) / 1e6:.2f} MB, {len(text.splitlines())} paragraphs, {made} spans "
          f"(seeded in {seeding:.0f} ms)")
    print(f"open without spans (floor): {floor:7.1f} ms")
    print(f"open with {made} spans:     {opened:7.1f} ms  ({opened / floor:.2f}x the floor)")
    print(f"tag a span:                 {tag:7.1f} ms")
    print(f"delete it:                  {delete:7.1f} ms")
    print(f"undo the delete:            {undo:7.1f} ms")
    print(f"review: {len(review.differences)} differences against a colleague's {len(rival)} spans")
    print(f"compare the two layers:     {compared:7.1f} ms")
    print(f"agreement report:           {agreed:7.1f} ms")
    print(f"open the review window:     {review_open:7.1f} ms")
    print(f"take A on one difference:   {decided:7.1f} ms")


def store_figures() -> None:
    """Import rates, and how long a window's action waits for the lock while another process imports."""
    import json
    import statistics
    import subprocess
    import sys

    from annotator.core.ingest import import_paths
    from annotator.core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(2000):
            (folder / f"a{i}.txt").write_text(f"Article {i}\n{PARAGRAPH * 3}", encoding="utf-8")
        lines = Path(tmp) / "layers.jsonl"
        with open(lines, "w", encoding="utf-8") as out:
            for i in range(5000):
                text = f"Line {i}: {PARAGRAPH}"
                at = text.index("Lavrov")
                out.write(json.dumps({"text": text, "annotator": "colleague",
                                      "spans": [{"start": at, "end": at + 6, "label": "SPEAKER"}]}) + "\n")
        with Store(Path(tmp) / "rate.db", user="bench") as store:
            files_ms = _timed(lambda: import_paths(store, [folder]))
            lines_ms = _timed(lambda: import_paths(store, [lines]))
        print(f"import 2,000 text files:    {files_ms:7.0f} ms  ({2000 / files_ms * 1000:,.0f} files/s)")
        print(f"import 5,000 JSONL lines:   {lines_ms:7.0f} ms  ({5000 / lines_ms * 1000:,.0f} lines/s)")

        db = Path(tmp) / "busy.db"
        with Store(db, user="bench") as store:
            document_id = store.add_document(PARAGRAPH * 40).document_id
            importer = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(folder), "--db", str(db)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            waits, failures = [], 0
            while importer.poll() is None:
                start = time.perf_counter()
                try:
                    store.add_span(document_id, "SPEAKER", 0, 6)
                except Exception:
                    failures += 1
                waits.append((time.perf_counter() - start) * 1000)
            waits.sort()
        p95 = waits[int(len(waits) * 0.95)] if waits else float("nan")
        print(f"a tag while another process imports 2,000 files: {len(waits)} tags, {failures} failed, "
              f"wait p50 {statistics.median(waits):.1f} ms, p95 {p95:.1f} ms, max {waits[-1]:.1f} ms")


if __name__ == "__main__":
    main()
    store_figures()
