"""How the trained suggester links its claims to speakers (`learner._links`), on synthetic text."""

import pytest

from annotator.core.suggest import Suggestion
from annotator.core.suggest.learner import LONE_SPEAKER, _Document, _links, _with_rules, _without_lone_speakers
from annotator.core.suggest.rules import RuleSuggester, _Found

TEXT = ("😀 The mayor spoke first. Taxes will rise next year, officials warned.\n"
        "The budget is balanced. Her aide left early.\n")


def span(label: str, phrase: str, confidence: float) -> Suggestion:
    start = TEXT.index(phrase)
    return Suggestion(label, start, start + len(phrase), confidence)


def test_a_claim_whose_cue_has_only_a_weak_speaker_is_linked_to_it_and_the_speaker_is_proposed():
    claim, cue = span("CLAIM", "Taxes will rise next year", 0.9), span("CUE", "warned", 0.95)
    weak = span("SPEAKER", "officials", 0.45)
    mayor = span("SPEAKER", "The mayor", 0.9)
    added, links = _links(_Document(TEXT), [claim, cue, mayor], {}, [weak], 0.75)
    assert added == [weak]
    assert [(link.claim_key, link.speaker_key) for link in links] == [(claim.key, weak.key)]
    assert links[0].confidence == round(0.9 * 0.9, 3)


def test_a_weak_speaker_nobody_needs_is_not_proposed():
    cue = span("CUE", "warned", 0.95)
    added, links = _links(_Document(TEXT), [cue], {}, [span("SPEAKER", "officials", 0.45)], 0.75)
    assert added == [] and links == ()


def test_a_claim_with_a_speaker_only_elsewhere_in_its_paragraph_gets_no_link():
    claim, speaker = span("CLAIM", "The budget is balanced", 0.95), span("SPEAKER", "Her aide", 0.95)
    assert _links(_Document(TEXT), [claim, speaker], {}, [], 0.75) == ([], ())
    # the same speaker in the claim's own sentence is linked
    inside = span("SPEAKER", "The mayor", 0.95)
    claim = span("CLAIM", "spoke first", 0.95)
    assert [link.speaker_key for link in _links(_Document(TEXT), [claim, inside], {}, [], 0.75)[1]] == [inside.key]


def test_a_rule_attribution_keeps_its_link_below_the_link_threshold():
    claim, speaker = span("CLAIM", "Taxes will rise next year", 0.5), span("SPEAKER", "officials", 0.9)
    weak_link = _links(_Document(TEXT), [claim, speaker], {}, [], 0.75)[1]
    ruled_link = _links(_Document(TEXT), [claim, speaker], {claim.key: speaker.key}, [], 0.75)[1]
    assert weak_link == ()
    assert [(link.speaker_key, link.confidence) for link in ruled_link] == [(speaker.key, 0.5)]


QUOTES = ("“We will win this state,” Clinton said. “Don’t believe the polls.” The race is close.\n"
          "“It is over.”\n")


@pytest.mark.parametrize("opening, closing", [("“", "”"), ("''", "''")], ids=["curly", "two apostrophes"])
def test_a_quotation_after_a_linked_one_in_its_paragraph_goes_on_quoting_its_speaker(opening, closing):
    """Also in the New York Times' ''…'' marks."""
    text = QUOTES.replace("“", opening).replace("”", closing)

    def at(label: str, phrase: str) -> Suggestion:
        phrase = phrase.replace("“", opening).replace("”", closing)
        start = text.index(phrase)
        return Suggestion(label, start, start + len(phrase), 0.9)

    first, speaker, cue = at("CLAIM", "“We will win this state,”"), at("SPEAKER", "Clinton"), at("CUE", "said")
    second, unquoted, next_paragraph = (at("CLAIM", "“Don’t believe the polls.”"), at("CLAIM", "The race is close"),
                                        at("CLAIM", "“It is over.”"))
    links = _links(_Document(text), [first, speaker, cue, second, unquoted, next_paragraph], {}, [], 0.7)[1]
    assert {(link.claim_key, link.speaker_key) for link in links} == {(first.key, speaker.key), (second.key, speaker.key)}


def test_a_sure_cue_vouches_for_a_less_sure_speaker_next_to_it():
    claim, speaker = span("CLAIM", "Taxes will rise next year", 0.9), span("SPEAKER", "officials", 0.65)

    def linked(cue_confidence: float) -> list[tuple[str, float]]:
        cue = span("CUE", "warned", cue_confidence)
        return [(link.speaker_key, link.confidence) for link in _links(_Document(TEXT), [claim, speaker, cue], {}, [], 0.7)[1]]

    assert linked(0.99) == [(speaker.key, 0.891)]
    assert linked(0.7) == []


def test_a_speaker_no_claim_is_linked_to_is_proposed_only_when_the_model_is_sure_of_it():
    claim, cue = span("CLAIM", "Taxes will rise next year", 0.9), span("CUE", "warned", 0.95)
    linked, lone = span("SPEAKER", "officials", 0.64), span("SPEAKER", "Her aide", 0.69)
    sure = span("SPEAKER", "The mayor", 0.7)
    links = _links(_Document(TEXT), [claim, cue, linked, lone, sure], {}, [], 0.7)[1]
    assert [link.speaker_key for link in links] == [linked.key]
    kept = _without_lone_speakers([claim, cue, linked, lone, sure], links, LONE_SPEAKER)
    assert kept == [claim, cue, linked, sure]


@pytest.mark.parametrize("text, first, linked", [
    ("“But it was the first time, senator,” Morgan said. “She does not do it often.”\n", "it was the first time, senator,”", True),
    ("He noted that “facts are facts.”“Your facts are wrong,” Morgan wrote. “She does not do it often.”\n",
     "that “facts are facts.”“Your facts are wrong,”", True),
    ("Morgan said she wants \"a better deal.\" “She does not do it often.”\n", "she wants \"a better deal.\"", False),
], ids=["opened before the claim", "closes on a comma", "a quoted phrase"])
def test_a_quotation_goes_on_after_a_linked_claim_that_ends_one(text, first, linked):
    """A claim that ends a quotation its speaker interrupts hands its speaker to the quotation after it;
    one that merely ends on a quoted phrase does not."""

    def at(label: str, phrase: str) -> Suggestion:
        start = text.index(phrase)
        return Suggestion(label, start, start + len(phrase), 0.9)

    cue = "wrote" if "wrote" in text else "said"
    claim, speaker, then = at("CLAIM", first), at("SPEAKER", "Morgan"), at("CLAIM", "“She does not do it often.”")
    links = _links(_Document(text), [claim, speaker, at("CUE", cue), then], {}, [], 0.7)[1]
    expected = {(claim.key, speaker.key)} | ({(then.key, speaker.key)} if linked else set())
    assert {(link.claim_key, link.speaker_key) for link in links} == expected


@pytest.mark.parametrize("garbage", ["on Friday", "now", "in one of a series of messages"])
def test_a_phrase_of_time_or_place_is_nobody_s_speaker(garbage):
    """The model's SPEAKER spans "on Friday" or "in one of …" next to a cue are passed over for the speaker before them."""
    text = f"Trump, who has been feuding with leaders, {garbage} described his intent to lead the party.\n"

    def at(label: str, phrase: str) -> Suggestion:
        start = text.index(phrase)
        return Suggestion(label, start, start + len(phrase), 0.9)

    trump, claim = at("SPEAKER", "Trump"), at("CLAIM", "his intent to lead the party")
    spans = [trump, at("SPEAKER", garbage), at("CUE", "described"), claim]
    links = _links(_Document(text), spans, {}, [], 0.7)[1]
    assert [(link.claim_key, link.speaker_key) for link in links] == [(claim.key, trump.key)]


@pytest.mark.parametrize("text, linked", [
    ("Taxes will rise next year, warned the mayor of the town.\n", False),
    ("Taxes will rise next year, according to the mayor of the town.\n", True),
], ids=["speaker after its cue", "according to"])
def test_a_speaker_after_its_cue_is_a_weak_link_unless_the_cue_is_according_to(text, linked):
    def at(label: str, phrase: str) -> Suggestion:
        start = text.index(phrase)
        return Suggestion(label, start, start + len(phrase), 0.9)

    claim, mayor = at("CLAIM", "Taxes will rise next year"), at("SPEAKER", "the mayor of the town")
    cue = at("CUE", "warned" if "warned" in text else "according to")
    links = _links(_Document(text), [claim, cue, mayor], {}, [], 0.7)[1]
    assert [(link.speaker_key, link.confidence) for link in links] == ([(mayor.key, 0.9)] if linked else [])
    assert [link.confidence for link in _links(_Document(text), [claim, cue, mayor], {}, [], 0.5)[1]] == [0.9 if linked else 0.54]


def test_rule_claims_of_two_attributions_in_one_span_give_it_the_speaker_of_the_later():
    text = "Taxes will rise, officials warned. The mayor agreed.\n"
    doc = _Document(text)
    claim = Suggestion("CLAIM", 0, text.index(" The mayor"), 0.9)  # a model claim over both rule claims
    officials, mayor = (Suggestion("SPEAKER", text.index(p), text.index(p) + len(p), 0.9) for p in ("officials", "The mayor"))
    doc.rules = [_Found((0, 15), (17, 26), (27, 33), 0.9), _Found((17, 33), (35, 44), (45, 51), 0.9)]
    spans, ruled = _with_rules(doc, [claim, officials, mayor])
    assert ruled == {claim.key: mayor.key}


TWICE_SAID = ("“I ask you as a personal courtesy to me not to engage in any kind of protest,” Sanders said, according to "
              "CNN. “It’s of utmost importance you explain this to your delegations.”\n"
              "But Menendez said he does not think it matters. If it gets hard, he said, Congress can wait.\n")


def test_a_claim_is_linked_to_one_speaker_as_in_the_scheme():
    """PolNeAR gives "“…,” Sanders said, according to CNN." two attributions, and a claim of two sentences may
    have a speaker in each; the scheme, and so the window and an accepted suggestion, has one speaker a claim."""
    doc = _Document(TWICE_SAID)
    spans, ruled = _with_rules(doc, [])
    links = _links(doc, spans, ruled, [], 0.62)[1]
    rules = RuleSuggester().suggest(TWICE_SAID)
    for spans, links in ((spans, links), (rules.spans, rules.links)):
        claims = [link.claim_key for link in links]
        assert len(claims) == len(set(claims)) >= 2
        text_of = {s.key: TWICE_SAID[s.start:s.end] for s in spans}
        assert ("I ask you as a personal courtesy to me not to engage in any kind of protest", "Sanders") in {
            (text_of[link.claim_key], text_of[link.speaker_key]) for link in links}
