"""Start the desktop app on an open store."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.ingest import ImportReport
from annotator.core.store import Store
from annotator.ui.widgets.main_window import MainWindow


def make_app() -> QApplication:
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
