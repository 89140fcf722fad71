"""spreadsheets.batchUpdate: the request types the project uses. All-or-nothing (the caller
snapshots the spreadsheet and restores it when an ApiError escapes). A request type the emulator
does not implement answers 400 and is never silently ignored."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from typing import Any

from . import cellvalues, masks, metadata, structure
from .errors import ApiError, unknown_field
from .ranges import Target, grid_range, resolve
from .store import Cell, Sheet, Spreadsheet

# Every request type of the real API (v4), so an unknown name and an unimplemented one answer
# differently (both 400).
GOOGLE_REQUEST_TYPES = frozenset(
    """updateSpreadsheetProperties updateSheetProperties updateDimensionProperties updateNamedRange
    repeatCell addNamedRange deleteNamedRange addSheet deleteSheet autoFill cutPaste copyPaste
    mergeCells unmergeCells updateBorders updateCells addFilterView appendCells clearBasicFilter
    deleteDimension deleteEmbeddedObject deleteFilterView duplicateFilterView duplicateSheet
    findReplace insertDimension insertRange moveDimension updateEmbeddedObjectPosition pasteData
    textToColumns updateFilterView deleteRange appendDimension addConditionalFormatRule
    updateConditionalFormatRule deleteConditionalFormatRule sortRange setDataValidation
    setBasicFilter addProtectedRange updateProtectedRange deleteProtectedRange autoResizeDimensions
    addChart updateChartSpec updateBanding addBanding deleteBanding createDeveloperMetadata
    updateDeveloperMetadata deleteDeveloperMetadata randomizeRange addDimensionGroup
    deleteDimensionGroup updateDimensionGroup trimWhitespace deleteDuplicates
    updateEmbeddedObjectBorder addSlicer updateSlicerSpec addDataSource updateDataSource
    deleteDataSource refreshDataSource cancelDataSourceRefresh addTable updateTable deleteTable""".split()  # noqa: SIM905
)

CONDITION_TYPES = frozenset(
    """NUMBER_GREATER NUMBER_GREATER_THAN_EQ NUMBER_LESS NUMBER_LESS_THAN_EQ NUMBER_EQ NUMBER_NOT_EQ
    NUMBER_BETWEEN NUMBER_NOT_BETWEEN TEXT_CONTAINS TEXT_NOT_CONTAINS TEXT_STARTS_WITH TEXT_ENDS_WITH
    TEXT_EQ TEXT_IS_EMAIL TEXT_IS_URL DATE_EQ DATE_BEFORE DATE_AFTER DATE_ON_OR_BEFORE
    DATE_ON_OR_AFTER DATE_BETWEEN DATE_NOT_BETWEEN DATE_IS_VALID ONE_OF_RANGE ONE_OF_LIST BLANK
    NOT_BLANK CUSTOM_FORMULA BOOLEAN TEXT_NOT_EQ DATE_NOT_EQ FILTER_EXPRESSION""".split()  # noqa: SIM905
)

_CELL_FIELDS = {"userEnteredValue", "userEnteredFormat", "note", "dataValidation"}
_COLOR_PAIRS = (
    (("userEnteredFormat", "backgroundColor"), ("userEnteredFormat", "backgroundColorStyle")),
    (
        ("userEnteredFormat", "textFormat", "foregroundColor"),
        ("userEnteredFormat", "textFormat", "foregroundColorStyle"),
    ),
)

Reply = dict[str, Any]


class Fail(Exception):
    """A problem inside one request; becomes 'Invalid requests[i].<type>: <message>'."""


def apply(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    allowed = {"requests", "includeSpreadsheetInResponse", "responseRanges", "responseIncludeGridData"}
    for key in body:
        if key not in allowed:
            raise unknown_field(key, "")
    requests = body.get("requests") or []
    if not isinstance(requests, list):
        raise ApiError(400, "Invalid value at 'requests': expected a list")
    replies = []
    for i, req in enumerate(requests):
        if not isinstance(req, dict) or len(req) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one request kind must be set")
        kind, args = next(iter(req.items()))
        handler = HANDLERS.get(kind)
        if handler is None:
            if kind in GOOGLE_REQUEST_TYPES:
                raise ApiError(
                    400,
                    f"Invalid requests[{i}].{kind}: this request type is not implemented by the "
                    "Waybill Relay Sheets emulator (it is never silently ignored)",
                )
            raise unknown_field(kind, f"requests[{i}]")
        where = f"requests[{i}].{kind}"
        try:
            replies.append(handler(ss, args or {}, where))
        except Fail as err:
            raise ApiError(400, f"Invalid {where}: {err}") from None
        except masks.MaskError as err:
            raise ApiError(400, f"Invalid {where}: Invalid field mask '{err}'") from None
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        params: dict[str, list[str]] = {"ranges": list(body.get("responseRanges") or [])}
        params["includeGridData"] = ["true" if body.get("responseIncludeGridData") else "false"]
        out["updatedSpreadsheet"] = metadata.get(ss, params, "")
    return out


# --- cells -----------------------------------------------------------------------------------


def _cell_as_data(cell: Cell) -> dict[str, Any]:
    d: dict[str, Any] = {}
    uev = cellvalues.user_entered_value(cell)
    if uev is not None:
        d["userEnteredValue"] = uev
    if cell.fmt:
        d["userEnteredFormat"] = copy.deepcopy(cell.fmt)
    if cell.note is not None:
        d["note"] = cell.note
    if cell.validation:
        d["dataValidation"] = copy.deepcopy(cell.validation)
    return d


def _touched(mask: str, path: tuple[str, ...]) -> bool:
    if mask.strip() == "*":
        return True
    for p in masks.paths(masks.parse(mask)):
        n = min(len(p), len(path))
        if p[:n] == path[:n]:
            return True
    return False


def _get(d: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = d
    for name in path:
        if not isinstance(node, dict) or name not in node:
            return None
        node = node[name]
    return node


def _put(d: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = d
    for name in path[:-1]:
        node = node.setdefault(name, {})
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def _sync_colors(data: dict[str, Any], source: dict[str, Any], mask: str) -> None:
    """The API fills both forms of a colour when one is set, and keeps 8 bits per channel."""
    for plain, style in _COLOR_PAIRS:
        if not (_touched(mask, plain) or _touched(mask, style)):
            continue
        src_style = _get(source, (*style, "rgbColor"))
        src_plain = _get(source, plain)
        color = src_style if isinstance(src_style, dict) else src_plain
        if isinstance(color, dict):
            q = cellvalues.quantize_color(color)
            _put(data, plain, q)
            _put(data, style, {"rgbColor": copy.deepcopy(q)})
        else:  # named in the mask but absent from the request: cleared, both forms
            _put(data, plain, None)
            _put(data, style, None)
    fmt = data.get("userEnteredFormat")
    if isinstance(fmt, dict) and isinstance(fmt.get("textFormat"), dict) and not fmt["textFormat"]:
        fmt.pop("textFormat")
    if isinstance(fmt, dict) and not fmt:
        data.pop("userEnteredFormat")


def _apply_cell(cell: Cell, source: dict[str, Any], mask: str) -> Cell:
    if not isinstance(source, dict):
        raise Fail("CellData must be an object")
    data = _cell_as_data(cell)
    masks.apply(data, source, mask, allowed=_CELL_FIELDS)
    _sync_colors(data, source, mask)
    if "dataValidation" in data:
        _check_rule(data["dataValidation"])
    value, formula = cell.value, cell.formula
    if _touched(mask, ("userEnteredValue",)):
        value, formula = cellvalues.from_extended(data.get("userEnteredValue"))
    return Cell(
        value=value,
        formula=formula,
        fmt=data.get("userEnteredFormat") or None,
        note=data.get("note"),
        validation=data.get("dataValidation") or None,
    )


def _fields(args: dict[str, Any]) -> str:
    fields = args.get("fields")
    if not fields or not isinstance(fields, str):
        raise Fail("At least one field must be updated, but none were specified in 'fields'")
    return fields


def _target(ss: Spreadsheet, rng: Any, where: str) -> Target:
    try:
        return grid_range(ss, rng, where)
    except ApiError as err:
        raise Fail(err.message.split(": ", 1)[-1]) from None


def repeat_cell(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = _fields(args)
    t = _target(ss, args.get("range"), where)
    source = args.get("cell") or {}
    r0, r1, c0, c1 = t.clipped()
    for r in range(r0, r1):
        for c in range(c0, c1):
            t.sheet.put(r, c, _apply_cell(t.sheet.get(r, c), source, fields))
    return {}


def update_cells(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = _fields(args)
    rows = args.get("rows") or []
    if "range" in args and "start" in args:
        raise Fail("Only one of 'range' or 'start' may be set")
    if "start" in args:
        start = args["start"] or {}
        sheet = ss.by_id(start.get("sheetId", 0) or 0)
        if sheet is None:
            raise Fail(f"No grid with id: {start.get('sheetId', 0)}")
        r0, c0 = start.get("rowIndex", 0) or 0, start.get("columnIndex", 0) or 0
        height = len(rows)
        width = max((len((row or {}).get("values") or []) for row in rows), default=0)
        r1, c1 = r0 + height, c0 + width
        if r1 > sheet.row_count or c1 > sheet.column_count:
            raise Fail(
                f"Range exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
            )
        clear_rest = False
    else:
        t = _target(ss, args.get("range"), where)
        sheet = t.sheet
        r0, r1, c0, c1 = t.clipped()
        clear_rest = True
    for i in range(r1 - r0):
        values = ((rows[i] or {}).get("values") or []) if i < len(rows) else []
        for j in range(c1 - c0):
            if j < len(values):
                source = values[j] or {}
            elif clear_rest:
                source = {}
            else:
                continue
            sheet.put(r0 + i, c0 + j, _apply_cell(sheet.get(r0 + i, c0 + j), source, fields))
    return {}


def _check_rule(rule: Any) -> None:
    if not isinstance(rule, dict):
        raise Fail("rule must be an object")
    cond = rule.get("condition") or {}
    ctype = cond.get("type")
    if ctype not in CONDITION_TYPES:
        raise Fail(f'Invalid value at condition.type, "{ctype}"')
    values = cond.get("values") or []
    if ctype in ("ONE_OF_LIST", "ONE_OF_RANGE") and not values:
        raise Fail(f"Invalid ConditionValue.type: {ctype} requires at least one ConditionValue")
    if ctype == "ONE_OF_RANGE" and len(values) != 1:
        raise Fail("ONE_OF_RANGE requires exactly one ConditionValue")


def set_data_validation(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    t = _target(ss, args.get("range"), where)
    rule = args.get("rule")
    if rule is not None:
        _check_rule(rule)
        cond = rule["condition"]
        if cond["type"] == "ONE_OF_RANGE":
            ref = str(cond["values"][0].get("userEnteredValue", "")).lstrip("=")
            try:
                resolve(ss, ref)
            except ApiError:
                raise Fail(f"Invalid ConditionValue: unable to parse range {ref}") from None
    r0, r1, c0, c1 = t.clipped()
    for r in range(r0, r1):
        for c in range(c0, c1):
            cell = t.sheet.get(r, c)
            t.sheet.put(r, c, cell.with_(validation=copy.deepcopy(rule) if rule else None))
    return {}


# --- sheets ----------------------------------------------------------------------------------


def _sheet(ss: Spreadsheet, sheet_id: Any) -> Sheet:
    sheet = ss.by_id(int(sheet_id or 0))
    if sheet is None:
        raise Fail(f"No grid with id: {sheet_id or 0}")
    return sheet


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
    sheet = _sheet(ss, args.get("sheetId"))
    if len(ss.sheets) == 1:
        raise Fail("You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.reindex()
    return {}


def update_sheet_properties(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = _fields(args)
    props = args.get("properties") or {}
    sheet = _sheet(ss, props.get("sheetId"))
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
    if _touched(fields, ("tabColorStyle",)) and not _touched(fields, ("tabColor",)):
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
    fields = _fields(args)
    current = {"title": ss.title, "locale": ss.locale, "timeZone": ss.time_zone}
    masks.apply(current, args.get("properties") or {}, fields, allowed={"title", "locale", "timeZone"})
    ss.title = current.get("title") or ss.title
    ss.locale = current.get("locale") or ss.locale
    ss.time_zone = current.get("timeZone") or ss.time_zone
    return {}


# --- dimensions ------------------------------------------------------------------------------


def _dimension_range(ss: Spreadsheet, rng: Any) -> tuple[Sheet, str, int, int]:
    if not isinstance(rng, dict):
        raise Fail("range must be a DimensionRange")
    sheet = _sheet(ss, rng.get("sheetId"))
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise Fail(f'Invalid value at dimension, "{dim}"')
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    start = rng.get("startIndex", 0) or 0
    end = rng.get("endIndex", limit)
    if end is None:
        end = limit
    if start < 0 or end < start:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end}")
    return sheet, dim, start, end


def update_dimension_properties(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = _fields(args)
    sheet, dim, start, end = _dimension_range(ss, args.get("range"))
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
    sheet, dim, start, end = _dimension_range(ss, args.get("range"))
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    if start > limit or end == start:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end} (grid size {limit})")
    inherit = bool(args.get("inheritFromBefore", False))
    if inherit and start == 0:
        raise Fail("Cannot inherit from before when inserting at the first row or column")
    structure.insert(sheet, dim, start, end, inherit)
    return {}


def delete_dimension(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dim, start, end = _dimension_range(ss, args.get("range"))
    limit = sheet.row_count if dim == "ROWS" else sheet.column_count
    end = min(end, limit)
    if start >= end:
        raise Fail(f"Invalid dimension range: startIndex {start}, endIndex {end}")
    if start == 0 and end >= limit:
        what = "rows" if dim == "ROWS" else "columns"
        raise Fail(f"You can't delete all the {what} on the sheet.")
    structure.delete(sheet, dim, start, end)
    return {}


def append_dimension(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = _sheet(ss, args.get("sheetId"))
    dim, length = args.get("dimension"), args.get("length")
    if dim not in ("ROWS", "COLUMNS") or not isinstance(length, int) or length < 1:
        raise Fail("dimension must be ROWS or COLUMNS and length a positive integer")
    if dim == "ROWS":
        sheet.row_count += length
    else:
        sheet.column_count += length
    return {}


def auto_resize_dimensions(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, dim, start, end = _dimension_range(ss, args.get("dimensions"))
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
    t = _target(ss, args.get("range"), where)
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


# --- protection, conditional formats, filters -------------------------------------------------


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def add_protected_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    pr = _clean(copy.deepcopy(args.get("protectedRange") or {}))
    t = _target(ss, pr.get("range"), where)
    pr["range"] = {k: v for k, v in pr["range"].items() if v is not None}
    pr["range"]["sheetId"] = t.sheet.sheet_id
    taken = {p["protectedRangeId"] for s in ss.sheets for p in s.protected_ranges}
    if "protectedRangeId" in pr and pr["protectedRangeId"] in taken:
        raise Fail(f"Protected range with id {pr['protectedRangeId']} already exists.")
    pr.setdefault("protectedRangeId", secrets.randbelow(2**31 - 1) + 1)
    pr["warningOnly"] = bool(pr.get("warningOnly", False))
    if pr["warningOnly"] and pr.get("editors"):
        raise Fail("Cannot set editors on a warning-only protected range.")
    if not pr["warningOnly"]:
        pr.setdefault("editors", {"users": ["owner@emulator.invalid"]})
    pr["requestingUserCanEdit"] = True
    t.sheet.protected_ranges.append(pr)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(pr)}}


def _find_protected(ss: Spreadsheet, pid: Any) -> tuple[Sheet, dict[str, Any]]:
    for s in ss.sheets:
        for p in s.protected_ranges:
            if p["protectedRangeId"] == pid:
                return s, p
    raise Fail(f"No protected range with id: {pid}")


def delete_protected_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, pr = _find_protected(ss, args.get("protectedRangeId"))
    sheet.protected_ranges.remove(pr)
    return {}


def update_protected_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = _fields(args)
    new = args.get("protectedRange") or {}
    _, pr = _find_protected(ss, new.get("protectedRangeId"))
    allowed = {"range", "description", "warningOnly", "editors", "requestingUserCanEdit", "unprotectedRanges"}
    masks.apply(pr, _clean(new), fields, allowed=allowed)
    if "range" in pr:
        _target(ss, pr["range"], where)
    return {}


def _check_cf_rule(ss: Spreadsheet, rule: Any, where: str) -> Sheet:
    if not isinstance(rule, dict) or not rule.get("ranges"):
        raise Fail("A conditional format rule needs at least one range")
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise Fail("Exactly one of booleanRule or gradientRule must be set")
    sheets = {_target(ss, r, where).sheet.sheet_id for r in rule["ranges"]}
    if len(sheets) != 1:
        raise Fail("All ranges of a conditional format rule must be on the same sheet")
    if "booleanRule" in rule:
        cond = (rule["booleanRule"] or {}).get("condition") or {}
        if cond.get("type") not in CONDITION_TYPES:
            raise Fail(f'Invalid value at booleanRule.condition.type, "{cond.get("type")}"')
        fmt = (rule["booleanRule"] or {}).get("format") or {}
        if "backgroundColor" in fmt:
            fmt["backgroundColor"] = cellvalues.quantize_color(fmt["backgroundColor"])
    return _sheet(ss, sheets.pop())


def add_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    rule: Any = copy.deepcopy(args.get("rule"))
    sheet = _check_cf_rule(ss, rule, where)
    for r in rule["ranges"]:
        r["sheetId"] = sheet.sheet_id
    index = args.get("index", 0) or 0
    sheet.conditional_formats.insert(min(index, len(sheet.conditional_formats)), rule)
    return {}


def delete_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = _sheet(ss, args.get("sheetId"))
    index = args.get("index", 0) or 0
    if not 0 <= index < len(sheet.conditional_formats):
        raise Fail(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": rule}}


def update_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = _sheet(ss, args.get("sheetId"))
    index = args.get("index", 0) or 0
    if not 0 <= index < len(sheet.conditional_formats):
        raise Fail(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    old = sheet.conditional_formats[index]
    if "rule" in args:
        rule = copy.deepcopy(args["rule"])
        _check_cf_rule(ss, rule, where)
        sheet.conditional_formats[index] = rule
        return {"updateConditionalFormatRule": {"oldRule": old, "newRule": rule, "oldIndex": index}}
    new_index = args.get("newIndex")
    if not isinstance(new_index, int):
        raise Fail("Either rule or newIndex must be set")
    sheet.conditional_formats.insert(new_index, sheet.conditional_formats.pop(index))
    return {"updateConditionalFormatRule": {"newRule": old, "oldIndex": index, "newIndex": new_index}}


def set_basic_filter(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    flt = copy.deepcopy(args.get("filter") or {})
    t = _target(ss, flt.get("range"), where)
    flt["range"] = {k: v for k, v in flt["range"].items() if v is not None}
    flt["range"]["sheetId"] = t.sheet.sheet_id
    t.sheet.basic_filter = flt
    return {}


def clear_basic_filter(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    _sheet(ss, args.get("sheetId")).basic_filter = None
    return {}


HANDLERS: dict[str, Callable[[Spreadsheet, dict[str, Any], str], Reply]] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateDimensionProperties": update_dimension_properties,
    "repeatCell": repeat_cell,
    "updateCells": update_cells,
    "setDataValidation": set_data_validation,
    "addProtectedRange": add_protected_range,
    "updateProtectedRange": update_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "addConditionalFormatRule": add_conditional_format_rule,
    "updateConditionalFormatRule": update_conditional_format_rule,
    "deleteConditionalFormatRule": delete_conditional_format_rule,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "appendDimension": append_dimension,
    "autoResizeDimensions": auto_resize_dimensions,
    "sortRange": sort_range,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
}
