"""Harness for the Kuaidi100 contract tests: the emulator, a callback server, a client, a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from emulators.control import Kuaidi100Control
from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator
from shared.logistics import PushNotice
from shared.tracking import Kuaidi100Client, Kuaidi100Config, RetryPolicy, handle_push


@dataclass
class FakeClock:
    now: datetime = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@dataclass
class Callback:
    """Our push endpoint: verifies with ``salt`` via shared.tracking.handle_push, keeps the notices."""

    salt: str
    notices: list[PushNotice] = field(default_factory=list)
    replies: list[int] = field(default_factory=list)
    url: str = ""


def serve_callback(callback: Callback) -> Iterator[Callback]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            reply = handle_push(body, callback.salt)
            callback.replies.append(reply.status)
            if reply.notice is not None:
                callback.notices.append(reply.notice)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    callback.url = f"http://127.0.0.1:{server.server_address[1]}/kuaidi100/push"
    try:
        yield callback
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Rig:
    emulator: Kuaidi100Emulator
    control: Kuaidi100Control
    clock: FakeClock
    sleeps: list[float]

    def client(
        self,
        *,
        key: str = DEFAULT_KEY,
        customer: str = DEFAULT_CUSTOMER,
        attempts: int = 3,
        max_reply_bytes: int = 8 * 1024 * 1024,
        deadline_s: float = 30.0,
    ) -> Kuaidi100Client:
        config = Kuaidi100Config(
            customer=customer,
            key=key,
            base_url=self.emulator.base_url,
            autonumber_url=self.emulator.autonumber_url,
            max_reply_bytes=max_reply_bytes,
            deadline_s=deadline_s,
        )
        return Kuaidi100Client(
            config,
            retry=RetryPolicy(attempts=attempts),
            sleep=self.sleeps.append,
            rand=lambda: 0.0,  # the floor of the jitter: waits are exact
            clock=self.clock,
        )
