"""batchUpdate requests for protection, conditional formats and the basic filter."""

from __future__ import annotations

import copy
import secrets
from typing import Any

from . import cellvalues, masks, metadata
from .ranges import public_range
from .requests_cells import CONDITION_TYPES
from .requests_common import CALLER, Fail, Reply, clean, fields_of, sheet_by_id, target
from .store import Sheet, Spreadsheet


def add_protected_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    """Stored with the creator (the caller) among the editors, warning-only or not, as Sheets
    lists it; the reply echoes the editors as sent (``{}`` when none), as recorded in gspread's
    ``test_add_protected_range_normal`` / ``_warning``."""
    pr = clean(copy.deepcopy(args.get("protectedRange") or {}))
    t = target(ss, pr.get("range"), where)
    pr["range"] = {k: v for k, v in pr["range"].items() if v is not None}
    pr["range"]["sheetId"] = t.sheet.sheet_id
    taken = {p["protectedRangeId"] for s in ss.sheets for p in s.protected_ranges}
    if "protectedRangeId" in pr and pr["protectedRangeId"] in taken:
        raise Fail(f"Protected range with id {pr['protectedRangeId']} already exists.")
    pr.setdefault("protectedRangeId", secrets.randbelow(2**31 - 1) + 1)
    pr["warningOnly"] = bool(pr.get("warningOnly", False))
    sent = {k: v for k, v in (pr.get("editors") or {}).items() if v}
    if pr["warningOnly"] and sent:
        raise Fail("Cannot set editors on a warning-only protected range.")
    users = list(sent.get("users") or [])
    if CALLER.get() not in users:
        users.append(CALLER.get())
    pr["editors"] = {**sent, "users": users}
    pr["requestingUserCanEdit"] = True
    t.sheet.protected_ranges.append(pr)
    reply = metadata.protected_range(pr)
    reply["editors"] = copy.deepcopy(sent)
    return {"addProtectedRange": {"protectedRange": reply}}


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
    fields = fields_of(args)
    new = args.get("protectedRange") or {}
    _, pr = _find_protected(ss, new.get("protectedRangeId"))
    allowed = {"range", "description", "warningOnly", "editors", "requestingUserCanEdit", "unprotectedRanges"}
    masks.apply(pr, clean(new), fields, allowed=allowed)
    if "range" in pr:
        target(ss, pr["range"], where)
    return {}


def _check_cf_rule(ss: Spreadsheet, rule: Any, where: str) -> Sheet:
    if not isinstance(rule, dict) or not rule.get("ranges"):
        raise Fail("A conditional format rule needs at least one range")
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise Fail("Exactly one of booleanRule or gradientRule must be set")
    sheets = {target(ss, r, where).sheet.sheet_id for r in rule["ranges"]}
    if len(sheets) != 1:
        raise Fail("All ranges of a conditional format rule must be on the same sheet")
    if "booleanRule" in rule:
        cond = (rule["booleanRule"] or {}).get("condition") or {}
        if cond.get("type") not in CONDITION_TYPES:
            raise Fail(f'Invalid value at booleanRule.condition.type, "{cond.get("type")}"')
        fmt = (rule["booleanRule"] or {}).get("format") or {}
        if "backgroundColor" in fmt:
            fmt["backgroundColor"] = cellvalues.quantize_color(fmt["backgroundColor"])
    return sheet_by_id(ss, sheets.pop())


def add_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    rule: Any = copy.deepcopy(args.get("rule"))
    sheet = _check_cf_rule(ss, rule, where)
    for r in rule["ranges"]:
        r["sheetId"] = sheet.sheet_id
    index = args.get("index", 0) or 0
    sheet.conditional_formats.insert(min(index, len(sheet.conditional_formats)), rule)
    return {}


def delete_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = sheet_by_id(ss, args.get("sheetId"))
    index = args.get("index", 0) or 0
    if not 0 <= index < len(sheet.conditional_formats):
        raise Fail(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": _public_rule(rule)}}


def update_conditional_format_rule(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet = sheet_by_id(ss, args.get("sheetId"))
    index = args.get("index", 0) or 0
    if not 0 <= index < len(sheet.conditional_formats):
        raise Fail(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    old = sheet.conditional_formats[index]
    if "rule" in args:
        rule = copy.deepcopy(args["rule"])
        _check_cf_rule(ss, rule, where)
        sheet.conditional_formats[index] = rule
        return {
            "updateConditionalFormatRule": {
                "oldRule": _public_rule(old),
                "newRule": _public_rule(rule),
                "oldIndex": index,
            }
        }
    new_index = args.get("newIndex")
    if not isinstance(new_index, int):
        raise Fail("Either rule or newIndex must be set")
    sheet.conditional_formats.insert(new_index, sheet.conditional_formats.pop(index))
    moved = {"newRule": _public_rule(old), "oldIndex": index, "newIndex": new_index}
    return {"updateConditionalFormatRule": moved}


def _public_rule(rule: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(rule)
    out["ranges"] = [public_range(r) for r in out.get("ranges", [])]
    return out


def set_basic_filter(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    flt = copy.deepcopy(args.get("filter") or {})
    t = target(ss, flt.get("range"), where)
    # Open bounds are stored as the grid's edges: Sheets answers a filter set on {"sheetId": 0}
    # with explicit bounds (gspread's recorded test_basic_filters).
    r0, r1, c0, c1 = t.clipped()
    flt["range"] = {
        "sheetId": t.sheet.sheet_id,
        "startRowIndex": r0,
        "endRowIndex": r1,
        "startColumnIndex": c0,
        "endColumnIndex": c1,
    }
    t.sheet.basic_filter = flt
    return {}


def clear_basic_filter(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet_by_id(ss, args.get("sheetId")).basic_filter = None
    return {}
