"""The shop-event queue: coalescing, the token bucket, the drain lease, failures put back.

A real journal (local directory store) and a fake clock; ``sleep`` advances the fake clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.app.event_queue import (
    DRAIN_LEASE,
    QUEUE_KEY,
    DrainPolicy,
    EventQueue,
    QueueState,
    drain,
)
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
POLICY = DrainPolicy(interval=timedelta(seconds=6), burst=5, max_wait=timedelta(seconds=3))


class World:
    def __init__(self, root: Path) -> None:
        self.journal = Journal(LocalDirStore(root))
        self.queue = EventQueue(self.journal)
        self.now = T0
        self.refreshes: list[tuple[str, ...]] = []
        self.slept: list[float] = []

    def clock(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)

    def refresh(self, order_ids: Sequence[str]) -> list[str]:
        self.refreshes.append(tuple(order_ids))
        return []

    def event(self, order_id: str, policy: DrainPolicy = POLICY) -> list[str]:
        """One event as the function handles it: queue the order, then drain."""
        self.queue.add([order_id])
        return drain(self.journal, self.refresh, self.clock, policy, self.sleep).refreshed


@pytest.fixture
def w(tmp_path: Path) -> World:
    return World(tmp_path)


def test_isolated_events_are_applied_at_once(w: World) -> None:
    for n in range(5):
        assert w.event(f"o{n}") == [f"o{n}"]
    assert w.refreshes == [("o0",), ("o1",), ("o2",), ("o3",), ("o4",)]
    assert w.slept == [] and w.queue.state().order_ids == ()


def test_a_burst_beyond_the_bucket_is_queued_then_refreshed_together(w: World) -> None:
    for n in range(5):
        w.event(f"o{n}")
    # The bucket is empty and the next token is 6 s away (more than the 3 s a handler may wait).
    assert w.event("o5") == [] and w.event("o6") == []
    assert w.queue.state().order_ids == ("o5", "o6")
    w.now += timedelta(seconds=4)  # the next token is 2 s away: this handler waits for it
    assert w.event("o7") == ["o5", "o6", "o7"]
    assert w.slept == [pytest.approx(2.0)]
    assert len(w.refreshes) == 6  # eight events, six refreshes


def test_the_same_order_queued_twice_is_refreshed_once(w: World) -> None:
    w.queue.add(["o1", "o2"])
    w.queue.add(["o2", "o1", "o3"])
    drain(w.journal, w.refresh, w.clock, POLICY, w.sleep)
    assert w.refreshes == [("o1", "o2", "o3")]


def test_the_bucket_refills_one_token_per_interval_up_to_the_burst(w: World) -> None:
    state = QueueState(("x",), tokens=0.0, at=T0)
    assert state.tokens_at(T0 + timedelta(seconds=3), POLICY.interval, POLICY.burst) == pytest.approx(0.5)
    assert state.tokens_at(T0 + timedelta(hours=1), POLICY.interval, POLICY.burst) == 5.0
    assert state.wait_for_token(T0 + timedelta(seconds=1), POLICY.interval, POLICY.burst) == timedelta(
        seconds=5
    )
    # A clock that went backwards (a moved test or demo clock) does not lock events out.
    assert state.tokens_at(T0 - timedelta(minutes=1), POLICY.interval, POLICY.burst) == 5.0


def test_no_interval_means_no_limit(w: World) -> None:
    unlimited = DrainPolicy(interval=timedelta(0))
    for n in range(20):
        assert w.event(f"o{n}", unlimited) == [f"o{n}"]
    assert w.slept == []


def test_a_failed_refresh_puts_its_orders_back(w: World) -> None:
    def failing(order_ids: Sequence[str]) -> list[str]:
        raise RuntimeError("Sheets 503")

    w.queue.add(["o1", "o2"])
    report = drain(w.journal, failing, w.clock, POLICY, w.sleep)
    assert report.failed is not None and "Sheets 503" in report.failed
    assert report.refreshed == []
    assert w.queue.state().order_ids == ("o1", "o2")
    assert w.event("o3") == ["o1", "o2", "o3"]  # the next event takes them along


def test_an_event_finding_the_lease_taken_leaves_its_order_to_the_holder(w: World) -> None:
    arrived_meanwhile: list[list[str]] = []

    def refresh_while_another_event_arrives(order_ids: Sequence[str]) -> list[str]:
        w.refreshes.append(tuple(order_ids))
        if not arrived_meanwhile:
            # A second event, handled while this drain holds the lease: it queues and leaves.
            arrived_meanwhile.append(w.event("late"))
        return []

    w.queue.add(["first"])
    report = drain(w.journal, refresh_while_another_event_arrives, w.clock, POLICY, w.sleep)
    assert arrived_meanwhile == [[]]  # the second handler refreshed nothing itself ...
    assert report.refreshed == ["first", "late"]  # ... the holder looked again after releasing
    assert w.refreshes == [("first",), ("late",)]


def test_a_lease_held_elsewhere_defers_without_touching_the_queue(w: World) -> None:
    assert w.journal.acquire_lease(DRAIN_LEASE, "another-instance", T0, timedelta(minutes=2))
    w.queue.add(["o1"])
    report = drain(w.journal, w.refresh, w.clock, POLICY, w.sleep)
    assert report.deferred and report.refreshed == [] and w.refreshes == []
    assert w.queue.state().order_ids == ("o1",)


def test_the_tick_takes_the_whole_queue_whatever_the_bucket(w: World) -> None:
    for n in range(5):
        w.event(f"o{n}")
    w.event("o5")
    assert w.queue.take_all(w.now) == ("o5",)
    assert w.queue.state().order_ids == ()
    assert w.queue.state().tokens_at(w.now, POLICY.interval, POLICY.burst) < 1  # the bucket is kept


def test_a_quiet_tick_writes_nothing_to_the_journal(w: World) -> None:
    w.event("o1")
    before = w.journal.store.read(QUEUE_KEY)
    assert w.queue.take_all(w.now) == ()
    after = w.journal.store.read(QUEUE_KEY)
    assert before is not None and after is not None and after.etag == before.etag


def test_an_unreadable_queue_starts_afresh(w: World) -> None:
    w.journal.store.replace(QUEUE_KEY, b"{not json", None)
    assert w.queue.state() == QueueState()
    assert w.event("o1") == ["o1"]


@pytest.mark.timeout(20)
def test_a_wait_that_rounds_to_nothing_does_not_spin(w: World) -> None:
    # A bucket a hair short of a token (float refills), and a clock that does not move while waiting.
    w.journal.store.replace(QUEUE_KEY, QueueState(("o1",), 1 - 1e-8, T0).to_json(), None)
    report = drain(w.journal, w.refresh, w.clock, POLICY, lambda seconds: None)
    assert report.refreshed == ["o1"] or report.deferred  # either way it returns


def test_a_bucket_short_by_a_rounding_error_counts_as_a_whole_token(w: World) -> None:
    w.journal.store.replace(QUEUE_KEY, QueueState(("o1",), 1 - 1e-12, T0).to_json(), None)
    assert drain(w.journal, w.refresh, w.clock, POLICY, w.sleep).refreshed == ["o1"]
    assert w.slept == []


def test_an_order_the_shop_would_not_give_goes_back_to_the_queue(w: World) -> None:
    def shop_busy_for_o2(order_ids: Sequence[str]) -> list[str]:
        w.refreshes.append(tuple(order_ids))
        return [o for o in order_ids if o == "o2"]

    w.queue.add(["o1", "o2"])
    report = drain(w.journal, shop_busy_for_o2, w.clock, POLICY, w.sleep)
    assert report.refreshed == ["o1"] and report.unread == ["o2"]
    assert w.queue.state().order_ids == ("o2",)  # the next drain or the tick reads it again
    assert w.refreshes == [("o1", "o2")]  # not asked again in the same call


@pytest.mark.timeout(20)
def test_an_unreadable_order_without_a_rate_limit_does_not_spin(w: World) -> None:
    def shop_down(order_ids: Sequence[str]) -> list[str]:
        w.refreshes.append(tuple(order_ids))
        return list(order_ids)

    w.queue.add(["o1"])
    report = drain(w.journal, shop_down, w.clock, DrainPolicy(interval=timedelta(0)), w.sleep)
    assert report.unread == ["o1"] and len(w.refreshes) == 1
