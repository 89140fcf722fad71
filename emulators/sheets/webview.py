"""The web view: /ui/ (index), /ui/<id> (the sheet page), /ui/static/*, and the JSON actions the
page calls under /ui/api/<id>/... (view, changes, edit, paste, sort, insert-row, delete-row).

Operator actions are not Sheets API calls: they skip the quota and the call log. A cell edit or a
paste fires the signed edit hook once, like the Apps Script installable edit trigger (for a pasted
block, once with the whole range); sorts and row changes do not (onEdit does not fire for them
either). ``changes`` answers when anything changed (a long poll), so the page redraws as soon as a
write lands instead of polling. Messages meant for the operator are Chinese first, then English.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from .._http import Answer, Request, Routes
from . import a1, cellvalues, conditional, structure, tsv
from .answers import google_json
from .app import Emulator
from .errors import ApiError, bad_request, not_found
from .ranges import resolve
from .store import Sheet, Spreadsheet

STATIC = Path(__file__).with_name("static")
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css"}
MAX_SHOWN_COLUMNS = 40
DEFAULT_ROW_CAP = 500  # rows drawn at first; the page's "more rows" button asks for more
LONGEST_WAIT = 25.0  # seconds a ``changes`` call may wait (under the usual 30 s proxy timeouts)
PROTECTED = "此单元格受保护，只有指定的编辑者可以修改。/ You are trying to edit a protected cell or object."
API = "/ui/api/{sid}"
# An operator's action on one sheet: (spreadsheet, sheet, the page's JSON, the default editor) ->
# (the edit hook's payload when it fires, more of the answer). Called under the store's lock.
Acted = tuple[dict[str, Any] | None, dict[str, Any]]
Action = Callable[[Spreadsheet, Sheet, dict[str, Any], str], Acted]


def add_routes(routes: Routes, emu: Emulator) -> None:
    """The pages, the static files and the page's JSON actions. A page's own timing
    (PerformanceResourceTiming.serverTiming) splits its wait into the emulator's work and the rest:
    every answer that is not a refusal carries ``Server-Timing: app;dur=<ms>``."""

    def timed(handler: Callable[[Request], Answer]) -> Callable[[Request], Answer]:
        def answer(request: Request) -> Answer:
            started = time.perf_counter()
            done = handler(request)
            spent = (time.perf_counter() - started) * 1000
            return Answer(
                done.status, done.body, done.content_type, {"Server-Timing": f"app;dur={spent:.1f}"}
            )

        return answer

    index = timed(lambda request: Answer(200, _index(emu).encode("utf-8"), _TYPES[".html"]))
    for path in ("/", "/ui", "/ui/"):
        routes.add("GET", path, index)
    routes.add("GET", "/ui/static/{name}", timed(lambda request: _static(unquote(request.params["name"]))))
    routes.add("GET", API, timed(_json_of(lambda request: _view(emu, request))))
    routes.add("GET", API + "/view", timed(_json_of(lambda request: _view(emu, request))))
    routes.add("GET", API + "/changes", timed(_json_of(lambda request: _changes(emu, request))))
    for name, action in ACTIONS.items():
        routes.add("POST", f"{API}/{name}", timed(_json_of(_acting(emu, action))))
    # Refused after the same checks as a known action: no spreadsheet 404, not a POST 405, no sheet 400.
    routes.add("GET POST PUT DELETE PATCH", API + "/{action}", _json_of(_acting(emu, None)))
    routes.add("GET", "/ui/{sid}", timed(lambda request: _page(emu, unquote(request.params["sid"]))))
    routes.add("GET POST PUT DELETE PATCH", "/ui/{rest:.*}", _no_page)


def _json_of(handler: Callable[[Request], dict[str, Any]]) -> Callable[[Request], Answer]:
    return lambda request: google_json(200, handler(request))


def _no_page(request: Request) -> Answer:
    raise ApiError(404, f"No page {request.path}")


def _page(emu: Emulator, sid: str) -> Answer:
    with emu.store.lock:
        if emu.store.get(sid) is None:
            raise not_found()
    return _static("ui.html")


def _static(name: str) -> Answer:
    target = (STATIC / name).resolve()
    if target.parent != STATIC.resolve() or not target.is_file():
        raise ApiError(404, f"No static file {name}")
    return Answer(200, target.read_bytes(), _TYPES.get(target.suffix, "application/octet-stream"))


def _index(emu: Emulator) -> str:
    with emu.store.lock:
        items = [(s.spreadsheet_id, s.title) for s in emu.store.spreadsheets.values()]
    links = "".join(
        f'<li><a href="/ui/{html.escape(sid)}">{html.escape(title)}</a> <code>{html.escape(sid)}</code></li>'
        for sid, title in items
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Sheets emulator</title>'
        '<link rel="stylesheet" href="/ui/static/ui.css"></head><body class="index">'
        f"<h1>Sheets emulator</h1><ul>{links or '<li>No spreadsheets yet.</li>'}</ul></body></html>"
    )


def _view(emu: Emulator, request: Request) -> dict[str, Any]:
    params = parse_qs(request.query)
    # Drawn from a copy (under a millisecond to take), so the API calls of the edit hook's
    # function and of a tick never wait for a drawing.
    with emu.store.lock:
        copy, revision = _spreadsheet(emu, unquote(request.params["sid"])).snapshot(), emu.store.revision
    sheet_id = int(params["sheetId"][0]) if params.get("sheetId") else None
    rows = int(params["rows"][0]) if params.get("rows") else None
    return {**view(copy, sheet_id, rows), "revision": revision}


def _acting(emu: Emulator, action: Action | None) -> Callable[[Request], dict[str, Any]]:
    """An operator's action (None: one the page cannot ask for): done under the store's lock on the
    sheet the page names, the store's revision moved on; the edit hook fires afterwards (outside the
    lock) when the action typed."""

    def act(request: Request) -> dict[str, Any]:
        body = request.json()
        answer: dict[str, Any] = {"ok": True}
        with emu.store.lock:
            ss = _spreadsheet(emu, unquote(request.params["sid"]))
            if request.method != "POST":
                raise ApiError(405, "Use POST for actions")
            sheet = _sheet(ss, body.get("sheetId"))
            if action is None:
                raise ApiError(404, f"No action {unquote(request.params['action'])}")
            fire, more = action(ss, sheet, body, emu.webhook.user)
            answer.update(more)
            emu.store.touch()
            answer["revision"] = emu.store.revision
        if fire is not None:
            emu.webhook.fire(fire)
        answer["hook"] = fire is not None and emu.webhook.url is not None
        return answer

    return act


def _typed(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str, block: list[list[str]]) -> Acted:
    row, col = _int(body, "row"), _int(body, "col")
    fire = _write(ss, sheet, row, col, block, body, user)
    r0, c0 = fire["row"] - 1, fire["column"] - 1
    cells = _Painter(ss, sheet).cells(r0, r0 + fire["numRows"], c0, c0 + fire["numColumns"])
    return fire, {"cells": cells, "range": fire["range"]}


def _edit(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str) -> Acted:
    return _typed(ss, sheet, body, user, [[_text(body)]])


def _paste(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str) -> Acted:
    block = tsv.parse(_pasted(body))
    row, col = _int(body, "row"), _int(body, "col")
    if not body.get("confirmed"):
        _ask_about_warnings(sheet, row, row + len(block), col, col + len(block[0]))
    return _typed(ss, sheet, body, user, block)


def _sort(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str) -> Acted:
    col = _int(body, "col")
    structure.sort_rows(
        sheet,
        sheet.frozen_rows,
        sheet.row_count,
        0,
        sheet.column_count,
        [(col, bool(body.get("ascending", True)))],
    )
    return None, {}


def _insert_row(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str) -> Acted:
    row = _int(body, "row")
    structure.insert(sheet, "ROWS", row, row + 1, inherit_from_before=row > 0)
    return None, {}


def _delete_row(ss: Spreadsheet, sheet: Sheet, body: dict[str, Any], user: str) -> Acted:
    row = _int(body, "row")
    if sheet.row_count <= 1:
        raise bad_request("不能删除表格的全部行。/ You can't delete all the rows on the sheet.")
    structure.delete(sheet, "ROWS", row, row + 1)
    return None, {}


ACTIONS: dict[str, Action] = {
    "edit": _edit,
    "paste": _paste,
    "sort": _sort,
    "insert-row": _insert_row,
    "delete-row": _delete_row,
}


def _spreadsheet(emu: Emulator, sid: str) -> Spreadsheet:
    ss = emu.store.get(sid)
    if ss is None:
        raise not_found()
    return ss


def _changes(emu: Emulator, request: Request) -> dict[str, Any]:
    """``?since=N[&wait=S]``: the store's revision once it is not N (at most S seconds later)."""
    params = parse_qs(request.query)
    with emu.store.lock:
        _spreadsheet(emu, unquote(request.params["sid"]))
    try:
        since = int(params.get("since", ["-1"])[0])
        wait = min(LONGEST_WAIT, max(0.0, float(params.get("wait", [str(LONGEST_WAIT)])[0])))
    except ValueError:
        raise bad_request("since must be an integer and wait a number of seconds") from None
    return {"revision": emu.store.wait_change(since, wait)}


def _text(body: dict[str, Any]) -> str:
    value = body.get("value")
    if not isinstance(value, str):
        raise bad_request("value must be a string")
    return value


def _pasted(body: dict[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str):
        raise bad_request("text must be a string (the clipboard's text)")
    return text


def _int(body: dict[str, Any], name: str) -> int:
    v = body.get(name)
    if not isinstance(v, int) or v < 0:
        raise bad_request(f"{name} must be a non-negative integer")
    return v


def _sheet(ss: Spreadsheet, sheet_id: Any) -> Sheet:
    sheet = ss.by_id(int(sheet_id)) if isinstance(sheet_id, int) else None
    if sheet is None:
        raise bad_request(f"No sheet with id {sheet_id}")
    return sheet


def dropdown(ss: Spreadsheet, rule: dict[str, Any] | None) -> dict[str, Any] | None:
    """The options of a ONE_OF_LIST / ONE_OF_RANGE rule, or None."""
    if not rule:
        return None
    cond = rule.get("condition") or {}
    values = [str(v.get("userEnteredValue", "")) for v in cond.get("values") or []]
    if cond.get("type") == "ONE_OF_LIST":
        options = values
    elif cond.get("type") == "ONE_OF_RANGE" and values:
        try:
            t = resolve(ss, values[0].lstrip("="))
        except ApiError:
            return None
        r0, r1, c0, c1 = t.clipped()
        options = []
        for r in range(r0, r1):
            for c in range(c0, c1):
                text = cellvalues.shown(t.sheet.get(r, c))
                if text and text not in options:
                    options.append(text)
    else:
        return None
    return {"options": options, "strict": bool(rule.get("strict", False))}


def _write(
    ss: Spreadsheet,
    sheet: Sheet,
    row: int,
    col: int,
    block: list[list[str]],
    body: dict[str, Any],
    default_user: str,
) -> dict[str, Any]:
    """Type ``block`` (rows of cell texts) from (row, col) as USER_ENTERED, all or nothing, and build
    the edit-hook payload: one cell gives its value and old value, a block gives its whole range with
    null values (as Apps Script's onEdit sees a paste)."""
    rows, cols = len(block), len(block[0])
    if row + rows > sheet.row_count or col + cols > sheet.column_count:
        raise bad_request(
            "粘贴的区域超出了表格的范围，请先插入行或列。/ The cells go past the end of the sheet: "
            "insert rows or columns first."
        )
    user = str(body.get("user") or default_user)
    for dr, texts in enumerate(block):
        for dc, value in enumerate(texts):
            _check_dropdown(ss, sheet.get(row + dr, col + dc), value)
            _check_protection(sheet, row + dr, col + dc, user)
    old = cellvalues.shown(sheet.get(row, col)) if sheet.get(row, col).has_value() else None
    for dr, texts in enumerate(block):
        for dc, value in enumerate(texts):
            cell = sheet.get(row + dr, col + dc)
            sheet.put(row + dr, col + dc, cellvalues.enter(cell, value, user_entered=True, locale=ss.locale))
    single = rows == 1 and cols == 1
    new_cell = sheet.get(row, col)
    new = cellvalues.shown(new_cell) if new_cell.has_value() else None
    return {
        "spreadsheetId": ss.spreadsheet_id,
        "sheetName": sheet.title,
        "range": a1.format_cells(row, row + rows, col, col + cols),
        "row": row + 1,
        "column": col + 1,
        "numRows": rows,
        "numColumns": cols,
        "value": new if single else None,
        "oldValue": old if single else None,
        "user": user,
    }


def _check_dropdown(ss: Spreadsheet, cell: Any, value: str) -> None:
    dd = dropdown(ss, cell.validation)
    if dd and dd["strict"] and value != "" and value not in dd["options"]:
        options = ", ".join(dd["options"])
        raise bad_request(
            f"「{value}」不在下拉选项中，请从这些值中选择：{options}。/ "
            f"Invalid: the value must be one of: {options}"
        )


def _ask_about_warnings(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> None:
    """A paste touching a warning-only protected range is answered 409 with that range, so the page
    asks the person first (it posts again with ``confirmed``), as Sheets warns before the edit."""
    for p in sheet.protected_ranges:
        rng = p.get("range", {})
        if (
            p.get("warningOnly")
            and rng.get("startRowIndex", 0) < r1
            and r0 < rng.get("endRowIndex", sheet.row_count)
            and rng.get("startColumnIndex", 0) < c1
            and c0 < rng.get("endColumnIndex", sheet.column_count)
        ):
            raise ApiError(
                409,
                "粘贴的区域包含受保护的单元格，确认后才会写入。/ The pasted cells include a protected range: "
                "confirm to write them.",
                status="FAILED_PRECONDITION",
                details=[{"range": rng, "warningOnly": True, "description": p.get("description", "")}],
            )


def _check_protection(sheet: Sheet, row: int, col: int, user: str) -> None:
    """A hard-protected range refuses anyone not listed as an editor (warning-only ranges are
    confirmed by the page before it posts)."""
    for p in sheet.protected_ranges:
        if p.get("warningOnly"):
            continue
        rng = p.get("range", {})
        if (
            rng.get("startRowIndex", 0) <= row < rng.get("endRowIndex", sheet.row_count)
            and rng.get("startColumnIndex", 0) <= col < rng.get("endColumnIndex", sheet.column_count)
            and user not in ((p.get("editors") or {}).get("users") or [])
        ):
            raise ApiError(403, PROTECTED)


def _css(color: dict[str, Any] | None) -> str | None:
    if not color:
        return None
    r, g, b = (round(float(color.get(k, 0)) * 255) for k in ("red", "green", "blue"))
    return f"rgb({r},{g},{b})"


class _Painter:
    """Draws cells of one sheet for one answer: conditional rules compiled once, dropdowns resolved
    once per rule (a column of 200 dropdown cells shares one ONE_OF_RANGE lookup)."""

    def __init__(self, ss: Spreadsheet, sheet: Sheet) -> None:
        self.ss, self.sheet = ss, sheet
        self.rules = conditional.Rules(sheet) if sheet.conditional_formats else None
        self._dropdowns: dict[str, dict[str, Any] | None] = {}

    def dropdown(self, rule: dict[str, Any] | None) -> dict[str, Any] | None:
        if not rule:
            return None
        key = json.dumps(rule, sort_keys=True, ensure_ascii=False)
        if key not in self._dropdowns:
            self._dropdowns[key] = dropdown(self.ss, rule)
        return self._dropdowns[key]

    def cell(self, r: int, c: int) -> dict[str, Any] | None:
        sheet = self.sheet
        cell = sheet.get(r, c)
        cond = self.rules.format_for(r, c) if self.rules is not None else None
        if cell.is_empty() and not cond:
            return None
        fmt = {**(cell.fmt or {})}
        if cond:
            fmt.update({k: v for k, v in cond.items() if k != "textFormat"})
            fmt["textFormat"] = {**(fmt.get("textFormat") or {}), **(cond.get("textFormat") or {})}
        text_fmt = fmt.get("textFormat") or {}
        out: dict[str, Any] = {"r": r, "c": c, "text": cellvalues.shown(cell)}
        if cell.formula is not None:
            out["formula"] = cell.formula
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            out["num"] = True
        for key, val in (
            ("bg", _css(fmt.get("backgroundColor"))),
            ("fg", _css(text_fmt.get("foregroundColor"))),
            ("bold", text_fmt.get("bold")),
            ("italic", text_fmt.get("italic")),
            ("strike", text_fmt.get("strikethrough")),
            ("align", (fmt.get("horizontalAlignment") or "").lower() or None),
            ("wrap", fmt.get("wrapStrategy") == "WRAP" or None),
            ("note", cell.note),
            ("dropdown", self.dropdown(cell.validation)),
        ):
            if val:
                out[key] = val
        return out

    def cells(self, r0: int, r1: int, c0: int, c1: int) -> list[dict[str, Any]]:
        found = (self.cell(r, c) for r in range(r0, r1) for c in range(c0, c1))
        return [cv for cv in found if cv is not None]


def view(ss: Spreadsheet, sheet_id: int | None, rows: int | None) -> dict[str, Any]:
    sheet = ss.by_id(sheet_id) if sheet_id is not None else None
    if sheet is None:
        visible = [s for s in ss.ordered() if not s.hidden] or ss.ordered()
        sheet = visible[0]
    data_rows, data_cols = sheet.data_extent()
    wanted = rows or min(DEFAULT_ROW_CAP, max(data_rows + 20, sheet.frozen_rows + 20, 30))
    shown_rows = min(sheet.row_count, wanted)
    shown_cols = min(sheet.column_count, MAX_SHOWN_COLUMNS, max(data_cols + 2, 10))
    cells = _Painter(ss, sheet).cells(0, shown_rows, 0, shown_cols)
    return {
        "spreadsheetId": ss.spreadsheet_id,
        "title": ss.title,
        "sheets": [
            {"sheetId": s.sheet_id, "title": s.title, "hidden": s.hidden, "color": _css(s.tab_color)}
            for s in ss.ordered()
        ],
        "sheet": {
            "sheetId": sheet.sheet_id,
            "title": sheet.title,
            "rowCount": sheet.row_count,
            "columnCount": sheet.column_count,
            "frozenRows": sheet.frozen_rows,
            "shownRows": shown_rows,
            "shownColumns": shown_cols,
            "columnWidths": [sheet.column_widths.get(c, 100) for c in range(shown_cols)],
            "hiddenColumns": sorted(c for c in sheet.hidden_columns if c < shown_cols),
            "protected": [
                {
                    "range": p.get("range", {}),
                    "warningOnly": bool(p.get("warningOnly")),
                    "description": p.get("description", ""),
                }
                for p in sheet.protected_ranges
            ],
            "cells": cells,
            "charts": [chart_view(ss, chart) for chart in sheet.charts],
        },
    }


def _column_values(ss: Spreadsheet, rng: dict[str, Any]) -> list[Any]:
    """The effective values down the first column of a GridRange (absent cells as None)."""
    sheet = ss.by_id(rng.get("sheetId", 0) or 0)
    if sheet is None:
        return []
    r0 = rng.get("startRowIndex", 0) or 0
    r1 = rng.get("endRowIndex", sheet.row_count)
    c0 = rng.get("startColumnIndex", 0) or 0
    return [sheet.get(r, c0).value for r in range(r0, min(r1, sheet.row_count))]


def chart_view(ss: Spreadsheet, chart: dict[str, Any]) -> dict[str, Any]:
    """What the page needs to draw a basic chart: its title, type, axis titles, the domain's labels
    and each series' name and numbers, read from the cells its ranges name (header rows skipped)."""
    spec = chart.get("spec") or {}
    basic = spec.get("basicChart") or {}
    headers = int(basic.get("headerCount", 0) or 0)

    def column(part: dict[str, Any], key: str) -> list[Any]:
        values: list[Any] = []
        for rng in ((part.get(key) or {}).get("sourceRange") or {}).get("sources") or []:
            values += _column_values(ss, rng or {})
        return values

    domains = [column(d, "domain") for d in basic.get("domains") or []]
    labels = domains[0] if domains else []
    series = []
    for part in basic.get("series") or []:
        values = column(part, "series")
        name = str(values[0]) if headers and values and values[0] is not None else ""
        numbers = [
            v if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values[headers:]
        ]
        series.append({"name": name, "values": numbers})
    axes = {a.get("position"): a.get("title", "") for a in basic.get("axis") or []}
    return {
        "chartId": chart.get("chartId"),
        "title": spec.get("title", ""),
        "type": basic.get("chartType", "COLUMN"),
        "bottomTitle": axes.get("BOTTOM_AXIS", ""),
        "leftTitle": axes.get("LEFT_AXIS", ""),
        "labels": ["" if v is None else str(v) for v in labels[headers:]],
        "series": series,
    }
