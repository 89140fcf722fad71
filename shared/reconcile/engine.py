"""``reconcile``: sheet rows + shop orders + supplier reports + journal facts + settings + now -> Plan.

Pure: the same inputs always give the same plan, so a repeated tick changes nothing and every rule
can be tested without a network.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from shared.couriers import cell_numbers
from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.reconcile import presence
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.decide import Context, RowOutcome, decide
from shared.reconcile.inputs import JournalFacts, LogisticsView, SupplierReport
from shared.reconcile.plan import Alert, AuditNote, CellFill, NewRow, Plan, Push, RowDecision

_LISTED = (
    ShopStatus.AWAITING_SHIPMENT,
    ShopStatus.PARTIALLY_SHIPPED,
    ShopStatus.SHIPPED,
    ShopStatus.COMPLETED,
)


def reconcile(
    rows: Sequence[SheetRow],
    shop: Mapping[str, ShopOrder],
    reports: Iterable[SupplierReport],
    facts: JournalFacts,
    settings: Settings,
    now: datetime,
    logistics: Mapping[str, LogisticsView] | None = None,
    context: Sequence[SheetRow] = (),
    archived: Collection[str] = (),
) -> Plan:
    """Decide every row. ``shop`` holds the orders read this tick (not necessarily every row's):
    a row without fresh shop data is decided from the sheet and the journal alone.
    ``context``: other rows of the sheet, not decided, consulted only for numbers shared across
    orders (a targeted pass decides a few rows but must still see who else holds their numbers).
    ``archived``: orders whose row is in an archive tab: never added as new rows (an order is in
    one place; the archive stage brings one back when it comes back to life, archive.py)."""
    by_order: dict[str, list[SupplierReport]] = {}
    for report in reports:
        by_order.setdefault(report.order_id, []).append(report)
    seen: set[str] = set()
    deciding = {row.row for row in rows}
    everyone = [*rows, *(row for row in context if row.row not in deciding)]
    # Rows whose 订单号 is not one shop order on one row: flagged, never decided as the order (nor
    # counted as holding its numbers); their order ids still count as on the sheet.
    check = presence.check_rows(everyone, shop, facts.foreign)
    orders_rows = [row for row in everyone if row.row not in check.flags]
    ctx = Context(facts, settings, now, _shared_numbers(orders_rows, shop, by_order))
    flagged = [
        RowDecision(row.order_id, row.row, RowState.INVALID, None, flag)
        for row in rows
        if (flag := check.flags.get(row.row)) is not None
    ]
    decisions: list[RowDecision] = [*flagged]
    fills: list[CellFill] = []
    pushes: list[Push] = []
    alerts: list[Alert] = []
    audits: list[AuditNote] = []

    def collect(outcome: RowOutcome) -> None:
        if outcome.decision is not None:
            decisions.append(outcome.decision)
        fills.extend(outcome.fills)
        pushes.extend(outcome.pushes)
        alerts.extend(outcome.alerts)
        audits.extend(outcome.audits)

    for row in rows:
        if not row.order_id or row.order_id in seen or row.row in check.flags:
            continue
        seen.add(row.order_id)
        collect(
            decide(
                row,
                shop.get(row.order_id),
                by_order.get(row.order_id, []),
                (logistics or {}).get(row.order_id),
                ctx,
            )
        )

    new_rows: list[NewRow] = []
    missing = set(shop) - seen - check.present - set(archived)
    for order_id in sorted(missing, key=lambda oid: (shop[oid].paid_at or now, oid)):
        order = shop[order_id]
        was_open = facts.known.get(order_id)
        if was_open is None and order.status not in _LISTED:
            continue  # unpaid, or cancelled before we ever listed it
        if was_open is not None and not (was_open and presence.still_open(order)):
            continue  # its row was removed after the order closed: the operator's choice stands
        blank = _blank_row(order)
        outcome = decide(blank, order, by_order.get(order_id, []), (logistics or {}).get(order_id), ctx)
        if outcome.decision is None:
            continue
        values = _system_values(order)
        for fill in outcome.fills:  # a new row's operator cells are empty: fills go straight in
            values[fill.field] = fill.value
        new_rows.append(NewRow(order_id, values, outcome.decision, restored=was_open is not None))
        alerts.extend(outcome.alerts)
        audits.extend(outcome.audits)
        if was_open is not None:
            text = presence.restored(order_id)
            alerts.append(Alert(order_id, "row_restored", text, presence.restored_action()))
            reason = "open in the shop, its row was missing from the sheet"
            audits.append(AuditNote(order_id, "restore_row", "order_id", "", order_id, "shop", reason))
    return Plan(
        tuple(decisions),
        tuple(fills),
        tuple(new_rows),
        tuple(pushes),
        tuple(alerts),
        tuple(audits),
        flagged_rows=tuple(sorted(check.flags)),
    )


def _blank_row(order: ShopOrder) -> SheetRow:
    return SheetRow(row=0, order_id=order.order_id, ship_by=to_sheet_time(order.ship_by))


def _system_values(order: ShopOrder) -> dict[str, str]:
    """The system columns of a new row, as the sheet shows them (Beijing time, masked recipient)."""
    items = "\n".join(f"{line.title} ×{line.quantity - line.refunded}" for line in order.lines)
    return {
        "order_id": order.order_id,
        "paid_at": to_sheet_time(order.paid_at),
        "ship_by": to_sheet_time(order.ship_by),
        "items": items,
        "quantity": str(order.units),
        "recipient": order.recipient,
    }


def _shared_numbers(
    rows: Sequence[SheetRow], shop: Mapping[str, ShopOrder], reports: Mapping[str, list[SupplierReport]]
) -> dict[str, tuple[str, ...]]:
    """waybill -> the orders it appears on, when those orders go to different recipients.

    A row's numbers are its tracking cell, or, while that is empty, what a supplier reports this tick
    (it is about to be filled, and pushed: two fills of one number in one tick must warn too).
    Carriers and suppliers do reuse numbers; two orders of the same buyer may share a parcel, so only
    a different recipient makes it worth a warning. Recipients are compared by the shop's key when
    both orders were read this tick, else by the masked name and phone the sheet shows.
    """
    holders: dict[str, list[tuple[str, str | None, str]]] = {}
    for row in rows:
        if row.has_tracking:
            numbers: tuple[str, ...] = cell_numbers(row.courier or None, row.tracking_cell)
        else:
            shipped = [
                r for r in reports.get(row.order_id, []) if r.status == "shipped" and r.tracking_numbers
            ]
            numbers = shipped[-1].tracking_numbers if shipped else ()
        order = shop.get(row.order_id)
        key = order.recipient_key if order is not None and order.recipient_key else None
        masked = order.recipient if order is not None and order.recipient else row.recipient
        for number in numbers:
            holders.setdefault(number, []).append((row.order_id, key, masked))
    shared: dict[str, tuple[str, ...]] = {}
    for number, owners in holders.items():
        keys = {k for _, k, _ in owners}
        recipients = keys if None not in keys else {m for _, _, m in owners}
        if len(recipients) > 1:
            shared[number] = tuple(o for o, _, _ in owners)
    return shared
