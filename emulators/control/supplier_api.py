"""``SupplierControl``: the supplier-API emulator's control API (emulators/supplier_api/README.md)."""

from __future__ import annotations

from typing import Any

from emulators.control.base import ControlClient, given


class SupplierControl(ControlClient):
    def reset(
        self,
        *,
        tokens: list[str] | None = None,
        apps: dict[str, str] | None = None,
        clock: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Forget everything; optionally new bearer tokens, signing apps, clock and seed."""
        self.post("reset", given(tokens=tokens, apps=apps, clock=clock, seed=seed))

    def seed(self, *orders: dict[str, Any]) -> list[str]:
        """Add order specs (all or nothing): their order numbers."""
        return [str(n) for n in self.post("orders", {"orders": list(orders)})["order_nos"]]

    def generate(self, **spec: Any) -> list[str]:
        """Many orders with random trouble (``count``, ``seed``, rates; README): their numbers."""
        return [str(n) for n in self.post("orders/generate", spec)["order_nos"]]

    def orders(self) -> list[dict[str, Any]]:
        """Every order as the supplier's API shows it now."""
        return list(self.get("orders")["orders"])

    def scenario(self) -> dict[str, Any]:
        return dict(self.get("scenario")["scenario"])

    def set_scenario(self, **knobs: Any) -> dict[str, Any]:
        """Merge misbehaviour knobs (``fail_next``, ``latency_ms``, ``auth_fail``, ...); all of them back."""
        return dict(self.post("scenario", knobs)["scenario"])

    def clock(self) -> float:
        return float(self.get("clock")["clock"])

    def advance_clock(self, seconds: float) -> float:
        return float(self.post("clock", {"advance": seconds})["clock"])

    def set_clock(self, epoch: float) -> float:
        return float(self.post("clock", {"set": epoch})["clock"])

    def calls(self) -> list[dict[str, Any]]:
        """The supplier API's call log: params, auth mode, status, clock."""
        return list(self.get("calls")["calls"])

    def clear_calls(self) -> None:
        self.delete("calls")
