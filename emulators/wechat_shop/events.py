"""Order events (docs/platforms/wechat-shop.md#order-events) queued in the outbox; ``push.py`` delivers
them."""

from __future__ import annotations

from typing import Any

from .state import Order, State


def emit(state: State, event: str, order: Order | None, **payload: Any) -> dict[str, Any]:
    """Queue one event. ``order_info.order_id`` is a JSON number (it exceeds 2**53; kept exact)."""
    message: dict[str, Any] = {
        "ToUserName": state.username,
        "FromUserName": order.openid if order else "",
        "CreateTime": state.now_s(),
        "MsgType": "event",
        "Event": event,
    }
    if order is not None and event != "channels_ec_aftersale_update":
        message["order_info"] = {"order_id": int(order.order_id), **payload}
    else:
        message.update(payload)
    target = state.push.get("url")
    item = {
        "id": state.next_push_id,
        "event": event,
        "message": message,
        "status": "pending" if target else "no_target",
        "attempts": 0,
        "due": state.now(),
        "history": [],
    }
    state.next_push_id += 1
    state.outbox.append(item)
    return item


def order_event(state: State, event: str, order: Order, **payload: Any) -> None:
    emit(state, event, order, **payload)


def aftersale_event(state: State, order: Order, aftersale: dict[str, Any]) -> None:
    emit(
        state,
        "channels_ec_aftersale_update",
        order,
        finder_shop_aftersale_status_update={
            "after_sale_order_id": aftersale["aftersale_order_id"],
            "order_id": order.order_id,
            "status": aftersale["status"],
        },
    )
