"""The platform's front door for one API call: faults, IP allowlist, path, method, token, rate limit,
body, injected -1, then the endpoint (the order of checks in README.md; the rules in
docs/platforms/wechat-shop.md#emulator-checklist item 1).

Every call is logged (``state.calls``), answered or not. ``Hangup`` (emulators/_http) closes the
connection without an answer, for the injected drops.
"""

from __future__ import annotations

import ipaddress
import json
import sys
import time
import traceback
from typing import Any
from urllib.parse import parse_qsl

from .._http import Answer, Hangup, Request
from . import quota, tokens
from .api import BARE_SUCCESS, ROUTES
from .errors import ApiError, error_body, new_rid, ok_body
from .state import State

MAX_BODY = 2 * 1024 * 1024  # 45002 above this
CALL_LOG_MAX = 20000
# Calls that change an order's packages: their log entry names the order and, once applied, the
# tracking numbers the order holds after it (what a test needs to count pushes per order).
WAYBILL_WRITES = {"/channels/ec/order/delivery/send", "/channels/ec/order/deliveryinfo/update"}


def platform_json(status: int, obj: Any) -> Answer:
    """The platform's spelling: compact JSON, UTF-8 text as is."""
    return Answer.json(status, obj, compact=True)


def normal_path(raw_path: str) -> str:
    return raw_path.rstrip("/") or "/"


def call(state: State, request: Request) -> Answer:
    """One platform API call, logged in ``state.calls`` whatever its outcome."""
    path = normal_path(request.path)
    query = dict(parse_qsl(request.query, keep_blank_values=True))
    with state.lock:
        seq = state.next_seq = state.next_seq + 1
        state.call_counts[path] = state.call_counts.get(path, 0) + 1
        entry: dict[str, Any] = {
            "seq": seq,
            "path": path,
            "method": request.method,
            "at": round(state.now(), 3),
        }
        state.calls.append(entry)
        if len(state.calls) > CALL_LOG_MAX:
            del state.calls[: len(state.calls) - CALL_LOG_MAX]
        rid = new_rid(state.rng)
        fault = _fault(state, path)
    if fault == "drop":
        entry["errcode"] = "dropped"
        raise Hangup
    delay = state.faults["latency_ms_by_path"].get(path, state.faults["latency_ms"])
    if delay:
        time.sleep(float(delay) / 1000)
    if fault == "5xx":
        entry["errcode"] = "http_502"
        return Answer(502, b"<html><body>502 Bad Gateway</body></html>", "text/html")
    if not _ip_allowed(state, request):
        if state.allowlist["mode"] == "http403":
            entry["errcode"] = "http_403"
            return Answer(403, b"", "text/plain")
        code = int(state.allowlist.get("errcode") or 61004)
        entry["errcode"] = code
        return platform_json(200, error_body(code, ApiError(code).text(), rid))
    try:
        answer = _dispatch(state, request.method, path, query, request.body)
    except ApiError as err:
        entry["errcode"] = err.errcode
        return platform_json(200, error_body(err.errcode, err.text(), rid))
    except Exception as exc:  # an emulator bug: answer like the platform's "system error", loudly
        traceback.print_exc(file=sys.stderr)
        entry["errcode"] = -1
        return platform_json(200, error_body(-1, f"system error (emulator: {type(exc).__name__})", rid))
    entry["errcode"] = 0
    if path in WAYBILL_WRITES:
        _note_waybills(state, entry, request.body)
    if fault == "drop_after":
        entry["errcode"] = "dropped_after_processing"
        raise Hangup
    return platform_json(200, answer)


def _note_waybills(state: State, entry: dict[str, Any], raw: bytes) -> None:
    """An applied send/update: the order it changed and its tracking numbers afterwards."""
    order_id = str(json.loads(raw).get("order_id", ""))
    with state.lock:
        order = state.orders.get(order_id)
        entry["order_id"] = order_id
        entry["waybills"] = [str(p["waybill_id"]) for p in order.packages] if order else []


def _fault(state: State, path: str) -> str | None:
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


def _ip_allowed(state: State, request: Request) -> bool:
    cfg = state.allowlist
    if not cfg["enabled"]:
        return True
    # X-Emulator-Client-IP lets a test pretend to call from elsewhere (loopback only here).
    ip = ipaddress.ip_address(request.headers.get("X-Emulator-Client-IP") or request.client_ip)
    return any(ip in ipaddress.ip_network(net, strict=False) for net in cfg["allowed"])


def _dispatch(state: State, method: str, path: str, query: dict[str, str], raw: bytes) -> dict[str, Any]:
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
