"""`annotator people`: the people speakers are identified as; merge, rename, edit aliases.

Each change is one store action: one transaction, one change-log row.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace

from annotator.core.model import Entity, Person
from annotator.core.people import name_key
from annotator.core.store import Store

EPILOG = """examples:
  annotator people
  annotator people --json
  annotator people merge "Sergei Lavrov" "Sergey Lavrov"
  annotator people rename Lavrov "Sergei Viktorovich Lavrov"
  annotator people alias "Sergei Lavrov" --add "Russia's foreign minister" --remove Lavrov
A person is named by their id, name or an alias (case, accents and transliteration do not matter).
"""


def add_parser(sub, common: Callable[[argparse.ArgumentParser], None], formatter: type) -> None:
    """The `people` subcommand and its actions; `common` adds --db and --schema to each."""
    people = sub.add_parser(
        "people",
        help="list the people speakers are identified as; merge, rename, edit aliases",
        description="List every person with kind, aliases, mentions and claims across the corpus, or change one.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    common(people)
    people.add_argument("--json", action="store_true", help="print the list as JSON")
    actions = people.add_subparsers(dest="people_command", metavar="ACTION")
    merge = actions.add_parser("merge", help="merge person B into person A: B's mentions become A's, B goes")
    merge.add_argument("keep", metavar="A")
    merge.add_argument("gone", metavar="B")
    rename = actions.add_parser("rename", help="give person A the canonical name NEW")
    rename.add_argument("person", metavar="A")
    rename.add_argument("name", metavar="NEW")
    alias = actions.add_parser("alias", help="add or remove aliases of person A")
    alias.add_argument("person", metavar="A")
    alias.add_argument("--add", action="append", default=[], metavar="X", help="add this alias (repeatable)")
    alias.add_argument("--remove", action="append", default=[], metavar="Y", help="remove this alias (repeatable)")
    for parser in (merge, rename, alias):
        common(parser)


def reads_only(args: argparse.Namespace) -> bool:
    """Listing never changes the store: it opens it read-only."""
    return args.people_command is None


def run(args: argparse.Namespace, store: Store) -> int:
    if args.people_command is None:
        return _list(store, args.json)
    try:
        if args.people_command == "merge":
            keep, gone = _person(store, args.keep), _person(store, args.gone)
            store.merge_entities(keep.id, gone.id)
        elif args.people_command == "rename":
            store.edit_entity(replace(_person(store, args.person), name=args.name))
        else:
            person = _person(store, args.person)
            store.edit_entity(replace(person, aliases=_edited_aliases(person, args.add, args.remove)))
    except LookupError as exc:
        print(f"annotator: {exc.args[0]}", file=sys.stderr)
        return 1
    print(store.history.undo_action())
    return 0


def _person(store: Store, wanted: str) -> Entity:
    """The person `wanted` names: an id, or the one person with that name or alias."""
    try:
        return store.entity(wanted)
    except KeyError:
        pass
    found = store.named(wanted)
    if not found:
        raise LookupError(f"nobody is called “{wanted}” (see: annotator people)")
    if len(found) > 1:
        raise LookupError(f"“{wanted}” names {len(found)} people ({_ids(found)}): give an id")
    return found[0]


def _ids(people: list[Entity]) -> str:
    return ", ".join(f"{p.name} {p.id}" for p in people)


def _edited_aliases(person: Entity, add: list[str], remove: list[str]) -> tuple[str, ...]:
    gone = {name_key(r) for r in remove}
    missing = [r for r in remove if name_key(r) not in {name_key(a) for a in person.aliases}]
    if missing:
        raise LookupError(f"“{missing[0]}” is not an alias of {person.name}")
    return (*(a for a in person.aliases if name_key(a) not in gone), *add)


def _list(store: Store, as_json: bool) -> int:
    people = store.people()
    if as_json:
        print(json.dumps([_record(p) for p in people], ensure_ascii=False, indent=2))
        return 0
    for person in people:
        print(_line(person))
    return 0


def _record(person: Person) -> dict:
    entity = person.entity
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "note": entity.note,
        "mentions": person.mentions,
        "claims": person.claims,
    }


def _line(person: Person) -> str:
    entity = person.entity
    kind = f" ({entity.kind})" if entity.kind else ""
    aliases = f"  aka {'; '.join(entity.aliases)}" if entity.aliases else ""
    return f"{person.mentions:6} mentions {person.claims:5} claims  {entity.name}{kind}{aliases}  [{entity.id}]"
