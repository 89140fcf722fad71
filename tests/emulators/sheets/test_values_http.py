"""The values API over real HTTP (httpx): shapes, RAW vs USER_ENTERED, CJK names, errors."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from emulators.sheets.server import Running

from .helpers import control, create


def vpath(sid: str, rng: str, verb: str = "") -> str:
    return f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}{verb}"


def test_create_and_metadata_shape(http: httpx.Client) -> None:
    ss = create(http, "工作台", "订单", "日志")
    sid = ss["spreadsheetId"]
    assert len(sid) == 44
    r = http.get(f"/v4/spreadsheets/{sid}", params={"includeGridData": "false"})
    assert r.status_code == 200
    meta = r.json()
    assert meta["properties"]["title"] == "工作台"
    props = [s["properties"] for s in meta["sheets"]]
    assert [(p["title"], p["index"]) for p in props] == [("订单", 0), ("日志", 1)]
    assert props[0]["sheetId"] == 0 and isinstance(props[1]["sheetId"], int)
    assert props[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    assert "data" not in meta["sheets"][0]


def test_metadata_fields_mask(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    r = http.get(f"/v4/spreadsheets/{sid}", params={"fields": "sheets.properties(sheetId,title)"})
    assert r.json() == {"sheets": [{"properties": {"sheetId": 0, "title": "订单"}}]}


def test_unknown_spreadsheet_is_404_in_google_shape(http: httpx.Client) -> None:
    r = http.get("/v4/spreadsheets/nope")
    assert r.status_code == 404
    assert r.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }


def test_update_then_get_shapes(http: httpx.Client) -> None:
    sid = create(http, "t", "Sheet1")["spreadsheetId"]
    r = http.put(
        vpath(sid, "Sheet1!A1:D4"),
        params={"valueInputOption": "RAW"},
        json={"values": [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4", "B4", "", "D4"]]},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "spreadsheetId": sid,
        "updatedRange": "Sheet1!A1:D4",
        "updatedRows": 3,
        "updatedColumns": 4,
        "updatedCells": 10,
    }
    got = http.get(vpath(sid, "Sheet1!A1:D4")).json()
    assert got == {
        "range": "Sheet1!A1:D4",
        "majorDimension": "ROWS",
        "values": [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4", "B4", "", "D4"]],
    }
    whole = http.get(vpath(sid, "Sheet1")).json()
    assert whole["range"] == "Sheet1!A1:Z1000"
    empty = http.get(vpath(sid, "Sheet1!F1:G2")).json()
    assert empty == {"range": "Sheet1!F1:G2", "majorDimension": "ROWS"}
    cols = http.get(vpath(sid, "A1:B2"), params={"majorDimension": "COLUMNS"}).json()
    assert cols["values"] == [["A1"], ["B1", "b2"]]
    assert http.get(vpath(sid, "A1:1")).json()["range"] == "Sheet1!A1:Z1"


def test_raw_keeps_formula_text_user_entered_makes_formula(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    http.put(vpath(sid, "'订单'!A1"), params={"valueInputOption": "RAW"}, json={"values": [["=1+2", "007"]]})
    http.put(
        vpath(sid, "'订单'!A2"),
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [["=1+2", "007", "'=1+2", '=IMPORTXML("x")']]},
    )
    formatted = http.get(vpath(sid, "'订单'!A1:D2")).json()["values"]
    assert formatted == [["=1+2", "007"], ["3", "7", "=1+2", "#NAME?"]]
    formulas = http.get(vpath(sid, "'订单'!A1:D2"), params={"valueRenderOption": "FORMULA"}).json()
    assert formulas["values"] == [["=1+2", "007"], ["=1+2", 7, "=1+2", '=IMPORTXML("x")']]
    cells = control(http).cells(sid, "订单")["cells"]
    stored = {(c["row"], c["col"]): c.get("formula") for c in cells}
    assert stored[(0, 0)] is None  # RAW: text, never a formula
    assert stored[(1, 0)] == "=1+2"
    assert stored[(1, 2)] is None  # the apostrophe forces text


def test_user_entered_long_digits_lose_precision_unless_text_format(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    tracking = "773123456789012345"  # 18 digits: Sheets keeps 15 significant digits
    body = {
        "requests": [
            {
                "repeatCell": {
                    "range": {"sheetId": 0, "startColumnIndex": 1, "endColumnIndex": 2},
                    "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                    "fields": "userEnteredFormat.numberFormat",
                }
            }
        ]
    }
    assert http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json=body).status_code == 200
    http.put(
        vpath(sid, "'订单'!A1"),
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [[tracking, tracking]]},
    )
    got = http.get(vpath(sid, "'订单'!A1:B1"), params={"valueRenderOption": "UNFORMATTED_VALUE"}).json()
    assert got["values"] == [[773123456789012000, tracking]]


def test_null_leaves_cell_and_empty_string_clears(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    http.put(vpath(sid, "S!A1"), params={"valueInputOption": "RAW"}, json={"values": [["a", "b", "c"]]})
    http.put(vpath(sid, "S!A1"), params={"valueInputOption": "RAW"}, json={"values": [[None, "", "C"]]})
    assert http.get(vpath(sid, "S!A1:C1")).json()["values"] == [["a", "", "C"]]


def test_batch_get_and_batch_update(http: httpx.Client) -> None:
    sid = create(http, "t", "订单", "供应商")["spreadsheetId"]
    r = http.post(
        f"/v4/spreadsheets/{sid}/values:batchUpdate",
        json={
            "valueInputOption": "RAW",
            "data": [
                {"range": "'订单'!A1:B1", "values": [["订单号", "快递单号"]]},
                {"range": "'供应商'!A2", "values": [["义乌仓"], ["深圳厂"]]},
            ],
            "includeValuesInResponse": None,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["totalUpdatedCells"] == 4 and body["totalUpdatedSheets"] == 2
    assert [x["updatedRange"] for x in body["responses"]] == ["'订单'!A1:B1", "'供应商'!A2:A3"]
    r = http.get(
        f"/v4/spreadsheets/{sid}/values:batchGet",
        params=[("ranges", "'订单'!A1:B1"), ("ranges", "供应商!A:A")],
    )
    vr = r.json()["valueRanges"]
    assert vr[0]["values"] == [["订单号", "快递单号"]]
    assert vr[1]["values"] == [[], ["义乌仓"], ["深圳厂"]]
    assert vr[1]["range"] == "'供应商'!A1:A1000"


def test_batch_update_values_is_all_or_nothing(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    r = http.post(
        f"/v4/spreadsheets/{sid}/values:batchUpdate",
        json={
            "valueInputOption": "RAW",
            "data": [
                {"range": "S!A1", "values": [["kept?"]]},
                {"range": "S!A2:A3", "values": [["x", "too wide"]]},
            ],
        },
    )
    assert r.status_code == 400
    assert "tried writing to column [B]" in r.json()["error"]["message"]
    assert "values" not in http.get(vpath(sid, "S!A1")).json()


def test_value_input_option_is_required(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    r = http.put(vpath(sid, "S!A1"), json={"values": [["x"]]})
    assert r.status_code == 400
    assert r.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_append_finds_table_and_grows_grid(http: httpx.Client) -> None:
    sid = create(http, "t", "日志")["spreadsheetId"]
    http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": 0, "gridProperties": {"rowCount": 2}},
                        "fields": "gridProperties.rowCount",
                    }
                }
            ]
        },
    )
    first = http.post(
        vpath(sid, "'日志'", ":append"),
        params={"valueInputOption": "RAW"},
        json={"values": [["时间", "事件"]]},
    )
    assert first.status_code == 200, first.text
    assert "tableRange" not in first.json()
    assert first.json()["updates"]["updatedRange"] == "'日志'!A1:B1"
    r = http.post(
        vpath(sid, "'日志'", ":append"),
        params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        json={"values": [["t1", "a"], ["t2", "b"]]},
    )
    body = r.json()
    assert body["tableRange"] == "'日志'!A1:B1"
    assert body["updates"]["updatedRange"] == "'日志'!A2:B3"
    meta = http.get(f"/v4/spreadsheets/{sid}").json()
    assert meta["sheets"][0]["properties"]["gridProperties"]["rowCount"] >= 3


def test_clear_and_batch_clear(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    http.put(
        vpath(sid, "S!A1"), params={"valueInputOption": "RAW"}, json={"values": [["a", "b"], ["c", "d"]]}
    )
    r = http.post(vpath(sid, "S!A1:A2", ":clear"))
    assert r.json() == {"spreadsheetId": sid, "clearedRange": "S!A1:A2"}
    assert http.get(vpath(sid, "S")).json()["values"] == [["", "b"], ["", "d"]]
    r = http.post(f"/v4/spreadsheets/{sid}/values:batchClear", json={"ranges": ["S!B1", "S!B2"]})
    assert r.json()["clearedRanges"] == ["S!B1", "S!B2"]
    assert "values" not in http.get(vpath(sid, "S")).json()


def test_unable_to_parse_range(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    for bad in ("'缺失'!A1", "订单!A1:B2:C3", "'订单'!", "Nope"):
        r = http.get(vpath(sid, bad))
        assert r.status_code == 400, bad
        assert r.json()["error"] == {
            "code": 400,
            "message": f"Unable to parse range: {bad}",
            "status": "INVALID_ARGUMENT",
        }


def test_write_beyond_grid_is_400(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    r = http.put(vpath(sid, "S!A1000"), params={"valueInputOption": "RAW"}, json={"values": [["x"], ["y"]]})
    assert r.status_code == 400
    assert "exceeds grid limits" in r.json()["error"]["message"]


def test_grid_data_cell_shapes(http: httpx.Client) -> None:
    sid = create(http, "t", "订单")["spreadsheetId"]
    http.put(
        vpath(sid, "'订单'!A1"),
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [["文本", "12", "=2*3", "=SUM(A1)", "TRUE"]]},
    )
    r = http.get(f"/v4/spreadsheets/{sid}", params={"includeGridData": "true", "ranges": "'订单'!A1:E1"})
    values = r.json()["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert values[0] == {
        "userEnteredValue": {"stringValue": "文本"},
        "effectiveValue": {"stringValue": "文本"},
        "formattedValue": "文本",
    }
    assert values[1]["userEnteredValue"] == {"numberValue": 12}
    assert values[2]["userEnteredValue"] == {"formulaValue": "=2*3"}
    assert values[2]["effectiveValue"] == {"numberValue": 6}
    assert values[3]["effectiveValue"]["errorValue"]["type"] == "ERROR"
    assert values[4]["formattedValue"] == "TRUE"


def test_latency_is_configurable_and_calls_still_answer(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    assert http.post("/_emulator/latency", json={"ms": 20}).json() == {"seconds": 0.02}
    assert emulator.emulator.latency == 0.02
    assert http.get(vpath(sid, "S!A1")).status_code == 200
    assert http.post("/_emulator/latency", json={"seconds": -1}).status_code == 400
    control(http).reset()
    assert emulator.emulator.latency == 0.0
    assert http.get(f"/v4/spreadsheets/{sid}").status_code == 404
