"""The web view behaves like a spreadsheet for an operator (Debian chromium, headless): the sheet's
own column widths, a pasted block from Excel or WeChat, Alt+Enter inside a cell, a Chinese-first
status bar."""

from __future__ import annotations

import json
from typing import Any

import httpx

from emulators.sheets.server import Running
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet, init_workspace
from sheet_templates.workspace import ORDERS
from tests.emulators.sheets.helpers import Receiver, column, control, setup_orders, verify

from .chromium import NEEDS_CHROMIUM, wait_saved

pytestmark = NEEDS_CHROMIUM

SECRET = "browser-secret"
PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_columns_are_drawn_at_the_widths_the_template_set(page: Any, emulator: Running) -> None:
    client = SheetsHTTPClient.build(SheetsSettings(api_base=emulator.url, anonymous=True))
    sid = create_spreadsheet(client, "单号中继")
    init_workspace(client, sid)  # sets pixelSize per column (updateDimensionProperties)
    page.goto(f"{emulator.url}/ui/{sid}")
    page.click(f"#tabs button:text-is('{ORDERS.title.zh}')")
    page.wait_for_selector(f"#grid td[data-ref='A1']:has-text('{ORDERS.columns[0].header.zh}')")
    drawn = page.evaluate(
        """(n) => [...Array(n).keys()].map((c) =>
             document.querySelector(`#grid thead th[data-c="${c}"]`).getBoundingClientRect().width)""",
        len(ORDERS.columns),
    )
    assert [round(w) for w in drawn] == [c.width for c in ORDERS.columns]


def test_a_pasted_block_fills_the_cells_and_fires_one_signed_hook(
    page: Any, http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET, "op@example.com")
    page.goto(f"{emulator.url}/ui/{sid}")
    page.click("#grid td[data-ref='B2']")
    # As Excel puts it on the clipboard: CRLF rows, tab-separated, a cell with a line break quoted.
    page.evaluate(PASTE, '顺丰\tSF1460234567891\r\n"中通\n（改）"\t73123456789012\r\n')
    page.wait_for_selector("#grid td[data-ref='C3']:has-text('73123456789012')")
    assert page.inner_text("#grid td[data-ref='B2']") == "顺丰"
    assert column(http, sid, "B") == [["快递公司"], ["顺丰"], ["中通\n（改）"]]
    assert column(http, sid, "C") == [["快递单号"], ["SF1460234567891"], ["73123456789012"]]
    emulator.emulator.webhook.wait()
    assert len(receiver.requests) == 1  # one onEdit for the whole paste
    headers, body = receiver.requests[0]
    assert verify(SECRET, headers, body)
    payload = json.loads(body)
    assert (payload["range"], payload["row"], payload["column"]) == ("B2:C3", 2, 2)
    assert (payload["numRows"], payload["numColumns"], payload["value"]) == (2, 2, None)
    assert "已粘贴" in page.inner_text("#status") and "Pasted" in page.inner_text("#status")


def test_alt_enter_puts_a_line_break_inside_the_cell(
    page: Any, http: httpx.Client, emulator: Running, receiver: Receiver
) -> None:
    sid = setup_orders(http)
    control(http).set_webhook(receiver.url, SECRET)
    page.goto(f"{emulator.url}/ui/{sid}")
    page.dblclick("#grid td[data-ref='B2']")
    editor = "#grid td[data-ref='B2'] textarea"
    page.type(editor, "顺丰")
    page.press(editor, "Alt+Enter")
    page.type(editor, "改中通")
    assert page.input_value(editor) == "顺丰\n改中通"  # still editing: Alt+Enter did not commit
    page.press(editor, "Enter")
    page.wait_for_selector("#grid td[data-ref='B2']:not(:has(textarea)):has-text('改中通')")
    wait_saved(page, "B2")
    assert column(http, sid, "B") == [["快递公司"], ["顺丰\n改中通"], ["顺丰"]]
    assert receiver.arrived.wait(10)
    assert json.loads(receiver.requests[0][1])["value"] == "顺丰\n改中通"
    assert page.inner_text("#grid td[data-ref='B2']") == "顺丰\n改中通"  # drawn on two lines


def test_the_status_bar_reads_chinese_first(page: Any, http: httpx.Client, emulator: Running) -> None:
    sid = setup_orders(http)
    protect = {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                "editors": {"users": ["sa@example.iam.gserviceaccount.com"]},
            }
        }
    }
    http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": [protect]})
    page.goto(f"{emulator.url}/ui/{sid}")
    page.dblclick("#grid td[data-ref='C2']")
    page.type("#grid td[data-ref='C2'] textarea", "SF1460234567891")
    page.press("#grid td[data-ref='C2'] textarea", "Enter")
    page.wait_for_selector("#status:has-text('已保存')")
    assert page.inner_text("#status").startswith("C2 已保存 Saved")
    page.dblclick("#grid td[data-ref='A2']")
    page.type("#grid td[data-ref='A2'] textarea", "9999")
    page.press("#grid td[data-ref='A2'] textarea", "Enter")
    page.wait_for_selector("#status.error")
    text = page.inner_text("#status")
    assert text.startswith("A2 保存失败 Save failed: 此单元格受保护")
    assert text.index("受保护") < text.index("protected cell")
    assert column(http, sid, "A") == [["订单号"], ["1003"], ["1001"]]
