"""Titles: the first line that reads like a headline, page noise skipped, at most 200 characters."""

import pytest

from annotator.core.ingest import html_to_text, import_paths
from annotator.core.titles import TITLE_CHARS, headline

SEED_TITLES = {
    "000_85478dbc048ae6ab.txt": "Russia to Present Peace ‘Memorandum’ to Ukraine at Istanbul Talks",
    "001_24ca8abc6b35c596.txt": "Russian Foreign Minister told US Secretary of State Marco Rubio that Moscow is preparing "
    "detailed proposals for a second round of direct talks with Ukraine.",
    "002_ae44b86455039b7d.txt": "Russia proposes new peace talks in Istanbul, Ukraine demands terms upfront",
    "003_05f3781f14e68cea.txt": "Russia has expressed its intention to initiate new negotiations with Ukraine in Istanbul "
    "next Monday, aiming to present a plan for a peace settlement.",
    "004_232b5e9231d1867f.txt": "Preparation for the second round of negotiations with the Russian Federation in "
    "Istanbul: what is known at the moment",
}


def test_the_sample_articles_are_titled_by_their_headlines(seeded):
    titles = {doc.meta["file"]: doc.title for doc, _ in seeded.overview()}
    assert titles == SEED_TITLES


@pytest.mark.parametrize(
    "noise",
    [" date 2025-05-30 $41.530.06", "Wed May 28 2025", "icon-facebook icon-twitter icon-whatsapp", " • 3214 views",
     "29.05.25, 20:10 • 2606 views", "$41.530.06", "Share on Facebook Twitter Email"],
)
def test_page_noise_before_the_headline_is_skipped(noise):
    assert headline(f"{noise}\n\nTalks resume in Istanbul\nBody text.") == "Talks resume in Istanbul"


def test_a_text_of_noise_only_keeps_its_first_line():
    assert headline("\n  3214 views \n$41.53\n") == "3214 views"
    assert headline("Hi\nthere") == "Hi"
    assert headline(" \n\n") == ""


def test_a_long_first_paragraph_gives_its_first_sentence_past_abbreviations():
    paragraph = ("The U.S. envoy met Mr. Umerov in Istanbul on Monday to discuss the exchange of prisoners. "
                 "They talked for hours about the terms of a ceasefire that neither side has accepted so far, "
                 "and agreed to meet again next week in the same place.")
    assert headline(paragraph) == "The U.S. envoy met Mr. Umerov in Istanbul on Monday to discuss the exchange of prisoners."


def test_a_headline_longer_than_200_characters_is_cut_at_a_word():
    title = headline("Talks " * 80)
    assert len(title) <= TITLE_CHARS and title.endswith("Talks…")
    assert len(headline("x" * 500)) == TITLE_CHARS


def test_a_markdown_heading_loses_its_hashes():
    assert headline("## Talks resume in Istanbul\n\nBody.") == "Talks resume in Istanbul"


def test_html_titles_og_title_first_then_the_title_element():
    head = "<head><title>Talks resume | News Site</title>{meta}</head><body><p>date 2025-05-30</p><p>Body text here.</p></body>"
    assert html_to_text(head.format(meta=""))[0] == "Talks resume | News Site"
    og = '<meta property="og:title" content="Talks  resume in Istanbul">'
    assert html_to_text(head.format(meta=og))[0] == "Talks resume in Istanbul"


def test_an_imported_html_file_without_a_title_takes_its_headline(store, tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><body><div>Wed May 28 2025</div><h1>Talks resume in Istanbul</h1><p>Body.</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "titled.html").write_text(
        "<html><head><meta name='og:title' content='Given title'></head><body><p>Other text.</p></body></html>",
        encoding="utf-8",
    )
    import_paths(store, [tmp_path])
    assert sorted(doc.title for doc, _ in store.overview()) == ["Given title", "Talks resume in Istanbul"]
