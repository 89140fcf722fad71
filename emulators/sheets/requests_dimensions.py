"""batchUpdate requests on rows and columns: updateDimensionProperties, insertDimension,
deleteDimension, appendDimension, autoResizeDimensions, sortRange."""

from __future__ import annotations

from typing import Any

from . import cellvalues, masks, structure
from .requests_common import Fail, Reply, fields_of, sheet_by_id, target
from .store import Sheet, Spreadsheet


def dimension_range(ss: Spreadsheet, rng: Any, *, within_grid: bool = False) -> tuple[Sheet, str, int, int]:
    """A DimensionRange -> (sheet, ROWS|COLUMNS, start, end); an open end is the grid's edge.
    ``within_grid``: the range must be non-empty and inside the grid (dimension groups)."""
    if not isinstance(rng, dict):
        raise Fail("range must be a DimensionRange")
    sheet = sheet_by_id(ss, rng.get("sheetId"))
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise Fail(f'Invalid value at range.dimension, "{dim}"')
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    start = rng.get("startIndex", 0) or 0
    end = rng.get("endIndex")
    if end is None:
        end = limit
    if within_grid:
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= limit:
            raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end} (grid size {limit})")
    elif start < 0 or end < start:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end}")
    return sheet, dim, start, end


def update_dimension_properties(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
    sheet, dim, start, end = dimension_range(ss, args.get("range"))
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    if end > limit:
        raise Fail(f"Invalid dimension range: endIndex {end} is beyond the grid ({limit})")
    props = args.get("properties") or {}
    sizes = sheet.row_heights if dim == "ROWS" else sheet.column_widths
    hidden = sheet.hidden_rows if dim == "ROWS" else sheet.hidden_columns
    for i in range(start, end):
        current: dict[str, Any] = {"hiddenByUser": i in hidden}
        if i in sizes:
            current["pixelSize"] = sizes[i]
        masks.apply(current, props, fields, allowed={"pixelSize", "hiddenByUser", "developerMetadata"})
        if "pixelSize" in current:
            size = current["pixelSize"]
            if not isinstance(size, int) or size < 0:
                raise Fail("pixelSize must be a non-negative integer")
            sizes[i] = size
        else:
            sizes.pop(i, None)
        if current.get("hiddenByUser"):
            hidden.add(i)
        else:
            hidden.discard(i)
    return {}


def insert_dimension(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dim, start, end = dimension_range(ss, args.get("range"))
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    if start > limit or end == start:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end} (grid size {limit})")
    inherit = bool(args.get("inheritFromBefore", False))
    if inherit and start == 0:
        raise Fail("Cannot inherit from before when inserting at the first row or column")
    structure.insert(sheet, dim, start, end, inherit)
    return {}


def delete_dimension(
    ss: Spreadsheet, args: dict[str, Any], where: str, later: structure.PendingDeletes | None = None
) -> Reply:
    """``later``: the cells move when the batch's run of deletes ends (batch_update.py)."""
    sheet, dim, start, end = dimension_range(ss, args.get("range"))
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    end = min(end, limit)
    if start >= end:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end}")
    if start == 0 and end >= limit:
        what = "rows" if dim == "ROWS" else "columns"
        raise Fail(f"You can't delete all the {what} on the sheet.")
    structure.delete(sheet, dim, start, end, later)
    return {}


def append_dimension(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = sheet_by_id(ss, args.get("sheetId"))
    dim, length = args.get("dimension"), args.get("length")
    if dim not in ("ROWS", "COLUMNS") or not isinstance(length, int) or length < 1:
        raise Fail("dimension must be ROWS or COLUMNS and length a positive integer")
    if dim == "ROWS":
        sheet.row_count += length
    else:
        sheet.column_count += length
    return {}


def auto_resize_dimensions(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dim, start, end = dimension_range(ss, args.get("dimensions"))
    if dim == "ROWS":
        for r in range(start, end):
            sheet.row_heights.pop(r, None)
        return {}
    for c in range(start, end):
        longest = max(
            (
                _display_width(cellvalues.formatted(cell.value))
                for (_, cc), cell in sheet.cells.items()
                if cc == c
            ),
            default=0,
        )
        sheet.column_widths[c] = max(40, min(600, longest * 7 + 16))
    return {}


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in max(text.splitlines() or [""], key=len))


def sort_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    t = target(ss, args.get("range"), where)
    r0, r1, c0, c1 = t.clipped()
    specs = []
    for spec in args.get("sortSpecs") or []:
        idx = spec.get("dimensionIndex")
        if not isinstance(idx, int) or not c0 <= idx < c1:
            raise Fail(f"sortSpecs dimensionIndex {idx} is outside the range")
        order = spec.get("sortOrder", "ASCENDING")
        if order not in ("ASCENDING", "DESCENDING", "SORT_ORDER_UNSPECIFIED"):
            raise Fail(f'Invalid value at sortOrder, "{order}"')
        specs.append((idx, order != "DESCENDING"))
    if not specs:
        raise Fail("At least one sort spec is required")
    structure.sort_rows(t.sheet, r0, r1, c0, c1, specs)
    return {}
