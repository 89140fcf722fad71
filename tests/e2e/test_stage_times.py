"""A pass reports how long each of its stages took (``stage_s``, logged with the pass): which stage a
slow tick spent its time in, in production logs and in the year benchmark's table."""

from __future__ import annotations

import time
from dataclasses import replace
from itertools import count
from pathlib import Path

from shared.app.tick import TickDeps, refresh, run_tick
from tests.e2e.world import world


def _deps(w, timer) -> TickDeps:  # type: ignore[no-untyped-def]
    return TickDeps(w.gateway, w.shop, w.journal, w.feed, clock=w.now, timer=timer)


def test_a_tick_reports_each_stage_in_order_on_the_clock_it_is_given(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.create_order()
        ticks = count()  # a clock that moves one second per reading
        report = run_tick(_deps(w, lambda: float(next(ticks))))
        assert report.skipped is None
        assert report.stage_s == {
            "read": 1.0,
            "gather": 1.0,
            "decide": 1.0,
            "act": 1.0,
            "write": 1.0,
            "remember": 1.0,
            "tidy": 1.0,
        }
        assert report.as_dict()["stage_s"] == report.stage_s


def test_a_targeted_pass_has_no_tidy_stage_and_real_times_add_up(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order = w.create_order()
        run_tick(_deps(w, lambda: 0.0))
        deps = replace(_deps(w, lambda: 0.0), timer=time.perf_counter)
        report = refresh(deps, order_ids=[order])
        assert list(report.stage_s) == ["read", "gather", "decide", "act", "write", "remember"]
        assert all(s >= 0 for s in report.stage_s.values())
