"""Start the desktop app on an open store."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.ingest import ImportReport
from annotator.core.store import Store
from annotator.ui.widgets.main_window import MainWindow


GC_YOUNGEST = 50_000
"""Python collects its youngest objects after this many new ones (700 by default). Opening a
10,000-span article makes some 100,000 objects; at 700 the collections took a third of that time."""


def make_app() -> QApplication:
    gc.set_threshold(GC_YOUNGEST, *gc.get_threshold()[1:])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    return app


def run(store: Store, first_run: ImportReport | None = None) -> int:
    """Open the window on `store`; `first_run` is the sample import an empty store just had, told once it shows."""
    app = make_app()
    window = MainWindow(store)
    window.show()
    if first_run is not None:
        QTimer.singleShot(0, lambda: window.show_first_run(first_run))
    try:
        return app.exec()
    finally:
        store.close()
