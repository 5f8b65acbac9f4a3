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


def test_the_document_filter_maps_rows_both_ways_and_follows_the_list(qtmodeltester):
    from annotator.core.model import DocumentSummary
    from annotator.ui.models.documents import DocumentFilter, DocumentListModel, VisibleDocuments

    def summaries(ids):
        return [DocumentSummary(i, f"Title {i}", "todo", 0, 0, 0) for i in ids]

    source = DocumentListModel()
    source.set_rows(summaries("abcde"))
    shown = DocumentFilter()
    shown.setSourceModel(source)
    resets = []
    shown.modelReset.connect(lambda: resets.append(1))
    shown.set_allowed({"b", "d", "z"})
    assert list(VisibleDocuments(shown, source)) == ["b", "d"]
    assert shown.mapToSource(shown.index(1, 2)).row() == 3
    assert not shown.mapFromSource(source.index(0, 0)).isValid()
    source.set_rows(summaries("abcdefghij"))
    assert len(resets) == 2, "five appended rows arrive as one insertion"
    source.update_rows([DocumentSummary("d", "Renamed", "done", 1, 0, 1)])
    assert shown.index(1, 0).data() == "Renamed"
    shown.set_allowed(None)
    assert shown.rowCount() == 10
    qtmodeltester.check(shown)
