"""Pure helpers: A1 notation, endpoint classification, error mapping, settings."""

from __future__ import annotations

import pytest

from shared.sheets import a1
from shared.sheets.errors import (
    SheetsBadRequest,
    SheetsConfigError,
    SheetsNotFound,
    SheetsPermissionDenied,
    SheetsRateLimited,
    SheetsUnavailable,
    from_http,
)
from shared.sheets.http import classify
from shared.sheets.settings import GOOGLE_SHEETS_BASE, load_settings


@pytest.mark.parametrize(("n", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_round_trip(n: int, letters: str) -> None:
    assert a1.column_letter(n) == letters
    assert a1.column_number(letters) == n


def test_quote_sheet_doubles_apostrophes_and_keeps_cjk() -> None:
    assert a1.sheet_range("Jon's 订单", "A1:B2") == "'Jon''s 订单'!A1:B2"
    assert a1.column_range("订单", 3) == "'订单'!C1:C"
    assert a1.row_range("日志", 1) == "'日志'!1:1"


def test_parse_range() -> None:
    assert a1.parse_range("B5") == (5, 2, 1, 1)
    assert a1.parse_range("C6:B5") == (5, 2, 2, 2)
    with pytest.raises(ValueError):
        a1.parse_range("5B")


def test_grid_range_is_zero_based_end_exclusive() -> None:
    assert a1.grid_range(7, 2, 2, 3, 4) == {
        "sheetId": 7,
        "startRowIndex": 1,
        "endRowIndex": 2,
        "startColumnIndex": 2,
        "endColumnIndex": 4,
    }
    assert a1.grid_range(0, 2, None, 1, 1) == {
        "sheetId": 0,
        "startRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }


BASE = "http://127.0.0.1:1/v4/spreadsheets"


@pytest.mark.parametrize(
    ("method", "url", "name"),
    [
        ("get", f"{BASE}/abc", "spreadsheets.get"),
        ("post", BASE, "spreadsheets.create"),
        ("post", f"{BASE}/abc:batchUpdate", "spreadsheets.batchUpdate"),
        ("get", f"{BASE}/abc/values:batchGet", "values.batchGet"),
        ("post", f"{BASE}/abc/values:batchUpdate", "values.batchUpdate"),
        ("get", f"{BASE}/abc/values/%27%E8%AE%A2%E5%8D%95%27%21A1%3AB2", "values.get"),
        ("put", f"{BASE}/abc/values/%27Orders%27%21A1", "values.update"),
        ("post", f"{BASE}/abc/values/%27%E6%97%A5%E5%BF%97%27%21A1:append", "values.append"),
        ("post", f"{BASE}/abc/values/%27Orders%27:clear", "values.clear"),
        ("get", "https://www.googleapis.com/drive/v3/files/abc", "other"),
    ],
)
def test_classify(method: str, url: str, name: str) -> None:
    assert classify(method, url) == name


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (429, SheetsRateLimited),
        (403, SheetsPermissionDenied),
        (404, SheetsNotFound),
        (400, SheetsBadRequest),
        (503, SheetsUnavailable),
    ],
)
def test_from_http_maps_status(status: int, cls: type) -> None:
    err = from_http(status, {"code": status, "message": "m", "status": "S"})
    assert isinstance(err, cls)
    assert (err.http_status, err.google_status, err.message) == (status, "S", "m")


def test_settings_precedence_flag_over_env_over_default() -> None:
    env = {"WAYBILL_SHEETS_API_BASE": "http://127.0.0.1:9/", "WAYBILL_SPREADSHEET_ID": "from-env"}
    s = load_settings(env, spreadsheet_id="from-flag")
    assert (s.api_base, s.spreadsheet_id, s.lang) == ("http://127.0.0.1:9", "from-flag", "zh")
    assert load_settings({}).api_base == GOOGLE_SHEETS_BASE
    assert load_settings({"WAYBILL_SHEETS_ANONYMOUS": "1"}).anonymous is True
    with pytest.raises(SheetsConfigError):
        load_settings({}).require_spreadsheet()
    with pytest.raises(SheetsConfigError):
        load_settings({"WAYBILL_SHEETS_API_BASE": "ftp://x"})


def test_token_is_not_in_repr() -> None:
    s = load_settings({"WAYBILL_SHEETS_TOKEN": "very-secret"})
    assert "very-secret" not in repr(s)
