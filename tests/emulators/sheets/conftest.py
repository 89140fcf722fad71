"""Fixtures: an emulator of the test's own on 127.0.0.1 (a free port: tests/conftest.py), an httpx
client, a real gspread client. (The web view in a browser: tests/browser.)"""

from __future__ import annotations

from collections.abc import Iterator

import gspread
import httpx
import pytest

from emulators.sheets.server import Running

from .helpers import Receiver, gspread_client


@pytest.fixture
def emulator(fresh_sheets_emulator: Running) -> Running:
    return fresh_sheets_emulator


@pytest.fixture
def http(emulator: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, headers={"Authorization": "Bearer test-token"}) as client:
        yield client


@pytest.fixture
def gc(emulator: Running) -> gspread.Client:
    return gspread_client(emulator.url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    try:
        yield r
    finally:
        r.close()
