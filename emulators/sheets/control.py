"""The control API under /_emulator/ (not part of Google's API; see README.md).

Every route reads a JSON object body (empty: ``{}``) and answers JSON; refusals are ApiErrors,
answered in Google's error shape by the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote

from .._http import Answer, Request, Routes
from . import a1, cellvalues
from .answers import google_json
from .app import Emulator
from .errors import ApiError, bad_request, not_found
from .store import Cell, Sheet

PREFIX = "/_emulator"
SPREADSHEET = PREFIX + "/spreadsheets/{sid}"

# (emulator, JSON body, request) -> the answer's JSON (status 200).
Action = Callable[[Emulator, dict[str, Any], Request], Any]


def add_routes(routes: Routes, emu: Emulator) -> None:
    """Route the control API on ``routes``."""
    table: dict[tuple[str, str], Action] = {
        ("POST", "/reset"): _reset,
        ("GET", "/log"): lambda emu, body, request: emu.log.snapshot(),
        ("DELETE", "/log"): _clear_log,
        ("GET", "/quota"): lambda emu, body, request: emu.quota.status(),
        ("POST", "/quota"): _set_quota,
        ("GET", "/latency"): lambda emu, body, request: {"seconds": emu.latency},
        ("POST", "/latency"): _set_latency,
        ("POST", "/faults"): _add_faults,
        ("GET", "/webhook"): lambda emu, body, request: emu.webhook.config(),
        ("GET", "/webhook/deliveries"): lambda emu, body, request: {
            "deliveries": list(emu.webhook.deliveries)
        },
        ("POST", "/webhook"): _set_webhook,
        ("POST", "/save"): _save,
        ("GET", "/spreadsheets"): _spreadsheets,
        ("POST", "/spreadsheets"): _create,
        ("GET", "/spreadsheets/{sid}/sharing"): lambda emu, body, request: _sharing(
            emu, _sid(request), "GET", body
        ),
        ("POST", "/spreadsheets/{sid}/sharing"): lambda emu, body, request: _sharing(
            emu, _sid(request), "POST", body
        ),
        ("GET", "/spreadsheets/{sid}/cells"): lambda emu, body, request: _cells(
            emu, _sid(request), parse_qs(request.query)
        ),
    }
    for (method, path), action in table.items():
        routes.add(method, PREFIX + path, _answering(emu, action))
    routes.add("GET POST PUT DELETE PATCH", PREFIX + "{rest:(/.*)?}", _answering(emu, _no_endpoint))


def _answering(emu: Emulator, action: Action) -> Callable[[Request], Answer]:
    def run(request: Request) -> Answer:
        body = request.json()
        if not isinstance(body, dict):
            raise ApiError(400, "expected a JSON object")
        return google_json(200, action(emu, body, request))

    return run


def _sid(request: Request) -> str:
    return unquote(request.params["sid"])


def _no_endpoint(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    raise ApiError(404, f"No control endpoint {request.method} {request.path}")


def _reset(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    emu.reset()
    return {"ok": True}


def _clear_log(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    emu.log.clear()
    return {"ok": True}


def _set_quota(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    if body.get("resetWindows"):
        emu.quota.reset_windows()
    else:
        emu.quota.configure(_limit(body, "readsPerMinute"), _limit(body, "writesPerMinute"))
    return emu.quota.status()


def _set_latency(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    seconds = body.get("seconds", (body.get("ms") or 0) / 1000)
    if not isinstance(seconds, (int, float)) or seconds < 0:
        raise bad_request("seconds must be a non-negative number")
    emu.latency = float(seconds)
    return {"seconds": emu.latency}


def _add_faults(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    faults = body.get("faults")
    if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
        raise bad_request('expected {"faults": [{"code": 429}, ...]}')
    emu.add_faults(faults)
    return {"queued": len(emu.faults)}


def _set_webhook(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    emu.webhook.configure(body.get("url"), body.get("secret"), body.get("user"))
    return emu.webhook.config()


def _save(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    emu.store.dirty = True
    emu.store.save()
    return {"ok": True, "stateFile": emu.store.state_file}


def _limit(body: dict[str, Any], name: str) -> int | None:
    v = body.get(name)
    if v is None:
        return None
    if not isinstance(v, int) or v < 0:
        raise bad_request(f"{name} must be a non-negative integer or null")
    return v


def _spreadsheets(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    with emu.store.lock:
        items = [
            {
                "spreadsheetId": s.spreadsheet_id,
                "title": s.title,
                "url": f"{emu.base_url}/ui/{s.spreadsheet_id}",
            }
            for s in emu.store.spreadsheets.values()
        ]
    return {"spreadsheets": items}


def _create(emu: Emulator, body: dict[str, Any], request: Request) -> Any:
    sid = body.pop("spreadsheetId", None)
    if not sid or not isinstance(sid, str):
        raise bad_request("spreadsheetId is required")
    shared_with = _shared_with(body.pop("sharedWith", None))
    created = emu.create_with_id(sid, body)
    if shared_with is not None:
        _sharing(emu, sid, "POST", {"users": shared_with})
    return created


def _shared_with(users: Any) -> list[str] | None:
    if users is not None and (not isinstance(users, list) or not all(isinstance(u, str) for u in users)):
        raise bad_request('expected {"users": ["<bearer token>", "anonymous", ...]} or {"users": null}')
    return users


def _sharing(emu: Emulator, sid: str, method: str, body: dict[str, Any]) -> dict[str, Any]:
    """Who may call the API on a spreadsheet: a list of bearer tokens ("anonymous" = no token), or
    null for every caller (the default). Others get 403 PERMISSION_DENIED."""
    with emu.store.lock:
        ss = emu.store.get(sid)
        if ss is None:
            raise not_found()
        if method == "POST":
            ss.shared_with = _shared_with(body.get("users"))
            emu.store.touch()
        return {"spreadsheetId": sid, "users": ss.shared_with}


def _cells(emu: Emulator, sid: str, params: dict[str, list[str]]) -> dict[str, Any]:
    """The Python-side view of one sheet: every non-empty cell with value, formula, format, note,
    dropdown; for direct assertions ("no formula was stored", "row 3 is red"). ``range`` (A1 cells
    without a sheet name, e.g. ``K2:K``) keeps only the cells inside it: a watcher polling one
    column reads that column, without the API's quota or call log."""
    with emu.store.lock:
        ss = emu.store.get(sid)
        if ss is None:
            raise not_found()
        title = params["sheet"][0] if params.get("sheet") else None
        sheet = ss.by_title(title) if title else ss.first()
        if sheet is None:
            raise bad_request(f"no sheet titled {title}")
        cells = []
        for (r, c), cell in _within(sheet, params["range"][0] if params.get("range") else None):
            item: dict[str, Any] = {"row": r, "col": c, **cell.to_json()}
            item["formatted"] = cellvalues.shown(cell)
            cells.append(item)
        return {
            "sheetId": sheet.sheet_id,
            "title": sheet.title,
            "rowCount": sheet.row_count,
            "columnCount": sheet.column_count,
            "frozenRowCount": sheet.frozen_rows,
            "columnWidths": {str(k): v for k, v in sorted(sheet.column_widths.items())},
            "protectedRanges": sheet.protected_ranges,
            "conditionalFormats": sheet.conditional_formats,
            "cells": cells,
        }


def _within(sheet: Sheet, cells: str | None) -> list[tuple[tuple[int, int], Cell]]:
    """The sheet's non-empty cells, in row then column order; only those inside ``cells`` if given."""
    if cells is None:
        return sorted(sheet.cells.items())
    try:
        b = a1.parse_cells(cells)
    except a1.RangeParseError:
        raise bad_request(f"Unable to parse range: {cells}") from None
    r0, r1 = b.start_row or 0, sheet.row_count if b.end_row is None else min(b.end_row, sheet.row_count)
    c0, c1 = b.start_col or 0, sheet.column_count if b.end_col is None else min(b.end_col, sheet.column_count)
    found = ((r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) in sheet.cells)
    return [((r, c), sheet.cells[(r, c)]) for r, c in found]
