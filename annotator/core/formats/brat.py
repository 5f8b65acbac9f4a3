"""brat standoff: a folder with one .txt and one .ann per layer, and annotation.conf from the scheme.

    T1<TAB>CLAIM 10 25;31 40<TAB>text of both fragments   a span (one range per fragment)
    R1<TAB>ATTRIBUTED_TO Arg1:T1 Arg2:T2                  the claim's speaker
    A1<TAB>quote_type T1 direct                          an attribute of the span
    A2<TAB>Stance_direct_talks T1 oppose                 a stance: target in the name, label as value
    N1<TAB>Reference T2 annotator:<person id><TAB>name   the person a speaker is
    #1<TAB>AnnotatorNotes T2<TAB>aliases: ["..."]        that person's other names

Layers sit in one folder per annotator; `manifest.json` maps each .ann back to its document,
annotator and status. Offsets count the characters of the .txt as it is on disk (a CRLF is two,
a BOM one), as brat's Python server counts them. Names and values brat cannot hold (spaces,
non-ASCII) are percent-encoded; in targets and values a space is written "_" (and "_" as %5F).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from glob import escape as glob_escape
from pathlib import Path
from urllib.parse import quote, unquote

from ..schema import Schema
from ..text import TextError, content_hash
from ..titles import headline
from . import FormatError
from .fragments import SAME_CLAIM, fragment_groups, joining_relations
from .ids import imported_id
from .output import WriteContext
from .reading import Item, ReadContext, manifest_for, read_text
from .sourcetext import RawSpan, SourceText

STANCE = "Stance_"
PERSON_DB = "annotator"
ALIASES = "aliases: "
_SAFE_NAME = re.compile(r"[^\w.-]+", re.ASCII)
_FRAGMENT = re.compile(r"(\d+) (\d+)")


def write(records: Iterable[dict], folder: Path, context: WriteContext) -> dict:
    files: dict[str, dict] = {}
    targets = list(context.schema.targets)
    taken: set[str] = set()
    for record in records:
        name = _unique(_file_name(record), taken)
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{name}.txt", "w", encoding="utf-8", newline="") as out:
            out.write(record["text"])
        lines = ann_lines(record)
        with open(folder / f"{name}.ann", "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line + "\n" for line in lines)
        targets += [st["target"] for span in record["spans"] for st in span["stances"] if st["target"] not in targets]
        meta = record["meta"]
        files[f"{name}.ann"] = {
            "document": record["id"], "annotator": record["annotator"], "status": record["status"],
            "title": meta["title"], "source": meta["source"], "published": meta["published"],
        }
    (folder / "annotation.conf").write_text(annotation_conf(context.schema, targets), encoding="utf-8")
    return {"files": files}


def _file_name(record: dict) -> str:
    """annotator/document, each cut to what a file name may hold (the manifest keeps the real names)."""
    stem = _SAFE_NAME.sub("_", record["id"]).strip("._") or "document"
    who = record["annotator"]
    return f"{_SAFE_NAME.sub('_', who).strip('._') or 'annotator'}/{stem}" if who else stem


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate.casefold())
    return candidate


def ann_lines(record: dict) -> list[str]:
    lines: list[str] = []
    tid: dict[str, str] = {}
    counters = {"A": 0, "N": 0, "#": 0}

    def add(kind: str, body: str) -> None:
        counters[kind] += 1
        lines.append(f"{kind}{counters[kind]}\t{body}")

    for n, group in enumerate(fragment_groups(record), 1):
        t = f"T{n}"
        for span in group:
            tid[span["id"]] = t
        ranges = ";".join(f"{span['start']} {span['end']}" for span in group)
        text = " ".join(span["text"] for span in group).replace("\n", " ")
        lines.append(f"{t}\t{group[0]['label']} {ranges}\t{text}")
        for span in group:
            for name, value in span["attrs"].items():
                add("A", f"{quote(name, safe='')} {t} {token(value)}")
            for stance in span["stances"]:
                add("A", f"{STANCE}{token(stance['target'])} {t} {token(stance['label'])}")
            entity = span["entity"]
            if entity:
                add("N", f"Reference {t} {PERSON_DB}:{token(entity['id'])}\t{entity['name']}")
                if entity["aliases"]:
                    add("#", f"AnnotatorNotes {t}\t{ALIASES}{json.dumps(entity['aliases'], ensure_ascii=False)}")
    written = set()
    for relation in record["relations"]:
        key = (relation["label"], tid[relation["head"]], tid[relation["child"]])
        if relation["label"] != SAME_CLAIM and key not in written:
            written.add(key)
            lines.append(f"R{len(written)}\t{key[0]} Arg1:{key[1]} Arg2:{key[2]}")
    return lines


def annotation_conf(schema: Schema, targets: list[str]) -> str:
    claim, stances = schema.claim_label, "|".join(token(s) for s in schema.stance_names())
    attributes = [
        f"{quote(name, safe='')}\tArg:{label.name}, Value:{'|'.join(token(v) for v in values)}"
        for label in schema.span_labels
        for name, values in label.attributes.items()
    ]
    attributes += [f"{STANCE}{token(target)}\tArg:{claim}, Value:{stances}" for target in targets]
    relations = [f"{r.name}\tArg1:{r.head}, Arg2:{r.child}" for r in schema.relations if r.name != SAME_CLAIM]
    return "\n".join([
        "[entities]", *(label.name for label in schema.span_labels), "",
        "[relations]", *relations, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]", "",
        "[attributes]", *attributes, "",
    ])


def token(value: str) -> str:
    """`value` as one brat token: a space as "_", anything but ASCII letters, digits, "-" and "." percent-encoded."""
    return "".join(
        "_" if ch == " " else ch if ch.isascii() and (ch.isalnum() or ch in "-.")
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in value
    )


def untoken(value: str) -> str:
    return unquote(value.replace("_", " "))


# reading ----------------------------------------------------------------------


def read(path: Path, context: ReadContext) -> Iterator[Item]:
    """One .ann (and its .txt) as one record."""
    text_path = text_of(path)
    if text_path is None:
        polnear = _ANNOTATOR_SUFFIX.sub("", path.stem)
        also = f" (nor ../text/{polnear}.txt, as PolNeAR has it)" if polnear != path.stem else ""
        raise FormatError(f"no {path.stem}.txt beside it{also}: brat keeps the text in a .txt of the same name")
    try:
        source = SourceText(read_text(text_path))
    except (FormatError, TextError) as exc:
        raise FormatError(f"{text_path.name}: {exc}") from None
    if not source.text.strip():
        raise FormatError(f"{text_path.name} is empty: brat's .txt holds the document's text")
    entry = _manifest_entry(path, context)
    annotator = entry.get("annotator") or _annotator_of(path, text_path, context.annotator)
    parsed = _Ann(read_text(path), source, context, annotator)
    record = {
        "id": entry.get("document"),
        "text": source.text,
        "meta": {
            "title": entry.get("title") or headline(source.text) or None,
            "source": entry.get("source") or text_path.name,
            "published": entry.get("published"),
        },
        "annotator": annotator,
        "status": entry.get("status"),
        "spans": parsed.spans,
        "relations": parsed.relations,
    }
    yield Item(None, record)


_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}$")


def _annotator_of(path: Path, text_path: Path, annotator: str) -> str:
    """`annotator`, or `annotator-<id>` for PolNeAR's `NAME_<id>.ann` when another annotator's file of
    NAME lies beside it: one layer for both would keep only the last file (a layer is a snapshot)."""
    if path.stem == text_path.stem:
        return annotator
    others = [p for p in path.parent.glob(f"{glob_escape(text_path.stem)}_*.ann")
              if p != path and _ANNOTATOR_SUFFIX.sub("", p.stem) == text_path.stem]
    return f"{annotator}-{path.stem[-4:]}" if others else annotator


def text_of(path: Path) -> Path | None:
    """The .txt of an .ann: beside it, or as PolNeAR lays them out, `text/NAME.txt` for
    `attributions/NAME_<annotator>.ann`."""
    stems = [path.stem, _ANNOTATOR_SUFFIX.sub("", path.stem)]
    for folder in (path.parent, path.parent.parent / "text"):
        for stem in stems:
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def _manifest_entry(path: Path, context: ReadContext) -> dict:
    found = manifest_for(path, context)
    if found is None:
        return {}
    folder, manifest = found
    files = manifest.get("files")
    entry = files.get(path.relative_to(folder).as_posix()) if isinstance(files, dict) else None
    return entry if isinstance(entry, dict) else {}


ATTRIBUTION_ROLES = {"Source": "SPEAKER", "Cue": "CUE", "Content": "CLAIM"}
"""PolNeAR's attribution events (and their parts) as our labels; Content2 is a second content."""
_LINE_START = re.compile(r"[TRAMNE#*]\d*\t")


POLNEAR_LABELS = frozenset({*ATTRIBUTION_ROLES, "Attribution", "Attribution-no-source", "Discard", "Discuss"})


def _attribution_file(lines: list[tuple[int, str]]) -> bool:
    """The file has attribution events, or only PolNeAR's labels (an article with no attribution)."""
    labels = set()
    for _, line in lines:
        ident, _, rest = line.partition("\t")
        if ident.startswith("E") and any(arg.partition(":")[0] in ATTRIBUTION_ROLES for arg in rest.split()):
            return True
        if ident.startswith("T"):
            labels.add(rest.partition(" ")[0])
    return bool(labels) and labels <= POLNEAR_LABELS


class _Ann:
    """The lines of one .ann as our spans and relations; FormatError names the first bad line.

    A file with attribution events (`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`, as in
    PolNeAR) is read as one: Source, Cue and Content become SPEAKER, CUE and CLAIM, each event a
    claim → speaker link, and the other textbounds (event triggers, Discard, Discuss) are left
    out. `context.labels` renames (or, mapped to "", leaves out) labels in any file.
    """

    def __init__(self, content: str, source: SourceText, context: ReadContext, annotator: str):
        self.scope = (content_hash(source.text), annotator)
        self.schema = context.schema
        self.claim = context.schema.claim_label
        self.bounds: dict[str, tuple[str, RawSpan]] = {}
        self.left_out: set[str] = set()
        """Textbounds whose label is left out: lines about them are left out too."""
        self.lines: list[tuple[int, str, str, str]] = []
        self.events: list[tuple[int, str, str]] = []
        raw = self._joined(content)
        self.attribution = _attribution_file(raw)
        self.labels = {**(ATTRIBUTION_ROLES if self.attribution else {}), **context.labels}
        for number, line in raw:
            self._parse(number, line)
        kept = list(self.bounds.values())
        fragments = source.resolve([raw for _, raw in kept], context.offsets, "codepoint")
        self.first: dict[str, str] = {}
        self.spans: list[dict] = []
        self.relations: list[dict] = []
        for (t, (label, _)), pieces in zip(self.bounds.items(), fragments):
            self._add_span(t, label, pieces)
        self._apply()
        self._attributions()

    @staticmethod
    def _joined(content: str) -> list[tuple[int, str]]:
        """Non-blank lines with their numbers; a line that starts no annotation right after a T line
        continues that T line's text (a text with a line break, as some tools write it)."""
        lines: list[tuple[int, str]] = []
        blank = 0
        for number, line in enumerate(content.replace("\r\n", "\n").split("\n"), 1):
            if not line.strip():
                blank += 1
                continue
            if lines and not _LINE_START.match(line) and lines[-1][1].startswith("T"):
                lines[-1] = (lines[-1][0], lines[-1][1] + "\n" * (blank + 1) + line)
            else:
                lines.append((number, line))
            blank = 0
        return lines

    def _parse(self, number: int, line: str) -> None:
        parts = line.split("\t", 2)
        ident = parts[0]
        if ident[:1] == "E" and self.attribution and len(parts) > 1:
            self.events.append((number, ident, parts[1]))
            return
        if len(parts) < 2 or not ident[:1] or ident[0] not in "TRAMN#":
            kind = "an event" if ident[:1] == "E" else "an equivalence" if ident[:1] == "*" else "not a brat line"
            raise FormatError(f"line {number}: {kind} ({_short(line)}); only T, R, A, M, N and # lines are read", number)
        if ident[0] == "T":
            self._textbound(number, ident, parts)
        elif not self.attribution or ident[0] != "#":
            self.lines.append((number, ident, parts[1], parts[2] if len(parts) > 2 else ""))

    def _textbound(self, number: int, ident: str, parts: list[str]) -> None:
        label, _, ranges = parts[1].partition(" ")
        theirs, label = label, self.labels.get(label, label)
        if not label or (self.attribution and label not in ATTRIBUTION_ROLES.values()):
            self.left_out.add(ident)
            return
        if label not in {lb.name for lb in self.schema.span_labels}:
            raise FormatError(
                f"line {number} ({ident}): label {label!r} is not in the scheme"
                f" ({', '.join(lb.name for lb in self.schema.span_labels)}); --map {theirs}=OURS renames it,"
                f" --map {theirs}= leaves it out", number)
        pieces = ranges.split(";")
        matches = [_FRAGMENT.fullmatch(piece.strip()) for piece in pieces]
        if not label or not all(matches) or len(parts) < 3:
            raise FormatError(f"line {number}: expected 'T1<TAB>LABEL START END[;START END]<TAB>text'", number)
        if ident in self.bounds:
            raise FormatError(f"line {number}: {ident} is defined twice", number)
        fragments = tuple((int(m.group(1)), int(m.group(2))) for m in matches)
        if len(fragments) > 1 and label != self.claim and not self.attribution:
            raise FormatError(
                f"line {number}: a discontinuous {label}; only {self.claim} fragments can be joined ({SAME_CLAIM})", number
            )
        self.bounds[ident] = (label, RawSpan(fragments, parts[2], f"line {number} ({ident})", number, flat=True))

    def _attributions(self) -> None:
        """Each attribution event as a link from its content (Content, Content2) to its source; a part
        that another event labels otherwise (a source that is also a content) links nothing."""
        label_of = {t: label for t, (label, _) in self.bounds.items()}
        for number, ident, body in self.events:
            roles = [arg.partition(":")[::2] for arg in body.split()]
            sources = [t for role, t in roles if role == "Source" and label_of.get(t) == self.schema.speaker_label]
            if not sources:
                continue
            for role, t in roles:
                if role.startswith("Content") and label_of.get(t) == self.claim:
                    self.relations.append({"id": imported_id(f"{ident}>{t}", *self.scope), "head": self.first[t],
                                           "child": self.first[sources[0]], "label": self.schema.attribution})

    def _add_span(self, t: str, label: str, pieces: tuple[tuple[int, int], ...]) -> None:
        ids = [imported_id(t if i == 0 else f"{t};{i}", *self.scope) for i in range(len(pieces))]
        self.first[t] = ids[0]
        for span_id, (start, end) in sorted(zip(ids, pieces), key=lambda p: p[1]):
            self.spans.append({"id": span_id, "start": start, "end": end, "label": label, "attrs": {},
                               "stances": [], "entity": None})
        if label == self.claim:
            self.relations += joining_relations(ids, lambda head: imported_id(f"{head}>{SAME_CLAIM}", *self.scope))

    def _apply(self) -> None:
        by_id = {span["id"]: span for span in self.spans}
        aliases: dict[str, list[str]] = {}
        for number, ident, body, tail in self.lines:
            kind, _, rest = body.partition(" ")
            args = rest.split()
            if any(arg.rpartition(":")[2] in self.left_out for arg in args[:1 if ident[0] != "R" else None]):
                continue
            if ident[0] == "R":
                kind = self.labels.get(kind, kind)
                if not kind:
                    continue
                ends = dict(arg.partition(":")[::2] for arg in args)
                head, child = (self._span_id(ends.get(key), number) for key in ("Arg1", "Arg2"))
                self.relations.append({"id": imported_id(ident, *self.scope), "head": head, "child": child, "label": kind})
                continue
            if not args:
                raise FormatError(f"line {number}: {ident} names no annotation", number)
            span = by_id[self._span_id(args[0], number)]
            if ident[0] in "AM":
                value = untoken(args[1]) if len(args) > 1 else "true"
                if kind.startswith(STANCE):
                    span["stances"].append({"target": untoken(kind[len(STANCE):]), "label": value})
                else:
                    span["attrs"][unquote(kind)] = value
            elif ident[0] == "N":
                database, _, key = (args[1] if len(args) > 1 else "").partition(":")
                person = untoken(key) if database == PERSON_DB else f"{database}:{key}"
                span["entity"] = {"id": person, "name": tail.strip() or person, "aliases": []}
            elif tail.startswith(ALIASES):
                aliases[span["id"]] = _aliases(tail[len(ALIASES):], number)
        for span_id, names in aliases.items():
            if by_id[span_id]["entity"]:
                by_id[span_id]["entity"]["aliases"] = names

    def _span_id(self, ident: str | None, number: int) -> str:
        if ident not in self.first:
            raise FormatError(f"line {number}: {ident or 'an argument'} is not a T line of this file", number)
        return self.first[ident]


def _aliases(raw: str, number: int) -> list[str]:
    try:
        aliases = json.loads(raw)
    except ValueError:
        aliases = None
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise FormatError(f"line {number}: aliases must be a JSON list of names", number)
    return aliases


def _short(line: str, limit: int = 60) -> str:
    return line if len(line) <= limit else line[: limit - 3] + "..."
