"""HTTP front of the supplier-API emulator: the supplier's order API and the /_emulator/ control API.

``serve(port=0)`` starts it in a background thread on 127.0.0.1 (tests); ``python -m
emulators.supplier_api --port N`` runs it in the foreground. The wire format is in README.md.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from emulators._http import Answer, Handler, LoopbackServer, Request, Routes
from emulators._http.slow import dripped, padded
from emulators.supplier_api import auth
from emulators.supplier_api.state import ControlError, Scenario, World, render

ORDERS_PATH = "/api/v1/orders"
MAX_BODY = 1 << 20  # control bodies are small; the supplier's API takes none


class SupplierApiServer:
    """The emulator on a loopback port: ``.url``, ``.world``, ``.close()``."""

    def __init__(self, world: World, host: str = "127.0.0.1", port: int = 0) -> None:
        self.world = world
        routes = Routes(fallback=_no_such_api)
        routes.add("GET", ORDERS_PATH, self._orders)
        control: dict[tuple[str, str], Callable[[Request], Any]] = {
            ("POST", "reset"): self._reset,
            ("POST", "orders"): lambda r: {"order_nos": world.seed(list(r.json_object().get("orders", [])))},
            ("POST", "orders/generate"): lambda r: {"order_nos": world.generate(r.json_object())},
            ("GET", "orders"): self._orders_now,
            ("GET", "scenario"): lambda r: {"scenario": world.set_scenario({})},
            ("POST", "scenario"): lambda r: {"scenario": world.set_scenario(r.json_object())},
            ("GET", "clock"): lambda r: {"clock": world.move_clock({})},
            ("POST", "clock"): lambda r: {"clock": world.move_clock(r.json_object())},
            ("GET", "calls"): self._calls,
            ("DELETE", "calls"): self._forget_calls,
        }
        for (method, path), handler in control.items():
            routes.add(method, f"/_emulator/{path}", _control(handler))
        routes.add("GET POST DELETE", "/_emulator/{path:.*}", _no_such_control)
        too_large = Answer.json(413, {"error": f"the body is over {MAX_BODY} bytes"})
        self.http = LoopbackServer(
            routes, name="supplier-api-emulator", host=host, port=port, max_body=MAX_BODY, too_large=too_large
        )

    @property
    def url(self) -> str:
        return self.http.url

    def close(self) -> None:
        self.http.stop()

    # -- the supplier's API ----------------------------------------------------------------------

    def _orders(self, request: Request) -> Answer:
        world = self.world
        pairs = parse_qsl(request.query, keep_blank_values=True)
        params = dict(pairs)
        with world.lock:
            entry: dict[str, Any] = {"method": "GET", "path": ORDERS_PATH, "params": params}
            entry["clock"] = world.clock
            world.calls.append(entry)
            trouble = _Trouble.take(world.scenario, world.rng.random)
        request_id = uuid.uuid4().hex[:16]
        if trouble.latency_ms:
            time.sleep(trouble.latency_ms / 1000)
        repeated = len(pairs) != len(params)
        status, body, headers = self._answer(request, params, repeated, trouble, request_id)
        with world.lock:
            entry["status"] = status
        headers = {"X-Request-Id": request_id, **headers}
        if trouble.huge and status == 200:
            return _huge(trouble.huge, headers)
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        if trouble.drip_ms:
            return dripped(status, data, trouble.drip_ms, headers)
        return Answer(status, data, headers=headers)

    def _answer(
        self, request: Request, params: dict[str, str], repeated: bool, trouble: _Trouble, request_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        world = self.world
        if trouble.fail:
            headers = {}
            if trouble.retry_after is not None and trouble.fail_status in (429, 503):
                headers["Retry-After"] = _seconds_text(trouble.retry_after)
            code = 42900 if trouble.fail_status == 429 else 50000 + trouble.fail_status % 100
            busy = {"code": code, "msg": "system busy, try later", "requestId": request_id}
            return trouble.fail_status, busy, headers
        with world.lock:
            header = request.headers.get("Authorization")
            mode, denied = auth.check(header, params, world.tokens, world.apps, world.scenario.sign_window)
        if trouble.forced_auth == 403:
            denied = auth.Denied(403, 40301, "this app is not authorised for the requested data")
        elif trouble.forced_auth is not None:
            denied = auth.Denied(401, 40101, "invalid access token")
        with world.lock:
            world.calls[-1]["auth"] = mode
        if denied is not None:
            return denied.status, {"code": denied.code, "msg": denied.message, "requestId": request_id}, {}
        if trouble.garbage:
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

    def _reset(self, request: Request) -> dict[str, Any]:
        self.world.reset(request.json_object())
        return {"ok": True}

    def _orders_now(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            return {"orders": [render(order, self.world.clock) for order in self.world.orders.values()]}

    def _calls(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            return {"calls": list(self.world.calls)}

    def _forget_calls(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            self.world.calls.clear()
        return {"ok": True}


def serve(port: int = 0, host: str = "127.0.0.1", world: World | None = None) -> SupplierApiServer:
    """Start the emulator in a daemon thread and return it (``.url``, ``.world``, ``.close()``)."""
    server = SupplierApiServer(world or World(), host, port)
    server.http.start()
    return server


class _Trouble:
    """What the scenario knobs do to one API call, drawn (and counted down) under the world's lock."""

    def __init__(self, sc: Scenario, roll: Callable[[], float]) -> None:
        self.latency_ms = sc.latency_ms
        self.fail = sc.fail_next > 0 or (sc.failure_rate > 0 and roll() < sc.failure_rate)
        self.fail_status, self.retry_after, self.forced_auth = sc.fail_status, sc.retry_after, sc.auth_fail
        self.garbage = sc.garbage_next > 0 and not self.fail
        self.huge = sc.huge_bytes if sc.huge_next > 0 and not self.fail else 0
        self.drip_ms = sc.drip_ms if sc.drip_next > 0 and not self.fail else 0

    @classmethod
    def take(cls, sc: Scenario, roll: Callable[[], float]) -> _Trouble:
        trouble = cls(sc, roll)
        if sc.fail_next > 0:
            sc.fail_next -= 1
        if trouble.garbage:
            sc.garbage_next -= 1
        if trouble.huge:
            sc.huge_next -= 1
        if trouble.drip_ms:
            sc.drip_next -= 1
        return trouble


def _no_such_api(request: Request) -> Answer:
    return Answer.json(404, {"code": 40400, "msg": f"no such API: {request.method} {request.path}"})


def _no_such_control(request: Request) -> Answer:
    return Answer.json(404, {"error": f"no such control route: {request.method} {request.path}"})


def _control(handler: Callable[[Request], Any]) -> Handler:
    """A control route: its result as JSON; a refused or malformed request is 400 ``{"error"}``."""

    def answer(request: Request) -> Answer:
        try:
            return Answer.json(200, handler(request))
        except (ControlError, ValueError, TypeError, KeyError) as exc:
            return Answer.json(400, {"error": str(exc)})

    return answer


def _huge(size: int, headers: dict[str, str]) -> Answer:
    """A valid JSON answer of ``size`` bytes, written in 64 KiB pieces (never held whole)."""
    head, tail = b'{"code": 0, "msg": "success", "pad": "', b'", "data": {"total": 0, "list": []}}'
    return padded(200, head, tail, size, headers)


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
