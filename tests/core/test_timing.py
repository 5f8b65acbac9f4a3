"""Time on task: active time only, by document and annotator, written in one small transaction."""

import json

from annotator.cli import main
from annotator.core.export import write_export
from annotator.core.store import Store
from annotator.core.timing import TimeOnTask, format_duration


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_time_counts_between_actions_and_not_across_idle_gaps():
    clock = FakeClock()
    timer = TimeOnTask(clock, idle=120)
    timer.activity("d1", "alice")
    clock.advance(30)
    timer.activity("d1", "alice")
    clock.advance(100)
    timer.activity("d1", "alice")
    clock.advance(121)  # a coffee break: none of it counts
    timer.activity("d1", "alice")
    clock.advance(10)
    timer.activity("d1", "alice")
    assert timer.take() == {("d1", "alice"): 140}
    assert timer.take() == {}


def test_a_document_switch_or_a_pause_starts_a_new_interval():
    clock = FakeClock()
    timer = TimeOnTask(clock)
    timer.activity("d1", "alice")
    clock.advance(20)
    timer.activity("d2", "alice")  # the time before the switch belongs to neither
    clock.advance(5)
    timer.activity("d2", "alice")
    timer.pause()
    clock.advance(7)
    timer.activity("d2", "alice")
    clock.advance(1)
    timer.activity(None, "alice")
    assert timer.take() == {("d2", "alice"): 5}


def test_time_the_store_could_not_take_waits_for_the_next_write():
    clock = FakeClock()
    timer = TimeOnTask(clock)
    timer.activity("d1", "bob")
    clock.advance(4)
    timer.activity("d1", "bob")
    taken = timer.take()
    timer.give_back(taken)
    clock.advance(3)
    timer.activity("d1", "bob")
    assert timer.take() == {("d1", "bob"): 7}


def test_store_adds_up_time_and_exports_it_as_meta_seconds(tmp_path):
    path = tmp_path / "t.db"
    with Store(path, user="alice") as store:
        doc = store.add_document("😀中文 Lavrov said talks go on.").document_id
        store.add_span(doc, "CLAIM", 14, 27)
        undo_depth = len(store.history.undo_stack)
        logged = len(store.change_log())
        store.add_time({(doc, "alice"): 61.25})
        store.add_time({(doc, "alice"): 38.75, (doc, "bob"): 5.0})
        store.add_time({})
        assert store.time_on_task(doc) == {(doc, "alice"): 100.0, (doc, "bob"): 5.0}
        assert len(store.history.undo_stack) == undo_depth and len(store.change_log()) == logged
        write_export(store, tmp_path / "out.jsonl")
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert record["annotator"] == "alice" and record["meta"]["seconds"] == 100.0
    with Store(path, user="bob") as bob:
        bob.add_span(doc, "CLAIM", 14, 27)
        bob.add_time({(doc, "bob"): -3})  # nothing to add: no row
        write_export(bob, tmp_path / "both.jsonl")
        assert bob.time_on_task(doc)[(doc, "bob")] == 5.0
    with Store(tmp_path / "third.db", user="dave") as dave:
        from annotator.core.ingest import import_paths

        import_paths(dave, [tmp_path / "both.jsonl"])
        write_export(dave, tmp_path / "third.jsonl")
    seconds = {json.loads(line)["annotator"]: json.loads(line)["meta"]["seconds"]
               for line in (tmp_path / "third.jsonl").read_text().splitlines()}
    assert seconds == {"alice": None, "bob": None}, "an imported layer was never timed in this store"
    with Store(tmp_path / "again.db", user="carol") as other:
        from annotator.core.ingest import import_paths

        import_paths(other, [tmp_path / "out.jsonl"])
        (imported,) = other.document_ids()
        assert "seconds" not in other.document(imported).meta, "a colleague's time is not document metadata"


def test_list_shows_time_on_task(tmp_path, capsys):
    path = tmp_path / "t.db"
    with Store(path, user="alice") as store:
        doc = store.add_document("Lavrov said talks go on.").document_id
        store.add_span(doc, "CLAIM", 0, 6)
        store.add_time({(doc, "alice"): 200})
        store.add_document("Rubio told Lavrov nothing.")
        other = store.document_ids()[-1]
        store.add_span(other, "CLAIM", 0, 5)
    assert main(["list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "alice: in progress, 1 spans, 3m 20s on task" in out
    assert "alice: in progress, 1 spans, no time recorded" in out


def test_durations_read_as_people_say_them():
    assert [format_duration(s) for s in (0, 45, 200, 3720)] == ["0s", "45s", "3m 20s", "1h 02m"]
