"""The fan-out as deployed, on one machine: Cloud Scheduler's message -> ``dispatch`` -> one Pub/Sub
message per shop on the tick topic -> its push subscription -> ``sync``, at most ``concurrency``
deliveries at a time (emulators/pubsub/push.py ``PushPolicy.max_concurrent``), which is how the
deployment's ``max_instance_count`` on ``sync`` bounds it (infra/terraform/shops.tf).

Processes, not threads: each ``sync`` instance is a process of its own serving main.py with
functions-framework (demo/local_functions.py ``serve``), one request at a time as Cloud Run runs it
(``max_instance_request_concurrency = 1``, infra/terraform/functions.tf). A tick is mostly CPU
(parsing and deciding 1,000 rows), so threads in one process would take turns on the GIL and show
no overlap; processes overlap on as many cores as the machine has. A tiny pool in front
(``InstancePool``) hands each push to a free instance, as Cloud Run's load balancer does; ``dispatch``
has an instance of its own (another function). The Pub/Sub emulator and the pool run in the
benchmark's process (threads waiting on sockets).

Each instance's JSON log lines (stderr) are read for the tick lines (``function`` sync, ``event``
tick: outcome, duration, shop); on stop each prints its peak RSS.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from benchmarks.processes import spawn
from emulators.pubsub.push import PushPolicy
from emulators.pubsub.server import PubSubEmulator

HARNESS_ROOT = Path(__file__).resolve().parents[1]
PROJECT = "waybill-local"  # demo/local_functions.py's names
SCHEDULE_TOPIC, TICK_TOPIC, REFRESH_TOPIC = "waybill-schedule", "waybill-tick", "waybill-refresh"
DEAD_LETTER = "waybill-tick-dead-letter"
PUSH_DEADLINE = 600.0  # seconds a push may take (the tick subscription's ack deadline, as deployed)
# One function instance: serve every function, say where, run until stdin closes, then its peak RSS.
_INSTANCE = """
import json, sys
from demo.local_functions import serve
from benchmarks.memory import peak_mb
served = serve(pubsub=False)
print(json.dumps({"url": served.url}), flush=True)
sys.stdin.read()
served.stop()
print(json.dumps({"peak_mb": peak_mb()}), flush=True)
"""


def tick_lines(stream: Any, into: list[dict[str, Any]]) -> None:
    """Keep the tick and dispatch lines of a JSON log stream (and any ERROR line, e.g. a traceback)."""
    for line in stream:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict):
            continue
        if entry.get("event") in ("tick", "dispatch") or entry.get("severity") in ("ERROR", "CRITICAL"):
            into.append(entry)


@dataclass
class Instance:
    process: subprocess.Popen[str]
    url: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    peak_mb: float = 0.0
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, env: dict[str, str]) -> Instance:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "PYTHONPATH"))}
        env = {**clean, **env, "WAYBILL_LOG_LEVEL": "INFO"}
        process, listens = spawn(_INSTANCE, cwd=HARNESS_ROOT, env=env, what="a function instance")
        instance = cls(process, listens["url"])
        instance._reader = threading.Thread(
            target=tick_lines, args=(process.stderr, instance.lines), daemon=True
        )
        instance._reader.start()
        return instance

    def stop(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.close()
            last = self.process.stdout.readline()
            self.peak_mb = float(json.loads(last)["peak_mb"]) if last.strip() else 0.0
            self.process.wait(20)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            self.process.kill()
        if self._reader is not None:
            self._reader.join(5)


class InstancePool:
    """An HTTP front handing each request to a free instance (waiting for one when all are busy)."""

    def __init__(self, instances: list[Instance]) -> None:
        self.free: queue.Queue[Instance] = queue.Queue()
        for instance in instances:
            self.free.put(instance)
        pool = self

        class Forward(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = pool.forward(self.path, body, self.headers.get("Content-Type", ""))
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def forward(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        instance = self.free.get()
        try:
            headers = {"Content-Type": content_type or "application/json"}
            request = urllib.request.Request(instance.url + path, data=body, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=PUSH_DEADLINE) as answer:
                    return answer.status, answer.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read()
            except OSError:
                return 502, b"instance unreachable"
        finally:
            self.free.put(instance)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class FanOut:
    pubsub: PubSubEmulator
    sync: list[Instance]
    dispatch: Instance

    @property
    def instances(self) -> list[Instance]:
        return [self.dispatch, *self.sync]

    def schedule(self) -> None:
        """What Cloud Scheduler does: one message on the scheduler's topic (dispatch's)."""
        data = base64.b64encode(b'{"work": "schedule"}').decode()
        url = f"{self.pubsub.url}/v1/projects/{PROJECT}/topics/{SCHEDULE_TOPIC}:publish"
        httpx.post(url, json={"messages": [{"data": data}]}, timeout=30).raise_for_status()

    def settle(self, timeout: float) -> bool:
        return self.pubsub.wait_idle(timeout)

    def tick_lines(self) -> list[dict[str, Any]]:
        return [line for i in self.sync for line in i.lines]

    def subscription(self, topic: str, function: str) -> dict[str, Any]:
        subs = self.pubsub.state.snapshot()["subscriptions"]
        return dict(subs[f"projects/{PROJECT}/subscriptions/{topic}-{function}"])


def _subscribe(pubsub: PubSubEmulator, topic: str, function: str, base: str, dead_letter: bool) -> None:
    with httpx.Client(base_url=f"{pubsub.url}/v1/projects/{PROJECT}", timeout=10) as api:
        api.put(f"/topics/{topic}").raise_for_status()
        body: dict[str, Any] = {
            "topic": f"projects/{PROJECT}/topics/{topic}",
            "pushConfig": {"pushEndpoint": f"{base}/{function}/projects/{PROJECT}/topics/{topic}"},
        }
        if dead_letter:  # as deployed (infra/terraform/tick_delivery.tf)
            api.put(f"/topics/{DEAD_LETTER}").raise_for_status()
            body["deadLetterPolicy"] = {
                "deadLetterTopic": f"projects/{PROJECT}/topics/{DEAD_LETTER}",
                "maxDeliveryAttempts": 5,
            }
        api.put(f"/subscriptions/{topic}-{function}", json=body).raise_for_status()


@contextmanager
def fan_out(env: dict[str, str], concurrency: int) -> Iterator[FanOut]:
    """``concurrency`` sync instances behind the pool, one dispatch instance, the Pub/Sub emulator
    pushing at most ``concurrency`` tick deliveries at a time."""
    policy = PushPolicy(min_backoff=0.2, max_backoff=2.0, deadline=PUSH_DEADLINE, max_concurrent=concurrency)
    with ExitStack() as stack:
        pubsub = PubSubEmulator(policy=policy).start()
        stack.callback(pubsub.stop)
        env = {
            **env,
            "WAYBILL_PUBSUB_API_BASE": pubsub.url,
            "WAYBILL_GCP_PROJECT": PROJECT,
            "WAYBILL_TICK_TOPIC": TICK_TOPIC,
            "WAYBILL_REFRESH_TOPIC": REFRESH_TOPIC,
        }
        instances = []
        try:
            for _ in range(concurrency + 1):
                instances.append(Instance.start(env))
        finally:
            for instance in instances:
                stack.callback(instance.stop)
        dispatch, sync = instances[0], instances[1:]
        pool = InstancePool(sync)
        stack.callback(pool.stop)
        _subscribe(pubsub, SCHEDULE_TOPIC, "dispatch", dispatch.url, dead_letter=False)
        _subscribe(pubsub, TICK_TOPIC, "sync", pool.url, dead_letter=True)
        _subscribe(pubsub, REFRESH_TOPIC, "refresh", pool.url, dead_letter=False)
        yield FanOut(pubsub, sync, dispatch)


def wall_until_settled(fan: FanOut, timeout: float) -> float:
    """Publish the schedule and time it until every message is acknowledged."""
    start = time.perf_counter()
    fan.schedule()
    if not fan.settle(timeout):
        raise RuntimeError(f"the fan-out did not settle within {timeout:.0f} s")
    return time.perf_counter() - start
