"""Dotted paths, supplier times and tracking-number lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.suppliers.field_mapping import (
    PathError,
    format_time,
    get_path,
    parse_time,
    split_numbers,
    split_path,
    text,
)

RECORD = {"data": {"list": [{"no": "A"}, {"no": 7}]}, "flag": False}


def test_paths_walk_objects_and_list_indexes() -> None:
    assert get_path(RECORD, split_path("data.list.1.no")) == 7
    assert get_path(RECORD, split_path("data.list.2.no")) is None
    assert get_path(RECORD, split_path("data.missing")) is None
    assert get_path(RECORD, split_path("flag.deeper")) is None
    assert get_path(RECORD, split_path("data.list.x")) is None


@pytest.mark.parametrize("bad", ["", " ", "a..b", ".a", "a."])
def test_malformed_paths_are_refused(bad: str) -> None:
    with pytest.raises(PathError):
        split_path(bad)


def test_text_accepts_scalars_only() -> None:
    assert text(" GY1 ") == "GY1"
    assert text(37001) == "37001"
    assert text("  ") is None
    assert text(True) is None
    assert text({"a": 1}) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7312345678901,7512345678901", ["7312345678901", "7512345678901"]),
        (
            "SF1234567890123；SF1234567890124、YT1234567890123",
            ["SF1234567890123", "SF1234567890124", "YT1234567890123"],
        ),
        ("A1\nA2|A3", ["A1", "A2", "A3"]),
        (["A1", " A2 ", "", "A3,A4"], ["A1", "A2", "A3", "A4"]),
        ("", []),
        (None, []),
        (12345678901234, ["12345678901234"]),
    ],
)
def test_numbers_split_on_separators_or_come_as_a_list(value: object, expected: list[str]) -> None:
    assert split_numbers(value) == expected


def test_custom_separators() -> None:
    assert split_numbers("A1 A2,A3", " ") == ["A1", "A2,A3"]
    assert split_numbers("A1,A2", "") == ["A1,A2"]


AT = datetime(2026, 11, 26, 4, 0, 0, tzinfo=UTC)  # 12:00 in Beijing


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        ("2026-11-26 12:00:00", "beijing"),
        ("2026/11/26 12:00", "beijing"),
        ("2026-11-26 12:00:00", "auto"),
        (1795665600, "epoch_s"),
        ("1795665600", "auto"),
        (1795665600000, "epoch_ms"),
        (1795665600000, "auto"),
        ("2026-11-26T12:00:00+08:00", "iso"),
        ("2026-11-26T04:00:00Z", "auto"),
        ("2026-11-26T12:00:00", "iso"),
    ],
)
def test_supplier_times_become_utc(value: object, fmt: str) -> None:
    assert parse_time(value, fmt) == AT  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        ("yesterday", "auto"),
        ("2026-13-01 00:00:00", "beijing"),
        ("abc", "epoch_s"),
        (True, "auto"),
        ([1], "auto"),
    ],
)
def test_unreadable_times_raise_value_error(value: object, fmt: str) -> None:
    with pytest.raises(ValueError):
        parse_time(value, fmt)  # type: ignore[arg-type]


def test_empty_time_is_none() -> None:
    assert parse_time(None) is None
    assert parse_time("  ") is None


def test_since_is_written_in_the_suppliers_format() -> None:
    assert format_time(AT, "epoch_s") == "1795665600"
    assert format_time(AT, "epoch_ms") == "1795665600000"
    assert format_time(AT, "beijing") == "2026-11-26 12:00:00"
    assert format_time(AT, "iso") == "2026-11-26T04:00:00+00:00"
