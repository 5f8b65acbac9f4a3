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
