"""``python -m shared.cli find``: what is no order id nor tracking number, and a history span out of
range, are refused with exit 2 before any connection (no credentials are needed to be told so)."""

from __future__ import annotations

import pytest

from tests.unit.cli.conftest import OfflineRun


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["find", "../../state/orders/facts"], "not an order id or a tracking number"),
        (["find", "9" * 5000], "not an order id or a tracking number"),
        (["find", "顺丰 SF6026131434978"], "not an order id or a tracking number"),
        (["find", "--days", "0", "3720000100000000001"], "must be 1–3660: 0"),
        (["find", "--days", "x", "3720000100000000001"], "not a whole number"),
    ],
)
def test_refused_before_connecting(argv: list[str], reason: str, offline_cli: OfflineRun) -> None:
    code, err = offline_cli(argv)
    assert code == 2
    assert reason in err and "credentials" not in err
