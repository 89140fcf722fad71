"""Reading the sheet's Beijing times: the fast path agrees with strptime on every input."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from shared.reconcile.deadline import BEIJING, SHEET_TIME_FORMAT, from_sheet_time, to_sheet_time


def _slow(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), SHEET_TIME_FORMAT).replace(tzinfo=BEIJING).astimezone(UTC)
    except ValueError:
        return None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_our_own_format_round_trips(moment: datetime) -> None:
    at = moment.replace(second=0, microsecond=0, tzinfo=UTC)
    assert from_sheet_time(to_sheet_time(at)) == at


@given(st.text(alphabet="0123456789-: ２x", min_size=14, max_size=18))
def test_the_fast_path_agrees_with_strptime(text: str) -> None:
    expected = _slow(text)
    if expected is not None:
        assert from_sheet_time(text) == expected


def test_other_layouts_and_nonsense() -> None:
    assert from_sheet_time("2026/11/27 18:00") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert from_sheet_time("2026-11-27 18:00:05") == datetime(2026, 11, 27, 10, 0, 5, tzinfo=UTC)
    assert from_sheet_time("2026-13-27 18:00") is None
    assert from_sheet_time("今天") is None
