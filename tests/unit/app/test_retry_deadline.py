"""The retry deadline of an invocation, from its function's time limit (shared/app/wiring.py)."""

from __future__ import annotations

import pytest

from shared.app.config import AppConfig, ConfigError
from shared.app.wiring import invocation_deadline, retry_budget


@pytest.mark.parametrize(("limit", "budget"), [(540, 480.0), (300, 240.0), (120, 60.0), (60, 30.0), (2, 1.0)])
def test_waits_end_a_minute_before_the_limit_or_halfway_under_two_minutes(limit: int, budget: float) -> None:
    assert retry_budget(limit) == budget


def test_each_function_gets_its_own_deadline_from_the_moment_it_starts() -> None:
    clock = lambda: 1_000.0  # noqa: E731 - a monotonic reading
    config = AppConfig.from_env({"WAYBILL_SYNC_TIMEOUT": "540"})
    assert invocation_deadline(config, "sync", clock).at == 1_480.0
    assert invocation_deadline(config, "sync_now", clock).at == 1_480.0
    assert invocation_deadline(config, "refresh", clock).at == 1_060.0  # refresh: 120 s in infra


def test_the_sync_time_limit_is_a_setting_with_the_infra_default() -> None:
    assert AppConfig.from_env({}).sync_timeout == 300
    assert AppConfig.from_env({"WAYBILL_SYNC_TIMEOUT": " 180 "}).sync_timeout == 180
    with pytest.raises(ConfigError, match="WAYBILL_SYNC_TIMEOUT"):
        AppConfig.from_env({"WAYBILL_SYNC_TIMEOUT": "five minutes"})
