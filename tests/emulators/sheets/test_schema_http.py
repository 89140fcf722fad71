"""Requests Google's schema refuses are refused here too, with Google's answer (400 INVALID_ARGUMENT).

The expected messages are Google's as recorded in public bug reports (quoted next to each test);
where no recording was found, the closest form seen is used and the test says so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from emulators.sheets import __main__ as main_module
from emulators.sheets import schema
from emulators.sheets.server import Running

from .helpers import control, create

BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"


def refused(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 400, r.text
    err: dict[str, Any] = r.json()["error"]
    assert err["code"] == 400 and err["status"] == "INVALID_ARGUMENT"
    assert err["details"][0]["@type"] == BAD_REQUEST
    return err


def violations(err: dict[str, Any]) -> list[dict[str, Any]]:
    return err["details"][0]["fieldViolations"]  # type: ignore[no-any-return]


def batch(http: httpx.Client, sid: str, *requests: Any) -> httpx.Response:
    return http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": list(requests)})


def a1_value(http: httpx.Client, sid: str, rng: str) -> Any:
    got = http.get(f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}").json()
    return got.get("values", [[None]])[0][0]


def test_misspelt_field_inside_a_batch_update_request(http: httpx.Client) -> None:
    # Recorded (google-api-nodejs-client#597): Invalid JSON payload received. Unknown name
    # "inherit_before" at 'requests[0].insert_dimension': Cannot find field.
    sid = create(http, "t", "订单")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "改名"}, "fields": "title"}},
        {"repeatCell": {"range": {"sheetId": 0}, "cell": {}, "feilds": "userEnteredFormat"}},
    )
    err = refused(r)
    message = (
        "Invalid JSON payload received. Unknown name \"feilds\" at 'requests[1].repeat_cell': "
        "Cannot find field."
    )
    assert err["message"] == message
    assert violations(err) == [{"field": "requests[1].repeat_cell", "description": message}]
    # refused before anything ran: the rename in requests[0] did not happen
    titles = [s["properties"]["title"] for s in http.get(f"/v4/spreadsheets/{sid}").json()["sheets"]]
    assert titles == ["订单"]


def test_unknown_name_deep_inside_cells(http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {
            "updateCells": {
                "start": {"sheetId": 0},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}, "userEnteredFromat": {}}]}],
                "fields": "userEnteredValue",
            }
        },
    )
    err = refused(r)
    assert err["message"] == (
        'Invalid JSON payload received. Unknown name "userEnteredFromat" at '
        "'requests[0].update_cells.rows[0].values[0]': Cannot find field."
    )


def test_every_unknown_name_in_one_answer(http: httpx.Client) -> None:
    # Recorded (google-api-dotnet-client#2161): two unknown names, one message per line.
    sid = create(http, "t")["spreadsheetId"]
    body = {
        "valueInputOption": "RAW",
        "data": [{"range": "Sheet1!A1", "value": [["a"]], "majorDimention": "ROWS"}],
    }
    err = refused(http.post(f"/v4/spreadsheets/{sid}/values:batchUpdate", json=body))
    assert err["message"].split("\n") == [
        "Invalid JSON payload received. Unknown name \"value\" at 'data[0]': Cannot find field.",
        "Invalid JSON payload received. Unknown name \"majorDimention\" at 'data[0]': Cannot find field.",
    ]
    assert [v["field"] for v in violations(err)] == ["data[0]", "data[0]"]


def test_unknown_top_level_field_of_a_values_body(http: httpx.Client) -> None:
    # Recorded (Google front ends): a top-level unknown name has no "at '...'" clause and its
    # fieldViolation no "field". valueInputOption is a query parameter of values.update, not a
    # ValueRange field.
    sid = create(http, "t")["spreadsheetId"]
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/Sheet1!A1",
        params={"valueInputOption": "RAW"},
        json={"valueInputOption": "RAW", "values": [["x"]]},
    )
    err = refused(r)
    message = 'Invalid JSON payload received. Unknown name "valueInputOption": Cannot find field.'
    assert err["message"] == message
    assert violations(err) == [{"description": message}]
    assert a1_value(http, sid, "Sheet1!A1") is None


def test_unknown_field_in_a_create_body(http: httpx.Client) -> None:
    r = http.post("/v4/spreadsheets", json={"properties": {"tittle": "工作台"}})
    assert refused(r)["message"] == (
        "Invalid JSON payload received. Unknown name \"tittle\" at 'properties': Cannot find field."
    )
    assert control(http).spreadsheets() == []


def test_wrong_enum_value_in_a_body(http: httpx.Client) -> None:
    # Recorded form (Sheets, addChart): Invalid value at 'requests[0].add_chart.chart.spec.pie_chart
    # .legend_position' (type.googleapis.com/google.apps.sheets.v4.PieChartSpec.PieChartLegendPosition),
    # "NONE". The enum's proto type name is not in the discovery document: the emulator names it
    # after the field (right for Dimension here).
    sid = create(http, "t")["spreadsheetId"]
    r = batch(
        http,
        sid,
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROW", "startIndex": 0, "endIndex": 1}}},
    )
    err = refused(r)
    assert err["message"] == (
        "Invalid value at 'requests[0].insert_dimension.range.dimension' "
        '(type.googleapis.com/google.apps.sheets.v4.Dimension), "ROW"'
    )
    assert violations(err)[0]["field"] == "requests[0].insert_dimension.range.dimension"


def test_wrong_enum_value_in_a_query_parameter(http: httpx.Client) -> None:
    # Recorded (NestGoogleSheetConnector#6): Invalid value at 'value_input_option'
    # (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "USER_ENTER"
    sid = create(http, "t")["spreadsheetId"]
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/Sheet1!A1",
        params={"valueInputOption": "USER_ENTER"},
        json={"values": [["1"]]},
    )
    assert refused(r)["message"] == (
        "Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "
        '"USER_ENTER"'
    )
    r = http.get(f"/v4/spreadsheets/{sid}/values/Sheet1!A1", params={"dateTimeRenderOption": "SERIAL"})
    assert refused(r)["message"].startswith("Invalid value at 'date_time_render_option' (")


def test_cell_value_with_two_members_set(http: httpx.Client) -> None:
    # Closest form found (Google's front end for proto oneofs; no Sheets recording found):
    # Invalid value at '<path>' (oneof), oneof field 'value' is already set. Cannot set '<second>'
    sid = create(http, "t")["spreadsheetId"]
    cell = {"userEnteredValue": {"numberValue": 1, "stringValue": "1"}}
    r = batch(
        http, sid, {"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [cell]}], "fields": "*"}}
    )
    err = refused(r)
    path = "requests[0].update_cells.rows[0].values[0].user_entered_value"
    assert (
        err["message"]
        == f"Invalid value at '{path}' (oneof), oneof field 'value' is already set. Cannot set 'stringValue'"
    )
    assert violations(err)[0]["field"] == path
    assert a1_value(http, sid, "Sheet1!A1") is None
    # a null member is an absent one
    cell = {"userEnteredValue": {"numberValue": None, "stringValue": "1"}}
    r = batch(
        http, sid, {"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [cell]}], "fields": "*"}}
    )
    assert r.status_code == 200, r.text


def test_request_with_two_kinds(http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    two = {"addSheet": {"properties": {"title": "a"}}, "deleteSheet": {"sheetId": 0}}
    err = refused(batch(http, sid, two))
    assert (
        err["message"] == "Invalid value at 'requests[0]' (oneof), oneof field 'kind' is already set. "
        "Cannot set 'deleteSheet'"
    )


def test_colour_style_with_rgb_and_theme(http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    style = {"rgbColor": {"red": 1}, "themeColor": "ACCENT1"}
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
    assert "oneof field 'kind' is already set. Cannot set 'themeColor'" in refused(r)["message"]


def test_message_field_given_a_string(http: httpx.Client) -> None:
    # Recorded form: Invalid value at 'requests[0]' (type.googleapis.com/...Request), "repeatCell"
    sid = create(http, "t")["spreadsheetId"]
    err = refused(batch(http, sid, "repeatCell"))
    assert (
        err["message"]
        == "Invalid value at 'requests[0]' (type.googleapis.com/google.apps.sheets.v4.Request), "
        '"repeatCell"'
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/values/Sheet1!A1", {"valueRenderOptions": "FORMULA"}),
        ("", {"includeGriddata": "true"}),
        ("/values:batchGet", {"ranges": "Sheet1!A1", "range": "Sheet1!A1"}),
    ],
)
def test_unknown_query_parameter(http: httpx.Client, path: str, params: dict[str, str]) -> None:
    # Recorded (Google front ends, e.g. Identity Toolkit, Firestore): Invalid JSON payload received.
    # Unknown name "x": Cannot bind query parameter. Field 'x' could not be found in request message.
    sid = create(http, "t")["spreadsheetId"]
    name = list(params)[-1]
    err = refused(http.get(f"/v4/spreadsheets/{sid}{path}", params=params))
    assert err["message"] == (
        f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
        f"Field '{name}' could not be found in request message."
    )


def test_what_google_accepts_is_accepted(http: httpx.Client) -> None:
    """Proto field names beside JSON names, API-wide parameters, enum values the schema lists."""
    sid = create(http, "t")["spreadsheetId"]
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/Sheet1!A1",
        params={
            "value_input_option": "USER_ENTERED",
            "alt": "json",
            "prettyPrint": "false",
            "quotaUser": "op",
        },
        json={"values": [["=1+2"]], "major_dimension": "ROWS"},
    )
    assert r.status_code == 200, r.text
    got = http.get(f"/v4/spreadsheets/{sid}/values/Sheet1!A1", params={"valueRenderOption": "FORMULA"}).json()
    assert got["values"] == [["=1+2"]]  # the proto-named option was acted on, not ignored
    r = batch(
        http,
        sid,
        {"update_sheet_properties": {"properties": {"sheet_id": 0, "title": "改名"}, "fields": "title"}},
    )
    assert r.status_code == 200, r.text
    r = http.get(
        f"/v4/spreadsheets/{sid}", params={"fields": "sheets.properties.title", "includeGridData": "false"}
    )
    assert r.json() == {"sheets": [{"properties": {"title": "改名"}}]}


def test_the_schema_is_google_published_document() -> None:
    d = schema.discovery()
    assert schema.locate().parts[-3:] == ("discovery_cache", "documents", "sheets.v4.json")
    assert "googleapiclient" in schema.locate().parts
    assert d.revision and "sheets.spreadsheets.values.append" in d.methods
    assert "insertDimension" in d.schemas["Request"]["properties"]


def test_without_the_document_the_emulator_says_so_and_does_not_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(schema.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(schema.SchemaUnavailable, match="google-api-python-client"):
        schema.locate()

    def missing() -> schema.Discovery:
        raise schema.SchemaUnavailable("google-api-python-client is not installed")

    monkeypatch.setattr(schema, "discovery", missing)
    assert main_module.main(["--port", "0"]) == 2
    assert "Sheets emulator not started: google-api-python-client" in capsys.readouterr().err


def test_the_running_emulator_checks(emulator: Running) -> None:
    """The check sits in the one API path every transport uses (Emulator.handle_api)."""
    status, out = emulator.emulator.handle_api(
        "POST", "/v4/spreadsheets", "", {}, b'{"properties": {"title": "x"}, "sheet": []}'
    )
    assert status == 400 and 'Unknown name "sheet"' in out["error"]["message"]
