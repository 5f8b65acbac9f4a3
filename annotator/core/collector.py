"""Python's cyclic garbage collector, paused while many acyclic objects are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(kept: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector off meanwhile: making 100,000 spans (or reading 10,000 articles; no
    cycles among them) ran it again and again over every object of the program, which cost as much as making them.

    `kept`: what is made meanwhile lives on (an article the window shows). It is then frozen out of the
    collector (`gc.freeze`, with every other object alive): its first runs after the pause walked each of
    those objects, holding the interpreter, and so the window, for 0.2 s at a time with 250,000 spans.
    They are acyclic, so reference counting frees them when they are dropped.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
        if kept:
            gc.freeze()
    finally:
        if was_on:
            gc.enable()
