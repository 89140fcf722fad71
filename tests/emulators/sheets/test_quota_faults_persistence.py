"""Per-user quota (429 body), fault queue, call log, persistence round trip (the command line:
tests/commands/test_emulator_commands.py)."""

from __future__ import annotations

import os
from pathlib import Path

import gspread
import httpx
import pytest

from emulators.sheets.server import Running, serve

from .helpers import control, create, gspread_client


def test_quota_is_per_user_per_kind_and_answers_real_429(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    control(http).set_quota(reads_per_minute=2)
    for _ in range(2):
        assert http.get(f"/v4/spreadsheets/{sid}").status_code == 200
    r = http.get(f"/v4/spreadsheets/{sid}")
    assert r.status_code == 429
    err = r.json()["error"]
    assert err["code"] == 429 and err["status"] == "RESOURCE_EXHAUSTED"
    assert err["message"].startswith("Quota exceeded for quota metric 'Read requests'")
    assert err["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    # writes are another bucket; another bearer token is another user
    w = http.put(
        f"/v4/spreadsheets/{sid}/values/S%21A1", params={"valueInputOption": "RAW"}, json={"values": [["x"]]}
    )
    assert w.status_code == 200
    other = httpx.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers={"Authorization": "Bearer other"})
    assert other.status_code == 200
    # a new window refills the bucket
    control(http).reset_quota_windows()
    assert http.get(f"/v4/spreadsheets/{sid}").status_code == 200


def test_gspread_sees_429_as_api_error(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    control(http).set_quota(reads_per_minute=0)
    gc = gspread_client(emulator.url)
    with pytest.raises(gspread.exceptions.APIError) as err:
        gc.open_by_key(sid)
    assert err.value.code == 429


def test_fault_queue_and_call_log(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    control(http).clear_log()
    control(http).add_faults({"code": 500}, {"code": 429})
    codes = [http.get(f"/v4/spreadsheets/{sid}/values/S").status_code for _ in range(3)]
    assert codes == [500, 429, 200]
    log = control(http).log()
    assert log["counts"] == {"spreadsheets.values.get": 3}
    assert [e["status"] for e in log["requests"]] == [500, 429, 200]
    assert log["requests"][0]["user"] == "test-token"


def test_state_file_round_trip(tmp_path: Path) -> None:
    state = str(tmp_path / "sheets.json")
    with serve(port=0, state_file=state) as first:
        sid = create(httpx.Client(base_url=first.url), "持久", "订单")["spreadsheetId"]
        gc = gspread_client(first.url)
        ws = gc.open_by_key(sid).worksheet("订单")
        ws.update([["订单号", "快递单号"], ["1001", "SF1234567890"]], "A1")
        ws.update_notes({"B2": "备注"})
        ws.freeze(rows=1)
    assert os.path.exists(state)
    with serve(port=0, state_file=state) as second:
        ws = gspread_client(second.url).open_by_key(sid).worksheet("订单")
        assert ws.get_all_values() == [["订单号", "快递单号"], ["1001", "SF1234567890"]]
        assert ws.get_note("B2") == "备注"
        assert ws.frozen_row_count == 1
