"""Invariant: Sheets API calls per tick are a small constant, whatever the number of rows.

Counted twice: by the product's own client and by the Sheets emulator's request log. Measured on a
tick that appends every row, and on one that rewrites every row (a day later, each countdown moved).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.world import World, emulators, world_on

SIZES = (10, 100, 1000)
BUDGET = 5
HOUSEKEEPING_READ = 1  # the 12-hourly tidy with nothing to move (shared/app/tick/tidy.py)


def _calls(w: World, at: datetime) -> tuple[int, int, int]:
    """(calls counted by the client, calls in the emulator's log, rows written) for one tick, the
    housekeeping's calls apart (it moves nothing here: at most its read of 日志's 时间 column)."""
    w.clear_sheets_log()
    report = w.tick(at)
    assert report.housekeeping_calls <= HOUSEKEEPING_READ, report.housekeeping_calls
    tick_calls = len(w.sheets_requests()) - report.housekeeping_calls
    return report.sheets_calls - report.housekeeping_calls, tick_calls, report.new_rows + report.rows_written


@pytest.mark.slow
def test_sheets_calls_per_tick_do_not_grow_with_the_rows(tmp_path: Path) -> None:
    appended: dict[int, tuple[int, int, int]] = {}
    rewritten: dict[int, tuple[int, int, int]] = {}
    with emulators() as emus:
        for size in SIZES:
            with world_on(emus, tmp_path / str(size)) as w:
                w.shop_control.create_orders(
                    size, products=[{"product_id": "1", "sku_id": "2", "sku_cnt": 1}], status=20
                )
                # An hour later the new orders are listed once; a day after that they have left the
                # listing window, so the second tick reads no order back and only rewrites rows.
                now = datetime.now(UTC) + timedelta(hours=1)
                appended[size] = _calls(w, now)
                rewritten[size] = _calls(w, now + timedelta(hours=25))
                assert len(w.records()) == size
    print(f"Sheets calls per tick (client, emulator log, rows): appended {appended}, rewritten {rewritten}")
    assert [appended[s][2] for s in SIZES] == list(SIZES)
    assert [rewritten[s][2] for s in SIZES] == list(SIZES)
    for counts in (appended, rewritten):
        calls = {(client, logged) for client, logged, _rows in counts.values()}
        assert len(calls) == 1, counts  # the same at every size
        ((client, logged),) = calls
        assert client == logged <= BUDGET
