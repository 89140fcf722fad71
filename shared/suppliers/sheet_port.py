"""What the supplier sheet adapter needs from a spreadsheet service, and nothing more.

Adapters never import each other, so ``supplier_sheet`` does not use ``shared.sheets``: it talks to
this protocol, which the app layer implements on the Sheets adapter's tab client
(``shared/sheets/tab_client.py``: the same base URL and bounded retries as the workspace's client,
its own call counter), turning its typed errors into these by class
(``shared/app/supplier_sheets.py``). Tests may implement it in memory, but the adapter's contract
tests run it against the Sheets emulator.

Every method raises only the ``SupplierError`` family: ``SupplierAuthError`` (the spreadsheet is not
shared with us), ``SupplierConfigError`` (no such spreadsheet; ``SheetTabMissing`` for a missing
tab), ``SupplierUnavailable`` (timeouts, 429/5xx after the retries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from shared.suppliers.errors import SupplierConfigError


class SheetTabMissing(SupplierConfigError):
    """The spreadsheet has no tab with that title (yet)."""


@dataclass(frozen=True, slots=True)
class CellValue:
    """Text for one cell, 1-based ``row`` and ``column``."""

    row: int
    column: int
    text: str


class SheetPort(Protocol):
    def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[object]]:
        """Every row of the tab (row 1 first; trailing empty cells may be missing), each cell as the
        sheet holds it: text (a formula as its text, "=..."), or a number where the sheet parsed what
        was typed into a cell that is not plain text (digits past the 15th are then lost)."""
        ...

    def add_tab(self, spreadsheet_id: str, tab: str) -> None:
        """Create an empty tab with this title."""
        ...

    def format_as_text(self, spreadsheet_id: str, tab: str, columns: Sequence[int]) -> None:
        """Plain-text number format on these whole columns (1-based), so what is typed stays text."""
        ...

    def write_cells(self, spreadsheet_id: str, tab: str, cells: Sequence[CellValue]) -> None:
        """Write these cells as plain text (RAW: never a formula), in one request."""
        ...

    def append_rows(
        self, spreadsheet_id: str, tab: str, rows: Sequence[Sequence[str]], after_row: int
    ) -> None:
        """Add rows as plain text, in one request, from column A right under row ``after_row`` (1-based:
        the last row that held anything when the tab was read). Rows are inserted there, so nothing
        typed below meanwhile is overwritten; the grid grows as needed. The place is given, never
        left to Sheets' table detection, which a gap in the first row or column moves."""
        ...
