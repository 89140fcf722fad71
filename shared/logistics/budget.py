"""Provider calls per tick for N shipped rows under the planner (a pure, deterministic simulation).

Every row ships at the same instant (the worst case for a burst) and stays in transit for the whole
run; every call succeeds. Used by the closing note ("calls per tick for 1,000 rows"), a test that
asserts the counts, and benchmarks/bench_tracking_calls.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from shared.logistics.model import TrackingState
from shared.logistics.planner import DEFAULT_POLICY, PollPolicy, TrackedNumber, plan_tick

_START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CallCounts:
    rows: int
    ticks: int
    first_tick: int
    peak: int
    steady_mean: float  # mean calls per tick over the last 24 h of the run (after the initial burst)
    total: int
    max_per_number_per_interval: int  # calls to one number within any min_query_interval: must be <= 1


def simulate_calls(
    rows: int,
    policy: PollPolicy = DEFAULT_POLICY,
    *,
    tick: timedelta = timedelta(minutes=5),
    duration: timedelta = timedelta(hours=48),
) -> CallCounts:
    """Run ``plan_tick`` every ``tick`` for ``duration`` over ``rows`` shipped rows; count calls."""
    items = {
        f"N{i:06d}": TrackedNumber(f"N{i:06d}", "ZTO", state=TrackingState.IN_TRANSIT) for i in range(rows)
    }
    history: dict[str, list[datetime]] = {}
    per_tick: list[int] = []
    ticks = int(duration / tick)
    for k in range(ticks):
        now = _START + k * tick
        plan = plan_tick(items.values(), now, policy)
        per_tick.append(plan.calls)
        for item in plan.subscribe:
            # A push arrives later; until then the state we hold is as fresh as the subscription.
            items[item.number] = replace(item, subscribed=True, last_update_at=now)
        for item in plan.query:
            items[item.number] = replace(item, last_query_at=now, last_update_at=now)
            history.setdefault(item.number, []).append(now)
    worst = 0
    for times in history.values():
        for i, t in enumerate(times):
            worst = max(worst, sum(1 for u in times[i:] if u - t < policy.min_query_interval))
    day = max(1, int(timedelta(hours=24) / tick))
    tail = per_tick[-day:] if per_tick else [0]
    return CallCounts(
        rows=rows,
        ticks=ticks,
        first_tick=per_tick[0] if per_tick else 0,
        peak=max(per_tick, default=0),
        steady_mean=sum(tail) / len(tail),
        total=sum(per_tick),
        max_per_number_per_interval=worst,
    )
