"""The Sheets gateway: typed reads and guarded writes with a constant number of API calls.

Budget (each counted by ``CallCounter``; independent of the number of rows):

* ``read``: ONE ``values:batchGet`` for every tab the caller needs.
* ``write`` / ``write_many`` (any number of tabs): ONE ``values:batchGet`` (re-read of the header,
  key column and the operator columns being filled), then ONE ``values:batchUpdate`` (RAW) and ONE
  ``spreadsheets:batchUpdate`` (formats, notes, and extra requests such as ``appendCells``); a call
  with nothing to send is skipped. The first write that needs sheet ids
  costs one metadata ``GET`` (cached for the gateway's life).
* ``write_many(as_read=True)`` (a targeted pass, whose read just now is its re-read): ONE
  ``spreadsheets:batchUpdate`` carrying the values too (``updateCells``, RAW semantics), so a read
  and a write cost two calls in all.
* appends are ``appendCells`` requests (``append_cells.py``), never ``values:append``: where
  ``values:append`` writes depends on the "table" Sheets finds, which a gap in the first row or
  column moves (see emulators/sheets/README.md); ``appendCells`` writes after the last row with
  data, from column A.

Write safety (docs/invariants.md#an-operators-work-is-never-lost): right before writing, keys and operator
cells are re-read. A write whose row no longer holds its key is remapped to the row that now holds it (when
exactly one does) or dropped; a write into an operator column is dropped if that cell is no longer empty; if a
column the write depends on moved, everything is dropped and the next tick redoes it. Every item gets an
outcome. The Sheets API has no compare-and-set, so a small window remains between the re-read and the write;
it is kept to two back-to-back requests.

All values are written RAW: outside text can never become a formula.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from gspread.exceptions import GSpreadException

from shared.retry import RetryPolicy
from shared.sheets import a1, charts
from shared.sheets.errors import SheetLayoutError, SheetsBadRequest, SheetsError
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.layout import Table, TableLayout, build_table, column_values
from shared.sheets.settings import SheetsSettings

CellValue = str | int | float | bool

# FORMULA: values unformatted (a number stays a number, so a digit string Sheets parsed is seen as
# one), and a formula as its text ("=HYPERLINK(...)"), never its result: what shows in a cell typed
# as a formula is not what the person typed, and must never be taken for a tracking number.
READ_PARAMS: dict[str, str] = {
    "majorDimension": "ROWS",
    "valueRenderOption": "FORMULA",
    "dateTimeRenderOption": "FORMATTED_STRING",
}


class Outcome(enum.Enum):
    WRITTEN = "written"
    REMAPPED = "remapped"  # written, at the row that now holds the key
    ROW_GONE = "row_gone"  # no row holds the key any more
    DUPLICATE_KEY = "duplicate_key"  # the key moved and now appears on several rows
    OPERATOR_CELL_FILLED = "operator_cell_filled"  # an operator typed into the cell meanwhile
    LAYOUT_CHANGED = "layout_changed"  # a column this write depends on moved or vanished
    UNKNOWN_COLUMN = "unknown_column"  # the tab has no such column

    @property
    def applied(self) -> bool:
        return self in (Outcome.WRITTEN, Outcome.REMAPPED)


@dataclass(frozen=True, slots=True)
class CellWrite:
    """Set ``field`` of the row read at ``row`` (holding ``key``) to ``value``.

    ``only_if_empty`` is forced on for operator columns; it may be set for system columns too.
    """

    key: str
    row: int
    field: str
    value: CellValue
    only_if_empty: bool = False


@dataclass(frozen=True, slots=True)
class RowFormat:
    """Background colour of the whole row (``rgb`` as 0..1 floats, ``None`` clears it).

    Row-state colours need no writes: ``init-sheet`` installs one conditional-format rule per 状态
    label, and in Sheets a conditional colour is drawn over a cell's own background. Use this for
    emphasis on rows whose state has no rule, or on other tabs.
    """

    key: str
    row: int
    rgb: Mapping[str, float] | None


@dataclass(frozen=True, slots=True)
class CellNote:
    key: str
    row: int
    field: str
    note: str  # "" removes the note


Item = CellWrite | RowFormat | CellNote


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: Item
    outcome: Outcome
    row: int | None  # the sheet row actually written


@dataclass(frozen=True, slots=True)
class WriteReport:
    results: tuple[ItemResult, ...]

    @property
    def applied(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.results if r.outcome.applied)

    @property
    def dropped(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.results if not r.outcome.applied)

    def outcomes(self) -> dict[Outcome, int]:
        counts: dict[Outcome, int] = {}
        for r in self.results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class TableWrite:
    """Everything to write to one tab (its ``table`` as read): cells, row colours, notes."""

    table: Table
    cells: tuple[CellWrite, ...] = ()
    formats: tuple[RowFormat, ...] = ()
    notes: tuple[CellNote, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return (*self.cells, *self.formats, *self.notes)


@contextmanager
def _guard(what: str) -> Iterator[None]:
    """Turn anything that is not already a ``SheetsError`` into one (no raw gspread/requests errors)."""
    try:
        yield
    except SheetsError:
        raise
    except (GSpreadException, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SheetsError(f"{what}: unexpected answer ({type(exc).__name__})") from exc


class SheetsGateway:
    def __init__(self, http: SheetsHTTPClient, spreadsheet_id: str) -> None:
        self.http = http
        self.spreadsheet_id = spreadsheet_id
        self._sheet_ids: dict[str, int] | None = None

    @property
    def calls(self) -> CallCounter:
        return self.http.counter

    def headroom(self) -> dict[str, int] | None:
        """Reads and writes left in the shared quota window (None: the client spends from none)."""
        return self.http.quota.headroom() if self.http.quota is not None else None

    # --- metadata ------------------------------------------------------------------------------

    def sheet_ids(self, refresh: bool = False) -> dict[str, int]:
        """title -> sheetId (one metadata GET, cached)."""
        if self._sheet_ids is None or refresh:
            with _guard("metadata"):
                meta = self.http.fetch_sheet_metadata(
                    self.spreadsheet_id,
                    params={"includeGridData": "false", "fields": "sheets.properties(sheetId,title)"},
                )
                self._sheet_ids = {
                    str(s["properties"]["title"]): int(s["properties"]["sheetId"])
                    for s in meta.get("sheets", [])
                }
        return dict(self._sheet_ids)

    def grid_sizes(self) -> dict[str, tuple[int, int]]:
        """title -> (rowCount, columnCount) of every tab's grid, which is what Google counts against a
        spreadsheet's cell limit: one metadata GET (the sheet ids are refreshed with it)."""
        with _guard("metadata"):
            meta = self.http.fetch_sheet_metadata(
                self.spreadsheet_id,
                params={
                    "includeGridData": "false",
                    "fields": "sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))",
                },
            )
            props = [s["properties"] for s in meta.get("sheets", [])]
            self._sheet_ids = {str(p["title"]): int(p["sheetId"]) for p in props}
            return {
                str(p["title"]): (
                    int(p.get("gridProperties", {}).get("rowCount", 0)),
                    int(p.get("gridProperties", {}).get("columnCount", 0)),
                )
                for p in props
            }

    def remember_sheet_id(self, title: str, sheet_id: int) -> None:
        """A tab this gateway just added (so the next write needs no metadata ``GET``)."""
        if self._sheet_ids is not None:
            self._sheet_ids[title] = sheet_id

    def forget_sheet_ids(self) -> None:
        """Drop the cached sheet ids (a write found them stale): the next need reads them again."""
        self._sheet_ids = None

    def _sheet_id(self, title: str) -> int:
        ids = self.sheet_ids()
        if title not in ids:
            ids = self.sheet_ids(refresh=True)
        if title not in ids:
            raise SheetLayoutError(f"no tab named {title!r}")
        return ids[title]

    # --- read ----------------------------------------------------------------------------------

    def batch_get(self, ranges: Sequence[str]) -> list[list[list[Any]]]:
        """Values of each range (rows of cells), in order. ONE ``values:batchGet``."""
        if not ranges:
            return []
        with _guard("values:batchGet"):
            try:
                doc = self.http.values_batch_get(self.spreadsheet_id, list(ranges), params=dict(READ_PARAMS))
            except SheetsBadRequest as exc:
                if "range" in exc.message.lower():
                    raise SheetLayoutError(
                        f"a tab is missing or a range is invalid ({exc.message})",
                        http_status=exc.http_status,
                        google_status=exc.google_status,
                    ) from exc
                raise
            value_ranges = doc.get("valueRanges", [])
            if len(value_ranges) != len(ranges):
                raise SheetsError(f"values:batchGet answered {len(value_ranges)} ranges for {len(ranges)}")
            return [list(vr.get("values", [])) for vr in value_ranges]

    def read(
        self,
        layouts: Sequence[TableLayout],
        headers_only: Sequence[TableLayout] = (),
        partial: Sequence[tuple[TableLayout, int, int]] = (),
        *,
        lenient: bool = False,
    ) -> dict[str, Table]:
        """Whole tabs (``layouts``), header rows (``headers_only``) and row ranges of tabs (``partial``:
        layout, first row, last row, 1-based) in ONE ``values:batchGet``. ``lenient``: a tab without
        its key column is returned (``Table.broken`` says so) instead of raising."""
        ranges = [a1.sheet_range(lay.title) for lay in layouts]
        ranges += [a1.row_range(lay.title, 1) for lay in headers_only]
        for lay, first, last in partial:
            first, last = max(2, first), max(2, first, last)
            ranges += [a1.row_range(lay.title, 1), a1.sheet_range(lay.title, f"{first}:{last}")]
        values = self.batch_get(ranges)
        tables: dict[str, Table] = {}
        for lay, vals in zip([*layouts, *headers_only], values, strict=False):
            tables[lay.title] = build_table(
                lay, vals, header_only=lay in headers_only and lay not in layouts, lenient=lenient
            )
        rest = values[len(layouts) + len(headers_only) :]
        for i, (lay, first, _last) in enumerate(partial):
            header, body = rest[2 * i], rest[2 * i + 1]
            part = build_table(lay, header, body=body, body_start=max(2, first), lenient=lenient)
            before = tables.get(lay.title)
            if before is not None and before.header == part.header:  # several row ranges of one tab
                seen = {r.number: r for r in (*before.rows, *part.rows)}
                part = replace(part, rows=tuple(seen[n] for n in sorted(seen)))
            tables[lay.title] = part
        return tables

    def read_rows(self, layout: TableLayout, first_row: int, last_row: int) -> Table:
        """The header and rows ``first_row..last_row`` (1-based) of one tab: ONE ``values:batchGet``.

        For the sheet-edit function, which must answer within a couple of seconds: it reads only the
        rows an edit touched. Row numbers are the sheet's, so ``write`` works on the result as usual.
        """
        first, last = max(1, first_row), max(1, first_row, last_row)
        header, body = self.batch_get(
            [a1.row_range(layout.title, 1), a1.sheet_range(layout.title, f"{first}:{last}")]
        )
        return build_table(layout, header, body=body, body_start=first)

    # --- write ---------------------------------------------------------------------------------

    def write(
        self,
        table: Table,
        cells: Sequence[CellWrite] = (),
        formats: Sequence[RowFormat] = (),
        notes: Sequence[CellNote] = (),
    ) -> WriteReport:
        """Re-read, then write what is still safe. See the module docstring for the budget and rules."""
        return self.write_many([TableWrite(table, tuple(cells), tuple(formats), tuple(notes))])[0]

    def write_many(
        self,
        writes: Sequence[TableWrite],
        extra_requests: Sequence[Mapping[str, Any]] = (),
        *,
        as_read: bool = False,
    ) -> list[WriteReport]:
        """``write`` for several tabs at once, with the same budget as one: ONE re-read
        ``values:batchGet`` for all of them, ONE ``values:batchUpdate``, and ONE
        ``spreadsheets:batchUpdate`` carrying every format and note plus ``extra_requests`` (e.g.
        ``appendCells`` for the log). One report per write, in order.

        ``as_read``: the tables were read just now (a targeted pass, whose read stage is its re-read):
        the same checks run against them instead of a second read, and the values travel as
        ``updateCells`` (RAW: ``stringValue``/``numberValue``/``boolValue``, never a formula) in the
        one ``spreadsheets:batchUpdate``. Budget: that ONE call (plus the cached metadata GET)."""
        # A tab read without its key column (a lenient read) cannot be written at all.
        refused = {
            id(w)
            for w in writes
            if w.items
            and w.table.layout.key_field is not None
            and w.table.layout.key_field not in w.table.columns
        }
        plans = [w for w in writes if w.items and id(w) not in refused]
        needs_ids = any(len(w.cells) < len(w.items) or as_read for w in plans) or bool(extra_requests)
        sheet_ids = self.sheet_ids() if needs_ids else {}
        ranges: list[str] = []
        spans: list[tuple[int, list[str]]] = []
        for w in plans:
            layout = w.table.layout
            if layout.key_field is None:
                raise SheetLayoutError(
                    f"tab {layout.title!r} has no key column; its rows cannot be written safely"
                )
            guarded = sorted(
                {i.field for i in w.cells if i.field in w.table.columns and self._must_be_empty(layout, i)}
            )
            spans.append((len(ranges), guarded))
            ranges += [
                a1.row_range(layout.title, 1),
                a1.column_range(layout.title, w.table.columns[layout.key_field]),
            ]
            ranges += [a1.column_range(layout.title, w.table.columns[f]) for f in guarded]
        reports, data, requests = self._plan_writes(plans, spans, ranges, sheet_ids, as_read)
        requests += [dict(r) for r in extra_requests]
        with _guard("write"):
            if data:
                self.http.values_batch_update(self.spreadsheet_id, {"valueInputOption": "RAW", "data": data})
            if requests:
                self.http.batch_update(self.spreadsheet_id, {"requests": requests})
        for w in writes:
            if id(w) in refused:
                reports[id(w)] = WriteReport(
                    tuple(ItemResult(i, Outcome.LAYOUT_CHANGED, None) for i in w.items)
                )
        return [reports.get(id(w), WriteReport(())) for w in writes]

    def replace_tab_requests(
        self,
        title: str,
        rows: Sequence[Sequence[CellValue | None]],
        charts_of: Callable[[int], Sequence[charts.Chart]] = lambda _sheet_id: (),
    ) -> list[dict[str, Any]]:
        """The ``spreadsheets:batchUpdate`` requests that make tab ``title`` hold exactly ``rows``
        (values, RAW: never a formula) from A1, and the charts ``charts_of(its sheet id)`` over it:
        the tab added first when it does not exist, every cell's value cleared, then the rows set;
        each chart's spec updated when the spreadsheet has a chart of its id, else the chart added.
        For a tab the product alone writes (统计), which has no key column to guard; the caller sends
        them in its one batch (``write_many``'s ``extra_requests``). A ``None`` cell is left empty.

        Costs ONE metadata ``GET`` (sheet ids and chart ids): read afresh, because one stale id
        (a tab or a chart deleted since) would fail the whole batch."""
        with _guard("metadata"):
            meta = self.http.fetch_sheet_metadata(
                self.spreadsheet_id,
                params={
                    "includeGridData": "false",
                    "fields": "sheets(properties(sheetId,title),charts.chartId)",
                },
            )
        ids = {str(s["properties"]["title"]): int(s["properties"]["sheetId"]) for s in meta.get("sheets", [])}
        existing = {int(c["chartId"]) for s in meta.get("sheets", []) for c in s.get("charts", [])}
        self._sheet_ids = dict(ids)
        requests: list[dict[str, Any]] = []
        sheet_id = ids.get(title)
        if sheet_id is None:
            sheet_id = _free_sheet_id(title, ids.values())
            grid = {
                "rowCount": max(len(rows) + 40, 200),
                "columnCount": max(26, max((len(r) for r in rows), default=0)),
                "frozenRowCount": 1,
            }
            requests.append(
                {"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}}
            )
            self._sheet_ids[title] = sheet_id  # a failed batch is mended by the next refresh
        requests.append({"updateCells": {"range": {"sheetId": sheet_id}, "fields": "userEnteredValue"}})
        requests.append(
            {
                "updateCells": {
                    "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                    "rows": [{"values": [_extended_or_empty(v) for v in row]} for row in rows],
                    "fields": "userEnteredValue",
                }
            }
        )
        return requests + charts.chart_requests(charts_of(sheet_id), existing)

    def _plan_writes(
        self,
        plans: Sequence[TableWrite],
        spans: Sequence[tuple[int, list[str]]],
        ranges: Sequence[str],
        sheet_ids: Mapping[str, int],
        as_read: bool,
    ) -> tuple[dict[int, WriteReport], list[dict[str, Any]], list[dict[str, Any]]]:
        """The re-read (or the tables as read) and each tab's plan against it. Its own function so
        that the re-read, a key column of the whole tab (~17 MB for a 37,000-row 订单), is freed
        before the write's bodies are encoded and sent."""
        if as_read:
            fresh = [
                part
                for w, (_, guarded) in zip(plans, spans, strict=True)
                for part in _as_read(w.table, guarded)
            ]
        else:
            fresh = self.batch_get(ranges) if ranges else []
        reports: dict[int, WriteReport] = {}
        data: list[dict[str, Any]] = []
        requests: list[dict[str, Any]] = []
        for w, (first, guarded) in zip(plans, spans, strict=True):
            chunk = fresh[first : first + 2 + len(guarded)]
            report, chunk_data, chunk_requests = self._plan_write(w, chunk, guarded, sheet_ids, as_read)
            reports[id(w)] = report
            data += chunk_data
            requests += chunk_requests
        return reports, data, requests

    def _plan_write(
        self,
        w: TableWrite,
        fresh: Sequence[Any],
        guarded: Sequence[str],
        sheet_ids: Mapping[str, int],
        as_cells: bool = False,
    ) -> tuple[WriteReport, list[dict[str, Any]], list[dict[str, Any]]]:
        """Check one tab's items against its re-read; return outcomes, value ranges and requests
        (``as_cells``: the values as ``updateCells`` requests instead of value ranges)."""
        table = w.table
        layout = table.layout
        title = layout.title
        key_field = layout.key_field
        assert key_field is not None
        items: list[Item] = list(w.items)
        fields_used = {key_field} | {i.field for i in items if isinstance(i, CellWrite | CellNote)}
        now_columns = layout.locate([str(v) for v in (fresh[0][0] if fresh[0] else [])])
        moved = any(table.columns.get(f) != now_columns.get(f) for f in fields_used if f in table.columns)
        if moved:
            return WriteReport(tuple(ItemResult(i, Outcome.LAYOUT_CHANGED, None) for i in items)), [], []

        keys = column_values(fresh[1])  # keys[0] is the header
        rows_of: dict[str, list[int]] = {}
        for number, key in enumerate(keys[1:], start=2):
            if key.strip():
                rows_of.setdefault(key.strip(), []).append(number)
        current = {f: column_values(v) for f, v in zip(guarded, fresh[2:], strict=True)}

        results: list[ItemResult] = []
        values_at: dict[tuple[int, int], CellValue] = {}  # (row, column) -> value; a later write wins
        backgrounds: dict[int, RgbKey] = {}
        requests: list[dict[str, Any]] = []
        width = max(len(table.header), max(table.columns.values(), default=1))
        sheet_id = sheet_ids.get(title)
        for item in items:
            if isinstance(item, CellWrite | CellNote) and item.field not in table.columns:
                results.append(ItemResult(item, Outcome.UNKNOWN_COLUMN, None))
                continue
            target, outcome = self._locate_row(item.key, item.row, keys, rows_of)
            if target is None:
                results.append(ItemResult(item, outcome, None))
                continue
            if isinstance(item, CellWrite):
                if item.field in current and self._must_be_empty(layout, item):
                    col_vals = current[item.field]
                    existing = col_vals[target - 1] if target - 1 < len(col_vals) else ""
                    if existing.strip():
                        results.append(ItemResult(item, Outcome.OPERATOR_CELL_FILLED, None))
                        continue
                values_at[(target, table.columns[item.field])] = item.value
            else:
                if sheet_id is None:
                    raise SheetLayoutError(f"no tab {title!r}: run init-sheet")
                if isinstance(item, RowFormat):
                    backgrounds[target] = _rgb_key(item.rgb)
                else:
                    requests.append(_note(sheet_id, target, table.columns[item.field], item.note))
            results.append(ItemResult(item, outcome, target))
        runs = coalesce_columns(values_at)
        data = [
            {"range": a1.sheet_range(title, a1.cell(row, col)), "values": [[v] for v in run]}
            for row, col, run in runs
        ]
        if sheet_id is not None:
            requests[:0] = [
                _row_background(sheet_id, first, last, width, dict(rgb) if rgb else None)
                for first, last, rgb in coalesce_rows(backgrounds)
            ]
        if as_cells and runs:
            if sheet_id is None:
                raise SheetLayoutError(f"no tab {title!r}: run init-sheet")
            requests[:0] = [_cell_values(sheet_id, row, col, run) for row, col, run in runs]
            data = []
        return WriteReport(tuple(results)), data, requests

    @staticmethod
    def _must_be_empty(layout: TableLayout, item: CellWrite) -> bool:
        return item.only_if_empty or layout.owner(item.field) == "operator"

    @staticmethod
    def _locate_row(
        key: str, row: int, keys: Sequence[str], rows_of: Mapping[str, list[int]]
    ) -> tuple[int | None, Outcome]:
        key = key.strip()
        if row >= 2 and row - 1 < len(keys) and keys[row - 1].strip() == key and key:
            return row, Outcome.WRITTEN
        if not key:
            # A row without a key (a number typed where no order id is): only in place, and only
            # while that row still has no key; it cannot be found anywhere else.
            empty_there = row >= 2 and (row - 1 >= len(keys) or not keys[row - 1].strip())
            return (row, Outcome.WRITTEN) if empty_there else (None, Outcome.ROW_GONE)
        places = rows_of.get(key, [])
        if len(places) == 1:
            return places[0], Outcome.REMAPPED
        if len(places) > 1:
            return None, Outcome.DUPLICATE_KEY
        return None, Outcome.ROW_GONE


def coalesce_columns(cells: Mapping[tuple[int, int], CellValue]) -> list[tuple[int, int, list[CellValue]]]:
    """(row, column) -> value  =>  [(first row, column, values of consecutive rows)].

    One range per run keeps the values:batchUpdate body small (Google recommends ~2 MB at most).
    """
    runs: list[tuple[int, int, list[CellValue]]] = []
    for row, col in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][1] == col and runs[-1][0] + len(runs[-1][2]) == row:
            runs[-1][2].append(cells[(row, col)])
        else:
            runs.append((row, col, [cells[(row, col)]]))
    return runs


RgbKey = tuple[tuple[str, float], ...] | None


def _rgb_key(rgb: Mapping[str, float] | None) -> RgbKey:
    return tuple(sorted(rgb.items())) if rgb else None


def coalesce_rows(backgrounds: Mapping[int, RgbKey]) -> list[tuple[int, int, RgbKey]]:
    """row -> colour  =>  [(first row, last row, colour)] for runs of consecutive rows of one colour."""
    runs: list[tuple[int, int, RgbKey]] = []
    for row in sorted(backgrounds):
        colour = backgrounds[row]
        if runs and runs[-1][1] == row - 1 and runs[-1][2] == colour:
            runs[-1] = (runs[-1][0], row, colour)
        else:
            runs.append((row, row, colour))
    return runs


def _row_background(
    sheet_id: int, first: int, last: int, width: int, rgb: Mapping[str, float] | None
) -> dict[str, Any]:
    cell: dict[str, Any] = {"userEnteredFormat": {"backgroundColor": dict(rgb)}} if rgb else {}
    return {
        "repeatCell": {
            "range": a1.grid_range(sheet_id, first, last, 1, width),
            "cell": cell,
            "fields": "userEnteredFormat.backgroundColor",
        }
    }


def _as_read(table: Table, guarded: Sequence[str]) -> list[list[list[Any]]]:
    """What the re-read of ``write_many`` would answer for ``table``, from the table itself: its
    header, its key column and its ``guarded`` columns (rows not read are empty)."""
    by_number = {r.number: r for r in table.rows}
    last = max(by_number, default=1)

    def column(field: str | None) -> list[list[Any]]:
        cells = [[""]]
        for n in range(2, last + 1):
            row = by_number.get(n)
            cells.append(["" if row is None else row.key if field is None else row[field]])
        return cells

    return [[list(table.header)], column(None), *(column(f) for f in guarded)]


def _extended(value: CellValue) -> dict[str, Any]:
    """A value as ``userEnteredValue`` with RAW semantics: text stays text (never a formula)."""
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": value}} if value != "" else {}  # "": the cell cleared


def _extended_or_empty(value: CellValue | None) -> dict[str, Any]:
    return {} if value is None else _extended(value)


def _free_sheet_id(title: str, taken: Iterable[int]) -> int:
    """A sheet id for a new tab, stable for its title (so a retried call asks for the same one)."""
    used = set(taken)
    candidate = int(hashlib.sha256(title.encode("utf-8")).hexdigest()[:7], 16) or 1
    while candidate in used:
        candidate += 1
    return candidate


def _cell_values(sheet_id: int, row: int, column: int, run: Sequence[CellValue]) -> dict[str, Any]:
    return {
        "updateCells": {
            "range": a1.grid_range(sheet_id, row, row + len(run) - 1, column, column),
            "rows": [{"values": [_extended(v)]} for v in run],
            "fields": "userEnteredValue",
        }
    }


def _note(sheet_id: int, row: int, column: int, note: str) -> dict[str, Any]:
    return {
        "updateCells": {
            "range": a1.grid_range(sheet_id, row, row, column, column),
            "rows": [{"values": [{"note": note}]}],
            "fields": "note",
        }
    }


def connect(
    settings: SheetsSettings,
    *,
    counter: CallCounter | None = None,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> SheetsGateway:
    """A gateway for the configured spreadsheet (base URL, credentials and id from ``settings``)."""
    http = SheetsHTTPClient.build(settings, counter=counter, policy=policy, sleep=sleep)
    return SheetsGateway(http, settings.require_spreadsheet())
