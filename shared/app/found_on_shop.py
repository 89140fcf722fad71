"""Numbers found on the shop that the journal does not know: journaled once, then agreed.

A row whose numbers are exactly the shop's (shipped or corrected by hand in the shop backend, a backend
fix the operator then copied into the sheet) is agreed as such: a later edit of the cell is then a
correction to push, not a disagreement to flag. If the journal has not recorded those numbers (they
are not what the sheet and the shop last agreed on, and no recent push of ours put them there), the
change on the shop is journaled first as "found on the shop" (actor: the shop; old: what was agreed;
new: what the shop has), so no change on the shop is missing from the audit trail. Agreeing makes it
once: the next tick finds the numbers agreed and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.couriers import cell_numbers
from shared.domain.orders import ShopOrder
from shared.domain.rows import SheetRow
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry

FOUND_REASON = "the shop has numbers this system did not push"


def agree_where_equal(
    rows: Sequence[SheetRow],
    shop_orders: Mapping[str, ShopOrder],
    facts: FactsDoc,
    journal: Journal,
    clock: Callable[[], datetime],
) -> list[AuditEntry]:
    """Agree every row whose numbers are the shop's; the "found on the shop" entries journaled."""
    found = []
    for row in rows:
        order = shop_orders.get(row.order_id)
        if order is None or not order.packages or not row.has_tracking:
            continue
        agreed = facts.agreed.get(row.order_id)
        if set(cell_numbers(row.courier or None, row.tracking_cell)) != set(order.waybills):
            # The sheet moved on (a correction typed meanwhile) while the facts missed our own push:
            # a crash after its outcome, before the facts were saved. The journal says the shop's
            # numbers are ours, so they are what the sheet and the shop last agreed on, and the
            # sheet's new number is a correction to push, not a disagreement to flag.
            known = agreed is not None and set(agreed) == set(order.waybills)
            if not known and _pushed_by_us(journal, order, clock()):
                facts.agree(row.order_id, order.waybills)
            continue
        if (agreed is None or set(agreed) != set(order.waybills)) and not _pushed_by_us(
            journal, order, clock()
        ):
            # Timed by the platform's own change of the order, and keyed by what was found: a tick
            # and an edit's pass that both find it write one entry.
            entry = AuditEntry(
                order.updated_at or clock(),
                "shop",
                "found_on_shop",
                row.order_id,
                "tracking_numbers",
                "\n".join(agreed or ()),
                "\n".join(order.waybills),
                "shop",
                FOUND_REASON,
                "noted",
            )
            identity = f"found_on_shop:{row.order_id}:{','.join(sorted(order.waybills))}"
            if journal.record_entry_once(entry, identity):
                found.append(entry)
        facts.agree(row.order_id, order.waybills)
    return found


def _pushed_by_us(journal: Journal, order: ShopOrder, now: datetime) -> bool:
    """A recent push of ours that put these numbers there and is journaled (its facts may have been
    lost with a crash before they were saved): then nothing was found, only agreed."""
    on_order = set(order.waybills)
    return any(
        outcome is not None and outcome.result == "ok" and set(intent.waybills) <= on_order
        for intent, outcome in journal.pushes_for(order.order_id, now)
    )
