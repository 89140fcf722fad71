"""Invariant: a repeated sheet-edit call (Apps Script or the network retrying the same signed POST)
pushes nothing more and rewrites nothing."""

from __future__ import annotations

import json
import time

import httpx

from shared.sheets.edit_signature import sign
from tests.e2e.world import EDIT_SECRET
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit

SEND = "/channels/ec/order/delivery/send"


def test_the_same_edit_delivered_twice_changes_nothing_more(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    stamp = int(time.time())
    body = json.dumps(
        {**_edit(deployed, order_id, "快递单号", "SF6026131434978"), "timestamp": stamp}
    ).encode()
    headers = {
        "X-Waybill-Timestamp": str(stamp),
        "X-Waybill-Signature": sign(EDIT_SECRET.encode(), stamp, body),
        "Content-Type": "application/json",
    }

    def deliver() -> httpx.Response:  # the very same bytes each time, as a retry sends them
        return httpx.post(f"{deployed.functions.url}/sheet_edit", content=body, headers=headers, timeout=30)

    first = deliver()
    assert first.status_code == 202 and first.json()["queued"] == "edit"
    deployed.settle()  # the refresh function did the queued edit
    assert w.shop_calls(SEND) == 1
    row, log = w.row_of(order_id), w.records("日志")
    w.clear_sheets_log()

    again = deliver()
    assert again.status_code == 200 and again.json()["ignored"] == "repeated request"
    assert again.json()["first_answer"] == first.json()  # the first answer, stored with the claim
    deployed.settle()  # nothing was handed on, but had it been, it would be done now
    assert w.sheets_counts() == {}  # not even a read
    assert w.shop_calls(SEND) == 1 and w.shop_waybills(order_id) == ["SF6026131434978"]
    assert w.row_of(order_id) == row
    assert w.records("日志") == log
