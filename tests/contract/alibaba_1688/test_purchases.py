"""``AlibabaSource.recent_purchases`` against the 1688 emulator: the order list since a Beijing day,
with the receiver asked for, as neutral ``Purchase`` records; a masked or encrypted receiver gives no
contact (it never matches a shop order)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.domain.purchases import BEIJING, contact_key
from tests.contract.alibaba_1688.conftest import Rig


def test_the_purchases_since_a_day_carry_recipient_day_and_quantities(rig: Rig) -> None:
    old = rig.control.create_order(receiver={"name": "张三", "mobile": "13812345678"}, age_seconds=3 * 86400)
    fresh = rig.control.create_order(
        items=[{"name": "T恤", "quantity": 2}, {"name": "袜子", "quantity": 1}],
        receiver={"name": "张三", "mobile": "138 1234 5678"},
    )
    masked = rig.control.create_order(receiver={"name": "李*", "mobile": "139****4321"})
    now = datetime.fromtimestamp(rig.control.clock(), UTC)
    since = datetime.combine(
        (now - timedelta(days=1)).astimezone(BEIJING).date(), datetime.min.time(), BEIJING
    )
    rig.control.clear_calls()
    with rig.source() as source:
        found = {p.order_no: p for p in source.recent_purchases(since)}
    assert str(old["order_id"]) not in found
    bought = found[str(fresh["order_id"])]
    assert bought.contact == contact_key("张三", "13812345678") and bought.quantities == (1, 2)
    assert bought.placed_on == now.astimezone(BEIJING).date() and not bought.closed
    assert found[str(masked["order_id"])].contact == ""
    (call,) = [c for c in rig.control.calls() if c["api"].endswith("getBuyerOrderList")]
    assert call["params"]["needBuyerAddressAndPhone"] == "true"
    assert call["params"]["createStartTime"].endswith("000+0800")


def test_an_encrypted_receiver_is_not_compared(rig: Rig) -> None:
    made = rig.control.create_order(
        receiver={"name": "张三", "mobile": "13812345678"},
        encrypt_out={"outPlatformCode": "weixin", "outPlatformOrderNo": "3700000000000001"},
    )
    now = datetime.fromtimestamp(rig.control.clock(), UTC)
    with rig.source() as source:
        (bought,) = source.recent_purchases(now - timedelta(hours=1))
    assert bought.order_no == str(made["order_id"]) and bought.contact == ""
