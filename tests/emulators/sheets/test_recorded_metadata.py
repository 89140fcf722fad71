"""spreadsheets.get and batchUpdate answers checked against the real API's recorded answers.

Each expected value below is what Google answered in gspread's recorded interactions with the real
Sheets API (its test cassettes, named per test) or what Google's reference documents; the emulator
must give the same answer to the same request.
"""

from __future__ import annotations

from typing import Any

import gspread
import httpx
import pytest

from emulators.sheets.server import Running

from .helpers import control, create, gspread_client


def batch(http: httpx.Client, sid: str, *requests: dict[str, Any]) -> httpx.Response:
    return http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": list(requests)})


def sheets_of(http: httpx.Client, sid: str) -> list[dict[str, Any]]:
    return http.get(f"/v4/spreadsheets/{sid}").json()["sheets"]  # type: ignore[no-any-return]


# --- access: 404 for no such spreadsheet, 403 for one not shared with the caller ----------------


def test_a_spreadsheet_not_shared_with_the_caller_is_403_and_a_missing_one_404(
    emulator: Running, http: httpx.Client
) -> None:
    # ClientTest.test_access_private_spreadsheet: 403 {"code": 403, "message": "The caller does not
    # have permission", "status": "PERMISSION_DENIED"}; gspread raises PermissionError on it.
    control(http).create_spreadsheet("private-1", properties={"title": "p"}, shared_with=["sa-token"])
    denied = http.get("/v4/spreadsheets/private-1")  # the fixture's caller is "test-token"
    assert denied.status_code == 403
    assert denied.json() == {
        "error": {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    }
    assert (
        http.post("/v4/spreadsheets/private-1/values:batchClear", json={"ranges": ["A1"]}).status_code == 403
    )
    with pytest.raises(PermissionError):
        gspread_client(emulator.url, token="someone-else").open_by_key("private-1")
    # the caller it is shared with reads it
    assert gspread_client(emulator.url, token="sa-token").open_by_key("private-1").title == "p"
    # a spreadsheet ID that does not exist stays 404 (gspread: SpreadsheetNotFound)
    assert http.get("/v4/spreadsheets/no-such-id").status_code == 404
    with pytest.raises(gspread.SpreadsheetNotFound):
        gspread_client(emulator.url).open_by_key("no-such-id")


def test_sharing_can_be_changed_and_opened_to_every_caller(emulator: Running, http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    assert control(http).sharing(sid) is None
    control(http).share(sid, ["anonymous"])
    assert http.get(f"/v4/spreadsheets/{sid}").status_code == 403
    assert httpx.get(f"{emulator.url}/v4/spreadsheets/{sid}").status_code == 200  # no token = anonymous
    control(http).share(sid, None)
    assert http.get(f"/v4/spreadsheets/{sid}").status_code == 200


# --- the spreadsheet's properties and partial answers -----------------------------------------


def test_new_spreadsheet_carries_the_full_default_format_and_the_theme(http: httpx.Client) -> None:
    # Every spreadsheets.get of a new spreadsheet in the cassettes (e.g. CellTest.test_define_named_range).
    props = http.get(f"/v4/spreadsheets/{create(http, 't')['spreadsheetId']}").json()["properties"]
    assert props["defaultFormat"] == {
        "backgroundColor": {"red": 1, "green": 1, "blue": 1},
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {
            "foregroundColor": {},
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "foregroundColorStyle": {"rgbColor": {}},
        },
        "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
    }
    theme = props["spreadsheetTheme"]
    assert theme["primaryFontFamily"] == "Arial"
    assert [c["colorType"] for c in theme["themeColors"]] == [
        "TEXT", "BACKGROUND", "ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5", "ACCENT6", "LINK",
    ]  # fmt: skip
    assert theme["themeColors"][0]["color"] == {"rgbColor": {}}
    assert theme["themeColors"][2]["color"] == {
        "rgbColor": {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}
    }


def test_a_field_mask_keeps_empty_objects(http: httpx.Client) -> None:
    # WorksheetTest.test_clear_tab_color: GET ?fields=sheets.properties.tabColorStyle with no tab
    # colour answers {"sheets": [{"properties": {}}]}, before and after the colour is set and cleared.
    sid = create(http, "t")["spreadsheetId"]
    masked = {"fields": "sheets.properties.tabColorStyle"}
    assert http.get(f"/v4/spreadsheets/{sid}", params=masked).json() == {"sheets": [{"properties": {}}]}
    style = {"rgbColor": {"red": 1, "green": 0, "blue": 0.5}}
    r = batch(
        http,
        sid,
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "tabColorStyle": style},
                "fields": "tabColorStyle",
            }
        },
    )
    assert r.status_code == 200, r.text
    # recorded: {"rgbColor": {"red": 1, "blue": 0.49803922}} (8 bits per channel; see the README)
    got = http.get(f"/v4/spreadsheets/{sid}", params=masked).json()["sheets"][0]["properties"][
        "tabColorStyle"
    ]
    assert set(got["rgbColor"]) == {"red", "blue"} and abs(got["rgbColor"]["blue"] - 0.49803922) < 1.5 / 255
    cleared = {"sheetId": 0, "tabColorStyle": {"rgbColor": None}}
    batch(http, sid, {"updateSheetProperties": {"properties": cleared, "fields": "tabColorStyle"}})
    assert http.get(f"/v4/spreadsheets/{sid}", params=masked).json() == {"sheets": [{"properties": {}}]}
    # with nothing named there at all, the answer is empty (CellTest.test_delete_named_range: {})
    assert http.get(f"/v4/spreadsheets/{sid}", params={"fields": "namedRanges"}).json() == {}


# --- sheets, filters, protection ------------------------------------------------------------


def test_the_last_visible_sheet_cannot_be_hidden(http: httpx.Client) -> None:
    # WorksheetTest.test_hide_show_worksheet: 400 "Invalid requests[0].updateSheetProperties: You
    # can't hide all the sheets in a document."; with a second sheet, that one hides and shows.
    sid = create(http, "t")["spreadsheetId"]
    hide0 = {"updateSheetProperties": {"properties": {"sheetId": 0, "hidden": True}, "fields": "hidden"}}
    r = batch(http, sid, hide0)
    assert r.status_code == 400
    assert r.json()["error"] == {
        "code": 400,
        "message": "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document.",
        "status": "INVALID_ARGUMENT",
    }
    added = batch(http, sid, {"addSheet": {"properties": {"title": "you cannot see me"}}}).json()
    other = added["replies"][0]["addSheet"]["properties"]["sheetId"]
    hide = {"updateSheetProperties": {"properties": {"sheetId": other, "hidden": True}, "fields": "hidden"}}
    assert batch(http, sid, hide).status_code == 200
    assert batch(http, sid, hide0).status_code == 400  # sheet 0 is now the last visible one
    assert [s["properties"].get("hidden", False) for s in sheets_of(http, sid)] == [False, True]


def test_basic_filter_range_has_explicit_bounds_and_no_sheet_id_0(http: httpx.Client) -> None:
    # WorksheetTest.test_basic_filters: setBasicFilter {"range": {"sheetId": 0}} on a 20x20 sheet
    # reads back {"range": {"startRowIndex": 0, "endRowIndex": 20, "startColumnIndex": 0,
    # "endColumnIndex": 20}}; a bounded one keeps its bounds, without sheetId.
    sid = create(http, "t")["spreadsheetId"]
    size = {"sheetId": 0, "gridProperties": {"rowCount": 20, "columnCount": 20}}
    resize = {"properties": size, "fields": "gridProperties/rowCount,gridProperties/columnCount"}
    batch(http, sid, {"updateSheetProperties": resize})
    batch(http, sid, {"setBasicFilter": {"filter": {"range": {"sheetId": 0}}}})
    assert sheets_of(http, sid)[0]["basicFilter"] == {
        "range": {"startRowIndex": 0, "endRowIndex": 20, "startColumnIndex": 0, "endColumnIndex": 20}
    }
    bounded = {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 1, "endColumnIndex": 3, "sheetId": 0}
    batch(http, sid, {"setBasicFilter": {"filter": {"range": bounded}}})
    assert sheets_of(http, sid)[0]["basicFilter"] == {
        "range": {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 1, "endColumnIndex": 3}
    }
    batch(http, sid, {"clearBasicFilter": {"sheetId": 0}})
    assert "basicFilter" not in sheets_of(http, sid)[0]


@pytest.mark.parametrize("warning_only", [False, True])
def test_protected_range_lists_the_creator_and_omits_warning_only_false(
    http: httpx.Client, warning_only: bool
) -> None:
    # WorksheetTest.test_add_protected_range_normal / _warning: the reply echoes editors as sent
    # ({}), the sheet lists the creator (the caller) in editors.users, warning-only or not, and
    # "warningOnly" appears only when true.
    sid = create(http, "t")["spreadsheetId"]
    rng = {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2, "sheetId": 0}
    body = {
        "range": rng,
        "description": None,
        "warningOnly": warning_only,
        "requestingUserCanEdit": False,
        "editors": None if warning_only else {"users": [], "groups": []},
    }
    r = batch(http, sid, {"addProtectedRange": {"protectedRange": body}})
    assert r.status_code == 200, r.text
    reply = r.json()["replies"][0]["addProtectedRange"]["protectedRange"]
    pid = reply["protectedRangeId"]
    bounds = {k: v for k, v in rng.items() if k != "sheetId"}
    expected_reply = {"protectedRangeId": pid, "range": bounds, "requestingUserCanEdit": True, "editors": {}}
    if warning_only:
        expected_reply["warningOnly"] = True
    assert reply == expected_reply
    listed = sheets_of(http, sid)[0]["protectedRanges"]
    expected = {**expected_reply, "editors": {"users": ["test-token@emulator.invalid"]}}
    assert listed == [expected]


def test_colours_read_back_truncated_to_8_bits_as_float32() -> None:
    # gspread cassettes: a tab colour written with blue 0.5 reads back 0.49803922 (127/255); theme
    # colours read 0.9843137 (251/255) and 0.25882354 (66/255); 0.8 (204/255) stays 0.8.
    from emulators.sheets.cellvalues import quantize_color

    assert quantize_color({"red": 1, "green": 0, "blue": 0.5}) == {"red": 1.0, "blue": 0.49803922}
    assert quantize_color({"red": 251 / 255, "green": 66 / 255, "blue": 0.8}) == {
        "red": 0.9843137,
        "green": 0.25882354,
        "blue": 0.8,
    }
