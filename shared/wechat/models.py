"""Typed, frozen views of the WeChat Shop objects the product uses, and their parsers.

Identifiers (order_id, product_id, sku_id, aftersale_order_id) are ``str`` holding the exact decimal digits;
amounts are integer fen; timestamps integer Unix seconds. Parsers accept the documented JSON
(docs/platforms/wechat-shop.md#order-detail, #courier-list) and raise
:class:`~shared.wechat.errors.ProtocolError` on a shape they cannot trust (a missing or non-integer id, a
non-integer quantity). Unknown extra fields are ignored, and so are the optional objects real orders carry
that the product has no use for (``settle_info``, ``coupon_info``, ``sharer_info``, ``source_infos``,
``commission_infos``, a package's ``delivery_address`` ...): present, empty, null or absent, they change
nothing. Where the sources disagree the parsers take either shape (an after-sale item's ``status``, the search
answer's list key); tests/golden/wechat holds fixtures with every field the SDK beans declare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.wechat.errors import ProtocolError
from shared.wechat.jsonexact import as_id

# Order status codes (docs/platforms/wechat-shop.md#order-status-codes).
UNPAID = 10
GIFT_PENDING = 12
GROUP_PENDING = 13
AWAITING_SHIPMENT = 20
PARTIALLY_SHIPPED = 21
SHIPPED = 30
COMPLETED = 100
CANCELLED_AFTERSALE = 200
CANCELLED = 250
SHIPPABLE_STATUSES = frozenset({AWAITING_SHIPMENT, PARTIALLY_SHIPPED})

DELIVER_TYPE_COURIER = 1


def _obj(value: object, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ProtocolError(None, f"{what} is not a JSON object")
    return value


def _list(value: object, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProtocolError(None, f"{what} is not a JSON array")
    return value


def _id(data: Mapping[str, Any], key: str, what: str) -> str:
    value = as_id(data.get(key))
    if value is None:
        raise ProtocolError(None, f"{what}.{key} is missing or not an integer id")
    return value


def _int(data: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(None, f"{key} is not an integer")
    return value


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    return _int(data, key) if data.get(key) is not None else None


def _opt_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, Mapping | list):
        return None
    return value if isinstance(value, str) else str(value)


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class OrderProduct:
    """One order line (``order_detail.product_infos[]``)."""

    product_id: str
    sku_id: str
    sku_cnt: int
    title: str = ""
    on_aftersale_sku_cnt: int = 0
    finish_aftersale_sku_cnt: int = 0
    sku_code: str = ""
    out_product_id: str = ""
    out_sku_id: str = ""
    sale_price: int = 0
    real_price: int = 0
    delivery_deadline: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.product_id, self.sku_id)


@dataclass(frozen=True)
class PackageItem:
    """Units of one SKU in a package (``product_infos[]`` of a shipment)."""

    product_id: str
    sku_id: str
    product_cnt: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.product_id, self.sku_id)


@dataclass(frozen=True)
class ShippedPackage:
    """A package already recorded on the order (``delivery_info.delivery_product_info[]``)."""

    delivery_id: str
    waybill_id: str
    items: tuple[PackageItem, ...]
    delivery_name: str = ""
    delivery_time: int | None = None
    deliver_type: int = DELIVER_TYPE_COURIER


@dataclass(frozen=True)
class Address:
    user_name: str = ""
    tel_number: str = ""
    province_name: str = ""
    city_name: str = ""
    county_name: str = ""
    detail_info: str = ""
    postal_code: str = ""
    house_number: str = ""
    virtual_order_tel_number: str = ""


@dataclass(frozen=True)
class DeliveryInfo:
    packages: tuple[ShippedPackage, ...] = ()
    ship_done_time: int | None = None
    deliver_method: int = 0
    # Personal data: kept out of repr so it does not end up in logs by accident.
    address: Address | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AftersaleRef:
    """An item of ``aftersale_detail.aftersale_order_list``. ``status`` is whatever the item says, as
    text: an integer in the older SDK beans, absent (None) since the field was withdrawn in 2025, a
    string in the event's enum. Informational only: whether an after-sale blocks shipping is read from
    the counts (``on_aftersale_order_cnt``, the lines' ``on_aftersale_sku_cnt``), never from it."""

    aftersale_order_id: str
    status: str | None = None


@dataclass(frozen=True)
class AftersaleDetail:
    on_aftersale_order_cnt: int = 0
    orders: tuple[AftersaleRef, ...] = ()


@dataclass(frozen=True)
class Order:
    """An order as returned by ``/channels/ec/order/get``."""

    order_id: str
    status: int
    create_time: int
    update_time: int
    products: tuple[OrderProduct, ...]
    delivery: DeliveryInfo
    aftersale: AftersaleDetail
    pay_time: int | None = None
    order_price: int | None = None
    openid: str = field(default="", repr=False)

    @property
    def has_open_aftersale(self) -> bool:
        """True when shipping would hit 108009: an after-sale is active on the order or on a line."""
        return self.aftersale.on_aftersale_order_cnt > 0 or any(
            p.on_aftersale_sku_cnt > 0 for p in self.products
        )


@dataclass(frozen=True)
class Courier:
    delivery_id: str
    delivery_name: str


@dataclass(frozen=True)
class OrderIdPage:
    order_ids: tuple[str, ...]
    next_key: str
    has_more: bool


def parse_product(data: Mapping[str, Any]) -> OrderProduct:
    return OrderProduct(
        product_id=_id(data, "product_id", "product_infos[]"),
        sku_id=_id(data, "sku_id", "product_infos[]"),
        sku_cnt=_int(data, "sku_cnt"),
        title=_str(data, "title"),
        on_aftersale_sku_cnt=_int(data, "on_aftersale_sku_cnt"),
        finish_aftersale_sku_cnt=_int(data, "finish_aftersale_sku_cnt"),
        sku_code=_str(data, "sku_code"),
        out_product_id=_str(data, "out_product_id"),
        out_sku_id=_str(data, "out_sku_id"),
        sale_price=_int(data, "sale_price"),
        real_price=_int(data, "real_price"),
        delivery_deadline=_opt_int(data, "delivery_deadline"),
    )


def parse_package_item(data: Mapping[str, Any]) -> PackageItem:
    return PackageItem(
        product_id=_id(data, "product_id", "package product_infos[]"),
        sku_id=_id(data, "sku_id", "package product_infos[]"),
        product_cnt=_int(data, "product_cnt"),
    )


def parse_package(data: Mapping[str, Any]) -> ShippedPackage:
    return ShippedPackage(
        delivery_id=_str(data, "delivery_id"),
        waybill_id=_str(data, "waybill_id"),
        items=tuple(
            parse_package_item(_obj(i, "product_infos[]")) for i in _list(data.get("product_infos"), "items")
        ),
        delivery_name=_str(data, "delivery_name"),
        delivery_time=_opt_int(data, "delivery_time"),
        deliver_type=_int(data, "deliver_type", DELIVER_TYPE_COURIER),
    )


def parse_address(data: Mapping[str, Any]) -> Address:
    return Address(
        user_name=_str(data, "user_name"),
        tel_number=_str(data, "tel_number"),
        province_name=_str(data, "province_name"),
        city_name=_str(data, "city_name"),
        county_name=_str(data, "county_name"),
        detail_info=_str(data, "detail_info"),
        postal_code=_str(data, "postal_code"),
        house_number=_str(data, "house_number"),
        virtual_order_tel_number=_str(data, "virtual_order_tel_number"),
    )


def parse_aftersale_ref(data: Mapping[str, Any]) -> AftersaleRef:
    return AftersaleRef(aftersale_order_id=_str(data, "aftersale_order_id"), status=_opt_text(data, "status"))


def parse_order(data: Mapping[str, Any]) -> Order:
    """Parse the ``order`` object of an order/get answer."""
    detail = _obj(data.get("order_detail"), "order_detail")
    delivery = _obj(detail.get("delivery_info"), "delivery_info")
    pay = _obj(detail.get("pay_info"), "pay_info")
    price = _obj(detail.get("price_info"), "price_info")
    aftersale = _obj(data.get("aftersale_detail"), "aftersale_detail")
    address = delivery.get("address_info")
    return Order(
        order_id=_id(data, "order_id", "order"),
        status=_int(data, "status"),
        create_time=_int(data, "create_time"),
        update_time=_int(data, "update_time"),
        products=tuple(
            parse_product(_obj(p, "product_infos[]"))
            for p in _list(detail.get("product_infos"), "product_infos")
        ),
        delivery=DeliveryInfo(
            packages=tuple(
                parse_package(_obj(p, "delivery_product_info[]"))
                for p in _list(delivery.get("delivery_product_info"), "delivery_product_info")
            ),
            ship_done_time=_opt_int(delivery, "ship_done_time") or None,
            deliver_method=_int(delivery, "deliver_method"),
            address=parse_address(_obj(address, "address_info")) if address is not None else None,
        ),
        aftersale=AftersaleDetail(
            on_aftersale_order_cnt=_int(aftersale, "on_aftersale_order_cnt"),
            orders=tuple(
                parse_aftersale_ref(_obj(a, "aftersale_order_list[]"))
                for a in _list(aftersale.get("aftersale_order_list"), "aftersale_order_list")
            ),
        ),
        pay_time=_opt_int(pay, "pay_time") or None,
        order_price=_opt_int(price, "order_price"),
        openid=_str(data, "openid"),
    )


def parse_couriers(data: Mapping[str, Any]) -> tuple[Courier, ...]:
    couriers = []
    for item in _list(data.get("company_list"), "company_list"):
        obj = _obj(item, "company_list[]")
        delivery_id = _str(obj, "delivery_id")
        if not delivery_id:
            raise ProtocolError(None, "company_list[].delivery_id is missing")
        couriers.append(Courier(delivery_id=delivery_id, delivery_name=_str(obj, "delivery_name")))
    return tuple(couriers)


def parse_id_page(data: Mapping[str, Any]) -> OrderIdPage:
    """A page of order/list/get or order/search. The ids are under ``order_id_list`` (the list page,
    WxJava, the search doc's table) or ``orders`` (the Go SDK's search answer): either is read."""
    key = "order_id_list" if data.get("order_id_list") is not None else "orders"
    ids = []
    for raw in _list(data.get(key), key):
        order_id = as_id(raw)
        if order_id is None:
            raise ProtocolError(None, f"{key} holds a non-integer id")
        ids.append(order_id)
    has_more = data.get("has_more", False)
    if not isinstance(has_more, bool):
        raise ProtocolError(None, "has_more is not a boolean")
    return OrderIdPage(order_ids=tuple(ids), next_key=_str(data, "next_key"), has_more=has_more)
