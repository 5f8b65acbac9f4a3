import pytest
from PySide6.QtCore import QSettings

from annotator.core.store import Store
from annotator.ui.widgets.main_window import MainWindow

ARTICLE = "😀 Title line\nSergei Lavrov said “we are ready for a ceasefire” on Monday.\n中文 Umerov noted talks."


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_store(tmp_path):
    with Store(tmp_path / "ui.db", user="alice") as store:
        store.add_document(ARTICLE)
        store.add_document("Second article\nRubio told Lavrov nothing.")
        yield store


@pytest.fixture
def window(qtbot, ui_store, settings):
    win = MainWindow(ui_store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    return win
