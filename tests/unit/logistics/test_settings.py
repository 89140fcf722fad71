"""Thresholds from the 设置 tab."""

from __future__ import annotations

import pytest

from shared.logistics import WatchSettings, settings_from_tab


def test_defaults_follow_reference() -> None:
    s = WatchSettings().validated()
    assert (s.no_pickup_warn_hours, s.no_pickup_hours) == (24, 48)
    assert (s.stall_warn_hours, s.stall_hours, s.last_mile_stall_hours) == (48, 72, 36)
    assert s.overdue_hours == 15 * 24


def test_tab_values_in_either_language() -> None:
    s, bad = settings_from_tab({"未揽收异常（小时）": "36", "Stalled: exception (hours)": " 96 "})
    assert bad == () and s.no_pickup_hours == 36 and s.stall_hours == 96


def test_bad_values_keep_defaults_and_are_reported() -> None:
    s, bad = settings_from_tab(
        {"未揽收异常（小时）": "abc", "物流停滞异常（小时）": "2", "在途过久异常（小时）": "nan"}
    )
    assert s == WatchSettings()
    assert set(bad) == {"未揽收异常（小时）", "物流停滞异常（小时）", "在途过久异常（小时）"}


def test_warning_above_exception_is_refused() -> None:
    with pytest.raises(ValueError, match="no_pickup_warn_hours"):
        WatchSettings(no_pickup_warn_hours=60).validated()
    s, _ = settings_from_tab({"未揽收提醒（小时）": "60", "未揽收异常（小时）": "96"})
    assert (s.no_pickup_warn_hours, s.no_pickup_hours) == (60, 96)
