"""Every window action in one table: id, menu, text, shortcuts, handler name (a dotted name reaches a
helper object of the window, such as `suggesting.next`), checkable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    id: str
    menu: str
    text: str
    shortcuts: tuple[str, ...]
    handler: str
    checkable: bool = False
    waits: bool = False
    """It reads or changes the selection or the store: while store actions wait for another program's
    write lock, it waits behind them (StoreActions.in_order)."""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import_files", "&File", "&Import files…", ("Ctrl+O",), "import_files"),
    ActionSpec("import_folder", "&File", "Import &folder…", ("Ctrl+Shift+O",), "import_folder"),
    ActionSpec("import_colleague", "&File", "Import &colleague's annotations…", ("Ctrl+Shift+I",), "import_files"),
    ActionSpec("import_replace", "&File", "Import and &replace your layer…", (), "import_replacing"),
    ActionSpec("export", "&File", "&Export JSONL…", ("Ctrl+E",), "export_jsonl"),
    ActionSpec("quit", "&File", "&Quit", ("Ctrl+Q",), "close"),
    ActionSpec("undo", "&Edit", "&Undo", ("Ctrl+Z",), "undo", waits=True),
    ActionSpec("redo", "&Edit", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo", waits=True),
    ActionSpec("delete", "&Edit", "&Delete span", ("Delete", "Backspace"), "delete_span", waits=True),
    ActionSpec("deselect", "&Edit", "Clear selection / cancel", ("Escape",), "clear_selection", waits=True),
    ActionSpec("find", "&Edit", "&Filter documents", ("Ctrl+F",), "focus_filter"),
    ActionSpec("next_match", "&Edit", "Next &match in the article", ("F3",), "next_match"),
    ActionSpec("prev_match", "&Edit", "Previous match in the article", ("Shift+F3",), "previous_match"),
    ActionSpec("rename", "&Edit", "Re&name document…", ("F2",), "rename_document", waits=True),
    ActionSpec("snap", "&Edit", "&Snap selections to words", ("W",), "toggle_snap", checkable=True),
    ActionSpec("quotation", "&Select", "The &quotation under or after the cursor", ("'",), "select_quotation", waits=True),
    ActionSpec("sentence", "&Select", "The &sentence (again: one more)", (".",), "select_sentence", waits=True),
    ActionSpec("clause", "&Select", "The &clause (again: one more)", (",",), "select_clause", waits=True),
    ActionSpec("grow", "&Select", "One &word more", ("=", "+"), "grow_selection", waits=True),
    ActionSpec("shrink", "&Select", "One word &less", ("-",), "shrink_selection", waits=True),
    ActionSpec("link", "&Annotate", "&Link claim to speaker", ("L",), "link_speaker", waits=True),
    ActionSpec(
        "take_speaker", "&Annotate", "Link the &offered speaker, tagging it if needed (Enter in the article)", (),
        "take_offered_speaker", waits=True,
    ),
    ActionSpec("unlink", "&Annotate", "U&nlink speaker", ("Shift+L",), "unlink_speaker", waits=True),
    ActionSpec("entity", "&Annotate", "&Identify speaker…", ("E",), "identify_speaker", waits=True),
    ActionSpec("stance", "&Annotate", "Add &stance…", ("T",), "add_stance", waits=True),
    ActionSpec("stances", "&Annotate", "&Edit the claim's stances…", ("Shift+T",), "edit_stances", waits=True),
    ActionSpec("quote", "&Annotate", "Cycle &quote type", ("Q",), "cycle_quote_type", waits=True),
    ActionSpec("start_left", "&Annotate", "Move span start left", ("Alt+Left",), "move_start_left", waits=True),
    ActionSpec("start_right", "&Annotate", "Move span start right", ("Alt+Right",), "move_start_right", waits=True),
    ActionSpec("end_left", "&Annotate", "Move span end left", ("Alt+Shift+Left",), "move_end_left", waits=True),
    ActionSpec("end_right", "&Annotate", "Move span end right", ("Alt+Shift+Right",), "move_end_right", waits=True),
    ActionSpec("next_span", "&Annotate", "Select next span", ("]",), "select_next_span", waits=True),
    ActionSpec("prev_span", "&Annotate", "Select previous span", ("[",), "select_previous_span", waits=True),
    ActionSpec("next_doc", "&Go", "&Next document", ("Ctrl+PgDown", "Alt+Down"), "next_document", waits=True),
    ActionSpec("prev_doc", "&Go", "&Previous document", ("Ctrl+PgUp", "Alt+Up"), "previous_document", waits=True),
    ActionSpec("next_todo", "&Go", "Next no&t done", ("Ctrl+N",), "next_not_done", waits=True),
    ActionSpec("done_next", "&Go", "Mark &done and go to next", ("Ctrl+Return", "Ctrl+Enter"),
        "mark_done_and_next", waits=True),
    ActionSpec("reopen", "&Go", "Mark &in progress", ("Ctrl+Shift+Return",), "mark_in_progress", waits=True),
    ActionSpec("most_suggested", "&Go", "Next document with most &suggestions", (),
        "suggesting.next_document_with_most", waits=True),
    ActionSpec("others", "&View", "Show &other annotators (read-only)", ("Ctrl+Shift+H",), "toggle_others", checkable=True),
    ActionSpec("suggestions", "&View", "Show s&uggestions", ("Ctrl+Shift+S",), "suggesting.toggle", checkable=True),
    ActionSpec("annotator", "&View", "Change &annotator…", ("Ctrl+Shift+A",), "change_annotator"),
    ActionSpec("people", "&View", "&People…", ("Ctrl+P",), "open_people"),
    ActionSpec("review", "&Review", "&Review and adjudicate…", ("Ctrl+R",), "open_review"),
    ActionSpec("agreement", "&Review", "&Agreement…", ("Ctrl+K",), "open_agreement"),
    ActionSpec("next_suggestion", "S&uggestions", "&Next suggestion", ("J",), "suggesting.next", waits=True),
    ActionSpec("prev_suggestion", "S&uggestions", "&Previous suggestion", ("K",), "suggesting.previous", waits=True),
    ActionSpec("accept_suggestion", "S&uggestions", "&Accept suggestion", ("A",), "suggesting.accept", waits=True),
    ActionSpec("reject_suggestion", "S&uggestions", "Re&ject suggestion", ("X",), "suggesting.reject", waits=True),
    ActionSpec("accept_sentence", "S&uggestions", "Accept all in this &sentence", ("Shift+A",),
        "suggesting.accept_sentence", waits=True),
    ActionSpec("accept_paragraph", "S&uggestions", "Accept all in this pa&ragraph", ("Alt+A",),
        "suggesting.accept_paragraph", waits=True),
    ActionSpec("adjust_suggestion", "S&uggestions", "Adjust &boundary, then Enter or a label key", ("B",),
        "suggesting.adjust", waits=True),
    ActionSpec("fill_corpus", "S&uggestions", "Suggest for &every document", (), "suggesting.fill_corpus"),
    ActionSpec("cancel_fill", "S&uggestions", "Cancel su&ggesting", (), "suggesting.cancel_fill"),
    ActionSpec("train", "S&uggestions", "&Train a model now", (), "suggesting.train_now"),
    ActionSpec("cancel_training", "S&uggestions", "&Cancel training", (), "suggesting.cancel_training"),
    ActionSpec("train_every", "S&uggestions", "Train a&utomatically after…", (), "suggesting.ask_train_every"),
    ActionSpec("models", "S&uggestions", "&Models…", (), "suggesting.choose_model"),
    ActionSpec("shortcuts", "&Help", "&Keyboard shortcuts", ("F1",), "show_shortcuts"),
)

REVIEW_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("swap", "&File", "S&wap A and B", ("Ctrl+Shift+W",), "swap_sides"),
    ActionSpec("agreement", "&File", "&Agreement…", ("Ctrl+K",), "open_agreement"),
    ActionSpec("close", "&File", "&Close", ("Ctrl+W",), "close"),
    ActionSpec("undo", "&Edit", "&Undo", ("Ctrl+Z",), "undo"),
    ActionSpec("redo", "&Edit", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    ActionSpec("next", "&Decide", "&Next difference", ("N", "J", "F8"), "next_difference"),
    ActionSpec("previous", "&Decide", "&Previous difference", ("P", "K", "Shift+F8"), "previous_difference"),
    ActionSpec("next_open", "&Decide", "Next &open difference", ("Shift+N",), "next_open_difference"),
    ActionSpec("take_a", "&Decide", "Take &A", ("A",), "take_a"),
    ActionSpec("take_b", "&Decide", "Take &B", ("B",), "take_b"),
    ActionSpec("take_both", "&Decide", "Take bot&h", ("H",), "take_both"),
    ActionSpec("reject", "&Decide", "&Reject: leave a span only one side has out of gold", ("R",), "reject"),
    ActionSpec("edit", "&Decide", "&Edit: select the text in gold, then press a label key", ("E",), "start_edit"),
    ActionSpec("accept", "&Decide", "A&ccept all agreements in this document", ("Shift+A",), "accept_document"),
    ActionSpec("accept_all", "&Decide", "Accept all agreements in e&very document", (), "accept_everywhere"),
    ActionSpec("next_doc", "&Go", "&Next document", ("Ctrl+PgDown", "Alt+Down"), "next_document"),
    ActionSpec("prev_doc", "&Go", "&Previous document", ("Ctrl+PgUp", "Alt+Up"), "previous_document"),
    ActionSpec("adjudicated", "&Go", "Mark &adjudicated and go to next", ("Ctrl+Return", "Ctrl+Enter"), "mark_adjudicated"),
    ActionSpec("in_review", "&Go", "Mark in &review", ("Ctrl+Shift+Return",), "mark_in_review"),
    ActionSpec("shortcuts", "&Help", "&Keyboard shortcuts", ("F1",), "show_shortcuts"),
)


MENU_TITLES = {"&Annotate": "A&nnotate"}
"""Menus shown under another mnemonic than their name in the tables: Alt+A accepts a paragraph of suggestions."""


def build_actions(window, specs=ACTIONS) -> dict[str, QAction]:
    """Create the QActions, add them to their menus and to the window, and connect handlers."""
    actions: dict[str, QAction] = {}
    menus = {}
    for spec in specs:
        menu = menus.get(spec.menu) or menus.setdefault(
            spec.menu, window.menuBar().addMenu(MENU_TITLES.get(spec.menu, spec.menu))
        )
        action = QAction(spec.text, window)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        action.setCheckable(spec.checkable)
        handler = attrgetter(spec.handler)(window)
        if spec.waits:
            handler = window.saver.in_order(handler)
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _=False, h=handler: h())
        menu.addAction(action)
        window.addAction(action)
        actions[spec.id] = action
    window.menus = menus
    return actions


def shortcut_rows(actions: dict[str, QAction], window) -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every action in the window's menus, for the Help table."""
    rows = []
    for title, menu in window.menus.items():
        for action in menu.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            if action.text():
                rows.append((_shown(title), _shown(action.text()), keys))
    return rows


def _shown(text: str) -> str:
    """Menu text as the user reads it: '&x' marks a shortcut key, '&&' is a literal '&'."""
    return re.sub("&(.)", r"\1", text)
