"""``init-sheet`` migrates a 异常 tab made before the exception desk: 进度 (with its dropdown), 进度时间,
紧急 and the two drafts are added after the last used column, the rows keep their cells, and the run
after that writes nothing."""

from __future__ import annotations

from typing import Any

import gspread

from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import init_workspace
from sheet_templates import workspace as tpl

from .conftest import cells
from .test_init_sheet import WRITES, emulator_counts

# The desk's columns, and the 原因分类 that came after them (test_init_sheet_causes.py).
DESK = ("progress", "progress_at", "urgent", "draft_supplier", "draft_buyer", "cause")


def test_an_older_exceptions_tab_gains_the_desk_columns_then_stays_quiet(
    settings: SheetsSettings, emulator: Any
) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    client = gspread.Client(http.auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = settings.api_base  # type: ignore[attr-defined]
    sheet = client.open_by_key(settings.spreadsheet_id).worksheet("异常")
    old = [c for c in tpl.EXCEPTIONS.columns if c.field not in DESK]
    assert [c.field for c in tpl.EXCEPTIONS.columns[: len(old)]] == [c.field for c in old]
    # The workspace as it was: the desk's columns gone, one open row and one the operator closed.
    http.batch_update(
        settings.spreadsheet_id,
        {
            "requests": [
                {
                    "deleteDimension": {
                        "range": {
                            "sheetId": sheet.id,
                            "dimension": "COLUMNS",
                            "startIndex": len(old),
                            "endIndex": len(tpl.EXCEPTIONS.columns),
                        }
                    }
                }
            ]
        },
    )
    row = ["2026-11-20 10:00", "3700000000000000001", "物流-停滞", "停了", "联系供应商", "小王", "否"]
    sheet.update(range_name="A2:G2", values=[row], raw=True)
    assert sheet.row_values(1) == [c.header.zh for c in old]

    assert init_workspace(http, settings.spreadsheet_id, "zh").changed
    header = sheet.row_values(1)
    assert header == [c.header.zh for c in tpl.EXCEPTIONS.columns]
    assert sheet.row_values(2) == row  # the row's cells stay where they were
    grid = cells(emulator, settings, "异常")
    progress = header.index("进度")
    rule = grid[(1, progress)]["validation"]
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == [
        "待处理",
        "已联系供应商",
        "已联系快递",
        "已告知买家",
        "已解决",
    ]
    # The urgent rows' colour: one rule on the 紧急 column (a letter after the old columns).
    letter = chr(ord("A") + header.index("紧急"))
    meta = http.fetch_sheet_metadata(settings.spreadsheet_id)
    [tab] = [s for s in meta["sheets"] if s["properties"]["title"] == "异常"]
    formulas = [
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in tab.get("conditionalFormats", [])
    ]
    assert formulas == [f'=${letter}2<>""']
    settings_keys = client.open_by_key(settings.spreadsheet_id).worksheet("设置").col_values(1)
    assert "exception_urgent_hours" in settings_keys

    before = emulator_counts(emulator)
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed
    after = emulator_counts(emulator)
    assert sum(after.get(k, 0) - before.get(k, 0) for k in WRITES) == 0


def test_the_english_progress_dropdown() -> None:
    assert tpl.dropdown_values("progress", "en") == (
        "Pending",
        "Supplier contacted",
        "Courier contacted",
        "Buyer told",
        "Resolved",
    )
