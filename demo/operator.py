"""An operator at the sheet, through the Sheets API as any editor would (values written RAW).

Also plays the sheet's Apps Script: ``fire_edit`` posts the HMAC-signed edit call the installable
onEdit trigger sends, for edits the demo makes through the API (the emulator's web view fires its
own for a person's edits).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from shared.sheets.edit_signature import signed_request

OPERATOR_USER = "operator@demo.local"
INBOX_TAB = "回传"


def column_letter(index: int) -> str:
    """0-based column index -> A1 letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Table:
    """One tab as read: its header and rows (1-based sheet row numbers from 2)."""

    header: list[str]
    rows: list[list[str]]

    def column(self, header: str) -> int:
        return self.header.index(header)

    def records(self) -> list[dict[str, str]]:
        width = len(self.header)
        return [dict(zip(self.header, (r + [""] * width)[:width], strict=True)) for r in self.rows]

    def row_numbers(self, key_header: str) -> dict[str, int]:
        col = self.column(key_header)
        return {r[col]: i + 2 for i, r in enumerate(self.rows) if len(r) > col and r[col]}


class SheetOperator:
    def __init__(self, http: httpx.Client, sheets_url: str, spreadsheet_id: str) -> None:
        self.http = http
        self.base = f"{sheets_url}/v4/spreadsheets/{spreadsheet_id}"
        self.spreadsheet_id = spreadsheet_id
        self.headers = {"Authorization": f"Bearer {OPERATOR_USER}"}
        self._last_stamp = 0

    def table(self, tab: str) -> Table:
        answer = self.http.get(f"{self.base}/values/{quote(tab, safe='')}", headers=self.headers)
        answer.raise_for_status()
        values = [[str(c) for c in row] for row in answer.json().get("values", [])]
        return Table(values[0] if values else [], values[1:])

    def tab_titles(self) -> list[str]:
        answer = self.http.get(self.base, params={"fields": "sheets.properties.title"}, headers=self.headers)
        answer.raise_for_status()
        return [s["properties"]["title"] for s in answer.json().get("sheets", [])]

    def chart_count(self) -> int:
        """How many charts the workspace holds (``sheets[].charts[]`` of spreadsheets.get)."""
        answer = self.http.get(self.base, params={"fields": "sheets.charts.chartId"}, headers=self.headers)
        answer.raise_for_status()
        return sum(len(s.get("charts", [])) for s in answer.json().get("sheets", []))

    def write(self, tab: str, cells: Sequence[tuple[int, str, str]], table: Table | None = None) -> None:
        """Type many cells at once (one values:batchUpdate): (sheet row, header, text)."""
        if not cells:
            return
        table = table or self.table(tab)
        data = [
            {"range": f"'{tab}'!{column_letter(table.column(header))}{row}", "values": [[text]]}
            for row, header, text in cells
        ]
        answer = self.http.post(
            f"{self.base}/values:batchUpdate",
            json={"valueInputOption": "RAW", "data": data},
            headers=self.headers,
        )
        answer.raise_for_status()

    def write_by_key(self, tab: str, key_header: str, cells: Mapping[str, Mapping[str, str]]) -> None:
        """``cells``: row key -> {header: text}; rows are found by their key (operators sort)."""
        table = self.table(tab)
        rows = table.row_numbers(key_header)
        self.write(
            tab,
            [(rows[key], header, text) for key, values in cells.items() for header, text in values.items()],
            table,
        )

    def paste_inbox(self, supplier: str, text: str) -> None:
        """Paste a supplier's chat message into the next free row of 回传 (the row under the last one
        holding anything: appending to a fixed A2 would let Sheets' table detection move the paste,
        or overwrite a row whose supplier cell is blank)."""
        free = 2 + len(self.table(INBOX_TAB).rows)
        anchor = quote(f"'{INBOX_TAB}'!A{free}", safe="")
        answer = self.http.post(
            f"{self.base}/values/{anchor}:append",
            params={"valueInputOption": "RAW"},
            json={"values": [[supplier, text]]},
            headers=self.headers,
        )
        answer.raise_for_status()

    def _post_signed(self, functions_url: str, secret: str, payload: dict[str, Any]) -> httpx.Response:
        # A request's timestamp is in whole seconds, and sheet_edit acts once per signed request: the
        # same menu action twice within a second would be one request. A person cannot click that
        # fast; the headless demo can, so each of its requests gets a second of its own (a second or
        # two ahead of the clock at most, well inside the 5-minute window).
        stamp = self._last_stamp = max(int(time.time()), self._last_stamp + 1)
        body, headers = signed_request(secret.encode("utf-8"), payload, stamp)
        return self.http.post(f"{functions_url}/sheet_edit", content=body, headers=headers, timeout=120)

    def menu_sync(self, functions_url: str, secret: str) -> httpx.Response:
        """What the sheet's menu 单号中继 > 立即同步 posts: the signed envelope with action "sync"
        (sheet_edit answers at once and hands the tick to the sync function). ``sync_now`` itself
        only takes callers with a Google OIDC identity, which a local run does not have."""
        payload = {
            "spreadsheetId": self.spreadsheet_id,
            "sheetName": "订单",
            "range": "A1",
            "row": 1,
            "column": 1,
            "numRows": 1,
            "numColumns": 1,
            "value": None,
            "oldValue": None,
            "user": OPERATOR_USER,
            "action": "sync",
        }
        return self._post_signed(functions_url, secret, payload)

    def fire_edit(
        self, functions_url: str, secret: str, tab: str, row: int, column: int, value: str, old: str
    ) -> dict[str, Any]:
        """What the Apps Script trigger posts after a one-cell edit (README of the Sheets emulator)."""
        payload = {
            "spreadsheetId": self.spreadsheet_id,
            "sheetName": tab,
            "range": f"{column_letter(column - 1)}{row}",
            "row": row,
            "column": column,
            "numRows": 1,
            "numColumns": 1,
            "value": value,
            "oldValue": old or None,
            "user": OPERATOR_USER,
        }
        answer = self._post_signed(functions_url, secret, payload)
        answer.raise_for_status()
        result: dict[str, Any] = answer.json()
        return result
