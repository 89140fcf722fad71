"""batchUpdate requests mergeCells and unmergeCells; merged blocks are listed in the sheet's
``merges`` (GridRanges, ``sheetId`` 0 left out), as gspread's recorded
``test_get_merge_cells_and_unmerge_cells`` shows: MERGE_COLUMNS makes one merge per column,
MERGE_ROWS one per row.

As in Sheets, a merged block keeps only its top-left value: the other cells' values are cleared
(their formats stay). A merge that overlaps an existing merge only in part is refused; existing
merges inside the new block are replaced by it. (The wording of that refusal is the web
application's; the API's own wording is not recorded.)
"""

from __future__ import annotations

from typing import Any

from .requests_common import Fail, Reply, target
from .store import Sheet, Spreadsheet

MERGE_TYPES = ("MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS")
PARTIAL = "You must select all cells in a merged range to merge or unmerge them."

Box = tuple[int, int, int, int]  # r0, r1, c0, c1 (end-exclusive)


def box(rng: dict[str, Any]) -> Box:
    return (rng["startRowIndex"], rng["endRowIndex"], rng["startColumnIndex"], rng["endColumnIndex"])


def _grid_range(sheet: Sheet, b: Box) -> dict[str, Any]:
    return {
        "sheetId": sheet.sheet_id,
        "startRowIndex": b[0],
        "endRowIndex": b[1],
        "startColumnIndex": b[2],
        "endColumnIndex": b[3],
    }


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer[2] <= inner[2] and inner[3] <= outer[3]


def _remove_within(sheet: Sheet, area: Box) -> None:
    """Drop the merges inside ``area``; one crossing its edge is refused."""
    kept = []
    for m in sheet.merges:
        b = box(m)
        if not _overlaps(b, area):
            kept.append(m)
        elif not inside(b, area):
            raise Fail(PARTIAL)
    sheet.merges = kept


def add_merge(sheet: Sheet, b: Box) -> None:
    """Record one merged block and clear every value in it but the top-left one."""
    if (b[1] - b[0]) * (b[3] - b[2]) < 2:
        return  # one cell: nothing to merge
    sheet.merges.append(_grid_range(sheet, b))
    for (r, c), cell in list(sheet.cells.items()):
        if b[0] <= r < b[1] and b[2] <= c < b[3] and (r, c) != (b[0], b[2]):
            sheet.put(r, c, cell.with_(value=None, formula=None))


def merge_cells(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    t = target(ss, args.get("range"), where)
    merge_type = args.get("mergeType", "MERGE_ALL")
    if merge_type not in MERGE_TYPES:
        raise Fail(f'Invalid value at mergeType, "{merge_type}"')
    r0, r1, c0, c1 = t.clipped()
    _remove_within(t.sheet, (r0, r1, c0, c1))
    if merge_type == "MERGE_ALL":
        blocks = [(r0, r1, c0, c1)]
    elif merge_type == "MERGE_COLUMNS":
        blocks = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:
        blocks = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    for b in blocks:
        add_merge(t.sheet, b)
    return {}


def unmerge_cells(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    t = target(ss, args.get("range"), where)
    _remove_within(t.sheet, t.clipped())
    return {}
