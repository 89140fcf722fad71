"""Fixtures: an emulator on 127.0.0.1 (a free port), an httpx client, a real gspread client."""

from __future__ import annotations

from collections.abc import Iterator

import gspread
import httpx
import pytest

from emulators.sheets.server import Running, serve

from .helpers import Receiver, gspread_client


@pytest.fixture
def emulator() -> Iterator[Running]:
    with serve(port=0) as running:
        yield running


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
