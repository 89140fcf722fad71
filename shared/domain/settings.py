"""Operator settings that change decisions (from the 设置 tab), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``auto_push``: push validated numbers without a click. ``urgent_hours``: a row awaiting
    tracking turns urgent this many hours before the ship-by deadline. ``edit_budget``: corrections
    the platform allows per order (the reference assumes 3; 606041 is handled at any count)."""

    auto_push: bool = True
    urgent_hours: float = 12.0
    edit_budget: int = 3
