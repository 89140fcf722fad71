"""batchUpdate requests on sheets: addSheet, deleteSheet, updateSheetProperties,
updateSpreadsheetProperties."""

from __future__ import annotations

from typing import Any

from . import cellvalues, masks, metadata, structure
from .requests_common import Fail, Reply, fields_of, sheet_by_id, touched
from .store import Sheet, Spreadsheet


def add_sheet(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    props = args.get("properties") or {}
    title = props.get("title")
    if not title:
        n = len(ss.sheets) + 1
        while ss.by_title(f"Sheet{n}"):
            n += 1
        title = f"Sheet{n}"
    if ss.by_title(title):
        raise Fail(f'A sheet with the name "{title}" already exists. Please enter another name.')
    sheet_id = props.get("sheetId")
    if sheet_id is None:
        sheet_id = ss.new_sheet_id()
    elif ss.by_id(sheet_id):
        raise Fail(f"Sheet with id {sheet_id} already exists.")
    grid = props.get("gridProperties") or {}
    index = props.get("index", len(ss.sheets))
    for s in ss.sheets:
        if s.index >= index:
            s.index += 1
    sheet = Sheet(
        sheet_id=sheet_id,
        title=title,
        index=index,
        row_count=grid.get("rowCount", 1000),
        column_count=grid.get("columnCount", 26),
        frozen_rows=grid.get("frozenRowCount", 0),
        frozen_columns=grid.get("frozenColumnCount", 0),
        hidden=bool(props.get("hidden", False)),
        tab_color=cellvalues.quantize_color(props["tabColor"]) if props.get("tabColor") else None,
    )
    ss.sheets.append(sheet)
    ss.reindex()
    return {"addSheet": {"properties": metadata.sheet_properties(sheet)}}


def delete_sheet(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = sheet_by_id(ss, args.get("sheetId"))
    if len(ss.sheets) == 1:
        raise Fail("You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.reindex()
    return {}


def update_sheet_properties(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
    props = args.get("properties") or {}
    sheet = sheet_by_id(ss, props.get("sheetId"))
    current = metadata.sheet_properties(sheet)
    allowed = {"title", "index", "gridProperties", "hidden", "tabColor", "tabColorStyle", "rightToLeft"}
    masks.apply(current, props, fields, allowed=allowed)
    title = current.get("title")
    if not title:
        raise Fail("The sheet title must not be empty")
    other = ss.by_title(title)
    if other is not None and other is not sheet:
        raise Fail(f'A sheet with the name "{title}" already exists. Please enter another name.')
    sheet.title = title
    grid = current.get("gridProperties") or {}
    rows, cols = grid.get("rowCount", sheet.row_count), grid.get("columnCount", sheet.column_count)
    if rows < 1 or cols < 1:
        raise Fail("A sheet must have at least one row and one column")
    if rows < sheet.row_count:
        structure.delete(sheet, "ROWS", rows, sheet.row_count)
    if cols < sheet.column_count:
        structure.delete(sheet, "COLUMNS", cols, sheet.column_count)
    sheet.row_count, sheet.column_count = rows, cols
    sheet.frozen_rows = grid.get("frozenRowCount", 0) or 0
    sheet.frozen_columns = grid.get("frozenColumnCount", 0) or 0
    sheet.hide_gridlines = bool(grid.get("hideGridlines", False))
    sheet.hidden = bool(current.get("hidden", False))
    if all(s.hidden for s in ss.sheets):
        raise Fail("You can't hide all the sheets in a document.")
    if touched(fields, ("tabColorStyle",)) and not touched(fields, ("tabColor",)):
        style = (current.get("tabColorStyle") or {}).get("rgbColor")
        sheet.tab_color = cellvalues.quantize_color(style) if style else None
    else:
        color = current.get("tabColor")
        sheet.tab_color = cellvalues.quantize_color(color) if color else None
    if "index" in current and current["index"] != sheet.index:
        others = [s for s in ss.ordered() if s is not sheet]
        others.insert(max(0, min(int(current["index"]), len(others))), sheet)
        for i, s in enumerate(others):
            s.index = i
    return {}


def update_spreadsheet_properties(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
    current = {"title": ss.title, "locale": ss.locale, "timeZone": ss.time_zone}
    masks.apply(current, args.get("properties") or {}, fields, allowed={"title", "locale", "timeZone"})
    ss.title = current.get("title") or ss.title
    ss.locale = current.get("locale") or ss.locale
    ss.time_zone = current.get("timeZone") or ss.time_zone
    return {}
