"""The Sheets web view in Debian's chromium (headless, driven by Playwright): one browser per test
module, a new page per test, on a Sheets emulator of the test's own (tests/conftest.py). The emulator
fixtures of tests/emulators/sheets serve here too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.emulators.sheets.conftest import emulator, http, receiver

from .chromium import ARGS, CHROMIUM

__all__ = ["browser", "emulator", "http", "page", "receiver"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium (chromium.py), one per test module."""
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
