"""Order lifecycle helpers for the control API (docs/platforms/wechat-shop.md#emulator-checklist item 11): not
WeChat APIs."""

from __future__ import annotations

from typing import Any

from .events import aftersale_event, order_event
from .state import Order, State
from .views import shippable_units

SHIP_WINDOW = 48 * 3600  # delivery_deadline = pay time + 48 h (emulator default)


class ControlError(Exception):
    """A bad control-API request (HTTP 400/404/409 with a JSON message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _line(state: State, i: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ControlError(400, f"products[{i}] must be an object")
    cnt = raw.get("sku_cnt", 1)
    if not isinstance(cnt, int) or isinstance(cnt, bool) or cnt < 1:
        raise ControlError(400, f"products[{i}].sku_cnt must be a positive integer")
    return {
        "product_id": str(raw.get("product_id") or state.new_numeric_id(14)),
        "sku_id": str(raw.get("sku_id") or state.new_numeric_id(10)),
        "sku_cnt": cnt,
        "title": str(raw.get("title") or f"商品 {i + 1}"),
        "sale_price": int(raw.get("sale_price", 1990)),
        "sku_code": str(raw.get("sku_code", "")),
        "out_product_id": str(raw.get("out_product_id", "")),
        "out_sku_id": str(raw.get("out_sku_id", "")),
        "sku_attrs": raw.get("sku_attrs", []),
        "thumb_img": str(raw.get("thumb_img", "")),
        "on_aftersale_sku_cnt": 0,
        "finish_aftersale_sku_cnt": 0,
        "delivery_deadline": 0,
    }


def create_order(state: State, body: dict[str, Any]) -> Order:
    products = body.get("products") or [{}]
    if not isinstance(products, list):
        raise ControlError(400, "products must be a list")
    status = body.get("status", 20)
    if status not in (10, 12, 13, 20):
        raise ControlError(400, "status must be 10, 12, 13 or 20 (ship and cancel through the APIs)")
    now = int(body.get("create_time") or state.now_s())
    order_id = str(body.get("order_id") or state.new_order_id())
    if order_id in state.orders:
        raise ControlError(409, f"order {order_id} exists")
    address = {
        "user_name": "张三",
        "tel_number": "13800005678",
        "postal_code": "518000",
        "province_name": "广东省",
        "city_name": "深圳市",
        "county_name": "南山区",
        "detail_info": "科技园路1号",
        "national_code": "440305",
        "house_number": "",
        "virtual_order_tel_number": "",
        "use_tel_number": 0,
        "hash_code": "",
    }
    address.update(body.get("address") or {})
    order = Order(
        order_id=order_id,
        status=10,
        create_time=now,
        update_time=now,
        openid=str(body.get("openid") or f"o{state.new_numeric_id(12)}"),
        lines=[_line(state, i, p) for i, p in enumerate(products)],
        address=address,
        deliver_method=int(body.get("deliver_method", 0)),
        freight=int(body.get("freight", 0)),
        merchant_notes=str(body.get("merchant_notes", "")),
        customer_notes=str(body.get("customer_notes", "")),
        dropship_locked=bool(body.get("dropship_locked", False)),
        ewaybill=bool(body.get("ewaybill", False)),
    )
    state.orders[order_id] = order
    order_event(state, "channels_ec_order_new", order)
    if status == 20:
        pay(state, order)
    elif status != 10:
        order.status = status
    return order


def get(state: State, order_id: str) -> Order:
    order = state.orders.get(order_id)
    if order is None:
        raise ControlError(404, f"no order {order_id}")
    return order


def _touch(state: State, order: Order) -> int:
    now = state.now_s()
    order.update_time = max(now, order.update_time)
    return now


def pay(state: State, order: Order) -> None:
    if order.status not in (10, 12, 13):
        raise ControlError(409, f"order is in status {order.status}, cannot pay")
    now = _touch(state, order)
    order.status = 20
    order.pay_time = now
    for line in order.lines:
        line["delivery_deadline"] = now + SHIP_WINDOW
    order_event(state, "channels_ec_order_pay", order, pay_time=now)
    order_event(state, "channels_ec_order_wait_shipping", order)


def cancel(state: State, order: Order, cancel_type: int = 1) -> None:
    """Unpaid -> 250 (cancel_type 1 user / 2 timeout). Paid, nothing shipped -> full refund -> 200."""
    if order.status in (10, 12, 13):
        _touch(state, order)
        order.status = 250
        order_event(state, "channels_ec_order_cancel", order, cancel_type=cancel_type)
        return
    if order.status == 20:
        refund(state, order)
        return
    raise ControlError(409, f"order is in status {order.status}, cannot cancel (use aftersale)")


def _new_aftersale(
    state: State, order: Order, line: dict[str, Any], count: int, status: str
) -> dict[str, Any]:
    record = {
        "aftersale_order_id": state.new_numeric_id(19),
        "status": status,
        "product_id": line["product_id"],
        "sku_id": line["sku_id"],
        "count": count,
    }
    order.aftersales.append(record)
    return record


def _maybe_all_refunded(state: State, order: Order) -> None:
    if all(line["finish_aftersale_sku_cnt"] >= line["sku_cnt"] for line in order.lines):
        order.status = 200
        order_event(state, "channels_ec_order_cancel", order, cancel_type=3)
    elif (
        order.status in (20, 21)
        and order.packages
        and not any(shippable_units(order, line) for line in order.lines)
    ):
        order.status = 30


def refund(state: State, order: Order) -> None:
    """Refund every unshipped unit of every line (after-sale completed); all refunded -> 200."""
    if order.status not in (20, 21):
        raise ControlError(409, f"order is in status {order.status}, cannot refund")
    _touch(state, order)
    for line in order.lines:
        units = shippable_units(order, line)
        if units:
            line["finish_aftersale_sku_cnt"] += units
            record = _new_aftersale(state, order, line, units, "MERCHANT_REFUND_SUCCESS")
            aftersale_event(state, order, record)
    _maybe_all_refunded(state, order)


def _find_line(order: Order, body: dict[str, Any]) -> dict[str, Any]:
    if not body.get("sku_id") and not body.get("product_id"):
        return order.lines[0]
    for line in order.lines:
        if (
            str(body.get("sku_id", line["sku_id"])) == line["sku_id"]
            and str(body.get("product_id", line["product_id"])) == line["product_id"]
        ):
            return line
    raise ControlError(404, "no such line in order")


def aftersale(state: State, order: Order, body: dict[str, Any]) -> dict[str, Any]:
    """open: units enter an after-sale (blocks shipping, 108009); close: buyer withdrew it;
    finish: refund completed (units become unshippable; all lines refunded -> 200)."""
    action = body.get("action", "open")
    if order.status in (10, 12, 13, 200, 250):
        raise ControlError(409, f"order is in status {order.status}, no after-sale possible")
    if action == "open":
        line = _find_line(order, body)
        count = int(body.get("count") or line["sku_cnt"] - line["finish_aftersale_sku_cnt"])
        if (
            count < 1
            or line["on_aftersale_sku_cnt"] + line["finish_aftersale_sku_cnt"] + count > line["sku_cnt"]
        ):
            raise ControlError(409, "count exceeds the units left on that line")
        line["on_aftersale_sku_cnt"] += count
        record = _new_aftersale(state, order, line, count, str(body.get("status", "MERCHANT_PROCESSING")))
    elif action in ("close", "finish"):
        wanted = body.get("aftersale_order_id")
        open_ones = [
            a
            for a in order.aftersales
            if a["status"] not in ("USER_CANCELD", "MERCHANT_REFUND_SUCCESS")
            and (wanted is None or a["aftersale_order_id"] == str(wanted))
        ]
        if not open_ones:
            raise ControlError(404, "no open after-sale on this order")
        record = open_ones[0]
        line = next(
            ln
            for ln in order.lines
            if (ln["product_id"], ln["sku_id"]) == (record["product_id"], record["sku_id"])
        )
        line["on_aftersale_sku_cnt"] -= record["count"]
        if action == "finish":
            line["finish_aftersale_sku_cnt"] += record["count"]
            record["status"] = "MERCHANT_REFUND_SUCCESS"
        else:
            record["status"] = "USER_CANCELD"
    else:
        raise ControlError(400, "action must be open, close or finish")
    _touch(state, order)
    aftersale_event(state, order, record)
    if action == "finish":
        _maybe_all_refunded(state, order)
    return record


def confirm(state: State, order: Order, confirm_type: int = 1) -> None:
    if order.status != 30:
        raise ControlError(409, f"order is in status {order.status}, cannot confirm receipt")
    now = _touch(state, order)
    order.status = 100
    order.confirm_receipt_time = now
    order_event(state, "channels_ec_order_confirm", order, confirm_type=confirm_type)


def settle(state: State, order: Order) -> None:
    if order.status != 100:
        raise ControlError(409, f"order is in status {order.status}, cannot settle")
    now = state.now_s()
    order.settle_time = now
    order_event(state, "channels_ec_order_settle", order, settle_time=now)


def ext_info(state: State, order: Order, body: dict[str, Any]) -> None:
    """Buyer urge (7), address-change request (4) and outcomes (16-20), or any other type."""
    kind = body.get("type")
    if not isinstance(kind, int):
        raise ControlError(400, "type must be an integer")
    if kind == 4:
        # The requested address is a whole address object (OrderAddressInfo), like address_info:
        # the order's current one with the buyer's changes over it.
        change = body.get("address") or {"detail_info": "新地址"}
        order.address_under_review = {**order.address, **dict(change)}
        order.address_apply_time = state.now_s()
    elif kind in (16, 19) and order.address_under_review is not None:
        order.address = dict(order.address_under_review)
        order.address_under_review = None
        order.address_apply_time = None
    elif kind in (17, 18, 20):
        order.address_under_review = None
        order.address_apply_time = None
    elif kind in (14, 15):
        order.dropship_locked = kind == 14  # assigned to / withdrawn from platform dropship
    if kind in (2, 16, 19) and isinstance(body.get("address"), dict):
        order.address.update(body["address"])
    _touch(state, order)
    order_event(state, "channels_ec_order_ext_info_update", order, type=kind)
