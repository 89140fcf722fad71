"""HTTP front of the Pub/Sub emulator (on the shared loopback server, emulators/_http), REST API v1.

* ``PUT  /v1/projects/P/topics/T``                  create a topic
* ``GET  /v1/projects/P/topics/T``                  get a topic
* ``POST /v1/projects/P/topics/T:publish``          ``{"messages": [{"data": b64, "attributes": {}}]}``
* ``PUT  /v1/projects/P/subscriptions/S``           ``{"topic": "projects/P/topics/T", "pushConfig":
  {"pushEndpoint": URL}, "deadLetterPolicy"?: {"deadLetterTopic", "maxDeliveryAttempts"}}``
  (push subscriptions only)
* ``GET  /_emulator/state``                         counts per topic and subscription

Any bearer token is accepted, and so is none (like Google's own emulator).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from emulators._http import Answer, Handler, LoopbackServer, Request, Routes
from emulators.pubsub.push import Pusher, PushPolicy
from emulators.pubsub.state import MAX_REQUEST_BYTES, ApiError, PubSubState

_NAME = r"[A-Za-z][A-Za-z0-9._~%+-]{2,254}"
_PROJECT = r"projects/[a-z][a-z0-9-]{0,62}"
TOPIC = f"/v1/{{name:{_PROJECT}/topics/{_NAME}}}"
SUBSCRIPTION = f"/v1/{{name:{_PROJECT}/subscriptions/{_NAME}}}"
_TOO_LARGE = ApiError(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: 10485760 bytes.")


def _json(status: int, body: Any) -> Answer:
    return Answer.json(status, body, ascii_only=True, content_type="application/json; charset=UTF-8")


def _body(request: Request) -> Any:
    try:
        return request.json()
    except ValueError:
        raise ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.") from None


def _google(handler: Callable[[Request], Any]) -> Handler:
    """A route answering 200 with what ``handler`` returns, or an ApiError in Google's shape."""

    def answer(request: Request) -> Answer:
        try:
            return _json(200, handler(request))
        except ApiError as exc:
            return _json(exc.code, exc.body())

    return answer


def routes(state: PubSubState) -> Routes:
    """The REST paths above, each a call on ``state``."""

    def create_topic(request: Request) -> Any:
        _body(request)
        return state.create_topic(request.params["name"])

    table = Routes(fallback=_not_found)
    table.add("GET", "/_emulator/state", _google(lambda r: state.snapshot()))
    table.add("POST", TOPIC + ":publish", _google(lambda r: state.publish(r.params["name"], _body(r))))
    table.add("PUT", TOPIC, _google(create_topic))
    table.add("GET", TOPIC, _google(lambda r: state.get_topic(r.params["name"])))
    table.add("PUT", SUBSCRIPTION, _google(lambda r: state.create_subscription(r.params["name"], _body(r))))
    return table


def _not_found(request: Request) -> Answer:
    error = ApiError(404, "NOT_FOUND", "The requested URL was not found on this server.")
    return _json(error.code, error.body())


class PubSubEmulator:
    """The emulator on ``host:port`` (0: a free port), serving on a background thread once started."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, policy: PushPolicy | None = None) -> None:
        self.state = PubSubState()
        self.http = LoopbackServer(
            routes(self.state),
            name="pubsub",
            host=host,
            port=port,
            max_body=MAX_REQUEST_BYTES,
            too_large=_json(_TOO_LARGE.code, _TOO_LARGE.body()),
        )
        self.pusher = Pusher(self.state, policy or PushPolicy())
        self.url = self.http.url

    def start(self) -> PubSubEmulator:
        self.pusher.start()
        self.http.start()
        return self

    def stop(self) -> None:
        self.pusher.stop()
        self.http.stop()

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
