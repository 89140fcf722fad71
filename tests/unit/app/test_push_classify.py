"""A failed push's reason and whether a later tick may retry it, from the adapter's error classes."""

from __future__ import annotations

from shared.app.pushes import classify
from shared.wechat.errors import ShipPlanError, error_for


def test_refusals_a_retry_cannot_change_are_not_retried() -> None:
    assert classify(error_for(606005, "invalid waybill")) == ("invalid_waybill", False)
    assert classify(error_for(606004, "invalid delivery id")) == ("invalid_courier", False)
    assert classify(ShipPlanError("empty_package", "package 1 has nothing to ship")) == (
        "too_many_numbers",
        False,
    )


def test_busy_limited_or_changed_orders_are_retried() -> None:
    assert classify(error_for(45011, "minute quota")) == ("temporary", True)
    assert classify(error_for(100003, "concurrent update")) == ("temporary", True)
    assert classify(error_for(109001, "already shipped")) == ("order_state", True)
    assert classify(error_for(40001, "token expired")) == ("access", True)
    assert classify(error_for(123456, "something new")) == ("platform", True)
