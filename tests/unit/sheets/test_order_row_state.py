"""A 订单 row's 状态 cell reads as the closed ``RowState``; any other text reads as no state."""

from __future__ import annotations

from shared.domain.states import RowState
from shared.sheets.layout import build_table
from shared.sheets.orders import order_rows, orders_layout


def test_a_known_label_is_its_state_and_other_text_is_none() -> None:
    values: list[list[object]] = [
        ["状态", "订单号"],
        ["已发货", "3701"],
        ["随便写的", "3702"],
        ["", "3703"],
    ]
    rows = order_rows(build_table(orders_layout("zh"), values))
    assert [r.state for r in rows] == [RowState.SHIPPED, None, None]
    assert rows[1].status_text == "随便写的"
