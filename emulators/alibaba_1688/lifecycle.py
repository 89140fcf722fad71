"""An order's life, driven by the control API (never by the 1688 surface): create, pay, ship a
parcel (all or part of the items), trace a parcel, change its number, confirm, close, refund. Each
step moves ``baseInfo.status`` as 1688 documents and queues the push a buyer's app would get.
Call with the world's lock held."""

from __future__ import annotations

from typing import Any

from emulators.alibaba_1688.world import (
    ORDER_BASE,
    PARCEL_STATUS,
    SUB_ITEM_BASE,
    TRACE_STATUSES,
    ControlError,
    Item,
    Order,
    Parcel,
    World,
    step_time,
)

NO_LOGISTICS_BILL = "不需要物流"  # what a type-2 shipment carries as its bill number (official sample)


def create(world: World, spec: dict[str, Any]) -> Order:
    items_spec = spec.get("items") or [{"name": "样品", "quantity": 1}]
    order_id = world.next_id("order", ORDER_BASE)
    items = []
    for index, raw in enumerate(items_spec, start=1):
        sub = world.next_id("sub", SUB_ITEM_BASE)
        quantity = int(raw.get("quantity", 1))
        if quantity < 1:
            raise ControlError("quantity must be at least 1")
        items.append(
            Item(
                sub_item_id=sub,
                product_id=int(raw.get("product_id", 600_000_000_000 + index)),
                sku_id=int(raw.get("sku_id", 4_000_000_000_000 + index)),
                spec_id=str(raw.get("spec_id", f"spec{index:02d}")),
                name=str(raw.get("name", f"商品{index}")),
                quantity=quantity,
                price=str(raw.get("price", "9.90")),
            )
        )
    created = world.clock - float(spec.get("age_seconds", 0))
    status = str(spec.get("status", "waitsellersend"))
    if status not in ("waitbuyerpay", "waitsellersend"):
        raise ControlError("a new order is waitbuyerpay or waitsellersend (paid)")
    receiver = {str(k): str(v) for k, v in (spec.get("receiver") or {}).items()}
    order = Order(
        order_id=order_id,
        buyer=str(spec.get("buyer", world.buyer)),
        seller=str(spec.get("seller", "b2b-2220000000009")),
        status=status,
        created_at=created,
        modified_at=world.clock,
        items=items,
        receiver=receiver,
        paid_at=world.clock if status == "waitsellersend" else None,
        out_order_id=str(spec.get("out_order_id", "")),
        encrypt_out=spec.get("encrypt_out"),
    )
    world.orders[order_id] = order
    world.announce(order, "ORDER_BUYER_VIEW_BUYER_MAKE")
    if order.paid_at is not None:
        world.announce(order, "ORDER_BUYER_VIEW_ORDER_PAY")
    return order


def find(world: World, order_id: str | int) -> Order:
    try:
        return world.orders[int(order_id)]
    except (KeyError, ValueError):
        raise ControlError(f"no order {order_id}") from None


def _touch(world: World, order: Order, status: str | None = None) -> None:
    if status is not None:
        order.status = status
    order.modified_at = world.clock


def pay(world: World, order: Order) -> None:
    if order.status != "waitbuyerpay":
        raise ControlError(f"order {order.order_id} is {order.status}, not waitbuyerpay")
    order.paid_at = world.clock
    _touch(world, order, "waitsellersend")
    world.announce(order, "ORDER_BUYER_VIEW_ORDER_PAY")


def company(world: World, given: Any) -> dict[str, Any]:
    """A company of the fixture by id, code or name; an unknown name ships as a carrier of its own."""
    text = str(given or "中通快递(ZTO)")
    for entry in world.companies:
        if text in (str(entry["id"]), entry["companyNo"], entry["companyName"]):
            return dict(entry)
    return {"id": 0, "companyName": text, "companyNo": ""}


def ship(world: World, order: Order, spec: dict[str, Any]) -> Parcel:
    """One parcel: ``items`` [{sub_item_id, quantity}] (default: every unit not shipped yet)."""
    if order.status not in ("waitsellersend", "waitbuyerreceive"):
        raise ControlError(f"order {order.order_id} is {order.status}: nothing to ship")
    wanted = spec.get("items")
    if wanted is None:
        entries = [(i.sub_item_id, i.quantity - i.shipped) for i in order.items if i.shipped < i.quantity]
    else:
        entries = []
        for raw in wanted:
            item = order.item(int(raw["sub_item_id"]))
            entries.append((item.sub_item_id, int(raw.get("quantity", item.quantity - item.shipped))))
    if not entries:
        raise ControlError("no units left to ship")
    for sub, quantity in entries:
        item = order.item(sub)
        if quantity < 1 or item.shipped + quantity > item.quantity:
            raise ControlError(f"item {sub}: cannot ship {quantity} more")
    kind = str(spec.get("type", "0"))
    bill_no = NO_LOGISTICS_BILL if kind == "2" else str(spec.get("bill_no", ""))
    if not bill_no:
        raise ControlError("bill_no is required unless type is 2 (no logistics)")
    for sub, quantity in entries:
        order.item(sub).shipped += quantity
    prefix = "LP" if kind == "1" else "BX"
    parcel = Parcel(
        logistics_id=f"{prefix}{world.next_id('parcel', 300_000_000_001)}",
        bill_no=bill_no,
        company=company(world, spec.get("company")),
        entries=entries,
        kind=kind,
        sent_at=world.clock,
        steps=[(world.clock, "卖家已发货")],
    )
    order.parcels.append(parcel)
    whole = all(item.shipped >= item.quantity for item in order.items)
    _touch(world, order, "waitbuyerreceive" if whole else "waitsellersend")
    topic = "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS" if whole else "ORDER_BUYER_VIEW_PART_PART_SENDGOODS"
    world.announce(order, topic)
    _trace_push(world, order, parcel, "CONSIGN")
    return parcel


def parcel_of(order: Order, logistics_id: str | None) -> Parcel:
    for parcel in order.parcels:
        if logistics_id in (None, "", parcel.logistics_id):
            return parcel
    raise ControlError(f"order {order.order_id} has no parcel {logistics_id}")


def trace(world: World, order: Order, spec: dict[str, Any]) -> None:
    parcel = parcel_of(order, spec.get("logistics_id"))
    node = str(spec.get("status", "TRANSPORT"))
    if node not in TRACE_STATUSES:
        raise ControlError(f"status must be one of {', '.join(TRACE_STATUSES)}")
    parcel.status = PARCEL_STATUS[node]
    parcel.steps.append((world.clock, str(spec.get("remark", f"快件状态：{node}"))))
    _touch(world, order)
    _trace_push(world, order, parcel, node)


def change_number(world: World, order: Order, spec: dict[str, Any]) -> None:
    """The seller corrects a parcel's bill number and/or courier (LOGISTICS_MAIL_NO_CHANGE)."""
    parcel = parcel_of(order, spec.get("logistics_id"))
    old_no, old_cp = parcel.bill_no, parcel.company
    parcel.bill_no = str(spec["bill_no"])
    if spec.get("company") is not None:
        parcel.company = company(world, spec["company"])
    _touch(world, order)
    data = {
        "MailNoChangeModel": {
            "logisticsId": parcel.logistics_id,
            "oldCpCode": old_cp.get("companyNo", ""),
            "newCpCode": parcel.company.get("companyNo", ""),
            "oldMailNo": old_no,
            "newMailNo": parcel.bill_no,
            "eventTime": step_time(world.clock),
            "orderLogsItems": _log_items(order, parcel),
        }
    }
    world.announce(order, "LOGISTICS_MAIL_NO_CHANGE", data)


def confirm(world: World, order: Order) -> None:
    if order.status != "waitbuyerreceive":
        raise ControlError(f"order {order.order_id} is {order.status}, not waitbuyerreceive")
    for item in order.items:
        item.received = True
    _touch(world, order, "confirm_goods")
    world.announce(order, "ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS")


def succeed(world: World, order: Order) -> None:
    if order.status not in ("confirm_goods", "waitbuyerreceive"):
        raise ControlError(f"order {order.order_id} is {order.status}: cannot succeed")
    _touch(world, order, "success")
    world.announce(order, "ORDER_BUYER_VIEW_ORDER_SUCCESS")


CLOSERS = {
    "buyer": ("buyerCancel", "CLOSE_TRADE_BY_BUYER", "ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE"),
    "seller": ("sellerGoodsLack", "CLOSE_TRADE_BY_SELLER", "ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE"),
    "bops": ("other", "CLOSE_TRADE_BY_BOPS", "ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE"),
}


def close(world: World, order: Order, spec: dict[str, Any]) -> None:
    by = str(spec.get("by", "buyer"))
    if by not in CLOSERS:
        raise ControlError("by must be buyer, seller or bops")
    if order.status in ("cancel", "terminated", "success"):
        raise ControlError(f"order {order.order_id} is already {order.status}")
    reason, operator, topic = CLOSERS[by]
    order.close_reason, order.close_operator = str(spec.get("reason", reason)), operator
    _touch(world, order, "cancel")
    world.announce(order, topic)


def refund(world: World, order: Order, spec: dict[str, Any]) -> None:
    after_sales = bool(spec.get("after_sales", False))
    order.refund_status = str(spec.get("refund_status", "waitselleragree"))
    _touch(world, order)
    topic = (
        "ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES"
        if after_sales
        else "ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES"
    )
    data = {
        "orderId": order.order_id,
        "currentStatus": order.status,
        "msgSendTime": step_time(world.clock),
        "buyerMemberId": order.buyer,
        "sellerMemberId": order.seller,
        "refundAction": "BUYER_APPLY_REFUND",
        "operator": "buyer",
    }
    world.announce(order, topic, data)


def _log_items(order: Order, parcel: Parcel) -> list[dict[str, Any]]:
    return [{"orderId": order.order_id, "orderEntryId": sub} for sub, _ in parcel.entries]


def _trace_push(world: World, order: Order, parcel: Parcel, node: str) -> None:
    data = {
        "OrderLogisticsTracingModel": {
            "logisticsId": parcel.logistics_id,
            "cpCode": parcel.company.get("companyNo", ""),
            "mailNo": parcel.bill_no,
            "statusChanged": node,
            "changeTime": step_time(world.clock),
            "orderLogsItems": _log_items(order, parcel),
        }
    }
    world.announce(order, "LOGISTICS_BUYER_VIEW_TRACE", data)
