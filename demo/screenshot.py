"""``python -m demo --ticks N --screenshot PATH``: after the run, a picture of the 统计 tab and its
charts as the sheet's web view draws them, taken with Debian's chromium headless (driven by
Playwright, never a browser Playwright downloads). CJK text needs a CJK font on the machine (Debian:
``fonts-wqy-microhei``); without one the labels show as boxes, the numbers and charts still do.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 30_000


_FOLD_EMPTY_ROWS = """() => {
  const rows = [...document.querySelectorAll("#grid tr")];
  let last = 0;
  rows.forEach((tr, i) => {
    if ([...tr.querySelectorAll("td")].some((td) => td.textContent.trim())) last = i;
  });
  rows.slice(last + 2).forEach((tr) => { tr.style.display = "none"; });
}"""


class ScreenshotUnavailable(RuntimeError):
    """No chromium at ``CHROMIUM``, or Playwright is not installed."""


def save(web_url: str, tab: str, path: Path, width: int = 1600, height: int = 1400) -> Path:
    """Open ``web_url``, show ``tab``, wait for its charts to be drawn, and save a full-page PNG."""
    if not os.path.exists(CHROMIUM):
        raise ScreenshotUnavailable(f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a dev dependency: the demo runs without it
        raise ScreenshotUnavailable("playwright is not installed (requirements-dev.txt)") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(web_url)
            page.locator("#tabs button", has_text=tab).first.click()
            page.wait_for_selector("#tabs button.active", state="attached")
            page.wait_for_function(
                "(t) => document.querySelector('#tabs button.active')?.textContent === t", arg=tab
            )
            page.wait_for_selector("#charts figure.chart svg")
            # For the picture only: the grid's empty rows below the table are folded away, so the
            # charts (drawn after the grid) fit in one image with the numbers they come from.
            page.evaluate(_FOLD_EMPTY_ROWS)
            page.screenshot(path=str(path), full_page=True)
        finally:
            browser.close()
    return path
