"""The exception drafts for each kind (shared/reconcile/drafts.py): what the supplier needs and never
the buyer's address; what the buyer is told and when they hear next."""

from __future__ import annotations

import pytest

from shared.reconcile.drafts import ParcelFacts, drafts
from shared.reconcile.scorecard import ExceptionKind

PARCEL = ParcelFacts(
    "3703479403046872144", "XD11260042", "中通快递", "73100029384756", "加厚保温杯 500ml × 1", "张**"
)
# what the buyer's full recipient holds, which must never reach a supplier
ADDRESS_PARTS = ("科技园路", "13812345678", "张伟", "深圳市")

ASKS = {
    ExceptionKind.NO_PICKUP: ("揽收", "交给快递"),
    ExceptionKind.STALLED: ("没有更新", "位置"),
    ExceptionKind.RETURNED: ("退回", "重新发货"),
    ExceptionKind.REFUSED: ("拒收", "拦截"),
}
TOLD = {
    ExceptionKind.NO_PICKUP: "还没有被快递揽收",
    ExceptionKind.STALLED: "暂时没有新的物流信息",
    ExceptionKind.RETURNED: "被快递退回",
    ExceptionKind.REFUSED: "被拒收",
}


@pytest.mark.parametrize("kind", list(ExceptionKind))
def test_the_supplier_gets_the_parcel_details_and_what_to_check(kind: ExceptionKind) -> None:
    text = drafts(kind, PARCEL).to_supplier
    for detail in (
        PARCEL.order_id,
        PARCEL.supplier_order_no,
        "中通快递 73100029384756",
        "加厚保温杯",
        "张**",
    ):
        assert detail in text
    assert all(word in text for word in ASKS[kind])
    assert not any(part in text for part in ADDRESS_PARTS)


@pytest.mark.parametrize("kind", list(ExceptionKind))
def test_the_buyer_hears_what_happened_what_is_done_and_when(kind: ExceptionKind) -> None:
    text = drafts(kind, PARCEL, next_hours=12).to_buyer
    assert TOLD[kind] in text
    assert "73100029384756" in text and "12 小时内" in text
    assert PARCEL.supplier_order_no not in text  # the supplier's order stays between shop and supplier


def test_each_kind_has_its_own_drafts() -> None:
    made = {kind: drafts(kind, PARCEL) for kind in ExceptionKind}
    assert len({d.to_supplier for d in made.values()}) == len(made)
    assert len({d.to_buyer for d in made.values()}) == len(made)


def test_without_a_supplier_order_number_the_line_is_left_out() -> None:
    bare = ParcelFacts("1", "", "顺丰速运", "SF6026131434978", "")
    text = drafts(ExceptionKind.STALLED, bare).to_supplier
    assert "贵方订单号" not in text and "商品" not in text and "收件人" not in text
