"""spaCy's binary DocBin (.spacy): one Doc per layer, spans in `doc.spans["sc"]` (overlaps kept).

The line number of an import error is the Doc's number in the DocBin. Each span has its label, its span id as `span.id_` and its person's id as `span.kb_id_`. What
spaCy cannot store on a Span goes into `doc.user_data` as plain values: the layer's annotator and
status, the document's id and title, and per span id its attributes (quote type), stances and
provenance, the links as [head, child, label, id] and the people as {id: {"name", "aliases"}}.
spaCy is imported only here and only when this format is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..text import TextError, content_hash
from . import FormatError
from .ids import imported_id
from .output import WriteContext
from .reading import Item, ReadContext, read_bytes
from .tokens import tokenize

GROUP = "sc"


def _spacy():
    try:
        import spacy
    except ImportError:
        raise FormatError("the spacy format needs spaCy: pip install spacy") from None
    return spacy


def write(records: Iterable[dict], path: Path, context: WriteContext) -> None:
    spacy = _spacy()
    from spacy.tokens import Doc, DocBin

    vocab = spacy.vocab.Vocab()
    docs = DocBin(store_user_data=True)
    for record in records:
        text = record["text"]
        tokens = tokenize(text, [(s["start"], s["end"]) for s in record["spans"]])
        doc = Doc(vocab, words=[text[t.start:t.end] for t in tokens], spaces=[t.ws for t in tokens])
        doc.spans[GROUP] = [
            doc.char_span(s["start"], s["end"], label=s["label"], kb_id=(s["entity"] or {}).get("id") or "",
                          span_id=s["id"], alignment_mode="strict")
            for s in record["spans"]
        ]
        doc.user_data.update(user_data(record))
        docs.add(doc)
    with open(path, "wb") as out:
        out.write(docs.to_bytes())


def user_data(record: dict) -> dict:
    spans = record["spans"]
    meta = record["meta"]
    return {
        "annotator": record["annotator"], "status": record["status"], "document_id": record["id"],
        "title": meta["title"], "source": meta["source"], "published": meta["published"],
        "span_ids": [s["id"] for s in spans],
        "attrs": {s["id"]: s["attrs"] for s in spans if s["attrs"]},
        "stances": {s["id"]: [[st["target"], st["label"]] for st in s["stances"]] for s in spans if s["stances"]},
        "provenance": {s["id"]: s["provenance"] for s in spans if s.get("provenance")},
        "links": [[r["head"], r["child"], r["label"], r["id"]] for r in record["relations"]],
        "people": {s["entity"]["id"]: {"name": s["entity"]["name"], "aliases": s["entity"]["aliases"]}
                   for s in spans if s["entity"]},
    }


def read(path: Path, context: ReadContext) -> Iterator[Item]:
    spacy = _spacy()
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(read_bytes(path)).get_docs(spacy.vocab.Vocab()))
    except (ValueError, KeyError, TypeError) as exc:
        raise FormatError(f"not a spaCy DocBin: {exc}") from None
    for number, doc in enumerate(docs, 1):
        try:
            yield Item(number, _record(doc, context))
        except (FormatError, TextError) as exc:
            yield Item(number, error=str(exc))


def _record(doc, context: ReadContext) -> dict:
    data = _plain(doc.user_data)
    spans = list(doc.spans[GROUP]) if GROUP in doc.spans else list(doc.ents)
    annotator = data.get("annotator") or context.annotator
    scope = (content_hash(doc.text), annotator)
    ids = data.get("span_ids") if len(data.get("span_ids") or ()) == len(spans) else None
    people = data.get("people") or {}
    records = []
    for i, span in enumerate(spans):
        span_id = ids[i] if ids else imported_id(span.id_ or f"span:{i}", *scope)
        person = people.get(span.kb_id_)
        records.append({
            "id": span_id, "start": span.start_char, "end": span.end_char, "label": span.label_,
            "attrs": (data.get("attrs") or {}).get(span_id, {}),
            "stances": [{"target": t, "label": l} for t, l in (data.get("stances") or {}).get(span_id, [])],
            "provenance": (data.get("provenance") or {}).get(span_id),
            "entity": {"id": span.kb_id_, **person} if person else None,
        })
    links = data.get("links") or []
    return {
        "id": data.get("document_id"), "text": doc.text,
        "meta": {name: data.get(name) for name in ("title", "source", "published")},
        "annotator": annotator, "status": data.get("status"), "spans": records,
        "relations": [_link(link, scope) for link in links],
    }


def _link(link: object, scope: tuple[str, str]) -> dict:
    """[head, child, label] or [head, child, label, id] from user_data["links"]."""
    if not isinstance(link, list) or len(link) not in (3, 4) or not all(isinstance(v, str) for v in link):
        raise FormatError(f"user_data links must be [head, child, label, id] lists of strings, got {link!r:.60}")
    head, child, label = link[:3]
    local = link[3] if len(link) == 4 else f"{head}>{child}>{label}"
    return {"id": imported_id(local, *scope), "head": head, "child": child, "label": label}


def _plain(value):
    """user_data as JSON-like values: msgpack gives lists back as tuples."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if isinstance(k, str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
