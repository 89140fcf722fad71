"""Control reads a long benchmark relies on: the call log per user, and a range of cells read without
the API (no quota charged, nothing logged)."""

from __future__ import annotations

import httpx

from emulators.sheets.server import Running

from .helpers import create


def _put(http: httpx.Client, sid: str, cells: str, values: list[list[str]]) -> None:
    answer = http.put(
        f"/v4/spreadsheets/{sid}/values/S%21{cells}",
        params={"valueInputOption": "RAW"},
        json={"values": values},
    )
    assert answer.status_code == 200, answer.text


def test_log_counts_every_call_per_user_and_status(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    http.delete("/_emulator/log")
    http.post("/_emulator/quota", json={"readsPerMinute": 1, "writesPerMinute": None})
    assert [http.get(f"/v4/spreadsheets/{sid}").status_code for _ in range(2)] == [200, 429]
    other = {"Authorization": "Bearer someone-else"}
    assert http.get(f"/v4/spreadsheets/{sid}", headers=other).status_code == 200
    assert http.get("/_emulator/log").json()["byUser"] == {
        "test-token": {"200": 1, "429": 1},
        "someone-else": {"200": 1},
    }
    http.delete("/_emulator/log")
    assert http.get("/_emulator/log").json()["byUser"] == {}


def test_by_user_outlives_the_kept_entries(http: httpx.Client, emulator: Running) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    http.delete("/_emulator/log")
    emulator.emulator.log.keep = 3
    for _ in range(5):
        http.get(f"/v4/spreadsheets/{sid}")
    log = http.get("/_emulator/log").json()
    assert len(log["requests"]) == 3
    assert log["byUser"] == {"test-token": {"200": 5}}


def test_cells_in_a_range_only_and_without_quota(http: httpx.Client) -> None:
    sid = create(http, "t", "S")["spreadsheetId"]
    _put(http, sid, "A1", [["a1", "b1", "c1"], ["a2", "b2", "c2"], ["a3", "", "c3"]])
    http.delete("/_emulator/log")
    http.post("/_emulator/quota", json={"readsPerMinute": 0, "writesPerMinute": 0})
    url = f"/_emulator/spreadsheets/{sid}/cells"
    column = http.get(url, params={"sheet": "S", "range": "B2:B"}).json()["cells"]
    assert [(c["row"], c["col"], c["formatted"]) for c in column] == [(1, 1, "b2")]
    block = http.get(url, params={"sheet": "S", "range": "A2:C3"}).json()["cells"]
    assert [c["formatted"] for c in block] == ["a2", "b2", "c2", "a3", "c3"]
    everything = http.get(url, params={"sheet": "S"}).json()["cells"]
    assert len(everything) == 8
    assert http.get("/_emulator/log").json()["total"] == 0  # control reads are not API calls
    assert http.get(url, params={"sheet": "S", "range": "B2:"}).status_code == 400
