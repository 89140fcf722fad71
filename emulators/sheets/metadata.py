"""The Spreadsheet resource: spreadsheets.create and spreadsheets.get (fields, ranges, grid data)."""

from __future__ import annotations

import copy
from typing import Any

from . import cellvalues, masks, requests_groups, theme
from .errors import ApiError, bad_request
from .ranges import Target, public_range, resolve
from .store import Cell, Sheet, Spreadsheet, new_spreadsheet_id

DEFAULT_ROW_HEIGHT = 21
DEFAULT_COLUMN_WIDTH = 100


def sheet_properties(sheet: Sheet) -> dict[str, Any]:
    grid: dict[str, Any] = {"rowCount": sheet.row_count, "columnCount": sheet.column_count}
    if sheet.frozen_rows:
        grid["frozenRowCount"] = sheet.frozen_rows
    if sheet.frozen_columns:
        grid["frozenColumnCount"] = sheet.frozen_columns
    if sheet.hide_gridlines:
        grid["hideGridlines"] = True
    if "ROWS" in sheet.group_controls:
        grid["rowGroupControlAfter"] = True
    if "COLUMNS" in sheet.group_controls:
        grid["columnGroupControlAfter"] = True
    props: dict[str, Any] = {
        "sheetId": sheet.sheet_id,
        "title": sheet.title,
        "index": sheet.index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }
    if sheet.hidden:
        props["hidden"] = True
    if sheet.tab_color:
        props["tabColor"] = copy.deepcopy(sheet.tab_color)
        props["tabColorStyle"] = {"rgbColor": copy.deepcopy(sheet.tab_color)}
    return props


def cell_data(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {}
    uev = cellvalues.user_entered_value(cell)
    if uev is not None:
        out["userEnteredValue"] = uev
        eff = cellvalues.effective_value(cell)
        if eff is not None:
            out["effectiveValue"] = eff
        out["formattedValue"] = cellvalues.shown(cell)
    if cell.fmt:
        out["userEnteredFormat"] = copy.deepcopy(cell.fmt)
        out["effectiveFormat"] = copy.deepcopy(cell.fmt)
    if cell.note is not None:
        out["note"] = cell.note
    if cell.validation:
        out["dataValidation"] = copy.deepcopy(cell.validation)
    return out


def grid_data(sheet: Sheet, bounds: tuple[int, int, int, int]) -> dict[str, Any]:
    r0, r1, c0, c1 = bounds
    last_r = max((r for (r, c) in sheet.cells if r0 <= r < r1 and c0 <= c < c1), default=r0 - 1)
    rows = []
    for r in range(r0, last_r + 1):
        rows.append({"values": [cell_data(sheet.get(r, c)) for c in range(c0, c1)]})
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    out["rowData"] = rows
    out["rowMetadata"] = [
        {"pixelSize": sheet.row_heights.get(r, DEFAULT_ROW_HEIGHT)} for r in range(r0, min(r1, last_r + 1))
    ]
    out["columnMetadata"] = [_column_meta(sheet, c) for c in range(c0, c1)]
    return out


def _column_meta(sheet: Sheet, c: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"pixelSize": sheet.column_widths.get(c, DEFAULT_COLUMN_WIDTH)}
    if c in sheet.hidden_columns:
        meta["hiddenByUser"] = True
    return meta


def protected_range(pr: dict[str, Any]) -> dict[str, Any]:
    """As the API answers it: sheetId 0 left out of the range, ``warningOnly`` only when true."""
    out = copy.deepcopy(pr)
    out["range"] = public_range(out.get("range") or {})
    if not out.get("warningOnly"):
        out.pop("warningOnly", None)
    return out


def sheet_resource(sheet: Sheet, data: list[dict[str, Any]] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": sheet_properties(sheet)}
    if data is not None:
        out["data"] = data
    if sheet.merges:
        out["merges"] = [public_range(m) for m in sheet.merges]
    if sheet.conditional_formats:
        rules = copy.deepcopy(sheet.conditional_formats)
        for rule in rules:
            rule["ranges"] = [public_range(r) for r in rule.get("ranges", [])]
        out["conditionalFormats"] = rules
    if sheet.basic_filter:
        flt = copy.deepcopy(sheet.basic_filter)
        flt["range"] = public_range(flt.get("range") or {})
        out["basicFilter"] = flt
    if sheet.protected_ranges:
        out["protectedRanges"] = [protected_range(p) for p in sheet.protected_ranges]
    for key, dim in (("rowGroups", "ROWS"), ("columnGroups", "COLUMNS")):
        groups = requests_groups.groups(sheet, dim)
        if groups:
            out[key] = groups
    if sheet.charts:
        out["charts"] = copy.deepcopy(sheet.charts)
    return out


def spreadsheet_resource(
    ss: Spreadsheet, base_url: str, include_grid: bool, targets: list[Target] | None
) -> dict[str, Any]:
    sheets = []
    for sheet in ss.ordered():
        mine = None if targets is None else [t for t in targets if t.sheet is sheet]
        if mine is not None and not mine:
            continue
        data = None
        if include_grid:
            bounds_list = (
                [t.clipped() for t in mine] if mine else [(0, sheet.row_count, 0, sheet.column_count)]
            )
            data = [grid_data(sheet, b) for b in bounds_list]
        sheets.append(sheet_resource(sheet, data))
    named = [
        {**copy.deepcopy(n), "range": public_range(n["range"])}
        for sheet in ss.ordered()
        for n in sheet.named_ranges
    ]
    return {
        "spreadsheetId": ss.spreadsheet_id,
        "properties": {
            "title": ss.title,
            "locale": ss.locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": ss.time_zone,
            "defaultFormat": theme.default_format(),
            "spreadsheetTheme": theme.spreadsheet_theme(),
        },
        "sheets": sheets,
        "namedRanges": named,
        "spreadsheetUrl": f"{base_url}/ui/{ss.spreadsheet_id}",
    }


def get(ss: Spreadsheet, params: dict[str, list[str]], base_url: str) -> dict[str, Any]:
    fields = params["fields"][-1] if params.get("fields") else None
    include = (params.get("includeGridData") or ["false"])[-1].lower() == "true"
    tree = None
    if fields:
        try:
            tree = masks.parse(fields)
        except masks.MaskError:
            raise bad_request(f"Invalid field selection {fields}", field="fields") from None
        # With a field mask, includeGridData is ignored: the mask decides.
        sheets_tree = tree.get("sheets", {}) if "sheets" in tree else {}
        include = sheets_tree is None or "data" in (sheets_tree or {})
    targets = [resolve(ss, r) for r in params.get("ranges", [])] or None
    resource = spreadsheet_resource(ss, base_url, include, targets)
    if tree is not None:
        resource = masks.select(resource, tree)
    pruned: dict[str, Any] = masks.prune(resource)
    return pruned


def create(body: dict[str, Any], base_url: str, spreadsheet_id: str | None = None) -> Spreadsheet:
    props = body.get("properties") or {}
    ss = Spreadsheet(
        spreadsheet_id=spreadsheet_id or new_spreadsheet_id(),
        title=props.get("title") or "Untitled spreadsheet",
        locale=props.get("locale") or "zh_CN",
        time_zone=props.get("timeZone") or "Asia/Shanghai",
    )
    for i, sheet_body in enumerate(body.get("sheets") or []):
        p = (sheet_body or {}).get("properties") or {}
        title = p.get("title") or f"Sheet{i + 1}"
        if ss.by_title(title):
            raise ApiError(400, f'A sheet with the name "{title}" already exists. Please enter another name.')
        grid = p.get("gridProperties") or {}
        ss.sheets.append(
            Sheet(
                sheet_id=p.get("sheetId", 0 if i == 0 else ss.new_sheet_id()),
                title=title,
                index=i,
                row_count=grid.get("rowCount", 1000),
                column_count=grid.get("columnCount", 26),
                frozen_rows=grid.get("frozenRowCount", 0),
                frozen_columns=grid.get("frozenColumnCount", 0),
            )
        )
    if not ss.sheets:
        ss.sheets.append(Sheet(sheet_id=0, title="Sheet1", index=0))
    return ss
