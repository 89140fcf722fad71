"""Fixtures: an emulator on 127.0.0.1 (a free port), an httpx client, a real gspread client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gspread
import httpx
import pytest

from emulators.sheets.server import Running, serve

from .browser import ARGS, CHROMIUM
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium (tests/emulators/sheets/browser.py), one per test module."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (requirements-dev.txt) is not installed"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    try:
        yield pg
    finally:
        context.close()
