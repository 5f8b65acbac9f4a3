"""A small suggester for tests: proper names before a reporting verb, the verb, and quoted claims."""

import importlib
import json
import re
import sys
import threading
import types

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


class HeldSuggester(PhraseSuggester):
    """A slow PhraseSuggester: each call waits until the test sets `release` (at most 10 s), and remembers its thread."""

    def __init__(self, name: str = "rules"):
        super().__init__(name)
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def suggest(self, text: str) -> Suggestions:
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        return super().suggest(text)


class FakeModel:
    """Learns the (label, wording) pairs of its examples and proposes them wherever the wording occurs."""

    def __init__(self, known: list[tuple[str, str]], training_size: int):
        self.known = known
        self.training_size = training_size

    def suggest(self, text: str) -> Suggestions:
        spans = []
        for label, wording in self.known:
            start = text.find(wording)
            while start >= 0:
                spans.append(Suggestion(label, start, start + len(wording), 0.95))
                start = text.find(wording, start + 1)
        return Suggestions(tuple(spans))

    def to_bytes(self) -> bytes:
        return json.dumps([self.known, self.training_size]).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> "FakeModel":
        known, size = json.loads(data)
        return cls([tuple(k) for k in known], size)


class FakeCancelled(Exception):
    pass


def fake_train(examples, progress=None, cancelled=None):
    examples = list(examples)
    known = []
    for i, (text, suggestions) in enumerate(examples):
        if cancelled is not None and cancelled():
            raise FakeCancelled()
        known += [(s.label, text[s.start:s.end]) for s in suggestions.spans]
        if progress is not None:
            progress(i + 1, len(examples))
    return FakeModel(sorted(set(known)), len(examples))


def install_engine(monkeypatch, real: tuple[str, ...] = ()) -> None:
    """Put these fakes in place of the rules and the learner, under their module names, so a test knows
    what is suggested; those named in `real` stay the real ones when they are installed."""
    for name, values in (
        ("rules", {"RuleSuggester": lambda: PhraseSuggester("rules")}),
        ("learner", {"train": fake_train, "TrainedModel": FakeModel, "TrainingCancelled": FakeCancelled,
                     "heldout_score": lambda examples, **_: {"f1": 0.9, "rules_f1": 0.5}}),
    ):
        module = f"annotator.core.suggest.{name}"
        if name in real:
            try:
                importlib.import_module(module)
                continue
            except ModuleNotFoundError:
                pass
        monkeypatch.setitem(sys.modules, module, types.SimpleNamespace(**values))
