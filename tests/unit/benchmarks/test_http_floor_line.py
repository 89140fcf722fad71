"""benchmarks/http_floor.py's arithmetic and its printed line (the measurement itself is exercised
against the emulator in tests/e2e/test_year_simulation.py)."""

from __future__ import annotations

from benchmarks.http_floor import Floor, main_line


def test_the_floor_for_a_years_calls_is_calls_times_the_plain_cost() -> None:
    floor = Floor(calls=2000, plain_us=584.0, client_us=680.0)
    assert round(floor.seconds_for(1_079_940)) == 631
    assert round(floor.seconds_for(2_000_000)) == 1168


def test_the_line_names_both_costs_the_calls_and_the_seconds() -> None:
    line = main_line(Floor(calls=2000, plain_us=584.0, client_us=680.0), 1_079_940)
    assert "plain httpx 584 us" in line and "client 680 us" in line
    assert "1,079,940 shop API calls" in line and "= 631 s" in line
