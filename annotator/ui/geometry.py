"""Where a window first opens: a share of the screen, centred.

A remembered place needs nothing here: QWidget.restoreGeometry (Qt 6) already shrinks and moves
a window saved on a larger or another screen until it, frame included, fits the one it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

FIRST_SHARE = 0.85
"""How much of the available screen (width and height) a window takes when nothing is remembered."""


def first_geometry(available: QRect, share: float = FIRST_SHARE) -> QRect:
    """A rectangle `share` of `available` in each direction, centred in it."""
    size = QSize(round(available.width() * share), round(available.height() * share))
    placed = QRect(available.topLeft(), size)
    placed.moveCenter(available.center())
    return placed
