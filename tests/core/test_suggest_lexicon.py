"""The cue lexicon and its lemmatiser, and the learner features they give."""

from annotator.core.suggest.learner import _Document
from annotator.core.suggest.lexicon import CUE_LEMMAS, lemma


def test_inflections_of_a_lexicon_word_share_its_lemma():
    assert {lemma(w) for w in ("fear", "fears", "feared", "fearing")} == {"fear"}
    assert lemma("worries") == lemma("worried") == "worry"
    assert lemma("planned") == lemma("planning") == "plan"
    assert lemma("argued") == lemma("arguing") == "argue"
    assert lemma("said") == lemma("says") == "say"
    assert lemma("according") == "accord"


def test_a_word_outside_the_lexicon_is_left_alone():
    assert "table" not in CUE_LEMMAS
    assert lemma("tables") == "tables"
    assert lemma("harbour") == "harbour"


def test_the_learner_sees_the_lemma_and_how_far_the_nearest_cue_word_is():
    text = "😀 Greta Olsen feared that the harbour would close.\n"
    ((tokens, features),) = _Document(text).sequences()
    words = [text[s:e] for s, e in tokens]
    at = {w: f for w, f in zip(words, features)}
    assert "cue_lemma=fear" in at["feared"] and "lexicon" in at["feared"]
    assert "lexicon_at=+1" in at["Olsen"]
    assert "lexicon_at=+1|out|title" in at["Olsen"] and "lexicon_at=-2|out|word" in at["the"]
    assert "lexicon_at=-2" in at["the"]
    assert "1:lexicon" in at["Olsen"] and "1:lexicon" not in at["Greta"]
    assert "lexicon" not in at["harbour"]


def test_a_name_that_speaks_somewhere_in_the_text_is_marked_everywhere():
    text = "Marta Kowalski arrived late. “We are ready,” said Kowalski.\nLater Kowalski left and Nowak stayed.\n"
    sequences = list(_Document(text).sequences())
    marked = {text[s:e] for tokens, features in sequences for (s, e), f in zip(tokens, features) if "speaks_elsewhere" in f}
    assert marked == {"Kowalski"}
    second = sequences[1][1]
    assert "speaks_elsewhere" in second[1] and "speaks_elsewhere" not in second[4]


def test_the_learner_knows_where_in_its_sentence_a_token_is():
    text = "Polls closed. Greta Olsen feared that the harbour would close.\n"
    ((tokens, features),) = _Document(text).sequences()
    at = {text[s:e]: f for (s, e), f in zip(tokens, features)}
    assert "sentence_at=0" in at["Polls"] and "sentence_at=0" in at["Greta"]
    assert "sentence_at=+2" in at["feared"]
    assert "lexicon_before=1" in at["harbour"] and "lexicon_after=1" in at["Greta"]
