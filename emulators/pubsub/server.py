"""HTTP front of the Pub/Sub emulator (stdlib ThreadingHTTPServer), REST API v1 paths.

* ``PUT  /v1/projects/P/topics/T``                  create a topic
* ``GET  /v1/projects/P/topics/T``                  get a topic
* ``POST /v1/projects/P/topics/T:publish``          ``{"messages": [{"data": b64, "attributes": {}}]}``
* ``PUT  /v1/projects/P/subscriptions/S``           ``{"topic": "projects/P/topics/T", "pushConfig":
  {"pushEndpoint": URL}}`` (push subscriptions only)
* ``GET  /_emulator/state``                         counts per topic and subscription

Any bearer token is accepted, and so is none (like Google's own emulator).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from emulators.pubsub.push import Pusher, PushPolicy
from emulators.pubsub.state import MAX_REQUEST_BYTES, ApiError, PubSubState

_NAME = r"[A-Za-z][A-Za-z0-9._~%+-]{2,254}"
_PROJECT = r"projects/[a-z][a-z0-9-]{0,62}"
_TOPIC = re.compile(rf"^/v1/({_PROJECT}/topics/{_NAME})(:publish)?$")
_SUBSCRIPTION = re.compile(rf"^/v1/({_PROJECT}/subscriptions/{_NAME})$")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            raise ApiError(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: 10485760 bytes.")
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            raise ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.") from None

    def _route(self, method: str) -> None:
        state = self.server.state
        path = self.path.split("?", 1)[0]
        try:
            if method == "GET" and path == "/_emulator/state":
                self._send(200, state.snapshot())
                return
            topic = _TOPIC.match(path)
            subscription = _SUBSCRIPTION.match(path)
            if topic and topic.group(2) and method == "POST":
                self._send(200, state.publish(topic.group(1), self._body()))
            elif topic and not topic.group(2) and method == "PUT":
                self._body()
                self._send(200, state.create_topic(topic.group(1)))
            elif topic and not topic.group(2) and method == "GET":
                self._send(200, state.get_topic(topic.group(1)))
            elif subscription and method == "PUT":
                self._send(200, state.create_subscription(subscription.group(1), self._body()))
            else:
                raise ApiError(404, "NOT_FOUND", "The requested URL was not found on this server.")
        except ApiError as exc:
            self._send(exc.code, exc.body())

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: PubSubState


class PubSubEmulator:
    """The emulator on ``host:port`` (0: a free port), serving on a background thread once started."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, policy: PushPolicy | None = None) -> None:
        self.state = PubSubState()
        self.server = _Server((host, port), _Handler)
        self.server.state = self.state
        self.pusher = Pusher(self.state, policy or PushPolicy())
        self.url = f"http://{host}:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="pubsub", daemon=True)

    def start(self) -> PubSubEmulator:
        self.pusher.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        self.pusher.stop()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every published message is acknowledged (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        with self.state.lock:
            while self.state.outstanding_locked():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.state.lock.wait(timeout=min(left, 0.05))
        return True

    def __enter__(self) -> PubSubEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
