"""Helpers shared by the emulator tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import gspread
import httpx
from google.oauth2.credentials import Credentials
from gspread.http_client import HTTPClient

from emulators.control import SheetsControl

GOOGLE = "https://sheets.googleapis.com"


def gspread_client(base_url: str, token: str = "fake-token", credentials: Any = None) -> gspread.Client:
    """gspread as shipped, with its Google URLs rewritten to the emulator (the way the notes
    recommend: one HTTPClient.request override)."""

    class Rewrite(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            if endpoint.startswith(GOOGLE):
                endpoint = base_url + endpoint[len(GOOGLE) :]
            return super().request(method, endpoint, *args, **kwargs)

    return gspread.Client(credentials or Credentials(token=token), http_client=Rewrite)


def control(http: httpx.Client) -> SheetsControl:
    """The emulator's control client over the test's own client (``http``: its base URL)."""
    return SheetsControl(str(http.base_url), http)


def create(http: httpx.Client, title: str = "工作台", *sheets: str) -> dict[str, Any]:
    body: dict[str, Any] = {"properties": {"title": title}}
    if sheets:
        body["sheets"] = [{"properties": {"title": s}} for s in sheets]
    r = http.post("/v4/spreadsheets", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


class Receiver:
    """A local HTTP server standing in for the sheet-edit function: records each POST."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests.append(({k: v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                outer.arrived.set()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sheet-edit"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The receiver's check, written independently of the emulator's signing code."""
    import hashlib
    import hmac

    lower = {k.lower(): v for k, v in headers.items()}
    ts = lower.get("x-waybill-timestamp", "")
    want = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return ts.isdigit() and hmac.compare_digest(want, lower.get("x-waybill-signature", ""))


def setup_orders(http: httpx.Client) -> str:
    sid = create(http, "单号中继", "订单", "供应商")["spreadsheetId"]
    r = http.post(
        f"/v4/spreadsheets/{sid}/values:batchUpdate",
        json={
            "valueInputOption": "RAW",
            "data": [
                {
                    "range": "'订单'!A1",
                    "values": [["订单号", "快递公司", "快递单号"], ["1003", "", ""], ["1001", "顺丰", "SF1"]],
                },
                {"range": "'供应商'!A1", "values": [["供应商"], ["义乌仓"], ["深圳厂"]]},
            ],
        },
    )
    assert r.status_code == 200, r.text
    return sid


def column(http: httpx.Client, sid: str, letter: str) -> list[list[str]]:
    rng = quote(f"'订单'!{letter}:{letter}", safe="")
    return http.get(f"/v4/spreadsheets/{sid}/values/{rng}").json().get("values", [])  # type: ignore[no-any-return]
