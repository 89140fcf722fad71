"""Thresholds of the logistics watch: the defaults, the coherence check, and the 设置 tab's rows."""

from __future__ import annotations

import pytest

from shared.app.tracking_watch import watch_settings
from shared.logistics import WatchSettings
from shared.sheets.layout import build_table
from shared.sheets.workspace_settings import settings_layout


def _tab(*rows: tuple[str, str]) -> WatchSettings:
    values: list[list[object]] = [
        ["键", "设置项", "值", "说明"],
        *([key, "", value, ""] for key, value in rows),
    ]
    return watch_settings(build_table(settings_layout(), values))


def test_defaults_follow_reference() -> None:
    s = WatchSettings().validated()
    assert (s.no_pickup_warn_hours, s.no_pickup_hours) == (24, 48)
    assert (s.stall_warn_hours, s.stall_hours, s.last_mile_stall_hours) == (48, 72, 36)
    assert s.overdue_hours == 15 * 24


def test_an_empty_tab_gives_the_defaults() -> None:
    assert _tab() == WatchSettings()


def test_tab_values_are_read_whatever_the_spacing() -> None:
    s = _tab(("pickup_days", "1.5"), ("stall_days", " 4 "), ("last_mile_stall_hours", "30"))
    assert (s.no_pickup_hours, s.stall_hours, s.last_mile_stall_hours) == (36, 96, 30)


def test_bad_values_keep_defaults() -> None:
    s = _tab(
        ("pickup_days", "abc"),
        ("stall_warn_hours", "2"),
        ("overdue_hours", "nan"),
        ("overdue_warn_hours", "-5"),
    )
    assert s == WatchSettings()


def test_warning_above_exception_is_refused() -> None:
    with pytest.raises(ValueError, match="no_pickup_warn_hours"):
        WatchSettings(no_pickup_warn_hours=60).validated()
    with pytest.raises(ValueError, match="stall_warn_hours must not exceed stall_hours"):
        WatchSettings(stall_warn_hours=100, stall_hours=80).validated()
    s = _tab(("no_pickup_warn_hours", "60"), ("pickup_days", "4"))
    assert (s.no_pickup_warn_hours, s.no_pickup_hours) == (60, 96)
