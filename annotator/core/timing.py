"""Time on task: how long an annotator actively worked on a document (Label Studio's lead_time).

The window reports every key press, click and scroll; the time between two of them counts for
the open document when they are at most `idle` seconds apart, so a coffee break or a night with
the window open adds nothing. Time builds up in memory and is written in one small transaction
now and then (`take`), never one per key press.
"""

from __future__ import annotations

import time
from collections.abc import Callable

IDLE_SECONDS = 120.0
"""A gap with no activity longer than this is not counted (nor any part of it)."""


class TimeOnTask:
    def __init__(self, clock: Callable[[], float] = time.monotonic, idle: float = IDLE_SECONDS):
        self.clock = clock
        self.idle = idle
        self.pending: dict[tuple[str, str], float] = {}
        self._key: tuple[str, str] | None = None
        self._last: float | None = None

    def activity(self, document_id: str | None, annotator: str) -> None:
        """The user acted on `document_id`: the time since their last action on it counts, unless it was idle."""
        now = self.clock()
        key = (document_id, annotator) if document_id else None
        if key is not None and key == self._key and self._last is not None and 0 <= now - self._last <= self.idle:
            self.pending[key] = self.pending.get(key, 0.0) + now - self._last
        self._key, self._last = key, now

    def pause(self) -> None:
        """Stop the running interval (the document closes or changes): the next action starts a new one."""
        self._key = self._last = None

    def take(self) -> dict[tuple[str, str], float]:
        """The time gathered since the last take, by (document, annotator); empties it."""
        taken, self.pending = self.pending, {}
        return taken

    def give_back(self, taken: dict[tuple[str, str], float]) -> None:
        """Time that could not be written (the store was busy) waits for the next take."""
        for key, seconds in taken.items():
            self.pending[key] = self.pending.get(key, 0.0) + seconds


def format_duration(seconds: float) -> str:
    """`1h 02m`, `3m 20s`, `45s`: time on task as a person reads it."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"
