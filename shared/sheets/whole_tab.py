"""A tab the product writes whole, values and formats in ONE ``spreadsheets:batchUpdate``.

For a tab no person edits (the overview's 总览): one ``updateCells`` over the whole sheet sets every
cell's value (RAW: text is never a formula) and format, and clears every cell beyond the rows given,
so a shorter table leaves nothing of a longer one behind. The tab is added in the same batch when
the spreadsheet does not have it. Sheet ids come from the gateway's cache (one metadata ``GET`` the
first time a gateway needs them); a batch that fails (a tab deleted since, or added by another
writer at the same moment) forgets them, so the next rewrite reads them afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.sheets.errors import SheetsError
from shared.sheets.gateway import CellValue, SheetsGateway

_FIELDS = "userEnteredValue,userEnteredFormat"


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value and look; colours as Sheets API 0..1 channels (``Rgb.as_api``)."""

    value: CellValue = ""
    background: Mapping[str, float] | None = None
    foreground: Mapping[str, float] | None = None
    bold: bool = False


def rewrite_tab(
    gateway: SheetsGateway, title: str, rows: Sequence[Sequence[Cell]], frozen_rows: int = 0
) -> None:
    """Make tab ``title`` hold exactly ``rows`` from A1: ONE ``spreadsheets:batchUpdate`` (plus the
    gateway's one metadata ``GET`` when it has no sheet ids yet). Raises SheetsError."""
    ids = gateway.sheet_ids()
    sheet_id = ids.get(title)
    requests: list[dict[str, Any]] = []
    if sheet_id is None:
        sheet_id = _new_sheet_id(title, ids.values())
        grid = {"rowCount": max(200, len(rows) + 20), "columnCount": 26, "frozenRowCount": frozen_rows}
        requests.append(
            {"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}}
        )
    requests.append(rewrite_request(sheet_id, rows))
    try:
        gateway.http.batch_update(gateway.spreadsheet_id, {"requests": requests})
    except SheetsError:
        gateway.forget_sheet_ids()
        raise
    gateway.remember_sheet_id(title, sheet_id)


def rewrite_request(sheet_id: int, rows: Sequence[Sequence[Cell]]) -> dict[str, Any]:
    """The one ``updateCells`` over the whole sheet: ``rows`` from A1, every other cell cleared."""
    return {
        "updateCells": {
            "range": {"sheetId": sheet_id},
            "rows": [{"values": [_cell_data(c) for c in row]} for row in rows],
            "fields": _FIELDS,
        }
    }


def _cell_data(cell: Cell) -> dict[str, Any]:
    data: dict[str, Any] = {}
    value = cell.value
    if isinstance(value, bool):
        data["userEnteredValue"] = {"boolValue": value}
    elif isinstance(value, int | float):
        data["userEnteredValue"] = {"numberValue": value}
    elif value != "":
        data["userEnteredValue"] = {"stringValue": value}
    fmt: dict[str, Any] = {}
    if cell.background is not None:
        fmt["backgroundColor"] = dict(cell.background)
    text: dict[str, Any] = {}
    if cell.foreground is not None:
        text["foregroundColor"] = dict(cell.foreground)
    if cell.bold:
        text["bold"] = True
    if text:
        fmt["textFormat"] = text
    if fmt:
        data["userEnteredFormat"] = fmt
    return data


def _new_sheet_id(title: str, taken: Iterable[int]) -> int:
    """A sheet id for a new tab, stable for its title (two writers adding it ask for the same one)."""
    used = set(taken)
    candidate = int(hashlib.sha256(title.encode("utf-8")).hexdigest()[:7], 16) or 1
    while candidate in used:
        candidate += 1
    return candidate
