"""File dialogs that never open the files they list.

Qt's own icon provider reads the first bytes of every listed file to guess its type. If the
store's folder is listed, that opens and closes annotator.db, -wal and -shm, and on Linux and
macOS closing any descriptor of a file drops every lock this process holds on it: another
process may then delete the WAL the window is still writing to. These dialogs name types and
icons from the file name only, and never start in the store's folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the name alone: a folder or a file, never the content."""

    def icon(self, what):
        if isinstance(what, QFileInfo):
            style = QApplication.style()
            pixmap = QStyle.StandardPixmap.SP_DirIcon if what.isDir() else QStyle.StandardPixmap.SP_FileIcon
            return style.standardIcon(pixmap)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        return f"{info.suffix().upper()} file" if info.suffix() else "File"


def _dialog(parent: QWidget, title: str, start: Path, store_path: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(_away_from_store(start, store_path)))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setIconProvider(NameOnlyIconProvider())
    return dialog


def _away_from_store(start: Path, store_path: str) -> Path:
    """Start where the user was, unless that is the store's own folder."""
    if store_path == ":memory:":
        return start
    store_folder = Path(store_path).resolve().parent
    target = start if start.is_dir() else start.parent
    return Path.home() if target.resolve() == store_folder else start


def open_file_names(parent: QWidget, title: str, start: Path, store_path: str, name_filter: str) -> list[str]:
    dialog = _dialog(parent, title, start, store_path)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilter(name_filter)
    return dialog.selectedFiles() if dialog.exec() else []


def existing_directory(parent: QWidget, title: str, start: Path, store_path: str) -> str | None:
    dialog = _dialog(parent, title, start, store_path)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return dialog.selectedFiles()[0] if dialog.exec() else None


def save_file_name(parent: QWidget, title: str, start: Path, store_path: str, name_filter: str) -> str | None:
    dialog = _dialog(parent, title, start, store_path)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    if start.suffix:
        dialog.selectFile(start.name)
    return dialog.selectedFiles()[0] if dialog.exec() else None
