"""The emulator's web view fires the same signed edit request as the Apps Script; our verifier accepts it."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from emulators.control import SheetsControl
from shared.sheets.edit_signature import EditSignatureError, SheetEdit, verify_edit
from shared.sheets.settings import SheetsSettings

SECRET = "webhook-secret-密钥"


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.edits: list[SheetEdit] = []
        self.refused: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            edit = verify_edit(SECRET.encode(), dict(self.headers.items()), body, now=time.time())
        except EditSignatureError as exc:
            self.server.refused.append(exc.reason)
            self.send_response(exc.http_status)
        else:
            self.server.edits.append(edit)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _edit_in_web_view(emulator: Any, settings: SheetsSettings, value: str) -> None:
    meta = requests.get(f"{emulator.url}/v4/spreadsheets/{settings.spreadsheet_id}", timeout=10).json()
    sheet_id = next(s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == "订单")
    r = requests.post(
        f"{emulator.url}/ui/api/{settings.spreadsheet_id}/edit",
        json={"sheetId": sheet_id, "row": 4, "col": 9, "value": value, "user": "ops@example.com"},
        timeout=10,
    )
    r.raise_for_status()
    emulator.emulator.webhook.wait(10)


def test_web_view_edit_is_signed_like_apps_script(
    emulator: Any, workspace: SheetsSettings, control: SheetsControl
) -> None:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{receiver.server_address[1]}/sheet-edit"
        control.set_webhook(url, SECRET)
        _edit_in_web_view(emulator, workspace, "SF1234567890123")
        assert receiver.refused == []
        [edit] = receiver.edits
        assert (edit.sheet_name, edit.range, edit.row, edit.column) == ("订单", "J5", 5, 10)
        assert (edit.value, edit.old_value, edit.user) == ("SF1234567890123", None, "ops@example.com")
        assert edit.spreadsheet_id == workspace.spreadsheet_id

        control.set_webhook(url, "wrong")
        _edit_in_web_view(emulator, workspace, "SF999")
        assert receiver.refused == ["bad_signature"]
    finally:
        control.set_webhook(None, "")
        receiver.shutdown()
        receiver.server_close()
