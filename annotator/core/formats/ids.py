"""The ids that imported spans and relations get."""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1c2d1e-5b0a-4c1e-9d55-3a1f0e7b9c42")


def imported_id(local: object, *scope: str) -> str:
    """The id an imported span or relation gets: its own when it is one of ours (a UUID), else one
    derived from its id in the file and `scope` (document, annotator), so importing the same file
    again finds the same spans instead of adding them twice, and two tasks that both call a span
    "T1" never collide."""
    text = str(local)
    try:
        return str(uuid.UUID(text)) if len(text) == 36 else _derived(text, scope)
    except ValueError:
        return _derived(text, scope)


def _derived(text: str, scope: tuple[str, ...]) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join((*scope, text))))

