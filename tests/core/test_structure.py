"""Selecting by structure (quotation, sentence, clause, a word more or less) and the offered speaker."""

import pytest

from annotator.core.attribution import BadgeNumbers
from annotator.core.model import Span
from annotator.core.speaker_hint import offer_speaker
from annotator.core.structure import (
    clause_at, grow_by_word, line_quotations, quotation_at, quote_type, sentence_at, shrink_by_word,
)
from annotator.core.text import normalise, snap_to_words
from tests.conftest import SEEDS

PREFIX = "😀 中文 cafe\u0301 👍🏽\r\n"
"""Astral characters, CJK, a combining mark and a Windows line break before every text."""


def canonical(body: str) -> str:
    return normalise(PREFIX + body)


def seed(prefix: str) -> str:
    return normalise(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def picked(text: str, found) -> str:
    assert found is not None
    return text[found[0]:found[1]]


def test_quotation_under_the_cursor_without_marks_and_trailing_comma():
    text = canonical("“We are grateful to them,” he said.")
    caret = text.index("grateful")
    assert picked(text, quotation_at(text, caret, caret)) == "We are grateful to them"


def test_quotation_after_the_cursor_straight_and_curly():
    text = canonical('Lavrov said: "talks go on" and ‘no truce’ later.')
    assert picked(text, quotation_at(text, 0, 0)) == "talks go on"
    first = quotation_at(text, 0, 0)
    assert picked(text, quotation_at(text, *first)) == "no truce"


def test_pressed_again_the_quotation_grows_to_the_enclosing_one():
    text = canonical("“They want a ‘memorandum’ first,” Umerov said.")
    caret = text.index("memorandum") + 2
    inner = quotation_at(text, caret, caret)
    assert picked(text, inner) == "memorandum"
    assert picked(text, quotation_at(text, *inner)) == "They want a ‘memorandum’ first"


def test_apostrophes_are_not_quote_marks():
    assert line_quotations("NATO’s and Russia’s aims, don't") == []


def test_block_quotation_closed_by_a_dash_line_in_the_seeds():
    text = seed("004")
    caret = text.index("We are not against meetings") + 10
    found = picked(text, quotation_at(text, caret, caret))
    assert found.startswith("We are not against meetings") and found.endswith("as constructive as possible")
    caret = text.index("Why wait until Monday")
    assert picked(text, quotation_at(text, caret, caret)).endswith("immediately handed over to us")


def test_block_quotation_after_emoji_and_cjk():
    text = canonical("Intro.\n\nWe wait for their memorandum\n\n- Umerov noted.\n")
    found = quotation_at(text, 0, 0)
    assert picked(text, found) == "We wait for their memorandum"
    assert found[0] == len("😀 中文 cafe\u0301 👍🏽\nIntro.\n\n")


def test_quotations_of_the_first_seed():
    text = seed("000")
    caret = text.index("Our delegation")
    found = picked(text, quotation_at(text, caret, caret))
    assert found.startswith("Our delegation, led by") and found.endswith("on Monday, June 2")


@pytest.mark.parametrize("claim, kind", [
    ("Our delegation, led by Vladimir Medinsky, is ready to present this memorandum,", "direct"),
    ("“Our delegation, led by Vladimir Medinsky, is ready to present this memorandum,”", "direct"),
    ("ready to present", "direct"),
    ("「我们准备好了」", "direct"),
    ("We wait for their memorandum", "direct"),
    ("A quotation left open\n\nand closed in the next paragraph", "direct"),
    ("it had drafted a peace “memorandum” outlining its terms", "mixed"),
    ("it had drafted a peace", "indirect"),
    ("Lavrov said", "indirect"),
])
def test_quote_type_of_a_claim_from_its_quote_marks(claim, kind):
    text = canonical(
        "MOSCOW: Russia said it had drafted a peace “memorandum” outlining its terms.\n\n"
        "“Our delegation, led by Vladimir Medinsky, is ready to present this memorandum,” Lavrov said.\n\n"
        "他说「我们准备好了」。\n\nWe wait for their memorandum\n\n- Umerov noted.\n\n"
        "“A quotation left open\r\n\r\nand closed in the next paragraph,” he added.\n"
    )
    start = text.index(claim)
    assert quote_type(text, start, start + len(claim)) == kind


def test_sentence_and_the_next_one():
    text = canonical("“Negotiations are better than war,” Lavrov said. “But the causes remain.” U.S. aid waits.")
    caret = text.index("better")
    first = sentence_at(text, caret, caret)
    assert picked(text, first) == "“Negotiations are better than war,” Lavrov said."
    grown = sentence_at(text, *first)
    assert picked(text, grown).endswith("“But the causes remain.”")
    assert picked(text, sentence_at(text, *grown)).endswith("U.S. aid waits.")


def test_clause_without_quote_marks_and_the_next_one():
    text = canonical("“Our delegation, led by Vladimir Medinsky, is ready,” Lavrov said.")
    caret = text.index("led by")
    clause = clause_at(text, caret, caret)
    assert picked(text, clause) == "led by Vladimir Medinsky"
    assert picked(text, clause_at(text, *clause)) == "led by Vladimir Medinsky, is ready"
    caret = text.index("Our")
    assert picked(text, clause_at(text, caret, caret)) == "Our delegation"


def test_grow_and_shrink_by_a_word_after_emoji():
    text = canonical("Lavrov said the talks go on.")
    caret = text.index("avrov")
    word = grow_by_word(text, caret, caret)
    assert picked(text, word) == "Lavrov"
    grown = grow_by_word(text, *grow_by_word(text, *word))
    assert picked(text, grown) == "Lavrov said the"
    assert picked(text, shrink_by_word(text, *grown)) == "Lavrov said"
    assert shrink_by_word(text, *word) is None


def test_word_snapping_drops_quote_marks_and_spaces():
    text = canonical("He said “ready for talks” now.")
    start = text.index("“") - 1
    end = text.index("”") + 2
    assert picked(text, snap_to_words(text, start, end)) == "ready for talks"
    only_mark = snap_to_words(text, text.index("“"), text.index("“") + 1)
    assert only_mark[0] == only_mark[1]


def span(sid, label, text, phrase, **kw):
    start = text.index(phrase)
    return Span(id=sid, document_id="d", annotator="alice", label=label, start=start, end=start + len(phrase), text=phrase, **kw)


@pytest.mark.parametrize(
    "body,claim,speaker",
    [
        ("“We are ready,” Sergei Lavrov said.", "We are ready", "Sergei Lavrov"),
        ("“We are ready,” said Umerov.", "We are ready", "Umerov"),
        ("“We are ready,” he told reporters.", "We are ready", "he"),
        ("Lavrov added, “We are ready.”", "We are ready.", "Lavrov"),
        ("The talks will go on, according to the ministry.", "The talks will go on", "the ministry"),
        ("Intro.\n\nWe are not against meetings with the Russians\n\n- Umerov noted.", "We are not against", "Umerov"),
    ],
)
def test_the_speaker_named_next_to_a_reporting_verb(body, claim, speaker):
    text = canonical(body)
    start = text.index(claim)
    offer = offer_speaker(text, start, start + len(claim), [])
    assert offer is not None and offer.span_id is None
    assert (text[offer.start:offer.end], offer.text) == (speaker, speaker)


def test_an_already_tagged_speaker_is_offered_as_itself_else_the_nearest():
    text = canonical("“We are ready,” Sergei Lavrov said. Talks go on. Far away Umerov waits.")
    lavrov = span("s1", "SPEAKER", text, "Sergei Lavrov")
    umerov = span("s2", "SPEAKER", text, "Umerov")
    start = text.index("We are")
    assert offer_speaker(text, start, start + 12, [umerov, lavrov]).span_id == "s1"
    talks = text.index("Talks go on")
    assert offer_speaker(text, talks, talks + 11, [umerov, lavrov]).span_id == "s1"
    assert offer_speaker(text, talks, talks + 11, []) is None


def test_badge_numbers_follow_the_speakers_in_text_order():
    positions = {"c1": (50, 60), "c2": (70, 80), "c3": (5, 9), "s1": (40, 45), "s2": (10, 20), "gone": (1, 2)}
    links = {"c1": "s1", "c2": "s2", "c3": "s2", "c4": "s1"}
    numbers = BadgeNumbers(links, positions)
    assert numbers == {"s2": 1, "s1": 2, "c1": 2, "c2": 1, "c3": 1}
    assert numbers.highest() == 2


def test_badge_numbers_follow_links_and_spans_one_at_a_time():
    positions = {"c1": (50, 60), "c2": (70, 80), "c3": (5, 9), "s1": (40, 45), "s2": (10, 20)}
    links = {"c1": "s1", "c2": "s2", "c3": "s2"}
    numbers = BadgeNumbers(links, positions)
    numbers.hide("s2")
    assert numbers == {"s1": 1, "c1": 1} and numbers.highest() == 1
    numbers.show("s2", (10, 20))
    numbers.show("s0", (0, 3))
    numbers.link("c2", "s0")
    assert numbers == {"s0": 1, "c2": 1, "s2": 2, "c3": 2, "s1": 3, "c1": 3}
    numbers.link("c3", None)
    numbers.show("s1", (1, 2))
    assert numbers == BadgeNumbers({"c1": "s1", "c2": "s0"}, {**positions, "s0": (0, 3), "s1": (1, 2)})
    assert numbers == {"s0": 1, "c2": 1, "s1": 2, "c1": 2}


def test_from_the_end_of_a_tagged_quotation_the_next_one():
    text = canonical("“We are ready,” Lavrov said. “Talks go on,” he added.")
    first = quotation_at(text, 0, 0)
    assert picked(text, quotation_at(text, first[1], first[1])) == "Talks go on"


def test_a_claim_deep_in_a_very_long_paragraph_still_gets_its_speaker():
    filler = "Talks went on for hours in the hall. " * 400
    text = canonical(filler + "“We are ready,” Umerov said. " + filler)
    start = text.index("We are ready")
    offer = offer_speaker(text, start, start + 12, [])
    assert offer is not None and offer.text == "Umerov"
