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


def wait_saved(page: object, ref: str) -> None:
    """Wait until the server has answered the edit of ``ref``. The web view paints what was typed at
    once (as Sheets does) and posts it after, so the painted cell alone does not mean it is stored."""
    page.wait_for_selector(f"#status:has-text('{ref} 已保存')")  # type: ignore[attr-defined]
