"""Progress from a worker: in thousandths (byte counts overflow 32-bit ints), at most every 50 ms."""

from annotator.ui.workers import PROGRESS_STEPS, Job


def test_progress_of_a_huge_import_is_scaled_and_throttled(qtbot):
    job = Job(lambda progress: None)
    told = []
    job.progressed.connect(told.append)
    total = 5 * 2**31
    for done in range(0, total, total // 10_000):
        assert job.progress(done, total)
    job.progress(total, total)
    assert told[0] == 0 and told[-1] == PROGRESS_STEPS
    assert all(0 <= value <= PROGRESS_STEPS for value in told)
    assert len(told) < 100, "a signal per call would flood the UI thread"
    job.cancel()
    assert job.progress(total, total) is False
