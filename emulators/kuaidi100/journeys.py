"""Scripted parcel journeys: what the courier scans, and when, after the parcel is registered.

Each step is (hours after the start, Kuaidi100 advanced state code, event text, location). Basic
states follow from the advanced code's group (docs/platforms/couriers-and-tracking.md#kuaidi100-state-codes).
Written for the emulator only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    hours: float
    code: str
    context: str
    location: str


# advanced code -> (basic group code, status name) as Kuaidi100 labels them
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "101": ("1", "已下单"),
    "102": ("1", "待揽收"),
    "103": ("1", "揽收"),
    "1001": ("0", "到达派件城市"),
    "1002": ("0", "干线"),
    "1003": ("0", "转递"),
    "0": ("0", "在途"),
    "5": ("5", "派件"),
    "501": ("5", "投柜或驿站"),
    "301": ("3", "签收"),
    "302": ("3", "派件异常后签收"),
    "303": ("3", "代签"),
    "304": ("3", "投柜或站签收"),
    "3": ("3", "签收"),
    "6": ("6", "退回"),
    "4": ("4", "退签"),
    "401": ("4", "已销单"),
    "14": ("4", "拒签"),
    "2": ("2", "疑难"),
    "202": ("2", "超时未更新"),
    "203": ("2", "拒收"),
    "204": ("2", "派件异常"),
}


def basic_state(code: str) -> str:
    return STATUS_NAMES.get(code, (code, ""))[0]


def is_final(code: str) -> bool:
    """Kuaidi100 stops polling (push status ``shutdown``) once signed or returned-and-signed."""
    return basic_state(code) in ("3", "4")


_PICKUP = Step(2, "103", "【杭州市】快递员 张师傅 已揽收", "杭州市")
_LINEHAUL = Step(8, "1002", "【杭州市】快件离开【杭州转运中心】，正在发往【广州转运中心】", "杭州市")
_ARRIVED = Step(20, "1001", "【广州市】快件已到达【广州天河营业部】", "广州市")
_OUT = Step(26, "5", "【广州市】快递员 李师傅 正在派件，电话：138****0000", "广州市")

JOURNEYS: dict[str, tuple[Step, ...]] = {
    "normal": (
        _PICKUP,
        _LINEHAUL,
        _ARRIVED,
        _OUT,
        Step(30, "301", "【广州市】已签收，签收人：本人", "广州市"),
    ),
    # The supplier printed a label and handed out the number, but never gave the parcel to the courier.
    "no_pickup": (Step(1, "102", "【杭州市】商家已下单，等待快递员揽收", "杭州市"),),
    # Picked up and moved once, then nothing more.
    "stalled": (_PICKUP, _LINEHAUL),
    "returned": (
        _PICKUP,
        _LINEHAUL,
        _ARRIVED,
        Step(30, "204", "【广州市】派件异常：地址不详，联系不上收件人", "广州市"),
        Step(40, "6", "【广州市】快件已退回，正在返回寄件人途中", "广州市"),
        Step(80, "4", "【杭州市】退回件已由寄件人签收", "杭州市"),
    ),
    "rejected": (
        _PICKUP,
        _LINEHAUL,
        _ARRIVED,
        _OUT,
        Step(30, "14", "【广州市】收件人拒签，原因：不想要了", "广州市"),
    ),
    # Same scans as normal, but registered under the courier that really carries it; queried or
    # subscribed under another code it has no data (query 400; subscription abort with comNew).
    "wrong_courier": (
        _PICKUP,
        _LINEHAUL,
        _ARRIVED,
        _OUT,
        Step(30, "301", "【广州市】已签收，签收人：本人", "广州市"),
    ),
}
