"""Order-list windows and request bodies (pure)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.wechat.orders import (
    MAX_WINDOW_SECONDS,
    SearchCondition,
    list_body,
    search_body,
    split_windows,
    unique,
    with_next_key,
)

WEEK = 7 * 86_400


def test_short_range_is_one_window() -> None:
    assert split_windows(1000, 5000) == [(1000, 5000)]


def test_thirty_days_need_five_windows_each_at_most_seven_days() -> None:
    windows = split_windows(0, 30 * 86_400)
    assert len(windows) == 5
    assert all(hi - lo <= WEEK for lo, hi in windows)
    assert windows[0][0] == 0 and windows[-1][1] == 30 * 86_400


def test_exactly_seven_days_is_split_because_we_stay_one_second_under() -> None:
    assert split_windows(0, WEEK) == [(0, WEEK - 1), (WEEK - 1, WEEK)]


def test_empty_span_and_bad_input() -> None:
    assert split_windows(7, 7) == [(7, 7)]
    with pytest.raises(ValueError):
        split_windows(10, 9)


@given(st.integers(0, 2**31), st.integers(0, 400 * 86_400), st.integers(3600, WEEK))
def test_windows_cover_the_range_contiguously(start: int, length: int, span: int) -> None:
    windows = split_windows(start, start + length, span)
    assert windows[0][0] == start
    assert windows[-1][1] == start + length
    for (_lo, hi), (next_lo, _) in itertools.pairwise(windows):
        assert hi == next_lo  # shared boundary second: nothing on a boundary is missed
    assert all(0 <= hi - lo <= span for lo, hi in windows)


def test_list_body_first_page_omits_next_key_and_later_pages_change_only_it() -> None:
    first = list_body("update", (10, 20), status=20, page_size=50)
    assert first == {"update_time_range": {"start_time": 10, "end_time": 20}, "status": 20, "page_size": 50}
    second = with_next_key(first, "abc")
    assert {k: v for k, v in second.items() if k != "next_key"} == first
    assert second["next_key"] == "abc"
    assert "create_time_range" in list_body("create", (1, 2))
    with pytest.raises(ValueError):
        list_body("update", (1, 2), page_size=101)


def test_search_body_requires_a_condition_and_sends_empty_next_key() -> None:
    body = search_body(SearchCondition(title="杯子"), page_size=10)
    assert body == {"search_condition": {"title": "杯子"}, "page_size": 10, "next_key": ""}
    with pytest.raises(ValueError):
        search_body(SearchCondition())


def test_unique_keeps_first_seen_order() -> None:
    assert unique(["3", "1", "3", "2", "1"]) == ["3", "1", "2"]


def test_window_constant_is_under_seven_days() -> None:
    assert MAX_WINDOW_SECONDS < WEEK
