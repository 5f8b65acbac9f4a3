"""A trained suggester: a linear-chain CRF (python-crfsuite) over the tokens of each paragraph.

Why a CRF: it trains on a hundred articles in seconds on two cores, tags an article in tens of
milliseconds, needs no GPU, no download and no model zoo, and its model is a megabyte or two of
bytes that live inside the SQLite store (`Tagger.open_inmemory`). It sees what decides an
attribution in news text: the word and its shape, the reporting-verb lexicon and the wider cue
lexicon by lemma (`lexicon.py`), whether the token is inside quotation marks, where it is in its
sentence, how far the nearest reporting verb, cue word and quotation mark are, whether a name
speaks elsewhere in the text, what the rule suggester made of the token, and the same for its
neighbours. Tags are BIO for CLAIM, SPEAKER and CUE; a
span's confidence is the mean marginal probability of its tokens' tags, and spans below
`TrainedModel.min_confidence` are dropped (precision first), and so are speakers below `LONE_SPEAKER` that no
claim is linked to. The rules' attributions (0.6 and up)
and their most reliable lone cues add what the model missed; a claim is linked to the speaker a
rule attribution names, else through its nearest cue (a speaker the model was less sure of is
proposed when that cue's sentence has no other), else to a speaker of its own sentence, and a quotation
that follows a linked one in its paragraph to that one's speaker (see `_links`); weak links (a speaker
after its cue makes one weaker) are dropped.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import re
import tempfile
from functools import lru_cache
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator

import pycrfsuite

from . import SuggestedLink, Suggestion, Suggestions, layer_suggestions  # noqa: F401  (layer_suggestions: the API)
from .lexicon import CUE_LEMMAS, lemma
from .rules import (PRONOUNS, ROLE_NOUNS, VERB_RELIABILITY, Ranges, RuleSuggester, find, lone_cues, plain_quotes,
                    sentence_bounds)

LABELS = ("CLAIM", "SPEAKER", "CUE")
MAGIC = b"annotator-crf/1\n"
MIN_CONFIDENCE = 0.6
"""Spans the model is less sure of than this are not proposed (chosen on 200 PolNeAR train articles, 30
of each publisher, the model trained on train articles 1-100: 0.55 to 0.65 trade precision for recall
about one for one; 0.6 is the least that puts SPEAKER and CUE at a precision of 0.85 there)."""
MIN_LINK_CONFIDENCE = 0.62
"""Nor links below this (0.6 to 0.62 put links at a precision of 0.84 there, 0.841/0.598 to 0.845/0.595, and 0.62
leaves a little margin for changes to the rules; dev 0.858/0.631 at 0.62; a
link is as sure as the less sure of its ends, or of its claim and a sure cue that vouches for its speaker, less
when found further away or when its speaker comes after its cue: `AFTER_CUE`), but
a rule attribution's is always kept (right 0.95 of the time in PolNeAR's train articles), and so is a
quotation's that goes on quoting (`_quotation_runs`)."""

_TOKEN = re.compile(r"''|\w+(?:[’'.\-]\w+)*|[^\w\s]")
_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"
_STRAIGHT = '"'
_DOUBLED = "''"
"""Two apostrophes, the New York Times' quotation mark (''…''), read as a straight double quote."""
_WORDLIKE = re.compile(r"\w")
"""A span with no letter or digit (a lone quotation mark or comma) is never proposed."""


class TrainingCancelled(Exception):
    """The caller's `cancelled()` said stop; nothing was trained."""


# features ------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start and text[start:m.start()].strip():
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


@lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _rule_tags(found) -> dict[tuple[int, int], str]:
    """The rule suggester's attributions as labelled ranges with a confidence band, any confidence."""
    tags: dict[tuple[int, int], str] = {}
    for found in found:
        band = "hi" if found.confidence >= 0.75 else "lo"
        for label, bounds in (("CLAIM", found.claim), ("SPEAKER", found.speaker), ("CUE", found.cue)):
            if bounds:
                tags[bounds] = f"{label}-{band}"
    return tags


MAX_SEQUENCE_TOKENS = 1000
"""Tokens the CRF tags at a time: a longer paragraph (no news paragraph is: PolNeAR's longest has 346) is cut,
and one sequence's features are made, tagged and dropped before the next, so a document of one long line
never holds every token's features at once (about 7 kB a token)."""


class _Document:
    """A text cut into paragraph sequences of tokens, with their features made one sequence at a time."""

    def __init__(self, text: str):
        self.text = text
        sentences = sentence_bounds(text)
        self.sentence_starts = [s for s, _ in sentences]
        self.rules = find(text)
        self._rule_tags = sorted(_rule_tags(self.rules).items())
        self._rule_starts = [bounds[0] for bounds, _ in self._rule_tags]
        self.speaking = _speaking_names(text)
        self._paragraphs = _paragraphs(text)
        self.paragraph_starts = [s for s, _ in self._paragraphs]

    def sequences(self) -> Iterator[tuple[list[tuple[int, int]], list[dict]]]:
        """Each paragraph's tokens (MAX_SEQUENCE_TOKENS at most at a time) with their features."""
        for start, end in self._paragraphs:
            tokens: list[tuple[int, int]] = []
            for m in _TOKEN.finditer(self.text, start, end):
                if len(tokens) == MAX_SEQUENCE_TOKENS:
                    yield self._sequence(tokens, start, m.start())
                    tokens, start = [], m.start()
                tokens.append(m.span())
            if tokens:
                yield self._sequence(tokens, start, end)

    def _sequence(self, tokens: list[tuple[int, int]], start: int, end: int) -> tuple[list[tuple[int, int]], list[dict]]:
        inside = self._rule_tags[bisect_left(self._rule_starts, start):bisect_left(self._rule_starts, end)]
        return tokens, self._features(tokens, inside)

    def sentence_of(self, position: int) -> int:
        return bisect_right(self.sentence_starts, position)

    def paragraph_of(self, position: int) -> int:
        return bisect_right(self.paragraph_starts, position)

    def _features(self, tokens: list[tuple[int, int]], rules) -> list[dict]:
        text = self.text
        words = [_STRAIGHT if text[s:e] == _DOUBLED else text[s:e] for s, e in tokens]
        lower = [w.lower() for w in words]
        verbs = [i for i, w in enumerate(lower) if w in VERB_RELIABILITY]
        lemmas = [lemma(w) for w in lower]
        cues = [i for i, w in enumerate(lemmas) if w in CUE_LEMMAS]
        sentence = [self.sentence_of(s) for s, _ in tokens]
        verbs_in: dict[int, list[int]] = {}
        for v in verbs:
            verbs_in.setdefault(sentence[v], []).append(v)
        cues_in: dict[int, list[int]] = {}
        for c in cues:
            cues_in.setdefault(sentence[c], []).append(c)
        inside, quoted = False, []
        for w in words:
            if w in _OPEN_QUOTES or (w == _STRAIGHT and not inside):
                quoted.append("open")
                inside = True
            elif w in _CLOSE_QUOTES or (w == _STRAIGHT and inside):
                quoted.append("close")
                inside = False
            else:
                quoted.append("in" if inside else "out")
        rule_of = _rule_lookup(tokens, rules)
        marks = [i for i, q in enumerate(quoted) if q in ("open", "close")]
        sentence_start = 0
        base = []
        for i, w in enumerate(words):
            low = lower[i]
            f = {
                "bias": 1.0,
                "w=" + low: 1.0,
                "shape=" + _shape(w): 1.0,
                "suf3=" + low[-3:]: 1.0,
                "quote=" + quoted[i]: 1.0,
                "rule=" + rule_of[i]: 1.0,
            }
            f["stem=" + _stem(low)] = 1.0
            if w[:1].isupper():
                f["title"] = 1.0
                if w in self.speaking:
                    f["speaks_elsewhere"] = 1.0
                if (i and words[i - 1][:1].isupper()) or (i + 1 < len(words) and words[i + 1][:1].isupper()):
                    f["name_run"] = 1.0
            if lemmas[i] in CUE_LEMMAS:
                f["cue_lemma=" + lemmas[i]] = 1.0
                f["lexicon"] = 1.0
            if i == 0:
                f["paragraph_start"] = 1.0
            if marks:
                f["quote_at=%s" % _bucket(_nearest(marks, i) - i)] = 1.0
            if low in VERB_RELIABILITY:
                f["verb"] = 1.0
                f["verb_band=%.1f" % VERB_RELIABILITY[low]] = 1.0
            if w in PRONOUNS:
                f["pronoun"] = 1.0
            if low in ROLE_NOUNS:
                f["role"] = 1.0
            if i == 0 or sentence[i - 1] != sentence[i]:
                f["sentence_start"] = 1.0
            same = verbs_in.get(sentence[i])
            if same:
                nearest = _nearest(same, i)
                f["verb_at=%s" % _bucket(nearest - i)] = 1.0
                f["verb_is=%s" % lower[nearest]] = 1.0
            else:
                f["no_verb_in_sentence"] = 1.0
            same = cues_in.get(sentence[i], ())
            before, after = bisect_left(same, i), bisect_right(same, i)
            if before or after < len(same):
                nearest = _nearest(same[:before] + same[after:], i)
                f["lexicon_at=%s" % _bucket(nearest - i)] = 1.0
                f["lexicon_at=%s|%s|%s" % (_bucket(nearest - i), quoted[i], _kind(w))] = 1.0
                f["lexicon_before=%d" % min(before, 2)] = 1.0
                f["lexicon_after=%d" % min(len(same) - after, 2)] = 1.0
            if i == 0 or sentence[i - 1] != sentence[i]:
                sentence_start = i
            f["sentence_at=%s" % _bucket(i - sentence_start)] = 1.0
            base.append(f)
        quote_sentences = {sentence[i] for i, q in enumerate(quoted) if q in ("open", "close")}
        features = []
        for i, f in enumerate(base):
            row = dict(f)
            if sentence[i] in quote_sentences:
                row["sentence_quotes"] = 1.0
            if i and words[i - 1] == ",":
                row["after_comma"] = 1.0
            if i:
                row["bigram=%s|%s" % (lower[i - 1], lower[i])] = 1.0
            if i + 1 < len(words):
                row["next_bigram=%s|%s" % (lower[i], lower[i + 1])] = 1.0
            if i and i + 1 < len(words):
                row["around=%s|%s" % (lower[i - 1], lower[i + 1])] = 1.0
            for offset in (-3, -2, -1, 1, 2, 3):
                j = i + offset
                if 0 <= j < len(words):
                    row[f"{offset}:w=" + lower[j]] = 1.0
                    row[f"{offset}:quote=" + quoted[j]] = 1.0
                    row[f"{offset}:rule=" + rule_of[j]] = 1.0
                    if "title" in base[j]:
                        row[f"{offset}:title"] = 1.0
                    if "verb" in base[j]:
                        row[f"{offset}:verb"] = 1.0
                    if "lexicon" in base[j]:
                        row[f"{offset}:lexicon"] = 1.0
                        if abs(offset) == 1:
                            row[f"{offset}:lemma=" + lemmas[j]] = 1.0
                else:
                    row[f"{offset}:edge"] = 1.0
            features.append(row)
        return features


def _speaking_names(text: str) -> frozenset[str]:
    """Capitalised words that stand right before a reporting verb ("Trump said") or right after one
    ("said Trump") somewhere in the text: a name that speaks once is likely to speak again."""
    names, before, after_verb = set(), "", False
    for m in _TOKEN.finditer(text):
        word = m.group()
        if after_verb and word[:1].isupper() and word not in PRONOUNS:
            names.add(word)
        after_verb = VERB_RELIABILITY.get(word.lower(), 0.0) >= 0.7
        if after_verb and before[:1].isupper() and before not in PRONOUNS:
            names.add(before)
        before = word
    return frozenset(names)


def _kind(word: str) -> str:
    """What a token is, coarsely, for features that join it with where the nearest cue word is."""
    if word in PRONOUNS or word in ("who", "Who"):
        return "pronoun"
    if word[:1].isupper():
        return "title"
    return "word" if word[:1].isalnum() else "mark"


def _nearest(positions: list[int], i: int) -> int:
    """The position (of an ascending list) nearest `i`, the earlier of two as near."""
    at = bisect_left(positions, i)
    if at == len(positions):
        return positions[-1]
    if at and i - positions[at - 1] <= positions[at] - i:
        return positions[at - 1]
    return positions[at]


def _stem(word: str) -> str:
    """A crude stem, so that "warns", "warned" and "warning" share a feature."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _bucket(distance: int) -> str:
    if distance == 0:
        return "0"
    sign = "+" if distance > 0 else "-"
    size = abs(distance)
    return sign + ("1" if size == 1 else "2" if size == 2 else "3-5" if size <= 5 else "6-12" if size <= 12 else "far")


def _rule_lookup(tokens: list[tuple[int, int]], rules: list[tuple[tuple[int, int], str]]) -> list[str]:
    tags = ["O"] * len(tokens)
    starts = [s for s, _ in tokens]
    for (start, end), label in rules:
        i = bisect_right(starts, start) - 1
        i = max(i, 0)
        first = True
        while i < len(tokens) and tokens[i][0] < end:
            if tokens[i][1] > start and tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + label
                first = False
            i += 1
    return tags


def _gold_tags(tokens: list[tuple[int, int]], spans: Iterable[Suggestion]) -> list[str]:
    """BIO tags; where gold spans nest, the shorter one (a speaker inside a claim) wins its tokens."""
    tags = ["O"] * len(tokens)
    owner = [None] * len(tokens)
    starts = [s for s, _ in tokens]
    for span in sorted((s for s in spans if s.label in LABELS), key=lambda s: -(s.end - s.start)):
        i = max(bisect_right(starts, span.start) - 1, 0)
        covered = []
        while i < len(tokens) and tokens[i][0] < span.end:
            if tokens[i][1] > span.start:
                covered.append(i)
            i += 1
        for n, i in enumerate(covered):
            tags[i] = ("B-" if n == 0 else "I-") + span.label
            owner[i] = span
    for i in range(1, len(tags)):
        if tags[i].startswith("I-") and owner[i - 1] is not owner[i]:
            tags[i] = "B-" + tags[i][2:]
    return tags


# training ------------------------------------------------------------------------------


def _reporter(progress) -> Callable[[float], None] | None:
    """`progress` as a function of a fraction: it may take the fraction (0..1), or (done, total)
    as the store's progress callbacks do (then done counts in thousandths)."""
    if progress is None:
        return None
    try:
        takes_two = len(inspect.signature(progress).parameters) >= 2
    except (TypeError, ValueError):
        takes_two = False
    if takes_two:
        return lambda fraction: progress(round(fraction * 1000), 1000)
    return progress


class _Trainer(pycrfsuite.Trainer):
    """Reports each L-BFGS iteration to `progress` and stops when `cancelled()` says so."""

    def __init__(self, iterations: int, progress, cancelled):
        super().__init__(verbose=False)
        self.iterations = iterations
        self.progress = progress
        self.cancelled = cancelled

    def message(self, message):
        m = re.search(r"\*\*\*\*\* Iteration #(\d+)", message)
        if m:
            if self.cancelled and self.cancelled():
                raise TrainingCancelled()
            if self.progress:
                self.progress(0.3 + 0.7 * min(1.0, int(m.group(1)) / self.iterations))


ITERATIONS = 120
C1, C2 = 0.1, 0.05
"""L1 and L2 regularisation of the CRF: of 0.02/0.01, 0.05/0.01 and 0.1/0.05 (trained on PolNeAR train
articles 1-100, scored on 101-200), the strongest is the most precise at the same recall (0.05/0.01 and
0.2/0.05 did no better with the lexicon features)."""


def train(
    examples: Iterable[tuple[str, Suggestions]],
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    iterations: int = ITERATIONS,
) -> TrainedModel:
    """A model from (text, gold Suggestions) pairs; progress(0..1) as it goes (see `_reporter`);
    TrainingCancelled when `cancelled()` says so, between documents or between iterations."""
    examples = list(examples)
    progress = _reporter(progress)
    trainer = _Trainer(iterations, progress, cancelled)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    for n, (text, gold) in enumerate(examples, 1):
        if cancelled and cancelled():
            raise TrainingCancelled()
        for tokens, features in _Document(text).sequences():
            trainer.append(features, _gold_tags(tokens, gold.spans))
        if progress:
            progress(0.3 * n / len(examples))
    if not examples:
        raise ValueError("nothing to learn from: no examples")
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        try:
            trainer.train(path)
        except RuntimeError:
            if cancelled and cancelled():
                raise TrainingCancelled() from None
            raise
        with open(path, "rb") as model_file:
            data = model_file.read()
    finally:
        os.unlink(path)
    if progress:
        progress(1.0)
    return TrainedModel(data, len(examples))


class TrainedModel:
    """A trained CRF as a suggester (`name` "model"; the store names its layer after the stored model)."""

    name = "model"

    def __init__(self, crf: bytes, training_size: int, min_confidence: float = MIN_CONFIDENCE,
                 min_link_confidence: float = MIN_LINK_CONFIDENCE):
        self.crf = crf
        self.training_size = training_size
        self.min_confidence = min_confidence
        self.min_link_confidence = min_link_confidence
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(crf)

    def to_bytes(self) -> bytes:
        meta = json.dumps({"training_size": self.training_size, "min_confidence": self.min_confidence,
                           "min_link_confidence": self.min_link_confidence}).encode()
        return MAGIC + len(meta).to_bytes(4, "big") + meta + self.crf

    @classmethod
    def from_bytes(cls, data: bytes) -> TrainedModel:
        if not data.startswith(MAGIC):
            raise ValueError("not a model this version of annotator wrote")
        at = len(MAGIC)
        size = int.from_bytes(data[at:at + 4], "big")
        meta = json.loads(data[at + 4:at + 4 + size])
        return cls(data[at + 4 + size:], meta["training_size"], meta["min_confidence"],
                   meta.get("min_link_confidence", MIN_LINK_CONFIDENCE))

    def suggest(self, text: str) -> Suggestions:
        doc = _Document(text)
        spans: list[Suggestion] = []
        labels = [label for label in self._tagger.labels() if label != "O"]
        for tokens, features in doc.sequences():
            self._tagger.set(features)
            spans.extend(self._spans(tokens, labels))
        weak = [s for s in spans if s.label == "SPEAKER" and WEAK_SPEAKER <= s.confidence < self.min_confidence]
        spans = [s for s in spans if s.confidence >= self.min_confidence and _WORDLIKE.search(text, s.start, s.end)]
        spans, ruled = _with_rules(doc, spans)
        rescued, links = _links(doc, spans, ruled, weak, self.min_link_confidence)
        spans = _without_lone_speakers(spans + rescued, links, max(self.min_confidence, LONE_SPEAKER))
        return Suggestions(tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label))), links)

    def _spans(self, tokens, labels) -> list[Suggestion]:
        """Spans from the tag marginals: a token belongs to the label whose B- and I- marginals sum
        highest when that sum reaches TOKEN_SHARE (so a token the best path calls O but that is
        likely part of a span still counts); a span starts at a B- or where the label changes."""
        known = set(labels)

        def marginal(tag: str, i: int) -> float:
            """0 for a tag the model never saw (no two-token CUE in its examples: no I-CUE)."""
            return self._tagger.marginal(tag, i) if tag in known else 0.0

        spans: list[Suggestion] = []
        current: list | None = None
        for i in range(len(tokens)):
            share = {}
            for tag in labels:
                share[tag[2:]] = share.get(tag[2:], 0.0) + marginal(tag, i)
            label, p = max(share.items(), key=lambda item: item[1]) if share else ("O", 0.0)
            begins = p >= TOKEN_SHARE and (current is None or current[0] != label
                                           or marginal("B-" + label, i) > marginal("I-" + label, i))
            if current is not None and (p < TOKEN_SHARE or begins):
                spans.append(_span(current, tokens))
                current = None
            if p >= TOKEN_SHARE:
                if current is None:
                    current = [label, i, i, [p]]
                else:
                    current[2] = i
                    current[3].append(p)
        if current is not None:
            spans.append(_span(current, tokens))
        return spans


TOKEN_SHARE = 0.35
"""How likely a token must be part of some span to be tagged (the best label's B- and I- marginals)."""


def _span(current: list, tokens) -> Suggestion:
    label, first, last, shares = current
    return Suggestion(label, tokens[first][0], tokens[last][1], round(sum(shares) / len(shares), 3))


AFTER_CUE = 0.6
"""A claim linked through its cue to a speaker after the cue ("…, said Dean Baker, co-director of …" with
"a liberal think tank" the claim) is this much less sure, unless the cue is "according to": the rules
find the sound ones of these, and the rest were right 0.3 of the time on 284 PolNeAR articles (tuning and
dev; "according to" 6 times of 8). On the 200 tuning articles links went from 0.843/0.577 at 0.68 to
0.842/0.586 at 0.62, dev 0.862/0.604 to 0.860/0.614 (with the rules of then)."""
LONE_CUE_UNION = 0.88
"""A reporting verb at least this reliable (said, says, told, …) is a CUE even where the model saw none."""
RULE_UNION = 0.6
"""A rule attribution at least this sure adds the spans the model missed and decides its claim's speaker."""
LONE_SPEAKER = 0.7
"""A SPEAKER span no claim is linked to is proposed only when the model is this sure of it: on the 200 tuning
articles such lone speakers from 0.63 to 0.8 were right 0.59 of the time (linked ones 0.73), and dropping
those below 0.7 takes SPEAKER from 0.847/0.618 to 0.855/0.605 there (dev 0.856/0.632 -> 0.868/0.621)."""
WEAK_SPEAKER = 0.3
"""A SPEAKER span the model is this sure of (but less than `min_confidence`) is proposed when it is the
only speaker in the sentence of a cue the claim is linked through: the cue vouches for it."""
WEAK_LINK = 0.9
"""Such a link is as sure as the less sure of its claim and cue, times this. A claim linked through a cue to
a speaker of the cue's sentence is as sure as the less sure of its claim and the surer of its speaker and
this times the cue (a sure "said" vouches for a speaker at 0.63-0.7 next to it: on the 200 tuning articles
links P/R 0.844/0.554 -> 0.841/0.561, dev 0.856/0.579 -> 0.856/0.584)."""


def _without_lone_speakers(spans: list[Suggestion], links: Iterable[SuggestedLink], least: float) -> list[Suggestion]:
    """The spans without the SPEAKER spans that no link names and whose confidence is below `least`."""
    speaking = {link.speaker_key for link in links}
    return [s for s in spans if s.label != "SPEAKER" or s.key in speaking or s.confidence >= least]


def _with_rules(doc: _Document, spans: list[Suggestion]) -> tuple[list[Suggestion], dict[str, str]]:
    """The model's spans plus the sure rule spans it has nothing for; and, for each claim a sure rule
    attribution covers, the key of that attribution's speaker (a model span where one overlaps; where rule
    claims of several attributions fall in one span, the last one's)."""
    spans = list(spans)
    index = {label: Ranges() for label in LABELS}
    at: dict[tuple[str, int, int], Suggestion] = {}

    def add(span: Suggestion) -> None:
        spans.append(span)
        index[span.label].append((span.start, span.end))
        at.setdefault((span.label, span.start, span.end), span)

    for span in list(spans):
        index[span.label].append((span.start, span.end))
        at.setdefault((span.label, span.start, span.end), span)

    def overlapping(label: str, bounds: tuple[int, int]) -> Suggestion | None:
        hits = index[label].overlapping(*bounds)
        return at[(label, *min(hits))] if hits else None

    ruled: dict[str, str] = {}
    for found in doc.rules:
        if found.confidence < RULE_UNION:
            continue
        parts = {}
        for label, bounds in (("CLAIM", found.claim), ("SPEAKER", found.speaker), ("CUE", found.cue)):
            if bounds is None:
                continue
            span = overlapping(label, bounds)
            if span is None:
                span = Suggestion(label, bounds[0], bounds[1], round(found.confidence, 3))
                add(span)
            parts[label] = span
        if "SPEAKER" in parts:
            ruled[parts["CLAIM"].key] = parts["SPEAKER"].key
    for bounds, confidence, speaker in lone_cues(doc.text, doc.rules):
        if confidence + 0.16 >= LONE_CUE_UNION:
            for label, part in (("CUE", bounds), ("SPEAKER", speaker)):
                if part and overlapping(label, part) is None:
                    add(Suggestion(label, part[0], part[1], round(confidence, 3)))
    return spans, ruled


def _links(doc: _Document, spans: list[Suggestion], ruled: dict[str, str], weak: list[Suggestion],
           least: float) -> tuple[list[Suggestion], tuple[SuggestedLink, ...]]:
    """Each claim to one speaker (a claim has one in the scheme: PolNeAR's second attributions, "“…,” Sanders
    said, according to CNN", are left out): the one a sure rule attribution names (`ruled`), else through the cue
    nearest the claim in its sentence, to the speaker of that cue's sentence nearest the cue (never
    one that opens like a phrase of time or place, "on Friday": `_may_speak`; one of
    the `weak` speakers there when it has no other: those become suggestions, returned first), else
    to the nearest speaker of the claim's own sentence. A claim with none of these gets no link: a
    speaker found only elsewhere in the paragraph was the right one for under a third of such
    claims in PolNeAR's train articles."""
    by_key = {s.key: s for s in spans}
    taken = Ranges()
    for span in spans:
        taken.append((span.start, span.end))

    def gap(a: Suggestion, b: Suggestion) -> int:
        return max(a.start - b.end, b.start - a.end, 0)

    in_sentence: dict[tuple[str, int], list[Suggestion]] = {}
    for span in spans:
        in_sentence.setdefault((span.label, doc.sentence_of(span.start)), []).append(span)
    weak_in: dict[int, list[Suggestion]] = {}
    for span in weak:
        if not taken.overlapping(span.start, span.end):
            weak_in.setdefault(doc.sentence_of(span.start), []).append(span)
    added: dict[str, Suggestion] = {}
    links = []
    for claim in (s for s in spans if s.label == "CLAIM"):
        own = {doc.sentence_of(claim.start), doc.sentence_of(max(claim.start, claim.end - 1))}

        def speakers(group: Iterable[Suggestion]) -> list[Suggestion]:
            return [s for s in group if not (s.start < claim.end and claim.start < s.end) and _may_speak(doc.text, s)]

        chosen, confidence = by_key.get(ruled.get(claim.key)), 0.0
        by_rule = chosen is not None
        if by_rule:
            confidence = min(claim.confidence, chosen.confidence)
        near_cues = [] if by_rule else [c for n in own for c in in_sentence.get(("CUE", n), ())]
        if near_cues:
            cue = min(near_cues, key=lambda c: gap(c, claim))
            sentence = doc.sentence_of(cue.start)
            candidates = speakers(in_sentence.get(("SPEAKER", sentence), ()))
            if candidates:
                chosen = min(candidates, key=lambda s: gap(s, cue))
                confidence = min(claim.confidence, max(chosen.confidence, cue.confidence * WEAK_LINK))
                if chosen.start >= cue.end and not doc.text.startswith(("according", "According"), cue.start):
                    confidence *= AFTER_CUE
            elif speakers(weak_in.get(sentence, ())):
                chosen = min(speakers(weak_in[sentence]), key=lambda s: gap(s, cue))
                confidence = min(claim.confidence, cue.confidence) * WEAK_LINK
        if chosen is None:
            candidates = speakers(s for n in own for s in in_sentence.get(("SPEAKER", n), ()))
            if candidates:
                chosen = min(candidates, key=lambda s: gap(s, claim))
                confidence = min(claim.confidence, chosen.confidence) * 0.9
        confidence = round(confidence, 3)
        if chosen and (confidence >= least or by_rule):
            links.append(SuggestedLink(claim.key, chosen.key, confidence))
            if chosen.key not in by_key:
                added[chosen.key] = chosen
    return list(added.values()), tuple(links) + _quotation_runs(doc, spans, links)


_QUOTE_MARKS = _OPEN_QUOTES + _STRAIGHT
_NO_SPEAKER_OPENING = frozenset("""
    in on at of for with from to via during after before since until while now then first later earlier early
    late last this next
""".split())
"""Words a speaker never opens with ("Trump, who …, on Friday described", "Estrosi said in one of a series of …"):
the model's speakers that did were wrong in all 5 links they had at 0.68 in 284 PolNeAR articles (tuning and dev);
passing them over took links on the tuning articles from 0.842/0.576 to 0.843/0.577, dev 0.861/0.603 to 0.862/0.604."""


def _may_speak(text: str, span: Suggestion) -> bool:
    """Whether the SPEAKER span may be a claim's speaker: not a phrase of time or place ("on Friday")."""
    first = _TOKEN.search(text, span.start, span.end)
    return first is None or first.group() not in _NO_SPEAKER_OPENING


def _quotation_runs(doc: _Document, spans: list[Suggestion], links: list[SuggestedLink]) -> tuple[SuggestedLink, ...]:
    """Links for the quotations that go on quoting the speaker of the quotation linked before them in
    their paragraph ("“…,” Clinton said. “Don’t believe it.”"): an unlinked claim that opens with a
    quotation mark (the New York Times' '' too) gets the speaker of the last linked claim before it in its
    paragraph, when that claim opened with one too or ended one that its speaker interrupts
    (`_closes_quotation`). In 200 PolNeAR train articles the model was not trained on such links were
    right 23 times of 23, on dev 12 of 15 (a claim that is no quotation, or follows one that is none, was
    right under a fifth of the time). The link is as sure as the less sure of the claim and the link before."""
    linked = {link.claim_key: link for link in links}
    runs: list[SuggestedLink] = []
    last, paragraph = None, None
    for claim in sorted((s for s in spans if s.label == "CLAIM"), key=lambda s: s.start):
        quoted = doc.text[claim.start] in _QUOTE_MARKS or doc.text.startswith(_DOUBLED, claim.start)
        if doc.paragraph_of(claim.start) != paragraph:
            last, paragraph = None, doc.paragraph_of(claim.start)
        if claim.key in linked:
            last = linked[claim.key] if quoted or _closes_quotation(doc.text, claim) else None
        elif quoted and last is not None:
            last = SuggestedLink(claim.key, last.speaker_key, round(min(claim.confidence, last.confidence), 3))
            runs.append(last)
    return tuple(runs)


def _closes_quotation(text: str, claim: Suggestion) -> bool:
    """Whether the claim ends a quotation that goes on after its speaker: one that closes on a comma
    ("…native-born.”“Your facts are wrong,”") or that opened before the claim did ("that was the first
    time, senator,”" with its “But left out); not one that ends on a quoted "word."."""
    body = plain_quotes(text[claim.start:claim.end]).rstrip()
    if body.endswith(_STRAIGHT):
        return body.endswith(',"') or body.count(_STRAIGHT) % 2 == 1
    return body.endswith("”") and (body.endswith(",”") or body.count("”") > body.count("“"))


# scoring -------------------------------------------------------------------------------


def heldout_score(
    examples: Iterable[tuple[str, Suggestions]],
    fraction: float = 0.2,
    seed: int = 7,
    cancelled: Callable[[], bool] | None = None,
) -> dict:
    """Train on all but a `fraction` of the documents (chosen with `seed`), score model and rules on the rest.

    {"documents": held out, "training_documents": n, "model": {precision, recall, f1},
     "rules": {...}, "labels": {"model": per label and links, "rules": ...}}; the figures are
    overlap matches (see `annotator.core.evaluate`), micro-averaged over CLAIM, SPEAKER and CUE.
    With fewer than 5 documents nothing is held out and only the counts are given.
    """
    from ..evaluate import score_pairs

    examples = list(examples)
    if len(examples) < 5:
        return {"documents": 0, "training_documents": len(examples)}
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    size = max(1, round(len(examples) * fraction))
    held = [examples[i] for i in order[:size]]
    rest = [examples[i] for i in order[size:]]
    model = train(rest, cancelled=cancelled)
    rules = RuleSuggester()
    result = {"documents": len(held), "training_documents": len(rest), "labels": {}}
    for who, suggester in (("model", model), ("rules", rules)):
        report = score_pairs((suggester.suggest(text), gold) for text, gold in held)["overlap"]
        result["labels"][who] = report
        result[who] = _micro(report)
    return result


def _micro(report: dict) -> dict:
    from ..evaluate import figures

    rows = [report[label] for label in LABELS if label in report]
    totals = [sum(row[key] for row in rows) for key in ("found", "found_correct", "reference", "reference_found")]
    return {key: figures(*totals)[key] for key in ("precision", "recall", "f1")}
