"""Where ``values.append`` writes: the "table" Sheets finds from the given range.

Google documents only that "the input range is used to search for existing data and find a table
within that range; values are appended to the next row of the table, starting with the first column
of the table". The rule here is inferred from recorded real answers and reported cases:

* recorded: ``["x","","y"]`` appended to an empty ``Sheet1`` (A1:C1), then a second append to
  ``Sheet1`` answered ``tableRange: "Sheet1!C1"`` and wrote ``C2:E2``;
* gspread issue 537: ``["Test1","","Test2"]`` appended three times starts one gap further right each
  time (C2, then E3);
* gspread issue 603: a first row filled at A:C, F, H and J, then an append to the sheet answered
  ``tableRange: "Sheet1!J1"``;
* gspread issue 689 and google-api-nodejs-client issue 1235: a range of one column (``U2:U``,
  ``I18``) appended starting at a column to its left, where the neighbouring data began;
* gspread's ``insert_rows`` appends to ``A<row>`` of rows it has just inserted (empty) and the
  values land exactly there.

So: the search starts from the LAST cell holding a value inside the range (last row, then last
column in it); the table is the block around it, grown like a spreadsheet's "current region" (a
bounding box widened while any cell touching it, diagonals included, holds a value), and it may
reach outside the range. Values go on the row under the table, from the table's first column. A
range with no value inside has no table: values go at its top-left cell. Whether diagonal contact
joins a block is not recorded; it is assumed, as in other spreadsheets' current region.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ranges import Target


@dataclass(frozen=True)
class Table:
    """0-based, end-exclusive bounds of the table found."""

    top: int
    bottom: int
    left: int
    right: int


def find(t: Target) -> Table | None:
    r0, r1, c0, c1 = t.clipped()
    filled = {pos for pos, cell in t.sheet.cells.items() if cell.has_value()}
    inside = [(r, c) for (r, c) in filled if r0 <= r < r1 and c0 <= c < c1]
    if not inside:
        return None
    seed_r, seed_c = max(inside)
    top, bottom, left, right = seed_r, seed_r, seed_c, seed_c  # inclusive while growing
    # Cells sorted nearest-first in rows, so one pass usually grows a long column in one go; the
    # loop repeats until a pass adds nothing (a widening can bring new neighbours into touch).
    order = sorted(filled, key=lambda p: abs(p[0] - seed_r))
    grown = True
    while grown:
        grown = False
        for r, c in order:
            touching = top - 1 <= r <= bottom + 1 and left - 1 <= c <= right + 1
            if touching and not (top <= r <= bottom and left <= c <= right):
                top, bottom = min(top, r), max(bottom, r)
                left, right = min(left, c), max(right, c)
                grown = True
    return Table(top, bottom + 1, left, right + 1)
