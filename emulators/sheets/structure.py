"""Structural edits: insert/delete rows and columns, sort. Cells move with their format, note and
dropdown; protected ranges, conditional-format ranges, the basic filter, merges, named ranges and
row/column groups shift like in Sheets (rows inserted inside a group join it). Formulas are not
rewritten (the emulator does not evaluate references)."""

from __future__ import annotations

from bisect import bisect_right
from functools import cmp_to_key
from typing import Any

from .store import Sheet, Spreadsheet

_KEYS = {"ROWS": ("startRowIndex", "endRowIndex"), "COLUMNS": ("startColumnIndex", "endColumnIndex")}


def _shift_insert(p: int | None, at: int, n: int, is_end: bool) -> int | None:
    if p is None:
        return None
    if is_end:
        return p + n if p > at else p
    return p + n if p >= at else p


def _shift_delete(p: int | None, start: int, end: int) -> int | None:
    if p is None:
        return None
    if p <= start:
        return p
    if p <= end:
        return start
    return p - (end - start)


def _shift_grid_ranges(sheet: Sheet, dimension: str, fn: Any) -> None:
    lo, hi = _KEYS[dimension]

    def move(rng: dict[str, Any]) -> bool:
        if rng.get("sheetId", 0) != sheet.sheet_id:
            return True
        a, b = fn(rng.get(lo), False), fn(rng.get(hi), True)
        for key, v in ((lo, a), (hi, b)):
            if v is not None:
                rng[key] = v
        return not (a is not None and b is not None and b <= a)

    sheet.protected_ranges = [p for p in sheet.protected_ranges if move(p.get("range", {}))]
    kept = []
    for rule in sheet.conditional_formats:
        rule["ranges"] = [r for r in rule.get("ranges", []) if move(r)]
        if rule["ranges"]:
            kept.append(rule)
    sheet.conditional_formats = kept
    if sheet.basic_filter and not move(sheet.basic_filter.get("range", {})):
        sheet.basic_filter = None
    sheet.merges = [m for m in sheet.merges if move(m)]
    sheet.named_ranges = [n for n in sheet.named_ranges if move(n["range"])]


def _remap(sheet: Sheet, dimension: str, fn: Any) -> None:
    """Move every cell and per-dimension property by ``fn(index) -> new index or None (dropped)``."""
    new_cells = {}
    for (r, c), cell in sheet.cells.items():
        if dimension == "ROWS":
            nr = fn(r)
            if nr is not None:
                new_cells[(nr, c)] = cell
        else:
            nc = fn(c)
            if nc is not None:
                new_cells[(r, nc)] = cell
    sheet.cells, sheet.cells_shared = new_cells, False
    if dimension == "ROWS":
        sheet.row_heights = {fn(k): v for k, v in sheet.row_heights.items() if fn(k) is not None}
        sheet.hidden_rows = {fn(k) for k in sheet.hidden_rows if fn(k) is not None}
        sheet.row_depths = {fn(k): v for k, v in sheet.row_depths.items() if fn(k) is not None}
    else:
        sheet.column_widths = {fn(k): v for k, v in sheet.column_widths.items() if fn(k) is not None}
        sheet.hidden_columns = {fn(k) for k in sheet.hidden_columns if fn(k) is not None}
        sheet.column_depths = {fn(k): v for k, v in sheet.column_depths.items() if fn(k) is not None}


def insert(sheet: Sheet, dimension: str, start: int, end: int, inherit_from_before: bool) -> None:
    n = end - start
    _remap(sheet, dimension, lambda i: i + n if i >= start else i)
    _shift_grid_ranges(sheet, dimension, lambda p, is_end: _shift_insert(p, start, n, is_end))
    if dimension == "ROWS":
        sheet.row_count += n
    else:
        sheet.column_count += n
    depths = sheet.row_depths if dimension == "ROWS" else sheet.column_depths
    inside = min(depths.get(start - 1, 0), depths.get(end, 0))  # a group spanning the insertion
    for k in range(start, end):
        if inside:
            depths[k] = inside
    source = start - 1 if inherit_from_before else end
    limit = sheet.row_count if dimension == "ROWS" else sheet.column_count
    if 0 <= source < limit:
        _inherit(sheet, dimension, source, start, end)


def _inherit(sheet: Sheet, dimension: str, source: int, start: int, end: int) -> None:
    """New rows/columns take the format and dropdowns of their neighbour (not values or notes)."""
    for (r, c), cell in list(sheet.cells.items()):
        idx = r if dimension == "ROWS" else c
        if idx != source or not (cell.fmt or cell.validation):
            continue
        for k in range(start, end):
            pos = (k, c) if dimension == "ROWS" else (r, k)
            sheet.put(pos[0], pos[1], sheet.get(*pos).with_(fmt=cell.fmt, validation=cell.validation))


def delete(sheet: Sheet, dimension: str, start: int, end: int, later: PendingDeletes | None = None) -> None:
    """``later``: the cells' move is left to ``later.flush()`` (a run of deletes in one batchUpdate
    moves every cell once instead of once per delete); everything else happens now."""
    n = end - start
    if later is None:
        _remap(sheet, dimension, lambda i: None if start <= i < end else (i - n if i >= end else i))
    else:
        later.add(sheet, dimension, start, end)
    _shift_grid_ranges(sheet, dimension, lambda p, is_end: _shift_delete(p, start, end))
    if dimension == "ROWS":
        sheet.row_count -= n
        sheet.frozen_rows = min(sheet.frozen_rows, sheet.row_count)
    else:
        sheet.column_count -= n
        sheet.frozen_columns = min(sheet.frozen_columns, sheet.column_count)


class PendingDeletes:
    """Deletes whose cells have not moved yet, per grid and dimension, as the original indices they
    remove. Each delete is given in the indices of the grid as it is after the ones before it (as
    Sheets applies a batch's requests in order); ``flush`` then moves every cell once, to where the
    deletes one after another would have put it. Nothing may read or write the cells in between."""

    def __init__(self) -> None:
        self._gone: dict[tuple[int, str], tuple[Sheet, str, list[list[int]]]] = {}

    def add(self, sheet: Sheet, dimension: str, start: int, end: int) -> None:
        _, _, gone = self._gone.setdefault((id(sheet), dimension), (sheet, dimension, []))
        first, last = _original(gone, start), _original(gone, end - 1)
        merged = [g for g in gone if g[1] < first or g[0] > last + 1]
        inside = [g for g in gone if not (g[1] < first or g[0] > last + 1)]
        lo = min([first, *(g[0] for g in inside)])
        hi = max([last + 1, *(g[1] for g in inside)])
        merged.append([lo, hi])
        gone[:] = sorted(merged)

    def flush(self) -> None:
        for sheet, dimension, gone in self._gone.values():
            _remap(sheet, dimension, _compacting(gone))
        self._gone.clear()


def _original(gone: list[list[int]], index: int) -> int:
    """The original index of what is at ``index`` once the ``gone`` spans (original, sorted,
    disjoint, half-open) are removed."""
    for start, end in gone:
        if start <= index:
            index += end - start
        else:
            break
    return index


def _compacting(gone: list[list[int]]) -> Any:
    starts = [s for s, _ in gone]
    before = [0]  # indices removed before each span
    for s, e in gone:
        before.append(before[-1] + e - s)

    def fn(i: int) -> int | None:
        k = bisect_right(starts, i)
        if k and i < gone[k - 1][1]:
            return None
        return i - before[k]

    return fn


def insert_rows(ss: Spreadsheet, sheet: Sheet, start: int, count: int, inherit_from_before: bool) -> None:
    insert(sheet, "ROWS", start, start + count, inherit_from_before)


def _rank(v: Any) -> tuple[int, Any]:
    if isinstance(v, bool):
        return (2, v)
    if isinstance(v, (int, float)):
        return (0, v)
    return (1, str(v).lower())


def sort_rows(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, specs: list[tuple[int, bool]]) -> None:
    """Sort rows r0..r1 of columns c0..c1 by (column, ascending) specs; blanks always last."""
    rows = list(range(r0, r1))
    block = {r: {c: sheet.get(r, c) for c in range(c0, c1)} for r in rows}

    def compare(a: int, b: int) -> int:
        for col, ascending in specs:
            va, vb = sheet.get(a, col).value, sheet.get(b, col).value
            blank_a, blank_b = va in (None, ""), vb in (None, "")
            if blank_a or blank_b:
                if blank_a and blank_b:
                    continue
                return 1 if blank_a else -1
            ka, kb = _rank(va), _rank(vb)
            if ka != kb:
                result = -1 if ka < kb else 1
                return result if ascending else -result
        return 0

    ordered = sorted(rows, key=cmp_to_key(compare))
    for target, source in zip(rows, ordered, strict=True):
        for c in range(c0, c1):
            sheet.put(target, c, block[source][c])
