"""Copies of one request sent at the same time do the work once: a signed sheet edit, a shop event,
a Kuaidi100 push. And a replayed ``sync`` menu action is refused.

The copies are real HTTP requests to the deployed functions, started together on threads. Where the
work is quick, a wrapper slows it down (so that the copies surely overlap, as they would in the
cloud); the assertions are counts, never timings.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from demo.local_functions import serve
from emulators.wechat_shop.crypto import encrypt, signature
from emulators.wechat_shop.state import DEFAULT_USERNAME
from functions import deps as function_deps
from functions import shop_events, tracking_events
from shared.app.tracking_state import TrackingStateBusy
from shared.sheets.edit_signature import sign
from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN, world
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit
from tests.functions.test_tracking_events import ACK, FORM, SALT, Rig, _param, _push_body

SEND = "/channels/ec/order/delivery/send"
COPIES = 4
T = TypeVar("T")


def _together(copies: int, send: Callable[[], T]) -> list[T]:
    """``send`` on ``copies`` threads released at the same instant; their answers."""
    start = threading.Barrier(copies)
    answers: list[T] = []
    lock = threading.Lock()

    def one() -> None:
        start.wait()
        answer = send()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == copies
    return answers


def _slowed(fn: Callable[..., Any], calls: list[int], seconds: float = 0.4) -> Callable[..., Any]:
    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        time.sleep(seconds)  # widens the window in which copies overlap; asserted on counts only
        return fn(*args, **kwargs)

    return slow


def _signed(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    stamp = int(time.time())
    body = json.dumps({**payload, "timestamp": stamp}, ensure_ascii=False).encode()
    return body, {
        "X-Waybill-Timestamp": str(stamp),
        "X-Waybill-Signature": sign(EDIT_SECRET.encode(), stamp, body),
        "Content-Type": "application/json",
    }


def test_copies_of_one_signed_edit_push_once_and_log_once(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.shop_control.reset_calls()
    body, headers = _signed(_edit(deployed, order_id, "快递单号", "SF6026131434978"))
    url = f"{deployed.functions.url}/sheet_edit"

    answers = _together(COPIES, lambda: httpx.post(url, content=body, headers=headers, timeout=60))

    ran = [a for a in answers if a.status_code == 202 and "queued" in a.json()]
    assert len(ran) == 1 and ran[0].json()["announced"] is True
    others = [a for a in answers if a is not ran[0]]
    # Each other copy was told the work is under way (202) or done (200, with the first answer).
    assert all(
        (a.status_code == 202 and a.json()["in_progress"] is True)
        or (a.status_code == 200 and a.json()["ignored"] == "repeated request")
        for a in others
    )
    deployed.settle()  # the private refresh function did the queued edit
    assert w.shop_calls(SEND) == 1 and w.shop_waybills(order_id) == ["SF6026131434978"]
    edits = [r for r in w.records("日志") if r["操作"] == "修改快递单号" and r["订单号"] == order_id]
    assert len(edits) == 1


def test_a_replayed_sync_action_is_refused(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    payload = {
        "spreadsheetId": w.spreadsheet_id,
        "sheetName": "订单",
        "range": "A2",
        "row": 2,
        "column": 1,
        "numRows": 1,
        "numColumns": 1,
        "value": None,
        "oldValue": None,
        "user": "ops@example.com",
        "action": "sync",
    }
    body, headers = _signed(payload)
    url = f"{deployed.functions.url}/sheet_edit"
    first = httpx.post(url, content=body, headers=headers, timeout=60)
    assert first.status_code == 202 and first.json()["queued"] == "sync"
    deployed.settle()  # the sync function ran the tick
    assert order_id in [r["订单号"] for r in w.records()]
    w.clear_sheets_log()
    w.shop_control.reset_calls()

    again = httpx.post(url, content=body, headers=headers, timeout=60)
    assert again.status_code == 200 and again.json()["ignored"] == "repeated request"
    assert again.json()["first_answer"]["queued"] == "sync"
    deployed.settle()
    assert w.sheets_counts() == {}  # no tick ran: not even a read
    assert w.shop_calls("/channels/ec/order/list/get") == 0


def _event_request(d: Deployed, order_id: str) -> tuple[str, bytes]:
    """One delivery of a cancellation as the platform sends it (safe mode), to send several times."""
    appid = d.world.shop.appid
    event = {
        "ToUserName": DEFAULT_USERNAME,
        "FromUserName": "buyer-openid",
        "CreateTime": 1764129600,
        "MsgType": "event",
        "Event": "channels_ec_order_cancel",
        "order_info": {"order_id": int(order_id), "cancel_type": 1},
    }
    cipher = encrypt(json.dumps(event).encode(), AES_KEY, appid)
    stamp, nonce = "1764129600", "4242"
    query = httpx.QueryParams(
        signature=signature(PUSH_TOKEN, stamp, nonce),
        timestamp=stamp,
        nonce=nonce,
        encrypt_type="aes",
        msg_signature=signature(PUSH_TOKEN, stamp, nonce, cipher),
    )
    body = json.dumps({"ToUserName": DEFAULT_USERNAME, "Encrypt": cipher}).encode()
    return f"{d.functions.url}/shop_events?{query}", body


def test_copies_of_one_shop_event_are_handled_once(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商单号", "PO-9")
    w.shop_control.cancel(order_id)
    drains: list[int] = []  # announcements of the queued order: the work ran once if one was made
    monkeypatch.setattr(shop_events, "announce", _slowed(shop_events.announce, drains))
    url, body = _event_request(deployed, order_id)
    json_body = {"Content-Type": "application/json"}

    answers = _together(COPIES, lambda: httpx.post(url, content=body, headers=json_body, timeout=60))

    assert len(drains) == 1  # the work (queue the order, announce it) ran once
    codes = sorted(a.status_code for a in answers)
    assert codes.count(200) >= 1 and set(codes) <= {200, 503}
    # The copies told "busy" are delivered again by the platform later: then they find it done.
    later = httpx.post(url, content=body, headers=json_body, timeout=60)
    assert later.status_code == 200 and later.text == "success" and len(drains) == 1
    deployed.settle()
    assert w.row_of(order_id)["状态"] == "已取消"


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rig]:
    with world(tmp_path, tracking=True) as w:
        for name, value in w.env(tmp_path / "journal").items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("KUAIDI100_SALT", SALT)
        function_deps.reset()
        served = serve()
        try:
            yield Rig(w, served)
        finally:
            served.stop()
            function_deps.reset()


def test_copies_of_one_kuaidi100_push_are_stored_once(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    stored: list[int] = []
    monkeypatch.setattr(tracking_events, "store_push", _slowed(tracking_events.store_push, stored))
    body = _push_body(_param("73100000000031"))

    answers = _together(COPIES, lambda: httpx.post(rig.url, content=body, headers=FORM, timeout=60))

    assert len(stored) == 1
    acknowledged = [a for a in answers if a.status_code == 200]
    assert acknowledged and all(a.json() == ACK for a in acknowledged)
    assert all(a.status_code == 503 and a.json()["result"] is False for a in answers if a.status_code != 200)
    again = httpx.post(rig.url, content=body, headers=FORM, timeout=60)  # Kuaidi100's retry, later
    assert again.status_code == 200 and again.json() == ACK and len(stored) == 1


def test_a_push_whose_storing_failed_is_stored_by_the_retry(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tracking_events.store_push
    calls: list[int] = []

    def busy_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise TrackingStateBusy("the document kept changing")
        return real(*args, **kwargs)

    monkeypatch.setattr(tracking_events, "store_push", busy_once)
    body = _push_body(_param("73100000000032"))
    first = httpx.post(rig.url, content=body, headers=FORM, timeout=60)
    assert first.status_code == 503 and first.json()["result"] is False
    retry = httpx.post(rig.url, content=body, headers=FORM, timeout=60)  # not "in progress": released
    assert retry.status_code == 200 and retry.json() == ACK and len(calls) == 2
