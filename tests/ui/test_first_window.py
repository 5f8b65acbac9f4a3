"""The first window: it fits the screen, says how to import into an empty store and tells the first run's problems."""

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication

from annotator.cli import main
from annotator.core.store import Store
from annotator.ui.dialogs.messages import ErrorListDialog
from annotator.ui.geometry import first_geometry
from annotator.ui.widgets.main_window import MainWindow


def test_a_first_window_takes_85_percent_of_the_screen_centred(window):
    available = window.screen().availableGeometry()
    shown = window.geometry()
    assert (shown.width(), shown.height()) == (round(available.width() * 0.85), round(available.height() * 0.85))
    assert abs(shown.center().x() - available.center().x()) <= 1
    assert abs(shown.center().y() - available.center().y()) <= 1


def test_a_window_remembered_on_a_larger_screen_opens_inside_this_one(qtbot, ui_store, settings):
    big = MainWindow(ui_store, settings)
    qtbot.addWidget(big)
    big.show()
    available = big.screen().availableGeometry()
    big.setGeometry(QRect(available.right() - 200, 150, available.width() + 600, available.height() + 300))
    big.close()
    again = MainWindow(ui_store, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert available.contains(again.geometry())
    assert again.geometry().width() >= available.width() - 2, "shrunk to the screen, not to its old size"


def test_the_first_geometry_is_85_percent_of_any_screen_centred_in_it():
    assert first_geometry(QRect(0, 0, 1280, 800)) == QRect(96, 60, 1088, 680)
    assert first_geometry(QRect(1280, 24, 1920, 1056)) == QRect(1424, 103, 1632, 898)


def test_an_empty_store_says_in_the_window_how_to_import(qtbot, tmp_path, settings):
    with Store(tmp_path / "empty.db", user="alice") as store:
        win = MainWindow(store, settings)
        qtbot.addWidget(win)
        assert win.view.toPlainText() == ""
        hint = win.view.placeholderText()
        assert "No documents yet" in hint
        assert "File > Import files… (Ctrl+O)" in hint and "annotator import PATH" in hint
        win.close()


def test_the_first_run_shows_every_error_of_the_sample_import_in_the_window(tmp_path, monkeypatch, capsys, qapp):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("Talks resume in Istanbul\nBoth sides met on Monday.\n", encoding="utf-8")
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    monkeypatch.setattr("annotator.cli.seeds_dir", lambda: seeds)
    shown = []

    def record(cls, parent, title, summary, errors):
        shown.append((parent, title, summary, errors, parent.statusBar().currentMessage()))
        QTimer.singleShot(0, QApplication.closeAllWindows)

    monkeypatch.setattr(ErrorListDialog, "show_errors", classmethod(record))
    guard = QTimer(singleShot=True, interval=10_000)  # never hang the suite
    guard.timeout.connect(QApplication.closeAllWindows)
    guard.start()
    try:
        assert main(["gui", "--db", str(tmp_path / "first.db")]) == 0
    finally:
        guard.stop()  # else it closes the windows of whichever test runs 10 s later
    (parent, title, summary, errors, status), = shown
    assert isinstance(parent, MainWindow)
    assert summary == status
    assert summary.startswith("First run: imported the sample corpus (1 documents added") and "2 errors" in summary
    assert len(errors) == 2
    assert any(str(seeds / "empty.txt") in e and "empty file" in e for e in errors)
    assert any(str(seeds / "binary.txt") in e for e in errors)
    assert capsys.readouterr().err.count("error: ") == 2
