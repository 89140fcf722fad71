"""HTTP transport: platform rules (docs/platforms/wechat-shop.md#emulator-checklist item 1), faults,
allowlist, rate limits, dispatch.

In-process use::

    with running() as emu:            # a free port on 127.0.0.1
        httpx.get(emu.url + "/cgi-bin/token", params=...)

or ``server, thread = serve(port=0)`` and ``server.stop()``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import control, quota, tokens
from .api import BARE_SUCCESS, ROUTES
from .errors import ApiError, error_body, new_rid, ok_body
from .push import PushWorker
from .state import DEFAULT_APPID, DEFAULT_SECRET, State

MAX_BODY = 2 * 1024 * 1024  # 45002 above this
CALL_LOG_MAX = 20000
# Calls that change an order's packages: their log entry names the order and, once applied, the
# tracking numbers the order holds after it (what a test needs to count pushes per order).
WAYBILL_WRITES = {"/channels/ec/order/delivery/send", "/channels/ec/order/deliveryinfo/update"}


class Dropped(Exception):
    """Fault injection: close the connection without answering."""


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], state: State) -> None:
        self.state = state
        self.worker = PushWorker(state)
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self.worker.stop()
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "WeChatShopEmulator/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default
        return

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add ~40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # --- plumbing ----------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _send_json(self, status: int, obj: Any) -> None:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        self._send(status, data, "application/json; charset=utf-8")

    def _handle(self, method: str) -> None:
        state = self.server.state
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        raw = self._read_body()
        if path.startswith("/_emulator"):
            status, obj = control.dispatch(self.server, method, path, query, raw)
            self._send_json(status, obj)
            return
        try:
            self._api(state, method, path, query, raw)
        except Dropped:
            self.close_connection = True

    # --- the platform ------------------------------------------------------------------------
    def _api(self, state: State, method: str, path: str, query: dict[str, str], raw: bytes) -> None:
        with state.lock:
            seq = state.next_seq = state.next_seq + 1
            state.call_counts[path] = state.call_counts.get(path, 0) + 1
            entry: dict[str, Any] = {"seq": seq, "path": path, "method": method, "at": round(state.now(), 3)}
            state.calls.append(entry)
            if len(state.calls) > CALL_LOG_MAX:
                del state.calls[: len(state.calls) - CALL_LOG_MAX]
            rid = new_rid(state.rng)
            fault = self._fault(state, path)
        if fault == "drop":
            entry["errcode"] = "dropped"
            raise Dropped
        delay = state.faults["latency_ms_by_path"].get(path, state.faults["latency_ms"])
        if delay:
            time.sleep(float(delay) / 1000)
        if fault == "5xx":
            entry["errcode"] = "http_502"
            self._send(502, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            return
        if not self._ip_allowed(state):
            if state.allowlist["mode"] == "http403":
                entry["errcode"] = "http_403"
                self._send(403, b"", "text/plain")
                return
            code = int(state.allowlist.get("errcode") or 61004)
            entry["errcode"] = code
            self._send_json(200, error_body(code, ApiError(code).text(), rid))
            return
        try:
            answer = self._dispatch(state, method, path, query, raw)
        except ApiError as err:
            entry["errcode"] = err.errcode
            self._send_json(200, error_body(err.errcode, err.text(), rid))
            return
        except Exception as exc:  # an emulator bug: answer like the platform's "system error", loudly
            traceback.print_exc(file=sys.stderr)
            entry["errcode"] = -1
            self._send_json(200, error_body(-1, f"system error (emulator: {type(exc).__name__})", rid))
            return
        entry["errcode"] = 0
        if path in WAYBILL_WRITES:
            self._note_waybills(state, entry, raw)
        if fault == "drop_after":
            entry["errcode"] = "dropped_after_processing"
            raise Dropped
        self._send_json(200, answer)

    @staticmethod
    def _note_waybills(state: State, entry: dict[str, Any], raw: bytes) -> None:
        """An applied send/update: the order it changed and its tracking numbers afterwards."""
        order_id = str(json.loads(raw).get("order_id", ""))
        with state.lock:
            order = state.orders.get(order_id)
            entry["order_id"] = order_id
            entry["waybills"] = [str(p["waybill_id"]) for p in order.packages] if order else []

    def _fault(self, state: State, path: str) -> str | None:
        faults = state.faults
        if faults["paths"] and path not in faults["paths"]:
            return None
        if faults["drop_next"] > 0:
            faults["drop_next"] -= 1
            return "drop"
        if faults["drop_after_next"] > 0:
            faults["drop_after_next"] -= 1
            return "drop_after"
        if faults["http_5xx_next"] > 0:
            faults["http_5xx_next"] -= 1
            return "5xx"
        return None

    def _ip_allowed(self, state: State) -> bool:
        cfg = state.allowlist
        if not cfg["enabled"]:
            return True
        # X-Emulator-Client-IP lets a test pretend to call from elsewhere (loopback only here).
        ip = ipaddress.ip_address(self.headers.get("X-Emulator-Client-IP") or self.client_address[0])
        return any(ip in ipaddress.ip_network(net, strict=False) for net in cfg["allowed"])

    def _dispatch(
        self, state: State, method: str, path: str, query: dict[str, str], raw: bytes
    ) -> dict[str, Any]:
        route = ROUTES.get(path)
        if route is None:
            raise ApiError(40066, f"invalid url, path {path} is not an api")
        if route.method == "POST" and method != "POST":
            raise ApiError(43002)
        if route.method == "GET" and (method != "GET" or raw):
            raise ApiError(43001)
        with state.lock:
            if route.needs_token:
                # access_token only from the query string, never from the body.
                tokens.check_access_token(state, query.get("access_token"))
            quota.admit(state, path)
        body: dict[str, Any] = {}
        if route.method == "POST":
            body = _parse_body(raw)
        with state.lock:
            if state.faults["busy_next"] > 0 and (not state.faults["paths"] or path in state.faults["paths"]):
                state.faults["busy_next"] -= 1
                raise ApiError(-1)
            rate = float(state.faults["busy_rate"])
            if rate and state.rng.random() < rate:
                raise ApiError(-1)
        if route.self_locking:
            result = route.handler(state, body, query)
        else:
            with state.lock:
                result = route.handler(state, body, query)
        if route.mutates:
            state.save()
        if path in BARE_SUCCESS:
            return result
        return ok_body(**result)


def _parse_body(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise ApiError(44002)
    if len(raw) > MAX_BODY:
        raise ApiError(45002, "content size out of limit")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(47001) from exc
    if not isinstance(body, dict):
        raise ApiError(47001)
    return body


def make_state(
    appid: str = DEFAULT_APPID,
    secret: str = DEFAULT_SECRET,
    seed: int | None = None,
    state_file: str | None = None,
) -> State:
    state = State(appid=appid, secret=secret, seed=seed)
    if state_file:
        state.attach_file(state_file)
    return state


def serve(
    port: int = 0,
    host: str = "127.0.0.1",
    appid: str = DEFAULT_APPID,
    secret: str = DEFAULT_SECRET,
    seed: int | None = None,
    state_file: str | None = None,
) -> tuple[EmulatorServer, threading.Thread]:
    """Start the emulator in a background thread; ``server.url`` tells where, ``server.stop()`` ends it."""
    server = EmulatorServer((host, port), make_state(appid, secret, seed, state_file))
    server.worker.start()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="wechat-shop-emulator", daemon=True
    )
    thread.start()
    return server, thread


@contextlib.contextmanager
def running(**kwargs: Any) -> Iterator[EmulatorServer]:
    server, thread = serve(**kwargs)
    try:
        yield server
    finally:
        server.stop()
        thread.join(timeout=5)
