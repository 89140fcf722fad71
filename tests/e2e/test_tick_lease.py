"""The tick's lease (shared/app/tick_lease.py): a tick that stopped renewing is taken over after the
short lease, and a tick whose lease was taken over stops before its next push."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.app.tick import TickDeps, run_tick
from shared.app.tick_lease import LEASE, LEASE_TTL
from tests.e2e.world import World, world

SEND = "/channels/ec/order/delivery/send"
SECOND = LEASE_TTL / 120


def test_a_tick_that_stopped_renewing_is_taken_over_after_the_short_lease(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = w.create_order()
        now = w.now()
        # A tick killed (kill -9) right after renewing: its lease names it, and nobody releases it.
        assert w.journal.acquire_lease(LEASE, "killed-tick", now, LEASE_TTL)
        assert w.tick(now + LEASE_TTL - SECOND).skipped == "another tick is running"
        taken = w.tick(now + LEASE_TTL + SECOND)
        assert taken.skipped is None and taken.new_rows == 1
        assert order_id in [r["订单号"] for r in w.records()]
        assert LEASE_TTL.total_seconds() < 300  # shorter than the sync function's timeout (infra)


def _three_to_push(w: World) -> list[str]:
    w.set_setting("auto_push", "开")
    orders = [w.create_order() for _ in range(3)]
    w.tick()
    for n, order_id in enumerate(orders):
        w.type_cell(order_id, "快递单号", f"SF60261314349{70 + n}")
    w.shop_control.reset_calls()
    return orders


def test_a_tick_whose_lease_was_taken_over_stops_before_its_next_push(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        orders = _three_to_push(w)
        now = w.now()
        shipped: list[str] = []
        real_ship = w.shop.ship

        def ship_then_stall(order_id: str, packages: Any) -> Any:
            answer = real_ship(order_id, packages)
            shipped.append(order_id)
            if len(shipped) == 1:
                # This tick stalls past its lease after its first push; another tick takes it over.
                assert w.journal.acquire_lease(LEASE, "next-tick", now + 2 * LEASE_TTL, LEASE_TTL)
            return answer

        deps = TickDeps(w.gateway, w.shop, w.journal, w.feed, clock=lambda: now)
        deps.shop.ship = ship_then_stall  # type: ignore[method-assign]
        try:
            stalled = run_tick(deps)
        finally:
            del deps.shop.ship  # the instance attribute; the class's method again
        assert stalled.skipped == "lease lost"
        assert w.shop_calls(SEND) == 1 and len(shipped) == 1  # stopped before its second push
        # The journal kept what the stopped tick did; the sheet write was left to the new holder.
        w.journal.release_lease(LEASE, "next-tick", now + 2 * LEASE_TTL)
        after = w.tick(now + 2 * LEASE_TTL + SECOND)
        assert after.skipped is None
        assert {p.order_id for p in after.pushes if p.ok} == set(orders) - set(shipped)
        assert w.shop_calls(SEND) == 3  # every order shipped once, none twice
        assert all(w.row_of(o)["状态"] == "已发货" for o in orders)
        # One audit entry per push in the journal (the stopped tick's included; its 日志 row is not
        # on the tab, which the stopped tick did not write: the journal is what 日志 is rebuilt from).
        pushed = [e.order_id for e in w.journal.entries() if e.action == "ship" and e.result == "ok"]
        assert sorted(pushed) == sorted(orders)


def test_a_healthy_tick_renews_before_every_push(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        _three_to_push(w)
        renewals: list[int] = []
        real = w.journal.renew_lease

        def counted(*args: Any, **kwargs: Any) -> bool:
            renewals.append(1)
            return real(*args, **kwargs)

        w.journal.renew_lease = counted  # type: ignore[method-assign]
        report = w.tick()
        assert sum(1 for p in report.pushes if p.ok) == 3
        assert len(renewals) == 3 + 3  # three stages, then one fence per push
