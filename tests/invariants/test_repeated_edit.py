"""Invariant: a repeated sheet-edit call (Apps Script or the network retrying the same signed POST)
pushes nothing more and rewrites nothing."""

from __future__ import annotations

from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _post

SEND = "/channels/ec/order/delivery/send"


def test_the_same_edit_delivered_twice_changes_nothing_more(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    payload = _edit(deployed, order_id, "快递单号", "SF6026131434978")
    first = _post(deployed, payload)
    assert first.status_code == 200 and first.json()["pushes"][0]["ok"] is True
    row, log = w.row_of(order_id), w.records("日志")
    w.clear_sheets_log()

    again = _post(deployed, payload)
    assert again.status_code == 200 and again.json() == {"ignored": "repeated request"}
    assert w.sheets_counts() == {}  # not even a read
    assert w.shop_calls(SEND) == 1 and w.shop_waybills(order_id) == ["SF6026131434978"]
    assert w.row_of(order_id) == row
    assert w.records("日志") == log
