"""Append rows to several tabs in ONE ``spreadsheets:batchUpdate`` (one ``appendCells`` per tab).

``values:append`` serves one range per call; a tick appends to up to three tabs (new orders, the
日志 log, the 异常 list), so this keeps the tick within its call budget. Values are written as
``stringValue`` (numbers as ``numberValue``): text from outside can never become a formula, exactly
like RAW. ``appendCells`` places rows after the last row with data and grows the grid as needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.sheets.errors import SheetLayoutError
from shared.sheets.gateway import SheetsGateway, _guard
from shared.sheets.layout import Table

CellValue = str | int | float | bool | None
_TEXT_FORMAT: dict[str, Any] = {"numberFormat": {"type": "TEXT"}}


@dataclass(frozen=True, slots=True)
class Appendix:
    """Rows (field -> value) for the tab whose header was read in ``header``."""

    header: Table
    rows: Sequence[Mapping[str, CellValue]]


def _cell(value: CellValue) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def append_request(sheet_id: int, part: Appendix) -> dict[str, Any]:
    """The ``appendCells`` request for one tab (pure)."""
    columns = part.header.columns
    if not columns:
        raise SheetLayoutError(f"tab {part.header.title!r} has none of the expected headers")
    width = max(columns.values())
    # Identifier columns get plain-text format on the new rows too (empty cells included: that is
    # where an operator types the tracking number), whatever the grid's new rows would inherit.
    text_columns = {columns[c.field] for c in part.header.layout.columns if c.text and c.field in columns}
    rows = []
    for entry in part.rows:
        cells: list[dict[str, Any]] = [{} for _ in range(width)]
        for name, value in entry.items():
            col = columns.get(name)
            if col is not None:
                cells[col - 1] = _cell(value)
        for col in text_columns:
            cells[col - 1] = {**cells[col - 1], "userEnteredFormat": _TEXT_FORMAT}
        rows.append({"values": cells})
    fields = "userEnteredValue,userEnteredFormat.numberFormat" if text_columns else "userEnteredValue"
    return {"appendCells": {"sheetId": sheet_id, "rows": rows, "fields": fields}}


def append_all(gateway: SheetsGateway, parts: Sequence[Appendix]) -> int:
    """Append every part in one call; returns the number of rows appended (0: no call made).

    The HTTP client retries ``spreadsheets:batchUpdate`` on 5xx; if a lost answer had in fact been
    applied, a row can appear twice. Order rows are keyed, so the next read sees the duplicate key
    (the gateway then refuses to write to either row, and reconcile reports it); log rows are
    harmless twice.
    """
    parts = [p for p in parts if p.rows]
    if not parts:
        return 0
    ids = gateway.sheet_ids()
    requests = []
    for part in parts:
        if part.header.title not in ids:
            raise SheetLayoutError(f"no tab {part.header.title!r}: run init-sheet")
        requests.append(append_request(ids[part.header.title], part))
    with _guard("appendCells"):
        gateway.http.batch_update(gateway.spreadsheet_id, {"requests": requests})
    return sum(len(p.rows) for p in parts)
