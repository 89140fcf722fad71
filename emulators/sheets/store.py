"""The emulator's state: spreadsheets, sheets, cells; JSON persistence.

Cells are immutable records (replace, never mutate): a snapshot for the all-or-nothing
``batchUpdate`` shares each sheet's cell dict, copied by the first change to it (``Sheet.put``;
structural edits build a new dict).
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field, replace
from typing import Any

Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)  # slots: a year of a busy shop is millions of cells
class Cell:
    value: Scalar | None = None  # effective value (for a formula: its computed/placeholder value)
    formula: str | None = None  # "=..." when the user entered a formula
    fmt: dict[str, Any] | None = None  # userEnteredFormat
    note: str | None = None
    validation: dict[str, Any] | None = None  # dataValidation rule

    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.formula is None
            and not self.fmt
            and self.note is None
            and self.validation is None
        )

    def has_value(self) -> bool:
        return self.formula is not None or (self.value is not None and self.value != "")

    def with_(self, **changes: Any) -> Cell:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("value", "formula", "fmt", "note", "validation"):
            v = getattr(self, key)
            if v is not None:
                out[key] = v
        return out

    @staticmethod
    def from_json(data: dict[str, Any]) -> Cell:
        return Cell(
            value=data.get("value"),
            formula=data.get("formula"),
            fmt=data.get("fmt"),
            note=data.get("note"),
            validation=data.get("validation"),
        )


EMPTY = Cell()


@dataclass
class Sheet:
    sheet_id: int
    title: str
    index: int
    row_count: int = 1000
    column_count: int = 26
    frozen_rows: int = 0
    frozen_columns: int = 0
    hidden: bool = False
    hide_gridlines: bool = False
    tab_color: dict[str, Any] | None = None
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    column_widths: dict[int, int] = field(default_factory=dict)
    row_heights: dict[int, int] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    # GridRanges (with sheetId) of merged blocks, and the named ranges that live on this grid (so
    # they shift with rows and columns like the other ranges).
    merges: list[dict[str, Any]] = field(default_factory=list)
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    # Dimension groups as a depth per row / column index (absent = 0); the groups are the maximal
    # runs at each depth (requests_groups.py). ``collapsed`` holds [dimension, start, end, depth].
    row_depths: dict[int, int] = field(default_factory=dict)
    column_depths: dict[int, int] = field(default_factory=dict)
    collapsed_groups: list[list[Any]] = field(default_factory=list)
    # Sheets shows gridProperties.rowGroupControlAfter / columnGroupControlAfter once a group has
    # been made on that dimension, and keeps it after the group is gone.
    group_controls: set[str] = field(default_factory=set)
    # EmbeddedChart resources (chartId, spec, position) of the charts drawn over this grid, in the
    # order they were added (requests_charts.py); spreadsheets.get returns them as sheets[].charts[].
    charts: list[dict[str, Any]] = field(default_factory=list)
    # The cell dict is shared with a snapshot (``snapshot``): the first ``put`` copies it, so a write
    # copies the cells of the tabs it changes, not of every tab in the spreadsheet.
    cells_shared: bool = field(default=False, repr=False, compare=False)

    def get(self, row: int, col: int) -> Cell:
        return self.cells.get((row, col), EMPTY)

    def put(self, row: int, col: int, cell: Cell) -> None:
        if self.cells_shared:
            self.cells, self.cells_shared = dict(self.cells), False
        if cell.is_empty():
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = cell

    def snapshot(self) -> Sheet:
        clone = copy.copy(self)
        self.cells_shared = clone.cells_shared = True  # copied by whichever changes first (``put``)
        clone.column_widths = dict(self.column_widths)
        clone.row_heights = dict(self.row_heights)
        clone.hidden_columns = set(self.hidden_columns)
        clone.hidden_rows = set(self.hidden_rows)
        clone.protected_ranges = copy.deepcopy(self.protected_ranges)
        clone.conditional_formats = copy.deepcopy(self.conditional_formats)
        clone.basic_filter = copy.deepcopy(self.basic_filter)
        clone.tab_color = copy.deepcopy(self.tab_color)
        clone.merges = copy.deepcopy(self.merges)
        clone.named_ranges = copy.deepcopy(self.named_ranges)
        clone.row_depths = dict(self.row_depths)
        clone.column_depths = dict(self.column_depths)
        clone.collapsed_groups = copy.deepcopy(self.collapsed_groups)
        clone.group_controls = set(self.group_controls)
        clone.charts = copy.deepcopy(self.charts)
        return clone

    def data_extent(self) -> tuple[int, int]:
        """(rows, cols) up to the last cell holding a value."""
        rows = cols = 0
        for (r, c), cell in self.cells.items():
            if cell.has_value():
                rows = max(rows, r + 1)
                cols = max(cols, c + 1)
        return rows, cols

    def to_json(self) -> dict[str, Any]:
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "rowCount": self.row_count,
            "columnCount": self.column_count,
            "frozenRows": self.frozen_rows,
            "frozenColumns": self.frozen_columns,
            "hidden": self.hidden,
            "hideGridlines": self.hide_gridlines,
            "tabColor": self.tab_color,
            "cells": [[r, c, cell.to_json()] for (r, c), cell in sorted(self.cells.items())],
            "columnWidths": {str(k): v for k, v in self.column_widths.items()},
            "rowHeights": {str(k): v for k, v in self.row_heights.items()},
            "hiddenColumns": sorted(self.hidden_columns),
            "hiddenRows": sorted(self.hidden_rows),
            "protectedRanges": self.protected_ranges,
            "conditionalFormats": self.conditional_formats,
            "basicFilter": self.basic_filter,
            "merges": self.merges,
            "namedRanges": self.named_ranges,
            "rowDepths": {str(k): v for k, v in self.row_depths.items()},
            "columnDepths": {str(k): v for k, v in self.column_depths.items()},
            "collapsedGroups": self.collapsed_groups,
            "groupControls": sorted(self.group_controls),
            "charts": self.charts,
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> Sheet:
        return Sheet(
            sheet_id=d["sheetId"],
            title=d["title"],
            index=d["index"],
            row_count=d["rowCount"],
            column_count=d["columnCount"],
            frozen_rows=d.get("frozenRows", 0),
            frozen_columns=d.get("frozenColumns", 0),
            hidden=d.get("hidden", False),
            hide_gridlines=d.get("hideGridlines", False),
            tab_color=d.get("tabColor"),
            cells={(r, c): Cell.from_json(v) for r, c, v in d.get("cells", [])},
            column_widths={int(k): v for k, v in d.get("columnWidths", {}).items()},
            row_heights={int(k): v for k, v in d.get("rowHeights", {}).items()},
            hidden_columns=set(d.get("hiddenColumns", [])),
            hidden_rows=set(d.get("hiddenRows", [])),
            protected_ranges=d.get("protectedRanges", []),
            conditional_formats=d.get("conditionalFormats", []),
            basic_filter=d.get("basicFilter"),
            merges=d.get("merges", []),
            named_ranges=d.get("namedRanges", []),
            row_depths={int(k): v for k, v in d.get("rowDepths", {}).items()},
            column_depths={int(k): v for k, v in d.get("columnDepths", {}).items()},
            collapsed_groups=d.get("collapsedGroups", []),
            group_controls=set(d.get("groupControls", [])),
            charts=d.get("charts", []),
        )


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    locale: str = "zh_CN"
    time_zone: str = "Asia/Shanghai"
    sheets: list[Sheet] = field(default_factory=list)
    # Who may call the API on it (bearer tokens, "anonymous" for none); None = every caller, as if
    # shared with anyone. Set through the control API to model a sheet not shared with the caller.
    shared_with: list[str] | None = None

    def ordered(self) -> list[Sheet]:
        return sorted(self.sheets, key=lambda s: s.index)

    def by_title(self, title: str) -> Sheet | None:
        for s in self.sheets:
            if s.title == title:
                return s
        return None

    def by_id(self, sheet_id: int) -> Sheet | None:
        for s in self.sheets:
            if s.sheet_id == sheet_id:
                return s
        return None

    def first(self) -> Sheet:
        return self.ordered()[0]

    def reindex(self) -> None:
        for i, s in enumerate(self.ordered()):
            s.index = i

    def new_sheet_id(self) -> int:
        taken = {s.sheet_id for s in self.sheets}
        while True:
            candidate = secrets.randbelow(2**31 - 1) + 1
            if candidate not in taken:
                return candidate

    def snapshot(self) -> Spreadsheet:
        clone = copy.copy(self)
        clone.sheets = [s.snapshot() for s in self.sheets]
        return clone

    def to_json(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "title": self.title,
            "locale": self.locale,
            "timeZone": self.time_zone,
            "sheets": [s.to_json() for s in self.sheets],
            "sharedWith": self.shared_with,
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> Spreadsheet:
        return Spreadsheet(
            spreadsheet_id=d["spreadsheetId"],
            title=d["title"],
            locale=d.get("locale", "zh_CN"),
            time_zone=d.get("timeZone", "Asia/Shanghai"),
            sheets=[Sheet.from_json(s) for s in d.get("sheets", [])],
            shared_with=d.get("sharedWith"),
        )


def new_spreadsheet_id() -> str:
    """44 URL-safe characters starting with "1", like the real spreadsheet IDs recorded in gspread's
    cassettes (so an ID never starts with "-" and reads as an option on a command line)."""
    return "1" + secrets.token_urlsafe(33)[:43]


class Store:
    """All spreadsheets, one lock, optional JSON state file (flushed by ``save``)."""

    def __init__(self, state_file: str | None = None) -> None:
        self.lock = threading.RLock()
        self._save_lock = threading.Lock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.state_file = state_file
        self.dirty = False
        # Bumped by every change (API writes, web view actions): an open web view page waits on it
        # (``wait_change``) instead of polling, so a write shows as soon as it is made.
        self.revision = 0
        self._changed = threading.Condition(threading.Lock())
        self._closing = False
        if state_file and os.path.exists(state_file):
            self.load()

    def get(self, spreadsheet_id: str) -> Spreadsheet | None:
        return self.spreadsheets.get(spreadsheet_id)

    def add(self, sheet: Spreadsheet) -> None:
        self.spreadsheets[sheet.spreadsheet_id] = sheet
        self.touch()

    def reset(self) -> None:
        with self.lock:
            self.spreadsheets.clear()
            self.touch()

    def touch(self) -> None:
        """Something changed: to be saved, and shown by the pages waiting for a change."""
        self.dirty = True
        with self._changed:
            self.revision += 1
            self._changed.notify_all()

    def wait_change(self, since: int, timeout: float) -> int:
        """The revision, once it differs from ``since`` (or after ``timeout`` seconds, or at close)."""
        with self._changed:
            self._changed.wait_for(lambda: self.revision != since or self._closing, timeout)
            return self.revision

    def close_waiters(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    def load(self) -> None:
        assert self.state_file
        with open(self.state_file, encoding="utf-8") as fh:
            data = json.load(fh)
        self.spreadsheets = {
            d["spreadsheetId"]: Spreadsheet.from_json(d) for d in data.get("spreadsheets", [])
        }

    def save(self) -> None:
        """Write the state file atomically (temp file + rename), if there is one and it changed."""
        with self._save_lock:
            with self.lock:
                if not self.state_file or not self.dirty:
                    return
                sheets = [s.to_json() for s in self.spreadsheets.values()]
                self.dirty = False
            folder = os.path.dirname(os.path.abspath(self.state_file))
            fd, tmp = tempfile.mkstemp(prefix=".sheets-state-", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "spreadsheets": sheets}, fh, ensure_ascii=False)
            os.replace(tmp, self.state_file)
