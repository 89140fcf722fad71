"""A tab written whole in one batch (shared/sheets/whole_tab.py), against the Sheets emulator: added
when missing, values and colours set, a shorter table leaves nothing of a longer one, one
``spreadsheets:batchUpdate`` per rewrite, and a deleted tab is mended by the next rewrite."""

from __future__ import annotations

from typing import Any

import pytest

from shared.sheets.errors import SheetsError
from shared.sheets.gateway import SheetsGateway
from shared.sheets.settings import SheetsSettings
from shared.sheets.whole_tab import Cell, rewrite_request, rewrite_tab
from tests.contract.sheets.conftest import cells

RED = {"red": 0.9569, "green": 0.7804, "blue": 0.7647}


def _table(shops: list[str]) -> list[list[Cell]]:
    return [[Cell("总览", bold=True)], [Cell("店铺"), Cell("未发货订单")]] + [
        [Cell(s, RED), Cell(n, RED)] for n, s in enumerate(shops)
    ]


def _values(emulator: Any, settings: SheetsSettings) -> dict[tuple[int, int], Any]:
    return {
        k: c.get("value")
        for k, c in cells(emulator, settings, "总览").items()
        if c.get("value") not in (None, "")
    }


def test_the_tab_is_added_then_rewritten_whole_in_one_batch_each_time(
    emulator: Any, settings: SheetsSettings, gateway: SheetsGateway
) -> None:
    gateway.calls.reset()
    rewrite_tab(gateway, "总览", _table(["north", "south", "east"]), frozen_rows=2)
    assert gateway.calls.snapshot() == {"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
    assert _values(emulator, settings)[(4, 0)] == "east"
    assert _values(emulator, settings)[(4, 1)] == 2

    gateway.calls.reset()
    rewrite_tab(gateway, "总览", _table(["north"]), frozen_rows=2)
    assert gateway.calls.snapshot() == {"spreadsheets.batchUpdate": 1}  # the sheet id is known now
    assert _values(emulator, settings) == {
        (0, 0): "总览",
        (1, 0): "店铺",
        (1, 1): "未发货订单",
        (2, 0): "north",
        (2, 1): 0,
    }
    found = cells(emulator, settings, "总览")
    assert found[(2, 0)]["fmt"]["backgroundColor"] == pytest.approx(RED, abs=0.01)  # 8 bits a channel
    assert (3, 0) not in found or not found[(3, 0)].get("fmt")  # the longer table's colours went too


def test_a_deleted_tab_fails_one_rewrite_and_the_next_one_adds_it_again(
    emulator: Any, settings: SheetsSettings, gateway: SheetsGateway
) -> None:
    rewrite_tab(gateway, "总览", _table(["north"]))
    sheet_id = gateway.sheet_ids()["总览"]
    gateway.http.batch_update(settings.spreadsheet_id, {"requests": [{"deleteSheet": {"sheetId": sheet_id}}]})
    with pytest.raises(SheetsError):  # the cached id is stale: this rewrite fails, the ids are forgotten
        rewrite_tab(gateway, "总览", _table(["south"]))
    rewrite_tab(gateway, "总览", _table(["south"]))
    assert _values(emulator, settings)[(2, 0)] == "south"


def test_the_request_clears_what_the_rows_do_not_cover() -> None:
    request = rewrite_request(7, [[Cell("a"), Cell(1)]])["updateCells"]
    assert request["range"] == {"sheetId": 7}  # the whole sheet: cells past the rows are cleared
    assert request["fields"] == "userEnteredValue,userEnteredFormat"
    assert request["rows"] == [
        {"values": [{"userEnteredValue": {"stringValue": "a"}}, {"userEnteredValue": {"numberValue": 1}}]}
    ]
