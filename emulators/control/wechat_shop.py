"""``ShopControl``: the WeChat Shop emulator's control API (emulators/wechat_shop/README.md)."""

from __future__ import annotations

from typing import Any

import httpx

from emulators.control.base import ControlClient, given


class ShopControl(ControlClient):
    """``app``: the app id every call addresses (the emulator serves several shops on one host,
    emulators/wechat_shop/apps.py); empty: the default app, as before."""

    def __init__(
        self, base_url: str, http: httpx.Client | None = None, *, timeout: float = 30.0, app: str = ""
    ) -> None:
        super().__init__(base_url, http, timeout=timeout)
        self.app = app

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, **params: Any) -> Any:
        return super().call(method, path, body, **({**params, "app": self.app} if self.app else params))

    # --- the apps (shops) ------------------------------------------------------------------------
    def add_app(self, appid: str, secret: str, username: str | None = None) -> ShopControl:
        """Serve one more app (its own secret, tokens, orders, push settings): a client addressing it."""
        body = given(appid=appid, secret=secret, username=username)
        ShopControl(self.base_url, self.http).post("apps", body)
        return self.for_app(appid)

    def for_app(self, appid: str) -> ShopControl:
        """A client for another app of the same emulator (sharing this one's connection)."""
        return ShopControl(self.base_url, self.http, app=appid)

    def apps(self) -> list[dict[str, Any]]:
        """``[{appid, username, orders}]``, the default app first."""
        return list(self.get("apps")["apps"])

    # --- the emulator ---------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """``{ok, url, appid, secret, now}``."""
        return dict(self.get("health"))

    def reset(self) -> None:
        """Forget everything: orders, tokens, counters, config, push, clock."""
        self.post("reset")

    def state(self) -> dict[str, Any]:
        return dict(self.get("state"))

    def config(self) -> dict[str, Any]:
        return dict(self.get("config"))

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Merge ``changes`` into the config (unknown keys are refused); the whole config back."""
        return dict(self.post("config", changes))

    def set_shop(self, *, has_return_address: bool | None = None, username: str | None = None) -> None:
        self.post("shop", given(has_return_address=has_return_address, username=username))

    # --- orders ---------------------------------------------------------------------------------
    def create_order(self, **spec: Any) -> str:
        """A new order (``products``, ``status``, ...; README): its id."""
        return str(self.post("orders", spec)["order_id"])

    def create_orders(self, count: int, **spec: Any) -> list[str]:
        """``count`` orders alike: their ids."""
        return [str(i) for i in self.post("orders/bulk", {"count": count, **spec})["order_ids"]]

    def ship_orders(self, orders: list[dict[str, str]]) -> dict[str, Any]:
        """Ship each ``{"order_id", "delivery_id", "waybill_id"}`` whole, as the shop backend would."""
        return dict(self.post("orders/bulk/ship", {"orders": orders}))

    def act_on_orders(self, do: str, order_ids: list[str], /, **body: Any) -> dict[str, Any]:
        """One order action ``do`` (confirm, cancel, aftersale ...) on many orders."""
        return dict(self.post("orders/bulk/action", {**body, "do": do, "order_ids": order_ids}))

    def forget_orders(self, order_ids: list[str]) -> list[str]:
        """Drop closed orders from the emulator (a long simulation keeps its shop small)."""
        return [str(i) for i in self.post("orders/bulk/forget", {"order_ids": order_ids})["dropped"]]

    def orders(self) -> list[dict[str, Any]]:
        """``[{order_id, status}]``."""
        return list(self.get("orders")["orders"])

    def order(self, order_id: str) -> dict[str, Any]:
        """``{"order": <as order/get answers it>, "internal": {...}}``."""
        return dict(self.get(f"orders/{order_id}"))

    def order_action(self, order_id: str, name: str, /, **body: Any) -> dict[str, Any]:
        """``POST /_emulator/orders/<id>/<name>``: ``{order_id, status, ...}`` after it."""
        return dict(self.post(f"orders/{order_id}/{name}", body))

    def pay(self, order_id: str) -> dict[str, Any]:
        return self.order_action(order_id, "pay")

    def cancel(self, order_id: str, cancel_type: int | None = None) -> dict[str, Any]:
        return self.order_action(order_id, "cancel", **given(cancel_type=cancel_type))

    def refund(self, order_id: str) -> dict[str, Any]:
        return self.order_action(order_id, "refund")

    def aftersale(self, order_id: str, /, **body: Any) -> dict[str, Any]:
        """``action`` open / close / finish (README); the after-sale record."""
        return dict(self.order_action(order_id, "aftersale", **body)["aftersale"])

    def confirm(self, order_id: str, confirm_type: int | None = None) -> dict[str, Any]:
        return self.order_action(order_id, "confirm", **given(confirm_type=confirm_type))

    def settle(self, order_id: str) -> dict[str, Any]:
        return self.order_action(order_id, "settle")

    def ext_info(self, order_id: str, /, type: int, **fields: Any) -> dict[str, Any]:
        return self.order_action(order_id, "ext_info", type=type, **fields)

    def set_flags(self, order_id: str, /, **flags: Any) -> dict[str, Any]:
        """``dropship_locked``, ``ewaybill``, ``deliver_method``."""
        return self.order_action(order_id, "flags", **flags)

    def lock(self, order_id: str) -> None:
        self.order_action(order_id, "lock")

    def unlock(self, order_id: str) -> None:
        self.order_action(order_id, "unlock")

    # --- tokens and time ------------------------------------------------------------------------
    def expire_tokens(self, token: str | None = None, mode: str | None = None) -> int:
        """Expire (``mode`` "expire", 42001) or revoke ("revoke", 40001) one token or all of them."""
        return int(self.post("tokens/expire", given(token=token, mode=mode))["expired"])

    def tokens(self) -> dict[str, Any]:
        return dict(self.get("tokens"))

    def clock(self) -> dict[str, Any]:
        """``{now, offset}`` (seconds)."""
        return dict(self.get("clock"))

    def now(self) -> float:
        return float(self.clock()["now"])

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return dict(self.post("clock/advance", {"seconds": seconds}))

    # --- misbehaviour ---------------------------------------------------------------------------
    def faults(self) -> dict[str, Any]:
        return dict(self.get("faults"))

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """Merge: ``busy_next``, ``busy_rate``, ``http_5xx_next``, ``drop_next``, ``drop_after_next``,
        ``paths``, ``latency_ms``, ``latency_ms_by_path``."""
        return dict(self.post("faults", faults))

    def set_latency(self, ms: float, path: str | None = None) -> dict[str, Any]:
        """Latency for every API call, or for one path."""
        return dict(self.post("latency", given(ms=ms, path=path)))

    def rate_limits(self) -> dict[str, Any]:
        return dict(self.get("rate_limits"))

    def set_rate_limits(self, **limits: Any) -> dict[str, Any]:
        return dict(self.post("rate_limits", limits))

    def reset_rate_limits(self) -> None:
        self.post("rate_limits/reset")

    def ip_allowlist(self) -> dict[str, Any]:
        return dict(self.get("ip_allowlist"))

    def set_ip_allowlist(self, **allowlist: Any) -> dict[str, Any]:
        return dict(self.post("ip_allowlist", allowlist))

    # --- message push ---------------------------------------------------------------------------
    def push_config(self) -> dict[str, Any]:
        return dict(self.get("push/config"))

    def configure_push(self, **config: Any) -> dict[str, Any]:
        """Merge: ``url``, ``token``, ``encoding_aes_key``, ``auto``, ``timeout_s``, duplicates."""
        return dict(self.post("push/config", config))

    def verify_push(self) -> dict[str, Any]:
        """The platform's URL check: ``{ok, status, reply}``."""
        return dict(self.post("push/verify"))

    def deliver_push(self) -> list[dict[str, Any]]:
        """Push every due event now: ``[{id, event, ok, reply}]``."""
        return list(self.post("push/deliver")["results"])

    def queue_event(self, event: str | None = None, order_id: str | None = None, **payload: Any) -> int:
        """Queue any event (``event`` is its ``Event``; default ext_info_update) about an order; its id."""
        body = {**given(Event=event, order_id=order_id), **payload}
        return int(self.post("push/event", body)["id"])

    def outbox(self) -> list[dict[str, Any]]:
        return list(self.get("push/outbox")["outbox"])

    # --- the call log ---------------------------------------------------------------------------
    def calls(self, limit: int | None = None) -> dict[str, Any]:
        """``{total, by_path, by_errcode, log}`` (the last ``limit`` entries; 200 by default)."""
        return dict(self.call("GET", "calls", **given(limit=limit)))

    def call_count(self, path: str) -> int:
        """Calls to one platform path since the last reset."""
        return int(self.calls(limit=0)["by_path"].get(path, 0))

    def reset_calls(self) -> None:
        self.post("calls/reset")
