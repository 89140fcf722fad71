"""Which 订单 rows stand for a shop order, and which open orders have lost their row (pure).

The shop is the truth for which orders exist. A row is decided as an order only when its 订单号 is
exactly one shop order's id, on one row. Any other row that holds an order id is flagged and never
pushed: an id the shop does not know, an id with spaces or invisible characters in it, or an id
that another row already holds. An order the journal saw on a row, still open in the shop and on
no row now, is put back (the caller appends it as a new row).

"Open" (worth a row): awaiting shipment, partially shipped, and shipped until the parcel is signed
for (the logistics watch says delivered) or the shop closes the order (completed, cancelled). A row
that showed 已签收 or 已取消 is closed: deleting it is the operator's choice and it stays deleted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.text import Bilingual
from shared.reconcile.deadline import to_sheet_time

OPEN_STATUSES = (ShopStatus.AWAITING_SHIPMENT, ShopStatus.PARTIALLY_SHIPPED, ShopStatus.SHIPPED)
# Zero-width characters a paste from a chat or a web page brings along (str.split() keeps them).
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def order_key(text: str) -> str:
    """The order id a 订单号 cell means: full-width digits made ASCII, every space and invisible
    character dropped ("3720 0001\u200b" -> "37200001")."""
    if text.isascii() and text.isdigit():
        return text  # the usual cell, already the key (a tick asks this several times per row)
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and c not in _INVISIBLE)


def still_open(order: ShopOrder) -> bool:
    """Open in the shop and shippable: not closed, and no after-sale holding an unshipped order."""
    held = order.aftersale_open and not (order.is_shipped or order.packages)
    return order.status in OPEN_STATUSES and not held


@dataclass(frozen=True, slots=True)
class RowCheck:
    """``flags``: sheet row number -> the message of a row that is not decided as an order.
    ``present``: the order ids the sheet holds a row for (flagged duplicates and spaced ids count:
    their order is on the sheet, it must not be added again)."""

    flags: Mapping[int, Bilingual] = field(default_factory=dict)
    present: frozenset[str] = frozenset()


def check_rows(
    rows: Sequence[SheetRow], shop: Mapping[str, ShopOrder], foreign: Collection[str] = ()
) -> RowCheck:
    """Flag the rows whose 订单号 is not one shop order on one row (see the module docstring).

    Among rows that share an id, the row whose system cells (付款时间, 收件人) are the shop order's
    is the order's row; rows that are copies of it (same operator cells too) are flagged as its
    duplicates. When that cannot tell them apart, every one of them is flagged: none is pushed
    until the operator removes the extra rows."""
    flags: dict[int, Bilingual] = {}
    present: set[str] = set()
    groups: dict[str, list[SheetRow]] = {}
    for row in rows:
        if not row.order_id:
            continue
        key = order_key(row.order_id)
        if "order_id" in row.numeric:
            # Typed into a cell that is not plain text: Sheets kept 15 of its 19 digits.
            flags[row.row] = id_is_a_number(row.order_id)
        elif key != row.order_id and key:
            flags[row.row] = spaced_id(row.order_id, key)
            present.add(key)
        elif row.order_id in foreign:
            flags[row.row] = not_in_shop(row.order_id)
        else:
            groups.setdefault(key, []).append(row)
            present.add(key)
    for order_id, group in groups.items():
        if len(group) < 2:
            continue
        real = _real_row(group, shop.get(order_id))
        numbers = [r.row for r in group]
        for row in group:
            if real is None:
                flags[row.row] = ambiguous(order_id, numbers)
            elif row is not real:
                flags[row.row] = duplicate_of(order_id, real.row)
    return RowCheck(flags, frozenset(present))


def _real_row(group: list[SheetRow], order: ShopOrder | None) -> SheetRow | None:
    matching = [r for r in group if order is not None and _shows(r, order)] or group
    if len(matching) == 1:
        return matching[0]
    first = matching[0]
    if all(_operator_cells(r) == _operator_cells(first) for r in matching):
        return first  # copies of one row: pushing from the first pushes exactly what each shows
    return None


def _shows(row: SheetRow, order: ShopOrder) -> bool:
    """The row's system cells are this order's (as the tick wrote them)."""
    return row.paid_at.strip() == to_sheet_time(order.paid_at) and row.recipient.strip() == order.recipient


def _operator_cells(row: SheetRow) -> tuple[str, ...]:
    return (row.supplier_order_no.strip(), row.courier.strip(), row.tracking_cell.strip())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def not_in_shop(key: str) -> Bilingual:
    shown = _short(key)
    return Bilingual(
        f"订单号“{shown}”不是本店的订单，这一行不会推送；请核对订单号"
        "（这一行原来的订单如果还没完成，已在表格末尾恢复）。",
        f"Order id '{shown}' is not an order of this shop, so this row is never pushed; check the "
        "order id (if this row's original order is still open, it was restored at the bottom of the tab).",
    )


def id_is_a_number(shown: str) -> Bilingual:
    return Bilingual(
        f"订单号 {_short(shown)} 被表格存成了数字（订单号有 19 位，数字只保留 15 位），这一行不会推送。"
        "请把「订单号」列设为纯文本（格式 → 数字 → 纯文本），再重新输入订单号"
        "（这一行原来的订单如果还没完成，已在表格末尾恢复）。",
        f"The sheet stored order id {_short(shown)} as a number (order ids have 19 digits, numbers keep "
        "15), so this row is never pushed. Format the Order ID column as plain text and type the id again "
        "(if this row's original order is still open, it was restored at the bottom of the tab).",
    )


def spaced_id(key: str, meant: str) -> Bilingual:
    shown = _short(key)
    return Bilingual(
        f"订单号“{shown}”里有空格或看不见的字符，这一行不会推送；请改成“{meant}”。",
        f"Order id '{shown}' contains spaces or invisible characters, so this row is never pushed; "
        f"change it to '{meant}'.",
    )


def duplicate_of(order_id: str, row: int) -> Bilingual:
    return Bilingual(
        f"第 {row} 行已经是订单 {order_id} 的行，这一行的订单号与它重复，不会推送；"
        "请改回这一行原来的订单号，或删除这一行。",
        f"Row {row} is already the row of order {order_id}; this row repeats its order id and is never "
        "pushed: put back this row's own order id, or delete the row.",
    )


def ambiguous(order_id: str, rows: Sequence[int]) -> Bilingual:
    zh_rows, en_rows = "、".join(str(r) for r in rows), ", ".join(str(r) for r in rows)
    return Bilingual(
        f"订单号 {order_id} 同时出现在第 {zh_rows} 行，无法确定哪一行属于这个订单，这些行都不会推送；"
        "请删除或改正多余的行。",
        f"Order id {order_id} is on rows {en_rows} and it is not clear which row is the order's, so none "
        "of them is pushed: delete or fix the extra rows.",
    )


def no_order_id() -> Bilingual:
    return Bilingual(
        "这一行没有订单号，单号无法推送；请在“订单号”列填上小店的订单号，或把单号填到该订单所在的行。",
        "This row has no order id, so its number cannot be pushed; type the shop's order id in the "
        "Order ID column, or put the number on that order's row.",
    )


def restored(order_id: str) -> Bilingual:
    return Bilingual(
        f"订单 {order_id} 在小店里还没完成，但表格里找不到它的行（被删除、清空或粘贴覆盖），"
        "已在表格末尾恢复；小店已有的单号已填回，没推送过的单号请重新填写。",
        f"Order {order_id} is still open in the shop but its row was missing from the sheet (deleted, "
        "cleared or pasted over); the row was restored at the bottom of the tab with the numbers the "
        "shop has, type again any number that had not been pushed.",
    )


def restored_action() -> Bilingual:
    # No English wording yet: an English workspace shows the Chinese, as it always has.
    return Bilingual("核对末尾恢复的行，补填没推送过的单号", "核对末尾恢复的行，补填没推送过的单号")
