"""1688 order records -> shipment updates (pure: no I/O, no clock).

A purchase order's parcels (getLogisticsInfos, one element per logistics order) become one
``ShipmentUpdate`` per courier with every parcel's bill number, as the generic API's records do
(shared/suppliers/http_records.py); an order 1688 shows cancelled becomes a ``cancelled`` update.
The record is refused whole (a ``SourceProblem`` saying why) when a parcel's courier is not in our
registry or its number fails the courier's format: never half of a split order.

Couriers (docs/platforms/supplier-apis.md#1688): the company number first (``ZTO``), then the
name as 1688 writes it (``中通快递(ZTO)``), then the name without its bracketed code, then the
code in the brackets; 快运 variants stay apart because the registry keeps them apart. Nothing is
guessed from the number's format here: an unknown company is a problem for a person.

Partial shipment: 1688 keeps a partly shipped order ``waitsellersend``; what was sent shows in the
parcels. When some units are not in any parcel yet, the update carries the shipped lines
(``items``), so the tick compares units with the shop order and the row says what is missing. When
every unit is in a parcel, no items are sent: 1688 quantities may count packs, not the shop's
units, and a whole shipment must not look short.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from shared.couriers import Courier, find, validate
from shared.couriers.problems import quoted
from shared.domain.purchases import Purchase, beijing_day, contact_key
from shared.domain.text import Bilingual
from shared.suppliers.model import ShipmentUpdate, ShippedItem, SourceProblem

SOURCE = "alibaba_1688"
NO_LOGISTICS_BILL = "不需要物流"  # the bill "number" of a type-2 (no logistics) shipment
#: Order statuses after everything shipped (the list doc's extra values included).
SHIPPED = frozenset({"waitbuyerreceive", "waitbuyersign", "signinsuccess", "confirm_goods", "success"})
CLOSED = frozenset({"cancel", "terminated"})
#: productItems[].logisticsStatus: 2 shipped, 3 received, 5 partly shipped.
LINE_SENT = frozenset({2, 3, 5})
_ORDER_ID = re.compile(r"[0-9]{15,20}")
_BRACKETED = re.compile(r"^(.*?)\s*[(（]\s*([A-Za-z0-9]+)\s*[)）]\s*$")

UNKNOWN_COURIER = "unknown_courier"
NO_LOGISTICS = "no_logistics"
NOT_AN_ORDER_ID = "not_a_1688_order_id"
PARTIAL = "partial_shipment"


def is_order_id(text: str | None) -> bool:
    """Whether a 供应商单号 is a 1688 order id (15-20 digits; 1688's are 18-19)."""
    return bool(text) and _ORDER_ID.fullmatch((text or "").strip()) is not None


@dataclass(frozen=True, slots=True)
class Line:
    sub_item_id: str
    sku: str | None
    title: str | None
    quantity: int
    logistics_status: int | None


@dataclass(frozen=True, slots=True)
class OrderView:
    """What the adapter reads of a TradeInfo (from the list or the detail API)."""

    order_id: str
    status: str
    lines: Mapping[str, Line] = field(default_factory=dict)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def has_parcels(self) -> bool:
        """Whether 1688 shows anything shipped (so the parcels are worth a call)."""
        return self.status in SHIPPED or any(
            line.logistics_status in LINE_SENT for line in self.lines.values()
        )


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def _int(value: object) -> int | None:
    text = _text(value)
    return int(text) if text is not None and text.isdigit() else None


def order_view(trade: object) -> OrderView | None:
    """A TradeInfo's id (``idOfStr`` first: ids exceed 2**53), status and lines; None if unreadable."""
    if not isinstance(trade, dict):
        return None
    base = trade.get("baseInfo")
    if not isinstance(base, dict):
        return None
    order_id = _text(base.get("idOfStr")) or _text(base.get("id"))
    status = _text(base.get("status"))
    if order_id is None or status is None:
        return None
    lines: dict[str, Line] = {}
    items = trade.get("productItems")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        sub = _text(item.get("subItemIDString")) or _text(item.get("subItemID"))
        if sub is None:
            continue
        lines[sub] = Line(
            sub_item_id=sub,
            sku=_text(item.get("skuID")) or _text(item.get("specId")) or _text(item.get("productID")),
            title=_text(item.get("name")),
            quantity=_int(item.get("quantity")) or 0,
            logistics_status=_int(item.get("logisticsStatus")),
        )
    return OrderView(order_id, status, lines)


def purchase(supplier_id: str, trade: object) -> Purchase | None:
    """A TradeInfo as a ``Purchase`` to compare with shop orders: its id, the Beijing day of its
    ``createTime`` (the offset it carries is honoured), ``receiverInfo``'s ``toFullName`` and
    ``toMobile`` as a contact key ("" when either is masked or missing, e.g. an order placed with the
    downstream platform's encrypted receiver, 密文代发), its lines' quantities; None if unreadable."""
    view = order_view(trade)
    if view is None or not isinstance(trade, dict):
        return None
    base = trade["baseInfo"]
    created = parse_time(_text(base.get("createTime")))
    if created is None:
        return None
    receiver = base.get("receiverInfo")
    contact = ""
    if isinstance(receiver, dict) and not trade.get("encryptOutOrderInfo"):
        contact = contact_key(_text(receiver.get("toFullName")) or "", _text(receiver.get("toMobile")) or "")
    quantities = tuple(sorted(line.quantity for line in view.lines.values()))
    return Purchase(supplier_id, view.order_id, beijing_day(created), contact, quantities, view.closed)


def courier_of(company_no: str | None, company_name: str | None) -> Courier | None:
    """Our courier for a 1688 company, by its number, its name, its name's parts; None if unknown."""
    candidates = [company_no, company_name]
    if company_name and (bracketed := _BRACKETED.match(company_name)):
        candidates += [bracketed.group(1), bracketed.group(2)]
    for candidate in candidates:
        if candidate and (found := find(candidate.strip())) is not None:
            return found
    return None


def _problem(ref: str, code: str, zh: str, en: str) -> SourceProblem:
    return SourceProblem(ref, code, Bilingual(zh, en))


def parse_time(text: str | None) -> datetime | None:
    """``yyyyMMddHHmmssSSS+0800`` (any offset) -> an aware datetime; None when not in that shape."""
    if not text or len(text) < 22 or not text[:17].isdigit() or text[17] not in "+-":
        return None
    try:
        moment = datetime.strptime(text[:14], "%Y%m%d%H%M%S")
        hours, minutes = int(text[18:20]), int(text[20:22])
    except ValueError:
        return None
    offset = timedelta(hours=hours, minutes=minutes) * (1 if text[17] == "+" else -1)
    return moment.replace(microsecond=int(text[14:17]) * 1000, tzinfo=timezone(offset))


def cancelled(supplier_id: str, view: OrderView, ref: str) -> ShipmentUpdate:
    return ShipmentUpdate(
        supplier_id=supplier_id,
        supplier_order_no=view.order_id,
        shop_order_id=None,
        courier_text=None,
        courier=None,
        tracking_numbers=(),
        status="cancelled",
        source=SOURCE,
        source_ref=ref,
    )


def _sent_units(parcels: Sequence[Mapping[str, object]], view: OrderView) -> dict[str, int]:
    """Units per order line found in the parcels (``logisticsOrderGoods``; else whole lines by
    ``orderEntryIds``)."""
    sent: dict[str, int] = {}
    for parcel in parcels:
        goods = parcel.get("logisticsOrderGoods")
        counted = False
        for good in goods if isinstance(goods, list) else []:
            if isinstance(good, dict) and (sub := _text(good.get("tradeOrderItemId"))) is not None:
                sent[sub] = sent.get(sub, 0) + (_int(good.get("quantity")) or 0)
                counted = True
        if not counted:
            for sub in (_text(parcel.get("orderEntryIds")) or "").split(","):
                line = view.lines.get(sub.strip())
                if line is not None:
                    sent[line.sub_item_id] = sent.get(line.sub_item_id, 0) + line.quantity
    return sent


def shipped_items(parcels: Sequence[Mapping[str, object]], view: OrderView) -> tuple[ShippedItem, ...]:
    """The shipped lines when the order is only partly shipped; () when every unit is in a parcel."""
    sent = _sent_units(parcels, view)
    if not view.lines or all(sent.get(sub, 0) >= line.quantity for sub, line in view.lines.items()):
        return ()
    return tuple(
        ShippedItem(line.sku, line.title, sent[sub])
        for sub, line in view.lines.items()
        if sent.get(sub, 0) > 0
    )


def updates(
    supplier_id: str, view: OrderView, parcels: Sequence[Mapping[str, object]], ref: str
) -> tuple[ShipmentUpdate, ...] | SourceProblem:
    """The updates an order's parcels give (empty while none carries a number), or why not."""
    live = [p for p in parcels if _text(p.get("status")) != "CANCEL"]
    groups: dict[str, tuple[str, list[str]]] = {}
    shipped_at: datetime | None = None
    for parcel in live:
        bill = _text(parcel.get("logisticsBillNo"))
        name = _text(parcel.get("logisticsCompanyName"))
        if bill is None or bill == NO_LOGISTICS_BILL:
            return _problem(
                ref,
                NO_LOGISTICS,
                f"1688 订单 {view.order_id} 有一个包裹是“无需物流”发货，没有快递单号："
                "请与供应商确认后手动处理。",
                f"1688 order {view.order_id} has a parcel shipped without logistics (no tracking number): "
                "check with the supplier and handle it by hand.",
            )
        courier = courier_of(_text(parcel.get("logisticsCompanyNo")), name)
        if courier is None:
            shown = quoted(name or _text(parcel.get("logisticsCompanyNo")) or "")
            return _problem(
                ref,
                UNKNOWN_COURIER,
                f"不认识 1688 的快递公司「{shown}」（订单 {view.order_id}）：请手动填写快递公司和单号。",
                f"Unknown 1688 courier '{shown}' (order {view.order_id}): "
                "enter the courier and number by hand.",
            )
        verdict = validate(courier.code, bill)
        if not verdict.ok:
            assert verdict.problem is not None
            return _problem(
                ref,
                verdict.problem.code,
                f"1688 订单 {view.order_id} 的单号 {quoted(bill)}：{verdict.problem.message.zh}",
                f"1688 order {view.order_id}, tracking number {quoted(bill)}: {verdict.problem.message.en}",
            )
        _, numbers = groups.setdefault(courier.code, (name or courier.name.zh, []))
        if verdict.number not in numbers:
            numbers.append(verdict.number)
        sent = parse_time(_text(parcel.get("gmtSystemSend")))
        if sent is not None and (shipped_at is None or sent > shipped_at):
            shipped_at = sent
    if not groups:
        return ()
    items = shipped_items(live, view)
    return tuple(
        ShipmentUpdate(
            supplier_id=supplier_id,
            supplier_order_no=view.order_id,
            shop_order_id=None,
            courier_text=text,
            courier=code,
            tracking_numbers=tuple(numbers),
            items=items,
            shipped_at=shipped_at,
            source=SOURCE,
            source_ref=ref,
        )
        for code, (text, numbers) in groups.items()
    )


def partial_note(view: OrderView, items: Sequence[ShippedItem], ref: str) -> SourceProblem:
    """A line for the tick's report: the order is only partly shipped on 1688."""
    sent = sum(i.quantity for i in items)
    total = sum(line.quantity for line in view.lines.values())
    return _problem(
        ref,
        PARTIAL,
        f"1688 订单 {view.order_id} 部分发货：已发 {sent} / {total} 件，其余尚未发出。",
        f"1688 order {view.order_id} is partly shipped: {sent} of {total} units sent, the rest not yet.",
    )
