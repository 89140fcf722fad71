"""The values API where it differs from a naive reading of the docs, written from recorded real answers
(issue 15): where ``values.append`` finds its table, what USER_ENTERED makes of dates, percentages and
currency, and how ``values:batchUpdate`` totals its columns."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest


def _create(http: httpx.Client, locale: str = "en_US") -> str:
    body = {"properties": {"title": "t", "locale": locale}, "sheets": [{"properties": {"title": "Sheet1"}}]}
    r = http.post("/v4/spreadsheets", json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["spreadsheetId"])


def _path(sid: str, rng: str, verb: str = "") -> str:
    return f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}{verb}"


def _append(http: httpx.Client, sid: str, rng: str, values: list[list[Any]], **params: str) -> dict[str, Any]:
    r = http.post(
        _path(sid, rng, ":append"), params={"valueInputOption": "RAW", **params}, json={"values": values}
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _put(http: httpx.Client, sid: str, rng: str, values: list[list[Any]], option: str = "RAW") -> None:
    r = http.put(_path(sid, rng), params={"valueInputOption": option}, json={"values": values})
    assert r.status_code == 200, r.text


def _get(http: httpx.Client, sid: str, rng: str, **params: str) -> list[list[Any]]:
    r = http.get(_path(sid, rng), params=params)
    assert r.status_code == 200, r.text
    return r.json().get("values", [])  # type: ignore[no-any-return]


# --- values.append: the table -------------------------------------------------------------------


def test_recorded_second_append_after_a_gapped_row_starts_at_its_last_block(http: httpx.Client) -> None:
    sid = _create(http)
    first = _append(http, sid, "Sheet1", [["x", "", "y"]])
    assert "tableRange" not in first
    assert first["updates"]["updatedRange"] == "Sheet1!A1:C1"
    second = _append(http, sid, "Sheet1", [["x", "", "y"]])
    assert second["tableRange"] == "Sheet1!C1"
    assert second["updates"]["updatedRange"] == "Sheet1!C2:E2"
    # and again (gspread issue 537: each append starts one gap further right)
    third = _append(http, sid, "Sheet1", [["x", "", "y"]])
    assert third["tableRange"] == "Sheet1!E2"
    assert third["updates"]["updatedRange"] == "Sheet1!E3:G3"


def test_the_table_is_the_block_around_the_last_value(http: httpx.Client) -> None:
    """gspread issue 603: a first row filled at A:C, F, H and J; the table found is J1."""
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["a", "b", "c", "", "", "f", "", "h", "", "j"]])
    answer = _append(http, sid, "Sheet1", [["1", "2"]])
    assert answer["tableRange"] == "Sheet1!J1"
    assert answer["updates"]["updatedRange"] == "Sheet1!J2:K2"


def test_a_full_header_holds_rows_with_blank_first_cells_in_one_table(http: httpx.Client) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["h1", "h2", "h3"], ["", "b2", "c2"], ["", "", "c3"]])
    answer = _append(http, sid, "Sheet1", [["n1", "n2", "n3"]])
    assert answer["tableRange"] == "Sheet1!A1:C3"
    assert answer["updates"]["updatedRange"] == "Sheet1!A4:C4"


def test_an_empty_row_cuts_the_table_and_an_empty_first_column_moves_the_append(http: httpx.Client) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["h1", "h2", "h3"], ["a2", "b2", "c2"], [], ["", "b4", "c4"]])
    whole = _append(http, sid, "Sheet1", [["n1", "n2"]])
    assert whole["tableRange"] == "Sheet1!B4:C4"
    assert whole["updates"]["updatedRange"] == "Sheet1!B5:C5"
    # From A1 the table is the block holding A1: the append fills the empty row 3.
    from_a1 = _append(http, sid, "Sheet1!A1", [["m1", "m2", "m3"]])
    assert from_a1["tableRange"] == "Sheet1!A1:C2"
    assert from_a1["updates"]["updatedRange"] == "Sheet1!A3:C3"
    assert _get(http, sid, "Sheet1") == [
        ["h1", "h2", "h3"],
        ["a2", "b2", "c2"],
        ["m1", "m2", "m3"],
        ["", "b4", "c4"],
        ["", "n1", "n2"],
    ]


def test_a_one_column_range_appends_from_the_tables_first_column(http: httpx.Client) -> None:
    """gspread issue 689, google-api-nodejs-client issue 1235: the table reaches left of the range."""
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["h1", "h2", "h3"], ["a2", "b2", "c2"]])
    answer = _append(http, sid, "Sheet1!C2:C", [["z"]])
    assert answer["tableRange"] == "Sheet1!A1:C2"
    assert answer["updates"]["updatedRange"] == "Sheet1!A3"


def test_a_range_with_no_value_inside_takes_the_values_at_its_top_left(http: httpx.Client) -> None:
    """gspread's insert_rows appends to A<row> of the rows it just inserted, with data above and
    below: the values land in that row."""
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["h1", "h2"], ["a2", "b2"], [], ["a4", "b4"]])
    answer = _append(http, sid, "Sheet1!A3", [["a3", "b3"]], insertDataOption="INSERT_ROWS")
    assert "tableRange" not in answer
    assert answer["updates"]["updatedRange"] == "Sheet1!A3:B3"
    assert _get(http, sid, "Sheet1") == [["h1", "h2"], ["a2", "b2"], ["a3", "b3"], [], ["a4", "b4"]]


# --- values:batchUpdate totals -------------------------------------------------------------------


def test_batch_update_total_columns_is_the_widest_range(http: httpx.Client) -> None:
    sid = _create(http)
    r = http.post(
        f"/v4/spreadsheets/{sid}/values:batchUpdate",
        json={
            "valueInputOption": "RAW",
            "data": [
                {"range": "Sheet1!A1", "values": [["a", "b"]]},
                {"range": "Sheet1!D5", "values": [["d", "e", "f"], ["g", "h", "i"]]},
            ],
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["totalUpdatedColumns"] == 3
    assert body["totalUpdatedRows"] == 3
    assert body["totalUpdatedCells"] == 8


# --- USER_ENTERED: dates, percentages, currency --------------------------------------------------


def _number_format(http: httpx.Client, sid: str, cell: str) -> Any:
    r = http.get(f"/v4/spreadsheets/{sid}", params={"includeGridData": "true", "ranges": f"Sheet1!{cell}"})
    value = r.json()["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    return value.get("userEnteredFormat", {}).get("numberFormat"), value.get("formattedValue")


@pytest.mark.parametrize(
    ("typed", "number", "shown", "kind"),
    [
        ("2020-01-01", 43831, "2020-01-01", "DATE"),
        ("1/2/2020", 43832, "1/2/2020", "DATE"),
        ("50%", 0.5, "50%", "PERCENT"),
        ("12.5%", 0.125, "12.50%", "PERCENT"),
        ("$1,234.50", 1234.5, "$1,234.50", "CURRENCY"),
        ("-$5", -5, "-$5.00", "CURRENCY"),
        ("1,234", 1234, "1,234", "NUMBER"),
    ],
)
def test_user_entered_reads_typed_numbers_and_sets_their_format(
    http: httpx.Client, typed: str, number: float, shown: str, kind: str
) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [[typed]], option="USER_ENTERED")
    assert _get(http, sid, "Sheet1!A1", valueRenderOption="UNFORMATTED_VALUE") == [[number]]
    assert _get(http, sid, "Sheet1!A1") == [[shown]]
    number_format, formatted = _number_format(http, sid, "A1")
    assert number_format["type"] == kind
    assert formatted == shown


def test_dates_come_as_text_with_formatted_string_even_unformatted(http: httpx.Client) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["2020-01-01", "50%"]], option="USER_ENTERED")
    got = _get(
        http, sid, "Sheet1!A1:B1", valueRenderOption="FORMULA", dateTimeRenderOption="FORMATTED_STRING"
    )
    assert got == [["2020-01-01", 0.5]]
    assert _get(http, sid, "Sheet1!A1:B1", valueRenderOption="FORMULA") == [[43831, 0.5]]


def test_yen_is_currency_in_a_chinese_sheet_and_text_in_an_english_one(http: httpx.Client) -> None:
    zh = _create(http, "zh_CN")
    _put(http, zh, "Sheet1!A1", [["¥12", "￥3.5"]], option="USER_ENTERED")
    assert _get(http, zh, "Sheet1!A1:B1", valueRenderOption="UNFORMATTED_VALUE") == [[12, 3.5]]
    assert _get(http, zh, "Sheet1!A1:B1") == [["¥12.00", "¥3.50"]]
    en = _create(http, "en_US")
    _put(http, en, "Sheet1!A1", [["¥12", "3/4/2020"]], option="USER_ENTERED")
    assert _get(http, en, "Sheet1!A1:B1", valueRenderOption="UNFORMATTED_VALUE") == [["¥12", 43894]]
    _put(http, zh, "Sheet1!C1", [["3/4/2020", "2020/3/4"]], option="USER_ENTERED")
    assert _get(http, zh, "Sheet1!C1:D1", valueRenderOption="UNFORMATTED_VALUE") == [["3/4/2020", 43894]]


def test_raw_and_text_cells_keep_typed_dates_as_text(http: httpx.Client) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["2020-01-01", "50%"]], option="RAW")
    assert _get(http, sid, "Sheet1!A1:B1", valueRenderOption="UNFORMATTED_VALUE") == [["2020-01-01", "50%"]]
    http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={
            "requests": [
                {
                    "repeatCell": {
                        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2},
                        "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            ]
        },
    ).raise_for_status()
    _put(http, sid, "Sheet1!A2", [["2020-01-01", "$5"]], option="USER_ENTERED")
    assert _get(http, sid, "Sheet1!A2:B2", valueRenderOption="UNFORMATTED_VALUE") == [["2020-01-01", "$5"]]


def test_a_cell_with_a_number_format_keeps_it(http: httpx.Client) -> None:
    sid = _create(http)
    _put(http, sid, "Sheet1!A1", [["50%"]], option="USER_ENTERED")
    _put(http, sid, "Sheet1!A1", [["$2"]], option="USER_ENTERED")
    assert _get(http, sid, "Sheet1!A1", valueRenderOption="UNFORMATTED_VALUE") == [[2]]
    assert _get(http, sid, "Sheet1!A1") == [["200%"]]
