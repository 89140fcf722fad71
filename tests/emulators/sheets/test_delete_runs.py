"""A run of deleteDimension requests in one batchUpdate moves the cells once (structure.PendingDeletes):
the grid must end exactly as the deletes applied one after another leave it."""

from __future__ import annotations

import random

from emulators.sheets import structure
from emulators.sheets.store import Cell, Sheet


def _grid(rows: int, cols: int) -> Sheet:
    sheet = Sheet(1, "t", 0, row_count=rows, column_count=cols)
    for r in range(rows):
        for c in range(cols):
            if (r * 7 + c) % 3:
                sheet.put(r, c, Cell(value=f"{r}:{c}"))
    sheet.row_heights = {r: 20 + r for r in range(0, rows, 4)}
    sheet.hidden_rows = {r for r in range(rows) if r % 5 == 2}
    return sheet


def _state(sheet: Sheet) -> tuple[object, ...]:
    return (sheet.cells, sheet.row_count, sheet.row_heights, sheet.hidden_rows, sheet.column_count)


def test_a_run_of_deletes_leaves_the_grid_as_one_delete_after_another() -> None:
    rng = random.Random(18)
    for _ in range(200):
        one_by_one, at_once = _grid(40, 4), _grid(40, 4)
        later = structure.PendingDeletes()
        for _ in range(rng.randint(1, 8)):
            dim = rng.choice(["ROWS", "ROWS", "COLUMNS"])
            limit = one_by_one.row_count if dim == "ROWS" else one_by_one.column_count
            if limit < 3:
                break
            start = rng.randrange(1, limit - 1)
            end = rng.randint(start + 1, limit)
            structure.delete(one_by_one, dim, start, end)
            structure.delete(at_once, dim, start, end, later)
        later.flush()
        assert _state(at_once) == _state(one_by_one)


def test_last_rows_first_as_the_archive_sends_them() -> None:
    one_by_one, at_once = _grid(30, 3), _grid(30, 3)
    later = structure.PendingDeletes()
    for start, end in [(25, 27), (20, 21), (3, 9), (1, 2)]:
        structure.delete(one_by_one, "ROWS", start, end)
        structure.delete(at_once, "ROWS", start, end, later)
    assert at_once.cells != one_by_one.cells  # nothing moved before the flush
    later.flush()
    assert _state(at_once) == _state(one_by_one)
