"""Kuaidi100 ``state`` codes (basic 0–14 and advanced 101…1003) in our vocabulary.

Source: docs/platforms/couriers-and-tracking.md#kuaidi100-state-codes and #exception-categories. The basic
table changed over the years: push docs list 8 清关, older query docs list 10–13 instead; both are here. The
pinned copy of this table is tests/golden/kuaidi100_states.json.
"""

from __future__ import annotations

from types import MappingProxyType

from shared.domain.text import Bilingual
from shared.logistics.model import Category, ProviderStatus, TrackingState

S = TrackingState
C = Category
P = ProviderStatus
B = Bilingual

_TABLE: dict[str, ProviderStatus] = {
    # basic states
    "0": P(S.IN_TRANSIT, None, B("在途", "in transit")),
    # Basic 1 covers the whole 揽收 group: 101 ordered and 102 awaiting pickup as well as 103 picked
    # up. Read as "not yet picked up", the safer side: it never hides a parcel the courier does not
    # have, and a parcel that really was picked up leaves state 1 with its next scan. We ask for
    # advanced codes (resultv2=4), so this only matters for replies without them.
    "1": P(S.INFO_RECEIVED, None, B("揽收", "picked up or awaiting pickup")),
    "2": P(S.PROBLEM, None, B("疑难", "problem")),
    "3": P(S.DELIVERED, None, B("签收", "delivered")),
    "4": P(S.RETURNED, C.RETURNED, B("退签", "returned to sender")),
    "5": P(S.OUT_FOR_DELIVERY, None, B("派件", "out for delivery")),
    "6": P(S.RETURNED, C.RETURNING, B("退回", "returning to sender")),
    # 转投: the parcel went to another carrier; it still moves, so not an exception by itself.
    "7": P(S.IN_TRANSIT, C.HANDED_TO_OTHER_CARRIER, B("转投", "handed to another carrier")),
    "8": P(S.IN_TRANSIT, C.CUSTOMS, B("清关", "customs")),
    "10": P(S.IN_TRANSIT, C.CUSTOMS, B("待清关", "awaiting customs clearance")),
    "11": P(S.IN_TRANSIT, C.CUSTOMS, B("清关中", "clearing customs")),
    "12": P(S.IN_TRANSIT, C.CUSTOMS, B("已清关", "cleared customs")),
    "13": P(S.PROBLEM, C.CUSTOMS, B("清关异常", "customs problem")),
    "14": P(S.REJECTED, C.REFUSED, B("拒签", "refused by recipient")),
    # advanced: 揽收
    "101": P(S.INFO_RECEIVED, C.NOT_PICKED_UP, B("已下单", "order created")),
    "102": P(S.INFO_RECEIVED, C.NOT_PICKED_UP, B("待揽收", "awaiting pickup")),
    "103": P(S.IN_TRANSIT, None, B("已揽收", "picked up")),
    # advanced: 在途
    "1001": P(S.IN_TRANSIT, None, B("到达派件城市", "arrived in destination city")),
    "1002": P(S.IN_TRANSIT, None, B("干线", "line-haul")),
    # 转递 is information only: the address changed, the parcel still moves
    # (docs/platforms/couriers-and-tracking.md#exception-categories).
    "1003": P(S.IN_TRANSIT, C.ADDRESS_PROBLEM, B("转递", "forwarded to a new address")),
    # advanced: 派件
    "501": P(S.OUT_FOR_DELIVERY, None, B("投柜或驿站", "in a locker or pickup station")),
    # advanced: 签收
    "301": P(S.DELIVERED, None, B("本人签收", "signed by recipient")),
    "302": P(S.DELIVERED, None, B("派件异常后签收", "signed after a delivery problem")),
    "303": P(S.DELIVERED, None, B("代签", "signed by proxy")),
    "304": P(S.DELIVERED, None, B("投柜或站签收", "signed via locker or station")),
    # advanced: 退签
    "401": P(S.PROBLEM, C.CANCELLED, B("已销单", "waybill cancelled")),
    # advanced: 疑难
    "201": P(S.PROBLEM, C.DELIVERY_OVERDUE, B("超时未签收", "not signed long after dispatch")),
    "202": P(S.PROBLEM, C.STALLED, B("超时未更新", "no new event for a long time")),
    # 203 is the recipient refusing while the shipper decides: for the merchant it is a refusal.
    "203": P(S.REJECTED, C.REFUSED, B("拒收", "recipient refuses")),
    "204": P(S.PROBLEM, C.DELIVERY_FAILED, B("派件异常", "delivery exception")),
    "205": P(
        S.PROBLEM, C.PICKUP_NOT_COLLECTED, B("柜或驿站超时未取", "not collected from locker or station")
    ),
    "206": P(S.PROBLEM, C.DELIVERY_FAILED, B("无法联系", "recipient unreachable")),
    "207": P(S.PROBLEM, C.ADDRESS_PROBLEM, B("超区", "outside service area")),
    "208": P(S.PROBLEM, C.STALLED, B("滞留", "held at outlet")),
    "209": P(S.PROBLEM, C.DAMAGED_LOST, B("破损", "damaged")),
    "210": P(S.PROBLEM, C.CANCELLED, B("销单", "cancelled by sender")),
}

KUAIDI100_STATES = MappingProxyType(_TABLE)

# The basic state each advanced code refines (docs/platforms/couriers-and-tracking.md#kuaidi100-state-codes).
_GROUPS = {
    "1": ("101", "102", "103"),
    "0": ("1001", "1002", "1003"),
    "5": ("501",),
    "3": ("301", "302", "303", "304"),
}
_GROUPS |= {"4": ("401", "14"), "2": tuple(str(c) for c in range(201, 211))}
BASIC_GROUP = MappingProxyType({code: basic for basic, codes in _GROUPS.items() for code in codes})

# An unknown code is shown to a human once rather than guessed: a new sub-state mapped to
# "delivered" by a guess could hide a lost parcel, a false alarm costs one look.
UNKNOWN = P(S.PROBLEM, C.UNKNOWN_STATE, B("未知状态", "unknown provider state"))


def kuaidi100_status(code: object) -> ProviderStatus | None:
    """Our reading of a Kuaidi100 state code (``"0"``, ``5``, ``"1001"``); None if absent or unknown."""
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        code = str(code)
    if not isinstance(code, str):
        return None
    return _TABLE.get(code.strip())
