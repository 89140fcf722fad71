"""The chart requests' shape against the Sheets API's own description of it.

Two checks: Google's published discovery document for Sheets v4 (the schema the emulator enforces,
emulators/sheets/schema.py: every field name, enum value and oneof) accepts them; and the fields the
reference pages name for AddChartRequest / UpdateChartSpecRequest / EmbeddedChart / ChartSpec /
BasicChartSpec are where the product puts them.
"""

from __future__ import annotations

from typing import Any

from emulators.sheets import schema
from shared.sheets.charts import Block, Chart, chart_id, chart_requests, spec

BLOCK = Block(sheet_id=77, first_row=20, rows=5, first_column=0, columns=4)
LINE = Chart(chart_id("on-time"), "LINE", "按时率", "周", "%", BLOCK, anchor_row=40, anchor_column=0)
COLUMN = Chart(chart_id("kinds"), "COLUMN", "异常", "类型", "每百件", BLOCK, anchor_row=40, anchor_column=7)


def _accepted(requests: list[dict[str, Any]]) -> dict[str, Any]:
    _params, body = schema.check("spreadsheets.batchUpdate", {}, {"requests": requests})  # raises if refused
    return body


def test_add_and_update_pass_the_discovery_schema() -> None:
    added = chart_requests([LINE, COLUMN], existing=())
    assert [next(iter(r)) for r in added] == ["addChart", "addChart"]
    _accepted(added)
    updated = chart_requests([LINE, COLUMN], existing={LINE.chart_id})
    assert [next(iter(r)) for r in updated] == ["updateChartSpec", "addChart"]
    _accepted(updated)


def test_add_chart_shape() -> None:
    (request,) = chart_requests([LINE], existing=())
    chart = request["addChart"]["chart"]
    assert set(chart) == {"chartId", "spec", "position"}
    assert chart["chartId"] == LINE.chart_id and 0 < LINE.chart_id < 2**31
    overlay = chart["position"]["overlayPosition"]
    assert overlay["anchorCell"] == {"sheetId": 77, "rowIndex": 40, "columnIndex": 0}
    assert (overlay["widthPixels"], overlay["heightPixels"]) == (600, 320)


def test_spec_shape_domain_and_series_are_the_block_columns() -> None:
    body = spec(LINE)
    assert body["title"] == "按时率"
    basic = body["basicChart"]
    assert basic["chartType"] == "LINE" and basic["headerCount"] == 1
    assert [a["position"] for a in basic["axis"]] == ["BOTTOM_AXIS", "LEFT_AXIS"]
    (domain,) = basic["domains"]
    assert domain["domain"]["sourceRange"]["sources"] == [
        {"sheetId": 77, "startRowIndex": 20, "endRowIndex": 25, "startColumnIndex": 0, "endColumnIndex": 1}
    ]
    columns = [s["series"]["sourceRange"]["sources"][0]["startColumnIndex"] for s in basic["series"]]
    assert columns == [1, 2, 3] and {s["targetAxis"] for s in basic["series"]} == {"LEFT_AXIS"}


def test_update_chart_spec_shape() -> None:
    (request,) = chart_requests([COLUMN], existing={COLUMN.chart_id})
    assert request == {"updateChartSpec": {"chartId": COLUMN.chart_id, "spec": spec(COLUMN)}}


def test_the_schema_check_would_catch_a_wrong_shape() -> None:
    """The check above can fail: a chart type Sheets does not list is refused."""
    import pytest

    from emulators.sheets.errors import ApiError

    bad = chart_requests([Chart(1, "PIE_3D", "x", "", "", BLOCK, 0, 0)], existing=())  # type: ignore[arg-type]
    with pytest.raises(ApiError):
        _accepted(bad)
