"""The demo's clock, and the hook that gives it to the functions' tick (functions.deps.set_clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from demo.clock import DemoClock
from functions import deps as function_deps


def test_the_demo_clock_moves_forward_only() -> None:
    clock = DemoClock()
    before = clock.now()
    assert before.tzinfo is UTC
    after = clock.advance(81)
    assert timedelta(hours=81) <= after - before < timedelta(hours=81, minutes=1)
    assert clock.offset == timedelta(hours=81)
    with pytest.raises(ValueError):
        clock.advance(-1)
    assert clock.offset == timedelta(hours=81)


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    env = {
        "WAYBILL_WECHAT_APPID": "wx-demo",
        "WAYBILL_WECHAT_SECRET": "demo-secret",
        "WAYBILL_SHEETS_API_BASE": "http://127.0.0.1:9",
        "WAYBILL_SPREADSHEET_ID": "demo-sheet",
        "WAYBILL_SHEETS_ANONYMOUS": "1",
        "WAYBILL_JOURNAL_DIR": str(tmp_path / "journal"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    function_deps.reset()
    try:
        yield
    finally:
        function_deps.set_clock(None)


def test_the_tick_runs_on_the_clock_the_demo_gives(configured: None) -> None:
    clock = DemoClock()
    clock.advance(81)
    function_deps.set_clock(clock.now)
    assert function_deps.deps().clock() - datetime.now(UTC) > timedelta(hours=80)
    function_deps.set_clock(None)
    assert abs(function_deps.deps().clock() - datetime.now(UTC)) < timedelta(minutes=1)
