"""Charts as Sheets API requests (``spreadsheets:batchUpdate``): ``addChart`` and ``updateChartSpec``.

The wire format is the Sheets v4 reference's: an ``AddChartRequest`` carries an ``EmbeddedChart``
(``chartId``, ``spec``: a ``ChartSpec`` with a ``basicChart``, ``position``: an
``EmbeddedObjectPosition`` with ``overlayPosition.anchorCell``); Sheets answers
``{"addChart": {"chart": {...}}}`` and lists the chart in ``spreadsheets.get`` as
``sheets[].charts[]``. An ``UpdateChartSpecRequest`` replaces a chart's spec by ``chartId``.

The product chooses its charts' ids (``chart_id``), so a tick knows them without reading the reply:
a chart the metadata lists is updated, any other is added (``chart_requests``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

ChartType = Literal["LINE", "COLUMN"]


@dataclass(frozen=True, slots=True)
class Block:
    """A block of cells on one grid (0-based, end exclusive): its first row is the header, its first
    column the domain (the labels along the bottom axis), each other column one series."""

    sheet_id: int
    first_row: int
    rows: int  # header included
    first_column: int
    columns: int  # domain included


@dataclass(frozen=True, slots=True)
class Chart:
    chart_id: int
    chart_type: ChartType
    title: str
    bottom_title: str
    left_title: str
    data: Block
    anchor_row: int  # where its top-left corner sits (0-based cell of data.sheet_id)
    anchor_column: int
    width: int = 600
    height: int = 320


def chart_id(name: str) -> int:
    """A stable chart id for ``name`` (a positive 31-bit integer, as Sheets ids are)."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:7], 16) + 1


def _column(block: Block, column: int) -> dict[str, Any]:
    """The GridRange of one column of ``block``, header included."""
    return {
        "sourceRange": {
            "sources": [
                {
                    "sheetId": block.sheet_id,
                    "startRowIndex": block.first_row,
                    "endRowIndex": block.first_row + block.rows,
                    "startColumnIndex": column,
                    "endColumnIndex": column + 1,
                }
            ]
        }
    }


def spec(chart: Chart) -> dict[str, Any]:
    """The ``ChartSpec``: a basic chart over ``chart.data`` (header row as series names)."""
    block = chart.data
    series = [
        {"series": _column(block, block.first_column + i), "targetAxis": "LEFT_AXIS"}
        for i in range(1, block.columns)
    ]
    return {
        "title": chart.title,
        "basicChart": {
            "chartType": chart.chart_type,
            "legendPosition": "BOTTOM_LEGEND",
            "axis": [
                {"position": "BOTTOM_AXIS", "title": chart.bottom_title},
                {"position": "LEFT_AXIS", "title": chart.left_title},
            ],
            "domains": [{"domain": _column(block, block.first_column)}],
            "series": series,
            "headerCount": 1,
        },
    }


def add_chart(chart: Chart) -> dict[str, Any]:
    return {
        "addChart": {
            "chart": {
                "chartId": chart.chart_id,
                "spec": spec(chart),
                "position": {
                    "overlayPosition": {
                        "anchorCell": {
                            "sheetId": chart.data.sheet_id,
                            "rowIndex": chart.anchor_row,
                            "columnIndex": chart.anchor_column,
                        },
                        "widthPixels": chart.width,
                        "heightPixels": chart.height,
                    }
                },
            }
        }
    }


def update_chart_spec(chart: Chart) -> dict[str, Any]:
    return {"updateChartSpec": {"chartId": chart.chart_id, "spec": spec(chart)}}


def chart_requests(charts: Sequence[Chart], existing: Collection[int]) -> list[dict[str, Any]]:
    """``updateChartSpec`` for each chart the spreadsheet has (``existing``: its chart ids), else
    ``addChart``."""
    return [update_chart_spec(c) if c.chart_id in existing else add_chart(c) for c in charts]
