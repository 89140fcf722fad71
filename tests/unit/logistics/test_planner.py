"""The query planner: budget, provider interval, priorities; and the calls-per-tick figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.logistics import TrackingState
from shared.logistics.budget import simulate_calls
from shared.logistics.planner import (
    PROVIDER_MIN_INTERVAL,
    PollPolicy,
    TrackedNumber,
    may_query,
    next_query_at,
    plan_tick,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
POLL = PollPolicy(use_subscriptions=False, budget_per_tick=10)


def n(i: int, **kw: object) -> TrackedNumber:
    return TrackedNumber(f"N{i:03d}", "ZTO", **kw)  # type: ignore[arg-type]


def test_interval_helper() -> None:
    assert next_query_at(None) is None and may_query(None, NOW)
    last = NOW - 34 * MIN
    assert not may_query(last, NOW)
    assert next_query_at(last) == last + 35 * MIN
    assert may_query(last, NOW + MIN)


def test_policy_refuses_intervals_below_the_provider_lock() -> None:
    with pytest.raises(ValueError):
        PollPolicy(min_query_interval=PROVIDER_MIN_INTERVAL - MIN)


def test_never_queries_inside_the_interval_even_if_stale() -> None:
    recent = n(1, last_query_at=NOW - 10 * MIN, last_update_at=NOW - 100 * 60 * MIN)
    assert plan_tick([recent], NOW, POLL).calls == 0


def test_a_failed_query_is_due_again_after_the_interval_not_the_refresh() -> None:
    failed = n(1, last_query_at=NOW - 40 * MIN, last_update_at=NOW - 300 * MIN, last_failed=True)
    answered = n(2, last_query_at=NOW - 40 * MIN, last_update_at=NOW - 300 * MIN)
    assert [i.number for i in plan_tick([failed, answered], NOW, POLL).query] == ["N001"]
    too_soon = n(3, last_query_at=NOW - 10 * MIN, last_update_at=NOW - 300 * MIN, last_failed=True)
    assert plan_tick([too_soon], NOW, POLL).calls == 0  # the provider's lock still holds


def test_budget_and_priority_never_queried_first_then_most_overdue() -> None:
    items = [n(i, last_query_at=NOW - (5 + i) * 60 * MIN) for i in range(20)] + [n(100), n(101)]
    plan = plan_tick(items, NOW, POLL)
    assert plan.calls == 10 and plan.deferred == 12 - 0  # 20 due (>=4 h old: i>=0 -> 5h+) + 2 new - 10
    got = [i.number for i in plan.query]
    assert got[:2] == ["N100", "N101"]
    assert got[2:] == [f"N{i:03d}" for i in range(19, 11, -1)]


def test_fresh_and_finished_numbers_are_skipped() -> None:
    items = [
        n(1, last_query_at=NOW - 60 * MIN),  # fresh enough (refresh 4 h)
        n(2, state=TrackingState.DELIVERED),
        n(3, state=TrackingState.EXPIRED, last_update_at=NOW - 20 * 60 * MIN),  # gave up 20 h ago
    ]
    assert plan_tick(items, NOW, POLL).calls == 0


def test_a_number_the_provider_gave_up_on_is_asked_again_once_a_day() -> None:
    # Kuaidi100 stops after 3 days without a record; the parcel may still be handed over late.
    gave_up = n(1, state=TrackingState.EXPIRED, subscribed=True, last_update_at=NOW - 25 * 60 * MIN)
    polled = n(2, state=TrackingState.EXPIRED, last_update_at=NOW - 5 * 60 * MIN)  # not the 4 h refresh
    plan = plan_tick([gave_up, polled], NOW, PollPolicy(budget_per_tick=10))
    assert [i.number for i in plan.query] == ["N001"]


def test_subscriptions_first_and_subscribed_numbers_only_on_fallback() -> None:
    policy = PollPolicy(budget_per_tick=5)
    items = [n(i) for i in range(3)] + [
        n(10, subscribed=True, last_update_at=NOW - 2 * 60 * MIN),
        n(11, subscribed=True, last_update_at=NOW - 25 * 60 * MIN),
    ]
    plan = plan_tick(items, NOW, policy)
    assert [i.number for i in plan.subscribe] == ["N000", "N001", "N002"]
    assert [i.number for i in plan.query] == ["N011"]


def test_calls_for_a_thousand_rows() -> None:
    day_and_a_bit = timedelta(hours=30)  # the figures are the last 24 h, after the initial burst
    subscribed = simulate_calls(1000, duration=day_and_a_bit)
    assert subscribed.first_tick == 50 and subscribed.peak == 50
    assert subscribed.total == 2000  # 1,000 subscriptions + one fallback query each in the last day
    assert subscribed.steady_mean < 4
    polled = simulate_calls(1000, PollPolicy(use_subscriptions=False), duration=day_and_a_bit)
    assert polled.peak == 50 and 20 <= polled.steady_mean <= 22
    for counts in (subscribed, polled):
        assert counts.max_per_number_per_interval == 1


@settings(max_examples=150, deadline=None)
@given(
    ages=st.lists(st.none() | st.integers(0, 60 * 48), max_size=40),
    subscribed=st.lists(st.booleans(), max_size=40),
    budget=st.integers(0, 15),
    use_subscriptions=st.booleans(),
)
def test_plan_never_breaks_budget_or_interval(
    ages: list[int | None], subscribed: list[bool], budget: int, use_subscriptions: bool
) -> None:
    policy = PollPolicy(budget_per_tick=budget, use_subscriptions=use_subscriptions)
    items = [
        n(
            i,
            last_query_at=None if age is None else NOW - age * MIN,
            subscribed=i < len(subscribed) and subscribed[i],
        )
        for i, age in enumerate(ages)
    ]
    plan = plan_tick(items, NOW, policy)
    assert plan.calls <= budget
    assert all(may_query(i.last_query_at, NOW, policy.min_query_interval) for i in plan.query)
    assert len({i.number for i in plan.query + plan.subscribe}) == plan.calls
    if not use_subscriptions:
        assert plan.subscribe == ()
