"""Near-duplicate articles (rewrites of one story): MinHash over word shingles, then checked exactly.

MinHash LSH (datasketch) finds candidate pairs without comparing every pair; each candidate's
Jaccard similarity is then computed on the shingle sets themselves, so a reported similarity is
exact and a group never rests on an estimate. Rewrites share phrases rather than sentences, so
the shingles are short (two words) and the threshold low: on the sample corpus the two rewrites
of one story score 0.21, different stories on the same talks at most 0.13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHINGLE_WORDS = 2
THRESHOLD = 0.18
PERMUTATIONS = 256
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateGroup:
    documents: tuple[str, ...]
    """Document ids in the order they were given."""
    pairs: tuple[tuple[str, str, float], ...]
    """The pairs at or above the threshold that joined the group, with their Jaccard similarity."""


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))} if words else set()


def duplicate_groups(
    texts: dict[str, str], threshold: float = THRESHOLD, size: int = SHINGLE_WORDS
) -> list[DuplicateGroup]:
    """Groups of two or more documents linked by pairs whose shingle Jaccard similarity reaches `threshold`."""
    from datasketch import MinHash, MinHashLSH

    sets = {doc: shingles(text, size) for doc, text in texts.items()}
    order = {doc: i for i, doc in enumerate(texts)}
    lsh = MinHashLSH(threshold=max(threshold / 2, 0.01), num_perm=PERMUTATIONS)
    hashes = {}
    for doc, found in sets.items():
        if found:
            hashes[doc] = MinHash(num_perm=PERMUTATIONS)
            hashes[doc].update_batch([s.encode("utf-8") for s in found])
            lsh.insert(doc, hashes[doc])
    pairs = []
    for doc, minhash in hashes.items():
        for other in lsh.query(minhash):
            if order[other] > order[doc]:
                similarity = len(sets[doc] & sets[other]) / len(sets[doc] | sets[other])
                if similarity >= threshold:
                    pairs.append((doc, other, round(similarity, 4)))
    return _groups(pairs, order)


def _groups(pairs: list[tuple[str, str, float]], order: dict[str, int]) -> list[DuplicateGroup]:
    parent: dict[str, str] = {}

    def root(doc: str) -> str:
        while parent.setdefault(doc, doc) != doc:
            doc = parent[doc]
        return doc

    for a, b, _ in pairs:
        parent[root(b)] = root(a)
    members: dict[str, list[str]] = {}
    for doc in sorted(parent, key=order.get):
        members.setdefault(root(doc), []).append(doc)
    return sorted(
        (
            DuplicateGroup(tuple(docs), tuple(sorted((p for p in pairs if root(p[0]) == top), key=lambda p: (order[p[0]], order[p[1]]))))
            for top, docs in members.items()
        ),
        key=lambda g: order[g.documents[0]],
    )
