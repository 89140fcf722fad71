"""Provider calls per tick for N shipped rows under the tracking planner, and the planner's cost.

Baseline, in the same run: the naive watch that queries every shipped row on every tick (what a
loop over the sheet does). It would also get every number locked by Kuaidi100 (one query per
number per ~30 min), so it is not even possible at a 5-minute tick; it shows what the planner saves.

``python -m benchmarks tracking_calls`` or ``python -m benchmarks.bench_tracking_calls [rows...]``.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

from shared.logistics import TrackingState
from shared.logistics.budget import simulate_calls
from shared.logistics.planner import PollPolicy, TrackedNumber, plan_tick

TICK = timedelta(minutes=5)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 1_000, 10_000]
    policies = {
        "subscribe + 24 h fallback": PollPolicy(),
        "poll every 4 h": PollPolicy(use_subscriptions=False),
    }
    print(f"tick {int(TICK.total_seconds() // 60)} min, budget {PollPolicy().budget_per_tick} calls/tick")
    print(f"{'rows':>7} {'policy':<26} {'first':>6} {'peak':>5} {'steady/tick':>12} {'naive/tick':>11}")
    for rows in sizes:
        for name, policy in policies.items():
            c = simulate_calls(rows, policy, tick=TICK, duration=timedelta(hours=30))
            print(f"{rows:>7} {name:<26} {c.first_tick:>6} {c.peak:>5} {c.steady_mean:>12.2f} {rows:>11}")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    moving = TrackingState.IN_TRANSIT
    items = [
        TrackedNumber(
            f"N{i:06d}", "ZTO", now - timedelta(minutes=i % 600), None, moving, subscribed=i % 2 == 0
        )
        for i in range(10_000)
    ]
    start = time.perf_counter()
    plan = plan_tick(items, now, PollPolicy())
    elapsed = time.perf_counter() - start
    print(f"plan_tick over 10,000 rows: {elapsed * 1000:.1f} ms ({plan.calls} calls planned)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
