"""One record of a supplier's JSON answer -> shipment updates, or a SourceProblem saying why not (pure).

A record is refused whole (never half of a split order): a missing order reference, an unknown
status or courier, a number that fails validation. Records still waiting to ship give nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from shared.couriers import find, validate
from shared.domain.text import Bilingual
from shared.suppliers.field_mapping import get_path, parse_time, split_numbers, text
from shared.suppliers.http_config import HttpSupplierConfig, StatusTarget
from shared.suppliers.model import ShipmentUpdate, ShippedItem, SourceProblem
from shared.suppliers.text_bounds import (
    MAX_PACKAGES,
    MAX_REF_CHARS,
    MAX_TRACKING_CHARS,
    quoted,
    ref_too_long,
    too_many_packages,
)

Outcome = tuple[ShipmentUpdate, ...] | SourceProblem

SOURCE = "http_api"

MISSING_ORDER_REF = "missing_order_ref"
UNKNOWN_STATUS = "unknown_status"
MISSING_TRACKING = "missing_tracking"
UNKNOWN_COURIER = "unknown_courier"
BAD_ITEM = "bad_item"
NOT_AN_OBJECT = "not_an_object"
PAGE_LIMIT = "page_limit"
_MAX_QUANTITY_CHARS = 12  # a quantity is a few digits; longer text is not one


@dataclass(frozen=True, slots=True)
class Package:
    number: str
    courier_text: str | None


def problem(ref: str, code: str, zh: str, en: str) -> SourceProblem:
    return SourceProblem(source_ref=ref, code=code, message=Bilingual(zh, en))


def convert(
    config: HttpSupplierConfig, record: object, ref: str
) -> tuple[ShipmentUpdate, ...] | SourceProblem:
    """The updates one record gives (empty while it waits to ship), or the reason it is refused."""
    if not isinstance(record, dict):
        return problem(
            ref,
            NOT_AN_OBJECT,
            "供应商接口返回的这条记录不是一个对象，已跳过。",
            "This record from the supplier API is not a JSON object; skipped.",
        )
    order_no = _text_at(record, config.order_no_path)
    shop_order_id = _text_at(record, config.shop_order_id_path)
    if order_no is None and shop_order_id is None:
        return problem(
            ref,
            MISSING_ORDER_REF,
            "这条记录没有供应商订单号，也没有店铺订单号，无法对应到订单。请联系供应商补全。",
            "This record has neither a supplier order no. nor a shop order id, so it cannot be matched "
            "to an order. Ask the supplier to fill it in.",
        )
    for reference in (order_no, shop_order_id):
        if reference is not None and len(reference) > MAX_REF_CHARS:
            return ref_too_long(ref, len(reference))
    status = _status(config, record, ref)
    if isinstance(status, SourceProblem):
        return status
    oversized = _oversized_tracking(config, record, ref)
    if oversized is not None:
        return oversized
    packages = _packages(config, record)
    if len(packages) > MAX_PACKAGES:
        return too_many_packages(ref, len(packages), "个单号", "numbers")
    if status is None:
        status = "shipped" if packages else "pending"
    if status == "pending":
        return ()
    items = _items(config, record, ref)
    if isinstance(items, SourceProblem):
        return items
    shipped_at = _shipped_at(config, record)
    base = ShipmentUpdate(
        supplier_id=config.supplier_id,
        supplier_order_no=order_no,
        shop_order_id=shop_order_id,
        courier_text=_record_courier(config, record),
        courier=None,
        tracking_numbers=(),
        status=status,
        items=items,
        shipped_at=shipped_at,
        source=SOURCE,
        source_ref=ref,
    )
    if status != "shipped":
        courier = find(base.courier_text) if base.courier_text else None
        return (replace(base, courier=courier.code if courier else None),)
    if not packages:
        return problem(
            ref,
            MISSING_TRACKING,
            "供应商标记为已发货，但没有给出快递单号。请向供应商索取单号。",
            "The supplier marks this order as shipped but gives no tracking number. Ask the supplier for it.",
        )
    return _shipped(base, packages, ref)


def _shipped(
    base: ShipmentUpdate, packages: Sequence[Package], ref: str
) -> tuple[ShipmentUpdate, ...] | SourceProblem:
    # Group by courier: one update per courier, packages in the supplier's order, no repeats.
    groups: dict[str, tuple[str | None, list[str]]] = {}
    for package in packages:
        courier_text = package.courier_text or base.courier_text
        courier = find(courier_text) if courier_text else None
        if courier is None:
            shown = quoted(courier_text) if courier_text else None
            number = quoted(package.number)
            return problem(
                ref,
                UNKNOWN_COURIER,
                f"不认识快递公司「{shown or '（空）'}」（单号 {number}）。请在设置里核对快递公司名称。",
                f"Unknown courier '{shown or '(empty)'}' (tracking number {number}). "
                "Check the courier name in the settings.",
            )
        verdict = validate(courier.code, package.number)
        if not verdict.ok:
            assert verdict.problem is not None
            return problem(
                ref,
                verdict.problem.code,
                f"单号 {quoted(package.number)}：{verdict.problem.message.zh}",
                f"Tracking number {quoted(package.number)}: {verdict.problem.message.en}",
            )
        _, numbers = groups.setdefault(courier.code, (courier_text, []))
        if verdict.number not in numbers:
            numbers.append(verdict.number)
    return tuple(
        replace(base, courier=code, courier_text=courier_text, tracking_numbers=tuple(numbers))
        for code, (courier_text, numbers) in groups.items()
    )


def _text_at(record: object, path: tuple[str, ...] | None) -> str | None:
    return text(get_path(record, path)) if path is not None else None


def _status(
    config: HttpSupplierConfig, record: dict[str, object], ref: str
) -> StatusTarget | SourceProblem | None:
    if config.status_path is None:
        return None
    raw = _text_at(record, config.status_path)
    mapped = config.status_map.get(raw or "")
    if mapped is None:
        shown = quoted(raw) if raw else None
        return problem(
            ref,
            UNKNOWN_STATUS,
            f"供应商的订单状态「{shown or '（空）'}」没有在设置的 status_map 里，无法判断是否已发货。",
            f"The supplier's order status '{shown or '(empty)'}' is not in the status_map setting, so we "
            "cannot tell whether it shipped.",
        )
    return mapped


def _record_courier(config: HttpSupplierConfig, record: object) -> str | None:
    return _text_at(record, config.courier_path) or config.default_courier


def _oversized_tracking(config: HttpSupplierConfig, record: object, ref: str) -> SourceProblem | None:
    """Tracking text or a package list larger than one order's, refused before it is split."""
    value = get_path(record, config.tracking_path)
    if isinstance(value, str) and len(value) > MAX_TRACKING_CHARS:
        return too_many_packages(ref, len(value), "个字符", "characters")
    if isinstance(value, list) and len(value) > MAX_PACKAGES:
        return too_many_packages(ref, len(value), "个单号", "numbers")
    return None


def _packages(config: HttpSupplierConfig, record: object) -> list[Package]:
    value = get_path(record, config.tracking_path)
    if isinstance(value, list) and any(isinstance(element, dict) for element in value):
        found: list[Package] = []
        for element in value:
            number_value = get_path(element, config.package_number_field or ())
            courier = _text_at(element, config.package_courier_field)
            found += [Package(n, courier) for n in split_numbers(number_value, config.tracking_separators)]
        return found
    return [Package(n, None) for n in split_numbers(value, config.tracking_separators)]


def _items(config: HttpSupplierConfig, record: object, ref: str) -> tuple[ShippedItem, ...] | SourceProblem:
    if config.items_path is None:
        return ()
    value = get_path(record, config.items_path)
    if not isinstance(value, list):
        return ()
    items: list[ShippedItem] = []
    for element in value:
        raw_quantity = get_path(element, config.item_quantity_field) if config.item_quantity_field else 1
        quantity = _quantity(raw_quantity)
        if quantity is None:
            shown = text(raw_quantity)
            return problem(
                ref,
                BAD_ITEM,
                f"商品数量「{quoted(shown) if shown else '（空）'}」不是正整数。",
                f"Item quantity '{quoted(shown) if shown else '(empty)'}' is not a positive whole number.",
            )
        items.append(
            ShippedItem(
                sku=_text_at(element, config.item_sku_field),
                title=_text_at(element, config.item_title_field),
                quantity=quantity,
            )
        )
    return tuple(items)


def _quantity(value: object) -> int | None:
    raw = text(value)
    if raw is None or len(raw) > _MAX_QUANTITY_CHARS:
        return None
    try:
        number = float(raw)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number > 0 else None


def _shipped_at(config: HttpSupplierConfig, record: object) -> datetime | None:
    if config.shipped_at_path is None:
        return None
    try:
        return parse_time(get_path(record, config.shipped_at_path), config.shipped_at_format)
    except ValueError:
        return None  # a ship time is information, not a reason to hold back a valid number
