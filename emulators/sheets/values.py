"""spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear."""

from __future__ import annotations

from typing import Any

from . import a1, append_table, cellvalues
from .errors import ApiError, bad_request
from .ranges import Target, resolve
from .store import Spreadsheet

Params = dict[str, list[str]]

_RENDER = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
_DIMENSIONS = ("ROWS", "COLUMNS")
_DATE_TIME = ("SERIAL_NUMBER", "FORMATTED_STRING")


def _one(params: Params, name: str, default: str | None = None) -> str | None:
    vals = params.get(name)
    return vals[-1] if vals else default


def _choice(value: str | None, allowed: tuple[str, ...], default: str, name: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise bad_request(
            f"Invalid value at '{name}' (type.googleapis.com/google.apps.sheets.v4.{name}), \"{value}\"",
            field=name,
        )
    return value


def _input_option(value: Any) -> bool:
    """True for USER_ENTERED. valueInputOption is mandatory on every write."""
    if value in (None, "", "INPUT_VALUE_OPTION_UNSPECIFIED"):
        raise bad_request("'valueInputOption' is required but not specified", field="valueInputOption")
    if value not in ("RAW", "USER_ENTERED"):
        raise bad_request(f"Invalid value at 'value_input_option', \"{value}\"", field="valueInputOption")
    return bool(value == "USER_ENTERED")


def _date_time(params: Params) -> str:
    return _choice(_one(params, "dateTimeRenderOption"), _DATE_TIME, "SERIAL_NUMBER", "dateTimeRenderOption")


def read_range(t: Target, dimension: str, render: str, date_time: str = "SERIAL_NUMBER") -> dict[str, Any]:
    """A ValueRange: trailing empty cells and rows dropped, no ``values`` key when all empty."""
    r0, r1, c0, c1 = t.clipped()
    cells = t.sheet.cells
    # Each row's shown values by column (offsets within the range), for the cells holding a value.
    by_row: dict[int, dict[int, Any]] = {}
    # Whichever is fewer: the range's positions (a column of a long tab) or the sheet's cells.
    if (r1 - r0) * (c1 - c0) < len(cells):
        inside: Any = (((r, c), cells[r, c]) for r in range(r0, r1) for c in range(c0, c1) if (r, c) in cells)
    else:
        inside = cells.items()
    for (r, c), cell in inside:
        if r0 <= r < r1 and c0 <= c < c1 and cell.has_value():
            row = by_row.get(r - r0)
            if row is None:
                row = by_row[r - r0] = {}
            row[c - c0] = cellvalues.render(cell, render, date_time)
    out: dict[str, Any] = {"range": t.a1(), "majorDimension": dimension}
    if not by_row:
        return out
    if dimension == "ROWS":
        lines = [_line(by_row.get(i)) for i in range(max(by_row) + 1)]
    else:
        by_column: dict[int, dict[int, Any]] = {}
        for i, row in by_row.items():
            for j, value in row.items():
                by_column.setdefault(j, {})[i] = value
        lines = [_line(by_column.get(j)) for j in range(max(by_column) + 1)]
    out["values"] = lines
    return out


def _line(values: dict[int, Any] | None) -> list[Any]:
    """One row (or column) of a ValueRange: its values by offset, gaps as "", trailing "" dropped."""
    if not values:
        return []
    line = [values.get(j, "") for j in range(max(values) + 1)]
    while line and line[-1] == "":
        line.pop()
    return line


def values_get(ss: Spreadsheet, range_text: str, params: Params) -> dict[str, Any]:
    t = resolve(ss, range_text)
    dim = _choice(_one(params, "majorDimension"), _DIMENSIONS, "ROWS", "majorDimension")
    render = _choice(_one(params, "valueRenderOption"), _RENDER, "FORMATTED_VALUE", "valueRenderOption")
    return read_range(t, dim, render, _date_time(params))


def values_batch_get(ss: Spreadsheet, params: Params) -> dict[str, Any]:
    dim = _choice(_one(params, "majorDimension"), _DIMENSIONS, "ROWS", "majorDimension")
    render = _choice(_one(params, "valueRenderOption"), _RENDER, "FORMATTED_VALUE", "valueRenderOption")
    date_time = _date_time(params)
    targets = [resolve(ss, r) for r in params.get("ranges", [])]
    return {
        "spreadsheetId": ss.spreadsheet_id,
        "valueRanges": [read_range(t, dim, render, date_time) for t in targets],
    }


def _rows_of(values: Any, dimension: str, where: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(r, list) for r in values):
        raise bad_request(f"Invalid values at '{where}': expected a list of lists", field=where)
    for row in values:
        for v in row:
            if isinstance(v, (dict, list)):
                raise bad_request(
                    f"Invalid values[{values.index(row)}]: struct_value / list_value is not allowed",
                    field=where,
                )
    if dimension == "COLUMNS":
        height = max((len(c) for c in values), default=0)
        return [[col[i] if i < len(col) else None for col in values] for i in range(height)]
    return values


def write(
    ss: Spreadsheet, t: Target, values: Any, dimension: str | None, user_entered: bool, where: str
) -> dict[str, Any]:
    """Write a block at the range's top-left corner; answers an UpdateValuesResponse."""
    dim = _choice(dimension, _DIMENSIONS, "ROWS", "majorDimension")
    rows = _rows_of(values, dim, where)
    sheet = t.sheet
    r0, c0 = t.start_row or 0, t.start_col or 0
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    requested = t.a1() if not t.single_cell else a1.format_range(sheet.title, r0, r0 + 1, c0, c0 + 1)
    if not t.single_cell:
        end_r = sheet.row_count if t.end_row is None else t.end_row
        end_c = sheet.column_count if t.end_col is None else t.end_col
        if r0 + height > end_r:
            raise bad_request(
                f"Requested writing within range [{requested}], but tried writing to row [{r0 + height}]",
                field=where,
            )
        if c0 + width > end_c:
            raise bad_request(
                f"Requested writing within range [{requested}], but tried writing to column "
                f"[{a1.column_letters(c0 + width - 1)}]",
                field=where,
            )
    if height and (r0 + height > sheet.row_count or c0 + width > sheet.column_count):
        raise bad_request(
            f"Range ({a1.format_range(sheet.title, r0, r0 + height, c0, c0 + max(width, 1))}) "
            f"exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
            field=where,
        )
    cells = 0
    touched_rows: set[int] = set()
    touched_cols: set[int] = set()
    for i, row in enumerate(rows):
        for j, raw in enumerate(row):
            if raw is None:  # null leaves the cell alone
                continue
            r, c = r0 + i, c0 + j
            sheet.put(r, c, cellvalues.enter(sheet.get(r, c), raw, user_entered, ss.locale))
            cells += 1
            touched_rows.add(r)
            touched_cols.add(c)
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if height and width:
        out["updatedRange"] = a1.format_range(sheet.title, r0, r0 + height, c0, c0 + width)
        out["updatedRows"] = len(touched_rows)
        out["updatedColumns"] = len(touched_cols)
        out["updatedCells"] = cells
    else:
        out["updatedRange"] = requested
    return out


def _with_data(resp: dict[str, Any], ss: Spreadsheet, include: Any, render: str | None) -> None:
    if include in (True, "true", "True") and "updatedRange" in resp:
        opt = _choice(render, _RENDER, "FORMATTED_VALUE", "responseValueRenderOption")
        resp["updatedData"] = read_range(resolve(ss, resp["updatedRange"]), "ROWS", opt)


def values_update(ss: Spreadsheet, range_text: str, params: Params, body: dict[str, Any]) -> dict[str, Any]:
    user_entered = _input_option(_one(params, "valueInputOption"))
    t = resolve(ss, range_text)
    body_range = body.get("range")
    if body_range and resolve(ss, body_range) != t:
        raise bad_request(
            f"Requested writing within range [{range_text}], but the request body's range [{body_range}]"
            " does not match",
            field="range",
        )
    resp = write(ss, t, body.get("values"), body.get("majorDimension"), user_entered, "data.values")
    _with_data(resp, ss, _one(params, "includeValuesInResponse"), _one(params, "responseValueRenderOption"))
    return resp


def values_batch_update(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    user_entered = _input_option(body.get("valueInputOption"))
    data = body.get("data") or []
    if not isinstance(data, list):
        raise bad_request("Invalid value at 'data': expected a list", field="data")
    targets = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("range"):
            raise bad_request(f"Invalid data[{i}]: range is required", field=f"data[{i}].range")
        targets.append(resolve(ss, item["range"]))
    responses = []
    for i, (item, t) in enumerate(zip(data, targets, strict=True)):
        resp = write(ss, t, item.get("values"), item.get("majorDimension"), user_entered, f"data[{i}].values")
        _with_data(resp, ss, body.get("includeValuesInResponse"), body.get("responseValueRenderOption"))
        responses.append(resp)
    touched_sheets = {
        t.sheet.sheet_id for t, r in zip(targets, responses, strict=True) if "updatedCells" in r
    }
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if responses:
        out["totalUpdatedRows"] = sum(r.get("updatedRows", 0) for r in responses)
        # The widest range, not the sum: what the real API answers (recorded traffic, issue 15).
        out["totalUpdatedColumns"] = max(r.get("updatedColumns", 0) for r in responses)
        out["totalUpdatedCells"] = sum(r.get("updatedCells", 0) for r in responses)
        out["totalUpdatedSheets"] = len(touched_sheets)
        out["responses"] = responses
    return out


def values_append(ss: Spreadsheet, range_text: str, params: Params, body: dict[str, Any]) -> dict[str, Any]:
    """Find the table from the range (append_table), write under it; grow the grid as needed."""
    user_entered = _input_option(_one(params, "valueInputOption"))
    insert = _choice(
        _one(params, "insertDataOption"), ("OVERWRITE", "INSERT_ROWS"), "OVERWRITE", "insertDataOption"
    )
    t = resolve(ss, range_text)
    sheet = t.sheet
    dim = _choice(body.get("majorDimension"), _DIMENSIONS, "ROWS", "majorDimension")
    rows = _rows_of(body.get("values"), dim, "data.values")
    width = max((len(r) for r in rows), default=0)
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    table = append_table.find(t)
    if table is None:  # nothing in the range: the values go at its top-left cell
        start, col = t.start_row or 0, t.start_col or 0
    else:
        out["tableRange"] = a1.format_range(sheet.title, table.top, table.bottom, table.left, table.right)
        start, col = table.bottom, table.left
    height = len(rows)
    if insert == "INSERT_ROWS" and height:
        from .structure import insert_rows

        insert_rows(ss, sheet, start, height, inherit_from_before=False)
    if start + height > sheet.row_count:
        sheet.row_count = start + height
    if col + width > sheet.column_count:
        sheet.column_count = col + width
    anchor = Target(sheet, start, start + 1, col, col + 1)
    resp = write(ss, anchor, rows, "ROWS", user_entered, "data.values")
    _with_data(resp, ss, _one(params, "includeValuesInResponse"), _one(params, "responseValueRenderOption"))
    out["updates"] = resp
    return out


def clear(t: Target) -> str:
    r0, r1, c0, c1 = t.clipped()
    sheet = t.sheet
    for (r, c), cell in list(sheet.cells.items()):
        if r0 <= r < r1 and c0 <= c < c1 and (cell.value is not None or cell.formula is not None):
            sheet.put(r, c, cell.with_(value=None, formula=None))
    return t.a1()


def values_clear(ss: Spreadsheet, range_text: str) -> dict[str, Any]:
    return {"spreadsheetId": ss.spreadsheet_id, "clearedRange": clear(resolve(ss, range_text))}


def values_batch_clear(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    ranges = body.get("ranges") or []
    if not isinstance(ranges, list):
        raise ApiError(400, "Invalid value at 'ranges': expected a list")
    targets = [resolve(ss, r) for r in ranges]
    return {"spreadsheetId": ss.spreadsheet_id, "clearedRanges": [clear(t) for t in targets]}
