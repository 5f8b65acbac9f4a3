"""The command line of the interchange formats: export --format, import --format/--offsets."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.core.formats import FORMATS, OFFSET_UNITS, READABLE, FormatError
from annotator.core.store import Store


def export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", default="jsonl", choices=list(FORMATS),
        help="jsonl (default), brat and hf (folders), doccano, label-studio, prodigy, spacy; "
        "every format but stdout JSONL also writes a manifest",
    )
    parser.add_argument(
        "--offsets", choices=OFFSET_UNITS, help="offset unit for label-studio (default utf16) or doccano (default codepoint)"
    )


def import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=READABLE, help="read files in this format (default: by extension and content)"
    )
    parser.add_argument(
        "--offsets", choices=OFFSET_UNITS,
        help="the unit the files' offsets count in: utf16 for files from JavaScript tools "
        "(default: the tool's usual unit, or the one the span texts fit)",
    )


def import_arguments(args: argparse.Namespace) -> dict:
    return {"format": args.format, "offsets": args.offsets}


def export_to(store: Store, args: argparse.Namespace) -> int:
    """Write `annotator export` in args.format to -o; FormatError says what is wrong."""
    from annotator.core.formats.output import export

    if not args.output:
        raise FormatError(f"--format {args.format} writes files: give -o PATH")
    try:
        return export(store, args.format, Path(args.output), args.layers, args.all_documents, args.offsets)
    except FileExistsError as exc:
        raise FormatError(str(exc)) from None
