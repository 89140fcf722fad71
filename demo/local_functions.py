"""Serve every function locally with functions-framework, one path each (the demo and tests).

``/sheet_edit``, ``/sync_now``, ``/shop_events``, ``/tracking_events`` are the HTTP functions as Cloud
Functions would run them; ``/sync`` and ``/refresh`` take a CloudEvent like their Pub/Sub triggers do.

With ``pubsub=True`` (the default) a Pub/Sub emulator runs beside them with the two topics the
public functions hand work to, each pushed to its function's path as ``/<function>/projects/P/topics/T``
(functions-framework turns a raw push body POSTed there into a CloudEvent). ``pubsub_env()`` gives
the settings the functions need to publish there; ``settle()`` waits until every message is handled;
``schedule()`` publishes what Cloud Scheduler does, one message on ``waybill-schedule``, which
``dispatch`` fans out to one ``sync`` per shop (docs/shops.md).
"""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import Any

import functions_framework
import httpx
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from emulators.pubsub.push import PushPolicy
from emulators.pubsub.server import PubSubEmulator

MAIN = str(Path(__file__).resolve().parents[1] / "main.py")
TARGETS = {
    "sheet_edit": "http",
    "sync_now": "http",
    "shop_events": "http",
    "dispatch": "cloudevent",
    "sync": "cloudevent",
    "refresh": "cloudevent",
    "tracking_events": "http",
    "supplier_events": "http",
}
PROJECT = "waybill-local"
# topic -> the function its push subscription delivers to
# (waybill-schedule stands for Cloud Scheduler's topic: a message there is one scheduled tick)
TOPICS = {"waybill-refresh": "refresh", "waybill-tick": "sync", "waybill-schedule": "dispatch"}
# As deployed (infra/terraform/tick_delivery.tf): a shop's tick failing 5 deliveries is parked here.
TICK_DEAD_LETTER = "waybill-tick-dead-letter"
TICK_MAX_DELIVERY_ATTEMPTS = 5


def app() -> Any:
    """A WSGI app routing ``/<function>[/...]`` to that function's own functions-framework app."""
    create: Any = functions_framework.create_app  # untyped in functions-framework
    mounts = {name: create(target=name, source=MAIN, signature_type=kind) for name, kind in TARGETS.items()}

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        name, _, rest = environ.get("PATH_INFO", "").lstrip("/").partition("/")
        target = mounts.get(name)
        if target is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no such function"]
        environ = {
            **environ,
            "SCRIPT_NAME": environ.get("SCRIPT_NAME", "") + f"/{name}",
            "PATH_INFO": f"/{rest}",
        }
        return target(environ, start_response)

    return route


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # one line per request would drown the demo's summary


class LocalFunctions:
    def __init__(
        self, server: BaseWSGIServer, thread: threading.Thread, pubsub: PubSubEmulator | None = None
    ) -> None:
        self.server, self.thread, self.pubsub = server, thread, pubsub
        self.url = f"http://127.0.0.1:{server.server_port}"

    def pubsub_env(self) -> dict[str, str]:
        """The settings the functions publish with (empty without the emulator: nothing is announced,
        the queued work waits for the timer's sync)."""
        if self.pubsub is None:
            return {}
        return {
            "WAYBILL_PUBSUB_API_BASE": self.pubsub.url,
            "WAYBILL_GCP_PROJECT": PROJECT,
            "WAYBILL_REFRESH_TOPIC": "waybill-refresh",
            "WAYBILL_TICK_TOPIC": "waybill-tick",
        }

    def settle(self, timeout: float = 60.0) -> bool:
        """Wait until every published message is acknowledged by its function (True), or ``timeout``."""
        return True if self.pubsub is None else self.pubsub.wait_idle(timeout)

    def schedule(self) -> None:
        """Cloud Scheduler's tick: one message on the scheduler's topic (pushed to ``dispatch``)."""
        if self.pubsub is None:
            raise RuntimeError("no Pub/Sub emulator: nothing carries the scheduled tick")
        data = base64.b64encode(b'{"work": "schedule"}').decode()
        url = f"{self.pubsub.url}/v1/projects/{PROJECT}/topics/waybill-schedule:publish"
        httpx.post(url, json={"messages": [{"data": data}]}, timeout=10).raise_for_status()

    def deliveries(self) -> dict[str, dict[str, int]]:
        """Per push subscription (``waybill-tick-sync``, ...): messages its function acknowledged
        (``delivered``), pushes it failed (``failed``, each retried by Pub/Sub) and messages parked on
        the dead-letter topic after the last allowed delivery (``dead_lettered``, the tick's only)."""
        if self.pubsub is None:
            return {}
        found = self.pubsub.state.snapshot()["subscriptions"]
        return {
            name.rsplit("/", 1)[-1]: {
                "delivered": int(s["delivered"]),
                "failed": int(s["failedAttempts"]),
                "dead_lettered": int(s["deadLettered"]),
            }
            for name, s in found.items()
        }

    def stop(self) -> None:
        if self.pubsub is not None:
            self.pubsub.stop()
        self.server.shutdown()
        self.thread.join(timeout=5)


def _pubsub_for(functions_url: str) -> PubSubEmulator:
    # Short backoffs: a failed delivery is tried again within seconds locally (the real minimum is 10 s).
    emulator = PubSubEmulator(policy=PushPolicy(min_backoff=0.2, max_backoff=2.0)).start()
    with httpx.Client(base_url=f"{emulator.url}/v1/projects/{PROJECT}", timeout=10) as api:
        api.put(f"/topics/{TICK_DEAD_LETTER}").raise_for_status()
        for topic, function in TOPICS.items():
            api.put(f"/topics/{topic}").raise_for_status()
            endpoint = f"{functions_url}/{function}/projects/{PROJECT}/topics/{topic}"
            body: dict[str, Any] = {
                "topic": f"projects/{PROJECT}/topics/{topic}",
                "pushConfig": {"pushEndpoint": endpoint},
            }
            if function == "sync":
                body["deadLetterPolicy"] = {
                    "deadLetterTopic": f"projects/{PROJECT}/topics/{TICK_DEAD_LETTER}",
                    "maxDeliveryAttempts": TICK_MAX_DELIVERY_ATTEMPTS,
                }
            api.put(f"/subscriptions/{topic}-{function}", json=body).raise_for_status()
    return emulator


def serve(port: int = 0, pubsub: bool = True) -> LocalFunctions:
    server = make_server("127.0.0.1", port, app(), threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="functions", daemon=True)
    thread.start()
    emulator = _pubsub_for(f"http://127.0.0.1:{server.server_port}") if pubsub else None
    return LocalFunctions(server, thread, emulator)
