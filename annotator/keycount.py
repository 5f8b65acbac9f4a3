"""The analyst's loop, scripted: the direct quotes of the first sample article annotated through the
window's keys, counting the keys and mouse gestures each claim took.

A claim is fully annotated when it has its text, a linked speaker, a quote type, one stance and a
speaker identified as a person. The script does what an analyst would: ' selects the next
quotation (a click in it first, when scare quotes come between), 1 tags it (a quotation that '
selected is a direct quote: Q only when it is not), Enter links the offered speaker, T + target +
Enter + a stance key adds the stance (the target is typed in full once, then three letters and
the completion), E + Enter identifies the speaker (skipped when the speaker is already
identified). `python -m annotator.bench` prints the figures; a test holds them."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.structure import quotation_at

SEED = "000_"
"""The sample article the loop annotates (seeds/000_*.txt)."""
DIRECT_QUOTES = (
    "Our delegation, led by",
    "We are grateful to them",
    "I would like to once again",
    "In those negotiations",
    "Negotiations are better than war",
    "But in order to succeed",
    "The West calls for human rights",
)
"""How each direct quotation of that article starts."""
TARGET = "negotiations"
TARGET_TYPE_AHEAD = 3
"""Letters typed for a target that exists already; Enter takes the first completion."""


@dataclass(frozen=True)
class ClaimCost:
    claim: str
    keys: int
    gestures: int


@dataclass(frozen=True)
class LoopCost:
    claims: tuple[ClaimCost, ...]

    def keys(self) -> list[int]:
        return [c.keys for c in self.claims]

    def gestures(self) -> list[int]:
        return [c.gestures for c in self.claims]

    def median_keys(self) -> float:
        return statistics.median(self.keys())

    def mean_keys(self) -> float:
        return statistics.fmean(self.keys())


class Keyboard:
    """Real key and mouse events on the window, counted."""

    def __init__(self, window):
        self.window = window
        self.keys = 0
        self.gestures = 0

    def press(self, key, widget=None, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget or self.window.view, key, modifier)
        self.keys += 1

    def type(self, text: str, widget) -> None:
        for char in text:
            self.press(char, widget)

    def click(self, offset: int) -> None:
        """A click at `offset`, scrolled into view first (reading scrolls; that is not counted)."""
        view = self.window.view
        _scroll_to(view, offset)
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.map.to_utf16(offset))
        rect = view.cursorRect(cursor)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 3, rect.center().y()))
        self.gestures += 1

    def in_dialog(self, key, steps: Callable[[object], None]) -> None:
        """Press `key`, which opens a modal dialog, and run `steps` on it (they count their own keys)."""
        timer = QTimer(interval=10)
        failure: list[BaseException] = []

        def act():
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isVisible():
                return
            timer.stop()
            dialog.activateWindow()
            QTest.qWait(20)
            try:
                steps(dialog)
            except BaseException as exc:  # a failed step must not leave the dialog open
                failure.append(exc)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        timer.timeout.connect(act)
        timer.start()
        self.press(key)
        timer.stop()
        if failure:
            raise failure[0]
        if QApplication.activeWindow() is None:  # a window system gives the focus back; offscreen does not
            self.window.activateWindow()
            self.window.view.setFocus()
            QTest.qWait(10)


def _scroll_to(view, offset: int) -> None:
    """Scroll the article so that `offset` is on screen, leaving the caret where it is."""
    block = view.document().findBlock(view.map.to_utf16(offset))
    bar = view.verticalScrollBar()
    bar.setValue(max(bar.minimum(), min(bar.maximum(), block.firstLineNumber())))
    QApplication.processEvents()


def focused(dialog):
    """Where a real key press would go: the open completion popup, else the dialog's focus widget."""
    return QApplication.activePopupWidget() or dialog.focusWidget() or dialog


def annotate(window) -> LoopCost:
    """Annotate every direct quote of the open article (the first seed) fully; the cost of each."""
    text = window.view.text
    keyboard = Keyboard(window)
    costs = []
    typed_target = False
    for opening in DIRECT_QUOTES:
        keys, gestures = keyboard.keys, keyboard.gestures
        start = text.index(opening)
        caret = window.view.caret_offset()
        following = quotation_at(text, caret, caret)
        if following is None or following[0] != start:
            keyboard.click(start + 1)
        keyboard.press("'")
        keyboard.press("1")
        claim = window.selected_span()
        if claim is None or claim.start != start or claim.label != "CLAIM":
            raise AssertionError(f"' and 1 did not tag the quotation starting {opening!r}")
        keyboard.press(Qt.Key.Key_Return)
        if window.store.span(claim.id).attrs.get("quote_type") != "direct":
            keyboard.press("q")

        def stance(dialog, full=not typed_target):
            keyboard.type(TARGET if full else TARGET[:TARGET_TYPE_AHEAD], focused(dialog))
            keyboard.press(Qt.Key.Key_Return, focused(dialog))
            keyboard.press("s", focused(dialog))

        keyboard.in_dialog("t", stance)
        typed_target = True
        speaker_id = window.attributions.speaker_of(claim.id)
        if speaker_id and window.store.span(speaker_id).entity_id is None:
            keyboard.in_dialog("e", lambda dialog: keyboard.press(Qt.Key.Key_Return, focused(dialog)))
        _check(window, claim.id, opening)
        costs.append(ClaimCost(opening, keyboard.keys - keys, keyboard.gestures - gestures))
    return LoopCost(tuple(costs))


def _check(window, claim_id: str, opening: str) -> None:
    """The claim is fully annotated, or the count means nothing."""
    store = window.store
    claim = store.span(claim_id)
    speaker_id = store.speaker_of(claim_id)
    speaker = store.span(speaker_id) if speaker_id else None
    missing = [
        what
        for what, ok in (
            ("a speaker link", speaker is not None),
            ("the quote type", claim.attrs.get("quote_type") == "direct"),
            ("a stance", [(s.target, s.label) for s in claim.stances] == [(TARGET, "support")]),
            ("an identified speaker", speaker is not None and speaker.entity_id is not None),
        )
        if not ok
    ]
    if missing:
        raise AssertionError(f"the claim starting {opening!r} lacks {', '.join(missing)}")


def open_first_seed(store, settings):
    """A window on `store` with the first sample article imported and open."""
    from annotator.core.ingest import import_paths
    from annotator.core.config import seeds_dir
    from annotator.ui.widgets.main_window import MainWindow

    (path,) = sorted(seeds_dir().glob(f"{SEED}*.txt"))
    import_paths(store, [path])
    window = MainWindow(store, settings)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    window.view.setFocus()
    QTest.qWait(20)
    return window
