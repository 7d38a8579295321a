"""The collector pause used around decoding and reconciliation."""

from __future__ import annotations

import gc

from pipeline.gcpause import gc_paused


def test_gc_paused_turns_the_collector_off_then_on_and_freezes_the_survivors():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        survivor = [{"row": i} for i in range(3)]
    assert gc.isenabled()
    assert id(survivor) not in {id(o) for o in gc.get_objects()}


def test_gc_paused_leaves_a_collector_the_caller_turned_off_alone():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gc_paused_restores_the_collector_when_the_block_raises():
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
