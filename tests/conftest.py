import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from annotator.core.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "annotator.db", user="alice") as s:
        yield s


@pytest.fixture
def seeded(store):
    from annotator.core.ingest import import_paths

    import_paths(store, [SEEDS])
    return store


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test touches the real user data folder or settings."""
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("ANNOTATOR_USER", "alice")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


REVIEW_TEXT = "Lavrov said the talks will go on. Umerov said no ceasefire yet. Rubio said sanctions stay. Witkoff hopes for peace soon."


def at(phrase: str) -> tuple[int, int]:
    start = REVIEW_TEXT.index(phrase)
    return start, start + len(phrase)


def tag(store: Store, doc: str, label: str, phrase: str) -> str:
    return store.add_span(doc, label, *at(phrase)).subject


@pytest.fixture
def reviewed(tmp_path):
    """alice and bob annotated one article with one difference of each kind; carol reviews."""
    path = tmp_path / "review.db"
    with Store(path, user="alice") as alice:
        doc = alice.add_document(REVIEW_TEXT).document_id
        lavrov = tag(alice, doc, "SPEAKER", "Lavrov")
        talks = tag(alice, doc, "CLAIM", "the talks will go on")
        alice.link_speaker(talks, lavrov)
        alice.set_stance(talks, "ceasefire", "support")
        umerov = tag(alice, doc, "SPEAKER", "Umerov")
        alice.link_speaker(tag(alice, doc, "CLAIM", "no ceasefire yet"), umerov)
        alice.set_stance(tag(alice, doc, "CLAIM", "sanctions stay"), "sanctions", "support")
        tag(alice, doc, "SPEAKER", "Rubio")
        tag(alice, doc, "CLAIM", "hopes for peace soon")
        tag(alice, doc, "SPEAKER", "Witkoff")
    with Store(path, user="bob") as bob:
        lavrov = tag(bob, doc, "SPEAKER", "Lavrov")
        talks = tag(bob, doc, "CLAIM", "the talks will go on")
        bob.link_speaker(talks, lavrov)
        bob.set_stance(talks, "ceasefire", "support")
        tag(bob, doc, "SPEAKER", "Umerov")
        tag(bob, doc, "CLAIM", "no ceasefire yet")
        bob.set_stance(tag(bob, doc, "CLAIM", "sanctions stay"), "sanctions", "oppose")
        tag(bob, doc, "CLAIM", "Rubio")
        tag(bob, doc, "CLAIM", "peace soon")
        tag(bob, doc, "CUE", "said")
    with Store(path, user="carol") as carol:
        yield carol, doc
