"""HTTP front of the supplier-API emulator: the supplier's order API and the /_emulator/ control API.

``serve(port=0)`` starts it in a background thread on 127.0.0.1 (tests); ``python -m
emulators.supplier_api --port N`` runs it in the foreground. The wire format is in README.md.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from emulators.supplier_api import auth
from emulators.supplier_api.state import ControlError, World, render

ORDERS_PATH = "/api/v1/orders"


class SupplierApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], world: World) -> None:
        super().__init__(address, Handler)
        self.world = world
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def serve(port: int = 0, host: str = "127.0.0.1", world: World | None = None) -> SupplierApiServer:
    """Start the emulator in a daemon thread and return it (``.url``, ``.world``, ``.close()``)."""
    server = SupplierApiServer((host, port), world or World())
    server.thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="supplier-api-emulator", daemon=True
    )
    server.thread.start()
    return server


class Handler(BaseHTTPRequestHandler):
    server: SupplierApiServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, keep-alive clients wait ~40 ms per call.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the call log is the record
        return

    # -- plumbing ------------------------------------------------------------------------------

    def _send(
        self, status: int, body: Any, headers: dict[str, str] | None = None, *, drip_ms: int = 0
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not drip_ms:
            self.wfile.write(data)
            return
        try:  # a slow drip: 16 bytes at a time, each well inside any per-read timeout
            for start in range(0, len(data), 16):
                self.wfile.write(data[start : start + 16])
                self.wfile.flush()
                time.sleep(drip_ms / 1000)
        except OSError:
            pass  # the client gave up: what a drip is for
        self.close_connection = True  # a client that gave up closes its end: do not wait for more

    def _send_huge(self, size: int, headers: dict[str, str]) -> None:
        """A valid JSON answer of ``size`` bytes, written in 64 KiB pieces (never held whole)."""
        head, tail = b'{"code": 0, "msg": "success", "pad": "', b'", "data": {"total": 0, "list": []}}'
        pad = max(0, size - len(head) - len(tail))
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(head) + pad + len(tail)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(head)
            piece = b"x" * 65536
            while pad > 0:
                self.wfile.write(piece[: min(pad, len(piece))])
                pad -= len(piece)
            self.wfile.write(tail)
        except OSError:
            pass  # the client stopped reading at its cap
        self.close_connection = True  # a client that gave up closes its end: do not wait for more

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        parsed = json.loads(raw)
        if not isinstance(parsed, dict):
            raise ControlError("the body must be a JSON object")
        return parsed

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/_emulator/"):
            try:
                self._control(method, parts.path.removeprefix("/_emulator/"))
            except (ControlError, ValueError, TypeError, KeyError) as exc:
                self._send(400, {"error": str(exc)})
            return
        if parts.path == ORDERS_PATH and method == "GET":
            self._orders(parts.query)
            return
        self._send(404, {"code": 40400, "msg": f"no such API: {method} {parts.path}"})

    # -- the supplier's API ----------------------------------------------------------------------

    def _orders(self, query: str) -> None:
        world = self.server.world
        pairs = parse_qsl(query, keep_blank_values=True)
        params = dict(pairs)
        with world.lock:
            sc = world.scenario
            entry: dict[str, Any] = {"method": "GET", "path": ORDERS_PATH, "params": params}
            entry["clock"] = world.clock
            world.calls.append(entry)
            latency = sc.latency_ms
            fail = sc.fail_next > 0 or (sc.failure_rate > 0 and world.rng.random() < sc.failure_rate)
            if sc.fail_next > 0:
                sc.fail_next -= 1
            fail_status, retry_after, forced_auth = sc.fail_status, sc.retry_after, sc.auth_fail
            garbage = sc.garbage_next > 0 and not fail
            if garbage:
                sc.garbage_next -= 1
            huge = sc.huge_bytes if sc.huge_next > 0 and not fail else 0
            if huge:
                sc.huge_next -= 1
            drip = sc.drip_ms if sc.drip_next > 0 and not fail else 0
            if drip:
                sc.drip_next -= 1
        request_id = uuid.uuid4().hex[:16]
        if latency:
            time.sleep(latency / 1000)
        repeated = len(pairs) != len(params)
        status, body, headers = self._answer(
            params, repeated, fail, fail_status, retry_after, forced_auth, garbage, request_id
        )
        with world.lock:
            entry["status"] = status
        if huge and status == 200:
            self._send_huge(huge, {"X-Request-Id": request_id, **headers})
            return
        self._send(status, body, {"X-Request-Id": request_id, **headers}, drip_ms=drip)

    def _answer(
        self,
        params: dict[str, str],
        repeated: bool,
        fail: bool,
        fail_status: int,
        retry_after: float | None,
        forced_auth: int | None,
        garbage: bool,
        request_id: str,
    ) -> tuple[int, Any, dict[str, str]]:
        world = self.server.world
        if fail:
            headers = {}
            if retry_after is not None and fail_status in (429, 503):
                headers["Retry-After"] = _seconds_text(retry_after)
            code = 42900 if fail_status == 429 else 50000 + fail_status % 100
            busy = {"code": code, "msg": "system busy, try later", "requestId": request_id}
            return fail_status, busy, headers
        with world.lock:
            header = self.headers.get("Authorization")
            mode, denied = auth.check(header, params, world.tokens, world.apps, world.scenario.sign_window)
        if forced_auth == 403:
            denied = auth.Denied(403, 40301, "this app is not authorised for the requested data")
        elif forced_auth is not None:
            denied = auth.Denied(401, 40101, "invalid access token")
        with world.lock:
            world.calls[-1]["auth"] = mode
        if denied is not None:
            return denied.status, {"code": denied.code, "msg": denied.message, "requestId": request_id}, {}
        if garbage:
            return 200, b"<html><body>502 Bad Gateway</body></html>", {}
        try:
            if repeated:
                raise ValueError("a query parameter was given twice")
            page = int(params.get("page", "1"))
            size = int(params.get("pageSize", "20"))
            since = float(params["updatedSince"]) if params.get("updatedSince") else None
            after = decode_cursor(params["cursor"]) if params.get("cursor") else None
            if page < 1 or not 1 <= size <= world.scenario.max_page_size:
                raise ValueError(f"page >= 1 and 1 <= pageSize <= {world.scenario.max_page_size}")
        except ValueError as exc:
            return 400, {"code": 40001, "msg": f"bad parameter: {exc}", "requestId": request_id}, {}
        total, rows, more = world.listing(since, page, size, after)
        cursor = encode_cursor(rows[-1]) if more and rows else ""
        data = {"total": total, "page": page, "pageSize": size, "hasMore": more, "nextCursor": cursor}
        data["list"] = rows
        return 200, {"code": 0, "msg": "success", "requestId": request_id, "data": data}, {}

    # -- the control API -------------------------------------------------------------------------

    def _control(self, method: str, path: str) -> None:
        world = self.server.world
        if method == "POST" and path == "reset":
            world.reset(self._body())
            self._send(200, {"ok": True})
        elif method == "POST" and path == "orders":
            self._send(200, {"order_nos": world.seed(list(self._body().get("orders", [])))})
        elif method == "POST" and path == "orders/generate":
            self._send(200, {"order_nos": world.generate(self._body())})
        elif method == "GET" and path == "orders":
            with world.lock:
                rows = [render(order, world.clock) for order in world.orders.values()]
            self._send(200, {"orders": rows})
        elif method in ("GET", "POST") and path == "scenario":
            body = self._body() if method == "POST" else {}
            self._send(200, {"scenario": world.set_scenario(body)})
        elif method in ("GET", "POST") and path == "clock":
            body = self._body() if method == "POST" else {}
            self._send(200, {"clock": world.move_clock(body)})
        elif method == "GET" and path == "calls":
            with world.lock:
                self._send(200, {"calls": list(world.calls)})
        elif method == "DELETE" and path == "calls":
            with world.lock:
                world.calls.clear()
            self._send(200, {"ok": True})
        else:
            self._send(404, {"error": f"no such control route: {method} /_emulator/{path}"})


def _seconds_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def encode_cursor(row: dict[str, Any]) -> str:
    """An opaque keyset cursor: where the next page starts, stable while orders change."""
    raw = json.dumps([row["updateTime"], row["orderNo"]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        stamp, order_no = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(stamp), str(order_no)
    except (ValueError, TypeError) as exc:
        raise ValueError("cursor is not one this API gave out") from exc
