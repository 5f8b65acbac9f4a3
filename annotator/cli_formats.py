"""The command line of the interchange formats: export --format, import --format/--offsets, dataset, duplicates."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.core.duplicates import THRESHOLD
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


    parser.add_argument(
        "--map", dest="label_map", action="append", default=[], metavar="THEIRS=OURS,...",
        help="brat: read the file's label THEIRS as OURS (OURS empty: leave those spans out), e.g. "
        "--map Source=SPEAKER,Cue=CUE,Content=CLAIM; PolNeAR's attribution files are recognised without it",
    )


def label_map(values: list[str]) -> dict[str, str]:
    """--map values ("A=B,C=D", repeatable) as a dict; a pair without "=" is an error."""
    mapping = {}
    for value in values:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            theirs, eq, ours = pair.partition("=")
            if not eq or not theirs.strip():
                raise FormatError(f"--map {pair!r}: expected THEIRS=OURS")
            mapping[theirs.strip()] = ours.strip()
    return mapping


def import_arguments(args: argparse.Namespace) -> dict:
    return {"format": args.format, "offsets": args.offsets, "labels": label_map(args.label_map)}


def export_to(store: Store, args: argparse.Namespace) -> int:
    """Write `annotator export` in args.format to -o; FormatError says what is wrong."""
    from annotator.core.formats.output import export

    if not args.output:
        raise FormatError(f"--format {args.format} writes files: give -o PATH")
    try:
        return export(store, args.format, Path(args.output), args.layers, args.all_documents, args.offsets)
    except FileExistsError as exc:
        raise FormatError(str(exc)) from None


def add_dataset_commands(sub, common, formatter) -> None:
    """`annotator dataset` and `annotator duplicates`; `common` adds --db and --schema."""
    data = sub.add_parser(
        "dataset",
        help="write train/dev/test splits (spacy, hf or jsonl); near-duplicate articles stay in one split",
        description=(
            "Split the documents of the chosen layers into train, dev and test, keeping near-duplicate\n"
            "articles (see `annotator duplicates`) in the same split, and write each split in the format.\n"
            "Prints documents, layers and spans per label for each split."
        ),
        epilog="example:\n  annotator dataset --format spacy --layers gold -o data/ --split 80/10/10 --seed 7",
        formatter_class=formatter,
    )
    common(data)
    data.add_argument("--format", default="jsonl", choices=["jsonl", "spacy", "hf"], help="default: jsonl")
    data.add_argument("--layers", action="append", metavar="NAME[,NAME]", help="only these annotators' layers (default: all)")
    data.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write (replaced atomically)")
    data.add_argument("--split", default="80/10/10", metavar="TRAIN/DEV/TEST", help="shares of the documents (default 80/10/10)")
    data.add_argument("--seed", type=int, default=7, help="the shuffle's seed (default 7)")
    data.add_argument("--threshold", type=float, default=THRESHOLD, help=f"near-duplicate similarity (default {THRESHOLD})")
    dup = sub.add_parser(
        "duplicates",
        help="list groups of near-duplicate articles with their similarity",
        description="Near-duplicate articles: Jaccard similarity of two-word shingles, found with MinHash LSH.",
        epilog="example:\n  annotator duplicates --threshold 0.3 --json",
        formatter_class=formatter,
    )
    common(dup)
    dup.add_argument("--threshold", type=float, default=THRESHOLD, help=f"similarity from 0 to 1 (default {THRESHOLD})")
    dup.add_argument("--json", action="store_true", help="print JSON")


def run_dataset(args: argparse.Namespace, store: Store) -> int:
    from annotator.core.dataset import DatasetError, parse_ratios, write_dataset

    layers = [name for value in args.layers or [] for name in value.split(",") if name] or None
    try:
        report = write_dataset(store, args.format, Path(args.output), layers, parse_ratios(args.split), args.seed,
                               args.threshold)
    except (DatasetError, FileExistsError) as exc:
        raise FormatError(str(exc)) from None
    print(report.table())
    return 0


def run_duplicates(args: argparse.Namespace, store: Store) -> int:
    from annotator.core.duplicates import duplicate_groups

    with store.snapshot():
        documents = {doc: store.document(doc) for doc in store.document_ids()}
    groups = duplicate_groups({doc: d.text for doc, d in documents.items()}, args.threshold)
    if args.json:
        print(json.dumps([{"documents": list(g.documents), "pairs": [list(p) for p in g.pairs]} for g in groups], indent=2))
        return 0
    if not groups:
        print(f"No near-duplicate articles (similarity {args.threshold} or more).")
    for n, group in enumerate(groups, 1):
        print(f"group {n}: {len(group.documents)} documents")
        for doc in group.documents:
            print(f"  {doc[:8]}  {documents[doc].title[:70]}")
        for a, b, similarity in group.pairs:
            print(f"  similarity {similarity:.2f}: {a[:8]} ~ {b[:8]}")
    return 0
