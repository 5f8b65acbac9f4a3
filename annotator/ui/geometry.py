"""Where a window first opens (a share of the screen, centred), and where a dialog opens beside the selection.

A remembered place needs nothing here: QWidget.restoreGeometry (Qt 6) already shrinks and moves
a window saved on a larger or another screen until it, frame included, fits the one it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

FIRST_SHARE = 0.85
"""How much of the available screen (width and height) a window takes when nothing is remembered."""


def first_geometry(available: QRect, share: float = FIRST_SHARE) -> QRect:
    """A rectangle `share` of `available` in each direction, centred in it."""
    size = QSize(round(available.width() * share), round(available.height() * share))
    placed = QRect(available.topLeft(), size)
    placed.moveCenter(available.center())
    return placed


def beside(size: QSize, anchor: QRect, screen: QRect, gap: int = 8) -> QPoint:
    """Where a window of `size` goes next to `anchor` (the selection) without covering it, inside `screen`.

    Below the selection first (the eye is already there), then above, right, left; if no side has
    room, the place that covers the least of it, kept on the screen.
    """
    width, height = size.width(), size.height()
    left = min(max(anchor.left(), screen.left()), screen.right() - width + 1)
    top = min(max(anchor.top(), screen.top()), screen.bottom() - height + 1)
    candidates = (
        QPoint(left, anchor.bottom() + gap),
        QPoint(left, anchor.top() - gap - height),
        QPoint(anchor.right() + gap, top),
        QPoint(anchor.left() - gap - width, top),
    )
    for point in candidates:
        if screen.contains(QRect(point, size)):
            return point

    def covered(point: QPoint) -> int:
        overlap = QRect(point, size).intersected(anchor)
        return overlap.width() * overlap.height() if overlap.isValid() else 0

    inside = [QPoint(min(max(p.x(), screen.left()), screen.right() - width + 1),
                     min(max(p.y(), screen.top()), screen.bottom() - height + 1)) for p in candidates]
    return min(inside, key=covered)
