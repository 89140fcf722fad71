"""Typed rows of the 订单 (Orders) tab."""

from __future__ import annotations

from dataclasses import dataclass

from shared.domain.states import RowState
from shared.sheets.layout import Row, Table, TableLayout
from sheet_templates.workspace import ORDERS, Lang, state_by_label


def orders_layout(lang: Lang = "zh") -> TableLayout:
    return TableLayout.from_template(ORDERS, lang)


def split_tracking_numbers(cell: str) -> tuple[str, ...]:
    """Several parcels: one number per line in the cell (docs/workspace.md#订单-orders). Blank lines are
    ignored."""
    return tuple(line.strip() for line in cell.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One 订单 row as read. ``row`` is the sheet row it was read at; text is as in the sheet.

    ``state`` is the row state the 状态 cell shows (``RowState.SHIPPED`` ...), or None when the cell is
    empty or shows something else (``status_text`` keeps the raw text).
    """

    row: int
    order_id: str
    paid_at: str
    ship_by: str
    items: str
    quantity: str
    recipient: str
    supplier: str
    supplier_order_no: str
    courier: str
    tracking_numbers: tuple[str, ...]
    status_text: str
    state: RowState | None
    message: str
    logistics: str
    synced_at: str

    @classmethod
    def from_row(cls, row: Row) -> OrderRow:
        status = row["status"].strip()
        found = state_by_label(status) if status else None
        return cls(
            row=row.number,
            order_id=row.key,
            paid_at=row["paid_at"],
            ship_by=row["ship_by"],
            items=row["items"],
            quantity=row["quantity"],
            recipient=row["recipient"],
            supplier=row["supplier"].strip(),
            supplier_order_no=row["supplier_order_no"].strip(),
            courier=row["courier"].strip(),
            tracking_numbers=split_tracking_numbers(row["tracking_numbers"]),
            status_text=status,
            state=RowState.of_code(found.state) if found else None,
            message=row["message"],
            logistics=row["logistics"],
            synced_at=row["synced_at"],
        )


def order_rows(table: Table) -> tuple[OrderRow, ...]:
    """Typed rows of an Orders table; rows without an order id (operator scratch rows) are left out."""
    return tuple(OrderRow.from_row(r) for r in table.rows if r.key)
