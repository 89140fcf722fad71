"""The control API under /_emulator/ (documented in README.md). Not part of WeChat's API."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from . import crypto, lifecycle, push, tokens
from .events import emit
from .lifecycle import ControlError
from .state import State
from .views import order_view

if TYPE_CHECKING:
    from .server import EmulatorServer

ORDER_PATH = re.compile(r"^/_emulator/orders/([0-9]+)(?:/([a-z_]+))?$")


def dispatch(
    server: EmulatorServer, method: str, path: str, query: dict[str, str], raw: bytes
) -> tuple[int, Any]:
    state = server.state
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        return 400, {"error": "body is not JSON"}
    if not isinstance(body, dict):
        return 400, {"error": "body must be a JSON object"}
    try:
        with state.lock:
            status, answer = _route(server, state, method, path, query, body)
        if method == "POST":
            state.save()
        return status, answer
    except ControlError as err:
        return err.status, {"error": err.message}
    except (KeyError, TypeError, ValueError) as err:
        return 400, {"error": f"{type(err).__name__}: {err}"}


def _merge(target: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - set(target)
    if unknown:
        raise ControlError(400, f"unknown keys: {sorted(unknown)}")
    target.update(body)
    return target


def _route(
    server: EmulatorServer, state: State, method: str, path: str, query: dict[str, str], body: dict[str, Any]
) -> tuple[int, Any]:
    key = (method, path)
    if key in (("GET", "/_emulator"), ("GET", "/_emulator/health")):
        return 200, {
            "ok": True,
            "url": server.url,
            "appid": state.appid,
            "secret": state.secret,
            "now": state.now(),
        }
    if key == ("POST", "/_emulator/reset"):
        state.reset()
        return 200, {"ok": True}
    if key == ("GET", "/_emulator/state"):
        return 200, state.to_json()
    if path == "/_emulator/config":
        return 200, _merge(state.config, body) if method == "POST" else state.config
    if path == "/_emulator/shop" and method == "POST":
        if "has_return_address" in body:
            state.config["has_return_address"] = bool(body["has_return_address"])
        if "username" in body:
            state.username = str(body["username"])
        return 200, {"has_return_address": state.config["has_return_address"], "username": state.username}
    if path.startswith("/_emulator/orders"):
        return _orders(state, method, path, body)
    if key == ("POST", "/_emulator/tokens/expire"):
        hit = tokens.expire(state, body.get("token"), str(body.get("mode", "expire")))
        return 200, {"expired": hit}
    if key == ("GET", "/_emulator/tokens"):
        return 200, {
            "current": state.current,
            "tokens": [dataclasses.asdict(t) for t in state.tokens.values()],
        }
    if path.startswith("/_emulator/clock"):
        if key == ("POST", "/_emulator/clock/advance"):
            state.clock_offset += float(body.get("seconds", 0))
        return 200, {"now": state.now(), "offset": state.clock_offset}
    if path == "/_emulator/faults":
        return 200, _merge(state.faults, body) if method == "POST" else state.faults
    if key == ("POST", "/_emulator/latency"):
        if body.get("path"):
            state.faults["latency_ms_by_path"][str(body["path"])] = float(body.get("ms", 0))
        else:
            state.faults["latency_ms"] = float(body.get("ms", 0))
        return 200, state.faults
    if path == "/_emulator/rate_limits":
        return 200, _merge(state.limits, body) if method == "POST" else state.limits
    if key == ("POST", "/_emulator/rate_limits/reset"):
        state.minute_counts.clear()
        state.day_counts.clear()
        return 200, {"ok": True}
    if path == "/_emulator/ip_allowlist":
        return 200, _merge(state.allowlist, body) if method == "POST" else state.allowlist
    if path.startswith("/_emulator/push"):
        return _push(server, state, method, path, body)
    if path.startswith("/_emulator/calls"):
        if key == ("POST", "/_emulator/calls/reset"):
            state.calls.clear()
            state.call_counts.clear()
            return 200, {"ok": True}
        limit = int(query.get("limit", 200))
        by_code = Counter(str(c.get("errcode")) for c in state.calls)
        return 200, {
            "total": sum(state.call_counts.values()),
            "by_path": dict(state.call_counts),
            "by_errcode": dict(by_code),
            "log": state.calls[-limit:] if limit > 0 else [],
        }
    raise ControlError(404, f"no control endpoint {method} {path}")


def _orders(state: State, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    if path == "/_emulator/orders":
        if method == "GET":
            return 200, {
                "orders": [{"order_id": o.order_id, "status": o.status} for o in state.orders.values()]
            }
        order = lifecycle.create_order(state, body)
        return 200, {"order_id": order.order_id, "status": order.status}
    if path == "/_emulator/orders/bulk" and method == "POST":
        count = int(body.pop("count", 1))
        ids = [lifecycle.create_order(state, dict(body)).order_id for _ in range(count)]
        return 200, {"order_ids": ids}
    match = ORDER_PATH.match(path)
    if not match:
        raise ControlError(404, f"no control endpoint {method} {path}")
    order = lifecycle.get(state, match.group(1))
    action = match.group(2)
    if action is None and method == "GET":
        return 200, {"order": order_view(order), "internal": dataclasses.asdict(order)}
    if method != "POST":
        raise ControlError(405, "use POST")
    result: dict[str, Any] = {}
    if action == "pay":
        lifecycle.pay(state, order)
    elif action == "cancel":
        lifecycle.cancel(state, order, int(body.get("cancel_type", 1)))
    elif action == "refund":
        lifecycle.refund(state, order)
    elif action == "aftersale":
        result = {"aftersale": lifecycle.aftersale(state, order, body)}
    elif action == "confirm":
        lifecycle.confirm(state, order, int(body.get("confirm_type", 1)))
    elif action == "settle":
        lifecycle.settle(state, order)
    elif action == "ext_info":
        lifecycle.ext_info(state, order, body)
    elif action == "lock":
        state.held_locks.add(order.order_id)
    elif action == "unlock":
        state.held_locks.discard(order.order_id)
    elif action == "flags":
        for flag in ("dropship_locked", "ewaybill"):
            if flag in body:
                setattr(order, flag, bool(body[flag]))
        if "deliver_method" in body:
            order.deliver_method = int(body["deliver_method"])
    else:
        raise ControlError(404, f"unknown order action {action}")
    return 200, {"order_id": order.order_id, "status": order.status, **result}


def _push(
    server: EmulatorServer, state: State, method: str, path: str, body: dict[str, Any]
) -> tuple[int, Any]:
    if path == "/_emulator/push/config":
        if method == "POST":
            aes = body.get("encoding_aes_key")
            if aes is not None:
                try:
                    crypto.aes_key(str(aes))
                except ValueError as exc:
                    raise ControlError(400, str(exc)) from exc
            _merge(state.push, body)
        return 200, {k: v for k, v in state.push.items()}
    if path == "/_emulator/push/outbox":
        return 200, {"outbox": state.outbox}
    if path == "/_emulator/push/event" and method == "POST":
        event = str(body.pop("Event", "")) or "channels_ec_order_ext_info_update"
        order_id = body.pop("order_id", None)
        order = state.orders.get(str(order_id)) if order_id is not None else None
        item = emit(state, event, order, **body)
        return 200, {"id": item["id"]}
    if path == "/_emulator/push/deliver" and method == "POST":
        state.lock.release()  # never call out while holding the state lock
        try:
            results = push.deliver_due(state)
        finally:
            state.lock.acquire()
        return 200, {"results": results}
    if path == "/_emulator/push/verify" and method == "POST":
        if not (state.push.get("url") and state.push.get("token")):
            raise ControlError(409, "configure push url and token first")
        state.lock.release()
        try:
            result = push.verify_url(state)
        finally:
            state.lock.acquire()
        return 200, result
    raise ControlError(404, f"no control endpoint {method} {path}")
