"""build_speed.collector: in the warm process, garbage collected between builds and never kept longer."""

from __future__ import annotations

import gc
import weakref

import pytest
from build_speed.collector import Collector


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture
def collector():
    """A collector on, as in livereload's warm process; this test process's collector as it was after."""
    made = Collector()
    made.remember()
    yield made
    made.forget()


def test_between_builds_the_garbage_is_freed_and_what_survives_frozen(collector):
    alive, garbage = Node(), Node()
    alive_ref, garbage_ref = weakref.ref(alive), weakref.ref(garbage)
    del garbage
    collector.collect()
    collector.freeze()
    assert garbage_ref() is None and alive_ref() is alive
    assert gc.get_freeze_count() > 0  # out of the next build's collections


def test_what_a_build_drops_of_the_frozen_objects_is_freed_before_the_next_build(collector):
    kept = Node()
    kept_ref = weakref.ref(kept)
    collector.collect()
    collector.freeze()
    del kept  # the build drops it
    gc.collect()  # a collection during the build does not walk the frozen objects
    assert kept_ref() is not None
    collector.collect()  # between builds: the frozen objects put back, and collected
    assert kept_ref() is None


def test_off_it_leaves_pythons_collector_alone():
    off = Collector()
    garbage = Node()
    garbage_ref = weakref.ref(garbage)
    del garbage
    gc.disable()  # so that only a collection made by `off` could free it
    try:
        off.collect()
        off.freeze()
        assert garbage_ref() is not None and gc.get_freeze_count() == 0
    finally:
        gc.enable()
        gc.collect()


def test_forget_puts_every_frozen_object_back(collector):
    collector.freeze()
    collector.forget()
    assert gc.get_freeze_count() == 0
