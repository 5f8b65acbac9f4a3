"""Where the store lives and who the user is, from the environment or the platform."""

from __future__ import annotations

import getpass
import os
from importlib.resources import files
from pathlib import Path

import appdirs

APP_NAME = "annotator"


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


def default_schema_path() -> Path:
    """`ANNOTATOR_SCHEMA`, else the tag scheme shipped with the program."""
    override = os.environ.get("ANNOTATOR_SCHEMA")
    return Path(override) if override else resource_path("schema.json")


def seeds_dir() -> Path:
    """The sample corpus: the checkout's seeds/ folder, shipped as the package `annotator.seeds`."""
    return _package_folder("annotator.seeds")


def resource_path(name: str) -> Path:
    """A data file of the checkout's resources/ folder, shipped as the package `annotator.resources`."""
    return _package_folder("annotator.resources") / name


def _package_folder(package: str) -> Path:
    """Where a data package lies on disk: in site-packages from a wheel, the checkout's folder when editable.

    pip never installs zipped, so the folder is a real path that imports and file dialogs can use.
    """
    return Path(str(files(package)))
