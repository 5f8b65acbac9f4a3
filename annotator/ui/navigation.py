"""Moving through a list with wrap-around, and running a store action from a window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtWidgets import QStatusBar

from annotator.core.store import StoreError

T = TypeVar("T")


def step_through(items: Sequence[T], current: T | None, step: int, wanted: Callable[[T], bool] = lambda _: True) -> T | None:
    """The next (step 1) or previous (step -1) wanted item after `current`, wrapping around; None if none is wanted."""
    if not items:
        return None
    start = items.index(current) if current in items else (-1 if step > 0 else 0)
    for k in range(1, len(items) + 1):
        candidate = items[(start + step * k) % len(items)]
        if wanted(candidate):
            return candidate
    return None


def guarded(status_bar: QStatusBar, mutation: Callable[[], object]) -> bool:
    """Run a store mutation; a refusal is shown in the status bar and nothing else happens."""
    try:
        mutation()
    except StoreError as exc:
        status_bar.showMessage(str(exc), 6000)
        return False
    return True
