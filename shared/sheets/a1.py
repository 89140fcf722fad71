"""A1 notation helpers (pure).

Sheet names are always single-quoted with embedded quotes doubled (``'It''s 订单'!A1``), as gspread
does (docs/platforms/sheets-and-functions.md#a1-notation; CJK names need it). Rows and columns are
1-based here; the Sheets GridRange uses 0-based, end-exclusive indexes (``grid_range``).
"""

from __future__ import annotations

import re
from typing import Any

_CELL = re.compile(r"^([A-Za-z]{1,3})([1-9][0-9]*)$")


def quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def column_letter(column: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    if column < 1:
        raise ValueError(f"column must be >= 1, got {column}")
    letters = ""
    n = column
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27."""
    if not letters or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"not a column: {letters!r}")
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def cell(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def parse_cell(a1: str) -> tuple[int, int]:
    """``"B5"`` -> (5, 2)."""
    m = _CELL.match(a1.strip())
    if not m:
        raise ValueError(f"not a cell: {a1!r}")
    return int(m.group(2)), column_number(m.group(1))


def parse_range(a1: str) -> tuple[int, int, int, int]:
    """``"B5"`` or ``"B5:C6"`` (no sheet name) -> (row, column, num_rows, num_columns)."""
    first, _, last = a1.strip().partition(":")
    r1, c1 = parse_cell(first)
    r2, c2 = parse_cell(last) if last else (r1, c1)
    top, bottom = min(r1, r2), max(r1, r2)
    left, right = min(c1, c2), max(c1, c2)
    return top, left, bottom - top + 1, right - left + 1


def sheet_range(title: str, a1: str = "") -> str:
    """``'订单'!A1:B2``, or the whole tab when ``a1`` is empty."""
    return quote_sheet(title) + ("!" + a1 if a1 else "")


def column_range(title: str, column: int, first_row: int = 1) -> str:
    """The whole column from ``first_row`` down: ``'订单'!C1:C``."""
    letter = column_letter(column)
    return sheet_range(title, f"{letter}{first_row}:{letter}")


def row_range(title: str, row: int) -> str:
    return sheet_range(title, f"{row}:{row}")


def grid_range(
    sheet_id: int,
    start_row: int | None = None,
    end_row: int | None = None,
    start_column: int | None = None,
    end_column: int | None = None,
) -> dict[str, Any]:
    """A GridRange from 1-based inclusive bounds (``None`` leaves that side open)."""
    rng: dict[str, Any] = {"sheetId": sheet_id}
    if start_row is not None:
        rng["startRowIndex"] = start_row - 1
    if end_row is not None:
        rng["endRowIndex"] = end_row
    if start_column is not None:
        rng["startColumnIndex"] = start_column - 1
    if end_column is not None:
        rng["endColumnIndex"] = end_column
    return rng
