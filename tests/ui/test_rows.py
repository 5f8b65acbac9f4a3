"""The shared row model: its key index stays right while views read it in the middle of an update."""

from annotator.ui.models.spans import ClaimListModel, ClaimRow


def claim(key: str, start: int) -> ClaimRow:
    return ClaimRow(key, start, start + 1, key, "", "", "", "alice")


def test_a_view_reading_the_model_during_an_update_never_leaves_a_stale_index(qtmodeltester):
    model = ClaimListModel()
    model.set_rows([claim(k, i) for i, k in enumerate("abcdef")])
    looked_up = []
    model.rowsRemoved.connect(lambda *_: looked_up.append(model.row_of("f")))
    model.rowsInserted.connect(lambda *_: looked_up.append(model.row_of("f")))
    model.set_rows([claim(k, i) for i, k in enumerate("xbdfyz")])
    assert looked_up, "the model was read while it changed"
    assert [model.row_of(k) for k in "xbdfyz"] == list(range(6))
    assert model.row_of("a") == -1
    qtmodeltester.check(model)
