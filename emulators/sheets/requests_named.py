"""batchUpdate requests addNamedRange, updateNamedRange, deleteNamedRange.

Answers as in gspread's recorded ``CellTest.test_define_named_range`` / ``test_update_named_range``:
``namedRangeId`` is a string of digits, the range keeps explicit bounds (0 included) and leaves
out ``sheetId`` 0; ``spreadsheets.get`` lists them in ``namedRanges``. Each is stored on the sheet
its range is on, so it moves with inserted and deleted rows and columns.

Names follow the rules of Sheets' help page: letters, digits and underscores, not starting with a
digit, not ``true``/``false``, not an A1 or R1C1 reference, at most 250 characters, unique in the
spreadsheet (case-insensitive). The refusal wording is the emulator's own (not recorded).
"""

from __future__ import annotations

import copy
import re
import secrets
from typing import Any

from . import masks
from .ranges import public_range
from .requests_common import Fail, Reply, fields_of, target
from .store import Sheet, Spreadsheet

_NAME = re.compile(r"^[^\W\d]\w{0,249}$")
_A1_OR_R1C1 = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$")


def find(ss: Spreadsheet, named_range_id: Any) -> tuple[Sheet, dict[str, Any]]:
    for sheet in ss.sheets:
        for n in sheet.named_ranges:
            if n["namedRangeId"] == str(named_range_id):
                return sheet, n
    raise Fail(f"No named range with id: {named_range_id}")


def by_name(ss: Spreadsheet, name: str) -> dict[str, Any] | None:
    for sheet in ss.sheets:
        for n in sheet.named_ranges:
            if n["name"].lower() == name.lower():
                return n
    return None


def _check_name(ss: Spreadsheet, name: Any, own_id: str | None) -> str:
    if not isinstance(name, str) or not _NAME.match(name) or name.lower() in ("true", "false"):
        raise Fail(f"Invalid name for a named range: {name!r}")
    if _A1_OR_R1C1.match(name):
        raise Fail(f"Invalid name for a named range (it reads as a cell reference): {name!r}")
    other = by_name(ss, name)
    if other is not None and other["namedRangeId"] != own_id:
        raise Fail(f'A named range with the name "{name}" already exists.')
    return name


def _stored_range(ss: Spreadsheet, rng: Any, where: str) -> tuple[Sheet, dict[str, Any]]:
    t = target(ss, rng, where)
    out = {k: v for k, v in rng.items() if v is not None}
    out["sheetId"] = t.sheet.sheet_id
    return t.sheet, out


def public(n: dict[str, Any]) -> dict[str, Any]:
    return {**copy.deepcopy(n), "range": public_range(n["range"])}


def add_named_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    body = args.get("namedRange")
    if not isinstance(body, dict):
        raise Fail("namedRange must be set")
    taken = {n["namedRangeId"] for s in ss.sheets for n in s.named_ranges}
    nid = str(body.get("namedRangeId") or "")
    if nid and nid in taken:
        raise Fail(f"Named range with id {nid} already exists.")
    while not nid or nid in taken:
        nid = str(secrets.randbelow(2**31 - 1) + 1)
    name = _check_name(ss, body.get("name"), nid)
    sheet, rng = _stored_range(ss, body.get("range"), where)
    named = {"namedRangeId": nid, "name": name, "range": rng}
    sheet.named_ranges.append(named)
    return {"addNamedRange": {"namedRange": public(named)}}


def update_named_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    fields = fields_of(args)
    body = args.get("namedRange")
    if not isinstance(body, dict):
        raise Fail("namedRange must be set")
    sheet, named = find(ss, body.get("namedRangeId"))
    current = copy.deepcopy(named)
    masks.apply(current, body, fields, allowed={"name", "range"})
    name = _check_name(ss, current.get("name"), named["namedRangeId"])
    new_sheet, rng = _stored_range(ss, current.get("range"), where)
    updated = {"namedRangeId": named["namedRangeId"], "name": name, "range": rng}
    if new_sheet is sheet:
        sheet.named_ranges[sheet.named_ranges.index(named)] = updated
    else:
        sheet.named_ranges.remove(named)
        new_sheet.named_ranges.append(updated)
    return {}


def delete_named_range(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    sheet, named = find(ss, args.get("namedRangeId"))
    sheet.named_ranges.remove(named)
    return {}
