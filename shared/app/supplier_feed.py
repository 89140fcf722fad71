"""Gather supplier news for a tick: every configured source, plus the 回传 inbox, matched to orders."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.couriers import check_cell
from shared.domain.rows import SheetRow
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.inputs import SupplierReport
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row
from shared.suppliers.errors import SupplierError
from shared.suppliers.inbox import INBOX_SUPPLIER, InboxRow, read_inbox
from shared.suppliers.matching import MatchOutcome, match_updates
from shared.suppliers.model import ShipmentUpdate, SupplierOrder, SupplierSource

_CLOSED = {"shipped", "corrected", "delivered", "cancelled", "logistics_exception"}


@dataclass
class SupplierFeed:
    """The configured sources, by supplier id (the name in the 供应商 column)."""

    sources: Sequence[tuple[str, SupplierSource]] = ()


@dataclass
class FeedResult:
    reports: list[SupplierReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    inbox_writes: list[CellWrite] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # supplier id -> why its pull failed


def _report(outcome: MatchOutcome) -> SupplierReport | None:
    update, order_id = outcome.update, outcome.shop_order_id
    if order_id is None:
        return None
    units = sum(i.quantity for i in update.items) if update.items else None
    return SupplierReport(
        order_id,
        update.supplier_id,
        update.courier,
        update.courier_text,
        update.tracking_numbers,
        update.status,
        units,
        update.source_ref,
        update.supplier_order_no if update.supplier_order_no != update.shop_order_id else None,
    )


def collect_reports(
    feed: SupplierFeed,
    rows: Sequence[SheetRow],
    inbox_rows: Sequence[Row],
    facts: FactsDoc,
    now: datetime,
    closed_now: Collection[str] = (),
) -> FeedResult:
    """``closed_now``: orders the shop reports cancelled this tick, whose rows still read open; they
    are closed for the suppliers at once (a supplier sheet says "do not ship" without a tick's delay)."""
    result = FeedResult()
    pending = [r for r in inbox_rows if r["text"].strip() and not r["result"].strip()]
    if not feed.sources and not pending:
        return result  # nothing to hear from: skip the per-row matching indexes

    def order(row: SheetRow) -> SupplierOrder:
        return SupplierOrder(
            row.supplier, row.supplier_order_no or None, row.order_id, needs_tracking=not row.has_tracking
        )

    # What suppliers are shown as still to ship (a supplier's own sheet lists exactly these) ...
    open_orders = [order(row) for row in rows if row.state not in _CLOSED and row.order_id not in closed_now]
    # ... and what their reports may be about: also cancelled orders without a number, so a supplier
    # that ships one anyway turns its row red (stop the parcel) instead of going unnoticed.
    shown = {o.shop_order_id for o in open_orders}
    watched = open_orders + [
        order(row)
        for row in rows
        if row.order_id not in shown
        and (row.state == "cancelled" or row.order_id in closed_now)
        and not row.has_tracking
    ]
    numbers_on = {
        n: row.order_id
        for row in rows
        if row.has_tracking
        for n in check_cell(row.courier or None, row.tracking_cell).numbers
    }
    updates: list[ShipmentUpdate] = []
    for supplier_id, source in feed.sources:
        facing = getattr(source, "pull_when_idle", False)  # the supplier sees what we send (their sheet)
        mine = [o for o in (open_orders if facing else watched) if o.supplier_id == supplier_id]
        # A source that shows orders to the supplier (their own sheet) must also be told when the
        # last one closed, so that it can say "do not ship"; the others need not be asked.
        if not mine and not facing:
            continue
        try:
            batch = source.fetch_updates(mine)
        except SupplierError as exc:
            result.problems.append(f"{supplier_id}: {exc}")
            result.failures[supplier_id] = str(exc)
            continue
        updates.extend(batch.updates)
        result.problems.extend(f"{supplier_id} {p.source_ref}: {p.message_zh}" for p in batch.problems)
    for outcome in match_updates(updates, watched, numbers_on):
        _take(outcome, result)

    parsed = read_inbox([InboxRow(str(r.number), r["supplier"].strip() or None, r["text"]) for r in pending])
    # A paste names an order by its supplier order no. or its shop order id, whoever sent it.
    as_inbox = [SupplierOrder(INBOX_SUPPLIER, o.supplier_order_no, o.shop_order_id) for o in watched]
    by_row = {str(r.number): r for r in pending}
    for cell in parsed:
        row = by_row[cell.row_id]
        relabelled = [replace(u, supplier_id=INBOX_SUPPLIER) for u in cell.updates]
        refusals = []
        for outcome in match_updates(relabelled, as_inbox, numbers_on):
            if _take(outcome, result) is None and outcome.problem is not None:
                refusals.append(outcome.problem.message_zh)
        summary = "；".join([cell.summary_zh, *refusals])
        result.inbox_writes += [
            CellWrite(row.key, row.number, "result", summary),
            CellWrite(row.key, row.number, "processed_at", to_sheet_time(now)),
        ]
    return result


def _take(outcome: MatchOutcome, result: FeedResult) -> SupplierReport | None:
    report = _report(outcome)
    if report is not None and (outcome.problem is None or outcome.problem.severity == "warning"):
        result.reports.append(report)
        return report
    if outcome.problem is not None:
        result.problems.append(f"{outcome.update.source_ref}: {outcome.problem.message_zh}")
    return None
