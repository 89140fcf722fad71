"""The Sheets gateway against the Sheets emulator, with the real gspread library over loopback.

One emulator per test session (127.0.0.1, a free port: tests/conftest.py); every test gets its own
fresh spreadsheet.
Operators are played by a second, plain gspread client (what the API sees when a person edits,
sorts or deletes rows in the browser).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import gspread
import pytest

from emulators.control import SheetsControl
from emulators.sheets.server import Running
from shared.sheets.gateway import SheetsGateway, connect
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.retry_rules import DEFAULT_RETRY
from shared.sheets.settings import SheetsSettings, load_settings
from shared.sheets.workspace_init import init_workspace


@pytest.fixture
def emulator(sheets_emulator: Running) -> Running:
    return sheets_emulator


@pytest.fixture
def control(emulator: Any) -> Iterator[SheetsControl]:
    with SheetsControl(emulator.url, timeout=10) as client:
        yield client


@pytest.fixture
def settings(emulator: Any, control: SheetsControl) -> SheetsSettings:
    sid = "t-" + uuid.uuid4().hex[:12]
    control.create_spreadsheet(sid, properties={"title": "单号中继 测试"})
    return load_settings({}, api_base=emulator.url, spreadsheet_id=sid, anonymous=True)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def workspace(settings: SheetsSettings) -> SheetsSettings:
    """A spreadsheet with the zh workspace applied."""
    init_workspace(SheetsHTTPClient.build(settings), settings.spreadsheet_id, "zh")
    return settings


@pytest.fixture
def gateway(workspace: SheetsSettings, sleeps: Sleeps) -> SheetsGateway:
    return connect(workspace, counter=CallCounter(), policy=replace(DEFAULT_RETRY, attempts=4), sleep=sleeps)


@pytest.fixture
def operator(workspace: SheetsSettings) -> gspread.Spreadsheet:
    """A person at the sheet, through stock gspread (only the URL prefix is redirected)."""
    client = gspread.Client(SheetsHTTPClient.build(workspace).auth, http_client=SheetsHTTPClient)
    client.http_client.api_base = workspace.api_base  # type: ignore[attr-defined]
    return client.open_by_key(workspace.spreadsheet_id)


def cells(emulator: Any, settings: SheetsSettings, sheet: str) -> dict[tuple[int, int], dict[str, Any]]:
    """The emulator's own view of a tab: (row, col) 0-based -> cell JSON."""
    with SheetsControl(emulator.url, timeout=10) as control:
        found = control.cells(settings.spreadsheet_id, sheet)["cells"]
    return {(c["row"], c["col"]): c for c in found}
