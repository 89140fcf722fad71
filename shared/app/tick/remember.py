"""Stage 6, remember: what the journal keeps of this pass, once the sheet is written.

When each order was first seen shipped, the shop's numbers a fill brought into the sheet, a fill the
gateway refused (an audit entry), which orders have rows; a full pass also saves the logistics
watch's state, moves the listing watermark, and notes when the 统计 tab was last refreshed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from shared.app import row_presence
from shared.app.facts import FactsDoc
from shared.app.tick.act import Acted
from shared.app.tick.deps import WATERMARK, TickDeps
from shared.app.tick.gather import Gathered
from shared.app.tick.read import Read
from shared.app.tick.scorecard import refreshed
from shared.app.tick.write import Written
from shared.domain.orders import ShopOrder
from shared.domain.rows import SheetRow
from shared.domain.states import SHIPPED_LIKE
from shared.journal.records import AuditEntry
from shared.reconcile.plan import Plan, RowDecision
from shared.sheets.gateway import CellWrite, WriteReport

_FILLABLE = ("courier", "tracking_numbers", "supplier_order_no")  # operator cells the system may fill


def remember(
    deps: TickDeps, read: Read, gathered: Gathered, plan: Plan, acted: Acted, written: Written, now: datetime
) -> None:
    facts, rows, decisions = gathered.facts, read.rows, acted.after.decisions
    _note_shipped(facts, rows, decisions, plan, now)
    orders_written = written.reports[0]  # the 订单 tab's
    _agree_shop_fills(plan, gathered.orders, facts, orders_written)
    _journal_dropped_fills(deps, orders_written)
    row_presence.learn_rows(facts, rows, plan, decisions, gathered.orders, adopt=read.scope.full)
    facts.save(deps.journal)
    if gathered.news.files is not None:
        gathered.news.files.save(deps.journal)  # a file is remembered once its numbers are on the sheet
    if gathered.watch is not None:
        gathered.watch.save()
    if gathered.shop.listed:
        deps.journal.set_watermark(WATERMARK, now)
    if written.scorecard:
        refreshed(deps, now, written.scorecard_inputs)


def _note_shipped(
    facts: FactsDoc, rows: Sequence[SheetRow], decisions: Sequence[RowDecision], plan: Plan, now: datetime
) -> None:
    """Remember when each order was first seen shipped, as read or as decided now (a supplier's sheet
    keeps the recipient for some days after that). A row shipped before this was kept counts from now."""
    shown = [(row.order_id, row.state) for row in rows]
    decided = [(d.order_id, d.state) for d in [*decisions, *(n.decision for n in plan.new_rows)]]
    for order_id, state in [*shown, *decided]:
        if state in SHIPPED_LIKE:
            facts.seen_shipped(order_id, now)


def _agree_shop_fills(
    plan: Plan, shop_orders: Mapping[str, ShopOrder], facts: FactsDoc, written: WriteReport
) -> None:
    """A row filled from the shop (shipped in the shop backend) now holds the shop's numbers, and the
    fill's audit entry journaled them: agree, so they are not "found on the shop" a second time. A
    fill the gateway did not write agrees nothing (the cell holds what someone typed)."""
    filled = {
        one.item.key
        for one in written.applied
        if isinstance(one.item, CellWrite) and one.item.field == "tracking_numbers"
    }
    for note in plan.audits:
        order = shop_orders.get(note.order_id)
        shop_fill = note.action == "fill" and note.source == "shop" and note.field == "tracking_numbers"
        if shop_fill and order is not None and note.order_id in filled:
            facts.agree(order.order_id, order.waybills)


def _journal_dropped_fills(deps: TickDeps, written: WriteReport) -> None:
    """A fill the gateway refused did not happen: say so in the journal."""
    for dropped in written.dropped:
        item = dropped.item
        if isinstance(item, CellWrite) and item.only_if_empty and item.field in _FILLABLE:
            deps.journal.append(
                AuditEntry(
                    deps.clock(),
                    deps.actor,
                    "fill_dropped",
                    item.key,
                    item.field,
                    "",
                    str(item.value),
                    "sync",
                    "not written: the cell was no longer empty or the row moved",
                    dropped.outcome.value,
                )
            )
