"""Checks on values read from other tools' JSON, which may hold anything."""

from __future__ import annotations


def integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def string(value: object) -> str | None:
    """`value` when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def key(value: object) -> str | int | None:
    """`value` when it can name something (a string or an integer), else None."""
    return value if isinstance(value, str) or integer(value) else None
