"""``AlibabaControl``: the 1688 emulator's control API (emulators/alibaba_1688/README.md)."""

from __future__ import annotations

from typing import Any

from emulators.control.base import ControlClient, given


class AlibabaControl(ControlClient):
    def reset(
        self,
        *,
        apps: dict[str, dict[str, Any]] | None = None,
        clock: float | None = None,
        buyer: str | None = None,
    ) -> None:
        """Forget everything; optionally other apps ({appKey: {secret, redirect_domain, denied}})."""
        self.post("reset", given(apps=apps, clock=clock, buyer=buyer))

    def grant(self, *, app_key: str | None = None, member: str | None = None) -> dict[str, str]:
        """Tokens as if the buyer had authorized the app: access_token, refresh_token, expires_in ..."""
        return dict(self.post("tokens", given(app_key=app_key, member=member)))

    def create_order(self, **spec: Any) -> dict[str, Any]:
        """A purchase order (items, receiver, buyer, status, age_seconds ...): order_id, sub_item_ids."""
        return dict(self.post("orders", spec))

    def act(self, order_id: str, action: str, **spec: Any) -> dict[str, Any]:
        """pay, ship, trace, change_number, confirm, success, close, refund (README)."""
        return dict(self.post(f"orders/{order_id}/{action}", spec))

    def ship(self, order_id: str, **spec: Any) -> str:
        """One parcel (items, bill_no, company, type): its logistics id."""
        return str(self.act(order_id, "ship", **spec)["logistics_id"])

    def orders(self) -> list[dict[str, Any]]:
        return list(self.get("orders")["orders"])

    def orders_by_id(self) -> dict[str, dict[str, Any]]:
        return {str(o["order_id"]): o for o in self.orders()}

    def set_scenario(self, **knobs: Any) -> dict[str, Any]:
        return dict(self.post("scenario", knobs)["scenario"])

    def advance_clock(self, seconds: float) -> float:
        return float(self.post("clock", {"advance": seconds})["clock"])

    def clock(self) -> float:
        return float(self.get("clock")["clock"])

    def calls(self) -> list[dict[str, Any]]:
        return list(self.get("calls")["calls"])

    def clear_calls(self) -> None:
        self.delete("calls")

    def set_push_url(self, url: str) -> None:
        self.post("push", {"url": url})

    def deliver_pushes(self) -> list[dict[str, Any]]:
        return list(self.post("push/deliver")["deliveries"])

    def push_log(self) -> list[dict[str, Any]]:
        return list(self.get("push/log")["deliveries"])

    def parked(self) -> list[dict[str, Any]]:
        return list(self.get("push/parked")["messages"])

    def sign_push(self, message: str, app_key: str | None = None) -> str:
        return str(self.post("push/sign", given(message=message, app_key=app_key))["signature"])
