"""How the 1688 APIs show an order: TradeInfo (detail and list), OpenPlatformLogisticsOrder (one
per parcel) and logisticsTrace. Ids go out as JSON numbers **and** ``idOfStr`` text, dates as
``yyyyMMddHHmmssSSS+0800``, amounts in yuan (``discount`` in fen), as README.md records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from emulators.alibaba_1688.world import Order, Parcel, step_time, trade_time


def _yuan(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def trade_info(order: Order, *, with_logistics: bool) -> dict[str, Any]:
    products = sum((Decimal(i.price) * i.quantity for i in order.items), Decimal(0))
    base: dict[str, Any] = {
        "id": order.order_id,
        "idOfStr": str(order.order_id),
        "status": order.status,
        "createTime": trade_time(order.created_at),
        "modifyTime": trade_time(order.modified_at),
        "totalAmount": _yuan(products),
        "sumProductPayment": _yuan(products),
        "shippingFee": 0.0,
        "discount": 0,
        "buyerID": order.buyer,
        "sellerID": order.seller,
        "businessType": "cn",
        "tradeType": "50060",
        "receiverInfo": {
            "toFullName": order.receiver.get("name", ""),
            "toMobile": order.receiver.get("mobile", ""),
            "toArea": order.receiver.get("area", ""),
            "toDivisionCode": order.receiver.get("division", ""),
        },
        "sellerContact": {"companyName": "义乌某某日用品厂", "shopName": "某某日用品"},
    }
    if order.paid_at is not None:
        base["payTime"] = trade_time(order.paid_at)
    if order.status in ("waitbuyerreceive", "confirm_goods", "success") and order.parcels:
        base["allDeliveredTime"] = trade_time(max(p.sent_at for p in order.parcels))
    if order.close_reason:
        base["closeReason"] = order.close_reason
        base["closeOperateType"] = order.close_operator
    if order.refund_status:
        base["refundStatus"] = order.refund_status
    if order.out_order_id:
        base["outOrderId"] = order.out_order_id
    items = [
        {
            "subItemID": item.sub_item_id,
            "subItemIDString": str(item.sub_item_id),
            "productID": item.product_id,
            "skuID": item.sku_id,
            "specId": item.spec_id,
            "name": item.name,
            "quantity": item.quantity,
            "unit": "件",
            "price": float(item.price),
            "itemAmount": _yuan(Decimal(item.price) * item.quantity),
            "status": order.status,
            "logisticsStatus": item.logistics_status,
            "skuInfos": [{"name": "规格", "value": item.spec_id}],
        }
        for item in order.items
    ]
    native: dict[str, Any] = {
        "contactPerson": order.receiver.get("name", ""),
        "mobile": order.receiver.get("mobile", ""),
        "address": order.receiver.get("area", ""),
    }
    if with_logistics:
        native["logisticsItems"] = [_logistics_item(order, p) for p in order.parcels]
    info: dict[str, Any] = {
        "baseInfo": base,
        "productItems": items,
        "nativeLogistics": native,
        "orderBizInfo": {"dropshipping": order.dropshipping},
    }
    if order.encrypt_out:
        info["fromEncryptOrder"] = True
        info["encryptOutOrderInfo"] = {"outPlatformCode": "weixin", **order.encrypt_out}
    return info


def _logistics_item(order: Order, parcel: Parcel) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": int(parcel.logistics_id[2:]),
        "logisticsCode": parcel.logistics_id,
        "logisticsBillNo": parcel.bill_no,
        "logisticsCompanyId": parcel.company.get("id", 0),
        "logisticsCompanyNo": parcel.company.get("companyNo", ""),
        "logisticsCompanyName": parcel.company.get("companyName", ""),
        "subItemIds": ",".join(str(sub) for sub, _ in parcel.entries),
        "deliveredTime": trade_time(parcel.sent_at),
        "status": "alreadysend",
        "type": parcel.kind,
    }
    if parcel.kind == "2":
        item.update(noLogisticsName="卖家自送", noLogisticsCondition="3", noLogisticsBillNo="")
    return item


def logistics_order(order: Order, parcel: Parcel) -> dict[str, Any]:
    """One parcel as getLogisticsInfos.buyerView shows it."""
    names = {item.sub_item_id: item for item in order.items}
    goods = [
        {
            "logisticsId": parcel.logistics_id,
            "tradeOrderId": order.order_id,
            "tradeOrderItemId": sub,
            "description": names[sub].spec_id,
            "quantity": quantity,
            "unit": "件",
            "productName": names[sub].name,
        }
        for sub, quantity in parcel.entries
    ]
    return {
        "logisticsId": parcel.logistics_id,
        "logisticsBillNo": parcel.bill_no,
        "logisticsCompanyId": str(parcel.company.get("id", 0)),
        "logisticsCompanyNo": parcel.company.get("companyNo", ""),
        "logisticsCompanyName": parcel.company.get("companyName", ""),
        "orderEntryIds": ",".join(str(sub) for sub, _ in parcel.entries),
        "status": parcel.status,
        "gmtSystemSend": trade_time(parcel.sent_at),
        "sendGoods": [
            {"goodName": names[sub].name, "quantity": quantity, "unit": "件"}
            for sub, quantity in parcel.entries
        ],
        "logisticsOrderGoods": goods,
        "receiver": {
            "receiverName": order.receiver.get("name", ""),
            "receiverMobile": order.receiver.get("mobile", ""),
            "receiverAddress": order.receiver.get("area", ""),
        },
    }


def trace(order: Order, parcel: Parcel) -> dict[str, Any]:
    return {
        "logisticsId": parcel.logistics_id,
        "orderId": order.order_id,
        "logisticsBillNo": parcel.bill_no,
        "logisticsSteps": [{"acceptTime": step_time(at), "remark": remark} for at, remark in parcel.steps],
    }
