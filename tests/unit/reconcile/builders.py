"""Small builders for reconcile tests: a clock, orders and rows with sensible defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shared.domain.orders import OrderLine, ShopOrder, ShopPackage, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.reconcile.engine import reconcile
from shared.reconcile.inputs import JournalFacts, LogisticsView, SupplierReport
from shared.reconcile.plan import Plan

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def order(
    order_id: str = "3720000000000000001",
    status: ShopStatus = ShopStatus.AWAITING_SHIPMENT,
    packages: tuple[tuple[str, str], ...] = (),
    ship_in_hours: float = 48,
    qty: int = 1,
    **extra: Any,
) -> ShopOrder:
    return ShopOrder(
        order_id=order_id,
        status=status,
        paid_at=NOW - timedelta(hours=2),
        ship_by=NOW + timedelta(hours=ship_in_hours),
        lines=(OrderLine("p1", "s1", "蓝色T恤", qty),),
        packages=tuple(ShopPackage(d, w) for d, w in packages),
        recipient="张**",
        recipient_key=extra.pop("recipient_key", "r1"),
        **extra,
    )


def row(order_id: str = "3720000000000000001", **cells: Any) -> SheetRow:
    return SheetRow(row=cells.pop("row", 2), order_id=order_id, **cells)


def run(
    rows: list[SheetRow],
    orders: list[ShopOrder],
    reports: list[SupplierReport] | None = None,
    facts: JournalFacts | None = None,
    settings: Settings | None = None,
    logistics: dict[str, LogisticsView] | None = None,
    now: datetime = NOW,
) -> Plan:
    return reconcile(
        rows,
        {o.order_id: o for o in orders},
        reports or [],
        facts or JournalFacts(),
        settings or Settings(),
        now,
        logistics,
    )


def only_decision(plan: Plan) -> tuple[str, str | None, str]:
    (decision,) = plan.decisions
    return decision.state.value, decision.variant.value if decision.variant else None, decision.message.zh
