"""The web view in Debian's chromium (headless, via Playwright): a person edits a cell and the
signed edit hook arrives at a local receiver; sorting and row buttons change the sheet."""

from __future__ import annotations

import json
from typing import Any

import httpx

from emulators.sheets.server import Running
from tests.emulators.sheets.helpers import Receiver, column, control, setup_orders, verify

from .chromium import NEEDS_CHROMIUM, wait_saved

pytestmark = NEEDS_CHROMIUM


def test_editing_a_cell_fires_the_signed_hook(
    page: Any, http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    secret = "browser-secret"
    control(http).set_webhook(receiver.url, secret, "op@example.com")
    page.goto(f"{emulator.url}/ui/{sid}")
    page.wait_for_selector("#grid td[data-ref='A3']:has-text('1001')")
    page.dblclick("#grid td[data-ref='C2']")
    page.fill("#grid td[data-ref='C2'] textarea", "YT9876543210123")
    page.press("#grid td[data-ref='C2'] textarea", "Enter")
    page.wait_for_selector("#grid td[data-ref='C2']:has-text('YT9876543210123')")
    wait_saved(page, "C2")
    assert receiver.arrived.wait(10)
    headers, body = receiver.requests[0]
    assert verify(secret, headers, body)
    payload = json.loads(body)
    assert (payload["sheetName"], payload["range"], payload["value"], payload["oldValue"]) == (
        "订单",
        "C2",
        "YT9876543210123",
        None,
    )
    assert payload["user"] == "op@example.com"
    assert column(http, sid, "C") == [["快递单号"], ["YT9876543210123"], ["SF1"]]
    assert "edit hook sent" in page.inner_text("#status")


def test_sort_insert_and_delete_rows_with_the_buttons(
    page: Any, http: httpx.Client, emulator: Running
) -> None:
    sid = setup_orders(http)
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
    page.goto(f"{emulator.url}/ui/{sid}")
    page.click("#grid td[data-ref='A2']:has-text('1003')")
    page.click("#sort-asc")
    page.wait_for_selector("#grid td[data-ref='A2']:has-text('1001')")
    assert column(http, sid, "A") == [["订单号"], ["1001"], ["1003"]]
    page.click("#grid td[data-ref='A3']")
    page.click("#insert-above")
    page.wait_for_selector("#grid td[data-ref='A4']:has-text('1003')")
    assert column(http, sid, "A") == [["订单号"], ["1001"], [], ["1003"]]
    page.click("#grid td[data-ref='A2']")
    page.click("#delete-row")
    page.wait_for_selector("#grid td[data-ref='A3']:has-text('1003')")
    assert column(http, sid, "A") == [["订单号"], [], ["1003"]]


def test_dropdown_cell_offers_its_options(page: Any, http: httpx.Client, emulator: Running) -> None:
    sid = setup_orders(http)
    rule = {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": "顺丰"}, {"userEnteredValue": "中通"}],
        }
    }
    http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={
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
                        "rule": {**rule, "strict": True, "showCustomUi": True},
                    }
                }
            ]
        },
    )
    page.goto(f"{emulator.url}/ui/{sid}")
    page.wait_for_selector("#grid td.dropdown[data-ref='B2']")
    page.dblclick("#grid td[data-ref='B2']")
    page.select_option("#grid td[data-ref='B2'] select", "中通")
    # The open <select> already contains the option text, so wait for the editor to close, then
    # for the server's answer (the closed cell shows the choice before it is stored).
    page.wait_for_selector("#grid td[data-ref='B2']:not(:has(select)):has-text('中通')")
    wait_saved(page, "B2")
    assert column(http, sid, "B") == [["快递公司"], ["中通"], ["顺丰"]]
