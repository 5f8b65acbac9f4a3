import pytest

from annotator.core.text import (
    TextError,
    Utf16Map,
    content_hash,
    find_published,
    normalise,
    snap_to_words,
    tokens,
)

MIXED = "😀 Lavrov: 中文 cafe\u0301 👍🏽 done"


def test_normalise_line_breaks_and_bom():
    assert normalise("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_normalise_rejects_lone_surrogates():
    with pytest.raises(TextError, match="U\\+D800"):
        normalise("ok \ud800 bad")



@pytest.mark.parametrize(
    "start,end,expected",
    [
        (4, 6, "Lavrov"),  # inside a word grows to the word
        (1, 8, "Lavrov"),  # surrounding space is trimmed
        (2, 10, "Lavrov:"),  # punctuation at an end is kept
        (8, 8, ""),
    ],
)
def test_snap_to_words(start, end, expected):
    text = "😀 Lavrov: 中文"
    s, e = snap_to_words(text, start, end)
    assert text[s:e] == expected


def test_snap_only_space_is_empty():
    s, e = snap_to_words("a    b", 1, 4)
    assert s == e


def test_tokens_follow_the_agreement_regex():
    text = "Lavrov said: “no”."
    assert [text[s:e] for s, e in tokens(text)] == ["Lavrov", "said", ":", "“", "no", "”", "."]


def test_utf16_map_round_trips_every_offset():
    text = "a😀b中\u0301👍🏽\nz"
    mapping = Utf16Map(text)
    units = text.encode("utf-16-le")
    for offset in range(len(text) + 1):
        position = mapping.to_utf16(offset)
        assert position == len(text[:offset].encode("utf-16-le")) // 2
        assert mapping.to_offset(position) == offset
    assert len(units) // 2 == mapping.to_utf16(len(text))


def test_utf16_position_inside_a_surrogate_pair_snaps_back():
    mapping = Utf16Map("a😀b")
    assert mapping.to_offset(2) == 1  # between the two halves of the emoji
    assert mapping.to_offset(3) == 2


@pytest.mark.parametrize(
    "head,iso",
    [
        ("Title\n\nWed May 28 2025\nicon-facebook", "2025-05-28"),
        (" date 2025-05-30 $41.530.06\nTitle", "2025-05-30"),
        ("Title\nPublished May 16, 2025 by staff", "2025-05-16"),
        ("Title\nno date here", None),
    ],
)
def test_find_published(head, iso):
    assert find_published(head) == iso


def test_hash_is_sha256_of_utf8():
    import hashlib

    assert content_hash("é😀") == hashlib.sha256("é😀".encode()).hexdigest()


def test_search_hits_are_word_starts_ignoring_case_and_capped():
    from annotator.core.text import search_hits

    text = "😀 Ceasefire talks; a CEASEFIRE soon? 停火 ceasefires, not preceasefire. (a+b)"
    assert [text[s:e] for s, e in search_hits(text, "ceasefire")] == ["Ceasefire", "CEASEFIRE", "ceasefires"]
    assert [text[s:e] for s, e in search_hits(text, "talk 停")] == ["talks", "停火"]
    assert [text[s:e] for s, e in search_hits(text, "(a+b")] == ["a", "a", "b"], "no regex syntax from the query"
    assert len(search_hits(text, "ceasefire", limit=2)) == 2
    assert search_hits(text, "  ") == []


def test_search_hits_keep_a_word_whole_over_combining_marks():
    from annotator.core.text import search_hits

    text = "😀 cafe\u0301s open; नमस्ते दुनिया; cafe"
    hits = [text[s:e] for s, e in search_hits(text, "caf")]
    assert hits == ["cafe\u0301s", "cafe"]
    assert [text[s:e] for s, e in search_hits(text, "नमस")] == ["नमस्ते"]


def test_snapping_keeps_a_letter_with_its_combining_marks():
    from annotator.core.text import snap_to_words

    text = "x cafe\u0301s नमस्ते y"
    for start, end, word in ((3, 5, "cafe\u0301s"), (6, 7, "cafe\u0301s"), (9, 11, "नमस्ते"), (10, 12, "नमस्ते")):
        s, e = snap_to_words(text, start, end)
        assert text[s:e] == word
