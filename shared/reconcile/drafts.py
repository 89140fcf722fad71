"""Ready-to-send Chinese drafts for a logistics exception (pure): one to the supplier, one to the buyer.

The supplier's draft says what to check and carries what they need to find the parcel (the order,
their own order number, the courier and number, the items): never the buyer's address or phone, only
the masked name the workspace shows. The buyer's draft says what happened, what is being done and
when they will hear next (``next_hours``). Both are plain text for a chat window; the exception desk
(issue 19 item 4) is to show them on the 异常 row.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.reconcile.scorecard import ExceptionKind


@dataclass(frozen=True, slots=True)
class ParcelFacts:
    """What a draft may say about the order. ``recipient``: masked as on the 订单 tab (张**)."""

    order_id: str
    supplier_order_no: str
    courier: str
    number: str
    items: str
    recipient: str = ""


@dataclass(frozen=True, slots=True)
class Drafts:
    to_supplier: str
    to_buyer: str


_SUPPLIER_ASK = {
    ExceptionKind.NO_PICKUP: (
        "系统一直没有揽收记录，请确认包裹是否已经交给快递；如果还没发出，请告诉我们预计发货时间。"
    ),
    ExceptionKind.STALLED: "物流已经多日没有更新，请联系快递网点核实包裹现在的位置，有结果请告诉我们。",
    ExceptionKind.RETURNED: ("包裹正在退回或已退回，请确认退回原因，并告诉我们是重新发货还是等退件入库。"),
    ExceptionKind.REFUSED: "收件人拒收了这个包裹，请拦截或安排退回，退件到仓后告诉我们。",
}

_BUYER_SAYS = {
    ExceptionKind.NO_PICKUP: ("您的包裹还没有被快递揽收", "我们已经在催仓库尽快发出"),
    ExceptionKind.STALLED: ("您的包裹在运输途中暂时没有新的物流信息", "我们已经联系仓库和快递核实包裹位置"),
    ExceptionKind.RETURNED: ("您的包裹被快递退回了", "我们正在和仓库确认原因，会尽快为您重新安排"),
    ExceptionKind.REFUSED: ("快递显示这个包裹被拒收了", "如果不是您本人拒收，请告诉我们，我们马上为您处理"),
}


def drafts(kind: ExceptionKind, parcel: ParcelFacts, next_hours: int = 24) -> Drafts:
    """The two drafts for ``kind`` on ``parcel``; the buyer is told to expect news within ``next_hours``."""
    lines = [
        "您好，这个订单的包裹需要您帮忙核实：",
        f"小店订单号：{parcel.order_id}",
    ]
    if parcel.supplier_order_no:
        lines.append(f"贵方订单号：{parcel.supplier_order_no}")
    lines.append(f"快递：{parcel.courier} {parcel.number}".rstrip())
    if parcel.items:
        lines.append(f"商品：{parcel.items}")
    if parcel.recipient:
        lines.append(f"收件人：{parcel.recipient}")
    lines.append(_SUPPLIER_ASK[kind])
    happened, doing = _BUYER_SAYS[kind]
    buyer = (
        f"亲，您好！{happened}（{parcel.courier} {parcel.number}）。{doing}。"
        f"我们会在 {next_hours} 小时内告诉您最新进展，给您带来不便非常抱歉。"
    )
    return Drafts("\n".join(lines), buyer)
