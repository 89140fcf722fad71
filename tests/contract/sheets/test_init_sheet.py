"""``init-sheet`` against the emulator: a recognisable workspace, and a second run that writes nothing."""

from __future__ import annotations

from typing import Any

import gspread
import pytest

from emulators.control import SheetsControl
from shared.cli import init_sheet
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import init_workspace
from sheet_templates import workspace as tpl

from .conftest import cells

WRITES = {"spreadsheets.batchUpdate", "values.batchUpdate", "values.update", "values.append", "values.clear"}


def emulator_counts(emulator: Any) -> dict[str, int]:
    with SheetsControl(emulator.url, timeout=10) as control:
        counts: dict[str, int] = control.log()["counts"]
    return counts


def test_first_run_builds_the_workspace(settings: SheetsSettings, emulator: Any) -> None:
    http = SheetsHTTPClient.build(settings)
    report = init_workspace(http, settings.spreadsheet_id, "zh")
    assert report.changed
    meta = http.fetch_sheet_metadata(settings.spreadsheet_id)
    titles = [s["properties"]["title"] for s in meta["sheets"]]
    assert titles == ["订单", "供应商", "回传", "异常", "日志", "设置", "说明"]  # the blank Sheet1 is gone
    orders = next(s for s in meta["sheets"] if s["properties"]["title"] == "订单")
    assert orders["properties"]["gridProperties"]["frozenRowCount"] == 1
    system_cols = sum(1 for c in tpl.ORDERS.columns if c.owner == "system")
    protected = orders.get("protectedRanges", [])
    assert len(protected) == system_cols + 1  # each system column, and the header row
    assert all(p["warningOnly"] for p in protected)
    rules = orders.get("conditionalFormats", [])
    assert len(rules) == sum(len(s.labels_and_colours()) for s in tpl.ROW_STATES)

    grid = cells(emulator, settings, "订单")
    header = [grid[(0, c)]["value"] for c in range(len(tpl.ORDERS.columns))]
    assert header == list(tpl.ORDERS.headers("zh"))
    courier = grid[(1, 8)]["validation"]
    assert courier["condition"]["type"] == "ONE_OF_LIST"
    assert "顺丰速运" in [v["userEnteredValue"] for v in courier["condition"]["values"]]
    supplier = grid[(1, 6)]["validation"]
    assert supplier["condition"] == {
        "type": "ONE_OF_RANGE",
        "values": [{"userEnteredValue": "='供应商'!$A$2:$A"}],
    }

    settings_grid = cells(emulator, settings, "设置")
    assert settings_grid[(1, 0)]["value"] == "auto_push"
    assert settings_grid[(1, 2)]["value"] == "关"
    help_grid = cells(emulator, settings, "说明")
    assert help_grid[(1, 0)]["value"] == "待下单"
    assert "fmt" in help_grid[(1, 0)]  # the legend cell wears the state's colour


def test_second_run_changes_nothing(settings: SheetsSettings, emulator: Any) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    http.counter.reset()
    before = emulator_counts(emulator)
    report = init_workspace(http, settings.spreadsheet_id, "zh")
    assert not report.changed
    assert http.counter.snapshot() == {"spreadsheets.get": 2}
    after = emulator_counts(emulator)
    assert sum(after.get(k, 0) - before.get(k, 0) for k in WRITES) == 0


def test_a_workspace_without_header_protection_gets_it_then_stays_quiet(
    settings: SheetsSettings, emulator: Any
) -> None:
    """Issue 12: every tab's header row is protected warning-only (renaming a header asks first). A
    workspace made before that (its header protections removed here) gets them from init-sheet, and
    the run after that is two GETs and no write."""
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    meta = http.fetch_sheet_metadata(settings.spreadsheet_id)
    headers = [
        p
        for s in meta["sheets"]
        for p in s.get("protectedRanges", [])
        if p["description"].endswith(".header")
    ]
    assert len(headers) == len(tpl.TABS)
    for p in headers:
        assert p["warningOnly"] and p["range"]["startRowIndex"] == 0 and p["range"]["endRowIndex"] == 1
    http.batch_update(
        settings.spreadsheet_id,
        {
            "requests": [
                {"deleteProtectedRange": {"protectedRangeId": p["protectedRangeId"]}} for p in headers
            ]
        },
    )
    report = init_workspace(http, settings.spreadsheet_id, "zh")
    assert report.format_requests == len(tpl.TABS) and report.value_ranges == 0
    http.counter.reset()
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed
    assert http.counter.snapshot() == {"spreadsheets.get": 2}


def test_operator_changes_are_kept_and_rerun_is_quiet(settings: SheetsSettings) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    client = gspread.Client(http.auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = settings.api_base  # type: ignore[attr-defined]
    ws = client.open_by_key(settings.spreadsheet_id).worksheet("设置")
    ws.update_acell("C2", "开")  # the operator turned auto-push on
    report = init_workspace(http, settings.spreadsheet_id, "zh")
    assert not report.changed
    assert ws.acell("C2").value == "开"


def test_cli_twice(settings: SheetsSettings, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--spreadsheet", settings.spreadsheet_id, "--api-base", settings.api_base, "--anonymous"]
    assert init_sheet.main(argv) == 0
    assert "workspace updated" in capsys.readouterr().out
    assert init_sheet.main(argv) == 0
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert "batchUpdate" not in out


def test_cli_english_template_and_bad_usage(
    settings: SheetsSettings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WAYBILL_SHEETS_API_BASE", settings.api_base)
    monkeypatch.setenv("WAYBILL_SHEETS_ANONYMOUS", "1")
    monkeypatch.setenv("WAYBILL_SPREADSHEET_ID", settings.spreadsheet_id)
    assert init_sheet.main(["--lang", "en"]) == 0
    http = SheetsHTTPClient.build(settings)
    titles = [s["properties"]["title"] for s in http.fetch_sheet_metadata(settings.spreadsheet_id)["sheets"]]
    assert {"Orders", "Suppliers", "Inbox", "Exceptions", "Log", "Settings", "Help"} <= set(titles)
    monkeypatch.delenv("WAYBILL_SPREADSHEET_ID")
    assert init_sheet.main([]) == 2
    assert init_sheet.main(["--spreadsheet", "does-not-exist"]) == 1
    assert "404" in capsys.readouterr().err


def test_rerun_after_operator_inserted_a_column_converges(settings: SheetsSettings, emulator: Any) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    client = gspread.Client(http.auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = settings.api_base  # type: ignore[attr-defined]
    ws = client.open_by_key(settings.spreadsheet_id).worksheet("订单")
    ws.insert_cols([["运营备注", "自己的笔记"]], 1)  # the operator's own column, before everything
    ws.update_acell("L1", "")  # ... and deleted the 状态 header by mistake
    init_workspace(http, settings.spreadsheet_id, "zh")
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed
    header = ws.row_values(1)
    assert header[0] == "运营备注"
    assert header[1] == "订单号"
    # A missing header cannot be put back "in place" (nothing says where it was): it is added after
    # the last used column, and the rules follow it.
    assert header[11] == ""
    assert header[15] == "状态"
    assert ws.acell("A2").value == "自己的笔记"
    meta = http.fetch_sheet_metadata(
        settings.spreadsheet_id, params={"fields": "sheets(properties.title,conditionalFormats)"}
    )
    orders = next(s for s in meta["sheets"] if s["properties"]["title"] == "订单")
    formulas = {
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in orders["conditionalFormats"]
    }
    assert '=$P2="已发货"' in formulas
    assert all(f.startswith("=$P2") for f in formulas)


def test_cli_create(settings: SheetsSettings, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--api-base", settings.api_base, "--anonymous", "--create", "单号中继 演示"]
    assert init_sheet.main(argv) == 0
    out = capsys.readouterr().out
    new_id = out.split("created spreadsheet:")[1].split()[0]
    assert new_id != settings.spreadsheet_id
    http = SheetsHTTPClient.build(settings)
    meta = http.fetch_sheet_metadata(new_id)
    assert meta["properties"]["title"] == "单号中继 演示"
    assert [s["properties"]["title"] for s in meta["sheets"]][:7] == [t.title.zh for t in tpl.TABS]


def test_a_default_tab_that_holds_something_is_kept(settings: SheetsSettings, emulator: Any) -> None:
    http = SheetsHTTPClient.build(settings)
    http.values_update(
        settings.spreadsheet_id, "Sheet1!B7", params={"valueInputOption": "RAW"}, body={"values": [["备忘"]]}
    )
    init_workspace(http, settings.spreadsheet_id, "zh")
    meta = http.fetch_sheet_metadata(settings.spreadsheet_id)
    assert "Sheet1" in [s["properties"]["title"] for s in meta["sheets"]]


def test_a_blank_default_tab_beside_an_existing_workspace_is_left_alone(
    settings: SheetsSettings, emulator: Any
) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    http.batch_update(
        settings.spreadsheet_id, {"requests": [{"addSheet": {"properties": {"title": "Sheet1"}}}]}
    )
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed  # not a first run: not ours
    meta = http.fetch_sheet_metadata(settings.spreadsheet_id)
    assert "Sheet1" in [s["properties"]["title"] for s in meta["sheets"]]


def test_identifier_columns_are_plain_text_and_an_older_workspace_is_migrated(
    settings: SheetsSettings, emulator: Any
) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    client = gspread.Client(http.auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = settings.api_base  # type: ignore[attr-defined]
    ws = client.open_by_key(settings.spreadsheet_id).worksheet("订单")
    text_cols = [i for i, c in enumerate(tpl.ORDERS.columns) if c.text]
    assert [tpl.ORDERS.columns[i].field for i in text_cols] == [
        "order_id",
        "supplier_order_no",
        "tracking_numbers",
    ]
    ws.update_acell("J5", "5812345678901234")  # 快递单号, typed as in the Sheets UI (USER_ENTERED)
    assert ws.get("J5", value_render_option="UNFORMATTED_VALUE")[0][0] == "5812345678901234"

    # A workspace made before this version: the identifier columns have no number format.
    sheet_id = ws.id
    http.batch_update(
        settings.spreadsheet_id,
        {
            "requests": [
                {
                    "repeatCell": {
                        "range": {"sheetId": sheet_id, "startColumnIndex": c, "endColumnIndex": c + 1},
                        "cell": {},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
                for c in text_cols
            ]
        },
    )
    ws.update_acell("J6", "5812345678901234")
    assert ws.get("J6", value_render_option="UNFORMATTED_VALUE")[0][0] == 5812345678901230  # rounded
    report = init_workspace(http, settings.spreadsheet_id, "zh")
    assert report.changed
    ws.update_acell("J7", "5812345678901234")
    assert ws.get("J7", value_render_option="UNFORMATTED_VALUE")[0][0] == "5812345678901234"
    grid = cells(emulator, settings, "订单")
    for c in text_cols:
        assert grid[(0, c)]["fmt"]["numberFormat"]["type"] == "TEXT"
    before = emulator_counts(emulator)
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed
    after = emulator_counts(emulator)
    assert sum(after.get(k, 0) - before.get(k, 0) for k in WRITES) == 0
