"""The tab client (a supplier's own spreadsheet) against the Sheets emulator over loopback: each
failure the API can answer leaves as its own class of the Sheets error family."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest
import requests

from emulators.control import SheetsControl
from shared.sheets.errors import (
    SheetsBadRequest,
    SheetsNotFound,
    SheetsPermissionDenied,
    SheetsRateLimited,
    SheetsTabNotFound,
    SheetsUnavailable,
)
from shared.sheets.http import CallCounter, RetryPolicy, SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.tab_client import TabClient

TAB = "待发货"


def new_sheet(emulator: Any, **extra: Any) -> str:
    sid = "s-" + uuid.uuid4().hex[:12]
    with SheetsControl(emulator.url, timeout=10) as control:
        control.create_spreadsheet(sid, **{"properties": {"title": "供应商"}, **extra})
    return sid


def faults(emulator: Any, *codes: int) -> None:
    with SheetsControl(emulator.url, timeout=10) as control:
        control.add_faults(*({"code": c} for c in codes))


@pytest.fixture
def tabs(emulator: Any) -> TabClient:
    http = SheetsHTTPClient.build(
        SheetsSettings(api_base=emulator.url, anonymous=True),
        counter=CallCounter(),
        policy=RetryPolicy(attempts=2),
        sleep=lambda _seconds: None,
    )
    return TabClient(http)


def test_a_tab_is_added_written_appended_and_read_back_with_numbers_kept_as_numbers(
    emulator: Any, tabs: TabClient
) -> None:
    sid = new_sheet(emulator)
    tabs.add_tab(sid, TAB)
    tabs.append_rows(sid, TAB, [["订单号", "快递单号"], ["3720", "=1+1"]], after_row=0)
    tabs.write_cells(sid, TAB, [(3, 1, "3721")])
    b3 = quote(f"'{TAB}'!B3", safe="")
    requests.put(  # the supplier types a number into a cell that is not plain text
        f"{emulator.url}/v4/spreadsheets/{sid}/values/{b3}",
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [["73100029384756"]]},
        timeout=10,
    ).raise_for_status()
    assert tabs.read(sid, TAB) == [["订单号", "快递单号"], ["3720", "=1+1"], ["3721", 73100029384756]]
    assert tabs.tab_titles(sid)[-1] == TAB


def test_a_missing_tab_is_its_own_class_told_apart_by_the_tab_list(emulator: Any, tabs: TabClient) -> None:
    sid = new_sheet(emulator)
    before = tabs.calls.snapshot()
    with pytest.raises(SheetsTabNotFound) as caught:
        tabs.read(sid, TAB)
    assert isinstance(caught.value, SheetsNotFound) and caught.value.http_status == 400
    after = tabs.calls.snapshot()
    assert {k: v - before.get(k, 0) for k, v in after.items()} == {"values.get": 1, "spreadsheets.get": 1}


def test_an_unknown_spreadsheet_is_not_found_and_not_a_missing_tab(emulator: Any, tabs: TabClient) -> None:
    with pytest.raises(SheetsNotFound) as caught:
        tabs.read("no-such-spreadsheet", TAB)
    assert not isinstance(caught.value, SheetsTabNotFound) and caught.value.http_status == 404


def test_a_spreadsheet_not_shared_with_us_is_permission_denied(emulator: Any, tabs: TabClient) -> None:
    sid = new_sheet(emulator, sharedWith=["someone-else"])
    with pytest.raises(SheetsPermissionDenied):
        tabs.read(sid, TAB)
    with pytest.raises(SheetsPermissionDenied):
        tabs.write_cells(sid, TAB, [(1, 1, "x")])


def test_quota_and_outages_past_the_retries_are_rate_limited_and_unavailable(
    emulator: Any, tabs: TabClient
) -> None:
    sid = new_sheet(emulator)
    tabs.add_tab(sid, TAB)
    faults(emulator, 429, 429)
    with pytest.raises(SheetsRateLimited):
        tabs.read(sid, TAB)
    faults(emulator, 503, 503)
    with pytest.raises(SheetsUnavailable):
        tabs.read(sid, TAB)
    assert tabs.read(sid, TAB) == []  # the faults are spent: the tab is there and empty


def test_a_request_the_sheet_refuses_is_a_bad_request(emulator: Any, tabs: TabClient) -> None:
    sid = new_sheet(emulator)
    tabs.add_tab(sid, TAB)
    with pytest.raises(SheetsBadRequest):
        tabs.add_tab(sid, TAB)  # a second tab with the same title
