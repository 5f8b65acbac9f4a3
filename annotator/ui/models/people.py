"""The People view's tables: people with their counts, and one person's claims and mentions."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Person, PersonClaim, Span
from annotator.core.people import name_key

from .rows import RowModel
from .spans import short


@dataclass(frozen=True)
class PersonRow:
    id: str
    name: str
    kind: str
    aliases: str
    note: str
    mentions: int
    claims: int
    search: str
    """Everything the type-ahead filter matches: names as written and as name keys, kind."""

    @classmethod
    def of(cls, person: Person) -> PersonRow:
        entity = person.entity
        names = entity.names()
        search = " | ".join([*(n.casefold() for n in names), *(name_key(n) for n in names), entity.kind or ""])
        return cls(entity.id, entity.name, entity.kind or "", "; ".join(entity.aliases), entity.note,
                   person.mentions, person.claims, search)

    def matches(self, query: str) -> bool:
        return not query.strip() or query.casefold().strip() in self.search or name_key(query) in self.search


@dataclass(frozen=True)
class ClaimOfRow:
    id: str
    document_id: str
    title: str
    text: str
    mention: str
    stances: str
    annotator: str

    @classmethod
    def of(cls, found: PersonClaim) -> ClaimOfRow:
        claim = found.claim
        stances = ", ".join(f"{st.label}: {st.target}" for st in claim.stances)
        return cls(claim.id, found.document_id, found.title, claim.text, found.mention.text, stances, claim.annotator)


@dataclass(frozen=True)
class MentionRow:
    id: str
    document_id: str
    title: str
    text: str
    annotator: str

    @classmethod
    def of(cls, title: str, span: Span) -> MentionRow:
        return cls(span.id, span.document_id, title, span.text, span.annotator)


class PeopleModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Name", "Kind", "Aliases", "Mentions", "Claims"], key=lambda r: r.id, parent=parent)

    def display(self, row: PersonRow, column: int):
        return (row.name, row.kind, short(row.aliases, 60), row.mentions, row.claims)[column]

    def tooltip(self, row: PersonRow, column: int):
        lines = [row.name, *([f"aliases: {row.aliases}"] if row.aliases else []), *([row.note] if row.note else [])]
        return "\n".join(lines)


class ClaimsOfModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Claim", "Document", "Said as", "Stances", "Annotator"], key=lambda r: r.id, parent=parent)

    def display(self, row: ClaimOfRow, column: int):
        return (short(row.text), short(row.title, 50), short(row.mention, 30), row.stances, row.annotator)[column]

    def tooltip(self, row: ClaimOfRow, column: int):
        return f"{row.text}\n\n{row.title}"


class MentionsModel(RowModel):
    def __init__(self, parent=None):
        super().__init__(["Mention", "Document", "Annotator"], key=lambda r: r.id, parent=parent)

    def display(self, row: MentionRow, column: int):
        return (short(row.text, 40), short(row.title, 60), row.annotator)[column]

    def tooltip(self, row: MentionRow, column: int):
        return row.title
