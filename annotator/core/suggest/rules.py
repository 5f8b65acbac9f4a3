"""Rule suggestions: quotations, reporting verbs and the names next to them. No model, no download.

Precision first: a span is proposed only where a pattern ties a claim, a cue and a speaker
together, and each pattern carries its own confidence:

    “…,” Lavrov said.   /  “…,” said Lavrov.        quote, then its attribution
    Lavrov said: “…”                                  attribution, then the quote
    <block quote paragraph>  /  - Umerov noted.       a paragraph closed by a dash line
    “…” ― Christina Olidem  /  “…” <line> - Name      a quotation closed by a dash and a name
    WALLACE: If I may …  /  Cruz continued: You …     a line whose head before the colon speaks
    Lavrov said (that) the talks …                    reported clause after the cue
    The survey (also) found that …                    the same, with a lexicon verb not listed here
    The talks …, Lavrov said.  /  …, said Lavrov.     reported clause before the cue
    The talks …, other studies have shown.           the same, with a lexicon verb not listed here
    According to Lavrov, …  /  …, according to Lavrov.
    Trump’s claim that …  /  Sanders repeated his belief that …   a claim noun before "that" (noun or verb the cue)
    … what he called “…”  /  … what they said was …   found, but less sure than the rules propose (PolNeAR
                                                     marks few of them)
    “…”  (the next quote in the same paragraph)       the same speaker again, lower confidence

SPEAKER is the name, pronoun or "the spokesman"-like phrase next to the cue, CUE the reporting
verb (the colon after a name alone, the dash before one), CLAIM the quotation (inside its marks) or
the reported clause; every claim is linked to its cue's speaker. Offsets are code points of the text given.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from ..text import trim_space
from . import SuggestedLink, Suggestion, Suggestions
from .lexicon import CUE_LEMMAS, lemma

CLAIM, SPEAKER, CUE = "CLAIM", "SPEAKER", "CUE"

VERB_RELIABILITY = {
    **dict.fromkeys("said noted according expressed acknowledged vowed praised rejected criticized".split(), 0.92),
    **dict.fromkeys("says told tells wrote writes argued suggested warned recalled urged claimed".split(), 0.88),
    **dict.fromkeys("replied noting defended explained promised insisted added tweeted cited questioned".split(), 0.84),
    **dict.fromkeys("predicted pointed stated declared responded accused arguing concluded endorsed".split(), 0.76),
    **dict.fromkeys("say insist argue claim warn announced reported asked saying calling described".split(), 0.7),
    **dict.fromkeys("referring declined revealed suggesting asking denied believes believed adding".split(), 0.7),
    **dict.fromkeys("""notes adds remarked joked quipped boasted bragged lamented conceded cautioned observed
                       emphasized stressed shouted barked yelled mused recounted""".split(), 0.8),
    **dict.fromkeys("continued continues calls called".split(), 0.6),
    **dict.fromkeys("""attacked blasted slammed condemned pledged wants want supports supported opposes opposed agreed
                       agrees think thinks thought knows hopes hoped fears feared worries worried expects expected
                       believe""".split(), 0.6),
}
"""Reporting verbs (and "according" to) with how often such a word is an attribution's cue in news text
(measured on PolNeAR's training articles, rounded into bands): the confidence of what a rule finds
with it scales with this."""

REPORTING_VERBS = frozenset(VERB_RELIABILITY) - {"according"}
_PARTICIPLES = frozenset(w for w in REPORTING_VERBS if w.endswith("ing"))
_CLAUSE_VERBS = REPORTING_VERBS - {"asked", "asking", "declined", "referring", "criticized", "praised", "rejected",
                                   "endorsed", "defended", "cited", "accused", "described", "calling", "questioned",
                                   "attacked", "blasted", "slammed", "condemned", "supports", "supported", "opposes",
                                   "opposed", "called", "calls", "wants", "want", "pledged", "agreed", "agrees"}
"""Verbs whose complement is a reported clause (the others take an object: still the claim, by PolNeAR's rules)."""

PRONOUNS = frozenset("he she they we i it He She They We I It".split())
ROLE_NOUNS = frozenset("""
    spokesman spokeswoman spokesperson spokespeople official officials minister ministry president
    secretary department government campaign statement report analyst analysts expert experts source
    sources lawyer lawyers attorney attorneys aide aides adviser advisers advisor advisors chairman
    chairwoman leader leaders senator governor police prosecutor prosecutors researcher researchers
    poll survey study committee agency office company diplomat diplomats critics supporters
    commander general ambassador mayor judge witness witnesses resident residents spokesmen
    administration authorities military army kremlin ministers officer officers negotiator
    negotiators delegation team representative representatives envoy candidate voters respondents members
    activists protesters economists scientists lawmakers legislators advocates opponents allies donors
    delegates investigators organizers democrats republicans conservatives liberals americans group
    letter ad book article filing lawsuit memo complaint document email tweet website paper newspaper
    magazine network organization party union court panel board commission council bureau institute
    center foundation association observers strategists polls surveys studies reports filings records
    statistics results documents groups executives insiders pollsters historians scholars commentators pundits
    operatives staffers data research
""".split())
"""Head nouns of a speaker that is not a name: "the spokesman", "a senior official", "officials"."""

_DETERMINERS = frozenset("the a an his her their its this that The A An His Her Their Its This".split())
_LEADING_NOISE = frozenset("""
    But And Yet So Still However Meanwhile Also In On At When While After Before If As Then Now
    Earlier Later Speaking Asked Instead Indeed Separately Previously There Here Last This Since
    For Having Being According Although Though Because Despite
""".split())
_CONJUNCTION = re.compile(r"(?:But|And|Yet|So)[ \t]+")
_CALENDAR = frozenset("""
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Today Yesterday Tomorrow
""".split())
_CONNECTORS = frozenset("of for de del van von al bin la le".split())
_ADVERBS = frozenset("also later then again further previously once repeatedly recently publicly has have had will would even still now soon".split())
_LY_NOT_ADVERBS = frozenset("only early family ally rally assembly supply daily weekly monthly yearly holy belly bully".split())
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Capt Sgt St Jr Sr No Inc Corp Co vs Prof Rev Maj Adm Gens".split())

_WORD = re.compile(r"[\w’'\-.]*\w|[\w]")
_QUOTES = (re.compile(r"“([^“”\n]*)”"), re.compile(r'"([^"\n]*)"'))
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’']*(?=\s+[“\"‘'(\[A-Z0-9—–-]|\s*$)")
_DASH_LINE = re.compile(r"^[ \t]*(?P<dash>[-–—―])[ \t]*(?P<rest>\S.*?)[ \t]*$", re.M)
_DASH_AFTER_QUOTE = re.compile(r"[”\"][ \t]*(?P<dash>[-–—―])[ \t]*(?P<rest>\S.*?)[ \t]*$", re.M)
_WHOLE_QUOTATION = re.compile(r"[“\"][^“”\"\n]*[”\"]")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_VERB = re.compile(r"\b(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")\b")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)(?:[ \t]+[a-z]+ly)?[ \t]+$")
PROGRESSIVE_REACH = 40
"""How far before a verb `_PROGRESSIVE` is looked for ("are increasingly "): from the sentence start, every
-ing verb of a long sentence searched all of it again."""
_CLOSED_CLASS = frozenset("""
    the a an one this these those he she it they we i you there none all some most many much each every no any both
    either neither few several such his her their its our my your
""".split())
_BEFORE_THAT = re.compile(r"\b[a-z]+(?=[ \t]+that\b)")
_THAT_ONE_WORD = re.compile(r"[ \t]+that[ \t]+(?!(?:" + "|".join(sorted(_CLOSED_CLASS)) + r")\b)[a-z][\w\-]*\b(?<!s)"
                            r"[ \t]*(?:[.,;:!?)—–“\"]|(?:in|on|at|of|for|with|from|by|about|as|wrong|right)\b)")
"""After a verb, "that", one word (not a plural, pronoun or determiner) and a preposition or a stop: "that" is no
complementiser."""
_CUE_NOUNS = frozenset("""argument statement interview remark comment speech memo letter poll survey study analysis
                        belief opinion concern allegation criticism warning message""".split())
_TRAIL = re.compile(r"[\s,;:—–-]+$")
_LEAD = re.compile(r"^[\s,;:—–-]+")
_TIME_AFTER_VERB = re.compile(
    r"\s*(?:(?:on|last|this|earlier|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|today|yesterday|week|month|year|morning|evening|night)\b"
)
_HEARER = re.compile(r"\s+(?:reporters|journalists|him|her|them|us|me|[A-Z][\w’'-]+|the\s+[\w’'-]+)\b")
_TIME_BEFORE = re.compile(
    r"\s(?:on|last|this|earlier|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year"
    r"|night|morning|evening)\s*$|\s(?:in\s+an?\s+(?:statement|interview))\s*$"
)
_PREPOSITION_START = re.compile(r"\s*(?:in|at|on|during|to|after|before|from|of|while|via|with|for|through|last|this|earlier|late|early|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_TELL = frozenset({"told", "tells", "tell", "telling"})
_PREPOSITIONS = frozenset("on in at during after before last this earlier late early while from via to".split())

MIN_QUOTE_WORDS = 4
"""A quotation shorter than this ("memorandum", “thanks to…”) is a scare quote unless attributed."""


@dataclass
class _Found:
    claim: tuple[int, int]
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    confidence: float


class RuleSuggester:
    """Suggestions from quotation marks and reporting verbs; spans below `min_confidence` are dropped."""

    name = "rules"

    def __init__(self, min_confidence: float = 0.5):
        self.min_confidence = min_confidence

    def suggest(self, text: str) -> Suggestions:
        found = find(text)
        cues = lone_cues(text, found)
        return assemble(_with_nearest_speakers(text, found, cues), self.min_confidence, cues)

    def candidates(self, text: str) -> list[_Found]:
        """Every attribution found, whatever its confidence (features for the learner)."""
        return find(text)


_DOUBLED_QUOTE = re.compile(r"''(\w)?")


def plain_quotes(text: str) -> str:
    """The text with the New York Times' quotation marks (''…'', two apostrophes) as straight double
    quotes of the same length: ' "' before a word (opening), '" ' elsewhere (closing), so every
    offset stays that of `text`."""
    if "''" not in text:
        return text
    return _DOUBLED_QUOTE.sub(lambda m: ' "' + m.group(1) if m.group(1) else '" ', text)


def find(text: str) -> list[_Found]:
    text = plain_quotes(text)
    found: list[_Found] = []
    taken = Ranges()
    used_cues: set[int] = set()
    sentences = sentence_bounds(text)
    last_speaker = None
    for para_start, para_end in _paragraphs(text):
        last_speaker = _quotes(text, para_start, para_end, sentences, found, taken, used_cues, last_speaker)
    _block_quotes(text, found, taken)
    _introduced_paragraphs(text, found, taken)
    _colon_lines(text, found, taken)
    quoted = Ranges(m.span() for pattern in _QUOTES for m in pattern.finditer(text))
    for start, end in sentences:
        _reported(text, start, end, found, taken, used_cues, quoted)
    _less_sure_after_what(text, found)
    return found


_WHAT_BEFORE = re.compile(r"(?<![\w’'-])[Ww]hat[ \t]+$")
WHAT_FRAME = 0.45
"""How sure at most an attribution whose speaker follows "what" is ("what he called “…”", "what they said was …")."""


def _less_sure_after_what(text: str, found: list[_Found]) -> None:
    """Attributions framed by "what" before their speaker and cue ("what she called “an extraordinary campaign”",
    "what Mr. Obama said in Springfield was a “poisonous political climate …”") are at most WHAT_FRAME sure:
    PolNeAR marks few of them (on train, tuning and 389 more train articles those found at 0.6 or more were
    right 8 times in 20; dev 2 in 5): below the 0.5 the rules propose from, and the learner's 0.6, they are
    features of the model only."""
    for f in found:
        if (f.speaker and f.cue and f.cue[0] >= f.speaker[1]
                and _WHAT_BEFORE.search(text, max(0, f.speaker[0] - 12), f.speaker[0])):
            f.confidence = min(f.confidence, WHAT_FRAME)


LONE_CUE = 0.84
"""A reporting verb at least this reliable is proposed as a CUE even where no pattern found its speaker and claim."""


def lone_cues(text: str, found: list[_Found]) -> list[tuple[tuple[int, int], float, tuple[int, int] | None]]:
    """Reliable reporting verbs outside quotations and outside the attributions found, with their
    confidence and the speaker right before them when there is one ("… as Trump said")."""
    text = plain_quotes(text)
    busy = Ranges([f.claim for f in found] + [f.cue for f in found if f.cue]
                  + [m.span() for pattern in _QUOTES for m in pattern.finditer(text)])
    speakers = Ranges(f.speaker for f in found if f.speaker)
    sentences = sentence_bounds(text)
    cues = []
    for m in _VERB.finditer(text):
        reliability = VERB_RELIABILITY[m.group()]
        if reliability < LONE_CUE or _overlaps(busy, *m.span()):
            continue
        sentence = _enclosing(sentences, m.start())
        speaker = speaker_before(text, m.start(), sentence[0]) if sentence else None
        if speaker and (_overlaps(busy, *speaker) or _overlaps(speakers, *speaker)):
            speaker = None
        cues.append((m.span(), reliability - 0.16, speaker))
    return cues


def _with_nearest_speakers(text: str, found: list[_Found], cues) -> list[_Found]:
    """A claim found without a speaker (a quotation standing alone) gets the speaker found nearest to
    it in its paragraph, at the claim's confidence."""
    speakers = sorted({f.speaker for f in found if f.speaker} | {c[2] for c in cues if c[2]})
    if not speakers:
        return found
    paragraphs = _paragraphs(text)
    out = []
    for f in found:
        if f.speaker is None:
            para = _enclosing(paragraphs, f.claim[0])
            lo = bisect_left(speakers, (para[0], 0)) if para else 0
            hi = bisect_left(speakers, (para[1], 0)) if para else 0
            near = [sp for sp in speakers[lo:hi] if not _overlaps([f.claim], *sp)]
            if near:
                nearest = min(near, key=lambda sp: max(sp[0] - f.claim[1], f.claim[0] - sp[1], 0))
                f = _Found(f.claim, nearest, None, f.confidence)
        out.append(f)
    return out


def assemble(found: list[_Found], min_confidence: float, cues=()) -> Suggestions:
    spans: dict[str, Suggestion] = {}
    links: dict[tuple[str, str], SuggestedLink] = {}

    def add(label: str, bounds: tuple[int, int], confidence: float) -> Suggestion:
        s = Suggestion(label, bounds[0], bounds[1], round(confidence, 3))
        kept = spans.get(s.key)
        if kept is None or kept.confidence < s.confidence:
            spans[s.key] = s
        return spans[s.key]

    for f in found:
        if f.confidence < min_confidence:
            continue
        claim = add(CLAIM, f.claim, f.confidence)
        if f.cue:
            add(CUE, f.cue, min(0.95, f.confidence + 0.03))
        if f.speaker:
            speaker = add(SPEAKER, f.speaker, f.confidence)
            links[(claim.key, speaker.key)] = SuggestedLink(claim.key, speaker.key, f.confidence)
    for bounds, confidence, speaker in cues:
        if confidence >= min_confidence:
            add(CUE, bounds, confidence)
            if speaker:
                add(SPEAKER, speaker, confidence - 0.04)
    ordered = sorted(spans.values(), key=lambda s: (s.start, s.end, s.label))
    return Suggestions(tuple(ordered), tuple(links.values()))


# text structure -----------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


MAX_SENTENCE_CHARS = 2000
"""A "sentence" longer than this (PolNeAR's longest has 1,094 characters) is cut at a space: the patterns read
a sentence again for each cue, so a document of one long line without full stops took time growing with
the square of its length."""


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences as [start, end) without surrounding space; a line break always ends one, and so does
    MAX_SENTENCE_CHARS."""
    bounds = []
    for p_start, p_end in _paragraphs(text):
        start = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            before = _last_word(text, m.start(), p_start)
            if text[m.start()] == "." and (before in _ABBREVIATIONS or (len(before) == 1 and before.isupper())
                                           or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", before)):
                continue
            bounds.extend(_cut_long(text, start, m.end()))
            start = m.end()
        if start < p_end:
            bounds.extend(_cut_long(text, start, p_end))
    return [b for b in bounds if b[1] > b[0]]


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) without surrounding space, in pieces of MAX_SENTENCE_CHARS at most, cut after a space."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut + 1 if cut > start else start + MAX_SENTENCE_CHARS
        yield trim_space(text, start, cut)
        start = cut
    yield trim_space(text, start, end)


def _last_word(text: str, pos: int, floor: int) -> str:
    m = re.search(r"([\w.]+)$", text[max(floor, pos - 20):pos])
    return m.group(1) if m else ""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without leading and trailing spaces and commas, colons, dashes (and a final full stop)."""
    segment = text[start:end]
    lead = _LEAD.match(segment)
    if lead:
        start += lead.end()
    trail = _TRAIL.search(text[start:end])
    if trail:
        end = start + trail.start()
    if end - start > 1 and text[end - 1] == ".":
        end -= 1
    return start, end


def _enclosing(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The range of the sorted, disjoint `sentences` that holds `pos`."""
    at = bisect_right(sentences, (pos, float("inf"))) - 1
    if at >= 0 and sentences[at][0] <= pos < sentences[at][1]:
        return sentences[at]
    return None


def _words(text: str, start: int, end: int) -> list[re.Match]:
    return list(_WORD.finditer(text, start, end))


def _only_space(text: str, start: int, end: int) -> bool:
    return text[start:end].strip() == ""


def _in_one_name(text: str, left: re.Match, right: re.Match) -> bool:
    """Two words next to each other in one name: only space between, or a title or an initial and its full
    stop ("Mr. Biden", "Sen. Elizabeth Warren", "Anthony S. Fauci")."""
    gap = text[left.end():right.start()]
    if not gap.strip():
        return True
    word = left.group()
    return gap.strip() == "." and gap[0] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()))


# speakers -------------------------------------------------------------------------


SPEAKER_REACH = 300
"""How many characters before a cue its speaker phrase is looked for in: from the sentence start, each cue of a
long sentence read all of it again (a 60 kB sentence of "… insisted that" took 17 s)."""
OPENING_WORDS = 40
"""How many words from a sentence start a name or described subject opening it is looked for in."""


def _reach_back(text: str, floor: int, pos: int) -> int:
    """`floor`, or the first word start within SPEAKER_REACH characters before `pos` when that is later."""
    if pos - floor <= SPEAKER_REACH:
        return floor
    space = re.compile(r"\s").search(text, pos - SPEAKER_REACH, pos)
    return space.end() if space else pos


def speaker_before(text: str, pos: int, floor: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before `pos` (adverbs such as "also" or "openly" or a time such as
    "on Monday" between)."""
    floor = _reach_back(text, floor, pos)
    time = _TIME_BEFORE.search(text, floor, pos)
    if time:
        pos = time.start()
    words = _words(text, floor, pos)
    while words and _is_adverb(words[-1].group()) and _only_space(text, words[-1].end(), pos):
        pos = words[-1].start()
        words.pop()
    if not words or not _only_space(text, words[-1].end(), pos):
        return None
    last = words[-1]
    w = last.group().rstrip(".")
    if w in PRONOUNS or (w == "who" and text[floor:last.start()].rstrip().endswith(",")):
        return last.start(), last.start() + len(w)
    if w[:1].isupper():
        i = len(words) - 1
        while i > 0 and _in_one_name(text, words[i - 1], words[i]):
            prev = words[i - 1].group()
            if prev[:1].isupper() or (prev in _CONNECTORS and words[i].group()[:1].isupper() and i > 1
                                      and words[i - 2].group()[:1].isupper()):
                i -= 1
            else:
                break
        while i < len(words) - 1 and words[i].group() in _LEADING_NOISE:
            i += 1
        if words[i].group() in _LEADING_NOISE or words[i].group() in _CALENDAR or w in _CALENDAR:
            return None
        return words[i].start(), last.end()
    if w.lower() in ROLE_NOUNS:
        i = len(words) - 1
        for _ in range(5):
            if i == 0 or not _only_space(text, words[i - 1].end(), words[i].start()):
                break
            prev = words[i - 1].group()
            if prev.lower() in {"said", "says", "and", "but", "that"}:
                break
            i -= 1
            if prev in _DETERMINERS or prev.endswith(("’s", "'s")):
                return words[i].start(), last.end()
        if w.endswith("s") and w.lower() not in {"campaign", "office", "witness"}:
            return last.start(), last.end()
    return None


def _is_adverb(word: str) -> bool:
    """A word that may stand between a speaker and its cue ("also", "has", "openly", "politely")."""
    return word in _ADVERBS or (word.endswith("ly") and word.islower() and word not in _LY_NOT_ADVERBS)


def speaker_after(text: str, pos: int, ceiling: int) -> tuple[int, int] | None:
    """The speaker phrase starting just after `pos` ("said Lavrov", "said the spokesman", "said he")."""
    words = _words(text, pos, ceiling)
    if not words or not _only_space(text, pos, words[0].start()):
        return None
    first = words[0].group()
    if first in PRONOUNS and first not in {"it", "It", "I"}:
        return words[0].start(), words[0].end()
    if first[:1].isupper() and first not in _CALENDAR and first not in _LEADING_NOISE:
        j = 0
        while j + 1 < len(words) and _in_one_name(text, words[j], words[j + 1]):
            nxt = words[j + 1].group()
            if nxt[:1].isupper() and nxt not in _CALENDAR:
                j += 1
            elif (nxt in _CONNECTORS and j + 2 < len(words) and words[j + 2].group()[:1].isupper()
                  and _only_space(text, words[j + 1].end(), words[j + 2].start())):
                j += 2
            else:
                break
        return words[0].start(), _name_end(text, words[j])
    if first in _DETERMINERS:
        for j in range(1, min(6, len(words))):
            if not _only_space(text, words[j - 1].end(), words[j].start()):
                return None
            if words[j].group().lower() in ROLE_NOUNS:
                return words[0].start(), words[j].end()
            if j <= 3 and re.match(r"[ \t]*[.,]", text[words[j].end():words[j].end() + 2]):
                # "said the 46-year-old." / "said the Ohio Republican, …"
                return words[0].start(), words[j].end()
    return None


_DESCRIBING = frozenset("a an the one another two three several some many former senior top longtime".split())
"""How a speaker described rather than named starts ("said a person close to", "the column noted")."""
_DESCRIPTION_ENDS = frozenset("who which that whose in on at during after before while when as because but and".split())
MAX_DESCRIPTION_WORDS = 10


def _described_speaker(text: str, pos: int, ceiling: int) -> tuple[int, int] | None:
    """The speaker after “…,” said when it is a description ("said a person close to the Clintons.", "said
    former Wisconsin Gov. Jim Doyle."): from its first word to the sentence's end, a comma, or a relative or
    subordinate clause, within MAX_DESCRIPTION_WORDS."""
    words = _words(text, pos, ceiling)
    if not words or not _only_space(text, pos, words[0].start()) or words[0].group() not in _DESCRIBING:
        return None
    for j, word in enumerate(words[:MAX_DESCRIPTION_WORDS]):
        if j and word.group() in _DESCRIPTION_ENDS:
            return (words[0].start(), words[j - 1].end()) if j > 1 else None
        after = text[word.end():word.end() + 1]
        if after == "," or (after in (".", ";", "") and word.group() not in _ABBREVIATIONS):  # "": the text ends
            return (words[0].start(), word.end()) if j else None
        gap = text[word.end():words[j + 1].start()] if j + 1 < len(words) else ""
        if gap.strip() and not (gap.strip() == "." and word.group() in _ABBREVIATIONS):
            return None
    return None


def _name_end(text: str, word: re.Match) -> int:
    end = word.end()
    return end - 1 if text[end - 1] == "." else end


def _cue_at(text: str, start: int, end: int) -> re.Match | None:
    m = _VERB.match(text, start, end)
    return m


# patterns -------------------------------------------------------------------------


class Ranges:
    """Ranges added in any order; whether one overlaps [start, end) costs a bisection, not a scan
    (a long article has thousands of claims)."""

    def __init__(self, ranges=()):
        self.starts: list[int] = []
        self.ranges: list[tuple[int, int]] = []
        self.longest = 0
        for bounds in ranges:
            self.append(bounds)

    def append(self, bounds: tuple[int, int]) -> None:
        at = bisect_right(self.starts, bounds[0])
        self.starts.insert(at, bounds[0])
        self.ranges.insert(at, bounds)
        self.longest = max(self.longest, bounds[1] - bounds[0])

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        found = []
        at = bisect_left(self.starts, end)
        while at > 0:
            at -= 1
            s, e = self.ranges[at]
            if s < start - self.longest:
                break
            if e > start and s < end:
                found.append((s, e))
        return found

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))

    def starting_within(self, start: int, end: int) -> list[tuple[int, int]]:
        return self.ranges[bisect_right(self.starts, start):bisect_left(self.starts, end)]


def _overlaps(taken, start: int, end: int) -> bool:
    if isinstance(taken, Ranges):
        return taken.overlaps(start, end)
    return any(s < end and start < e for s, e in taken)


def _quotes(text, para_start, para_end, sentences, found, taken, used_cues, before=None):
    """The quotations of one paragraph; returns the speaker of its last attributed one (None if none).

    `before` is that of the paragraph before: a paragraph that opens with an unattributed
    quotation goes on quoting them, less surely."""
    quotes = sorted(
        (m.start(), m.end()) for pattern in _QUOTES for m in pattern.finditer(text, para_start, para_end)
    )
    previous_speaker: tuple[int, int] | None = None
    carried = before
    previous_end = para_start
    for q_start, q_end in quotes:
        inner = _trimmed(text, q_start + 1, q_end - 1)
        if inner[1] <= inner[0] or _overlaps(taken, *inner):
            continue
        words = len(_words(text, *inner))
        sentence = _enclosing(sentences, q_end - 1) or (para_start, para_end)
        after_limit = max(sentence[1], q_end)
        if after_limit == q_end and text[q_end - 2:q_end - 1] in ("?", "!"):
            following = _enclosing(sentences, _next_visible(text, q_end, para_end))
            if following:
                after_limit = following[1]
        attribution = _attribution_after(text, q_end, min(after_limit, para_end))
        if attribution is None:
            head_start = max(previous_end, (_enclosing(sentences, q_start) or (para_start, para_end))[0])
            attribution = _attribution_before(text, q_start, head_start)
        if attribution is not None:
            speaker, cue, confidence = attribution
            if words < 2:
                confidence -= 0.25
            used_cues.add(cue[0])
            found.append(_Found(inner, speaker, cue, confidence))
            taken.append(inner)
            previous_speaker = speaker
        elif previous_speaker is not None and words >= MIN_QUOTE_WORDS and _starts_sentence(text, q_start, para_start):
            found.append(_Found(inner, previous_speaker, None, 0.7))
            taken.append(inner)
        elif carried is not None and words >= MIN_QUOTE_WORDS and q_start == para_start:
            found.append(_Found(inner, carried, None, 0.6))
            taken.append(inner)
            previous_speaker = carried
        elif words >= MIN_QUOTE_WORDS:
            found.append(_Found(inner, None, None, 0.5))
        carried = None
        previous_end = q_end
    return previous_speaker


def _next_visible(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _starts_sentence(text: str, pos: int, floor: int) -> bool:
    """Whether nothing but space, or the end of a sentence, stands before `pos` (read backwards from it: the
    paragraph before may be megabytes long)."""
    while pos > floor and text[pos - 1].isspace():
        pos -= 1
    return pos == floor or text[pos - 1] in ".!?:”\""


def _attribution_after(text: str, pos: int, ceiling: int):
    """ “…,” Lavrov said  /  “…,” said Lavrov  /  “…,” he told reporters. """
    m = re.match(r"[ \t]*,?[ \t]*", text[pos:ceiling])
    start = pos + m.end()
    if start >= ceiling:
        return None
    cue = _cue_at(text, start, ceiling)
    if cue:
        speaker = speaker_after(text, cue.end(), ceiling)
        if speaker:
            return speaker, cue.span(), _scaled(0.92, cue.group())
        phrase = _described_speaker(text, cue.end(), ceiling)
        return (phrase, cue.span(), _scaled(0.86, cue.group())) if phrase else None
    inverted = _unlisted_verb_after_quote(text, start, ceiling)
    if inverted:
        return inverted
    for w in _words(text, start, min(ceiling, start + 120)):
        cue = _cue_at(text, w.start(), ceiling)
        if cue:
            speaker = speaker_before(text, w.start(), start)
            if speaker and speaker[0] == start:
                return speaker, cue.span(), _scaled(0.92, cue.group())
            described = _described_before(text, start, w.start())
            if described and described[0] == start:
                # “…,” the column noted.  /  “…,” the committee chairmen wrote.
                return described, cue.span(), _scaled(0.86, cue.group())
            # “…,” Jenna Golden, Twitter’s director of political advertising, said.
            name = speaker_after(text, start, ceiling)
            if (name and text[name[1]:name[1] + 1] == "," and text[start:w.start()].rstrip().endswith(",")
                    and len(_words(text, name[1], w.start())) <= 12):
                return name, cue.span(), _scaled(0.86, cue.group())
            return None
    return None


MAX_DESCRIBED_BEFORE = 5
"""Words of a described speaker right before its cue ("the committee chairmen wrote")."""


def _described_before(text: str, floor: int, cue_start: int) -> tuple[int, int] | None:
    """A speaker described rather than named right before a cue, from `floor` or the last comma after it:
    "the column", "the committee chairmen", "Another child" (a determiner first, words and spaces only)."""
    comma = text.rfind(",", floor, cue_start)
    words = _words(text, comma + 1 if comma >= 0 else floor, cue_start)
    while words and _is_adverb(words[-1].group()):  # "The statement further said"
        cue_start = words.pop().start()
    if (not words or words[0].group().lower() not in _DESCRIBING or len(words) > MAX_DESCRIBED_BEFORE
            or not _only_space(text, words[-1].end(), cue_start)
            or not all(_only_space(text, a.end(), b.start()) for a, b in zip(words, words[1:]))):
        return None
    return words[0].start(), words[-1].end()


_PAST = re.compile(r"[a-z]{3,}ed")


def _unlisted_verb_after_quote(text: str, start: int, ceiling: int):
    """A verb not in the lexicon is a cue right after a quotation when a name or pronoun goes with it the
    way speech is reported: “…,” beamed Donald Hartley  /  “…,” he laughed.  (Less sure: 0.86, scaled as an
    unknown verb.)"""
    words = _words(text, start, ceiling)
    if not words or words[0].start() != start:
        return None
    if _PAST.fullmatch(words[0].group()):
        speaker = speaker_after(text, words[0].end(), ceiling)
        if speaker and speaker[0] - words[0].end() == 1 and text[speaker[1]:speaker[1] + 1] in (".", ","):
            return speaker, words[0].span(), _scaled(0.86, words[0].group())
        return None
    speaker = speaker_after(text, start, ceiling)
    if speaker is None:
        return None
    after = [w for w in words if w.start() >= speaker[1]]
    if (after and _PAST.fullmatch(after[0].group()) and after[0].start() - speaker[1] == 1
            and text[after[0].end():after[0].end() + 1] in (".", ",")):
        return speaker, after[0].span(), _scaled(0.86, after[0].group())
    return None


def _attribution_before(text: str, pos: int, floor: int):
    """ Lavrov said: “…  /  He added, “…  /  Lavrov said on Wednesday, “…  /  Trump on Twitter: “… """
    head = text[floor:pos]
    m = re.search(r"[,:]\s*$", head)
    if not m:
        # Trump says “the whole game has become screwed up” …
        verb = re.search(r"(\w+)(?:\s+that)?\s*$", head)
        if verb and _VERB.fullmatch(verb.group(1)) and verb.group(1) not in _TELL:
            at = floor + verb.start(1)
            speaker = speaker_before(text, at, floor)
            if speaker:
                return speaker, (at, floor + verb.end(1)), _scaled(0.86, verb.group(1))
        return None
    end = floor + m.start()
    if text[end] == ":" and not _VERB.search(text, floor, end):
        words = _words(text, floor, end)
        opening = _opening_name(text, floor, end)
        if opening and 0 < len(words) <= 5 and opening[0] == _next_visible(text, floor, end):
            return opening, (end, end + 1), 0.74
    words = _words(text, floor, end)
    for k in range(len(words) - 1, max(-1, len(words) - 6), -1):
        cue = _cue_at(text, words[k].start(), end)
        if cue and cue.end() == words[k].end():
            speaker = speaker_before(text, words[k].start(), floor)
            if speaker:
                return speaker, cue.span(), _scaled(0.9, cue.group())
            speaker = _described_before(text, floor, words[k].start())
            if speaker:  # In the excerpt, the author wrote, “…
                return speaker, cue.span(), _scaled(0.84, cue.group())
            if cue.group() in _PARTICIPLES and text[floor:words[k].start()].rstrip().endswith(","):
                # Williams lobbied to suspend open-carry rights, saying, “…
                subject = _subject(text, floor, words[k].start(), participle=True)
                if subject:
                    return subject[0], cue.span(), _scaled(0.8, cue.group())
            return None
    return None


def _block_quotes(text: str, found, taken) -> None:
    """A paragraph closed by a line such as "- Umerov noted.": that paragraph is the speaker's claim. A
    quotation closed by a dash and a name alone, on its own line ("“…” ― Christina N Luis Olidem") or on the
    next ("- President Obama, tweeting after …"): the quotation is the name's, the dash the cue (as PolNeAR
    marks it)."""
    dashes = [(m, _paragraph_before(text, m.start())) for m in _DASH_LINE.finditer(text)]
    dashes += [(m, _trimmed(text, text.rfind("\n", 0, m.start()) + 1, m.start() + 1))
               for m in _DASH_AFTER_QUOTE.finditer(text)]
    for m, block in dashes:
        if block is None or block[1] <= block[0]:
            continue
        rest = m.group("rest")
        rest_start = m.start("rest")
        rest_end = rest_start + len(rest.rstrip("."))
        cue = None
        for w in _words(text, rest_start, rest_end):
            cue = _cue_at(text, w.start(), rest_end)
            if cue and cue.end() == w.end():
                break
            cue = None
        if cue is not None and m.re is _DASH_LINE:
            speaker = speaker_before(text, cue.start(), rest_start) or speaker_after(text, cue.end(), rest_end)
            if speaker is None or _overlaps(taken, *block):
                continue
            found.append(_Found(block, speaker, cue.span(), 0.88))
            taken.append(block)
            continue
        if not _WHOLE_QUOTATION.fullmatch(text, *block):
            continue
        speaker = speaker_after(text, rest_start, rest_end)
        claim = _trimmed(text, block[0] + 1, block[1] - 1)
        if (speaker is None or text[speaker[1]:rest_end].strip()[:1] not in ("", ",")
                or text[speaker[0]:speaker[1]] in PRONOUNS or len(_words(text, *claim)) < MIN_QUOTE_WORDS
                or _overlaps(taken, *claim)):
            continue
        found.append(_Found(claim, speaker, m.span("dash"), 0.8))
        taken.append(claim)


_INTRODUCING = re.compile(r"[ \t]*(?P<cue>\w+)[ \t]*:[ \t]*$", re.M)
_COLON_AT_LINE_END = re.compile(r":[ \t]*$", re.M)


def _introducing_lines(text: str) -> Iterator[re.Match]:
    """`_INTRODUCING`'s matches, looked for only in the lines that end with a colon: over the whole text it
    was tried at every position, in one call that held the interpreter 0.9 s on a 10 MB article (the
    window's fill worker froze the window meanwhile)."""
    for colon in _COLON_AT_LINE_END.finditer(text):
        found = _INTRODUCING.search(text, text.rfind("\n", 0, colon.start()) + 1, colon.end())
        if found is not None:
            yield found


def _introduced_paragraphs(text: str, found, taken) -> None:
    """ "Reporter Jomana Karadsheh says:" closing a paragraph: the next paragraph is the speaker's claim."""
    for m in _introducing_lines(text):
        cue = _VERB.fullmatch(m.group("cue"))
        if cue is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        speaker = speaker_before(text, m.start("cue"), line_start)
        nxt = _next_visible(text, m.end(), len(text))
        end = text.find("\n", nxt)
        claim = _trimmed(text, nxt, len(text) if end < 0 else end)
        if speaker is None or not _is_clause(text, claim) or _overlaps(taken, *claim):
            continue
        if claim[1] - claim[0] > 2 and text[claim[0]] in "“\"" and text[claim[1] - 1] in "”\"":
            claim = _trimmed(text, claim[0] + 1, claim[1] - 1)
        found.append(_Found(claim, speaker, m.span("cue"), _scaled(0.86, m.group("cue"))))
        taken.append(claim)


_COLON_LINE = re.compile(r"[^\S\n]*[\"“]?(?P<head>[^\n:“”\"]{1,60}?)[^\S\n]*:[^\S\n]+(?P<rest>\S[^\n]*)")
_HEADINGS = frozenset("""
    editor editors note update updated watch latest contributing byline email video photo photos related read
    follow correction clarification transcript breaking exclusive live listen disclosure warning
""".split())
"""Words of a line's head that make it a heading ("Editor's note:", "Watch:", "The Latest:"), not a speaker."""
MAX_LINE_NAME_WORDS = 4


def _colon_lines(text: str, found, taken) -> None:
    """A line whose head before ": " is who speaks and whose rest is what they say: transcripts
    ("WALLACE: If I may, sir …"), headlines ("Rubio: I Still Believe Trump Can’t Be Trusted") and a cue
    next to a name ("Cruz continued: You look at …", "Stated Stone: I think …"). The cue is the verb,
    else the colon (as PolNeAR marks it). A name alone must be named elsewhere in the text too (or be a
    source such as "Poll:", "Report:") and say four words or more: not "BOOM: Trump Just Fired …", a list
    of headings ("Cruz: Just hang on") or a dateline ("MOSCOW: Russia said …")."""
    names = None
    for line_start, line_end in _paragraphs(text):
        m = _COLON_LINE.match(text, line_start, line_end)
        if m is None:
            continue
        head = _line_speaker(text, *m.span("head"), m.start("rest"))
        if head is None:
            continue
        speaker, cue, confidence = head
        claim = _trimmed(text, m.start("rest"), line_end)
        if claim[1] - claim[0] > 2 and text[claim[0]] in "“\"" and text[claim[1] - 1] in "”\"":
            claim = _trimmed(text, claim[0] + 1, claim[1] - 1)
        elif text[m.start():m.start("head")].strip() and text[claim[1] - 1] in "”\"":
            claim = _trimmed(text, claim[0], claim[1] - 1)  # "RAMOS: … them?" — the line's own marks
        if not _is_clause(text, claim, 3 if cue else 4) or _overlaps(taken, *claim):
            continue
        if cue is None and (_is_list_of_names(text, claim) or _reports_itself(text, *claim)):
            continue  # "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, …"; "MOSCOW: Russia said on Wednesday …"
        if cue is None:
            names = _capitalised_words(text) if names is None else names
            if (not _named_elsewhere(text[speaker[0]:speaker[1]], names, _capitalised_words(text[line_start:line_end]))
                    and _words(text, *speaker)[-1].group().lower() not in ROLE_NOUNS):
                continue
        colon = text.index(":", m.end("head"))
        found.append(_Found(claim, speaker, cue or (colon, colon + 1), confidence))
        taken.append(claim)


def _line_speaker(text: str, start: int, end: int, rest: int):
    """Who speaks in a line's head (`start`-`end`, its rest at `rest`): (speaker, cue or None, confidence),
    or None for a heading. A reporting verb in it is read as before a quotation ("Cruz continued:", "He said
    of Congress:"); else a verb opening it ("Stated Stone:"), or a name alone ("WALLACE:", "Sanders:"), that
    no heading word, function word or possessive is part of ("Editor’s note:", "Now we know:")."""
    words = _words(text, start, end)
    if not words or len(words) > MAX_LINE_NAME_WORDS + 1:
        return None
    if _VERB.search(text, start, end):
        return _attribution_before(text, rest, start)
    first = words[0]
    if first.group().lower() in _CLAUSE_VERBS and len(words) > 1:
        speaker = speaker_after(text, first.end(), end)
        if speaker and speaker[1] == end:
            return speaker, first.span(), _scaled(0.86, first.group().lower())
        return None
    if len(words) > MAX_LINE_NAME_WORDS or not all(_may_be_in_a_name(w.group()) for w in words):
        return None
    name = _opening_name(text, start, end)
    if name != (start, end) or first.group() in PRONOUNS or len(first.group()) < 2:
        return None
    return name, None, 0.8


DATELINE_WORDS = 8


def _reports_itself(text: str, start: int, end: int) -> bool:
    """Whether a line's rest opens with someone other than "I", "we" or "you" and a reporting verb within its
    first words, as a story after its dateline does ("MOSCOW: Russia said on Wednesday it had …"): the head
    before the colon is a place, not a speaker."""
    words = list(islice(_WORD.finditer(text, start, end), DATELINE_WORDS))
    for word in words:
        if _VERB.fullmatch(word.group()):
            speaker = speaker_before(text, word.start(), start)
            return (speaker is not None and speaker[0] == start
                    and text[speaker[0]:speaker[1]].lower() not in {"i", "we", "you"})
    return False


_CAPITALISED = re.compile(r"[^\W\d_][\w’'-]*")


def _is_list_of_names(text: str, bounds: tuple[int, int]) -> bool:
    words = _words(text, *bounds)
    return text.count(",", *bounds) >= 2 and all(w.group()[:1].isupper() or w.group() == "and" for w in words)


def _capitalised_words(text: str) -> Counter[str]:
    return Counter(w for w in _CAPITALISED.findall(text) if w[0].isupper())


def _named_elsewhere(name: str, names: Counter[str], in_line: Counter[str]) -> bool:
    """Whether a word of `name` (of three letters or more; "TAPPER" as "Tapper" too) is in the text outside its line."""
    for word in _CAPITALISED.findall(name):
        if len(word) >= 3 and any(names[w] > in_line[w] for w in {word, word.title(), word.upper()}):
            return True
    return False


def _may_be_in_a_name(word: str) -> bool:
    low = word.lower()
    return not (low in _FUNCTION_WORDS or low in _DETERMINERS or low == "of" or low in _HEADINGS
                or word.endswith(("’s", "'s")))


def _paragraph_before(text: str, pos: int) -> tuple[int, int] | None:
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    start = text.rfind("\n", 0, end) + 1
    bounds = _trimmed(text, start, end)
    return bounds if len(_words(text, *bounds)) >= MIN_QUOTE_WORDS else None


def _reported(text: str, start: int, end: int, found, taken, used_cues, quoted) -> None:
    """Reported speech without quotation marks in one sentence (cues inside a quotation are not the writer's)."""
    body_end = _trimmed(text, start, end)[1]
    according = _ACCORDING.search(text, start, body_end)
    if according:
        _according(text, start, body_end, according, found, taken)
        return
    for cue in sorted([*_VERB.finditer(text, start, body_end), *_unlisted_that_verbs(text, start, body_end)],
                      key=re.Match.start):
        if cue.start() in used_cues or _overlaps(taken, *cue.span()) or _overlaps(quoted, *cue.span()):
            continue
        verb = cue.group()
        unlisted = verb not in VERB_RELIABILITY  # a lexicon verb right before "that"
        clause_verb = unlisted or verb in _CLAUSE_VERBS
        progressive = _progressive_before(text, start, cue.start()) if unlisted else None
        subject = _subject(text, start, progressive.start() if progressive else cue.start(), verb in _PARTICIPLES)
        conjunction = _CONJUNCTION.match(text, start, cue.start()) if unlisted and subject is None else None
        if conjunction:  # "But experts note that …"
            subject = _subject(text, conjunction.end(), progressive.start() if progressive else cue.start())
        if subject is None and re.match(r"[ \t]+that\b", text[cue.end():cue.end() + 6]):
            subject = _headed_subject(text, start, progressive.start() if progressive else cue.start())
        if unlisted and (subject is None or text[subject[0][0]:subject[0][1]].lower() == "it"):
            continue  # "it appeared that …" has nobody speaking
        if subject is not None:
            speaker, boundary, confidence = subject
            confidence = _scaled(confidence, verb)
            tell = verb in _TELL
            clause_start, has_that = _clause_start(text, cue.end(), body_end, tell) if clause_verb else (cue.end(), False)
            comma = start + len(text[start:boundary].rstrip()) - 1
            after_comma = comma >= start and text[comma] == ","
            if after_comma and text[cue.end():cue.end() + 1] == ",":
                # "In three years, Barden says, far too many lives have been lost."
                before = _trimmed(text, start, comma)
                after = _trimmed(text, cue.end() + 1, body_end)
                claims = [c for c in (before, after) if _is_clause(text, c, 2) and not _overlaps(taken, *c)]
                if claims:
                    for claim in claims:
                        found.append(_Found(claim, speaker, cue.span(), _scaled(0.84, verb)))
                        taken.append(claim)
                    used_cues.add(cue.start())
                    continue
            if after_comma and (clause_start is None or _PREPOSITION_START.match(text, cue.end(), body_end)):
                clause_start = None
            if clause_start is not None:
                clause = _trimmed(text, clause_start, _clause_end(text, clause_start, body_end, taken))
                if (_is_clause(text, clause, 3 if clause_verb else 2) and not _overlaps(taken, *clause)
                        and text[cue.end():clause[0]].strip()[:1] not in {",", ":", "“", '"'}):
                    found.append(_Found(clause, speaker, cue.span(), confidence + (0.04 if has_that else -0.04)))
                    taken.append(clause)
                    used_cues.add(cue.start())
                    continue
            if unlisted:
                continue
            # "The talks failed, Lavrov said (on Monday in a statement)."
            cut = _CUT.search(text, cue.end(), body_end)  # "…, Lavrov said on Monday, adding that …"
            tail_end = cut.start() if cut else body_end
            if after_comma and len(_words(text, cue.end(), tail_end)) <= 8:
                claim = _trimmed(text, start, comma)
                if ("," not in text[cue.end():tail_end] and _is_clause(text, claim) and not _overlaps(taken, *claim)
                        and not _is_opener(text, claim)):
                    found.append(_Found(claim, speaker, cue.span(), _scaled(0.85, verb)))
                    taken.append(claim)
                    used_cues.add(cue.start())
            continue
        if not text[start:cue.start()].rstrip().endswith(","):
            # "… that Trump argues the plan failed": a speaker right before the cue, not the subject
            speaker = speaker_before(text, cue.start(), start)
            if speaker and clause_verb:
                clause_start, has_that = _clause_start(text, cue.end(), body_end, verb in _TELL)
                if clause_start is not None:
                    clause = _trimmed(text, clause_start, _clause_end(text, clause_start, body_end, taken))
                    if (_is_clause(text, clause) and not _overlaps(taken, *clause)
                            and text[cue.end():clause[0]].strip()[:1] not in {",", ":", "“", '"'}
                            and (has_that or not _object_then_attribution(text, clause))):
                        found.append(_Found(clause, speaker, cue.span(), _scaled(0.7 if has_that else 0.66, verb)))
                        taken.append(clause)
                        used_cues.add(cue.start())
            continue
        # "The talks failed, said Lavrov."
        if verb in _TELL or unlisted:
            continue
        speaker = speaker_after(text, cue.end(), body_end)
        if speaker:
            claim = _trimmed(text, start, text.rfind(",", start, cue.start()))
            rest = text[speaker[1]:body_end].strip()
            if _is_clause(text, claim) and (not rest or rest.startswith(",")) and not _overlaps(taken, *claim):
                found.append(_Found(claim, speaker, cue.span(), _scaled(0.85, verb)))
                taken.append(claim)
                used_cues.add(cue.start())
    _trailing_unlisted(text, start, body_end, found, taken)
    _noun_cues(text, start, body_end, found, taken, quoted)


_TRAILING_UNLISTED = re.compile(r",[ \t]+(?P<speaker>[^,;:()“”\"]+?)[ \t]+(?:(?:has|have|had)[ \t]+)?(?P<cue>[a-z]+)$")
_SPEAKER_OPENERS = _DESCRIBING | _DETERMINERS | frozenset("other some many most his her their its".split())


def _trailing_unlisted(text: str, start: int, body_end: int, found, taken) -> None:
    """ "Large sections of the city are divided by race, other studies have shown.": a lexicon verb the
    list lacks closing the sentence after a comma and a short noun phrase (a name, a lone pronoun other than
    "I" and "it", or a description without function words); a bare verb needs a plural subject ("…, Tuesday
    marked a turning point." is no attribution). On PolNeAR's 300 training and tuning articles right 8 times
    in 8 (dev: 4 in 4)."""
    m = _TRAILING_UNLISTED.search(text, start, body_end)
    if m is None or text[body_end:body_end + 1] != ".":
        return
    verb = m.group("cue")
    if verb in VERB_RELIABILITY or verb.endswith("ing") or lemma(verb) not in CUE_LEMMAS or lemma(verb) in _CUE_NOUNS:
        return
    words = _words(text, *m.span("speaker"))
    while words and _is_adverb(words[-1].group()):
        words.pop()
    if not 0 < len(words) <= MAX_DESCRIBED_BEFORE + 1:
        return
    first, last = words[0].group(), words[-1].group()
    if len(words) == 1 and first in PRONOUNS:
        if first in {"I", "i", "it", "It"}:
            return  # "…, I guess." hedges
    elif (not (first[:1].isupper() or first.lower() in _SPEAKER_OPENERS)
          or any(w.group().lower() in _FUNCTION_WORDS or w.group() in VERB_RELIABILITY for w in words)):
        return
    if lemma(verb) == verb and not (last.endswith("s") and not last.endswith(("’s", "'s")) or last in PRONOUNS):
        return  # "…, Tuesday marked a turning point.": a bare verb needs a plural subject
    claim = _trimmed(text, start, m.start())
    if not _is_clause(text, claim) or _overlaps(taken, *claim):
        return
    found.append(_Found(claim, (words[0].start(), words[-1].end()), m.span("cue"), 0.7))
    taken.append(claim)


CLAIM_NOUNS = frozenset("""
    claim claims warning warnings promise promises argument arguments assertion assertions statement statements
    belief beliefs contention allegation allegations insistence suggestion prediction predictions fear fears hope
    hopes concern concerns charge charges accusation accusations pledge vow comment comments remark remarks
    admission denial explanation observation conclusion assessment testimony message complaint complaints
    declaration theory boast reminder finding findings recommendation assurance assurances
""".split())
"""Nouns that carry an attribution before "that" and its clause: "Trump’s claim that …", "his warning that …"."""
_NOUN_THAT = re.compile(r"\b(?P<noun>" + "|".join(sorted(CLAIM_NOUNS, key=len, reverse=True)) + r")[ \t]+that[ \t]+(?=\S)")
_POSSESSIVE_PRONOUNS = frozenset("his her their His Her Their".split())
_BEFORE_OWNER = frozenset("with between including of for and but was is were".split())
"""Words after which a possessor and its claim noun are the possessor's attribution ("including Mr. Trump’s
assertion that …", "was his stern warning that …")."""
_PARTICLES = frozenset("out up down off back".split())
NOUN_CUE_CONFIDENCE = 0.7


def _noun_cues(text: str, start: int, body_end: int, found, taken, quoted) -> None:
    """Attributions whose cue is a noun before "that": the possessor speaks ("Donald Trump's accusation that
    Hillary Clinton is playing the “woman's card” …", "… and his suggestion that …") when the possessive opens
    the sentence or follows one of `_BEFORE_OWNER`; a verb's subject speaks when "his", "her" or "their" is its
    object ("Sanders reiterated his belief that …", "Trump laid out his concerns that …"; the cue is the verb).
    After "about", "amid", "in", "to", "the" or a name's verb someone else mostly speaks of the claim ("asked about
    his claims that …", "amid Trump’s accusations that …", "The editorial noted Clinton’s comment that …"); in
    PolNeAR such a phrase inside another attribution's claim is not annotated, so it is looked for after the
    sentence's verbs. On PolNeAR's 687 training articles (train, tuning and more) what this adds was right 15
    times in 15 (10 possessors, 5 subjects; dev: 2 in 2); "the claim by Republicans that …" and "a statement
    from X that …" were right 3 times in 6, and are left."""
    for m in _NOUN_THAT.finditer(text, start, body_end):
        claim_start = m.end()
        if _overlaps(taken, claim_start, claim_start + 1) or _overlaps(quoted, *m.span("noun")):
            continue
        words = _words(text, max(start, m.start() - SPEAKER_REACH), m.start())
        if (len(words) > 1 and words[-1].group().islower() and not words[-1].group().endswith(("’s", "'s"))
                and _possessive(words[-2].group())):
            words.pop()  # "his stern warning"
        if not words or not _possessive(words[-1].group()):
            continue
        owner = words.pop()
        if owner.group() in _POSSESSIVE_PRONOUNS:
            speaker = owner.span()
        else:
            speaker = speaker_before(text, owner.end() - 2, start)
            if speaker is None:
                continue
            words = [w for w in words if w.end() <= speaker[0]]
        cue = m.span("noun")
        lead = words[-1].group() if words else None
        if lead is not None and lead not in _BEFORE_OWNER and lead not in _LEADING_NOISE:
            verb = words[-2] if len(words) > 1 and lead in _PARTICLES else words[-1]
            if (owner.group() not in _POSSESSIVE_PRONOUNS or not verb.group().islower()
                    or verb.group() in _FUNCTION_WORDS or verb.group() in _PREPOSITIONS):
                continue
            subject = _subject(text, start, verb.start())
            if subject is None:
                continue
            speaker, cue = subject[0], (verb.start(), words[-1].end())
        claim = _trimmed(text, claim_start, _clause_end(text, claim_start, body_end, taken))
        if _is_clause(text, claim) and not _overlaps(taken, *claim):
            found.append(_Found(claim, speaker, cue, NOUN_CUE_CONFIDENCE))
            taken.append(claim)


def _possessive(word: str) -> bool:
    return word in _POSSESSIVE_PRONOUNS or (word.endswith(("’s", "'s")) and word[:1].isupper())


def _progressive_before(text: str, floor: int, pos: int) -> re.Match | None:
    """ "is", "are", "was" or "were" (and an adverb) right before `pos`, not before `floor`."""
    return _PROGRESSIVE.search(text, max(floor, pos - PROGRESSIVE_REACH), pos)


def _unlisted_that_verbs(text: str, start: int, end: int) -> list[re.Match]:
    """Verbs of the lexicon that `VERB_RELIABILITY` does not list, right before "that" ("Mook further asserted
    that …", "The survey found that …"): the complementiser makes them reporting verbs there. Not a noun of the
    lexicon ("the polls that show …"), not an -ing form but after "is", "are", "was" or "were" ("Simply assuming
    that …" has no subject; "Trump is insisting that …" has), and not before "that in …" ("learned that in
    1990": a pronoun then). On PolNeAR's 300 training and tuning articles what this adds (after a subject other
    than "it") was right 43 times in 52, 6 in 6 after "is" and the like, and 4 in 5 after "But" and the like
    opening the sentence ("But experts note that …") (dev: 15 in 16, 4 in 4, 1 in 1). Nor before "that" and
    one word then a preposition or a stop ("reiterated that approach in …", "proved that prediction wrong, …":
    a determiner, or a relative pronoun before a verb, "a campaign that began in …"): on PolNeAR's 687 training
    articles this removed 4 wrong attributions and 1 right ("dismissed that suggestion as …"; dev: none)."""
    return [m for m in _BEFORE_THAT.finditer(text, start, end)
            if m.group() not in VERB_RELIABILITY and lemma(m.group()) in CUE_LEMMAS
            and (not m.group().endswith("ing") or _progressive_before(text, start, m.start()))
            and lemma(m.group()) not in _CUE_NOUNS and not _PREPOSITION_START.match(text, m.end() + len(" that"))
            and not _THAT_ONE_WORD.match(text, m.end())]


_OPENERS = frozenset("""
    In On At Through With After Before During Shortly Then For From Since Until Despite As When While Under Back
    Asked Speaking Reflecting Weighing Earlier Later Last
""".split())
MAX_OPENER_WORDS = 6


def _object_then_attribution(text: str, clause: tuple[int, int]) -> bool:
    """Whether a clause after a cue is its object and then a comma and another attribution: "Back when he wrote
    his book, Mr. McKinley said that …" (the claim is what Mr. McKinley said, not "his book, …")."""
    for word in _words(text, *clause)[:5]:
        if text[word.end():word.end() + 1] == ",":
            after = _next_visible(text, word.end() + 1, clause[1])
            for cue in _VERB.finditer(text, after, min(clause[1], after + 60)):
                speaker = speaker_before(text, cue.start(), after)
                return bool(speaker) and speaker[0] == after
            return False
    return False


def _is_opener(text: str, claim: tuple[int, int]) -> bool:
    """Whether what stands before ", X said" is a short phrase opening the sentence, not what X said: "Through
    a spokeswoman, Trump declined …", "In a 1963 speech, he declared: …", "Then, last week, Eric Trump called."
    (on PolNeAR's 300 training and tuning articles such claims were wrong 7 times in 7)."""
    words = _words(text, *claim)
    return bool(words) and words[0].group() in _OPENERS and len(words) <= MAX_OPENER_WORDS


def _scaled(confidence: float, verb: str) -> float:
    """A pattern's confidence, lowered for a verb that is less often a cue."""
    return confidence - 0.6 * (0.92 - VERB_RELIABILITY.get(verb.lower(), 0.7))


_CUT = re.compile(r",\s+(?:according\s+to|" + "|".join(sorted(_PARTICIPLES)) + r"|who|which)\b")


def _clause_end(text: str, start: int, end: int, taken: Ranges | None = None) -> int:
    """A claim running to the sentence end stops before ", saying …" or ", according to …", and
    before a quotation already attributed (“real solutions,” she calls them)."""
    m = _CUT.search(text, start, end)
    end = m.start() if m else end
    later = [s for s, _ in taken.starting_within(start, end)] if taken is not None else []
    if later:
        end = min(later)
        while end > start and text[end - 1] in "“\"‘ ":
            end -= 1
    return end


_FUNCTION_WORDS = frozenset("""
    that to by for with about than when if because as on in at from who whom which what where while after
    before and or but not is was are were be been has had have will would can could should may might do
    does did this these those there it its he she they we i you his her their our my your him them us me
""".split())


def _subject(text: str, sentence_start: int, cue_start: int, participle: bool = False) -> tuple[tuple[int, int], int, float] | None:
    """The subject of a cue: (speaker, where its phrase starts, confidence), or None.

    "(Top Republican donor) Sheldon Adelson said": a speaker right before the cue, preceded by
    nothing but a title from the sentence start or a comma; "Sanders, a senator from Vermont,
    said": the name that starts the sentence, before an apposition; "Trump welcomed it and said":
    the name or pronoun that starts the sentence.
    """
    speaker = speaker_before(text, cue_start, sentence_start)
    if speaker is not None:
        boundary = _phrase_start(text, sentence_start, speaker[0])
        if boundary is not None:
            return speaker, boundary, 0.8
        return None
    before = text[sentence_start:cue_start].rstrip()
    if participle and before.endswith(","):
        # "…, Hollande said Tuesday, noting …": who said it goes on
        earlier = list(_VERB.finditer(text, sentence_start, cue_start))
        if earlier:
            said = earlier[-1]
            speaker = speaker_before(text, said.start(), sentence_start) or speaker_after(text, said.end(), cue_start)
            return (speaker, sentence_start, 0.74) if speaker else None
    opening = _opening_name(text, sentence_start, cue_start)
    if opening is None:
        return None
    if participle and before.endswith(","):
        if len(_words(text, opening[1], cue_start)) <= 16:
            return opening, opening[0], 0.74
        return None
    if before.endswith(",") and text[opening[1]:opening[1] + 1] == ",":
        between = text[opening[1]:sentence_start + len(before)]
        if not _VERB.search(between) and len(_words(text, opening[1], sentence_start + len(before))) <= 14:
            return opening, opening[0], 0.76
    if re.search(r"(?:^|\s)and$", before) and not _VERB.search(text, opening[1], cue_start):
        words = _words(text, opening[1], cue_start)
        if len(words) <= 12:
            return opening, opening[0], 0.72
    return None


MAX_POSTMODIFIER_WORDS = 6
_ENDS_A_SUBJECT = frozenset("that which who and or but".split())
"""A word after a subject's head noun that makes what follows no short phrase of the subject."""


def _headed_subject(text: str, sentence_start: int, cue_start: int) -> tuple[tuple[int, int], int, float] | None:
    """A subject described by a head noun and a short phrase after it, opening the sentence, before a cue and
    "that": "A Bloomberg poll in June showed that …", "Exit polls taken in South Carolina found that …"; the
    speaker is the phrase up to its head noun."""
    words = list(islice(_WORD.finditer(text, sentence_start, cue_start), OPENING_WORDS))
    if len(words) == OPENING_WORDS:
        return None  # far too long for a subject and a short phrase after it
    i = 0
    while i < len(words) and words[i].group() in _LEADING_NOISE and words[i].group() not in _DETERMINERS:
        i += 1
    if i >= len(words) or text[sentence_start:words[i].start()].strip(" \t,") != "":
        return None
    first = i
    for j in range(first, min(first + 5, len(words))):
        if words[j].group().lower() in ROLE_NOUNS and words[j].group() not in _DETERMINERS:
            if (any(w.group().lower() in _FUNCTION_WORDS for w in words[first:j])
                    or "," in text[words[first].start():words[j].start()]):
                return None  # "This leads many cyber experts to suspect that …"
            while (j + 1 < len(words) and _only_space(text, words[j].end(), words[j + 1].start())
                   and (words[j + 1].group()[:1].isupper() or words[j + 1].group().lower() in ROLE_NOUNS)):
                j += 1  # "A Government Accountability Office report"
            rest = words[j + 1:]
            if (not rest or len(rest) > MAX_POSTMODIFIER_WORDS
                    or any(ch in text[words[j].end():cue_start] for ch in ",;:()“”\"—")
                    or any(_VERB.fullmatch(w.group()) or w.group().lower() in _ENDS_A_SUBJECT for w in rest)):
                return None
            return (words[first].start(), words[j].end()), words[first].start(), 0.74
    return None


def _opening_name(text: str, sentence_start: int, limit: int) -> tuple[int, int] | None:
    words = list(islice(_WORD.finditer(text, sentence_start, limit), OPENING_WORDS))
    i = 0
    while i < len(words) and words[i].group() in _LEADING_NOISE:
        i += 1
    if i >= len(words):
        return None
    first = words[i]
    if first.group() in PRONOUNS and first.group().lower() not in {"it", "i"}:
        return first.span()
    if not first.group()[:1].isupper() or first.group() in _DETERMINERS or first.group() in _CALENDAR:
        return None
    j = i
    while j + 1 < len(words) and words[j + 1].group()[:1].isupper() and _in_one_name(text, words[j], words[j + 1]):
        j += 1
    if words[j].group().endswith(("’s", "'s")):
        return None  # "Trump’s “excesses” are sickening": a possessive, not who speaks
    return first.start(), _name_end(text, words[j])


def _phrase_start(text: str, sentence_start: int, speaker_start: int) -> int | None:
    """Where the speaker's noun phrase starts if only a title stands between it and the sentence
    start or a comma ("Florida Sen.", "ministry spokesman"); None when the speaker is not the subject."""
    before = text[sentence_start:speaker_start]
    cut = max(before.rfind(ch) for ch in ",;:(—–")
    boundary = sentence_start + cut + 1 if cut >= 0 else sentence_start
    words = _words(text, boundary, speaker_start)
    if len(words) > 6 or any(w.group().lower() in _FUNCTION_WORDS or _VERB.fullmatch(w.group()) for w in words):
        return None
    return trim_space(text, boundary, speaker_start)[0] if words else speaker_start


def _clause_start(text: str, after: int, end: int, tell: bool) -> tuple[int | None, bool]:
    """Where the reported clause after a cue starts, past "that" and a time or place phrase before it.

    A "tell" verb needs its hearer first ("told reporters (that)", "told Rubio that").
    """
    words = _words(text, after, end)[:14 if tell else 9]
    for k, w in enumerate(words):
        if w.group() == "that":
            lead = words[0].group()
            if ("," not in text[after:w.start()]
                    and (k == 0 or tell or lead.lower() in _PREPOSITIONS or lead in _CALENDAR)):
                return w.end(), True
            break
    if tell:
        hearer = _HEARER.match(text, after, end)
        if hearer:
            return hearer.end(), False
        # "told a Planned Parenthood gathering in Washington she will …": the clause starts at its subject
        for w in words[1:7]:
            bare = re.split("[’']", w.group())[0]
            if bare in PRONOUNS and bare not in {"it", "It"}:
                return w.start(), False
        return None, False
    time = _TIME_AFTER_VERB.match(text, after, end)
    return (time.end() if time else after), False


def _is_clause(text: str, bounds: tuple[int, int], least: int = 3) -> bool:
    words = _words(text, *bounds)
    return len(words) >= least and bounds[1] - bounds[0] >= 4 * least


def _according(text: str, start: int, body_end: int, according: re.Match, found, taken) -> None:
    cue = according.span()
    after = according.end()
    comma = text.find(",", after, body_end)
    if text[start:cue[0]].strip() == "":
        # According to X, CLAIM.
        if comma < 0:
            return
        speaker = _trimmed(text, after, comma)
        claim = _trimmed(text, comma + 1, body_end)
    else:
        # CLAIM, according to X.
        if not text[start:cue[0]].rstrip().endswith(","):
            return
        stop = comma if comma >= 0 else body_end
        speaker = _trimmed(text, after, stop)
        claim = _trimmed(text, start, text.rfind(",", start, cue[0]))
    if not 0 < len(_words(text, *speaker)) <= 8 or not _is_clause(text, claim) or _overlaps(taken, *claim):
        return
    found.append(_Found(claim, speaker, cue, 0.85))
    taken.append(claim)
