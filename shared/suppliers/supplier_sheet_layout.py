"""The tab the system keeps in a supplier's own spreadsheet (pure: data and header matching).

One row per open order of that supplier: what to ship and where (system columns), and the courier and
tracking number(s) the supplier types back (supplier columns). Columns are found by header text in
either language, so the supplier may reorder or hide columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shared.domain.text import Bilingual

Lang = Literal["zh", "en"]
Owner = Literal["system", "supplier"]


@dataclass(frozen=True, slots=True)
class SheetColumn:
    field: str
    title: Bilingual
    owner: Owner

    def header(self, lang: Lang) -> str:
        return self.title.pick(lang)


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("order_id", Bilingual("订单号", "Order ID"), "system"),
    SheetColumn("supplier_order_no", Bilingual("供应商单号", "Your order no."), "supplier"),
    SheetColumn("items", Bilingual("商品", "Items"), "system"),
    SheetColumn("quantity", Bilingual("数量", "Qty"), "system"),
    SheetColumn("recipient_name", Bilingual("收件人", "Recipient"), "system"),
    SheetColumn("recipient_phone", Bilingual("电话", "Phone"), "system"),
    SheetColumn("recipient_address", Bilingual("收货地址", "Address"), "system"),
    SheetColumn("courier", Bilingual("快递公司", "Courier"), "supplier"),
    SheetColumn("tracking_numbers", Bilingual("快递单号", "Tracking no."), "supplier"),
    SheetColumn("result", Bilingual("处理结果", "Result"), "system"),
    SheetColumn("sent_at", Bilingual("下发时间", "Sent at"), "system"),
)
# A missing (or doubled) one of these stops every read and write of the supplier's tab (issue 12): the
# order, what to ship and where (an absent recipient column could not be cleared for privacy), the
# supplier's answer, and where we tell them. Optional: 供应商单号 (theirs, read when present) and
# 下发时间 (a stamp).
REQUIRED = (
    "order_id",
    "items",
    "quantity",
    "recipient_name",
    "recipient_phone",
    "recipient_address",
    "courier",
    "tracking_numbers",
    "result",
)
# Identifiers: formatted as plain text when the tab is made (Sheets turns typed digits into a double).
TEXT_FIELDS = ("order_id", "supplier_order_no", "tracking_numbers")
TAB_TITLE = Bilingual("待发货", "To ship")


def header_row(lang: Lang) -> list[str]:
    return [c.header(lang) for c in COLUMNS]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def duplicated(header: Sequence[str]) -> tuple[str, ...]:
    """Fields whose header (either language) appears more than once."""
    wanted = {_norm(text): c.field for c in COLUMNS for text in (c.title.zh, c.title.en)}
    seen: dict[str, int] = {}
    for text in header:
        name = wanted.get(_norm(text))
        if name is not None:
            seen[name] = seen.get(name, 0) + 1
    return tuple(c.field for c in COLUMNS if seen.get(c.field, 0) > 1)


def locate(header: Sequence[str]) -> dict[str, int]:
    """field -> 0-based column index for each column whose header (either language) is present."""
    wanted = {_norm(text): c.field for c in COLUMNS for text in (c.title.zh, c.title.en)}
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        name = wanted.get(_norm(text))
        if name is not None and name not in found:
            found[name] = index
    return found
