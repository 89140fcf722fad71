"""``python -m shared.cli rebuild-log``: a date that is no date, a period that ends before it starts
and a tab name no sheet can hold are refused with exit 2 before any connection (before: a
traceback, or a rebuild of nothing)."""

from __future__ import annotations

import pytest

from tests.unit.cli.conftest import OfflineRun


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["rebuild-log", "--since", "2026-13-01"], "not a date (YYYY-MM-DD): '2026-13-01'"),
        (["rebuild-log", "--until", "yesterday"], "not a date (YYYY-MM-DD): 'yesterday'"),
        (["rebuild-log", "--since", "2026-12-01", "--until", "2026-11-01"], "--since must be before --until"),
        (["rebuild-log", "--since", "2026-12-01", "--until", "2026-12-01"], "--since must be before --until"),
        (["rebuild-log", "--into", "x" * 101], "a tab name is 1 to 100 characters"),
        (["rebuild-log", "--into", "日志\n旧"], "a tab name is 1 to 100 characters"),
        (["rebuild-log", "--into", "   "], "a tab name is 1 to 100 characters"),
    ],
)
def test_refused_before_connecting(argv: list[str], reason: str, offline_cli: OfflineRun) -> None:
    code, err = offline_cli(argv)
    assert code == 2
    assert reason in err and "credentials" not in err and "Traceback" not in err
