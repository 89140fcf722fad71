"""The demo's wiring: a person's edit in the Sheets web view reaches sheet_edit, signed, and pushes."""

from __future__ import annotations

import time
from typing import Any

from demo.operator import SheetOperator
from demo.scenario import SUPPLIER_TYPED
from demo.stage import Stage, stage


def _deliveries(st: Stage, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        found = st.sheets_control.deliveries()
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_an_edit_in_the_web_view_is_validated_and_pushed_at_once() -> None:
    with stage(SUPPLIER_TYPED, live_push=False) as st:
        operator = SheetOperator(st.http, st.sheets_url, st.spreadsheet_id)
        operator.write_by_key("设置", "键", {"auto_push": {"值": "开"}})
        order_id = st.shop_control.create_order(products=[{"product_id": "10001", "sku_id": "20001"}])
        assert operator.menu_sync(st.functions_url, st.edit_secret).status_code == 202
        assert st.settle(60)  # the sync function ran the tick 立即同步 handed on
        meta = st.http.get(f"{st.sheets_url}/v4/spreadsheets/{st.spreadsheet_id}").json()
        sheet_id = next(
            s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == "订单"
        )
        table = operator.table("订单")
        row = table.row_numbers("订单号")[order_id] - 1  # the web view counts rows from 0
        for typed, (header, text) in enumerate(
            (("快递公司", "顺丰速运"), ("快递单号", "SF6026131434978")), 1
        ):
            body = {"sheetId": sheet_id, "row": row, "col": table.column(header), "value": text}
            answer = st.http.post(f"{st.sheets_url}/ui/api/{st.spreadsheet_id}/edit", json=body)
            assert answer.status_code == 200 and answer.json()["hook"] is True
            delivered = _deliveries(st, typed)  # one at a time, as a person types
        assert [d["status"] for d in delivered] == [202, 202]  # answered at once, handed on
        assert st.settle(60)  # ... to the refresh function, which read the row and pushed
        record = next(r for r in operator.table("订单").records() if r["订单号"] == order_id)
        assert record["状态"] == "已发货", record
        shop_order = st.shop_control.order(order_id)["order"]
        packages = shop_order["order_detail"]["delivery_info"]["delivery_product_info"]
        assert [p["waybill_id"] for p in packages] == ["SF6026131434978"]
