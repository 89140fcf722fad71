"""Operator settings that change decisions (from the 设置 tab), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``auto_push``: push validated numbers without a click. ``urgent_hours``: a row awaiting
    tracking turns urgent this many hours before the ship-by deadline. ``edit_budget``: corrections
    the platform allows per order (3 assumed, docs/platforms/wechat-shop.md#correcting; 606041 at any count).
    ``supplier_couriers``: (supplier name, our courier code) from the 供应商 tab's 默认快递 column, used
    for a bare number on that supplier's row (see ``default_courier``). ``confirmed``: the rows were
    chosen by a person with the menu's 推送所选行, which confirms what waits for a person (a number
    that is also on another recipient's order)."""

    auto_push: bool = True
    urgent_hours: float = 12.0
    edit_budget: int = 3
    supplier_couriers: tuple[tuple[str, str], ...] = ()
    confirmed: bool = False  # a person asked for these rows to be pushed (menu 推送所选行)

    def default_courier(self, supplier: str) -> str | None:
        """Our code for the courier ``supplier`` usually ships with, if the 供应商 tab names one."""
        name = supplier.strip()
        return next((code for who, code in self.supplier_couriers if who == name), None) if name else None
