"""People behind SPEAKER mentions: name matching, which wordings may become aliases, and who to propose.

Everything here is pure: the store and the windows hand in what they read.

A name's `name_key` ignores case, accents, punctuation and the usual transliteration
variants (Sergei/Sergey, Zelensky/Zelenskyy/Zelenskiy, Dmitri/Dmitry, Сергей/Sergei), so one
person is found under every spelling. A mention is a `generic` wording (he, they, the
spokesman, officials...) when it could name anybody: it never becomes an alias.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Entity, Span

KINDS = ("person", "organisation", "group", "anonymous source", "journalist")
"""What a person record may be; None means not said."""
NOTE_LIMIT = 500
"""A person's note is a short one."""

JOURNALIST_ID = "journalist"
UNNAMED_SOURCE_ID = "unnamed-source"
SPECIAL = {JOURNALIST_ID: ("journalist", "journalist"), UNNAMED_SOURCE_ID: ("unnamed source", "anonymous source")}
"""The speakers every store has from the start, by fixed id (so stores agree on them): id -> (name, kind)."""

PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs "
    "this that these those who whom whose which one ones someone somebody anyone nobody everyone "
    "himself herself itself themselves ourselves myself yourself".split()
)
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some several many few any".split()
)
GENERIC_NOUNS = frozenset(
    "official officials spokesman spokeswoman spokesperson spokesmen source sources minister ministers "
    "ministry president government authorities authority analyst analysts expert experts diplomat diplomats "
    "observer observers critic critics witness witnesses resident residents people statement report reports "
    "aide aides adviser advisers advisor advisors representative representatives unnamed anonymous senior".split()
)
FUNCTION_WORDS = PRONOUNS | DETERMINERS | GENERIC_NOUNS
"""Words a proper name never consists of. The m004 migration drops aliases made only of them."""

NAME_PARTICLES = frozenset("al bin de del der di da dos du el la le van von y ibn".split())
"""Lower-case words a proper name may hold between its capitalised ones (Ursula von der Leyen)."""

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i ye yi g".split(),
    )
)
_WORD = re.compile(r"[^\W_]+")


def name_key(name: str) -> str:
    """`name` reduced to what stays the same across spellings: the key two names match on."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(_CYRILLIC.get(c, c) for c in folded if not unicodedata.combining(c)).replace("_", "")
    return " ".join(_fold_word(w) for w in words(plain))


def name_keys(names: Iterable[str]) -> str:
    """The name keys of a person's names as one string, "|key|key|": the store finds people by it."""
    keys = sorted({k for k in map(name_key, names) if k})
    return f"|{'|'.join(keys)}|" if keys else ""


def _fold_word(word: str) -> str:
    """Spelling variants in transliterated names: y and i; in longer words x and ks, doubled letters.

    Short words keep theirs: Pius XI is not Pius XII.
    """
    word = word.replace("y", "i")
    if len(word) <= 4:
        return word
    return re.sub(r"([^\W\d_])\1+", r"\1", word.replace("x", "ks"))


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace("'", "").replace("’", ""))


def is_generic(text: str) -> bool:
    """True for a wording that could name anybody: a pronoun, 'the spokesman', 'officials', 'a source'.

    Such a mention is linked to a person but never becomes one of their aliases. A determiner
    before capitalised words is part of a name (The Kremlin, the New York Times).
    """
    found = words(text)
    if not found or any(_acting(w, PRONOUNS) for w in found) or all(_acting(w, FUNCTION_WORDS) for w in found):
        return True
    return _acting(found[0], DETERMINERS) and not all(_capitalised(w) for w in found[1:])


def is_proper_name(text: str) -> bool:
    """True for a wording that looks like a proper name: every word capitalised, particles aside."""
    found = words(text)
    if is_generic(text):
        return False
    if found[0].casefold() == "the":
        found = found[1:]
    return _capitalised(found[0]) and all(_capitalised(w) or w.casefold() in NAME_PARTICLES for w in found)


def _acting(word: str, kind: frozenset[str]) -> bool:
    """`word` is one of `kind` (pronouns, function words), not an acronym spelt like one (US, IT)."""
    return word.casefold() in kind and not (len(word) > 1 and word.isupper())


def _capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


TITLE_WORDS = frozenset(
    "minister president prime foreign defense defence interior secretary chancellor spokesman spokeswoman "
    "spokesperson head chief deputy acting ambassador general senator governor mayor leader state envoy "
    "russian ukrainian turkish american british german french chinese israeli iranian saudi us u.s. uk eu "
    "mr mrs ms dr".split()
)
"""Words before a name that say what the person is, not who ("Russian Foreign Minister Sergei Lavrov")."""


def likely_name(mention: str) -> str:
    """A proper-name mention without the titles before the name: what a new person is called."""
    found = clean_name(mention).split(" ")
    while len(found) > 1 and found[0].casefold() in TITLE_WORDS:
        found.pop(0)
    return " ".join(found)


def clean_name(name: str) -> str:
    """A name as stored: one space between words, none around."""
    return " ".join(name.split())


@dataclass(frozen=True)
class Proposal:
    """A person offered for a mention, and why (shown in the identify dialog)."""

    entity: Entity
    reason: str


def propose(mention: Span, spans: Iterable[Span], people: Iterable[Entity]) -> list[Proposal]:
    """Who `mention` most likely is, best first, each person once; everybody else after them.

    For a name: a person already linked to the same wording in this document, then one whose
    name or an alias matches it (by `name_key`), then one whose name holds all its words
    ("Lavrov" for "Sergei Lavrov"). For a generic wording (he, the spokesman) the identified
    speakers before it, nearest first, come before the same wording elsewhere in the document:
    "he" is whoever was speaking last, not whoever another "he" was.
    """
    people = list(people)
    by_id = {p.id: p for p in people}
    others = [s for s in spans if s.id != mention.id and s.entity_id in by_id]
    ranked: dict[str, Proposal] = {}

    def offer(entity_id: str, reason: str) -> None:
        ranked.setdefault(entity_id, Proposal(by_id[entity_id], reason))

    if is_generic(mention.text):
        for span in sorted((s for s in others if s.end <= mention.start), key=lambda s: -s.end):
            offer(span.entity_id, "nearest speaker before")
    key = name_key(mention.text)
    for span in others:
        if name_key(span.text) == key:
            offer(span.entity_id, "same wording in this article")
    for person in _matching(people, key):
        offer(person.id, "name or alias matches")
    for person in _holding(people, set(key.split())):
        offer(person.id, "name holds the mention")
    for person in _held(people, set(key.split())):
        offer(person.id, "the mention holds the name")
    for person in sorted(people, key=lambda p: p.name.casefold()):
        offer(person.id, "")
    return list(ranked.values())


def _matching(people: list[Entity], key: str) -> list[Entity]:
    return [p for p in people if key in {name_key(n) for n in p.names()}]


def _held(people: list[Entity], mention: set[str]) -> list[Entity]:
    """People one of whose names (of two words or more) is all in the mention ("Foreign Minister Sergei Lavrov")."""
    return [p for p in people if any(len(k) > 1 and set(k) <= mention for k in (name_key(n).split() for n in p.names()))]


def _holding(people: list[Entity], wanted: set[str]) -> list[Entity]:
    return [p for p in people if wanted and any(wanted <= set(name_key(n).split()) for n in p.names())]
