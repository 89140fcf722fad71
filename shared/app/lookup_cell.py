"""The 查询 cell: an order id or a tracking number typed as the 设置 row ``lookup``'s value; the sync
tick writes where that order is into the row's description (说明) cell.

Answered from what the tick already holds: the 订单 rows it read (by 订单号 or any line of 快递单号),
and the journal's archive index (``archive/orders/<id>`` by order id, ``archive/numbers/<number>`` by
tracking number; shared/app/archive_moves.py), which names the archive spreadsheet when the tab is
in one. Costs no Sheets call unless the answer changed: then the tick's one guarded write of the
设置 tab's cells (a re-read and a ``values:batchUpdate``; shared/app/tick/tidy.py) carries it.
"""

from __future__ import annotations

from datetime import datetime

from shared.app import archive_moves
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.lookup import holds, lookup_key, not_a_key, shown
from shared.reconcile.presence import order_key
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Table

KEY = "lookup"


def answer(text: str, orders: Table, journal: Journal) -> Bilingual:
    """Where the order ``text`` names is (see the module docstring). Text that is no order id nor
    tracking number (``lookup_key``: "../x", a sentence, 10,000 characters) is answered so, and
    nothing is looked up with it (it would name a journal key)."""
    query, wanted = shown(text), lookup_key(text)
    if wanted is None:
        return not_a_key(text)
    for row in orders.rows:
        if holds(row.key, wanted) or holds(row["tracking_numbers"], wanted):
            return Bilingual(
                f"“{query}”：订单 {row.key} 在订单页第 {row.number} 行（{row['status']}）。",
                f"'{query}': order {row.key} is on row {row.number} of Orders ({row['status']}).",
            )
    # Numbers archived before the index took keys in upper case are under the case they were typed in.
    typed = order_key(text)
    order_id = (
        archive_moves.order_of_number(journal, wanted)
        or (archive_moves.order_of_number(journal, typed) if typed != wanted else None)
        or wanted
    )
    place = archive_moves.place_of(journal, order_id)
    if place is not None and place.get("tab"):
        at = to_sheet_time(datetime.fromisoformat(str(place["at"])))
        tab, book = str(place["tab"]), str(place.get("spreadsheet") or "")
        if book:
            return Bilingual(
                f"“{query}”：订单 {order_id} 已归档，在归档表格 {book} 的「{tab}」页（{at} 移入）。",
                f"'{query}': order {order_id} is archived, in the {tab} tab of the archive spreadsheet "
                f"{book} (moved there {at}).",
            )
        return Bilingual(
            f"“{query}”：订单 {order_id} 已归档，在「{tab}」页（{at} 移入）。",
            f"'{query}': order {order_id} is archived, in the {tab} tab (moved there {at}).",
        )
    return Bilingual(
        f"“{query}”：订单页和归档页里都没有这个订单号或快递单号。",
        f"'{query}': no order with this id or tracking number in Orders or in an archive tab.",
    )


def answer_cell(settings: Table, orders: Table, journal: Journal, lang: str) -> CellWrite | None:
    """The 查询 row's description when it holds a query whose answer is not shown yet (None: nothing
    to write)."""
    row = settings.by_key().get(KEY)
    if row is None or not row["value"].strip() or "description" not in settings.columns:
        return None
    text = answer(row["value"].strip(), orders, journal).pick(lang)
    if row["description"] == text:
        return None
    return CellWrite(KEY, row.number, "description", text)
