"""The 4 phone digits a courier checks, from the shop's order (issue 14): a virtual number's
extension, else the phone's last 4; never in the ShopOrder's repr (which logs may print)."""

from __future__ import annotations

import pytest

from shared.app.translate import phone_last4, shop_order
from shared.wechat.models import Address, AftersaleDetail, DeliveryInfo, Order


def _order(address: Address | None) -> Order:
    return Order("1", 20, 0, 0, (), DeliveryInfo(address=address), AftersaleDetail())


@pytest.mark.parametrize(
    ("address", "digits"),
    [
        (Address(tel_number="13800005678"), "5678"),
        (Address(tel_number="138****5678"), "5678"),  # masked by the platform: the tail is still real
        (Address(tel_number="17000001111", virtual_order_tel_number="17000001111-8642"), "8642"),
        (Address(tel_number="12"), ""),
        (None, ""),
    ],
)
def test_the_digits_a_courier_checks(address: Address | None, digits: str) -> None:
    assert phone_last4(_order(address)) == digits


def test_the_digits_stay_out_of_the_repr_and_the_masked_recipient() -> None:
    order = shop_order(
        _order(Address(user_name="张三", tel_number="17000001111", virtual_order_tel_number="x-8642"))
    )
    assert order.phone_last4 == "8642"
    assert "8642" not in repr(order) and "8642" not in order.recipient
