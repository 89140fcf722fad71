"""The 设置 numbers: what a person may type is read within each setting's range or refused (the default
kept and the row noted), never turned into a duration no clock can hold."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.logistics import WatchSettings
from shared.sheets.layout import build_table
from shared.sheets.workspace_settings import (
    ABOVE_LOW,
    NOTE_MARK,
    NUMBER_RANGES,
    WorkspaceSettings,
    parse_settings,
    setting_notes,
    settings_layout,
)
from sheet_templates.workspace import SETTINGS_ROWS

HEADER = ["键", "设置项", "值", "说明"]
PLAIN = {s.key: s.description for s in SETTINGS_ROWS}


def _parse(key: str, value: str) -> WorkspaceSettings:
    return parse_settings(build_table(settings_layout(), [HEADER, [key, "", value, ""]]))


@pytest.mark.parametrize(
    ("typed", "read"),
    [("0", 0.0), ("45", 45.0), ("3650", 3650.0), ("７.５", 7.5), (" 12 ", 12.0), ("1e3", 1000.0)],
)
def test_numbers_within_the_range_are_read(typed: str, read: float) -> None:
    parsed = _parse("archive_after_days", typed)
    assert parsed.archive_after_days == read and parsed.problems == ()


@pytest.mark.parametrize("typed", ["1e9", "3651", "inf", "-inf", "nan", "-1", "三十", "30天", "1" * 41])
def test_anything_else_keeps_the_default_and_is_a_problem(typed: str) -> None:
    parsed = _parse("archive_after_days", typed)
    assert parsed.archive_after_days == 30.0 and parsed.problems == ("archive_after_days",)


@given(key=st.sampled_from(sorted(NUMBER_RANGES)), typed=st.text(max_size=60))
def test_every_number_read_is_within_its_range_and_a_duration(key: str, typed: str) -> None:
    parsed = _parse(key, typed)
    low, high = NUMBER_RANGES[key]
    value = getattr(parsed, key)
    assert math.isfinite(value) and low <= value <= high
    assert key not in ABOVE_LOW or value > low
    # what the tick builds of it: a time that far back exists (days or hours alike)
    assert datetime(2026, 1, 1, tzinfo=UTC) - timedelta(days=value) < datetime(2026, 1, 2, tzinfo=UTC)


def _table(rows: list[list[str]]):  # type: ignore[no-untyped-def]
    return build_table(settings_layout(), [HEADER, *rows])


def test_a_refused_value_gets_a_note_before_its_description_in_the_sheet_language() -> None:
    table = _table(
        [["log_keep_rows", "", "9999999", PLAIN["log_keep_rows"].zh], ["auto_push", "", "maybe", ""]]
    )
    notes = {key: (row, text) for key, row, text in setting_notes(table, parse_settings(table), "zh")}
    assert notes["log_keep_rows"] == (
        2,
        "⚠ “9999999”无法使用（须为 0–500000 的数字），现按默认值 50000 执行。\n" + PLAIN["log_keep_rows"].zh,
    )
    assert notes["auto_push"][1].startswith("⚠ “maybe”无法使用（须为“开”或“关”），现按默认值 关 执行。")
    english = _table([["stall_days", "", "x" * 30, ""]])
    ((_, _, text),) = setting_notes(english, parse_settings(english), "en")
    assert text == (
        f"⚠ '{'x' * 20}…' cannot be used (it must be a number from 0.34 to 120); the default 3 applies.\n"
        + PLAIN["stall_days"].en
    )


def test_a_note_is_cleared_once_the_value_is_good_and_written_once() -> None:
    noted = NOTE_MARK + "“1e9”无法使用…\n" + PLAIN["archive_after_days"].zh
    fixed = _table([["archive_after_days", "", "20", noted]])
    assert setting_notes(fixed, parse_settings(fixed), "zh") == [
        ("archive_after_days", 2, PLAIN["archive_after_days"].zh)
    ]
    shown = _table([["archive_after_days", "", "20", PLAIN["archive_after_days"].zh]])
    assert setting_notes(shown, parse_settings(shown), "zh") == []
    still = _table([["archive_after_days", "", "1e9", noted]])
    (note,) = setting_notes(still, parse_settings(still), "zh")
    again = _table([["archive_after_days", "", "1e9", note[2]]])
    assert setting_notes(again, parse_settings(again), "zh") == []  # shown: nothing to write


def test_rows_that_are_not_numbers_of_this_tab_are_never_noted() -> None:
    table = _table(
        [
            ["lookup", "", "../x", "an answer"],
            ["archive_spreadsheets", "", "not an id", ""],  # alerted on 异常 instead
            ["stall_warn_hours", "", "12", "our own words"],
            ["stall_days", "", "4", "our own words"],
        ]
    )
    assert setting_notes(table, parse_settings(table), "zh") == []


@pytest.mark.parametrize(
    ("key", "typed", "accepted"),
    [
        ("stall_warn_hours", "2", " 8–2880 "),  # would flag the provider's polling gaps, not stalls
        ("last_mile_stall_hours", "0", " 8–2880 "),
        ("overdue_hours", "3000", "大于 0、不超过 2880 "),
        ("no_pickup_warn_hours", "abc", "大于 0、不超过 2880 "),
        ("stall_days", "0.3", " 0.34–120 "),  # 7.2 h (was the default, silently)
        ("pickup_days", "0", "大于 0、不超过 120 "),  # 0 h: no threshold the watch can use
    ],
)
def test_the_logistics_thresholds_out_of_range_are_noted_too(key: str, typed: str, accepted: str) -> None:
    table = _table([[key, "", typed, PLAIN[key].zh]])
    parsed = parse_settings(table)
    default = next(s.default.zh for s in SETTINGS_ROWS if s.key == key)
    assert parsed.problems == (key,) and getattr(parsed, key) == float(default)
    ((_, _, text),) = setting_notes(table, parsed, "zh")
    note = f"⚠ “{typed}”无法使用（须为{accepted}的数字），现按默认值 {default} 执行。\n"
    assert text == note + PLAIN[key].zh


def test_every_number_default_is_the_templates_and_the_watchs() -> None:
    """One default per setting: the typed settings, the template the tab is filled from, and the
    logistics watch's own (a drift would show one value on the tab and apply another)."""
    typed = WorkspaceSettings()
    for setting in SETTINGS_ROWS:
        if setting.key in NUMBER_RANGES:
            assert getattr(typed, setting.key) == float(setting.default.zh) == float(setting.default.en)
    watch = WatchSettings()
    for name in ("no_pickup_warn_hours", "stall_warn_hours", "last_mile_stall_hours"):
        assert getattr(typed, name) == getattr(watch, name)
    assert (typed.overdue_warn_hours, typed.overdue_hours) == (watch.overdue_warn_hours, watch.overdue_hours)
    assert (typed.pickup_days * 24, typed.stall_days * 24) == (watch.no_pickup_hours, watch.stall_hours)
