"""spreadsheets:batchUpdate over HTTP: request types, replies, atomicity, unsupported types."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from emulators.sheets.server import Running

from .helpers import control, create


def batch(http: httpx.Client, sid: str, *requests: dict[str, Any]) -> httpx.Response:
    return http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": list(requests)})


def cells(http: httpx.Client, sid: str, sheet: str) -> dict[tuple[int, int], dict[str, Any]]:
    data = control(http).cells(sid, sheet)
    return {(c["row"], c["col"]): c for c in data["cells"]}


def put(http: httpx.Client, sid: str, rng: str, values: list[list[Any]]) -> None:
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}",
        params={"valueInputOption": "RAW"},
        json={"values": values},
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    "kind", ["updateBorders", "createDeveloperMetadata", "autoFill", "insertComment", "addCommentReply"]
)
def test_unsupported_request_type_is_400_never_ignored(http: httpx.Client, kind: str) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    put(http, sid, "'订单'!A1", [["before"]])
    r = batch(
        http,
        sid,
        {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "renamed"}, "fields": "title"}},
        {kind: {}},
    )
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["status"] == "INVALID_ARGUMENT"
    assert err["message"].startswith(f"Invalid requests[1].{kind}:")
    # all or nothing: the rename before it was rolled back
    titles = [s["properties"]["title"] for s in http.get(f"/v4/spreadsheets/{sid}").json()["sheets"]]
    assert titles == ["订单"]


def test_unknown_request_name_is_400(http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    r = batch(http, sid, {"frobnicate": {}})
    assert r.status_code == 400
    assert 'Unknown name "frobnicate"' in r.json()["error"]["message"]


def test_add_sheet_reply_and_duplicate_title(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {"addSheet": {"properties": {"title": "日志", "gridProperties": {"rowCount": 50, "columnCount": 8}}}},
    )
    props = r.json()["replies"][0]["addSheet"]["properties"]
    assert props["title"] == "日志" and props["index"] == 1
    assert props["gridProperties"] == {"rowCount": 50, "columnCount": 8}
    r = batch(http, sid, {"addSheet": {"properties": {"title": "日志"}}})
    assert r.status_code == 400
    assert 'A sheet with the name "日志" already exists' in r.json()["error"]["message"]
    r = batch(http, sid, {"deleteSheet": {"sheetId": props["sheetId"]}}, {"deleteSheet": {"sheetId": 0}})
    assert r.status_code == 400  # the last sheet cannot go; the first delete is rolled back too
    assert len(http.get(f"/v4/spreadsheets/{sid}").json()["sheets"]) == 2


def test_frozen_rows_column_widths_and_grid_data(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties/frozenRowCount",
            }
        },
        {
            "updateDimensionProperties": {
                "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 2},
                "properties": {"pixelSize": 160},
                "fields": "pixelSize",
            }
        },
    )
    assert r.json() == {"spreadsheetId": sid, "replies": [{}, {}]}
    meta = http.get(
        f"/v4/spreadsheets/{sid}", params={"includeGridData": "true", "ranges": "'订单'!A1:C1"}
    ).json()
    sheet = meta["sheets"][0]
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert [c["pixelSize"] for c in sheet["data"][0]["columnMetadata"]] == [160, 160, 100]


def test_repeat_cell_colours_and_clearing_by_mask(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    red = {"red": 0.96, "green": 0.8, "blue": 0.8}
    batch(
        http,
        sid,
        {
            "repeatCell": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 4,
                    "endRowIndex": 5,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                },
                "cell": {"userEnteredFormat": {"backgroundColor": red, "textFormat": {"bold": True}}},
                "fields": "userEnteredFormat(backgroundColor,textFormat)",
            }
        },
    )
    c = cells(http, sid, "订单")
    assert set(c) == {(4, 0), (4, 1)}
    assert c[(4, 0)]["fmt"]["backgroundColorStyle"] == {
        "rgbColor": {"red": 0.95686275, "green": 0.8, "blue": 0.8}
    }
    # mask names backgroundColor, body lacks it: cleared; bold untouched
    batch(
        http,
        sid,
        {
            "repeatCell": {
                "range": {"sheetId": 0, "startRowIndex": 4, "endRowIndex": 5},
                "cell": {"userEnteredFormat": {}},
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
    )
    c = cells(http, sid, "订单")
    assert c[(4, 0)]["fmt"] == {"textFormat": {"bold": True}}


def test_update_cells_notes_and_values(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    batch(
        http,
        sid,
        {
            "updateCells": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 4,
                    "endRowIndex": 5,
                    "startColumnIndex": 9,
                    "endColumnIndex": 10,
                },
                "rows": [{"values": [{"note": "supplier says SF1234567890"}]}],
                "fields": "note",
            }
        },
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "=not a formula"}}]}],
                "fields": "userEnteredValue",
            }
        },
    )
    r = http.get(
        f"/v4/spreadsheets/{sid}",
        params={"fields": "sheets.data.rowData.values.note", "ranges": "'订单'!J5:J6"},
    )
    assert r.json() == {
        "sheets": [{"data": [{"rowData": [{"values": [{"note": "supplier says SF1234567890"}]}]}]}]
    }
    none = http.get(
        f"/v4/spreadsheets/{sid}", params={"fields": "sheets.data.rowData.values.note", "ranges": "'订单'!A1"}
    )
    assert none.json() == {"sheets": [{"data": [{}]}]}
    c = cells(http, sid, "订单")
    assert c[(0, 0)]["value"] == "=not a formula" and "formula" not in c[(0, 0)]


def test_data_validation_dropdowns(http: httpx.Client) -> None:
    sid = create(http, "t", "订单", "供应商")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {
            "setDataValidation": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 3,
                    "startColumnIndex": 6,
                    "endColumnIndex": 7,
                },
                "rule": {
                    "condition": {
                        "type": "ONE_OF_LIST",
                        "values": [{"userEnteredValue": "顺丰"}, {"userEnteredValue": "中通"}],
                    },
                    "strict": True,
                    "showCustomUi": True,
                },
            }
        },
        {
            "setDataValidation": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 3,
                    "startColumnIndex": 4,
                    "endColumnIndex": 5,
                },
                "rule": {
                    "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='供应商'!A2:A"}]}
                },
            }
        },
    )
    assert r.status_code == 200, r.text
    c = cells(http, sid, "订单")
    assert c[(1, 6)]["validation"]["condition"]["type"] == "ONE_OF_LIST"
    assert c[(2, 4)]["validation"]["condition"]["type"] == "ONE_OF_RANGE"
    bad = batch(
        http,
        sid,
        {"setDataValidation": {"range": {"sheetId": 0}, "rule": {"condition": {"type": "ONE_OF_THINGS"}}}},
    )
    assert bad.status_code == 400


def test_protected_range_reply_and_metadata(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                    "description": "system column",
                    "warningOnly": True,
                    "editors": None,
                }
            }
        },
    )
    pr = r.json()["replies"][0]["addProtectedRange"]["protectedRange"]
    assert isinstance(pr["protectedRangeId"], int) and pr["warningOnly"] is True
    meta = http.get(f"/v4/spreadsheets/{sid}", params={"fields": "sheets.protectedRanges"}).json()
    assert meta["sheets"][0]["protectedRanges"][0]["description"] == "system column"


def test_insert_delete_rows_move_formats_and_shift_ranges(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    put(http, sid, "'订单'!A1", [["h"], ["r2"], ["r3"]])
    batch(
        http,
        sid,
        {
            "repeatCell": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 2,
                    "endRowIndex": 3,
                    "startColumnIndex": 0,
                    "endColumnIndex": 1,
                },
                "cell": {"note": "n3"},
                "fields": "note",
            }
        },
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3},
                    "warningOnly": True,
                }
            }
        },
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}}},
    )
    c = cells(http, sid, "订单")
    assert c[(3, 0)]["value"] == "r2" and c[(4, 0)]["note"] == "n3"
    meta = http.get(f"/v4/spreadsheets/{sid}").json()["sheets"][0]
    assert meta["properties"]["gridProperties"]["rowCount"] == 1002
    assert meta["protectedRanges"][0]["range"]["startRowIndex"] == 4
    batch(
        http,
        sid,
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 4}}},
    )
    c = cells(http, sid, "订单")
    assert c[(1, 0)]["value"] == "r3" and c[(1, 0)]["note"] == "n3"


def test_sort_range_blanks_last_and_formats_follow(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    put(http, sid, "'订单'!A1", [["订单号", "状态"], ["3", "c"], ["", "blank"], ["1", "a"], ["2", "b"]])
    batch(
        http,
        sid,
        {
            "repeatCell": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 3,
                    "endRowIndex": 4,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                },
                "cell": {"userEnteredFormat": {"backgroundColor": {"red": 1}}},
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
        {
            "sortRange": {
                "range": {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2},
                "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}],
            }
        },
    )
    r = http.get(f"/v4/spreadsheets/{sid}/values/{quote(chr(39) + '订单' + chr(39), safe='')}")
    assert r.json()["values"] == [["订单号", "状态"], ["3", "c"], ["2", "b"], ["1", "a"], ["", "blank"]]
    c = cells(http, sid, "订单")
    assert c[(3, 1)]["fmt"]["backgroundColor"] == {"red": 1.0}  # row "1, a" moved with its colour


def test_conditional_format_rule_stored_and_listed(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    rule = {
        "ranges": [{"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 12}],
        "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": '=$I2="不一致"'}]},
            "format": {"backgroundColor": {"red": 0.96, "green": 0.8, "blue": 0.8}},
        },
    }
    assert batch(http, sid, {"addConditionalFormatRule": {"index": 0, "rule": rule}}).status_code == 200
    meta = http.get(
        f"/v4/spreadsheets/{sid}", params={"fields": "sheets(properties.title,conditionalFormats)"}
    ).json()
    got = meta["sheets"][0]["conditionalFormats"][0]
    assert got["booleanRule"]["condition"]["values"] == [{"userEnteredValue": '=$I2="不一致"'}]


def _string_rows(*rows: list[str]) -> list[dict[str, Any]]:
    return [{"values": [{"userEnteredValue": {"stringValue": v}} for v in row]} for row in rows]


def test_append_cells_goes_after_the_last_value_and_grows_the_grid(http: httpx.Client) -> None:
    made = create(http, "t", "日志")
    sid = made["spreadsheetId"]
    sheet_id = made["sheets"][0]["properties"]["sheetId"]
    rows_before = made["sheets"][0]["properties"]["gridProperties"]["rowCount"]
    put(http, sid, "'日志'!A1:B2", [["时间", "操作"], ["t1", "push"]])
    r = batch(
        http,
        sid,
        {
            "appendCells": {
                "sheetId": sheet_id,
                "rows": _string_rows(["t2", "=1+1"]),
                "fields": "userEnteredValue",
            }
        },
    )
    assert r.status_code == 200, r.text
    got = cells(http, sid, "日志")
    assert got[(2, 0)]["value"] == "t2" and got[(2, 1)]["value"] == "=1+1"  # a stringValue is never a formula
    many = _string_rows(*[[f"r{i}", "x"] for i in range(rows_before)])
    assert (
        batch(
            http, sid, {"appendCells": {"sheetId": sheet_id, "rows": many, "fields": "userEnteredValue"}}
        ).status_code
        == 200
    )
    meta = http.get(f"/v4/spreadsheets/{sid}").json()
    assert meta["sheets"][0]["properties"]["gridProperties"]["rowCount"] >= rows_before + 3


def test_append_cells_needs_fields_and_a_real_sheet(http: httpx.Client) -> None:
    sid = create(http, "t", "日志")["spreadsheetId"]
    assert batch(http, sid, {"appendCells": {"sheetId": 0, "rows": _string_rows(["a"])}}).status_code == 400
    assert (
        batch(
            http,
            sid,
            {"appendCells": {"sheetId": 987654, "rows": _string_rows(["a"]), "fields": "userEnteredValue"}},
        ).status_code
        == 400
    )
