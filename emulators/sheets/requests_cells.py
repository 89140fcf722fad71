"""batchUpdate requests on cells: repeatCell, updateCells, setDataValidation."""

from __future__ import annotations

import copy
from typing import Any

from . import cellvalues, masks
from .errors import ApiError
from .ranges import resolve
from .requests_common import Fail, Reply, fields_of, target, touched
from .store import Cell, Sheet, Spreadsheet

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


def _cell_as_data(cell: Cell) -> dict[str, Any]:
    d: dict[str, Any] = {}
    uev = cellvalues.user_entered_value(cell)
    if uev is not None:
        d["userEnteredValue"] = uev
    if cell.fmt:
        d["userEnteredFormat"] = masks.copy_json(cell.fmt)
    if cell.note is not None:
        d["note"] = cell.note
    if cell.validation:
        d["dataValidation"] = masks.copy_json(cell.validation)
    return d


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
        if not (touched(mask, plain) or touched(mask, style)):
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
    if touched(mask, ("userEnteredValue",)):
        value, formula = cellvalues.from_extended(data.get("userEnteredValue"))
    return Cell(
        value=value,
        formula=formula,
        fmt=data.get("userEnteredFormat") or None,
        note=data.get("note"),
        validation=data.get("dataValidation") or None,
    )


def repeat_cell(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
    t = target(ss, args.get("range"), where)
    source = args.get("cell") or {}
    r0, r1, c0, c1 = t.clipped()
    for r in range(r0, r1):
        for c in range(c0, c1):
            t.sheet.put(r, c, _apply_cell(t.sheet.get(r, c), source, fields))
    return {}


def update_cells(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
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
        t = target(ss, args.get("range"), where)
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
    t = target(ss, args.get("range"), where)
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


def append_cells(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    """appendCells: the rows go after the last row holding a value; the grid grows if needed (as
    the real API inserts rows). Like updateCells, only the masked fields are written."""
    fields = fields_of(args)
    sheet = ss.by_id(args.get("sheetId", 0) or 0)
    if sheet is None:
        raise Fail(f"No grid with id: {args.get('sheetId', 0)}")
    rows = args.get("rows") or []
    if not isinstance(rows, list):
        raise Fail("rows must be a list")
    width = max((len((row or {}).get("values") or []) for row in rows), default=0)
    if width > sheet.column_count:
        raise Fail(f"Range exceeds grid limits. Max columns: {sheet.column_count}")
    first = _last_value_row(sheet) + 1
    if first + len(rows) > sheet.row_count:
        sheet.row_count = first + len(rows)
    for i, row in enumerate(rows):
        for j, source in enumerate((row or {}).get("values") or []):
            sheet.put(first + i, j, _apply_cell(sheet.get(first + i, j), source or {}, fields))
    return {}


def _last_value_row(sheet: Sheet) -> int:
    """The last row holding a value (-1: none). Walked up from the grid's end (cells never lie outside
    the grid: shrinking it deletes them), where a tab that grows by appends has its last value; past
    as many positions as the tab has cells, every cell is looked at instead."""
    cells, width = sheet.cells, sheet.column_count
    budget = len(cells)
    for row in range(sheet.row_count - 1, -1, -1):
        if budget <= 0:
            break
        for column in range(width):
            cell = cells.get((row, column))
            if cell is not None and (cell.value is not None or cell.formula):
                return row
        budget -= width
    else:
        return -1
    return max((r for (r, _c), cell in cells.items() if cell.value is not None or cell.formula), default=-1)
