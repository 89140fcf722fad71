"""A small client for one tab at a time of a spreadsheet other than the workspace (a supplier's own
sheet): read it, add it, keep columns plain text, write cells, append rows. RAW writes only.

It runs on a ``SheetsHTTPClient`` (bounded retries, the base-URL rewrite, a call counter); ``beside``
gives it a twin of the workspace's client with its own counter, so these spreadsheets never count
against (or hide inside) the workspace's per-tick budget.

Errors, by class only (``errors.py``; nothing from gspread or requests leaves):

    SheetsError
    ├── SheetsNotFound            no such spreadsheet (404)
    │   └── SheetsTabNotFound     the spreadsheet has no tab of that title
    ├── SheetsPermissionDenied    not shared with our credentials (401/403)
    ├── SheetsRateLimited         429 after the retries
    ├── SheetsUnavailable         no answer, or 5xx after the retries
    ├── SheetsBadRequest          any other 400: a request the sheet refused
    └── SheetsUnexpectedAnswer    an answer whose body we cannot read

Sheets answers a range on a missing tab with 400 INVALID_ARGUMENT, like any other bad range. The
client tells the two apart from the spreadsheet's own list of tabs (one metadata read, only after
such a 400), not from the wording of the message.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from shared.sheets import a1
from shared.sheets.errors import SheetsBadRequest, SheetsError, SheetsTabNotFound, SheetsUnexpectedAnswer
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.layout import cell_text
from shared.sheets.workspace_init import text_format_request

CellText = tuple[int, int, str]  # (row, column, text), 1-based


@contextmanager
def _readable(what: str) -> Iterator[None]:
    """An answer of a shape we cannot read becomes ``SheetsUnexpectedAnswer``; the family passes."""
    try:
        yield
    except SheetsError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise SheetsUnexpectedAnswer(f"{what}: unexpected answer ({type(exc).__name__})") from None


class TabClient:
    """One tab of one spreadsheet per call; every method raises only the Sheets error family."""

    def __init__(self, http: SheetsHTTPClient) -> None:
        self.http = http

    @classmethod
    def beside(cls, http: SheetsHTTPClient) -> TabClient:
        """A client on a twin of ``http`` (base URL, credentials, session, retry policy, timeout)
        with its own call counter."""
        twin = SheetsHTTPClient(http.auth, http.session)
        twin.api_base = http.api_base
        twin.policy = http.policy
        twin.sleep = http.sleep
        twin.counter = CallCounter()
        twin.set_timeout(http.timeout)
        return cls(twin)

    @property
    def calls(self) -> CallCounter:
        return self.http.counter

    def read(self, spreadsheet_id: str, tab: str) -> list[list[object]]:
        """Every row of the tab (row 1 first; trailing empty cells may be missing). A number the sheet
        parsed stays a number (the caller decides what a parsed identifier means); a formula reads as
        its text ("=..."); everything else is text."""
        with _readable("values.get"):
            try:
                doc: Any = self.http.values_get(
                    spreadsheet_id,
                    a1.sheet_range(tab),
                    params={"majorDimension": "ROWS", "valueRenderOption": "FORMULA"},
                )
            except SheetsBadRequest as exc:
                if tab not in self.tab_titles(spreadsheet_id):
                    raise SheetsTabNotFound(
                        f"no tab {tab!r}", http_status=exc.http_status, google_status=exc.google_status
                    ) from None
                raise
            return [[_cell(v) for v in row] for row in doc.get("values", [])]

    def tab_titles(self, spreadsheet_id: str) -> list[str]:
        """The titles of the spreadsheet's tabs (one metadata read)."""
        with _readable("spreadsheets.get"):
            meta: Any = self.http.fetch_sheet_metadata(spreadsheet_id, params={"fields": "sheets.properties"})
            return [str(s["properties"]["title"]) for s in meta.get("sheets", [])]

    def add_tab(self, spreadsheet_id: str, tab: str) -> None:
        with _readable("spreadsheets.batchUpdate"):
            self.http.batch_update(
                spreadsheet_id, {"requests": [{"addSheet": {"properties": {"title": tab}}}]}
            )

    def format_as_text(self, spreadsheet_id: str, tab: str, columns: Sequence[int]) -> None:
        """Plain-text number format on these whole columns (1-based). A tab that is gone meanwhile
        gets nothing (the next read finds it missing)."""
        if not columns:
            return
        with _readable("spreadsheets.get"):
            meta: Any = self.http.fetch_sheet_metadata(spreadsheet_id, params={"fields": "sheets.properties"})
            ids = [
                s["properties"]["sheetId"] for s in meta.get("sheets", []) if s["properties"]["title"] == tab
            ]
        if not ids:
            return
        requests = [text_format_request(int(ids[0]), column) for column in columns]
        with _readable("spreadsheets.batchUpdate"):
            self.http.batch_update(spreadsheet_id, {"requests": requests})

    def write_cells(self, spreadsheet_id: str, tab: str, cells: Sequence[CellText]) -> None:
        """These cells as plain text (RAW: never a formula), in one ``values:batchUpdate``."""
        if not cells:
            return
        data = [{"range": a1.sheet_range(tab, a1.cell(r, c)), "values": [[text]]} for r, c, text in cells]
        with _readable("values.batchUpdate"):
            self.http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": data})

    def append_rows(
        self, spreadsheet_id: str, tab: str, rows: Sequence[Sequence[str]], after_row: int
    ) -> None:
        """Rows as plain text, in one ``values:append``, from column A right under row ``after_row``."""
        if not rows:
            return
        with _readable("values.append"):
            # Anchored at the empty cell under the rows read: a range holding no value is where
            # values:append writes, whatever gaps the rows above have (a range holding values would
            # send them under whichever "table" Sheets finds around its last value, perhaps columns
            # to the right). INSERT_ROWS: a row typed there meanwhile is pushed down, not overwritten.
            self.http.values_append(
                spreadsheet_id,
                a1.sheet_range(tab, f"A{after_row + 1}"),
                params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                body={"values": [list(r) for r in rows], "majorDimension": "ROWS"},
            )


def _cell(value: object) -> object:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else cell_text(value)
