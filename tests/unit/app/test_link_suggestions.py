"""The app side of the 1688 link suggestions (shared/app/link_suggestions.py) with an in-memory
purchase lister: which rows wait for a link, a failed list keeping the previous hints and noting
nothing, a suggestion new only once; and the shop side's recipient (a virtual number: no contact)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from shared.app.link_suggestions import find_links
from shared.app.translate import recipient_contact, shop_order
from shared.domain.orders import OrderLine, ShopOrder, ShopStatus
from shared.domain.purchases import Purchase, beijing_day, contact_key
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.link_suggest import LinkHint
from shared.suppliers.errors import SupplierUnavailable
from shared.suppliers.model import SupplierBatch, SupplierOrder
from shared.wechat.models import parse_order

NOW = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)  # 12:00 in Beijing
PAID = NOW - timedelta(hours=2)
ZHANG = contact_key("张三", "13812345678")


class Lister:
    """A 1688 account as the tick sees it: its purchases, or a failing list."""

    def __init__(self, purchases: Sequence[Purchase] = (), fail: bool = False) -> None:
        self.purchases, self.fail, self.asked = list(purchases), fail, 0

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        return SupplierBatch()

    def recent_purchases(self, since: datetime) -> Sequence[Purchase]:
        self.asked += 1
        if self.fail:
            raise SupplierUnavailable("down", supplier_id="义乌")
        return [p for p in self.purchases if p.placed_on >= beijing_day(since)]


def _row(order_id: str = "S1", **kw: object) -> SheetRow:
    values: dict[str, object] = {
        "supplier": "义乌",
        "state": RowState.AWAITING_TRACKING,
        "paid_at": to_sheet_time(PAID),
    }
    values.update(kw)
    return SheetRow(row=2, order_id=order_id, **values)  # type: ignore[arg-type]


def _order(order_id: str = "S1", contact: str = ZHANG) -> ShopOrder:
    lines = (OrderLine("p", "s", "T恤", 1),)
    return ShopOrder(order_id, ShopStatus.AWAITING_SHIPMENT, PAID, None, lines, contact_key=contact)


PURCHASE = Purchase("义乌", "3400000000000000001", beijing_day(PAID), ZHANG, (1,))


def test_a_waiting_row_gets_its_suggestion_new_once() -> None:
    lister = Lister([PURCHASE])
    first = find_links([("义乌", lister)], [_row()], [_row()], {"S1": _order()}, dict, NOW, {})
    assert first.hints == {"S1": LinkHint("S1", "义乌", PURCHASE.order_no)} and first.new == {"S1"}
    again = find_links([("义乌", lister)], [_row()], [_row()], {"S1": _order()}, dict, NOW, first.hints)
    assert again.hints == first.hints and again.new == frozenset()


def test_rows_not_waiting_cost_no_call() -> None:
    lister = Lister([PURCHASE])
    rows = [
        _row(supplier_order_no="3400000000000000009"),
        _row("S2", tracking_cell="73100000000021"),
        _row("S3", supplier="别家"),
        _row("S4", paid_at=to_sheet_time(NOW - timedelta(days=8))),
        _row("S5", state=RowState.SHIPPED),
    ]
    found = find_links([("义乌", lister)], rows, rows, {}, dict, NOW, {})
    assert found.hints == {} and lister.asked == 0


def test_an_order_the_pass_did_not_read_is_read_for_the_matching() -> None:
    asked: list[set[str]] = []

    def read_more(ids: set[str]) -> dict[str, ShopOrder]:
        asked.append(ids)
        return {"S1": _order()}

    found = find_links([("义乌", Lister([PURCHASE]))], [_row()], [_row()], {}, read_more, NOW, {})
    assert asked == [{"S1"}] and found.hints["S1"].order_no == PURCHASE.order_no


def test_a_failed_list_keeps_the_previous_hints_and_notes_nothing() -> None:
    before = {"S1": LinkHint("S1", "义乌", PURCHASE.order_no)}
    found = find_links([("义乌", Lister(fail=True))], [_row()], [_row()], {"S1": _order()}, dict, NOW, before)
    assert found.hints == before and found.new == frozenset()
    assert len(found.problems) == 1 and "义乌" in found.problems[0]


def test_a_purchase_already_on_another_row_is_not_suggested() -> None:
    linked = _row("S9", supplier_order_no=PURCHASE.order_no)
    found = find_links(
        [("义乌", Lister([PURCHASE]))], [_row()], [_row(), linked], {"S1": _order()}, dict, NOW, {}
    )
    assert found.hints == {}


def _wechat(address: dict[str, str]) -> ShopOrder:
    return shop_order(
        parse_order(
            {
                "order_id": "3700000000000000001",
                "status": 20,
                "create_time": 1,
                "update_time": 1,
                "order_detail": {
                    "product_infos": [
                        {"product_id": "10001", "sku_id": "20001", "sku_cnt": 1, "title": "T恤"}
                    ],
                    "pay_info": {"pay_time": 1},
                    "delivery_info": {"address_info": address},
                },
            }
        )
    )


def test_the_shop_recipient_is_compared_only_without_a_virtual_number() -> None:
    plain = _wechat({"user_name": "张三", "tel_number": "13812345678"})
    assert plain.contact_key == ZHANG and "13812345678" not in repr(plain)
    virtual = _wechat(
        {"user_name": "张三", "tel_number": "13812345678", "virtual_order_tel_number": "17012345678-1234"}
    )
    assert virtual.contact_key == ""
    masked = _wechat({"user_name": "张**", "tel_number": "138****5678"})
    assert masked.contact_key == ""
    assert (
        recipient_contact(
            parse_order({"order_id": "3700000000000000002", "status": 20, "create_time": 1, "update_time": 1})
        )
        == ""
    )
