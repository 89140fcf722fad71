"""The web view's paste and change-watch actions over HTTP (no browser): a pasted block is one
USER_ENTERED write and one signed edit hook over the whole range; ``changes`` answers when a write lands."""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx

from emulators.sheets.server import Running

from .helpers import Receiver, column, control, setup_orders, verify

SECRET = "paste-secret"


def act(http: httpx.Client, sid: str, action: str, **body: Any) -> httpx.Response:
    return http.post(f"/ui/api/{sid}/{action}", json={"sheetId": 0, **body})


def cells(http: httpx.Client, sid: str) -> dict[tuple[int, int], dict[str, Any]]:
    found = control(http).cells(sid, "订单")["cells"]
    return {(c["row"], c["col"]): c for c in found}


def test_a_pasted_block_is_one_user_entered_write_and_one_hook_over_the_range(
    http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET, "op@example.com")
    text = '顺丰\tSF1460234567891\r\n"圆通\n(改)"\t=1+1\r\n'
    answer = act(http, sid, "paste", row=1, col=1, text=text)
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert (out["range"], out["hook"]) == ("B2:C3", True)
    assert {(c["r"], c["c"]): c["text"] for c in out["cells"]} == {
        (1, 1): "顺丰",
        (1, 2): "SF1460234567891",
        (2, 1): "圆通\n(改)",
        (2, 2): "2",
    }
    stored = cells(http, sid)
    assert stored[(2, 2)]["formula"] == "=1+1"  # typed, not raw: the formula is a formula
    emulator.emulator.webhook.wait()
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert verify(SECRET, headers, body)
    payload = json.loads(body)
    assert {k: v for k, v in payload.items() if k != "timestamp"} == {
        "spreadsheetId": sid,
        "sheetName": "订单",
        "range": "B2:C3",
        "row": 2,
        "column": 2,
        "numRows": 2,
        "numColumns": 2,
        "value": None,
        "oldValue": None,
        "user": "op@example.com",
    }


def test_one_pasted_value_is_an_ordinary_edit(
    http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    assert act(http, sid, "paste", row=2, col=2, text="YT9876543210123\r\n").status_code == 200
    emulator.emulator.webhook.wait()
    payload = json.loads(receiver.requests[0][1])
    assert (payload["range"], payload["value"], payload["oldValue"]) == ("C3", "YT9876543210123", "SF1")
    assert column(http, sid, "C") == [["快递单号"], [], ["YT9876543210123"]]


def test_a_paste_is_all_or_nothing(http: httpx.Client, emulator: Running, receiver: Receiver) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "顺丰"}]}, "strict": True}
    rng = {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 1, "endColumnIndex": 2}
    http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={"requests": [{"setDataValidation": {"range": rng, "rule": rule}}]},
    )
    refused = act(http, sid, "paste", row=1, col=1, text="顺丰\tSF2\n不存在\tSF3")
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert message.index("下拉选项") < message.index("Invalid")  # Chinese first, then English
    too_far = act(http, sid, "paste", row=999, col=0, text="1\n2")
    assert too_far.status_code == 400 and too_far.json()["error"]["message"].startswith("粘贴的区域超出")
    assert column(http, sid, "C") == [["快递单号"], [], ["SF1"]]
    emulator.emulator.webhook.wait()
    assert receiver.requests == []


def test_a_paste_over_a_warning_only_range_asks_first(http: httpx.Client) -> None:
    sid = setup_orders(http)
    protect = {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                "warningOnly": True,
                "description": "系统列",
            }
        }
    }
    http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": [protect]})
    asked = act(http, sid, "paste", row=1, col=0, text="9001\t顺丰")
    assert asked.status_code == 409
    assert asked.json()["error"]["details"][0]["description"] == "系统列"
    assert column(http, sid, "A") == [["订单号"], ["1003"], ["1001"]]
    assert act(http, sid, "paste", row=1, col=0, text="9001\t顺丰", confirmed=True).status_code == 200
    assert column(http, sid, "A") == [["订单号"], ["9001"], ["1001"]]


def test_changes_answers_when_a_write_lands(http: httpx.Client, emulator: Running) -> None:
    sid = setup_orders(http)
    view = http.get(f"/ui/api/{sid}/view")
    assert view.headers["Server-Timing"].startswith("app;dur=")
    revision = view.json()["revision"]
    assert http.get(f"/ui/api/{sid}/changes", params={"since": revision, "wait": 0}).json() == {
        "revision": revision
    }
    answered: dict[str, Any] = {}

    def watch() -> None:
        with httpx.Client(base_url=emulator.url, timeout=30) as other:
            answered.update(other.get(f"/ui/api/{sid}/changes", params={"since": revision}).json())

    waiting = threading.Thread(target=watch)
    waiting.start()
    body = {"values": [["SF9"]]}  # valueInputOption is a query parameter here
    http.put(
        f"/v4/spreadsheets/{sid}/values/%27%E8%AE%A2%E5%8D%95%27%21C2",
        params={"valueInputOption": "RAW"},
        json=body,
    )
    waiting.join(20)
    assert answered["revision"] > revision
    assert http.get("/ui/api/unknown/changes", params={"since": 0, "wait": 0}).status_code == 404
    assert http.get(f"/ui/api/{sid}/changes", params={"since": "x"}).status_code == 400
