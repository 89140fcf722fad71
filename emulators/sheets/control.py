"""The control API under /_emulator/ (not part of Google's API; see README.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote

from . import a1, cellvalues
from .app import Emulator
from .errors import ApiError, bad_request, not_found
from .store import Cell, Sheet

PREFIX = "/_emulator"


def handle(emu: Emulator, method: str, raw_path: str, query: str, body: dict[str, Any]) -> tuple[int, Any]:
    path = raw_path[len(PREFIX) :].rstrip("/") or "/"
    parts = [unquote(p) for p in path.strip("/").split("/")] if path != "/" else []
    key = (method, parts[0] if parts else "")
    if key == ("POST", "reset"):
        emu.reset()
        return 200, {"ok": True}
    if key == ("GET", "log"):
        return 200, emu.log.snapshot()
    if key == ("DELETE", "log"):
        emu.log.clear()
        return 200, {"ok": True}
    if key == ("GET", "quota"):
        return 200, emu.quota.status()
    if key == ("POST", "quota"):
        if body.get("resetWindows"):
            emu.quota.reset_windows()
        else:
            emu.quota.configure(_limit(body, "readsPerMinute"), _limit(body, "writesPerMinute"))
        return 200, emu.quota.status()
    if key == ("GET", "latency"):
        return 200, {"seconds": emu.latency}
    if key == ("POST", "latency"):
        seconds = body.get("seconds", (body.get("ms") or 0) / 1000)
        if not isinstance(seconds, (int, float)) or seconds < 0:
            raise bad_request("seconds must be a non-negative number")
        emu.latency = float(seconds)
        return 200, {"seconds": emu.latency}
    if key == ("POST", "faults"):
        faults = body.get("faults")
        if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
            raise bad_request('expected {"faults": [{"code": 429}, ...]}')
        emu.add_faults(faults)
        return 200, {"queued": len(emu.faults)}
    if key == ("GET", "webhook"):
        if len(parts) > 1 and parts[1] == "deliveries":
            return 200, {"deliveries": list(emu.webhook.deliveries)}
        return 200, emu.webhook.config()
    if key == ("POST", "webhook"):
        emu.webhook.configure(body.get("url"), body.get("secret"), body.get("user"))
        return 200, emu.webhook.config()
    if key == ("POST", "save"):
        emu.store.dirty = True
        emu.store.save()
        return 200, {"ok": True, "stateFile": emu.store.state_file}
    if parts and parts[0] == "spreadsheets":
        return _spreadsheets(emu, method, parts[1:], query, body)
    raise ApiError(404, f"No control endpoint {method} {raw_path}")


def _limit(body: dict[str, Any], name: str) -> int | None:
    v = body.get(name)
    if v is None:
        return None
    if not isinstance(v, int) or v < 0:
        raise bad_request(f"{name} must be a non-negative integer or null")
    return v


def _spreadsheets(
    emu: Emulator, method: str, parts: list[str], query: str, body: dict[str, Any]
) -> tuple[int, Any]:
    if not parts and method == "GET":
        with emu.store.lock:
            items = [
                {
                    "spreadsheetId": s.spreadsheet_id,
                    "title": s.title,
                    "url": f"{emu.base_url}/ui/{s.spreadsheet_id}",
                }
                for s in emu.store.spreadsheets.values()
            ]
        return 200, {"spreadsheets": items}
    if not parts and method == "POST":
        sid = body.pop("spreadsheetId", None)
        if not sid or not isinstance(sid, str):
            raise bad_request("spreadsheetId is required")
        shared_with = _shared_with(body.pop("sharedWith", None))
        created = emu.create_with_id(sid, body)
        if shared_with is not None:
            _sharing(emu, sid, "POST", {"users": shared_with})
        return 200, created
    if len(parts) == 2 and parts[1] == "sharing":
        return 200, _sharing(emu, parts[0], method, body)
    if len(parts) == 2 and parts[1] == "cells" and method == "GET":
        return 200, _cells(emu, parts[0], parse_qs(query))
    raise ApiError(404, "No such control endpoint")


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
        elif method != "GET":
            raise ApiError(404, "No such control endpoint")
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
