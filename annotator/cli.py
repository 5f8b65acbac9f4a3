"""The `annotator` command. Without a subcommand it opens the desktop window."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import textwrap
from pathlib import Path

from annotator import __version__
from annotator import cli_people, cli_suggest
from annotator.core.config import default_db_path, default_schema_path, default_user, seeds_dir
from annotator.core.connection import StoreError, StoreOpenError
from annotator.core.export import export_layers, iter_export_lines
from annotator.core.ingest import MAX_LINE_MB, import_paths
from annotator.core.schema import SchemaError, load_schema
from annotator.core.store import Store
from annotator.core.timing import format_duration
from annotator.cli_formats import (
    add_dataset_commands, export_options, export_to, import_arguments, import_options, run_dataset, run_duplicates,
)
from annotator.core.formats import FormatError

EPILOG_MAIN = """examples:
  annotator                          open the window (the first run imports the sample corpus)
  annotator import articles/ more.jsonl
  annotator export -o corpus.jsonl --layer alice
  annotator list
  annotator agreement alice bob --json
  annotator suggest --model rules
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def _split_lines(self, text, width):
        """Wrap help at spaces only, so a path (site-packages/...) stays whole to copy."""
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False, break_long_words=False)


class _Renamed(argparse.Action):
    """An old spelling kept for one release: it does what `target` does and says so on stderr."""

    def __init__(self, option_strings, dest, target: argparse.Action, **kwargs):
        super().__init__(option_strings, target.dest, metavar=target.metavar, default=argparse.SUPPRESS, **kwargs)
        self.target = target

    def __call__(self, parser, namespace, values, option_string=None):
        new = f"{self.target.option_strings[0]} {self.target.metavar}"
        print(
            f"annotator: {option_string} is deprecated here and goes in the next release; use {new}", file=sys.stderr
        )
        self.target(parser, namespace, values, self.target.option_strings[0])


def _shown(value: object) -> str:
    """A value for argparse help text, where '%' starts a format."""
    return str(value).replace("%", "%%")


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """--db and --schema work before or after the subcommand; a subcommand never resets them."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db", metavar="PATH", default=default,
        help=f"the store file (default: {_shown(default_db_path())}, set by $ANNOTATOR_DB)",
    )
    parser.add_argument(
        "--schema", metavar="FILE", default=default,
        help=f"a tag scheme JSON file (default: {_shown(default_schema_path())}, set by $ANNOTATOR_SCHEMA)",
    )


def _user(parser: argparse.ArgumentParser, top: bool = False, old_spelling: bool = True) -> None:
    """--user NAME, before or after the subcommand; the old --annotator still works, with a note.

    After `import`, --annotator meant --as (see there), so that command passes old_spelling=False.
    """
    user = parser.add_argument(
        "--user", metavar="NAME", default=None if top else argparse.SUPPRESS,
        help=f"who you are (default: {_shown(default_user())}, from $ANNOTATOR_USER or the OS user)",
    )
    if old_spelling:
        parser.add_argument("--annotator", action=_Renamed, target=user, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Tag claims, speakers and stances in news articles; review, measure agreement, export JSONL.",
        epilog=EPILOG_MAIN,
        formatter_class=_Formatter,
    )
    _common(parser, top=True)
    _user(parser, top=True)
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser(
        "gui",
        help="open the annotation window (the default)",
        description="Open the annotation window. An empty store first imports the sample corpus.",
        epilog="example:\n  annotator gui --user alice --db ~/work/annotator.db",
        formatter_class=_Formatter,
    )
    _common(gui)
    _user(gui)

    imp = sub.add_parser(
        "import",
        help="import .txt, .md, .html and .jsonl files or folders",
        description=(
            "Import files and folders (recursively). Text is normalised once (CRLF to LF, BOM dropped);\n"
            "importing the same text twice adds nothing. JSONL lines carry a document and optionally one\n"
            "annotator's layer. A colleague's layer replaces what the store holds for that document and\n"
            "annotator; lines for your own layer or gold are only added to it unless you pass --replace.\n"
            "A line without spans carries only its document."
        ),
        epilog="examples:\n  annotator import seeds/\n  annotator import bob-export.jsonl\n  annotator import suggestions.jsonl --as model-v1\n  annotator import my-backup.jsonl --replace\n  annotator import PolNeAR/data/dev --as polnear\n  annotator import corpus/ --map Source=SPEAKER,Cue=CUE,Content=CLAIM,Discuss=",
        formatter_class=_Formatter,
    )
    _common(imp)
    _user(imp, old_spelling=False)
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="lines for your own layer or gold replace it (spans the file lacks are removed); "
        "without it they are only added",
    )
    imp.add_argument(
        "--max-line-mb",
        type=float,
        default=MAX_LINE_MB,
        metavar="MB",
        help=f"longest JSONL record to read (default {MAX_LINE_MB}; a 100,000-span article is about 28)",
    )
    import_options(imp)
    as_annotator = imp.add_argument(
        "--as", dest="as_annotator", metavar="NAME", help="annotator for JSONL records that name none (default: you)"
    )
    imp.add_argument("--annotator", action=_Renamed, target=as_annotator, help=argparse.SUPPRESS)

    exp = sub.add_parser(
        "export",
        help="write JSONL, one line per (document, annotator)",
        description="Write JSONL for spaCy / Hugging Face: code-point offsets, text[start:end] == span text.",
        epilog="examples:\n  annotator export -o all.jsonl\n  annotator export -o gold.jsonl --layer gold\n  annotator export --all-documents > corpus.jsonl",
        formatter_class=_Formatter,
    )
    _common(exp)
    exp.add_argument("-o", "--output", metavar="FILE", help="write here atomically (default: standard output)")
    layer = exp.add_argument(
        "--layer", dest="layers", metavar="NAME", action="append", help="only this annotator's layers (repeatable)"
    )
    exp.add_argument("--annotator", action=_Renamed, target=layer, help=argparse.SUPPRESS)
    exp.add_argument("--all-documents", action="store_true", help="also write documents nobody annotated")
    export_options(exp)

    lst = sub.add_parser(
        "list",
        help="show documents with status and counts per annotator",
        description="Show every document with each annotator's status and span count.",
        epilog="example:\n  annotator list --db team.db",
        formatter_class=_Formatter,
    )
    _common(lst)

    agr = sub.add_parser(
        "agreement",
        help="inter-annotator agreement between two or more annotators",
        description=(
            "Agreement over the documents the annotators all annotated: span F1 (exact, overlap),\n"
            "token kappa and alpha, relation F1, stance kappa. Three or more annotators give the\n"
            "pairwise table and Krippendorff's alpha across all of them."
        ),
        epilog="examples:\n  annotator agreement alice bob\n  annotator agreement alice bob --label CLAIM --json\n  annotator agreement alice bob carol",
        formatter_class=_Formatter,
    )
    _common(agr)
    agr.add_argument("annotators", nargs="+", metavar="ANNOTATOR")
    agr.add_argument("--label", action="append", help="only this span label (repeatable)")
    agr.add_argument("--json", action="store_true", help="print JSON")
    ev = sub.add_parser(
        "evaluate",
        help="precision, recall and F1 of one layer against a reference layer",
        description=(
            "Score layer A (suggestions, a model, an annotator) against reference layer B over the\n"
            "documents B annotated (or the ones named): precision, recall and F1 per label and for\n"
            "claim-speaker links, by exact match (same label and range) and overlap match (same label,\n"
            "sharing a character). A link matches when its claim and its speaker both match."
        ),
        epilog=("examples:\n  annotator evaluate suggest:rules gold\n  annotator evaluate bob alice --json\n"
                "  annotator evaluate suggest:model polnear --document 3f2c... --document 9a1b..."),
        formatter_class=_Formatter,
    )
    _common(ev)
    ev.add_argument("annotator", metavar="A", help="the layer scored")
    ev.add_argument("reference", metavar="B", help="the reference layer")
    ev.add_argument("--document", action="append", metavar="ID", help="only this document (an id or the start of one, as `annotator list` shows; repeatable)")
    ev.add_argument("--json", action="store_true", help="print JSON")
    cli_people.add_parser(sub, lambda p: (_common(p), _user(p)), _Formatter)
    add_dataset_commands(sub, _common, _Formatter)
    cli_suggest.add_parsers(sub, lambda p: (_common(p), _user(p)), _Formatter)
    return parser


READ_ONLY_COMMANDS = ("list", "export", "agreement", "dataset", "duplicates", "evaluate", *cli_suggest.READ_ONLY)
"""They open the store read-only: they work on a read-only or newer store and never change it."""


def _reads_only(args: argparse.Namespace) -> bool:
    return args.command in READ_ONLY_COMMANDS or (args.command == "people" and cli_people.reads_only(args))


def _store_path(args: argparse.Namespace) -> str:
    return str(args.db or default_db_path())


def open_store(args: argparse.Namespace, user: str | None = None) -> Store:
    schema = load_schema(args.schema or default_schema_path())
    path = _store_path(args)
    try:
        return Store(path, user=user or default_user(), schema=schema, readonly=_reads_only(args))
    except OSError as exc:
        raise StoreOpenError(f"cannot open the store {path}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = {"gui": _gui, "import": _import, "export": _export, "list": _list, "agreement": _agreement,
               "evaluate": _with_store(_evaluate),
               "dataset": _with_store(run_dataset), "duplicates": _with_store(run_duplicates), "people": _people,
               "train": _as_user(cli_suggest.run_train), "suggest": _as_user(cli_suggest.run_suggest),
               "models": _with_store(cli_suggest.run_models)}
    try:
        return handler[args.command or "gui"](args)
    except (SchemaError, FormatError) as exc:
        return _fail(str(exc))
    except cli_suggest.UnknownDocument as exc:
        return _fail(str(exc), 1)
    except StoreOpenError as exc:
        missing = _reads_only(args) and not Path(_store_path(args)).exists()
        return _fail(str(exc), 1 if missing else 2)
    except (StoreError, sqlite3.DatabaseError) as exc:
        return _fail(_store_problem(_store_path(args), exc))
    except BrokenPipeError:
        # `annotator list | head`: the reader has gone; say nothing more (Python would print a traceback).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _with_store(run):
    """A handler that runs `run(args, store)` on the store, opened read-only."""

    def handler(args: argparse.Namespace) -> int:
        with open_store(args) as store:
            return run(args, store)

    return handler


def _as_user(run):
    """A handler that runs `run(args, store)` on the store opened for writing as --user."""

    def handler(args: argparse.Namespace) -> int:
        with open_store(args, args.user) as store:
            return run(args, store)

    return handler


def _fail(message: str, code: int = 2) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return code


def _store_problem(path: str, exc: Exception) -> str:
    """One line naming the store, for a failure after it opened (a damaged page, a full disk)."""
    message = str(exc)
    if "malformed" in message or "not a database" in message:
        return f"{path} is not an annotator store, or it is damaged ({message})"
    return f"{path}: {message}"


def _gui(args: argparse.Namespace) -> int:
    store = open_store(args, args.user)
    first_run = None
    if store.document_count() == 0:
        first_run = import_paths(store, [seeds_dir()])
        _print_errors(first_run)
        print(f"First run: imported the sample corpus ({first_run.summary()})", file=sys.stderr)
    from annotator.ui.app import run

    return run(store, first_run)


def _import(args: argparse.Namespace) -> int:
    with open_store(args, args.user) as store:
        report = import_paths(
            store, args.paths, annotator=args.as_annotator, replace=args.replace, max_line_mb=args.max_line_mb,
            **import_arguments(args),
        )
    _print_errors(report)
    print(f"Imported {report.files} files: {report.summary()}")
    return 1 if report.errors else 0


def _people(args: argparse.Namespace) -> int:
    with open_store(args, args.user) as store:
        return cli_people.run(args, store)


def _print_errors(report) -> None:
    for issue in report.errors:
        print(f"error: {issue}", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        empty = _nothing_to_export(store, args.layers, args.all_documents)
        if empty:
            return _fail(f"nothing to export: {empty}", 1)
        if args.output or args.format != "jsonl":
            try:
                lines = export_to(store, args)
            except OSError as exc:
                return _fail(_output_problem(Path(args.output), exc))
            print(f"Wrote {lines} lines to {args.output}", file=sys.stderr)
        else:
            for line in iter_export_lines(store, args.layers, args.all_documents):
                sys.stdout.write(line + "\n")
    return 0


def _nothing_to_export(store: Store, layers: list[str] | None, all_documents: bool) -> str | None:
    """Why an export would write no line, and what to try; None when it has lines to write."""
    if export_layers(store, layers, all_documents):
        return None
    if store.document_count() == 0:
        return "the store holds no documents (import some: annotator import PATH)"
    if layers:
        known = ", ".join(store.annotators()) or "none yet"
        return f"no layer of {', '.join(layers)} (annotators in this store: {known})"
    return "no annotated documents (use --all-documents to export unannotated ones)"


def _output_problem(path: Path, exc: OSError) -> str:
    if path.is_dir():
        return f"{path} is a folder: give -o a file name, such as {path / 'export.jsonl'}"
    if not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist (create it first)"
    return f"cannot write {path}: {exc.strerror or exc}"


def _list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        overview = store.overview()
        times = store.time_on_task()
    if not overview:
        print("No documents. Import some with: annotator import PATH")
        return 0
    for document, layers in overview:
        date = document.published or "-"
        print(f"{document.id[:8]}  {date:10}  {document.title[:70]}")
        for who, status, count in layers:
            spent = times.get((document.id, who))
            timed = "no time recorded" if spent is None else f"{format_duration(spent)} on task"
            print(f"{'':20}{who}: {status.replace('_', ' ')}, {count} spans, {timed}")
        if not layers:
            print(f"{'':20}(not annotated)")
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from annotator.core.agreement import agreement_report, format_report

    if len(args.annotators) < 2:
        return _fail("agreement needs at least two annotators")
    with open_store(args) as store:
        idle = _without_spans(store, args.annotators)
        if idle:
            return _fail(f"nothing to compare: {idle}", 1)
        report = agreement_report(store, args.annotators, labels=args.label)
    print(json.dumps(report, indent=2, sort_keys=True) if args.json else format_report(report))
    return 0


def _evaluate(args: argparse.Namespace, store: Store) -> int:
    from annotator.core.evaluate import evaluate, format_report

    names = ", ".join([*store.annotators(), *store.suggestion_layers()]) or "nobody yet"
    if not store.layer_keys([args.reference]):
        return _fail(f"nothing to score against: {args.reference} has no layer in this store (layers: {names})", 1)
    if not store.layer_keys([args.annotator]):
        return _fail(f"nothing to score: {args.annotator} has no layer in this store (layers: {names})", 1)
    documents = cli_suggest.documents_by_prefix(store, args.document) if args.document else None
    report = evaluate(store, args.annotator, args.reference, documents)
    print(json.dumps(report, indent=2, sort_keys=True) if args.json else format_report(report))
    return 0


def _without_spans(store: Store, annotators: list[str]) -> str | None:
    """Who of `annotators` has no span to compare, and who has; None when everyone has some."""
    counts = store.span_counts()
    idle = [name for name in annotators if not counts.get(name)]
    if not idle:
        return None
    verb = "has" if len(idle) == 1 else "have"
    return f"{', '.join(idle)} {verb} no spans in this store (annotators with spans: {', '.join(counts) or 'nobody yet'})"
