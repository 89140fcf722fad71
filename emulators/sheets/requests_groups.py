"""batchUpdate requests on row and column groups: addDimensionGroup, deleteDimensionGroup,
updateDimensionGroup; and the groups as ``spreadsheets.get`` lists them (``rowGroups``,
``columnGroups``).

Sheets' documented rules (AddDimensionGroupRequest, DeleteDimensionGroupRequest) are those of a
depth per row or column: adding a group over a range adds one to the depth of each index in it
(``[C:D depth 1] + [B:E]`` gives ``[B:E depth 1]`` and ``[C:D depth 2]``), deleting one takes one
off (``[B:E 1], [C:D 2]`` minus ``D:E`` gives ``[B:D 1], [C:C 2]``), and the groups are the
maximal runs of indexes at each depth. So two adjacent groups of the same depth read as one.
"""

from __future__ import annotations

from typing import Any

from . import masks
from .requests_common import Fail, Reply, fields_of
from .requests_dimensions import dimension_range
from .store import Sheet, Spreadsheet


def _depths(sheet: Sheet, dimension: str) -> dict[int, int]:
    return sheet.row_depths if dimension == "ROWS" else sheet.column_depths


def _dimension_range(sheet: Sheet, dimension: str, start: int, end: int) -> dict[str, Any]:
    out: dict[str, Any] = {"dimension": dimension, "startIndex": start, "endIndex": end}
    if sheet.sheet_id:
        out = {"sheetId": sheet.sheet_id, **out}
    return out


def groups(sheet: Sheet, dimension: str) -> list[dict[str, Any]]:
    """The groups as the API lists them: by start index, then depth."""
    depths = _depths(sheet, dimension)
    found: list[tuple[int, int, int]] = []  # (start, depth, end)
    for depth in range(1, max(depths.values(), default=0) + 1):
        start = prev = -2
        for i in sorted(i for i, d in depths.items() if d >= depth):
            if i != prev + 1:
                if start >= 0:
                    found.append((start, depth, prev + 1))
                start = i
            prev = i
        if start >= 0:
            found.append((start, depth, prev + 1))
    out = []
    for start, depth, end in sorted(found):
        group: dict[str, Any] = {"range": _dimension_range(sheet, dimension, start, end), "depth": depth}
        if [dimension, start, end, depth] in sheet.collapsed_groups:
            group["collapsed"] = True
        out.append(group)
    return out


def _keep_live_collapsed(sheet: Sheet) -> None:
    live = {
        (dim, g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for dim in ("ROWS", "COLUMNS")
        for g in groups(sheet, dim)
    }
    sheet.collapsed_groups = [c for c in sheet.collapsed_groups if tuple(c) in live]


def _range(ss: Spreadsheet, rng: Any) -> tuple[Sheet, str, int, int]:
    return dimension_range(ss, rng, within_grid=True)


def _reply_groups(sheet: Sheet, dimension: str) -> dict[str, Any]:
    found = groups(sheet, dimension)
    return {"dimensionGroups": found} if found else {}


def add_dimension_group(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dimension, start, end = _range(ss, args.get("range"))
    depths = _depths(sheet, dimension)
    for i in range(start, end):
        depths[i] = depths.get(i, 0) + 1
    sheet.group_controls.add(dimension)
    _keep_live_collapsed(sheet)
    return {"addDimensionGroup": _reply_groups(sheet, dimension)}


def delete_dimension_group(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dimension, start, end = _range(ss, args.get("range"))
    depths = _depths(sheet, dimension)
    if not any(depths.get(i, 0) for i in range(start, end)):
        raise Fail(f"No group of {dimension.lower()} in the range {start}:{end}")
    for i in range(start, end):
        if depths.get(i, 0) > 1:
            depths[i] -= 1
        else:
            depths.pop(i, None)
    _keep_live_collapsed(sheet)
    return {"deleteDimensionGroup": _reply_groups(sheet, dimension)}


def update_dimension_group(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    """Only ``collapsed`` can change; the range and depth name the group."""
    fields = fields_of(args)
    group = args.get("dimensionGroup")
    if not isinstance(group, dict):
        raise Fail("dimensionGroup must be set")
    sheet, dimension, start, end = _range(ss, group.get("range"))
    depth = group.get("depth")
    current = next(
        (
            g
            for g in groups(sheet, dimension)
            if (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"]) == (start, end, depth)
        ),
        None,
    )
    if current is None:
        raise Fail(f"No dimension group with range {start}:{end} and depth {depth}")
    state = {"collapsed": bool(current.get("collapsed"))}
    masks.apply(state, group, fields, allowed={"collapsed"})
    key = [dimension, start, end, depth]
    sheet.collapsed_groups = [c for c in sheet.collapsed_groups if c != key]
    if state.get("collapsed"):
        sheet.collapsed_groups.append(key)
    return {}
