"""The emulator's quick paths for big tabs against a plain model of what Sheets answers.

``read_range`` builds each row from the cells holding a value, and ``appendCells`` finds a tab's last
row by walking up from the grid's end: both are written for a 37,000-row tab read every tick. The
model here is the slow, obvious version (every position of the range looked at; every cell scanned),
and hypothesis draws small sheets where the two must agree on every option.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulators.sheets import cellvalues
from emulators.sheets.ranges import Target
from emulators.sheets.requests_cells import _last_value_row
from emulators.sheets.store import Cell, Sheet
from emulators.sheets.values import read_range

VALUES = st.sampled_from([None, "", "x", "0012", 0, 3, 2.5, True, 45000.25])
FORMULAS = st.sampled_from([None, None, "", "=1+1"])
FORMATS = st.sampled_from(
    [
        None,
        {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}},
        {"numberFormat": {"type": "NUMBER", "pattern": "0.00"}},
        {"numberFormat": {"type": "TEXT"}},
    ]
)


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    sheet = Sheet(1, "t", 0, row_count=draw(st.integers(0, 9)), column_count=draw(st.integers(1, 5)))
    if sheet.row_count:
        for _ in range(draw(st.integers(0, 20))):
            row = draw(st.integers(0, sheet.row_count - 1))
            column = draw(st.integers(0, sheet.column_count - 1))
            sheet.cells[row, column] = Cell(draw(VALUES), draw(FORMULAS), draw(FORMATS))
    return sheet


def model(t: Target, dimension: str, render: str, date_time: str) -> list[list[Any]] | None:
    """Every position of the range: a value where a cell holds one, else ""; trailing "" cut from
    each line, trailing empty lines cut; None when nothing holds a value."""
    r0, r1, c0, c1 = t.clipped()
    grid = [
        [
            cellvalues.render(cell, render, date_time)
            if (cell := t.sheet.cells.get((r, c))) is not None and cell.has_value()
            else None
            for c in range(c0, c1)
        ]
        for r in range(r0, r1)
    ]
    if dimension == "COLUMNS":
        grid = [list(column) for column in zip(*grid, strict=True)] if grid else []
    held = [i for i, line in enumerate(grid) if any(v is not None for v in line)]
    if not held:
        return None
    lines = []
    for line in grid[: held[-1] + 1]:
        cut = ["" if v is None else v for v in line]
        while cut and cut[-1] == "":
            cut.pop()
        lines.append(cut)
    return lines


bounds = st.one_of(st.none(), st.integers(0, 10))


@settings(max_examples=300, deadline=None)
@given(
    sheets(),
    bounds,
    bounds,
    bounds,
    bounds,
    st.sampled_from(["ROWS", "COLUMNS"]),
    st.sampled_from(["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"]),
    st.sampled_from(["SERIAL_NUMBER", "FORMATTED_STRING"]),
)
def test_a_read_answers_what_every_position_of_its_range_holds(
    sheet: Sheet,
    r0: int | None,
    r1: int | None,
    c0: int | None,
    c1: int | None,
    dimension: str,
    render: str,
    date_time: str,
) -> None:
    t = Target(sheet, r0, r1, c0, c1)
    answer = read_range(t, dimension, render, date_time)
    assert answer.get("values") == model(t, dimension, render, date_time)
    assert answer["majorDimension"] == dimension


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_an_append_goes_under_the_last_row_holding_a_value(sheet: Sheet) -> None:
    held = [r for (r, _c), cell in sheet.cells.items() if cell.value is not None or cell.formula]
    assert _last_value_row(sheet) == max(held, default=-1)


def test_a_text_cell_reads_as_its_text_under_every_option() -> None:
    dated = Cell("2026-12-07", None, {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}})
    sheet = Sheet(1, "t", 0, row_count=1, column_count=1, cells={(0, 0): dated})
    for render in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        for date_time in ("SERIAL_NUMBER", "FORMATTED_STRING"):
            answer = read_range(Target(sheet, None, None, None, None), "ROWS", render, date_time)
            assert answer["values"] == [["2026-12-07"]]
