"""Start the desktop app on an open store."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from annotator.core.store import Store
from annotator.ui.widgets.main_window import MainWindow


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    return app


def run(store: Store) -> int:
    app = make_app()
    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
