"""``init-sheet`` migrates 异常 and 日志 tabs made before the 原因分类 (cause) column: the column is
added after the last used column with its dropdown (the fixed list of causes), every row keeps its
cells, and the run after that writes nothing."""

from __future__ import annotations

from typing import Any

import gspread

from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import init_workspace
from sheet_templates import workspace as tpl

from .conftest import cells
from .test_init_sheet import WRITES, emulator_counts

CAUSES_ZH = [
    "录入错误",
    "供应商给错单号",
    "供应商改了单号",
    "快递系统变更",
    "快递公司不对",
    "单号重复使用",
    "其他",
]


def test_older_log_and_exceptions_tabs_gain_the_cause_column_then_stay_quiet(
    settings: SheetsSettings, emulator: Any
) -> None:
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, settings.spreadsheet_id, "zh")
    client = gspread.Client(http.auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = settings.api_base  # type: ignore[attr-defined]
    book = client.open_by_key(settings.spreadsheet_id)
    kept: dict[str, list[str]] = {
        "日志": [
            "2026-11-20 10:00",
            "3700000000000000001",
            "系统",
            "推送修正到小店",
            "SF1",
            "SF2",
            "自动同步",
            "改了",
            "成功",
        ],
        "异常": [
            "2026-11-20 10:00",
            "3700000000000000001",
            "单号重复使用",
            "重复",
            "核对",
            "小王",
            "否",
            "待处理",
        ],
    }
    for title, tab in (("日志", tpl.LOG), ("异常", tpl.EXCEPTIONS)):
        assert tab.columns[-1].field == "cause"
        sheet = book.worksheet(title)
        http.batch_update(
            settings.spreadsheet_id,
            {
                "requests": [
                    {
                        "deleteDimension": {
                            "range": {
                                "sheetId": sheet.id,
                                "dimension": "COLUMNS",
                                "startIndex": len(tab.columns) - 1,
                                "endIndex": len(tab.columns),
                            }
                        }
                    }
                ]
            },
        )
        row = kept[title]
        sheet.update(range_name=f"A2:{chr(ord('A') + len(row) - 1)}2", values=[row], raw=True)
        assert "原因分类" not in sheet.row_values(1)

    assert init_workspace(http, settings.spreadsheet_id, "zh").changed
    for title, tab in (("日志", tpl.LOG), ("异常", tpl.EXCEPTIONS)):
        sheet = book.worksheet(title)
        header = sheet.row_values(1)
        assert header == [c.header.zh for c in tab.columns]
        assert sheet.row_values(2) == kept[title]  # the row's cells stay where they were
        rule = cells(emulator, settings, title)[(1, header.index("原因分类"))]["validation"]
        assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == CAUSES_ZH

    before = emulator_counts(emulator)
    assert not init_workspace(http, settings.spreadsheet_id, "zh").changed
    after = emulator_counts(emulator)
    assert sum(after.get(k, 0) - before.get(k, 0) for k in WRITES) == 0


def test_the_english_cause_dropdown() -> None:
    assert tpl.dropdown_values("causes", "en") == (
        "Operator typing",
        "Supplier sent a wrong number",
        "Supplier changed the number",
        "Courier system change",
        "Wrong courier",
        "Reused number",
        "Other",
    )
