"""Where the store lives and who the user is, from the environment or the platform."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import appdirs

APP_NAME = "annotator"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout that holds resources/ and seeds/ beside the package (installed editable)."""


def default_db_path() -> Path:
    """`ANNOTATOR_DB`, else annotator.db in the platform's user data folder."""
    override = os.environ.get("ANNOTATOR_DB")
    if override:
        return Path(override)
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False)) / "annotator.db"


def default_user() -> str:
    """`ANNOTATOR_USER`, else the operating-system user name."""
    name = os.environ.get("ANNOTATOR_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def seeds_dir() -> Path:
    """The sample corpus: the project's seeds/ folder."""
    return PROJECT_ROOT / "seeds"


def resource_path(name: str) -> Path:
    return PROJECT_ROOT / "resources" / name
