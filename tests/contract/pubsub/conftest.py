"""The real Publisher against the Pub/Sub emulator, and small loopback endpoints around them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from emulators.pubsub.server import PubSubEmulator
from shared.pubsub import Publisher, PubSubSettings

PROJECT = "waybill-test"


@dataclass
class Endpoint:
    """A loopback HTTP endpoint: answers each POST with the next status in ``statuses`` (then 200)
    and keeps what it received."""

    statuses: list[int] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def answer(self, path: str, raw: bytes) -> int:
        with self.lock:
            self.paths.append(path)
            try:
                self.bodies.append(json.loads(raw or b"{}"))
            except ValueError:
                self.bodies.append({})
            return self.statuses.pop(0) if self.statuses else 200


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = self.server.endpoint.answer(self.path, raw)
        body = (
            b'{"error": {"code": 503, "status": "UNAVAILABLE", "message": "busy"}}'
            if status >= 300
            else b'{"messageIds": ["7"]}'
        )
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    endpoint: Endpoint


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.endpoint = Endpoint(url=f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.endpoint
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def emulator(pubsub_emulator: PubSubEmulator) -> PubSubEmulator:
    return pubsub_emulator


@pytest.fixture
def publisher(emulator: PubSubEmulator) -> Iterator[Publisher]:
    made = Publisher(PubSubSettings(emulator.url, PROJECT), sleep=lambda _s: None)
    yield made
    made.close()


def create_topic(emulator: PubSubEmulator, topic: str) -> None:
    answer = httpx.put(f"{emulator.url}/v1/projects/{PROJECT}/topics/{topic}")
    assert answer.status_code == 200, answer.text


def subscribe(emulator: PubSubEmulator, topic: str, name: str, push_to: str) -> None:
    answer = httpx.put(
        f"{emulator.url}/v1/projects/{PROJECT}/subscriptions/{name}",
        json={"topic": f"projects/{PROJECT}/topics/{topic}", "pushConfig": {"pushEndpoint": push_to}},
    )
    assert answer.status_code == 200, answer.text
