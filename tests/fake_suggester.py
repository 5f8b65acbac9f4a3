"""A small suggester for tests: proper names before a reporting verb, the verb, and quoted claims."""

import re

from annotator.core.suggest import SuggestedLink, Suggestion, Suggestions

_SAYING = re.compile(r"((?:[A-Z]\w+ )*[A-Z]\w+) (said|noted|told)")
_QUOTE = re.compile(r"“[^”]+”|(?<=said )[a-z][^.]*")


class PhraseSuggester:
    def __init__(self, name: str = "fake"):
        self.name = name
        self.calls = 0

    def suggest(self, text: str) -> Suggestions:
        self.calls += 1
        spans, links = [], []
        for match in _SAYING.finditer(text):
            speaker = Suggestion("SPEAKER", match.start(1), match.end(1), 0.8)
            spans += [speaker, Suggestion("CUE", match.start(2), match.end(2), 0.9)]
            claim = _QUOTE.search(text, match.end(2))
            if claim and text.count("\n", match.end(2), claim.start()) == 0:
                suggestion = Suggestion("CLAIM", claim.start(), claim.end(), 0.6)
                spans.append(suggestion)
                links.append(SuggestedLink(suggestion.key, speaker.key, 0.7))
        return Suggestions(tuple(spans), tuple(links))
