import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCharFormat

from annotator.core.store import Store
from annotator.ui.widgets.main_window import MainWindow

ARTICLE = "😀 Title line\nSergei Lavrov said “we are ready for a ceasefire” on Monday.\n中文 Umerov noted talks."


@pytest.fixture
def settings(tmp_path):
    """Fresh window settings; suggestions hidden, so a test sees only the spans it made (tests/ui/test_suggesting.py shows them)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("suggest/show", False)
    return settings


@pytest.fixture
def ui_store(tmp_path):
    with Store(tmp_path / "ui.db", user="alice") as store:
        store.add_document(ARTICLE)
        store.add_document("Second article\nRubio told Lavrov nothing.")
        yield store


def shown_window(qtbot, store, settings) -> MainWindow:
    """A main window on screen with the keyboard in its article, as a user starts."""
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    return win


@pytest.fixture
def window(qtbot, ui_store, settings):
    win = shown_window(qtbot, ui_store, settings)
    yield win
    win.close()


def formats_by_unit(view, block_number):
    """The formats the highlighter really applied in a block, by UTF-16 unit within it, once it is on screen."""
    view.highlighter.paint_blocks([block_number])
    block = view.document().findBlockByNumber(block_number)
    painted = {}
    for fmt_range in block.layout().formats():
        fmt = QTextCharFormat(fmt_range.format)
        for unit in range(fmt_range.start, fmt_range.start + fmt_range.length):
            painted[unit] = fmt
    return block, painted
