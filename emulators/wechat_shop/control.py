"""The control API under /_emulator/ (documented in README.md). Not part of WeChat's API.

Every endpoint acts on the default app unless ``?app=<appid>`` names another one the emulator serves
(apps.py; ``POST /_emulator/apps`` adds one, ``GET /_emulator/apps`` lists them; an unknown app: 404).
The clock is the platform's: advancing it moves every app's. ``POST /_emulator/reset`` without
``?app`` also drops the added apps.

Every control call runs under the state lock; a POST saves the state afterwards. Refusals answer
``{"error": "..."}`` with 400 (malformed), 404 (unknown order or endpoint), 405 or 409.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from .._http import Answer, Request, Routes
from . import crypto, delivery, lifecycle, push, tokens
from .apps import Apps
from .errors import ApiError
from .events import emit
from .lifecycle import ControlError
from .state import Order, State
from .views import order_view

PREFIX = "/_emulator"
ORDER = PREFIX + "/orders/{order_id:[0-9]+}"

# What the JSON body, already parsed, asks of the state; the answer's JSON comes back (always 200).
Action = Callable[[State, dict[str, Any], Request], Any]
OrderAction = Callable[[State, Order, dict[str, Any]], dict[str, Any] | None]


def add_routes(
    routes: Routes, apps: Apps, url: Callable[[], str], on_reset: Callable[[], None] = lambda: None
) -> None:
    """Route the control API on ``routes``; ``url`` tells the emulator's own address (for health);
    ``on_reset`` runs on a reset of the whole emulator (it drops the added apps)."""

    def health(state: State, body: dict[str, Any], request: Request) -> Any:
        return {"ok": True, "url": url(), "appid": state.appid, "secret": state.secret, "now": state.now()}

    table: dict[tuple[str, str], Action] = {
        ("GET", ""): health,
        ("GET", "/health"): health,
        ("POST", "/reset"): lambda state, body, request: _reset(state, body, request, apps, on_reset),
        ("GET", "/apps"): lambda state, body, request: {"apps": [_app(s) for s in apps.all()]},
        ("POST", "/apps"): lambda state, body, request: _add_app(apps, body),
        ("GET", "/state"): lambda state, body, request: state.to_json(),
        ("GET", "/config"): lambda state, body, request: state.config,
        ("POST", "/config"): lambda state, body, request: _merge(state.config, body),
        ("POST", "/shop"): _shop,
        ("GET", "/orders"): _orders,
        ("POST", "/orders"): _create_order,
        ("POST", "/orders/bulk"): _create_orders,
        ("POST", "/orders/bulk/ship"): _ship_orders,
        ("POST", "/orders/bulk/action"): _act_on_orders,
        ("POST", "/orders/bulk/forget"): _forget_orders,
        ("POST", "/tokens/expire"): _expire_tokens,
        ("GET", "/tokens"): _tokens,
        ("GET", "/clock"): _clock,
        ("POST", "/clock/advance"): lambda state, body, request: _advance_clock(apps, state, body, request),
        ("GET", "/faults"): lambda state, body, request: state.faults,
        ("POST", "/faults"): lambda state, body, request: _merge(state.faults, body),
        ("POST", "/latency"): _latency,
        ("GET", "/rate_limits"): lambda state, body, request: state.limits,
        ("POST", "/rate_limits"): lambda state, body, request: _merge(state.limits, body),
        ("POST", "/rate_limits/reset"): _reset_rate_limits,
        ("GET", "/ip_allowlist"): lambda state, body, request: state.allowlist,
        ("POST", "/ip_allowlist"): lambda state, body, request: _merge(state.allowlist, body),
        ("GET", "/push/config"): lambda state, body, request: dict(state.push),
        ("POST", "/push/config"): _push_config,
        ("GET", "/push/outbox"): lambda state, body, request: {"outbox": state.outbox},
        ("POST", "/push/event"): _push_event,
        ("POST", "/push/deliver"): _push_deliver,
        ("POST", "/push/verify"): _push_verify,
        ("GET", "/calls"): _calls,
        ("POST", "/calls/reset"): _reset_calls,
    }
    for (method, path), action in table.items():
        routes.add(method, PREFIX + path, _answering(apps, action))
    routes.add("GET", ORDER, _answering(apps, _order))
    for name, order_action in ORDER_ACTIONS.items():
        routes.add("POST", f"{ORDER}/{name}", _answering(apps, _on_order(order_action)))
    routes.add("POST", ORDER + "/{action:[a-z_]+}", _answering(apps, _unknown_action))
    routes.add("GET PUT DELETE", ORDER + "/{action:[a-z_]+}", _answering(apps, _use_post))
    routes.add("GET POST PUT DELETE", PREFIX + "{rest:.*}", _answering(apps, _no_endpoint))


def _answering(apps: Apps, action: Action) -> Callable[[Request], Answer]:
    def answer(request: Request) -> Answer:
        try:
            body = request.json()
        except ValueError:
            return Answer.json(400, {"error": "body is not JSON"}, compact=True)
        if not isinstance(body, dict):
            return Answer.json(400, {"error": "body must be a JSON object"}, compact=True)
        named = dict(parse_qsl(request.query)).get("app", "")
        state = apps.get(named) if named else apps.primary
        if state is None:
            return Answer.json(404, {"error": f"no app {named[:64]!r} on this emulator"}, compact=True)
        try:
            with state.lock:
                result = action(state, body, request)
            if request.method == "POST":
                state.save()
            return Answer.json(200, result, compact=True)
        except ControlError as err:
            return Answer.json(err.status, {"error": err.message}, compact=True)
        except (KeyError, TypeError, ValueError) as err:
            return Answer.json(400, {"error": f"{type(err).__name__}: {err}"}, compact=True)

    return answer


def _merge(target: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - set(target)
    if unknown:
        raise ControlError(400, f"unknown keys: {sorted(unknown)}")
    target.update(body)
    return target


def _no_endpoint(state: State, body: dict[str, Any], request: Request) -> Any:
    raise ControlError(404, f"no control endpoint {request.method} {request.path.rstrip('/') or '/'}")


# --- the shop -------------------------------------------------------------------------------------


def _reset(
    state: State, body: dict[str, Any], request: Request, apps: Apps, on_reset: Callable[[], None]
) -> Any:
    state.reset()
    if state is apps.primary and "app" not in dict(parse_qsl(request.query)):
        on_reset()  # the whole emulator: the added apps go too
    return {"ok": True}


def _app(state: State) -> dict[str, Any]:
    return {"appid": state.appid, "username": state.username, "orders": len(state.orders)}


def _add_app(apps: Apps, body: dict[str, Any]) -> Any:
    appid, secret, username = body.get("appid"), body.get("secret"), body.get("username")
    if not (isinstance(appid, str) and appid and isinstance(secret, str) and secret):
        raise ControlError(400, "appid and secret (non-empty strings) are required")
    if username is not None and not isinstance(username, str):
        raise ControlError(400, "username must be a string")
    try:
        state = apps.add(appid, secret, username)
    except ValueError as exc:
        raise ControlError(409, str(exc)) from None
    return {"appid": state.appid, "secret": state.secret, "username": state.username}


def _shop(state: State, body: dict[str, Any], request: Request) -> Any:
    if "has_return_address" in body:
        state.config["has_return_address"] = bool(body["has_return_address"])
    if "username" in body:
        state.username = str(body["username"])
    return {"has_return_address": state.config["has_return_address"], "username": state.username}


def _expire_tokens(state: State, body: dict[str, Any], request: Request) -> Any:
    return {"expired": tokens.expire(state, body.get("token"), str(body.get("mode", "expire")))}


def _tokens(state: State, body: dict[str, Any], request: Request) -> Any:
    return {"current": state.current, "tokens": [dataclasses.asdict(t) for t in state.tokens.values()]}


def _clock(state: State, body: dict[str, Any], request: Request) -> Any:
    return {"now": state.now(), "offset": state.clock_offset}


def _advance_clock(apps: Apps, state: State, body: dict[str, Any], request: Request) -> Any:
    seconds = float(body.get("seconds", 0))
    state.clock_offset += seconds
    for other in apps.all():  # one platform clock for every app
        if other is not state:
            with other.lock:
                other.clock_offset = state.clock_offset
    return _clock(state, body, request)


def _latency(state: State, body: dict[str, Any], request: Request) -> Any:
    if body.get("path"):
        state.faults["latency_ms_by_path"][str(body["path"])] = float(body.get("ms", 0))
    else:
        state.faults["latency_ms"] = float(body.get("ms", 0))
    return state.faults


def _reset_rate_limits(state: State, body: dict[str, Any], request: Request) -> Any:
    state.minute_counts.clear()
    state.day_counts.clear()
    return {"ok": True}


def _calls(state: State, body: dict[str, Any], request: Request) -> Any:
    query = dict(parse_qsl(request.query, keep_blank_values=True))
    limit = int(query.get("limit", 200))
    by_code = Counter(str(c.get("errcode")) for c in state.calls)
    return {
        "total": sum(state.call_counts.values()),
        "by_path": dict(state.call_counts),
        "by_errcode": dict(by_code),
        "log": state.calls[-limit:] if limit > 0 else [],
    }


def _reset_calls(state: State, body: dict[str, Any], request: Request) -> Any:
    state.calls.clear()
    state.call_counts.clear()
    return {"ok": True}


# --- orders ---------------------------------------------------------------------------------------


def _orders(state: State, body: dict[str, Any], request: Request) -> Any:
    return {"orders": [{"order_id": o.order_id, "status": o.status} for o in state.orders.values()]}


def _create_order(state: State, body: dict[str, Any], request: Request) -> Any:
    order = lifecycle.create_order(state, body)
    return {"order_id": order.order_id, "status": order.status}


def _create_orders(state: State, body: dict[str, Any], request: Request) -> Any:
    count = int(body.pop("count", 1))
    return {"order_ids": [lifecycle.create_order(state, dict(body)).order_id for _ in range(count)]}


def _ship_orders(state: State, body: dict[str, Any], request: Request) -> Any:
    """Ship many orders in the shop backend, each whole in one package: ``{"orders": [{"order_id",
    "delivery_id", "waybill_id"}, ...]}`` (the same checks as ``delivery/send``); the ids shipped,
    and for the others the error code."""
    shipped, failed = [], {}
    for item in body.get("orders") or []:
        order = lifecycle.get(state, str(item["order_id"]))
        infos = [
            {"product_id": line["product_id"], "sku_id": line["sku_id"], "product_cnt": line["sku_cnt"]}
            for line in order.lines
        ]
        package = {
            "delivery_id": item["delivery_id"],
            "waybill_id": item["waybill_id"],
            "product_infos": infos,
        }
        try:
            delivery.send(state, {"order_id": order.order_id, "delivery_list": [package]})
            shipped.append(order.order_id)
        except ApiError as exc:
            failed[order.order_id] = exc.errcode
    return {"shipped": shipped, "failed": failed}


def _act_on_orders(state: State, body: dict[str, Any], request: Request) -> Any:
    """One order action (``ORDER_ACTIONS``: confirm, cancel, aftersale ...) on many orders:
    ``{"do": action, "order_ids": [...], ...the action's body}``; the ids done, and the others' errors."""
    action = ORDER_ACTIONS.get(str(body.get("do", "")))
    if action is None:
        raise ControlError(404, f"unknown order action {body.get('do')}")
    done, failed = [], {}
    for order_id in body.get("order_ids") or []:
        order = lifecycle.get(state, str(order_id))
        try:
            action(state, order, body)
            done.append(order.order_id)
        except ControlError as exc:
            failed[order.order_id] = exc.message
    return {"done": done, "failed": failed}


def _forget_orders(state: State, body: dict[str, Any], request: Request) -> Any:
    """Drop orders from the emulator's memory (a long simulation keeps the shop it lists small):
    only closed ones (completed 100, cancelled 200/250); the ids dropped."""
    dropped = []
    with state.lock:
        for order_id in body.get("order_ids") or []:
            order = state.orders.get(str(order_id))
            if order is not None and order.status in (100, 200, 250):
                del state.orders[order.order_id]
                dropped.append(order.order_id)
    return {"dropped": dropped}


def _order(state: State, body: dict[str, Any], request: Request) -> Any:
    order = lifecycle.get(state, request.params["order_id"])
    return {"order": order_view(order), "internal": dataclasses.asdict(order)}


def _on_order(action: OrderAction) -> Action:
    """An action on the order the path names (404 when there is none): the order's id and status
    after it, and whatever the action adds."""

    def run(state: State, body: dict[str, Any], request: Request) -> Any:
        order = lifecycle.get(state, request.params["order_id"])
        result = action(state, order, body) or {}
        return {"order_id": order.order_id, "status": order.status, **result}

    return run


def _use_post(state: State, body: dict[str, Any], request: Request) -> Any:
    lifecycle.get(state, request.params["order_id"])
    raise ControlError(405, "use POST")


def _unknown_action(state: State, body: dict[str, Any], request: Request) -> Any:
    lifecycle.get(state, request.params["order_id"])
    raise ControlError(404, f"unknown order action {request.params['action']}")


def _flags(state: State, order: Order, body: dict[str, Any]) -> None:
    for flag in ("dropship_locked", "ewaybill"):
        if flag in body:
            setattr(order, flag, bool(body[flag]))
    if "deliver_method" in body:
        order.deliver_method = int(body["deliver_method"])


ORDER_ACTIONS: dict[str, OrderAction] = {
    "pay": lambda state, order, body: lifecycle.pay(state, order),
    "cancel": lambda state, order, body: lifecycle.cancel(state, order, int(body.get("cancel_type", 1))),
    "refund": lambda state, order, body: lifecycle.refund(state, order),
    "aftersale": lambda state, order, body: {"aftersale": lifecycle.aftersale(state, order, body)},
    "confirm": lambda state, order, body: lifecycle.confirm(state, order, int(body.get("confirm_type", 1))),
    "settle": lambda state, order, body: lifecycle.settle(state, order),
    "ext_info": lambda state, order, body: lifecycle.ext_info(state, order, body),
    "lock": lambda state, order, body: state.held_locks.add(order.order_id),
    "unlock": lambda state, order, body: state.held_locks.discard(order.order_id),
    "flags": _flags,
}


# --- message push ---------------------------------------------------------------------------------


def _push_config(state: State, body: dict[str, Any], request: Request) -> Any:
    aes = body.get("encoding_aes_key")
    if aes is not None:
        try:
            crypto.aes_key(str(aes))
        except ValueError as exc:
            raise ControlError(400, str(exc)) from exc
    _merge(state.push, body)
    return dict(state.push)


def _push_event(state: State, body: dict[str, Any], request: Request) -> Any:
    event = str(body.pop("Event", "")) or "channels_ec_order_ext_info_update"
    order_id = body.pop("order_id", None)
    order = state.orders.get(str(order_id)) if order_id is not None else None
    return {"id": emit(state, event, order, **body)["id"]}


def _push_deliver(state: State, body: dict[str, Any], request: Request) -> Any:
    state.lock.release()  # never call out while holding the state lock
    try:
        return {"results": push.deliver_due(state)}
    finally:
        state.lock.acquire()


def _push_verify(state: State, body: dict[str, Any], request: Request) -> Any:
    if not (state.push.get("url") and state.push.get("token")):
        raise ControlError(409, "configure push url and token first")
    state.lock.release()
    try:
        return push.verify_url(state)
    finally:
        state.lock.acquire()
