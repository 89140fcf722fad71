"""What a supplier sheet is given to ship an order, from the WeChat order (app layer, pure)."""

from __future__ import annotations

from shared.app.supplier_sheets import supplier_order_details
from shared.suppliers.model import ShippedItem, SupplierOrder
from shared.wechat.models import Address, AftersaleDetail, DeliveryInfo, Order, OrderProduct

BASE = SupplierOrder("甲工厂", "PO-1", "3700", needs_tracking=True)


def wechat_order(address: Address | None) -> Order:
    return Order(
        order_id="3700",
        status=20,
        create_time=0,
        update_time=0,
        products=(
            OrderProduct("p1", "s1", 3, "蓝色T恤", finish_aftersale_sku_cnt=1, sku_code="TS-BLUE"),
            OrderProduct("p2", "s2", 1, "袜子", finish_aftersale_sku_cnt=1),
        ),
        delivery=DeliveryInfo(address=address),
        aftersale=AftersaleDetail(),
    )


def test_full_address_and_only_the_units_still_to_ship() -> None:
    address = Address(
        "李四", "13900001111", "浙江省", "杭州市", "西湖区", "文三路 8 号", house_number="2 单元"
    )
    got = supplier_order_details(BASE, wechat_order(address))
    assert got.items == (ShippedItem("TS-BLUE", "蓝色T恤", 2),)  # refunded units are not shipped
    assert (got.recipient_name, got.recipient_phone) == ("李四", "13900001111")
    assert got.recipient_address == "浙江省杭州市西湖区文三路 8 号2 单元"
    assert (got.supplier_id, got.supplier_order_no, got.shop_order_id) == ("甲工厂", "PO-1", "3700")


def test_a_virtual_number_is_used_when_the_real_one_is_hidden() -> None:
    got = supplier_order_details(
        BASE, wechat_order(Address("李四", "", virtual_order_tel_number="95013-1234"))
    )
    assert got.recipient_phone == "95013-1234"


def test_no_address_no_recipient() -> None:
    got = supplier_order_details(BASE, wechat_order(None))
    assert got.recipient_address is None and got.items
