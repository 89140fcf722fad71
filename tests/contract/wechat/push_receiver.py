"""A tiny HTTP endpoint on 127.0.0.1 that receives the emulator's pushes with our EventReceiver,
the way the shop_events function will: GET = URL verification, POST = signed, encrypted event."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from shared.wechat import EventReceiver, ShopEvent
from shared.wechat.errors import EventError

PUSH_TOKEN = "relayPushToken2026"
PUSH_AES_KEY = "k" * 20 + "0123456789" + "ABCDEFGHIJKLM"  # 43 characters


class Inbox:
    def __init__(self, receiver: EventReceiver) -> None:
        self.receiver = receiver
        self.events: list[ShopEvent] = []
        self.rejected: list[str] = []
        self.verified: list[str] = []
        self.fail_next = 0  # answer HTTP 500 to the next N pushes
        self.lock = threading.Lock()

    def of(self, event: str) -> list[ShopEvent]:
        with self.lock:
            return [e for e in self.events if e.event == event]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        inbox = self.server.inbox
        query = dict(parse_qsl(urlsplit(self.path).query))
        try:
            echo = inbox.receiver.verify_url(query)
        except EventError as exc:
            inbox.rejected.append(type(exc).__name__)
            self._reply(403, b"bad signature")
            return
        inbox.verified.append(echo)
        self._reply(200, echo.encode())

    def do_POST(self) -> None:
        inbox = self.server.inbox
        query = dict(parse_qsl(urlsplit(self.path).query))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with inbox.lock:
            if inbox.fail_next > 0:
                inbox.fail_next -= 1
                self._reply(500, b"try later")
                return
        try:
            event = inbox.receiver.parse(query, body)
        except EventError as exc:
            inbox.rejected.append(type(exc).__name__)
            self._reply(400, b"rejected")
            return
        with inbox.lock:
            inbox.events.append(event)
        self._reply(200, b"success")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox
        super().__init__(("127.0.0.1", 0), _Handler)


@contextmanager
def push_endpoint(receiver: EventReceiver) -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox(receiver)
    server = _Server(inbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/shop_events", inbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
