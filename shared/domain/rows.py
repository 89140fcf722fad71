"""A 订单 sheet row as the core sees it: the operator's cells as typed, and what the system showed."""

from __future__ import annotations

from dataclasses import dataclass

from shared.domain.states import RowState


@dataclass(frozen=True, slots=True)
class SheetRow:
    """``row`` is where it was read (writes re-check it). Text is exactly as in the sheet.

    ``tracking_cell`` keeps the raw cell (several packages: one per line) so validation sees what the
    operator typed; ``state`` is the state the 状态 cell showed (None: empty, or a text that is no
    state's label). ``numeric``: the identifier fields (``order_id``, ``supplier_order_no``,
    ``tracking_numbers``) whose cell the sheet stored as a number: Sheets keeps 15 significant digits
    and drops leading zeros, so their text is not trusted (never pushed, never matched).
    """

    row: int
    order_id: str
    supplier: str = ""
    supplier_order_no: str = ""
    courier: str = ""
    tracking_cell: str = ""
    state: RowState | None = None
    message: str = ""
    logistics: str = ""
    paid_at: str = ""
    ship_by: str = ""
    items: str = ""
    quantity: str = ""
    recipient: str = ""
    numeric: frozenset[str] = frozenset()

    @property
    def has_tracking(self) -> bool:
        return bool(self.tracking_cell.strip())
