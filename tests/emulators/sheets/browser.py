"""Debian's chromium, headless, driven by Playwright (never a browser downloaded by playwright).
A browser test module sets ``pytestmark = NEEDS_CHROMIUM``; the ``browser`` and ``page`` fixtures
(conftest.py) also skip when playwright is not installed."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

NEEDS_CHROMIUM = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium; CI installs it)"
)
