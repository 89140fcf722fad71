"""Retry-After in both forms (RFC 9110, section 10.2.3), with the wall clock passed in."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.retry import parse_retry_after

NOW = 1_795_665_600.0  # Wed, 26 Nov 2026 04:00:00 GMT


@pytest.mark.parametrize(
    ("value", "now", "seconds"),
    [
        ("12", NOW, 12.0),
        (" 12 ", 0.0, 12.0),
        ("0", NOW, 0.0),
        ("1.5", NOW, 1.5),
        ("Wed, 26 Nov 2026 04:00:30 GMT", NOW, 30.0),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 40.0, 60.0),
        ("Wed, 26 Nov 2026 03:00:00 GMT", NOW, 0.0),  # already past: go now
        ("Wednesday, 26-Nov-26 04:00:05 GMT", NOW, 5.0),  # the obsolete RFC 850 form
        ("Wed Nov 26 04:00:07 2026", NOW, 7.0),  # the obsolete asctime form
    ],
)
def test_both_forms(value: str, now: float, seconds: float) -> None:
    assert parse_retry_after(value, now) == seconds


@pytest.mark.parametrize(
    "value", [None, "", "   ", "soon", "-5", "²", "１２", "12 s", "Wed, 99 Nov 2026 04:00 GMT"]
)
def test_absent_or_unreadable_is_none(value: str | None) -> None:
    assert parse_retry_after(value, NOW) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_delta_seconds_read_back_exactly(seconds: int) -> None:
    assert parse_retry_after(str(seconds), NOW) == float(seconds)


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
    now=st.floats(min_value=0.0, max_value=4e9),
)
def test_an_http_date_is_the_seconds_from_now_to_it(when: datetime, now: float) -> None:
    expected = max(0.0, (when - datetime.fromtimestamp(now, UTC)).total_seconds())
    assert parse_retry_after(format_datetime(when, usegmt=True), now) == pytest.approx(expected, abs=1e-6)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60), st.floats(min_value=-1e10, max_value=1e11))
def test_any_text_gives_none_or_a_wait_and_never_raises(value: str, now: float) -> None:
    seconds = parse_retry_after(value, now)
    assert seconds is None or seconds >= 0.0


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**6))
def test_a_later_date_never_means_a_shorter_wait(later_by: int) -> None:
    at = datetime.fromtimestamp(NOW, UTC) + timedelta(seconds=10)
    first = parse_retry_after(format_datetime(at, usegmt=True), NOW)
    second = parse_retry_after(format_datetime(at + timedelta(seconds=later_by), usegmt=True), NOW)
    assert first is not None and second is not None and second - first == later_by
    assert not math.isnan(second)
