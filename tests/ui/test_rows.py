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


def test_rows_inserted_and_deleted_one_at_a_time_keep_every_lookup_right():
    from annotator.ui.models.spans import text_order

    model = ClaimListModel()
    model.set_rows([claim(k, 10 * i) for i, k in enumerate("abcdefgh")])
    assert model.row_of("h") == 7
    model.apply({"c"}, [claim("x", 55)], text_order)
    assert model.row_of("b") == 1 and model.row_of("h") == 7 and model.row_of("c") == -1
    model.apply({"a", "x"}, [claim("y", 65), claim("c", 5)], text_order)
    assert [model.row_of(r.id) for r in model.rows] == list(range(8))
    assert [r.id for r in model.rows] == list("cbdefgyh")
    assert model.row_of("x") == -1 and model.row_of("a") == -1


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


def test_a_column_repainted_for_every_document_reaches_the_filter_as_one_signal():
    from annotator.core.model import DocumentSummary
    from annotator.ui.models.documents import DocumentFilter, DocumentListModel

    source = DocumentListModel()
    source.set_rows([DocumentSummary(str(i), f"Title {i}", "todo", 0, 0, 0) for i in range(1000)])
    shown = DocumentFilter()
    shown.setSourceModel(source)
    shown.set_allowed({str(i) for i in range(0, 1000, 3)})
    signals = []
    shown.dataChanged.connect(lambda first, last, roles=(): signals.append((first.row(), last.row(), first.column(),
                                                                           last.column())))
    source.set_suggestion_counts({"3": 2})
    assert signals == [(0, 333, 4, 4)]
    signals.clear()
    source.dataChanged.emit(source.index(4, 0), source.index(8, 1))
    assert signals == [(2, 2, 0, 1)], "only the shown row 6 among source rows 4-8"
    signals.clear()
    source.dataChanged.emit(source.index(4, 0), source.index(5, 0))
    assert signals == []
