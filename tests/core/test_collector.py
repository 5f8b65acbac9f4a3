import gc

import pytest

from annotator.core.collector import collector_paused


@pytest.fixture(autouse=True)
def thawed():
    yield
    gc.unfreeze()


def test_the_collector_is_off_while_paused_and_on_again_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_is_kept_is_frozen_out_of_the_collector_and_what_is_not_is_left_to_it():
    gc.unfreeze()
    with collector_paused():
        passing = [{"span": k} for k in range(5_000)]
    assert gc.get_freeze_count() == 0
    with collector_paused(kept=True):
        kept = [{"span": k} for k in range(5_000)]
    assert gc.get_freeze_count() >= len(kept) + len(passing)


def test_an_error_inside_leaves_the_collector_on_and_freezes_nothing():
    gc.unfreeze()
    with pytest.raises(ValueError), collector_paused(kept=True):
        raise ValueError("reading failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
