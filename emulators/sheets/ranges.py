"""Resolving A1 text and GridRange objects against a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import a1
from .errors import ApiError, unable_to_parse
from .store import Sheet, Spreadsheet


@dataclass(frozen=True)
class Target:
    """A range on one sheet; ``None`` bounds are open (run to the grid's edge)."""

    sheet: Sheet
    start_row: int | None
    end_row: int | None
    start_col: int | None
    end_col: int | None

    @property
    def single_cell(self) -> bool:
        return (
            self.start_row is not None
            and self.end_row == self.start_row + 1
            and self.start_col is not None
            and self.end_col == self.start_col + 1
        )

    def clipped(self) -> tuple[int, int, int, int]:
        """Concrete bounds, clipped to the sheet's grid."""
        s = self.sheet
        r0 = min(self.start_row or 0, s.row_count)
        c0 = min(self.start_col or 0, s.column_count)
        r1 = s.row_count if self.end_row is None else min(self.end_row, s.row_count)
        c1 = s.column_count if self.end_col is None else min(self.end_col, s.column_count)
        return r0, max(r0, r1), c0, max(c0, c1)

    def a1(self) -> str:
        r0, r1, c0, c1 = self.clipped()
        if r1 <= r0 or c1 <= c0:
            return a1.quote_sheet(self.sheet.title)
        return a1.format_range(self.sheet.title, r0, r1, c0, c1)


def resolve(ss: Spreadsheet, text: str) -> Target:
    """A1 text -> Target. Unknown sheets and bad syntax both answer 'Unable to parse range'."""
    try:
        parsed = a1.parse(text)
    except a1.RangeParseError:
        return _named_on_sheet(ss, text)
    if parsed.sheet is None:
        if parsed.bare_word is not None and parsed.cells is None:
            sheet = ss.by_title(parsed.bare_word)
            if sheet is None:
                return _named(ss, parsed.bare_word, text)
            return Target(sheet, None, None, None, None)
        sheet = ss.first()
    else:
        found = ss.by_title(parsed.sheet)
        if found is None:
            raise unable_to_parse(text)
        sheet = found
    b = parsed.cells
    if b is None:
        return Target(sheet, None, None, None, None)
    return Target(sheet, b.start_row, b.end_row, b.start_col, b.end_col)


def _named(ss: Spreadsheet, name: str, text: str) -> Target:
    """A named range's name reads as its range (a sheet title of the same name wins)."""
    for sheet in ss.sheets:
        for n in sheet.named_ranges:
            if n["name"].lower() == name.lower():
                rng = n["range"]
                return Target(
                    sheet,
                    rng.get("startRowIndex"),
                    rng.get("endRowIndex"),
                    rng.get("startColumnIndex"),
                    rng.get("endColumnIndex"),
                )
    raise unable_to_parse(text)


def _named_on_sheet(ss: Spreadsheet, text: str) -> Target:
    """``'Sheet1'!Name`` reads as the named range ``Name`` when it lies on that sheet (recorded: gspread's
    cassette ``test_get_values_merge_cells_with_named_range`` answers ``Sheet1!B1:C3``)."""
    head, bang, name = text.rpartition("!")
    if not bang or not name:
        raise unable_to_parse(text)
    try:
        sheet_part = a1.parse(head)
    except a1.RangeParseError:
        raise unable_to_parse(text) from None
    title = sheet_part.sheet if sheet_part.sheet is not None else sheet_part.bare_word
    sheet = ss.by_title(title) if title is not None and sheet_part.cells is None else None
    if sheet is None:
        raise unable_to_parse(text)
    target = _named(ss, name, text)
    if target.sheet is not sheet:
        raise unable_to_parse(text)
    return target


def grid_range(ss: Spreadsheet, rng: Any, where: str) -> Target:
    """A GridRange JSON object -> Target. A missing sheetId means 0, as in protobuf."""
    if not isinstance(rng, dict):
        raise ApiError(400, f"Invalid {where}: range must be a GridRange object")
    sheet_id = rng.get("sheetId", 0) or 0
    sheet = ss.by_id(int(sheet_id))
    if sheet is None:
        raise ApiError(400, f"Invalid {where}: No grid with id: {sheet_id}")
    vals = [rng.get(k) for k in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")]
    for v in vals:
        if v is not None and (not isinstance(v, int) or v < 0):
            raise ApiError(400, f"Invalid {where}: range indexes must be non-negative integers")
    r0, r1, c0, c1 = vals
    if r0 is not None and r1 is not None and r1 < r0:
        raise ApiError(400, f"Invalid {where}: endRowIndex ({r1}) < startRowIndex ({r0})")
    if c0 is not None and c1 is not None and c1 < c0:
        raise ApiError(400, f"Invalid {where}: endColumnIndex ({c1}) < startColumnIndex ({c0})")
    if (r1 or 0) > sheet.row_count or (c1 or 0) > sheet.column_count:
        raise ApiError(
            400,
            f"Invalid {where}: Range ({a1.quote_sheet(sheet.title)}!"
            f"{_cells(r0, r1, c0, c1)}) exceeds grid limits. "
            f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return Target(sheet, r0, r1, c0, c1)


def _cells(r0: int | None, r1: int | None, c0: int | None, c1: int | None) -> str:
    start = f"{a1.column_letters(c0 or 0)}{(r0 or 0) + 1}"
    end = f"{a1.column_letters((c1 or 1) - 1)}{r1 or ''}"
    return f"{start}:{end}"


def to_grid_range(t: Target) -> dict[str, Any]:
    out: dict[str, Any] = {"sheetId": t.sheet.sheet_id}
    for key, v in (
        ("startRowIndex", t.start_row),
        ("endRowIndex", t.end_row),
        ("startColumnIndex", t.start_col),
        ("endColumnIndex", t.end_col),
    ):
        if v is not None:
            out[key] = v
    return out


def public_range(rng: dict[str, Any]) -> dict[str, Any]:
    """A stored GridRange as the API answers it: ``sheetId`` 0 is left out (protobuf's default),
    the bounds are kept as stored (0 included)."""
    out = {k: v for k, v in rng.items() if v is not None}
    if not out.get("sheetId"):
        out.pop("sheetId", None)
    return out
