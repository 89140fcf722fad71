"""What the journal learns about which orders have a row, and the rows that are not orders.

Why the journal: the tick must learn which open orders lost their row without listing the whole
shop. ``FactsDoc.known`` holds every order that had a row when a tick read the 订单 tab (or got one
from the tick), with whether it was still open. Each tick reads from the shop only the known open
orders that are missing now (normally none) and, at most ``VERIFY_PER_TICK`` a tick, 订单号 texts
new to the journal (an operator typed or pasted an id): nothing grows with the size of the sheet.

Bound: an order is restored however old it is, as long as it had a row at some full tick since this
version runs (rows already there are taken as known at the first such tick, without a shop read)
and the shop still has it open. The journal forgets an order 30 days after its row left the sheet
(``FactsDoc.sweep``); a restore happens at the next tick, well within that.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.domain.orders import ShopOrder
from shared.domain.rows import SheetRow
from shared.domain.states import FINISHED, RowState
from shared.reconcile.plan import Plan, RowDecision
from shared.reconcile.presence import OPEN_STATUSES, no_order_id, order_key
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Table
from sheet_templates.workspace import Lang, status_label

VERIFY_PER_TICK = 20  # 订单号 texts new to the journal looked up per tick (an operator's typing)
# When every lookup of a pass says "no such order", the credentials may be another shop's: more
# than this many of them at once is not taken as the operator's typing.
_NOT_FOUND_ALONE = 2


def to_read(rows: Sequence[SheetRow], facts: FactsDoc) -> set[str]:
    """Order ids a full tick reads for presence: known open orders with no row now, 订单号 texts the
    journal has not seen (a few a tick), and ids on several rows (which row is the order's)."""
    present = {order_key(r.order_id) for r in rows if r.order_id}
    wanted = facts.open_known() - present
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.order_id] = counts.get(row.order_id, 0) + 1
    wanted |= {key for key, n in counts.items() if key and n > 1}
    if facts.known_started:
        new = sorted(
            key
            for key in counts
            if key and order_key(key) == key and key not in facts.known and key not in facts.foreign
        )
        wanted |= set(new[:VERIFY_PER_TICK])
    return wanted


def learn_reads(
    facts: FactsDoc,
    rows: Sequence[SheetRow],
    shop_orders: Mapping[str, ShopOrder],
    not_found: Collection[str],
    now: datetime,
) -> None:
    """Before deciding: a 订单号 the shop does not know is foreign (its row is flagged, never pushed);
    a known order the shop does not know is no order to restore."""
    for order_id in shop_orders:
        facts.unforeign(order_id)
    if not shop_orders and len(not_found) > _NOT_FOUND_ALONE:
        return
    on_sheet = {r.order_id for r in rows}
    for key in not_found:
        if key in on_sheet:
            facts.mark_foreign(key, now)
        else:
            facts.unknow(key)


def learn_rows(
    facts: FactsDoc,
    rows: Sequence[SheetRow],
    plan: Plan,
    decisions: Sequence[RowDecision],
    shop_orders: Mapping[str, ShopOrder],
    *,
    adopt: bool,
) -> None:
    """After the write: every order row read (and every row appended) is known, open or closed.
    ``adopt`` (a full tick): rows of a journal from before ``known`` are taken as known open."""
    flagged = set(plan.flagged_rows)
    decided: dict[str, RowState | None] = {d.order_id: d.state for d in decisions if d.row not in flagged}
    adopting = adopt and not facts.known_started
    for row in rows:
        order_id = row.order_id
        if not order_id or row.row in flagged or order_id in facts.foreign:
            continue
        order = shop_orders.get(order_id)
        if decided.get(order_id, row.state) in FINISHED:
            facts.mark_known(order_id, False)
        elif order is not None:
            facts.mark_known(order_id, order.status in OPEN_STATUSES)
        elif adopting and order_id not in facts.known:
            facts.mark_known(order_id, True)
    for new in plan.new_rows:
        order = shop_orders.get(new.order_id)
        is_open = order is not None and order.status in OPEN_STATUSES
        facts.mark_known(new.order_id, is_open and new.decision.state not in FINISHED)
    if adopt:
        facts.start_known()  # even on an empty sheet: later rows are new to it, not adopted


def keyless_writes(table: Table, lang: Lang) -> list[CellWrite]:
    """A number on a row without 订单号 cannot be pushed: say so on the row (状态/说明), and take the
    message away once the number is gone. Such a row is never decided as an order."""
    missing = no_order_id()
    zh, en = missing.zh, missing.en
    text, label = missing.pick(lang), status_label(RowState.INVALID.value, lang)
    writes: list[CellWrite] = []
    for row in table.rows:
        if row.key:
            continue
        if row["tracking_numbers"].strip():
            wanted = (label, text)
        elif row["message"] in (zh, en):
            wanted = ("", "")
        else:
            continue
        if (row["status"], row["message"]) != wanted:
            writes.append(CellWrite("", row.number, "status", wanted[0]))
            writes.append(CellWrite("", row.number, "message", wanted[1]))
    return writes
