"""The web view draws a sheet's charts (sheets[].charts[]) in chromium, with no network: the page's
requests are limited to the emulator's own address, and the chart is inline SVG made in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from emulators.sheets.server import Running
from shared.sheets.charts import Block, Chart, chart_requests
from tests.emulators.sheets.helpers import create

from .chromium import NEEDS_CHROMIUM

pytestmark = NEEDS_CHROMIUM


def _seed(http: httpx.Client) -> str:
    made = create(http, "工作台", "统计")
    sid, sheet_id = made["spreadsheetId"], made["sheets"][0]["properties"]["sheetId"]
    values = [["周（起）", "鑫达供应链", "优品工厂"], ["11-14", 90, 60], ["11-21", 85, 55], ["11-28", 95, 50]]
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/{quote(chr(39) + '统计' + chr(39) + '!A1', safe='')}",
        params={"valueInputOption": "RAW"},
        json={"values": values},
    )
    assert r.status_code == 200, r.text
    block = Block(sheet_id, 0, 4, 0, 3)
    charts = [
        Chart(11, "LINE", "各供应商每周按时发货率(%)", "周（起）", "按时发货率(%)", block, 6, 0),
        Chart(12, "COLUMN", "按周对比", "周（起）", "%", block, 6, 7),
    ]
    r = http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": chart_requests(charts, existing=())}
    )
    assert r.status_code == 200, r.text
    return sid


def test_the_web_view_draws_the_charts_without_a_network(
    page: Any, http: httpx.Client, emulator: Running, tmp_path: Path
) -> None:
    sid = _seed(http)
    foreign: list[str] = []

    def only_the_emulator(route: Any) -> None:
        if route.request.url.startswith(emulator.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_emulator)
    page.goto(f"{emulator.url}/ui/{sid}")
    page.wait_for_selector("#charts figure.chart[data-chart-id='11'] svg polyline.line")
    line = page.locator("#charts figure.chart[data-chart-id='11']")
    assert line.get_attribute("data-type") == "LINE"
    assert "各供应商每周按时发货率(%)" in line.inner_text()
    assert line.locator("polyline.line").count() == 2  # one per supplier
    assert "鑫达供应链" in line.inner_text() and "11-21" in line.inner_text()
    bars = page.locator("#charts figure.chart[data-chart-id='12'] rect.bar")
    assert bars.count() == 6  # three weeks x two suppliers
    # taller bar for the larger value: 95 (鑫达, 11-28) against 50 (优品, 11-28)
    heights = [float(bars.nth(i).get_attribute("height")) for i in range(6)]
    assert heights[2] > heights[5] > 0
    page.screenshot(path=str(tmp_path / "charts.png"))
    assert (tmp_path / "charts.png").stat().st_size > 0
    assert foreign == []


def test_a_spec_update_redraws_the_chart(page: Any, http: httpx.Client, emulator: Running) -> None:
    sid = _seed(http)
    page.goto(f"{emulator.url}/ui/{sid}")
    page.wait_for_selector("#charts figure.chart[data-chart-id='12']")
    made = http.get(f"/v4/spreadsheets/{sid}", params={"fields": "sheets.charts"}).json()
    spec = made["sheets"][0]["charts"][1]["spec"]
    spec["title"] = "新的标题"
    r = http.post(
        f"/v4/spreadsheets/{sid}:batchUpdate",
        json={"requests": [{"updateChartSpec": {"chartId": 12, "spec": spec}}]},
    )
    assert r.status_code == 200, r.text
    page.wait_for_selector("#charts figure.chart[data-chart-id='12']:has-text('新的标题')")
