"""Words that can carry an attribution in news text, by lemma, and a lemmatiser good enough for them.

The rules' `VERB_RELIABILITY` lists the inflected forms it measured; the learner also needs the
long tail PolNeAR annotates (beliefs, intentions, evidence: "fears", "plans to", "the poll shows"),
which a hundred training articles show once each at best. A lemma feature lets one seen "fears"
teach "feared" and "fearing", and membership in this list lets "worries" count although the
training articles never had it.
"""

from __future__ import annotations

from functools import lru_cache

CUE_LEMMAS = frozenset("""
    say tell write argue suggest warn recall urge claim reply note acknowledge vow praise reject criticize
    criticise express add tweet cite question predict point state declare respond accuse conclude endorse
    insist explain promise defend announce report ask call describe refer decline reveal deny believe
    remark joke quip boast brag lament concede caution observe emphasize stress shout yell muse recount
    continue attack blast slam condemn pledge want support oppose agree think know hope fear worry expect
    show see seek appear seem plan find feel admit complain confirm estimate indicate imply propose refuse
    recommend demand maintain mention hint assert allege contend charge testify speak talk discuss tout
    advocate favor welcome applaud hail dismiss mock ridicule decry denounce blame doubt wonder consider
    regard view label dub brand characterize portray interpret understand learn realize recognize
    remember assume guess suppose suspect forecast anticipate intend aim wish prefer threaten inform
    assure reassure convince remind request invite encourage challenge thank apologize disagree echo
    repeat reiterate publish post release issue accord demonstrate prove signal acknowledge conclude
    attribute counter rebut retort scoff sneer snap proclaim pronounce vote campaign pitch lobby
    argument statement interview remark comment speech memo letter poll survey study analysis
    report estimate view belief opinion concern fear hope plan promise pledge claim allegation
    criticism praise warning message
""".split())

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "felt": "feel", "saw": "see", "seen": "see", "found": "find",
    "spoke": "speak", "spoken": "speak", "shown": "show", "proven": "prove", "sought": "seek",
    "understood": "understand", "meant": "mean",
    "gave": "give", "given": "give", "took": "take", "taken": "take", "made": "make", "held": "hold",
    "according": "accord",
}


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """`word` (lower case) as the lexicon's lemma when some inflection of a lexicon word it is, else itself."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in CUE_LEMMAS:
        return word
    for cut, tail in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                      ("es", ""), ("s", ""), ("d", "")):
        if word.endswith(cut) and len(word) - len(cut) >= 2:
            stem = word[: -len(cut)] + tail
            if stem in CUE_LEMMAS:
                return stem
            if not tail and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in CUE_LEMMAS:
                return stem[:-1]
    return word
