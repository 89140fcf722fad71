"""A flash sale's shop events against the Sheets per-minute quota (about 60 calls per user).

A sheet with 1,000 open rows; then ``ORDERS_PER_MINUTE`` new orders a minute for ``MINUTES`` minutes,
each pushed as three events (new, pay, wait_shipping), evenly spaced. Every event goes through what
the shop_events function does (queue the order, drain: ``shared.app.event_queue``) with the real
refresh on the emulators, on a simulated clock, so a minute of events takes seconds.

Baseline, same run: no rate limit (``interval=0``): every event refreshes the sheet at once, as the
function did before events were coalesced. Reported: refreshes, Sheets calls, the busiest minute's
Sheets calls, and how long an order waited between its first event and its refresh (simulated
seconds; orders still queued at the end wait for the next tick, counted apart).

``python -m benchmarks events`` or ``python -m benchmarks.bench_events``.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_tick import _seed, _start
from emulators.control import ShopControl

OPEN_ROWS = 1_000
ORDERS_PER_MINUTE = 100
MINUTES = 3
EVENTS_PER_ORDER = 3


def _run(config: dict[str, Any], interval_s: float) -> dict[str, Any]:
    from shared.app.event_queue import DrainPolicy, EventQueue, drain
    from shared.app.tick import TickDeps, refresh
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore
    from shared.sheets.gateway import connect
    from shared.sheets.settings import SheetsSettings
    from shared.wechat.client import WeChatShopClient

    start = datetime.fromisoformat(config["now"])
    clock = [start]
    gateway = connect(SheetsSettings(api_base=config["sheets"], spreadsheet_id=config["sid"], anonymous=True))
    shop = WeChatShopClient(config["appid"], config["secret"], base_url=config["shop"])
    journal = Journal(LocalDirStore(Path(config["journal"]) / f"events-{interval_s}"))
    deps = TickDeps(gateway, shop, journal, clock=lambda: clock[0])
    policy = DrainPolicy(interval=timedelta(seconds=interval_s))
    orders = _create_orders(config["shop"], ORDERS_PER_MINUTE * MINUTES)
    first_event: dict[str, datetime] = {}  # orders whose first event has not been refreshed yet
    seen: set[str] = set()
    waited: list[float] = []
    calls_at: list[tuple[datetime, int]] = []
    refreshes = 0

    def refresh_orders(order_ids: Sequence[str]) -> list[str]:
        nonlocal refreshes
        before = gateway.calls.total
        report = refresh(deps, order_ids=order_ids)
        refreshes += 1
        calls_at.append((clock[0], gateway.calls.total - before))
        waited.extend((clock[0] - first_event.pop(o)).total_seconds() for o in order_ids if o in first_event)
        return [o for o in order_ids if o in report.shop_errors]

    def sleep(seconds: float) -> None:
        clock[0] += timedelta(seconds=seconds)

    gap = timedelta(minutes=1) / (ORDERS_PER_MINUTE * EVENTS_PER_ORDER)
    queue = EventQueue(journal)
    for n, order_id in enumerate(o for o in orders for _ in range(EVENTS_PER_ORDER)):
        clock[0] = max(clock[0], start + gap * n)  # a handler that waited has moved the clock already
        if order_id not in seen:  # its first event: the wait starts
            seen.add(order_id)
            first_event[order_id] = clock[0]
        queue.add([order_id])
        drain(journal, refresh_orders, lambda: clock[0], policy, sleep)
    left = len(queue.state().order_ids)
    shop.close()
    by_minute: dict[int, int] = {}
    for at, calls in calls_at:
        minute = int((at - start).total_seconds() // 60)
        by_minute[minute] = by_minute.get(minute, 0) + calls
    return {
        "events": len(orders) * EVENTS_PER_ORDER,
        "refreshes": refreshes,
        "calls": sum(c for _, c in calls_at),
        "busiest_minute": max(by_minute.values(), default=0),
        "wait_p50": statistics.median(waited) if waited else 0.0,
        "wait_max": max(waited, default=0.0),
        "left_for_tick": left,
    }


def _create_orders(shop: str, count: int) -> list[str]:
    with ShopControl(shop, timeout=600) as control:
        return control.create_orders(
            count, products=[{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1}]
        )


def main(argv: list[str] | None = None) -> int:
    del argv
    print(
        f"flash sale: {ORDERS_PER_MINUTE} orders/min for {MINUTES} min, {EVENTS_PER_ORDER} events each, "
        f"over a sheet of {OPEN_ROWS:,} open rows (simulated clock)",
        flush=True,
    )
    results = {}
    for label, interval in (("no limit (baseline)", 0.0), ("coalesced (default)", 6.0)):
        sheets, shop = _start("emulators.sheets"), _start("emulators.wechat_shop")
        try:
            with tempfile.TemporaryDirectory() as tmp:
                config = _seed(sheets.url, shop.url, OPEN_ROWS, Path(tmp) / "journal")
                results[label] = _run(config, interval)
        finally:
            sheets.stop()
            shop.stop()
    print(
        f"{'':22}{'events':>8}{'refreshes':>11}{'Sheets calls':>14}{'busiest min':>13}"
        f"{'wait p50 s':>12}{'wait max s':>12}{'left':>6}"
    )
    for label, r in results.items():
        print(
            f"{label:22}{r['events']:>8}{r['refreshes']:>11}{r['calls']:>14}{r['busiest_minute']:>13}"
            f"{r['wait_p50']:>12.1f}{r['wait_max']:>12.1f}{r['left_for_tick']:>6}"
        )
    base, ours = results["no limit (baseline)"], results["coalesced (default)"]
    if ours["calls"]:
        print(f"Sheets calls: {base['calls'] / ours['calls']:.1f}x fewer; 'left': orders the next tick takes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
