"""The web view's page and actions over HTTP (no browser): edit + signed hook, sort, rows."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from emulators.sheets.server import Running

from .helpers import Receiver, column, control, setup_orders, verify

SECRET = "s3cret-测试"


def act(http: httpx.Client, sid: str, action: str, **body: Any) -> httpx.Response:
    return http.post(f"/ui/api/{sid}/{action}", json={"sheetId": 0, **body})


def test_page_and_static_files_are_served(http: httpx.Client) -> None:
    sid = setup_orders(http)
    page = http.get(f"/ui/{sid}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<script src="/ui/static/ui.js">' in page.text
    assert http.get("/ui/static/ui.js").status_code == 200
    assert http.get("/ui/static/../app.py").status_code == 404
    assert http.get("/ui/unknown-id").status_code == 404
    assert sid in http.get("/ui/").text


def test_view_json_shows_colours_notes_and_dropdowns(http: httpx.Client) -> None:
    sid = setup_orders(http)
    requests = [
        {
            "repeatCell": {
                "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {
                    "userEnteredFormat": {"backgroundColor": {"red": 0.26, "green": 0.26, "blue": 0.26}}
                },
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 2, "columnIndex": 2},
                "rows": [{"values": [{"note": "供应商说：已改发中通"}]}],
                "fields": "note",
            }
        },
        {
            "setDataValidation": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 3,
                    "startColumnIndex": 1,
                    "endColumnIndex": 2,
                },
                "rule": {
                    "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "顺丰"}]},
                    "strict": True,
                },
            }
        },
        {
            "addConditionalFormatRule": {
                "rule": {
                    "ranges": [
                        {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 3}
                    ],
                    "booleanRule": {
                        "condition": {
                            "type": "CUSTOM_FORMULA",
                            "values": [{"userEnteredValue": '=$B2="顺丰"'}],
                        },
                        "format": {"backgroundColor": {"green": 1}},
                    },
                }
            }
        },
    ]
    assert http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": requests}).status_code == 200
    view = http.get(f"/ui/api/{sid}/view").json()
    assert [s["title"] for s in view["sheets"]] == ["订单", "供应商"]
    cells = {(c["r"], c["c"]): c for c in view["sheet"]["cells"]}
    assert cells[(0, 0)]["bg"] == "rgb(66,66,66)" and cells[(0, 0)]["text"] == "订单号"
    assert cells[(2, 2)]["note"] == "供应商说：已改发中通"
    assert cells[(1, 1)]["dropdown"] == {"options": ["顺丰"], "strict": True}
    assert cells[(2, 0)]["bg"] == "rgb(0,255,0)"  # row 3 has 顺丰 in B: the rule applies
    assert "bg" not in cells.get((1, 0), {})  # row 2 has no courier: it does not


def test_edit_posts_signed_hook_with_the_contract_payload(
    http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET, "op@example.com")
    before = int(time.time())
    r = act(http, sid, "edit", row=2, col=2, value="SF1234567890123")
    answer = r.json()
    assert (answer["ok"], answer["hook"], answer["range"]) == (True, True, "C3")
    # The edited cell as drawn, so the page shows it without asking for the whole sheet again.
    assert answer["cells"] == [{"r": 2, "c": 2, "text": "SF1234567890123"}]
    assert receiver.arrived.wait(10)
    headers, body = receiver.requests[0]
    assert verify(SECRET, headers, body)
    assert not verify("wrong secret", headers, body)
    payload = json.loads(body)
    assert payload == {
        "spreadsheetId": sid,
        "sheetName": "订单",
        "range": "C3",
        "row": 3,
        "column": 3,
        "numRows": 1,
        "numColumns": 1,
        "value": "SF1234567890123",
        "oldValue": "SF1",
        "user": "op@example.com",
        "timestamp": payload["timestamp"],
    }
    assert payload["timestamp"] >= before and headers["X-Waybill-Timestamp"] == str(payload["timestamp"])
    assert "订单" in body.decode("utf-8")  # compact JSON, CJK not escaped (like JSON.stringify)
    assert column(http, sid, "C") == [["快递单号"], [], ["SF1234567890123"]]
    emulator.emulator.webhook.wait()
    assert emulator.emulator.webhook.deliveries[0]["status"] == 200


def test_edit_is_user_entered_and_clearing_sends_null(http: httpx.Client, receiver: Receiver) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    act(http, sid, "edit", row=1, col=2, value="=1+1")
    cells = control(http).cells(sid, "订单")["cells"]
    assert {(c["row"], c["col"]): c.get("formula") for c in cells}[(1, 2)] == "=1+1"
    receiver.arrived.wait(10)
    receiver.arrived.clear()
    act(http, sid, "edit", row=1, col=2, value="")
    assert receiver.arrived.wait(10)
    last = json.loads(receiver.requests[-1][1])
    assert last["value"] is None and last["oldValue"] == "2"


def test_strict_dropdown_and_hard_protection_refuse_edits(http: httpx.Client) -> None:
    sid = setup_orders(http)
    body = {
        "requests": [
            {
                "setDataValidation": {
                    "range": {
                        "sheetId": 0,
                        "startRowIndex": 1,
                        "endRowIndex": 3,
                        "startColumnIndex": 1,
                        "endColumnIndex": 2,
                    },
                    "rule": {
                        "condition": {
                            "type": "ONE_OF_RANGE",
                            "values": [{"userEnteredValue": "='供应商'!A2:A"}],
                        },
                        "strict": True,
                    },
                }
            },
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                        "editors": {"users": ["sa@example.iam.gserviceaccount.com"]},
                    }
                }
            },
        ]
    }
    assert http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json=body).status_code == 200
    assert act(http, sid, "edit", row=1, col=1, value="深圳厂").status_code == 200
    refused = act(http, sid, "edit", row=1, col=1, value="不存在的供应商")
    assert refused.status_code == 400 and "义乌仓" in refused.json()["error"]["message"]
    assert act(http, sid, "edit", row=1, col=0, value="9999").status_code == 403
    assert column(http, sid, "B") == [["快递公司"], ["深圳厂"], ["顺丰"]]
    assert column(http, sid, "A") == [["订单号"], ["1003"], ["1001"]]


def test_sort_insert_delete_rows_like_an_operator(
    http: httpx.Client, receiver: Receiver, emulator: Running
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            ]
        },
    )
    act(http, sid, "sort", col=0, ascending=True)
    assert column(http, sid, "A") == [["订单号"], ["1001"], ["1003"]]  # header stays on top
    act(http, sid, "insert-row", row=1)
    assert column(http, sid, "A") == [["订单号"], [], ["1001"], ["1003"]]
    act(http, sid, "delete-row", row=2)
    assert column(http, sid, "A") == [["订单号"], [], ["1003"]]
    emulator.emulator.webhook.wait()
    assert receiver.requests == []  # only cell edits fire the hook, as with onEdit
    assert emulator.emulator.log.snapshot()["counts"].get("spreadsheets.batchUpdate") == 1  # UI is not API


def test_a_typed_date_is_shown_and_hooked_as_typed(http: httpx.Client, receiver: Receiver) -> None:
    """The web view parses typing as Sheets does (a date becomes a serial with a date format) and
    shows, and sends to the edit hook, the displayed text."""
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    answer = act(http, sid, "edit", row=1, col=5, value="2020-01-01").json()
    assert answer["cells"][0]["text"] == "2020-01-01"
    assert receiver.arrived.wait(10)
    assert json.loads(receiver.requests[-1][1])["value"] == "2020-01-01"
    cells = control(http).cells(sid, "订单")["cells"]
    stored = {(c["row"], c["col"]): c for c in cells}[(1, 5)]
    assert (stored["value"], stored["formatted"]) == (43831, "2020-01-01")
