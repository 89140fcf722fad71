"""The platform routes: path -> (HTTP method, needs access_token, handler, mutates state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import delivery, orders, quota, tokens
from .state import State

Handler = Callable[[State, dict[str, Any], dict[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    method: str
    needs_token: bool
    handler: Handler
    mutates: bool = False
    # Handlers that take the state lock themselves (they also hold a per-order lock).
    self_locking: bool = False


def _body(fn: Callable[[State, dict[str, Any]], dict[str, Any]]) -> Handler:
    return lambda state, body, query: fn(state, body)


def _basics_info(state: State, body: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    return {
        "info": {
            "nickname": "单号中继测试小店",
            "headimg_url": "",
            "subject_type": "企业",
            "status": "opening",
            "username": state.username,
        }
    }


def _quota_get(state: State, body: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    return quota.quota_get(state, body, set(ROUTES))


def _quota_clear(state: State, body: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    return quota.quota_clear(state, body, set(ROUTES))


ROUTES: dict[str, Route] = {
    "/cgi-bin/token": Route("GET", False, lambda s, b, q: tokens.get_token(s, q), mutates=True),
    "/cgi-bin/stable_token": Route("POST", False, _body(tokens.stable_token), mutates=True),
    "/cgi-bin/openapi/quota/get": Route("POST", True, _quota_get),
    "/cgi-bin/openapi/quota/clear": Route("POST", True, _quota_clear, mutates=True),
    "/channels/ec/basics/info/get": Route("GET", True, _basics_info),
    "/channels/ec/order/list/get": Route("POST", True, _body(orders.list_orders)),
    "/channels/ec/order/get": Route("POST", True, _body(orders.get_order)),
    "/channels/ec/order/search": Route("POST", True, _body(orders.search_orders)),
    "/channels/ec/order/deliverycompanylist/get": Route("POST", True, _body(delivery.company_list_old)),
    "/channels/ec/order/deliverycompanylist/new/get": Route("POST", True, _body(delivery.company_list_new)),
    "/channels/ec/order/delivery/send": Route(
        "POST", True, _body(delivery.send), mutates=True, self_locking=True
    ),
    "/channels/ec/order/deliveryinfo/update": Route(
        "POST", True, _body(delivery.update), mutates=True, self_locking=True
    ),
}

# Token answers carry no errcode/errmsg on success (docs/platforms/wechat-shop.md#access-tokens).
BARE_SUCCESS = {"/cgi-bin/token", "/cgi-bin/stable_token"}
