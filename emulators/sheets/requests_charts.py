"""Charts: addChart, updateChartSpec, deleteEmbeddedObject (batchUpdate request types).

A chart is stored as the EmbeddedChart resource Sheets returns (``chartId``, ``spec``, ``position``,
``border``) on the grid it is drawn over, and read back by spreadsheets.get as ``sheets[].charts[]``.
The request bodies were already checked against the discovery document (schema.py); here the
emulator enforces what the reference says beyond the schema: chart ids are unique in the
spreadsheet (a given id is kept, else one is assigned), a chart sits over a grid that exists
(``overlayPosition.anchorCell``; a chart on a sheet of its own is not implemented and refused), and
its data ranges name existing grids. The spec is kept as given: the emulator computes nothing from
it; the web view draws it from the cells its ranges name.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from .requests_common import Fail, Reply
from .store import Sheet, Spreadsheet

# What Sheets answers for an overlay position left partly unset (its documented defaults).
_DEFAULT_WIDTH, _DEFAULT_HEIGHT = 600, 371


def _all_charts(ss: Spreadsheet) -> list[tuple[Sheet, dict[str, Any]]]:
    return [(sheet, chart) for sheet in ss.sheets for chart in sheet.charts]


def _new_id(ss: Spreadsheet) -> int:
    taken = {c["chartId"] for _, c in _all_charts(ss)}
    while True:
        candidate = secrets.randbelow(2**31 - 1) + 1
        if candidate not in taken:
            return candidate


def _ranges(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every GridRange a spec's data comes from (domains and series of a basic chart)."""
    basic = spec.get("basicChart") or {}
    found = []
    for part in [*(basic.get("domains") or []), *(basic.get("series") or [])]:
        data = (part.get("domain") or part.get("series") or {}).get("sourceRange") or {}
        found += [r or {} for r in data.get("sources") or []]
    return found


def _check_spec(ss: Spreadsheet, spec: dict[str, Any]) -> None:
    for rng in _ranges(spec):
        if ss.by_id(rng.get("sheetId", 0) or 0) is None:
            raise Fail(f"No grid with id: {rng.get('sheetId', 0)}")


def add_chart(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    chart = copy.deepcopy(args.get("chart") or {})
    spec = chart.get("spec")
    if not spec:
        raise Fail("chart.spec is required")
    position = chart.get("position") or {}
    overlay = position.get("overlayPosition")
    if overlay is None:
        raise Fail("only charts over a grid (position.overlayPosition) are implemented by the emulator")
    anchor = overlay.get("anchorCell") or {}
    host = ss.by_id(anchor.get("sheetId", 0) or 0)
    if host is None:
        raise Fail(f"No grid with id: {anchor.get('sheetId', 0)}")
    _check_spec(ss, spec)
    chart_id = chart.get("chartId")
    if chart_id is None:
        chart_id = _new_id(ss)
    elif any(c["chartId"] == chart_id for _, c in _all_charts(ss)):
        raise Fail(f"An object with the id {chart_id} already exists.")
    stored = {
        "chartId": chart_id,
        "spec": spec,
        "position": {
            "overlayPosition": {
                "anchorCell": {
                    "sheetId": host.sheet_id,
                    "rowIndex": anchor.get("rowIndex", 0) or 0,
                    "columnIndex": anchor.get("columnIndex", 0) or 0,
                },
                "offsetXPixels": overlay.get("offsetXPixels", 0) or 0,
                "offsetYPixels": overlay.get("offsetYPixels", 0) or 0,
                "widthPixels": overlay.get("widthPixels") or _DEFAULT_WIDTH,
                "heightPixels": overlay.get("heightPixels") or _DEFAULT_HEIGHT,
            }
        },
        "border": chart.get("border") or {"color": {"red": 1, "green": 1, "blue": 1}},
    }
    host.charts.append(stored)
    return {"addChart": {"chart": copy.deepcopy(stored)}}


def update_chart_spec(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    chart_id = args.get("chartId")
    spec = args.get("spec")
    if not spec:
        raise Fail("spec is required")
    for _, chart in _all_charts(ss):
        if chart["chartId"] == chart_id:
            _check_spec(ss, spec)
            chart["spec"] = copy.deepcopy(spec)
            return {}
    raise Fail(f"No chart with id: {chart_id}")


def delete_embedded_object(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    object_id = args.get("objectId")
    for sheet, chart in _all_charts(ss):
        if chart["chartId"] == object_id:
            sheet.charts.remove(chart)
            return {}
    raise Fail(f"No object with id: {object_id}")
