"""The sync tick holds full collections off while it runs (young ones go on) and collects once after."""

from __future__ import annotations

import gc
import weakref

import pytest

from shared.app.tick.collector import HELD, TICK_CACHES, full_collections_held, tick_memory
from shared.couriers.cells import cell_numbers
from shared.reconcile.deadline import from_sheet_time


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def _cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: reference counting alone never frees it
    return weakref.ref(a)


def test_no_full_collection_inside_and_the_thresholds_come_back() -> None:
    before = gc.get_threshold()
    with full_collections_held():
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full >= HELD
        assert gc.isenabled()  # young collections go on
    assert gc.get_threshold() == before


def test_cycles_made_inside_are_freed_by_the_collection_after() -> None:
    gc.collect()
    with full_collections_held():
        gone = _cycle()
        gc.freeze()  # keep every young collection from finding it: only a full one after the tick can
        try:
            assert gone() is not None
        finally:
            gc.unfreeze()  # back to the oldest generation, where only a full collection looks
    assert gone() is None


def test_an_error_inside_still_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), full_collections_held():
        raise RuntimeError("the tick failed")
    assert gc.get_threshold() == before


def test_the_tick_caches_are_empty_after_it_even_when_it_fails() -> None:
    with pytest.raises(RuntimeError), tick_memory():
        cell_numbers("中通快递", "78" + "0" * 10 + "1")
        from_sheet_time("2026-12-01 08:00")
        assert all(cache.cache_info().currsize for cache in TICK_CACHES)
        raise RuntimeError("the tick failed")
    assert [cache.cache_info().currsize for cache in TICK_CACHES] == [0] * len(TICK_CACHES)
    assert gc.get_threshold()[2] < HELD


def test_overlapping_holds_restore_the_threshold_found_by_the_first() -> None:
    before = gc.get_threshold()
    first, second = full_collections_held(), full_collections_held()
    first.__enter__()
    second.__enter__()  # another shop's tick, in another thread of the same process
    first.__exit__(None, None, None)  # the first ends while the second still runs: still held
    assert gc.get_threshold()[2] >= HELD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
