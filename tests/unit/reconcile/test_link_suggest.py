"""The 1688 link suggestion (shared/reconcile/link_suggest.py): exactly one candidate both ways makes
a suggestion; ties, masked recipients, another day, other quantities, a linked or cancelled purchase
make none; the sentence is shown on a 待单号 row only, with no fill and no push."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from shared.domain.purchases import Purchase, beijing_day, contact_key, normal_mobile, normal_name
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.link_suggest import (
    SUGGESTED,
    LinkHint,
    ShopSide,
    hint_text,
    suggest_links,
    with_link_hints,
)
from shared.reconcile.plan import Plan, RowDecision

DAY = date(2026, 12, 5)
ZHANG = contact_key("张三", "13812345678")
LI = contact_key("李四", "13987654321")


def shop(
    order_id: str = "S1", contact: str = ZHANG, quantities: tuple[int, ...] = (1,), day: date = DAY
) -> ShopSide:
    return ShopSide(order_id, "义乌", day, contact, quantities)


def bought(no: str = "3400000000000000001", contact: str = ZHANG, **kw: object) -> Purchase:
    values: dict[str, object] = {"placed_on": DAY, "contact": contact, "quantities": (1,)}
    values.update(kw)
    return Purchase("义乌", no, **values)  # type: ignore[arg-type]


def test_one_candidate_both_ways_is_suggested() -> None:
    hints = suggest_links([shop(), shop("S2", LI)], [bought(), bought("3400000000000000002", LI)], ())
    assert hints == {
        "S1": LinkHint("S1", "义乌", "3400000000000000001"),
        "S2": LinkHint("S2", "义乌", "3400000000000000002"),
    }


def test_two_purchases_for_one_order_suggest_nothing_and_say_so() -> None:
    hints = suggest_links([shop()], [bought(), bought("3400000000000000002")], ())
    assert hints == {"S1": LinkHint("S1", "义乌", "", 2, 1)}
    assert "2 个 1688 订单" in hint_text(hints["S1"]).zh and "none is suggested" in hint_text(hints["S1"]).en


def test_two_shop_orders_to_the_same_recipient_the_same_day_get_no_suggestion() -> None:
    hints = suggest_links([shop("S1"), shop("S2")], [bought()], ())
    assert {h.order_no for h in hints.values()} == {""}
    assert set(hints) == {"S1", "S2"} and all(h.shop_orders == 2 for h in hints.values())
    assert "2 个同一天" in hint_text(hints["S1"]).zh


def test_no_match_on_another_day_other_quantities_other_supplier_or_recipient() -> None:
    purchases = [
        bought("1", placed_on=date(2026, 12, 4)),
        bought("2", quantities=(2,)),
        bought("3", contact=LI),
        Purchase("别家", "4", DAY, ZHANG, (1,)),
    ]
    assert suggest_links([shop()], purchases, ()) == {}


def test_a_linked_or_cancelled_purchase_is_never_suggested() -> None:
    assert suggest_links([shop()], [bought()], ["3400000000000000001 "]) == {}
    assert suggest_links([shop()], [bought(closed=True)], ()) == {}
    # The linked one is out of the running, so the other one is the only candidate.
    hints = suggest_links([shop()], [bought(), bought("3400000000000000002")], ["3400000000000000002"])
    assert hints["S1"].order_no == "3400000000000000001"


def test_masked_or_virtual_recipients_never_match() -> None:
    assert contact_key("张**", "13812345678") == ""
    assert contact_key("张三", "138****5678") == ""
    assert contact_key("张三", "17012345678-1234") == ""  # a platform virtual number with extension
    assert contact_key("张三", "010-12345678") == ""  # a landline
    assert suggest_links([shop(contact="")], [bought(contact="")], ()) == {}


def test_normalising_spaces_widths_and_country_code() -> None:
    assert normal_mobile("+86 138 1234 5678") == "13812345678"
    assert normal_mobile("０08613812345678") == "13812345678"
    assert normal_mobile("138-1234-5678") == "13812345678"
    assert normal_name(" 张 三 ") == "张三"
    assert contact_key("张 三", "+8613812345678") == ZHANG


def test_the_day_is_beijings() -> None:
    assert beijing_day(datetime(2026, 12, 4, 16, 30, tzinfo=UTC)) == date(2026, 12, 5)
    assert beijing_day(datetime(2026, 12, 4, 15, 59, tzinfo=UTC)) == date(2026, 12, 4)


contacts = st.sampled_from([ZHANG, LI, ""])
quantities = st.sampled_from([(1,), (2,), (1, 1)])
days = st.sampled_from([DAY, date(2026, 12, 4)])


@given(
    st.lists(st.tuples(contacts, quantities, days), max_size=5),
    st.lists(st.tuples(contacts, quantities, days, st.booleans()), max_size=5),
)
def test_a_suggestion_is_always_unique_both_ways(
    shops: list[tuple[str, tuple[int, ...], date]], buys: list[tuple[str, tuple[int, ...], date, bool]]
) -> None:
    sides = [shop(f"S{i}", c, q, d) for i, (c, q, d) in enumerate(shops)]
    purchases = [
        bought(f"34{i:017d}", c, quantities=q, placed_on=d, closed=x) for i, (c, q, d, x) in enumerate(buys)
    ]
    hints = suggest_links(sides, purchases, ())
    suggested = [h.order_no for h in hints.values() if h.suggested]
    assert len(suggested) == len(set(suggested))  # never the same purchase twice
    for order_id, hint in hints.items():
        side = next(s for s in sides if s.order_id == order_id)
        fitting = [
            p
            for p in purchases
            if not p.closed
            and side.contact
            and (p.contact, p.quantities, p.placed_on) == (side.contact, side.quantities, side.paid_on)
        ]
        assert fitting  # a hint only for an order with a candidate
        if hint.suggested:
            (only,) = fitting
            assert only.order_no == hint.order_no
            rivals = [
                s
                for s in sides
                if (s.contact, s.quantities, s.paid_on) == (side.contact, side.quantities, side.paid_on)
            ]
            assert len(rivals) == 1
    # Swapping the order of the inputs changes nothing.
    assert suggest_links(sides[::-1], purchases[::-1], ()) == hints


def _row(order_id: str = "S1", supplier_no: str = "", tracking: str = "") -> SheetRow:
    return SheetRow(
        row=2, order_id=order_id, supplier="义乌", supplier_order_no=supplier_no, tracking_cell=tracking
    )


WAITING = Bilingual(
    "已向供应商下单，等待快递单号。", "Ordered from the supplier; waiting for the tracking number."
)


def test_the_hint_joins_the_message_of_a_waiting_row_and_is_noted_once() -> None:
    plan = Plan(decisions=(RowDecision("S1", 2, RowState.AWAITING_TRACKING, None, WAITING),))
    hint = LinkHint("S1", "义乌", "3400000000000000001")
    shown = with_link_hints(plan, [_row()], {"S1": hint}, new={"S1"})
    message = shown.decisions[0].message
    assert message.zh.startswith("建议关联 1688 订单 3400000000000000001") and "等待快递单号" in message.zh
    assert "Suggested 1688 order 3400000000000000001" in message.en
    assert [(a.action, a.new) for a in shown.audits] == [(SUGGESTED, "3400000000000000001")]
    assert shown.fills == () and shown.pushes == ()
    again = with_link_hints(plan, [_row()], {"S1": hint}, new=())
    assert again.decisions == shown.decisions and again.audits == ()


def test_no_hint_once_the_operator_typed_a_number_or_on_another_state() -> None:
    hint = {"S1": LinkHint("S1", "义乌", "3400000000000000001")}
    plan = Plan(decisions=(RowDecision("S1", 2, RowState.AWAITING_TRACKING, None, WAITING),))
    assert with_link_hints(plan, [_row(supplier_no="3400000000000000001")], hint, {"S1"}) == plan
    assert with_link_hints(plan, [_row(tracking="73100000000021")], hint, {"S1"}) == plan
    shipped = Plan(decisions=(RowDecision("S1", 2, RowState.SHIPPED, None, WAITING),))
    assert with_link_hints(shipped, [_row()], hint, {"S1"}) == shipped
