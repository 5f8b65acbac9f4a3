"""Moving through a list with wrap-around."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def step_through(items: Sequence[T], current: T | None, step: int, wanted: Callable[[T], bool] = lambda _: True) -> T | None:
    """The next (step 1) or previous (step -1) wanted item after `current`, wrapping around; None if none is wanted."""
    if not items:
        return None
    start = items.index(current) if current in items else (-1 if step > 0 else 0)
    return step_from(items, start, step, wanted)


def step_from(items: Sequence[T], start: int, step: int, wanted: Callable[[T], bool] = lambda _: True) -> T | None:
    """The next (step 1) or previous (step -1) wanted item after position `start`, wrapping around; None if none is
    wanted. Found by position, so stepping through a long list costs what lies between the two items."""
    for k in range(1, len(items) + 1):
        candidate = items[(start + step * k) % len(items)]
        if wanted(candidate):
            return candidate
    return None
