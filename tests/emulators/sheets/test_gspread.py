"""The real gspread 6.x library against the emulator over loopback: proves the wire shapes."""

from __future__ import annotations

import gspread
import httpx
import pytest
from gspread.utils import ValidationConditionType

from emulators.sheets.server import Running

from .helpers import create, gspread_client


@pytest.fixture
def sheet(http: httpx.Client, gc: gspread.Client) -> gspread.Spreadsheet:
    sid = create(http, "单号中继", "订单", "Supplier 'feed' 供应商")["spreadsheetId"]
    return gc.open_by_key(sid)


def test_open_worksheets_and_titles(sheet: gspread.Spreadsheet) -> None:
    assert sheet.title == "单号中继"
    assert [w.title for w in sheet.worksheets()] == ["订单", "Supplier 'feed' 供应商"]
    ws = sheet.worksheet("订单")
    assert (ws.id, ws.row_count, ws.col_count) == (0, 1000, 26)


def test_update_get_append_raw_by_default(sheet: gspread.Spreadsheet) -> None:
    ws = sheet.worksheet("订单")
    ws.update([["订单号", "快递单号"], ["1001", '=HYPERLINK("x")']], "A1")
    ws.append_rows([["1002", "SF1234567890"]])
    assert ws.get_all_values()[:3] == [
        ["订单号", "快递单号"],
        ["1001", '=HYPERLINK("x")'],
        ["1002", "SF1234567890"],
    ]
    assert ws.acell("B2").value == '=HYPERLINK("x")'  # RAW: stays text
    ws.update([["=1+1"]], "C2", raw=False)
    assert ws.acell("C2").value == "2"
    assert ws.get("C2", value_render_option=gspread.utils.ValueRenderOption.formula) == [["=1+1"]]
    assert ws.batch_get(["A1:B1", "A3:B3"]) == [[["订单号", "快递单号"]], [["1002", "SF1234567890"]]]


def test_quoted_name_with_apostrophe_and_cjk(sheet: gspread.Spreadsheet) -> None:
    ws = sheet.worksheet("Supplier 'feed' 供应商")
    ws.update([["义乌仓", "wx:yiwu"]], "A1")
    ws.batch_update([{"range": "B2", "values": [["深圳厂"]]}])
    assert ws.get_all_values() == [["义乌仓", "wx:yiwu"], ["", "深圳厂"]]
    assert ws.row_values(1) == ["义乌仓", "wx:yiwu"]
    assert ws.col_values(2) == ["wx:yiwu", "深圳厂"]


def test_format_freeze_notes_validation_protection(sheet: gspread.Spreadsheet, emulator: Running) -> None:
    ws = sheet.worksheet("订单")
    ws.update([["订单号", "快递公司"], ["1001", "顺丰"]], "A1")
    ws.format(
        "A2:B2", {"backgroundColor": {"red": 0.96, "green": 0.8, "blue": 0.8}, "textFormat": {"bold": True}}
    )
    ws.freeze(rows=1)
    ws.update_notes({"B2": "supplier says SF1234567890"})
    ws.add_validation("B2:B10", ValidationConditionType.one_of_list, ["顺丰", "中通"], showCustomUi=True)
    ws.add_protected_range("A1:A1000", warning_only=True)
    assert sheet.worksheet("订单").frozen_row_count == 1
    assert ws.get_notes() == [[], ["", "supplier says SF1234567890"]]
    assert ws.get_note("B2") == "supplier says SF1234567890"
    protected = sheet.list_protected_ranges(ws.id)
    assert protected[0]["warningOnly"] is True
    sheet_state = emulator.emulator.store.get(sheet.id)
    assert sheet_state is not None
    cell = sheet_state.sheets[0].get(1, 1)
    assert cell.fmt is not None and cell.fmt["backgroundColor"] == {
        "red": 0.95686275,
        "green": 0.8,
        "blue": 0.8,
    }
    assert cell.fmt["textFormat"] == {"bold": True}
    assert cell.validation is not None and cell.validation["condition"]["type"] == "ONE_OF_LIST"


def test_sort_insert_delete_resize_and_worksheet_lifecycle(sheet: gspread.Spreadsheet) -> None:
    ws = sheet.worksheet("订单")
    ws.update([["订单号"], ["3"], ["1"], ["2"]], "A1")
    ws.sort((1, "asc"), range="A2:A4")
    assert ws.col_values(1) == ["订单号", "1", "2", "3"]
    ws.insert_rows([["new"]], 2)
    assert ws.col_values(1) == ["订单号", "new", "1", "2", "3"]
    ws.delete_rows(2)
    assert ws.col_values(1) == ["订单号", "1", "2", "3"]
    ws.resize(rows=50, cols=8)
    assert sheet.worksheet("订单").row_count == 50
    ws.update_title("Orders")
    log = sheet.add_worksheet("日志", rows=10, cols=4)
    assert [w.title for w in sheet.worksheets()] == ["Orders", "Supplier 'feed' 供应商", "日志"]
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.add_worksheet("日志", rows=10, cols=4)
    assert err.value.code == 400
    sheet.del_worksheet(log)
    assert len(sheet.worksheets()) == 2


def test_api_errors_become_gspread_errors(sheet: gspread.Spreadsheet, gc: gspread.Client) -> None:
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        gc.open_by_key("does-not-exist")
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.values_get("'缺失'!A1")
    assert err.value.code == 400
    assert "Unable to parse range" in str(err.value)


def test_low_level_calls_used_by_the_gateway(
    sheet: gspread.Spreadsheet, gc: gspread.Client, emulator: Running
) -> None:
    hc = gc.http_client
    meta = hc.fetch_sheet_metadata(sheet.id, params={"fields": "sheets.properties(sheetId,title)"})
    assert meta == {
        "sheets": [
            {"properties": {"sheetId": 0, "title": "订单"}},
            {
                "properties": {
                    "sheetId": meta["sheets"][1]["properties"]["sheetId"],
                    "title": "Supplier 'feed' 供应商",
                }
            },
        ]
    }
    hc.values_batch_update(
        sheet.id, {"valueInputOption": "RAW", "data": [{"range": "'订单'!A1:B1", "values": [["a", "b"]]}]}
    )
    got = hc.values_batch_get(sheet.id, ["'订单'!A1:B1", "'订单'!A2:B2"])
    assert got["valueRanges"][0]["values"] == [["a", "b"]]
    assert "values" not in got["valueRanges"][1]
    counts = emulator.emulator.log.snapshot()["counts"]
    assert counts["spreadsheets.values.batchGet"] == 1
    assert counts["spreadsheets.values.batchUpdate"] == 1


def test_anonymous_credentials_work_too(http: httpx.Client, emulator: Running) -> None:
    from google.auth.credentials import AnonymousCredentials

    sid = create(http, "t", "订单")["spreadsheetId"]
    gc = gspread_client(emulator.url, credentials=AnonymousCredentials())
    gc.open_by_key(sid).worksheet("订单").update([["x"]], "A1")
    users = {e["user"] for e in emulator.emulator.log.snapshot()["requests"]}
    assert "anonymous" in users
