"""Harness for the Kuaidi100 contract tests: the emulator, a callback server, a client, a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator
from shared.logistics import PushNotice
from shared.tracking import Kuaidi100Client, Kuaidi100Config, RetryPolicy, handle_push


class Control:
    """The emulator's /_emulator/ API over HTTP."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)

    def parcel(self, number: str, com: str, journey: str, phone: str = "") -> None:
        r = self.http.post(
            "/_emulator/parcels", json={"number": number, "com": com, "journey": journey, "phone": phone}
        )
        assert r.status_code == 201, r.text

    def advance(self, *, hours: float = 0, minutes: float = 0) -> int:
        r = self.http.post("/_emulator/clock", json={"advance_hours": hours, "advance_minutes": minutes})
        assert r.status_code == 200, r.text
        return int(r.json()["pushes"])

    def fault(self, path: str, **kw: Any) -> None:
        assert self.http.post("/_emulator/faults", json={"path": path, **kw}).status_code == 200

    def account(self, **kw: Any) -> None:
        assert self.http.post("/_emulator/account", json=kw).status_code == 200

    def log(self, kind: str | None = None) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.http.get(
            "/_emulator/log", params={"kind": kind} if kind else {}
        ).json()["entries"]
        return entries

    def now(self) -> datetime:
        return datetime.fromisoformat(self.http.get("/_emulator/clock").json()["now"])


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
    control: Control
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
